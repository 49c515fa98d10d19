"""Workbooks LibreOffice saved as .xls, .ods and .csv (tests/data/workbooks) import as the .xlsx they came from."""

from __future__ import annotations

import pytest

from pmsdesk.importers import ImportOptions, import_sdbip
from pmsdesk.importers.workbook import read_sheets
from tests.published_sdbips import ROOT

from .outcomes import imported
from .workbooks import SMALL_SDBIP_KPIS, imported_kpis, lepelle_workbook, small_sdbip

SAVED = ROOT / "tests" / "data" / "workbooks"
LEPELLE = ImportOptions(organisation_code="MP303", year_label="2017/18")


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_libreoffice_files_read_to_the_grids_of_the_xlsx(tmp_path, suffix):
    for name, build in (("lepelle-nkumpi-sdbip", lepelle_workbook), ("small-sdbip", small_sdbip)):
        source = tmp_path / f"{name}.xlsx"
        build(source)
        expected = [(g.name, g.hidden, g.rows) for g in read_sheets(source, None)]
        assert [(g.name, g.hidden, g.rows) for g in read_sheets(SAVED / f"{name}{suffix}", None)] == expected


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_the_lepelle_sdbip_saved_by_libreoffice_imports_to_the_same_kpis(seeded_file, tmp_path, suffix):
    source = tmp_path / "lepelle-nkumpi-sdbip.xlsx"
    lepelle_workbook(source)
    assert imported(seeded_file, tmp_path, SAVED / f"lepelle-nkumpi-sdbip{suffix}", LEPELLE) == \
        imported(seeded_file, tmp_path, source, LEPELLE)


def test_a_windows_1252_semicolon_csv_from_libreoffice_imports_as_its_first_sheet(seeded_file, tmp_path):
    source = tmp_path / "lepelle-nkumpi-sdbip.xlsx"
    lepelle_workbook(source)
    first = ImportOptions(organisation_code="MP303", year_label="2017/18", sheets=("Technical Services (1)",))
    got = imported(seeded_file, tmp_path, SAVED / "lepelle-nkumpi-sdbip.csv", LEPELLE)
    assert got == imported(seeded_file, tmp_path, source, first)
    cells = [str(value) for row in read_sheets(SAVED / "lepelle-nkumpi-sdbip.csv", None)[0].rows for value in row]
    assert any("R3\u00a0000\u00a0000.00" in cell for cell in cells)  # 0xA0 read as Windows-1252's no-break space
    assert not any("\ufffd" in cell for cell in cells)


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_the_small_sdbip_saved_by_libreoffice_imports_without_a_flag(session, system, municipality, suffix):
    report = import_sdbip(session, system, SAVED / f"small-sdbip{suffix}",
                          ImportOptions(organisation_code="MP303", year_label="2026/27"))
    assert report.written and not report.errors and report.flags == 0
    assert imported_kpis(session) == SMALL_SDBIP_KPIS
