"""The assessment form: each item's rating, the weighted score and the outcome band.

For a Section 56/57 manager: KPA and CCR ratings, component ratings, overall
rating, score % and, on the final annual review only, the bonus band with its
conditions (SCORING.md section 3); then the KPI results behind each KPA rating
and the signatures of the employee and the evaluation panel. For an OPRAS agreement:
objectives, attributes, overall rating and band; for a Kenyan contract: the
matrix with raw, weighted and composite scores and the grade. Every figure
comes from the scoring engine under the agreement's rule set.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _
from pmsdesk.models import AgreementKind
from pmsdesk.services.assessments import NO_BONUS_BEFORE_FINAL
from pmsdesk.wording import a_date, plain_number

from .appraisal import assessment_draft_reason, collect_appraisal
from .assessment_sa import bonus_conditions, kpi_results_section, panel_parties, sa_assessment_extras
from .base import ReportContent, ReportRequest, agreement_rules
from .blocks import data_table, facts_table, heading, signature_blocks, titled
from .document import PORTRAIT, frame_width
from .ke_contract import matrix_table
from .styles import para

#: Signatories of the forms other than the Section 56/57 one (whose panel comes from its rule set).
PANEL = {AgreementKind.TZ_OPRAS.value: (N_("Appraisee"), N_("Supervisor"), N_("Head of department")),
         AgreementKind.KE_PERFORMANCE_CONTRACT.value: (N_(
                 "Officer"), N_("Supervisor"), N_("Chairperson, performance committee"))}


def collect(session: Session, request: ReportRequest) -> ReportContent:
    found = collect_appraisal(session, request, tuple(k.value for k in AgreementKind), require_assessment=True)
    agreement, facts, assessment, data, resolved = (found.agreement, found.facts, found.assessment,
                                                    found.data, found.request)
    if facts["kind"] == AgreementKind.SA_SECTION_56.value:
        data["sa"] = sa_assessment_extras(session, agreement, facts, assessment,
                                          agreement_rules(session, agreement.rule_set_code), request.as_of)
        resolved = replace(resolved, as_of=request.as_of)
    org = facts["organisation"]
    return ReportContent(
        kind=request.kind,
        title=_("Assessment: {0}, {1}").format(facts['employee']['name'], assessment['review_label']),
        period_text=f"{assessment['review_label']} {facts['year']['label']}",
        organisation_id=agreement.organisation_id, organisation_code=org["code"],
        organisation_name=org["name"], request=resolved, data=data,
        draft_reason=assessment_draft_reason(facts, assessment),
        story=lambda: story(data), orientation=PORTRAIT)


def story(data: dict[str, Any]) -> list[Flowable]:
    facts, assessment, result = data["agreement"], data["assessment"], data["result"]
    width = frame_width(PORTRAIT)
    employee, supervisor = facts["employee"], facts["supervisor"]
    out: list[Flowable] = [
        para(_("Performance Assessment"), "title"),
        para(_("{0} of the {1} performance agreement").format(assessment['review_label'], facts['year']['label']),
             "subtitle"),
        facts_table([
            (_("Employee"), employee["name"]), (_("Position"), employee["position"]),
            (_("Directorate / department"), employee["unit"]),
            (_("Assessed by"), (supervisor and supervisor["name"]) or (_(
                    "the evaluation panel (below)") if data.get("sa") else None)),
            (_("Date of assessment"), assessment["assessed_on"] and a_date(assessment["assessed_on"])),
            (_("Status"), assessment["status"]),
            (_("Rule set"), _("{0} revision {1}").format(data['rules']['code'], data['rules']['revision'])),
        ], width),
    ]
    if facts["kind"] == AgreementKind.KE_PERFORMANCE_CONTRACT.value:
        out += heading(_("Indicators"))
        out.append(matrix_table(facts, assessment, result, width))
    else:
        out += _components(facts, assessment, result, data["rules"]["scale"], width)
    out += heading(_("Outcome"))
    if result is None:
        out.append(para(_("No score yet: {0}.").format(data['missing']), "note"))
    else:
        out.append(_outcome(facts["kind"], result, width))
        if data.get("sa") and result.get("is_final") and result.get("bonus_band"):
            out += bonus_conditions()
    if assessment["comments"]:
        out += [para(_("Comments"), "h2"), para(assessment["comments"], "body")]
    if data.get("sa"):
        out += kpi_results_section(facts, data["sa"], assessment["ratings"], width)
        out.append(signature_blocks(panel_parties(data["sa"], employee), width,
                                    title=_("Employee and evaluation panel"),
                                    intro=_("Signed by the employee and by each member of the evaluation panel "
                                          "present at the assessment.")))
        return out
    out.append(signature_blocks([(role, name) for role, name in zip(
        PANEL[facts["kind"]], (employee["name"], supervisor and supervisor["name"], None))],
        width, title=_("Signatures")))
    return out


def _components(facts, assessment, result, scale, width) -> list[Flowable]:
    ratings = assessment["ratings"]
    labels = (scale or {}).get("labels", {})
    components = result["components"] if result else []
    names = {c["code"]: c for c in components}
    groups = {"kpa": (_("Key performance areas"), "kpa"), "ccr": (_("Core competency requirements"), "ccr"),
              "objective": (_("Objectives"), "objectives"), "attribute": (_("Attributes of good performance"),
                                                                        "attributes")}
    out: list[Flowable] = []
    for kind, (title, code) in groups.items():
        items = [i for i in facts["items"] if i["kind"] == kind]
        if not items:
            continue
        rows = []
        for n, item in enumerate(items, 1):
            rating = ratings.get(item["id"], {}).get("rating")
            label = labels.get(str(int(rating))) if rating is not None and float(rating).is_integer() else ""
            weighted = "" if rating is None else plain_number(round(item["weight"] * rating, 2))
            rows.append([str(n), item["title"], plain_number(item["weight"]),
                         "" if rating is None else plain_number(rating), label or "", weighted])
        component = names.get(code)
        rows.append(["", _("Weighted rating ({0}% of the total)").format(plain_number(component['weight']))
                     if component else _("Weighted rating"), plain_number(sum(i["weight"] for i in items)),
                     f"{component['rating']:.{(result or {}).get('rating_decimals', 2)}f}"
                     if component else "", "", ""])
        out += titled(title, data_table(
            ["#", _("Item"), _("Weight"), _("Rating"), _("Description"), _("Weight × rating")], rows,
            [width * s for s in (0.05, 0.38, 0.09, 0.08, 0.27, 0.13)], right_align=(2, 3, 5),
            total_rows=(len(rows) - 1,)), width, "h2")
    return out


def outcome_pairs(kind: str, result: dict[str, Any]) -> list[tuple[str, str]]:
    """The outcome lines as printed: every figure is the engine's own text of the figure it
    decided the band or grade on, so the sheet cannot contradict itself."""
    if kind == AgreementKind.SA_SECTION_56.value:
        decimals = result["rating_decimals"]
        pairs = [(_("{0} rating").format(c["name"]),
                  _("{0} (weight {1}%)").format(f"{c['rating']:.{decimals}f}", plain_number(c["weight"])))
                 for c in result["components"]]
        if result.get("is_final", True):
            bonus = (result["bonus_band"] or {}).get("name", _("No bonus band covers this score"))
        else:
            bonus = NO_BONUS_BEFORE_FINAL
        pairs += [(_("Overall rating"), result["overall_rating_text"]),
                  (_("Score"), result["score_text"]),
                  (_("Performance bonus band"), bonus)]
    elif kind == AgreementKind.TZ_OPRAS.value:
        pairs = [(c["name"], f"{c['rating']:.2f}") for c in result["components"]]
        pairs += [(_("Overall rating"), result["overall_text"]),
                  (_("Overall performance"), (result["overall_band"] or {}).get("name", ""))]
    else:
        pairs = [(_("Composite score"), result["composite_text"]),
                 (_("Grade"), (result["grade"] or {}).get("name", ""))]
    return pairs


def _outcome(kind: str, result: dict[str, Any], width: float):
    return facts_table(outcome_pairs(kind, result), width * 0.7, label_share=0.45)
