"""The choices one report kind takes (organisation, year, quarter, unit, person), as combo boxes.

Only the choices the chosen kind takes are shown, so nothing on the form is
silently ignored; the values become a ``ReportRequest``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QSizePolicy, QWidget

from pmsdesk.i18n import LANGUAGES, current_language
from pmsdesk.reports.catalogue import ReportKind
from pmsdesk.reports.choices import ReportChoices
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.ui.translation import QT_TR_NOOP

from ..translation import translated

LATEST_QUARTER = QT_TR_NOOP("Latest reported quarter")
NEXT_QUARTER = QT_TR_NOOP("First quarter still to report")
WHOLE_ORGANISATION = QT_TR_NOOP("Whole organisation")


class ReportChoicesForm(QWidget):
    """Combo boxes for a kind's choices; ``changed`` fires when the person picks another value."""

    changed = Signal()
    #: Another organisation or year was chosen: its quarters, units and people must be loaded.
    context_changed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices: ReportChoices | None = None
        self.kind: ReportKind | None = None
        self.organisation = self._combo(self.tr("Organisation of the report"))
        self.year = self._combo(self.tr("Financial year of the report"))
        self.quarter = self._combo(self.tr("Quarter"))
        self.unit = self._combo(self.tr("Directorate or unit"))
        self.person = self._combo(self.tr("Employee"))
        self.language = self._combo(self.tr("Language of the document"))
        for code, name in LANGUAGES.items():  # each in its own words, as under Account ▸ Language
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self._rows: dict[str, tuple[QLabel, QComboBox]] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        for key, caption, combo in (("org", self.tr("Or&ganisation:"), self.organisation),
                                    ("year", self.tr(
                                            "Financial y&ear:"), self.year), ("period", self.tr("&Quarter:"), self.quarter),
                                    ("unit", self.tr("&Unit:"), self.unit), ("person", self.tr("Emp&loyee:"), self.person),
                                    ("language", self.tr("La&nguage:"), self.language)):
            label = QLabel(caption, self)
            label.setBuddy(combo)
            self._rows[key] = (label, combo)
        for column in (1, 3):
            self._grid.setColumnStretch(column, 1)
        for combo in (self.organisation, self.year):
            combo.activated.connect(lambda _i: self.context_changed.emit(self.organisation.currentData() or "",
                                                                         self.year.currentData() or ""))
        for combo in (self.quarter, self.unit, self.person, self.language):
            combo.activated.connect(lambda _i: self.changed.emit())

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return combo

    def show_choices(self, choices: ReportChoices, year_label: str) -> None:
        self.choices = choices
        _fill(self.organisation, [(c.text, c.value) for c in choices.organisations], choices.organisation_code)
        _fill(self.year, [(c.text, c.value) for c in choices.years], year_label)
        self.show_kind(self.kind)

    def show_kind(self, kind: ReportKind | None) -> None:
        """Show the choices ``kind`` takes, each filled with what makes sense for it."""
        self.kind = kind
        taken = kind.choices if kind else frozenset()
        self._place([key for key in self._rows if (key in taken or key == "language")
                     and not (key == "org" and self.organisation.count() < 2)])
        if self.choices is None or kind is None:
            return
        quarters = [(c.text, int(c.value)) for c in self.choices.quarters]
        default = NEXT_QUARTER if kind.key == "actuals-template" else LATEST_QUARTER
        _fill(self.quarter, [(default, None)] + quarters, self.quarter.currentData())
        whole = [(translated(WHOLE_ORGANISATION), None)] if self.choices.whole_organisation else []
        _fill(self.unit, whole + [(c.text, c.value) for c in self.choices.units], self.unit.currentData())
        people = [(p.name, p.person_id) for p in self.choices.people if p.fits(kind.key)]
        _fill(self.person, people, self.person.currentData())

    def _place(self, shown: list[str]) -> None:
        """The shown choices two to a row, in the declared order, with no gaps for hidden ones."""
        for label, combo in self._rows.values():
            self._grid.removeWidget(label)
            self._grid.removeWidget(combo)
        for key, (label, combo) in self._rows.items():
            visible = key in shown
            label.setVisible(visible)
            combo.setVisible(visible)
            if visible:
                place = shown.index(key)
                self._grid.addWidget(label, place // 2, (place % 2) * 2)
                self._grid.addWidget(combo, place // 2, (place % 2) * 2 + 1)

    def request(self) -> ReportRequest | None:
        """The request the form describes, or None when a needed choice has nothing to choose."""
        if self.kind is None or self.choices is None:
            return None
        taken = self.kind.choices
        if "person" in taken and self.person.currentData() is None:
            return None
        if "unit" in taken and self.unit.count() == 0:
            return None
        return ReportRequest(
            self.kind.key,
            year=self.year.currentData() if "year" in taken else None,
            period=self.quarter.currentData() if "period" in taken else None,
            organisation=(self.organisation.currentData() or self.choices.organisation_code) if "org" in taken else None,
            unit=self.unit.currentData() if "unit" in taken else None,
            person=self.person.currentData() if "person" in taken else None,
            language=self.language.currentData(),
        )

    def missing(self) -> str:
        """Why ``request()`` gave None, in words."""
        if self.kind is not None and "person" in self.kind.choices and self.person.count() == 0:
            return (self.tr(
                    "Nobody has a document of this kind ({0}) in the chosen year; choose another "
                    "year or kind.").format(translated(self.kind.title)))
        if self.kind is not None and "unit" in self.kind.choices and self.unit.count() == 0:
            return self.tr("You may read no unit of this organisation.")
        return self.tr("Choose an organisation and year in the top bar.")


def _fill(combo: QComboBox, items: list[tuple[str, object]], keep: object) -> None:
    """Replace the items, keeping the current value when it is still there."""
    combo.blockSignals(True)
    combo.clear()
    for text, value in items:
        combo.addItem(text, value)
    index = combo.findData(keep) if keep is not None else -1
    combo.setCurrentIndex(index if index >= 0 else (0 if items else -1))
    combo.blockSignals(False)
