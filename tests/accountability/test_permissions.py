"""Each service called as each role: the service layer itself refuses what a role may not do."""

from __future__ import annotations

from datetime import date

import pytest

from pmsdesk.models import Role
from pmsdesk.services import actuals, agreements, entities, framework, kpis, risks, users, years
from pmsdesk.services import people as people_service
from pmsdesk.services.errors import PermissionDenied
from tests.conftest import number_kpi

ALL = set(Role)
# Written out independently of ROLE_PERMISSIONS so a change there must be deliberate.
ALLOWED = {
    "create organisation": {Role.ADMINISTRATOR, Role.PMS_OFFICER},
    "rename unit": {Role.ADMINISTRATOR, Role.PMS_OFFICER},
    "create KPI": {Role.ADMINISTRATOR, Role.PMS_OFFICER},
    "set target": {Role.ADMINISTRATOR, Role.PMS_OFFICER},
    "capture actual": {Role.ADMINISTRATOR, Role.PMS_OFFICER, Role.CAPTURER},
    "verify actual": {Role.ADMINISTRATOR, Role.VERIFIER},
    "approve actual": {Role.ADMINISTRATOR, Role.APPROVER},
    "reopen actual": {Role.ADMINISTRATOR, Role.PMS_OFFICER},
    "close period": {Role.ADMINISTRATOR, Role.PMS_OFFICER},
    "create user": {Role.ADMINISTRATOR},
    "reset password": {Role.ADMINISTRATOR},
    "draft agreement": {Role.ADMINISTRATOR, Role.PMS_OFFICER, Role.APPROVER},
    "sign agreement": {Role.ADMINISTRATOR, Role.APPROVER},
    "record risk": {Role.ADMINISTRATOR, Role.PMS_OFFICER, Role.CAPTURER},
}


@pytest.fixture
def world(session, system, small_org, kpi_in_technical, people):
    """Records in every state a service needs, captured by the system user (so no one is their capturer)."""
    q1, q2 = small_org.quarter_ids[:2]
    submitted = actuals.save_actual(session, system, kpi_in_technical.id, q1, {"value": 90})
    actuals.submit_actual(session, system, submitted.id)
    verified = actuals.save_actual(session, system, kpi_in_technical.id, q2, {"value": 95})
    actuals.submit_actual(session, system, verified.id)
    session.refresh(verified)
    actuals.verify_actual(session, people[Role.VERIFIER], verified.id)
    person = people_service.create_person(session, system, small_org.organisation_id, {"full_name": "Sipho Nkosi"})
    draft = agreements.create_agreement(
        session, system, person.id, small_org.year_id,
        {"kind": "za_s56", "rule_set_code": "za_s56", "title": "Agreement"},
        [{"kind": "kpa", "title": "Basic Service Delivery", "weight": 100},
         {"kind": "ccr", "title": "People management", "weight": 100}],
    )
    other = people_service.create_person(session, system, small_org.organisation_id, {"full_name": "Wanjiru Kamau"})
    return {"other_person": other, "kpi": kpi_in_technical, "submitted": submitted, "verified": verified, "agreement": draft,
            "org": small_org}


ACTIONS = {
    "create organisation": lambda s, a, w: framework.create_organisation(
        s, a, {"code": "ZA-T99", "name": "Other", "kind": "municipality", "country": "ZA"}),
    "rename unit": lambda s, a, w: entities.update_entity(s, a, "unit", w["org"].technical_id, {"name": "Infra"}),
    "create KPI": lambda s, a, w: kpis.create_kpi(s, a, w["org"].year_id, number_kpi("NEW01")),
    "set target": lambda s, a, w: kpis.set_period_target(s, a, w["kpi"].id, w["org"].quarter_ids[3], {"value": 5}),
    "capture actual": lambda s, a, w: actuals.save_actual(s, a, w["kpi"].id, w["org"].quarter_ids[2], {"value": 1}),
    "verify actual": lambda s, a, w: actuals.verify_actual(s, a, w["submitted"].id),
    "approve actual": lambda s, a, w: actuals.approve_actual(s, a, w["verified"].id),
    "reopen actual": lambda s, a, w: actuals.reopen_actual(s, a, w["verified"].id, "wrong figure"),
    "close period": lambda s, a, w: years.close_period(s, a, w["org"].quarter_ids[3]),
    "create user": lambda s, a, w: users.create_user(
        s, a, {"username": "new", "full_name": "New"}, "long-password", [(Role.READ_ONLY, None)]),
    "reset password": lambda s, a, w: users.reset_password(s, a, "read_only", "another-password", reason="forgot"),
    "draft agreement": lambda s, a, w: agreements.create_agreement(
        s, a, w["other_person"].id, w["org"].year_id,
        {"kind": "za_s56", "rule_set_code": "za_s56", "title": "Second"},
        [{"kind": "kpa", "title": "KPA", "weight": 100}]),
    "sign agreement": lambda s, a, w: agreements.sign_agreement(s, a, w["agreement"].id, date(2025, 7, 28), "Parys"),
    "record risk": lambda s, a, w: risks.create_risk(
        s, a, w["org"].organisation_id, {"title": "Floods", "likelihood": 3, "impact": 4, "kpi_id": w["kpi"].id}),
}


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_role_may_do_exactly_what_its_role_allows(session, people, world, role, action):
    actor = people[role]
    if role in ALLOWED[action]:
        ACTIONS[action](session, actor, world)
    else:
        with pytest.raises(PermissionDenied):
            ACTIONS[action](session, actor, world)


def test_the_table_covers_every_role():
    assert all(allowed <= ALL for allowed in ALLOWED.values())
    assert set(ACTIONS) == set(ALLOWED)
