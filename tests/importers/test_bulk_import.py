"""The bulk write path of the SDBIP import: the same records and audit trail as row by row, all or nothing."""

from __future__ import annotations

import gc
from collections import Counter
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bench.sdbip import make_workbook
from pmsdesk.importers import ImportOptions, WorkbookError, apply, import_sdbip
from pmsdesk.models import (
    AuditEvent,
    DataQualityFlag,
    FinancialYear,
    Kpa,
    Kpi,
    KpiTarget,
    Plan,
    ReportingPeriod,
    StrategicObjective,
    Unit,
)
from pmsdesk.services import framework
from pmsdesk.services.audit import first_broken_link

from .conftest import MKHONDO_MAPPING, dump

#: Columns that differ between any two imports of the same workbook.
VOLATILE = {"id", "updated_at", "raised_at", "occurred_at", "previous_hash", "event_hash"}


def _organisation(session, system, code: str) -> str:
    return framework.create_organisation(session, system, {"code": code, "name": f"Municipality {code}",
                                                           "kind": "municipality", "country": "ZA"}).id


def _labels(session, organisation_id: str) -> dict[str, str]:
    """A name for the id of every record the import makes for one organisation, the same in any database."""
    labels = {organisation_id: "organisation"}
    years = session.scalars(select(FinancialYear).where(FinancialYear.organisation_id == organisation_id)).all()
    labels |= {year.id: f"year {year.label}" for year in years}
    labels |= {period.id: f"period {period.kind} {period.number}" for period in session.scalars(
        select(ReportingPeriod).where(ReportingPeriod.financial_year_id.in_([year.id for year in years])))}
    for model, name in ((Kpa, "code"), (Unit, "code"), (Plan, "title"), (Kpi, "reference")):
        labels |= {record.id: f"{model.__tablename__} {getattr(record, name)}" for record in session.scalars(
            select(model).where(model.organisation_id == organisation_id))}
    labels |= {objective.id: f"objective {objective.code}" for objective in session.scalars(
        select(StrategicObjective).where(StrategicObjective.plan_id.in_(list(labels))))}
    labels |= {target.id: f"target {labels[target.kpi_id]} {labels[target.period_id]}" for target in session.scalars(
        select(KpiTarget).where(KpiTarget.kpi_id.in_(list(labels))))}
    labels |= {flag.id: f"flag {labels[flag.entity_id]} {flag.field}" for flag in session.scalars(
        select(DataQualityFlag).where(DataQualityFlag.entity_id.in_(list(labels))))}
    return labels


def _content(session, organisation_id: str) -> dict[str, Any]:
    """What an import wrote for one organisation, ids replaced by labels; audit events as a multiset."""
    labels = _labels(session, organisation_id)

    def named(value: Any) -> Any:
        if isinstance(value, dict):
            return tuple(sorted((key, named(item)) for key, item in value.items() if key not in VOLATILE))
        return labels.get(value, value) if isinstance(value, str) else value

    content: dict[str, Any] = {}
    for model in (Kpa, Unit, Plan, StrategicObjective, Kpi, KpiTarget, DataQualityFlag):
        rows = session.execute(select(model.__table__)).mappings()
        content[model.__tablename__] = sorted((named(dict(row)) for row in rows if row["id"] in labels), key=repr)
    imported = [record_id for record_id in labels if record_id != organisation_id]  # not the organisation itself
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity_id.in_(imported)))
    content["audit_event"] = Counter(
        (event.action, event.entity, named(event.entity_id), named(event.old_values or {}),
         named(event.new_values or {}), event.reason) for event in events)
    return content


#: The real SDBIPs: (fixture, options, KPIs in the workbook).
REAL_SDBIPS = {"Mkhondo": ("mkhondo_xlsx", {"year_label": "2016/17", "mapping": MKHONDO_MAPPING}, 186),
               "Lepelle-Nkumpi": ("lepelle_xlsx", {"year_label": "2017/18"}, 52)}


def _import(session, system, path, code: str, **options):
    return import_sdbip(session, system, path, ImportOptions(organisation_code=code, **options))


@pytest.mark.parametrize("sdbip", sorted(REAL_SDBIPS))
def test_bulk_import_writes_what_the_row_by_row_path_wrote(request, session, system, monkeypatch, sdbip):
    fixture, options, kpis = REAL_SDBIPS[sdbip]
    path, _ = request.getfixturevalue(fixture)
    bulk_id, rows_id = _organisation(session, system, "BULK"), _organisation(session, system, "ROWS")
    bulk = _import(session, system, path, "BULK", **options)
    with monkeypatch.context() as patch:  # the bulk path switched off: every KPI through the services, row by row
        patch.setattr(apply, "write_new_kpis", lambda writer, specs: ([], list(specs)))
        rows = _import(session, system, path, "ROWS", **options)

    assert bulk.written and rows.written and bulk.count("created") == rows.count("created") == kpis
    assert {**bulk.as_dict(), "organisation": None} == {**rows.as_dict(), "organisation": None}
    bulk_content, rows_content = _content(session, bulk_id), _content(session, rows_id)
    assert len(bulk_content["kpi_target"]) >= kpis and bulk_content["data_quality_flag"]
    assert bulk_content == rows_content
    assert sdbip != "Lepelle-Nkumpi" or bulk_content["strategic_objective"]  # links made while checking rows
    labels = _labels(session, bulk_id)
    created = Counter(session.scalars(select(AuditEvent.entity_id).where(
        AuditEvent.action == "create", AuditEvent.entity.in_(["kpi", "kpi_target", "data_quality_flag"]),
        AuditEvent.entity_id.in_(list(labels)))))
    written = [label for label in labels.values() if label.startswith(("kpi ", "target ", "flag "))]
    assert len(created) == len(written) and set(created.values()) == {1}  # one event per record, no more
    assert first_broken_link(session) is None


