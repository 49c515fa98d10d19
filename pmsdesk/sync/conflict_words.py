"""A conflict as an official reads it: fields in words, values formatted, and who changed each side when.

Values are stored as plain JSON (``236370104.0``, ``"currency"``, ids). Here a
reference becomes the record it names ('TS Technical Services'), an amount the
organisation's currency ('R 236,370,104'), a KPI's value its measure (75%, a
date, Yes/No), an enumeration its label. Nothing here writes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Enum, select
from sqlalchemy.orm import Session

from pmsdesk.models import AuditEvent, Kpi, MeasureType, SyncConflict
from pmsdesk.wording import CALCULATION_LABELS, MEASURE_LABELS, a_date, measured_value, money, plain_number

from .conflicts import compare_versions
from .rows import tables_by_name
from .scope import joined_to_organisation, owner_path

#: Columns holding amounts of money, whatever the KPI measures.
MONEY_COLUMNS = frozenset({"budget", "budget_projection", "amount", "cost"})
#: Columns holding a KPI's target or actual, formatted as the KPI measures.
MEASURED_COLUMNS = frozenset({"baseline", "annual_target", "value", "original_value"})
#: Attributes that name a record, best first.
NAMING = ("reference", "code", "label", "full_name", "name", "title", "username")
#: Labels of closed vocabularies, by their stored value.
VOCABULARY = {**{str(k): v for k, v in MEASURE_LABELS.items()}, **{str(k): v for k, v in CALCULATION_LABELS.items()}}
#: Who-did-what pairs on a record: a person column and its time column, latest step first.
STEPS = (("approved_by", "approved_at", "approved"), ("verified_by", "verified_at", "verified"),
         ("captured_by", "submitted_at", "captured"))


@dataclass(frozen=True)
class FieldInWords:
    name: str
    label: str
    local: str
    incoming: str
    differs: bool


@dataclass(frozen=True)
class ConflictInWords:
    fields: tuple[FieldInWords, ...]
    #: 'Changed at HEAD-OFFICE by analyst on 7 Dec 2026 14:03', for each side.
    local_change: str
    incoming_change: str


def field_label(name: str) -> str:
    """'annual_target' → 'Annual target'; 'responsible_unit_id' → 'Responsible unit'."""
    return name.removesuffix("_id").replace("_", " ").capitalize()


def describe(session: Session, conflict: SyncConflict, here: str) -> ConflictInWords:
    """Every field a person decides, both sides formatted, and who changed each side."""
    table = tables_by_name()[conflict.entity]
    measure, country = _measure_and_country(session, conflict)
    fields = []
    for versions in compare_versions(conflict):
        column = table.columns.get(versions.name)
        text = [value_text(session, column, value, measure, country) for value in (versions.local, versions.incoming)]
        fields.append(FieldInWords(versions.name, field_label(versions.name), text[0], text[1], versions.differs))
    return ConflictInWords(tuple(fields), _local_change(session, conflict, here),
                           _incoming_change(conflict.incoming_values, conflict.peer_office))


def value_text(session: Session, column, value: Any, measure: MeasureType | None, country: str | None) -> str:
    """One stored value as an official reads it."""
    if value is None or value == "":
        return "—"
    if column is not None and column.foreign_keys and isinstance(value, str):
        return record_name(session, next(iter(column.foreign_keys)).column.table.name, value)
    kind = column.type if column is not None else None
    if isinstance(kind, Boolean) or isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(kind, DateTime) and isinstance(value, str):
        return a_moment(datetime.fromisoformat(value))
    if isinstance(kind, Date) and isinstance(value, str):
        return a_date(date.fromisoformat(value))
    if isinstance(kind, Enum) and isinstance(value, str):
        return VOCABULARY.get(value, value.replace("_", " ").capitalize())
    if isinstance(value, (int, float)):
        name = column.name if column is not None else ""
        if name in MONEY_COLUMNS or (name in MEASURED_COLUMNS and measure is MeasureType.CURRENCY):
            return money(value, country)
        if name in MEASURED_COLUMNS and measure is not None:
            return measured_value(float(value), measure)
        return plain_number(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def record_name(session: Session, table_name: str, row_id: str) -> str:
    """'TS Technical Services' for a unit id; the id's start when the record is not here."""
    table = tables_by_name().get(table_name)
    if table is None:
        return row_id[:8]
    names = [name for name in NAMING if name in table.columns][:2]
    row = session.execute(select(*(table.c[name] for name in names)).where(table.c.id == row_id)).first() \
        if names else None
    if row is None:
        return f"{table_name.replace('_', ' ')} {row_id[:8]} (not in this database)"
    return " ".join(str(part) for part in row if part)


