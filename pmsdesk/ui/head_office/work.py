"""The head-office screen's database work, run inside ``Operations.run``; no Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmsdesk.services.actor import Actor
from pmsdesk.sync.consolidation import League, OfficeReceipt, consolidate, office_receipts
from pmsdesk.sync.refusals import RefusedImport, refused_imports

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Consolidation:
    """The league table for one year (and quarter), the packages received per office and those refused."""

    year_label: str
    league: League
    offices: tuple[OfficeReceipt, ...]
    refused: tuple[RefusedImport, ...] = ()


def load(session: Session, actor: Actor, year_label: str, period_number: int | None) -> Consolidation:
    league = consolidate(session, actor, year_label, period_number=period_number)
    return Consolidation(year_label, league, tuple(office_receipts(session, actor)),
                         tuple(refused_imports(session, actor)))
