"""The capture form on its own: measure types, drag-and-drop, opening evidence, locked records."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from pmsdesk.services import years
from pmsdesk.services.actor import Actor
from pmsdesk.ui.reporting.editor import parse_number


@pytest.mark.parametrize(("typed", "value"), [("1 250", 1250.0), ("1,250.5", 1250.5), ("95%", 95.0), ("", None),
                                               ("about 12", "about 12")])
def test_typed_numbers_are_read_as_officials_write_them(typed, value):
    assert parse_number(typed) == value


def test_a_word_where_a_number_belongs_is_named_under_the_field(editor_for):
    editor = editor_for("KPI 1")
    editor.ui.number.setText("about 12")
    editor.ui.save.click()

    assert editor.ui.messages.text_of("value") == "Must be a number, got 'about 12'."
    assert editor.detail.actual_id is None


def test_a_date_kpi_takes_a_date(qtbot, editor_for, seeded_database):
    editor = editor_for("KPI 7")
    assert editor.ui.value_stack.currentWidget() is editor.ui.day
    assert editor.ui.day.text() == "Not yet achieved"

    editor.ui.day.setDate(date(2025, 12, 10))
    editor.ui.save.click()

    assert editor.detail.value_date == date(2025, 12, 10)
    assert "Target for Q2: <b>15 Dec 2025</b>" in editor.ui.facts.text()


def test_files_dropped_on_the_evidence_list_are_attached(qtbot, editor_for, tmp_path):
    editor = editor_for("KPI 3")
    photo = tmp_path / "road before and after.jpg"
    photo.write_bytes(b"\xff\xd8\xff jpeg bytes")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    evidence = editor.ui.evidence
    rest = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    events = (QDragEnterEvent(QPoint(10, 10), *rest), QDragMoveEvent(QPoint(10, 10), *rest),
              QDropEvent(QPointF(10, 10), *rest))  # PySide6 takes whole points for the first two

    for event in events:  # as a real drag delivers
        QApplication.sendEvent(evidence, event)

    assert evidence.names() == ["road before and after.jpg"]
    assert editor.detail.status.value == "draft"


def test_an_empty_file_is_refused_under_the_evidence_list(editor_for, tmp_path):
    editor = editor_for("KPI 3")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")

    editor.attach([empty])

    assert editor.ui.messages.text_of("evidence") == "Empty.pdf is empty."


def test_double_clicking_a_file_opens_its_checked_bytes_in_the_system_viewer(qtbot, editor_for, tmp_path,
                                                                             monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    minutes = tmp_path / "council minutes.pdf"
    minutes.write_bytes(b"%PDF minutes")
    editor = editor_for("KPI 1")
    editor.attach([minutes])
    list_widget = editor.ui.evidence.list

    item_rect = list_widget.visualItemRect(list_widget.item(0))
    qtbot.mouseClick(list_widget.viewport(), Qt.MouseButton.LeftButton, pos=item_rect.center())
    qtbot.mouseDClick(list_widget.viewport(), Qt.MouseButton.LeftButton, pos=item_rect.center())

    assert len(opened) == 1 and opened[0].endswith("council minutes.pdf")
    with open(opened[0], "rb") as copy:
        assert copy.read() == b"%PDF minutes"


def test_a_value_in_a_closed_period_is_read_only_with_the_reason(editor_for, seeded_database, q2):
    with seeded_database.session() as session:
        years.close_period(session, Actor.system(), q2)
    editor = editor_for("KPI 1")

    assert editor.ui.banner.text() == "Q2 is closed; ask the PMS officer to reopen it."
    assert editor.ui.number.isReadOnly()
    assert not editor.ui.save.isEnabled() and not editor.ui.evidence.attach.isVisible()
