"""The widgets of the review panel (layout only; ``ReviewPanel`` gives them behaviour)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.ui.reporting.actual_form import BANNER_STYLE
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.evidence import EvidenceList
from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label

from ..translation import translated

FACTS = (("target", QT_TR_NOOP("Target:")), ("actual", QT_TR_NOOP("Actual:")), ("captured", QT_TR_NOOP(
        "Captured by:")), ("verified", QT_TR_NOOP("Verified by:")),
         ("narrative", QT_TR_NOOP("Narrative:")), ("deviation_reason", QT_TR_NOOP("Reason for deviation:")),
         ("corrective_measure", QT_TR_NOOP("Corrective measure:")))


class ReviewFormLayout:
    """What was reported, the evidence beside it, a comment box and the decision buttons."""

    def setup(self, panel: QWidget) -> None:
        self.heading = QLabel(panel)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.banner = QLabel(panel)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        self.facts: dict[str, QLabel] = {}
        facts = QFormLayout()
        facts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name, caption in ((name, translated(caption)) for name, caption in FACTS):
            label = QLabel(panel)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(caption.rstrip(":"))
            self.facts[name] = label
            facts.addRow(caption, label)
        self.evidence = EvidenceList(panel)
        self.evidence.setMinimumHeight(80)
        self.evidence.setMaximumHeight(320)  # tall enough to read the previewed page
        facts.addRow(QCoreApplication.translate("ReviewFormLayout", "Evidence:"), self.evidence)

        self.comment = QPlainTextEdit(panel)
        self.comment.setAccessibleName(QCoreApplication.translate("ReviewFormLayout", "Comment for the capturer"))
        self.comment.setPlaceholderText(QCoreApplication.translate("ReviewFormLayout",
                "What must the capturer fix? (required to return the value)"))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * 3 + 14)
        comment_message = message_label(panel, QCoreApplication.translate("ReviewFormLayout", "Problem with the comment"))
        self.messages = FieldMessages(message_label(panel, QCoreApplication.translate("ReviewFormLayout",
                "Problem")), {"comment": comment_message})
        comment_label = QLabel(QCoreApplication.translate("ReviewFormLayout", "&Comment:"), panel)
        comment_label.setBuddy(self.comment)
        comment_box = QWidget(panel)
        comment_layout = QVBoxLayout(comment_box)
        comment_layout.setContentsMargins(0, 0, 0, 0)
        comment_layout.addWidget(self.comment)
        comment_layout.addWidget(comment_message)
        facts.addRow(comment_label, comment_box)
        self.comment_box = comment_box
        self.fields = facts

        self.verify = QPushButton(QCoreApplication.translate("ReviewFormLayout", "&Verify"), panel)
        self.return_ = QPushButton(QCoreApplication.translate("ReviewFormLayout", "&Return to capturer"), panel)
        self.approve = QPushButton(QCoreApplication.translate("ReviewFormLayout", "A&pprove"), panel)
        # Below the panel's scroll area (see VerificationView): the decision stays in view on a small screen.
        self.button_bar = QWidget(panel)
        buttons = QHBoxLayout(self.button_bar)
        buttons.setContentsMargins(8, 4, 0, 0)
        buttons.addWidget(self.messages.general, 1)
        for button in (self.return_, self.verify, self.approve):
            buttons.addWidget(button)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addLayout(facts)
        layout.addStretch(1)
