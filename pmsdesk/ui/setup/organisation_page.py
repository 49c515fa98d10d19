"""Who the organisation is, how it prints, and its logo: set-up page 1 and the details tab share the form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from pmsdesk.services.errors import ValidationError
from pmsdesk.services.logos import prepared_logo, read_logo_file
from pmsdesk.services.setup_profiles import COUNTRIES, REGION_WORD, kind_label, kinds_for
from pmsdesk.ui.translation import QT_TR_NOOP

from ..translation import translated
from .fields import CheckedForm

MONTHS = (QT_TR_NOOP(
        "January"), QT_TR_NOOP("February"), QT_TR_NOOP("March"), QT_TR_NOOP("April"), QT_TR_NOOP("May"), QT_TR_NOOP(
        "June"), QT_TR_NOOP("July"), QT_TR_NOOP("August"), QT_TR_NOOP(
        "September"), QT_TR_NOOP("October"),
          QT_TR_NOOP("November"), QT_TR_NOOP("December"))
LOGO_PREVIEW = 56

#: Reads problems with the page's values (a database look-up for the code); given the values.
Checker = Callable[[dict[str, Any]], dict[str, str]]


class OrganisationFields(QWidget):
    """The organisation's details as a form: the set-up's first page, and Administration ▸ Organisation."""

    logo_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.logo: bytes | None = None
        self.form = form = CheckedForm(self)
        self.name = form.add("name", self.tr("&Name:"), QLineEdit(self))
        self.name.setPlaceholderText(self.tr("e.g. Ngwathe Local Municipality"))
        self.code = form.add("code", self.tr("Short &code:"), QLineEdit(self))
        self.code.setPlaceholderText(self.tr("e.g. NGW or FS203: also this office's code for head office"))
        self.country = form.add("country", self.tr("Co&untry:"), QComboBox(self))
        for code, name in COUNTRIES.items():
            self.country.addItem(name, code)
        self.kind = form.add("kind", self.tr("&Kind:"), QComboBox(self))
        self.region = form.add("region", self.tr("&Province:"), QLineEdit(self))
        self.month = form.add("year_start_month", self.tr("Financial year &starts in:"), QComboBox(self))
        for number, name in enumerate(map(translated, MONTHS), start=1):
            self.month.addItem(name, number)
        self.month.setCurrentIndex(6)
        self.address = form.add("postal_address", self.tr("Postal &address:"), QLineEdit(self))
        self.address.setPlaceholderText(self.tr("e.g. PO Box 359, Parys, 9585 (printed on forms)"))
        self.contact = form.add("contact_line", self.tr("Con&tact line:"), QLineEdit(self))
        self.contact.setPlaceholderText(self.tr("e.g. Tel 056 816 2700 · pms@ngwathe.gov.za"))
        self.logo_preview = QLabel(self)
        self.logo_preview.setMinimumHeight(LOGO_PREVIEW)
        self.choose_logo = QPushButton(self.tr("Choose &logo…"), self)
        self.remove_logo = QPushButton(self.tr("Remove"), self)
        logo_row = QWidget(self)
        row = QHBoxLayout(logo_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.logo_preview, 1)
        row.addWidget(self.choose_logo)
        row.addWidget(self.remove_logo)
        form.add("logo", self.tr("Lo&go (PNG or JPEG):"), logo_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form.layout)
        layout.addWidget(form.general)
        self.country.currentIndexChanged.connect(self._country_changed)
        self.choose_logo.clicked.connect(self._choose_logo)
        self.remove_logo.clicked.connect(lambda: self.set_logo(None))
        self._country_changed()
        self.set_logo(None)

    def _country_changed(self) -> None:
        country = self.country.currentData()
        kind = self.kind.currentData()
        self.kind.clear()
        for choice, label in kinds_for(country):
            self.kind.addItem(label, choice.value)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        holder = self.region.parentWidget()  # the field with its message, in the form row
        caption = self.form.layout.labelForField(holder) if holder is not None else None
        if isinstance(caption, QLabel):
            caption.setText(f"&{REGION_WORD[country]}:")

    def values(self) -> dict[str, Any]:
        """The form's values as the set-up and details services take them."""
        return {"code": self.code.text().strip().upper(), "name": self.name.text(), "kind": self.kind.currentData(),
                "country": self.country.currentData(), "region": self.region.text() or None,
                "year_start_month": self.month.currentData(), "postal_address": self.address.text() or None,
                "contact_line": self.contact.text() or None}

    def show_values(self, values: dict[str, Any]) -> None:
        self.country.setCurrentIndex(max(self.country.findData(values["country"]), 0))
        if self.kind.findData(values["kind"]) < 0:  # a general kind from before the set-up offered specific ones
            self.kind.addItem(kind_label(values["kind"]), values["kind"])
        self.kind.setCurrentIndex(self.kind.findData(values["kind"]))
        for box, key in ((self.name, "name"), (self.code, "code"), (self.region, "region"),
                         (self.address, "postal_address"), (self.contact, "contact_line")):
            box.setText(values.get(key) or "")
        self.month.setCurrentIndex(values["year_start_month"] - 1)

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Choose the organisation's logo"), "",
                                                    self.tr("Pictures (*.png *.jpg *.jpeg)"))
        if path:
            self.load_logo(path)

    def load_logo(self, path: str) -> bool:
        """Check the picture at ``path`` and show it; a problem is shown beside the logo field."""
        try:
            self.set_logo(prepared_logo(read_logo_file(path), name=Path(path).name))
        except ValidationError as error:
            self.form.messages.show_problems(error.problems)
            return False
        self.form.messages.show_problems({})
        return True

    def set_logo(self, content: bytes | None) -> None:
        self.logo = content
        self.remove_logo.setEnabled(content is not None)
        self.logo_changed.emit()
        if content is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("No logo: printouts show the organisation's initials."))
            return
        picture = QPixmap()
        picture.loadFromData(content)
        self.logo_preview.setPixmap(picture.scaled(LOGO_PREVIEW, LOGO_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.SmoothTransformation))


class OrganisationPage(QWizardPage):
    """Set-up page 1: the organisation's details, checked (the code must be free) before going on."""

    def __init__(self, check: Checker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self.setTitle(self.tr("Your organisation"))
        self.setSubTitle(self.tr("As it should appear on screen and on every printed form."))
        self.fields = OrganisationFields(self)
        self.form = self.fields.form
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        for box in (self.fields.name, self.fields.code):
            box.textChanged.connect(self.completeChanged)

    def values(self) -> dict[str, Any]:
        return self.fields.values()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return bool(self.fields.name.text().strip() and self.fields.code.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        problems = self._check(self.values())
        self.form.messages.show_problems(problems)
        return not problems
