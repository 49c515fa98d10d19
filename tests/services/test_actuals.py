"""Quarterly reporting: capture, submit, verify/return, approve, with segregation of duties."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pmsdesk.models import ActualStatus, ReportingPeriod, Role
from pmsdesk.services import actuals, evidence, kpis
from pmsdesk.services.errors import LockedRecord, PermissionDenied, ValidationError
from tests.conftest import number_kpi


@pytest.fixture
def q1(small_org):
    return small_org.quarter_ids[0]


def test_the_full_review_cycle(session, people, kpi_in_technical, q1):
    capturer, verifier, approver = people[Role.CAPTURER], people[Role.VERIFIER], people[Role.APPROVER]
    actual = actuals.save_actual(session, capturer, kpi_in_technical.id, q1,
                                 {"value": 80, "deviation_reason": "Rain delayed the contractor"})
    assert actual.status == ActualStatus.DRAFT and actual.captured_by == "capturer"
    actuals.submit_actual(session, capturer, actual.id, now=datetime(2025, 10, 1, tzinfo=UTC))
    actuals.return_actual(session, verifier, actual.id, "Attach the completion certificate")
    assert actual.status == ActualStatus.RETURNED and actual.review_comment == "Attach the completion certificate"
    actuals.save_actual(session, capturer, kpi_in_technical.id, q1, {"value": 85})
    actuals.submit_actual(session, capturer, actual.id, now=datetime(2025, 10, 2, tzinfo=UTC))
    actuals.verify_actual(session, verifier, actual.id)
    actuals.approve_actual(session, approver, actual.id)
    assert (actual.status, actual.value, actual.verified_by, actual.approved_by) == (
        ActualStatus.APPROVED, 85.0, "verifier", "approver")
    with pytest.raises(LockedRecord, match="approved"):
        actuals.save_actual(session, capturer, kpi_in_technical.id, q1, {"value": 99})


def test_a_capturer_reports_only_for_their_own_units(session, system, people, small_org, q1):
    finance_kpi = kpis.create_kpi(session, system, small_org.year_id,
                                  number_kpi("BTO01", responsible_unit_id=small_org.finance_id))
    with pytest.raises(PermissionDenied, match="capture actuals for this unit"):
        actuals.save_actual(session, people[Role.CAPTURER], finance_kpi.id, q1, {"value": 1})


def test_the_capturer_of_a_value_cannot_verify_it(session, system, kpi_in_technical, q1):
    actual = actuals.save_actual(session, system, kpi_in_technical.id, q1, {"value": 10})
    actuals.submit_actual(session, system, actual.id)
    with pytest.raises(PermissionDenied, match="someone else must review"):
        actuals.verify_actual(session, system, actual.id)


def test_a_late_submission_is_marked_late(session, people, kpi_in_technical, q1):
    actual = actuals.save_actual(session, people[Role.CAPTURER], kpi_in_technical.id, q1, {"value": 10})
    deadline = session.get(ReportingPeriod, q1).submission_deadline
    day_after = datetime(deadline.year, deadline.month, deadline.day + 1, 9, tzinfo=UTC)
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id, now=day_after)
    assert actual.is_late


def test_a_submission_on_the_deadline_is_on_time(session, people, kpi_in_technical, q1):
    actual = actuals.save_actual(session, people[Role.CAPTURER], kpi_in_technical.id, q1, {"value": 10})
    deadline = session.get(ReportingPeriod, q1).submission_deadline
    on_the_day = datetime(deadline.year, deadline.month, deadline.day, 16, tzinfo=UTC)
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id, now=on_the_day)
    assert not actual.is_late


def test_an_empty_actual_cannot_be_submitted(session, people, kpi_in_technical, q1):
    actual = actuals.save_actual(session, people[Role.CAPTURER], kpi_in_technical.id, q1, {"narrative": "busy"})
    with pytest.raises(ValidationError, match="value: enter the actual"):
        actuals.submit_actual(session, people[Role.CAPTURER], actual.id)


def test_returning_needs_a_comment(session, people, kpi_in_technical, q1):
    actual = actuals.save_actual(session, people[Role.CAPTURER], kpi_in_technical.id, q1, {"value": 3})
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    with pytest.raises(ValidationError, match="comment"):
        actuals.return_actual(session, people[Role.VERIFIER], actual.id, "  ")


def test_a_closed_period_refuses_changes(session, system, kpi_in_technical, q1):
    period = session.get(ReportingPeriod, q1)
    period.is_closed = True
    session.commit()
    with pytest.raises(LockedRecord, match="Q1 is closed"):
        actuals.save_actual(session, system, kpi_in_technical.id, q1, {"value": 3})


def test_a_yes_no_actual_is_1_or_0(session, system, small_org, q1):
    kpi = kpis.create_kpi(session, system, small_org.year_id, number_kpi(
        "TS02", measure_type="yes_no", direction="milestone", calculation_type="last_value", annual_target=1))
    with pytest.raises(ValidationError, match="1 \\(yes\\) or 0 \\(no\\)"):
        actuals.save_actual(session, system, kpi.id, q1, {"value": 2})


def test_evidence_is_stored_once_per_content_and_read_back_verified(session, people, kpi_in_technical, q1):
    capturer = people[Role.CAPTURER]
    actual = actuals.save_actual(session, capturer, kpi_in_technical.id, q1, {"value": 3})
    first = evidence.attach_evidence(session, capturer, actual.id, "C:\\scans\\certificate.pdf", b"%PDF-1.4 cert")
    second = evidence.attach_evidence(session, capturer, actual.id, "copy.pdf", b"%PDF-1.4 cert")
    assert first.original_name == "certificate.pdf" and first.media_type == "application/pdf"
    assert first.content_sha256 == second.content_sha256
    assert evidence.read_evidence(session, first.id) == b"%PDF-1.4 cert"


def test_tampered_evidence_bytes_are_detected(session, system, kpi_in_technical, q1):
    from pmsdesk.models import EvidenceContent

    actual = actuals.save_actual(session, system, kpi_in_technical.id, q1, {"value": 3})
    record = evidence.attach_evidence(session, system, actual.id, "photo.jpg", b"real bytes")
    session.get(EvidenceContent, record.content_sha256).data = b"other bytes"
    session.commit()
    with pytest.raises(ValidationError, match="photo.jpg do not match their hash"):
        evidence.read_evidence(session, record.id)


def test_empty_evidence_is_refused(session, system, kpi_in_technical, q1):
    actual = actuals.save_actual(session, system, kpi_in_technical.id, q1, {"value": 3})
    with pytest.raises(ValidationError, match="empty.pdf is empty"):
        evidence.attach_evidence(session, system, actual.id, "empty.pdf", b"")


def test_the_approver_returns_a_verified_value_with_a_comment(session, people, kpi_in_technical, q1):
    capturer, verifier, approver = people[Role.CAPTURER], people[Role.VERIFIER], people[Role.APPROVER]
    actual = actuals.save_actual(session, capturer, kpi_in_technical.id, q1, {"value": 80})
    actuals.submit_actual(session, capturer, actual.id)
    with pytest.raises(PermissionDenied, match="verify actuals"):
        actuals.return_actual(session, approver, actual.id, "Too early")  # verifying is not the approver's part
    actuals.verify_actual(session, verifier, actual.id)
    with pytest.raises(ValidationError, match="comment"):
        actuals.return_actual(session, approver, actual.id, "")
    with pytest.raises(PermissionDenied, match="approve"):
        actuals.return_actual(session, capturer, actual.id, "I changed my mind")

    actuals.return_actual(session, approver, actual.id, "The figure includes Q1's households")

    assert (actual.status, actual.review_comment, actual.verified_by) == (
        ActualStatus.RETURNED, "The figure includes Q1's households", None)


def test_one_save_names_every_problem_of_the_form(session, people, small_org, system, q1):
    """A negative count and a too-long narrative are both reported by the first save, not one per try."""
    kpi = kpis.create_kpi(session, system, small_org.year_id,
                          number_kpi("TS09", responsible_unit_id=small_org.technical_id))
    with pytest.raises(ValidationError) as refused:
        actuals.save_actual(session, people[Role.CAPTURER], kpi.id, q1,
                            {"value": -3, "narrative": "x" * 4001, "corrective_measure": "y" * 4001})
    assert set(refused.value.problems) == {"value", "narrative", "corrective_measure"}
    assert "cannot be negative" in refused.value.problems["value"]
    assert actuals.find_actual(session, kpi.id, q1) is None


def test_a_whole_quarter_is_submitted_together_or_not_at_all(session, people, small_org, system, q1):
    capturer = people[Role.CAPTURER]
    made = [kpis.create_kpi(session, system, small_org.year_id,
                            number_kpi(reference, responsible_unit_id=small_org.technical_id))
            for reference in ("TS21", "TS22", "TS23")]
    drafts = [actuals.save_actual(session, capturer, made[0].id, q1, {"value": 5}),
              actuals.save_actual(session, capturer, made[1].id, q1, {"narrative": "value still to come"})]
    with pytest.raises(ValidationError) as refused:
        actuals.submit_actuals(session, capturer, [draft.id for draft in drafts])
    assert refused.value.problems == {"TS22 Q1": "enter the actual before submitting"}
    session.expire_all()
    assert [actuals.find_actual(session, kpi.id, q1).status for kpi in made[:2]] == [ActualStatus.DRAFT] * 2

    drafts.append(actuals.save_actual(session, capturer, made[2].id, q1, {"value": 7}))
    actuals.save_actual(session, capturer, made[1].id, q1, {"value": 6})
    submitted = actuals.submit_actuals(session, capturer, [draft.id for draft in drafts])
    assert [actual.status for actual in submitted] == [ActualStatus.SUBMITTED] * 3
