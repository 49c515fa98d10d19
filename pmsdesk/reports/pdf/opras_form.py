"""The Tanzanian OPRAS form (Open Performance Review and Appraisal Form, TFN 832), section by section.

Sections as the form has them (the notes and section 1 as Wanging'ombe District Council publishes the
form; the other sections' columns as FORMS.md 5.1 records them): 1 personal information; 2 the
performance agreement (agreed objectives, targets, criteria and resources); 3 the mid-year review
(progress towards targets and factors affecting performance, no rating); 4 revised objectives (an
amendment's changed objectives); 5 the annual review (progress made, the appraisee's, supervisor's and
agreed marks); 6 the attributes of good performance (each quality attribute under its main factor, the
same three marks); 7 overall performance (the average of sections 5 and 6) with the comments of the
appraisee, the observer and the supervisor; 8 the recommended reward, developmental measure or sanction,
signed by the supervisor and the head of department or institution (the form's copies go to the head
of the organisation; the signature line itself is pmsdesk's). Section 1 prints the person's particulars
from the People screen; what is not recorded there (and the months under the present supervisor) is left
as a line to complete by hand.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import AgreementKind, Assessment, PerformanceAgreement
from pmsdesk.services.assessments import FINAL_REVIEW, REVIEW_LABELS
from pmsdesk.wording import a_date, plain_number

from .agreement_data import agreement_facts, assessment_facts
from .appraisal import assessment_draft_reason, collect_appraisal, score_assessment
from .base import ReportContent, ReportRequest, agreement_rules
from .blocks import data_table, facts_table, heading, signature_blocks, titled
from .document import PORTRAIT, frame_width
from .styles import para

BLANK = "_" * 40
MID_YEAR = REVIEW_LABELS[0]
#: What an objective line keeps from one version to the next: a revised objective differs in one of them.
OBJECTIVE_FIELDS = ("title", "target_text", "performance_criteria", "resources")


def collect(session: Session, request: ReportRequest) -> ReportContent:
    found = collect_appraisal(session, request, (AgreementKind.TZ_OPRAS.value,))
    agreement, facts, data = found.agreement, found.facts, found.data
    reviews = {review.review_label: assessment_facts(review) for review in session.scalars(
        select(Assessment).where(Assessment.agreement_id == agreement.id))}
    annual = reviews.get(FINAL_REVIEW)
    rules = agreement_rules(session, agreement.rule_set_code)
    data["mid_year"], data["annual"] = reviews.get(MID_YEAR), annual
    data["annual_result"], data["annual_missing"] = score_assessment(facts, annual, rules) if annual else (
        None, _("the annual review has not been started"))
    data["original_objectives"] = _original_objectives(session, agreement)
    org = facts["organisation"]
    return ReportContent(
        kind=request.kind, title=_("OPRAS form: {0}").format(facts['employee']['name']),
        period_text=_("Financial year {0}").format(facts['year']['label']),
        organisation_id=agreement.organisation_id, organisation_code=org["code"],
        organisation_name=org["name"], request=found.request, data=data,
        draft_reason=assessment_draft_reason(facts, annual or found.assessment),
        watermark_word=_("SUPERSEDED") if facts["status"] == "superseded" else _("DRAFT"),
        story=lambda: story(data), orientation=PORTRAIT)


def _original_objectives(session: Session, agreement: PerformanceAgreement) -> list[dict[str, Any]] | None:
    """The objectives as first agreed, when this version is an amendment (None: it is the original)."""
    if not agreement.amendment_number:
        return None
    original = session.scalar(select(PerformanceAgreement).where(
        PerformanceAgreement.person_id == agreement.person_id,
        PerformanceAgreement.financial_year_id == agreement.financial_year_id,
        PerformanceAgreement.amendment_number == 0))
    if original is None:
        return None
    return [item for item in agreement_facts(session, original)["items"] if item["kind"] == "objective"]


def _mark(value: float | None) -> str:
    return "" if value is None else plain_number(value)


def _line(review: dict[str, Any] | None, item: dict[str, Any]) -> dict[str, Any]:
    return ((review or {}).get("ratings", {}).get(item["id"])) or {}


def _marks(review: dict[str, Any] | None, item: dict[str, Any]) -> list[str]:
    line = _line(review, item)
    return [_mark(line.get(name)) for name in ("appraisee_score", "supervisor_score", "rating")]


def story(data: dict[str, Any]) -> list[Flowable]:
    facts = data["agreement"]
    width = frame_width(PORTRAIT)
    year = facts["year"]
    objectives = [i for i in facts["items"] if i["kind"] == "objective"]
    attributes = [i for i in facts["items"] if i["kind"] == "attribute"]
    out: list[Flowable] = [
        para(_("Open Performance Review and Appraisal Form (TFN 832)"), "title"),
        para(_("To be filled in triplicate · from July {0} to June {1}").format(year["start"].year, year["end"].year),
             "subtitle"),
        para(_("Sections 2, 3 and 4 are filled in by the appraisee with the supervisor; sections 5 and 6 in the "
               "presence of a third party where necessary. A rating of 1 is the best performance and 5 the "
               "worst; both are brought to the attention of top management."), "note"),
        *_personal_information(facts, width),
        *_agreement(data["original_objectives"] or objectives, facts, width),
        *_mid_year(data["mid_year"], objectives, facts, width),
        *_revised(data["original_objectives"], objectives, facts, width),
        *_annual(data, objectives, width),
        *_attributes(data, attributes, width),
        *_overall(data, facts, width),
    ]
    return out


def _personal_information(facts: dict[str, Any], width: float) -> list[Flowable]:
    employee, supervisor, org = facts["employee"], facts["supervisor"], facts["organisation"]
    return [*heading(_("Section 1: Personal information")), facts_table([
        (_("Vote / sub-vote"), f"{org['code']} · {org['name']}"),
        (_("Check number"), employee["employee_number"] or BLANK),
        (_("Name in full"), employee["name"]),
        (_("Gender"), employee.get("gender") or BLANK),
        (_("Academic qualification"), employee.get("qualification") or BLANK),
        (_("Duty post"), employee["position"] or BLANK),
        (_("Substantive post"), employee.get("substantive_post") or employee["position"] or BLANK),
        (_("Department / present station"), employee["unit"] or BLANK),
        (_("Date of first appointment"), _day(employee.get("first_appointed_on"))),
        (_("Date of appointment to present post"), _day(employee.get("post_appointed_on"))),
        (_("Salary scale"), employee.get("grade") or BLANK),
        (_("Period served under present supervisor"), BLANK),
        (_("Present supervisor"), supervisor and ", ".join(
            v for v in (supervisor["name"], supervisor["position"]) if v)),
        (_("Date of birth"), _day(employee.get("date_of_birth"))),
        (_("Terms of service"), employee.get("terms_of_service") or BLANK),
    ], width, label_share=0.38)]


def _day(value: Any) -> str:
    return a_date(value) if value else BLANK


def _parties(facts: dict[str, Any], title: str) -> Flowable:
    employee, supervisor = facts["employee"], facts["supervisor"]
    signed = facts["status"] == "signed"
    return signature_blocks([(_("Appraisee"), employee["name"]), (_("Supervisor"), supervisor and supervisor["name"])],
                            frame_width(PORTRAIT), place=facts["signed_place"] if signed else None,
                            on=facts["signed_on"] if signed else None, title=title)


def _agreement(objectives: list[dict[str, Any]], facts: dict[str, Any], width: float) -> list[Flowable]:
    table = data_table(
        ["#", _("Agreed objectives"), _("Agreed performance targets"), _("Agreed performance criteria"),
         _("Agreed resources"), _("Weight (%)")],
        [[str(n), i["title"], i["target_text"] or "", i.get("performance_criteria") or "", i.get("resources") or "",
          plain_number(i["weight"])] for n, i in enumerate(objectives, 1)],
        [width * s for s in (0.04, 0.27, 0.2, 0.2, 0.19, 0.1)], right_align=(5,))
    return [*titled(_("Section 2: Performance agreement"), table, width),
            _parties(facts, _("Agreed by"))]


def _mid_year(review: dict[str, Any] | None, objectives: list[dict[str, Any]], facts: dict[str, Any],
              width: float) -> list[Flowable]:
    rows = [[str(n), i["title"], _line(review, i).get("comment") or "", _line(review, i).get("factors") or ""]
            for n, i in enumerate(objectives, 1)]
    table = data_table(["#", _("Agreed objectives"), _("Progress towards targets"),
                        _("Factors affecting performance")], rows,
                       [width * s for s in (0.04, 0.32, 0.32, 0.32)], ruled=review is None)
    note = (_("Reviewed on {0} ({1}).").format(a_date(review["assessed_on"]), _(review["status"]))
            if review and review["assessed_on"] else _("Mid-year review not yet recorded.") if review is None
            else _("Status: {0}.").format(_(review["status"])))
    employee, supervisor = facts["employee"], facts["supervisor"]
    return [*titled(_("Section 3: Mid-year review (December): progress, no rating"), table, width),
            para(note, "note"),
            signature_blocks([(_("Appraisee"), employee["name"]), (_("Supervisor"), supervisor and supervisor["name"])],
                             width, title=_("Reviewed by"))]


def _revised(original: list[dict[str, Any]] | None, current: list[dict[str, Any]], facts: dict[str, Any],
             width: float) -> list[Flowable]:
    out = heading(_("Section 4: Revised objectives"))
    if original is None:
        return [*out, para(_("No objectives were revised during the year."), "note")]
    before = {tuple(item.get(name) for name in OBJECTIVE_FIELDS) for item in original}
    revised = [item for item in current if tuple(item.get(name) for name in OBJECTIVE_FIELDS) not in before]
    table = data_table(
        ["#", _("Agreed revised objectives"), _("Agreed performance targets"), _("Agreed performance criteria"),
         _("Agreed resources")],
        [[str(n), i["title"], i["target_text"] or "", i.get("performance_criteria") or "", i.get("resources") or ""]
         for n, i in enumerate(revised, 1)] or [["", _("No objective changed"), "", "", ""]],
        [width * s for s in (0.04, 0.3, 0.22, 0.22, 0.22)])
    reason = _("Amendment {0}: {1}").format(facts["amendment_number"], facts["amendment_reason"] or "")
    return [*out, para(reason, "note"), table]


def _annual(data: dict[str, Any], objectives: list[dict[str, Any]], width: float) -> list[Flowable]:
    review = data["annual"]
    rows = [[str(n), i["title"], _line(review, i).get("comment") or "", *_marks(review, i)]
            for n, i in enumerate(objectives, 1)]
    rows.append(["", _("Average agreed mark (section 5)"), "", "", "", _component(data, "objectives")])
    table = data_table(["#", _("Agreed objectives"), _("Progress made"), _("Appraisee"), _("Supervisor"),
                        _("Agreed mark")], rows, [width * s for s in (0.04, 0.34, 0.3, 0.1, 0.11, 0.11)],
                       right_align=(3, 4, 5), total_rows=(len(rows) - 1,), ruled=review is None)
    return [*titled(_("Section 5: Annual performance review and appraisal (June)"), table, width),
            para(_scale(data), "note")]


def _attributes(data: dict[str, Any], attributes: list[dict[str, Any]], width: float) -> list[Flowable]:
    review = data["annual"]
    rows = [[str(n), i.get("category") or "", i["title"], *_marks(review, i)] for n, i in enumerate(attributes, 1)]
    rows.append(["", _("Average agreed mark (section 6)"), "", "", "", _component(data, "attributes")])
    table = data_table(["#", _("Main factor"), _("Quality attribute"), _("Appraisee"), _("Supervisor"), _("Agreed")],
                       rows, [width * s for s in (0.04, 0.22, 0.42, 0.1, 0.11, 0.11)], right_align=(3, 4, 5),
                       total_rows=(len(rows) - 1,), ruled=review is None)
    return titled(_("Section 6: Attributes of good performance"), table, width)


def _component(data: dict[str, Any], code: str) -> str:
    result = data["annual_result"]
    if not result:
        return ""
    found = [c for c in result["components"] if c["code"] == code]
    return f"{found[0]['rating']:.2f}" if found else ""


def _scale(data: dict[str, Any]) -> str:
    labels = data["rules"]["scale"]["labels"]
    return _("Rating: ") + "; ".join(f"{k} = {_(labels[k])}" for k in sorted(labels))


def _overall(data: dict[str, Any], facts: dict[str, Any], width: float) -> list[Flowable]:
    review, result = data["annual"] or {}, data["annual_result"]
    employee, supervisor = facts["employee"], facts["supervisor"]
    if result is not None:
        band = _((result["overall_band"] or {}).get("name", ""))
        verdict = _("Overall performance: {0} ({1})").format(result["overall_text"], band)
    else:
        verdict = _("No overall rating yet: {0}.").format(data["annual_missing"])
    remarks = facts_table([(_("Comments by the appraisee"), review.get("appraisee_comments") or BLANK),
                           (_("Comments by the observer"), review.get("second_comments") or BLANK),
                           (_("Comments by the supervisor"), review.get("comments") or BLANK)], width, label_share=0.3)
    return [
        *heading(_("Section 7: Overall performance (average of sections 5 and 6)")), para(verdict, "h2"), remarks,
        signature_blocks([(_("Appraisee"), employee["name"]), (_("Observer"), None),
                          (_("Supervisor"), supervisor and supervisor["name"])], width),
        CondPageBreak(75 * mm),
        *heading(_("Section 8: Employee rewards, developmental measures or sanctions")),
        para(_("The supervisor recommends the reward, developmental measure or sanction that fits the agreed "
               "rating."), "note"),
        facts_table([(_("Recommendation"), review.get("recommendation") or BLANK)], width, label_share=0.3),
        signature_blocks([(_("Supervisor"), supervisor and supervisor["name"]),
                          (_("Head of department or institution"), None)], width),
    ]
