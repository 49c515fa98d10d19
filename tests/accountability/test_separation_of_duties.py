"""Separation of duties rests on who entered the value, not on who touched the record last."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pmsdesk.models import ActualStatus, Role, User
from pmsdesk.services import actuals, users, worklists
from pmsdesk.services.actor import actor_for_user
from pmsdesk.services.errors import PermissionDenied


@pytest.fixture
def capturer_and_verifier(session, people):
    """The Technical Services capturer, also made a verifier (small offices double up)."""
    users.grant_role(session, people[Role.ADMINISTRATOR], "capturer", Role.VERIFIER)
    return actor_for_user(session, session.scalar(select(User).where(User.username == "capturer")))


@pytest.fixture
def second_verifier(session, people):
    users.create_user(session, people[Role.ADMINISTRATOR], {"username": "auditor2", "full_name": "Second Verifier"},
                      "auditor2-password", [(Role.VERIFIER, None), (Role.CAPTURER, None)])
    return actor_for_user(session, session.scalar(select(User).where(User.username == "auditor2")))


def test_a_narrative_edit_by_someone_else_does_not_let_the_author_verify_his_own_value(
        session, people, capturer_and_verifier, kpi_in_technical, small_org):
    quarter = small_org.quarter_ids[0]
    actual = actuals.save_actual(session, capturer_and_verifier, kpi_in_technical.id, quarter, {"value": 80})
    actuals.save_actual(session, people[Role.PMS_OFFICER], kpi_in_technical.id, quarter,
                        {"narrative": "Checked against the meter readings"})
    assert actual.captured_by == "capturer"  # the narrative editor did not become the value's author
    actuals.submit_actual(session, people[Role.PMS_OFFICER], actual.id)

    with pytest.raises(PermissionDenied, match="You entered or changed this value"):
        actuals.verify_actual(session, capturer_and_verifier, actual.id)
    assert actual.status == ActualStatus.SUBMITTED
    # The PMS officer only wrote the narrative: someone independent of the value may verify it.
    actuals.verify_actual(session, people[Role.VERIFIER], actual.id)
    assert actual.status == ActualStatus.VERIFIED


def test_whoever_created_or_changed_the_value_may_not_verify_or_approve_it(
        session, people, capturer_and_verifier, second_verifier, kpi_in_technical, small_org):
    quarter = small_org.quarter_ids[0]
    actual = actuals.save_actual(session, capturer_and_verifier, kpi_in_technical.id, quarter, {"value": 80})
    actuals.save_actual(session, second_verifier, kpi_in_technical.id, quarter, {"value": 85})
    assert actual.captured_by == "auditor2"
    actuals.submit_actual(session, second_verifier, actual.id)

    detail = worklists.actual_detail(session, kpi_in_technical.id, quarter)  # what the verification screen shows
    assert detail.value_authors == {"capturer", "auditor2"}
    for author in (capturer_and_verifier, second_verifier):  # the first value's author too
        with pytest.raises(PermissionDenied, match="You entered or changed this value"):
            actuals.verify_actual(session, author, actual.id)
    actuals.verify_actual(session, people[Role.VERIFIER], actual.id)


def test_an_approver_who_changed_the_value_may_not_approve_it(session, people, kpi_in_technical, small_org):
    quarter = small_org.quarter_ids[0]
    admin = people[Role.ADMINISTRATOR]
    actual = actuals.save_actual(session, people[Role.CAPTURER], kpi_in_technical.id, quarter, {"value": 80})
    actuals.save_actual(session, admin, kpi_in_technical.id, quarter, {"value": 90})
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    actuals.verify_actual(session, people[Role.VERIFIER], actual.id)
    with pytest.raises(PermissionDenied, match="You entered or changed this value"):
        actuals.approve_actual(session, admin, actual.id)
    actuals.approve_actual(session, people[Role.APPROVER], actual.id)
    assert actual.status == ActualStatus.APPROVED
