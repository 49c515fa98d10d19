"""The import's prepared statements store exactly what SQLAlchemy's own statements store, on both databases."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import insert, select

from pmsdesk.models import PeriodActual, SyncPackageLog, Unit
from pmsdesk.sync.bulk import PROBE_CHUNK, insert_rows, present


@pytest.fixture
def database(any_database):
    return any_database


def _stored(session, table, row_id: str, differing: tuple[str, ...]) -> tuple:
    """The row as the driver returns it (the database's own representation), without the columns that differ."""
    key = table.primary_key.columns[0]
    columns = [column for column in table.columns if column.name not in differing]
    compiled = select(*columns).where(key == row_id).compile(dialect=session.get_bind().dialect)
    parameters = (row_id,) if compiled.positional else {name: row_id for name in compiled.binds}
    return tuple(session.connection().exec_driver_sql(compiled.string, parameters).one())


def _both_ways(session, table, first: dict, second: dict, differing: tuple[str, ...]) -> tuple[tuple, tuple]:
    """``first`` inserted by SQLAlchemy, ``second`` by ``insert_rows``; both as stored."""
    key = table.primary_key.columns[0].name
    session.execute(insert(table), [first])
    insert_rows(session, table, [second])
    return _stored(session, table, first[key], differing), _stored(session, table, second[key], differing)


@pytest.mark.parametrize("variant", [
    {"value": 400, "value_date": None, "status": "approved", "is_late": True,
     "submitted_at": datetime(2025, 1, 8, 10, 0, 0, 123456), "updated_at": datetime(2026, 11, 26, 14, 49, 12, 1)},
    {"value": 12.75, "value_date": date(2025, 3, 31), "status": "draft", "is_late": False,
     "submitted_at": None, "updated_at": datetime(2025, 1, 1)},
])
def test_an_actual_is_stored_exactly_as_sqlalchemy_stores_it(session, small_org, kpi_in_technical, variant):
    row = {"kpi_id": kpi_in_technical.id, "value_text": None, "narrative": "Q1: 400 households, ward 21",
           "deviation_reason": None, "corrective_measure": None, "captured_by": "capturer", "verified_by": None,
           "verified_at": None, "approved_by": "approver", "approved_at": datetime(2025, 1, 17, 10),
           "review_comment": None, "confirmed_value": None, "confirmed_by": None, "confirmation_note": None,
           "origin_office": "ZA-001", "version": 1, **variant}
    first = {**row, "id": str(uuid.uuid4()), "period_id": small_org.quarter_ids[0]}
    second = {**row, "id": str(uuid.uuid4()), "period_id": small_org.quarter_ids[1]}
    ours, theirs = _both_ways(session, PeriodActual.__table__, first, second, ("id", "period_id"))
    assert ours == theirs


def test_a_package_log_row_with_json_is_stored_exactly_as_sqlalchemy_stores_it(session):
    table = SyncPackageLog.__table__
    row = {"direction": "in", "peer_office": "ZA-001", "sequence": 3, "covers_from": 1, "watermark": None,
           "created_at": datetime(2026, 11, 26, 14, 49, 16), "logged_at": datetime(2026, 11, 26, 15, 0, 0, 5),
           "actor": "bench", "summary": {"inserted": 4026, "file": "Zäøé-1.pmspkg", "nested": [1, 2.5, None]}}
    ours, theirs = _both_ways(session, table, {**row, "package_id": "a" * 64}, {**row, "package_id": "b" * 64},
                              ("package_id",))
    assert ours == theirs


def test_the_probe_finds_exactly_the_ids_present_across_chunks_and_padding(session):
    table = Unit.__table__
    existing = list(session.scalars(select(table.c.id)))
    missing = [str(uuid.uuid4()) for _ in range(PROBE_CHUNK + 88)]
    asked = missing[:3] + existing[:2] + missing[3:PROBE_CHUNK + 40] + existing[2:] + missing[PROBE_CHUNK + 40:]
    assert present(session, table.c.id, asked) == set(existing)
    assert present(session, table.c.id, existing[-1:]) == set(existing[-1:])
    assert present(session, table.c.id, []) == set()
