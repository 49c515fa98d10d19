"""The Kenyan demo's contracts and staff appraisal: criteria categories, history and front matter, a
second-quarter report self-evaluated and verified (the first officer) or awaiting verification (the
second), and a SPAS appraisal with its mid-year review for a member of staff."""

from __future__ import annotations

from datetime import date
from typing import Any

from pmsdesk.models import (
    AgreementItem,
    AgreementItemKind,
    AgreementKind,
    AgreementStatus,
    Assessment,
    AssessmentRating,
    AssessmentStatus,
    PerformanceAgreement,
    Person,
    Plan,
    PlanKind,
    Position,
    Programme,
    Unit,
)
from pmsdesk.scoring import ContractIndicator, assess_performance_contract, default_rule_set
from pmsdesk.services.agreements import validate_items
from pmsdesk.services.setup_profiles import KE_PUBLIC_SERVICE_VALUES

from .builder import DemoIds, OrganisationRows
from .profiles import Profile

CATEGORIES = ("Core Mandate", "Service Delivery", "Financial Stewardship and Discipline", "Cross-Cutting Issues")
FRONT_MATTER = {"vision": "A prosperous county with quality services for every resident",
                "mission": "To deliver accessible, efficient and accountable services through prudent use of "
                           "public resources and the participation of the people"}
REPORT = "Quarter 2 report"
SUBMITTED, VERIFIED = date(2026, 1, 20), date(2026, 2, 3)


#: Criteria levels of a Kenyan contract, as shares of the annual target (excellent … poor).
CRITERIA_LEVELS = (("criteria_excellent", 1.3), ("criteria_very_good", 1.0), ("criteria_good", 0.8),
                   ("criteria_fair", 0.6), ("criteria_poor", 0.4))
def criteria_levels(kpi: dict[str, Any]) -> dict[str, float]:
    """The five criteria values: whole and each below the last for counts (no 7.8 boreholes), to the cent
    otherwise."""
    target = kpi["annual_target"]
    if kpi["measure_type"].value != "number" or not float(target).is_integer():
        return {name: round(target * share, 2) for name, share in CRITERIA_LEVELS}
    levels: dict[str, float] = {}
    previous = None
    for name, share in CRITERIA_LEVELS:
        level = float(round(target * share))
        levels[name] = previous = level if previous is None else min(level, previous - 1)
    return levels


