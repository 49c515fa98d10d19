"""Report tables draw text as plain wrapped strings, breaking lines where a Paragraph would.

A 1,000-KPI quarterly report has some 10,000 cells; Paragraphs in each made
it eight times slower than a plain ReportLab table. These tests pin the fast
path (plain strings, traffic lights as styled strings) and that it looks the
same: the same line breaks as a Paragraph, nothing wider than its column.
"""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table

from pmsdesk.db import open_database
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.blocks import data_table, light_cell, wrapped
from pmsdesk.reports.pdf.fonts import font_set
from pmsdesk.reports.pdf.quarterly import story
from pmsdesk.reports.pdf.sdbip_data import load_scope
from pmsdesk.reports.pdf.styles import CELL_FONT_SIZE, CELL_PADDING, grid_style, styles

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
    assert isinstance(table._cellvalues[1][0], Paragraph)
    assert table._cellvalues[1][1] == "Fits"


def test_text_cells_are_plain_strings_within_their_columns_and_keep_every_word():
    widths = [60, 120, 90]
    table = data_table(["Ref", "Key performance indicator", "Reason for deviation"],
                       [["COM1", "Number of households with weekly refuse removal", REASON]],
                       widths, right_align=(0,))
    fonts = font_set()
    for column, cell in enumerate(table._cellvalues[1]):
        assert isinstance(cell, str)
        for line in cell.split("\n"):
            assert stringWidth(line, fonts.regular, CELL_FONT_SIZE) <= widths[column] - 2 * CELL_PADDING
    assert table._cellvalues[1][2].split() == REASON.split()
    assert table._cellStyles[1][0].alignment == "RIGHT"
    assert table._cellStyles[0][0].alignment == "RIGHT"  # the header follows its column


def test_rows_are_as_tall_as_with_paragraphs_so_pages_break_where_they_did():
    widths = [60, 120]
    fast = data_table(["Ref", "Key performance indicator"],
                      [["COM1", "Number of households with weekly refuse removal"], ["COM2", "Short"]],
                      widths)
    slow = Table([[Paragraph("Ref", styles()["head"]),
                   Paragraph("Key performance indicator", styles()["head"])],
                  ["COM1", Paragraph("Number of households with weekly refuse removal",
                                     styles()["cell"])], ["COM2", "Short"]], colWidths=widths)
    slow.setStyle(grid_style())
    assert fast.wrap(180, 1_000) == slow.wrap(180, 1_000)
    assert fast._rowHeights == slow._rowHeights


def test_traffic_lights_are_white_bold_centred_strings_on_their_colour():
    table = data_table(["Ref", "Traffic light"],
                       [["A", light_cell("KPI almost met")], ["B", light_cell("KPI well met")]],
                       [60, 70], cell_colours=[(1, 0, "#e67e22"), (1, 1, "#1e8449")])
    assert table._cellvalues[1][1] == "Almost met" and table._cellvalues[2][1] == "Well met"
    for row in (1, 2):
        style = table._cellStyles[row][1]
        assert style.color == colors.white and style.alignment == "CENTER"
        assert style.fontname == font_set().bold
        assert table._cellStyles[row][0].color != colors.white
    table.wrap(130, 1_000)
    fills = [command for command in table._bkgrndcmds
             if command[0] == "BACKGROUND" and command[1] != (0, 0)]  # not the header's
    assert [(command[1], command[2]) for command in fills] == [((1, 1), (1, 1)), ((1, 2), (1, 2))]


def test_consecutive_cells_of_one_colour_share_one_style_command():
    rows = [[str(n), light_cell("KPI met")] for n in range(30)]
    table = data_table(["Ref", "Traffic light"], rows, [60, 70],
                       cell_colours=[(1, n, "#1e8449") for n in range(30)])
    fills = [command for command in table._bkgrndcmds
             if command[0] == "BACKGROUND" and command[1] != (0, 0)]
    assert [(command[1], command[2]) for command in fills] == [((1, 1), (1, 30))]


def test_the_quarterly_kpi_tables_hold_strings_not_paragraphs(demo_files):
    database = open_database(demo_files["za"])
    try:
        with database.session() as session:
            scope = load_scope(session, ReportRequest("quarterly", year="2025/26", period=2))
            tables = [flowable for flowable in story(scope)
                      if hasattr(flowable, "_cellvalues") and len(flowable._cellvalues[0]) == 10]
    finally:
        database.dispose()
    cells = [cell for table in tables for row in table._cellvalues[1:] for cell in row]
    assert sum(len(table._cellvalues) - 1 for table in tables) == 250
    paragraphs = [cell for cell in cells if isinstance(cell, Paragraph)]
    # Only references such as "COM12-1" that are wider than the narrow Ref column.
    assert len(paragraphs) <= len(cells) // 100
    assert all(cell.text.split("-")[0].isalnum() for cell in paragraphs)
