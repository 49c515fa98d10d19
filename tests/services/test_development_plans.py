"""The personal development plan (Annexure B): agreed with the draft, only its progress moves after signing,
every problem named by line and field with nothing written, audited, copied into an amendment."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, DevelopmentAction, DevelopmentStatus, Role
from pmsdesk.services import agreements, development_plans
from pmsdesk.services import people as people_service
from pmsdesk.services.errors import LockedRecord, PermissionDenied, ValidationError

ITEMS = ([{"kind": "kpa", "title": "Basic Service Delivery", "weight": 100}]
         + [{"kind": "ccr", "title": "Financial Management", "weight": 100}])
LINE = {"competency_gap": "Financial Management: reading the section 71 statements",
        "outcome_expected": "Reads and explains the monthly statements unaided",
        "development_action": "MFMA short course (municipal finance for non-financial managers)",
        "mode_of_delivery": "Accredited course, three days", "time_frame": "By 31 March 2026",
        "work_opportunity": "Presents the directorate's s71 figures at the budget steering committee",
        "support_person": "Chief Financial Officer"}


@pytest.fixture
def draft(session, system, small_org):
    person = people_service.create_person(session, system, small_org.organisation_id, {"full_name": "Sipho Nkosi"})
    return agreements.create_agreement(session, system, person.id, small_org.year_id,
                                       {"kind": "za_s56", "rule_set_code": "za_s56", "title": "PA 2025/26"}, ITEMS)


def audit_count(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent))


def test_a_draft_plan_is_saved_in_order_reordered_and_trimmed(session, system, draft):
    second = {**LINE, "competency_gap": "People management: performance conversations", "support_person": None}
    saved = development_plans.save_development_plan(session, system, draft.id, [LINE, second])
    assert [line.competency_gap for line in saved] == [LINE["competency_gap"], second["competency_gap"]]
    assert saved[0].status is DevelopmentStatus.PLANNED and saved[1].support_person is None
    again = development_plans.save_development_plan(
        session, system, draft.id, [{"id": saved[1].id, **second}])
    assert [(line.id, line.position) for line in again] == [(saved[1].id, 1)]
    assert session.scalar(select(func.count()).select_from(DevelopmentAction)) == 1


@pytest.mark.parametrize(("line", "problem"), [
    ({**LINE, "competency_gap": "  "}, "lines[1].competency_gap"),
    ({**LINE, "development_action": None}, "lines[1].development_action"),
    ({**LINE, "time_frame": "x" * 201}, "lines[1].time_frame"),
    ({**LINE, "status": "half done"}, "lines[1].status"),
    ({**LINE, "budget": 5000}, "lines[1].budget"),
    ({**LINE, "id": "not-a-line"}, "lines[1].id"),
])
def test_a_wrong_line_is_named_and_nothing_is_written(session, system, draft, line, problem):
    before = audit_count(session)
    with pytest.raises(ValidationError) as refused:
        development_plans.save_development_plan(session, system, draft.id, [LINE, line])
    assert problem in refused.value.problems
    assert development_plans.development_plan(session, draft.id) == []
    assert audit_count(session) == before


def test_after_signing_only_the_status_moves_and_an_amendment_copies_the_plan(session, system, draft):
    saved = development_plans.save_development_plan(session, system, draft.id, [LINE])
    signed = agreements.sign_agreement(session, system, draft.id, date(2025, 7, 28), "Parys")
    changed = {**saved[0].values(), "id": saved[0].id, "time_frame": "By 30 June 2026"}
    with pytest.raises(LockedRecord, match="only each line's status can change"):
        development_plans.save_development_plan(session, system, signed.id, [changed])
    with pytest.raises(LockedRecord):
        development_plans.save_development_plan(session, system, signed.id, [{**saved[0].values()}])
    moved = development_plans.save_development_plan(
        session, system, signed.id, [{**saved[0].values(), "id": saved[0].id, "status": "completed"}])
    assert moved[0].status is DevelopmentStatus.COMPLETED and moved[0].time_frame == LINE["time_frame"]
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == saved[0].id)).all()
    assert [event.action for event in events] == ["create", "update"]
    amendment = agreements.amend_agreement(session, system, signed.id, "new KPI after the adjustments budget",
                                           ITEMS)
    copied = development_plans.development_plan(session, amendment.id)
    assert [line.values() for line in copied] == [moved[0].values()] and copied[0].id != moved[0].id


def test_only_those_who_manage_agreements_change_a_plan(session, people, draft):
    with pytest.raises(PermissionDenied):
        development_plans.save_development_plan(session, people[Role.CAPTURER], draft.id, [LINE])
    development_plans.save_development_plan(session, people[Role.PMS_OFFICER], draft.id, [LINE])
