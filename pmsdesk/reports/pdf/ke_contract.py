"""The Kenyan performance contract: front matter, both parties' commitments, the matrix by criteria
category, signatures, and the latest evaluation (self-evaluated and verified) with its grade.

The document follows the model contract of the county performance contracting
guidelines (FY 2018/19, sections 3-8: vision, mission and strategic objectives;
statements of responsibility and strategic intent; commitments of the officer
and of the government; weights across criteria; duration and reporting;
signatures; the performance matrix as annex). Clause wording and category
weights come from the contract's rule set (``ke_pc``: ``clauses``, ``categories``),
so a county edits them to its cycle's model contract without a code change.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak
from sqlalchemy.orm import Session

from pmsdesk.models import AgreementKind
from pmsdesk.wording import a_date, plain_number

from .appraisal import assessment_draft_reason, collect_appraisal
from .base import ReportContent, ReportRequest
from .blocks import bullet_list, data_table, facts_table, heading, signature_blocks, titled
from .document import LANDSCAPE, PORTRAIT, frame_width
from .ke_matrix import category_rows, evaluation_table, matrix_by_category, previous_years
from .styles import para

__all__ = ["collect", "matrix_table", "story"]


def _number(value: float | None, decimals: int | None = None) -> str:
    if value is None:
        return ""
    return f"{value:.{decimals}f}" if decimals is not None else plain_number(value)


def collect(session: Session, request: ReportRequest) -> ReportContent:
    found = collect_appraisal(session, request, (AgreementKind.KE_PERFORMANCE_CONTRACT.value,),
                              rule_keys=("scale", "grades", "categories", "clauses"))
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
        story=lambda: story(data), orientation=PORTRAIT)


def _party(person: dict[str, Any] | None, fallback: str) -> str:
    if not person:
        return fallback
    return ", ".join(v for v in (person["name"], person["position"]) if v)


def story(data: dict[str, Any]) -> list[Flowable]:
    facts, rules = data["agreement"], data["rules"]
    width = frame_width(PORTRAIT)
    employee, supervisor, year, org = facts["employee"], facts["supervisor"], facts["year"], facts["organisation"]
    clauses, front = rules.get("clauses") or {}, facts.get("front_matter") or {}
    officer, authority = _party(employee, "the officer"), _party(supervisor, f"{org['name']}")
    objectives = [line.strip() for line in (front.get("strategic_objectives") or "").splitlines() if line.strip()]
    out: list[Flowable] = [
        para("Performance Contract", "title"),
        para(f"between {org['name']}{f', represented by {authority},' if supervisor else ''} and {officer}, "
             "for the financial year "
             f"{year['label']} ({a_date(year['start'])} to {a_date(year['end'])})", "subtitle"),
        facts_table([("Institution", org["name"]), ("Contracted officer", officer),
                     ("Department", employee["unit"]), ("Supervising authority", authority),
                     ("Contract", f"{facts['title']} (version {facts['amendment_number']})")], width),
        *heading("1. Vision"), para(front.get("vision") or "Not stated in this contract.", "body"),
        *heading("2. Mission"), para(front.get("mission") or "Not stated in this contract.", "body"),
        *heading("3. Strategic objectives"),
        *(bullet_list(objectives) if objectives else [para("Not stated in this contract.", "body")]),
        *heading("4. Statement of responsibility"), para(clauses.get("responsibility", ""), "body"),
        *heading("5. Statement of strategic intent"), para(clauses.get("strategic_intent", ""), "body"),
        *heading(f"6. Commitments and responsibilities of {employee['name']}"),
        *bullet_list(clauses.get("officer_commitments", [])),
        *heading(f"7. Commitments and responsibilities of {org['name']}"),
        *bullet_list(clauses.get("government_commitments", [])),
    ]
    weights = category_rows(facts["items"], rules.get("categories") or [])
    out += titled("8. Assignment of weights across performance criteria", data_table(
        ["Criteria category", "Indicators", "Weight (%)", "Weight set by the guidelines (%)"], weights,
        [width * 0.46, width * 0.14, width * 0.16, width * 0.24], right_align=(1, 2, 3),
        total_rows=(len(weights) - 1,)), width)
    out += [
        *heading("9. Duration, reporting and amendment"),
        para(f"This contract runs from {a_date(year['start'])} to {a_date(year['end'])}. Progress against the "
             "performance matrix is reported after each quarter; at the end of the year the institution gives a "
             "self-evaluation with its evidence, which is verified before the composite score and grade are "
             "final. A change to this contract is made only by a written amendment that states its reason; "
             "the signed text stays on record.", "body"),
        signature_blocks([("For the institution (supervising authority)", supervisor["name"] if supervisor else None),
                          ("Contracted officer (accounting officer)", employee["name"]),
                          ("Witness", None), ("Witness", None)], width,
                         place=facts["signed_place"] if facts["status"] == "signed" else None,
                         on=facts["signed_on"] if facts["status"] == "signed" else None,
                         title="10. Signatures", intro="Signed by the parties, each in the presence of a witness."),
        NextPageTemplate(LANDSCAPE), PageBreak(),
    ]
    out += _annexes(data)
    return out


def _annexes(data: dict[str, Any]) -> list[Flowable]:
    facts, assessment, rules = data["agreement"], data["assessment"], data["rules"]
    width = frame_width(LANDSCAPE)
    before, last = previous_years(facts["year"]["label"])
    out: list[Flowable] = [
        para("Annex: Performance contract matrix", "title"),
        para("Criteria values run from Excellent (1) to Poor (5); the agreed target is the Very Good value. "
             f"Previous years' achievement: {before} and {last}.", "note"),
        *matrix_by_category(facts["items"], rules.get("categories") or [], (before, last), width),
    ]
    if assessment is None:
        return out + [para("No evaluation has been recorded against this contract yet.", "note")]
    out += [*heading(f"Evaluation: {assessment['review_label']} ({assessment['status']})"),
            evaluation_table(facts, assessment, data["result"], width)]
    out += _verdict(data, width)
    out += titled("Grading of the composite score", data_table(
        ["Grade", "Composite score"],
        [[g["name"], f"{g['min']:.2f} to {'below ' if not g.get('max_inclusive') else ''}{g['max']:.2f}"]
         for g in rules["grades"]], [width * 0.2, width * 0.3]), width, "h2")
    return out


def _verdict(data: dict[str, Any], width: float) -> list[Flowable]:
    assessment, result, self_result = data["assessment"], data["result"], data.get("self_result")
    pairs = []
    if assessment.get("submitted_on"):
        pairs.append(("Self-evaluation submitted", f"{a_date(assessment['submitted_on'])} by "
                                                   f"{assessment['submitted_by']}"))
    if self_result is not None:
        pairs.append(("Self-evaluated composite", f"{self_result['composite_text']}: "
                                                  f"{(self_result['grade'] or {}).get('name', 'no grade')}"))
    if assessment.get("verified_on"):
        pairs.append(("Verified", f"{a_date(assessment['verified_on'])} by {assessment['verified_by']}"))
    if assessment.get("verification_notes"):
        pairs.append(("Verifier's notes", assessment["verification_notes"]))
    label = "Verified composite score" if self_result is not None else "Composite score (self-evaluated)"
    if result is not None:
        pairs.append((label, f"{result['composite_text']}: {(result['grade'] or {}).get('name', 'no grade')}"))
    else:
        pairs.append(("Composite score", f"not yet: {data['missing']}"))
    return [facts_table(pairs, width * 0.7, label_share=0.35)]


def matrix_table(facts: dict[str, Any], assessment: dict[str, Any] | None,
                 result: dict[str, Any] | None, width: float):
    """The matrix with actuals and scores, as the assessment form prints it."""
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
