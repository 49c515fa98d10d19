"""Pieces the period-based screens (reporting, verification) lay out the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QWidget


def scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area, so a long form still fits a 768-pixel screen."""
    scroll = QScrollArea(parent)
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    return scroll


def quarter_bar(picker: QWidget, parent: QWidget) -> QHBoxLayout:
    """A bar starting with 'Quarter: [picker]' (Alt+Q jumps to it); callers add the rest."""
    label = QLabel("&Quarter:", parent)
    label.setBuddy(picker)
    bar = QHBoxLayout()
    bar.addWidget(label)
    bar.addWidget(picker)
    return bar
