"""Screenshots of head office consolidating two offices of two countries, at 1366×768 and 1024×600.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python scripts/head_office_screenshots.py [OUT_DIR]

Builds, in a temporary folder, a Kenyan county office (KE-001), a Tanzanian LGA office (TZ-001) and a
head office; the offices send their first packages, a KPI is renamed on both sides (a conflict), and
two bad packages are refused. Then it takes the Head office screen (league table, refused imports, a
quarter nothing was reported for), the conflict at head office with the confirmation before a merge,
and the first page of the printed league table. Not a test: the pictures are checked by eye (default
folder docs/screenshots, files head-office-*.png).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.demo.offices import build_office
from pmsdesk.models import Kpi
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import issue_report
from pmsdesk.services.actor import Actor
from pmsdesk.services.kpis import update_kpi
from pmsdesk.sync import device_key, export_package, import_package, set_office_code, trust_key
from pmsdesk.sync.refusals import import_recorded
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import ImmediateOperations

SIZES = ((1366, 768), (1024, 600))
ANALYST = Actor.system("analyst")


class Office:
    def __init__(self, folder: Path, code: str, *, profile: str | None = None, seed: int = 1,
                 head_office: bool = False) -> None:
        folder.mkdir(parents=True)
        self.code, self.keys = code, folder / "keys"
        self.database = open_database(folder / "pmsdesk.sqlite")
        if profile:
            build_office(self.database, 0, profile=profile, seed=seed, areas=1)
        with self.database.session() as session:
            set_office_code(session, ANALYST, code, head_office=head_office)
            self.key = device_key(session, self.keys)

    def send(self, to: Office, folder: Path) -> Path:
        with self.database.session() as session:
            path = folder / f"{self.code}-to-{to.code}-{len(list(folder.glob(f'{self.code}-*'))) + 1:04d}.pmspkg"
            export_package(session, ANALYST, self.key, to.code, path)
        return path

    def trusts(self, other: Office, *, head_office: bool = False) -> None:
        with self.database.session() as session:
            trust_key(session, ANALYST, other.code, other.key.public_bytes, other.key.fingerprint,
                      head_office=head_office)


def rename_kpi(office: Office, kpi_id: str, name: str, budget: float, by: str) -> None:
    with office.database.session() as session:
        update_kpi(session, Actor.system(by), kpi_id, {"name": name, "budget": budget}, reason="new wording")


def first_kpi(office: Office) -> str:
    with office.database.session() as session:
        return session.scalars(select(Kpi.id).order_by(Kpi.reference).limit(1)).one()


def consolidate(folder: Path) -> Office:
    kenya = Office(folder / "kenya", "KE-001", profile="ke-county")
    tanzania = Office(folder / "tanzania", "TZ-001", profile="tz-lga", seed=13)
    head = Office(folder / "head", "HEAD-OFFICE", head_office=True)
    post = folder / "post"
    post.mkdir()
    for office in (kenya, tanzania):
        head.trusts(office)
        office.trusts(head, head_office=True)
        with head.database.session() as session:
            import_package(session, ANALYST, office.send(head, post))
    with head.database.session() as session:  # head office answers Kenya, then both rename the same KPI
        path = post / "HEAD-OFFICE-to-KE-001-0001.pmspkg"
        export_package(session, ANALYST, head.key, "KE-001", path)
    with kenya.database.session() as session:
        import_package(session, ANALYST, path)
    kpi = first_kpi(kenya)
    rename_kpi(kenya, kpi, "Own-source revenue collected, county wording", 236_370_104.0, "wanjiku")
    rename_kpi(head, kpi, "Own-source revenue collected, head-office wording", 240_000_000.0, "analyst")
    with head.database.session() as session:
        import_package(session, ANALYST, kenya.send(head, post))
        wrong = post / "TZ-001-to-PROVINCE-HQ-0001.pmspkg"
        with tanzania.database.session() as office_session:
            export_package(office_session, ANALYST, tanzania.key, "PROVINCE-HQ", wrong)
        cut = post / "KE-001-to-HEAD-OFFICE-0004.pmspkg"
        cut.write_bytes(wrong.read_bytes()[:2000])
        for bad in (wrong, cut):
            try:
                import_recorded(session, ANALYST, bad)
            except Exception:  # noqa: BLE001 - refused on purpose; the attempt is on record
                pass
    return head


def save(window, out: Path, name: str) -> None:
    for width, height in SIZES:
        window.resize(width, height)
        QApplication.processEvents()
        window.grab().save(str(out / f"{name}-{width}x{height}.png"))


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
        head = consolidate(folder)
        os.environ["PMSDESK_KEYS_DIR"] = str(head.keys)
        window = MainWindow(head.database, ANALYST, ImmediateOperations(head.database))
        window.show()
        screen = window.open_screen("head-office")
        QApplication.processEvents()
        save(window, out, "head-office-league")
        screen.tabs.setCurrentIndex(1)
        save(window, out, "head-office-refused")
        screen.period.setCurrentIndex(screen.period.findData(4))
        save(window, out, "head-office-nothing-reported")
        sync = window.open_screen("sync")
        sync.ui.tabs.setCurrentWidget(sync.conflicts)
        save(window, out, "head-office-conflict")
        panel = sync.conflicts
        panel.choose_side("name", "incoming")
        panel.choose_side("budget", "local")

        def ask(parent, title, text, *args):
            box = QMessageBox(QMessageBox.Icon.Question, title, text,
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
            box.show()
            QApplication.processEvents()
            box.grab().save(str(out / "head-office-merge-confirmation.png"))
            box.close()
            return QMessageBox.StandardButton.No
        QMessageBox.question = ask
        panel.merge.click()
        pdf = folder / "league.pdf"
        with head.database.session() as session:
            issue_report(session, ANALYST, ReportRequest("league-table", year="2025/26"), pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf),
                        str(out / "head-office-league-pdf"), "-singlefile"], check=True)
        window.close()
        head.database.dispose()


if __name__ == "__main__":
    main()
