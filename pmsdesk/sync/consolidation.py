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

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.models import LOCAL_OFFICE, Organisation, SyncConflict, SyncPackageLog
from pmsdesk.scorecard import DEFAULT_RULES, build_scorecard
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.errors import NotFound, ValidationError


@dataclass(frozen=True)
class LeagueRow:
    rank: int | None
    organisation_code: str
    organisation_name: str
    origin_office: str
    score: float | None
    category: str | None
    measured_kpis: int
    unverified_actuals: int
    period_label: str | None
    problem: str | None = None
    targets_achieved: int = 0
    targets: int = 0
    not_reported: int = 0

    @property
    def achieved_percent(self) -> float | None:
        return round(self.targets_achieved / self.targets * 100, 2) if self.targets else None


def league_table(session: Session, actor: Actor, year_label: str, *, period_number: int | None = None,
                 rules_code: str = DEFAULT_RULES,
                 progress: Callable[[str, int, int], None] | None = None) -> list[LeagueRow]:
    """All organisations ranked by year-to-date targets achieved or score, as the rule set says
    (ties on both figures share a rank)."""
    actor.require(Permission.READ)
    organisations = list(session.execute(
        select(Organisation.code, Organisation.name, Organisation.origin_office).order_by(Organisation.code)))
    scored: list[LeagueRow] = []
    rank_on = "targets_achieved"
    for index, (code, name, office) in enumerate(organisations):
        try:
            card = build_scorecard(session, code, year_label, period_number=period_number, rules_code=rules_code)
        except (NotFound, ValidationError) as error:
            scored.append(LeagueRow(None, code, name, office, None, None, 0, 0, None, str(error)))
        else:
            total = card.year_to_date.organisation
            rank_on = card.rank_on
            scored.append(LeagueRow(None, code, name, office, None if total.score is None else round(total.score, 2),
                                    total.category if total.score is not None else None, total.measured,
                                    card.actuals.unverified, card.period_label,
                                    None if total.score is not None else "no KPI had a target due",
                                    total.achieved, total.targets, total.not_reported))
        if progress:
            progress("league", index + 1, len(organisations))
    def figures(row: LeagueRow) -> tuple[float | None, float | None]:
        pair = (row.achieved_percent, row.score)
        return pair if rank_on == "targets_achieved" else pair[::-1]

    ranked = sorted(scored, key=lambda row: (figures(row)[0] is None, -(figures(row)[0] or 0),
                                             -(figures(row)[1] or 0), row.organisation_code))
    result, previous, rank = [], None, 0
    for position, row in enumerate(ranked, start=1):
        if figures(row)[0] is not None:
            rank = rank if figures(row) == previous else position
            previous = figures(row)
        result.append(replace(row, rank=rank if figures(row)[0] is not None else None))
    return result


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


def office_receipts(session: Session, actor: Actor) -> list[OfficeReceipt]:
    """Every office that sent packages or whose organisations are here, by office code."""
    actor.require(Permission.READ)
    organisations: dict[str, list[str]] = defaultdict(list)
    for code, office in session.execute(select(Organisation.code, Organisation.origin_office)
                                        .where(Organisation.origin_office != LOCAL_OFFICE)
                                        .order_by(Organisation.code)):
        organisations[office].append(code)
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
        receipts.append(OfficeReceipt(office, tuple(organisations.get(office, ())),
                                      last.sequence if last else None, last.created_at if last else None,
                                      last.logged_at if last else None, missing, conflicts.get(office, 0)))
    return receipts
