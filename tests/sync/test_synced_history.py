"""Every row a package inserts or changes leaves its own audit event at the receiver."""

from __future__ import annotations

from sqlalchemy import func, select

from pmsdesk.cli.main import main
from pmsdesk.models import AuditEvent, Kpi, PeriodActual
from pmsdesk.services.history import kpi_history
from pmsdesk.wording import plain_number

from .helpers import SYSTEM

HEAD_ON_POSTGRESQL_TOO = True


def test_each_inserted_row_has_an_event_naming_the_office_and_package(pair):
    summary = pair.head.import_(pair.first_package)
    with pair.head.database.session() as session:
        created = session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "create", AuditEvent.reason.like("from KE-001, package 1 (%")))
    assert created == summary.inserted > 0


def test_a_synced_change_shows_in_the_kpi_history_and_audit_log_field_by_field(pair, capsys):
    pair.head.import_(pair.first_package)
    with pair.office.database.session() as session:
        actual = session.scalars(select(PeriodActual).where(PeriodActual.value.is_not(None))
                                 .order_by(PeriodActual.id).limit(1)).one()
        before, kpi_id = actual.value, actual.kpi_id
        reference = session.get(Kpi, kpi_id).reference
        actual.value = before + 7
        session.commit()
    pair.office.export("HEAD-OFFICE", pair.folder / "second.pmspkg")
    assert pair.head.import_(pair.folder / "second.pmspkg").updated == 1
    with pair.head.database.session() as session:
        history = kpi_history(session, kpi_id)
    change = [entry for entry in history if entry.action == "changed"][-1]
    assert change.changes.endswith(f"actual changed from {plain_number(before)} to {plain_number(before + 7)}")
    assert change.reason.startswith("from KE-001, package 2 (") and change.actor == SYSTEM.username
    if pair.head.url is None:
        assert main(["audit", "log", "--db", pair.head.target, "--kpi", reference]) == 0
        assert f"value: {before!r} → {before + 7!r}  (reason: from KE-001, package 2" in capsys.readouterr().out


def test_a_kpi_that_arrived_by_package_reads_in_its_history_as_it_came(pair):
    """Inserted rows show their reference, name and values, not 'set to empty'."""
    pair.head.import_(pair.first_package)
    with pair.head.database.session() as session:
        actual = session.scalars(select(PeriodActual).where(PeriodActual.value.is_not(None))
                                 .order_by(PeriodActual.id).limit(1)).one()
        kpi = session.get(Kpi, actual.kpi_id)
        history = kpi_history(session, kpi.id)
        value, reference, name = actual.value, kpi.reference, kpi.name
    added = [entry.changes for entry in history if entry.action == "added"]
    assert f"KPI created: {reference} {name}" in added
    assert any(line.endswith(f"actual captured: {plain_number(value)}") for line in added), added
    assert not any(line.endswith("empty") and "target" not in line for line in added), added
