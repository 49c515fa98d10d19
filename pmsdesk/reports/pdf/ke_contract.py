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

from pmsdesk.i18n import _
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
        kind=request.kind, title=_("Performance contract: {0}").format(facts['employee']['name']),
        period_text=_("Financial year {0}").format(facts['year']['label']),
        organisation_id=agreement.organisation_id, organisation_code=org["code"],
        organisation_name=org["name"], request=resolved, data=data, draft_reason=reason,
        watermark_word=_("SUPERSEDED") if facts["status"] == "superseded" else _("DRAFT"),
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
    officer, authority = _party(employee, _("the officer")), _party(supervisor, f"{org['name']}")
    objectives = [line.strip() for line in (front.get("strategic_objectives") or "").splitlines() if line.strip()]
    out: list[Flowable] = [
        para(_("Performance Contract"), "title"),
        para(_(
                "between {0}{1} and {2}, for the financial year {3} ({4} to {5})").format(org['name'],
                _(", represented by {0},").format(authority) if supervisor else '',
                officer,
                year['label'],
                a_date(year['start']),
                a_date(year['end'])), "subtitle"),
        facts_table([(_("Institution"), org["name"]), (_("Contracted officer"), officer),
                     (_("Department"), employee["unit"]), (_("Supervising authority"), authority),
                     (_("Contract"), _("{0} (version {1})").format(facts['title'], facts['amendment_number']))], width),
        *heading(_("1. Vision")), para(front.get("vision") or _("Not stated in this contract."), "body"),
        *heading(_("2. Mission")), para(front.get("mission") or _("Not stated in this contract."), "body"),
        *heading(_("3. Strategic objectives")),
        *(bullet_list(objectives) if objectives else [para(_("Not stated in this contract."), "body")]),
        *heading(_("4. Statement of responsibility")), para(clauses.get("responsibility", ""), "body"),
        *heading(_("5. Statement of strategic intent")), para(clauses.get("strategic_intent", ""), "body"),
        *heading(_("6. Commitments and responsibilities of {0}").format(employee['name'])),
        *bullet_list(clauses.get("officer_commitments", [])),
        *heading(_("7. Commitments and responsibilities of {0}").format(org['name'])),
        *bullet_list(clauses.get("government_commitments", [])),
    ]
    weights = category_rows(facts["items"], rules.get("categories") or [])
    out += titled(_("8. Assignment of weights across performance criteria"), data_table(
        [_("Criteria category"), _("Indicators"), _("Weight (%)"), _("Weight set by the guidelines (%)")], weights,
        [width * 0.46, width * 0.14, width * 0.16, width * 0.24], right_align=(1, 2, 3),
        total_rows=(len(weights) - 1,)), width)
    out += [
        *heading(_("9. Duration, reporting and amendment")),
        para(_(
                "This contract runs from {0} to {1}. Progress against the "
                "performance matrix is reported after each quarter; at "
                "the end of the year the institution gives a "
                "self-evaluation with its evidence, which is verified "
                "before the composite score and grade are final. A change "
                "to this contract is made only by a written amendment "
                "that states its reason; the signed text stays on record.").format(
                    a_date(year['start']), a_date(year['end'])), "body"),
        signature_blocks([(_("For the institution (supervising authority)"), supervisor["name"] if supervisor else None),
                          (_("Contracted officer (accounting officer)"), employee["name"]),
                          (_("Witness"), None), (_("Witness"), None)], width,
                         place=facts["signed_place"] if facts["status"] == "signed" else None,
                         on=facts["signed_on"] if facts["status"] == "signed" else None,
                         title=_("10. Signatures"), intro=_("Signed by the parties, each in the presence of a witness.")),
        NextPageTemplate(LANDSCAPE), PageBreak(),
    ]
    out += _annexes(data)
    return out


def _annexes(data: dict[str, Any]) -> list[Flowable]:
    facts, assessment, rules = data["agreement"], data["assessment"], data["rules"]
    width = frame_width(LANDSCAPE)
    before, last = previous_years(facts["year"]["label"])
    out: list[Flowable] = [
        para(_("Annex: Performance contract matrix"), "title"),
        para(_(
                "Criteria values run from Excellent (1) to Poor (5); the agreed target is the Very Good "
                "value. Previous years' achievement: {0} and {1}.").format(before, last), "note"),
        *matrix_by_category(facts["items"], rules.get("categories") or [], (before, last), width),
    ]
    if assessment is None:
        return out + [para(_("No evaluation has been recorded against this contract yet."), "note")]
    out += [*heading(_("Evaluation: {0} ({1})").format(_(assessment['review_label']), assessment['status'])),
            evaluation_table(facts, assessment, data["result"], width)]
    out += _verdict(data, width)
    out += titled(_("Grading of the composite score"), data_table(
        [_("Grade"), _("Composite score")],
        [[_(g["name"]), _("{0:.2f} to {1}{2:.2f}").format(g['min'], 'below ' if not g.get('max_inclusive') else '', g['max'])]
         for g in rules["grades"]], [width * 0.2, width * 0.3]), width, "h2")
    return out


def _verdict(data: dict[str, Any], width: float) -> list[Flowable]:
    assessment, result, self_result = data["assessment"], data["result"], data.get("self_result")
    pairs = []
    if assessment.get("submitted_on"):
        pairs.append((_("Self-evaluation submitted"), _(
                "{0} by {1}").format(a_date(assessment['submitted_on']), assessment['submitted_by'])))
    if self_result is not None:
        pairs.append((_("Self-evaluated composite"), f"{self_result['composite_text']}: "
                                                  f"{(self_result['grade'] or {}).get('name', 'no grade')}"))
    if assessment.get("verified_on"):
        pairs.append((_("Verified"), _("{0} by {1}").format(a_date(assessment['verified_on']), assessment['verified_by'])))
    if assessment.get("verification_notes"):
        pairs.append((_("Verifier's notes"), assessment["verification_notes"]))
    label = _("Verified composite score") if self_result is not None else _("Composite score (self-evaluated)")
    if result is not None:
        pairs.append((label, f"{result['composite_text']}: {(result['grade'] or {}).get('name', 'no grade')}"))
    else:
        pairs.append((_("Composite score"), _("not yet: {0}").format(data['missing'])))
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
                     _((score and (score["grade"] or {}).get("name")) or "")])
    rows.append(["", _("Total"), "", _number(total), "", "", "", "", "", "", "",
                 (result and result["composite_text"]) or "",
                 _((result and (result["grade"] or {}).get("name")) or "")])
    header = ["#", _("Performance indicator"), _("Unit"), _("Weight (%)"), _("Excellent (1)"),
              _("Very Good (2) target"), _("Good (3)"), _("Fair (4)"), _("Poor (5)"), _("Actual"), _("Raw score"),
              _("Weighted score"), _("Grade")]
    shares = (0.03, 0.25, 0.07, 0.06, 0.065, 0.075, 0.06, 0.06, 0.06, 0.065, 0.06, 0.07, 0.075)
    return data_table(header, rows, [s * width for s in shares],
                      right_align=tuple(range(3, 12)), total_rows=(len(rows) - 1,))
