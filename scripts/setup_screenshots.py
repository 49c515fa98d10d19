"""Screenshots of the first run: the start question, each set-up wizard page, and the People screen.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python scripts/setup_screenshots.py [OUT_DIR]

Works on a new database in a temporary folder (no demo anywhere), types a
municipality into the wizard as an official would, then opens the People
screen of its administrator at 1024×600 and 1366×768. Not a test: the
pictures are checked by eye (default folder docs/screenshots).
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from pmsdesk.db import open_database
from pmsdesk.services import framework, people
from pmsdesk.services.register import list_organisations
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.setup import SetupWizard, StartChoiceDialog

SIZES = ((1024, 600), (1366, 768))
STAFF = (("E100", "Sipho Nkosi", "Municipal Manager", "S1", True, "MM", None),
         ("E101", "Thandiwe Mokoena", "Director: Technical Services", "S2", True, "TS", "E100"),
         ("E102", "Lerato Dube", "Water engineer", "T12", False, "TS", "E101"),
         ("E103", "Johan van Wyk", "Chief Financial Officer", "S2", True, "BTO", "E100"),
         ("E104", "Nomsa Khumalo", "PMS officer", "T10", False, "MM", "E100"))


def crest() -> bytes:
    picture = Image.new("RGB", (300, 300), "white")
    draw = ImageDraw.Draw(picture)
    draw.ellipse((10, 10, 290, 290), fill="#1f4e78")
    draw.ellipse((60, 60, 240, 240), fill="#c9a227")
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def save_on_screens(dialog: QWidget, out: Path, name: str) -> None:
    """The dialog as it sits centred on a 1024×600 and a 1366×768 screen (it must fit the smaller)."""
    picture = dialog.grab()
    for width, height in SIZES:
        screen = QPixmap(width, height)
        screen.fill(QColor("#3b4a5a"))
        painter = QPainter(screen)
        painter.drawPixmap((width - picture.width()) // 2, (height - picture.height()) // 2, picture)
        painter.end()
        screen.save(str(out / f"{name}-{width}x{height}.png"))


def wizard_pages(database, out: Path) -> SetupWizard:
    wizard = SetupWizard(database, ImmediateOperations(database))
    wizard.show()
    fields = wizard.organisation.fields
    fields.name.setText("Ngwathe Local Municipality")
    fields.code.setText("NGW")
    fields.region.setText("Free State")
    fields.address.setText("PO Box 359, Parys, 9585")
    fields.contact.setText("Tel 056 816 2700 · pms@ngwathe.gov.za")
    fields.set_logo(crest())
    pages = ["setup-1-organisation", "setup-2-year", "setup-3-administrator", "setup-4-defaults"]
    for number, name in enumerate(pages):
        if number == 2:
            page = wizard.administrator
            page.full_name.setText("Thabo Mokoena")
            page.username.setText("thabo.mokoena")
            page.password.setText("short")
            page.password_again.setText("short")
            wizard.next()  # refused: the screenshot shows the message beside the field
        QApplication.processEvents()
        save_on_screens(wizard, out, name)
        if number == 2:
            page.password.setText("Vaal-river-2026")
            page.password_again.setText("Vaal-river-2026")
        if number < 3:
            wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    return wizard


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        choice = StartChoiceDialog(f"{folder}/pmsdesk.sqlite", f"{folder}/pmsdesk-demo.sqlite")
        choice.show()
        QApplication.processEvents()
        save_on_screens(choice, out, "setup-0-start")
        database = open_database(Path(folder) / "pmsdesk.sqlite")
        wizard = wizard_pages(database, out)
        actor = wizard.actor
        with database.session() as session:
            organisation_id = list_organisations(session)[0].id
            units = {}
            for code, name in (("MM", "Office of the Municipal Manager"), ("TS", "Technical Services"),
                               ("BTO", "Budget and Treasury")):
                units[code] = framework.create_unit(session, actor, organisation_id,
                                                    {"code": code, "name": name, "level": "directorate"}).id
            ids = {}
            for number, name, post, grade, senior, unit, boss in STAFF:
                ids[number] = people.save_official(session, actor, organisation_id, None, {
                    "full_name": name, "employee_number": number, "position_title": post, "grade": grade,
                    "is_senior_manager": senior, "unit_id": units[unit], "supervisor_id": ids.get(boss),
                    "username": "thabo.mokoena" if number == "E104" else None}).id
        for width, height in SIZES:
            window = MainWindow(database, actor, ImmediateOperations(database), settings=QSettings())
            window.resize(width, height)
            window.show()
            screen = window.open_screen("people")
            screen.select_person(ids["E101"])
            QApplication.processEvents()
            window.grab().save(str(out / f"people-{width}x{height}.png"))
            window.close()
        database.dispose()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
