"""The 5 × 5 rating matrix: how many risks sit at each likelihood × impact, coloured by band.

Each cell is a button, so the matrix works from the keyboard (Tab, Space);
choosing a cell filters the risk list to that cell, choosing it again shows
every cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pmsdesk.services.risks import RiskBand, RiskRow, band_of, band_range
from pmsdesk.ui.translation import QT_TR_NOOP

from ..translation import translated

LIKELIHOOD_WORDS = {1: QT_TR_NOOP("Rare"), 2: QT_TR_NOOP("Unlikely"), 3: QT_TR_NOOP(
        "Possible"), 4: QT_TR_NOOP("Likely"), 5: QT_TR_NOOP("Almost certain")}
IMPACT_WORDS = {1: QT_TR_NOOP("Insignificant"), 2: QT_TR_NOOP("Minor"), 3: QT_TR_NOOP(
        "Moderate"), 4: QT_TR_NOOP("Major"), 5: QT_TR_NOOP("Catastrophic")}
#: Background colours of the bands; dark text reads on all of them.
BAND_COLOURS = {RiskBand.LOW: "#9fd8a8", RiskBand.MEDIUM: "#ffe28a", RiskBand.HIGH: "#f7b267",
                RiskBand.EXTREME: "#ef7a74"}
CELL_SIZE = 40
Cell = tuple[int, int]  # (likelihood, impact)


def _cell_style(band: RiskBand) -> str:
    colour = BAND_COLOURS[band]
    return (f"QPushButton {{ background: {colour}; color: #1a1a1a; border: 1px solid #8a8a8a; font-weight: bold; }}"
            f"QPushButton:checked {{ border: 3px solid #1a1a1a; }}"
            f"QPushButton:focus {{ border: 2px dashed #1a1a1a; }}")


class RiskMatrix(QWidget):
    """Counts per cell; ``cell_chosen`` carries (likelihood, impact), or None when the filter is cleared."""

    cell_chosen = Signal(object)  # Cell | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Risk rating matrix"))
        self.cells: dict[Cell, QPushButton] = {}
        self._chosen: Cell | None = None
        grid = QGridLayout()
        grid.setSpacing(2)
        likelihood_caption = QLabel("<b>Likelihood</b>", self)
        likelihood_caption.setAlignment(Qt.AlignmentFlag.AlignRight)
        grid.addWidget(likelihood_caption, 0, 0)
        for likelihood in range(5, 0, -1):
            row = 6 - likelihood
            label = QLabel(f"{likelihood} {translated(LIKELIHOOD_WORDS[likelihood])}", self)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, row, 0)
            for impact in range(1, 6):
                button = QPushButton(self)
                button.setCheckable(True)
                button.setFixedSize(CELL_SIZE, CELL_SIZE - 8)
                button.setStyleSheet(_cell_style(band_of(likelihood * impact)))
                button.clicked.connect(lambda _checked, cell=(likelihood, impact): self._clicked(cell))
                self.cells[(likelihood, impact)] = button
                grid.addWidget(button, row, impact)
        for impact in range(1, 6):
            label = QLabel(str(impact), self)
            label.setToolTip(translated(IMPACT_WORDS[impact]))
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, 6, impact)
        impact_caption = QLabel(self.tr("<b>Impact</b>: 1 insignificant … 5 catastrophic"), self)
        impact_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(impact_caption, 7, 0, 1, 6, Qt.AlignmentFlag.AlignRight)
        self.band_counts: dict[RiskBand, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addSpacing(16)
        layout.addLayout(self._legend())
        layout.addStretch(1)
        self.set_risks(())

    def _legend(self) -> QVBoxLayout:
        """One swatch per band, highest first, each with how many risks it holds."""
        legend = QVBoxLayout()
        legend.setSpacing(4)
        legend.addWidget(QLabel(self.tr("<b>Rating</b> (likelihood × impact)"), self))
        for band in reversed(RiskBand):
            swatch = QLabel(f"{band.value.title()} {band_range(band)}", self)
            swatch.setStyleSheet(f"background: {BAND_COLOURS[band]}; color: #1a1a1a; padding: 3px 6px;")
            swatch.setMinimumWidth(110)
            count = QLabel(self)
            self.band_counts[band] = count
            row = QHBoxLayout()
            row.addWidget(swatch)
            row.addWidget(count)
            row.addStretch(1)
            legend.addLayout(row)
        legend.addStretch(1)
        return legend

    def set_risks(self, risks: Iterable[RiskRow]) -> None:
        """Show how many of ``risks`` fall in each cell."""
        risks = list(risks)
        counts = Counter((risk.likelihood, risk.impact) for risk in risks)
        bands = Counter(risk.band for risk in risks)
        for band, label in self.band_counts.items():
            label.setText(self.tr("{0} risk{1}").format(bands.get(band, 0), 's' if bands.get(band, 0) != 1 else ''))
        for (likelihood, impact), button in self.cells.items():
            count = counts.get((likelihood, impact), 0)
            button.setText(str(count) if count else "")
            band_name = band_of(likelihood * impact).value
            words = self.tr(
                    "likelihood {0} ({1}), impact {2} ({3})").format(likelihood,
                    translated(LIKELIHOOD_WORDS[likelihood]).lower(),
                    impact,
                    translated(IMPACT_WORDS[impact]).lower())
            button.setAccessibleName(self.tr(
                    "{0} risks with {1}, rated {2}, {3}").format(count, words, likelihood * impact, band_name))
            button.setToolTip(self.tr(
                    "{0} risk{1}: {2}; rating {3} ({4}). Click to list them.").format(count,
                    's' if count != 1 else '',
                    words,
                    likelihood * impact,
                    band_name))

    def count_at(self, cell: Cell) -> int:
        return int(self.cells[cell].text() or 0)

    def chosen(self) -> Cell | None:
        return self._chosen

    def set_choice(self, cell: Cell | None) -> None:
        """Check ``cell`` (None: no cell) without announcing it, e.g. to put a refused choice back."""
        self._chosen = cell
        for key, button in self.cells.items():
            button.setChecked(key == cell)

    def _clicked(self, cell: Cell) -> None:
        self.set_choice(None if cell == self._chosen else cell)
        self.cell_chosen.emit(self._chosen)
