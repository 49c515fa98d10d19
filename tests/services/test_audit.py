"""The audit trail: each change is recorded in its transaction, and the chain shows tampering."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, text

from pmsdesk.models import AuditEvent, Kpi, KpiTarget
from pmsdesk.services import kpis
from pmsdesk.services.audit import first_broken_link, snapshot, snapshot_values
from pmsdesk.services.records import new_row
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


def test_the_chain_survives_a_rolled_back_savepoint_inside_a_unit_of_work(session, system, small_org):
    import pytest

    from pmsdesk.models import Kpa
    from pmsdesk.services.records import add_record, transaction, unit_of_work

    with unit_of_work(session):
        kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01"))
        with pytest.raises(RuntimeError), transaction(session):  # an event is written, then undone
            add_record(session, system, Kpa(organisation_id=small_org.organisation_id, code="LED",
                                            name="Local Economic Development", scope="local"))
            raise RuntimeError("the row failed after its audit event")
        kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS03"))
    assert session.scalar(select(func.count()).select_from(Kpa).where(Kpa.code == "LED")) == 0
    assert first_broken_link(session) is None


def test_the_chain_survives_a_failed_transaction_followed_by_a_good_one(session, system, small_org):
    import pytest

    from pmsdesk.services.errors import ValidationError

    kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01"))
    with pytest.raises(ValidationError):
        kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01"))
    kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS02"))
    assert first_broken_link(session) is None


def test_a_bulk_row_is_audited_with_the_values_its_record_would_show(session, system, small_org):
    kpi = kpis.create_kpi(session, system, small_org.year_id, number_kpi(
        "AU1", annual_target_date=date(2026, 6, 30), responsible_unit_id=small_org.technical_id))
    values = {column: getattr(kpi, column) for column in Kpi.__table__.columns.keys()}

    row = new_row(Kpi, **values, not_a_column="ignored")

    assert list(row) == list(values) and row == values
    assert snapshot_values(Kpi, row) == snapshot(kpi)
    assert list(snapshot_values(Kpi, row)) == list(snapshot(kpi))
    assert snapshot(kpi)["measure_type"] == "number" and snapshot(kpi)["annual_target_date"] == "2026-06-30"


def test_a_new_row_takes_its_column_defaults_and_a_fresh_id():
    first, second = new_row(KpiTarget, value=5.0), new_row(KpiTarget, value=5.0)

    assert list(first) == list(KpiTarget.__table__.columns.keys())
    assert (first["origin_office"], first["version"], first["value"], first["period_id"]) == ("LOCAL", 1, 5.0, None)
    assert first["id"] != second["id"] and first["updated_at"] is not None
    assert new_row(KpiTarget, id="given")["id"] == "given"
