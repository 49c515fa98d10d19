"""A Kenyan county (the seeded organisation, moved to Kenya) with a signed performance contract."""

from __future__ import annotations

from datetime import date

import pytest

from pmsdesk.models import Organisation
from pmsdesk.services import agreements, framework
from pmsdesk.services import people as people_service

#: SCORING.md section 4's worked example, with each indicator's criteria category and history.
CONTRACT_ITEMS = [
    {"kind": "indicator", "title": "Own-source revenue collected", "weight": 60, "category": "Financial Stewardship "
     "and Discipline", "unit": "KSh million", "baseline": 780, "achieved_last_year": 820, "achieved_year_before": 760,
     "criteria_excellent": 1300, "criteria_very_good": 1000, "criteria_good": 800, "criteria_fair": 600,
     "criteria_poor": 400},
    {"kind": "indicator", "title": "Days to pay suppliers", "weight": 40, "category": "Service Delivery",
     "unit": "days", "baseline": 55, "achieved_last_year": 48, "achieved_year_before": 62,
     "criteria_excellent": 15, "criteria_very_good": 30, "criteria_good": 45, "criteria_fair": 60, "criteria_poor": 90},
]
FRONT_MATTER = {"vision": "A prosperous county with equal opportunities for all",
                "mission": "To deliver quality services through prudent use of resources",
                "strategic_objectives": "Raise own-source revenue\nPay suppliers on time"}


@pytest.fixture
def kenyan_org(session, small_org):
    organisation = session.get(Organisation, small_org.organisation_id)
    organisation.country = "KE"
    organisation.name = "Murang'a County Government"
    session.commit()
    return small_org


def make_contract(session, actor, org, items=None, name="Wanjiru Kamau", kind="ke_pc", **values):
    person = people_service.create_person(session, actor, org.organisation_id, {"full_name": name})
    return agreements.create_agreement(session, actor, person.id, org.year_id, {
        "kind": kind, "rule_set_code": kind, "title": f"Performance contract 2025/26: {name}", **values},
        CONTRACT_ITEMS if items is None else items)


@pytest.fixture
def programmes(session, system, kenyan_org) -> dict[str, str]:
    """The county's CIDP programme and ADP project (code → id), and a strategic plan's programme that a
    contract indicator may not serve."""
    made = {}
    for kind, code, name in (("cidp", "FIN-01", "Public finance management"),
                             ("adp", "RD-07", "Gravelling of feeder roads"),
                             ("strategic_plan", "SP-01", "Corporate services")):
        plan = framework.create_plan(session, system, kenyan_org.organisation_id,
                                     {"kind": kind, "title": f"{kind.upper()} plan", "start_year": 2023,
                                      "end_year": 2027})
        made[code] = framework.create_programme(session, system, kenyan_org.organisation_id,
                                                {"code": code, "name": name, "plan_id": plan.id,
                                                 "is_project": kind == "adp"}).id
    return made


@pytest.fixture
def contract(session, system, kenyan_org, programmes):
    """The worked example signed: revenue serves the CIDP's finance programme, supplier days nothing."""
    items = [{**CONTRACT_ITEMS[0], "programme_id": programmes["FIN-01"]}, CONTRACT_ITEMS[1]]
    draft = make_contract(session, system, kenyan_org, items=items, **FRONT_MATTER)
    return agreements.sign_agreement(session, system, draft.id, date(2025, 7, 28), "Murang'a")
