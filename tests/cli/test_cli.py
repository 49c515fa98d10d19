"""The command line as a user meets it: help everywhere, JSON on request, one-line errors with exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pmsdesk.cli.main import build_parser, main

SUBCOMMANDS = [["init"], ["demo"], ["db"], ["db", "upgrade"], ["db", "check"], ["calc"], ["audit", "verify"],
               ["audit", "log"], ["backup"], ["restore"], ["score"], ["report"], ["import-sdbip"],
               ["import-actuals"], ["export"], ["package"], ["keys"]]


@pytest.mark.parametrize("words", SUBCOMMANDS, ids=" ".join)
def test_every_subcommand_has_help(words, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*words, "--help"])
    assert exit_.value.code == 0
    assert "usage: pmsdesk " + " ".join(words) in capsys.readouterr().out


def test_the_parser_knows_every_documented_subcommand():
    help_text = build_parser().format_help()
    for name in ("demo", "db", "calc", "score", "report", "import-sdbip", "export", "package", "keys",
                 "audit", "backup", "restore"):
        assert name in help_text


def test_demo_then_check_with_json(tmp_path, capsys):
    db = str(tmp_path / "demo.sqlite")
    assert main(["demo", "--db", db, "--profile", "tz-lga", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["profile"] == "tz-lga" and summary["kpis"] > 50
    assert main(["db", "check", "--db", db, "--json"]) == 0
    check = json.loads(capsys.readouterr().out)
    assert check["ok"] is True and check["schema"] == check["expected_schema"]
    assert main(["db", "upgrade", "--db", db]) == 0
    assert "nothing to do" in capsys.readouterr().out


def test_demo_into_an_existing_demo_is_a_user_error(tmp_path, capsys):
    db = str(tmp_path / "demo.sqlite")
    main(["demo", "--db", db, "--profile", "tz-lga"])
    capsys.readouterr()
    assert main(["demo", "--db", db, "--profile", "tz-lga"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "pmsdesk: error: the database already holds organisations; build the demo in a new file"


@pytest.mark.parametrize(("argv", "fragment"), [
    (["demo", "--orgs", "0"], "--orgs: must be 1 or more"),
    (["demo", "--orgs", "many"], "--orgs: must be a whole number"),
    (["demo", "--profile", "fr-commune"], "invalid choice: 'fr-commune'"),
    (["db", "frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_bad_arguments_exit_2_naming_the_problem(argv, fragment, capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--db", str(tmp_path / "x.sqlite")])
    assert exit_.value.code == 2
    assert fragment in capsys.readouterr().err


def test_checking_a_missing_database_is_a_user_error(tmp_path, capsys):
    assert main(["db", "check", "--db", str(tmp_path / "nowhere.sqlite")]) == 2
    assert "no database at" in capsys.readouterr().err


def test_checking_a_file_that_is_not_a_database_reports_not_ok(tmp_path, capsys):
    path = tmp_path / "minutes.sqlite"
    path.write_text("council minutes")
    assert main(["db", "check", "--db", str(path)]) == 1
    assert "not a SQLite database" in capsys.readouterr().out


def test_a_database_from_a_newer_pmsdesk_gives_one_line_not_a_traceback(tmp_path):
    import sqlite3

    from pmsdesk.db import open_database

    path = tmp_path / "newer.sqlite"
    open_database(path).dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    result = subprocess.run([sys.executable, "-m", "pmsdesk", "demo", "--db", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "made by a newer pmsdesk" in result.stderr


def test_a_case_file_may_follow_the_rules_option(tmp_path, capsys):
    case = tmp_path / "spas.json"
    case.write_text('{"percent_achieved": 85}')
    assert main(["calc", "ke-pc", "--rules", "ke_spas", str(case)]) == 0
    assert '"percent_achieved": 85' in capsys.readouterr().out


def test_two_case_files_are_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["calc", "ke-pc", "a.json", "b.json"])
    assert exit_.value.code == 2
    assert "unrecognized arguments: b.json" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "db_target"), [([], None), (["--db", "office.sqlite"], "office.sqlite"),
                                                 (["--db=office.sqlite"], "office.sqlite")])
def test_opening_the_window_imports_no_subcommand(argv, db_target):
    """The window must not wait for openpyxl, ReportLab, Alembic and the rest of the CLI to load."""
    probe = ("import sys, pmsdesk.cli.main as cli\n"
             "cli._open_window = lambda db: print(repr(db)) or 0\n"
             f"cli.main({argv!r})\n"
             "print(sorted(m for m in sys.modules if m.startswith(('openpyxl', 'reportlab', 'alembic', 'pmsdesk.cli.'))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.splitlines() == [repr(db_target), "['pmsdesk.cli.common', 'pmsdesk.cli.main']"]


def test_db_without_a_value_still_gets_the_parsers_message(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db"])
    assert exit_info.value.code == 2
    assert "--db: expected one argument" in capsys.readouterr().err
