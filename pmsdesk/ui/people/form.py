"""One official's details on the People screen: name, number, post, unit, supervisor, e-mail, account."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services.people import Official, OfficialChoices
from pmsdesk.vocabulary import Vocabulary, vocabulary_for

from ..setup.fields import CheckedForm
from ..translation import QT_TR_NOOP, translated

NONE = "—"
#: (field, label, hint) of a person's particulars for the OPRAS form (TFN 832 section 1).
PARTICULAR_ROWS = (
    ("gender", QT_TR_NOOP("Ge&nder:"), QT_TR_NOOP("e.g. Female")),
    ("date_of_birth", QT_TR_NOOP("Date of &birth:"), QT_TR_NOOP("e.g. 1984-03-21")),
    ("qualification", QT_TR_NOOP("&Qualification:"), QT_TR_NOOP("e.g. BSc Civil Engineering")),
    ("substantive_post", QT_TR_NOOP("Substantive post:"), QT_TR_NOOP("the post held, if another is acted in")),
    ("first_appointed_on", QT_TR_NOOP("First appointed on:"), QT_TR_NOOP("e.g. 2009-07-01")),
    ("post_appointed_on", QT_TR_NOOP("In this post since:"), QT_TR_NOOP("e.g. 2021-01-15")),
    ("terms_of_service", QT_TR_NOOP("Terms of service:"), QT_TR_NOOP("e.g. Permanent and pensionable")),
)


def _choice_box(parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    box.setMinimumContentsLength(18)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box


class OfficialForm(QWidget):
    """Edits one official; ``save_requested`` carries the values for ``people.save_official``."""

    save_requested = Signal(dict)
    retire_requested = Signal()
    reinstate_requested = Signal()

    def use_words(self, words: Vocabulary) -> None:
        """The senior manager and position example of the organisation's country; a Tanzanian organisation's
        people also have the particulars of the OPRAS form."""
        for box in getattr(self, "particulars", {}).values():
            self.form.layout.setRowVisible(box.parentWidget(), words.country == "TZ")
        self.position_title.setPlaceholderText(f"e.g. {words.position_example}")
        self.senior.setToolTip(self.tr(
                "{0}{1}: signs a performance agreement").format(words.senior_manager[:1].upper(), words.senior_manager[1:]))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.official: Official | None = None
        self._shown: dict[str, Any] = {}
        self.heading = QLabel(self)
        self.form = form = CheckedForm(self)
        self.full_name = form.add("full_name", self.tr("&Full name:"), QLineEdit(self))
        self.employee_number = form.add("employee_number", self.tr("&Employee no.:"), QLineEdit(self))
        self.position_title = form.add("position_title", self.tr("&Position:"), QLineEdit(self))
        self.grade = form.add("grade", self.tr("&Grade:"), QLineEdit(self))
        self.senior = form.add("is_senior_manager", self.tr("Senior manager:"), QCheckBox(self.tr("&Yes"), self))
        self.use_words(vocabulary_for(None))
        self.unit = form.add("unit_id", self.tr("&Unit:"), _choice_box(self))
        self.supervisor = form.add("supervisor_id", self.tr("Super&visor:"), _choice_box(self))
        self.email = form.add("email", self.tr("E-&mail:"), QLineEdit(self))
        self.account = form.add("username", self.tr("User &account:"), _choice_box(self))
        #: The particulars an appraisal form asks for (OPRAS section 1): shown where the country uses it.
        self.particulars: dict[str, QLineEdit] = {}
        for key, label, hint in PARTICULAR_ROWS:
            box = form.add(key, translated(label), QLineEdit(self))
            box.setPlaceholderText(translated(hint))
            self.particulars[key] = box
            form.layout.setRowVisible(box.parentWidget(), False)
        self.save = QPushButton(self.tr("&Save"), self)
        self.save.setDefault(True)
        self.retire = QPushButton(self.tr("&Retire…"), self)
        self.reinstate = QPushButton(self.tr("Reins&tate…"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addStretch(1)
        buttons.addWidget(self.retire)
        buttons.addWidget(self.reinstate)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form.layout)
        layout.addWidget(form.general)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save.clicked.connect(lambda: self.save_requested.emit(self.values()))
        self.retire.clicked.connect(self.retire_requested)
        self.reinstate.clicked.connect(self.reinstate_requested)
        self.set_choices(OfficialChoices((), (), ()))
        self.show_official(None)

    def set_choices(self, choices: OfficialChoices) -> None:
        self._choices = choices

    def _fill(self, box: QComboBox, options: list[tuple[Any, str]], current: Any) -> None:
        box.clear()
        box.addItem(NONE, None)
        for value, label in options:
            box.addItem(label, value)
        box.setCurrentIndex(max(box.findData(current), 0))

    def show_official(self, official: Official | None) -> None:
        """Show ``official``, or an empty form for a new person (None)."""
        self.official = official
        self.form.messages.clear()
        values = official.values() if official else {}
        own_id = official.id if official else None
        self.heading.setText(f"<b>{official.full_name}</b>" if official else self.tr("<b>New person</b>"))
        for box, key in ((self.full_name, "full_name"), (self.employee_number, "employee_number"),
                         (self.position_title, "position_title"), (self.grade, "grade"), (self.email, "email")):
            box.setText(values.get(key) or "")
        self.senior.setChecked(bool(values.get("is_senior_manager")))
        for key, box in self.particulars.items():
            value = values.get(key)
            box.setText(value.isoformat() if hasattr(value, "isoformat") else (value or ""))
        self._fill(self.unit, list(self._choices.units), values.get("unit_id"))
        self._fill(self.supervisor, [(pid, name) for pid, name in self._choices.people if pid != own_id],
                   values.get("supervisor_id"))
        accounts = [(name, name) for name, person_id in self._choices.accounts if person_id in (None, own_id)]
        self._fill(self.account, accounts, values.get("username"))
        retired = official is not None and official.retired_on is not None
        self.retire.setVisible(official is not None and not retired)
        self.reinstate.setVisible(retired)
        self._shown = self.values()

    def values(self) -> dict[str, Any]:
        def text(box: QLineEdit) -> str | None:
            return box.text().strip() or None

        return {"full_name": self.full_name.text(), "employee_number": text(self.employee_number),
                "position_title": text(self.position_title), "grade": text(self.grade),
                "is_senior_manager": self.senior.isChecked(), "unit_id": self.unit.currentData(),
                "supervisor_id": self.supervisor.currentData(), "email": text(self.email),
                "username": self.account.currentData(),
                **{key: text(box) for key, box in self.particulars.items()}}

    def unsaved_changes(self) -> str | None:
        if self.values() == self._shown:
            return None
        who = self.official.full_name if self.official else self.tr("a new person")
        return self.tr("changes to {0}").format(who)
