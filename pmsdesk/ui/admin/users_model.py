"""The accounts as a table: who, with which roles where, and whether they can sign in."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pmsdesk.services.users import RoleHolding, UserSummary
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn

from ..translation import translated
from .parts import a_moment
from .user_dialogs import ROLE_NAMES, WHOLE_ORGANISATION


def holding_text(held: RoleHolding) -> str:
    """'Capturer (Technical Services)', 'Administrator (whole organisation)'."""
    return f"{translated(ROLE_NAMES[held.role])} ({held.unit_name or translated(WHOLE_ORGANISATION).lower()})"


def roles_text(user: UserSummary) -> str:
    return "; ".join(holding_text(held) for held in user.roles) or QCoreApplication.translate("admin.users_model", "No role")


def state_text(user: UserSummary) -> str:
    if not user.is_active:
        return QCoreApplication.translate("admin.users_model", "Deactivated")
    if user.is_locked():
        return QCoreApplication.translate("admin.users_model", "Locked until {0}").format(a_moment(user.locked_until)[-5:])
    return QCoreApplication.translate("admin.users_model", "Active")


class UsersModel(RowTableModel[UserSummary]):
    """Rows from ``users.list_users``."""

    USERNAME, FULL_NAME, ROLES, STATE, LAST_SIGN_IN = range(5)

    columns = (
        TableColumn(QT_TR_NOOP("User name"), lambda u: u.username, lambda u: u.username.casefold(), 110),
        TableColumn(QT_TR_NOOP("Name"), lambda u: u.full_name, lambda u: u.full_name.casefold(), 200),
        TableColumn(QT_TR_NOOP("Roles"), roles_text, lambda u: roles_text(u).casefold(), 220, tooltip=roles_text),
        TableColumn(QT_TR_NOOP("State"), state_text, state_text, 120),
        TableColumn(QT_TR_NOOP("Last signed in"), lambda u: a_moment(u.last_sign_in), lambda u: u.last_sign_in, 130),
    )

    def search_text_of(self, row: UserSummary) -> str:
        return f"{row.username} {row.full_name} {roles_text(row)}".casefold()

    def row_of(self, username: str) -> int | None:
        self.fetch_all()
        return next((row for row in range(self.rowCount()) if self.row_at(row).username == username), None)
