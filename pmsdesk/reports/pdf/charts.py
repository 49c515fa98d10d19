"""ReportLab renderer of the chart definitions in :mod:`pmsdesk.charts`, sized for a report page.

The screen draws the same definitions with QPainter, so a chart on paper shows the
same numbers, order, colours and legend as on the dashboard. Every chart carries
its legend naming each colour, so a black-and-white print still reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from pmsdesk.charts import (
    Chart,
    LegendEntry,
    StackedBarChart,
    TrendChart,
    band_legend,
    legend_rows,
    number_text,
    stacked_bars,
)
from pmsdesk.i18n import N_, _

from .fonts import font_set, printable
from .styles import INK, MUTED, RULE

GRID = colors.HexColor("#e5e8eb")
FONT_SIZE = 7
LEGEND_ROW = 12


def _short(label: str, limit: int) -> str:
    label = printable(label)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def chart_drawing(chart: Chart, width: float) -> Drawing:
    """Either kind of chart definition as a ReportLab drawing ``width`` points wide."""
    if isinstance(chart, TrendChart):
        return trend_drawing(chart, width)
    return stacked_bar_drawing(chart, width)


def category_bars(groups: Sequence[tuple[str, Mapping[str, int]]],
                  bands: Sequence[tuple[str, str, str]], width: float, *,
                  title: str | None = None, label_chars: int = 44) -> Drawing:
    """One stacked horizontal bar per group (a KPA, a directorate), split by traffic light.

    ``groups`` is [(name, {band code: KPI count})], ``bands`` [(code, name, colour)]
    in the order to stack them; the definition is built by :func:`pmsdesk.charts.stacked_bars`.
    """
    return stacked_bar_drawing(stacked_bars(title or "", groups, band_legend(bands)), width,
                               label_chars=label_chars)


def stacked_bar_drawing(chart: StackedBarChart, width: float, *, label_chars: int = 44) -> Drawing:
    """Bars top to bottom in the definition's order, segments in legend order, legend below."""
    fonts = font_set()
    legend_lines = _legend_layout(chart.legend, width)
    bar_height, title_height = 16, 16 if chart.title else 0
    legend_height = LEGEND_ROW * len(legend_lines)
    plot_height = max(len(chart.bars), 1) * bar_height
    height = plot_height + legend_height + title_height + 34
    drawing = Drawing(width, height)
    label_width = min(width * 0.42, label_chars * 4.6)
    plot = HorizontalBarChart()
    plot.x, plot.y = label_width + 6, legend_height + 24
    plot.width, plot.height = width - label_width - 20, plot_height
    ordered = list(reversed(chart.bars))  # ReportLab draws the first category at the bottom
    plot.data = [[bar.segments[index].count for bar in ordered] for index in range(len(chart.legend))
                 ] if ordered and chart.legend else [[0]]
    plot.categoryAxis.categoryNames = [_short(bar.label, label_chars) for bar in ordered] or [""]
    plot.categoryAxis.style = "stacked"
    plot.categoryAxis.labels.fontName = fonts.regular
    plot.categoryAxis.labels.fontSize = FONT_SIZE
    plot.categoryAxis.labels.boxAnchor = "e"
    plot.categoryAxis.labels.dx = -4
    plot.categoryAxis.strokeColor = RULE
    maximum, step = chart.axis()
    plot.valueAxis.valueMin = 0
    plot.valueAxis.valueMax = maximum
    plot.valueAxis.valueStep = step
    plot.valueAxis.labels.fontName = fonts.regular
    plot.valueAxis.labels.fontSize = FONT_SIZE
    plot.valueAxis.labelTextFormat = number_text
    plot.valueAxis.strokeColor = RULE
    plot.valueAxis.visibleGrid = True
    plot.valueAxis.gridStrokeColor = GRID
    plot.barWidth = bar_height * 0.7
    plot.groupSpacing = bar_height * 0.3
    plot.bars.strokeColor = colors.white
    plot.bars.strokeWidth = 0.4
    for index, entry in enumerate(chart.legend):
        plot.bars[index].fillColor = colors.HexColor(entry.colour)
    drawing.add(plot)
    drawing.add(String(plot.x + plot.width / 2, legend_height + 4, printable(chart.value_label),
                       fontName=fonts.regular, fontSize=FONT_SIZE, fillColor=MUTED, textAnchor="middle"))
    drawing.add(_legend(legend_lines, legend_height))
    if chart.title:
        drawing.add(String(0, height - 11, printable(chart.title), fontName=fonts.bold, fontSize=9,
                           fillColor=INK))
    return drawing


