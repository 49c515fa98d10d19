"""Every KPI of the annual performance report (Municipal Systems Act s46) against the previous year.

Section 46 asks for the year's performance compared with its targets and with the previous year,
and the measures taken to improve. Per KPI this prints: the previous year's year-end actual (the
same reference in the previous financial year, scored by the same engine), the annual target as
planned, every quarterly target revised during the year (by an adjustments budget) with its
original, the year-end actual and status, the reason for deviation and the corrective measure
reported for Q4, and next year's annual target where next year's SDBIP holds the same reference.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import FinancialYear, Kpi, KpiTarget, MeasureType, PeriodKind, ReportingPeriod
from pmsdesk.wording import count_of, measured_value, plain_number

from .base import ReportError, ReportRequest
from .blocks import data_table, heading, light_cell, titled
from .document import LANDSCAPE, frame_width
from .sdbip_data import SdbipScope, load_scope
from .service_providers import provider_rows
from .styles import para

HEADER = ["Ref", "Key performance indicator", "Unit of measure", "Previous year actual", "Annual target",
          "Revised targets", "Actual", "Status", "Reason for deviation", "Measures taken to improve",
          "Next year target"]
SHARES = (0.045, 0.16, 0.065, 0.065, 0.065, 0.085, 0.06, 0.075, 0.13, 0.13, 0.065)


def annual_rows(session: Session, scope: SdbipScope) -> dict[str, Any]:
    """Plain data: the previous and next year's labels and one row per KPI, grouped by KPA."""
    year = scope.year
    previous, previous_actuals = _previous_year(session, scope)
    following = session.scalar(select(FinancialYear).where(
        FinancialYear.organisation_id == year.organisation_id, FinancialYear.start_date > year.start_date)
        .order_by(FinancialYear.start_date).limit(1))
    next_targets = _next_targets(session, following) if following else {}
    revisions = _revisions(session, year)
    groups: dict[str, list[list[Any]]] = {}
    for line in scope.card.lines:
        detail = scope.details.get(line.reference, {})
        figure = line.result.year_to_date if line.result is not None else None
        groups.setdefault(line.groups.get("kpa", "(none)"), []).append([
            line.reference, line.name, detail.get("unit_of_measure", ""),
            previous_actuals.get(line.reference, "–"), detail.get("annual_target", ""),
            revisions.get(line.reference, "–"), _figure(figure.actual if figure else None, detail.get("measure")),
            figure.category_name if figure else "Not scored", detail.get("deviation_reason", ""),
            detail.get("corrective_measure", ""), next_targets.get(line.reference, "–")])
    return {"previous_year": previous, "next_year": following.label if following else None,
            "groups": dict(sorted(groups.items())), "service_providers": provider_rows(session, scope)}


def _figure(value: float | None, measure: str | None) -> str:
    """A year-end figure as its measure reads (95%, Yes); dates and milestones count milestones met."""
    if value is None:
        return "–"
    kind = MeasureType(measure) if measure else MeasureType.NUMBER
    if kind in (MeasureType.DATE, MeasureType.TEXT_MILESTONE):
        return plain_number(round(value, 2))
    return measured_value(round(value, 2), kind)


def _previous_year(session: Session, scope: SdbipScope) -> tuple[str | None, dict[str, str]]:
    year = scope.year
    earlier = session.scalar(select(FinancialYear).where(
        FinancialYear.organisation_id == year.organisation_id, FinancialYear.start_date < year.start_date)
        .order_by(FinancialYear.start_date.desc()).limit(1))
    if earlier is None:
        return None, {}
    request = ReportRequest("annual", year=earlier.label, organisation=scope.organisation.code,
                            unit=scope.unit.code if scope.unit else None, as_of=scope.as_of)
    try:
        before = load_scope(session, request, quarter=4)
    except ReportError:  # the previous year has no fourth quarter (a short first year)
        return earlier.label, {}
    return earlier.label, {line.reference: _figure(line.result.year_to_date.actual,
                                                   before.details.get(line.reference, {}).get("measure"))
                           for line in before.card.lines if line.result is not None}


def _next_targets(session: Session, following: FinancialYear) -> dict[str, str]:
    found = {}
    for reference, measure, value, value_date, value_text in session.execute(select(
            Kpi.reference, Kpi.measure_type, Kpi.annual_target, Kpi.annual_target_date, Kpi.annual_target_text)
            .where(Kpi.financial_year_id == following.id, Kpi.is_active.is_(True))):
        shown = value if value is not None else (value_date or value_text)
        found[reference] = measured_value(shown, measure) or "–"
    return found


def _revisions(session: Session, year: FinancialYear) -> dict[str, str]:
    """reference → 'Q3 50 (original 40)' for every quarterly target changed after approval."""
    found: dict[str, list[str]] = {}
    for reference, measure, number, value, original in session.execute(select(
            Kpi.reference, Kpi.measure_type, ReportingPeriod.number, KpiTarget.value, KpiTarget.original_value)
            .join(Kpi, Kpi.id == KpiTarget.kpi_id)
            .join(ReportingPeriod, ReportingPeriod.id == KpiTarget.period_id)
            .where(Kpi.financial_year_id == year.id, ReportingPeriod.kind == PeriodKind.QUARTER,
                   KpiTarget.original_value.is_not(None)).order_by(ReportingPeriod.number)):
        if value is not None and value != original:
            found.setdefault(reference, []).append(
                f"Q{number} {measured_value(value, measure)} (original {measured_value(original, measure)})")
    return {reference: "; ".join(parts) for reference, parts in found.items()}


def every_kpi_section(annual: dict[str, Any], scope: SdbipScope, number: int) -> list[Flowable]:
    """The s46 comparison table of every KPI, one table per KPA, with each status's colour."""
    width = frame_width(LANDSCAPE)
    palette = {name: colour for _, name, colour in scope.bands()}
    previous = annual["previous_year"] or "none recorded"
    following = annual["next_year"] or "not yet planned"
    out: list[Flowable] = [*heading(f"{number}. Performance of every KPI against its target and the previous year"),
                           para(f"Previous year: {previous}. Next year: {following}. The actual is the year-end "
                                "figure under each KPI's calculation type; reasons and measures are those "
                                "reported for Q4. A target not reported counts as not achieved.", "note")]
    for kpa, rows in annual["groups"].items():
        colours = [(7, index, palette.get(row[7], "#7f8c8d")) for index, row in enumerate(rows)]
        shown = [[*row[:7], light_cell(row[7]), *row[8:]] for row in rows]
        out += titled(f"{kpa} ({count_of(len(rows), 'KPI')})", data_table(
            HEADER, shown, [s * width for s in SHARES], right_align=(3, 4, 6, 10), cell_colours=colours),
            width, "h2")
    return out

