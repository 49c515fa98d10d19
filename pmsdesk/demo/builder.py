"""Building one demo organisation's rows: framework, KPIs, targets, actuals, people.

Rows are collected as plain dicts and bulk-inserted by ``pmsdesk.demo`` in one
transaction, so a 257-organisation head-office demo takes seconds, not hours.
The generated values respect every rule the services enforce (a test checks).
"""

from __future__ import annotations

import math
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pmsdesk.kpi_types import MILESTONE_MEASURES
from pmsdesk.models import (
    ActualStatus,
    FinancialYear,
    Kpa,
    Kpi,
    KpiConcept,
    KpiTarget,
    KpiType,
    MeasureType,
    Organisation,
    PeriodActual,
    PeriodKind,
    Person,
    Plan,
    Position,
    Programme,
    ReportingPeriod,
    Risk,
    StrategicObjective,
    Unit,
    UnitLevel,
)
from pmsdesk.services.years import SUBMISSION_DAYS, year_label

from .evidence import DemoEvidence
from .profiles import Profile
from .targets import QuarterTarget, quarter_targets, reported_value

#: KPIs per organisation the South African profile aims for (a typical local municipality SDBIP).
ZA_KPI_COUNT = 250
RISKS = (
    ("Delays in procurement of contractors", 4, 4),
    ("Insufficient budget allocation", 3, 5),
    ("Vandalism of infrastructure", 3, 3),
    ("Shortage of skilled staff", 3, 4),
    ("Community unrest disrupting projects", 2, 4),
    ("Late payment by national departments", 2, 3),
)


@dataclass
class OrganisationRows:
    """Rows per mapped class, in insertion order, plus facts later steps need."""

    rows: dict[type, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    organisation_id: str = ""
    unit_ids: list[str] = field(default_factory=list)
    kpa_ids: list[str] = field(default_factory=list)
    current_year_id: str = ""
    current_kpis: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)

    def add(self, model: type, **values: Any) -> dict[str, Any]:
        self.rows[model].append(values)
        return values


