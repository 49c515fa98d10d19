"""Head-office consolidation: every organisation imported, scored the same way and ranked.

Like the annual performance-contract rankings: organisations ordered by their
year-to-date organisational score under one rule set. An organisation that
cannot be scored is listed last with the reason, never silently dropped.
Beside it, per sending office: the last package received, any package numbers
never received (a gap means changes are missing here), and conflicts waiting.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
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


def league_table(session: Session, actor: Actor, year_label: str, *, period_number: int | None = None,
                 rules_code: str = DEFAULT_RULES,
                 progress: Callable[[str, int, int], None] | None = None) -> list[LeagueRow]:
    """All organisations ranked by year-to-date score (ties share a rank)."""
    actor.require(Permission.READ)
    organisations = list(session.execute(
        select(Organisation.code, Organisation.name, Organisation.origin_office).order_by(Organisation.code)))
    scored: list[LeagueRow] = []
    for index, (code, name, office) in enumerate(organisations):
        try:
            card = build_scorecard(session, code, year_label, period_number=period_number, rules_code=rules_code)
        except (NotFound, ValidationError) as error:
            scored.append(LeagueRow(None, code, name, office, None, None, 0, 0, None, str(error)))
        else:
            total = card.year_to_date.organisation
            scored.append(LeagueRow(None, code, name, office, None if total.score is None else round(total.score, 2),
                                    total.category if total.score is not None else None, total.measured,
                                    card.actuals.unverified, card.period_label,
                                    None if total.score is not None else "no KPI could be measured"))
        if progress:
            progress("league", index + 1, len(organisations))
    ranked = sorted(scored, key=lambda row: (row.score is None, -(row.score or 0), row.organisation_code))
    result, previous, rank = [], None, 0
    for position, row in enumerate(ranked, start=1):
        if row.score is not None:
            rank = rank if row.score == previous else position
            previous = row.score
        result.append(LeagueRow(rank if row.score is not None else None, *list(row.__dict__.values())[1:]))
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
