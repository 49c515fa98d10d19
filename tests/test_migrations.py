"""The schema comes only from migrations, matches the models, and upgrades safely."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from pmsdesk.db import (
    DatabaseError,
    _alembic_config,
    database_url,
    head_revision,
    make_engine,
    open_database,
    schema_status,
)
from pmsdesk.models import Base


def test_the_recorded_head_revision_is_alembics_head():
    """Opening an up-to-date database trusts HEAD_REVISION instead of importing Alembic."""
    from alembic.script import ScriptDirectory

    from pmsdesk.db import MIGRATIONS_DIR

    assert head_revision() == ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def test_a_fresh_database_is_migrated_to_head(tmp_path):
    database = open_database(tmp_path / "fresh.sqlite")
    try:
        assert schema_status(database.engine).current == head_revision()
    finally:
        database.dispose()


def test_migrated_schema_matches_the_models(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_database_runs_in_wal_mode_with_foreign_keys(database):
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def _migrate_to(path, revision: str) -> None:
    engine = make_engine(database_url(path))
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)
    engine.dispose()


def test_an_older_database_is_backed_up_then_upgraded_keeping_its_data(tmp_path):
    path = tmp_path / "old.sqlite"
    _migrate_to(path, "0001")
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO organisation (id, code, name, kind, country, year_start_month, reports_monthly,"
            " origin_office, version, updated_at) VALUES ('o1', 'ZA-1', 'Ngwathe', 'municipality', 'ZA', 7, 0,"
            " 'LOCAL', 1, '2025-01-01')"
        )
    database = open_database(path)
    database.dispose()
    backups = list((tmp_path / "backups").glob("old-*-before-upgrade-from-0001.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert backup.execute("SELECT name FROM organisation").fetchone() == ("Ngwathe",)
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
        assert upgraded.execute("SELECT name FROM organisation").fetchone() == ("Ngwathe",)


@pytest.mark.parametrize("built_by_demo", [True, False])
def test_a_demo_built_before_0006_is_marked_demo_and_a_real_one_is_not(tmp_path, built_by_demo):
    path = tmp_path / "old.sqlite"
    _migrate_to(path, "0005")
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO audit_event (occurred_at, actor, action, entity, entity_id, previous_hash, event_hash)"
            " VALUES ('2025-01-01', 'demo', ?, 'organisation', 'o1', 'x', 'y')",
            ("demo" if built_by_demo else "create",))
    open_database(path).dispose()
    with sqlite3.connect(path) as upgraded:
        marks = upgraded.execute("SELECT value FROM installation_setting WHERE key = 'demo'").fetchall()
    assert bool(marks) is built_by_demo


def test_a_database_from_a_newer_pmsdesk_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "newer.sqlite"
    open_database(path).dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer pmsdesk"):
        open_database(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("minutes of the council meeting")
    with pytest.raises(DatabaseError, match="not a SQLite database"):
        open_database(path)
    assert path.read_text() == "minutes of the council meeting"


def test_a_foreign_sqlite_database_is_not_taken_over(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE songs (title TEXT)")
    with pytest.raises(DatabaseError, match="not a pmsdesk database"):
        open_database(path)


def test_an_out_of_date_schema_is_an_error_when_upgrades_are_not_allowed(tmp_path):
    path = tmp_path / "old.sqlite"
    _migrate_to(path, "0001")
    with pytest.raises(DatabaseError, match="pmsdesk db upgrade"):
        open_database(path, upgrade=False)


def test_an_office_with_agreements_upgrades_through_the_kenyan_kinds(tmp_path):
    """0010 widens the kinds of tables other tables point at: with rows in them the upgrade must still commit."""
    import sqlite3

    path = tmp_path / "office.sqlite"
    _migrate_to(path, "0009_confirmed_values")
    with sqlite3.connect(path) as raw:  # orphans are fine here: only the rows pointing at each other matter
        raw.execute("INSERT INTO performance_agreement (id, organisation_id, financial_year_id, person_id, kind, "
                    "rule_set_code, title, status, amendment_number, origin_office, version, updated_at) VALUES "
                    "('a1', 'o1', 'y1', 'p1', 'ke_pc', 'ke_pc', 'Contract', 'draft', 0, 'KE-001', 1, "
                    "'2026-01-01 00:00:00')")
        raw.execute("INSERT INTO agreement_item (id, agreement_id, kind, position, title, weight, origin_office, "
                    "version, updated_at) VALUES ('i1', 'a1', 'indicator', 1, 'Roads graded', 10, 'KE-001', 1, "
                    "'2026-01-01 00:00:00')")
        raw.execute("INSERT INTO assessment (id, agreement_id, review_label, status, rule_set_code, origin_office, "
                    "version, updated_at) VALUES ('s1', 'a1', 'Quarter 1 report', 'draft', 'ke_pc', 'KE-001', 1, "
                    "'2026-01-01 00:00:00')")
    _migrate_to(path, "head")
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE performance_agreement SET kind = 'ke_spas' WHERE id = 'a1'")  # the wider kinds hold
        raw.execute("UPDATE assessment SET status = 'submitted' WHERE id = 's1'")
        assert raw.execute("SELECT count(*) FROM agreement_item WHERE agreement_id = 'a1'").fetchone() == (1,)
