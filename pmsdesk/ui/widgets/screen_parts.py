"""Pieces the period-based screens (reporting, verification) lay out the same way."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget


def scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area, so a long form still fits a 768-pixel screen."""
    scroll = QScrollArea(parent)
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    return scroll


def quarter_bar(picker: QWidget, parent: QWidget) -> QHBoxLayout:
    """A bar starting with 'Quarter: [picker]' (Alt+Q jumps to it); callers add the rest."""
    label = QLabel(QCoreApplication.translate("widgets.screen_parts", "&Quarter:"), parent)
    label.setBuddy(picker)
    bar = QHBoxLayout()
    bar.addWidget(label)
    bar.addWidget(picker)
    return bar


def list_beside_form(screen: QWidget, bar: QHBoxLayout, table: QWidget, form: QWidget,
                     widths: tuple[int, int]) -> QSplitter:
    """Lay ``screen`` out as the bar above a list with its form to the right (the list takes the slack)."""
    splitter = QSplitter(screen)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(table)
    splitter.addWidget(form)
    splitter.setSizes(list(widths))
    splitter.setStretchFactor(0, 1)
    layout = QVBoxLayout(screen)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addLayout(bar)
    layout.addWidget(splitter, 1)
    return splitter
