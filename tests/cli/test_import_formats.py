"""``pmsdesk import-sdbip`` of an .xls or .ods SDBIP gives what the .xlsx gives; a lying file name is one line."""

from __future__ import annotations

import json

import pytest

from pmsdesk.cli.main import main
from tests.importers.workbooks import SMALL_SDBIP_KPIS, imported_kpis, small_sdbip


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_an_xls_or_ods_sdbip_imports_from_the_command_line_as_the_xlsx_does(database, tmp_path, capsys, suffix,
                                                                            as_user):
    workbook = small_sdbip(tmp_path / f"sdbip.{suffix}")
    db = str(tmp_path / "test.sqlite")  # the file behind the ``database`` fixture
    assert main(["import-sdbip", str(workbook), "--db", db, "--org", "ZA-T01", "--year", "2026/27", "--json",
                 *as_user("pms_officer")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["written"] and report["kpis"]["created"] == 3 and report["file"] == f"sdbip.{suffix}"
    with database.session() as session:
        assert imported_kpis(session) == SMALL_SDBIP_KPIS


def test_a_web_page_saved_as_xls_is_one_line_and_exit_2(database, tmp_path, capsys, as_user):
    page = tmp_path / "SDBIP from the financial system.xls"
    page.write_text("<html><body><table><tr><td>KPI Ref</td></tr></table></body></html>", encoding="utf-8")
    assert main(["import-sdbip", str(page), "--db", str(tmp_path / "test.sqlite"), "--org", "ZA-T01",
                 *as_user("pms_officer")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SDBIP from the financial system.xls is a web page (HTML)" in err
