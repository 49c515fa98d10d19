"""Officials: their post, unit, supervisor and account; retiring keeps them but takes them off new work."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from pmsdesk.models import AuditEvent, Person, Role, User
from pmsdesk.services import agreements, people
from pmsdesk.services.errors import PermissionDenied, ValidationError


def add(session, actor, small_org, name, **values):
    return people.save_official(session, actor, small_org.organisation_id, None, {"full_name": name, **values})


def test_an_official_is_saved_with_post_unit_supervisor_and_account(session, system, small_org):
    boss = add(session, system, small_org, "Sipho Nkosi", employee_number="E1",
               position_title="Director: Technical Services", is_senior_manager=True, unit_id=small_org.technical_id)
    clerk = add(session, system, small_org, "Lerato Dube", employee_number="E2", position_title="Clerk",
                supervisor_id=boss.id, username="capturer", email="lerato@ngwathe.gov.za")

    assert (clerk.supervisor_name, clerk.username, clerk.email) == ("Sipho Nkosi", "capturer", "lerato@ngwathe.gov.za")
    assert (boss.unit_name, boss.is_senior_manager) == ("Technical Services", True)
    assert session.scalar(select(User.person_id).where(User.username == "capturer")) == clerk.id
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.entity == "user_account")
                          .order_by(AuditEvent.id.desc()).limit(1)) == "link person"


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"full_name": ""}, "full_name", "is required"),
    ({"employee_number": "e1"}, "employee_number", "employee number e1 already belongs to someone else here"),
    ({"supervisor_id": "no-such-person"}, "supervisor_id", "no person with id no-such-person in this organisation"),
    ({"username": "nobody"}, "username", "no user account called nobody"),
    ({"grade": "S1"}, "position_title", "name the post"),
])
def test_a_bad_official_is_refused_by_field(session, system, small_org, values, field, message):
    add(session, system, small_org, "Sipho Nkosi", employee_number="E1")
    count = len(session.scalars(select(Person)).all())

    with pytest.raises(ValidationError) as refused:
        add(session, system, small_org, "Lerato Dube", **{"full_name": "Lerato Dube", **values})

    assert message in refused.value.problems[field]
    assert len(session.scalars(select(Person)).all()) == count


def test_nobody_ends_up_supervising_themselves(session, system, small_org):
    boss = add(session, system, small_org, "Sipho Nkosi")
    clerk = add(session, system, small_org, "Lerato Dube", supervisor_id=boss.id)

    with pytest.raises(ValidationError) as refused:
        people.save_official(session, system, small_org.organisation_id, boss.id,
                             {**boss.values(), "supervisor_id": clerk.id})

    assert "their own supervisor" in refused.value.problems["supervisor_id"]


def test_a_pms_officer_edits_people_but_links_accounts_only_as_administrator(session, people, small_org):
    from pmsdesk.services import people as service
    officer = people[Role.PMS_OFFICER]
    person = add(session, officer, small_org, "Sipho Nkosi")

    with pytest.raises(PermissionDenied):
        service.save_official(session, officer, small_org.organisation_id, person.id,
                              {**person.values(), "username": "read_only"})


def test_a_retired_official_leaves_the_agreement_list_and_can_come_back(session, system, small_org):
    person = add(session, system, small_org, "Sipho Nkosi")
    with pytest.raises(ValidationError) as refused:
        people.retire_official(session, system, person.id, date(2026, 11, 30), reason=" ")
    assert "say why" in refused.value.problems["reason"]

    people.retire_official(session, system, person.id, date(2026, 11, 30), reason="Contract ended")

    assert [choice.full_name for choice in agreements.people_of(session, small_org.organisation_id)] == []
    assert people.get_official(session, small_org.organisation_id, person.id).retired_on == date(2026, 11, 30)
    people.reinstate_official(session, system, person.id, reason="Contract renewed")
    assert [choice.full_name for choice in agreements.people_of(session, small_org.organisation_id)] == ["Sipho Nkosi"]
