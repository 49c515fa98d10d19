"""Signing in before the main window opens, and changing one's own password."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services import users
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError

from .operations import Operations
from .widgets.field_messages import FieldMessages, message_label


def _password_box(parent: QWidget, name: str) -> QLineEdit:
    box = QLineEdit(parent)
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setAccessibleName(name)
    return box


class _SignInLayout:
    """The widgets of the sign-in dialog."""

    def setup(self, dialog: QDialog) -> None:
        dialog.setWindowTitle(QCoreApplication.translate("_SignInLayout", "Sign in to pmsdesk"))
        self.heading = QLabel(QCoreApplication.translate("_SignInLayout",
                "<b>Sign in</b> with your pmsdesk user name and password."), dialog)
        self.username = QLineEdit(dialog)
        self.username.setAccessibleName(QCoreApplication.translate("_SignInLayout", "User name"))
        self.password = _password_box(dialog, QCoreApplication.translate("_SignInLayout", "Password"))
        self.error = message_label(dialog, QCoreApplication.translate("_SignInLayout", "Sign-in problem"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
        self.sign_in = self.buttons.addButton(QCoreApplication.translate("_SignInLayout",
                "&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in.setDefault(True)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("_SignInLayout", "&User name:"), self.username)
        form.addRow(QCoreApplication.translate("_SignInLayout", "&Password:"), self.password)
        layout = QVBoxLayout(dialog)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        dialog.setMinimumWidth(380)


class SignInDialog(QDialog):
    """Asks for a user name and password; ``actor`` is set once the service accepts them."""

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self.actor: Actor | None = None
        self.ui = _SignInLayout()
        self.ui.setup(self)
        self.ui.buttons.accepted.connect(self._try_sign_in)
        self.ui.buttons.rejected.connect(self.reject)

    def _try_sign_in(self) -> None:
        username, password = self.ui.username.text().strip(), self.ui.password.text()
        if not username:
            self._refuse(self.tr("Type your user name."), self.ui.username)
            return
        self.ui.sign_in.setEnabled(False)
        self._operations.run(
            lambda context: users.sign_in(context.session, username, password),
            self._signed_in, self._failed, label=self.tr("Signing in…"),
        )

    def _signed_in(self, actor: Actor) -> None:
        self.ui.sign_in.setEnabled(True)
        self.actor = actor
        self.accept()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, ServiceError):
            raise error
        self._refuse(str(error), self.ui.password)

    def _refuse(self, message: str, field: QLineEdit) -> None:
        self.ui.sign_in.setEnabled(True)
        self.ui.error.setText(message)
        self.ui.error.show()
        self.ui.password.clear()
        field.setFocus(Qt.FocusReason.OtherFocusReason)


class ChangePasswordDialog(QDialog):
    """The signed-in user proves the current password and chooses a new one (typed twice)."""

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self.setWindowTitle(self.tr("Change password"))
        self.current = _password_box(self, self.tr("Current password"))
        self.new = _password_box(self, self.tr("New password"))
        self.repeat = _password_box(self, self.tr("New password again"))
        self.new_message = message_label(self, self.tr("Problem with the new password"))
        self.error = message_label(self, self.tr("Problem"))
        self.messages = FieldMessages(self.error, {"new_password": self.new_message})
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        form = QFormLayout()
        form.addRow(self.tr("&Current password:"), self.current)
        form.addRow(self.tr("&New password:"), self.new)
        form.addRow("", self.new_message)
        form.addRow(self.tr("&Repeat new password:"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Signed in as <b>{0}</b>.").format(actor.username), self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.buttons.accepted.connect(self._change)
        self.buttons.rejected.connect(self.reject)

    def _change(self) -> None:
        if self.new.text() != self.repeat.text():
            self.messages.show_problems({"new_password": self.tr("the two new passwords differ; type them again")})
            return
        current, new = self.current.text(), self.new.text()
        self._operations.run(
            lambda context: users.change_password(context.session, self._actor, current, new),
            lambda _none: self.accept(), self._failed, label=self.tr("Changing the password…"),
        )

    def _failed(self, error: Exception) -> None:
        self.messages.show_error(error)
