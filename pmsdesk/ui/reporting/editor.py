"""Capturing one actual: fill the form, save a draft, attach evidence, submit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from pmsdesk.models import ActualStatus, MeasureType
from pmsdesk.services import actuals, evidence, worklists
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.worklists import ActualDetail, EvidenceSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.widgets.evidence import open_evidence
from pmsdesk.ui.widgets.status import figure_with_unit, status_text, with_unit
from pmsdesk.vocabulary import Money
from pmsdesk.wording import measured_value

from .actual_form import NO_DATE, ActualFormLayout

NUMBER_PAGE, TEXT_PAGE, DATE_PAGE, YES_NO_PAGE = range(4)
PAGES = {MeasureType.TEXT_MILESTONE: TEXT_PAGE, MeasureType.DATE: DATE_PAGE, MeasureType.YES_NO: YES_NO_PAGE}
TEXT_FIELDS = ("narrative", "deviation_reason", "corrective_measure")
#: Problems the evidence service reports about a file, shown under the evidence list.
EVIDENCE_FIELDS = {"content": "evidence", "original_name": "evidence"}
#: Reviewed values a PMS officer may send back to draft (the service checks again).
REOPENABLE = (ActualStatus.SUBMITTED, ActualStatus.VERIFIED, ActualStatus.APPROVED)


def parse_number(typed: str) -> float | str | None:
    """'1 250', '1,250' and '95%' are numbers; anything else goes to the service to be named as wrong."""
    cleaned = typed.replace(",", "").replace(" ", "").removesuffix("%")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return typed.strip()


class ActualEditor(QWidget):
    """The form for one KPI in one period; read-only, with the reason shown, when the actual is locked."""

    changed = Signal(object)  # ActualDetail after a save, submit or attachment

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The organisation's currency, for amounts (set by the screen with the year).
        self.money: Money | None = None
        self._operations = operations
        self._actor = actor
        self.detail: ActualDetail | None = None
        self.currency = ""  # the organisation's currency symbol, set with the year
        self._saved_values: dict[str, Any] | None = None  # as shown when opened; None when read-only
        self.ui = ActualFormLayout()
        self.ui.setup(self)
        self.ui.evidence.enable_preview(operations)
        self.ui.save.clicked.connect(self.save)
        self.ui.submit.clicked.connect(self.submit)
        self.ui.reopen.clicked.connect(self.reopen)
        self.ui.evidence.files_chosen.connect(self.attach)
        self.ui.evidence.remove_requested.connect(self.remove_evidence)
        self.ui.evidence.open_requested.connect(
            lambda summary: open_evidence(self._operations, summary, self.ui.evidence.show_problem))
        self.show_detail(None)

    # -- showing ------------------------------------------------------------
    def show_detail(self, detail: ActualDetail | None) -> None:
        self.detail = detail
        self.ui.messages.clear()
        self.setEnabled(detail is not None)
        self.ui.button_bar.setEnabled(detail is not None)  # it sits outside the editor, below its scroll area
        if detail is None:
            self.ui.reopen.hide()
            self.ui.heading.setText(self.tr("<i>Choose a KPI in the worklist to report on it.</i>"))
            self.ui.facts.clear()
            self.ui.banner.hide()
            self._fill_values(None)
            self.ui.evidence.set_files(())
            self._set_editable(False)
            self._saved_values = None
            return
        self.ui.heading.setText(f"<b>{detail.reference}</b> — {detail.name}")
        target = figure_with_unit(detail.target, detail.measure_type, detail.unit_of_measure, self.money)
        self.ui.facts.setText(self.tr(
                "Target for {0}: <b>{1}</b> &nbsp;·&nbsp; Status: <b>{2}</b>").format(detail.period_label,
                target or 'none',
                status_text(detail.status, is_late=detail.is_late)))
        lock = worklists.capture_lock_reason(detail, self._actor)
        notice = lock or _comment_notice(detail)
        self.ui.banner.setText(notice or "")
        self.ui.banner.setVisible(notice is not None)
        self._fill_values(detail)
        self.ui.evidence.set_files(detail.evidence)
        self._set_editable(lock is None)
        self._saved_values = self.values() if lock is None else None
        self.ui.reopen.setVisible(detail.status in REOPENABLE and self._actor.can(Permission.REOPEN)
                                  and not detail.period_closed)

    def _fill_values(self, detail: ActualDetail | None) -> None:
        measure = detail.measure_type if detail else MeasureType.NUMBER
        page = PAGES.get(measure, NUMBER_PAGE)
        self.ui.value_stack.setCurrentIndex(page)
        shown = self.ui.value_stack.currentWidget()
        if shown is not None:
            self.ui.value_label.setBuddy(shown)
        value = detail.value if detail else None
        self.ui.number.setText("" if value is None or page != NUMBER_PAGE else f"{value:g}")
        self.ui.milestone.setText((detail.value_text if detail else None) or "")
        day = (detail.value_date if detail else None) or NO_DATE
        self.ui.day.setDate(QDate(day.year, day.month, day.day))
        self.ui.yes_no.setCurrentIndex(max(0, self.ui.yes_no.findData(value)) if page == YES_NO_PAGE else 0)
        for name in TEXT_FIELDS:
            getattr(self.ui, name).setPlainText((getattr(detail, name) if detail else None) or "")

    def _set_editable(self, editable: bool) -> None:
        for box in (self.ui.number, self.ui.milestone, self.ui.narrative, self.ui.deviation_reason,
                    self.ui.corrective_measure):
            box.setReadOnly(not editable)
        self.ui.day.setReadOnly(not editable)
        self.ui.yes_no.setEnabled(editable)
        self.ui.evidence.set_editable(editable)
        for counter in self.ui.counters.values():
            counter.setVisible(editable)  # a locked text cannot grow
        self.ui.save.setEnabled(editable)
        self.ui.submit.setEnabled(editable)

    # -- what was typed -------------------------------------------------------
    def values(self) -> dict[str, Any]:
        page = self.ui.value_stack.currentIndex()
        picked = self.ui.day.date().toPython()
        values: dict[str, Any] = {
            "value": parse_number(self.ui.number.text()) if page == NUMBER_PAGE
            else self.ui.yes_no.currentData() if page == YES_NO_PAGE else None,
            "value_date": picked if page == DATE_PAGE and picked != NO_DATE else None,
            "value_text": (self.ui.milestone.text().strip() or None) if page == TEXT_PAGE else None,
        }
        for name in TEXT_FIELDS:
            values[name] = getattr(self.ui, name).toPlainText().strip() or None
        return values

    def unsaved_changes(self) -> str | None:
        """'Q2 actual of TS-01' while the form differs from what was last opened or saved."""
        if self.detail is None or self._saved_values is None or self.values() == self._saved_values:
            return None
        return self.tr("{0} actual of {1}").format(self.detail.period_label, self.detail.reference)

    # -- actions --------------------------------------------------------------
    def save(self) -> None:
        self._write(submit=False)

    def submit(self) -> None:
        """Submit after the capturer confirms: a submitted value is locked until a verifier returns it."""
        if self.detail is not None and confirm_submission(self, self.detail, self.values(), self.currency):
            self._write(submit=True)

    def _write(self, *, submit: bool, files: list[Path] | None = None) -> None:
        detail, values, actor = self.detail, self.values(), self._actor
        if detail is None:
            return

        def work(context) -> ActualDetail:
            actual = actuals.save_actual(context.session, actor, detail.kpi_id, detail.period_id, values)
            for path in files or ():
                evidence.attach_evidence(context.session, actor, actual.id, path.name, _read(path))
            if submit:
                actuals.submit_actual(context.session, actor, actual.id)
            return worklists.actual_detail(context.session, detail.kpi_id, detail.period_id)

        label = self.tr("Submitting…") if submit else self.tr("Attaching evidence…") if files else self.tr("Saving…")
        self.ui.messages.clear()
        self._operations.run(work, self._written, self._failed, label=label)

    def reopen(self) -> None:
        """Back to draft with a reason (PMS officer, administrator); the capturer sees the reason."""
        detail, actor = self.detail, self._actor
        actual_id = detail.actual_id if detail is not None else None
        if detail is None or actual_id is None:
            return
        reason, given = QInputDialog.getMultiLineText(
            self, self.tr("Reopen the {0} actual of {1}").format(detail.period_label, detail.reference),
            self.tr("Why is it reopened? The capturer sees this reason, and it is kept in the audit trail."), "")
        if not given:
            return

        def work(context) -> ActualDetail:
            actuals.reopen_actual(context.session, actor, actual_id, reason)
            return worklists.actual_detail(context.session, detail.kpi_id, detail.period_id)

        self.ui.messages.clear()
        self._operations.run(work, self._written, self._failed, label=self.tr("Reopening…"))

    def remove_evidence(self, summary: EvidenceSummary) -> None:
        """Take a wrongly attached file off the draft, after asking; what is typed is kept as it is."""
        detail, actor = self.detail, self._actor
        if detail is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove evidence"),
                          self.tr(
                                  "Remove {0} from the {1} actual of {2}?").format(summary.original_name,
                                  detail.period_label,
                                  detail.reference), parent=self)
        box.setInformativeText(self.tr("The audit trail keeps a record of the file and of who removed it."))
        remove = box.addButton(self.tr("Remove the file"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is not remove:
            return
        typed = self.values() if self.unsaved_changes() else None

        def work(context) -> ActualDetail:
            evidence.remove_evidence(context.session, actor, summary.id)
            return worklists.actual_detail(context.session, detail.kpi_id, detail.period_id)

        def removed(new_detail: ActualDetail) -> None:
            self._written(new_detail)
            if typed is not None:  # unsaved typing survives the refresh
                self._fill_typed(typed)

        self.ui.messages.clear()
        self._operations.run(work, removed, self._failed, label=self.tr("Removing {0}…").format(summary.original_name))

    def _fill_typed(self, values: dict[str, Any]) -> None:
        page = self.ui.value_stack.currentIndex()
        if page == NUMBER_PAGE:
            value = values.get("value")
            self.ui.number.setText("" if value is None else value if isinstance(value, str) else f"{value:g}")
        elif page == TEXT_PAGE:
            self.ui.milestone.setText(values.get("value_text") or "")
        for name in TEXT_FIELDS:
            getattr(self.ui, name).setPlainText(values.get(name) or "")

    def attach(self, paths: list[Path]) -> None:
        """Save what is typed (the file needs a draft to hang on) and attach the files."""
        self._write(submit=False, files=paths)

    def _written(self, detail: ActualDetail) -> None:
        self.show_detail(detail)
        self.changed.emit(detail)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, OSError):
            self.ui.messages.show_problems({"evidence": self.tr("cannot read {0}: {1}").format(error.filename, error.strerror)})
        else:
            self.ui.messages.show_error(error, EVIDENCE_FIELDS)


def submission_warnings(detail: ActualDetail) -> list[str]:
    """What a capturer should know before submitting: missing evidence the KPI requires."""
    if detail.required_evidence and detail.required_evidence.strip() and not detail.evidence:
        return [QCoreApplication.translate("reporting.editor",
                "{0} needs evidence ({1}) and none is attached.").format(detail.reference, detail.required_evidence.strip())]
    return []


def confirm_submission(parent: QWidget, detail: ActualDetail, values: dict[str, Any], currency: str = "") -> bool:
    """Ask before submitting; the warnings (missing evidence) are in the box and "Go back" is the default."""
    shown = with_unit(measured_value(values.get("value") if isinstance(values.get("value"), float)
                                     else values.get("value_date") or values.get("value_text"),
                                     detail.measure_type, currency), detail.unit_of_measure)
    warnings = submission_warnings(detail)
    box = QMessageBox(QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Question,
                      QCoreApplication.translate("reporting.editor", "Submit for verification"),
                      QCoreApplication.translate("reporting.editor",
                              "Submit the {0} actual of {1}{2} for verification?").format(detail.period_label,
                              detail.reference,
                              f' ({shown})' if shown else ''), parent=parent)
    box.setInformativeText("\n".join([*warnings, QCoreApplication.translate("reporting.editor",
            "Once submitted it cannot be changed unless a verifier returns it or a PMS officer reopens it.")]))
    submit = box.addButton(QCoreApplication.translate("reporting.editor",
            "Submit") if not warnings else QCoreApplication.translate("reporting.editor",
            "Submit without evidence"),
                           QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton(QCoreApplication.translate("reporting.editor", "Go back"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back if warnings else submit)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is submit


def _comment_notice(detail: ActualDetail) -> str | None:
    """A reviewer's comment on a returned value, or the reason a reviewed value was reopened."""
    if not detail.review_comment:
        return None
    if detail.status == ActualStatus.RETURNED:
        return QCoreApplication.translate("reporting.editor", "Returned for correction: {0}").format(detail.review_comment)
    if detail.status == ActualStatus.DRAFT:
        return QCoreApplication.translate("reporting.editor", "Reopened: {0}").format(detail.review_comment)
    return None


def _read(path: Path) -> bytes:
    return path.read_bytes()
