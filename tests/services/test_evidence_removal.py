"""Removing a wrongly attached evidence file: only while the value can still change, always audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pmsdesk.models import AuditEvent, EvidenceContent, EvidenceFile, ReportingPeriod, Role
from pmsdesk.services import actuals, evidence
from pmsdesk.services.errors import LockedRecord, PermissionDenied


@pytest.fixture
def q1(small_org):
    return small_org.quarter_ids[0]


@pytest.fixture
def attached(session, people, kpi_in_technical, q1):
    capturer = people[Role.CAPTURER]
    actual = actuals.save_actual(session, capturer, kpi_in_technical.id, q1, {"value": 80})
    record = evidence.attach_evidence(session, capturer, actual.id, "wrong_ward.pdf", b"%PDF-1.4 wrong ward")
    return actual, record


def test_a_draft_actuals_file_is_removed_and_the_audit_trail_names_it(session, people, attached):
    actual, record = attached
    evidence.remove_evidence(session, people[Role.CAPTURER], record.id, "attached the Ward 2 certificate")
    assert session.scalars(select(EvidenceFile).where(EvidenceFile.actual_id == actual.id)).all() == []
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity == "evidence_file",
                                                    AuditEvent.action == "delete"))
    assert event.actor == "capturer" and event.old_values["original_name"] == "wrong_ward.pdf"
    assert event.reason == "attached the Ward 2 certificate"
    # The bytes stay: the audit trail's hash still names them, and another record may share them.
    assert session.get(EvidenceContent, record.content_sha256) is not None


@pytest.mark.parametrize("reviewed_as", ["submitted", "verified", "approved"])
def test_a_reviewed_actuals_evidence_cannot_be_removed(session, people, attached, reviewed_as):
    actual, record = attached
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    if reviewed_as in ("verified", "approved"):
        actuals.verify_actual(session, people[Role.VERIFIER], actual.id)
    if reviewed_as == "approved":
        actuals.approve_actual(session, people[Role.APPROVER], actual.id)
    events = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    with pytest.raises(LockedRecord, match=f"cannot be removed from a {reviewed_as} actual"):
        evidence.remove_evidence(session, people[Role.CAPTURER], record.id)
    assert session.get(EvidenceFile, record.id) is not None
    assert session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) == events


def test_a_returned_actuals_evidence_can_be_replaced(session, people, attached):
    actual, record = attached
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    actuals.return_actual(session, people[Role.VERIFIER], actual.id, "This is Ward 1's certificate")
    evidence.remove_evidence(session, people[Role.CAPTURER], record.id)
    assert session.get(EvidenceFile, record.id) is None


@pytest.mark.parametrize("role", [Role.VERIFIER, Role.APPROVER, Role.READ_ONLY])
def test_only_those_who_capture_for_the_unit_remove_evidence(session, people, attached, role):
    _actual, record = attached
    with pytest.raises(PermissionDenied):
        evidence.remove_evidence(session, people[role], record.id)
    assert session.get(EvidenceFile, record.id) is not None


def test_evidence_in_a_closed_period_stays(session, people, attached, q1):
    _actual, record = attached
    session.get(ReportingPeriod, q1).is_closed = True
    session.commit()
    with pytest.raises(LockedRecord, match="closed"):
        evidence.remove_evidence(session, people[Role.CAPTURER], record.id)
    assert session.get(EvidenceFile, record.id) is not None
