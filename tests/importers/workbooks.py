"""Messy SDBIP workbooks built from the real Mkhondo and Lepelle-Nkumpi CSVs, the way municipalities keep them.

Title rows above the header, KPA heading rows between KPIs (merged across),
directorates merged down, several sheets, numbers typed as numbers in one
sheet and as text in another, a percent-formatted cell.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tests.published_sdbips import PUBLISHED_SDBIPS

from .formats import Book, Sheet, save

MKHONDO = PUBLISHED_SDBIPS / "mkhondo-sdbip-2016-17"
LEPELLE = PUBLISHED_SDBIPS / "lepelle-nkumpi-sdbip"

#: Mkhondo directorates → the KPA heading put above their rows (the CSV has no KPA column).
MKHONDO_KPAS = {
    "Municipal Manager's Office": "KPA 1: Basic Service Delivery Weight 30%",
    "TECHNICAL SERVICES": "KPA 1: Basic Service Delivery Weight 30%",
    "COMMUNITY SERVICES": "KPA 1: Basic Service Delivery Weight 30%",
    "FINANCIAL SERVICES": "KPA 4: Municipal Financial Viability and Management Weight 20%",
    "CORPORATE SERVICES": "KPA 2: Municipal Transformation and Institutional Development Weight 20%",
    "PLANNING AND DEVELOPMENT": "KPA 3: Local Economic Development Weight 15%",
    "Department in the MM'S OFFICE": "KPA 5: Good Governance and Public Participation Weight 15%",
}
HUMAN_HEADINGS = {
    "department_name": "Directorate", "subdepartment_name": "Department", "kpi_ref_number": "KPI Ref",
    "kpi": "Key Performance Indicator", "unit_of_measurement": "Unit of Measurement",
    "source_of_evidence": "Source of Evidence", "baseline": "Baseline (2015/16)",
    "annual_target": "Annual Target 2016/17", "first_quarter_actual": "Quarter 1 Target",
    "second_quarter_target": "Quarter 2 Target", "third_quarter_target": "Quarter 3 Target",
    "fourth_quarter_target": "Quarter 4 Target", "budget": "Budget",
    "first_quarter_target": "Q1 Target", "strategic_objective": "Strategic Objective",
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _as_typed(text: str):
    """'2000' → 2000 as Excel would store a typed number; anything else stays text."""
    stripped = text.strip()
    try:
        return int(stripped)
    except ValueError:
        return text


def write_sheet(sheet: Sheet, title: str, columns: list[str], headings: list[str], rows: list[dict[str, str]],
                kpa_of, *, typed: bool, merge_column: str | None) -> None:
    """Two title rows, a blank, the header, then KPA headings (merged across) above their KPI rows."""
    width = len(columns)
    sheet.append([title] + [None] * (width - 1))
    sheet.merge(1, 1, 1, width)
    sheet.append(["SERVICE DELIVERY AND BUDGET IMPLEMENTATION PLAN"] + [None] * (width - 1))
    sheet.merge(2, 1, 2, width)
    sheet.append([])
    sheet.append(headings)
    current_kpa, run_start, run_value = None, None, None
    merge_index = columns.index(merge_column) + 1 if merge_column else None
    for data in rows:
        kpa = kpa_of(data)
        if kpa != current_kpa:
            sheet.append([kpa] + [None] * (width - 1))
            sheet.merge(sheet.max_row, 1, sheet.max_row, width)
            current_kpa, run_start, run_value = kpa, None, None
        values = [_as_typed(data[c]) if typed and c != "kpi_ref_number" else data[c] for c in columns]
        sheet.append(values)
        row = sheet.max_row
        if merge_index:  # merge runs of the same directorate down the column, as officials do
            value = data[merge_column]
            if value == run_value:
                sheet.cell(row, merge_index, None)
                if sheet.merged and sheet.merged[-1][:2] == (run_start, merge_index):
                    sheet.merged.pop()
                sheet.merge(run_start, merge_index, row, merge_index)
            else:
                run_start, run_value = row, value


def mkhondo_workbook(path: Path) -> list[dict[str, str]]:
    """Three sheets: CSV headings with text cells, human headings with typed numbers, and the rest."""
    rows = read_csv(MKHONDO / "sdbips.csv")
    columns = [c for c in rows[0] if c not in ("department_id", "subdepartment_id")]
    book = Book()
    groups = [rows[:70], rows[70:140], rows[140:]]
    for index, group in enumerate(groups):
        sheet = book.sheet(["MM and Finance", "Technical & Community", "Corporate, Planning"][index])
        headings = columns if index == 0 else [HUMAN_HEADINGS.get(c, c) for c in columns]
        write_sheet(sheet, "MKHONDO LOCAL MUNICIPALITY 2016/17", columns, headings, group,
                    lambda data: MKHONDO_KPAS[data["department_name"]], typed=index == 1,
                    merge_column="department_name")
    lookups = book.sheet("KPI calculation types")
    for data in read_csv(MKHONDO / "kpi_calculation_types.csv"):
        lookups.append([data["name"], data["code"], data["description"]])
    save(book, path)
    return rows


def lepelle_workbook(path: Path) -> list[dict[str, str]]:
    """Two sheets; the KPA column becomes KPA heading rows; objectives written out as text."""
    rows = read_csv(LEPELLE / "sdbips.csv")
    objectives = [r["name"] for r in read_csv(LEPELLE / "strategic_objectives.csv")]
    for data in rows:
        number = data["strategic_objective_id"]
        data["strategic_objective"] = objectives[int(number) - 1] if number.strip() else ""
    columns = ["subdepartment_name", "kpi_ref_number", "kpi", "strategic_objective", "source_of_evidence",
               "baseline", "annual_target", "first_quarter_target", "budget"]
    book = Book()
    for index, group in enumerate([rows[:26], rows[26:]]):
        sheet = book.sheet(f"Technical Services ({index + 1})")
        write_sheet(sheet, "LEPELLE-NKUMPI LOCAL MUNICIPALITY", columns,
                    [HUMAN_HEADINGS.get(c, c) for c in columns], group,
                    lambda data: f"KPA: {data['kpa_name'].strip()}", typed=False, merge_column=None)
    save(book, path)
    return rows


def small_sdbip(path: Path) -> Path:
    """A one-page SDBIP as officials send it, in the format of ``path``'s suffix: a title, a KPA heading merged
    across, a directorate merged down, a fraction shown as a percentage, and a hidden working sheet."""
    book = Book()
    sheet = book.sheet("SDBIP 2026-27")
    sheet.append(["MKHONDO LOCAL MUNICIPALITY: SDBIP 2026/27"])
    sheet.merge(1, 1, 1, 8)
    sheet.append(["Directorate", "KPI Ref", "Key Performance Indicator", "Unit of Measurement", "Annual Target",
                  "Quarter 1 Target", "Quarter 2 Target", "Quarter 3 Target", "Quarter 4 Target"])
    sheet.append(["KPA 1: Basic Service Delivery Weight 40%"])
    sheet.merge(3, 1, 3, 9)
    sheet.append(["Technical Services", "WS 1", "Number of new water connections", "Number", 400, 100, 100, 100, 100])
    sheet.append([None, "WS 2", "Percentage of water samples compliant", "% of samples", 0.95, 0.95, 0.95, 0.95,
                  0.95])
    sheet.formats.update({(5, column): "0%" for column in range(5, 10)})
    sheet.append([None, "WS 3", "Kilometres of pipe replaced", "km", "12", "3", "-", "4,5", "4.5"])
    sheet.merge(4, 1, 6, 1)
    notes = book.sheet("Working")
    notes.hidden = True
    notes.append(["KPI Ref", "Key Performance Indicator"])
    notes.append(["X1", "Draft indicator not approved"])
    return save(book, path)


#: What :func:`small_sdbip` imports to, whatever its format: reference → (name, KPA, unit, annual, Q1..Q4).
SMALL_SDBIP_KPIS = {
    "WS 1": ("Number of new water connections", "Basic Service Delivery", "Technical Services", 400.0,
             [100.0, 100.0, 100.0, 100.0]),
    "WS 2": ("Percentage of water samples compliant", "Basic Service Delivery", "Technical Services", 95.0,
             [95.0, 95.0, 95.0, 95.0]),
    "WS 3": ("Kilometres of pipe replaced", "Basic Service Delivery", "Technical Services", 12.0, [3.0, 4.5, 4.5]),
}


def imported_kpis(session) -> dict[str, tuple]:
    """The KPIs in the database as :data:`SMALL_SDBIP_KPIS` lists them."""
    from sqlalchemy import select

    from pmsdesk.models import Kpi

    return {kpi.reference: (kpi.name, kpi.kpa and kpi.kpa.name, kpi.responsible_unit and kpi.responsible_unit.name,
                            kpi.annual_target, [t.value for t in sorted(kpi.targets, key=lambda t: t.period.number)])
            for kpi in session.scalars(select(Kpi).where(Kpi.reference.in_(SMALL_SDBIP_KPIS)))}


#: A published top-layer SDBIP's headings (one sheet, quarters as deliverable and financial targets).
TOP_LAYER_HEADINGS = {
    "kpi_ref_number": "KPI NO", "kpi": "Key Performance Indicator", "department_name": "Custodian",
    "source_of_evidence": "Measurement Source and Frequency", "unit_of_measurement": "Unit of Measurement",
    "baseline": "Baseline", "annual_target": "Annual Target",
    "first_quarter_actual": "Q1 Deliverable target", "second_quarter_target": "Q2 Deliverable target",
    "third_quarter_target": "Q3 Deliverable target", "fourth_quarter_target": "Q4 Deliverable target",
    "budget": "Account No",
}
TOP_LAYER_QUARTERS = ("first_quarter_actual", "second_quarter_target", "third_quarter_target",
                      "fourth_quarter_target")


def mkhondo_top_layer_workbook(path: Path) -> list[dict[str, str]]:
    """The real Mkhondo rows laid out as a top-layer SDBIP: one sheet, each KPA section opened by a numbered
    title ('KPA 2.1 :BASIC SERVICE DELIVERY') and the column headings again, with a 'Qn Financial target'
    column after each deliverable target (left '-' where the published table has no figure)."""
    rows = read_csv(MKHONDO / "sdbips.csv")
    columns = list(TOP_LAYER_HEADINGS)
    headings: list[str] = []
    for column in columns:
        headings.append(TOP_LAYER_HEADINGS[column])
        if column in TOP_LAYER_QUARTERS:
            headings.append(f"Q{TOP_LAYER_QUARTERS.index(column) + 1} Financial target")
    book = Book()
    sheet = book.sheet("Top Layer SDBIP")
    sheet.append(["MKHONDO LOCAL MUNICIPALITY: TOP LAYER SDBIP 2016/17"])
    sections: dict[str, int] = {}
    current = None
    for data in rows:
        kpa = MKHONDO_KPAS[data["department_name"]].split(": ", 1)[1].rsplit(" Weight", 1)[0]
        if kpa != current:
            number = sections.setdefault(kpa, len(sections) + 1)
            sheet.append([f"KPA {number}.1 :{kpa.upper()}"])
            sheet.append(headings)
            current = kpa
        values: list[object] = []
        for column in columns:
            values.append(data[column])
            if column in TOP_LAYER_QUARTERS:
                values.append("-")
        sheet.append(values)
    save(book, path)
    return rows
