"""Migration 0016 on an office that already holds SPAS appraisals and contracts: the rows stay, an end-year
appraisal scored on results gets its agreed scores (so it keeps its band), the programme link is a real
foreign key, and the downgrade gives the rows back without the new columns."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command

from pmsdesk.db import _alembic_config, database_url, make_engine
from tests.test_migrations import _migrate_to

STAMP = "'KE-001', 1, '2026-01-01 00:00:00'"
COMMON = "origin_office, version, updated_at"


def _office_before_0016(path) -> None:
    _migrate_to(path, "0013_scored_results")
    with sqlite3.connect(path) as raw:  # orphans are fine here: only the rows pointing at each other matter
        raw.execute(f"INSERT INTO performance_agreement (id, organisation_id, financial_year_id, person_id, kind, "
                    f"rule_set_code, title, status, amendment_number, {COMMON}) VALUES ('a1', 'o1', 'y1', 'p1', "
                    f"'ke_spas', 'ke_spas', 'Appraisal', 'signed', 0, {STAMP})")
        for item_id, kind, target in (("t1", "target", 1200), ("t2", "target", 8), ("c1", "competency", None)):
            raw.execute(f"INSERT INTO agreement_item (id, agreement_id, kind, position, title, weight, target_value, "
                        f"{COMMON}) VALUES (?, 'a1', ?, 1, 'Line', 50, ?, {STAMP})", (item_id, kind, target))
        for review_id, label in (("r1", "End-year appraisal"), ("r2", "Mid-year review")):
            raw.execute(f"INSERT INTO assessment (id, agreement_id, review_label, status, rule_set_code, {COMMON}) "
                        f"VALUES (?, 'a1', ?, 'final', 'ke_spas', {STAMP})", (review_id, label))
        for line_id, review_id, item_id, actual in (("l1", "r1", "t1", 1080), ("l2", "r1", "t2", 8),
                                                    ("l3", "r1", "c1", None), ("l4", "r2", "t1", 500)):
            raw.execute(f"INSERT INTO assessment_rating (id, assessment_id, item_id, actual, {COMMON}) "
                        f"VALUES (?, ?, ?, ?, {STAMP})", (line_id, review_id, item_id, actual))


def test_an_office_with_appraisals_upgrades_and_keeps_its_bands(tmp_path):
    path = tmp_path / "office.sqlite"
    _office_before_0016(path)
    _migrate_to(path, "head")
    with sqlite3.connect(path) as raw:
        scores = dict(raw.execute("SELECT id, agreed_score FROM assessment_rating").fetchall())
        assert scores == {"l1": 90.0, "l2": 100.0, "l3": None, "l4": None}, "only end-year results of targets"
        assert raw.execute("SELECT count(*) FROM agreement_item WHERE programme_id IS NULL").fetchone() == (3,)
        raw.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute("UPDATE agreement_item SET programme_id = 'no-such-programme' WHERE id = 't1'")


def test_the_downgrade_gives_the_rows_back(tmp_path):
    path = tmp_path / "office.sqlite"
    _office_before_0016(path)
    _migrate_to(path, "head")
    engine = make_engine(database_url(path))
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0013_scored_results")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(agreement_item)")}
        assert "programme_id" not in columns and "resources" not in columns
        assert raw.execute("SELECT count(*) FROM assessment_rating").fetchone() == (4,)
