"""Administration ▸ Organisation: the administrator corrects the name, address, logo or year start.

The code and country stay as set up (the code names this office to head
office). Every change is audited; a new year start applies to years created
afterwards.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pmsdesk.services import organisation_details as details
from pmsdesk.services.actor import Actor
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP

from ..setup.organisation_page import OrganisationFields
from ..translation import translated

HINT = (QT_TR_NOOP("These details head every printout. The code and country stay as set up: the code names this office "
        "to head office. A new year start month applies to years created from now on."))


class OrganisationTab(QWidget):
    """The details form with Save; ``saved`` once the service took the changes."""

    saved = Signal()

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self.shown: details.OrganisationDetails | None = None
        self._logo: bytes | None = None
        hint = QLabel(translated(HINT), self)
        hint.setWordWrap(True)
        self.fields = OrganisationFields(self)
        for widget in (self.fields.code, self.fields.country):
            widget.setEnabled(False)
        self.save = QPushButton(self.tr("&Save details"), self)
        self.status = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.fields)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save.clicked.connect(self.save_details)

    def load(self, organisation_id: str | None) -> None:
        self.setEnabled(organisation_id is not None)
        if organisation_id is None:
            return

        def read(context):
            return (details.organisation_details(context.session, organisation_id),
                    details.organisation_logo(context.session, organisation_id))

        self._operations.run(read, self._show, self.fields.form.messages.show_error)

    def _show(self, loaded) -> None:
        self.shown, self._logo = loaded
        shown = self.shown
        self.fields.show_values({"code": shown.code, "name": shown.name, "kind": shown.kind, "country": shown.country,
                                 "region": shown.region, "year_start_month": shown.year_start_month,
                                 "postal_address": shown.postal_address, "contact_line": shown.contact_line})
        self.fields.set_logo(self._logo)
        self.fields.form.messages.clear()

    def changes(self) -> dict:
        """The edited details that differ from those shown."""
        if self.shown is None:
            return {}
        values = self.fields.values()
        return {key: values[key] for key in details.EDITABLE if values[key] != getattr(self.shown, key)}

    def unsaved_changes(self) -> str | None:
        if self.changes() or (self.shown is not None and self.fields.logo != self._logo):
            return self.tr("changes to the organisation's details")
        return None

    def save_details(self) -> None:
        shown, actor, changes = self.shown, self._actor, self.changes()
        logo = self.fields.logo
        logo_changed = logo != self._logo
        if shown is None or not (changes or logo_changed):
            self.status.setText(self.tr("Nothing changed."))
            return

        def work(context):
            if changes:
                details.update_organisation_details(context.session, actor, shown.id, changes,
                                                    expected_version=shown.version)
            if logo_changed:
                details.set_organisation_logo(context.session, actor, shown.id, logo)
            return (details.organisation_details(context.session, shown.id),
                    details.organisation_logo(context.session, shown.id))

        def done(loaded) -> None:
            self._show(loaded)
            self.status.setText(self.tr("Saved."))
            self.saved.emit()

        self._operations.run(work, done, self.fields.form.messages.show_error, label=self.tr("Saving…"))
