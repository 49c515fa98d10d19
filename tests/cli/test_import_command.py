"""``pmsdesk import-sdbip`` as an official runs it: dry run, JSON, one-line errors, saved templates."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from pmsdesk.cli.main import main
from pmsdesk.models import ImportTemplate, Kpi

DB_NAME = "test.sqlite"  # the file behind the ``database`` fixture


@pytest.fixture
def db(database, tmp_path) -> str:
    return str(tmp_path / DB_NAME)


@pytest.fixture
def workbook(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "SDBIP"
    for row in (["NGWATHE LOCAL MUNICIPALITY: SDBIP 2025/26"], [],
                ["Ref No", "Key Performance Indicator", "Annual Target", "first_quarter_actual", "Q2", "Q3", "Q4"],
                ["KPA 1: Basic Service Delivery Weight 40%"],
                ["TS01", "Households connected", "400", "100", "100", "100", "100"],
                ["TS02", "% of budget spent", "100%", "25%", "50%", "75%", "100%"]):
        sheet.append(row)
    path = tmp_path / "sdbip.xlsx"
    book.save(path)
    return str(path)


def _kpis(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Kpi))


def test_help(capsys):
    for words in (["import-sdbip"], ["export"], ["import-actuals"]):
        with pytest.raises(SystemExit) as exit_:
            main([*words, "--help"])
        assert exit_.value.code == 0
        assert f"usage: pmsdesk {words[0]}" in capsys.readouterr().out


def test_dry_run_reports_in_json_and_writes_nothing(database, db, as_user, workbook, capsys):
    code = main(["import-sdbip", workbook, "--db", db, *as_user("pms_officer"), "--org", "ZA-T01", "--dry-run", "--json",
                 "--map", "first_quarter_actual=target_q1"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["dry_run"] and not report["written"]
    assert report["kpis"] == {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}
    assert [row["action"] for row in report["rows"]] == ["kpa_heading", "created", "created"]
    assert _kpis(database) == 0


def test_import_then_update_from_a_saved_template(database, db, as_user, workbook, capsys):
    assert main(["import-sdbip", workbook, "--db", db, *as_user("pms_officer"), "--org", "ZA-T01",
                 "--map", "first_quarter_actual=target_q1",
                 "--save-template", "Ngwathe"]) == 0
    out = capsys.readouterr().out
    assert "sdbip.xlsx → ZA-T01 2025/26: 2 KPIs were created, 0 updated" in out
    assert _kpis(database) == 2
    with database.session() as session:
        assert session.scalar(select(ImportTemplate.mapping)) == {"first quarter actual": "target_q1"}
    assert main(["import-sdbip", workbook, "--db", db, *as_user("pms_officer"), "--org", "ZA-T01", "--template", "Ngwathe",
                 "--update-existing", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"]["unchanged"] == 2


def test_a_file_that_is_not_a_workbook_is_one_line_and_exit_2(database, db, as_user, tmp_path, capsys):
    path = tmp_path / "sdbip.xlsx"
    path.write_bytes(b"not a workbook")
    assert main(["import-sdbip", str(path), "--db", db, *as_user("pms_officer"), "--org", "ZA-T01"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("pmsdesk: error: sdbip.xlsx is a text (CSV) file with a .xlsx "
                                                    "extension, not a workbook; rename it to sdbip.csv")


def test_rows_with_problems_are_listed_and_nothing_is_written(database, db, as_user, workbook, capsys):
    assert main(["import-sdbip", workbook, "--db", db, *as_user("pms_officer"), "--org", "ZA-T01", "--sheet", "SDBIP",
                 "--map", "Annual Target=weight"]) == 2
    captured = capsys.readouterr()
    assert "error: sheet 'SDBIP', row 5, column C (Annual Target): the weight must be between 0 and 100, got 400" \
        in captured.out
    assert captured.err.startswith("pmsdesk: error: sdbip.xlsx: nothing imported: 1 problem(s) listed above")
    assert captured.err.count("\n") == 1


def test_an_unknown_field_in_map_names_the_allowed_ones(database, db, as_user, workbook, capsys):
    assert main(["import-sdbip", workbook, "--db", db, *as_user("pms_officer"), "--map", "Ref No=ref"]) == 2
    assert "'ref' (for the heading 'Ref No') is not a KPI field; use one of reference, name" in capsys.readouterr().err


def test_a_hidden_row_is_named_and_include_hidden_reads_it(database, db, as_user, workbook, capsys):
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book.active.row_dimensions[6].hidden = True  # TS02
    book.save(workbook)
    args = ["import-sdbip", workbook, "--db", db, *as_user("pms_officer"), "--org", "ZA-T01", "--dry-run", "--json",
            "--map", "first_quarter_actual=target_q1"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kpis"]["created"] == 1
    assert [(p["row"], p["severity"]) for p in report["problems"] if p["message"].startswith("hidden row")] == [
        (6, "warning")]

    assert main([*args, "--include-hidden"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kpis"]["created"] == 2
    assert any(p["message"].startswith("read from a hidden row") for p in report["problems"])
