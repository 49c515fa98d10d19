"""The Section 56/57 performance agreement (SA Municipal Performance Regulations, GN R805 of 2006).

Laid out like the agreements municipalities sign on the R805 template: parties,
then the clauses of the ``za_s56`` rule set's ``agreement`` text (introduction,
purpose, term, objectives, performance management system with the KPA and CCR
weights and the rating scale with each level's meaning, evaluation with the
review schedule and the evaluation panel, development, employer's obligations,
consultation, management of outcomes with the bonus bands, disputes, general),
each with its source; signatures of employee, employer and a witness for each,
with place and date. Then Annexure A (the performance plan: the SDBIP KPIs the
manager is responsible for, by KPA, with objective, baseline, quarterly
targets, weight and evidence) and Annexure B (the personal development plan
recorded with the agreement, and ruled lines to add to it by hand).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak
from sqlalchemy.orm import Session

from pmsdesk.models import AgreementKind
from pmsdesk.scoring.rules import setting
from pmsdesk.scoring.za_competencies import CODE as FRAMEWORK
from pmsdesk.services.development_plans import FIELDS, LABELS, STATUS_WORDS, development_plan
from pmsdesk.wording import a_date, plain_number

from .agreement_data import CHOSEN, RESPONSIBLE, TOP_LAYER, agreement_draft_reason, agreement_facts, plan_kpis
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

#: Annexure B's columns (the R805 template's personal development plan as FORMS.md 1.5 recalls it, and each
#: line's progress), in the order of services.development_plans.FIELDS.
PDP_COLUMNS = tuple(LABELS[name] for name in FIELDS)


def post_of(facts: dict[str, Any]) -> str:
    """'municipal_manager' (contracts with the municipality through the mayor) or 'manager' (reports to
    the municipal manager): decides the employer's representative, the panel and the mediator. The
    post's title decides ('Acting Municipal Manager' is one, 'Deputy Municipal Manager' is not); with
    no post recorded, an agreement without a supervisor is taken to be the municipal manager's."""
    position = ((facts["employee"] or {}).get("position") or "").casefold()
    if position:
        mm = "municipal manager" in position and not position.startswith(("deputy", "assistant"))
        return "municipal_manager" if mm else "manager"
    return "municipal_manager" if facts["supervisor"] is None else "manager"


def _party(person: dict[str, Any] | None) -> str | None:
    if not person:
        return None
    return ", ".join(v for v in (person["name"], person["position"]) if v)


