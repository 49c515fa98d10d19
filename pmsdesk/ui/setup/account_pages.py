"""Set-up pages 3 and 4: the first administrator's own account, and the country's defaults."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget, QWizardPage

from pmsdesk.services.setup import ADMIN_PASSWORD_LENGTH, administrator_problems
from pmsdesk.services.setup_profiles import COUNTRIES, kind_label, profile_defaults

from .fields import CheckedForm


def password_box(parent: QWidget) -> QLineEdit:
    box = QLineEdit(parent)
    box.setEchoMode(QLineEdit.EchoMode.Password)
    return box


class AdministratorPage(QWizardPage):
    """The official who administers pmsdesk: full name, user name, password typed twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("First administrator"))
        self.setSubTitle(self.tr("Your own account. It adds the other users (PMS officers, capturers, verifiers, "
                                 "approvers) later under Administration. This database has no demo accounts."))
        self.form = form = CheckedForm(self)
        self.full_name = form.add("full_name", self.tr("&Full name:"), QLineEdit(self))
        self.username = form.add("username", self.tr("&User name:"), QLineEdit(self))
        self.username.setPlaceholderText(self.tr("e.g. thabo.mokoena"))
        self.password = form.add("password", self.tr("&Password:"), password_box(self))
        self.password.setPlaceholderText(self.tr("at least {0} characters").format(ADMIN_PASSWORD_LENGTH))
        self.password_again = form.add("password_again", self.tr("Password &again:"), password_box(self))
        layout = QVBoxLayout(self)
        layout.addLayout(form.layout)
        layout.addWidget(QLabel(self.tr("Keep the password safe: nobody can read it back, and only another "
                                        "administrator can reset it."), self))
        layout.addWidget(form.general)
        layout.addStretch(1)
        for box in (self.full_name, self.username, self.password, self.password_again):
            box.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return all(box.text().strip() for box in (self.full_name, self.username, self.password, self.password_again))

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        problems = administrator_problems(self.username.text(), self.full_name.text(), self.password.text(),
                                          self.password_again.text())
        self.form.messages.show_problems(problems)
        return not problems


class DefaultsPage(QWizardPage):
    """What the country and kind start with (KPAs, competencies, criteria categories or attributes)."""

    def __init__(self, organisation: Callable[[], dict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._organisation = organisation
        self.setTitle(self.tr("Starting defaults"))
        self.setSubTitle(self.tr("Records and lists your organisation starts with. Edit them afterwards on the "
                                 "Plans screen (KPAs) and under Administration ▸ Rule sets (lists)."))
        self.wanted = QCheckBox(self.tr("&Create these defaults"), self)
        self.wanted.setChecked(True)
        self.summary = QPlainTextEdit(self)
        self.summary.setReadOnly(True)
        self.summary.setAccessibleName(self.tr("Defaults"))
        self.general = QLabel(self)
        self.general.setWordWrap(True)
        self.general.setStyleSheet("color: #b00020;")
        self.general.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.wanted)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.general)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        values = self._organisation()
        defaults = profile_defaults(values["country"], values["kind"])
        heading = f"{COUNTRIES[values['country']]}, {kind_label(values['kind']).lower()}:"
        lines = defaults.describe() or [self.tr("No defaults for this kind: add KPAs on the Plans screen.")]
        self.summary.setPlainText("\n\n".join([heading, *("• " + line for line in lines)]))
        self.wanted.setEnabled(bool(defaults.kpas or defaults.item_lists))
