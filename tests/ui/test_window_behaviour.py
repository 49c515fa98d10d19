"""The main window remembers where the user was, builds screens when needed, and never drops edits silently."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from pmsdesk.models import Kpi
from pmsdesk.services import actuals, years
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.screen_catalogue import SCREENS

from .helpers import click_row, open_screen, sign_in


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "pmsdesk.ini"), QSettings.Format.IniFormat)


def window_for(qtbot, database, actor, operations, settings) -> MainWindow:
    window = MainWindow(database, actor, operations, settings=settings)
    qtbot.addWidget(window)
    window.show()
    return window


def test_only_the_first_screen_is_built_at_start(qtbot, seeded_database, operations, actor_named, settings):
    window = window_for(qtbot, seeded_database, actor_named("admin"), operations, settings)

    assert list(window.built_screens()) == ["dashboard"]
    screen = window.open_screen("sync")
    assert window.stack.currentWidget() is screen
    assert set(window.built_screens()) == {"dashboard", "sync"}


def test_every_screen_is_titled_as_in_the_navigation(qtbot, seeded_database, operations, actor_named, settings):
    window = window_for(qtbot, seeded_database, actor_named("admin"), operations, settings)

    for row, entry in enumerate(window.entries):
        assert window.navigation.item(row).text() == entry.title
        assert window.screen_named(entry.key).title == entry.title
    assert {entry.key for entry in window.entries} <= {entry.key for entry in SCREENS}


def test_ctrl_and_a_number_opens_that_screen(qtbot, seeded_database, operations, actor_named, settings):
    window = window_for(qtbot, seeded_database, actor_named("admin"), operations, settings)
    with qtbot.waitActive(window):
        window.activateWindow()

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)

    assert window.current_key() == window.entries[1].key
    assert window.stack.currentWidget() is window.screen_named(window.entries[1].key)


def test_size_and_last_screen_are_remembered(qtbot, seeded_database, operations, actor_named, settings):
    first = window_for(qtbot, seeded_database, actor_named("admin"), operations, settings)
    first.resize(960, 650)  # the offscreen screen is small: stay within what it allows
    first.open_screen("sync")
    first.close()

    again = window_for(qtbot, seeded_database, actor_named("admin"), operations, settings)
    assert again.current_key() == "sync"
    assert (again.width(), again.height()) == (960, 650)

    viewer = window_for(qtbot, seeded_database, actor_named("viewer"), operations, settings)
    assert viewer.current_key() == "dashboard"  # not allowed the remembered screen: the first one


def _type_an_unsaved_actual(qtbot, seeded_database, operations):
    window = sign_in(qtbot, seeded_database, operations, "capturer")
    reporting = open_screen(window, "Quarterly reporting")
    assert reporting.periods.select_label("Q2")
    click_row(qtbot, reporting.table, "KPI 1")
    qtbot.keyClicks(reporting.editor.ui.number, "250")
    return window, reporting


def test_closing_over_an_unsaved_actual_asks_and_go_back_keeps_it(qtbot, seeded_database, operations, answers):
    queued, asked = answers
    window, reporting = _type_an_unsaved_actual(qtbot, seeded_database, operations)

    queued.append("Go back")
    assert not window.close()
    assert window.isVisible() and reporting.editor.ui.number.text() == "250"
    assert "Quarterly reporting: Q2 actual of KPI 1" in asked[-1]

    queued.append("Discard and close pmsdesk")
    assert window.close()


def test_signing_out_over_unsaved_edits_asks_once(qtbot, seeded_database, operations, answers):
    queued, asked = answers
    window, _reporting = _type_an_unsaved_actual(qtbot, seeded_database, operations)
    signals = []
    window.sign_out_requested.connect(lambda: signals.append("out"))

    queued.append("Go back")
    window.sign_out()
    assert signals == [] and window.isVisible() and not window.signed_out

    queued.append("Discard and sign out")
    window.sign_out()
    assert signals == ["out"] and not window.isVisible() and len(asked) == 2


def test_opening_another_kpi_over_unsaved_edits_asks(qtbot, seeded_database, operations, answers):
    queued, asked = answers
    _window, reporting = _type_an_unsaved_actual(qtbot, seeded_database, operations)

    queued.append("Go back")
    click_row(qtbot, reporting.table, "KPI 3")
    assert reporting.editor.detail.reference == "KPI 1"
    assert reporting.editor.ui.number.text() == "250"

    queued.append("Discard and open another KPI")
    click_row(qtbot, reporting.table, "KPI 3")
    assert reporting.editor.detail.reference == "KPI 3"
    assert reporting.unsaved_changes() is None
    assert len(asked) == 2


def test_changing_the_year_over_unsaved_edits_asks_and_go_back_keeps_the_year(
        qtbot, seeded_database, operations, answers):
    queued, _asked = answers
    window, reporting = _type_an_unsaved_actual(qtbot, seeded_database, operations)

    queued.append("Go back")
    window.selector.select_year("2024/25")
    assert window.selector.year().label == "2025/26"
    assert reporting.editor.ui.number.text() == "250"

    queued.append("Discard and change the year")
    window.selector.select_year("2024/25")
    assert window.selector.year().label == "2024/25"
    assert reporting.unsaved_changes() is None


def test_a_saved_actual_is_not_unsaved(qtbot, seeded_database, operations):
    window, reporting = _type_an_unsaved_actual(qtbot, seeded_database, operations)
    assert window.unsaved_changes() == ["Quarterly reporting: Q2 actual of KPI 1"]

    qtbot.mouseClick(reporting.editor.ui.save, Qt.MouseButton.LeftButton)

    assert window.unsaved_changes() == []


def test_a_restored_backup_closes_the_window_to_reopen_the_database(
        qtbot, seeded_database, operations, actor_named, settings, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, text: told.append((title, text)))
    window = window_for(qtbot, seeded_database, actor_named("admin"), operations, settings)
    signals = []
    window.sign_out_requested.connect(lambda: signals.append("out"))

    window.open_screen("administration").restart_requested.emit("The backup of 12:00 was restored.")

    assert told == [("Database restored", "The backup of 12:00 was restored.")]
    assert signals == ["out"] and window.reopen_database and not window.isVisible()


def test_creating_a_year_in_administration_reloads_the_year_selector(
        qtbot, seeded_database, operations, actor_named, settings):
    window = window_for(qtbot, seeded_database, actor_named("admin"), operations, settings)
    before = window.selector.years.count()
    with seeded_database.session() as session:
        from pmsdesk.services import years

        years.create_financial_year(session, actor_named("admin"), window.selector.organisation().id, 2030)

    window.open_screen("administration").years_changed.emit()

    assert window.selector.years.count() == before + 1


def _kpi_id(database, reference: str) -> str:
    with database.session() as session:
        return session.scalar(select(Kpi.id).where(Kpi.reference == reference).order_by(Kpi.id.desc()))


def test_a_kpi_asked_for_on_the_dashboard_is_shown_in_the_register_even_if_filtered_out(
        qtbot, seeded_database, operations, actor_named, settings):
    window = window_for(qtbot, seeded_database, actor_named("viewer"), operations, settings)
    register = window.open_screen("register")
    qtbot.keyClicks(register.search, "water")
    window.open_screen("dashboard")
    wanted = _kpi_id(seeded_database, "KPI 2")  # not a water KPI: the search hides it

    window.screen_named("dashboard").kpi_requested.emit(wanted)

    assert window.current_key() == "register"
    assert register.selected_row().id == wanted and register.search.text() == ""


def test_a_data_quality_problem_on_an_actual_opens_it_in_quarterly_reporting(
        qtbot, seeded_database, operations, actor_named, settings):
    capturer = actor_named("capturer")
    kpi_id = _kpi_id(seeded_database, "KPI 3")
    with seeded_database.session() as session:
        year_id = session.get(Kpi, kpi_id).financial_year_id
        q2 = years.quarters(session, year_id)[1]
        actual = actuals.save_actual(session, capturer, kpi_id, q2.id, {"value": 1})
    window = window_for(qtbot, seeded_database, capturer, operations, settings)

    window.open_record("actual", actual.id)

    reporting = window.screen_named("reporting")
    assert window.current_key() == "reporting"
    assert reporting.periods.period().label == "Q2"
    assert reporting.editor.detail.reference == "KPI 3"


def test_a_data_quality_problem_on_a_kpi_opens_the_editor_for_those_who_may_change_kpis(
        qtbot, seeded_database, operations, actor_named, settings):
    window = window_for(qtbot, seeded_database, actor_named("admin"), operations, settings)
    wanted = _kpi_id(seeded_database, "KPI 4")

    window.open_record("kpi", wanted)

    dialogs = [child for child in window.register.findChildren(QDialog) if child.isVisible()]
    assert window.register.selected_row().id == wanted
    assert len(dialogs) == 1


def test_the_dashboard_reads_its_figures_once_when_shown_again(
        qtbot, seeded_database, operations, actor_named, settings, monkeypatch):
    from pmsdesk.ui.dashboard import view as dashboard_view

    reads = []
    real = dashboard_view.dashboard
    monkeypatch.setattr(dashboard_view, "dashboard", lambda session, actor, year_id, period_id, **options:
                        reads.append(year_id) or real(session, actor, year_id, period_id, **options))
    window = window_for(qtbot, seeded_database, actor_named("approver"), operations, settings)
    assert window.current_key() == "dashboard" and len(reads) == 1

    window.open_screen("register")
    window.open_screen("dashboard")  # values may have been reviewed meanwhile: read again, once
    assert len(reads) == 2

    window.open_screen("register")
    window.selector.select_year("2024/25")
    window.open_screen("dashboard")  # the new year only, not the old one first
    assert len(reads) == 3 and reads[-1] == window.selector.year().id


def test_last_screen_filters_and_column_widths_are_kept_per_user(qtbot, seeded_database, operations, actor_named,
                                                                 settings):
    admin = window_for(qtbot, seeded_database, actor_named("admin"), operations, settings)
    register = admin.open_screen("register")
    qtbot.keyClicks(register.search, "water")
    register.table.horizontalHeader().resizeSection(0, 133)
    admin.close()

    viewer = window_for(qtbot, seeded_database, actor_named("viewer"), operations, settings)
    assert viewer.current_key() == "dashboard", "the viewer does not land on the administrator's last screen"
    theirs = viewer.open_screen("register")
    assert theirs.search.text() == "" and theirs.table.horizontalHeader().sectionSize(0) != 133
    viewer.close()

    again = window_for(qtbot, seeded_database, actor_named("admin"), operations, settings)
    assert again.current_key() == "register"
    register = again.screen_named("register")
    assert register.search.text() == "water" and register.table.horizontalHeader().sectionSize(0) == 133
