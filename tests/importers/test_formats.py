"""The real published SDBIPs saved as .xls, .ods and .csv import to the same KPIs as the .xlsx."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.importers import ImportOptions, import_sdbip
from pmsdesk.importers.workbook import read_sheets
from pmsdesk.models import DataQualityFlag, Kpi, KpiTarget
from pmsdesk.services import framework
from pmsdesk.services.actor import Actor

from .conftest import MKHONDO_MAPPING
from .workbooks import lepelle_workbook, mkhondo_workbook

SDBIPS = {"mkhondo": (mkhondo_workbook, "2016/17", MKHONDO_MAPPING), "lepelle": (lepelle_workbook, "2017/18", {})}
KPI_FIELDS = ("reference", "name", "definition", "unit_of_measure", "measure_type", "calculation_type", "direction",
              "baseline", "baseline_text", "annual_target", "annual_target_date", "annual_target_text", "budget",
              "budget_vote", "weight", "ward", "data_source", "required_evidence", "is_active")


def imported(seeded_file: Path, folder: Path, workbook: Path, options: ImportOptions) -> tuple[dict, dict]:
    """Import ``workbook`` into a fresh copy of the seeded database: what the report said and the KPIs made,
    each with its KPA, unit, targets and data-quality flags (no ids, no file name)."""
    copy = folder / f"{workbook.name}.sqlite"
    shutil.copyfile(seeded_file, copy)
    database = open_database(copy)
    system = Actor.system("tester")
    try:
        with database.session() as session:
            framework.create_organisation(session, system, {"code": "MP303", "name": "Mkhondo Local Municipality",
                                                            "kind": "municipality", "country": "ZA"})
            report = import_sdbip(session, system, workbook, options)
            kpis = {}
            for kpi in session.scalars(select(Kpi)):
                targets = sorted((t.period.label, t.value, t.value_date, t.value_text)
                                 for t in session.scalars(select(KpiTarget).where(KpiTarget.kpi_id == kpi.id)))
                flags = sorted((f.field, f.problem) for f in session.scalars(
                    select(DataQualityFlag).where(DataQualityFlag.entity_id == kpi.id)))
                kpis[kpi.reference] = ({name: getattr(kpi, name) for name in KPI_FIELDS},
                                       kpi.kpa and kpi.kpa.name, kpi.responsible_unit and kpi.responsible_unit.name,
                                       targets, flags)
            summary = {"written": report.written, "errors": [str(p) for p in report.errors],
                       "rows": [(r["row"], r["action"]) for r in report.rows],
                       "sheets": [{k: v for k, v in s.items() if k != "sheet"} for s in report.sheets]}
    finally:
        database.dispose()
    return summary, kpis


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
