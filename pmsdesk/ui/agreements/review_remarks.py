"""What an OPRAS or SPAS appraisal records besides the lines: the appraisee's comments, the observer's
(OPRAS section 7) or second supervisor's (SPAS section 7), and the recommended reward, developmental
measure or sanction (OPRAS section 8, the SPAS committee); and which line columns each review shows.

The columns are declared once per kind and review (``line_columns``), so the panel shows the
appraisee's, supervisor's and agreed scores of an OPRAS annual review or a SPAS end-year appraisal, the
progress and factors affecting performance of an OPRAS mid-year review, and a Kenyan contract's
evidence and verification, without a branch per kind in the panel.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QWidget

from pmsdesk.models import AgreementKind
from pmsdesk.services.assessments import REMARKS, is_rated
from pmsdesk.ui.translation import QT_TR_NOOP

from ..translation import translated

#: The line columns that are not on every review, by their field.
SCORE_FIELDS = ("appraisee_score", "supervisor_score", "agreed_score")
VERIFICATION_FIELDS = ("evidence", "verified_actual", "verifier_note")
#: Remark → (label for OPRAS, label for SPAS).
REMARK_LABELS = {
    "appraisee_comments": (QT_TR_NOOP("Appraisee's comments:"), QT_TR_NOOP("Appraisee's comments:")),
    "second_comments": (QT_TR_NOOP("Observer's comments:"), QT_TR_NOOP("Second supervisor's comments:")),
    "recommendation": (QT_TR_NOOP("Reward, development or sanction:"),
                       QT_TR_NOOP("Committee's recommendation:")),
}
SIDED = (AgreementKind.TZ_OPRAS, AgreementKind.KE_SPAS)


def line_columns(kind: AgreementKind, review_label: str | None) -> dict[str, str]:
    """Field → heading of the columns a review shows between the weight and the comment (in that order)."""
    tr = QCoreApplication.translate
    rated = is_rated(kind, review_label)
    if kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
        return {"actual": tr("agreements.remarks", "Self-reported"), "evidence": tr("agreements.remarks", "Evidence"),
                "verified_actual": tr("agreements.remarks", "Verified"),
                "verifier_note": tr("agreements.remarks", "Verifier's note")}
    if kind == AgreementKind.KE_SPAS:
        scores = {"appraisee_score": tr("agreements.remarks", "Self-appraisal %"),
                  "supervisor_score": tr("agreements.remarks", "Supervisor's %"),
                  "agreed_score": tr("agreements.remarks", "Agreed %")} if rated else {}
        return {"actual": tr("agreements.remarks", "Result"), **scores}
    if kind == AgreementKind.TZ_OPRAS:
        if not rated:
            return {"factors": tr("agreements.remarks", "Factors affecting performance")}
        return {"appraisee_score": tr("agreements.remarks", "Appraisee's mark"),
                "supervisor_score": tr("agreements.remarks", "Supervisor's mark"),
                "rating": tr("agreements.remarks", "Agreed mark")}
    return {"rating": tr("agreements.remarks", "Rating")}


def comments_label(kind: AgreementKind, review_label: str | None) -> str:
    """The review's own comments box: the supervisor's where the appraisee comments too."""
    if kind in SIDED and is_rated(kind, review_label):
        return QCoreApplication.translate("agreements.remarks", "Supervisor's &comments:")
    return QCoreApplication.translate("agreements.remarks", "&Overall comments:")


def comment_heading(kind: AgreementKind, review_label: str | None) -> str:
    """An unrated review's comment is the progress made (OPRAS: towards the targets)."""
    tr = QCoreApplication.translate
    if not is_rated(kind, review_label):
        return tr("agreements.remarks", "Progress towards targets") if kind == AgreementKind.TZ_OPRAS \
            else tr("agreements.remarks", "Progress and remarks")
    return tr("agreements.remarks", "Comment")


class ReviewRemarks(QObject):
    """The three remarks of an OPRAS annual review or a SPAS end-year appraisal, as rows of the panel's
    form (aligned with its other boxes); hidden for other reviews."""

    edited = Signal()

    def __init__(self, panel: QWidget, layout: QFormLayout) -> None:
        super().__init__(panel)
        self.boxes: dict[str, QPlainTextEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.shown = False
        for name in REMARKS:
            box = QPlainTextEdit(panel)
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 2 + 14)
            box.textChanged.connect(self.edited.emit)
            label = QLabel(panel)
            label.setBuddy(box)
            layout.addRow(label, box)
            self.boxes[name], self.labels[name] = box, label
        self.show_for(AgreementKind.SA_SECTION_56, None, {})

    def show_for(self, kind: AgreementKind, review_label: str | None, remarks: dict[str, str | None]) -> None:
        """Show the remarks of ``kind``'s rated review with the saved ``remarks``."""
        self.shown = kind in SIDED and is_rated(kind, review_label)
        for name, box in self.boxes.items():
            box.setVisible(self.shown)
            self.labels[name].setVisible(self.shown)
            words = translated(REMARK_LABELS[name][SIDED.index(kind) if kind in SIDED else 0])
            self.labels[name].setText(words)
            box.setAccessibleName(words.rstrip(":"))
            box.blockSignals(True)
            box.setPlainText(remarks.get(name) or "")
            box.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        for box in self.boxes.values():
            box.setReadOnly(read_only)

    def values(self) -> dict[str, str | None] | None:
        """The remarks as typed, or None when this review has none (nothing to save)."""
        if not self.shown:
            return None
        return {name: box.toPlainText().strip() or None for name, box in self.boxes.items()}
