"""Reading the audit trail: a KPI's history with everything reported against it."""

from __future__ import annotations

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
