"""Exported workbooks come back without loss: the register through import-sdbip, the actuals template
through import-actuals (permission-scoped), and formula-like text as the same text."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from pmsdesk.importers import ImportOptions, import_sdbip
from pmsdesk.importers.actuals import import_actuals
from pmsdesk.importers.grid import make_grid, percent_style
from pmsdesk.importers.workbook import Percent, read_sheets
from pmsdesk.models import FinancialYear, Kpi, PeriodActual, ReportingPeriod, Role
from pmsdesk.models.kpi_texts import KPI_TEXT_KEYS
from pmsdesk.reports.excel.actuals_template import export_actuals_template
from pmsdesk.reports.excel.register import export_register
from pmsdesk.services import actuals, framework, kpis, people

from .conftest import dump
from .formats import book_from_xlsx, save

NUMBER, PERCENT = {"measure_type": "number", "calculation_type": "accumulative", "direction": "higher"}, \
    {"measure_type": "percentage", "calculation_type": "carry_over", "direction": "higher"}
KPIS = [  # (values, quarterly targets)
    ({"reference": "TS01", "name": "=HYPERLINK(\"http://evil\")", **NUMBER, "annual_target": 400,
      "unit_of_measure": "-5 households", "baseline": 120, "budget": 2_000_000.5, "budget_vote": "@vote 13",
      "weight": 12.5, "ward": "+27 wards", "data_source": "Job cards", "required_evidence": "Completion certificates",
      "kpi_type": "operational", "kpi_concept": "output", "definition": "Households newly connected",
      "national_kpa": "Basic Service Delivery", "strategy": "Replace ageing bulk pipelines",
      "focus_area": "Water and sanitation", "project": "Mkhondo bulk line, phase 2"},
     [{"value": 100, "budget_projection": 500_000}, {"value": 100, "budget_projection": 750_000.5},
      {"value": 100}, {"value": 100, "budget_projection": 250_000}]),
    ({"reference": "TS02", "name": "Water losses", **PERCENT, "annual_target": 0.5, "baseline_text": "New KPI"},
     [{"value": 0.2}, {"value": 0.3}, {}, {"value": 0.5}]),
    ({"reference": "TS03", "name": "Rand value of revenue", "measure_type": "currency",
      "calculation_type": "accumulative", "direction": "higher", "annual_target": 1_000_000,
      "annual_target_text": "R1 000 000 (own funding)", "custodian": "Chief Financial Officer"},
     [{"value": 250_000, "value_text": "R250 000 first"}]),
    ({"reference": "TS04", "name": "Unqualified audit", "measure_type": "yes_no", "calculation_type": "last_value",
      "direction": "milestone", "annual_target": 1, "is_active": False}, [{}, {}, {}, {"value": 1}]),
    ({"reference": "TS05", "name": "Budget tabled", "measure_type": "date", "calculation_type": "last_value",
      "direction": "milestone", "annual_target_date": date(2026, 5, 31)}, [{}, {}, {}, {"value_date": date(2026, 5, 31)}]),
    ({"reference": "TS06", "name": "Design of the bridge", "measure_type": "text_milestone",
      "calculation_type": "last_value", "direction": "milestone", "annual_target_text": "Practical completion"},
     [{"value": 1, "value_text": "Inception report"}, {}, {"value": 1, "value_text": "Detailed design"}, {}]),
]
FIELDS = ("name", "definition", "unit_of_measure", "measure_type", "calculation_type", "direction", "baseline",
          "baseline_text", "annual_target", "annual_target_date", "annual_target_text", "budget", "budget_vote",
          "weight", "ward", "data_source", "required_evidence", "kpi_type", "kpi_concept", "is_active",
          *KPI_TEXT_KEYS)


@pytest.fixture
def register(session, system, small_org):
    """Six KPIs of every measure type with every field filled, linked to a department, objective and official
    (TS03's official is a post written as words: no person is linked)."""
    department = framework.create_unit(session, system, small_org.organisation_id,
                                       {"code": "WS", "name": "Water and Sanitation", "level": "department",
                                        "parent_id": small_org.technical_id})
    plan = framework.create_plan(session, system, small_org.organisation_id,
                                 {"kind": "idp", "title": "IDP 2022-2027", "start_year": 2022, "end_year": 2027})
    objective = framework.create_objective(session, system, plan.id, {"code": "SO1", "title": "Water for all"})
    programme = framework.create_programme(session, system, small_org.organisation_id,
                                           {"code": "P7", "name": "Bulk water"})
    person = people.create_person(session, system, small_org.organisation_id, {"full_name": "Thandi Mokoena"})
    for values, targets in KPIS:
        links = {"kpa_id": small_org.kpa_id, "responsible_unit_id": department.id,
                 "strategic_objective_id": objective.id, "programme_id": programme.id,
                 "responsible_person_id": None if values.get("custodian") else person.id}
        kpi = kpis.create_kpi(session, system, small_org.year_id, values | links)
        for quarter_id, target in zip(small_org.quarter_ids, targets):
            if target:
                kpis.set_period_target(session, system, kpi.id, quarter_id, target)
    return small_org


def _snapshot(session, year_id) -> dict[str, tuple]:
    session.expire_all()
    found = {}
    for kpi in session.scalars(select(Kpi).where(Kpi.financial_year_id == year_id)):
        targets = sorted((t.period.number, t.value, t.value_date, t.value_text, t.budget_projection)
                         for t in kpi.targets)
        links = (kpi.kpa_id, kpi.responsible_unit_id, kpi.strategic_objective_id, kpi.programme_id,
                 kpi.responsible_person_id)
        found[kpi.reference] = (tuple(getattr(kpi, f) for f in FIELDS), links, targets)
    return found


def test_the_register_export_writes_every_field_the_importer_reads() -> None:
    """One list ties them: a field the importer reads but the export leaves out is lost on a round trip."""
    from pmsdesk.importers.columns import FIELDS as IMPORTED
    from pmsdesk.reports.excel.register import COLUMNS

    assert sorted(COLUMNS) == sorted(field.key for field in IMPORTED)


@pytest.mark.parametrize("saved_as", [".xlsx", ".xls", ".ods"])
def test_the_register_reimports_unchanged(session, system, register, tmp_path, saved_as):
    """As exported, and saved again as .xls or .ods (percentages as points with a literal "%" survive)."""
    path = tmp_path / "register.xlsx"
    assert export_register(session, session.get(FinancialYear, register.year_id), path) == len(KPIS)
    if saved_as != ".xlsx":
        path = save(book_from_xlsx(path), tmp_path / f"register{saved_as}")
    before = dump(session)
    report = import_sdbip(session, system, path, ImportOptions(organisation_code="ZA-T01", year_label="2025/26",
                                                               update_existing=True))
    assert report.written and report.count("unchanged") == len(KPIS) and not report.errors
    after = dump(session)
    assert {k: (len(v), len(after[k])) for k, v in before.items() if v != after[k]} == {}, [r for r in report.rows]
    assert after == before


def test_the_register_rebuilds_the_same_kpis_in_another_year(session, system, register, tmp_path):
    path = tmp_path / "register.xlsx"
    export_register(session, session.get(FinancialYear, register.year_id), path)
    report = import_sdbip(session, system, path, ImportOptions(organisation_code="ZA-T01", year_label="2026/27"))
    assert report.written and report.count("created") == len(KPIS), report.problems
    assert [c for c in report.created if c["kind"] != "financial_year"] == []  # KPA, units, objective reused
    new_year = session.scalar(select(FinancialYear.id).where(FinancialYear.label == "2026/27"))
    assert _snapshot(session, new_year) == _snapshot(session, register.year_id)


def test_formula_like_text_is_written_as_text_and_read_back_the_same(session, register, tmp_path):
    path = tmp_path / "register.xlsx"
    export_register(session, session.get(FinancialYear, register.year_id), path)
    sheet = load_workbook(path)["KPI register"]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    for text in ('=HYPERLINK("http://evil")', "-5 households", "@vote 13", "+27 wards"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix
    assert sheet.freeze_panes == "C5" and sheet.data_validations.dataValidation


def _as_openpyxl_reads_it(path) -> list:
    """The grids openpyxl (the exports' writer) sees: the oracle for what the reading layer must give
    (a date at midnight is a date: calamine gives a datetime only for a time of day)."""
    return [make_grid(sheet.title, [[_day(value) for value in row] for row in sheet.rows],
                      merged=[(c, r, c2, r2) for r, c, r2, c2 in sheet.merged],
                      hidden=sheet.hidden, percent={cell: style for cell, number_format in sheet.formats.items()
                                                    if (style := percent_style(number_format))})
            for sheet in book_from_xlsx(path).sheets]


def _day(value):
    return value.date() if isinstance(value, datetime) and value.time() == time() else value


@pytest.mark.parametrize("kind", ["register", "actuals template"])
def test_every_export_reads_through_the_reading_layer_as_it_was_written(session, register, tmp_path, kind):
    path = tmp_path / f"{kind}.xlsx"
    year = session.get(FinancialYear, register.year_id)
    if kind == "register":
        export_register(session, year, path)
    else:
        export_actuals_template(session, year, session.get(ReportingPeriod, register.quarter_ids[0]), path)
    typed = [[(grid.name, grid.hidden)] + [[(type(v), v) for v in row] for row in grid.rows]
             for grid in read_sheets(path, None)]
    assert typed == [[(grid.name, grid.hidden)] + [[(type(v), v) for v in row] for row in grid.rows]
                     for grid in _as_openpyxl_reads_it(path)]
    if kind == "register":  # percentages written as points with a literal "%" come back as percentages
        assert sum(isinstance(v, Percent) for row in read_sheets(path, None)[0].rows for v in row) >= 3


def _fill(path, values: dict[str, tuple]) -> None:
    book = load_workbook(path)
    sheet = book["Actuals"]
    for row in sheet.iter_rows(min_row=5):
        reference = row[1].value
        if reference in values:
            row[6].value, row[7].value = values[reference]
    book.save(path)


def _template(session, small_org, path, unit_id=None):
    year = session.get(FinancialYear, small_org.year_id)
    export_actuals_template(session, year, session.get(ReportingPeriod, small_org.quarter_ids[0]), path,
                            unit_id=unit_id)


def test_the_actuals_template_comes_back_through_save_actual(session, system, small_org, people, tmp_path):
    for reference, unit in (("TS01", small_org.technical_id), ("TS02", small_org.technical_id),
                            ("FIN01", small_org.finance_id)):
        kpis.create_kpi(session, system, small_org.year_id,
                        {"reference": reference, "name": reference, **NUMBER, "responsible_unit_id": unit})
    path = tmp_path / "actuals.xlsx"
    _template(session, small_org, path, unit_id=small_org.technical_id)
    assert [c.value for c in load_workbook(path)["Actuals"]["B"][4:]] == ["TS01", "TS02"]
    _fill(path, {"TS01": (95, "Two contractors late"), "TS02": ("12 450", None)})
    report = import_actuals(session, people[Role.CAPTURER], path)
    assert report.written and report.saved == ["TS01", "TS02"] and not report.problems
    saved = {a.kpi.reference: (a.value, a.narrative, a.captured_by) for a in session.scalars(select(PeriodActual))}
    assert saved == {"TS01": (95, "Two contractors late", "capturer"), "TS02": (12450, None, "capturer")}
    again = import_actuals(session, people[Role.CAPTURER], path)
    assert again.saved == [] and again.unchanged == 2


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_a_filled_in_template_saved_again_as_xls_or_ods_comes_back_the_same(session, system, small_org, people,
                                                                             tmp_path, suffix):
    for reference in ("TS01", "TS02"):
        kpis.create_kpi(session, system, small_org.year_id, {"reference": reference, "name": reference, **NUMBER,
                                                             "responsible_unit_id": small_org.technical_id})
    path = tmp_path / "actuals.xlsx"
    _template(session, small_org, path, unit_id=small_org.technical_id)
    _fill(path, {"TS01": (95, "Two contractors late"), "TS02": ("12 450", None)})
    saved_again = save(book_from_xlsx(path), tmp_path / f"actuals{suffix}")
    report = import_actuals(session, people[Role.CAPTURER], saved_again)
    assert report.written and report.saved == ["TS01", "TS02"] and not report.problems
    saved = {a.kpi.reference: (a.value, a.narrative) for a in session.scalars(select(PeriodActual))}
    assert saved == {"TS01": (95, "Two contractors late"), "TS02": (12450, None)}


def test_actuals_outside_the_capturers_units_or_locked_refuse_the_whole_file(session, system, small_org, people,
                                                                             tmp_path):
    ts01 = kpis.create_kpi(session, system, small_org.year_id,
                           {"reference": "TS01", "name": "TS01", **NUMBER, "responsible_unit_id": small_org.technical_id})
    kpis.create_kpi(session, system, small_org.year_id,
                    {"reference": "FIN01", "name": "FIN01", **NUMBER, "responsible_unit_id": small_org.finance_id})
    kpis.create_kpi(session, system, small_org.year_id,
                    {"reference": "TS02", "name": "TS02", **NUMBER, "responsible_unit_id": small_org.technical_id})
    submitted = actuals.save_actual(session, system, ts01.id, small_org.quarter_ids[0], {"value": 10})
    actuals.submit_actual(session, system, submitted.id)
    path = tmp_path / "actuals.xlsx"
    _template(session, small_org, path)
    _fill(path, {"TS01": (11, None), "FIN01": (5, None), "TS02": ("lots", None)})
    before = dump(session)
    report = import_actuals(session, people[Role.CAPTURER], path)
    assert not report.written and dump(session) == before
    assert [str(p) for p in report.problems] == [
        "sheet 'Actuals', row 5, column G (Actual): FIN01: capturer may not capture actuals for this unit.",
        "sheet 'Actuals', row 6, column G (Actual): TS01: The Q1 actual of TS01 is submitted; it cannot be edited.",
        "sheet 'Actuals', row 7, column G (Actual): TS02: 'lots' is not a number",
    ]
