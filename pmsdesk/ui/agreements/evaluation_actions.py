"""A Kenyan contract's evaluation steps on the agreements screen: submit, verify, return.

Mixed into ``AgreementsView``, which provides the assessment panel, the dialog
slot, ``open_agreement``, ``save_ratings`` and ``_run``.
"""

from __future__ import annotations

from pmsdesk.services import contract_evaluation

from .dialogs import ConfirmDialog
from .tabs import ASSESSMENT_TAB


class ContractEvaluationActions:
    """The self-evaluation is submitted by the institution, verified or returned by a verifier."""

    def ask_to_submit(self) -> None:
        review = self.assessment.detail
        if review is None:
            return
        self.dialog = ConfirmDialog(
            f"Submit the {review.review_label} for verification",
            "The actuals and evidence on screen are saved and go to the verifier. Until the verifier returns "
            "it, nobody can change the self-evaluation.", "Submit", self, ask_date="Submitted on", today=self._today)
        self.dialog.accepted.connect(self._submit)
        self.dialog.open()

    def _submit(self) -> None:
        review, actor, on = self.assessment.detail, self._actor, self.dialog.chosen_date()
        self.save_ratings(then=lambda _saved: self._run(
            lambda context: contract_evaluation.submit_self_evaluation(context.session, actor, review.id, on).id,
            lambda review_id: self.open_agreement(review.agreement_id, review_id),
            self.assessment.messages.show_problems, "Submitting…", show_tab=ASSESSMENT_TAB))

    def ask_to_verify(self) -> None:
        review = self.assessment.detail
        if review is None:
            return
        self.dialog = ConfirmDialog(
            f"Verify the {review.review_label}",
            "The verified values and notes on screen are kept, and the composite score and grade are those of "
            "the verified values. The approver then finalises the evaluation.", "Verify", self,
            ask_date="Verified on", today=self._today)
        self.dialog.accepted.connect(self._verify)
        self.dialog.open()

    def _verify(self) -> None:
        review, actor, on = self.assessment.detail, self._actor, self.dialog.chosen_date()
        found, notes = self.assessment.ratings(), self.assessment.verifier_notes()
        self._run(lambda context: contract_evaluation.verify_evaluation(context.session, actor, review.id, found,
                                                                        notes, on).id,
                  lambda review_id: self.open_agreement(review.agreement_id, review_id),
                  self.assessment.messages.show_problems, "Verifying…", show_tab=ASSESSMENT_TAB)

    def ask_to_return(self) -> None:
        review = self.assessment.detail
        if review is None:
            return
        self.dialog = ConfirmDialog(
            f"Return the {review.review_label}",
            "The self-evaluation goes back to the institution to correct; say what to correct or add.",
            "Return", self, ask_reason=True, reason_name="What to correct")
        self.dialog.accepted.connect(self._return)
        self.dialog.open()

    def _return(self) -> None:
        review, actor, reason = self.assessment.detail, self._actor, self.dialog.reason_text()
        self._run(lambda context: contract_evaluation.return_evaluation(context.session, actor, review.id, reason).id,
                  lambda review_id: self.open_agreement(review.agreement_id, review_id),
                  self.assessment.messages.show_problems, "Returning…", show_tab=ASSESSMENT_TAB)
