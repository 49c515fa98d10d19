"""The scorecard of one quarter as a workbook: every KPI with its traffic light, and the roll-ups.

It doubles as the quarterly report in Excel: each KPI also carries the reason
for deviation and the corrective measure reported for that quarter.

Reads :func:`pmsdesk.scorecard.build_scorecard` (imported when called, so
this module loads even where the scorecard is not available).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _

from .cells import NUMBER_FORMAT, body_style, header_row, light_fill, mark_if_demo, put, title_rows

HEADINGS = (N_("KPI Ref"), N_("KPI"), N_("KPA"), N_("Directorate"), N_("Target"), N_("Actual"), N_("Achievement %"),
            N_("Result"), N_("YTD target"), N_("YTD actual"), N_("YTD achievement %"), N_("YTD result"),
            N_("Projected year end"), N_("At risk"), N_("Note"), N_("Reason for deviation"), N_("Corrective measure"))
WIDTHS = (10, 45, 24, 22, 12, 12, 12, 18, 12, 12, 12, 18, 14, 8, 30, 40, 40)
PERCENT = '0.0"%"'


def _figure(figure) -> list[Any]:
    if figure is None:
        return [None, None, None, None]
    target = figure.target_date or figure.target
    actual = figure.actual_date or figure.actual
    return [target, actual, figure.achievement, _(figure.category_name) if figure.category_name else None]


SUMMARY_HEADINGS = (N_("Group"), N_("Targets achieved"), N_("Targets due"), N_("Achieved %"), N_("Not reported"),
                    N_("Left out"), N_("Mean achievement %"), N_("Result"))
SUMMARY_WIDTHS = (40, 16, 12, 12, 13, 10, 18, 18)


def _rollup_rows(sheet, row: int, title: str, rollups: Mapping[str, Any], colours: Mapping[str, str]) -> int:
    """Targets achieved X of Y (and %) first, then not reported, left out and the mean."""
    put(sheet, row, 1, title).font = Font(bold=True)
    for name, rollup in rollups.items():
        row += 1
        for column, (value, fmt) in enumerate(
                ((name, None), (rollup.achieved, None), (rollup.targets, None),
                 (rollup.achieved_percent, PERCENT), (rollup.not_reported, None),
                 (rollup.left_out, None), (rollup.score, PERCENT)), start=1):
            put(sheet, row, column, value, fmt)
        cell = put(sheet, row, 8, rollup.category_name)
        if (fill := light_fill(colours.get(rollup.category))) is not None:
            cell.fill = fill
    return row + 2


def _explanations(session: Session, organisation_code: str, year_label: str,
                  period_number: int) -> dict[str, tuple[str | None, str | None]]:
    """KPI reference → (reason for deviation, corrective measure) reported for the quarter."""
    from sqlalchemy import select

    from pmsdesk.models import FinancialYear, Kpi, Organisation, PeriodActual, PeriodKind, ReportingPeriod

    rows = session.execute(
        select(Kpi.reference, PeriodActual.deviation_reason, PeriodActual.corrective_measure)
        .join(PeriodActual, PeriodActual.kpi_id == Kpi.id)
        .join(ReportingPeriod, ReportingPeriod.id == PeriodActual.period_id)
        .join(FinancialYear, FinancialYear.id == Kpi.financial_year_id)
        .join(Organisation, Organisation.id == Kpi.organisation_id)
        .where(Organisation.code == organisation_code, FinancialYear.label == year_label,
               ReportingPeriod.kind == PeriodKind.QUARTER, ReportingPeriod.number == period_number)
    )
    return {reference: (reason, measure) for reference, reason, measure in rows}


def export_scorecard(session: Session, organisation_code: str, year_label: str, path: str | Path, *,
                     period_number: int | None = None) -> int:
    """Write the scorecard; returns the number of KPI lines. Raises ImportError without pmsdesk.scorecard."""
    from pmsdesk.scorecard import build_scorecard, resolve_rules
    from pmsdesk.scoring import SdbipRules, headline

    card = build_scorecard(session, organisation_code, year_label, period_number=period_number)
    rules, _revision = resolve_rules(session, card.rule_set.get("code") or "za_sdbip")
    colours = {light.code: light.colour for light in SdbipRules.of(rules).categories()}
    book = Workbook()
    sheet = book.active
    sheet.title = _("Scorecard")
    rule_set = card.rule_set.get("name") or card.rule_set.get("code")
    header = title_rows(sheet, [
        _("{0}: scorecard {1} {2}").format(card.organisation_name, card.period_label, card.financial_year),
        _("{0}: {1}. Year to date: {2}.").format(card.period_label, headline.headline(card.period.organisation),
                                                 headline.headline(card.year_to_date.organisation)),
        _("Rule set {0} ({1}); {2} actuals counted, {3} not verified yet. Exported {4}.").format(
            rule_set, card.rule_set.get("source"), card.actuals.counted, card.actuals.unverified,
            f"{datetime.now():%Y-%m-%d %H:%M}")], len(HEADINGS))
    header_row(sheet, header, [_(heading) for heading in HEADINGS], WIDTHS, freeze_column=2)
    explanations = _explanations(session, organisation_code, year_label, card.period_number)
    for row, line in enumerate(card.lines, start=header + 1):
        result = line.result
        period = _figure(result.period if result else None)
        ytd = _figure(result.year_to_date if result else None)
        projection = line.projection
        values = [line.reference, line.name, line.groups.get("kpa"), line.groups.get("directorate"), *period, *ytd,
                  projection.projected_actual if projection else None,
                  (_("Yes") if projection.at_risk else _("No")) if projection else None,
                  line.problem or (result.period.note if result else None),
                  *explanations.get(line.reference, (None, None))]
        for column, value in enumerate(values, start=1):
            fmt = PERCENT if HEADINGS[column - 1].endswith("%") else NUMBER_FORMAT
            put(sheet, row, column, value, fmt)
        for column, figure in ((8, result.period if result else None), (12, result.year_to_date if result else None)):
            if figure is not None and (fill := light_fill(figure.colour)) is not None:
                sheet.cell(row, column).fill = fill
    body_style(sheet, header + 1, header + max(len(card.lines), 1), len(HEADINGS))

    summary = book.create_sheet(_("Summary"))
    row = title_rows(summary, [
        _("{0}: summary {1} {2}").format(card.organisation_name, card.period_label, card.financial_year),
        _("Targets achieved X of Y leads; a target not reported counts as not achieved. Mean achievement is the "
          "second figure.")], len(SUMMARY_HEADINGS))
    header_row(summary, row, [_(heading) for heading in SUMMARY_HEADINGS], SUMMARY_WIDTHS)
    row += 1
    for label, figures in ((_("This quarter"), card.period), (_("Year to date"), card.year_to_date)):
        row = _rollup_rows(summary, row, _("{0}: organisation").format(label),
                           {card.organisation_name: figures.organisation}, colours)
        row = _rollup_rows(summary, row, _("{0}: by KPA").format(label), figures.by_kpa, colours)
        row = _rollup_rows(summary, row, _("{0}: by directorate").format(label), figures.by_directorate, colours)
        put(summary, row, 1, _("{0}: KPIs per result").format(label))
        for category, count in figures.categories.items():
            row += 1
            cell = put(summary, row, 1, _(category))
            if (fill := light_fill(colours.get(category))) is not None:
                cell.fill = fill
            put(summary, row, 3, count)
        row += 2
    mark_if_demo(book, session)
    book.save(path)
    return len(card.lines)
