"""Tables the SDBIP reports share: traffic-light counts, roll-up scores, the KPI table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import Flowable

from pmsdesk.i18n import N_, _
from pmsdesk.scorecard import ScorecardLine
from pmsdesk.scoring import Rollup, headline
from pmsdesk.vocabulary import VOCABULARIES
from pmsdesk.wording import plain_number

from .blocks import data_table, light_cell, signature_blocks
from .charts import category_bars
from .sdbip_data import SdbipScope
from .styles import NOT_MEASURED
from .text_table import TextTable


def score_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def light_counts_table(scope: SdbipScope, width: float, *, period: bool = True,
                       year_to_date: bool = True) -> TextTable:
    """KPIs per traffic light for the period and/or year to date, with each light's colour."""
    card = scope.card
    header = [_("Traffic light")] + ([card.period_label] if period else []) + (
        [_("Year to date")] if year_to_date else [])
    rows, colours = [], []
    for index, (code, name, colour) in enumerate(scope.bands()):
        row: list[Any] = [light_cell(name)]
        if period:
            row.append(str(card.period.categories.get(code, 0)))
        if year_to_date:
            row.append(str(card.year_to_date.categories.get(code, 0)))
        rows.append(row)
        colours.append((0, index, colour))
    rows.append([_("Total KPIs"), *([str(len(card.lines))] * (len(header) - 1))])
    share = 0.5 / (len(header) - 1)
    return data_table(header, rows, [width * 0.5] + [width * share] * (len(header) - 1),
                      right_align=tuple(range(1, len(header))), total_rows=(len(rows) - 1,),
                      cell_colours=colours)


def rollup_table(scope: SdbipScope, title: str, rollups: Mapping[str, Rollup], width: float,
                 other: Mapping[str, Rollup] | None = None, other_label: str = N_("YTD")) -> TextTable:
    """Targets achieved X of Y first, then not reported, left out, and the weighted mean
    achievement with its light; ``other`` adds the same for a second span (e.g. year to date)."""
    palette = {code: colour for code, _name, colour in scope.bands()}
    header = [title, _("Targets achieved"), _("Not reported"), _("Left out"), _("Mean achievement"),
              _("Traffic light")]
    shares = [0.30, 0.16, 0.09, 0.08, 0.13, 0.24]
    if other is not None:
        header += [_("{0} targets achieved").format(other_label), _("{0} not reported").format(other_label),
                   _("{0} mean").format(other_label)]
        shares = [0.22, 0.13, 0.07, 0.06, 0.08, 0.14, 0.13, 0.08, 0.09]
    rows, colours = [], []
    for index, (group, rollup) in enumerate(rollups.items()):
        row: list[Any] = [group, headline.x_of_y(rollup), str(rollup.not_reported),
                          str(rollup.left_out), score_text(rollup.score),
                          light_cell(rollup.category_name)]
        colours.append((5, index, palette.get(rollup.category, NOT_MEASURED)))
        if other is not None and group in other:
            row += [headline.x_of_y(other[group]), str(other[group].not_reported),
                    score_text(other[group].score)]
        rows.append(row)
    right = (1, 2, 3, 4, 6, 7, 8) if other is not None else (1, 2, 3, 4)
    return data_table(header, rows, [s * width for s in shares], right_align=right,
                      cell_colours=colours)


def headline_facts(scope: SdbipScope, *, period: bool = True) -> list[tuple[str, str]]:
    """The lead lines of every SDBIP report: targets achieved X of Y, then the mean."""
    card = scope.card
    spans = ([(card.period_label, card.period.organisation)] if period else []) + [
        (_("Year to date"), card.year_to_date.organisation)]
    facts = []
    for label, whole in spans:
        facts.append((_("Targets achieved, {0}").format(label.lower() if label == 'Year to date' else label),
                      headline.detail(whole)))
        facts.append((_("Weighted mean achievement, {0}").format(label.lower() if label == 'Year to date' else label),
                      f"{score_text(whole.score)}  ·  {whole.category_name}"))
    return facts


def kpa_chart(scope: SdbipScope, width: float, *, year_to_date: bool = False,
              title: str | None = None) -> Flowable:
    counts: dict[str, dict[str, int]] = {}
    for line in scope.card.lines:
        if line.result is None:
            continue
        figure = line.result.year_to_date if year_to_date else line.result.period
        group = counts.setdefault(line.groups.get("kpa", "(none)"), {})
        group[figure.category] = group.get(figure.category, 0) + 1
    return category_bars(sorted(counts.items()), scope.bands(), width, title=title)


def achievement(line: ScorecardLine, year_to_date: bool = False) -> str:
    if line.result is None:
        return _("cannot be scored")
    figure = line.result.year_to_date if year_to_date else line.result.period
    if figure.achievement is None:
        return figure.category_name.removeprefix("KPI ")
    return f"{plain_number(round(figure.achievement, 1))}%"


