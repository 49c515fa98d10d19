"""The audit trail: each change is recorded in its transaction, and the chain shows tampering."""

from __future__ import annotations

from sqlalchemy import func, select, text

from pmsdesk.models import AuditEvent
from pmsdesk.services import kpis
from pmsdesk.services.audit import first_broken_link
from tests.conftest import number_kpi


def test_a_clean_chain_verifies(session, system, small_org):
    kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01"))
    assert session.scalar(select(func.count()).select_from(AuditEvent)) > 5
    assert first_broken_link(session) is None


def test_an_edited_event_is_found(session, system, small_org):
    kpi = kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01"))
    kpis.update_kpi(session, system, kpi.id, {"annual_target": 999})
    target = session.scalar(select(AuditEvent).where(AuditEvent.entity_id == kpi.id, AuditEvent.action == "create"))
    session.execute(text("UPDATE audit_event SET actor = 'someone-else' WHERE id = :id"), {"id": target.id})
    session.commit()
    session.expire_all()
    assert first_broken_link(session).id == target.id


def test_a_deleted_event_is_found(session, system, small_org):
    kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01"))
    ids = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
    session.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": ids[2]})
    session.commit()
    assert first_broken_link(session).id == ids[3]
