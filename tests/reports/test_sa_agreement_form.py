"""The Section 56/57 agreement carries every clause, table and signature line R805's template asks for."""

from __future__ import annotations

import copy

import pytest

from pmsdesk.db import open_database
from pmsdesk.reports.pdf.agreement import post_of
from pmsdesk.scoring import default_rule_set
from pmsdesk.scoring.za_agreement_text import AGREEMENT_TEXT
from pmsdesk.services import agreements as agreement_service
from pmsdesk.services import development_plans, rule_sets
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ValidationError

from .conftest import flat, print_report, signed_agreement_of

CLAUSE_TITLES = [clause["title"] for clause in AGREEMENT_TEXT["clauses"]]


@pytest.fixture(scope="module")
def agreements(demo_files, tmp_path_factory):
    folder = tmp_path_factory.mktemp("agreements")
    return {who: print_report(demo_files["za"], folder / f"{who}.pdf", "agreement", person=who)
            for who in ("Thandiwe", "Sipho")}


def test_every_template_clause_is_printed_in_order_with_its_source(agreements):
    text = flat(agreements["Sipho"].text)
    positions = [text.find(f"{number}. {title}") for number, title in enumerate(CLAUSE_TITLES, 2)]
    assert -1 not in positions, dict(zip(CLAUSE_TITLES, positions))
    assert positions == sorted(positions)
    for expected in ("Performance management system", "Obligations of the employer", "Consultation",
                     "Management of evaluation outcomes", "Dispute resolution", "General",
                     "Source: Municipal Systems Act s57(1)", "wording left to the municipality's policy",
                     f"{len(CLAUSE_TITLES) + 2}. Signatures"):
        assert expected in text, expected


def test_rating_scale_review_schedule_and_bonus_are_printed(agreements):
    text = flat(agreements["Sipho"].text)
    for rating, meaning in AGREEMENT_TEXT["rating_descriptions"].items():
        assert flat(meaning) in text, rating
    for expected in ("Outstanding performance", "Unacceptable performance", "Schedule of performance reviews",
                     "Formal mid-year assessment by the evaluation panel", "Formal annual assessment",
                     "July to September", "April to June", "Performance bonus", "10-14%",
                     "count 80%", "count 20%", "remedial or developmental support", "incapacity"):
        assert expected in text, expected


def test_the_municipal_manager_and_a_director_get_their_own_panel_mediator_and_representative(agreements):
    mm, director = flat(agreements["Thandiwe"].text), flat(agreements["Sipho"].text)
    assert "represented by the Executive Mayor or Mayor, on behalf of the council" in mm
    assert "Member of a ward committee nominated by the Executive Mayor or Mayor" in mm
    assert "the MEC for local government in the province" in mm
    assert "represented by Thandiwe Ṱhohoyandou-Mokoena, Municipal Manager" in director
    assert "Municipal Manager (chairperson)" in director
    assert "ward committee" not in director
    assert "the Executive Mayor or Mayor, or a person he or she appoints" in director


def test_signatures_have_two_witnesses_place_and_date(agreements):
    text = agreements["Thandiwe"].text
    assert "Witness 1" in text and "Witness 2" in text and "For the employer" in text
    assert text.count("Signed at Parys") == 4 and text.count("on 28 Jul 2025") == 4
    assert text.count("Initials: employee") == 2  # one under each annexure


def test_annexure_a_has_objective_baseline_quarters_weight_and_evidence(agreements):
    text = flat(agreements["Thandiwe"].text)
    annex = text[text.index("Annexure A: Performance plan"):text.index("Annexure B: Personal development plan")]
    for heading in ("IDP objective", "Key performance indicator", "Unit of measure", "Baseline", "Annual target",
                    "Q1", "Q4", "Weight", "Evidence required", "Municipal Transformation and Institutional "
                    "Development (weight 30%)"):
        assert heading in annex, heading
    assert "To build a capable, ethical and developmental" in annex
    assert "Training registers" in annex


def test_annexure_b_lists_the_development_plan_columns(agreements):
    text = flat(agreements["Sipho"].text)
    annex = text[text.index("Annexure B: Personal development plan"):]
    for heading in ("Skills or performance gap", "Outcome expected", "Suggested training or development activity",
                    "Mode of delivery", "Time frame", "Support person"):
        assert heading in annex, heading


