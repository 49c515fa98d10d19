"""A Tanzanian district council with people, accounts and a PEPMIS plan, built through the services."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from pmsdesk.models import Role, User
from pmsdesk.services import framework, pepmis, users, years
from pmsdesk.services import people as people_service
from pmsdesk.services.actor import Actor, actor_for_user


@dataclass(frozen=True)
class Council:
    organisation_id: str
    year_id: str
    quarter_ids: list[str]
    health_id: str
    employee_id: str
    supervisor_id: str
    actors: dict[str, Actor]


#: Accounts: user name → (role, unit code or None for the whole council); amina and juma are people too.
ACCOUNTS = {
    "admin": (Role.ADMINISTRATOR, None),
    "hr": (Role.PMS_OFFICER, None),
    "amina": (Role.READ_ONLY, None),
    "clerk": (Role.CAPTURER, "HLT"),
    "juma": (Role.APPROVER, "HLT"),
    "director": (Role.APPROVER, None),
}


def build_council(session, system: Actor) -> Council:
    organisation = framework.create_organisation(
        session, system, {"code": "TZ-MBY", "name": "Mbeya District Council", "kind": "lga", "country": "TZ"})
    health = framework.create_unit(session, system, organisation.id,
                                   {"code": "HLT", "name": "Health Department", "level": "department"})
    year = years.create_financial_year(session, system, organisation.id, 2025)
    for username, (role, unit_code) in ACCOUNTS.items():
        users.create_user(session, system, {"username": username, "full_name": username.title()},
                          f"{username}-password", [(role, health.id if unit_code else None)])
    supervisor = people_service.save_official(session, system, organisation.id, None, {
        "full_name": "Juma Said", "position_title": "District Medical Officer", "unit_id": health.id,
        "username": "juma"})
    employee = people_service.save_official(session, system, organisation.id, None, {
        "full_name": "Amina Mushi", "employee_number": "CHK-10234", "position_title": "Health Officer",
        "unit_id": health.id, "supervisor_id": supervisor.id, "username": "amina"})
    actors = {username: actor_for_user(session, session.scalar(select(User).where(User.username == username)))
              for username in ACCOUNTS}
    quarter_ids = [period.id for period in years.quarters(session, year.id)]
    return Council(organisation.id, year.id, quarter_ids, health.id, employee.id, supervisor.id, actors)


@pytest.fixture
def council(session, system) -> Council:
    return build_council(session, system)


@dataclass(frozen=True)
class PlanIds:
    plan_id: str
    task_ids: list[str]
    sub_task_ids: list[str]


def build_plan(session, actor: Actor, council: Council) -> PlanIds:
    """Two tasks (60/40); the first has sub-tasks 70/30, the second one sub-task of 100."""
    plan = pepmis.create_plan(session, actor, council.organisation_id, council.year_id,
                              {"title": "Mbeya DC institutional performance plan 2025/26"})
    immunise = pepmis.add_task(session, actor, plan.id, {"code": "T1", "title": "Raise child immunisation coverage",
                                                         "weight": 60, "unit_id": council.health_id})
    reports = pepmis.add_task(session, actor, plan.id, {"code": "T2", "title": "Submit health reports on time",
                                                        "weight": 40})
    outreach = pepmis.add_sub_task(session, actor, immunise.id, {
        "code": "T1.1", "title": "Run monthly outreach clinics in 12 villages", "weight": 70,
        "target": "36 clinics", "indicator": "Clinics held", "start_date": "2025-07-01", "end_date": "2026-06-30"})
    registers = pepmis.add_sub_task(session, actor, immunise.id, {
        "code": "T1.2", "title": "Update the immunisation registers", "weight": 30, "target": "12 registers"})
    monthly = pepmis.add_sub_task(session, actor, reports.id, {
        "code": "T2.1", "title": "Submit the monthly DHIS2 report by the 7th", "weight": 100, "target": "12 reports"})
    return PlanIds(plan.id, [immunise.id, reports.id], [outreach.id, registers.id, monthly.id])


@pytest.fixture
def plan(session, council) -> PlanIds:
    return build_plan(session, council.actors["hr"], council)
