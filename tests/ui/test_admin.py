"""The Administration screen, driven like an administrator: accounts, rule sets, years and backups."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from sqlalchemy import select

from pmsdesk.backups import backups_of, create_backup
from pmsdesk.db import sqlite_path
from pmsdesk.models import AuditEvent, Role
from pmsdesk.services import register, rule_sets, users
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import PermissionDenied
from pmsdesk.ui.admin import AdministrationView
from pmsdesk.ui.admin.parts import ReasonDialog
from pmsdesk.ui.admin.user_dialogs import GrantRoleDialog

from .conftest import password_of


@pytest.fixture
def admin_view(qtbot, seeded_database, operations, actor_named):
    return _open_view(qtbot, seeded_database, operations, actor_named("admin"))


def _open_view(qtbot, database, operations, actor) -> AdministrationView:
    view = AdministrationView(operations, actor)
    qtbot.addWidget(view)
    view.show()
    with database.session() as session:
        organisation = register.list_organisations(session)[0]
        view.show_year(register.list_financial_years(session, organisation.id)[0])
    return view


def _open_tab(view: AdministrationView, tab) -> None:
    view.tabs.setCurrentWidget(tab)


@pytest.fixture
def say_yes(monkeypatch):
    """Answer Yes to every confirmation and remember the questions."""
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _choose_user(view: AdministrationView, username: str) -> None:
    view.users.table.selectRow(view.users.model.row_of(username))


def _pick(combo, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))


# -- users and roles -------------------------------------------------------------


def test_a_user_created_through_the_form_can_sign_in(qtbot, admin_view, seeded_database):
    dialog = admin_view.users.open_new_user()
    qtbot.keyClicks(dialog.username, "tmokoena")
    qtbot.keyClicks(dialog.full_name, "Thandi Mokoena")
    qtbot.keyClicks(dialog.passwords.first, "short")
    qtbot.keyClicks(dialog.passwords.second, "short")
    _pick(dialog.role, "Capturer")
    _pick(dialog.scope, "Corporate Services")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.messages.text_of("password") == "Must be at least 8 characters."

    dialog.passwords.first.clear()
    qtbot.keyClicks(dialog.passwords.first, "Mokoena-2026")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.messages.text_of("password_repeat") == "The two passwords differ; type them again."

    dialog.passwords.second.clear()
    qtbot.keyClicks(dialog.passwords.second, "Mokoena-2026")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert admin_view.users.panel.heading.text().startswith("<b>Thandi Mokoena</b> (tmokoena)")
    assert admin_view.users.panel.roles.item(0).text() == "Capturer (Corporate Services)"
    with seeded_database.session() as session:
        actor = users.sign_in(session, "tmokoena", "Mokoena-2026")
    assert [grant.role for grant in actor.grants] == [Role.CAPTURER]


def test_a_taken_user_name_is_shown_next_to_the_field_and_nothing_is_created(qtbot, admin_view):
    dialog = admin_view.users.open_new_user()
    qtbot.keyClicks(dialog.username, "viewer")
    qtbot.keyClicks(dialog.full_name, "Someone Else")
    for box in (dialog.passwords.first, dialog.passwords.second):
        qtbot.keyClicks(box, "long-enough-1")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.messages.text_of("username") == "Viewer is already taken."
    assert admin_view.users.count_label.text() == "5 users"


def test_granting_and_revoking_a_role_for_a_unit(qtbot, admin_view):
    _choose_user(admin_view, "viewer")
    qtbot.mouseClick(admin_view.users.panel.grant, Qt.MouseButton.LeftButton)
    dialog = admin_view.users.findChild(GrantRoleDialog)
    _pick(dialog.role, "Capturer")
    _pick(dialog.scope, "Technical Services")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    roles = admin_view.users.panel.roles
    assert [roles.item(i).text() for i in range(roles.count())] == [
        "Capturer (Technical Services)", "Read-only (council, MPAC) (whole organisation)"]
    assert admin_view.users.notice.text() == "viewer now also holds Capturer (technical services)."

    roles.setCurrentRow(0)
    qtbot.mouseClick(admin_view.users.panel.revoke, Qt.MouseButton.LeftButton)
    assert [roles.item(i).text() for i in range(roles.count())] == ["Read-only (council, MPAC) (whole organisation)"]


def test_the_last_administrator_cannot_revoke_their_own_role(qtbot, admin_view):
    _choose_user(admin_view, "admin")
    qtbot.mouseClick(admin_view.users.panel.revoke, Qt.MouseButton.LeftButton)
    assert "at least one active administrator" in admin_view.users.notice.text()
    assert admin_view.users.panel.roles.item(0).text() == "Administrator (whole organisation)"


def test_a_locked_out_user_is_shown_locked_and_unlocked_with_one_click(qtbot, admin_view, seeded_database):
    with seeded_database.session() as session:
        for _ in range(users.MAX_FAILED_LOGINS):
            with pytest.raises(PermissionDenied):
                users.sign_in(session, "verifier", "wrong")
    admin_view.users.load()
    _choose_user(admin_view, "verifier")
    assert "Locked until" in admin_view.users.panel.heading.text()
    qtbot.mouseClick(admin_view.users.panel.unlock, Qt.MouseButton.LeftButton)
    assert "Active" in admin_view.users.panel.heading.text()
    with seeded_database.session() as session:
        assert users.sign_in(session, "verifier", password_of("verifier")).username == "verifier"


def test_a_password_reset_needs_a_reason(qtbot, admin_view, seeded_database):
    _choose_user(admin_view, "approver")
    dialog = admin_view.users.open_reset_password()
    for box in (dialog.passwords.first, dialog.passwords.second):
        qtbot.keyClicks(box, "new-approver-1")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.messages.text_of("reason") == "Say why the password is reset."
    qtbot.keyClicks(dialog.reason, "forgot it")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with seeded_database.session() as session:
        assert users.sign_in(session, "approver", "new-approver-1").username == "approver"


# -- rule sets -------------------------------------------------------------------


def _edit_value(qtbot, tree, path: str, text: str) -> None:
    """Type into one value's cell as a user would: choose it, F2, type, Enter."""
    item = tree.item_at(path)
    tree.setCurrentItem(item, 1)
    tree.editItem(item, 1)
    [editor] = [box for box in tree.findChildren(QLineEdit) if box.isVisible()]  # closed editors linger hidden
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: item.text(1) == text)  # the delegate commits on the next turn of the event loop


