"""Demo performance agreements (signed) and a review per senior manager (Kenya: see ``kenya``)."""

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
)
from pmsdesk.services.agreements import validate_items
from pmsdesk.services.setup_profiles import TZ_OPRAS_ATTRIBUTES

from .builder import DemoIds, OrganisationRows
from .kenya import (
    NO_SCORES,
    _no_verification,
    add_contract_review,
    add_spas_appraisal,
    contract_front,
    contract_lines,
    link_programmes,
)
from .profiles import Profile

#: A Tanzanian demo review: (label, assessed on, status).
TZ_REVIEWS = (("Mid-year review", date(2026, 1, 30), AssessmentStatus.FINAL),
              ("Annual review", date(2026, 7, 24), AssessmentStatus.DRAFT))

#: SCORING.md's worked Section 56 example, used for the first manager so it can be checked by hand.
ZA_KPA_WEIGHTS = ((30, 10, 25, 15, 20), (15, 40, 15, 20, 10))
ZA_KPA_RATINGS = ((4, 3, 4, 3, 5), (3, 3, 2, 3, 4))
ZA_CCR_RATINGS = ((4, 3, 3, 4), (3, 3, 3, 3))


#: When the demo's Section 56/57 agreements were made public: the second one late (over 14 days after signing).
PUBLISHED = (date(2025, 8, 8), date(2025, 8, 20))

#: A count below this has too few whole numbers for five distinct criteria levels.
MIN_COUNT_FOR_LEVELS = 4


def _items(profile: Profile, out: OrganisationRows, manager: int, new_id: DemoIds,
           common: dict[str, Any]) -> list[dict[str, Any]]:
    kind = profile.agreement_kind
    if kind == AgreementKind.SA_SECTION_56:
        kpas = [
            {"kind": AgreementItemKind.KPA, "title": name, "weight": weight, "kpa_id": kpa_id}
            for (_, name), kpa_id, weight in zip(profile.kpas, out.kpa_ids, ZA_KPA_WEIGHTS[manager])
        ]
        share = 100 / len(profile.competencies)
        return kpas + [{"kind": AgreementItemKind.CCR, "title": title, "weight": share} for title in profile.competencies]
    unit_id = out.unit_ids[0 if manager == 0 else 3]
    numeric = [k for k in out.current_kpis
               if k["responsible_unit_id"] == unit_id and k["measure_type"].value in ("number", "currency", "percentage")
               and k["calculation_type"].value in ("accumulative", "carry_over", "stand_alone")
               and (k["measure_type"].value != "number" or k["annual_target"] >= MIN_COUNT_FOR_LEVELS)][:4]
    weight = 100 / len(numeric)
    if kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
        lines = contract_lines(numeric)
        link_programmes(out, new_id, {"organisation_id": out.organisation_id, **common}, lines, numeric)
        return lines
    objectives = [{"kind": AgreementItemKind.OBJECTIVE, "title": k["name"], "weight": weight, "kpi_id": k["id"],
                   "target_text": f"{k['annual_target']:,.0f} {k['unit_of_measure']}",
                   "performance_criteria": f"{k['unit_of_measure']} counted in the quarterly reports".capitalize(),
                   "resources": "Department budget and transport"} for k in numeric]
    attributes = [(factor, quality) for factor, qualities in TZ_OPRAS_ATTRIBUTES for quality in qualities]
    share = 100 / len(attributes)
    return objectives + [{"kind": AgreementItemKind.ATTRIBUTE, "title": quality, "weight": share, "category": factor}
                         for factor, quality in attributes]


def _rating(profile: Profile, manager: int, item: dict[str, Any], index: int, kpa_count: int) -> dict[str, Any]:
    if profile.agreement_kind == AgreementKind.SA_SECTION_56:
        ratings = ZA_KPA_RATINGS[manager] + ZA_CCR_RATINGS[manager]
        return {"rating": float(ratings[index])}
    return {"rating": float(2 + (index + manager) % 3)}