def _measure_and_country(session: Session, conflict: SyncConflict) -> tuple[MeasureType | None, str | None]:
    """The KPI's measure type (for a KPI, its target or actual) and the organisation's country."""
    values = {**conflict.incoming_values, **conflict.local_values}
    kpi_id = conflict.row_id if conflict.entity == "kpi" else values.get("kpi_id")
    measure = None
    if conflict.entity == "kpi" and values.get("measure_type"):
        measure = MeasureType(values["measure_type"])
    elif isinstance(kpi_id, str):
        stored = session.scalar(select(Kpi.measure_type).where(Kpi.id == kpi_id))
        measure = MeasureType(stored) if stored is not None else None
    country = None
    if owner_path(conflict.entity) is not None:
        table = tables_by_name()[conflict.entity]
        joined, organisation = joined_to_organisation(table)
        country = session.scalar(select(organisation.c.country).select_from(joined)
                                 .where(table.c.id == conflict.row_id))
    return measure, country


def a_moment(moment: datetime) -> str:
    """'30 Nov 2026 08:15'."""
    return f"{a_date(moment.date())} {moment:%H:%M}"


def _when(value: datetime | str | None) -> str:
    if value is None:
        return "at an unknown time"
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"on {a_moment(moment)}"


def _incoming_change(values: Mapping[str, Any], office: str) -> str:
    """Who changed the incoming version: the step the record names (approved, verified, captured), else when."""
    for person, moment, step in STEPS:
        if values.get(person):
            return f"{step.capitalize()} at {office} by {values[person]} {_when(values.get(moment))}"
    return f"Changed at {office} {_when(values.get('updated_at'))}"


def _local_change(session: Session, conflict: SyncConflict, here: str) -> str:
    """Who last changed the record here before the conflict arrived, from the audit trail."""
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.entity == conflict.entity, AuditEvent.entity_id == conflict.row_id)
        .order_by(AuditEvent.id.desc()).limit(20))
    bringing = f"({conflict.package_id[:16]})"  # the import that found the conflict is the incoming side
    event = next((e for e in events if bringing not in (e.reason or "") and not (e.reason or "").startswith(
        "sync conflict ")), None)
    if event is None:
        return _incoming_change(conflict.local_values, here)
    if event.reason and event.reason.startswith("from "):  # itself a version another office sent
        return f"Received {event.reason.split(' (')[0]}, imported by {event.actor} {_when(event.occurred_at)}"
    return f"Changed at {here} by {event.actor} {_when(event.occurred_at)}"


def summary(label: str, fields: tuple[FieldInWords, ...], sides: Mapping[str, str], peer_office: str) -> str:
    """What a merge or a choice will put in place, field by field, for the confirmation before it is done."""
    lines = []
    for field in fields:
        if not field.differs:
            continue
        side = sides.get(field.name, "local")
        value = field.local if side == "local" else field.incoming
        source = "this office's version" if side == "local" else f"{peer_office}'s version"
        lines.append(f"• {field.label}: {value} (from {source})")
    return f"{label} will read:\n" + "\n".join(lines)
