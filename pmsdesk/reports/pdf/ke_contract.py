"""The Kenyan performance contract and its matrix (SCORING.md section 4).

The matrix lists each indicator with its weight and the five criteria values
(Excellent to Poor; the agreed target is the Very Good value). When an
assessment has actuals for every indicator, the raw, weighted and composite
scores and the grade from the scoring engine are printed beside them.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from pmsdesk.models import AgreementKind
from pmsdesk.wording import a_date, plain_number

from .appraisal import assessment_draft_reason, collect_appraisal
from .base import ReportContent, ReportRequest
from .blocks import data_table, facts_table, heading, signature_blocks, titled
from .document import LANDSCAPE, frame_width
from .styles import para


def _number(value: float | None, decimals: int | None = None) -> str:
    if value is None:
        return ""
    return f"{value:.{decimals}f}" if decimals is not None else plain_number(value)


def collect(session: Session, request: ReportRequest) -> ReportContent:
    found = collect_appraisal(session, request, (AgreementKind.KE_PERFORMANCE_CONTRACT.value,),
                              rule_keys=("scale", "grades"))
    agreement, facts, assessment, data, resolved = (found.agreement, found.facts, found.assessment,
                                                    found.data, found.request)
    org = facts["organisation"]
    reason = assessment_draft_reason(facts, assessment)
    return ReportContent(
        kind=request.kind, title=f"Performance contract: {facts['employee']['name']}",
        period_text=f"Financial year {facts['year']['label']}",
        organisation_id=agreement.organisation_id, organisation_code=org["code"],
        organisation_name=org["name"], request=resolved, data=data, draft_reason=reason,
        watermark_word="SUPERSEDED" if facts["status"] == "superseded" else "DRAFT",
        story=lambda: story(data), orientation=LANDSCAPE)


def story(data: dict[str, Any]) -> list[Flowable]:
    facts, assessment, result = data["agreement"], data["assessment"], data["result"]
    width = frame_width(LANDSCAPE)
    employee, supervisor, year = facts["employee"], facts["supervisor"], facts["year"]
    out: list[Flowable] = [
        para("Performance Contract", "title"),
        para(f"between {facts['organisation']['name']} and {employee['name']}, "
             f"{employee['position'] or 'officer'}, for the period {a_date(year['start'])} "
             f"to {a_date(year['end'])}", "subtitle"),
        facts_table([
            ("Institution", facts["organisation"]["name"]),
            ("Officer", f"{employee['name']}, {employee['position'] or ''}".strip(", ")),
            ("Department", employee["unit"]),
            ("Supervisor", supervisor and f"{supervisor['name']}, {supervisor['position'] or ''}".strip(", ")),
            ("Assessment shown", assessment and f"{assessment['review_label']}"
             + (f", {a_date(assessment['assessed_on'])}" if assessment["assessed_on"] else "")
             + f" ({assessment['status']})"),
        ], width / 2),
        *heading("Performance contract matrix"),
        para("Criteria values run from Excellent (1) to Poor (5); the agreed target is the Very "
             "Good value. Raw score interpolates the actual between neighbouring criteria values "
             "(1.00 best, 5.00 worst); weighted score = raw score × weight.", "note"),
        matrix_table(facts, assessment, result, width),
    ]
    if result is not None:
        out.append(para(f"Composite score {result['composite_text']}: "
                        f"{(result['grade'] or {}).get('name', 'no grade')}", "h2"))
    else:
        out.append(para(f"No composite score yet: {data['missing']}.", "note"))
    out += titled("Grading of the composite score", data_table(
        ["Grade", "Composite score"],
        [[g["name"], f"{g['min']:.2f} to "
          f"{'below ' if not g.get('max_inclusive') else ''}{g['max']:.2f}"]
         for g in data["rules"]["grades"]], [width * 0.2, width * 0.3]), width, "h2")
    out.append(signature_blocks(
        [("For the institution", supervisor["name"] if supervisor else None),
         ("Officer", employee["name"]), ("Witness", None), ("Witness", None)], width * 0.8,
        place=facts["signed_place"] if facts["status"] == "signed" else None,
        on=facts["signed_on"] if facts["status"] == "signed" else None, title="Signatures"))
    return out


def matrix_table(facts: dict[str, Any], assessment: dict[str, Any] | None,
            result: dict[str, Any] | None, width: float):
    ratings = assessment["ratings"] if assessment else {}
    scores = {i: s for i, s in enumerate(result["indicators"])} if result else {}
    rows, total = [], 0.0
    for index, item in enumerate(facts["items"]):
        score = scores.get(index)
        actual = ratings.get(item["id"], {}).get("actual")
        total += item["weight"]
        rows.append([str(index + 1), item["title"], item["unit_of_measure"] or "",
                     _number(item["weight"]), *[_number(v) for v in item["criteria"]],
                     _number(actual), _number(score and score["raw_score"], 2),
                     _number(score and score["weighted_score"], 3),
                     (score and (score["grade"] or {}).get("name")) or ""])
    rows.append(["", "Total", "", _number(total), "", "", "", "", "", "", "",
                 (result and result["composite_text"]) or "",
                 (result and (result["grade"] or {}).get("name")) or ""])
    header = ["#", "Performance indicator", "Unit", "Weight (%)", "Excellent (1)",
              "Very Good (2) target", "Good (3)", "Fair (4)", "Poor (5)", "Actual", "Raw score",
              "Weighted score", "Grade"]
    shares = (0.03, 0.25, 0.07, 0.06, 0.065, 0.075, 0.06, 0.06, 0.06, 0.065, 0.06, 0.07, 0.075)
    return data_table(header, rows, [s * width for s in shares],
                      right_align=tuple(range(3, 12)), total_rows=(len(rows) - 1,))
