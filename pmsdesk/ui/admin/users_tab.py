"""Users and roles: the accounts on the left, what can be done to the chosen one on the right."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services import users
from pmsdesk.services.actor import Actor
from pmsdesk.services.users import UnitChoice, UserSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.widgets.screen_parts import list_beside_form, scrolled
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.wording import count_of

from .parts import Notice, ReasonDialog, ServiceFormDialog, a_moment
from .user_dialogs import GrantRoleDialog, NewUserDialog, ResetPasswordDialog
from .users_model import UsersModel, holding_text, state_text

HOLDING_ROLE = Qt.ItemDataRole.UserRole
USERS_HINT = ("A role limited to a unit covers the units below it. Passwords are stored only as hashes: "
              "nobody can read one, but an administrator can set a new one. After five wrong passwords "
              "an account is locked for 15 minutes; Unlock lifts that at once. A deactivated account "
              "cannot sign in, and everything it did stays in the records. There is always at least one "
              "active administrator.")


class UserPanel(QWidget):
    """The chosen account: its roles and the buttons that change it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.roles = QListWidget(self)
        self.roles.setAccessibleName("Roles of the chosen user")
        self.roles.setMaximumHeight(140)
        roles_label = QLabel("R&oles:", self)
        roles_label.setBuddy(self.roles)
        self.grant = QPushButton("&Grant role…", self)
        self.revoke = QPushButton("Re&voke role", self)
        self.revoke.setToolTip("Take away the role chosen in the list")
        self.reset = QPushButton("Reset pass&word…", self)
        self.unlock = QPushButton("Un&lock", self)
        self.unlock.setToolTip("Let the official sign in again before the lock-out ends")
        self.active = QPushButton("&Deactivate…", self)
        buttons = QGridLayout()
        for index, button in enumerate((self.grant, self.revoke, self.reset, self.unlock, self.active)):
            buttons.addWidget(button, index // 2, index % 2)
        hint = QLabel(USERS_HINT, self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(roles_label)
        layout.addWidget(self.roles)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addStretch(1)

    def show_user(self, user: UserSummary | None) -> None:
        self.roles.clear()
        self.setEnabled(user is not None)
        if user is None:
            self.heading.setText("<i>Choose a user in the list.</i>")
            return
        self.heading.setText(f"<b>{user.full_name}</b> ({user.username})<br>{state_text(user)} · "
                             f"last signed in: {a_moment(user.last_sign_in, 'never')}")
        for held in user.roles:
            item = QListWidgetItem(holding_text(held))
            item.setData(HOLDING_ROLE, held)
            self.roles.addItem(item)
        if user.roles:
            self.roles.setCurrentRow(0)
        self.revoke.setEnabled(bool(user.roles))
        self.unlock.setEnabled(user.is_locked())
        self.active.setText("Reac&tivate…" if not user.is_active else "&Deactivate…")


class UsersTab(QWidget):
    """Lists every account; creates accounts, grants and revokes roles, resets, unlocks, deactivates."""

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._units: list[UnitChoice] = []
        self.model = UsersModel(self)
        self.table = ReadOnlyTable(self.model, self.model.columns, UsersModel.ROLES, self)
        self.table.setAccessibleName("Users")
        self.table.sortByColumn(UsersModel.USERNAME, Qt.SortOrder.AscendingOrder)
        self.panel = UserPanel(self)
        self.new_user = QPushButton("&New user…", self)
        self.count_label = QLabel(self)
        self.notice = Notice(self, "Outcome")
        bar = QHBoxLayout()
        bar.addWidget(self.new_user)
        bar.addWidget(self.notice, 1)
        bar.addWidget(self.count_label)
        list_beside_form(self, bar, self.table, scrolled(self.panel, self), (760, 380))

        self.new_user.clicked.connect(self.open_new_user)
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.panel.grant.clicked.connect(self.open_grant_role)
        self.panel.revoke.clicked.connect(self.revoke_chosen_role)
        self.panel.reset.clicked.connect(self.open_reset_password)
        self.panel.unlock.clicked.connect(self.unlock_chosen)
        self.panel.active.clicked.connect(self.open_set_active)
        self.panel.show_user(None)

    def load(self, keep: str | None = None) -> None:
        """Reload the accounts (and the units roles can be limited to), choosing ``keep`` again."""
        actor = self._actor

        def read(context) -> tuple[list[UserSummary], list[UnitChoice]]:
            return users.list_users(context.session, actor), users.unit_choices(context.session)

        self._operations.run(read, lambda found: self._show(*found, keep), self.notice.refused,
                             label="Loading the users…")

    def _show(self, rows: list[UserSummary], units: list[UnitChoice], keep: str | None) -> None:
        self._units = units
        self.model.set_rows(rows)
        self.count_label.setText(count_of(len(rows), "user"))
        row = self.model.row_of(keep) if keep else None
        if row is None:
            self.panel.show_user(None)
        else:
            self.table.selectRow(row)
            self.panel.show_user(self.model.row_at(row))

    def chosen(self) -> UserSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _row_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        self.panel.show_user(self.model.row_at(indexes[0].row()) if indexes else None)

    # -- actions --------------------------------------------------------------
    def _open(self, dialog: ServiceFormDialog, done: Callable[[], str], keep: Callable[[], str | None]) -> None:
        """Show ``dialog``; when it succeeds, say so and reload the list with user ``keep()`` chosen."""
        dialog.accepted.connect(lambda: (self.notice.done(done()), self.load(keep())))
        dialog.open()

    def open_new_user(self) -> NewUserDialog:
        dialog = NewUserDialog(self._operations, self._actor, self._units, self)
        self._open(dialog, lambda: f"Created the account {dialog.created}. They can sign in now.",
                   lambda: dialog.created)
        return dialog

    def open_grant_role(self) -> GrantRoleDialog | None:
        user = self.chosen()
        if user is None:
            return None
        dialog = GrantRoleDialog(self._operations, self._actor, user.username, self._units, self)
        self._open(dialog, lambda: f"{user.username} now also holds {dialog.role.currentText()} "
                                   f"({dialog.scope.currentText().lower()}).", lambda: user.username)
        return dialog

    def open_reset_password(self) -> ResetPasswordDialog | None:
        user = self.chosen()
        if user is None:
            return None
        dialog = ResetPasswordDialog(self._operations, self._actor, user.username, self)
        self._open(dialog, lambda: f"The password of {user.username} was reset.", lambda: user.username)
        return dialog

    def open_set_active(self) -> ReasonDialog | None:
        user = self.chosen()
        if user is None:
            return None
        actor, username, activate = self._actor, user.username, not user.is_active
        verb = "Reactivate" if activate else "Deactivate"
        intro = (f"{user.full_name} can sign in again." if activate else
                 f"{user.full_name} can no longer sign in; everything they did stays in the records.")
        dialog = ReasonDialog(
            self._operations, f"{verb} {username}", intro,
            lambda session, reason: users.set_active(session, actor, username, activate, reason=reason),
            self, ok_text=f"&{verb}")
        self._open(dialog, lambda: f"{username} is {verb.lower()}d.", lambda: username)
        return dialog

    def revoke_chosen_role(self) -> None:
        user, item = self.chosen(), self.panel.roles.currentItem()
        if user is None or item is None:
            return
        held, actor = item.data(HOLDING_ROLE), self._actor
        self._operations.run(
            lambda context: users.revoke_role(context.session, actor, user.username, held.role, held.unit_id),
            lambda _none: (self.notice.done(f"{user.username} no longer holds {holding_text(held)}."),
                           self.load(user.username)),
            self.notice.refused, label="Revoking the role…")

    def unlock_chosen(self) -> None:
        user, actor = self.chosen(), self._actor
        if user is None:
            return
        self._operations.run(lambda context: users.unlock_user(context.session, actor, user.username),
                             lambda _none: (self.notice.done(f"{user.username} can sign in again."),
                                            self.load(user.username)),
                             self.notice.refused, label="Unlocking…")
