"""Driving File → New… and File → Open… the way a person does (shared by the File menu tests and the
head-office walk). Dialogs are opened non-modally by the window, so the steps click into them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard

from pmsdesk.ui.desk import Desk
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.setup import SetupWizard, StartChoiceDialog
from pmsdesk.ui.setup.head_office_dialog import HeadOfficeDialog
from pmsdesk.ui.sign_in import SignInDialog


@pytest.fixture
def immediate(monkeypatch):
    """Databases opened from the File menu run their work at once, like the tests' other windows."""
    monkeypatch.setattr("pmsdesk.ui.file_menu.Operations", ImmediateOperations)
    monkeypatch.setattr("pmsdesk.ui.main_window.ask_to_discard", lambda *_args: True)  # a failure must not hang


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))


def file_new(qtbot, monkeypatch, desk: Desk, path: Path, *, head_office: bool,
             look: Callable[[StartChoiceDialog], None] | None = None):
    """File → New…, the file name typed, the door chosen: returns the set-up dialog (wizard or form).

    ``look`` sees the question before a door is chosen (a screenshot)."""
    choose_file(monkeypatch, path)
    actions = desk.window.file_actions
    actions.new_action.trigger()
    choice = actions.dialog
    assert isinstance(choice, StartChoiceDialog), "File → New… asks what the database is for"
    if look is not None:
        look(choice)
    click(qtbot, choice.head_office if head_office else choice.set_up)
    return actions.dialog


def fill_head_office(qtbot, dialog: HeadOfficeDialog, *, code: str, name: str, country: str, region: str,
                     admin: str, password: str) -> None:
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, code)
    qtbot.keyClicks(dialog.name, name)
    dialog.country.setCurrentIndex(dialog.country.findData(country))
    qtbot.keyClicks(dialog.region, region)
    qtbot.keyClicks(dialog.full_name, admin.replace(".", " ").title())
    qtbot.keyClicks(dialog.username, admin)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClicks(dialog.password_again, password)


def fill_wizard(qtbot, wizard: SetupWizard, *, name: str, code: str, country: str, kind: str, region: str,
                year: str, admin: str, password: str) -> None:
    """The four pages of the day-one wizard, Finish pressed."""
    fields = wizard.organisation.fields
    fields.country.setCurrentIndex(fields.country.findData(country))
    fields.kind.setCurrentIndex(fields.kind.findData(kind))
    qtbot.keyClicks(fields.name, name)
    qtbot.keyClicks(fields.code, code)
    qtbot.keyClicks(fields.region, region)
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentPage() is wizard.year, fields.form.general.text()
    wizard.year.year.setText(year)
    wizard.year.lay_out()
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    page = wizard.administrator
    qtbot.keyClicks(page.full_name, admin.replace(".", " ").title())
    qtbot.keyClicks(page.username, admin)
    qtbot.keyClicks(page.password, password)
    qtbot.keyClicks(page.password_again, password)
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentPage() is wizard.defaults
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))


def file_open(qtbot, monkeypatch, desk: Desk, path: Path, username: str, password: str) -> None:
    """File → Open…, the file chosen, signed in."""
    choose_file(monkeypatch, path)
    actions = desk.window.file_actions
    actions.open_action.trigger()
    sign_in = actions.dialog
    assert isinstance(sign_in, SignInDialog), f"no sign-in for {path.name}"
    qtbot.keyClicks(sign_in.ui.username, username)
    qtbot.keyClicks(sign_in.ui.password, password)
    click(qtbot, sign_in.ui.sign_in)
