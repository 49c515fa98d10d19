"""A 1024×600 laptop: dialogs open within the screen, and the forms' buttons show without scrolling."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QScrollArea

from pmsdesk.ui.widgets.sizing import fitted

from .helpers import click_row, open_screen, sign_in
from .register.screens import register_for  # noqa: F401 - a fixture

SMALL = QSize(1024, 600)


def test_a_preferred_size_is_bounded_by_the_screen_less_its_frame():
    assert fitted(QSize(1180, 700), SMALL) == QSize(1024, 600 - 40)
    assert fitted(QSize(480, 260), SMALL) == QSize(480, 260)


def test_the_kpi_editor_fits_a_small_screen_with_save_in_view(qtbot, register_for):
    view = register_for("admin")
    dialog = view.new_kpi()
    available = dialog.screen().availableGeometry().size()
    assert dialog.width() <= available.width() and dialog.height() <= available.height()

    dialog.resize(fitted(QSize(1180, 700), SMALL))
    qtbot.wait(10)
    scroll = dialog.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0, "the form scrolls sideways"
    assert not dialog.ui.save.visibleRegion().isEmpty()


def test_the_reporting_form_shows_save_and_submit_without_scrolling(qtbot, seeded_database, operations):
    window = sign_in(qtbot, seeded_database, operations, "capturer")
    window.resize(SMALL)
    reporting = open_screen(window, "Quarterly reporting")
    assert reporting.periods.select_label("Q2")
    click_row(qtbot, reporting.table, "KPI 1")
    qtbot.wait(10)

    form = reporting.editor.ui
    for button in (form.save, form.submit):
        assert not button.visibleRegion().isEmpty(), f"{button.text()} is scrolled out of view"


def test_the_review_panel_shows_its_decision_buttons_without_scrolling(qtbot, seeded_database, operations, answers):
    from .test_quarterly_review_flow import reporting_screen, verification_screen

    _window, reporting = reporting_screen(qtbot, seeded_database, operations)
    click_row(qtbot, reporting.table, "KPI 1")
    qtbot.keyClicks(reporting.editor.ui.number, "300")
    answers[0].append("Submit")
    reporting.editor.ui.submit.click()
    window, verification = verification_screen(qtbot, seeded_database, operations, "verifier")
    window.resize(SMALL)
    click_row(qtbot, verification.table, "KPI 1")
    qtbot.wait(10)

    for button in (verification.panel.ui.verify, verification.panel.ui.return_):
        assert not button.visibleRegion().isEmpty(), f"{button.text()} is scrolled out of view"
