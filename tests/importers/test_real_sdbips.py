"""The real Mkhondo and Lepelle-Nkumpi SDBIPs, as messy workbooks, import with every row accounted for."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from pmsdesk.importers import ImportOptions, import_sdbip
from pmsdesk.models import CalculationType, DataQualityFlag, Kpa, Kpi, KpiTarget, MeasureType, StrategicObjective, Unit

from .conftest import MKHONDO_MAPPING, dump


def _kpi(session, reference: str) -> Kpi:
    return session.scalar(select(Kpi).where(Kpi.reference == reference))


def _targets(session, kpi: Kpi) -> dict[str, tuple]:
    return {t.period.label: (t.value, t.value_text) for t in session.scalars(
        select(KpiTarget).where(KpiTarget.kpi_id == kpi.id))}


def test_mkhondo_every_row_becomes_a_kpi_or_is_reported(session, system, municipality, mkhondo_xlsx):
    path, csv_rows = mkhondo_xlsx
    options = ImportOptions(organisation_code="MP303", year_label="2016/17", mapping=MKHONDO_MAPPING)
    report = import_sdbip(session, system, path, options)

    assert report.written and not report.errors
    assert sorted(session.scalars(select(Kpi.reference))) == sorted(r["kpi_ref_number"] for r in csv_rows)
    for sheet in report.sheets:
        if "skipped" in sheet:
            assert sheet["sheet"] == "KPI calculation types"  # a look-up sheet without a KPI header
            continue
        accounted = [row for row in report.rows if row["sheet"] == sheet["sheet"]]
        assert len(accounted) == sheet["rows"], "every row below the header has exactly one outcome"
        assert len({row["row"] for row in accounted}) == sheet["rows"]
    assert Counter(row["action"] for row in report.rows) == {"created": 186, "kpa_heading": 9}

    mm01 = _kpi(session, "MM01")  # 2000 a year in quarters of 300, 700, 700, 300; baseline '33819 HH'
    assert (mm01.annual_target, mm01.baseline, mm01.baseline_text) == (2000, 33819, "33819 HH")
    assert mm01.calculation_type == CalculationType.ACCUMULATIVE and mm01.measure_type == MeasureType.NUMBER
    assert _targets(session, mm01) == {"Q1": (300, None), "Q2": (700, None), "Q3": (700, None), "Q4": (300, None)}
    assert mm01.budget is None and mm01.budget_vote == "A3-Vote 13"
    assert session.get(Kpa, mm01.kpa_id).name == "Basic Service Delivery"
    assert session.get(Kpa, mm01.kpa_id).weight == 30  # from 'KPA 1: Basic Service Delivery Weight 30%'

    mm02 = _kpi(session, "MM02")  # '100% of all Reqeust' everywhere: kept as text, read as 100%, flagged
    assert mm02.measure_type == MeasureType.PERCENTAGE
    assert (mm02.annual_target, mm02.annual_target_text) == (100, "100% of all Reqeust")
    assert _targets(session, mm02)["Q3"] == (100, "100% of all Reqeust")
    flags = session.scalars(select(DataQualityFlag).where(DataQualityFlag.entity_id == mm02.id)).all()
    assert {f.field for f in flags} >= {"annual_target", "baseline", "budget"}
    assert any("sheet 'MM and Finance', row 7, column I (annual_target)" in f.source for f in flags)

    mm09 = _kpi(session, "MM09")  # 20%, 45%, 75%, 100%: carry-over; baseline ' R 102,260,000.00 '
    assert mm09.calculation_type == CalculationType.CARRY_OVER and mm09.baseline == 102_260_000
    placeholders = [r for r in csv_rows if r["second_quarter_target"].strip() in ("-", "_")]
    assert placeholders and all("Q2" not in _targets(session, _kpi(session, r["kpi_ref_number"]))
                                for r in placeholders)

    units = {u.name: u for u in session.scalars(select(Unit))}
    assert units["Internal Audit"].parent_id == units["Department in the MM'S OFFICE"].id
    assert session.get(Unit, mm01.responsible_unit_id).name == "Municipal Manager's Office"


def test_lepelle_milestones_objectives_and_kpa_headings(session, system, municipality, lepelle_xlsx):
    path, csv_rows = lepelle_xlsx
    report = import_sdbip(session, system, path, ImportOptions(organisation_code="MP303", year_label="2017/18"))

    assert report.written and report.count("created") == len(csv_rows) == 52
    assert Counter(r["action"] for r in report.rows)["kpa_heading"] >= 3
    tec01 = _kpi(session, "Tec01")
    assert tec01.measure_type == MeasureType.TEXT_MILESTONE
    assert tec01.annual_target_text.startswith("Reseal and maintain")
    assert _targets(session, tec01) == {"Q1": (1.0, "tender document and tender advert")}
    assert (tec01.budget, tec01.budget_vote) == (3_000_000, "own funding")
    assert session.get(StrategicObjective, tec01.strategic_objective_id).title.startswith("To reseal")
    kpas = {k.name: k.code for k in session.scalars(select(Kpa))}
    assert kpas["Basic Service Delivery"] == "BSD" and "Good Governance" not in kpas  # no near-twin KPA
    governance = [r["kpi_ref_number"] for r in csv_rows if r["kpa_name"].strip() == "Good Governance"]
    assert {session.get(Kpa, _kpi(session, ref).kpa_id).name for ref in governance} == {
        "Good Governance and Public Participation"}
    guesses = {row["reference"]: row["guesses"].get("kpa") for row in report.rows if row.get("guesses")}
    assert guesses[governance[0]] == "'Good Governance' read as the national KPA " \
        "'Good Governance and Public Participation'"


def test_a_dry_run_reports_the_same_and_writes_nothing(session, system, municipality, lepelle_xlsx):
    path, _ = lepelle_xlsx
    before = dump(session)
    dry = import_sdbip(session, system, path, ImportOptions(organisation_code="MP303", year_label="2017/18", dry_run=True))
    assert dump(session) == before
    assert not dry.written and dry.count("created") == 52 and dry.flags > 0
    real = import_sdbip(session, system, path, ImportOptions(organisation_code="MP303", year_label="2017/18"))
    assert [(r["row"], r["action"], r.get("flags")) for r in real.rows] == \
        [(r["row"], r["action"], r.get("flags")) for r in dry.rows]
    assert real.created == dry.created


def test_reimporting_refuses_by_default_and_updates_on_request(session, system, municipality, lepelle_xlsx):
    path, _ = lepelle_xlsx
    import_sdbip(session, system, path, ImportOptions(organisation_code="MP303", year_label="2017/18"))
    before = dump(session)
    again = import_sdbip(session, system, path, ImportOptions(organisation_code="MP303", year_label="2017/18"))
    assert not again.written and again.count("failed") == 52 and dump(session) == before
    assert "Tec01 is already in 2017/18; tick 'Update KPIs already imported' (--update-existing on the command " \
        "line)" in str(again.errors[0])
    options = ImportOptions(organisation_code="MP303", year_label="2017/18", update_existing=True)
    update = import_sdbip(session, system, path, options)
    assert update.written and update.count("unchanged") == 52
    assert session.scalar(select(Kpi.id).where(Kpi.reference == "Tec01")) is not None
    assert len(dump(session)["data_quality_flag"]) == len(before["data_quality_flag"])  # no duplicate flags
