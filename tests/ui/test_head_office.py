"""The head-office screen: the league table of the organisations received, what each office sent
(last package, missing package numbers, conflicts waiting) and the league table PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import update

from pmsdesk.models import Organisation, SyncConflict, SyncPackageLog
from pmsdesk.services.actor import Actor
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.head_office import HeadOfficeView
from pmsdesk.ui.head_office.models import LeagueModel
from pmsdesk.ui.operations import ImmediateOperations
from tests.sync.conftest import head_backend, head_template, pair, pair_template  # noqa: F401 - fixtures

YEAR = FinancialYearSummary("y", "o", "2025/26", date(2025, 7, 1), date(2026, 6, 30))


@pytest.fixture
def head_office(qtbot, pair):
    pair.head.import_(pair.first_package)
    view = HeadOfficeView(ImmediateOperations(pair.head.database), Actor.system("tester"))
    qtbot.addWidget(view)
    return view


def _rows(model) -> list:
    return [model.row_at(row) for row in range(model.rowCount())]


def test_the_league_ranks_the_organisations_received_and_says_what_each_office_sent(head_office, pair):
    head_office.show_year(YEAR)

    [organisation] = _rows(head_office.league_model)
    assert (organisation.rank, organisation.origin_office) == (1, pair.office.code)
    assert organisation.score is not None and organisation.measured_kpis > 0
    assert organisation.targets >= organisation.targets_achieved > 0
    shown = head_office.league_model.data(head_office.league_model.index(0, head_office.league_model.ACHIEVED),
                                          Qt.ItemDataRole.DisplayRole)
    assert shown == f"{organisation.targets_achieved} of {organisation.targets} " \
                    f"({organisation.targets_achieved / organisation.targets * 100:.1f}%)"
    [office] = _rows(head_office.offices_model)
    assert (office.office, office.last_sequence, office.missing, office.open_conflicts) == (
        pair.office.code, 1, (), 0)
    assert office.organisations == (organisation.organisation_code,)
    achieved = f"{organisation.targets_achieved} of {organisation.targets}"
    assert head_office.summary.text().startswith(f"Targets achieved {achieved} (")
    assert head_office.summary.text().endswith(" across 1 organisation (1 ranked), 2025/26 to "
                                               f"{organisation.period_label.split()[0]}; 1 sending office.")


def test_missing_packages_and_waiting_conflicts_are_counted_per_office(head_office, pair):
    with pair.head.database.session() as session:
        session.add(SyncPackageLog(package_id="later", direction="in", peer_office=pair.office.code, sequence=4,
                                   covers_from=4, created_at=datetime.now(UTC), actor="tester", summary={}))
        session.add(SyncConflict(entity="kpi", row_id="r", peer_office=pair.office.code, package_id="later",
                                 reason="both changed", local_values={}, incoming_values={}, kept="local"))
        session.commit()

    head_office.show_year(YEAR)

    [office] = _rows(head_office.offices_model)
    assert (office.last_sequence, office.missing, office.open_conflicts) == (4, (2, 3), 1)
    assert head_office.offices_model.data(
        head_office.offices_model.index(0, head_office.offices_model.MISSING), Qt.ItemDataRole.DisplayRole) == "2, 3"
    assert "1 conflict waiting" in head_office.summary.text()
    assert "1 office with missing packages" in head_office.summary.text()


def test_codes_are_shown_whole_however_long(head_office, pair):
    with pair.head.database.session() as session:
        session.execute(update(Organisation).values(code="ZA-FS203-NGW"))
        session.commit()
    head_office.resize(1024, 600)
    head_office.show_year(YEAR)

    metrics = head_office.league.fontMetrics()
    for column in (LeagueModel.CODE, LeagueModel.OFFICE):
        text = head_office.league_model.data(head_office.league_model.index(0, column), Qt.ItemDataRole.DisplayRole)
        assert head_office.league.columnWidth(column) > metrics.horizontalAdvance(text), text


def test_choosing_a_quarter_ranks_as_of_that_quarter(head_office):
    head_office.show_year(YEAR)

    head_office.period.setCurrentIndex(head_office.period.findData(1))

    [organisation] = _rows(head_office.league_model)
    assert organisation.period_label.startswith("Q1")


def test_saving_writes_the_league_table_pdf(head_office, monkeypatch, tmp_path):
    out = tmp_path / "league.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(out), ""))
    head_office.show_year(YEAR)

    head_office.save_button.click()

    assert out.read_bytes().startswith(b"%PDF")
    assert head_office.message.text().startswith("Saved league.pdf in ")


def test_printing_sends_the_league_table_to_the_chosen_printer(head_office, monkeypatch, tmp_path):
    from tests.ui.reports.test_reports_screen import print_to

    out = tmp_path / "printed.pdf"
    printers = print_to(monkeypatch, out)
    head_office.show_year(YEAR)

    head_office.print_button.click()

    assert printers and PdfReader(str(out)).pages
    assert head_office.message.text().startswith("Sent 1 page(s) of League table of organisations 2025/26 to printed.pdf")


def test_a_year_no_organisation_has_is_explained_and_prints_nothing(head_office, monkeypatch, tmp_path):
    out = tmp_path / "league.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(out), ""))
    head_office.show_year(FinancialYearSummary("y", "o", "2031/32", date(2031, 7, 1), date(2032, 6, 30)))

    [organisation] = _rows(head_office.league_model)
    assert organisation.rank is None and "2031/32" in organisation.problem
    head_office.save_button.click()

    assert not out.exists()
    assert "2031/32" in head_office.message.text()


def test_without_a_year_nothing_is_scored(head_office):
    head_office.show_year(None)

    assert head_office.league_model.rowCount() == 0
    assert not head_office.print_button.isEnabled()
    assert head_office.summary.text() == "Choose a financial year in the top bar."
