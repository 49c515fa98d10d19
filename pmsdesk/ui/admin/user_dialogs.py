"""Dialogs of the users tab: a new account, a role to grant, a password to reset."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from pmsdesk.models import Role
from pmsdesk.services import users
from pmsdesk.services.actor import Actor
from pmsdesk.services.users import UnitChoice
from pmsdesk.ui.operations import Operations, WorkContext
from pmsdesk.ui.translation import QT_TR_NOOP

from ..translation import translated
from .parts import ServiceFormDialog, password_box, reason_box

ROLE_NAMES = {
    Role.ADMINISTRATOR: QT_TR_NOOP(
            "Administrator"), Role.PMS_OFFICER: QT_TR_NOOP("PMS officer"), Role.CAPTURER: QT_TR_NOOP("Capturer"),
    Role.VERIFIER: QT_TR_NOOP(
            "Verifier"), Role.APPROVER: QT_TR_NOOP("Approver"), Role.READ_ONLY: QT_TR_NOOP("Read-only (council, MPAC)"),
}
WHOLE_ORGANISATION = QT_TR_NOOP("Whole organisation")
PASSWORD_HINT = f"At least {users.MIN_PASSWORD_LENGTH} characters. Tell it to the official in person."


def role_picker(parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName(QCoreApplication.translate("admin.user_dialogs", "Role"))
    for role, name in ROLE_NAMES.items():
        box.addItem(name, role)
    box.setCurrentIndex(box.findData(Role.CAPTURER))  # the usual new account; never administrator by default
    return box


def scope_picker(parent: QWidget, units: list[UnitChoice]) -> QComboBox:
    """'Whole organisation' first, then every unit (a role for a unit covers the units below it)."""
    box = QComboBox(parent)
    box.setAccessibleName(QCoreApplication.translate("admin.user_dialogs", "Limited to"))
    box.addItem(translated(WHOLE_ORGANISATION), None)
    for unit in units:
        box.addItem(unit.name, unit.id)
    return box


class _PasswordPair:
    """A password typed twice; ``checked()`` is None (with a message shown) when the two differ."""

    def __init__(self, dialog: ServiceFormDialog, field: str, caption: str) -> None:
        self._dialog = dialog
        self._field = field
        self.first = dialog.add_field(caption, password_box(dialog, caption.replace("&", "").rstrip(":")), field)
        self.first.setPlaceholderText(PASSWORD_HINT)
        self.first.setToolTip(PASSWORD_HINT)
        self.second = dialog.add_field(QCoreApplication.translate("_PasswordPair",
                "Re&peat password:"), password_box(dialog, QCoreApplication.translate("_PasswordPair",
                "Repeat password")),
                                       f"{field}_repeat")

    def checked(self) -> str | None:
        if self.first.text() != self.second.text():
            self._dialog.messages.show_problems(
                {f"{self._field}_repeat": QCoreApplication.translate("_PasswordPair",
                        "the two passwords differ; type them again")})
            return None
        return self.first.text()


class NewUserDialog(ServiceFormDialog):
    """A new account with its first role; the initial password is typed twice."""

    def __init__(self, operations: Operations, actor: Actor, units: list[UnitChoice],
                 parent: QWidget | None = None) -> None:
        super().__init__(operations, QCoreApplication.translate("NewUserDialog",
                "New user"), parent, QCoreApplication.translate("NewUserDialog", "&Create user"))
        self._actor = actor
        self.username = self.add_field(self.tr("&User name:"), QLineEdit(self), "username")
        self.username.setAccessibleName(self.tr("User name"))
        self.full_name = self.add_field(self.tr("&Full name:"), QLineEdit(self), "full_name")
        self.full_name.setAccessibleName(self.tr("Full name"))
        self.passwords = _PasswordPair(self, "password", self.tr("Initial pass&word:"))
        self.role = self.add_field(self.tr("&Role:"), role_picker(self), "roles")
        self.scope = self.add_field(self.tr("&Limited to:"), scope_picker(self, units), "unit_id")
        self.created: str | None = None

    def work(self) -> Callable[[WorkContext], Any] | None:
        password = self.passwords.checked()
        if password is None:
            return None
        values = {"username": self.username.text(), "full_name": self.full_name.text()}
        grant = (self.role.currentData(), self.scope.currentData())
        actor = self._actor
        self.created = values["username"].strip()
        return lambda context: users.create_user(context.session, actor, values, password, [grant]).username


class GrantRoleDialog(ServiceFormDialog):
    """One more role for an account, for the whole organisation or one unit."""

    def __init__(self, operations: Operations, actor: Actor, username: str, units: list[UnitChoice],
                 parent: QWidget | None = None) -> None:
        super().__init__(operations, QCoreApplication.translate("GrantRoleDialog",
                "Grant a role to {0}").format(username), parent, QCoreApplication.translate("GrantRoleDialog",
                "&Grant"))
        self._actor = actor
        self._username = username
        self.role = self.add_field(self.tr("&Role:"), role_picker(self), "role")
        self.scope = self.add_field(self.tr("&Limited to:"), scope_picker(self, units), "unit_id")

    def work(self) -> Callable[[WorkContext], Any]:
        actor, username, role, unit_id = self._actor, self._username, self.role.currentData(), self.scope.currentData()
        return lambda context: users.grant_role(context.session, actor, username, role, unit_id)


class ResetPasswordDialog(ServiceFormDialog):
    """An administrator sets a new password (the old one is never shown) and says why."""

    def __init__(self, operations: Operations, actor: Actor, username: str, parent: QWidget | None = None) -> None:
        super().__init__(operations, QCoreApplication.translate("ResetPasswordDialog",
                "Reset the password of {0}").format(username), parent, QCoreApplication.translate("ResetPasswordDialog",
                "&Reset password"))
        self._actor = actor
        self._username = username
        self.say(self.tr("The account is also unlocked. Give the new password to the official in person."))
        self.passwords = _PasswordPair(self, "new_password", self.tr("New pass&word:"))
        self.reason = self.add_field(self.tr("Rea&son:"), reason_box(self, self.tr("Why? (kept in the audit trail)")), "reason")

    def work(self) -> Callable[[WorkContext], Any] | None:
        password = self.passwords.checked()
        if password is None:
            return None
        actor, username, reason = self._actor, self._username, self.reason.toPlainText()
        return lambda context: users.reset_password(context.session, actor, username, password, reason=reason)
