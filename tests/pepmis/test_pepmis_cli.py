"""``pmsdesk pepmis``: the same PEPMIS steps headless, with refusals as one line and exit code 2."""

from __future__ import annotations

import json
import shutil

import pytest

from pmsdesk.cli.main import main
from pmsdesk.db import open_database
from pmsdesk.services.actor import Actor

from .conftest import build_council


@pytest.fixture
def council_file(tmp_path, migrated_file):
    path = tmp_path / "council.sqlite"
    shutil.copyfile(migrated_file, path)
    database = open_database(path)
    with database.session() as session:
        build_council(session, Actor.system("tester"))
    database.dispose()
    return str(path)


def run(db: str, *arguments: str, user: str = "hr") -> int:
    """A step signed in as ``user`` (every command that changes data signs in), unless it names its own."""
    import os

    if "--user" in arguments or arguments[0] == "scores":
        return main(["pepmis", *arguments, "--db", db])
    before = os.environ.get("PMSDESK_PASSWORD")
    os.environ["PMSDESK_PASSWORD"] = f"{user}-password"
    try:
        return main(["pepmis", *arguments, "--db", db, "--user", user])
    finally:  # leave the environment as the test found it
        if before is None:
            del os.environ["PMSDESK_PASSWORD"]
        else:
            os.environ["PMSDESK_PASSWORD"] = before


def test_a_sub_task_from_plan_to_scores_on_the_command_line(council_file, capsys):
    db = council_file
    assert run(db, "plan", "--title", "Mbeya DC plan 2025/26") == 0
    assert run(db, "task", "--code", "T1", "--title", "Immunisation", "--weight", "100") == 0
    assert run(db, "sub-task", "--task", "T1", "--code", "T1.1", "--title", "Outreach clinics",
               "--weight", "100", "--target", "36 clinics") == 0
    assert run(db, "assign", "--sub-task", "T1.1", "--person", "Amina", "--period", "Q1",
               "--supervisor", "Juma") == 0
    assert run(db, "progress", "--sub-task", "T1.1", "--person", "Amina", "--period", "Q1", "--date", "2025-07-11",
               "--text", "Three clinics", "--percent", "10", "--reference", "Register p.4") == 0
    capsys.readouterr()
    assert run(db, "mark", "--sub-task", "T1.1", "--person", "Amina", "--period", "Q1", "--quantitative", "101",
               "--qualitative", "50", "--date", "2025-10-05", user="director") == 2
    assert "quantitative_mark: must be at most 100, got 101" in capsys.readouterr().err
    assert run(db, "mark", "--sub-task", "T1.1", "--person", "Amina", "--period", "Q1", "--quantitative", "90",
               "--qualitative", "80", "--date", "2025-10-05", user="director") == 0
    capsys.readouterr()
    assert run(db, "scores", "--json") == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores == [{"person": "Amina Mushi", "periods": {"Q1": 85.0}, "annual": 85.0,
                       "band": "Performance above average (Juu ya wastani)"}]


def test_a_mistyped_code_lists_the_codes_there_are(council_file, capsys):
    run(council_file, "plan", "--title", "Plan")
    run(council_file, "task", "--code", "T1", "--title", "Immunisation", "--weight", "100")
    assert run(council_file, "sub-task", "--task", "T9", "--code", "T9.1", "--title", "x", "--weight", "100") == 2
    assert "--task: no task 'T9' in the plan; tasks: T1" in capsys.readouterr().err


def test_an_account_linked_to_its_employee_cannot_mark_their_own_sub_task(council_file, capsys, monkeypatch):
    db = council_file
    for step in (["plan", "--title", "Plan"], ["task", "--code", "T1", "--title", "Immunisation", "--weight", "100"],
                 ["sub-task", "--task", "T1", "--code", "T1.1", "--title", "Clinics", "--weight", "100"],
                 ["assign", "--sub-task", "T1.1", "--person", "Juma", "--period", "Q1"],
                 ["link-account", "--account", "director", "--person", "Juma"]):
        assert run(db, *step, user="admin" if step[0] == "link-account" else "hr") == 0
    assert "Account director belongs to Juma Said." in capsys.readouterr().out
    monkeypatch.setenv("PMSDESK_PASSWORD", "director-password")
    assert run(db, "mark", "--sub-task", "T1.1", "--person", "Juma", "--period", "Q1", "--quantitative", "90",
               "--qualitative", "90", "--date", "2025-10-01", "--user", "director") == 2
    assert "director may not mark their own sub-task" in capsys.readouterr().err
