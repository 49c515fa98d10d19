"""Migration 0012: an existing database, with plans that objectives point at, learns the ADP and MTSP kinds."""

from __future__ import annotations

import sqlite3

import pytest

from tests.test_migrations import _migrate_to


def _plan_with_objective(path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("INSERT INTO organisation (id, code, name, kind, country, year_start_month, reports_monthly, "
                    "origin_office, version, updated_at) VALUES ('o', 'KE-001', 'Murang''a', 'county', 'KE', 7, 0, "
                    "'KE-001', 1, '2025-01-01')")
        raw.execute("INSERT INTO plan (id, organisation_id, kind, title, start_year, end_year, origin_office, version, "
                    "updated_at) VALUES ('p', 'o', 'cidp', 'CIDP', 2023, 2027, 'KE-001', 1, '2025-01-01')")
        raw.execute("INSERT INTO strategic_objective (id, plan_id, code, title, origin_office, version, updated_at) "
                    "VALUES ('s', 'p', 'SO1', 'Safe water', 'KE-001', 1, '2025-01-01')")


def test_an_upgrade_keeps_plans_and_their_objectives_and_accepts_the_new_kinds(tmp_path):
    path = tmp_path / "county.sqlite"
    _migrate_to(path, "0011_development_plan")
    _plan_with_objective(path)
    _migrate_to(path, "head")
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA foreign_keys = ON")
        assert raw.execute("SELECT kind, title FROM plan").fetchall() == [("cidp", "CIDP")]
        assert raw.execute("SELECT plan_id FROM strategic_objective").fetchall() == [("p",)]
        raw.execute("INSERT INTO plan (id, organisation_id, kind, title, start_year, end_year, origin_office, "
                    "version, updated_at) VALUES ('a', 'o', 'adp', 'ADP 2025/26', 2025, 2026, 'KE-001', 1, "
                    "'2025-01-01')")
        with pytest.raises(sqlite3.IntegrityError, match="ck_plan_plankind"):
            raw.execute("INSERT INTO plan (id, organisation_id, kind, title, start_year, end_year, origin_office, "
                        "version, updated_at) VALUES ('x', 'o', 'sdbip', 'No', 2025, 2026, 'KE-001', 1, '2025-01-01')")
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
