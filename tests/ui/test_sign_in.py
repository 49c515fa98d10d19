"""Signing in and changing one's password through the dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pmsdesk.services import users
from pmsdesk.ui.sign_in import ChangePasswordDialog, SignInDialog


def sign_in_dialog(qtbot, operations) -> SignInDialog:
    dialog = SignInDialog(operations)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_wrong_password_is_refused_under_the_fields_and_the_right_one_signs_in(qtbot, operations):
    dialog = sign_in_dialog(qtbot, operations)

    qtbot.keyClicks(dialog.ui.username, "capturer")
    qtbot.keyClicks(dialog.ui.password, "not-my-password")
    qtbot.keyClick(dialog.ui.password, Qt.Key.Key_Return)

    assert dialog.actor is None
    assert dialog.isVisible()
    assert dialog.ui.error.text() == users.SIGN_IN_REFUSED
    assert dialog.ui.password.text() == ""

    qtbot.keyClicks(dialog.ui.password, "capturer-password")
    qtbot.keyClick(dialog.ui.password, Qt.Key.Key_Return)

    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert dialog.actor.username == "capturer"


def test_a_locked_account_gets_the_same_answer_as_a_wrong_password(qtbot, operations):
    dialog = sign_in_dialog(qtbot, operations)
    qtbot.keyClicks(dialog.ui.username, "verifier")
    for _attempt in range(users.MAX_FAILED_LOGINS):
        qtbot.keyClicks(dialog.ui.password, "guess")
        qtbot.keyClick(dialog.ui.password, Qt.Key.Key_Return)

    qtbot.keyClicks(dialog.ui.password, "verifier-password")
    qtbot.keyClick(dialog.ui.password, Qt.Key.Key_Return)

    assert dialog.actor is None
    assert dialog.ui.error.text() == users.SIGN_IN_REFUSED


def test_an_empty_user_name_is_asked_for_without_calling_the_service(qtbot, operations):
    dialog = sign_in_dialog(qtbot, operations)

    qtbot.mouseClick(dialog.ui.sign_in, Qt.MouseButton.LeftButton)

    assert dialog.ui.error.text() == "Type your user name."


def test_changing_the_password_checks_the_repeat_and_the_service(qtbot, operations, actor_named, seeded_database):
    dialog = ChangePasswordDialog(operations, actor_named("viewer"))
    qtbot.addWidget(dialog)
    dialog.show()

    qtbot.keyClicks(dialog.current, "viewer-password")
    qtbot.keyClicks(dialog.new, "short")
    qtbot.keyClicks(dialog.repeat, "short")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.new_message.text() == "Must be at least 8 characters."

    for box in (dialog.new, dialog.repeat):
        box.clear()
        qtbot.keyClicks(box, "a-longer-secret")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)

    assert dialog.result() == ChangePasswordDialog.DialogCode.Accepted
    with seeded_database.session() as session:
        assert users.sign_in(session, "viewer", "a-longer-secret").username == "viewer"
