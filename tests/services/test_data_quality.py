"""The data-quality list: each check names the record and field on a crafted case, and stays quiet on a clean one."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, CalculationType, DataQualityFlag, MeasureType, Role
from pmsdesk.services import actuals, data_quality, evidence, kpis
from pmsdesk.services.data_quality import ProblemKind
from pmsdesk.services.errors import PermissionDenied, ValidationError
from tests.conftest import number_kpi

#: Before the first quarter's deadline: nothing is overdue yet.
EARLY = date(2025, 10, 1)
ON_TIME = datetime(2025, 10, 2, 9, tzinfo=UTC)


@pytest.fixture
def make_kpi(session, system, small_org):
    """A KPI with unit, KPA, required evidence and quarterly targets (default: 100 a quarter of 400)."""

    def make(reference: str, targets=(100, 100, 100, 100), **overrides):
        values = number_kpi(reference, **{"responsible_unit_id": small_org.technical_id, "kpa_id": small_org.kpa_id,
                                          "required_evidence": "Signed completion certificates", **overrides})
        kpi = kpis.create_kpi(session, system, small_org.year_id, values)
        for period_id, target in zip(small_org.quarter_ids, targets):
            if target is not None:
                kpis.set_period_target(session, system, kpi.id, period_id, {"value": target})
        return kpi

    return make


def report(session, actor, kpi, period_id, values, *, files=(b"%PDF-1.4 certificate",), now=ON_TIME):
    actual = actuals.save_actual(session, actor, kpi.id, period_id, values)
    for content in files:
        evidence.attach_evidence(session, actor, actual.id, "certificate.pdf", content)
    return actuals.submit_actual(session, actor, actual.id, now=now)


def problems_of(session, actor, small_org, kind: ProblemKind | None = None, today: date = EARLY):
    found = data_quality.find_problems(session, actor, small_org.year_id, today=today)
    return [problem for problem in found if kind is None or problem.kind == kind]


def test_a_clean_kpi_has_no_problems(session, system, small_org, make_kpi):
    kpi = make_kpi("TS01")
    report(session, system, kpi, small_org.quarter_ids[0], {"value": 100})
    assert problems_of(session, system, small_org) == []


def test_a_kpi_without_unit_or_kpa_is_named_with_the_field(session, system, small_org, make_kpi):
    make_kpi("TS02", responsible_unit_id=None, kpa_id=None)
    found = {(p.kind, p.kpi_reference, p.field, p.record_kind) for p in problems_of(session, system, small_org)}
    assert found == {(ProblemKind.NO_UNIT, "TS02", "responsible unit", "kpi"),
                     (ProblemKind.NO_KPA, "TS02", "KPA", "kpi")}


def test_a_kpi_measured_every_quarter_needs_each_quarter_target(session, system, small_org, make_kpi):
    make_kpi("TS03", targets=(90, None, 90, 90), calculation_type=CalculationType.STAND_ALONE.value,
             annual_target=90)
    make_kpi("TS04", targets=(None, None, None, None))
    found = problems_of(session, system, small_org, ProblemKind.MISSING_TARGET)
    assert [(p.kpi_reference, p.field, p.period_label) for p in found] == [
        ("TS03", "Q2 target", "Q2"), ("TS04", "quarterly targets", None)]
    assert "stand-alone KPI is measured every quarter" in found[0].message


def test_quarterly_targets_must_add_up_or_carry_over_to_the_annual_target(session, system, small_org, make_kpi):
    make_kpi("TS05", targets=(100, 100, 100, 50))
    make_kpi("TS06", targets=(25, 50, 75, 120), calculation_type=CalculationType.CARRY_OVER.value,
             measure_type=MeasureType.PERCENTAGE.value, annual_target=100)
    make_kpi("TS07", targets=(25, 50, 75, 100), calculation_type=CalculationType.CARRY_OVER.value,
             measure_type=MeasureType.PERCENTAGE.value, annual_target=100)
    found = {p.kpi_reference: p.message for p in problems_of(session, system, small_org, ProblemKind.TARGETS_MISMATCH)}
    assert found == {
        "TS05": "the quarterly targets add up to 350, not the annual target 400",
        "TS06": "a quarterly target of 120% exceeds the annual target 100%",
    }


def test_an_actual_below_target_needs_a_reason_and_a_corrective_measure(session, system, small_org, make_kpi):
    kpi = make_kpi("TS08")
    report(session, system, kpi, small_org.quarter_ids[0], {"value": 60, "deviation_reason": "Rain"})
    other = make_kpi("TS09")
    report(session, system, other, small_org.quarter_ids[0],
           {"value": 60, "deviation_reason": "Rain", "corrective_measure": "Extra crew"})
    [problem] = problems_of(session, system, small_org, ProblemKind.NO_DEVIATION_REASON)
    assert (problem.kpi_reference, problem.field, problem.record_kind, problem.period_label) == (
        "TS08", "corrective measure", "actual", "Q1")
    assert problem.record_id == actuals.find_actual(session, kpi.id, small_org.quarter_ids[0]).id


def test_a_submitted_actual_without_required_evidence_is_listed(session, system, small_org, make_kpi):
    kpi = make_kpi("TS10")
    report(session, system, kpi, small_org.quarter_ids[0], {"value": 100}, files=())
    no_evidence_needed = make_kpi("TS11", required_evidence=None)
    report(session, system, no_evidence_needed, small_org.quarter_ids[0], {"value": 100}, files=())
    [problem] = problems_of(session, system, small_org, ProblemKind.NO_EVIDENCE)
    assert problem.kpi_reference == "TS10" and problem.field == "evidence"
    assert "attach the Signed completion certificates" in problem.message


def test_late_and_missing_submissions_after_the_deadline(session, system, small_org, make_kpi):
    late = make_kpi("TS12")
    report(session, system, late, small_org.quarter_ids[0], {"value": 100},
           now=datetime(2025, 11, 3, 9, tzinfo=UTC))
    draft = make_kpi("TS13")
    actuals.save_actual(session, system, draft.id, small_org.quarter_ids[0], {"value": 100})
    make_kpi("TS14")
    after_q1 = date(2025, 11, 20)
    assert [p.message for p in problems_of(session, system, small_org, ProblemKind.LATE, after_q1)] == [
        "was submitted on 3 Nov 2025, after the deadline of 15 Oct 2025"]
    missing = problems_of(session, system, small_org, ProblemKind.NOT_SUBMITTED, after_q1)
    assert [(p.kpi_reference, p.record_kind, p.message) for p in missing] == [
        ("TS13", "actual", "is still draft; the Q1 report was due on 15 Oct 2025"),
        ("TS14", "kpi", "was not reported; the Q1 report was due on 15 Oct 2025")]
    assert problems_of(session, system, small_org, ProblemKind.NOT_SUBMITTED, EARLY) == []


def test_an_actual_many_times_its_target_is_a_likely_typing_slip(session, system, small_org, make_kpi):
    kpi = make_kpi("TS15")
    report(session, system, kpi, small_org.quarter_ids[0], {"value": 10_000})
    [problem] = problems_of(session, system, small_org, ProblemKind.IMPLAUSIBLE_ACTUAL)
    assert problem.message == "10,000 is 100 times the target of 100; check for a typing slip"


@pytest.fixture
def flagged_kpi(session, system, make_kpi):
    kpi = make_kpi("TS16")
    session.add(DataQualityFlag(entity="kpi", entity_id=kpi.id, field="annual_target",
                                problem="'about 400' is not a number", source="sdbip.xlsx, sheet 'TS', row 7"))
    session.commit()
    return kpi


def audit_count(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent))


def test_an_importer_flag_is_listed_until_resolved_with_an_audited_note(session, people, small_org, flagged_kpi):
    pms_officer = people[Role.PMS_OFFICER]
    [problem] = problems_of(session, pms_officer, small_org, ProblemKind.IMPORT_FLAG)
    assert (problem.kpi_reference, problem.field, problem.record_kind) == ("TS16", "annual target", "kpi")
    assert "'about 400' is not a number (sdbip.xlsx, sheet 'TS', row 7)" == problem.message
    data_quality.resolve_flag(session, pms_officer, problem.flag_id, "Target confirmed as 400 with the director")
    assert problems_of(session, pms_officer, small_org, ProblemKind.IMPORT_FLAG) == []
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.entity, event.entity_id, event.reason) == (
        "data_quality_flag", problem.flag_id, "Target confirmed as 400 with the director")


def test_resolving_needs_a_note_and_the_right_to_manage_the_kpi(session, people, small_org, flagged_kpi):
    [problem] = problems_of(session, people[Role.PMS_OFFICER], small_org, ProblemKind.IMPORT_FLAG)
    before = audit_count(session)
    with pytest.raises(ValidationError) as refused:
        data_quality.resolve_flag(session, people[Role.PMS_OFFICER], problem.flag_id, "  ")
    assert "note" in refused.value.problems
    for role in (Role.CAPTURER, Role.READ_ONLY):
        with pytest.raises(PermissionDenied):
            data_quality.resolve_flag(session, people[role], problem.flag_id, "Fixed")
    assert audit_count(session) == before
    assert session.get(DataQualityFlag, problem.flag_id).resolved_at is None
    assert len(problems_of(session, people[Role.READ_ONLY], small_org, ProblemKind.IMPORT_FLAG)) == 1
