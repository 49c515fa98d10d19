"""Head-office consolidation: every organisation imported, scored the same way and ranked.

Organisations ordered on what the rule set names (``league_rank_on``): by
default the share of year-to-date targets achieved (X of Y, a target not
reported counting as not achieved), else the weighted mean achievement; the
other figure breaks ties. An organisation that
cannot be scored is listed last with the reason, never silently dropped.
Beside it, per sending office: the last package received, any package numbers
never received (a gap means changes are missing here), and conflicts waiting.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.models import (
    LOCAL_OFFICE,
    ActualStatus,
    FinancialYear,
    Organisation,
    PeriodActual,
    PeriodKind,
    ReportingPeriod,
    SyncConflict,
    SyncPackageLog,
)
from pmsdesk.scorecard import DEFAULT_RULES, Scorecard, resolve_rules
from pmsdesk.scorecard_league import LeagueCard, latest_periods, league_cards
from pmsdesk.scorecard_stored import latest_period, scorecard_for_year
from pmsdesk.scoring import SdbipRules
from pmsdesk.services.actor import Actor, Permission


@dataclass(frozen=True)
class LeagueRow:
    """One organisation's line of the league table; the screen, the CLI and the PDF all read these."""

    rank: int | None
    organisation_code: str
    organisation_name: str
    origin_office: str
    #: Year-to-date weighted mean achievement, in per cent.
    score: float | None
    category: str | None
    measured_kpis: int
    period_label: str | None
    problem: str | None = None
    targets_achieved: int = 0
    targets: int = 0
    not_reported: int = 0
    not_achieved: int = 0
    #: Targets due but awaiting report, held for checking or not measured.
    left_out: int = 0
    kpis: int = 0
    category_name: str | None = None
    #: The chosen quarter's own weighted mean achievement.
    period_score: float | None = None
    at_risk: int = 0
    #: Actuals up to the quarter not approved yet (draft, submitted, verified or returned).
    not_approved: int = 0
    #: Whether any actual was counted for the chosen quarter itself.
    reported_in_period: bool = True

    @property
    def achieved_percent(self) -> float | None:
        return round(self.targets_achieved / self.targets * 100, 2) if self.targets else None


@dataclass(frozen=True)
class League:
    """The league table of one year and quarter: every organisation scored with one rule set."""

    year_label: str
    period_number: int | None
    period_label: str | None
    rows: tuple[LeagueRow, ...]
    rank_on: str
    rule_set: dict[str, Any]

    @property
    def not_approved(self) -> int:
        return sum(row.not_approved for row in self.rows)

    @property
    def silent(self) -> tuple[LeagueRow, ...]:
        """Organisations that reported nothing for the quarter itself: their figures stand as of earlier ones."""
        return tuple(row for row in self.rows if row.problem is None and not row.reported_in_period)


def league_table(session: Session, actor: Actor, year_label: str, *, period_number: int | None = None,
                 rules_code: str = DEFAULT_RULES,
                 progress: Callable[[str, int, int], None] | None = None) -> list[LeagueRow]:
    """All organisations ranked for one year and quarter (see :func:`consolidate`)."""
    return list(consolidate(session, actor, year_label, period_number=period_number, rules_code=rules_code,
                            progress=progress).rows)


def consolidate(session: Session, actor: Actor, year_label: str, *, period_number: int | None = None,
                rules_code: str = DEFAULT_RULES,
                progress: Callable[[str, int, int], None] | None = None) -> League:
    """Every organisation scored to the same quarter (the chosen one, else the latest any organisation
    reported) and ranked by year-to-date targets achieved or score, as the rule set says; ties on both
    figures share a rank. An organisation without the year or quarter is listed last with the reason."""
    actor.require(Permission.READ)
    rules, source = resolve_rules(session, rules_code)
    book = SdbipRules.of(rules)
    organisations = list(session.execute(
        select(Organisation.id, Organisation.code, Organisation.name, Organisation.origin_office)
        .order_by(Organisation.code)))
    years = {year.organisation_id: year for year in session.scalars(
        select(FinancialYear).where(FinancialYear.label == year_label))}
    loaded, rows = [], []
    for index, (organisation_id, code, name, office) in enumerate(organisations):
        year = years.get(organisation_id)
        if year is None:
            rows.append(LeagueRow(None, code, name, office, None, None, 0, None,
                                  f"{code} has no financial year {year_label}"))
        else:
            loaded.append((office, code, name, year))
        if progress:
            progress("league", index + 1, len(organisations))
    latest = {} if period_number else latest_periods(session, [year for *_, year in loaded], rules)
    period = period_number or max((latest.get(year.id) or latest_period(session, year, rules)
                                   for *_, year in loaded), default=None)
    pending = _not_approved(session, year_label, period) if period else Counter()
    quarters = _quarters(session, year_label)
    stored = league_cards(session, year_label, period, rules) if period else {}
    period_label = None
    for office, code, name, year in loaded:
        if period not in quarters.get(year.id, ()):
            rows.append(LeagueRow(None, code, name, office, None, None, 0,
                                  None, f"{code} has no quarter {period} in {year_label}"))
            continue
        card = stored.get(year.id) or scorecard_for_year(session, year, rules, period, rule_set_source=source)
        period_label = period_label or card.period_label
        rows.append(_row(card, office, pending))
    return League(year_label, period, period_label, tuple(ranked(rows, book.rank_on)), book.rank_on,
                  {"code": rules["code"], "revision": rules["revision"], "name": rules["name"]})


