"""``pmsdesk export`` and ``pmsdesk import-actuals``: formatted workbooks out, a filled template back in."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from pmsdesk.cli.main import main
from pmsdesk.models import PeriodActual
from pmsdesk.services import actuals, kpis
from pmsdesk.services.actor import Actor
from tests.conftest import number_kpi


@pytest.fixture
def db(database, tmp_path) -> str:
    return str(tmp_path / "test.sqlite")


@pytest.fixture
def two_kpis(session, system, small_org):
    ts = kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01", responsible_unit_id=small_org.technical_id))
    fin = kpis.create_kpi(session, system, small_org.year_id, number_kpi("FIN01", responsible_unit_id=small_org.finance_id))
    for kpi in (ts, fin):
        kpis.set_period_target(session, system, kpi.id, small_org.quarter_ids[0], {"value": 100})
    return ts, fin


def test_register_export_is_formatted(db, two_kpis, tmp_path, capsys):
    out = tmp_path / "register.xlsx"
    assert main(["export", "register", "--db", db, "--org", "ZA-T01", "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"] == 2
    book = load_workbook(out)
    sheet = book["KPI register"]
    assert sheet.freeze_panes == "C5" and sheet["A4"].value == "KPI Ref" and sheet["A4"].font.bold
    assert sheet.column_dimensions["B"].width == 45 and book["Lists"].sheet_state == "hidden"
    assert {v.formula1.split("!")[0] for v in sheet.data_validations.dataValidation} == {"'Lists'"}


def test_actuals_template_round_trip_for_one_directorate(session, db, small_org, two_kpis, tmp_path, capsys,
                                                         monkeypatch):
    out = tmp_path / "actuals-TS.xlsx"
    assert main(["export", "actuals-template", "--db", db, "--unit", "TS", "--period", "1", "--out", str(out)]) == 0
    book = load_workbook(out)
    sheet = book["Actuals"]
    assert [sheet.cell(5, c).value for c in (2, 6, 11)] == ["TS01", 100, "not reported"]
    assert sheet.protection.sheet and not sheet["G5"].protection.locked and sheet["F5"].protection.locked
    sheet["G5"] = 87
    sheet["H5"] = "=cmd|' /C calc'!A0"  # typed as text ('=… in Excel): kept as the same narrative text
    sheet["H5"].data_type = "s"
    book.save(out)
    monkeypatch.setenv("PMSDESK_PASSWORD", "capturer-password")
    capsys.readouterr()
    assert main(["import-actuals", str(out), "--db", db, "--user", "capturer"]) == 0
    assert "1 actuals saved" in capsys.readouterr().out
    session.expire_all()
    actual = session.scalar(select(PeriodActual))
    assert (actual.value, actual.narrative, actual.captured_by) == (87, "=cmd|' /C calc'!A0", "capturer")


def test_import_actuals_refuses_a_workbook_that_is_not_a_template(db, tmp_path, capsys, as_user):
    out = tmp_path / "register.xlsx"
    main(["export", "register", "--db", db, "--out", str(out)])
    assert main(["import-actuals", str(out), "--db", db, *as_user("capturer")]) == 2
    assert "register.xlsx is not a pmsdesk actuals template" in capsys.readouterr().err


def test_scorecard_export_has_traffic_lights(session, system, db, small_org, two_kpis, tmp_path, capsys):
    ts, _ = two_kpis
    actual = actuals.save_actual(session, system, ts.id, small_org.quarter_ids[0], {
        "value": 60, "deviation_reason": "Contractor left site", "corrective_measure": "New contractor appointed"})
    actuals.submit_actual(session, system, actual.id)
    actuals.verify_actual(session, Actor.system("verifier"), actual.id)  # only reviewed values count
    out = tmp_path / "scorecard.xlsx"
    assert main(["export", "scorecard", "--db", db, "--period", "1", "--out", str(out)]) == 0
    sheet = load_workbook(out)["Scorecard"]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "TS01")
    assert row[5].value == 60 and row[6].value == 60 and row[7].fill.fgColor.rgb.lower().endswith("c0392b")
    assert (row[15].value, row[16].value) == ("Contractor left site", "New contractor appointed")


def test_export_to_a_missing_folder_is_a_user_error(db, tmp_path, capsys):
    assert main(["export", "register", "--db", db, "--out", str(tmp_path / "nowhere" / "r.xlsx")]) == 2
    assert "the folder" in capsys.readouterr().err
