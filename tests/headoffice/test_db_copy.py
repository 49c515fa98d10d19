"""`pmsdesk db copy`: an office database moves to the server and back with every row and audit link."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, inspect, select, text

from pmsdesk import db_copy
from pmsdesk.db import DatabaseError, database_url, make_engine, open_database
from pmsdesk.models import AuditEvent, EvidenceContent
from pmsdesk.services.audit import Actor, record_event

from .conftest import audit_chain_intact, every_row

pytestmark = pytest.mark.postgresql


def test_the_demo_database_round_trips_sqlite_postgresql_sqlite_unchanged(demo_file, new_server_database, tmp_path):
    server, back = new_server_database(), tmp_path / "back.sqlite"
    there = db_copy.copy_database(demo_file, server)
    again = db_copy.copy_database(server, back)

    original = every_row(demo_file)
    assert every_row(server) == original
    assert every_row(back) == original
    assert there.tables == again.tables == {name: len(rows) for name, rows in original.items()}
    assert original["evidence_content"] and all(row[-1] for row in original["evidence_content"])
    assert there.audit_chain == again.audit_chain == "intact"
    assert audit_chain_intact(demo_file) and audit_chain_intact(server) and audit_chain_intact(back)


def test_new_audit_events_on_the_copy_continue_the_ids_and_the_chain(demo_on_server, new_server_database):
    server = new_server_database(template=demo_on_server)
    database = open_database(server)
    try:
        with database.session() as session:
            last = session.scalar(select(func.max(AuditEvent.id)))
            event = record_event(session, Actor.system("tester"), "update", "kpi", "x", new={"a": 1})
            session.commit()
            assert event.id == last + 1
    finally:
        database.dispose()
    assert audit_chain_intact(server)


def _fail_at_the_end(monkeypatch):
    """Break the copy after every row is written, just before it would commit."""
    def refuse(*_args):
        raise DatabaseError("stopped by the test")
    monkeypatch.setattr(db_copy, "_audit_chain_state", refuse)


def test_a_failed_copy_to_the_server_leaves_the_database_empty(seeded_file, new_server_database, monkeypatch):
    server = new_server_database()
    _fail_at_the_end(monkeypatch)
    with pytest.raises(DatabaseError, match="stopped by the test"):
        db_copy.copy_database(seeded_file, server)
    engine = make_engine(database_url(server))
    try:
        assert inspect(engine).get_table_names() == []  # not even the schema: DDL rolled back too
    finally:
        engine.dispose()


def test_a_failed_copy_to_a_new_file_leaves_no_file(demo_on_server, new_server_database, tmp_path, monkeypatch):
    server = new_server_database(template=demo_on_server)
    _fail_at_the_end(monkeypatch)
    with pytest.raises(DatabaseError, match="stopped by the test"):
        db_copy.copy_database(server, tmp_path / "office.sqlite")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_replace_keeps_what_the_target_held(seeded_file, demo_on_server, new_server_database,
                                                    monkeypatch):
    server = new_server_database(template=demo_on_server)
    before = every_row(server)
    _fail_at_the_end(monkeypatch)
    with pytest.raises(DatabaseError, match="stopped by the test"):
        db_copy.copy_database(seeded_file, server, replace=True)
    assert every_row(server) == before


def test_a_target_with_data_is_refused_unless_replace_is_asked(seeded_file, demo_on_server, new_server_database):
    server = new_server_database(template=demo_on_server)
    with pytest.raises(DatabaseError, match=r"already holds data .* --replace"):
        db_copy.copy_database(seeded_file, server)
    report = db_copy.copy_database(seeded_file, server, replace=True)
    assert report.replaced_rows > report.total_rows > 0
    assert every_row(server) == every_row(seeded_file)


def test_replacing_a_sqlite_target_backs_it_up_first(seeded_file, demo_file, tmp_path):
    target = tmp_path / "office.sqlite"
    shutil.copyfile(demo_file, target)
    report = db_copy.copy_database(seeded_file, target, replace=True)
    assert report.backup and "before-db-copy" in report.backup
    assert every_row(target) == every_row(seeded_file)


def test_a_source_at_an_older_schema_is_refused_with_the_upgrade_command(seeded_file, tmp_path):
    old = tmp_path / "old.sqlite"
    shutil.copyfile(seeded_file, old)
    database = open_database(old)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    database.dispose()
    with pytest.raises(DatabaseError, match=r"Run 'pmsdesk db upgrade --db .*old.sqlite' first"):
        db_copy.copy_database(old, tmp_path / "new.sqlite")
    assert not (tmp_path / "new.sqlite").exists()


def test_a_copy_whose_audit_chain_does_not_verify_is_refused(seeded_file, tmp_path, monkeypatch):
    """If a value changed on the way (say a time shifted by a zone), the chain check catches it."""
    original = db_copy._for_target

    def shift(table, row, dialect):
        row = original(table, row, dialect)
        if table.name == "audit_event" and row["id"] == 3:
            row["actor"] = "someone else"
        return row

    monkeypatch.setattr(db_copy, "_for_target", shift)
    with pytest.raises(DatabaseError, match="audit chain does not verify on the copy"):
        db_copy.copy_database(seeded_file, tmp_path / "copy.sqlite")
    assert not (tmp_path / "copy.sqlite").exists()


def test_units_are_copied_parents_first_whatever_their_key_order():
    rows = [{"id": "a", "parent_id": "c"}, {"id": "b", "parent_id": None}, {"id": "c", "parent_id": "b"},
            {"id": "d", "parent_id": "missing"}]
    ordered = db_copy._parents_first(rows, [("parent_id", "id")])
    assert [row["id"] for row in ordered] == ["b", "d", "c", "a"]


def test_evidence_bytes_arrive_byte_for_byte(demo_file, demo_on_server, new_server_database):
    server = new_server_database(template=demo_on_server)
    sizes = {}
    for target in (demo_file, server):
        database = open_database(target, upgrade=False)
        with database.session() as session:
            sizes[str(target)] = sorted((row.sha256, row.data) for row in session.scalars(select(EvidenceContent)))
        database.dispose()
    first, second = sizes.values()
    assert first == second and sum(len(data) for _, data in first) > 0
