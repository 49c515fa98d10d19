"""Dialogs of the users tab: a new account, a role to grant, a password to reset."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from pmsdesk.models import Role
from pmsdesk.services import users
from pmsdesk.services.actor import Actor
from pmsdesk.services.users import UnitChoice
from pmsdesk.ui.operations import Operations, WorkContext

from .parts import ServiceFormDialog, password_box, reason_box

ROLE_NAMES = {
    Role.ADMINISTRATOR: "Administrator", Role.PMS_OFFICER: "PMS officer", Role.CAPTURER: "Capturer",
    Role.VERIFIER: "Verifier", Role.APPROVER: "Approver", Role.READ_ONLY: "Read-only (council, MPAC)",
}
WHOLE_ORGANISATION = "Whole organisation"
PASSWORD_HINT = f"At least {users.MIN_PASSWORD_LENGTH} characters. Tell it to the official in person."


def role_picker(parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName("Role")
    for role, name in ROLE_NAMES.items():
        box.addItem(name, role)
    box.setCurrentIndex(box.findData(Role.CAPTURER))  # the usual new account; never administrator by default
    return box


def scope_picker(parent: QWidget, units: list[UnitChoice]) -> QComboBox:
    """'Whole organisation' first, then every unit (a role for a unit covers the units below it)."""
    box = QComboBox(parent)
    box.setAccessibleName("Limited to")
    box.addItem(WHOLE_ORGANISATION, None)
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
        self.second = dialog.add_field("Re&peat password:", password_box(dialog, "Repeat password"),
                                       f"{field}_repeat")

    def checked(self) -> str | None:
        if self.first.text() != self.second.text():
            self._dialog.messages.show_problems(
                {f"{self._field}_repeat": "the two passwords differ; type them again"})
            return None
        return self.first.text()


class NewUserDialog(ServiceFormDialog):
    """A new account with its first role; the initial password is typed twice."""

    def __init__(self, operations: Operations, actor: Actor, units: list[UnitChoice],
                 parent: QWidget | None = None) -> None:
        super().__init__(operations, "New user", parent, "&Create user")
        self._actor = actor
        self.username = self.add_field("&User name:", QLineEdit(self), "username")
        self.username.setAccessibleName("User name")
        self.full_name = self.add_field("&Full name:", QLineEdit(self), "full_name")
        self.full_name.setAccessibleName("Full name")
        self.passwords = _PasswordPair(self, "password", "Initial pass&word:")
        self.role = self.add_field("&Role:", role_picker(self), "roles")
        self.scope = self.add_field("&Limited to:", scope_picker(self, units), "unit_id")
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
        super().__init__(operations, f"Grant a role to {username}", parent, "&Grant")
        self._actor = actor
        self._username = username
        self.role = self.add_field("&Role:", role_picker(self), "role")
        self.scope = self.add_field("&Limited to:", scope_picker(self, units), "unit_id")

    def work(self) -> Callable[[WorkContext], Any]:
        actor, username, role, unit_id = self._actor, self._username, self.role.currentData(), self.scope.currentData()
        return lambda context: users.grant_role(context.session, actor, username, role, unit_id)


class ResetPasswordDialog(ServiceFormDialog):
    """An administrator sets a new password (the old one is never shown) and says why."""

    def __init__(self, operations: Operations, actor: Actor, username: str, parent: QWidget | None = None) -> None:
        super().__init__(operations, f"Reset the password of {username}", parent, "&Reset password")
        self._actor = actor
        self._username = username
        self.say("The account is also unlocked. Give the new password to the official in person.")
        self.passwords = _PasswordPair(self, "new_password", "New pass&word:")
        self.reason = self.add_field("Rea&son:", reason_box(self, "Why? (kept in the audit trail)"), "reason")

    def work(self) -> Callable[[WorkContext], Any] | None:
        password = self.passwords.checked()
        if password is None:
            return None
        actor, username, reason = self._actor, self._username, self.reason.toPlainText()
        return lambda context: users.reset_password(context.session, actor, username, password, reason=reason)
