"""Capture → submit → verify → approve with the keyboard only: no clicks, each role by its own keys,
and no two mnemonics on a screen fighting over one letter."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox, QTabWidget, QWidget
from sqlalchemy import select

from pmsdesk.models import ActualStatus, Kpi, PeriodActual

from .helpers import sign_in

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def status_of(database, reference: str) -> ActualStatus | None:
    with database.session() as session:
        return session.scalar(select(PeriodActual.status).join(Kpi).where(Kpi.reference == reference))


class Keyboard:
    """Presses keys on whatever has the focus in the active window, as a person at the keyboard does."""

    def __init__(self, qtbot, window) -> None:
        self.qtbot, self.window = qtbot, window
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)

    @property
    def focus(self) -> QWidget:
        return QApplication.focusWidget() or self.window

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focus, key, modifier)
        self.qtbot.wait(200)  # a mnemonic clicks its button after a short animation (100 ms)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus, text)

    def press_and_answer(self, key: Qt.Key, modifier: Qt.KeyboardModifier, answer: Qt.Key) -> str:
        """Press ``key``, then press ``answer`` in the question box it opens; the box's text is returned."""
        asked: list[str] = []

        def answer_box() -> None:
            box = next((widget for widget in QApplication.topLevelWidgets()
                        if isinstance(widget, QMessageBox) and widget.isVisible()), None)
            if box is None:
                QTimer.singleShot(20, answer_box)
                return
            asked.append(f"{box.text()}\n{box.informativeText()}")
            self.qtbot.keyClick(box.focusWidget() or box, answer)

        QTimer.singleShot(20, answer_box)
        self.press(key, modifier)
        assert asked, "no question was asked"
        self.window.activateWindow()  # the offscreen platform does not give it back when the box closes
        self.qtbot.waitUntil(self.window.isActiveWindow)
        return asked[0]

    def open_screen(self, title: str) -> QWidget:
        titles = [self.window.navigation.item(row).text() for row in range(self.window.navigation.count())]
        self.press(Qt.Key(Qt.Key.Key_1 + titles.index(title)), CTRL)
        return self.window.stack.currentWidget()

    def choose_quarter(self, label: str) -> None:
        self.press(Qt.Key.Key_Q, ALT)
        self.type(label)

    def tab_to(self, widget: QWidget, limit: int = 4) -> None:
        for _ in range(limit):
            if self.focus is widget:
                return
            self.press(Qt.Key.Key_Tab)
        assert self.focus is widget, f"{limit} Tab presses did not reach {widget.accessibleName()}"


def mnemonics(root: QWidget) -> list[str]:
    """The Alt+letter keys of the visible labels, buttons and tabs under ``root``, and of its menu bar."""
    letters = []

    def letter(text: str) -> str | None:
        found = re.search(r"&([^&\s])", text.replace("&&", ""))
        return found.group(1).lower() if found else None

    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None and widget.buddy().isVisibleTo(root):
            letters.append(letter(widget.text()))
        elif isinstance(widget, QAbstractButton) and not widget.inherits("QTabBar"):
            letters.append(letter(widget.text()))
        elif isinstance(widget, QTabWidget):
            letters += [letter(widget.tabText(i)) for i in range(widget.count())]
    if hasattr(root, "menuBar"):
        letters += [letter(action.text()) for action in root.menuBar().actions()]
    return [found for found in letters if found]


def test_the_capturer_captures_and_submits_with_the_keyboard(qtbot, seeded_database, operations):
    keys = Keyboard(qtbot, sign_in(qtbot, seeded_database, operations, "capturer"))
    reporting = keys.open_screen("Quarterly reporting")
    keys.choose_quarter("Q2")
    keys.tab_to(reporting.table)
    assert reporting.editor.detail is not None and reporting.editor.detail.reference == "KPI 1"

    keys.press(Qt.Key.Key_T, ALT)
    assert keys.focus is reporting.editor.ui.number, "Alt+T goes to the actual"
    keys.type("1240")
    keys.press(Qt.Key.Key_N, ALT)
    assert keys.focus is reporting.editor.ui.narrative
    keys.type("Connected 240 households in wards 3 and 5.")
    keys.press(Qt.Key.Key_D, ALT)
    assert keys.focus is reporting.editor.ui.deviation_reason
    keys.press(Qt.Key.Key_C, ALT)
    assert keys.focus is reporting.editor.ui.corrective_measure
    question = keys.press_and_answer(Qt.Key.Key_B, ALT, Qt.Key.Key_Escape)
    assert question.startswith("Submit the Q2 actual of KPI 1 (1,240")
    assert status_of(seeded_database, "KPI 1") is None, "Escape goes back: nothing is sent or saved"
    assert reporting.editor.ui.number.text() == "1240", "and what was typed is still there"
    keys.press_and_answer(Qt.Key.Key_B, ALT, Qt.Key.Key_Return)

    assert status_of(seeded_database, "KPI 1") == ActualStatus.SUBMITTED
    assert keys.window.isVisible(), "no key landed in the Account menu"


