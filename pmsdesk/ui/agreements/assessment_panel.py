"""Rating an agreement's items in a review; the score, level and bonus band follow every keystroke.

Scoring runs ``assessments.live_result`` on the ratings as typed (no
database); Save ratings and Finalise go through the service like any write.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.models import AgreementKind
from pmsdesk.services.assessments import REVIEW_LABELS, AssessmentDetail, AssessmentRow, RatingValues, live_result
from pmsdesk.ui.reporting.actual_form import BANNER_STYLE
from pmsdesk.ui.reporting.editor import parse_number
from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label
from pmsdesk.wording import plain_number

from ..translation import translated
from .wording import ASSESSMENT_STATUS_NAMES, line_name

ITEM, WEIGHT, VALUE, COMMENT = range(4)


class AssessmentPanel(QWidget):
    """Reviews of the chosen agreement; ``start_requested``/``open_requested`` ask the view to load."""

    start_requested = Signal(str)  # review label
    open_requested = Signal(str)  # assessment id
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: AssessmentDetail | None = None
        self.dirty = False
        #: False for users who may not rate: the ratings stay read-only.
        self.may_edit = True
        self.reviews = QComboBox(self)
        self.reviews.setAccessibleName(self.tr("Review"))
        self.new_review = QComboBox(self)
        self.new_review.setAccessibleName(self.tr("Review to start"))
        self.start = QPushButton(self.tr("S&tart review"), self)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        self.scale = QLabel(self)
        self.scale.setWordWrap(True)
        self.grid = QTableWidget(0, 4, self)
        self.grid.setAccessibleName(self.tr("Ratings"))
        self.grid.setHorizontalHeaderLabels((self.tr("Item"), self.tr("Weight %"), self.tr("Rating"), self.tr("Comment")))
        self.grid.verticalHeader().setVisible(False)
        self.grid.setTabKeyNavigation(False)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(WEIGHT, 70)
        header.resizeSection(VALUE, 80)
        header.resizeSection(COMMENT, 220)
        self.score = QLabel("—", self)
        self.level = QLabel("—", self)
        self.bonus = QLabel("—", self)
        for label, name in ((self.score, self.tr("Score")), (self.level, self.tr(
                "Achievement level")), (self.bonus, self.tr("Bonus band"))):
            label.setAccessibleName(name)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: palette(placeholder-text);")
        self.comments = QPlainTextEdit(self)
        self.comments.setAccessibleName(self.tr("Overall comments"))
        self.comments.setTabChangesFocus(True)
        self.comments.setFixedHeight(self.comments.fontMetrics().lineSpacing() * 2 + 14)
        self.messages = FieldMessages(message_label(self, self.tr("Problem")), {})
        self.save = QPushButton(self.tr("&Save ratings"), self)
        self.save.setShortcut(QKeySequence.StandardKey.Save)
        self.finalise = QPushButton(self.tr("&Finalise…"), self)
        self._lay_out()
        self.reviews.activated.connect(lambda _index: self._open_chosen())
        self.start.clicked.connect(lambda: self.start_requested.emit(self.new_review.currentText()))
        self.comments.textChanged.connect(self._comments_edited)
        self.show_reviews([], None)

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        review_label = QLabel(self.tr("&Review:"), self)
        review_label.setBuddy(self.reviews)
        bar.addWidget(review_label)
        bar.addWidget(self.reviews, 1)
        bar.addSpacing(16)
        bar.addWidget(self.new_review)
        bar.addWidget(self.start)
        result = QFormLayout()
        self.level_caption = QLabel(self.tr("Achievement level:"), self)
        self.bonus_caption = QLabel(self.tr("Bonus band:"), self)
        result.addRow(self.tr("Score:"), self.score)
        result.addRow(self.level_caption, self.level)
        result.addRow(self.bonus_caption, self.bonus)
        comments_label = QLabel(self.tr("&Overall comments:"), self)
        comments_label.setBuddy(self.comments)
        result.addRow(comments_label, self.comments)
        buttons = QHBoxLayout()
        buttons.addWidget(self.messages.general, 1)
        buttons.addStretch()  # takes the room only while the message is hidden
        buttons.addWidget(self.save)
        buttons.addWidget(self.finalise)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.scale)
        layout.addWidget(self.grid, 1)
        layout.addLayout(result)
        layout.addWidget(self.missing)
        layout.addLayout(buttons)

    # -- reviews --------------------------------------------------------------------------------------
    def show_reviews(self, rows: Sequence[AssessmentRow], can_start: bool | None) -> None:
        """The agreement's reviews; ``can_start`` None: no signed agreement chosen."""
        self.reviews.clear()
        for row in rows:
            self.reviews.addItem(f"{row.review_label} · {translated(ASSESSMENT_STATUS_NAMES[row.status])}", row.id)
        taken = {row.review_label for row in rows}
        self.new_review.clear()
        self.new_review.addItems([label for label in REVIEW_LABELS if label not in taken])
        startable = bool(can_start) and self.new_review.count() > 0
        self.new_review.setEnabled(startable)
        self.start.setEnabled(startable)
        if not rows:
            notice = {None: self.tr("Choose an agreement in the list to see its reviews."),
                      False: self.tr("Only a signed agreement is assessed: sign this one first.")}
            self.show_detail(None, notice.get(can_start, self.tr("No review yet: start the mid-year or annual review.")))

    def select_review(self, assessment_id: str) -> None:
        self.reviews.setCurrentIndex(max(0, self.reviews.findData(assessment_id)))

    def _open_chosen(self) -> None:
        if self.reviews.currentData():
            self.open_requested.emit(self.reviews.currentData())

    # -- one review -----------------------------------------------------------------------------------
    def show_detail(self, detail: AssessmentDetail | None, notice: str | None = None) -> None:
        self.detail = detail
        self.messages.clear()
        self.grid.setRowCount(0)
        if detail is None:
            self.banner.setText(notice or "")
            self.banner.setVisible(bool(notice))
            self.scale.clear()
            self.comments.blockSignals(True)
            self.comments.clear()
            self.comments.blockSignals(False)
            self._set_editable(False)
            self._show_result()
            self.dirty = False
            return
        kenyan = detail.kind == AgreementKind.KE_PERFORMANCE_CONTRACT
        self.grid.horizontalHeaderItem(VALUE).setText(self.tr("Actual") if kenyan else self.tr("Rating"))
        self.scale.setText(_scale_text(detail))
        for row, item in enumerate(detail.items):
            self._add_row(row, item, detail.ratings.get(item.id, RatingValues()), kenyan)
        self.grid.resizeRowsToContents()
        self.comments.blockSignals(True)
        self.comments.setPlainText(detail.comments or "")
        self.comments.blockSignals(False)
        locked = detail.is_locked
        self.banner.setText(self.tr("The {0} is final and locked.").format(detail.review_label) if locked else "")
        self.banner.setVisible(locked)
        self._set_editable(not locked)
        self.dirty = False
        self._show_result()

    def _add_row(self, row: int, item, entered: RatingValues, kenyan: bool) -> None:
        self.grid.insertRow(row)
        title = QTableWidgetItem(f"{line_name(item.kind, item.kpi_id)}: {item.title}")
        title.setToolTip(item.title)
        weight = QTableWidgetItem(plain_number(item.weight))
        weight.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for cell in (title, weight):
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.grid.setItem(row, ITEM, title)
        self.grid.setItem(row, WEIGHT, weight)
        value = entered.actual if kenyan else entered.rating
        box = QLineEdit("" if value is None else plain_number(value).replace(",", ""), self.grid)
        box.setAccessibleName(self.tr("{0} for {1}").format(self.tr('Actual') if kenyan else self.tr('Rating'), item.title))
        box.setAlignment(Qt.AlignmentFlag.AlignRight)
        box.textEdited.connect(self._rating_edited)
        comment = QLineEdit(entered.comment or "", self.grid)
        comment.setAccessibleName(self.tr("Comment on {0}").format(item.title))
        comment.textEdited.connect(self._rating_edited)
        self.grid.setCellWidget(row, VALUE, box)
        self.grid.setCellWidget(row, COMMENT, comment)

    def _set_editable(self, editable: bool) -> None:
        editable = editable and self.may_edit
        for row in range(self.grid.rowCount()):
            for column in (VALUE, COMMENT):
                self.grid.cellWidget(row, column).setReadOnly(not editable)
        self.comments.setReadOnly(not editable)
        self.save.setEnabled(editable)
        self.finalise.setEnabled(editable)

    def rating_box(self, row: int) -> QLineEdit:
        return self.grid.cellWidget(row, VALUE)

    def ratings(self) -> dict[str, RatingValues]:
        """The ratings as typed; text that is not a number is passed on to be named as wrong."""
        if self.detail is None:
            return {}
        kenyan = self.detail.kind == AgreementKind.KE_PERFORMANCE_CONTRACT
        typed = {}
        for row, item in enumerate(self.detail.items):
            value = parse_number(self.rating_box(row).text())
            comment = self.grid.cellWidget(row, COMMENT).text().strip() or None
            typed[item.id] = RatingValues(None if kenyan else value, value if kenyan else None, comment)
        return typed

    def overall_comments(self) -> str | None:
        return self.comments.toPlainText().strip() or None

    def _rating_edited(self) -> None:
        self.dirty = True
        self._show_result()
        self.edited.emit()

    def _comments_edited(self) -> None:
        self.dirty = True
        self.edited.emit()

    def _show_result(self) -> None:
        detail = self.detail
        self.messages.clear()
        if detail is None:
            for label in (self.score, self.level, self.bonus):
                label.setText("—")
            self.missing.clear()
            return
        result = live_result(detail.kind, detail.items, self.ratings(), detail.rules,
                             review_label=detail.review_label)
        rated = detail.kind != AgreementKind.KE_PERFORMANCE_CONTRACT
        self.level_caption.setText(self.tr("Achievement level:") if rated else self.tr("Grade:"))
        self.bonus_caption.setVisible(detail.kind == AgreementKind.SA_SECTION_56)
        self.bonus.setVisible(detail.kind == AgreementKind.SA_SECTION_56)
        self.score.setText(f"<b>{result.score_text}</b>")
        self.level.setText(result.outcome_label or "—")
        self.bonus.setText(result.bonus_text or "—")
        self.missing.setText(result.missing or "")
        if result.problems:
            words = "; ".join(result.problems.values())
            self.messages.show_general(words[:1].upper() + words[1:])


def _scale_text(detail: AssessmentDetail) -> str:
    if detail.kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
        return QCoreApplication.translate("agreements.assessment_panel",
                "Enter each indicator's actual; it is scored against the criteria values (1 Excellent … 5 Poor).")
    scale = detail.rules["body"]["scale"]
    labels = scale.get("labels", {})
    points = sorted(labels, key=float, reverse=float(scale["best"]) > float(scale["worst"]))
    return QCoreApplication.translate("agreements.assessment_panel",
            "Ratings: ") + " · ".join(f"{point} {labels[point]}" for point in points)
