"""Reading the audit trail: a KPI's history with everything reported against it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import AuditEvent, EvidenceFile, Kpi, KpiTarget, PeriodActual


def kpi_record_ids(session: Session, kpi: Kpi) -> set[str]:
    """The KPI and the ids of its targets, actuals and evidence, whose events make its history."""
    ids = {kpi.id}
    ids.update(session.scalars(select(KpiTarget.id).where(KpiTarget.kpi_id == kpi.id)))
    actual_ids = set(session.scalars(select(PeriodActual.id).where(PeriodActual.kpi_id == kpi.id)))
    ids.update(actual_ids)
    if actual_ids:
        ids.update(session.scalars(select(EvidenceFile.id).where(EvidenceFile.actual_id.in_(actual_ids))))
    return ids


def audit_events(
    session: Session, *, entity_ids: set[str] | None = None, limit: int | None = None
) -> list[AuditEvent]:
    """Events oldest first, optionally only those about ``entity_ids`` and only the newest ``limit``."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if entity_ids is not None:
        query = query.where(AuditEvent.entity_id.in_(entity_ids))
    if limit is not None:
        query = query.limit(limit)
    return list(reversed(session.scalars(query).all()))


def kpis_with_reference(session: Session, reference: str) -> list[Kpi]:
    """Every KPI carrying ``reference`` (one per organisation and year)."""
    return list(session.scalars(select(Kpi).where(Kpi.reference == reference)))


#: What people call the records a KPI's history is made of.
ENTITY_WORDS = {"kpi": "KPI", "kpi_target": "target", "period_actual": "actual", "evidence_file": "evidence"}


def describe_changes(event: AuditEvent) -> str:
    """The change in one line: 'annual_target: 400.0 → 450.0', or the main values of a new record."""
    new, old = event.new_values or {}, event.old_values or {}
    if event.action == "update":
        return ", ".join(f"{key}: {old.get(key)!r} → {value!r}" for key, value in new.items())
    shown = new or old
    return ", ".join(f"{key}={value!r}" for key, value in list(shown.items())[:4] if value is not None)


def as_utc(moment: datetime) -> datetime:
    """Audit times are UTC; SQLite hands them back without the zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class HistoryEntry:
    """One audit event as a person reads it in a record's history (``occurred_at`` in UTC)."""

    occurred_at: datetime
    actor: str
    action: str
    record: str
    changes: str
    reason: str | None


def kpi_history(session: Session, kpi_id: str) -> list[HistoryEntry]:
    """Everything that happened to a KPI, its targets, actuals and evidence, oldest first."""
    kpi = session.get(Kpi, kpi_id)
    if kpi is None:
        return []
    return [
        HistoryEntry(as_utc(event.occurred_at), event.actor, event.action, ENTITY_WORDS.get(event.entity, event.entity),
                     describe_changes(event), event.reason)
        for event in audit_events(session, entity_ids=kpi_record_ids(session, kpi))
    ]
