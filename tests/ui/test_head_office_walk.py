"""Head office from the window, first contact to the Head office screen, without the command line or the demo.

A head office is set up at the first start (the same doors as File → New…); a South African municipality
and a Kenyan county are made with File → New… and the day-one wizard; each adds a KPI, exports a package
for head office and prints its cover sheet; head office opens, imports both, trusting each office with the
fingerprint read from its cover sheet (typed with spaces, in small letters); head office sends a package
back to each office, which trusts head office the same way; a conflict between head office's and an
office's edit of one KPI is decided on head office's Sync screen; the walk ends on the Head office screen.

With ``PMSDESK_WALK_SCREENSHOTS=<folder>`` every step is also saved as a picture (1366×768).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox, QWidget
from sqlalchemy import select

from pmsdesk.models import Kpi, Organisation, SyncConflict
from pmsdesk.ui.desk import Desk
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.setup import StartChoice, StartChoiceDialog
from pmsdesk.ui.setup.new_database import set_up_dialog

from .file_new import click, file_new, file_open, fill_head_office, fill_wizard, immediate  # noqa: F401 - fixture
from .helpers import click_row, open_screen
from .test_day_one import without_demo  # noqa: F401 - the fixture: fails the walk if pmsdesk.demo is imported

HQ = {"code": "HEAD-OFFICE", "name": "Office of the Premier: PMS Unit", "country": "ZA", "region": "Free State",
      "admin": "lindiwe.mokoena", "password": "Bloemfontein-2026!"}
ZA = {"name": "Ngwathe Local Municipality", "code": "ZA-FS203", "country": "ZA", "kind": "local_municipality",
      "region": "Free State", "year": "2026/27", "admin": "thabo.mokoena", "password": "Vaal-river-2026!"}
KE = {"name": "County Government of Nakuru", "code": "KE-032", "country": "KE", "kind": "county",
      "region": "Nakuru", "year": "2026/27", "admin": "wanjiru.kamau", "password": "Menengai-Crater-9"}
FINGERPRINT = re.compile(r"\b[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}\b")
SCREENSHOTS = os.environ.get("PMSDESK_WALK_SCREENSHOTS")


def shot(widget: QWidget, name: str, size: tuple[int, int] = (1366, 768)) -> None:
    """A picture of the step for docs/screenshots, when asked for (windows at ``size``)."""
    if not SCREENSHOTS:
        return
    if isinstance(widget, QMainWindow):
        widget.resize(*size)
    QApplication.processEvents()
    widget.grab().save(str(Path(SCREENSHOTS) / f"{name}.png"))
    if isinstance(widget, QMainWindow) and size != (1366, 768):
        widget.resize(1366, 768)


@pytest.fixture
def walk(tmp_path, monkeypatch, immediate):  # noqa: F811 - the fixture
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(tmp_path / "keys"))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *rest: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    return asked


def first_start_as_head_office(qtbot, path: Path) -> Desk:
    """What the app does on a computer without a database: the question, then head office's form."""
    from pmsdesk.db import open_database

    question = StartChoiceDialog(str(path), str(path.with_name("pmsdesk-demo.sqlite")))
    qtbot.addWidget(question)
    question.show()
    shot(question, "file-new-0-first-start")
    click(qtbot, question.head_office)
    assert question.choice is StartChoice.HEAD_OFFICE
    database = open_database(path)
    operations = ImmediateOperations(database)
    form = set_up_dialog(question.choice, database, operations)
    qtbot.addWidget(form)
    form.show()
    fill_head_office(qtbot, form, **{key: HQ[key] for key in ("code", "name", "country", "region", "admin",
                                                              "password")})
    shot(form, "file-new-1-head-office-form")
    click(qtbot, form.set_up_button)
    assert form.actor is not None, form.form.general.text()
    desk = Desk(database, operations, str(path))
    desk.show(form.actor)
    return desk


def add_kpi(qtbot, window, reference: str, name: str) -> None:
    dialog = open_screen(window, "KPI register").new_kpi()
    ui = dialog.ui
    qtbot.keyClicks(ui.lines["reference"], reference)
    qtbot.keyClicks(ui.texts["name"], name)
    qtbot.keyClicks(ui.lines["unit_of_measure"], "households")
    qtbot.keyClicks(ui.lines["annual_target"], "400")
    for row in range(4):
        ui.targets.item(row, 1).setText("100")
    click(qtbot, ui.save)


def change_annual_target(qtbot, window, organisation: str, reference: str, target: str) -> None:
    """The KPI register of ``organisation`` (chosen in the top bar), the KPI opened, its annual target typed."""
    selector = window.selector.organisations
    selector.setCurrentIndex(selector.findText(organisation))
    register = open_screen(window, "KPI register")
    click_row(qtbot, register.table, reference)
    dialog = register.edit_kpi(register.table.currentIndex())
    box = dialog.ui.lines["annual_target"]
    box.clear()
    qtbot.keyClicks(box, target)
    click(qtbot, dialog.ui.save)
    assert not dialog.isVisible(), "saved"


