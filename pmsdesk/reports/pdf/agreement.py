"""The Section 56/57 performance agreement (SA Municipal Performance Regulations, GN R805 of 2006).

Laid out like the agreements municipalities sign: parties, purpose, term,
performance objectives with KPA and CCR weights, how performance is assessed,
the bonus bands, signatures of employee, employer and two witnesses with place
and date; then Annexure A (the performance plan: the SDBIP KPIs the manager
is responsible for, by KPA, with targets) and Annexure B (the personal
development plan, completed by hand).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak
from sqlalchemy.orm import Session

from pmsdesk.models import AgreementKind
from pmsdesk.wording import a_date, plain_number

from .agreement_data import agreement_draft_reason, agreement_facts, plan_kpis
from .base import ReportContent, ReportRequest, agreement_for, agreement_rules
from .blocks import (
    bullet_list,
    data_table,
    facts_table,
    heading,
    signature_blocks,
    spacer,
    titled,
    whole,
)
from .document import LANDSCAPE, PORTRAIT, frame_width
from .styles import para

PURPOSE = (
    "comply with section 57(1)(b), (4A), (4B) and (5) of the Local Government: Municipal "
    "Systems Act, 2000, and the Municipal Performance Regulations, 2006;",
    "specify the objectives and targets agreed for the employee and communicate the "
    "employer's expectations of the employee's performance;",
    "specify accountabilities as set out in the performance plan (Annexure A), which is "
    "aligned with the Integrated Development Plan and the SDBIP;",
    "monitor and measure performance against the agreed targets and outputs;",
    "use the agreement as the basis for assessing whether the employee has met the "
    "performance expectations of the job, and for rewarding outstanding performance;",
    "give effect to the employer's commitment to a performance-orientated relationship.",
)
PDP_COLUMNS = ("Skills or performance gap", "Outcome expected", "Suggested training or "
               "development activity", "Mode of delivery", "Time frame", "Work opportunity created")


def _party(person: dict[str, Any] | None, fallback: str) -> str:
    if not person:
        return fallback
    return ", ".join(v for v in (person["name"], person["position"]) if v)


def collect(session: Session, request: ReportRequest) -> ReportContent:
    agreement = agreement_for(session, request.person, request.year,
                              (AgreementKind.SA_SECTION_56.value,), request.organisation)
    facts = agreement_facts(session, agreement)
    rules = agreement_rules(session, agreement.rule_set_code)
    data = {"agreement": facts, "plan": plan_kpis(session, agreement),
            "rules": {"code": rules["code"], "revision": rules["revision"],
                      "components": rules["body"]["components"],
                      "scale": rules["body"]["scale"], "bonus_bands": rules["body"]["bonus_bands"]}}
    reason, word = agreement_draft_reason(facts)
    org = facts["organisation"]
    resolved = ReportRequest(request.kind, year=facts["year"]["label"],
                             organisation=org["code"], person=facts["employee"]["id"])
    return ReportContent(
        kind=request.kind, title=f"Performance agreement: {facts['employee']['name']}",
        period_text=f"Financial year {facts['year']['label']}",
        organisation_id=agreement.organisation_id, organisation_code=org["code"],
        organisation_name=org["name"], request=resolved, data=data, draft_reason=reason,
        watermark_word=word, story=lambda: story(data), orientation=PORTRAIT)


def story(data: dict[str, Any]) -> list[Flowable]:
    facts, rules = data["agreement"], data["rules"]
    width = frame_width(PORTRAIT)
    employee, supervisor = facts["employee"], facts["supervisor"]
    org, year = facts["organisation"], facts["year"]
    weights = {c["code"]: c["weight"] for c in rules["components"]}
    items = facts["items"]
    kpas = [i for i in items if i["kind"] == "kpa"]
    ccrs = [i for i in items if i["kind"] == "ccr"]
    out: list[Flowable] = [
        para("Performance Agreement", "title"),
        para(f"made and entered into by and between {org['name']} and {employee['name']} "
             f"for the financial year {year['label']}"
             + (f" (amendment {facts['amendment_number']})" if facts["amendment_number"] else ""),
             "subtitle"),
        *heading("1. Parties"),
        facts_table([
            ("Employer", org["name"]),
            ("Represented by", _party(supervisor, "the Executive Mayor, on behalf of the Council")),
            ("Employee", employee["name"]),
            ("Position", employee["position"]),
            ("Directorate", employee["unit"]),
            ("Employee number", employee["employee_number"]),
        ], width),
        *heading("2. Purpose of this agreement"),
        para("The parties agree to enter into this agreement in order to:", "body"),
        *bullet_list(PURPOSE),
        *heading("3. Commencement and duration"),
        para(f"This agreement commences on {a_date(year['start'])} and remains in force until "
             f"{a_date(year['end'])}, when a new agreement and performance plan are concluded "
             "for the next financial year. It is reviewed at least once a year and may be "
             "amended by agreement of the parties, with the reason for the amendment recorded.",
             "body"),
    ]
    if facts["amendment_reason"]:
        out.append(para(f"Reason for this amendment: {facts['amendment_reason']}", "note"))
    out += [
        *heading("4. Performance objectives and weighting"),
        para(f"The employee is assessed on key performance areas (KPAs), weighing "
             f"{plain_number(weights.get('kpa', 80))}%, and core competency requirements (CCRs), "
             f"weighing {plain_number(weights.get('ccr', 20))}%. The weights of the KPAs and of "
             "the CCRs below each sum to 100. The KPIs and targets of each KPA are in the "
             "performance plan, Annexure A.", "body"),
        whole(_weights_table("Key performance area", kpas, width)),
        spacer(3),
        whole(_weights_table("Core competency requirement", ccrs, width)),
        *heading("5. Assessing performance"),
        para("Performance is reviewed each quarter; the mid-year and annual reviews are formal "
             "assessments in which every KPA and CCR is rated on this scale:", "body"),
        whole(_scale_table(rules["scale"], width)),
        para("Weighted rating of each component = Σ(weight × rating) ÷ Σ weight; overall "
             f"rating = {plain_number(weights.get('kpa', 80) / 100)} × KPA rating + "
             f"{plain_number(weights.get('ccr', 20) / 100)} × CCR rating; score % = overall "
             "rating ÷ 3 × 100 (fully effective everywhere scores 100%).", "note"),
        *titled("6. Performance bonus", _bonus_table(rules["bonus_bands"], width), width),
        signature_blocks([("Employee", employee["name"]),
                          ("Employer", supervisor["name"] if supervisor else None),
                          ("Witness 1", None), ("Witness 2", None)], width,
                         place=facts["signed_place"] if facts["status"] == "signed" else None,
                         on=facts["signed_on"] if facts["status"] == "signed" else None,
                         title="7. Signatures", intro="Thus done and signed by the parties, "
                         "each in the presence of the undersigned witnesses."),
        NextPageTemplate(LANDSCAPE), PageBreak(),
    ]
    out += _plan(data["plan"], kpas)
    out += _development_plan()
    return out


def _weights_table(label: str, items: list[dict[str, Any]], width: float):
    rows = [[str(n), i["title"], plain_number(i["weight"])] for n, i in enumerate(items, 1)]
    rows.append(["", "Total", plain_number(sum(i["weight"] for i in items))])
    return data_table(["#", label, "Weight (%)"], rows, [width * 0.06, width * 0.76, width * 0.18],
                      right_align=(2,), total_rows=(len(rows) - 1,))


def _scale_table(scale: dict[str, Any], width: float):
    labels = scale["labels"]
    order = sorted(labels, key=float, reverse=float(scale["best"]) > float(scale["worst"]))
    return data_table(["Rating", "Description"], [[k, labels[k]] for k in order],
                      [width * 0.12, width * 0.88])


def _bonus_table(bands: list[dict[str, Any]], width: float):
    def span(band: dict[str, Any]) -> str:
        low, high = band.get("min"), band.get("max")
        if low is None:
            return f"below {plain_number(high)}%"
        if high is None:
            return f"{plain_number(low)}% and above"
        return f"{plain_number(low)}% to below {plain_number(high)}%"

    rows = [[span(b), b["name"]] for b in bands]
    return data_table(["Score", "Bonus (of the all-inclusive annual remuneration package)"], rows,
                      [width * 0.3, width * 0.7])


def _plan(plan: list[dict[str, Any]], kpas: list[dict[str, Any]]) -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    out: list[Flowable] = [para("Annexure A: Performance plan", "title"),
                           para("The SDBIP KPIs for which the employee is responsible, by key "
                                "performance area, with baseline and targets.", "subtitle")]
    widths = [w * width for w in (0.07, 0.37, 0.1, 0.08, 0.1, 0.07, 0.07, 0.07, 0.07)]
    header = ["Ref", "Key performance indicator", "Unit of measure", "Baseline", "Annual target",
              "Q1", "Q2", "Q3", "Q4"]
    known = {k["kpa_id"] for k in kpas}
    groups = [(k["title"], k["weight"], [p for p in plan if p["kpa_id"] == k["kpa_id"]]) for k in kpas]
    groups.append(("Other KPIs", None, [p for p in plan if p["kpa_id"] not in known]))
    for title, weight, rows in groups:
        if not rows and weight is None:
            continue
        suffix = f" (weight {plain_number(weight)}%)" if weight is not None else ""
        if not rows:
            out += heading(f"{title}{suffix}", "h2")
            out.append(para("No SDBIP KPI is assigned to the employee under this KPA.", "note"))
            continue
        out += titled(f"{title}{suffix}", data_table(
            header, [[p["reference"], p["name"], p["unit_of_measure"], p["baseline"],
                      p["annual_target"], *p["quarters"]] for p in rows],
            widths, right_align=(3, 4, 5, 6, 7, 8)), width, "h2")
    return out


def _development_plan() -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    rows = [[spacer(10)] + [""] * (len(PDP_COLUMNS) - 1) for _ in range(6)]
    table = data_table(PDP_COLUMNS, rows, [width / len(PDP_COLUMNS)] * len(PDP_COLUMNS),
                       ruled=True)
    return [PageBreak(), para("Annexure B: Personal development plan", "title"),
            para("Completed by the employee and the employer together; it records the "
                 "competencies the employee will develop during the year and how.", "subtitle"),
            table]
