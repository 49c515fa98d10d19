"""A Kenyan contract's evaluation steps on the agreements screen: submit, verify, return.

Kept beside ``AgreementsView``, whose assessment panel, dialog slot,
``open_agreement``, ``save_ratings`` and ``run_write`` they use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from pmsdesk.services import contract_evaluation

from .dialogs import ConfirmDialog
from .tabs import ASSESSMENT_TAB

if TYPE_CHECKING:
    from .view import AgreementsView


class ContractEvaluationActions:
    """The self-evaluation is submitted by the institution, verified or returned by a verifier."""

    def __init__(self, view: AgreementsView) -> None:
        self.view = view
        self.dialog: ConfirmDialog | None = None
        panel = view.assessment
        panel.submit.clicked.connect(self.ask_to_submit)
        panel.verify.clicked.connect(self.ask_to_verify)
        panel.send_back.clicked.connect(self.ask_to_return)

    def _confirm(self, title: str, warning: str, action: str, then: Callable[[], None], **asked: Any) -> None:
        """Ask about the review on screen; ``then`` runs when the user confirms."""
        review = self.view.assessment.detail
        if review is None:
            return
        self.dialog = ConfirmDialog(QCoreApplication.translate("ContractEvaluationActions",
                "{0} the {1}").format(title, review.review_label), warning, action, self.view, **asked)
        self.view.dialog = self.dialog
        self.dialog.accepted.connect(then)
        self.dialog.open()

    def _step(self, work: Callable[[Any], Any], label: str) -> None:
        """Run one evaluation step on the review on screen, then show the agreement with that review."""
        view = self.view
        review = view.assessment.detail
        if review is None:
            return
        view.run_write(lambda context: work(context).id,
                       lambda review_id: view.open_agreement(review.agreement_id, review_id),
                       view.assessment.messages.show_problems, label, show_tab=ASSESSMENT_TAB)

    def ask_to_submit(self) -> None:
        self._confirm(QCoreApplication.translate("ContractEvaluationActions",
                "Submit for verification:"), QCoreApplication.translate("ContractEvaluationActions",
                "The actuals and evidence on screen are saved and go to the verifier. Until the verifier returns it, nobody "
                "can change the self-evaluation."), QCoreApplication.translate("ContractEvaluationActions",
                              "Submit"),
                      self._submit, ask_date=QCoreApplication.translate("ContractEvaluationActions",
                              "Submitted on"), today=self.view.today)

    def _submit(self) -> None:
        review, actor, on = self.view.assessment.detail, self.view.actor, self._chosen_date()
        if review is None:
            return
        self.view.save_ratings(then=lambda _saved: self._step(
            lambda context: contract_evaluation.submit_self_evaluation(context.session, actor, review.id, on),
            QCoreApplication.translate("ContractEvaluationActions", "Submitting…")))

    def ask_to_verify(self) -> None:
        self._confirm(QCoreApplication.translate("ContractEvaluationActions",
                "Verify"), QCoreApplication.translate("ContractEvaluationActions",
                "The verified values and notes on screen are kept, and the composite score and grade are those of the "
                "verified values. The approver then finalises the evaluation."),
                      QCoreApplication.translate("ContractEvaluationActions",
                              "Verify"), self._verify, ask_date=QCoreApplication.translate("ContractEvaluationActions",
                              "Verified on"), today=self.view.today)

    def _verify(self) -> None:
        review, actor, on = self.view.assessment.detail, self.view.actor, self._chosen_date()
        found, notes = self.view.assessment.ratings(), self.view.assessment.verifier_notes()
        if review is None:
            return
        verifying = QCoreApplication.translate("ContractEvaluationActions", "Verifying…")
        self._step(lambda context: contract_evaluation.verify_evaluation(context.session, actor, review.id, found,
                                                                         notes, on), verifying)

    def ask_to_return(self) -> None:
        context = "ContractEvaluationActions"
        self._confirm(QCoreApplication.translate(context, "Return"),
                      QCoreApplication.translate(context, "The self-evaluation goes back to the institution to correct; "
                                                          "say what to correct or add."),
                      QCoreApplication.translate(context, "Return"), self._return, ask_reason=True,
                      reason_name=QCoreApplication.translate(context, "What to correct"))

    def _return(self) -> None:
        review, actor = self.view.assessment.detail, self.view.actor
        reason = self.dialog.reason_text() if self.dialog else ""
        if review is None:
            return
        self._step(lambda context: contract_evaluation.return_evaluation(context.session, actor, review.id, reason),
                   QCoreApplication.translate("ContractEvaluationActions", "Returning…"))

    def _chosen_date(self) -> date:
        assert self.dialog is not None  # the step runs only when its dialog was accepted
        return self.dialog.chosen_date()
