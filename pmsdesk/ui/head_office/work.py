"""The head-office screen's database work, run inside ``Operations.run``; no Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pmsdesk.progress import Progress, no_progress
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import issue_report
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


def print_league(session: Session, actor: Actor, year_label: str, period_number: int | None,
                 out: str | Path, progress: Progress = no_progress) -> str:
    """Write the league-table PDF; returns the line the screen shows."""
    issued = issue_report(session, actor, ReportRequest("league-table", year=year_label, period=period_number), out,
                          progress=progress)
    state = f"draft: {issued.draft_reason}" if issued.draft_reason else "final"
    return (f"Wrote {issued.path.name}: {issued.title}, {issued.pages} page(s), {state}; "
            f"fingerprint {issued.fingerprint}.")