def _open_editor(qtbot, view: AdministrationView, code: str):
    _open_tab(view, view.rule_sets)
    tab = view.rule_sets
    tab.codes.selectRow(next(row for row in range(tab.model.rowCount()) if tab.model.row_at(row)["code"] == code))
    qtbot.mouseClick(tab.edit, Qt.MouseButton.LeftButton)
    return tab.editor


def test_editing_a_rule_set_value_saves_a_new_revision_and_keeps_the_old(qtbot, admin_view, seeded_database):
    dialog = _open_editor(qtbot, admin_view, "za_sdbip")
    _edit_value(qtbot, dialog.values, "body.bands[0].max", "80")
    assert admin_view.unsaved_changes() == "unsaved changes to the rule set za_sdbip (revision 1)"
    qtbot.keyClicks(dialog.reason, "council resolution 12/2026")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.messages.text_of("body").startswith("Bands › KPI almost met")  # the gap is named by its row

    _edit_value(qtbot, dialog.values, "body.bands[1].min", "80")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible() and admin_view.unsaved_changes() is None
    history = admin_view.rule_sets.history
    assert history.count() == 2
    assert history.item(0).text().endswith("admin: council resolution 12/2026")
    with seeded_database.session() as session:
        assert rule_sets.get_rule_set(session, "za_sdbip")["body"]["bands"][0]["max"] == 80
        assert rule_sets.get_rule_set(session, "za_sdbip", 1)["body"]["bands"][0]["max"] == 75


def test_letters_where_a_number_belongs_are_refused_before_saving(qtbot, admin_view, seeded_database):
    dialog = _open_editor(qtbot, admin_view, "za_sdbip")
    _edit_value(qtbot, dialog.values, "body.rollup_achievement_cap", "lots")
    qtbot.keyClicks(dialog.reason, "try")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.messages.text_of("body") == "Rollup achievement cap: type a number, not 'lots'."
    with seeded_database.session() as session:
        assert len(rule_sets.rule_set_history(session, "za_sdbip")) == 1


# -- financial years -------------------------------------------------------------


def _year_labels(tab) -> list[str]:
    return [tab.tree.topLevelItem(row).text(0) for row in range(tab.tree.topLevelItemCount())]


def test_the_next_year_is_proposed_from_the_last_and_created_with_its_quarters(qtbot, admin_view):
    tab = admin_view.years
    _open_tab(admin_view, tab)
    assert tab.create_next.text() == "Create &2026/27 (1 Jul 2026 – 30 Jun 2027)"
    with qtbot.waitSignal(admin_view.years_changed):
        qtbot.mouseClick(tab.create_next, Qt.MouseButton.LeftButton)
    assert _year_labels(tab) == ["2026/27", "2025/26", "2024/25"]
    assert tab.tree.topLevelItem(0).childCount() == 4
    assert tab.create_next.text().startswith("Create &2027/28")


