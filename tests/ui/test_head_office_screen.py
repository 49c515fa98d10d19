"""The Head office screen adds up: two offices of different countries, each under its own code and name,
the same figures as the printed league table (read back from the PDF), quarters with nothing reported
said as such, refused imports with their plain reason and what to do, for every role that sees it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pmsdesk.demo.offices import build_office
from pmsdesk.models import Role
from pmsdesk.services.actor import ROLE_PERMISSIONS, Actor, RoleGrant
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.sync.league_columns import LEAGUE_COLUMNS
from pmsdesk.ui.head_office import HeadOfficeView
from pmsdesk.ui.head_office.models import OfficesModel
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.sync.work import import_all
from pmsdesk.ui.widgets.refusals import RefusalsModel
from tests.sync.conftest import pair_template  # noqa: F401 - fixture
from tests.sync.helpers import SYSTEM, Installation, new_installation

YEAR = FinancialYearSummary("y", "o", "2025/26", date(2025, 7, 1), date(2026, 6, 30))


def actor_with(role: Role) -> Actor:
    """An account holding ``role`` for the whole organisation, as sign-in builds it."""
    return Actor(f"a-{role.value}", (RoleGrant(role),), {permission: None for permission in ROLE_PERMISSIONS[role]})


@pytest.fixture(scope="module")
def consolidated_template(tmp_path_factory, pair_template) -> Installation:  # noqa: F811 - fixture
    """Head office holding a Kenyan county (KE-001) and a Tanzanian LGA (TZ-001), each from its own office."""
    folder = tmp_path_factory.mktemp("two-offices")
    head = pair_template.head.copy_to(folder / "head")
    kenya = pair_template.office.copy_to(folder / "kenya")
    tanzania = new_installation(folder / "tanzania", "office", "TZ-001",
                                build=lambda database: build_office(database, 0, profile="tz-lga", seed=13, areas=1))
    head.trust(tanzania)
    tanzania.trust(head)
    for office in (kenya, tanzania):
        package = folder / f"{office.code}-to-HEAD-OFFICE-0001.pmspkg"
        office.export("HEAD-OFFICE", package)
        head.import_(package)
        office.close()
    head.close()
    return head


@pytest.fixture
def head(consolidated_template, tmp_path) -> Installation:
    copy = consolidated_template.copy_to(tmp_path / "head")
    yield copy
    copy.close()


def open_screen(qtbot, head: Installation, actor: Actor | None = None) -> HeadOfficeView:
    view = HeadOfficeView(ImmediateOperations(head.database), actor or Actor.system("analyst"))
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show_year(YEAR)
    return view


def shown(model) -> list[list[str]]:
    """Every cell of the table as the screen displays it."""
    return [[model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
             for column in range(model.columnCount())] for row in range(model.rowCount())]


def saved_pdf_text(view: HeadOfficeView, monkeypatch, out: Path) -> str:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(out), ""))
    view.save_button.click()
    return " ".join(page.extract_text() for page in PdfReader(str(out)).pages)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_each_office_is_under_its_own_code_and_name(qtbot, head):
    view = open_screen(qtbot, head)

    offices = shown(view.offices_model)
    assert [row[0] for row in offices] == ["KE-001", "TZ-001"]
    assert all(re.match(rf"{code} \S", row[1]) for code, row in zip(("KE-001", "TZ-001"), offices, strict=True))
    assert [row[OfficesModel.LAST] for row in offices] == ["2", "1"]  # KE-001's package 1 came before (covered)
    assert [row[OfficesModel.MISSING] for row in offices] == ["none", "none"]
    assert [row[OfficesModel.CONFLICTS] for row in offices] == ["0", "0"]
    league = {row.organisation_code: row.origin_office
              for row in map(view.league_model.row_at, range(view.league_model.rowCount()))}
    assert league == {"KE-001": "KE-001", "TZ-001": "TZ-001"}
    assert "2 organisations (2 ranked)" in view.summary.text() and "; 2 sending offices" in view.summary.text()
    assert view.summary.text().startswith("Targets achieved ")


def test_the_screen_and_the_printed_league_table_agree_figure_by_figure(qtbot, head, monkeypatch, tmp_path):
    view = open_screen(qtbot, head)
    headings = [view.league_model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                for column in range(view.league_model.columnCount())]
    assert headings == [column.heading for column in LEAGUE_COLUMNS]
    cells = shown(view.league_model)
    assert all(row[LEAGUE_COLUMNS.index(next(c for c in LEAGUE_COLUMNS if c.key == "mean"))].endswith("%")
               for row in cells)

    printed = words(saved_pdf_text(view, monkeypatch, tmp_path / "league.pdf"))

    for heading in headings:
        assert heading in printed, heading
    for row in cells:
        # The row's cells in the screen's order, each as the screen shows it (wrapped text joins with spaces).
        pattern = r"\s*".join(re.escape(cell).replace(r"\ ", r"\s*") for cell in row)
        assert re.search(pattern, printed), f"{row} not printed as on screen"


def test_a_quarter_with_nothing_reported_is_said_as_such_on_screen_and_on_paper(qtbot, head, monkeypatch, tmp_path):
    view = open_screen(qtbot, head)

    view.period.setCurrentIndex(view.period.findData(4))

    light = next(index for index, column in enumerate(LEAGUE_COLUMNS) if column.key == "light")
    assert {row[light] for row in shown(view.league_model)} == {"Nothing reported for Q4"}  # not "Almost met"
    assert "nothing reported to Q4 by 2 organisations" in view.summary.text()
    printed = words(saved_pdf_text(view, monkeypatch, tmp_path / "q4.pdf"))
    assert printed.count("Nothing reported for Q4") >= 2
    assert "Nothing reported for Q4 by 2 organisation(s)" in printed


def test_a_refused_import_is_listed_with_its_plain_reason_and_what_to_do(qtbot, head, tmp_path):
    junk = tmp_path / "KE-001-to-HEAD-OFFICE-0002.pmspkg"
    junk.write_bytes(b"PK\x03\x04 cut short on the way")
    with head.database.session() as session:
        [result] = import_all(session, SYSTEM, [junk])
    assert result.refused

    view = open_screen(qtbot, head)

    [row] = shown(view.refusals_model)
    assert row[RefusalsModel.OFFICE:] == [
        "unknown", "–", "The file is damaged or cut short",
        "Copy the package again from the original (the stick or e-mail it came on), then import the copy.",
        "still refused", "KE-001-to-HEAD-OFFICE-0002.pmspkg"]
    assert view.tabs.tabText(1) == "Re&fused imports (1 still refused)"
    assert "1 refused import not yet made good" in view.summary.text()


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_the_head_office_screen_with_the_same_figures(qtbot, head, role):
    window = MainWindow(head.database, actor_with(role), ImmediateOperations(head.database))
    qtbot.addWidget(window)
    assert window.has_screen("head-office")

    view = window.open_screen("head-office")
    view.show_year(YEAR)

    reference = open_screen(qtbot, head)
    assert shown(view.league_model) == shown(reference.league_model)
    assert shown(view.offices_model) == shown(reference.offices_model)
    assert view.print_button.isEnabled()


def test_a_head_office_sees_the_screen_before_any_office_has_sent_anything(qtbot, tmp_path, pair_template):  # noqa: F811
    empty = pair_template.head.copy_to(tmp_path / "new-head")
    window = MainWindow(empty.database, actor_with(Role.PMS_OFFICER), ImmediateOperations(empty.database))
    qtbot.addWidget(window)

    assert window.has_screen("head-office")
    empty.close()


def test_no_two_mnemonics_on_the_head_office_screen_share_a_letter(qtbot, head):
    from tests.ui.test_keyboard_cycle import mnemonics

    window = MainWindow(head.database, actor_with(Role.ADMINISTRATOR), ImmediateOperations(head.database))
    qtbot.addWidget(window)
    window.show()
    window.open_screen("head-office").show_year(YEAR)

    letters = mnemonics(window)
    assert {"q", "p", "r", "f"} <= set(letters)
    assert sorted(letters) == sorted(set(letters)), f"clashing: {sorted(letters)}"