class DemoIds:
    """Deterministic UUIDs, so the same seed gives the same database."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"ids-{seed}")

    def __call__(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))


def organisation_name(profile: Profile, index: int) -> str:
    names = profile.organisation_names
    base = names[index % len(names)]
    return base if index < len(names) else f"{base} ({index // len(names) + 1})"


def build_organisation(
    profile: Profile, index: int, first_year: int, rng: random.Random, new_id: DemoIds, office: str,
    with_evidence: bool,
) -> OrganisationRows:
    out = OrganisationRows()
    common = {"origin_office": office, "version": 1}
    out.organisation_id = new_id()
    out.add(
        Organisation, id=out.organisation_id, code=f"{profile.country}-{index + 1:03d}",
        name=organisation_name(profile, index), kind=profile.organisation_kind, country=profile.country,
        year_start_month=7, reports_monthly=False, **common,
    )
    org = {"organisation_id": out.organisation_id, **common}
    for code, name in profile.units:
        unit_id = new_id()
        out.unit_ids.append(unit_id)
        out.add(Unit, id=unit_id, code=code, name=name, level=UnitLevel.DIRECTORATE, parent_id=None, **org)
        for number, suffix in enumerate(("Administration", "Operations"), start=1):
            out.add(Unit, id=new_id(), code=f"{code}-{number}", name=f"{name}: {suffix}",
                    level=UnitLevel.DEPARTMENT, parent_id=unit_id, **org)
    for code, name in profile.kpas:
        out.kpa_ids.append(new_id())
        out.add(Kpa, id=out.kpa_ids[-1], code=code, name=name, scope=profile.kpa_scope, weight=None, **org)
    plan_id = new_id()
    out.add(Plan, id=plan_id, kind=profile.plan_kind, title=profile.plan_title,
            start_year=profile.plan_years[0], end_year=profile.plan_years[1], **org)
    objective_ids = []
    for number, title in enumerate(profile.objectives, start=1):
        objective_ids.append(new_id())
        out.add(StrategicObjective, id=objective_ids[-1], plan_id=plan_id, code=f"SO{number}", title=title, **common)
    programme_ids = []
    for number, area in enumerate(profile.areas[:3], start=1):
        programme_ids.append(new_id())
        out.add(Programme, id=programme_ids[-1], code=f"CAP{number:02d}", name=f"Capital programme: {area}",
                plan_id=plan_id, unit_id=out.unit_ids[3], is_project=True,
                budget=float(rng.randint(5, 40) * 1_000_000), **org)
    _add_people(out, profile, new_id, org)

    kpi_specs = _kpi_specs(profile, rng)
    for year_offset in (0, 1):
        start_year = first_year + year_offset
        year_id, quarter_ids, quarter_ends = _add_year(out, start_year, new_id, org, common)
        is_current = year_offset == 1
        evidence = None
        if is_current:
            out.current_year_id = year_id
            if profile.country == "ZA":  # the mid-year (MFMA s72) report's recommendation, as an official types it
                out.rows[FinancialYear][-1]["adjustments_recommendation"] = MIDYEAR_RECOMMENDATION
            if with_evidence:
                evidence = DemoEvidence(organisation_name(profile, index), out.rows[FinancialYear][-1]["label"],
                                        _kpis_by_evidence(kpi_specs))
        reported_quarters = 3 if is_current else 4
        for spec in kpi_specs:
            targets = quarter_targets(spec.template, spec.annual, quarter_ends, rng)
            kpi = _add_kpi(out, spec, targets, year_id, objective_ids, programme_ids, new_id, org, rng,
                           objectives_follow_kpas=profile.objectives_follow_kpas,
                           top_layer=profile.country == "ZA" and spec.number <= TOP_LAYER_PER_UNIT)
            if is_current:
                out.current_kpis.append(kpi)
            for quarter, target in enumerate(targets, start=1):
                if target.is_set:
                    out.add(KpiTarget, id=new_id(), kpi_id=kpi["id"], period_id=quarter_ids[quarter - 1],
                            value=target.value, value_date=target.value_date, value_text=target.value_text,
                            original_value=target.value, **common)
                if quarter <= reported_quarters:
                    _add_actual(out, spec, kpi, target, quarter, quarter_ids[quarter - 1],
                                quarter_ends[quarter - 1], is_current, rng, new_id, common, evidence)
    for number, (title, likelihood, impact) in enumerate(RISKS):
        kpi = out.current_kpis[(number * 37) % len(out.current_kpis)]
        out.add(Risk, id=new_id(), kpi_id=kpi["id"], title=title, description=f"Threatens {kpi['reference']}.",
                likelihood=likelihood, impact=impact, mitigation="Monitor monthly and escalate to management.",
                owner_person_id=out.people[0]["id"], is_open=True, **org)
    return out


@dataclass(frozen=True)
class KpiSpec:
    template: Any
    name: str
    unit_index: int
    annual: float
    tendency: float
    number: int


def _kpi_specs(profile: Profile, rng: random.Random) -> list[KpiSpec]:
    """Expand templates over areas until the profile's KPI count is reached."""
    area_templates = [t for t in profile.templates if "{area}" in t.name]
    fixed = len(profile.templates) - len(area_templates)
    wanted = ZA_KPI_COUNT if profile.country == "ZA" else fixed + len(area_templates) * len(profile.areas)
    per_template = max(1, math.ceil((wanted - fixed) / max(1, len(area_templates))))
    specs: list[KpiSpec] = []
    counters: dict[int, int] = defaultdict(int)
    for template in profile.templates:
        areas = profile.areas[:per_template] if "{area}" in template.name else [None]
        for area in areas:
            if len(specs) >= wanted:
                break
            counters[template.unit] += 1
            scale = rng.uniform(0.6, 1.4) if area and template.annual_target >= 4 else 1.0
            annual = template.annual_target * scale
            annual = float(round(annual)) if template.annual_target >= 4 else template.annual_target
            if template.measure == MeasureType.PERCENTAGE:
                annual = min(annual, 100.0)
            specs.append(KpiSpec(template, template.name.format(area=area), template.unit, float(annual),
                                 rng.choice((0.7, 0.85, 0.95, 1.0, 1.05, 1.1, 1.2, 1.6)), counters[template.unit]))
    return specs


def _kpis_by_evidence(specs: list[KpiSpec]) -> dict[str, list[str]]:
    """The KPI names each kind of evidence covers, for the registers the demo attaches."""
    names: dict[str, list[str]] = defaultdict(list)
    for spec in specs:
        names[spec.template.evidence].append(spec.name)
    return names


