"""The agreement form: who, which kind, the weighted lines with their totals, and the actions.

It only shows and collects; ``AgreementsView`` runs the services. Once an
agreement is signed the form turns read-only and says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.models import AgreementKind
from pmsdesk.services.agreement_rules import UNWEIGHTED, default_kind
from pmsdesk.services.agreements import AgreementDetail, CountryAgreements, KpiChoice, PersonChoice
from pmsdesk.ui.reporting.actual_form import BANNER_STYLE
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.field_messages import ERROR_STYLE, FieldMessages, message_label
from pmsdesk.vocabulary import Vocabulary
from pmsdesk.wording import a_date, plain_number

from ..translation import translated
from .front_matter import FrontMatterFields
from .items_grid import ItemsGrid
from .kpi_picker import KpiPicker
from .wording import ITEM_NAMES, KIND_NAMES, STATUS_NAMES, version_text

OK_STYLE = "color: #1e6b34;"
#: How a suggested title starts, per kind.
TITLE_WORDS = {AgreementKind.KE_PERFORMANCE_CONTRACT: QT_TR_NOOP("Performance contract"),
               AgreementKind.KE_SPAS: QT_TR_NOOP("Staff performance appraisal")}


def item_problems(problems: Mapping[str, str]) -> dict[str, str]:
    """'items[2].weight' → 'Line 3, weight: …', so a message names the line to fix."""
    shown = {}
    for field, message in problems.items():
        if field.startswith("items[") and "]." in field:
            index, name = field[len("items["):].split("].", 1)
            message = QCoreApplication.translate("agreements.agreement_form",
                    "Line {0}, {1}: {2}").format(int(index) + 1, name.replace('_', ' '), message)
        elif field.startswith("items."):
            group = field.removeprefix("items.")
            message = f"{group.upper() if len(group) == 3 else group.title()} {message}"
        shown[field] = message
    return shown


class AgreementForm(QWidget):
    """Draft or read an agreement. ``edited`` fires on any change by the user."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: AgreementDetail | None = None
        #: The lines a new agreement of each kind starts with (see ``set_choices``).
        self._standard: dict[AgreementKind, Sequence[str]] = {}
        self._groups: dict[str, str] = {}
        #: False for users who may only read agreements: every field stays read-only.
        self.may_edit = True
        self.heading = QLabel(self.tr("<i>Choose an agreement, or start a new one.</i>"), self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setAccessibleName(self.tr("Notice about this agreement"))
        self.banner.hide()

        self.person = QComboBox(self)
        self.person.setAccessibleName(self.tr("Employee"))
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Kind of agreement"))
        for kind, name in KIND_NAMES.items():
            self.kind.addItem(translated(name), kind)
        self.title = QLineEdit(self)
        self.title.setAccessibleName(self.tr("Title of the agreement"))
        person_message = message_label(self, self.tr("Problem with the employee"))
        title_message = message_label(self, self.tr("Problem with the title"))
        self.messages = FieldMessages(message_label(self, self.tr("Problem")), {"person_id": person_message,
                                                                      "title": title_message})

        self.picker = KpiPicker(self)
        self.grid = ItemsGrid(self)
        self._people: dict[str, PersonChoice] = {}
        self._country: str | None = None
        self.front = FrontMatterFields(self)
        self.totals = QLabel(self)
        self.totals.setAccessibleName(self.tr("Weight totals"))
        self.totals.setWordWrap(True)
        self.add_line = QPushButton(self)
        self.remove_line = QPushButton(self.tr("&Remove line"), self)

        self.save = QPushButton(self.tr("&Save"), self)
        self.save.setShortcut(QKeySequence.StandardKey.Save)
        self.save.setToolTip(self.tr("Save the draft (Ctrl+S)"))
        self.preview = QPushButton(self.tr("Pre&view"), self)
        self.preview.setToolTip(self.tr("Show the printable agreement as last saved"))
        self.sign = QPushButton(self.tr("Mark si&gned…"), self)
        self.amend = QPushButton(self.tr("Amen&d…"), self)
        self.publish = QPushButton(self.tr("Made p&ublic…"), self)
        self.publish.setToolTip(self.tr("Record the day the signed agreement was made public"))
        self.versions = QListWidget(self)
        self.versions.setAccessibleName(self.tr("Version history"))
        self.versions.setFixedHeight(self.versions.fontMetrics().height() * 3 + 12)
        self._lay_out(person_message, title_message)

        self.picker.chosen.connect(self._add_kpi)
        self.grid.edited.connect(self._show_totals)
        self.grid.itemChanged.connect(lambda _item: self.edited.emit())
        self.add_line.clicked.connect(self._add_hand_line)
        self.remove_line.clicked.connect(self._remove_line)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.person.currentIndexChanged.connect(self._person_changed)
        self.title.textEdited.connect(lambda _text: self.edited.emit())
        self.front.edited.connect(self.edited.emit)
        self._auto_title = ""
        self._kind_changed()

    def _lay_out(self, person_message: QLabel, title_message: QLabel) -> None:
        fields = QFormLayout()
        for caption, field, message in ((self.tr("&Employee:"), self.person, person_message),
                                        (self.tr("&Title:"), self.title, title_message)):
            label = QLabel(caption, self)
            label.setBuddy(field)
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(field)
            box.addWidget(message)
            fields.addRow(label, box)
        kind_label = QLabel(self.tr("K&ind:"), self)
        kind_label.setBuddy(self.kind)
        fields.addRow(kind_label, self.kind)

        lines = QWidget(self)
        line_layout = QVBoxLayout(lines)
        line_layout.setContentsMargins(0, 0, 0, 0)
        line_layout.addWidget(self.grid, 1)
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.totals, 1)
        line_buttons.addWidget(self.add_line)
        line_buttons.addWidget(self.remove_line)
        line_layout.addLayout(line_buttons)
        self.parts = QTabWidget(self)
        self.parts.addTab(lines, self.tr("Lines"))
        self.parts.addTab(self.front, self.tr("Front matter"))
        splitter = QSplitter(self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.picker)
        splitter.addWidget(self.parts)
        splitter.setSizes([280, 520])
        splitter.setStretchFactor(1, 1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.messages.general, 1)
        buttons.addStretch()  # takes the room only while the message is hidden
        for button in (self.save, self.preview, self.sign, self.amend, self.publish):
            buttons.addWidget(button)
        history = QLabel(self.tr("Version &history:"), self)
        history.setBuddy(self.versions)
        self.history_label = history
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addLayout(fields)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        layout.addWidget(history)
        layout.addWidget(self.versions)

    # -- choices and showing --------------------------------------------------------------------------
    def set_choices(self, people: Sequence[PersonChoice], kpis: Sequence[KpiChoice],
                    standard: Mapping[AgreementKind, Sequence[str]] | None = None,
                    offered: CountryAgreements | None = None) -> None:
        """``standard``: the lines a new agreement of each kind starts with (the organisation's item lists);
        ``offered``: the agreement kinds the organisation's country uses (no Section 56 in Kenya) and the
        contract's criteria categories."""
        self._standard = dict(standard or {})
        self._people = {person.id: person for person in people}
        if offered is not None:
            self._country = offered.country
            self.grid.set_categories(offered.categories)
            self.grid.set_competencies(offered.competencies)
            self.grid.set_programmes(offered.programmes)
            self._groups = dict(offered.line_groups)
            self.kind.blockSignals(True)
            self.kind.clear()
            for kind in offered.kinds:
                self.kind.addItem(translated(KIND_NAMES[kind]), kind)
            self.kind.blockSignals(False)
            self._kind_changed()
        if self.detail is None and self.grid.rowCount() == 0:
            self._add_standard_lines()
        chosen = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem(self.tr("Choose the employee…"), None)
        for person in people:
            self.person.addItem(f"{person.full_name} — {person.position}" if person.position else person.full_name,
                                person.id)
        self.person.setCurrentIndex(max(0, self.person.findData(chosen)))
        self.person.blockSignals(False)
        self.picker.set_choices(kpis)

    def start_new(self) -> None:
        """An empty draft: every field open."""
        self.detail = None
        self.heading.setText(self.tr("<b>New agreement</b>"))
        self.banner.hide()
        self.person.setCurrentIndex(0)
        self.title.clear()
        self._auto_title = ""
        self.front.show_values({})
        self.grid.set_items(())
        self._add_standard_lines()
        self.versions.clear()
        self.versions.hide()
        self.history_label.hide()
        self.messages.clear()
        self._set_locked(False, new=True)

    def use_words(self, words: Vocabulary) -> None:
        """Offer the agreement kinds the organisation's country signs, its usual kind first (the default)."""
        kinds = [kind for kind in words.agreement_kinds if kind in KIND_NAMES] or list(KIND_NAMES)
        if [self.kind.itemData(index) for index in range(self.kind.count())] == kinds:
            return
        self.kind.blockSignals(True)
        self.kind.clear()
        for kind in kinds:
            self.kind.addItem(KIND_NAMES[AgreementKind(kind)], kind)
        self.kind.setCurrentIndex(0)
        self.kind.blockSignals(False)
        self.grid.set_kind(self.chosen_kind())
        self._name_hand_lines()

    def show_detail(self, detail: AgreementDetail) -> None:
        self.detail = detail
        row = detail.agreement
        self.messages.clear()
        self.heading.setText(f"<b>{row.employee}</b> — {version_text(row.version)} · {translated(STATUS_NAMES[row.status])}")
        self.kind.blockSignals(True)
        if self.kind.findData(row.kind) < 0:  # a kind of another country, kept in this database
            self.kind.addItem(KIND_NAMES[row.kind], row.kind)
        self.kind.setCurrentIndex(self.kind.findData(row.kind))
        self.kind.blockSignals(False)
        self.grid.set_kind(row.kind)
        self.parts.setTabVisible(1, row.kind == AgreementKind.KE_PERFORMANCE_CONTRACT)
        self._name_hand_lines()
        self.person.blockSignals(True)
        self.person.setCurrentIndex(max(0, self.person.findData(row.person_id)))
        self.person.blockSignals(False)
        self.title.setText(row.title)
        self.front.show_values(detail.front_matter)
        self.grid.set_items(detail.items)
        self.versions.clear()
        for version in detail.versions:
            self.versions.addItem(_version_line(version))
        self.versions.show()
        self.history_label.show()
        notice = None
        if detail.is_locked:
            notice = (self.tr(
                    "Signed on {0} at {1}: this version is locked. Use "
                    "Amend… to change it with a reason.").format(a_date(row.signed_on), row.signed_place) if row.signed_on else
                      self.tr("This version is {0} and cannot change.").format(translated(STATUS_NAMES[row.status]).lower()))
            if row.made_public_on:
                notice += " " + self.tr("Made public on {0}.").format(a_date(row.made_public_on))
        self.banner.setText(notice or "")
        self.banner.setVisible(notice is not None)
        self._set_locked(detail.is_locked, new=False)

    def _set_locked(self, locked: bool, *, new: bool) -> None:
        locked = locked or not self.may_edit
        self.person.setEnabled(new and not locked)
        self.kind.setEnabled(new and not locked)
        self.title.setReadOnly(locked)
        self.front.set_read_only(locked)
        self.picker.setEnabled(not locked)
        self.grid.set_read_only(locked)
        self.add_line.setEnabled(not locked)
        self.remove_line.setEnabled(not locked)
        self.save.setEnabled(not locked)
        self.preview.setEnabled(not new)
        self.sign.setEnabled(not new and not locked)
        signed = self.detail is not None and self.detail.agreement.status.value == "signed"
        self.amend.setEnabled(signed)
        self.publish.setEnabled(self.detail is not None and self.detail.agreement.signed_on is not None)
        self.publish.setVisible(self.may_edit and self.chosen_kind() == AgreementKind.SA_SECTION_56)  # MFMA s53(3)

    # -- editing --------------------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        if self.kind.count() == 0:
            return
        self.grid.set_kind(self.chosen_kind())
        self.parts.setTabVisible(1, self.chosen_kind() == AgreementKind.KE_PERFORMANCE_CONTRACT)
        self._name_hand_lines()
        if self.detail is None and not any(self.grid.line_kind(row) == self.grid.second_group()
                                           for row in range(self.grid.rowCount())):
            self._add_standard_lines()

    def _add_standard_lines(self) -> None:
        """A new draft starts with the compulsory CCRs (SA) or the OPRAS attributes (TZ); weights are typed."""
        second = self.grid.second_group()
        titles = self._standard.get(self.grid.kind, []) if second is not None else []
        blocked = self.grid.blockSignals(True)  # suggested lines are not an edit to ask about
        for title in titles:
            self.grid.add_line(second, title, self._groups.get(title))
        self.grid.blockSignals(blocked)
        if titles:
            self._show_totals()

    def _name_hand_lines(self) -> None:
        second = self.grid.second_group()
        self.add_line.setVisible(second is not None)
        if second is not None:
            self.add_line.setText(self.tr("Add &{0}").format(translated(ITEM_NAMES[second][0])))

    def _person_changed(self) -> None:
        """Suggest the kind (Kenya: a contract for a senior post, SPAS otherwise) and a title from the
        person's name until the user types one."""
        chosen = self._people.get(self.person.currentData())
        if self.detail is None and chosen is not None and self.kind.count() > 1:
            index = self.kind.findData(default_kind(self._country, chosen.senior))
            if index >= 0 and index != self.kind.currentIndex():
                self.kind.setCurrentIndex(index)
        if self.title.text() in ("", self._auto_title) and self.person.currentData():
            name = self.person.currentText().split(" — ")[0]
            self._auto_title = f"{TITLE_WORDS.get(self.chosen_kind(), 'Performance agreement')}: {name}"
            self.title.setText(self._auto_title)
        self.edited.emit()

    def _add_kpi(self, kpi: KpiChoice) -> None:
        if self.grid.editTriggers() != self.grid.EditTrigger.NoEditTriggers:
            self.grid.add_kpi(kpi)
            self.edited.emit()

    def _add_hand_line(self) -> None:
        second = self.grid.second_group()
        if second is not None:
            self.grid.add_line(second)
            self.grid.setFocus()
            self.edited.emit()

    def _remove_line(self) -> None:
        self.grid.remove_current()
        self.edited.emit()

    def _show_totals(self) -> None:
        parts, all_right = [], True
        for kind, total in self.grid.totals().items():
            if kind in UNWEIGHTED:
                continue
            right = abs(total - 100) < 1e-6
            all_right &= right
            mark = " ✓" if right else self.tr(" (must be 100%)")
            parts.append(f"{translated(ITEM_NAMES[kind][1])}: {plain_number(total)}%{mark}")
        if self.grid.kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
            parts += [f"{name} {plain_number(weight)}" for name, weight in self.grid.category_totals().items()]
        unlinked = self.grid.unlinked_rows()
        self.totals.setText(self.tr("Weights — ") + " · ".join(parts) + (self.tr(
            "\nNot linked to a CIDP programme or ADP project: {0}").format(", ".join(unlinked)) if unlinked else ""))
        self.totals.setStyleSheet(OK_STYLE if all_right and not unlinked else ERROR_STYLE)

    # -- what was entered -------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the agreements service takes; the front matter only for a Kenyan contract."""
        kind = self.chosen_kind()
        values = {"kind": kind.value, "rule_set_code": kind.value, "title": self.title.text()}
        if kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
            values |= self.front.values()
        return values

    def chosen_kind(self) -> AgreementKind:
        return AgreementKind(self.kind.currentData())  # Qt hands enum data back as plain text

    def person_id(self) -> str | None:
        return self.person.currentData()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        self.messages.show_problems(item_problems(problems))


def _version_line(version) -> str:
    words = f"{version_text(version.version)}: {translated(STATUS_NAMES[version.status])}"
    if version.signed_on:
        words += QCoreApplication.translate("agreements.agreement_form",
                ", signed {0} at {1}").format(a_date(version.signed_on), version.signed_place)
    if version.amendment_reason:
        words += QCoreApplication.translate("agreements.agreement_form", " — reason: {0}").format(version.amendment_reason)
    return words
