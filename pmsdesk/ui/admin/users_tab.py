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
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.screen_parts import list_beside_form, scrolled
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.wording import count_of

from ..translation import translated
from .parts import Notice, ReasonDialog, ServiceFormDialog, a_moment
from .user_dialogs import GrantRoleDialog, NewUserDialog, ResetPasswordDialog
from .users_model import UsersModel, holding_text, state_text

HOLDING_ROLE = Qt.ItemDataRole.UserRole
USERS_HINT = (QT_TR_NOOP("A role limited to a unit covers the units below it. Passwords are stored only as hashes: "
              "nobody can read one, but an administrator can set a new one. After five wrong passwords "
              "an account is locked for 15 minutes; Unlock lifts that at once. A deactivated account "
              "cannot sign in, and everything it did stays in the records. There is always at least one "
              "active administrator."))


class UserPanel(QWidget):
    """The chosen account: its roles and the buttons that change it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.roles = QListWidget(self)
        self.roles.setAccessibleName(self.tr("Roles of the chosen user"))
        self.roles.setMaximumHeight(140)
        roles_label = QLabel(self.tr("R&oles:"), self)
        roles_label.setBuddy(self.roles)
        self.grant = QPushButton(self.tr("&Grant role…"), self)
        self.revoke = QPushButton(self.tr("Re&voke role"), self)
        self.revoke.setToolTip(self.tr("Take away the role chosen in the list"))
        self.reset = QPushButton(self.tr("Reset pass&word…"), self)
        self.unlock = QPushButton(self.tr("Un&lock"), self)
        self.unlock.setToolTip(self.tr("Let the official sign in again before the lock-out ends"))
        self.active = QPushButton(self.tr("&Deactivate…"), self)
        buttons = QGridLayout()
        for index, button in enumerate((self.grant, self.revoke, self.reset, self.unlock, self.active)):
            buttons.addWidget(button, index // 2, index % 2)
        hint = QLabel(translated(USERS_HINT), self)
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
            self.heading.setText(self.tr("<i>Choose a user in the list.</i>"))
            return
        self.heading.setText(self.tr(
                "<b>{0}</b> ({1})<br>{2} · last signed in: {3}").format(user.full_name,
                user.username,
                state_text(user),
                a_moment(user.last_sign_in, 'never')))
        for held in user.roles:
            item = QListWidgetItem(holding_text(held))
            item.setData(HOLDING_ROLE, held)
            self.roles.addItem(item)
        if user.roles:
            self.roles.setCurrentRow(0)
        self.revoke.setEnabled(bool(user.roles))
        self.unlock.setEnabled(user.is_locked())
        self.active.setText(self.tr("Reac&tivate…") if not user.is_active else self.tr("&Deactivate…"))


class UsersTab(QWidget):
    """Lists every account; creates accounts, grants and revokes roles, resets, unlocks, deactivates."""

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._units: list[UnitChoice] = []
        self.model = UsersModel(self)
        self.table = ReadOnlyTable(self.model, self.model.columns, UsersModel.ROLES, self)
        self.table.setAccessibleName(self.tr("Users"))
        self.table.sortByColumn(UsersModel.USERNAME, Qt.SortOrder.AscendingOrder)
        self.panel = UserPanel(self)
        self.new_user = QPushButton(self.tr("&New user…"), self)
        self.count_label = QLabel(self)
        self.notice = Notice(self, self.tr("Outcome"))
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
                             label=self.tr("Loading the users…"))

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
    def _done(self, text: str, keep: str | None) -> None:
        """Say what was done and reload the list with user ``keep`` chosen."""
        self.notice.done(text)
        self.load(keep)

    def _open(self, dialog: ServiceFormDialog, done: Callable[[], str], keep: Callable[[], str | None]) -> None:
        """Show ``dialog``; when it succeeds, say so and reload the list with user ``keep()`` chosen."""
        dialog.accepted.connect(lambda: self._done(done(), keep()))
        dialog.open()

    def open_new_user(self) -> NewUserDialog:
        dialog = NewUserDialog(self._operations, self._actor, self._units, self)
        self._open(dialog, lambda: self.tr("Created the account {0}. They can sign in now.").format(dialog.created),
                   lambda: dialog.created)
        return dialog

    def open_grant_role(self) -> GrantRoleDialog | None:
        user = self.chosen()
        if user is None:
            return None
        dialog = GrantRoleDialog(self._operations, self._actor, user.username, self._units, self)
        self._open(dialog, lambda: self.tr(
                "{0} now also holds {1} ({2}).").format(user.username,
                dialog.role.currentText(),
                dialog.scope.currentText().lower()), lambda: user.username)
        return dialog

    def open_reset_password(self) -> ResetPasswordDialog | None:
        user = self.chosen()
        if user is None:
            return None
        dialog = ResetPasswordDialog(self._operations, self._actor, user.username, self)
        self._open(dialog, lambda: self.tr("The password of {0} was reset.").format(user.username), lambda: user.username)
        return dialog

    def open_set_active(self) -> ReasonDialog | None:
        user = self.chosen()
        if user is None:
            return None
        actor, username, activate = self._actor, user.username, not user.is_active
        verb = self.tr("Reactivate") if activate else self.tr("Deactivate")
        intro = (self.tr("{0} can sign in again.").format(user.full_name) if activate else
                 self.tr("{0} can no longer sign in; everything they did stays in the records.").format(user.full_name))
        dialog = ReasonDialog(
            self._operations, f"{verb} {username}", intro,
            lambda session, reason: users.set_active(session, actor, username, activate, reason=reason),
            self, ok_text=f"&{verb}")
        self._open(dialog, lambda: self.tr("{0} is {1}d.").format(username, verb.lower()), lambda: username)
        return dialog

    def revoke_chosen_role(self) -> None:
        user, item = self.chosen(), self.panel.roles.currentItem()
        if user is None or item is None:
            return
        held, actor = item.data(HOLDING_ROLE), self._actor
        self._operations.run(
            lambda context: users.revoke_role(context.session, actor, user.username, held.role, held.unit_id),
            lambda _none: self._done(self.tr("{0} no longer holds {1}.").format(user.username, holding_text(held)),
                                     user.username),
            self.notice.refused, label=self.tr("Revoking the role…"))

    def unlock_chosen(self) -> None:
        user, actor = self.chosen(), self._actor
        if user is None:
            return
        self._operations.run(lambda context: users.unlock_user(context.session, actor, user.username),
                             lambda _none: self._done(self.tr("{0} can sign in again.").format(user.username),
                                                      user.username),
                             self.notice.refused, label=self.tr("Unlocking…"))
