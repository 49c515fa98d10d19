"""The conflict queue: listing what waits for a decision, and deciding it.

A decision is an ordinary audited edit of the row (through the ORM, so the
lock counter moves); the sync clocks notice it at the next package, and its
version then wins everywhere because it has seen both sides. That holds even
when the person keeps the version already in effect: the decision stamps the
row's ``updated_at``, so it still travels and closes the conflict elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import LOCAL_OFFICE, Base, SyncConflict
from pmsdesk.models.base import utcnow
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.audit import record_event
from pmsdesk.services.errors import NotFound, ValidationError
from pmsdesk.services.records import change_record, get_or_fail, transaction

from .rows import BOOKKEEPING, PROTECTED_RANK, from_plain, rank, tables_by_name
from .scope import joined_to_organisation, owner_path

#: Who may decide a conflict, by table; anything not listed needs MANAGE_FRAMEWORK.
DECIDED_BY: dict[str, Permission] = {
    "kpi": Permission.MANAGE_KPIS,
    "kpi_target": Permission.MANAGE_KPIS,
    "period_actual": Permission.VERIFY_ACTUALS,
    "evidence_file": Permission.VERIFY_ACTUALS,
    "performance_agreement": Permission.MANAGE_AGREEMENTS,
    "agreement_item": Permission.MANAGE_AGREEMENTS,
    "assessment": Permission.MANAGE_AGREEMENTS,
    "assessment_rating": Permission.MANAGE_AGREEMENTS,
    "development_action": Permission.MANAGE_AGREEMENTS,
    "risk": Permission.MANAGE_RISKS,
    "service_provider": Permission.MANAGE_SERVICE_PROVIDERS,
    "service_provider_assessment": Permission.MANAGE_SERVICE_PROVIDERS,
    "rule_set": Permission.MANAGE_RULES,
}
CHOICES = ("local", "incoming", "merge")
SIDES = ("local", "incoming")
#: Row fields a person never decides: the identity and the per-database bookkeeping.
HIDDEN_FIELDS = ("id", *BOOKKEEPING)


@dataclass(frozen=True)
class FieldVersions:
    """One field of a conflicting row as each side has it."""

    name: str
    local: Any
    incoming: Any

    @property
    def differs(self) -> bool:
        return self.local != self.incoming


def compare_versions(conflict: SyncConflict) -> list[FieldVersions]:
    """Every field a person decides, in the row's column order, with both sides' values."""
    names = dict.fromkeys([*conflict.local_values, *conflict.incoming_values])
    return [FieldVersions(name, conflict.local_values.get(name), conflict.incoming_values.get(name))
            for name in names if name not in HIDDEN_FIELDS]


def merged_fields(session: Session, conflict_id: str, sides: Mapping[str, str]) -> dict[str, Any]:
    """``merged_by_field`` of the open conflict ``conflict_id`` (NotFound if there is none)."""
    return merged_by_field(get_or_fail(session, SyncConflict, conflict_id, "conflict"), sides)


def merged_by_field(conflict: SyncConflict, sides: Mapping[str, str]) -> dict[str, Any]:
    """The values of a merge where ``sides`` names, per field, the version to take it from."""
    wrong = {name: side for name, side in sides.items() if side not in SIDES}
    if wrong:
        raise ValidationError({name: f"take it from {' or '.join(SIDES)}" for name in wrong})
    versions = {"local": conflict.local_values, "incoming": conflict.incoming_values}
    return {name: versions[side].get(name) for name, side in sides.items()}


def open_conflicts(session: Session, actor: Actor) -> list[SyncConflict]:
    actor.require(Permission.READ)
    return list(session.scalars(select(SyncConflict).where(SyncConflict.status == "open")
                                .order_by(SyncConflict.detected_at, SyncConflict.id)))


def mapped_class(table_name: str) -> type[Base]:
    for mapper in Base.registry.mappers:
        if mapper.local_table.name == table_name:
            return mapper.class_
    raise NotFound(f"No table {table_name}.")


def resolve_conflict(session: Session, actor: Actor, conflict_id: str, choice: str,
                     merged_values: Mapping[str, Any] | None = None, *, note: str | None = None) -> SyncConflict:
    """Put the chosen version (or a merge of fields over the local one) in place and close the conflict."""
    conflict = get_or_fail(session, SyncConflict, conflict_id, "conflict")
    if conflict.status != "open":
        raise ValidationError.single("conflict", f"is already {conflict.status}")
    if choice not in CHOICES:
        raise ValidationError.single("choice", f"must be one of {', '.join(CHOICES)}")
    table = tables_by_name()[conflict.entity]
    record = get_or_fail(session, mapped_class(conflict.entity), conflict.row_id, conflict.entity)
    permission = DECIDED_BY.get(conflict.entity, Permission.MANAGE_FRAMEWORK)
    if max(rank(conflict.entity, conflict.local_values), rank(conflict.entity, conflict.incoming_values)) >= PROTECTED_RANK:
        permission = Permission.APPROVE
    actor.require(permission)
    source = {"local": conflict.local_values, "incoming": conflict.incoming_values}.get(choice, {})
    if choice == "merge":
        if not merged_values:
            raise ValidationError.single("values", "give the fields to merge")
        source = {**conflict.local_values, **merged_values}
    changes = {}
    for column, value in source.items():
        if column in HIDDEN_FIELDS:
            continue
        if column not in table.columns:
            raise ValidationError.single(column, f"is not a field of {conflict.entity}")
        try:
            changes[column] = from_plain(table, column, value)
        except ValueError as error:
            raise ValidationError.single(column, str(error)) from None
    holders_version = choice == conflict.kept == "incoming" and _held_by(session, conflict) == conflict.peer_office
    if "updated_at" in table.columns and not holders_version:
        changes["updated_at"] = utcnow()  # the decision must travel even if the row's values stay as they are
    with transaction(session):
        if not holders_version:  # keeping the holder's version as it came is no edit: it changes nothing here
            change_record(session, actor, record, changes, reason=f"sync conflict {conflict.id}: kept {choice}")
        conflict.status, conflict.resolved_at, conflict.resolved_by = "resolved", utcnow(), actor.username
        conflict.resolution = choice + (f": {note}" if note else "")
        record_event(session, actor, "resolve", "sync_conflict", conflict.id,
                     new={"choice": choice, **({"merged": sorted(merged_values)} if choice == "merge" else {})})
    return conflict


def _held_by(session: Session, conflict: SyncConflict) -> str | None:
    """The office holding the conflicting row (its organisation's), or None for a shared record."""
    table = tables_by_name()[conflict.entity]
    if owner_path(conflict.entity) is None:
        return None
    joined, organisation = joined_to_organisation(table)
    return session.scalar(select(organisation.c.origin_office).select_from(joined).where(table.c.id == conflict.row_id))


def record_label(session: Session, entity: str, row_id: str) -> str:
    """The conflicting record as an official knows it: 'KPI FIN01 Revenue collected', 'Q2 actual of FIN01',
    'organisation KE-001 Murang'a County Government'; the table and a short id when it has no better name."""
    from pmsdesk.models import Kpi, KpiTarget, Organisation, PeriodActual, ReportingPeriod, Unit

    def kpi_words(kpi_id: str) -> str:
        kpi = session.get(Kpi, kpi_id)
        return f"{kpi.reference} {kpi.name}" if kpi is not None else f"{kpi_id[:8]} (not in this database)"

    if entity == "kpi":
        return f"KPI {kpi_words(row_id)}"
    if entity in ("kpi_target", "period_actual"):
        model = KpiTarget if entity == "kpi_target" else PeriodActual
        record = session.get(model, row_id)
        if record is not None:
            period = session.get(ReportingPeriod, record.period_id)
            what = "target" if entity == "kpi_target" else "actual"
            return f"{period.label if period else 'period'} {what} of {kpi_words(record.kpi_id)}"
    if entity in ("organisation", "unit"):
        record = session.get(Organisation if entity == "organisation" else Unit, row_id)
        if record is not None:
            return f"{entity} {record.code} {record.name}"
    return f"{entity.replace('_', ' ')} {row_id[:8]}"


def decision_reach(session: Session, conflict: SyncConflict, choice: str) -> str:
    """Where a decision will hold, said before it is made.

    The office holding a record has the last word on it (``ownership.py``): a decision travels when this
    installation holds the record (or issues it, for shared records at head office); choosing the
    holder's own version leaves both sides with the same record; any other choice stays here only.
    """
    from .keys import OFFICE_CODE, is_head_office, setting

    holder, here, peer = _held_by(session, conflict), setting(session, OFFICE_CODE), conflict.peer_office
    if holder is None:
        if is_head_office(session):
            return f"It travels to {peer} and every other office with the next packages."
        return ("It stays at this office only: shared records such as rule sets are issued by head office; ask head "
                "office to change it there if it should count everywhere.")
    if holder in (here, LOCAL_OFFICE):  # LOCAL: this office's rows before its first package named them
        return f"It travels to {peer} with the next package, so both hold the same record."
    if choice == "incoming" and holder == peer:
        return f"That is {peer}'s own version, which {peer} already holds: both then hold the same record."
    return (f"It stays here only: {holder} holds this record, and {holder}'s version is the one that travels and "
            f"counts in its reports. Ask {holder} to make the change there if it should count everywhere.")
