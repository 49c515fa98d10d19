"""The first run: the question on a machine without a database, and the wizard's refusals beside each field."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard
from sqlalchemy import func, select

from pmsdesk.db import open_database
from pmsdesk.models import InstallationSetting, Organisation
from pmsdesk.ui import app
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.setup import SetupWizard, StartChoice, StartChoiceDialog

from .test_day_one import ADMIN, ADMIN_PASSWORD, run_wizard


@pytest.fixture
def empty(tmp_path):
    database = open_database(tmp_path / "empty.sqlite")
    yield database
    database.dispose()


@pytest.fixture
def wizard(qtbot, empty):
    shown = SetupWizard(empty, ImmediateOperations(empty))
    qtbot.addWidget(shown)
    shown.show()
    return shown


def press_next(wizard) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()


def organisations(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Organisation))


def test_the_organisation_page_names_a_bad_code_and_stays(qtbot, wizard, empty):
    fields = wizard.organisation.fields
    qtbot.keyClicks(fields.name, "Ngwathe Local Municipality")
    qtbot.keyClicks(fields.code, "ngw 1")
    press_next(wizard)

    assert wizard.currentPage() is wizard.organisation
    assert fields.form.messages.text_of("code").startswith("Use capital letters, digits")
    assert [fields.kind.itemText(n) for n in range(fields.kind.count())] == [
        "Local municipality", "District municipality", "Metropolitan municipality", "Ministry or state department"]
    fields.country.setCurrentIndex(fields.country.findData("TZ"))
    assert fields.form.layout.labelForField(fields.region.parentWidget()).text() == "&Region:"
    assert fields.kind.itemText(0) == "Ministry or state department" and fields.kind.count() == 4


@pytest.mark.parametrize(("content", "message"), [
    (b"these are not the pixels you are looking for", "Crest.png is not a PNG or JPEG picture"),
    (None, "Crest.png is 40 MB; use a logo of at most 5 MB."),
])
def test_a_logo_that_is_no_picture_or_too_large_is_refused_beside_the_field(wizard, tmp_path, content, message):
    path = tmp_path / "crest.png"
    if content is None:
        with path.open("wb") as handle:
            handle.truncate(40 * 1024 * 1024)
    else:
        path.write_bytes(content)

    assert not wizard.organisation.fields.load_logo(str(path))

    assert wizard.organisation.fields.form.messages.text_of("logo").startswith(message)
    assert wizard.organisation.fields.logo is None


def test_a_real_logo_is_shown_scaled(wizard, tmp_path):
    path = tmp_path / "crest.jpg"
    Image.new("RGB", (2000, 1000), "#c9a227").save(path, "JPEG")

    assert wizard.organisation.fields.load_logo(str(path))

    assert Image.open(io.BytesIO(wizard.organisation.fields.logo)).size == (512, 256)
    assert not wizard.organisation.fields.logo_preview.pixmap().isNull()


def test_overlapping_quarters_and_a_weak_password_are_named_on_their_pages(qtbot, wizard, empty):
    fields = wizard.organisation.fields
    qtbot.keyClicks(fields.name, "Moshi District Council")
    qtbot.keyClicks(fields.code, "MDC")
    fields.country.setCurrentIndex(fields.country.findData("TZ"))
    press_next(wizard)
    first, _last = wizard.year.quarter_boxes[2]
    first.setDate(first.date().addDays(-5))
    press_next(wizard)
    assert wizard.currentPage() is wizard.year
    assert "quarters may not overlap" in wizard.year.form.messages.text_of("quarters[2]")
    wizard.year.reset.click()
    press_next(wizard)

    page = wizard.administrator
    qtbot.keyClicks(page.full_name, "Neema Mushi")
    qtbot.keyClicks(page.username, "neema")
    qtbot.keyClicks(page.password, "short")
    qtbot.keyClicks(page.password_again, "short")
    press_next(wizard)
    assert wizard.currentPage() is page
    assert page.form.messages.text_of("password") == "Must be at least 10 characters."
    page.password.setText("Kilimanjaro-2026")
    press_next(wizard)
    assert page.form.messages.text_of("password_again") == "Does not match the password."
    assert organisations(empty) == 0


def test_a_refusal_at_the_end_goes_back_to_the_page_of_the_field(qtbot, wizard, empty, monkeypatch):
    from pmsdesk.services.errors import ValidationError
    from pmsdesk.ui.setup import wizard as module

    def refused(_session, _request):
        raise ValidationError.single("code", "the organisation code NGW is already used in this database")

    monkeypatch.setattr(module, "set_up_organisation", refused)
    wizard.close()
    shown = run_wizard(qtbot, empty, ImmediateOperations(empty))

    assert shown.currentPage() is shown.organisation and shown.isVisible()
    assert shown.organisation.fields.form.messages.text_of("code") == \
        "The organisation code NGW is already used in this database."
    assert organisations(empty) == 0


def test_a_missing_database_asks_and_the_wizard_signs_the_administrator_in(qtbot, tmp_path, monkeypatch):
    """``make run`` on a new machine: set up my organisation; the window opens for its administrator."""
    path = tmp_path / "data" / "pmsdesk.sqlite"
    asked = []

    def choose(dialog):
        asked.append(dialog.windowTitle())
        dialog.choice = StartChoice.SET_UP
        return StartChoiceDialog.DialogCode.Accepted

    def wizard_exec(shown):
        typed = run_wizard(qtbot, shown._database, ImmediateOperations(shown._database))
        shown.actor = typed.actor
        return SetupWizard.DialogCode.Accepted

    monkeypatch.setattr(StartChoiceDialog, "exec", choose)
    monkeypatch.setattr(SetupWizard, "exec", wizard_exec)
    opened = []
    monkeypatch.setattr(MainWindow, "show", lambda window: opened.append(window.windowTitle()))
    QTimer.singleShot(0, QApplication.quit)
    monkeypatch.setattr(app, "default_database_path", lambda: path)

    assert app.run_app(None) == 0

    assert asked == ["Welcome to pmsdesk"]
    assert opened == [f"pmsdesk — Ngwathe Local Municipality — {ADMIN}"]
    database = open_database(path)
    try:
        with database.session() as session:
            assert session.get(InstallationSetting, "demo") is None
    finally:
        database.dispose()


def test_closing_the_wizard_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "pmsdesk.sqlite"

    def choose(dialog):
        dialog.choice = StartChoice.SET_UP
        return StartChoiceDialog.DialogCode.Accepted

    monkeypatch.setattr(StartChoiceDialog, "exec", choose)
    monkeypatch.setattr(SetupWizard, "exec", lambda _wizard: SetupWizard.DialogCode.Rejected)

    assert app.run_app(str(path)) == 0
    assert list(tmp_path.iterdir()) == []


def test_exploring_the_demo_builds_it_beside_the_real_database(tmp_path, monkeypatch):
    path = tmp_path / "pmsdesk.sqlite"
    built = []

    def choose(dialog):
        dialog.choice = StartChoice.DEMO
        return StartChoiceDialog.DialogCode.Accepted

    monkeypatch.setattr(StartChoiceDialog, "exec", choose)
    monkeypatch.setattr(app, "open_or_create_demo", lambda target: built.append(target) or open_database(target))
    monkeypatch.setattr(app, "default_database_path", lambda: path)
    monkeypatch.setattr(SetupWizard, "exec", lambda _wizard: SetupWizard.DialogCode.Rejected)

    app.run_app(None)

    assert built == [str(tmp_path / app.DEMO_FILE)]
    assert not path.exists(), "the real database is still to be set up"


def test_a_demo_database_says_demo_in_the_title_and_status_bar(qtbot, seeded_database, operations, actor_named):
    with seeded_database.session() as session:
        session.add(InstallationSetting(key="demo", value="built by pmsdesk demo"))
        session.commit()

    window = MainWindow(seeded_database, actor_named("viewer"), operations)
    qtbot.addWidget(window)

    assert window.windowTitle().startswith("pmsdesk — DEMO — ")
    assert window.demo_label.text() == "DEMO DATA — not an official record"


def test_the_administrator_password_typed_in_the_wizard_signs_in(qtbot, empty):
    from pmsdesk.services import users

    run_wizard(qtbot, empty, ImmediateOperations(empty))

    with empty.session() as session:
        assert users.sign_in(session, ADMIN, ADMIN_PASSWORD).username == ADMIN
