"""Finding the header row under title rows and mapping headings by name and synonym."""

from __future__ import annotations

import pytest

from pmsdesk.importers.columns import find_header, match_field
from pmsdesk.importers.problems import WorkbookError
from pmsdesk.importers.workbook import SheetGrid


@pytest.mark.parametrize("heading, field", [
    ("KPI Ref", "reference"), ("kpi_ref_number", "reference"), ("Ref No.", "reference"), ("KPI Ref #", "reference"),
    ("Key Performance Indicator", "name"), ("kpi", "name"), ("Annual Target (2016/17)", "annual_target"),
    ("Quarter 1 Target", "target_q1"), ("second_quarter_target", "target_q2"), ("Q4", "target_q4"),
    ("Budget (R)", "budget"), ("Source of Evidence", "required_evidence"), ("POE", "required_evidence"),
    ("Baseline 2015/16", "baseline"), ("unit_of_measurement", "unit_of_measure"), ("Weight %", "weight"),
    ("first_quarter_actual", None), ("strategic_objective_id", None),
])
def test_headings_map_by_synonym(heading, field):
    assert match_field(heading) == field


def test_a_template_overrides_the_synonyms():
    assert match_field("first_quarter_actual", {"first quarter actual": "target_q1"}) == "target_q1"
    assert match_field("Budget", {"budget": ""}) == "ignore"


def test_the_header_is_found_below_title_rows_and_two_row_headings_combine():
    grid = SheetGrid("SDBIP", [
        ["NGWATHE LOCAL MUNICIPALITY", None, None, None, None],
        ["SDBIP 2025/26", None, None, None, None],
        [None, None, None, "Quarter 1", "Quarter 2"],
        ["Ref No", "KPI", "Annual Target", "Target", "Target"],
        ["TS01", "Households connected", 400, 100, 100],
    ])
    header = find_header(grid)
    assert header.row == 4
    assert header.fields == {"reference": 1, "name": 2, "annual_target": 3, "target_q1": 4, "target_q2": 5}


def test_no_header_names_the_sheet_and_what_was_expected():
    grid = SheetGrid("Notes", [["Prepared by the PMS office"], ["Approved 30 June"]])
    with pytest.raises(WorkbookError, match="sheet 'Notes': no header row found in the first 30 rows"):
        find_header(grid)


def test_the_documented_headings_table_is_the_importers_own() -> None:
    """docs/SDBIP_HEADINGS.md lists exactly what the importer accepts; regenerate it when FIELDS change."""
    from pathlib import Path

    from pmsdesk.importers.columns import headings_markdown

    documented = Path(__file__).resolve().parents[2] / "docs" / "SDBIP_HEADINGS.md"
    assert documented.read_text(encoding="utf-8") == headings_markdown(), \
        "run: python -m pmsdesk.importers.columns > docs/SDBIP_HEADINGS.md"
