"""The read-only queries behind the reporting and verification screens (no Qt)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from pmsdesk.models import ActualStatus, Kpi
from pmsdesk.services import actuals, worklists
from pmsdesk.ui.widgets.status import status_text, with_unit


@pytest.fixture
def session(seeded_database):
    with seeded_database.session() as session:
        yield session


@pytest.fixture
def q2(session, seeded):
    return worklists.quarters(session, seeded.year_id)[1]


def kpi_id(session, seeded, reference):
    return session.scalar(select(Kpi.id).where(Kpi.financial_year_id == seeded.year_id, Kpi.reference == reference))


def test_the_worklist_holds_kpis_with_a_target_in_the_period_within_the_capturers_units(session, q2, actor_named):
    capturer = [row.reference for row in worklists.reporting_worklist(session, actor_named("capturer"), q2.id)]
    admin = [row.reference for row in worklists.reporting_worklist(session, actor_named("admin"), q2.id)]

    assert capturer == ["KPI 1", "KPI 3", "KPI 5", "KPI 7"]
    assert admin == ["KPI 1", "KPI 2", "KPI 3", "KPI 4", "KPI 5", "KPI 7"]
    assert worklists.reporting_worklist(session, actor_named("viewer"), q2.id) == []


def test_worklist_rows_carry_status_actual_comment_and_evidence_count(session, seeded, q2, actor_named):
    capturer, verifier = actor_named("capturer"), actor_named("verifier")
    actual = actuals.save_actual(session, capturer, kpi_id(session, seeded, "KPI 3"), q2.id, {"value": 2.5})
    actuals.submit_actual(session, capturer, actual.id)
    actuals.return_actual(session, verifier, actual.id, "Attach the engineer's report.")

    row = next(r for r in worklists.reporting_worklist(session, capturer, q2.id) if r.reference == "KPI 3")

    assert (row.status, row.actual, row.review_comment, row.evidence_count) == \
        (ActualStatus.RETURNED, 2.5, "Attach the engineer's report.", 0)


def test_the_review_queue_shows_submitted_values_to_verifiers_and_verified_ones_to_approvers(
        session, seeded, q2, actor_named):
    capturer, verifier = actor_named("capturer"), actor_named("verifier")
    first = actuals.save_actual(session, capturer, kpi_id(session, seeded, "KPI 1"), q2.id, {"value": 280})
    second = actuals.save_actual(session, capturer, kpi_id(session, seeded, "KPI 5"), q2.id, {"value": 27})
    for actual in (first, second):
        actuals.submit_actual(session, capturer, actual.id)
    actuals.verify_actual(session, verifier, second.id)

    assert [r.reference for r in worklists.review_queue(session, verifier, q2.id)] == ["KPI 1"]
    assert [r.reference for r in worklists.review_queue(session, actor_named("approver"), q2.id)] == ["KPI 5"]
    assert worklists.review_queue(session, capturer, q2.id) == []


def test_the_current_quarter_is_the_last_one_that_has_ended(session, seeded):
    quarters = worklists.quarters(session, seeded.year_id)

    assert worklists.current_quarter(quarters, date(2025, 11, 3)).label == "Q1"
    assert worklists.current_quarter(quarters, date(2025, 8, 1)).label == "Q1"
    assert worklists.current_quarter(quarters, date(2027, 1, 1)).label == "Q4"


def test_the_lock_reason_names_why_the_capturer_cannot_edit(session, seeded, q2, actor_named):
    capturer = actor_named("capturer")
    mine, theirs = kpi_id(session, seeded, "KPI 1"), kpi_id(session, seeded, "KPI 2")
    assert worklists.capture_lock_reason(worklists.actual_detail(session, mine, q2.id), capturer) is None
    assert worklists.capture_lock_reason(worklists.actual_detail(session, theirs, q2.id), capturer) == \
        "You may not capture actuals for KPI 2: it belongs to another unit."

    actual = actuals.save_actual(session, capturer, mine, q2.id, {"value": 280})
    actuals.submit_actual(session, capturer, actual.id)

    assert worklists.capture_lock_reason(worklists.actual_detail(session, mine, q2.id), capturer) == \
        "It was submitted and waits for verification, so it can no longer be edited."


def test_status_and_unit_wording():
    assert status_text(None, overdue=True) == "Not started · overdue"
    assert status_text(ActualStatus.SUBMITTED, is_late=True) == "Submitted · late"
    assert status_text(ActualStatus.APPROVED, overdue=True) == "Approved"
    assert with_unit("85%", "% of billing") == "85% of billing"
    assert with_unit("9", "km") == "9 km"
    assert with_unit("", "km") == ""