#: What a Tanzanian council records of its people for the OPRAS form's section 1 (the demo's two officials).
OPRAS_PARTICULARS = (
    {"gender": "Female", "date_of_birth": date(1978, 5, 14), "qualification": "MA Public Administration",
     "substantive_post": None, "first_appointed_on": date(2003, 9, 1), "post_appointed_on": date(2022, 2, 1),
     "terms_of_service": "Permanent and pensionable"},
    {"gender": "Male", "date_of_birth": date(1985, 11, 2), "qualification": "BSc Civil Engineering",
     "substantive_post": "Civil Engineer I", "first_appointed_on": date(2011, 7, 1),
     "post_appointed_on": date(2023, 7, 1), "terms_of_service": "Permanent and pensionable"},
)


def _add_people(out: OrganisationRows, profile: Profile, new_id: DemoIds, org: dict) -> None:
    for number, (title, name) in enumerate(zip(profile.senior_titles, profile.senior_names)):
        position_id = new_id()
        unit_id = out.unit_ids[0 if number == 0 else 3]
        out.add(Position, id=position_id, unit_id=unit_id, title=title, grade="Senior management",
                is_senior_manager=True, **org)
        out.people.append(out.add(Person, id=new_id(), position_id=position_id, full_name=name,
                                  employee_number=f"E{1001 + number}", email=None, notes=None,
                                  **(OPRAS_PARTICULARS[number % 2] if profile.country == "TZ" else {}), **org))


