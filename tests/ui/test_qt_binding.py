"""The installed Qt binding does not corrupt Python's reference counts in calls pmsdesk makes all the time."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication


def test_process_events_does_not_drop_references_to_none(qapp):
    """PySide6 6.12.0 lost a reference to None per processEvents(); Python aborted after a few thousand."""
    QApplication.processEvents()
    before = sys.getrefcount(None)
    for _ in range(2000):
        QApplication.processEvents()
    assert sys.getrefcount(None) - before > -100
