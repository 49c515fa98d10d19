"""The descriptive words of a published SDBIP — national KPA, IDP strategy, focus area, project, custodian — are
kept on the KPI, and one table (models/kpi_texts.py) is all the code needs to know about each."""

from __future__ import annotations

from sqlalchemy import String, select

from pmsdesk.importers import ImportOptions, import_sdbip
from pmsdesk.importers.columns import FIELD_KEYS, match_field
from pmsdesk.models import DataQualityFlag, Kpa, Kpi
from pmsdesk.models.kpi_texts import KPI_TEXTS
from pmsdesk.reports.excel.register import COLUMNS
from pmsdesk.services import people
from pmsdesk.services.kpis import KPI_FIELDS

from .formats import Book, save

OPTIONS = {"organisation_code": "MP303", "year_label": "2016/17"}
HEADINGS = ["KPI NO", "Key Performance Indicator", "National KPA", "KPA", "IDP Strategic Objective", "Strategy",
            "Focus Area", "Activity / Project", "Custodian", "Annual Target"]


def _workbook(tmp_path, rows, headings=HEADINGS, name="top layer.xlsx"):
    book = Book()
    sheet = book.sheet("Top Layer")
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    return save(book, tmp_path / name)


ROWS = [["TL1", "Households with access to water", "Basic Service Delivery", "Water services",
         "SO1: Water for all", "Extend bulk supply to rural villages", "Rural water", "Bulk line phase 2",
         "Director Technical Services", 2000],
        ["TL2", "Clean audit", "Good Governance and Public Participation", "Governance", "SO2: Clean administration",
         "Audit action plan", "Audit", "Audit action plan", "Thandi Mokoena", "Yes"]]


def test_every_text_field_is_a_column_a_validated_field_an_importer_field_and_exported():
    for text in KPI_TEXTS:
        column = Kpi.__table__.columns[text.key]
        assert column.nullable and (not isinstance(column.type, String) or column.type.length is None
                                    or column.type.length >= text.length), text.key
        assert text.key in KPI_FIELDS
        if text.column:
            assert text.key in FIELD_KEYS and text.key in COLUMNS
            assert match_field(FIELD_KEYS[text.key].heading) == text.key
        else:
            assert text.keeps in FIELD_KEYS and text.key not in COLUMNS


def test_the_words_of_a_published_sdbip_are_kept_and_a_custodian_post_is_not_lost(session, system, municipality,
                                                                                    tmp_path):
    thandi = people.create_person(session, system, municipality.id, {"full_name": "Thandi Mokoena"})
    report = import_sdbip(session, system, _workbook(tmp_path, ROWS), ImportOptions(**OPTIONS))

    assert report.written and not report.errors, [str(p) for p in report.errors]
    assert not [p for p in report.problems if "not imported" in p.message]
    water, audit = (session.scalar(select(Kpi).where(Kpi.reference == ref)) for ref in ("TL1", "TL2"))
    assert (water.national_kpa, water.strategy, water.focus_area, water.project) == (
        "Basic Service Delivery", "Extend bulk supply to rural villages", "Rural water", "Bulk line phase 2")
    assert water.kpa.name == "Water services" and water.strategic_objective.code == "SO1"
    assert water.custodian == "Director Technical Services" and water.responsible_person_id is None
    assert audit.responsible_person_id == thandi.id and audit.custodian is None
    row = next(r for r in report.rows if r.get("reference") == "TL1")
    assert "kept as the custodian (as written)" in row["guesses"]["responsible_person"]
    assert not list(session.scalars(select(DataQualityFlag).where(DataQualityFlag.field == "responsible_person_id")))
    assert report.recovered["Focus area"] == {"kpis": 2, "of": 2}


def test_a_revised_custodian_is_shown_old_to_new(session, system, municipality, tmp_path):
    import_sdbip(session, system, _workbook(tmp_path, ROWS), ImportOptions(**OPTIONS))
    revised = [ROWS[0][:8] + ["Manager: Water Services", 2000], ROWS[1]]
    report = import_sdbip(session, system, _workbook(tmp_path, revised, name="revised.xlsx"),
                          ImportOptions(**OPTIONS, update_existing=True))
    row = next(r for r in report.rows if r.get("reference") == "TL1")
    assert row["action"] == "updated"
    assert row["message"] == "custodian: Director Technical Services → Manager: Water Services"
    assert next(r for r in report.rows if r.get("reference") == "TL2")["action"] == "unchanged"


def test_a_national_kpa_column_alone_is_the_kpis_kpa(session, system, municipality, tmp_path):
    rows = [[row[0], row[1], row[2], row[9]] for row in ROWS]
    report = import_sdbip(session, system, _workbook(tmp_path, rows, ["KPI NO", "KPI", "National KPA", "Annual target"]),
                          ImportOptions(**OPTIONS))
    assert report.written
    water = session.scalar(select(Kpi).where(Kpi.reference == "TL1"))
    assert water.kpa.name == "Basic Service Delivery" and water.national_kpa is None
    assert {k.code for k in session.scalars(select(Kpa))} == {"BSD", "GGPP"}


def test_a_custodian_too_long_to_keep_is_refused_naming_its_cell(session, system, municipality, tmp_path):
    rows = [ROWS[0][:8] + ["Director " * 30, 2000]]
    report = import_sdbip(session, system, _workbook(tmp_path, rows), ImportOptions(**OPTIONS))
    assert not report.written
    (problem,) = report.errors
    assert (problem.row, problem.column) == (2, "I (Custodian)") and "200" in problem.message
