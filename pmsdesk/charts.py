"""Chart definitions: what a chart shows, as plain data, so screen and paper draw the same chart.

A definition is built once from the data by the functions here; the Qt renderer
(``pmsdesk.ui.widgets.chart_view``) and the ReportLab renderer
(``pmsdesk.reports.pdf.charts``) only draw it and decide nothing about numbers,
order, colours or legend. Colours come from the rule set's traffic-light bands,
and every definition carries a legend naming each colour, so a black-and-white
print still reads. :func:`describe` gives the same chart as text, for screen
readers and tooltips.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pmsdesk.i18n import N_, _
from pmsdesk.scorecard import NO_GROUP, Scorecard
from pmsdesk.wording import count_of, plain_number

NOT_MEASURED_COLOUR = "#7f8c8d"
TARGET_COLOUR = "#1f2d3a"
NO_LIGHT_COLOUR = "#aab7b8"
COUNT_LABEL = N_("Number of KPIs")


@dataclass(frozen=True)
class LegendEntry:
    """One colour and what it means; ``mark`` is "box" (a bar's fill) or "line" (a target line)."""

    key: str
    label: str
    colour: str
    mark: str = "box"


@dataclass(frozen=True)
class Segment:
    key: str
    count: int


@dataclass(frozen=True)
class StackedBar:
    """One group (a directorate, a KPA) split by traffic light, segments in legend order."""

    label: str
    segments: tuple[Segment, ...]

    @property
    def total(self) -> int:
        return sum(segment.count for segment in self.segments)


@dataclass(frozen=True)
class StackedBarChart:
    """Horizontal stacked bars, first bar at the top, counted along ``value_label``."""

    title: str
    bars: tuple[StackedBar, ...]
    legend: tuple[LegendEntry, ...]
    value_label: str = COUNT_LABEL

    def colour_of(self, key: str) -> str:
        return next((entry.colour for entry in self.legend if entry.key == key), NOT_MEASURED_COLOUR)

    def label_of(self, key: str) -> str:
        return next((entry.label for entry in self.legend if entry.key == key), key)

    def axis(self) -> tuple[float, float]:
        return nice_axis(max((bar.total for bar in self.bars), default=0))


@dataclass(frozen=True)
class QuarterValue:
    """A KPI's target and actual in one quarter, with the traffic light of that quarter's actual."""

    label: str
    target: float | None
    actual: float | None
    category: str | None = None


@dataclass(frozen=True)
class TrendPoint:
    label: str
    target: float | None
    actual: float | None
    colour: str
    category_label: str | None


@dataclass(frozen=True)
class TrendChart:
    """Actual bars (coloured by their quarter's traffic light) under a target line, one per quarter."""

    title: str
    points: tuple[TrendPoint, ...]
    legend: tuple[LegendEntry, ...]
    value_label: str = N_("Value")
    #: Written after every figure, on the axis and above the bars: "%" for a percentage KPI.
    suffix: str = ""

    def figure(self, value: float | None) -> str:
        """'46.81%' for a percentage KPI, '4,820' for a count; '–' for no value."""
        return number_text(value) + (self.suffix if value is not None else "")

    @property
    def has_values(self) -> bool:
        return any(p.target is not None or p.actual is not None for p in self.points)

    def axis(self) -> tuple[float, float]:
        values = [v for p in self.points for v in (p.target, p.actual) if v is not None]
        return nice_axis(max(values, default=0))


Chart = StackedBarChart | TrendChart


def nice_axis(top: float) -> tuple[float, float]:
    """(axis maximum, gridline step) with at most eight steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    if top <= 0:
        return 1.0, 1.0
    magnitude = 10 ** max(len(str(int(top))) - 2, 0) if top >= 1 else 0.01
    for multiplier in (1, 2, 2.5, 5, 10, 20, 25, 50, 100):
        step = magnitude * multiplier
        if top / step <= 8:
            maximum = -(-top // step) * step
            return float(maximum), float(step)
    return float(top), float(top / 8)


def band_label(name: str) -> str:
    """'KPI not met' → 'Not met': legends are short, the chart says they count KPIs."""
    short = _(name).removeprefix("KPI ")
    return short[:1].upper() + short[1:]


def traffic_light_legend(rules: Mapping[str, Any]) -> tuple[LegendEntry, ...]:
    """Every band of an SDBIP rule set in its order, then not reported, held for checking,
    awaiting and 'not yet measured'."""
    from pmsdesk.scoring import SdbipRules

    return tuple(LegendEntry(light.code, band_label(light.name), light.colour or NOT_MEASURED_COLOUR)
                 for light in SdbipRules.of(rules).categories())


def band_legend(bands: Sequence[tuple[str, str, str]]) -> tuple[LegendEntry, ...]:
    """The legend of (code, name, colour) bands, as the PDF reports list them."""
    return tuple(LegendEntry(code, band_label(name), colour) for code, name, colour in bands)


def stacked_bars(title: str, groups: Sequence[tuple[str, Mapping[str, int]]],
                 legend: Sequence[LegendEntry]) -> StackedBarChart:
    """One bar per (name, {band code: count}) in the given order; unknown codes are dropped."""
    bars = tuple(StackedBar(name, tuple(Segment(entry.key, counts.get(entry.key, 0)) for entry in legend))
                 for name, counts in groups)
    return StackedBarChart(title, bars, tuple(legend), _(COUNT_LABEL))


def lights_by(card: Scorecard, grouping: str, legend: Sequence[LegendEntry], *,
              year_to_date: bool, title: str) -> StackedBarChart:
    """KPIs per traffic light in each group of ``grouping`` ("kpa", "directorate"), by name,
    KPIs without a group last."""
    counts: dict[str, dict[str, int]] = {}
    for line in card.lines:
        if line.result is None:
            continue
        figure = line.result.year_to_date if year_to_date else line.result.period
        group = counts.setdefault(line.groups.get(grouping, NO_GROUP), {})
        group[figure.category] = group.get(figure.category, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (item[0] == NO_GROUP, item[0]))
    return stacked_bars(title, ordered, legend)


def trend(title: str, quarters: Sequence[QuarterValue], legend: Sequence[LegendEntry], *,
          value_label: str = N_("Value"), suffix: str = "") -> TrendChart:
    """A KPI's quarters; the legend names the target line and only the lights the actuals use."""
    by_key = {entry.key: entry for entry in legend}
    points = tuple(
        TrendPoint(q.label, q.target, q.actual,
                   by_key[q.category].colour if q.category in by_key else NO_LIGHT_COLOUR,
                   by_key[q.category].label if q.category in by_key else None)
        for q in quarters)
    used = {q.category for q in quarters if q.actual is not None}
    entries = [LegendEntry("target", _("Target"), TARGET_COLOUR, "line")]
    entries += [entry for entry in legend if entry.key in used]
    if any(q.actual is not None and q.category not in by_key for q in quarters):
        entries.append(LegendEntry("no_light", _("Actual (no traffic light)"), NO_LIGHT_COLOUR))
    return TrendChart(title, points, tuple(entries), _(value_label), suffix)


def legend_rows(entries: Sequence[LegendEntry], width: float, text_width: Callable[[str], float], *,
                mark_width: float, gap: float) -> list[list[tuple[float, LegendEntry]]]:
    """Legend entries placed left to right at x offsets, wrapping onto a new row within ``width``.

    Both renderers place the legend by this one rule, each measuring text in its own font.
    """
    rows: list[list[tuple[float, LegendEntry]]] = [[]]
    x = 0.0
    for entry in entries:
        item = mark_width + text_width(entry.label) + gap
        if rows[-1] and x + item > width:
            rows.append([])
            x = 0.0
        rows[-1].append((x, entry))
        x += item
    return rows if rows[0] else []


def number_text(value: float | None) -> str:
    return "–" if value is None else plain_number(round(value, 2))


def describe(chart: Chart) -> str:
    """The chart as sentences, one line per bar or quarter: its text alternative."""
    if isinstance(chart, TrendChart):
        if not chart.has_values:
            return _("{0}: no numeric targets or actuals to show.").format(chart.title)
        lines = [f"{chart.title}:"]
        for point in chart.points:
            light = f" ({point.category_label})" if point.actual is not None and point.category_label else ""
            actual = _("not reported") if point.actual is None else chart.figure(point.actual)
            lines.append(_("{0}: target {1}, actual {2}{3}.").format(point.label, chart.figure(point.target), actual,
                                                                      light))
        return "\n".join(lines)
    if not chart.bars:
        return _("{0}: no KPIs to show.").format(chart.title)
    lines = [f"{chart.title} ({chart.value_label}):"]
    lines += [bar_text(chart, bar) for bar in chart.bars]
    return "\n".join(lines)


def bar_text(chart: StackedBarChart, bar: StackedBar) -> str:
    """'Technical Services: 12 KPIs — 3 not met, 9 met.'"""
    parts = [f"{segment.count} {chart.label_of(segment.key).lower()}"
             for segment in bar.segments if segment.count]
    return f"{bar.label}: {count_of(bar.total, 'KPI')} — {', '.join(parts) or _('none')}."