def save_files_in(monkeypatch, folder: Path) -> None:
    """Every save dialog accepts the name pmsdesk suggests, in ``folder`` (the USB stick)."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _parent, _title, suggested, *rest, **kw: (str(folder / Path(suggested).name), ""))


def export_with_cover_sheet(qtbot, monkeypatch, window, receiver: str, stick: Path, step: str) -> tuple[Path, str]:
    """Sync → Export for ``receiver``, then Print cover sheet… → Save as PDF; the package and the sheet's
    fingerprint as the receiving official reads it off the paper."""
    save_files_in(monkeypatch, stick)
    sync = open_screen(window, "Sync")
    sync.ui.receiver.clear()
    qtbot.keyClicks(sync.ui.receiver, receiver)
    click(qtbot, sync.ui.export_button)
    message = sync.result_messages()[-1]
    assert "refused" not in message and "not exported" not in message, message
    package = stick / message.split(":")[0]
    shot(window, f"file-new-{step}-export")
    if step == "3-za":
        shot(window, "file-new-3-za-export-1024x600", (1024, 600))
    click(qtbot, sync.ui.cover_button)
    sheet = sync.cover_dialog
    shot(sheet, f"file-new-{step}-cover-sheet")
    click(qtbot, sheet.save_button)
    [fingerprint] = FINGERPRINT.findall(PdfReader(stick / sheet.sheet.file_name).pages[0].extract_text())
    sheet.accept()
    return package, fingerprint


def as_typed(fingerprint: str) -> str:
    """The way people copy it off paper: small letters, groups of four with spaces."""
    return " ".join(fingerprint.lower().split("-"))


def import_and_trust(qtbot, monkeypatch, window, packages: list[Path], fingerprints: dict[str, str],
                     step: str) -> list[str]:
    """Sync → Import; each unknown sender trusted after typing its cover sheet's fingerprint."""
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(p) for p in packages], ""))
    sync = open_screen(window, "Sync")
    click(qtbot, sync.ui.import_button)
    for number in range(len(packages)):  # each unknown sender is asked about in turn
        dialog = sync.trust_dialog
        assert dialog.isVisible(), sync.result_messages()
        office = dialog.windowTitle().removeprefix("Trust ").removesuffix("?")
        qtbot.keyClicks(dialog.entry, as_typed(fingerprints[office]))
        if number == 0:
            shot(dialog, f"file-new-{step}-trust")
        click(qtbot, dialog.confirm_button)
        assert not dialog.isVisible(), dialog.messages.text_of("fingerprint")
    shot(window, f"file-new-{step}-imported")
    return sync.result_messages()


