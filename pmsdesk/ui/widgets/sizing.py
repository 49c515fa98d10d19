"""Sizing windows and dialogs to the screen they open on: office laptops may have 1024×600."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

#: Room for the window's title bar and frame, which the available geometry does not include.
FRAME_HEIGHT = 40


def fitted(preferred: QSize, available: QSize) -> QSize:
    """``preferred``, shrunk where the screen is smaller (less the window frame)."""
    return preferred.boundedTo(QSize(available.width(), available.height() - FRAME_HEIGHT))


def resize_to_screen(window: QWidget, preferred: QSize) -> None:
    """Open ``window`` at its preferred size, or at the size of a smaller screen."""
    screen = (window.parentWidget() or window).screen()
    window.resize(fitted(preferred, screen.availableGeometry().size()) if screen is not None else preferred)