def _opras_line(label: str, item: dict[str, Any], agreed: float) -> dict[str, Any]:
    """A TFN 832 line: at mid-year an objective's progress and what held it back (no marks); in the annual
    review the appraisee's mark (a point kinder than agreed), the supervisor's and the agreed mark."""
    objective = item["kind"] == AgreementItemKind.OBJECTIVE
    if label == "Mid-year review":
        return {**NO_SCORES, "comment": "About half the target reached" if objective else None,
                "factors": "Late release of funds in the first quarter" if objective else None}
    return {**NO_SCORES, "rating": agreed, "appraisee_score": max(1.0, agreed - 1), "supervisor_score": agreed,
            "comment": "Target met in three quarters" if objective else None}


def add_agreements(profile: Profile, out: OrganisationRows, new_id: DemoIds, office: str, year_label: str) -> None:
    common = {"origin_office": office, "version": 1}
    kenyan = profile.agreement_kind == AgreementKind.KE_PERFORMANCE_CONTRACT
    front = contract_front(profile) if kenyan else {"vision": None, "mission": None, "strategic_objectives": None}
    for manager, person in enumerate(out.people):
        items = validate_items(profile.agreement_kind, _items(profile, out, manager, new_id, common))
        agreement_id = new_id()
        out.add(PerformanceAgreement, id=agreement_id, organisation_id=out.organisation_id,
                financial_year_id=out.current_year_id, person_id=person["id"],
                supervisor_person_id=out.people[0]["id"] if manager else None, kind=profile.agreement_kind,
                rule_set_code=profile.rule_set_code,
                title=f"{'Performance contract' if kenyan else 'Performance agreement'} {year_label}: {person['full_name']}",
                status=AgreementStatus.SIGNED, amendment_number=0, supersedes_id=None, amendment_reason=None,
                signed_on=date(2025, 7, 28), signed_place=profile.capital, **front, **common,
                made_public_on=PUBLISHED[min(manager, 1)] if profile.agreement_kind == AgreementKind.SA_SECTION_56 else None)
        if kenyan:
            lines = []
            for position, item in enumerate(items, start=1):
                item_id = new_id()
                out.add(AgreementItem, id=item_id, agreement_id=agreement_id, position=position, **item, **common)
                lines.append((item_id, item))
            if lines:
                add_contract_review(out, new_id, common, agreement_id, manager, lines)
            continue
        item_ids = []
        for position, item in enumerate(items, start=1):
            item_ids.append(new_id())
            out.add(AgreementItem, id=item_ids[-1], agreement_id=agreement_id, position=position, **item, **common)
        reviews = TZ_REVIEWS if profile.agreement_kind == AgreementKind.TZ_OPRAS else (
            ("Mid-year review", date(2026, 1, 30), AssessmentStatus.DRAFT),)
        for label, on, status in reviews:
            assessment_id = new_id()
            out.add(Assessment, id=assessment_id, agreement_id=agreement_id, review_label=label, assessed_on=on,
                    status=status, rule_set_code=profile.rule_set_code, rule_set_version=None, overall_rating=None,
                    score_percent=None, outcome_label=None, comments=None, **_no_verification(), **common)
            for position, (item_id, item) in enumerate(zip(item_ids, items), start=1):
                values = _rating(profile, manager, item, position - 1, len(profile.kpas))
                if profile.agreement_kind == AgreementKind.TZ_OPRAS:
                    values = _opras_line(label, item, values["rating"])
                out.add(AssessmentRating, id=new_id(), assessment_id=assessment_id, item_id=item_id,
                        evidence=None, verified_actual=None, verifier_note=None,
                        **{"rating": None, "actual": None, "comment": None, **values}, **common)
    if kenyan:
        add_spas_appraisal(profile, out, new_id, common, {"organisation_id": out.organisation_id, **common})
