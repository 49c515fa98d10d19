"""``pmsdesk report`` from the outside: a PDF and its fingerprint, verify, one-line errors (exit 2)."""

from __future__ import annotations

import json
import shutil

import pytest

from pmsdesk.cli.main import main
from pmsdesk.db import open_database
from pmsdesk.demo import build_demo


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, migrated_file):
    target = tmp_path_factory.mktemp("report-cli") / "za.sqlite"
    shutil.copyfile(migrated_file, target)
    database = open_database(target)
    build_demo(database, profile="za-municipality", seed=1)
    database.dispose()
    return target


@pytest.fixture
def db(demo_file, tmp_path):
    target = tmp_path / "za.sqlite"
    shutil.copyfile(demo_file, target)
    return str(target)


def _error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, err
    return err


def test_a_report_is_written_and_described_as_json(db, tmp_path, capsys):
    out = tmp_path / "ts.pdf"
    code = main(["report", "scorecard", "--db", db, "--out", str(out), "--unit", "TS",
                 "--period", "Q1", "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert out.read_bytes().startswith(b"%PDF")
    assert result["kind"] == "scorecard" and result["pages"] >= 1
    assert result["parameters"] == {"kind": "scorecard", "year": "2025/26", "period": 1,
                                    "organisation": "ZA-001", "unit": "TS"}
    assert result["draft"] is False


def test_verify_matches_then_reports_changed_data(db, tmp_path, capsys):
    out = tmp_path / "agreement.pdf"
    assert main(["report", "agreement", "--db", db, "--out", str(out), "--person", "Sipho"]) == 0
    capsys.readouterr()
    assert main(["report", "verify", str(out), "--db", db]) == 0
    assert capsys.readouterr().out.startswith("MATCHES:")

    from sqlalchemy import update

    from pmsdesk.models import Person

    database = open_database(db, upgrade=False, create=False)
    with database.session() as session:
        session.execute(update(Person).where(Person.full_name == "Sipho Nkosi")
                        .values(employee_number="E9999"))
        session.commit()
    database.dispose()
    assert main(["report", "verify", str(out), "--db", db, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["outcome"] == "changed"


def test_verify_rejects_an_unknown_fingerprint(db, capsys):
    assert main(["report", "verify", "ZZZZZ-00000", "--db", db]) == 1
    assert capsys.readouterr().out.startswith("UNKNOWN:")


@pytest.mark.parametrize("words, problem", [
    (["quarterly", "--org", "NOPE"], "--org: no organisation with code 'NOPE'; the database holds ZA-001"),
    (["quarterly", "--period", "Q9"], "--period: 2025/26 has no quarter 9"),
    (["quarterly", "--period", "next"], "--period: expected a quarter such as Q2"),
    (["quarterly", "--year", "1999/00"], "--year: ZA-001 has no financial year '1999/00'"),
    (["quarterly", "--unit", "XX"], "--unit: ZA-001 has no unit 'XX'"),
    (["agreement"], "--person NAME_OR_ID is needed: agreements exist for Sipho Nkosi, Thandiwe"),
    (["agreement", "--person", "Nobody"], "--person: nobody called 'Nobody' has an agreement"),
    (["agreement", "--period", "Q1", "--person", "Sipho"], "--period does not apply to the agreement report"),
    (["ke-contract", "--person", "Sipho"], "no ke_pc agreement in the database"),
    (["mid-year", "--period", "Q3"], "--period does not apply to the mid-year report"),
])
def test_mistakes_exit_2_with_one_line_naming_the_problem(words, problem, db, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    assert main(["report", *words, "--db", db, "--out", str(out)]) == 2
    assert problem in _error(capsys)
    assert not out.exists()


def test_out_must_be_a_pdf(db, tmp_path, capsys):
    assert main(["report", "scorecard", "--db", db, "--out", str(tmp_path / "x.txt")]) == 2
    assert "--out" in _error(capsys)


def test_verify_refuses_a_file_that_is_not_a_pmsdesk_pdf(db, tmp_path, capsys):
    other = tmp_path / "notes.pdf"
    other.write_bytes(b"%PDF-1.4\n% nothing here\n")
    assert main(["report", "verify", str(other), "--db", db]) == 2
    assert "no pmsdesk document fingerprint" in _error(capsys)


def test_a_missing_database_is_a_user_error(tmp_path, capsys):
    code = main(["report", "scorecard", "--db", str(tmp_path / "none.sqlite"), "--out",
                 str(tmp_path / "x.pdf")])
    assert code == 2
    assert _error(capsys).startswith("pmsdesk: error:")


def test_a_signed_in_user_is_named_as_who_printed_the_report(db, tmp_path, capsys, as_user):
    out = tmp_path / "ts.pdf"
    assert main(["report", "scorecard", "--db", db, "--out", str(out), "--unit", "TS", "--period", "Q1",
                 *as_user("viewer", "viewer-demo-2025")]) == 0
    capsys.readouterr()
    assert main(["report", "verify", str(out), "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["generated_by"] == "viewer"
