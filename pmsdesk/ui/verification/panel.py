"""Reviewing one reported value: verify it, return it with a comment, or approve it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from pmsdesk.models import ActualStatus
from pmsdesk.services import actuals, worklists
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.worklists import ActualDetail
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.widgets.evidence import open_evidence
from pmsdesk.ui.widgets.status import figure_with_unit, status_text
from pmsdesk.vocabulary import Money

from .review_form import ReviewFormLayout


class ReviewPanel(QWidget):
    """Shows one value with its evidence; the buttons shown depend on its status and the actor's roles."""

    decided = Signal(object)  # ActualDetail after verify, return or approve

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The organisation's currency, for amounts (set by the screen with the year).
        self.money: Money | None = None
        self._operations = operations
        self._actor = actor
        self.detail: ActualDetail | None = None
        self.currency = ""  # the organisation's currency symbol, set with the year
        self.ui = ReviewFormLayout()
        self.ui.setup(self)
        self.ui.evidence.enable_preview(operations)
        self.ui.verify.clicked.connect(lambda: self._decide(actuals.verify_actual, self.tr("Verifying…")))
        self.ui.approve.clicked.connect(lambda: self._decide(actuals.approve_actual, self.tr("Approving…")))
        self.ui.return_.clicked.connect(self._return)
        self.ui.evidence.open_requested.connect(
            lambda summary: open_evidence(self._operations, summary, self.ui.evidence.show_problem))
        self.show_detail(None)

    def show_detail(self, detail: ActualDetail | None) -> None:
        self.detail = detail
        self.ui.messages.clear()
        self.ui.comment.clear()
        self.setEnabled(detail is not None)
        self.ui.button_bar.setEnabled(detail is not None)  # it sits below the panel's scroll area
        if detail is None:
            self.ui.heading.setText(self.tr("<i>Choose a value in the queue to review it.</i>"))
            self.ui.banner.hide()
            for label in self.ui.facts.values():
                label.clear()
            self.ui.evidence.set_files(())
            self._show_buttons(None)
            return
        measure = detail.measure_type
        self.ui.heading.setText(
            f"<b>{detail.reference}</b> — {detail.name}<br>{detail.period_label} · "
            f"{status_text(detail.status, is_late=detail.is_late)}")
        facts = {
            "target": figure_with_unit(detail.target, measure, detail.unit_of_measure, self.money) or "none",
            "actual": figure_with_unit(detail.actual, measure, detail.unit_of_measure, self.money) or self.tr("not entered"),
            "captured": detail.captured_by or "",
            "verified": detail.verified_by or self.tr("not yet verified"),
            "narrative": detail.narrative or "—",
            "deviation_reason": detail.deviation_reason or "—",
            "corrective_measure": detail.corrective_measure or "—",
        }
        for name, text in facts.items():
            self.ui.facts[name].setText(text)
        self.ui.evidence.set_files(detail.evidence)
        own = self._actor.username in detail.value_authors
        notice = actuals.OWN_VALUE if own else None
        if detail.status == ActualStatus.RETURNED and detail.review_comment:
            notice = self.tr("Returned to the capturer: {0}").format(detail.review_comment)
        self.ui.banner.setText(notice or "")
        self.ui.banner.setVisible(notice is not None)
        self._show_buttons(detail.status)

    def _show_buttons(self, status: ActualStatus | None) -> None:
        can_verify = status == ActualStatus.SUBMITTED and self._actor.can(Permission.VERIFY_ACTUALS)
        can_approve = status == ActualStatus.VERIFIED and self._actor.can(Permission.APPROVE)
        self.ui.verify.setVisible(can_verify)
        # A verifier returns a submitted value, an approver a verified one; both say why in the comment.
        self.ui.return_.setVisible(can_verify or can_approve)
        self.ui.fields.setRowVisible(self.ui.comment_box, can_verify or can_approve)
        self.ui.approve.setVisible(can_approve)

    def _return(self) -> None:
        comment = self.ui.comment.toPlainText()
        self._decide(lambda session, actor, actual_id: actuals.return_actual(session, actor, actual_id, comment),
                     self.tr("Returning…"))

    def _decide(self, action: Callable, label: str) -> None:
        detail, actor = self.detail, self._actor
        if detail is None or detail.actual_id is None:
            return

        def work(context) -> ActualDetail:
            action(context.session, actor, detail.actual_id)
            return worklists.actual_detail(context.session, detail.kpi_id, detail.period_id)

        self.ui.messages.clear()
        self._operations.run(work, self._decided, self._failed, label=label)

    def _decided(self, detail: ActualDetail) -> None:
        self.show_detail(detail)
        self.decided.emit(detail)

    def _failed(self, error: Exception) -> None:
        self.ui.messages.show_error(error)