def collect(session: Session, request: ReportRequest) -> ReportContent:
    agreement = agreement_for(session, request.person, request.year,
                              (AgreementKind.SA_SECTION_56.value,), request.organisation)
    facts = agreement_facts(session, agreement)
    rules = agreement_rules(session, agreement.rule_set_code)
    development = [[STATUS_WORDS[value] if name == "status" else (value or "")
                    for name, value in line.values().items()] for line in development_plan(session, agreement.id)]
    plan, basis = plan_kpis(session, agreement, whole_organisation=post_of(facts) == "municipal_manager")
    data = {"agreement": facts, "plan": plan, "plan_basis": basis, "development": development,
            "competencies": competency_definitions(agreement_rules(session, FRAMEWORK), facts["items"]),
            "rules": {"code": rules["code"], "revision": rules["revision"],
                      "components": rules["body"]["components"],
                      "scale": rules["body"]["scale"], "bonus_bands": rules["body"]["bonus_bands"],
                      "agreement": setting(rules, "agreement")}}
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
    text = rules["agreement"]
    width = frame_width(PORTRAIT)
    employee, supervisor = facts["employee"], facts["supervisor"]
    org, year = facts["organisation"], facts["year"]
    post = post_of(facts)
    weights = {c["code"]: c["weight"] for c in rules["components"]}
    kpas = [i for i in facts["items"] if i["kind"] == "kpa"]
    ccrs = [i for i in facts["items"] if i["kind"] == "ccr"]
    represented = _party(supervisor) or text["represented_by"][post]
    fill = {"employer": org["name"], "employee": employee["name"], "represented_by": represented,
            "start": a_date(year["start"]), "end": a_date(year["end"]),
            "kpa_weight": plain_number(weights.get("kpa", 80)), "ccr_weight": plain_number(weights.get("ccr", 20)),
            "mediator": text["mediators"][post]}
    after = {
        "term": lambda: [para(f"Reason for this amendment: {facts['amendment_reason']}", "note")]
        if facts["amendment_reason"] else [],
        "system": lambda: [whole(_weights_table("Key performance area", kpas, width)), spacer(3),
                           whole(_weights_table("Core competency requirement", ccrs, width)), spacer(3),
                           *_competencies_table(data.get("competencies"), width),
                           whole(_scale_table(rules["scale"], text.get("rating_descriptions", {}), width)),
                           para(_formula(weights), "note")],
        "evaluation": lambda: [*titled("Schedule of performance reviews", _schedule_table(
                                   text.get("review_schedule", []), year["label"], width), width, "h2"),
                               para("Evaluation panel for the mid-year and annual assessments:", "h2"),
                               *bullet_list(text["panels"][post])],
        "outcomes": lambda: titled("Performance bonus", _bonus_table(rules["bonus_bands"], width), width, "h2"),
    }
    out: list[Flowable] = [
        para("Performance Agreement", "title"),
        para(f"made and entered into by and between {org['name']}, represented by {represented}, and "
             f"{employee['name']} for the financial year {year['label']}"
             + (f" (amendment {facts['amendment_number']})" if facts["amendment_number"] else ""),
             "subtitle"),
        *heading("1. Parties"),
        facts_table([
            ("Employer", org["name"]),
            ("Represented by", represented),
            ("Employee", employee["name"]),
            ("Position", employee["position"]),
            ("Directorate", employee["unit"]),
            ("Employee number", employee["employee_number"]),
        ], width),
    ]
    for number, clause in enumerate(text["clauses"], 2):
        out += heading(f"{number}. {clause['title']}")
        out += [para(paragraph.format_map(fill), "body") for paragraph in clause["paragraphs"]]
        out.append(para(f"Source: {clause.get('source') or 'not stated'}"
                        + ("; wording left to the municipality's policy" if clause.get("municipal") else ""),
                        "small"))
        out += after.get(clause.get("key", ""), list)()
    signed = facts["status"] == "signed"
    out += [
        signature_blocks([("Employee", employee["name"]), ("Witness 1", None),
                          ("For the employer", supervisor["name"] if supervisor else None), ("Witness 2", None)],
                         width, place=facts["signed_place"] if signed else None,
                         on=facts["signed_on"] if signed else None,
                         title=f"{len(text['clauses']) + 2}. Signatures",
                         intro="Thus done and signed by the parties, each in the presence of the undersigned "
                               "witnesses. Each party and witness also initials every page of Annexures A and B."),
        _publication(facts),
        NextPageTemplate(LANDSCAPE), PageBreak(),
    ]
    out += _plan(data["plan"], kpas, data.get("plan_basis", RESPONSIBLE))
    out += _development_plan(data["development"])
    return out


def _publication(facts: dict[str, Any]) -> Flowable:
    """The day the agreement was made public (MFMA s53(3)(b)), or a line to write it on."""
    day = facts.get("made_public_on")
    if day:
        return para(f"Made public on {a_date(day)} (Municipal Finance Management Act s53(3)(b)).", "body")
    return para("Made public on ____________________ (Municipal Finance Management Act s53(3)(b): within 14 days "
                "after the SDBIP is approved).", "body")


#: What Annexure A says about where its KPIs come from, by plan_kpis' basis.
PLAN_BASIS = {
    CHOSEN: "The KPIs chosen in this agreement",
    TOP_LAYER: "The top-layer SDBIP KPIs of the employee's area (the municipal scorecard)",
    RESPONSIBLE: "The SDBIP KPIs for which the employee is responsible (no top-layer KPI is marked for the "
                 "employee's area)",
}


