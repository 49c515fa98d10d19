"""A record changed on both sides is never lost: the office holding it has the last word, and head
office's own change waits in head office's conflict queue."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pmsdesk.models import ActualStatus, Kpi, PeriodActual, SyncConflict
from pmsdesk.services.errors import ValidationError
from pmsdesk.sync import open_conflicts, resolve_conflict
from pmsdesk.sync.conflicts import merged_by_field

from .helpers import SYSTEM

HEAD_ON_POSTGRESQL_TOO = True


def _synchronised(pair):
    pair.head.import_(pair.first_package)
    back = pair.folder / "ho-1.pmspkg"
    pair.head.export(pair.office.code, back)
    pair.office.import_(back)


def _set(installation, model, row_id, **values):
    with installation.database.session() as session:
        record = session.get(model, row_id)
        for name, value in values.items():
            setattr(record, name, value)
        session.commit()


def _exchange(pair, tag: str):
    to_head, to_office = pair.folder / f"{tag}-up.pmspkg", pair.folder / f"{tag}-down.pmspkg"
    pair.office.export("HEAD-OFFICE", to_head)
    pair.head.export(pair.office.code, to_office)
    return pair.head.import_(to_head), pair.office.import_(to_office)


def _first(installation, model, *where):
    with installation.database.session() as session:
        return session.scalars(select(model).where(*where).order_by(model.id).limit(1)).one()


def _kpi_renamed_on_both_sides(pair) -> Kpi:
    """A KPI renamed at the office and at head office, exchanged once: one conflict open on each side."""
    _synchronised(pair)
    kpi = _first(pair.office, Kpi)
    _set(pair.office, Kpi, kpi.id, name="Office wording")
    _set(pair.head, Kpi, kpi.id, name="Head office wording")
    _exchange(pair, "crossing")
    return kpi


def test_the_same_kpi_edited_on_both_sides_keeps_the_offices_version_and_queues_head_offices(pair):
    _synchronised(pair)
    kpi = _first(pair.office, Kpi)
    _set(pair.office, Kpi, kpi.id, name="Office wording of the indicator")
    _set(pair.head, Kpi, kpi.id, name="Head office wording of the indicator")
    at_head, at_office = _exchange(pair, "crossing")
    assert at_head.conflicts == 1 and at_office.conflicts == 0
    with pair.head.database.session() as session:
        conflict = open_conflicts(session, SYSTEM)[0]
        assert conflict.local_values["name"] == "Head office wording of the indicator"
        assert conflict.incoming_values["name"] == "Office wording of the indicator" and conflict.kept == "incoming"
    assert pair.head.content()["kpi"][kpi.id] == pair.office.content()["kpi"][kpi.id]


def test_head_offices_own_edit_of_an_offices_record_never_travels_to_the_office(pair):
    _synchronised(pair)
    kpi = _first(pair.office, Kpi)
    _set(pair.head, Kpi, kpi.id, name="Reworded at head office")
    _, at_office = _exchange(pair, "edited-at-head")
    assert at_office.updated == 0
    with pair.office.database.session() as session:
        assert session.get(Kpi, kpi.id).name != "Reworded at head office"


def test_an_offices_own_draft_replaces_a_value_head_office_marked_verified(pair):
    _synchronised(pair)
    actual = _first(pair.office, PeriodActual, PeriodActual.status == ActualStatus.DRAFT)
    _set(pair.head, PeriodActual, actual.id, status=ActualStatus.VERIFIED, verified_by="auditor")
    _set(pair.office, PeriodActual, actual.id, status=ActualStatus.DRAFT, narrative="Reworked at the office")
    at_head, _ = _exchange(pair, "race")
    for side in (pair.head, pair.office):
        with side.database.session() as session:
            assert session.get(PeriodActual, actual.id).narrative == "Reworked at the office"
            assert session.get(PeriodActual, actual.id).status == ActualStatus.DRAFT
    with pair.head.database.session() as session:
        conflict = session.scalars(select(SyncConflict).where(SyncConflict.row_id == actual.id)).one()
        assert conflict.local_values["status"] == "verified" and conflict.kept == "incoming"


def test_keeping_the_offices_version_closes_the_conflict_and_the_next_change_queues_nothing(pair):
    kpi = _kpi_renamed_on_both_sides(pair)
    with pair.head.database.session() as session:
        conflict = open_conflicts(session, SYSTEM)[0]
        resolve_conflict(session, SYSTEM, conflict.id, conflict.kept)
        assert not open_conflicts(session, SYSTEM)
    _set(pair.office, Kpi, kpi.id, name="Office wording, second edit")
    at_head, _ = _exchange(pair, "after")
    assert at_head.conflicts == 0
    with pair.head.database.session() as session:
        assert session.get(Kpi, kpi.id).name == "Office wording, second edit"


def test_a_merge_naming_a_side_that_does_not_exist_is_refused_and_changes_nothing(pair):
    _kpi_renamed_on_both_sides(pair)
    with pair.head.database.session() as session:
        conflict = open_conflicts(session, SYSTEM)[0]
        with pytest.raises(ValidationError) as refused:
            merged_by_field(conflict, {"name": "both"})
        assert refused.value.problems == {"name": "take it from local or incoming"}
        assert session.get(SyncConflict, conflict.id).status == "open"