def test_head_office_and_two_offices_of_two_countries_exchange_packages_from_the_window(
        qtbot, tmp_path, monkeypatch, walk, without_demo):
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    desk = first_start_as_head_office(qtbot, tmp_path / "head-office.sqlite")
    hq_window = desk.window
    assert hq_window.windowTitle() == f"pmsdesk — {HQ['name']} (head office) — {HQ['admin']}"
    assert hq_window.has_screen("head-office"), "head office's screen is there before any office has sent"
    shot(hq_window, "file-new-2-head-office-window")
    shot(hq_window, "file-new-2-head-office-window-1024x600", (1024, 600))

    wizard = file_new(qtbot, monkeypatch, desk, tmp_path / "ngwathe.sqlite", head_office=False,
                      look=lambda question: shot(question, "file-new-3-what-for"))
    fill_wizard(qtbot, wizard, **{key: ZA[key] for key in ("name", "code", "country", "kind", "region", "year",
                                                            "admin", "password")})
    assert desk.window.windowTitle() == f"pmsdesk — {ZA['name']} — {ZA['admin']}"
    assert not hq_window.isVisible()
    add_kpi(qtbot, desk.window, "WS1", "Households connected to piped water")
    za_package, za_fingerprint = export_with_cover_sheet(qtbot, monkeypatch, desk.window, "head-office", stick, "3-za")
    assert "No office HEAD-OFFICE is trusted here" in walk[-1], "the unknown receiver is asked about"
    assert za_package.name == "ZA-FS203-to-HEAD-OFFICE-0001.pmspkg"

    wizard = file_new(qtbot, monkeypatch, desk, tmp_path / "nakuru.sqlite", head_office=False)
    shot(wizard, "file-new-4-ke-wizard")
    fill_wizard(qtbot, wizard, **{key: KE[key] for key in ("name", "code", "country", "kind", "region", "year",
                                                            "admin", "password")})
    assert desk.window.windowTitle() == f"pmsdesk — {KE['name']} — {KE['admin']}"
    add_kpi(qtbot, desk.window, "H1", "Children fully immunised")
    ke_package, ke_fingerprint = export_with_cover_sheet(qtbot, monkeypatch, desk.window, "HEAD-OFFICE", stick, "4-ke")

    file_open(qtbot, monkeypatch, desk, tmp_path / "head-office.sqlite", HQ["admin"], HQ["password"])
    results = import_and_trust(qtbot, monkeypatch, desk.window, [za_package, ke_package],
                               {"ZA-FS203": za_fingerprint, "KE-032": ke_fingerprint}, "5-head-office")
    assert [line for line in results if "refused" not in line.split(".")[0]][-2:], results
    with desk.database.session() as session:
        assert sorted(session.scalars(select(Organisation.code))) == ["KE-032", "ZA-FS203"]
    selector = desk.window.selector
    assert sorted(selector.organisations.itemText(n) for n in range(selector.organisations.count())) == \
        [KE["name"], ZA["name"]], "the top bar shows the organisations as they arrive"
    assert desk.window.statusBar().currentMessage() == ""
    stick_for = {}
    for office in ("ZA-FS203", "KE-032"):
        stick_for[office] = export_with_cover_sheet(qtbot, monkeypatch, desk.window, office, stick, f"6-to-{office}")
    hq_fingerprint = stick_for["ZA-FS203"][1]
    assert stick_for["KE-032"][1] == hq_fingerprint

    for office, (path, admin) in {"ZA-FS203": (tmp_path / "ngwathe.sqlite", ZA),
                                  "KE-032": (tmp_path / "nakuru.sqlite", KE)}.items():
        file_open(qtbot, monkeypatch, desk, path, admin["admin"], admin["password"])
        results = import_and_trust(qtbot, monkeypatch, desk.window, [stick_for[office][0]],
                                   {"HEAD-OFFICE": hq_fingerprint}, f"7-{office}")
        assert "refused" not in results[-1], results

    # Head office corrects Ngwathe's target while Ngwathe changes it too: the next package brings a conflict.
    file_open(qtbot, monkeypatch, desk, tmp_path / "head-office.sqlite", HQ["admin"], HQ["password"])
    change_annual_target(qtbot, desk.window, ZA["name"], "WS1", "450")
    file_open(qtbot, monkeypatch, desk, tmp_path / "ngwathe.sqlite", ZA["admin"], ZA["password"])
    assert open_screen(desk.window, "Sync").ui.receiver.text() == "HEAD-OFFICE", "known once it has sent here"
    change_annual_target(qtbot, desk.window, ZA["name"], "WS1", "420")
    second, _fingerprint = export_with_cover_sheet(qtbot, monkeypatch, desk.window, "HEAD-OFFICE", stick, "8-za")
    assert second.name == "ZA-FS203-to-HEAD-OFFICE-0002.pmspkg"
    file_open(qtbot, monkeypatch, desk, tmp_path / "head-office.sqlite", HQ["admin"], HQ["password"])
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(second)], ""))
    sync = open_screen(desk.window, "Sync")
    click(qtbot, sync.ui.import_button)
    assert "refused" not in sync.result_messages()[-1], sync.result_messages()
    conflicts = sync.conflicts
    sync.ui.tabs.setCurrentWidget(conflicts)
    assert conflicts.model.total_count() == 1
    conflicts.table.selectRow(0)
    shot(desk.window, "file-new-8-conflict")
    click(qtbot, conflicts.keep_incoming)
    with desk.database.session() as session:
        [conflict] = session.scalars(select(SyncConflict)).all()
        assert conflict.status == "resolved" and conflict.resolved_by == HQ["admin"]
        assert session.scalar(select(Kpi.annual_target).where(Kpi.reference == "WS1")) == 420

    head_office = open_screen(desk.window, "Head office")
    shot(desk.window, "file-new-9-head-office-screen")
    shot(desk.window, "file-new-9-head-office-screen-1024x600", (1024, 600))
    offices = {head_office.offices_model.row_at(row).office: head_office.offices_model.row_at(row)
               for row in range(head_office.offices_model.rowCount())}
    assert sorted(offices) == ["KE-032", "ZA-FS203"]
    assert [(offices[code].last_sequence, offices[code].open_conflicts) for code in ("KE-032", "ZA-FS203")] == \
        [(1, 0), (2, 0)]
    league = [head_office.league_model.row_at(row) for row in range(head_office.league_model.rowCount())]
    assert sorted(row.organisation_code for row in league) == ["KE-032", "ZA-FS203"]
    with desk.database.session() as session:
        assert sorted(session.scalars(select(Kpi.reference))) == ["H1", "WS1"]
    reports = tmp_path / "reports"
    reports.mkdir()
    save_files_in(monkeypatch, reports)
    click(qtbot, head_office.save_button)
    [league_pdf] = reports.glob("*.pdf")
    printed = " ".join(page.extract_text() for page in PdfReader(league_pdf).pages)
    for organisation in (ZA, KE):
        assert organisation["name"] in printed and organisation["code"] in printed, printed
