"""The head-office screen's database work, run inside ``Operations.run``; no Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmsdesk.services.actor import Actor
from pmsdesk.sync.consolidation import LeagueRow, OfficeReceipt, league_table, office_receipts

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Consolidation:
    """The league table for one year (and quarter) and the packages received per office."""

    year_label: str
    league: tuple[LeagueRow, ...]
    offices: tuple[OfficeReceipt, ...]


def load(session: Session, actor: Actor, year_label: str, period_number: int | None) -> Consolidation:
    league = league_table(session, actor, year_label, period_number=period_number)
    return Consolidation(year_label, tuple(league), tuple(office_receipts(session, actor)))
