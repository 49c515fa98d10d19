"""Kenyan contracts: agreement kinds by country, criteria categories with their weights, bad input refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AgreementItem, AgreementKind, AuditEvent, PerformanceAgreement
from pmsdesk.services import agreements, rule_sets
from pmsdesk.services.agreement_rules import default_kind, kinds_for_country
from pmsdesk.services.errors import ValidationError

from .conftest import CONTRACT_ITEMS, FRONT_MATTER, make_contract


def _counts(session):
    return tuple(session.scalar(select(func.count()).select_from(table))
                 for table in (PerformanceAgreement, AgreementItem, AuditEvent))


def test_kenya_offers_the_contract_and_spas_and_never_section_56():
    assert kinds_for_country("KE") == (AgreementKind.KE_PERFORMANCE_CONTRACT, AgreementKind.KE_SPAS)
    assert AgreementKind.SA_SECTION_56 not in kinds_for_country("KE")
    assert default_kind("KE", senior=True) == AgreementKind.KE_PERFORMANCE_CONTRACT
    assert default_kind("KE", senior=False) == AgreementKind.KE_SPAS
    assert default_kind("ZA", senior=False) == AgreementKind.SA_SECTION_56


def test_a_kenyan_county_is_refused_a_section_56_agreement_and_nothing_is_written(session, system, kenyan_org):
    before = _counts(session)
    with pytest.raises(ValidationError) as refused:
        make_contract(session, system, kenyan_org, kind="za_s56",
                      items=[{"kind": "kpa", "title": "Basic services", "weight": 100}])
    assert refused.value.problems == {"kind": "Murang'a County Government makes performance contracts or SPAS "
                                              "staff appraisals, not Section 56/57 performance agreements"}
    assert _counts(session)[:2] == before[:2]


def test_a_south_african_municipality_is_refused_a_kenyan_contract(session, system, small_org):
    with pytest.raises(ValidationError) as refused:
        make_contract(session, system, small_org)
    assert "not performance contracts" in refused.value.problems["kind"]


def test_the_contract_keeps_front_matter_categories_and_history(session, system, kenyan_org):
    from pmsdesk.services.agreements import agreement_detail

    draft = make_contract(session, system, kenyan_org, **FRONT_MATTER)
    detail = agreement_detail(session, draft.id)
    assert detail.front_matter == FRONT_MATTER
    first = detail.items[0]
    assert (first.category, first.unit, first.baseline, first.achieved_last_year, first.achieved_year_before) == (
        "Financial Stewardship and Discipline", "KSh million", 780, 820, 760)


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"category": None}, "items[1].category", "choose the criteria category: Financial Stewardship and Discipline; "
     "Service Delivery; Core Mandate; Cross-Cutting Issues"),
    ({"category": "Roads"}, "items[1].category", "'Roads' is not one; choose the criteria category: "),
    ({"weight": 30}, "items.indicator", "weights sum to 90, they must sum to 100"),
    ({"criteria_good": 20}, "items[1].criteria", "must rise or fall steadily"),
])
def test_bad_contract_lines_are_named_and_nothing_is_written(session, system, kenyan_org, change, field, message):
    before = _counts(session)
    items = [CONTRACT_ITEMS[0], {**CONTRACT_ITEMS[1], **change}]
    with pytest.raises(ValidationError) as refused:
        make_contract(session, system, kenyan_org, items=items)
    assert message in refused.value.problems[field]
    assert _counts(session)[:2] == before[:2]


def test_category_weights_typed_into_the_rule_set_are_enforced(session, system, kenyan_org):
    rule_sets.ensure_default_rule_sets(session, system)
    body = rule_sets.get_rule_set(session, "ke_pc")["body"]
    weights = {"Financial Stewardship and Discipline": 50, "Service Delivery": 30, "Core Mandate": 10,
               "Cross-Cutting Issues": 10}
    for category in body["categories"]:
        category["weight"] = weights[category["name"]]
    rule_sets.edit_rule_set(session, system, "ke_pc", {"body": body}, reason="FY 2025/26 category weights")
    before = _counts(session)
    with pytest.raises(ValidationError) as refused:
        make_contract(session, system, kenyan_org)
    assert refused.value.problems == {
        "categories[0]": "Financial Stewardship and Discipline: the indicators' weights sum to 60, the category's "
                         "weight is 50",
        "categories[1]": "Service Delivery: the indicators' weights sum to 40, the category's weight is 30",
        "categories[2]": "Core Mandate: the indicators' weights sum to 0, the category's weight is 10",
        "categories[3]": "Cross-Cutting Issues: the indicators' weights sum to 0, the category's weight is 10"}
    assert _counts(session)[:2] == before[:2]
    fitting = [{**CONTRACT_ITEMS[0], "weight": 50}, {**CONTRACT_ITEMS[1], "weight": 30},
               {**CONTRACT_ITEMS[1], "title": "Audit queries resolved", "weight": 10, "category": "core mandate"},
               {**CONTRACT_ITEMS[1], "title": "Disability mainstreaming", "weight": 10,
                "category": "Cross-Cutting Issues"}]
    made = make_contract(session, system, kenyan_org, items=fitting, name="Otieno Odhiambo")
    assert [item.category for item in made.items][2] == "Core Mandate", "stored in the rule set's spelling"


def test_a_rule_set_with_some_category_weights_missing_is_refused(session, system):
    from pmsdesk.scoring import default_rule_set

    rule_sets.ensure_default_rule_sets(session, system)
    body = default_rule_set("ke_pc")["body"]
    body["categories"][0]["weight"] = 40
    with pytest.raises(ValidationError) as refused:
        rule_sets.edit_rule_set(session, system, "ke_pc", {"body": body}, reason="half done")
    assert refused.value.problems == {"body.categories[*].weight": "give every category a weight, or none"}


def test_an_indicator_serves_a_cidp_programme_or_adp_project(session, system, kenyan_org, programmes):
    from pmsdesk.services.contract_programmes import programme_choices, unlinked_indicators

    assert [choice.label for choice in programme_choices(session, kenyan_org.organisation_id)] == [
        "CIDP · FIN-01 Public finance management", "ADP · RD-07 Gravelling of feeder roads"]
    items = [{**CONTRACT_ITEMS[0], "programme_id": programmes["RD-07"]}, CONTRACT_ITEMS[1]]
    draft = make_contract(session, system, kenyan_org, items=items)
    assert [item.programme_id for item in draft.items] == [programmes["RD-07"], None]
    assert unlinked_indicators(draft.items) == ["Days to pay suppliers"]


@pytest.mark.parametrize("code", ["SP-01", "no-such-programme"])
def test_a_programme_outside_the_cidp_and_adp_is_refused_and_nothing_written(session, system, kenyan_org,
                                                                           programmes, code):
    from pmsdesk.services import people

    person = people.create_person(session, system, kenyan_org.organisation_id, {"full_name": "Wanjiru Kamau"})
    before = _counts(session)
    items = [{**CONTRACT_ITEMS[0], "programme_id": programmes.get(code, code)}, CONTRACT_ITEMS[1]]
    with pytest.raises(ValidationError) as refused:
        agreements.create_agreement(session, system, person.id, kenyan_org.year_id, {
            "kind": "ke_pc", "rule_set_code": "ke_pc", "title": "Performance contract"}, items)
    assert refused.value.problems == {
        "items[0].programme_id": "row 1: choose a CIDP programme or ADP project of this county"}
    assert _counts(session) == before