@pytest.fixture
def submitted(qtbot, seeded_database, operations):
    keys = Keyboard(qtbot, sign_in(qtbot, seeded_database, operations, "capturer"))
    reporting = keys.open_screen("Quarterly reporting")
    keys.choose_quarter("Q2")
    keys.tab_to(reporting.table)
    keys.press(Qt.Key.Key_T, ALT)
    keys.type("300")
    keys.press_and_answer(Qt.Key.Key_B, ALT, Qt.Key.Key_Return)
    keys.window.close()
    assert status_of(seeded_database, "KPI 1") == ActualStatus.SUBMITTED


def review_with_keys(qtbot, database, operations, username: str):
    keys = Keyboard(qtbot, sign_in(qtbot, database, operations, username))
    verification = keys.open_screen("Verification")
    keys.choose_quarter("Q2")
    keys.tab_to(verification.table)
    assert verification.panel.detail is not None and verification.panel.detail.reference == "KPI 1"
    return keys, verification


def test_the_verifier_verifies_and_the_approver_approves_with_the_keyboard(qtbot, seeded_database, operations,
                                                                           submitted):
    keys, _verification = review_with_keys(qtbot, seeded_database, operations, "verifier")
    keys.press(Qt.Key.Key_V, ALT)
    assert status_of(seeded_database, "KPI 1") == ActualStatus.VERIFIED
    keys.window.close()

    keys, verification = review_with_keys(qtbot, seeded_database, operations, "approver")
    assert "verifier" in verification.panel.ui.facts["verified"].text(), "the approver sees who verified"
    keys.press(Qt.Key.Key_P, ALT)
    assert status_of(seeded_database, "KPI 1") == ActualStatus.APPROVED


@pytest.mark.parametrize(("username", "screen"), [("capturer", "Quarterly reporting"), ("verifier", "Verification"),
                                                  ("approver", "Verification"), ("admin", "Quarterly reporting"),
                                                  ("admin", "Verification")])
def test_no_two_mnemonics_on_a_screen_share_a_letter(qtbot, seeded_database, operations, username, screen):
    keys = Keyboard(qtbot, sign_in(qtbot, seeded_database, operations, username))
    shown = keys.open_screen(screen)
    keys.choose_quarter("Q2")
    keys.tab_to(shown.table)

    letters = mnemonics(keys.window)
    assert sorted(letters) == sorted(set(letters)), f"clashing: {sorted(letters)}"


def test_the_approver_returns_a_verified_value_with_a_comment_by_keys(qtbot, seeded_database, operations, submitted):
    keys, _verification = review_with_keys(qtbot, seeded_database, operations, "verifier")
    keys.press(Qt.Key.Key_V, ALT)
    keys.window.close()
    keys, verification = review_with_keys(qtbot, seeded_database, operations, "approver")

    keys.press(Qt.Key.Key_R, ALT)
    assert verification.panel.ui.messages.text_of("comment") == "Say what the capturer must fix."
    keys.press(Qt.Key.Key_C, ALT)
    keys.type("The figure includes the households of Q1.")
    keys.press(Qt.Key.Key_R, ALT)

    with seeded_database.session() as session:
        actual = session.scalar(select(PeriodActual).join(Kpi).where(Kpi.reference == "KPI 1"))
        assert (actual.status, actual.review_comment) == (ActualStatus.RETURNED,
                                                          "The figure includes the households of Q1.")


def test_an_administrator_reopens_a_submitted_value_with_a_reason(qtbot, seeded_database, operations, submitted,
                                                                  monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    reasons = ["", "The council resolution moved the deadline; correct the count"]
    asked: list[str] = []

    def ask(_parent, title, label, _text=""):
        asked.append(title)
        return reasons.pop(0), True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", ask)
    keys = Keyboard(qtbot, sign_in(qtbot, seeded_database, operations, "admin"))
    reporting = keys.open_screen("Quarterly reporting")
    keys.choose_quarter("Q2")
    keys.tab_to(reporting.table)
    form = reporting.editor.ui
    assert form.reopen.isVisible() and not form.submit.isEnabled()

    keys.press(Qt.Key.Key_P, ALT)
    assert form.messages.text_of("reason") or "reason" in form.messages.general.text().lower()
    assert status_of(seeded_database, "KPI 1") == ActualStatus.SUBMITTED
    keys.press(Qt.Key.Key_P, ALT)

    assert asked == ["Reopen the Q2 actual of KPI 1"] * 2
    assert status_of(seeded_database, "KPI 1") == ActualStatus.DRAFT
    assert form.banner.text() == "Reopened: The council resolution moved the deadline; correct the count"
    assert not form.reopen.isVisible() and form.submit.isEnabled()


def test_a_capturer_has_no_reopen(qtbot, seeded_database, operations, submitted):
    keys = Keyboard(qtbot, sign_in(qtbot, seeded_database, operations, "capturer"))
    reporting = keys.open_screen("Quarterly reporting")
    keys.choose_quarter("Q2")
    keys.tab_to(reporting.table)
    assert not reporting.editor.ui.reopen.isVisible()