def contract_lines(kpis: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Up to four indicators, one per criteria category, with their history (the baseline, then growth)."""
    lines = []
    for index, k in enumerate(kpis):
        target, baseline = k["annual_target"], k.get("baseline") or k["annual_target"] * 0.8
        lines.append({
            "kind": AgreementItemKind.INDICATOR, "title": k["name"],
            "weight": (40, 25, 20, 15)[index] if len(kpis) == 4 else 100 / len(kpis),
            "kpi_id": k["id"], "category": CATEGORIES[index], "unit": (k["unit_of_measure"] or "")[:60] or None,
            "target_text": f"{target:,.0f} {k['unit_of_measure']}", "baseline": round(baseline, 2),
            "achieved_year_before": round(baseline * 0.94, 2), "achieved_last_year": round(baseline, 2),
            **criteria_levels(k)})
    return lines


def link_programmes(out: OrganisationRows, new_id: DemoIds, org: dict, lines: list[dict[str, Any]],
                    kpis: list[dict[str, Any]]) -> None:
    """Each county department's CIDP programme, and the contract lines that serve it: every line but the
    cross-cutting one, which the matrix's check then names (a county's cross-cutting indicators often
    serve no single programme)."""
    plan_id = next(plan["id"] for plan in out.rows[Plan] if plan["kind"] == PlanKind.CIDP)
    names = {unit["id"]: unit["name"] for unit in out.rows[Unit]}
    taken = {programme["unit_id"]: programme["id"] for programme in out.rows[Programme] if not programme["is_project"]}
    for line, kpi in zip(lines, kpis):
        unit_id = kpi["responsible_unit_id"]
        if unit_id not in taken:
            taken[unit_id] = new_id()
            out.add(Programme, id=taken[unit_id], code=f"P{len(taken):02d}", name=f"{names[unit_id]} programme",
                    plan_id=plan_id, unit_id=unit_id, is_project=False, budget=None, **org)
        line["programme_id"] = None if line["category"] == CATEGORIES[-1] else taken[unit_id]


def contract_front(profile: Profile) -> dict[str, str]:
    return {**FRONT_MATTER, "strategic_objectives": "\n".join(profile.objectives[:4])}


def add_contract_review(out: OrganisationRows, new_id: DemoIds, common: dict, agreement_id: str, manager: int,
                        items: list[tuple[str, dict[str, Any]]]) -> None:
    """The second-quarter report: the institution's values with evidence; the first officer's is verified
    (the verifier found one value lower), the second's waits for the verifier. The half-year values are
    annualised (doubled) so that they compare with the year's criteria values."""
    rules = default_rule_set("ke_pc")
    own = [max(1, round(line["criteria_very_good"] * (0.48 + 0.02 * index))) for index, (_, line) in enumerate(items)]
    found = [value if index else max(1, value - 1) for index, value in enumerate(own)]

    def composite(values: list[float]):
        return assess_performance_contract([ContractIndicator(line["title"], line["weight"], tuple(
            line[name] for name in ("criteria_excellent", "criteria_very_good", "criteria_good", "criteria_fair",
                                    "criteria_poor")), value * 2, line["category"])  # half-year pace, doubled
            for (_, line), value in zip(items, values)], rules)

    self_result, checked = composite(own), composite(found)
    verified = manager == 0
    shown = checked if verified else self_result
    assessment_id = new_id()
    out.add(Assessment, id=assessment_id, agreement_id=agreement_id, review_label=REPORT, assessed_on=None,
            status=AssessmentStatus.VERIFIED if verified else AssessmentStatus.SUBMITTED, rule_set_code="ke_pc",
            rule_set_version=None, overall_rating=shown.composite_score, score_percent=None,
            outcome_label=(shown.grade or {}).get("name"), comments="Half-year progress on the contract",
            submitted_on=SUBMITTED, submitted_by="pmsofficer", self_score=self_result.composite_score,
            verified_on=VERIFIED if verified else None, verified_by="verifier" if verified else None,
            verification_notes="Checked against the departmental registers" if verified else None, **common)
    for index, ((item_id, _line), value, checked_value) in enumerate(zip(items, own, found)):
        note = None
        if verified:
            note = "Agrees with the register" if checked_value == value else "Register supports a lower figure"
        out.add(AssessmentRating, id=new_id(), assessment_id=assessment_id, item_id=item_id, rating=None,
                actual=value * 2, comment=None, evidence=f"Departmental register, Q2 (line {index + 1})",
                verified_actual=checked_value * 2 if verified else None, verifier_note=note, **NO_SCORES, **common)


#: The rating-line fields a Kenyan review leaves empty (every demo rating row names the same columns).
NO_SCORES = {"appraisee_score": None, "supervisor_score": None, "agreed_score": None, "factors": None}
#: The SPAS end-year appraisal of the demo: per target (share of the target achieved, appraisee's, supervisor's
#: and agreed score).
SPAS_END_YEAR = ((0.95, 100, 90, 95), (0.8, 85, 80, 80), (1.0, 100, 100, 100))


