"""The league table's columns, declared once: the Head office screen and the printed league table read
these headings, explanations and texts, so the two say the same words and the same counts.

Each column gives its heading, what it means (the screen's header tooltip and the PDF's note), the text of
a row's cell, a sort key and its share of the printed page's width.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pmsdesk.scoring import headline

from .consolidation import LeagueRow

NONE = "–"


@dataclass(frozen=True)
class LeagueColumn:
    key: str
    heading: str
    explanation: str
    text: Callable[[LeagueRow], str]
    sort: Callable[[LeagueRow], Any]
    #: Share of the printed page's width; the shares add up to 1.
    share: float
    numeric: bool = True


def percent(value: float | None) -> str:
    """'87.5%', or '–' when there is no figure."""
    return NONE if value is None else f"{value:.1f}%"


def count(value: int | None) -> str:
    return NONE if value is None else f"{value:,}"


def achieved(row: LeagueRow) -> str:
    """'153 of 244 (62.7%)': the figure organisations rank on."""
    return headline.x_of_y({"achieved": row.targets_achieved, "not_achieved": row.not_achieved,
                            "not_reported": row.not_reported}) if row.targets else NONE


def traffic_light(row: LeagueRow) -> str:
    """The year-to-date band in the rule set's words, or why there is none."""
    if row.problem:
        return row.problem
    if not row.reported_in_period:
        return f"Nothing reported for {quarter_name(row)}"
    if not row.category_name:
        return NONE
    short = row.category_name.removeprefix("KPI ")  # an organisation's band, not a KPI's: 'Almost met'
    return short[:1].upper() + short[1:]


def quarter_name(row: LeagueRow) -> str:
    return (row.period_label or "the quarter").split(" ")[0]


def quarter_mean(row: LeagueRow) -> str:
    return percent(row.period_score) if row.reported_in_period else NONE  # the traffic light says why


LEAGUE_COLUMNS: tuple[LeagueColumn, ...] = (
    LeagueColumn("rank", "Rank", "Position on the figure the rule set ranks on; equal figures share a rank",
                 lambda r: count(r.rank), lambda r: (r.rank is None, r.rank or 0), 0.04),
    LeagueColumn("organisation", "Organisation", "The organisation's name",
                 lambda r: r.organisation_name, lambda r: r.organisation_name, 0.165, numeric=False),
    LeagueColumn("code", "Code", "The organisation's code", lambda r: r.organisation_code,
                 lambda r: r.organisation_code, 0.06, numeric=False),
    LeagueColumn("office", "Office", "The office whose signed packages brought the organisation",
                 lambda r: r.origin_office, lambda r: r.origin_office, 0.09, numeric=False),
    LeagueColumn("kpis", "KPIs", "KPIs in the organisation's year", lambda r: count(r.kpis), lambda r: r.kpis, 0.04),
    LeagueColumn("achieved", "Targets achieved", "Year-to-date targets achieved of the targets due whose reporting "
                 "deadline has passed; a target not reported counts as not achieved", achieved,
                 lambda r: r.achieved_percent if r.achieved_percent is not None else -1, 0.11),
    LeagueColumn("not_achieved", "Not achieved", "Targets due, reported and not achieved",
                 lambda r: count(r.not_achieved), lambda r: r.not_achieved, 0.055),
    LeagueColumn("not_reported", "Not reported", "Targets due whose deadline passed without a counted value",
                 lambda r: count(r.not_reported), lambda r: r.not_reported, 0.055),
    LeagueColumn("left_out", "Left out", "Targets awaiting report, held for checking or not measured",
                 lambda r: count(r.left_out), lambda r: r.left_out, 0.045),
    LeagueColumn("mean", "Mean", "Year-to-date weighted mean achievement of the targets due (not reported at 0%)",
                 lambda r: percent(r.score), lambda r: r.score if r.score is not None else -1, 0.06),
    LeagueColumn("light", "Traffic light", "The year-to-date mean's band under the rule set; 'Nothing reported' "
                 "when no value was counted for the chosen quarter itself", traffic_light, traffic_light, 0.10,
                 numeric=False),
    LeagueColumn("quarter_mean", "Quarter mean", "The chosen quarter's own weighted mean achievement",
                 quarter_mean, lambda r: r.period_score if r.period_score is not None else -1, 0.07),
    LeagueColumn("at_risk", "At risk", "KPIs projected to miss their annual target",
                 lambda r: count(r.at_risk), lambda r: r.at_risk, 0.045),
    LeagueColumn("not_approved", "Not approved", "Actuals up to the quarter not approved yet (draft, submitted, "
                 "verified or returned)", lambda r: count(r.not_approved), lambda r: r.not_approved, 0.065),
)


def column_index(key: str) -> int:
    return next(index for index, column in enumerate(LEAGUE_COLUMNS) if column.key == key)


def explanations() -> str:
    """Every column's meaning in one paragraph, printed under the table."""
    return " ".join(f"{column.heading}: {column.explanation}." for column in LEAGUE_COLUMNS
                    if column.key not in ("organisation", "code"))
