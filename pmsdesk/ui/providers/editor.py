"""Recording and editing one service provider, and rating it for a quarter of the year shown."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from pmsdesk.services import service_providers as providers
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.form_choices import Choice
from pmsdesk.services.service_providers import ProviderFormChoices, ProviderRow, RatingScale
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.unsaved import ask_to_discard

from ..translation import translated
from .form import ProviderFormLayout

NO_UNIT, NO_PERSON, NO_RATING = (QT_TR_NOOP("— no directorate —"), QT_TR_NOOP("— no official named —"),
                                 QT_TR_NOOP("— choose a rating —"))
EMPTY_CHOICES = ProviderFormChoices((), (), (), RatingScale(5, 1, {}))


def parse_amount(typed: str) -> float | str | None:
    """'4 850 000' or '4,850,000.50' is a number; anything else goes to the service, which names it."""
    cleaned = typed.replace(" ", "").replace("\u00a0", "").replace(",", "")
    try:
        return float(cleaned) if cleaned else None
    except ValueError:
        return typed.strip()


def _fill(combo: QComboBox, empty: str | None, choices: tuple[Choice, ...]) -> None:
    combo.clear()
    if empty is not None:
        combo.addItem(translated(empty), None)
    for choice in choices:
        combo.addItem(choice.label, choice.id)


def _text(value: str) -> str | None:
    return value.strip() or None


class ProviderEditor(QWidget):
    """The forms beside the register; ``saved`` carries the id of the provider just written."""

    saved = Signal(str)

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._organisation_id: str | None = None
        self.provider: ProviderRow | None = None
        self._shown: dict[str, Any] = {}
        self.ui = ProviderFormLayout()
        self.ui.setup(self)
        self.ui.new.clicked.connect(self._new_provider)
        self.ui.save.clicked.connect(self.save)
        self.ui.save_assessment.clicked.connect(self.save_assessment)
        self.ui.quarter.currentIndexChanged.connect(lambda _index: self._show_assessment())
        self.set_context(None, EMPTY_CHOICES)

    @property
    def writable(self) -> bool:
        """Whether the actor manages providers anywhere; the service checks the provider's directorate."""
        return self._organisation_id is not None and Permission.MANAGE_SERVICE_PROVIDERS in self._actor.unit_scopes

    def set_context(self, organisation_id: str | None, choices: ProviderFormChoices) -> None:
        """The organisation new providers go to, and what the drop-downs offer (the year's quarters, the scale)."""
        self._organisation_id = organisation_id
        quarter = self.ui.quarter.currentData()  # kept across a reload after a save
        _fill(self.ui.unit, NO_UNIT, choices.units)
        _fill(self.ui.person, NO_PERSON, choices.people)
        _fill(self.ui.quarter, None, choices.quarters)
        self.ui.quarter.setCurrentIndex(max(0, self.ui.quarter.findData(quarter)))
        self.ui.rating.clear()
        self.ui.rating.addItem(translated(NO_RATING), None)
        for point in choices.scale.points:
            self.ui.rating.addItem(choices.scale.words(point), point)
        self.show_provider(None)

    def show_provider(self, provider: ProviderRow | None) -> None:
        """Fill the form from ``provider``; None gives an empty form for a new one."""
        self.provider = provider
        self.ui.messages.clear()
        self.setEnabled(self._organisation_id is not None)
        if provider is None:
            self.ui.heading.setText(self.tr("<b>New service provider</b>: name it, describe the service and "
                                            "its contract, then save it to rate it each quarter."))
        else:
            self.ui.heading.setText(self.tr("<b>{0}</b> — contract {1}, {2} to {3}").format(
                escape(provider.name), escape(provider.contract_reference), provider.start_date, provider.end_date))
        self.ui.name.setText(provider.name if provider else "")
        self.ui.services.setPlainText(provider.services if provider else "")
        self.ui.contract_reference.setText(provider.contract_reference if provider else "")
        value = provider.contract_value if provider else None
        self.ui.contract_value.setText("" if value is None else f"{value:,.2f}".replace(",", " ").removesuffix(".00"))
        self.ui.start_date.setText(provider.start_date.isoformat() if provider else "")
        self.ui.end_date.setText(provider.end_date.isoformat() if provider else "")
        self.ui.unit.setCurrentIndex(max(0, self.ui.unit.findData(provider.responsible_unit_id if provider else None)))
        self.ui.person.setCurrentIndex(max(0, self.ui.person.findData(
            provider.responsible_person_id if provider else None)))
        for widget in (self.ui.save, self.ui.new):
            widget.setEnabled(self.writable)
        self.ui.assessment.setEnabled(provider is not None and self.ui.quarter.count() > 0)
        self.ui.save_assessment.setEnabled(self.writable)
        self._show_assessment()
        self._shown = self.values()

    def _show_assessment(self) -> None:
        """The chosen quarter's assessment of the provider shown, or an empty one to fill in."""
        self.ui.assessment_messages.clear()
        period_id = self.ui.quarter.currentData()
        found = None
        if self.provider is not None:
            found = next((a for a in self.provider.assessments if a.period_id == period_id), None)
        self.ui.rating.setCurrentIndex(max(0, self.ui.rating.findData(found.rating if found else None)))
        self.ui.comment.setPlainText((found.comment if found else None) or "")
        self.ui.corrective_action.setPlainText((found.corrective_action if found else None) or "")
        self.ui.assessed_by.setText(found.assessed_by if found else "")
        self.ui.assessed_on.setText(found.assessed_on.isoformat() if found else "")

    def _new_provider(self) -> None:
        if ask_to_discard(self, self.tr("start a new service provider"), self.unsaved_changes()):
            self.show_provider(None)

    def values(self) -> dict[str, Any]:
        return {
            "name": _text(self.ui.name.text()),
            "services": _text(self.ui.services.toPlainText()),
            "contract_reference": _text(self.ui.contract_reference.text()),
            "contract_value": parse_amount(self.ui.contract_value.text()),
            "start_date": _text(self.ui.start_date.text()),
            "end_date": _text(self.ui.end_date.text()),
            "responsible_unit_id": self.ui.unit.currentData(),
            "responsible_person_id": self.ui.person.currentData(),
        }

    def assessment_values(self) -> dict[str, Any]:
        return {
            "period_id": self.ui.quarter.currentData(),
            "rating": self.ui.rating.currentData(),
            "comment": _text(self.ui.comment.toPlainText()),
            "corrective_action": _text(self.ui.corrective_action.toPlainText()),
            "assessed_by": _text(self.ui.assessed_by.text()),
            "assessed_on": _text(self.ui.assessed_on.text()),
        }

    def unsaved_changes(self) -> str | None:
        if self.values() == self._shown:
            return None
        if self.provider is None:
            return self.tr("a new service provider not saved yet")
        return self.tr("changes to the service provider '{0}'").format(self.provider.name)

    def save(self) -> None:
        provider, values, actor, organisation_id = self.provider, self.values(), self._actor, self._organisation_id
        if organisation_id is None:
            return

        def work(context) -> str:
            if provider is None:
                return providers.create_service_provider(context.session, actor, organisation_id, values).id
            return providers.update_service_provider(context.session, actor, provider.id, values,
                                                     expected_version=provider.version).id

        self.ui.messages.clear()
        self._operations.run(work, self._saved, self.ui.messages.show_error,
                             label=self.tr("Saving the service provider…"))

    def save_assessment(self) -> None:
        provider, values, actor = self.provider, self.assessment_values(), self._actor
        if provider is None:
            return

        def work(context) -> str:
            providers.assess_service_provider(context.session, actor, provider.id, values)
            return provider.id

        self.ui.assessment_messages.clear()
        self._operations.run(work, self.saved.emit, self.ui.assessment_messages.show_error,
                             label=self.tr("Saving the assessment…"))

    def _saved(self, provider_id: str) -> None:
        self._shown = self.values()
        self.saved.emit(provider_id)

    def show_error(self, error: Exception) -> None:
        self.ui.messages.show_error(error)
