"""Report tables draw pre-wrapped text straight onto the page, looking as a platypus Table did.

A 1,000-KPI quarterly report has some 10,000 cells. Paragraphs in each made it
eight times slower than a plain ReportLab table, and a platypus ``Table`` still
spent most of the drawing time on style commands and one text object per line.
These tests pin the fast path (text wrapped where a Paragraph would break it,
drawn by :class:`TextTable`) and that the pages look the same as the Table it
replaced: same text at the same places, same rules and fills, same page breaks.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from pmsdesk.db import open_database
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.blocks import LightLabel, data_table, light_cell, wrapped
from pmsdesk.reports.pdf.fonts import font_set
from pmsdesk.reports.pdf.quarterly import story
from pmsdesk.reports.pdf.sdbip_data import load_scope
from pmsdesk.reports.pdf.styles import (
    CELL_FONT_SIZE,
    CELL_PADDING,
    HEADER_FILL,
    INK,
    grid_style,
    light_colour,
    styles,
)
from pmsdesk.reports.pdf.text_table import Look, Row, TextTable

from .conftest import print_report

REASON = ("Contractor delays and late delivery of materials; the contractor was placed on "
          "terms and progress is monitored weekly by the project steering committee.")


@pytest.mark.parametrize("width", [60, 90, 150, 260])
@pytest.mark.parametrize("value", [REASON, "Number of households with weekly refuse removal",
                                   "Ṱhohoyandou  water   treatment\nworks", "Short"])
def test_lines_break_where_a_paragraph_breaks_them(value, width):
    paragraph = Paragraph(value, styles()["cell"])
    paragraph.wrap(width, 10_000)
    expected = [" ".join(words) for _, words in paragraph.blPara.lines]
    assert wrapped(value, font_set().regular, CELL_FONT_SIZE, width).split("\n") == expected


def test_a_word_wider_than_its_column_is_left_to_a_paragraph_to_split():
    assert wrapped("Intergovernmentalrelations", font_set().regular, CELL_FONT_SIZE, 40) is None
    table = data_table(["Ref", "Name"], [["Intergovernmentalrelations", "Fits"]], [40, 200])
    assert isinstance(table.rows[0].cells[0], Paragraph)
    assert table.rows[0].cells[1] == ("Fits",)


def test_text_cells_are_lines_within_their_columns_and_keep_every_word():
    widths = [60, 120, 90]
    table = data_table(["Ref", "Key performance indicator", "Reason for deviation"],
                       [["COM1", "Number of households with weekly refuse removal", REASON]],
                       widths, right_align=(0,))
    fonts = font_set()
    for column, cell in enumerate(table.rows[0].cells):
        assert isinstance(cell, tuple)
        for line in cell:
            assert stringWidth(line, fonts.regular, CELL_FONT_SIZE) <= widths[column] - 2 * CELL_PADDING
    assert " ".join(table.rows[0].cells[2]).split() == REASON.split()
    assert table.rows[0].looks[0].align == "RIGHT"
    assert table.header.looks[0].align == "RIGHT"  # the header follows its column


def test_traffic_lights_are_white_bold_centred_on_their_colour():
    table = data_table(["Ref", "Traffic light"],
                       [["A", light_cell("KPI almost met")], ["B", light_cell("KPI well met")]],
                       [60, 70], cell_colours=[(1, 0, "#e67e22"), (1, 1, "#1e8449")])
    assert [row.cells[1] for row in table.rows] == [("Almost met",), ("Well met",)]
    for row in table.rows:
        assert row.looks[1] == Look(font_set().bold, 7.2, 8.6, colors.white, "CENTER")
        assert row.looks[0].colour == INK and row.fills[0] is None
    assert [row.fills[1].hexval() for row in table.rows] == ["0xe67e22", "0x1e8449"]


def _platypus_table(header, rows, widths, *, right_align=(), total_rows=(), cell_colours=()):
    """The platypus Table the report tables were before TextTable, for comparison."""
    looks = styles()

    def text(value, column, style, *, light=False):
        lines = wrapped(str(value), looks[style].fontName, looks[style].fontSize,
                        widths[column] - 2 * CELL_PADDING)
        return Paragraph(str(value), looks[style]) if lines is None else lines

    head = [text(h, n, "head") for n, h in enumerate(header)]
    body = [[text(v, c, "light" if isinstance(v, LightLabel) else
                  "cell_bold" if i in total_rows else "cell") for c, v in enumerate(row)]
            for i, row in enumerate(rows)]
    table = Table([head] + body, colWidths=widths, repeatRows=1, splitInRow=0, hAlign="LEFT")
    style = grid_style()
    head_look = looks["head"]
    style.add("FONT", (0, 0), (-1, 0), head_look.fontName, head_look.fontSize, head_look.leading)
    for column in right_align:
        style.add("ALIGN", (column, 0), (column, -1), "RIGHT")
    for index in total_rows:
        style.add("LINEABOVE", (0, index + 1), (-1, index + 1), 0.8, INK)
        style.add("BACKGROUND", (0, index + 1), (-1, index + 1), HEADER_FILL)
        style.add("FONT", (0, index + 1), (-1, index + 1), looks["cell_bold"].fontName, 8)
    for i, row in enumerate(body):
        for c, cell in enumerate(row):
            if isinstance(cell, str) and "\n" in cell and not isinstance(rows[i][c], LightLabel):
                style.add("LEADING", (c, i + 1), (c, i + 1), looks["cell"].leading)
            if isinstance(rows[i][c], LightLabel):
                light = looks["light"]
                style.add("FONT", (c, i + 1), (c, i + 1), light.fontName, light.fontSize, light.leading)
                style.add("TEXTCOLOR", (c, i + 1), (c, i + 1), light.textColor)
                style.add("ALIGN", (c, i + 1), (c, i + 1), "CENTER")
    for column, index, colour in cell_colours:
        style.add("BACKGROUND", (column, index + 1), (column, index + 1), light_colour(colour))
    table.setStyle(style)
    return table


def _sample():
    """Sixty KPI rows (wrapped text, lights, a too-wide reference) and a total row."""
    header = ["Ref", "Key performance indicator", "Target", "Actual", "Traffic light", "Reason"]
    lights = [("KPI met", "#1e8449"), ("KPI not met", "#c0392b"), ("KPI almost met", "#e67e22")]
    rows, colours = [], []
    for n in range(60):
        name, colour = lights[n % 3 if n % 7 else 0]
        rows.append([f"TS{n}" if n != 5 else "INFRASTRUCTURE-42", "Kilometres of gravel road "
                     "graded and maintained in rural wards" if n % 2 else "Reports tabled",
                     str(n * 10), f"{n * 9.5:g}", light_cell(name), REASON if n % 4 == 1 else ""])
        colours.append((4, n, colour))
    rows.append(["", "Total", "600", "561", "", ""])
    widths = [44, 200, 50, 50, 70, 250]
    options = {"right_align": (2, 3), "total_rows": (60,), "cell_colours": colours}
    return header, rows, widths, options


def _pdf(flowable, path: Path) -> Path:
    SimpleDocTemplate(str(path), pagesize=landscape(A4), invariant=1).build([flowable])
    return path


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_a_text_table_draws_the_pages_the_platypus_table_drew(tmp_path):
    header, rows, widths, options = _sample()
    before = _pdf(_platypus_table(header, rows, widths, **options), tmp_path / "table.pdf")
    after = _pdf(data_table(header, rows, widths, **options), tmp_path / "text-table.pdf")
    assert len(PdfReader(str(after)).pages) == len(PdfReader(str(before)).pages) >= 3

    def text(pdf: Path) -> str:
        return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout

    assert text(after) == text(before)
    for name in ("table", "text-table"):
        subprocess.run(["pdftoppm", "-png", "-r", "100", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True, capture_output=True)
    for page in sorted(tmp_path.glob("table-*.png")):
        with Image.open(page) as old, Image.open(tmp_path / f"text-{page.name}") as new:
            difference = ImageChops.difference(old.convert("L"), new.convert("L"))
            assert difference.getextrema()[1] <= 16, f"{page.name} looks different"


def test_a_long_table_splits_between_rows_under_a_repeated_header():
    header, rows, widths, options = _sample()
    table = data_table(header, rows, widths, **options)
    room = table.header.height + sum(row.height for row in table.rows[:10]) + 1
    first, rest = table.split(sum(widths), room)
    assert first.rows == table.rows[:10] and rest.rows == table.rows[10:]
    assert first.header is rest.header is table.header
    assert first.continued and not first.resumed and rest.resumed and not rest.continued
    assert table.split(sum(widths), table.header.height + 1) == []
    assert table.split(sum(widths), table.height) == [table]


def test_text_in_a_standard_font_is_drawn_too():
    look = Look("Helvetica", 8, 9.6, INK)
    rows = [Row.of([("Café", "naïve"), ("plain",)], [look, look], [80, 80])]
    out = io.BytesIO()
    canvas = Canvas(out)
    table = TextTable(Row.of([("Name",), ("Value",)], [look, look], [80, 80]), rows, [80, 80])
    table.wrapOn(canvas, 160, 500)
    table.drawOn(canvas, 40, 600)
    canvas.save()
    words = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text().split()
    assert sorted(words) == ["Café", "Name", "Value", "naïve", "plain"]


@pytest.fixture(scope="module")
def quarterly_pdf(demo_files, tmp_path_factory):
    return print_report(demo_files["za"], tmp_path_factory.mktemp("q") / "q.pdf", "quarterly",
                        period=1)


def test_pages_are_stored_compressed_without_ascii85(quarterly_pdf):
    raw = quarterly_pdf.issued.path.read_bytes()
    assert b"/FlateDecode" in raw and b"/ASCII85Decode" not in raw
    assert rl_config.useA85 == 1  # the setting is the library's again once the file is saved


def test_header_and_footer_are_drawn_once_and_shown_on_every_page(quarterly_pdf):
    forms = []
    for page in PdfReader(str(quarterly_pdf.issued.path)).pages:
        shown = page["/Resources"]["/XObject"]
        forms.append({shown.raw_get(name).idnum for name in shown})
    assert len(forms) > 2 and all(found == forms[0] and len(found) == 1 for found in forms)
    for number, text in enumerate(quarterly_pdf.pages, start=1):
        assert "Ngwathe Local Municipality" in text and f"Page {number} of" in text


def test_the_quarterly_kpi_tables_hold_text_not_paragraphs(demo_files):
    database = open_database(demo_files["za"])
    try:
        with database.session() as session:
            scope = load_scope(session, ReportRequest("quarterly", year="2025/26", period=2))
            tables = [flowable for flowable in story(scope)
                      if isinstance(flowable, TextTable) and len(flowable.widths) == 10]
    finally:
        database.dispose()
    cells = [cell for table in tables for row in table.rows for cell in row.cells]
    assert sum(len(table.rows) for table in tables) == 250
    paragraphs = [cell for cell in cells if isinstance(cell, Paragraph)]
    # Only single words wider than their column, such as a long amount in a narrow one.
    assert len(paragraphs) <= len(cells) // 100
    assert all(" " not in cell.text for cell in paragraphs)