def _add_year(out: OrganisationRows, start_year: int, new_id: DemoIds, org: dict, common: dict):
    start, end = date(start_year, 7, 1), date(start_year + 1, 6, 30)
    year_id = new_id()
    out.add(FinancialYear, id=year_id, label=year_label(start, end), start_date=start, end_date=end,
            adjustments_recommendation=None, **org)
    quarter_ids, quarter_ends = [], []
    for number in range(1, 5):
        q_start = date(start_year + (6 + 3 * (number - 1)) // 12, (6 + 3 * (number - 1)) % 12 + 1, 1)
        q_end_month = (6 + 3 * number) % 12 + 1
        q_end = date(start_year + (6 + 3 * number) // 12, q_end_month, 1) - timedelta(days=1)
        quarter_ids.append(new_id())
        quarter_ends.append(q_end)
        out.add(ReportingPeriod, id=quarter_ids[-1], financial_year_id=year_id, kind=PeriodKind.QUARTER,
                number=number, label=f"Q{number}", start_date=q_start, end_date=q_end,
                submission_deadline=q_end + timedelta(days=SUBMISSION_DAYS), is_closed=False, **common)
    return year_id, quarter_ids, quarter_ends


def _annual_target(spec: KpiSpec, targets: list[QuarterTarget]) -> dict[str, Any]:
    """The annual target in the column its measure uses: a number, the due date, or the final milestone."""
    due = [target for target in targets if target.is_set]
    if spec.template.measure == MeasureType.DATE:
        return {"annual_target": None, "annual_target_date": due[-1].value_date, "annual_target_text": None}
    if spec.template.measure == MeasureType.TEXT_MILESTONE:
        return {"annual_target": None, "annual_target_date": None, "annual_target_text": due[-1].value_text}
    return {"annual_target": spec.annual, "annual_target_date": None, "annual_target_text": None}


def _baseline(spec: KpiSpec, rng: random.Random) -> float | None:
    if spec.template.annual_target < 4:
        return None
    baseline = spec.annual * rng.uniform(0.5, 0.9)
    return float(round(baseline)) if float(spec.annual).is_integer() else round(baseline, 2)


#: The demo municipality's mid-year recommendation on an adjustments budget (MFMA s72(3)).
MIDYEAR_RECOMMENDATION = (
    "An adjustments budget is recommended. Revenue from water sales is projected to end the year 6% below "
    "budget, and the Technical Services capital programme has spent 31% of its allocation by December.\n"
    "The adjustments budget should move the unspent road resurfacing allocation to the water meter "
    "replacement project and revise the water revenue projection; the SDBIP targets of the affected KPIs "
    "follow it.")

#: The first KPIs of each directorate make up a South African demo's top-layer SDBIP (the municipal scorecard).
TOP_LAYER_PER_UNIT = 2


def _add_kpi(out, spec: KpiSpec, targets, year_id, objective_ids, programme_ids, new_id, org, rng, *,
             objectives_follow_kpas: bool, top_layer: bool) -> dict:
    template = spec.template
    code = out.rows[Unit][spec.unit_index * 3]["code"]
    is_project = "{area}" in template.name and template.calculation.value == "carry_over"
    return out.add(
        Kpi, id=new_id(), financial_year_id=year_id, reference=f"{code}{spec.number:02d}", name=spec.name,
        definition=f"{spec.name}, as recorded in the {template.evidence.lower()}.",
        unit_of_measure=template.unit_of_measure, measure_type=template.measure,
        calculation_type=template.calculation, direction=template.direction,
        baseline=_baseline(spec, rng), baseline_text=None, **_annual_target(spec, targets),
        budget=float(rng.randint(1, 60) * 100_000) if template.unit == 3 else None,
        budget_vote=f"Vote {template.unit + 1}", weight=None,
        ward=spec.name.rsplit(" in ", 1)[1] if " in Ward" in spec.name else None,
        kpa_id=out.kpa_ids[template.kpa],
        strategic_objective_id=objective_ids[(template.kpa if objectives_follow_kpas else template.unit)
                                             % len(objective_ids)],
        programme_id=programme_ids[spec.number % len(programme_ids)] if is_project else None,
        responsible_unit_id=out.unit_ids[spec.unit_index],
        responsible_person_id=out.people[1]["id"] if spec.unit_index == 3 else out.people[0]["id"],
        data_source=template.evidence, required_evidence=template.evidence,
        kpi_type=KpiType.PROJECT if is_project else KpiType.OPERATIONAL,
        kpi_concept=KpiConcept.OUTPUT, is_active=True, top_layer=True if top_layer else None,
        **org,
    )


def _add_actual(out, spec, kpi, target: QuarterTarget, quarter, period_id, quarter_end, is_current, rng,
                new_id, common, evidence: DemoEvidence | None) -> None:
    """One quarter's report, with the gaps real data has (not reported, late, wrong, no evidence)."""
    draw = rng.random()
    if is_current and quarter == 3 and draw < 0.12:
        return  # not reported yet
    if not target.is_set and (spec.template.measure in MILESTONE_MEASURES or rng.random() < 0.7):
        return  # nothing due this quarter
    reported = reported_value(spec.template, target, spec.tendency, rng) if target.is_set else None
    value = reported.value if reported else 0.0
    if reported and is_current and rng.random() < 0.012 and value and spec.template.measure not in MILESTONE_MEASURES:
        value = value * 100  # a typing slip the data-quality checks must catch (a milestone has no figure to slip)
    status = ActualStatus.APPROVED
    if is_current and quarter == 2:
        status = ActualStatus.VERIFIED if draw < 0.6 else ActualStatus.APPROVED
    if is_current and quarter == 3:
        status = (ActualStatus.DRAFT if draw < 0.3 else ActualStatus.RETURNED if draw < 0.36
                  else ActualStatus.SUBMITTED)
    late = rng.random() < 0.08
    deadline = quarter_end + timedelta(days=SUBMISSION_DAYS)
    submitted = datetime.combine(deadline + timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 10)),
                                 time(10, 0), tzinfo=UTC)
    not_met = reported is not None and not reported.met
    actual = out.add(
        PeriodActual, id=new_id(), kpi_id=kpi["id"], period_id=period_id, value=value,
        value_date=reported.value_date if reported else None, value_text=reported.value_text if reported else None,
        narrative=f"Q{quarter}: {spec.name.lower()} reported from the {spec.template.evidence.lower()}.",
        deviation_reason="Contractor delays and late delivery of materials." if not_met and rng.random() < 0.8 else None,
        corrective_measure="Contractor placed on terms; progress monitored weekly." if not_met and rng.random() < 0.7 else None,
        status=status, captured_by="capturer",
        submitted_at=None if status == ActualStatus.DRAFT else submitted,
        is_late=late and status != ActualStatus.DRAFT,
        verified_by="verifier" if status in (ActualStatus.VERIFIED, ActualStatus.APPROVED) else None,
        verified_at=submitted + timedelta(days=5) if status in (ActualStatus.VERIFIED, ActualStatus.APPROVED) else None,
        approved_by="approver" if status == ActualStatus.APPROVED else None,
        approved_at=submitted + timedelta(days=9) if status == ActualStatus.APPROVED else None,
        review_comment="Attach the signed completion certificate." if status == ActualStatus.RETURNED else None,
        **common,
    )
    if evidence is not None and rng.random() < 0.8:
        evidence.attach(out, actual, spec.template.evidence, quarter, quarter_end, new_id, common, submitted)
