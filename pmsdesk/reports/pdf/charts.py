"""Charts drawn with ReportLab's own graphics (no matplotlib), sized for a report page.

Bars use the rule set's traffic-light colours and always come with a legend
naming each colour, so a black-and-white print still reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from .fonts import font_set, printable
from .styles import INK, MUTED, RULE


def _short(label: str, limit: int) -> str:
    label = printable(label)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def category_bars(groups: Sequence[tuple[str, Mapping[str, int]]],
                  bands: Sequence[tuple[str, str, str]], width: float, *,
                  title: str | None = None, label_chars: int = 44) -> Drawing:
    """One stacked horizontal bar per group (a KPA, a directorate), split by traffic light.

    ``groups`` is [(name, {band code: KPI count})], ``bands`` [(code, name, colour)]
    in the order to stack them.
    """
    fonts = font_set()
    bar_height, legend_height, title_height = 16, 14 * ((len(bands) + 2) // 3), 16 if title else 0
    plot_height = max(len(groups), 1) * bar_height
    height = plot_height + legend_height + title_height + 44
    drawing = Drawing(width, height)
    label_width = min(width * 0.42, label_chars * 4.6)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width + 6, legend_height + 34
    chart.width, chart.height = width - label_width - 20, plot_height
    ordered = list(reversed(groups))  # first group at the top
    chart.data = [[counts.get(code, 0) for _, counts in ordered] for code, _, _ in bands] or [[0]]
    chart.categoryAxis.categoryNames = [_short(name, label_chars) for name, _ in ordered]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e5e8eb")
    chart.valueAxis.labelTextFormat = "%d"
    total = max((sum(counts.values()) for _, counts in groups), default=0)
    step = _nice_step(total)
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = max(-(-total // step) * step, step)
    chart.barWidth = bar_height * 0.7
    chart.groupSpacing = bar_height * 0.3
    chart.bars.strokeColor = colors.white
    chart.bars.strokeWidth = 0.4
    for index, (_, _, colour) in enumerate(bands):
        chart.bars[index].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = chart.x, legend_height
    legend.alignment = "right"
    legend.columnMaximum = 1 if len(bands) <= 3 else 2
    legend.fontName, legend.fontSize = fonts.regular, 7
    legend.dx, legend.dy, legend.deltax = 7, 7, 10
    legend.dxTextSpace = 4
    legend.colorNamePairs = [(colors.HexColor(colour), printable(_label(name)))
                             for _, name, colour in bands]
    drawing.add(legend)
    drawing.add(String(chart.x + chart.width / 2, legend_height + 8, "Number of KPIs",
                       fontName=fonts.regular, fontSize=7, fillColor=MUTED, textAnchor="middle"))
    if title:
        drawing.add(String(0, height - 11, printable(title), fontName=fonts.bold, fontSize=9,
                           fillColor=INK))
    return drawing


def score_bars(rows: Sequence[tuple[str, float | None, str]], width: float, *,
               title: str | None = None, label_chars: int = 30) -> Drawing:
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
    chart.data = [[score or 0 for _, score, _ in ordered]]
    chart.categoryAxis.categoryNames = [_short(label, label_chars) for label, _, _ in ordered]
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    top = max([120.0] + [score or 0 for _, score, _ in rows])
    step = 20 if top <= 200 else 50 if top <= 500 else 100
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = -(-top // step) * step
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e5e8eb")
    chart.bars.strokeColor = colors.white
    for index, (_, _, colour) in enumerate(ordered):
        chart.bars[(0, index)].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 6, "Year-to-date score (weighted mean achievement)",
                       fontName=fonts.regular, fontSize=7, fillColor=MUTED, textAnchor="middle"))
    if title:
        drawing.add(String(0, height - 11, printable(title), fontName=fonts.bold, fontSize=9,
                           fillColor=INK))
    return drawing


def _label(name: str) -> str:
    short = name.removeprefix("KPI ")
    return short[:1].upper() + short[1:]


def _nice_step(total: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if total / step <= 8:
            return step
    return max(total // 8, 1)
