"""Account ▸ Language: an official switches the window to Kiswahili, and it stays theirs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from pmsdesk import i18n
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.translation import apply_language
from pmsdesk.ui.user_settings import LAST_LANGUAGE_KEY, user_language
from tests.i18n_support import catalogues  # noqa: F401 - a fixture


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions() if action.text()]


def navigation_titles(window: MainWindow) -> list[str]:
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


@pytest.fixture
def window_for(qtbot, seeded_database, operations, actor_named):
    def window_for(username: str) -> MainWindow:
        window = MainWindow(seeded_database, actor_named(username), operations)
        qtbot.addWidget(window)
        window.show()
        return window

    return window_for


def test_choosing_kiswahili_rebuilds_the_window_in_kiswahili_for_that_user_only(qtbot, window_for, catalogues):  # noqa: F811
    apply_language("en")
    window = window_for("capturer")
    assert "&Account" in menu_titles(window)
    kiswahili = next(a for a in window.language_menu.menu().actions() if a.text() == "Kiswahili")

    with qtbot.waitSignal(window.rebuild_requested):
        kiswahili.trigger()

    assert window.language_changed and not window.isVisible() and not window.signed_out
    settings = QSettings()
    assert user_language(settings, "capturer") == "sw" and settings.value(LAST_LANGUAGE_KEY) == "sw"
    assert user_language(settings, "viewer") == "en"

    again = window_for("capturer")  # what the app does next: the same official, a new window
    assert menu_titles(again) == ["&Faili", "&Akaunti", "&Msaada"]
    assert [a.text() for a in again.language_menu.menu().actions() if a.isChecked()] == ["Kiswahili"]
    assert again.language_menu.text() == "&Lugha"
    titles = navigation_titles(again)
    assert "Dashibodi" in titles and "Taarifa za robo mwaka" in titles
    dashboard = again.open_screen("dashboard")
    assert dashboard.ui.refresh_button.text() == "&Onyesha upya"
    assert "Imeingia kama" in again.user_label.text()


def test_the_same_choice_again_changes_nothing(qtbot, window_for, catalogues):  # noqa: F811
    apply_language("en")
    window = window_for("viewer")
    english = next(a for a in window.language_menu.menu().actions() if a.data() == "en")
    english.trigger()
    assert not window.language_changed and window.isVisible() and i18n.current_language() == "en"


def test_pseudo_translation_reaches_every_navigation_title_and_menu(qtbot, window_for):
    apply_language(i18n.PSEUDO)
    try:
        window = window_for("admin")
        bare = [text for text in menu_titles(window) + navigation_titles(window) if not text.startswith("[")]
        assert bare == []
    finally:
        apply_language("en")


def test_the_app_opens_the_window_again_in_the_chosen_language_still_signed_in(qapp, seeded_database, actor_named,
                                                                               catalogues):  # noqa: F811
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from pmsdesk.ui import app

    apply_language("en")
    windows: list[MainWindow] = []

    earlier = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}  # other tests' windows

    def current() -> MainWindow | None:
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
                     and id(w) not in earlier), None)

    def choose_kiswahili() -> bool:
        window = current()
        if window is None:
            return False
        windows.append(window)
        next(a for a in window.language_menu.menu().actions() if a.data() == "sw").trigger()
        return True

    def look_and_quit() -> bool:
        window = current()
        if window is None or window is windows[0]:
            return False
        windows.append(window)
        QApplication.exit(0)
        return True

    steps = [choose_kiswahili, look_and_quit]

    def next_step():
        if steps and steps[0]():
            steps.pop(0)
        if steps:
            QTimer.singleShot(20, next_step)

    QTimer.singleShot(0, next_step)
    assert app.run_app(seeded_database.url, actor=actor_named("approver")) == 0
    assert steps == [] and windows[1].actor.username == "approver"
    assert "&Akaunti" in menu_titles(windows[1])
