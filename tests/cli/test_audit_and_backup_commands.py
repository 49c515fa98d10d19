"""pmsdesk audit verify|log, backup and restore as a user runs them."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from pmsdesk.cli.main import main
from pmsdesk.db import open_database
from pmsdesk.services import kpis
from pmsdesk.services.actor import Actor
from tests.conftest import number_kpi


@pytest.fixture
def db_file(tmp_path, seeded_file):
    path = tmp_path / "office.sqlite"
    shutil.copyfile(seeded_file, path)
    database = open_database(path)
    with database.session() as session:
        from pmsdesk.models import FinancialYear

        year_id = session.query(FinancialYear.id).scalar()
        kpi = kpis.create_kpi(session, Actor.system("pmsofficer"), year_id, number_kpi("TS01"))
        kpis.update_kpi(session, Actor.system("pmsofficer"), kpi.id, {"annual_target": 450},
                        reason="Adjustment budget")
    database.dispose()
    return str(path)


def test_audit_verify_passes_on_an_untouched_database(db_file, capsys):
    assert main(["audit", "verify", "--db", db_file]) == 0
    assert "every link checks" in capsys.readouterr().out


def test_audit_verify_names_the_first_broken_link(db_file, capsys):
    with sqlite3.connect(db_file) as connection:
        (event_id,) = connection.execute("SELECT id FROM audit_event WHERE action = 'update'").fetchone()
        connection.execute("UPDATE audit_event SET reason = 'nothing to see' WHERE id = ?", (event_id,))
    assert main(["audit", "verify", "--db", db_file, "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False and result["first_broken_event"] == event_id


def test_audit_log_of_a_kpi_shows_its_changes_with_reasons(db_file, capsys):
    assert main(["audit", "log", "--db", db_file, "--kpi", "TS01"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert "create" in out[0] and "pmsofficer" in out[0]
    assert "annual_target: 400.0 → 450.0" in out[1] and "(reason: Adjustment budget)" in out[1]


def test_audit_log_of_an_unknown_kpi_is_a_user_error(db_file, capsys):
    assert main(["audit", "log", "--db", db_file, "--kpi", "NOPE1"]) == 2
    assert "no KPI with reference NOPE1" in capsys.readouterr().err


def test_backup_then_restore(db_file, capsys, as_user):
    assert main(["backup", "--db", db_file, "--json", *as_user("pms_officer")]) == 0
    backup = json.loads(capsys.readouterr().out)["backup"]
    with sqlite3.connect(db_file) as connection:
        connection.execute("DELETE FROM kpi_target")
        connection.execute("UPDATE kpi SET name = 'Broken'")
    assert main(["restore", backup, "--db", db_file, *as_user("pms_officer")]) == 2
    assert capsys.readouterr().err == "pmsdesk: error: pms_officer may not restore the database from a backup.\n"
    assert main(["restore", backup, "--db", db_file, *as_user("administrator")]) == 0
    assert "is kept in" in capsys.readouterr().out
    with sqlite3.connect(db_file) as connection:
        assert connection.execute("SELECT name FROM kpi").fetchone()[0].startswith("Number of households")
        assert connection.execute("SELECT actor FROM audit_event WHERE action = 'restore'").fetchall() == [
            ("administrator",)]


@pytest.mark.parametrize("words", [["backup"], ["restore"]])
def test_backup_and_restore_need_a_signed_in_user(db_file, capsys, words):
    if words == ["restore"]:
        words = ["restore", db_file.replace("office.sqlite", "sound-backup.sqlite")]
        shutil.copyfile(db_file, words[1])
    assert main([*words, "--db", db_file]) == 2
    assert capsys.readouterr().err.startswith("pmsdesk: error: this command changes data: sign in with --user NAME")


def test_a_backup_of_another_organisation_needs_force_and_a_reason(db_file, capsys, as_user, tmp_path):
    other = tmp_path / "other.sqlite"
    shutil.copyfile(db_file, other)
    with sqlite3.connect(other) as connection:
        connection.execute("UPDATE organisation SET id = 'another', code = 'KE-047', name = 'Another County'")
    admin = as_user("administrator")
    assert main(["restore", str(other), "--db", db_file, *admin]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "it holds the organisation(s) KE-047 Another County" in err and "--force" in err
    assert main(["restore", str(other), "--db", db_file, "--force", *admin]) == 2
    assert "--force and --reason go together" in capsys.readouterr().err
    assert main(["restore", str(other), "--db", db_file, "--force", "--reason", "county laptop replaced", *admin]) == 0
    assert "Restored although it differs" in capsys.readouterr().out
    with sqlite3.connect(db_file) as connection:
        assert connection.execute("SELECT code FROM organisation").fetchall() == [("KE-047",)]


def test_restoring_a_missing_file_is_a_user_error(db_file, capsys, tmp_path, as_user):
    assert main(["restore", str(tmp_path / "none.sqlite"), "--db", db_file, *as_user()]) == 2
    assert "No backup file at" in capsys.readouterr().err


def test_backup_refuses_postgresql_urls(capsys):
    assert main(["backup", "--db", "postgresql://pms@localhost/pms"]) == 2
    assert "use pg_dump" in capsys.readouterr().err


@pytest.mark.parametrize("words", [["audit", "verify"], ["audit", "log"]])
def test_reading_the_audit_trail_of_an_empty_or_missing_file_writes_nothing(tmp_path, capsys, words):
    empty, missing = tmp_path / "empty.sqlite", tmp_path / "missing.sqlite"
    empty.write_bytes(b"")
    assert main([*words, "--db", str(empty)]) == 2
    err = capsys.readouterr().err
    assert err == f"pmsdesk: error: {empty} is empty (0 bytes): it holds no pmsdesk database. Nothing was written to it.\n"
    assert empty.stat().st_size == 0
    assert main([*words, "--db", str(missing)]) == 2
    assert capsys.readouterr().err.startswith(f"pmsdesk: error: No database at {missing}")
    assert not missing.exists()


def test_db_check_on_a_file_from_a_newer_pmsdesk_says_this_one_is_older(db_file, capsys):
    with sqlite3.connect(db_file) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    assert main(["db", "check", "--db", db_file]) == 1
    out = capsys.readouterr().out
    assert "made by a newer pmsdesk (schema 9999_from_the_future)" in out and "is older than the file" in out
    assert "db upgrade" not in out


def test_restoring_where_there_is_no_database_signs_in_against_the_backup_and_leaves_it_untouched(
        db_file, tmp_path, capsys, as_user):
    backup = tmp_path / "carried-on-a-stick.sqlite"
    shutil.copyfile(db_file, backup)
    before = backup.read_bytes()
    target = tmp_path / "new-laptop" / "pmsdesk.sqlite"
    assert main(["restore", str(backup), "--db", str(target), *as_user("pms_officer")]) == 2
    assert "pms_officer may not restore" in capsys.readouterr().err and not target.exists()
    assert main(["restore", str(backup), "--db", str(target), *as_user("administrator")]) == 0
    assert backup.read_bytes() == before  # the sign-in went into a scratch copy
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT actor FROM audit_event WHERE action = 'restore'").fetchall() == [
            ("administrator",)]
