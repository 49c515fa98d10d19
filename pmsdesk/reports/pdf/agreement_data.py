"""An agreement, its parties, items and latest assessment, read once as plain data.

Shared by the Section 56/57 agreement, the Kenyan contract, the OPRAS form
and the assessment form, so all four describe the same agreement the same way.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pmsdesk.i18n import N_, _
from pmsdesk.models import (
    AgreementStatus,
    Assessment,
    AssessmentStatus,
    Kpi,
    KpiTarget,
    Organisation,
    PerformanceAgreement,
    Person,
    ReportingPeriod,
    Unit,
)
from pmsdesk.services.agreements import FRONT_MATTER, ITEM_HISTORY
from pmsdesk.services.assessments import LINE_FIELDS, REMARKS
from pmsdesk.services.contract_programmes import programme_choices
from pmsdesk.services.people import PARTICULARS
from pmsdesk.vocabulary import vocabulary_for
from pmsdesk.wording import measured_value, plain_number

from .scope import natural_order, unit_subtree

#: A Kenyan evaluation's submission and verification, printed with it.
VERIFICATION = ("submitted_on", "submitted_by", "self_score", "verified_on", "verified_by", "verification_notes")
CRITERIA = ("criteria_excellent", "criteria_very_good", "criteria_good", "criteria_fair",
            "criteria_poor")


def _person(session: Session, person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    position = person.position
    unit = session.get(Unit, position.unit_id) if position and position.unit_id else None
    return {"id": person.id, "name": person.full_name, "employee_number": person.employee_number,
            "position": position.title if position else None, "grade": position.grade if position else None,
            **{key: getattr(person, key) for key in PARTICULARS},
            "unit": unit.name if unit else None}


def agreement_facts(session: Session, agreement: PerformanceAgreement) -> dict[str, Any]:
    """Everything printed about the agreement itself (not its assessment)."""
    organisation = session.get(Organisation, agreement.organisation_id)
    supervisor = session.get(Person, agreement.supervisor_person_id) \
        if agreement.supervisor_person_id else None
    year = agreement.financial_year
    programmes = {choice.id: choice.label for choice in programme_choices(session, agreement.organisation_id)} \
        if any(item.programme_id for item in agreement.items) else {}
    items = []
    for item in agreement.items:
        kpi = session.get(Kpi, item.kpi_id) if item.kpi_id else None
        items.append({
            "id": item.id, "kind": item.kind.value, "position": item.position,
            "title": item.title, "weight": item.weight, "target_text": item.target_text,
            "kpa_id": item.kpa_id, "kpi_reference": kpi.reference if kpi else None,
            "unit_of_measure": item.unit or (kpi.unit_of_measure if kpi else None),
            "criteria": [getattr(item, name) for name in CRITERIA],
            **{name: getattr(item, name) for name in ITEM_HISTORY},
            "programme": programmes.get(item.programme_id or ""),
        })
    published = {"made_public_on": agreement.made_public_on} if agreement.made_public_on else {}
    return {
        **published,
        "agreement_id": agreement.id, "title": agreement.title, "kind": agreement.kind.value,
        "status": agreement.status.value, "amendment_number": agreement.amendment_number,
        "amendment_reason": agreement.amendment_reason, "rule_set_code": agreement.rule_set_code,
        "signed_on": agreement.signed_on, "signed_place": agreement.signed_place,
        "organisation": {"code": organisation.code, "name": organisation.name,
                         "country": organisation.country, "kind": organisation.kind.value},
        "year": {"label": year.label, "start": year.start_date, "end": year.end_date},
        "employee": _person(session, agreement.person),
        "supervisor": _person(session, supervisor),
        "items": items,
        "front_matter": {name: getattr(agreement, name) for name in FRONT_MATTER},
    }


#: Agreement and assessment statuses as stored (``models.enums``), for the catalogue: printed in draft reasons.
STATUS_WORDS = (N_("draft"), N_("signed"), N_("superseded"), N_("submitted"), N_("verified"), N_("final"))


def agreement_draft_reason(facts: dict[str, Any]) -> tuple[str | None, str]:
    """(why the document is not final, watermark word). Final only once the agreement is signed."""
    status = facts["status"]
    if status == AgreementStatus.SUPERSEDED.value:
        return _("a later amendment replaces this agreement"), _("SUPERSEDED")
    if status != AgreementStatus.SIGNED.value:
        return _("the agreement is not signed yet (status {0})").format(_(status)), _("DRAFT")
    return None, _("DRAFT")


def latest_assessment(session: Session, agreement: PerformanceAgreement) -> Assessment | None:
    rows = list(session.scalars(select(Assessment).where(Assessment.agreement_id == agreement.id)))
    if not rows:
        return None
    return max(rows, key=lambda a: (a.assessed_on is not None, a.assessed_on, a.review_label))


def assessment_facts(assessment: Assessment | None) -> dict[str, Any] | None:
    if assessment is None:
        return None
    return {
        "id": assessment.id, "review_label": assessment.review_label,
        "assessed_on": assessment.assessed_on, "status": assessment.status.value,
        "is_final": assessment.status == AssessmentStatus.FINAL,
        "comments": assessment.comments,
        "ratings": {r.item_id: {name: getattr(r, name) for name in LINE_FIELDS} for r in assessment.ratings},
        **{name: getattr(assessment, name) for name in (*VERIFICATION, *REMARKS)},
    }


#: Why Annexure A lists the KPIs it does.
CHOSEN, TOP_LAYER, RESPONSIBLE = "chosen", "top_layer", "responsible"


def _plan_selection(session: Session, agreement: PerformanceAgreement, whole_organisation: bool
                    ) -> tuple[list[Kpi], str]:
    """The KPIs of the performance plan and why: the KPI lines chosen in the agreement; else the top-layer
    SDBIP KPIs of the employee's area (the whole organisation for the municipal manager; otherwise those the
    employee or the employee's directorate is responsible for); else, where no top-layer KPI falls in that
    area, every KPI the employee is responsible for."""
    chosen = [item.kpi_id for item in agreement.items if item.kpi_id]
    if chosen:
        return list(session.scalars(select(Kpi).options(selectinload(Kpi.strategic_objective))
                                    .where(Kpi.id.in_(chosen)))), CHOSEN
    year_kpis = list(session.scalars(select(Kpi).options(selectinload(Kpi.strategic_objective)).where(
        Kpi.financial_year_id == agreement.financial_year_id, Kpi.is_active.is_(True))))
    position = agreement.person.position
    unit = session.get(Unit, position.unit_id) if position is not None and position.unit_id else None
    units = unit_subtree(session, unit) if unit is not None else set()
    top = [kpi for kpi in year_kpis if kpi.top_layer and (
        whole_organisation or kpi.responsible_person_id == agreement.person_id or kpi.responsible_unit_id in units)]
    if top:
        return top, TOP_LAYER
    return [kpi for kpi in year_kpis if kpi.responsible_person_id == agreement.person_id], RESPONSIBLE


def plan_kpis(session: Session, agreement: PerformanceAgreement, *, whole_organisation: bool = False
              ) -> tuple[list[dict[str, Any]], str]:
    """The performance plan's KPIs (see :func:`_plan_selection`) with the IDP objective each serves, its weight,
    quarterly targets and the evidence it needs, and which rule chose them (CHOSEN, TOP_LAYER or RESPONSIBLE)."""
    kpis, basis = _plan_selection(session, agreement, whole_organisation)
    kpis.sort(key=lambda kpi: natural_order(kpi.reference))  # TS12 before TS119, as the SDBIP lists them
    measure = {k.id: k.measure_type for k in kpis}
    targets: dict[str, dict[int, str]] = {}
    rows = session.execute(
        select(KpiTarget, ReportingPeriod.number).join(ReportingPeriod, ReportingPeriod.id == KpiTarget.period_id)
        .where(KpiTarget.kpi_id.in_(list(measure))))
    for target, number in rows:
        value = target.value if target.value is not None else (target.value_date or target.value_text)
        targets.setdefault(target.kpi_id, {})[number] = measured_value(value, measure[target.kpi_id])
    plan = []
    money = vocabulary_for(session.get(Organisation, agreement.organisation_id).country).money  # R, KSh, TSh
    for kpi in kpis:
        annual = kpi.annual_target if kpi.annual_target is not None else (
            kpi.annual_target_date or kpi.annual_target_text)
        baseline = kpi.baseline if kpi.baseline is not None else kpi.baseline_text
        plan.append({
            "reference": kpi.reference, "name": kpi.name, "kpa_id": kpi.kpa_id, "top_layer": bool(kpi.top_layer),
            "objective": kpi.strategic_objective.title if kpi.strategic_objective else (kpi.strategy or ""),
            "evidence": kpi.required_evidence or "",
            "unit_of_measure": kpi.unit_of_measure or "",
            "baseline": measured_value(baseline, kpi.measure_type, money),
            "annual_target": measured_value(annual, kpi.measure_type, money),
            "weight": "" if kpi.weight is None else plain_number(kpi.weight),
            "quarters": [targets.get(kpi.id, {}).get(n, "–") or "–" for n in (1, 2, 3, 4)],
        })
    return plan, basis
