"""The printed Kenyan contract, read back: front matter, both parties' commitments, weights by
category, the matrix by category with history, the verified evaluation and signatures."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from pmsdesk.models import Role
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import issue_report
from pmsdesk.services import assessments, contract_evaluation
from pmsdesk.services.assessments import RatingValues


def _print(session, tmp_path, kind="ke-contract", person="Wanjiru Kamau") -> list[str]:
    out = tmp_path / f"{kind}.pdf"
    issue_report(session, _system(), ReportRequest(kind, person=person, year="2025/26"), out)
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(out)).pages]


def _system():
    from pmsdesk.services.actor import Actor

    return Actor.system("tester")


def test_the_signed_contract_prints_every_part(session, contract, tmp_path):
    pages = _print(session, tmp_path)
    text = " ".join(pages)
    for words in ("Performance Contract", "between Murang'a County Government", "Wanjiru Kamau",
                  "1. Vision", "A prosperous county with equal opportunities for all", "2. Mission",
                  "3. Strategic objectives", "Raise own-source revenue", "4. Statement of responsibility",
                  "5. Statement of strategic intent", "6. Commitments and responsibilities of Wanjiru Kamau",
                  "Give a self-evaluation at the end of the year",
                  "7. Commitments and responsibilities of Murang'a County Government",
                  "Release the approved budget", "8. Assignment of weights across performance criteria",
                  "Financial Stewardship and Discipline 1 60 not set", "Core Mandate 0 0 not set",
                  "9. Duration, reporting and amendment", "10. Signatures", "Contracted officer (accounting officer)",
                  "For the institution (supervising authority)", "Signed at Murang'a",
                  "Annex: Performance contract matrix", "Achieved 2023/24", "Achieved 2024/25",
                  "Subtotal: Service Delivery", "No evaluation has been recorded"):
        assert words in text, words
    assert ("Own-source revenue collected CIDP · FIN-01 Public finance management KSh million 60 780 760 820 1,000 "
            "1,300 800 600 400") in text
    assert "Days to pay suppliers none days 40" in text
    assert ("Check: 1 of the contract's indicators serve no CIDP programme or ADP project: Days to pay "
            "suppliers.") in text
    assert "DRAFT" not in pages[0]


def test_the_verified_evaluation_prints_both_composites(session, system, people, contract, tmp_path):
    review = assessments.start_assessment(session, system, contract.id, "Annual evaluation")
    detail = assessments.assessment_detail(session, review.id)
    first, second = detail.items
    assessments.save_ratings(session, system, review.id, {
        first.id: RatingValues(actual=1000, evidence="Revenue ledger June 2026"),
        second.id: RatingValues(actual=40, evidence="Payments register")})
    contract_evaluation.submit_self_evaluation(session, system, review.id, date(2026, 7, 20))
    text = " ".join(_print(session, tmp_path))
    assert "Evaluation: Annual evaluation (submitted)" in text
    assert "Composite score (self-evaluated) 2.27: Very Good" in text
    contract_evaluation.verify_evaluation(session, people[Role.VERIFIER], review.id, {
        first.id: RatingValues(verified_actual=900, verifier_note="100 m was a grant"),
        second.id: RatingValues(verified_actual=40, verifier_note="Agrees")}, "Grant left out", date(2026, 8, 10))
    assessments.finalise_assessment(session, people[Role.APPROVER], review.id, date(2026, 8, 20))
    pages = _print(session, tmp_path)
    text = " ".join(pages)
    for words in ("Evaluation: Annual evaluation (final)", "Revenue ledger June 2026", "100 m was a grant",
                  "Self-evaluated composite 2.27: Very Good", "Verified composite score 2.57: Good",
                  "Verifier's notes Grant left out", "Verified 10 Aug 2026 by verifier",
                  "Self-evaluation submitted 20 Jul 2026 by tester", "Grading of the composite score"):
        assert words in text, words
    assert "Own-source revenue collected 60 1,000 1,000 Revenue ledger June 2026 900" in text
