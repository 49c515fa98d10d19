"""QPainter renderer of the chart definitions in :mod:`pmsdesk.charts`.

The PDF reports draw the same definitions with ReportLab, so the screen and the
printout agree. The widget scales with its size, names its chart for screen
readers (accessible name, and the chart as text in the accessible description),
shows a tooltip per bar segment or quarter, and lets the keyboard pick a bar:
Up/Down move between bars, Enter or Space activates one, as a click does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from pmsdesk.charts import (
    Chart,
    LegendEntry,
    StackedBarChart,
    TrendChart,
    bar_text,
    describe,
    legend_rows,
    number_text,
)
from pmsdesk.ui.translation import QT_TR_NOOP

from .tables import elide_keeping_end

MARGIN = 8
BAR_PITCH = 24
PLOT_HEIGHT = 150
GRID = QColor("#e5e8eb")
AXIS = QColor("#b8c2cc")


class ChartView(QWidget):
    """Paints one chart definition; emits ``bar_activated`` with a stacked bar's label."""

    bar_activated = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None, *, activate_hint: str = "") -> None:
        """``activate_hint`` ends each bar segment's tooltip: what a click on it does."""
        super().__init__(parent)
        self._activate_hint = activate_hint
        self._chart: Chart | None = None
        self._empty_text = self.tr("Nothing to show yet.")
        self._current = -1
        self._hits: list[tuple[QRectF, int, str]] = []  # area, bar or quarter index, tooltip
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)

    # -- what is shown -----------------------------------------------------------
    def chart(self) -> Chart | None:
        return self._chart

    def set_chart(self, chart: Chart | None, empty_text: str = QT_TR_NOOP("Nothing to show yet.")) -> None:
        self._chart = chart
        self._empty_text = empty_text
        self._current = -1
        self.setAccessibleDescription(self.text_alternative())
        self.updateGeometry()
        self.update()

    def text_alternative(self) -> str:
        """The chart as sentences (what a screen reader reads), or why there is none."""
        return describe(self._chart) if self._chart is not None else self._empty_text

    def current_bar(self) -> str | None:
        if isinstance(self._chart, StackedBarChart) and 0 <= self._current < len(self._chart.bars):
            return self._chart.bars[self._current].label
        return None

    # -- size --------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(420, self._height_for(max(self.width(), 420)))

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self._height_for(max(self.width(), 260)))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height_for(width)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.updateGeometry()  # the legend may wrap onto another row

    def _height_for(self, width: int) -> int:
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        legend = len(self._legend_rows(self._chart.legend if self._chart else (), width)) * (line + 4)
        if isinstance(self._chart, StackedBarChart):
            plot = max(len(self._chart.bars), 1) * BAR_PITCH + 2 * line + 6
        else:
            plot = PLOT_HEIGHT + line + 6
        return 2 * MARGIN + (self._title_font_metrics().height() + 6) + plot + legend

    # -- interaction -------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self._hit_at(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), hit[2], self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self._hit_at(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self._choose(hit[1], activate=True)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        clickable = isinstance(self._chart, StackedBarChart) and self._hit_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not isinstance(self._chart, StackedBarChart) or not self._chart.bars:
            super().keyPressEvent(event)
            return
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            self._choose(max(0, min(len(self._chart.bars) - 1, self._current + step)), activate=False)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._current >= 0:
            self._choose(self._current, activate=True)
        else:
            super().keyPressEvent(event)

    def _choose(self, index: int, *, activate: bool) -> None:
        if not isinstance(self._chart, StackedBarChart):
            return
        self._current = index
        bar = self._chart.bars[index]
        self.setAccessibleDescription(bar_text(self._chart, bar))
        self.update()
        if activate:
            self.bar_activated.emit(bar.label)

    def _hit_at(self, point: QPointF) -> tuple[QRectF, int, str] | None:
        return next((hit for hit in self._hits if hit[0].contains(point)), None)

    # -- painting ----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._hits = []
        area = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        chart = self._chart
        if chart is None:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._empty_text)
            return
        title_height = self._title_font_metrics().height() + 6
        painter.setFont(self._title_font())
        painter.setPen(self.palette().text().color())
        title = self._title_font_metrics().elidedText(chart.title, Qt.TextElideMode.ElideRight, int(area.width()))
        painter.drawText(QRectF(area.left(), area.top(), area.width(), title_height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, title)
        painter.setFont(self.font())
        rows = self._legend_rows(chart.legend, self.width())
        legend_height = len(rows) * (self.fontMetrics().height() + 4)
        plot = area.adjusted(0, title_height, 0, -legend_height)
        if isinstance(chart, StackedBarChart):
            self._paint_bars(painter, chart, plot)
        else:
            self._paint_trend(painter, chart, plot)
        self._paint_legend(painter, rows, area.bottom() - legend_height)
        if self.hasFocus():
            pen = QPen(self.palette().highlight().color(), 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -2, -2))

    def _paint_bars(self, painter: QPainter, chart: StackedBarChart, plot: QRectF) -> None:
        metrics = self.fontMetrics()
        line = metrics.height()
        if not chart.bars:
            self._placeholder(painter, plot, self.tr("No KPIs to show."))
            return
        label_width = min(plot.width() * 0.38, max(metrics.horizontalAdvance(bar.label) for bar in chart.bars) + 8)
        bars = QRectF(plot.left() + label_width, plot.top(), plot.width() - label_width - 6,
                      len(chart.bars) * BAR_PITCH)
        maximum, step = chart.axis()
        self._paint_value_axis(painter, bars, maximum, step)
        painter.setPen(self.palette().text().color())
        painter.drawText(QRectF(bars.left(), bars.bottom() + line, bars.width(), line + 4),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, chart.value_label)
        for index, bar in enumerate(chart.bars):
            top = bars.top() + index * BAR_PITCH
            label = elide_keeping_end(bar.label, metrics, int(label_width - 8))
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(plot.left(), top, label_width - 8, BAR_PITCH),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            x = bars.left()
            for segment in bar.segments:
                if not segment.count:
                    continue
                width = bars.width() * segment.count / maximum
                rect = QRectF(x, top + 3, width, BAR_PITCH - 6)
                colour = QColor(chart.colour_of(segment.key))
                painter.fillRect(rect, colour)
                painter.setPen(QPen(QColor("white"), 0.6))
                painter.drawLine(rect.topRight(), rect.bottomRight())
                count = str(segment.count)
                if metrics.horizontalAdvance(count) + 4 < width:
                    painter.setPen(_text_on(colour))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, count)
                tip = f"{bar.label}: {segment.count} {chart.label_of(segment.key).lower()}"
                if self._activate_hint:
                    tip += f" — {self._activate_hint}"
                self._hits.append((rect, index, tip))
                x += width
            if index == self._current:
                painter.setPen(QPen(self.palette().highlight().color(), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(plot.left(), top + 1, x - plot.left() + 2, BAR_PITCH - 2))

    def _paint_trend(self, painter: QPainter, chart: TrendChart, plot: QRectF) -> None:
        line = self.fontMetrics().height()
        if not chart.has_values:
            self._placeholder(painter, plot, self.tr("No numeric targets or actuals to show."))
            return
        maximum, step = chart.axis()
        labels = [chart.figure(step * i) for i in range(int(round(maximum / step)) + 1)]
        left = max(self.fontMetrics().horizontalAdvance(text) for text in labels) + 8
        area = QRectF(plot.left() + left, plot.top() + line / 2, plot.width() - left - 4,
                      plot.height() - line - 8 - line / 2)
        self._paint_value_axis(painter, area, maximum, step, vertical=True, suffix=chart.suffix)
        slot = area.width() / max(len(chart.points), 1)
        target = QColor(chart.legend[0].colour) if chart.legend else self.palette().text().color()
        targets: list[QPointF] = []
        for index, point in enumerate(chart.points):
            centre = area.left() + slot * (index + 0.5)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(centre - slot / 2, area.bottom() + 4, slot, line + 2),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, point.label)
            column = QRectF(centre - slot / 2, area.top(), slot, area.height())
            tip = self.tr("{0}: target {1}, actual ").format(point.label, chart.figure(point.target)) + (
                self.tr("not reported") if point.actual is None else chart.figure(point.actual)) + (
                f" ({point.category_label})" if point.actual is not None and point.category_label else "")
            self._hits.append((column, index, tip))
            if point.actual is not None:
                height = area.height() * max(point.actual, 0) / maximum
                rect = QRectF(centre - slot * 0.22, area.bottom() - height, slot * 0.44, height)
                painter.fillRect(rect, QColor(point.colour))
                painter.setPen(self.palette().text().color())
                painter.drawText(QRectF(rect.left() - 20, rect.top() - line - 1, rect.width() + 40, line),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                                 chart.figure(point.actual))
            if point.target is not None:
                targets.append(QPointF(centre, area.bottom() - area.height() * max(point.target, 0) / maximum))
        painter.setPen(QPen(target, 1.6, Qt.PenStyle.DashLine))
        for start, end in zip(targets, targets[1:]):
            painter.drawLine(start, end)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(target)
        for corner in targets:
            painter.drawRect(QRectF(corner.x() - 3, corner.y() - 3, 6, 6))

    def _paint_value_axis(self, painter: QPainter, area: QRectF, maximum: float, step: float, *,
                          vertical: bool = False, suffix: str = "") -> None:
        line = self.fontMetrics().height()
        for index in range(int(round(maximum / step)) + 1):
            share = step * index / maximum
            painter.setPen(QPen(AXIS if index == 0 else GRID, 1))
            text = number_text(step * index) + suffix
            painter.save()
            if vertical:
                y = area.bottom() - area.height() * share
                painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
                painter.setPen(self.palette().placeholderText().color())
                painter.drawText(QRectF(0, y - line / 2, area.left() - 4, line),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            else:
                x = area.left() + area.width() * share
                painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
                painter.setPen(self.palette().placeholderText().color())
                painter.drawText(QRectF(x - 30, area.bottom() + 2, 60, line),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
            painter.restore()

    def _legend_rows(self, entries, width: int) -> list[list[tuple[float, LegendEntry]]]:
        return legend_rows(entries, width - 2 * MARGIN, QFontMetrics(self.font()).horizontalAdvance,
                           mark_width=18, gap=14)

    def _paint_legend(self, painter: QPainter, rows, top: float) -> None:
        line = self.fontMetrics().height()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for row_index, row in enumerate(rows):
            y = top + row_index * (line + 4) + 2
            for x, entry in row:
                x += MARGIN
                colour = QColor(entry.colour)
                if entry.mark == "line":
                    painter.setPen(QPen(colour, 1.6, Qt.PenStyle.DashLine))
                    painter.drawLine(QPointF(x, y + line / 2), QPointF(x + 14, y + line / 2))
                    painter.fillRect(QRectF(x + 4, y + line / 2 - 3, 6, 6), colour)
                else:
                    box = QRectF(x, y + line / 2 - 5, 14, 10)
                    painter.fillRect(box, colour)
                    painter.setPen(QPen(self.palette().text().color(), 0.5))
                    painter.drawRect(box)
                painter.setPen(self.palette().text().color())
                painter.drawText(QRectF(x + 18, y, 1000, line),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, entry.label)

    def _placeholder(self, painter: QPainter, area: QRectF, text: str) -> None:
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _title_font_metrics(self) -> QFontMetrics:
        return QFontMetrics(self._title_font())

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()


def _text_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    luminance = 0.299 * colour.redF() + 0.587 * colour.greenF() + 0.114 * colour.blueF()
    return QColor("black") if luminance > 0.6 else QColor("white")
