"""A league table's figures for every organisation at once, from the stored scored results.

A league row needs only the whole organisation's two roll-ups (the quarter and the
year to date), how many KPIs it has and how many are at risk: read here for every
organisation's year in two queries, with no scorecard line decoded. The figures
are the ones :func:`pmsdesk.scorecard.score_year` gives (a test compares them); a
year the stored rows cannot answer for (see :mod:`pmsdesk.scorecard_stored`) is
left to the caller, which scores it the full way.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from pmsdesk.collector import collector_paused
from pmsdesk.models import FinancialYear, Kpi, Organisation, PeriodKind, ReportingPeriod, ScoredResult
from pmsdesk.scoring import FigureStatus, Rollup, RollupEntry, SdbipRules, roll_up_each
from pmsdesk.services.scored_results import rules_digest

_TABLE = cast(Table, ScoredResult.__table__)
_STATUS = {member.value: member for member in FigureStatus}


@dataclass(frozen=True)
class OrganisationFigures:
    """The whole organisation's roll-up, where a scorecard's summary keeps it."""

    organisation: Rollup


@dataclass(frozen=True)
class LeagueCard:
    """What a league row reads of a scorecard, under the same names."""

    organisation_code: str
    organisation_name: str
    period_label: str
    period: OrganisationFigures
    year_to_date: OrganisationFigures
    lines: tuple[str, ...]
    at_risk: tuple[str, ...]


def latest_periods(session: Session, years: Collection[FinancialYear], rules: Mapping[str, Any]) -> dict[str, int]:
    """Each year's last quarter with a counted actual, by the stored rows (years with a reported row only)."""
    ids = [year.id for year in years]
    return dict(session.execute(select(_TABLE.c.financial_year_id, func.max(_TABLE.c.period_number)).where(
        _TABLE.c.financial_year_id.in_(ids), _TABLE.c.rules_digest == rules_digest(rules),
        _TABLE.c.boundary == _TABLE.c.period_number, _TABLE.c.reported.is_(True))
        .group_by(_TABLE.c.financial_year_id)).all())


def _boundaries(session: Session, label: str, period: int, book: SdbipRules, today: date) -> dict[str, int]:
    """Each year's last quarter up to ``period`` past its reporting deadline, where the open ones are the latest."""
    quarters: dict[str, list] = {}
    for row in session.execute(
            select(ReportingPeriod.financial_year_id, ReportingPeriod.number, ReportingPeriod.end_date,
                   ReportingPeriod.is_closed, Organisation.country)
            .join(FinancialYear, FinancialYear.id == ReportingPeriod.financial_year_id)
            .join(Organisation, Organisation.id == FinancialYear.organisation_id)
            .where(FinancialYear.label == label, ReportingPeriod.kind == PeriodKind.QUARTER)):
        quarters.setdefault(row.financial_year_id, []).append(row)
    found = {}
    for year_id, rows in quarters.items():
        if period not in {row.number for row in rows}:
            continue
        days = timedelta(days=book.deadline_days_for(rows[0].country))
        open_here = sorted(row.number for row in rows if row.number <= period and not row.is_closed
                           and today <= row.end_date + days)
        boundary = period - len(open_here)
        if open_here == list(range(boundary + 1, period + 1)):
            found[year_id] = boundary
    return found


@collector_paused()
def league_cards(session: Session, label: str, period: int, rules: Mapping[str, Any],
                 today: date | None = None) -> dict[str, LeagueCard]:
    """Year id → league figures for every year ``label`` the stored rows answer for, as of ``period``."""
    book = SdbipRules.of(rules)
    boundaries = _boundaries(session, label, period, book, today or date.today())
    active = dict(session.execute(select(Kpi.financial_year_id, func.count()).join(
        FinancialYear, FinancialYear.id == Kpi.financial_year_id).where(
        FinancialYear.label == label, Kpi.is_active.is_(True)).group_by(Kpi.financial_year_id)).all())
    chosen: dict[str, dict[str, Any]] = {}
    for row in session.execute(
            select(_TABLE.c.financial_year_id, _TABLE.c.kpi_id, _TABLE.c.boundary, _TABLE.c.lowest,
                   _TABLE.c.weight, _TABLE.c.period_status, _TABLE.c.period_achievement, _TABLE.c.period_met,
                   _TABLE.c.ytd_status, _TABLE.c.ytd_achievement, _TABLE.c.ytd_met, _TABLE.c.at_risk,
                   _TABLE.c.reference)
            .join(FinancialYear, FinancialYear.id == _TABLE.c.financial_year_id)
            .where(FinancialYear.label == label, _TABLE.c.period_number == period,
                   _TABLE.c.rules_digest == rules_digest(rules))):
        boundary = boundaries.get(row.financial_year_id)
        if row.boundary == period or row.boundary == boundary:
            kpis = chosen.setdefault(row.financial_year_id, {})
            if row.kpi_id not in kpis or row.boundary != period:
                kpis[row.kpi_id] = row
    names = {year_id: (code, name, labels) for year_id, code, name, labels in _names(session, label, period)}
    cards = {}
    for year_id, kpis in chosen.items():
        if year_id not in boundaries or len(kpis) != active.get(year_id, 0) or year_id not in names:
            continue
        if any(boundaries[year_id] < row.lowest for row in kpis.values()):
            continue  # a variant never scored (a quarter reopened): scored afresh by the caller
        rows = sorted(kpis.values(), key=lambda row: row.reference)
        scored = [row for row in rows if row.period_status is not None]  # the others could not be scored
        code, name, period_label = names[year_id]
        cards[year_id] = LeagueCard(code, name, period_label, OrganisationFigures(_rollup(scored, book, _quarter)),
                                    OrganisationFigures(_rollup(scored, book, _year_to_date)),
                                    tuple(row.reference for row in rows),
                                    tuple(row.reference for row in rows if row.at_risk))
    return cards


def _rollup(rows: list, book: SdbipRules, figures: Any) -> Rollup:
    """The whole organisation's roll-up of one figure (``_quarter`` or ``_year_to_date``) of ``rows``."""
    entries = [RollupEntry(row.reference, _STATUS[status], achievement, row.weight, {}, met)
               for row in rows for status, achievement, met in (figures(row),)]
    return roll_up_each(entries, book, (None,))[0]["organisation"]


def _quarter(row: Any) -> tuple:
    return row.period_status, row.period_achievement, row.period_met


def _year_to_date(row: Any) -> tuple:
    return row.ytd_status, row.ytd_achievement, row.ytd_met


def _names(session: Session, label: str, period: int):
    return session.execute(
        select(FinancialYear.id, Organisation.code, Organisation.name, ReportingPeriod.label)
        .join(Organisation, Organisation.id == FinancialYear.organisation_id)
        .join(ReportingPeriod, ReportingPeriod.financial_year_id == FinancialYear.id)
        .where(FinancialYear.label == label, ReportingPeriod.kind == PeriodKind.QUARTER,
               ReportingPeriod.number == period)).all()