def test_reimporting_after_a_bulk_import_finds_every_kpi(session, system, mkhondo_xlsx):
    path, _ = mkhondo_xlsx
    _organisation(session, system, "BULK")
    options = REAL_SDBIPS["Mkhondo"][1]
    _import(session, system, path, "BULK", **options)
    before = dump(session)

    again = _import(session, system, path, "BULK", update_existing=True, **options)

    assert again.written and again.count("unchanged") == 186 and again.count("created") == 0
    assert dump(session) == before


def _workbook_with_bad_row(tmp_path, rows: int, bad_row: int):
    """A generated workbook whose KPI at ``bad_row`` has a name over the 2,000 characters a KPI name may have."""
    path = make_workbook(tmp_path / "sdbip.xlsx", rows)
    book = load_workbook(path)
    sheet = book.active
    found = [cell.row for cell in sheet["C"] if cell.value == f"KPI{bad_row:05d}"]
    sheet.cell(found[0], 4).value = "x" * 2001
    book.save(path)
    return path, found[0]


@pytest.mark.parametrize("accept_valid_rows", [False, True])
def test_a_row_only_the_services_refuse_near_the_end(session, system, tmp_path, accept_valid_rows):
    path, sheet_row = _workbook_with_bad_row(tmp_path, 300, 298)
    _organisation(session, system, "BENCH")
    before = dump(session)

    report = import_sdbip(session, system, path, ImportOptions(organisation_code="BENCH", year_label="2025/26",
                                                               accept_valid_rows=accept_valid_rows))

    [problem] = report.errors
    assert (problem.row, problem.column) == (sheet_row, "D (Key Performance Indicator)")
    assert problem.message == "name: is 2001 characters long; at most 2000 allowed"
    assert report.count("failed") == 1
    if accept_valid_rows:
        assert report.written and report.count("created") == 299
        assert session.scalar(select(func.count()).select_from(Kpi)) - len(before["kpi"]) == 299
        assert session.scalar(select(Kpi.id).where(Kpi.reference == "KPI00298")) is None
    else:
        assert not report.written and report.count("created") == 299  # what would have been written
        assert dump(session) == before
    assert first_broken_link(session) is None


def test_an_error_in_row_1999_leaves_nothing_written(session, system, tmp_path):
    path = make_workbook(tmp_path / "sdbip.xlsx", 2000)
    book = load_workbook(path)
    sheet = book.active
    [row] = [cell.row for cell in sheet["C"] if cell.value == "KPI01998"]
    sheet.cell(row, 12).value = "R -5 000.00"  # a negative budget: refused while checking the row
    book.save(path)
    _organisation(session, system, "BENCH")
    before = dump(session)

    report = import_sdbip(session, system, path, ImportOptions(organisation_code="BENCH", year_label="2025/26"))

    assert not report.written and [p.row for p in report.errors] == [row]
    assert dump(session) == before


def test_a_refused_row_sends_back_the_plan_and_objectives_its_batch_made(session, system, lepelle_xlsx, tmp_path):
    source, _ = lepelle_xlsx
    _organisation(session, system, "BULK")
    options = REAL_SDBIPS["Lepelle-Nkumpi"][1]
    dry = _import(session, system, source, "BULK", dry_run=True, **options)
    last = [row for row in dry.rows if row["action"] == "created"][-1]
    name_column = next(sheet["columns"]["name"] for sheet in dry.sheets if sheet["sheet"] == last["sheet"])
    book = load_workbook(source)
    book[last["sheet"]][f"{name_column.split()[0]}{last['row']}"] = "x" * 2001
    book.save(path := tmp_path / "lepelle.xlsx")

    report = _import(session, system, path, "BULK", accept_valid_rows=True, **options)

    assert report.written and report.count("created") == 51 and report.count("failed") == 1
    assert [(p.sheet, p.row) for p in report.errors] == [(last["sheet"], last["row"])]
    assert Counter(created["kind"] for created in report.created)["plan"] == 1
    linked = session.scalars(select(Kpi.strategic_objective_id).where(Kpi.strategic_objective_id.is_not(None))).all()
    assert linked and all(session.get(StrategicObjective, objective_id) for objective_id in linked)
    assert first_broken_link(session) is None


def test_the_cycle_collector_is_paused_only_while_importing(session, system, tmp_path, monkeypatch):
    _organisation(session, system, "GC1")
    seen = []
    write_all = apply.SpecWriter.write_all
    monkeypatch.setattr(apply.SpecWriter, "write_all", lambda *args: seen.append(gc.isenabled()) or write_all(*args))
    path = make_workbook(tmp_path / "sdbip.xlsx", 3)

    assert import_sdbip(session, system, path, ImportOptions(organisation_code="GC1", year_label="2025/26")).written
    assert seen == [False] and gc.isenabled()
    with pytest.raises(WorkbookError):
        import_sdbip(session, system, tmp_path / "missing.xlsx", ImportOptions(organisation_code="GC1"))
    assert gc.isenabled()
    gc.disable()
    try:
        import_sdbip(session, system, path, ImportOptions(organisation_code="GC1", year_label="2025/26", dry_run=True))
        assert not gc.isenabled(), "a collector paused by the caller stays paused"
    finally:
        gc.enable()
