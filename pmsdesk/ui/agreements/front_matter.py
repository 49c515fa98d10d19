"""The front matter of a Kenyan performance contract: vision, mission and strategic objectives."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget


class FrontMatterFields(QWidget):
    """Three fields printed before the contract's clauses; ``edited`` fires on the user's typing only."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vision = QLineEdit(self)
        self.vision.setAccessibleName(self.tr("Vision"))
        self.mission = QLineEdit(self)
        self.mission.setAccessibleName(self.tr("Mission"))
        self.objectives = QPlainTextEdit(self)
        self.objectives.setAccessibleName(self.tr("Strategic objectives, one per line"))
        self.objectives.setTabChangesFocus(True)
        layout = QFormLayout(self)
        for caption, field in ((self.tr("&Vision:"), self.vision), (self.tr("Missi&on:"), self.mission),
                               (self.tr("Strategic o&bjectives\n(one per line):"), self.objectives)):
            label = QLabel(caption, self)
            label.setBuddy(field)
            layout.addRow(label, field)
        self.vision.textEdited.connect(lambda _text: self.edited.emit())
        self.mission.textEdited.connect(lambda _text: self.edited.emit())
        self.objectives.textChanged.connect(self._objectives_changed)
        self._filling = False

    def _objectives_changed(self) -> None:
        if not self._filling and not self.objectives.isReadOnly():
            self.edited.emit()

    def show_values(self, values: Mapping[str, str | None]) -> None:
        self._filling = True
        self.vision.setText(values.get("vision") or "")
        self.mission.setText(values.get("mission") or "")
        self.objectives.setPlainText(values.get("strategic_objectives") or "")
        for field in (self.vision, self.mission):
            field.setCursorPosition(0)  # show the start of a long statement
        self._filling = False

    def set_read_only(self, read_only: bool) -> None:
        for field in (self.vision, self.mission, self.objectives):
            field.setReadOnly(read_only)

    def values(self) -> dict[str, str | None]:
        """The agreements service's field names; blank fields as None."""
        return {"vision": self.vision.text().strip() or None, "mission": self.mission.text().strip() or None,
                "strategic_objectives": self.objectives.toPlainText().strip() or None}
