"""Reading the audit trail: a KPI's history with everything reported against it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import AuditEvent, EvidenceFile, Kpi, KpiTarget, PeriodActual
from pmsdesk.wording import a_date

from .history_words import ACTIONS, HistoryNames, change_words, record_words


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


def describe_changes(event: AuditEvent) -> str:
    """The raw change for the command line's audit log: 'annual_target: 400.0 → 450.0'."""
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

    def sentence(self) -> str:
        """'Q2 target changed from 40 to 45 by pmsofficer on 6 Dec 2026: adjustment budget'."""
        said = f"{self.changes} by {self.actor} on {a_date(self.occurred_at.astimezone().date())}"
        return f"{said}: {self.reason}" if self.reason else said


def kpi_history(session: Session, kpi_id: str) -> list[HistoryEntry]:
    """Everything that happened to a KPI, its targets, actuals and evidence, oldest first."""
    kpi = session.get(Kpi, kpi_id)
    if kpi is None:
        return []
    names = HistoryNames.of(session, kpi)
    return [
        HistoryEntry(as_utc(event.occurred_at), event.actor, ACTIONS.get(event.action, event.action),
                     record_words(event, names), change_words(event, names), event.reason)
        for event in audit_events(session, entity_ids=kpi_record_ids(session, kpi))
    ]