def competency_definitions(framework: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The competency framework's group and description of each CCR line that names one of its competencies,
    and its achievement levels; None when no CCR line does (a council's own list)."""
    body = framework["body"]
    known = {item["title"].casefold(): item for item in body.get("items", [])}
    clusters = body.get("clusters", {})
    rows = [[line["title"], clusters.get(known[line["title"].casefold()].get("cluster"), ""),
             known[line["title"].casefold()].get("description", "")]
            for line in items if line["kind"] == "ccr" and line["title"].casefold() in known]
    if not rows:
        return None
    return {"rows": rows, "levels": [level["name"] for level in body.get("levels", [])], "source": framework["name"]}


def _competencies_table(found: dict[str, Any] | None, width: float) -> list[Flowable]:
    if not found:
        return []
    table = data_table(["Competency", "Kind", "What it means"], found["rows"], [width * 0.28, width * 0.2, width * 0.52])
    levels = ", ".join(found["levels"])
    return [*titled("The competencies chosen", table, width, "h2"),
            para(f"From the {found['source']}. Each is assessed at one of the achievement levels {levels}, and "
                 "rated on the scale below.", "note"), spacer(3)]


def _formula(weights: dict[str, float]) -> str:
    return ("Weighted rating of each component = Σ(weight × rating) ÷ Σ weight; overall "
            f"rating = {plain_number(weights.get('kpa', 80) / 100)} × KPA rating + "
            f"{plain_number(weights.get('ccr', 20) / 100)} × CCR rating; score % = overall "
            "rating ÷ 3 × 100 (fully effective everywhere scores 100%).")


def _schedule_table(schedule: list[dict[str, Any]], year: str, width: float):
    return data_table(["Quarter", "Months", f"Review ({year})"],
                      [[f"Q{row['quarter']}", row["months"], row["review"]] for row in schedule],
                      [width * 0.12, width * 0.25, width * 0.63])


def _initials() -> Flowable:
    return para("Initials:  employee ________   employer ________   witnesses ________  ________", "small")


def _weights_table(label: str, items: list[dict[str, Any]], width: float):
    rows = [[str(n), i["title"], plain_number(i["weight"])] for n, i in enumerate(items, 1)]
    rows.append(["", "Total", plain_number(sum(i["weight"] for i in items))])
    return data_table(["#", label, "Weight (%)"], rows, [width * 0.06, width * 0.76, width * 0.18],
                      right_align=(2,), total_rows=(len(rows) - 1,))


def _scale_table(scale: dict[str, Any], meanings: dict[str, str], width: float):
    labels = scale["labels"]
    order = sorted(labels, key=float, reverse=float(scale["best"]) > float(scale["worst"]))
    return data_table(["Rating", "Level", "What it means"], [[k, labels[k], meanings.get(k, "")] for k in order],
                      [width * 0.1, width * 0.36, width * 0.54])


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


def _plan(plan: list[dict[str, Any]], kpas: list[dict[str, Any]], basis: str) -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    out: list[Flowable] = [para("Annexure A: Performance plan", "title"),
                           para(f"{PLAN_BASIS[basis]}, by key performance area: "
                                "the IDP objective each serves, baseline, annual and quarterly targets, the KPI's "
                                "weight and the portfolio of evidence that proves it.", "subtitle")]
    shares = (0.055, 0.12, 0.2, 0.07, 0.065, 0.065, 0.05, 0.05, 0.05, 0.05, 0.05, 0.175)
    widths = [s * width for s in shares]
    header = ["Ref", "IDP objective", "Key performance indicator", "Unit of measure", "Baseline", "Annual target",
              "Q1", "Q2", "Q3", "Q4", "Weight", "Evidence required"]
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
            header, [[p["reference"], p["objective"], p["name"], p["unit_of_measure"], p["baseline"],
                      p["annual_target"], *p["quarters"], p["weight"], p["evidence"]] for p in rows],
            widths, right_align=(4, 5, 6, 7, 8, 9, 10)), width, "h2")
    return out + [spacer(4), _initials()]


def _development_plan(lines: list[list[str]]) -> list[Flowable]:
    """The recorded plan, then ruled lines to add to it by hand (six when nothing is recorded)."""
    width = frame_width(LANDSCAPE)
    blank = [[spacer(10)] + [""] * (len(PDP_COLUMNS) - 1) for _ in range(2 if lines else 6)]
    shares = (0.15, 0.14, 0.16, 0.1, 0.09, 0.14, 0.13, 0.09)
    table = data_table(PDP_COLUMNS, [*lines, *blank], [s * width for s in shares], ruled=True)
    return [PageBreak(), para("Annexure B: Personal development plan", "title"),
            para("Agreed by the employee and the employer together, gaps in priority order: the competencies "
                 "the employee will develop during the year, how, by when and with whose support. It feeds the "
                 "municipality's workplace skills plan.", "subtitle"),
            table, spacer(4), _initials()]