def _row(card: Scorecard | LeagueCard, office: str, pending: Counter[str]) -> LeagueRow:
    total, quarter = card.year_to_date.organisation, card.period.organisation
    return LeagueRow(
        None, card.organisation_code, card.organisation_name, office,
        None if total.score is None else round(total.score, 2), total.category if total.score is not None else None,
        total.measured, card.period_label, None if total.score is not None else "no KPI had a target due",
        total.achieved, total.targets, total.not_reported, total.not_achieved, total.left_out, len(card.lines),
        total.category_name if total.score is not None else None,
        None if quarter.score is None else round(quarter.score, 2), len(card.at_risk),
        pending.get(card.organisation_code, 0), quarter.achieved + quarter.not_achieved > 0)


def ranked(rows: list[LeagueRow], rank_on: str) -> list[LeagueRow]:
    """``rows`` best first on ``rank_on`` ("targets_achieved" or "weighted_achievement"), the other figure
    breaking ties; rows without the figure last, unranked."""
    def figures(row: LeagueRow) -> tuple[float | None, float | None]:
        pair = (row.achieved_percent, row.score)
        return pair if rank_on == "targets_achieved" else pair[::-1]

    ordered = sorted(rows, key=lambda row: (figures(row)[0] is None, -(figures(row)[0] or 0),
                                            -(figures(row)[1] or 0), row.organisation_code))
    result, previous, rank = [], None, 0
    for position, row in enumerate(ordered, start=1):
        if figures(row)[0] is not None:
            rank = rank if figures(row) == previous else position
            previous = figures(row)
        result.append(replace(row, rank=rank if figures(row)[0] is not None else None))
    return result


def _quarters(session: Session, label: str) -> dict[str, set[int]]:
    """Each financial year's quarter numbers, for every organisation's year ``label``."""
    found: dict[str, set[int]] = {}
    for year_id, number in session.execute(
            select(ReportingPeriod.financial_year_id, ReportingPeriod.number)
            .join(FinancialYear, FinancialYear.id == ReportingPeriod.financial_year_id)
            .where(FinancialYear.label == label, ReportingPeriod.kind == PeriodKind.QUARTER)):
        found.setdefault(year_id, set()).add(number)
    return found


def _not_approved(session: Session, label: str, period: int) -> Counter[str]:
    """Actuals up to ``period`` that are not approved, per organisation code (one query)."""
    rows = session.execute(
        select(Organisation.code, func.count())
        .join(FinancialYear, FinancialYear.organisation_id == Organisation.id)
        .join(ReportingPeriod, ReportingPeriod.financial_year_id == FinancialYear.id)
        .join(PeriodActual, PeriodActual.period_id == ReportingPeriod.id)
        .where(FinancialYear.label == label, ReportingPeriod.kind == PeriodKind.QUARTER,
               ReportingPeriod.number <= period, PeriodActual.status != ActualStatus.APPROVED)
        .group_by(Organisation.code))
    return Counter(dict(rows.all()))


@dataclass(frozen=True)
class OfficeReceipt:
    """What head office holds from one sending office.

    ``missing`` are package numbers up to the last one that no received package covers
    (each package covers the numbers from ``covers_from`` to its own ``sequence``).
    """

    office: str
    organisations: tuple[str, ...]
    last_sequence: int | None
    last_created_at: datetime | None
    last_received_at: datetime | None
    missing: tuple[int, ...]
    open_conflicts: int
    #: The organisations' names, in the order of ``organisations``.
    organisation_names: tuple[str, ...] = ()

    @property
    def organisations_in_words(self) -> str:
        """'KE-001 Murang'a County Government; KE-002 …', or '—'."""
        return "; ".join(f"{code} {name}" for code, name in zip(self.organisations, self.organisation_names,
                                                                 strict=False)) or "—"


def office_receipts(session: Session, actor: Actor) -> list[OfficeReceipt]:
    """Every office that sent packages or whose organisations are here, by office code."""
    actor.require(Permission.READ)
    organisations: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, name, office in session.execute(select(Organisation.code, Organisation.name, Organisation.origin_office)
                                              .where(Organisation.origin_office != LOCAL_OFFICE)
                                              .order_by(Organisation.code)):
        organisations[office].append((code, name))
    received: dict[str, list[SyncPackageLog]] = defaultdict(list)
    for package in session.scalars(select(SyncPackageLog).where(SyncPackageLog.direction == "in")
                                   .order_by(SyncPackageLog.sequence)):
        received[package.peer_office].append(package)
    conflicts = dict(session.execute(select(SyncConflict.peer_office, func.count()).where(
        SyncConflict.status == "open").group_by(SyncConflict.peer_office)).all())
    receipts = []
    for office in sorted(set(organisations) | set(received) | set(conflicts)):
        packages = received.get(office, [])
        last = packages[-1] if packages else None
        covered = {number for package in packages for number in range(package.covers_from, package.sequence + 1)}
        missing = tuple(number for number in range(1, last.sequence + 1) if number not in covered) if last else ()
        held = organisations.get(office, [])
        receipts.append(OfficeReceipt(office, tuple(code for code, _ in held),
                                      last.sequence if last else None, last.created_at if last else None,
                                      last.logged_at if last else None, missing, conflicts.get(office, 0),
                                      tuple(name for _, name in held)))
    return receipts
