"""Recording and editing one risk: its KPI, rating, mitigation and owner; closing or reopening it."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from pmsdesk.services import risks
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.form_choices import Choice
from pmsdesk.services.risks import RiskFormChoices, RiskRow
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.unsaved import ask_to_discard

from .form import RiskFormLayout

NO_KPI, NO_OWNER = QT_TR_NOOP("— not linked to a KPI —"), QT_TR_NOOP("— no owner —")


def parse_rating(typed: str) -> int | str | None:
    """'4' is 4; anything else goes to the service, which names it as wrong."""
    typed = typed.strip()
    return int(typed) if typed.isdigit() else (typed or None)


def _fill(combo: QComboBox, empty: str, choices: tuple[Choice, ...]) -> None:
    combo.clear()
    combo.addItem(empty, None)
    for choice in choices:
        combo.addItem(choice.label, choice.id)


def _select(combo: QComboBox, record_id: str | None, label: str | None) -> None:
    """Select ``record_id``, adding it (e.g. a KPI of another year) when the list lacks it."""
    index = combo.findData(record_id)
    if index < 0:
        combo.addItem(label or record_id or "", record_id)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


class RiskEditor(QWidget):
    """The form beside the register; ``saved`` carries the id of a risk just written."""

    saved = Signal(str)

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._organisation_id: str | None = None
        self.risk: RiskRow | None = None
        self._shown: dict[str, Any] = {}
        self.ui = RiskFormLayout()
        self.ui.setup(self)
        self.ui.new.clicked.connect(self._new_risk)
        self.ui.save.clicked.connect(self.save)
        self.ui.close_or_reopen.clicked.connect(self.close_or_reopen)
        self.set_context(None, RiskFormChoices((), ()))

    def set_context(self, organisation_id: str | None, choices: RiskFormChoices) -> None:
        """The organisation new risks go to, and what the drop-downs offer."""
        self._organisation_id = organisation_id
        _fill(self.ui.kpi, NO_KPI, choices.kpis)
        _fill(self.ui.owner, NO_OWNER, choices.owners)
        self.show_risk(None)

    def show_risk(self, risk: RiskRow | None) -> None:
        """Fill the form from ``risk``; None gives an empty form for a new risk."""
        self.risk = risk
        self.ui.messages.clear()
        self.ui.reason.clear()
        # Unit-scoped rights are checked by the service, which names the unit when it refuses.
        writable = self._organisation_id is not None and Permission.MANAGE_RISKS in self._actor.unit_scopes
        self.setEnabled(self._organisation_id is not None)
        if risk is None:
            self.ui.heading.setText(self.tr("<b>New risk</b>: describe it, link the KPI it threatens and rate it."))
        else:
            status = "open" if risk.is_open else "closed"
            self.ui.heading.setText(self.tr(
                    "<b>{0}</b> — rating {1} ({2}), {3}").format(escape(risk.title), risk.rating, risk.band.value, status))
        self.ui.title.setText(risk.title if risk else "")
        _select(self.ui.kpi, risk.kpi_id if risk else None,
                f"{risk.kpi_reference} — {risk.kpi_name}" if risk and risk.kpi_reference else None)
        self.ui.likelihood.setText(str(risk.likelihood) if risk else "")
        self.ui.impact.setText(str(risk.impact) if risk else "")
        self.ui.mitigation.setPlainText((risk.mitigation if risk else None) or "")
        _select(self.ui.owner, risk.owner_person_id if risk else None, risk.owner_name if risk else None)
        self.ui.description.setPlainText((risk.description if risk else None) or "")
        self.ui.close_or_reopen.setText(self.tr("&Close risk") if risk is None or risk.is_open else self.tr("R&eopen risk"))
        self.ui.close_or_reopen.setEnabled(risk is not None and writable)
        self.ui.reason.setEnabled(risk is not None and writable)
        self.ui.save.setEnabled(writable)
        self.ui.new.setEnabled(writable)
        self._shown = self.values()

    def _new_risk(self) -> None:
        if ask_to_discard(self, self.tr("start a new risk"), self.unsaved_changes()):
            self.show_risk(None)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.ui.title.text().strip() or None,
            "kpi_id": self.ui.kpi.currentData(),
            "likelihood": parse_rating(self.ui.likelihood.text()),
            "impact": parse_rating(self.ui.impact.text()),
            "mitigation": self.ui.mitigation.toPlainText().strip() or None,
            "owner_person_id": self.ui.owner.currentData(),
            "description": self.ui.description.toPlainText().strip() or None,
        }

    def unsaved_changes(self) -> str | None:
        if self.values() == self._shown:
            return None
        return self.tr(
                "changes to the risk '{0}'").format(self.risk.title) if self.risk else self.tr("a new risk not saved yet")

    def save(self) -> None:
        risk, values, actor, organisation_id = self.risk, self.values(), self._actor, self._organisation_id
        if organisation_id is None:
            return

        def work(context) -> str:
            if risk is None:
                return risks.create_risk(context.session, actor, organisation_id, values).id
            return risks.update_risk(context.session, actor, risk.id, values, expected_version=risk.version).id

        self.ui.messages.clear()
        self._operations.run(work, self._saved, self.show_error, label=self.tr("Saving the risk…"))

    def close_or_reopen(self) -> None:
        risk, reason, actor = self.risk, self.ui.reason.text(), self._actor
        if risk is None:
            return
        change = risks.close_risk if risk.is_open else risks.reopen_risk

        def work(context) -> str:
            return change(context.session, actor, risk.id, reason, expected_version=risk.version).id

        self.ui.messages.clear()
        self._operations.run(work, self._saved, self.show_error,
                             label=self.tr("Closing the risk…") if risk.is_open else self.tr("Reopening the risk…"))

    def _saved(self, risk_id: str) -> None:
        self._shown = self.values()
        self.saved.emit(risk_id)

    def show_error(self, error: Exception) -> None:
        """A service's refusal as messages next to the fields; anything else is a bug and is raised."""
        self.ui.messages.show_error(error)
