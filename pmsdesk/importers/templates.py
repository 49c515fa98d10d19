"""Saved column mappings ('first_quarter_actual' holds Q1 targets) an official can reuse.

Stored as ImportTemplate rows of kind 'sdbip': normalised heading → KPI field
(or '' to ignore the column).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import ImportTemplate
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.records import add_record, change_record, transaction

from .columns import FIELD_KEYS, normalise
from .problems import WorkbookError

KIND = "sdbip"


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """Normalise headings and refuse a field that does not exist, naming the allowed ones."""
    cleaned = {}
    for heading, field in mapping.items():
        field = (field or "").strip()
        if field not in FIELD_KEYS and field not in ("", "ignore"):
            raise WorkbookError(f"'{field}' (for the heading '{heading}') is not a KPI field; use one of "
                                f"{', '.join(FIELD_KEYS)} or 'ignore'")
        cleaned[normalise(heading)] = "" if field == "ignore" else field
    return cleaned


def template_names(session: Session) -> tuple[str, ...]:
    """The saved SDBIP mappings, by name."""
    query = select(ImportTemplate.name).where(ImportTemplate.kind == KIND).order_by(ImportTemplate.name)
    return tuple(session.scalars(query))


def load_template(session: Session, name: str) -> dict[str, str]:
    template = session.scalar(select(ImportTemplate).where(ImportTemplate.kind == KIND, ImportTemplate.name == name))
    if template is None:
        names = template_names(session)
        raise WorkbookError(f"no import template named '{name}'; saved templates: {', '.join(names) or 'none'}")
    return dict(template.mapping)


def save_template(session: Session, actor: Actor, name: str, mapping: Mapping[str, str]) -> ImportTemplate:
    """Create or replace the named template (audited like every other write)."""
    actor.require(Permission.MANAGE_KPIS)
    if not name or not name.strip() or len(name) > 200:
        raise WorkbookError("a template needs a name of 1 to 200 characters")
    cleaned = check_mapping(mapping)
    existing = session.scalar(select(ImportTemplate).where(ImportTemplate.kind == KIND,
                                                           ImportTemplate.name == name.strip()))
    with transaction(session):
        if existing is not None:
            return change_record(session, actor, existing, {"mapping": cleaned})
        return add_record(session, actor, ImportTemplate(kind=KIND, name=name.strip(), mapping=cleaned,
                                                         created_by=actor.username))