def kpi_rows(scope: SdbipScope, lines: Sequence[ScorecardLine], *, year_to_date: bool = False,
             financial: bool = False) -> tuple[list[list[Any]], list[tuple[int, int, str]]]:
    """Rows of the KPI table (ref, KPI, unit, annual target, target, [financial target,] actual,
    achievement, light, reason, corrective measure) and the light column's colours."""
    rows, colours = [], []
    light = KPI_HEADER.index("Traffic light") + (1 if financial else 0)
    for index, line in enumerate(lines):
        detail = scope.details.get(line.reference, {})
        figure = None if line.result is None else (
            line.result.year_to_date if year_to_date else line.result.period)
        name = figure.category_name if figure else _("Not scored")
        money = [money_text(detail.get("financial_target"))] if financial else []
        rows.append([line.reference, line.name, detail.get("unit_of_measure", ""),
                     detail.get("annual_target", ""), detail.get("target", ""), *money,
                     detail.get("actual", ""), achievement(line, year_to_date), light_cell(name),
                     detail.get("deviation_reason", ""), detail.get("corrective_measure", "")])
        colours.append((light, index, (figure.colour if figure else None) or "#7f8c8d"))
    return rows, colours


KPI_HEADER = [N_("Ref"), N_("Key performance indicator"), N_("Unit of measure"), N_("Annual target"), N_("Target"),
              N_("Actual"), N_("% achieved"), N_("Traffic light"), N_("Reason for deviation"),
              N_("Corrective measure")]
KPI_SHARES = (0.05, 0.20, 0.075, 0.07, 0.065, 0.075, 0.06, 0.075, 0.165, 0.165)
#: The KPI table with the quarter's financial target after its deliverable target (the reasons give up the room).
FINANCIAL_HEADER = N_("Financial target")
KPI_HEADER_FINANCIAL = [*KPI_HEADER[:5], FINANCIAL_HEADER, *KPI_HEADER[5:]]
KPI_SHARES_FINANCIAL = (*KPI_SHARES[:5], 0.08, *KPI_SHARES[5:8], 0.125, 0.125)
#: Currency of an organisation's financial targets, by country.
#: Each country's currency symbol, from the one place that says how a country writes money.
CURRENCIES = {country: words.money.symbol for country, words in VOCABULARIES.items()}


def money_text(value: float | None) -> str:
    return "" if value is None else plain_number(round(value, 2))


def has_financial_targets(scope: SdbipScope) -> bool:
    """Whether any KPI in scope has a financial target for the period: only then is the column printed."""
    return any(detail.get("financial_target") is not None for detail in scope.details.values())


def financial_fact(scope: SdbipScope) -> tuple[str, str]:
    """'Financial targets, Q2' → 'R 3,250,000 planned across 12 of 40 KPIs' for the summary."""
    amounts = [d["financial_target"] for d in scope.details.values() if d.get("financial_target") is not None]
    currency = CURRENCIES.get(scope.organisation.country, "")
    return (_("Financial targets, {0}").format(scope.card.period_label),
            _(
                    "{0} {1} planned to be spent by the end of the quarter, on {2} of {3} KPIs").format(currency,
                    money_text(sum(amounts)),
                    len(amounts),
                    len(scope.details)).strip())


#: Who signs an SDBIP report off, by the organisation's country: the official who prepared it and the
#: accounting officer who submits it (SA: MFMA s52(d)/s72 and MSA s46 place these on the municipal manager).
SIGNATORIES = {
    "ZA": (N_("Prepared by: manager, performance management"), N_("Municipal Manager (accounting officer)")),
    "KE": (N_("Prepared by: head, performance contracting / M&E"), N_("County Secretary")),
    "TZ": (N_("Prepared by: planning / monitoring and evaluation officer"), N_("District Executive Director")),
}


#: The body a report is tabled before, by country.
COUNCILS = {"ZA": N_("the council"), "KE": N_("the County Assembly"), "TZ": N_("the Full Council")}


def sign_off(scope: SdbipScope, width: float) -> Flowable:
    """Signature lines for the report's preparer and accounting officer, and the date it was tabled before
    the council (county assembly, full council), completed by hand on the printed copy."""
    country = scope.organisation.country
    prepared, accounting = SIGNATORIES.get(country, SIGNATORIES["ZA"])
    submitted_to = COUNCILS.get(country, COUNCILS["ZA"])
    return signature_blocks([(prepared, None), (accounting, None)], width, title=_("Sign-off"),
                            intro=_(
                                    "Submitted to {0} on ____________________. The figures above are "
                                    "those held in the performance management system when this report "
                                    "was printed (see the fingerprint at the foot of each page).").format(submitted_to))
