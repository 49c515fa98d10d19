"""After an upgrade that adds empty columns, only rows really changed are sent again."""

from __future__ import annotations

import importlib

from alembic import command
from sqlalchemy import select, text, update

from pmsdesk.db import _alembic_config, database_url, make_engine
from pmsdesk.models import PeriodActual, SyncRowClock
from pmsdesk.sync.rows import plain_row, row_hash, tables_by_name
from tests.test_migrations import _migrate_to

MIGRATION = importlib.import_module("pmsdesk.migrations.versions.0008_row_hash_without_nulls")


def _digests(database) -> dict[str, str]:
    with database.session() as session:
        return dict(session.execute(select(SyncRowClock.row_id, SyncRowClock.row_hash)).all())


def _rows(database) -> dict[str, dict]:
    rows = {}
    with database.session() as session:
        for table in tables_by_name().values():
            for row in session.execute(select(table)):
                plain = plain_row(table, row)
                rows[plain["id"]] = plain
    return rows


def test_old_digests_are_converted_and_a_real_change_is_still_sent(pair):
    office = pair.office
    pair.head.import_(pair.first_package)  # head office has everything and says so: only changes travel now
    pair.head.export("KE-001", pair.folder / "ack.pmspkg")
    office.import_(pair.folder / "ack.pmspkg")
    later = {"period_actual": ("confirmed_value", "confirmed_by", "confirmation_note")}  # columns after 0008
    with office.database.session() as session:  # digests as the release before 0008 stored them
        entities = dict(session.execute(select(SyncRowClock.row_id, SyncRowClock.entity)).all())
        old_digests = {}
        for row_id, plain in _rows(office.database).items():
            left_out = MIGRATION.ADDED.get(entities.get(row_id, ""), ()) + later.get(entities.get(row_id, ""), ())
            old_digests[row_id] = MIGRATION._old_digest(
                {key: value for key, value in plain.items() if key not in left_out})
        changed_id = session.scalars(select(PeriodActual.id).where(PeriodActual.value.is_not(None))
                                     .order_by(PeriodActual.id).limit(1)).one()
    office.close()
    engine = make_engine(database_url(office.path))
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0007_kpi_texts")
        for row_id, digest in old_digests.items():
            connection.execute(update(SyncRowClock).where(SyncRowClock.row_id == row_id).values(row_hash=digest))
        connection.execute(text("UPDATE period_actual SET narrative = 'corrected after the quarterly review' "
                                "WHERE id = :id"), {"id": changed_id})  # edited, not yet sent
    engine.dispose()
    stored_before = dict(old_digests)

    _migrate_to(office.path, "head")

    now = _rows(office.database)
    after = _digests(office.database)
    assert after[changed_id] == stored_before[changed_id] != row_hash(now[changed_id])
    unconverted = [row_id for row_id, digest in after.items() if row_id != changed_id and row_id in now
                   and digest != row_hash(now[row_id])]
    assert unconverted == []
    summary = office.export("HEAD-OFFICE", pair.folder / "second.pmspkg")
    assert sum(summary.counts.values()) == 1, summary.counts


def test_an_empty_field_does_not_change_a_digest():
    assert row_hash({"id": "a", "value": 4.0, "note": None}) == row_hash({"id": "a", "value": 4.0})
    assert row_hash({"id": "a", "value": 4.0, "version": 3}) == row_hash({"id": "a", "value": 4.0, "version": 9})
    assert row_hash({"id": "a", "value": 4.0}) != row_hash({"id": "a", "value": 0.0})
