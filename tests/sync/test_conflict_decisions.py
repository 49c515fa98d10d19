"""A conflict decided in the window is audited, and reaches the other side when the deciding installation holds
the record; a decision the holder would overrule says so before it is made."""

from __future__ import annotations

from sqlalchemy import select

from pmsdesk.models import AuditEvent, Kpi, SyncConflict
from pmsdesk.sync import open_conflicts
from pmsdesk.sync.conflicts import decision_reach
from pmsdesk.ui.sync.work import conflict_rows, resolve

from .helpers import SYSTEM
from .test_conflicts import _exchange, _first, _kpi_renamed_on_both_sides, _synchronised


def _decide(installation, choice: str) -> tuple[str, str]:
    """Decide the one open conflict as the Sync screen does; returns what the confirmation said and its id."""
    with installation.database.session() as session:
        [row] = conflict_rows(session, SYSTEM)
        assert resolve(session, SYSTEM, row.id, choice) == ()
        return row.reach[choice], row.id


def _name(installation, kpi_id: str) -> str:
    with installation.database.session() as session:
        return session.get(Kpi, kpi_id).name


def test_keeping_the_holders_version_at_head_office_leaves_both_with_the_same_record_on_record(pair):
    kpi = _kpi_renamed_on_both_sides(pair)

    said, conflict_id = _decide(pair.head, "incoming")

    assert said == "That is KE-001's own version, which KE-001 already holds: both then hold the same record."
    at_head, at_office = _exchange(pair, "after-decision")
    assert at_head.conflicts == at_office.conflicts == 0
    assert _name(pair.head, kpi.id) == _name(pair.office, kpi.id) == "Office wording"
    with pair.head.database.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "sync_conflict",
                                                         AuditEvent.entity_id == conflict_id)).one()
        assert (event.action, event.actor, event.new_values) == ("resolve", "tester", {"choice": "incoming"})


def test_head_offices_own_version_of_an_offices_record_is_said_to_stay_at_head_office(pair):
    kpi = _kpi_renamed_on_both_sides(pair)

    said, _ = _decide(pair.head, "local")

    assert said.startswith("It stays here only: KE-001 holds this record")
    _exchange(pair, "after-decision")
    assert _name(pair.head, kpi.id) == "Head office wording"  # as the confirmation said: here only
    assert _name(pair.office, kpi.id) == "Office wording"


def test_a_decision_by_the_office_holding_the_record_travels_to_head_office(pair):
    _synchronised(pair)
    kpi = _first(pair.office, Kpi)
    with pair.office.database.session() as session:  # the office holds two versions of its own KPI
        local = {"id": kpi.id, "name": kpi.name}
        session.add(SyncConflict(entity="kpi", row_id=kpi.id, peer_office="HEAD-OFFICE", package_id="p" * 64,
                                 reason="restored from a backup", local_values=local,
                                 incoming_values={**local, "name": "Wording decided at the office"},
                                 kept="local"))
        session.commit()
        conflict = open_conflicts(session, SYSTEM)[0]
        assert decision_reach(session, conflict, "incoming") == \
            "It travels to HEAD-OFFICE with the next package, so both hold the same record."

    _decide(pair.office, "incoming")
    at_head, _ = _exchange(pair, "decision-travels")

    assert at_head.updated >= 1 and at_head.conflicts == 0
    assert _name(pair.head, kpi.id) == _name(pair.office, kpi.id) == "Wording decided at the office"