def test_a_quarter_is_closed_and_reopened_with_a_reason(qtbot, admin_view, seeded_database, say_yes):
    tab = admin_view.years
    _open_tab(admin_view, tab)
    assert tab.select_quarter("2025/26", "Q2")
    qtbot.mouseClick(tab.close_period, Qt.MouseButton.LeftButton)
    assert say_yes and say_yes[0].startswith("Close Q2?")
    assert tab.tree.currentItem().text(3) == "Closed"
    assert tab.tree.topLevelItem(0).text(3) == "1 of 4 quarters closed"

    qtbot.mouseClick(tab.reopen_period, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(ReasonDialog)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.messages.text_of("reason") == "Say why Q2 is reopened."
    qtbot.keyClicks(dialog.reason, "late evidence from Technical Services")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    assert tab.tree.currentItem().text(3) == "Open"
    with seeded_database.session() as session:
        reason = session.scalar(select(AuditEvent.reason).where(AuditEvent.entity == "reporting_period",
                                                                AuditEvent.reason.is_not(None)))
    assert reason == "late evidence from Technical Services"


# -- backups ---------------------------------------------------------------------


def test_back_up_now_lists_the_new_backup(qtbot, admin_view):
    tab = admin_view.backups
    _open_tab(admin_view, tab)
    assert tab.model.rowCount() == 0
    qtbot.mouseClick(tab.back_up, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, tab.model.WHY).data() == "Backed up by hand"
    assert tab.notice.text().startswith("Backed up to t-")


def test_a_corrupt_backup_is_refused_with_a_clear_message_and_nothing_changes(qtbot, admin_view, seeded_database,
                                                                             say_yes):
    database = sqlite_path(seeded_database.url)
    good = create_backup(database, "manual")
    corrupt = good.with_name(good.name.replace("-manual", "-before-upgrade")
                             .replace(good.name.split("-")[1], "20200101"))
    corrupt.write_bytes(b"this is not a database" * 100)
    tab = admin_view.backups
    _open_tab(admin_view, tab)
    assert tab.select_backup(corrupt)
    with qtbot.assertNotEmitted(admin_view.restart_requested):
        qtbot.mouseClick(tab.restore, Qt.MouseButton.LeftButton)
    assert tab.notice.text() == f"Nothing was changed. {corrupt} is not a SQLite database file."
    assert backups_of(database) == [corrupt, good]  # no safety copy was taken either


def test_restoring_a_sound_backup_asks_the_app_to_reopen_the_database(qtbot, admin_view, seeded_database, say_yes):
    database = sqlite_path(seeded_database.url)
    good = create_backup(database, "manual")
    tab = admin_view.backups
    _open_tab(admin_view, tab)
    assert tab.select_backup(good)
    with qtbot.waitSignal(admin_view.restart_requested) as restarted:
        qtbot.mouseClick(tab.restore, Qt.MouseButton.LeftButton)
    assert restarted.args[0].startswith("The database was restored from the backup taken")
    assert any(path.name.endswith("-before-restore.sqlite") for path in backups_of(database))


def test_a_backup_of_another_organisation_is_restored_only_with_a_reason(qtbot, admin_view, seeded_database,
                                                                         say_yes, tmp_path):
    database = sqlite_path(seeded_database.url)
    other = create_backup(database, "manual")
    with sqlite3.connect(other) as connection:
        connection.execute("UPDATE organisation SET id = 'another-county', code = 'KE-999', name = 'Another County'")
    before = database.read_bytes()
    tab = admin_view.backups
    _open_tab(admin_view, tab)
    assert tab.select_backup(other)
    with qtbot.assertNotEmitted(admin_view.restart_requested):
        qtbot.mouseClick(tab.restore, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(ReasonDialog)
    assert "It holds the organisation(s) KE-999 Another County, this database " in dialog.intro.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.messages.text_of("reason").startswith("Say why this backup must be restored")
    assert database.read_bytes() == before

    qtbot.keyClicks(dialog.reason, "the county's laptop was replaced")
    with qtbot.waitSignal(admin_view.restart_requested):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT code FROM organisation").fetchall() == [("KE-999",)]
        assert connection.execute("SELECT actor, reason FROM audit_event WHERE action = 'restore'").fetchall() == [
            ("admin", "the county's laptop was replaced")]


# -- who sees what -----------------------------------------------------------------


@pytest.mark.parametrize(("username", "tabs"), [
    ("admin", ["&Users and roles", "Rule &sets", "&Financial years", "&Backups", "&Organisation"]),
    ("approver", []),
    ("viewer", []),
    ("capturer", []),
])
def test_each_role_sees_only_the_tabs_it_may_use(qtbot, seeded_database, operations, actor_named, username, tabs):
    actor = actor_named(username)
    assert AdministrationView.is_available_to(actor) == bool(tabs)
    view = AdministrationView(operations, actor)
    qtbot.addWidget(view)
    assert [view.tabs.tabText(index) for index in range(view.tabs.count())] == tabs


def test_a_pms_officer_manages_years_and_takes_backups_but_cannot_restore(qtbot, seeded_database, operations):
    with seeded_database.session() as session:
        users.create_user(session, Actor.system(), {"username": "pmso", "full_name": "PMS Officer"},
                          "pmso-password", [(Role.PMS_OFFICER, None)])
        actor = users.sign_in(session, "pmso", "pmso-password")
    view = _open_view(qtbot, seeded_database, operations, actor)
    assert [view.tabs.tabText(index) for index in range(view.tabs.count())] == ["&Financial years", "&Backups"]
    assert view.years.create_next.isVisibleTo(view) and view.years.close_period.isVisibleTo(view)
    view.tabs.setCurrentWidget(view.backups)
    assert view.backups.back_up.isVisibleTo(view) and not view.backups.restore.isVisibleTo(view)