def add_spas_appraisal(profile: Profile, out: OrganisationRows, new_id: DemoIds, common: dict, org: dict) -> None:
    """A member of staff (no senior post) with a signed SPAS appraisal, a final mid-year review and an
    end-year appraisal in draft with the appraisee's, supervisor's and agreed scores."""
    kpis = [k for k in out.current_kpis if k["responsible_unit_id"] == out.unit_ids[1]
            and k["measure_type"].value == "number" and k["calculation_type"].value == "accumulative"][:3]
    if not kpis:
        return
    position_id, person_id = new_id(), new_id()
    out.add(Position, id=position_id, unit_id=out.unit_ids[1], title="Public Health Officer", grade="Job Group K",
            is_senior_manager=False, **org)
    out.add(Person, id=person_id, position_id=position_id, full_name="Akinyi Njeri", employee_number="E2001",
            email=None, notes=None, **org)
    weights = (40, 35, 25) if len(kpis) == 3 else (100 / len(kpis),) * len(kpis)
    targets = [{"kind": AgreementItemKind.TARGET, "title": k["name"], "target_text": k["unit_of_measure"],
                "target_value": k["annual_target"], "weight": weight, "kpi_id": k["id"]}
               for k, weight in zip(kpis, weights)]
    values = [{"kind": AgreementItemKind.COMPETENCY, "title": title} for title in KE_PUBLIC_SERVICE_VALUES[:3]]
    items = validate_items(AgreementKind.KE_SPAS, targets + values)
    agreement_id = new_id()
    out.add(PerformanceAgreement, id=agreement_id, organisation_id=out.organisation_id,
            financial_year_id=out.current_year_id, person_id=person_id, supervisor_person_id=out.people[1]["id"],
            kind=AgreementKind.KE_SPAS, rule_set_code="ke_spas", title="Staff performance appraisal: Akinyi Njeri",
            status=AgreementStatus.SIGNED, amendment_number=0, supersedes_id=None, amendment_reason=None,
            signed_on=date(2025, 7, 15), signed_place=profile.capital, vision=None, mission=None,
            strategic_objectives=None, made_public_on=None, **common)
    review_id = new_id()
    out.add(Assessment, id=review_id, agreement_id=agreement_id, review_label="Mid-year review",
            assessed_on=date(2026, 1, 22), status=AssessmentStatus.FINAL, rule_set_code="ke_spas",
            rule_set_version=1, overall_rating=None, score_percent=None, outcome_label=None,
            comments="On course; outreach slowed by the short rains", **_no_verification(), **common)
    end_id = new_id()
    out.add(Assessment, id=end_id, agreement_id=agreement_id, review_label="End-year appraisal",
            assessed_on=date(2026, 7, 14), status=AssessmentStatus.DRAFT, rule_set_code="ke_spas",
            rule_set_version=None, overall_rating=None, score_percent=None, outcome_label=None,
            comments="Met most targets despite the drug stock-outs", **_no_verification(), **common)
    for position, item in enumerate(items, start=1):
        item_id = new_id()
        out.add(AgreementItem, id=item_id, agreement_id=agreement_id, position=position, **item, **common)
        target = item["target_value"]
        out.add(AssessmentRating, id=new_id(), assessment_id=review_id, item_id=item_id, rating=None,
                actual=round(target * 0.45, 0) if target else None, evidence=None, verified_actual=None,
                verifier_note=None, comment="Half the target reached" if target else "Sets an example",
                **NO_SCORES, **common)
        share, appraisee, supervisor, agreed = SPAS_END_YEAR[(position - 1) % len(SPAS_END_YEAR)]
        out.add(AssessmentRating, id=new_id(), assessment_id=end_id, item_id=item_id, rating=None,
                actual=round(target * share, 0) if target else None, evidence=None, verified_actual=None,
                verifier_note=None, comment=None if target else "Exemplary conduct", factors=None,
                **{"appraisee_score": appraisee, "supervisor_score": supervisor, "agreed_score": agreed}
                if target else {name: None for name in ("appraisee_score", "supervisor_score", "agreed_score")},
                **common)


def _no_verification() -> dict[str, Any]:
    return {"submitted_on": None, "submitted_by": None, "self_score": None, "verified_on": None,
            "verified_by": None, "verification_notes": None}
