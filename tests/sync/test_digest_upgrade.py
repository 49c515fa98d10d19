"""After an upgrade that adds empty columns, only rows really changed are sent again."""

from __future__ import annotations

import importlib

from sqlalchemy import select, text, update

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
    with office.database.session() as session:  # digests as the release before stored them
        entities = dict(session.execute(select(SyncRowClock.row_id, SyncRowClock.entity)).all())
        for row_id, plain in _rows(office.database).items():
            added = MIGRATION.ADDED.get(entities.get(row_id, ""), ())
            before = {key: value for key, value in plain.items() if key not in added}
            session.execute(update(SyncRowClock).where(SyncRowClock.row_id == row_id)
                            .values(row_hash=MIGRATION._old_digest(before)))
        changed = session.scalars(select(PeriodActual).where(PeriodActual.value.is_not(None))
                                  .order_by(PeriodActual.id).limit(1)).one()
        session.execute(update(PeriodActual).where(PeriodActual.id == changed.id)  # edited, not yet sent
                        .values(narrative="corrected after the quarterly review"))
        session.execute(text("UPDATE alembic_version SET version_num = '0007_kpi_texts'"))
        session.commit()
        changed_id = changed.id
    office.close()
    stored_before = _digests(office.database)
    office.close()

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
