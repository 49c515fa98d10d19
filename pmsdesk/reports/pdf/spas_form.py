"""The SPAS staff performance appraisal report (Public Service Commission, Kenya; PSC 37A/37B, revised
2016, and the county versions built on it).

Parts in the form's order: preamble and rating scale; appraisee and supervisor;
the agreed performance targets; the mid-year review (progress, no rating); the
end-year appraisal (result, percentage achieved, the appraisee's self-appraisal
score, the supervisor's score and the agreed score per target, the weighted
agreed score and the PSC band); values and competencies; training and development needs; comments of
the appraisee, supervisor and second supervisor; the committee's
recommendation on rewards or sanctions; the appeal note; signatures. What is
not yet recorded is left as lines to complete by hand.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import AgreementKind, Assessment
from pmsdesk.models.enums import Direction
from pmsdesk.scoring.achievement import achievement_percent
from pmsdesk.services.assessments import SPAS_END_YEAR, SPAS_MID_YEAR
from pmsdesk.wording import a_date, plain_number

from .agreement_data import assessment_facts
from .appraisal import assessment_draft_reason, collect_appraisal, score_assessment
from .base import ReportContent, ReportRequest
from .blocks import data_table, facts_table, heading, signature_blocks, titled
from .document import PORTRAIT, frame_width
from .styles import para

BLANK = "_" * 60


def collect(session: Session, request: ReportRequest) -> ReportContent:
    found = collect_appraisal(session, request, (AgreementKind.KE_SPAS.value,),
                              rule_keys=("bands", "appeal_body"))
    facts, data = found.facts, found.data
    reviews = {review.review_label: assessment_facts(review) for review in session.scalars(
        select(Assessment).where(Assessment.agreement_id == found.agreement.id))}
    end_year = reviews.get(SPAS_END_YEAR)
    rules = {"kind": "ke_spas", "code": data["rules"]["code"], "revision": data["rules"]["revision"],
             "body": {"bands": data["rules"]["bands"], "achievement_range": {"min": 0, "max": None},
                      "percent_decimals": 0}}
    data["mid_year"], data["end_year"] = reviews.get(SPAS_MID_YEAR), end_year
    data["end_year_result"], data["end_year_missing"] = score_assessment(facts, end_year, rules) \
        if end_year else (None, _("the end-year appraisal has not been started"))
    org = facts["organisation"]
    return ReportContent(
        kind=request.kind, title=_("Staff performance appraisal: {0}").format(facts['employee']['name']),
        period_text=_("Financial year {0}").format(facts['year']['label']),
        organisation_id=found.agreement.organisation_id, organisation_code=org["code"],
        organisation_name=org["name"], request=found.request, data=data,
        draft_reason=assessment_draft_reason(facts, end_year or found.assessment),
        watermark_word=_("SUPERSEDED") if facts["status"] == "superseded" else _("DRAFT"),
        story=lambda: story(data), orientation=PORTRAIT)


def _n(value: float | None) -> str:
    return "" if value is None else plain_number(value)


def story(data: dict[str, Any]) -> list[Flowable]:
    facts, rules = data["agreement"], data["rules"]
    width = frame_width(PORTRAIT)
    employee, supervisor, year, org = facts["employee"], facts["supervisor"], facts["year"], facts["organisation"]
    targets = [i for i in facts["items"] if i["kind"] == "target"]
    values = [i for i in facts["items"] if i["kind"] == "competency"]
    out: list[Flowable] = [
        para(_("Staff Performance Appraisal Report (SPAS)"), "title"),
        para(_(
                "{0} · appraisal period {1} to {2}").format(org['name'], a_date(year['start']), a_date(year['end'])), "subtitle"),
        *heading(_("Preamble and rating scale")),
        para(_("The appraisee and the supervisor agree SMART targets drawn from the unit's annual work plan at the "
             "start of the period, review progress at mid-year, and discuss and agree the evaluation and rating "
             "at the end of the period. The report then goes to the head of human resource management for the "
             "performance management committee."), "body"),
        data_table([_("Rating"), _("Achievement of the agreed performance targets")],
                   [[_(band["name"]), _band_words(band)] for band in reversed(rules["bands"])],
                   [width * 0.25, width * 0.5]),
        *heading(_("Section 1: Appraisee and supervisor")),
        facts_table([(_("Appraisee"), employee["name"]), (_("Personal number"), employee["employee_number"]),
                     (_("Designation"), employee["position"]), (_("Department"), employee["unit"]),
                     (_("Supervisor"), supervisor and ", ".join(v for v in (supervisor["name"], supervisor["position"])
                                                             if v)),
                     (_("Appraisal period"), _("{0} to {1}").format(a_date(year['start']), a_date(year['end'])))], width),
    ]
    out += titled(_("Section 2: Agreed performance targets"), data_table(
        ["#", _("Performance target"), _("Performance indicator"), _("Agreed target"), _("Weight (%)")],
        [[str(n), t["title"], t["target_text"] or "", _n(t["target_value"]), _n(t["weight"])]
         for n, t in enumerate(targets, 1)], [width * s for s in (0.05, 0.4, 0.3, 0.13, 0.12)],
        right_align=(3, 4)), width)
    out += _mid_year(data["mid_year"], targets, width)
    out += _end_year(data, targets, width)
    out += titled(_("Section 5: Values and competencies"), data_table(
        [_("Value or competency"), _("Supervisor's comment")],
        [[v["title"], _comment(data["end_year"], v) or BLANK[:40]] for v in values] or [["", BLANK[:40]]],
        [width * 0.45, width * 0.55], ruled=True), width)
    out += titled(_("Section 6: Training and development needs"), data_table(
        [_("Need identified"), _("Intervention"), _("Time frame")], [["", "", ""]] * 3,
        [width * 0.4, width * 0.4, width * 0.2], ruled=True), width)
    end = data["end_year"] or {}
    out += [*heading(_("Section 7: Comments")),
            facts_table([(_("Appraisee"), end.get("appraisee_comments") or BLANK),
                         (_("Supervisor"), end.get("comments") or BLANK),
                         (_("Second supervisor"), end.get("second_comments") or BLANK)], width, label_share=0.22),
            *heading(_("Section 8: Recommendation of the performance management committee")),
            facts_table([(_("Reward or sanction"), end.get("recommendation") or BLANK), (_("Chairperson"), BLANK),
                         (_("Date"), BLANK[:30])], width, label_share=0.22),
            para(_(
                    "Appeal: an appraisee who is not "
                    "satisfied with this evaluation may "
                    "appeal to the {0} for review.").format(rules.get('appeal_body') or _(
                            "body the SPAS guidelines name")), "note"),
            signature_blocks([(_("Appraisee"), employee["name"]), (_("Supervisor"), supervisor["name"] if supervisor else None),
                              (_("Second supervisor"), None), (_("Head of human resource management"), None)], width,
                             title=_("Signatures"))]
    return out


def _band_words(band: dict[str, Any]) -> str:
    if band.get("max") is None:
        return _("more than {0}%").format(plain_number(band['min']))
    if band["min"] == band["max"]:
        return f"{plain_number(band['min'])}%"
    return _("{0}% to {1}%").format(plain_number(band['min']), plain_number(band['max'] - 1))


def _comment(review: dict[str, Any] | None, item: dict[str, Any]) -> str | None:
    return ((review or {}).get("ratings", {}).get(item["id"]) or {}).get("comment")


def _mid_year(review: dict[str, Any] | None, targets: list[dict[str, Any]], width: float) -> list[Flowable]:
    rows = []
    for n, target in enumerate(targets, 1):
        line = ((review or {}).get("ratings", {}).get(target["id"])) or {}
        rows.append([str(n), target["title"], _n(line.get("actual")), line.get("comment") or ""])
    table = data_table(["#", _("Performance target"), _("Result so far"), _("Progress and remarks")], rows,
                       [width * s for s in (0.05, 0.4, 0.15, 0.4)], right_align=(2,), ruled=review is None)
    note = (_("Reviewed on {0} ({1}).").format(a_date(review["assessed_on"]), _(review["status"]))
            if review and review["assessed_on"]
            else _("Mid-year review not yet recorded.") if review is None else _("Status: {0}.").format(_(review["status"])))
    return [*titled(_("Section 3: Mid-year review (progress; no rating)"), table, width), para(note, "note")]


def _achieved(target: dict[str, Any], line: dict[str, Any]) -> str:
    """The result against the agreed target, as a guide to the scores (the agreed score is what counts)."""
    if line.get("actual") is None or not target["target_value"]:
        return ""
    return f"{achievement_percent(target['target_value'], line['actual'], Direction.HIGHER_IS_BETTER):.0f}%"


def _end_year(data: dict[str, Any], targets: list[dict[str, Any]], width: float) -> list[Flowable]:
    review, result = data["end_year"], data["end_year_result"]
    rows = []
    for n, target in enumerate(targets, 1):
        line = ((review or {}).get("ratings", {}).get(target["id"])) or {}
        title = f"{target['title']} ({line['comment']})" if line.get("comment") else target["title"]
        rows.append([str(n), title, _n(target["target_value"]), _n(line.get("actual")), _achieved(target, line),
                     _n(target["weight"]), *(_percent(line.get(name))
                                             for name in ("appraisee_score", "supervisor_score", "agreed_score"))])
    if result:
        rows.append(["", _("Overall: weighted agreed score"), "", "", "", "100", "", "",
                     result["percent_text"].removesuffix("%")])
    table = data_table(["#", _("Performance target (remarks)"), _("Agreed target"), _("Result achieved"), _("% achieved"),
                        _("Weight (%)"), _("Appraisee (%)"), _("Supervisor (%)"), _("Agreed (%)")], rows,
                       [width * s for s in (0.04, 0.29, 0.09, 0.09, 0.09, 0.08, 0.1, 0.11, 0.1)],
                       right_align=(2, 3, 4, 5, 6, 7, 8), total_rows=(len(rows) - 1,) if result else ())
    verdict = (_("Rating: {0} ({1} weighted agreed score).").format(
        _((result.get("band") or {}).get("name", _("no band"))), result["percent_text"])
        if result else _("No rating yet: {0}.").format(data["end_year_missing"]))
    return [*titled(_("Section 4: End-year appraisal"), table, width),
            para(_("Scores, in percent of the agreed target achieved: the appraisee's self-appraisal score, the "
                   "supervisor's score and the agreed score, which the rating is banded on."), "note"),
            para(verdict, "h2")]


def _percent(value: float | None) -> str:
    return "" if value is None else plain_number(value)
