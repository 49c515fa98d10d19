"""One table of KPI fields (pmsdesk/kpi_fields.py): the model, the services' checks, the KPI editor, the SDBIP
importer and the register export each list exactly its fields, and every field survives an export and
re-import. A field added to the table alone reaches every layer; one forgotten in the table fails here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from pmsdesk.importers import ImportOptions, import_sdbip, kpi_values
from pmsdesk.importers.columns import FIELD_KEYS, FIELDS, OWN_COLUMNS, match_field
from pmsdesk.kpi_fields import FIELD_BY_KEY, FORM, WORKBOOK, KpiField
from pmsdesk.kpi_fields import FIELDS as TABLE
from pmsdesk.models import FinancialYear, Kpi
from pmsdesk.reports.excel.register import COLUMNS, export_register
from pmsdesk.services import framework, kpis, people
from pmsdesk.services.kpis import KPI_FIELDS

#: Columns of ``kpi`` that are the record's place and bookkeeping (SyncedMixin), not a field anyone types.
BOOKKEEPING = {"id", "organisation_id", "financial_year_id", "origin_office", "version", "updated_at"}
EDITED = [field for field in TABLE if field.editor]
WITH_COLUMN = [field for field in TABLE if field.column]


def _kpi_columns() -> set[str]:
    return {column.name for column in Kpi.__table__.columns} - BOOKKEEPING


def test_every_kpi_column_is_one_entry_of_the_table_and_the_services_check_each():
    assert len({field.key for field in TABLE}) == len(TABLE)
    missing = _kpi_columns() - set(FIELD_BY_KEY)
    assert not missing, f"add these kpi columns to pmsdesk/kpi_fields.py: {sorted(missing)}"
    assert set(FIELD_BY_KEY) <= _kpi_columns()
    assert list(KPI_FIELDS) == [field.key for field in TABLE]


def test_the_form_and_the_workbook_place_every_field_once():
    placed = [name for column in FORM for name in column]
    assert sorted(placed) == sorted(field.key for field in EDITED), "FORM must name each edited field once"
    assert all(FIELD_BY_KEY[field.shown_by].editor for field in TABLE if field.shown_by)
    own = {column.key for column in OWN_COLUMNS}
    assert len(set(WORKBOOK)) == len(WORKBOOK)
    assert set(WORKBOOK) == {field.column for field in WITH_COLUMN} | own, "WORKBOOK must name each column once"


def test_the_importer_and_the_export_have_exactly_the_tables_columns():
    assert COLUMNS == WORKBOOK == tuple(column.key for column in FIELDS)
    for field in WITH_COLUMN:
        assert field.column is not None
        assert FIELD_KEYS[field.column].heading == field.heading
        assert match_field(field.heading) == field.column, field.key
    read = {*kpi_values.TEXT_FIELDS, *kpi_values.NUMBER_FIELDS, *kpi_values.CHOICE_FIELDS, *kpi_values.LINK_FIELDS,
            *kpi_values.READ_APART, "baseline", "annual_target", "is_active", "top_layer"}  # the last four: own rules
    assert {field.column for field in WITH_COLUMN} <= read
    assert read - {field.column for field in WITH_COLUMN} == {"directorate", "department"}


def test_the_kpi_editor_has_a_row_for_every_edited_field(qtbot):
    from PySide6.QtWidgets import QDialog

    from pmsdesk.ui.kpi_editor.layout import KpiEditorLayout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = KpiEditorLayout()
    layout.setup(dialog)
    widgets = {**layout.lines, **layout.texts, **layout.links, **layout.choices, **layout.checks}
    assert set(widgets) == {field.key for field in EDITED}
    assert set(layout.form.messages.fields) == {field.key for field in TABLE} | {"reason"}
    rows = [layout.form.columns[number].rowCount() for number in range(len(FORM))]
    assert rows == [len(column) for column in FORM]


def _value(field: KpiField, links: dict[str, str]):
    """A value for ``field`` that differs from its default, so a field lost on the way shows."""
    fixed = {"measure_type": "number", "calculation_type": "accumulative", "direction": "higher",
             "baseline": 120.0, "annual_target": 400.0, "is_active": False,
             "top_layer": True}
    if field.key in fixed:
        return fixed[field.key]
    if field.kind == "text":
        return f"{field.key} as written"[: field.length]
    if field.kind == "number":
        return min(12.5, field.maximum or 12.5)
    if field.kind == "choice":
        assert field.choices is not None
        return list(field.choices)[-1].value
    if field.kind == "link":
        assert field.key in links, f"give {field.key} a record in this test"
        return links[field.key]
    raise AssertionError(f"{field.key}: a {field.kind} field needs a value in this test")


def test_every_field_survives_the_register_export_and_import(session, system, small_org, tmp_path):
    """Export a KPI with every field filled, import the workbook into the next year: each field comes back."""
    plan = framework.create_plan(session, system, small_org.organisation_id,
                                 {"kind": "idp", "title": "IDP 2022-2027", "start_year": 2022, "end_year": 2027})
    links = {"kpa_id": small_org.kpa_id, "responsible_unit_id": small_org.technical_id,
             "strategic_objective_id": framework.create_objective(session, system, plan.id,
                                                                  {"code": "SO1", "title": "Water"}).id,
             "programme_id": framework.create_programme(session, system, small_org.organisation_id,
                                                        {"code": "P7", "name": "Bulk water"}).id,
             "responsible_person_id": people.create_person(session, system, small_org.organisation_id,
                                                           {"full_name": "Thandi Mokoena"}).id}
    kept_by = {field.keeps for field in TABLE if field.keeps and not field.column}  # their words go in its column
    values = {field.key: _value(field, links) for field in TABLE
              if not field.shown_by and (field.kind != "link" or field.column not in kept_by)}
    values |= {field.key: None for field in TABLE if field.kind == "link" and field.column in kept_by}
    kpis.create_kpi(session, system, small_org.year_id, values)
    path = tmp_path / "register.xlsx"
    export_register(session, session.get(FinancialYear, small_org.year_id), path)
    report = import_sdbip(session, system, path, ImportOptions(organisation_code="ZA-T01", year_label="2026/27"))
    assert report.written and report.count("created") == 1, report.problems

    session.expire_all()
    first, second = (session.scalar(select(Kpi).join(FinancialYear).where(FinancialYear.label == label))
                     for label in ("2025/26", "2026/27"))
    lost = {field.key: (getattr(first, field.key), getattr(second, field.key)) for field in TABLE
            if getattr(first, field.key) != getattr(second, field.key)}
    assert lost == {}
    assert all(getattr(first, key) not in (None, "") for key in values if values[key] is not None)


def test_a_field_added_to_the_table_alone_reaches_the_editor_the_export_and_the_reimport(tmp_path):
    """tests/kpi_field_added.py adds 'risk_note' (an entry, its place in FORM and WORKBOOK, the column) in a fresh
    interpreter and touches no layer: the services check its length, the editor shows and reads it, the
    importer knows its headings, and it survives the register export and import."""
    script = Path(__file__).with_name("kpi_field_added.py")
    done = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": ":".join(sys.path), "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["too_long"] == {"risk_note": "is 201 characters long; at most 200 allowed"}
    assert "risk_note" in found["editor"] and found["heading_matches"] == "risk_note"
    assert found["exported"] == ["Risk note", "Pump station may flood"]
    assert found["imported"] == ["Pump station may flood"] and found["problems"] == []
