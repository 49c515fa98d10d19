"""Technical indicator descriptions: one box per KPI saying exactly how it is measured.

Auditors ask for these first (the Auditor-General audits performance information against each
indicator's definition, data source, method of calculation and evidence). Everything printed is
what the KPI register holds; where a field is empty the box says "not recorded", so the gap is
visible and can be filled in before the audit, rather than hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, KeepTogether
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _
from pmsdesk.models import Kpa, Kpi, KpiTarget, Person, ReportingPeriod, StrategicObjective, Unit
from pmsdesk.wording import (
    CALCULATION_LABELS,
    CALCULATION_METHODS,
    DIRECTION_TOOLTIPS,
    MEASURE_LABELS,
    count_of,
    measured_value,
)

from .base import ReportContent, ReportRequest, financial_year, organisation
from .blocks import data_table, spacer
from .document import PORTRAIT, frame_width
from .scope import natural_order, unit_in_scope
from .styles import para

NOT_RECORDED = N_("not recorded")


@dataclass(frozen=True)
class IndicatorScope:
    organisation_name: str
    year_label: str
    unit_name: str | None
    indicators: list[dict[str, Any]]


def collect(session: Session, request: ReportRequest) -> ReportContent:
    org = organisation(session, request.organisation)
    year = financial_year(session, org, request.year)
    unit, unit_ids = unit_in_scope(session, org, request.unit)
    scope = IndicatorScope(org.name, year.label, unit.name if unit else None,
                           _indicators(session, year.id, unit_ids))
    return ReportContent(
        kind=request.kind, title=_("Technical indicator descriptions: {0}").format(unit.name if unit else org.name),
        period_text=year.label, organisation_id=org.id, organisation_code=org.code, organisation_name=org.name,
        request=ReportRequest(request.kind, year=year.label, organisation=org.code,
                              unit=unit.code if unit else None),
        data={"indicators": scope.indicators, "unit": unit.code if unit else None},
        draft_reason=None, story=lambda: story(scope), orientation=PORTRAIT)


def _indicators(session: Session, year_id: str, unit_ids: set[str] | None) -> list[dict[str, Any]]:
    query = select(Kpi).where(Kpi.financial_year_id == year_id, Kpi.is_active.is_(True))
    if unit_ids is not None:
        query = query.where(Kpi.responsible_unit_id.in_(unit_ids))
    kpis = list(session.scalars(query))
    names = {model: dict(session.execute(select(model.id, column)).all())
             for model, column in ((Kpa, Kpa.name), (Unit, Unit.name), (Person, Person.full_name))}
    objectives = {o.id: f"{o.code}: {o.title}" for o in session.scalars(select(StrategicObjective))}
    quarters = dict(session.execute(select(ReportingPeriod.id, ReportingPeriod.label)
                                    .where(ReportingPeriod.financial_year_id == year_id)).all())
    targets: dict[str, list[str]] = {}
    for target in session.scalars(select(KpiTarget).where(KpiTarget.kpi_id.in_([k.id for k in kpis]))):
        targets.setdefault(target.kpi_id, []).append(target.period_id)
    return [_indicator(kpi, names, objectives, sorted(quarters[p] for p in targets.get(kpi.id, ())
                                                      if p in quarters))
            for kpi in sorted(kpis, key=lambda k: natural_order(k.reference))]


def _indicator(kpi: Kpi, names: dict, objectives: dict[str, str], quarters: list[str]) -> dict[str, Any]:
    measure = kpi.measure_type
    target = measured_value(kpi.annual_target_date or kpi.annual_target_text or kpi.annual_target, measure)
    baseline = kpi.baseline_text or measured_value(kpi.baseline, measure)
    official = names[Person].get(kpi.responsible_person_id) or kpi.custodian  # the SDBIP's words, if nobody is linked
    unit = names[Unit].get(kpi.responsible_unit_id)
    return {
        "reference": kpi.reference, "name": kpi.name,
        "definition": kpi.definition, "purpose": objectives.get(kpi.strategic_objective_id),
        "kpa": names[Kpa].get(kpi.kpa_id), "unit_of_measure": kpi.unit_of_measure,
        "data_source": kpi.data_source, "required_evidence": kpi.required_evidence,
        "measure": MEASURE_LABELS[measure], "calculation": CALCULATION_LABELS[kpi.calculation_type],
        "method": CALCULATION_METHODS[kpi.calculation_type],
        "desired": DIRECTION_TOOLTIPS[kpi.direction], "baseline": baseline or None, "annual_target": target or None,
        "responsible": " · ".join(part for part in (official, unit) if part) or None,
        "reporting_cycle": _("Quarterly ({0})").format(', '.join(quarters)) if quarters else None,
        "kpi_type": kpi.kpi_type.value.replace("_", " ").capitalize() if kpi.kpi_type else None,
        "kpi_concept": kpi.kpi_concept.value.capitalize() if kpi.kpi_concept else None,
    }


#: (label, key) in the order the box prints them.
FACTS = ((N_("Indicator"), "name"), (N_("Definition"), "definition"), (N_("Purpose (strategic objective)"), "purpose"),
         (N_("Key performance area"), "kpa"), (N_("Unit of measure"), "unit_of_measure"), (N_("Measure type"), "measure"),
         (N_("Calculation type"), "calculation"), (N_("Method of calculation"), "method"), (N_("Data source"), "data_source"),
         (N_("Evidence required"), "required_evidence"), (N_("Responsible official"), "responsible"),
         (N_("Reporting cycle"), "reporting_cycle"), (N_("Desired performance"), "desired"), (N_("Baseline"), "baseline"),
         (N_("Annual target"), "annual_target"), (N_("Indicator type"), "kpi_type"), (N_("Indicator concept"), "kpi_concept"))


def story(scope: IndicatorScope) -> list[Flowable]:
    width = frame_width(PORTRAIT)
    missing = sum(1 for item in scope.indicators for _label, key in FACTS if not item[key])
    out: list[Flowable] = [
        para(_("Technical indicator descriptions {0}").format(scope.year_label), "title"),
        para(f"{scope.unit_name or scope.organisation_name} · {count_of(len(scope.indicators), 'indicator')}"
             + (f" · {count_of(missing, 'field')} {NOT_RECORDED}" if missing else ""), "subtitle"),
        para(_("Each indicator as the KPI register defines it. A field shown as 'not recorded' is empty in the "
             "register: complete it in the KPI editor before the performance information is audited."), "note"),
        spacer(3),
    ]
    for item in scope.indicators:
        rows = [(label, item[key] or NOT_RECORDED) for label, key in FACTS[1:]]
        box = data_table((item["reference"], item["name"]), rows, [width * 0.28, width * 0.72])
        out += [KeepTogether([box]), spacer(4)]  # one indicator never runs over a page break
    if not scope.indicators:
        out.append(para(_("No active KPI in this scope."), "body"))
    return out

