"""Which CIDP programme or ADP project each indicator of a Kenyan performance contract serves.

A county's performance contract is meant to deliver its County Integrated Development Plan through the
year's Annual Development Plan (County Governments Act 2012 s 108; PFM Act 2012 s 126): each indicator
names the programme or project of those plans it serves. The programmes are the framework's programme
records whose plan is a CIDP or an ADP; ``unlinked_indicators`` is the check the contract screen and the
printed matrix show for indicators that name none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import AgreementItemKind, Plan, PlanKind, Programme
from pmsdesk.vocabulary import PLAN_KIND_SHORT

#: The plans whose programmes and projects a contract indicator may serve.
DEVELOPMENT_PLANS = (PlanKind.CIDP, PlanKind.ADP)


@dataclass(frozen=True)
class ProgrammeChoice:
    """A CIDP programme or ADP project as the contract screen offers it and the matrix prints it."""

    id: str
    code: str
    name: str
    plan_kind: PlanKind
    is_project: bool

    @property
    def label(self) -> str:
        """``ADP · RD-07 Gravelling of feeder roads``: the plan it comes from, its code and name."""
        return f"{PLAN_KIND_SHORT[self.plan_kind]} · {self.code} {self.name}"


def programme_choices(session: Session, organisation_id: str) -> list[ProgrammeChoice]:
    """The organisation's CIDP programmes and ADP projects, CIDP first, each by code."""
    rows = session.execute(
        select(Programme.id, Programme.code, Programme.name, Plan.kind, Programme.is_project)
        .join(Plan, Plan.id == Programme.plan_id)
        .where(Programme.organisation_id == organisation_id, Plan.kind.in_(DEVELOPMENT_PLANS)))
    choices = [ProgrammeChoice(row_id, code, name, PlanKind(kind), bool(project))
               for row_id, code, name, kind, project in rows]
    return sorted(choices, key=lambda c: (DEVELOPMENT_PLANS.index(c.plan_kind), c.code.casefold()))


def programme_problems(session: Session, organisation_id: str,
                       items: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Each line's programme must be a CIDP programme or ADP project of the same organisation."""
    offered = {choice.id for choice in programme_choices(session, organisation_id)}
    problems = {}
    for index, item in enumerate(items):
        programme_id = item.get("programme_id")
        if programme_id and programme_id not in offered:
            problems[f"items[{index}].programme_id"] = _(
                "row {0}: choose a CIDP programme or ADP project of this county").format(index + 1)
    return problems


def unlinked_indicators(items: Iterable[Any]) -> list[str]:
    """Titles of contract indicators that name no CIDP programme or ADP project, in the contract's order.

    ``items`` are agreement lines (rows or records) with ``kind``, ``title`` and ``programme_id``.
    """
    return [item.title for item in items
            if item.kind == AgreementItemKind.INDICATOR and not item.programme_id]


def unlinked_words(titles: Sequence[str]) -> str | None:
    """The check in words, or None when every indicator is linked."""
    if not titles:
        return None
    return _("{0} of the contract's indicators serve no CIDP programme or ADP project: {1}").format(
        len(titles), "; ".join(titles))
