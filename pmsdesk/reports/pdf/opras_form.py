"""The Tanzanian OPRAS form (Open Performance Review and Appraisal System, form TFN 832).

Sections as on the paper form: personal information; the performance
agreement (objectives, targets and weights); the mid-year or annual review of
each objective; the attributes of good performance; the overall rating from
the scoring engine (1 best, 5 worst); and signatures of the appraisee and
supervisor. Ratings not yet given are left blank to be filled in by hand.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import AgreementKind
from pmsdesk.wording import a_date, plain_number

from .appraisal import assessment_draft_reason, collect_appraisal
from .base import ReportContent, ReportRequest
from .blocks import data_table, facts_table, heading, signature_blocks, titled
from .document import PORTRAIT, frame_width
from .styles import para


def collect(session: Session, request: ReportRequest) -> ReportContent:
    found = collect_appraisal(session, request, (AgreementKind.TZ_OPRAS.value,))
    agreement, facts, assessment, data, resolved = (found.agreement, found.facts, found.assessment,
                                                    found.data, found.request)
    org = facts["organisation"]
    return ReportContent(
        kind=request.kind, title=_("OPRAS form: {0}").format(facts['employee']['name']),
        period_text=_("Financial year {0}").format(facts['year']['label']),
        organisation_id=agreement.organisation_id, organisation_code=org["code"],
        organisation_name=org["name"], request=resolved, data=data,
        draft_reason=assessment_draft_reason(facts, assessment),
        watermark_word=_("SUPERSEDED") if facts["status"] == "superseded" else _("DRAFT"),
        story=lambda: story(data), orientation=PORTRAIT)


def _rating(value: float | None) -> str:
    return "" if value is None else plain_number(value)


def story(data: dict[str, Any]) -> list[Flowable]:
    facts, assessment, result = data["agreement"], data["assessment"], data["result"]
    width = frame_width(PORTRAIT)
    employee, supervisor, year = facts["employee"], facts["supervisor"], facts["year"]
    ratings = assessment["ratings"] if assessment else {}
    labels = data["rules"]["scale"]["labels"]
    objectives = [i for i in facts["items"] if i["kind"] == "objective"]
    attributes = [i for i in facts["items"] if i["kind"] == "attribute"]
    review = _(assessment["review_label"]) if assessment else _("Review")
    out: list[Flowable] = [
        para(_("Open Performance Review and Appraisal (OPRAS) Form"), "title"),
        para(_("Performance agreement and review for {0} to {1}").format(a_date(year["start"]), a_date(year["end"])),
             "subtitle"),
        *heading(_("Section 1: Personal information")),
        facts_table([
            (_("Name of appraisee"), employee["name"]),
            (_("Check number"), employee["employee_number"]),
            (_("Title of post"), employee["position"]),
            (_("Department"), employee["unit"]),
            (_("Supervisor"), supervisor and ", ".join(
                v for v in (supervisor["name"], supervisor["position"]) if v)),
            (_("Review"), assessment and (f"{review}, {a_date(assessment['assessed_on'])}"
                                       if assessment["assessed_on"] else review)),
        ], width),
        *titled(_("Section 2: Performance agreement and review of objectives"), data_table(
                   ["#", _("Objective"), _("Agreed target"), _("Weight (%)"), _("{0} rating").format(review), _("Comment")],
                   [[str(n), i["title"], i["target_text"] or "", plain_number(i["weight"]),
                     _rating(ratings.get(i["id"], {}).get("rating")),
                     ratings.get(i["id"], {}).get("comment") or ""]
                    for n, i in enumerate(objectives, 1)],
                   [width * s for s in (0.05, 0.38, 0.15, 0.09, 0.11, 0.22)], right_align=(3, 4)),
            width),
        *titled(_("Section 3: Attributes of good performance"), data_table(["#", _("Attribute"), _("Rating"), _("Comment")],
                   [[str(n), i["title"], _rating(ratings.get(i["id"], {}).get("rating")),
                     ratings.get(i["id"], {}).get("comment") or ""]
                    for n, i in enumerate(attributes, 1)],
                   [width * s for s in (0.05, 0.5, 0.12, 0.33)], right_align=(2,)), width),
        *heading(_("Section 4: Overall performance")),
    ]
    if result is not None:
        rows = [[_(c["name"]), plain_number(c["weight"]), f"{c['rating']:.2f}"]
                for c in result["components"]]
        band = _((result["overall_band"] or {}).get("name", ""))
        rows.append([_("Overall rating"), "100", result["overall_text"]])
        out.append(data_table([_("Part"), _("Weight (%)"), _("Mean rating")], rows,
                              [width * 0.5, width * 0.15, width * 0.15], right_align=(1, 2),
                              total_rows=(len(rows) - 1,)))
        out.append(para(_("Overall performance: {0}").format(band), "h2"))
    else:
        out.append(para(_("No overall rating yet: {0}.").format(data['missing']), "note"))
    out.append(para(_("Rating scale: ") + "; ".join(f"{k} {_(labels[k])}" for k in sorted(labels)),
                    "note"))
    out.append(signature_blocks(
        [(_("Appraisee"), employee["name"]), (_("Supervisor"), supervisor["name"] if supervisor else None)],
        width, place=facts["signed_place"] if facts["status"] == "signed" else None,
        on=facts["signed_on"] if facts["status"] == "signed" else None,
        title=_("Section 5: Agreement")))
    return out
