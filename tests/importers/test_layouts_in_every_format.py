"""SDBIP layouts drawn here import the same from .xlsx, .xls, .ods and .csv: the same rows, KPIs and problems.

Each example is one sheet as officials lay them out (title rows, a header in one of several
wordings, KPA heading rows merged across, a directorate merged down, numbers typed as numbers
or as text, fractions shown as percentages), written in every format and dry-run imported:
the reports must be equal but for the file name.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmsdesk.importers import ImportOptions, import_sdbip

from .formats import FORMATS, Book, save

HEADERS = [
    ["KPI Ref", "Key Performance Indicator", "Unit of Measurement", "Annual Target", "Q1 Target", "Q2 Target",
     "Q3 Target", "Q4 Target"],
    ["Ref No", "KPI", "Unit of measure", "Annual target 2025/26", "Quarter 1 Target", "Quarter 2 Target",
     "Quarter 3 Target", "Quarter 4 Target"],
]
KPAS = ["KPA 1: Basic Service Delivery Weight 40%", "KPA 4: Municipal Financial Viability and Management"]
DIRECTORATES = ["Technical Services", "Budget and Treasury"]
NAMES = st.sampled_from(["Households connected to water", "Km of road graded", "Reports tabled in council",
                         "Capital budget spent", "Boreholes drilled"])


@st.composite
def kpi_rows(draw, number: int) -> tuple[list, bool]:
    """One KPI's cells after the directorate, and whether its targets are fractions shown as percentages."""
    kind = draw(st.sampled_from(["count", "fraction", "percent text", "words"]))
    as_text = draw(st.booleans())
    if kind == "count":
        quarters = [draw(st.integers(0, 60)) for _ in range(4)]
        targets = [sum(quarters), *quarters]
        targets = [str(t) if as_text else t for t in targets]
        uom = "Number"
    elif kind == "fraction":
        targets, uom = [0.9, 0.25, 0.5, 0.75, 0.9], "% of budget"
    elif kind == "percent text":
        targets, uom = ["90%", "25%", "50%", "75%", "90%"], "% of budget"
    else:
        targets, uom = ["Practical completion", "-", "Appointment of contractor", "50% built", "Practical completion"], \
            "Milestone"
    return [f"TS{number:02d}", draw(NAMES), uom, *targets], kind == "fraction"


@st.composite
def layouts(draw) -> Book:
    book = Book()
    sheet = book.sheet("SDBIP")
    with_directorate = draw(st.booleans())
    header = (["Directorate"] if with_directorate else []) + draw(st.sampled_from(HEADERS))
    width = len(header)
    for title in draw(st.lists(st.sampled_from(["NGWATHE LOCAL MUNICIPALITY", "SDBIP 2025/26"]), max_size=2)):
        sheet.append([title])
        sheet.merge(sheet.max_row, 1, sheet.max_row, width)
    if draw(st.booleans()):
        sheet.append([])
    sheet.append(header)
    run_start = run_value = None
    for number in range(1, draw(st.integers(1, 6)) + 1):
        if number == 1 or draw(st.integers(0, 3)) == 0:
            sheet.append([draw(st.sampled_from(KPAS))])
            sheet.merge(sheet.max_row, 1, sheet.max_row, width)
            run_start = run_value = None
        cells, fraction = draw(kpi_rows(number))
        directorate = draw(st.sampled_from(DIRECTORATES))
        if with_directorate and directorate == run_value:
            sheet.append([None, *cells])
            if sheet.merged and sheet.merged[-1][:2] == (run_start, 1):
                sheet.merged.pop()
            sheet.merge(run_start, 1, sheet.max_row, 1)
        else:
            sheet.append(([directorate] if with_directorate else []) + cells)
            run_start, run_value = sheet.max_row, directorate
        if fraction:
            sheet.formats.update({(sheet.max_row, column): "0%" for column in range(width - 4, width + 1)})
    return book


def _without_file(report) -> dict:
    found = report.as_dict()
    del found["file"]
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(book=layouts())
def test_a_generated_layout_imports_the_same_from_every_format(session, system, small_org, tmp_path_factory, book):
    folder = tmp_path_factory.mktemp("layout")
    options = ImportOptions(organisation_code="ZA-T01", year_label="2025/26", dry_run=True)
    reports = {suffix: _without_file(import_sdbip(session, system, save(book, folder / f"SDBIP.{suffix}"), options))
               for suffix in FORMATS}
    kpis = sum(1 for row in book.sheets[0].rows for value in row[:2] if isinstance(value, str) and value[:2] == "TS")
    assert reports["xlsx"]["kpis"]["created"] == kpis
    merged_down = any(min_row < max_row for min_row, _, max_row, _ in book.sheets[0].merged)
    for suffix in FORMATS[1:]:
        if suffix == "csv" and merged_down:
            # A CSV keeps a directorate merged down only in its first row: the rows below have none.
            assert reports[suffix]["kpis"] == reports["xlsx"]["kpis"]
            continue
        assert reports[suffix] == reports["xlsx"], suffix