def test_the_council_edits_a_clause_and_the_agreement_prints_its_wording(demo_copy, tmp_path):
    copy_file = demo_copy("za")
    database = open_database(copy_file, upgrade=False, create=False)
    try:
        with database.session() as session:
            body = rule_sets.get_rule_set(session, "za_s56")["body"]
            body.setdefault("agreement", copy.deepcopy(AGREEMENT_TEXT))
            disputes = next(c for c in body["agreement"]["clauses"] if c["key"] == "disputes")
            disputes["paragraphs"] = ["Disputes go to {mediator} under council resolution C-17/2025."]
            rule_sets.edit_rule_set(session, Actor.system("council"), "za_s56", {"body": body},
                                    reason="council's dispute procedure")
    finally:
        database.dispose()
    text = flat(print_report(copy_file, tmp_path / "edited.pdf", "agreement", person="Sipho").text)
    assert "Disputes go to the Executive Mayor or Mayor, or a person he or she appoints under council " \
           "resolution C-17/2025." in text
    assert "mediates and decides it within 30 days" not in text


@pytest.mark.parametrize(("change", "field"), [
    (lambda text: text["clauses"][0]["paragraphs"].append("Signed by {boss}."), "body.agreement.clauses[0].paragraphs[1]"),
    (lambda text: text["clauses"][1].update(title=" "), "body.agreement.clauses[1].title"),
    (lambda text: text["clauses"][2].update(paragraphs=[]), "body.agreement.clauses[2].paragraphs"),
    (lambda text: text["mediators"].pop("manager"), "body.agreement.mediators.manager"),
    (lambda text: text["panels"].update(manager=[]), "body.agreement.panels.manager"),
    (lambda text: text["clauses"][0]["paragraphs"].append("A {lone brace."), "body.agreement.clauses[0].paragraphs[1]"),
])
def test_wording_the_printout_cannot_fill_is_refused_and_nothing_is_saved(session, system, change, field):
    rule_sets.ensure_default_rule_sets(session, system)
    before = rule_sets.get_rule_set(session, "za_s56")
    body = default_rule_set("za_s56")["body"]
    change(body["agreement"])
    with pytest.raises(ValidationError) as refused:
        rule_sets.edit_rule_set(session, system, "za_s56", {"body": body}, reason="try")
    assert field in refused.value.problems
    assert rule_sets.get_rule_set(session, "za_s56")["revision"] == before["revision"]


def test_annexure_b_prints_the_recorded_development_plan(demo_copy, tmp_path):
    copy_file = demo_copy("za")
    database = open_database(copy_file, upgrade=False, create=False)
    try:
        with database.session() as session:
            actor = Actor.system("pms")
            signed = signed_agreement_of(session, "Sipho Nkosi")
            amendment = agreement_service.amend_agreement(
                session, actor, signed.id, "development plan agreed",
                [{name: getattr(item, name) for name in ("kind", "title", "weight", "kpa_id")} for item in signed.items])
            development_plans.save_development_plan(session, actor, amendment.id, [{
                "competency_gap": "Financial Management: section 71 statements",
                "development_action": "MFMA short course", "mode_of_delivery": "Accredited course",
                "time_frame": "By 31 March 2026", "support_person": "Chief Financial Officer"}])
    finally:
        database.dispose()
    text = flat(print_report(copy_file, tmp_path / "plan.pdf", "agreement", person="Sipho").text)
    annex = text[text.index("Annexure B: Personal development plan"):]
    for expected in ("Financial Management: section 71 statements", "MFMA short course", "Accredited course",
                     "By 31 March 2026", "Chief Financial Officer", "Planned"):
        assert expected in annex, expected
    assert "(amendment 1)" in text


@pytest.mark.parametrize(("position", "supervisor", "post"), [
    ("Municipal Manager", None, "municipal_manager"),
    ("Acting Municipal Manager", {"name": "Mayor"}, "municipal_manager"),
    ("Deputy Municipal Manager", None, "manager"),
    ("Director: Technical Services", None, "manager"),
    (None, None, "municipal_manager"),
    (None, {"name": "Thandiwe"}, "manager"),
])
def test_the_post_decides_representative_panel_and_mediator(position, supervisor, post):
    assert post_of({"employee": {"position": position}, "supervisor": supervisor}) == post