def trend_drawing(chart: TrendChart, width: float, *, plot_height: float = 110) -> Drawing:
    """One slot per quarter: the actual as a bar in its traffic light, the target as a line."""
    fonts = font_set()
    legend_lines = _legend_layout(chart.legend, width)
    legend_height = LEGEND_ROW * len(legend_lines)
    title_height = 16 if chart.title else 0
    bottom = legend_height + 16
    height = bottom + plot_height + title_height + 8
    drawing = Drawing(width, height)
    if chart.title:
        drawing.add(String(0, height - 11, printable(chart.title), fontName=fonts.bold, fontSize=9,
                           fillColor=INK))
    maximum, step = chart.axis()
    labels = [chart.figure(step * i) for i in range(int(round(maximum / step)) + 1)]
    left = max(stringWidth(text, fonts.regular, FONT_SIZE) for text in labels) + 8
    plot_width = width - left - 4

    def y_of(value: float) -> float:
        return bottom + plot_height * value / maximum

    for index, text in enumerate(labels):
        y = y_of(step * index)
        drawing.add(Line(left, y, left + plot_width, y, strokeColor=GRID if index else RULE,
                         strokeWidth=0.5))
        drawing.add(String(left - 4, y - 2.5, text, fontName=fonts.regular, fontSize=FONT_SIZE,
                           fillColor=MUTED, textAnchor="end"))
    slot = plot_width / max(len(chart.points), 1)
    targets = []
    for index, point in enumerate(chart.points):
        centre = left + slot * (index + 0.5)
        drawing.add(String(centre, bottom - 10, printable(point.label), fontName=fonts.regular,
                           fontSize=FONT_SIZE, fillColor=INK, textAnchor="middle"))
        if point.actual is not None:
            top = y_of(max(point.actual, 0))
            drawing.add(Rect(centre - slot * 0.22, bottom, slot * 0.44, top - bottom,
                             fillColor=colors.HexColor(point.colour), strokeColor=colors.white,
                             strokeWidth=0.4))
            drawing.add(String(centre, top + 2, chart.figure(point.actual), fontName=fonts.regular,
                               fontSize=FONT_SIZE - 1, fillColor=INK, textAnchor="middle"))
        if point.target is not None:
            targets.append((centre, y_of(max(point.target, 0))))
    target = colors.HexColor(chart.legend[0].colour) if chart.legend else INK
    if len(targets) > 1:
        drawing.add(PolyLine([c for xy in targets for c in xy], strokeColor=target, strokeWidth=1.2,
                             strokeDashArray=[3, 2]))
    for x, y in targets:
        drawing.add(Rect(x - 2, y - 2, 4, 4, fillColor=target, strokeColor=target))
    if not chart.has_values:
        drawing.add(String(left + plot_width / 2, bottom + plot_height / 2,
                           _("No numeric targets or actuals to show"), fontName=fonts.italic,
                           fontSize=FONT_SIZE, fillColor=MUTED, textAnchor="middle"))
    drawing.add(_legend(legend_lines, legend_height))
    return drawing


def _legend_layout(entries: Sequence[LegendEntry], width: float
                   ) -> list[list[tuple[float, LegendEntry]]]:
    regular = font_set().regular
    return legend_rows(entries, width, lambda text: stringWidth(printable(text), regular, FONT_SIZE),
                       mark_width=14, gap=12)


def _legend(rows: list[list[tuple[float, LegendEntry]]], height: float) -> Group:
    fonts = font_set()
    group = Group()
    for row_index, row in enumerate(rows):
        y = height - LEGEND_ROW * (row_index + 1) + 3
        for x, entry in row:
            colour = colors.HexColor(entry.colour)
            if entry.mark == "line":
                group.add(Line(x, y + 3.5, x + 10, y + 3.5, strokeColor=colour, strokeWidth=1.2,
                               strokeDashArray=[3, 2]))
                group.add(Rect(x + 3, y + 1.5, 4, 4, fillColor=colour, strokeColor=colour))
            else:
                group.add(Rect(x, y, 10, 7, fillColor=colour, strokeColor=INK, strokeWidth=0.3))
            group.add(String(x + 14, y + 0.5, printable(entry.label), fontName=fonts.regular,
                             fontSize=FONT_SIZE, fillColor=INK))
    return group


def score_bars(rows: Sequence[tuple[str, float | None, str]], width: float, *,
               title: str | None = None, label_chars: int = 30,
               axis_title: str = N_("Year-to-date score (weighted mean achievement)")) -> Drawing:
    """One horizontal bar per row: (label, score %, colour), for ranking organisations."""
    fonts = font_set()
    bar_height = 13
    height = max(len(rows), 1) * bar_height + 40 + (16 if title else 0)
    drawing = Drawing(width, height)
    label_width = min(width * 0.4, label_chars * 4.6)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width + 6, 24
    chart.width, chart.height = width - label_width - 24, max(len(rows), 1) * bar_height
    ordered = list(reversed(rows))
    chart.data = [[score or 0 for _label, score, _colour in ordered]]
    chart.categoryAxis.categoryNames = [_short(label, label_chars) for label, _score, _colour in ordered]
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    top = max([120.0] + [score or 0 for _label, score, _colour in rows])
    step = 20 if top <= 200 else 50 if top <= 500 else 100
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = -(-top // step) * step
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.bars.strokeColor = colors.white
    for index, (_label, _score, colour) in enumerate(ordered):
        chart.bars[(0, index)].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 6, axis_title,
                       fontName=fonts.regular, fontSize=7, fillColor=MUTED, textAnchor="middle"))
    if title:
        drawing.add(String(0, height - 11, printable(title), fontName=fonts.bold, fontSize=9,
                           fillColor=INK))
    return drawing
