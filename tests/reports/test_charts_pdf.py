"""The ReportLab renderer draws the same chart definitions the dashboard paints on screen."""

from __future__ import annotations

from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, String
from reportlab.platypus import SimpleDocTemplate

from pmsdesk import charts
from pmsdesk.charts import QuarterValue
from pmsdesk.reports.pdf.charts import category_bars, chart_drawing
from pmsdesk.scoring import default_rule_set

LEGEND = charts.traffic_light_legend(default_rule_set("za_sdbip"))
BARS = charts.stacked_bars("By directorate, Q2", [("Technical Services", {"not_met": 3, "well_met": 9}),
                                                   ("Budget and Treasury", {"met": 2})], LEGEND)
TREND = charts.trend("TS01 Households connected", [QuarterValue("Q1", 100, 80, "almost_met"),
                                                   QuarterValue("Q2", 200, 210, "well_met"),
                                                   QuarterValue("Q3", 300, None), QuarterValue("Q4", 400, None)],
                     LEGEND)


def _pdf_text(tmp_path, *drawings: Drawing) -> str:
    path = tmp_path / "charts.pdf"
    SimpleDocTemplate(str(path)).build(list(drawings))
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _heights(tmp_path, drawing: Drawing) -> dict[str, float]:
    """Each printed text and how high on the page it sits."""
    path = tmp_path / "heights.pdf"
    SimpleDocTemplate(str(path)).build([drawing])
    heights: dict[str, float] = {}

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            heights[text.strip()] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return heights


def _strings(drawing) -> list[str]:
    found = []
    for node in getattr(drawing, "contents", ()):
        if isinstance(node, String):
            found.append(node.text)
        found += _strings(node)
    return found


def test_stacked_bars_print_their_title_bars_and_a_legend_naming_every_colour(tmp_path):
    text = _pdf_text(tmp_path, chart_drawing(BARS, 450))
    for label in ("By directorate, Q2", "Technical Services", "Budget and Treasury", "Number of KPIs",
                  *(entry.label for entry in LEGEND)):
        assert label in text, label
    heights = _heights(tmp_path, chart_drawing(BARS, 450))
    assert heights["Technical Services"] > heights["Budget and Treasury"], "the first bar prints on top"


def test_a_trend_prints_its_quarters_target_legend_and_actual_values(tmp_path):
    text = _pdf_text(tmp_path, chart_drawing(TREND, 300))
    for label in ("TS01 Households connected", "Q1", "Q2", "Q3", "Q4", "Target", "Almost met", "Well met", "210"):
        assert label in text, label
    assert "Extremely well met" not in text, "only the lights the actuals use are in the legend"


def test_the_reports_category_bars_draw_the_same_definition():
    bands = [(entry.key, f"KPI {entry.label.lower()}", entry.colour) for entry in LEGEND]
    old_call = category_bars([("Technical Services", {"not_met": 3, "well_met": 9}),
                              ("Budget and Treasury", {"met": 2})], bands, 450, title="By directorate, Q2")
    assert sorted(_strings(old_call)) == sorted(_strings(chart_drawing(BARS, 450)))
