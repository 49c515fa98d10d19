"""The demo databases of every country profile, opened as a signed-in demo user on the Reports screen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.demo import DEMO_USERS
from pmsdesk.models import FinancialYear, Organisation
from pmsdesk.services import users
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.reports import ReportsView
from tests.reports.conftest import demo_files  # noqa: F401 - the fixture

PASSWORDS = {username: password for username, _, _, password in DEMO_USERS}


class Opened:
    """A Reports screen on a private copy of one demo database."""

    def __init__(self, qtbot, path: Path, username: str) -> None:
        self.database = open_database(path)
        with self.database.session() as session:
            self.actor = users.sign_in(session, username, PASSWORDS[username])
            organisations = list(session.scalars(select(Organisation).order_by(Organisation.name)))
            self.organisation_names = [o.name for o in organisations]
            year = session.scalars(select(FinancialYear).where(FinancialYear.organisation_id == organisations[0].id)
                                   .order_by(FinancialYear.start_date.desc())).first()
            self.year = FinancialYearSummary(year.id, year.organisation_id, year.label, year.start_date, year.end_date)
        self.view = ReportsView(ImmediateOperations(self.database), self.actor, None, len(organisations))
        qtbot.addWidget(self.view)
        self.view.resize(1024, 560)
        self.view.show()
        self.view.activateWindow()
        qtbot.waitUntil(self.view.isActiveWindow)  # shortcuts such as Ctrl+P reach an active window only
        self.view.show_year(self.year)


@pytest.fixture
def reports_screen(qtbot, demo_files, tmp_path):  # noqa: F811 - the fixture above
    opened: list[Opened] = []

    def open_as(profile: str, username: str = "pmsofficer") -> Opened:
        copy = tmp_path / f"{profile}-{username}.sqlite"
        shutil.copyfile(demo_files[profile], copy)
        screen = Opened(qtbot, copy, username)
        opened.append(screen)
        return screen

    yield open_as
    for screen in opened:
        screen.database.dispose()
