"""Count tiles: one big number with what it counts, readable at a glance and by a screen reader."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

TILE_STYLE = """
QFrame#count-tile { border: 1px solid palette(mid); border-radius: 4px; background: palette(base); }
QLabel#count-number { font-size: 20pt; font-weight: 600; }
"""


class CountTile(QFrame):
    """A count and its caption; ``set_count`` also updates the accessible name."""

    def __init__(self, caption: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("count-tile")
        self.setStyleSheet(TILE_STYLE)
        self._caption = caption
        self.number = QLabel("–", self)
        self.number.setObjectName("count-number")
        self.caption = QLabel(caption, self)
        self.caption.setWordWrap(True)
        self.setToolTip(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        self.setAccessibleName(caption)

    def set_count(self, count: int | None, detail: str = "") -> None:
        self.number.setText("–" if count is None else f"{count:,}")
        self.caption.setText(f"{self._caption}{detail}")
        self.setAccessibleName(f"{self._caption}{detail}: {'none' if count is None else count}")

    def count(self) -> str:
        return self.number.text()
