"""The real published SDBIPs saved as .xls, .ods and .csv import to the same KPIs as the .xlsx."""

from __future__ import annotations

import pytest

from pmsdesk.importers import ImportOptions
from pmsdesk.importers.workbook import read_sheets

from .conftest import MKHONDO_MAPPING
from .outcomes import imported
from .workbooks import lepelle_workbook, mkhondo_workbook

SDBIPS = {"mkhondo": (mkhondo_workbook, "2016/17", MKHONDO_MAPPING), "lepelle": (lepelle_workbook, "2017/18", {})}


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """Each published SDBIP written once in every format: {(name, suffix): path}."""
    folder = tmp_path_factory.mktemp("formats")
    paths = {}
    for name, (build, _, _) in SDBIPS.items():
        for suffix in (".xlsx", ".xls", ".ods", ".csv"):
            paths[name, suffix] = folder / f"{name}{suffix}"
            build(paths[name, suffix])
    return paths


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
@pytest.mark.parametrize("name", SDBIPS)
def test_every_sheet_reads_to_the_same_grid_as_the_xlsx(published, name, suffix):
    expected = [(g.name, g.hidden, g.rows) for g in read_sheets(published[name, ".xlsx"], None)]
    assert [(g.name, g.hidden, g.rows) for g in read_sheets(published[name, suffix], None)] == expected


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
@pytest.mark.parametrize("name", SDBIPS)
def test_an_xls_or_ods_sdbip_imports_to_the_same_kpis_as_the_xlsx(published, seeded_file, tmp_path, name, suffix):
    _, year, mapping = SDBIPS[name]
    options = ImportOptions(organisation_code="MP303", year_label=year, mapping=mapping)
    expected = imported(seeded_file, tmp_path, published[name, ".xlsx"], options)
    got = imported(seeded_file, tmp_path, published[name, suffix], options)
    assert expected[0]["written"] and not expected[0]["errors"] and len(expected[1]) > 20
    assert got == expected


@pytest.mark.parametrize("name", SDBIPS)
def test_the_first_sheet_saved_as_csv_imports_to_the_same_kpis(published, seeded_file, tmp_path, name):
    """Excel saves the sheet shown as CSV: merged cells keep their value in the first cell only."""
    _, year, mapping = SDBIPS[name]
    first = read_sheets(published[name, ".xlsx"], None)[0].name
    expected = imported(seeded_file, tmp_path, published[name, ".xlsx"],
                        ImportOptions(organisation_code="MP303", year_label=year, mapping=mapping, sheets=(first,)))
    got = imported(seeded_file, tmp_path, published[name, ".csv"],
                   ImportOptions(organisation_code="MP303", year_label=year, mapping=mapping))
    assert expected[0]["written"] and len(expected[1]) > 20
    assert got == expected
