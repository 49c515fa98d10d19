"""The unit a report is narrowed to (a directorate and everything below it), shared by report kinds."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import Organisation, Unit

from .base import ReportError


def unit_in_scope(session: Session, org: Organisation, code: str | None) -> tuple[Unit | None, set[str] | None]:
    """(the unit named by ``code``, its id and every id below it); (None, None) for the whole organisation."""
    if not code:
        return None, None
    units = list(session.scalars(select(Unit).where(Unit.organisation_id == org.id)))
    unit = next((u for u in units if u.code == code), None)
    if unit is None:
        raise ReportError(_(
                "--unit: {0} has no unit {1!r}; it has {2}").format(org.code,
                code,
                ', '.join(sorted(u.code for u in units)) or 'none'))
    return unit, unit_subtree(session, unit)


def unit_subtree(session: Session, unit: Unit) -> set[str]:
    """The ids of ``unit`` and every unit below it."""
    children: dict[str | None, list[str]] = {}
    for unit_id, parent_id in session.execute(
            select(Unit.id, Unit.parent_id).where(Unit.organisation_id == unit.organisation_id)):
        children.setdefault(parent_id, []).append(unit_id)
    found, stack = set(), [unit.id]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, ()))
    return found


def natural_order(reference: str) -> tuple:
    """TS2 before TS10 (and never TS119, TS12, TS120): letters as text, numbers as numbers."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", reference))
