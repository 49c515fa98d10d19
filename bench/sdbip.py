"""Importing a messy 2,000-row SDBIP workbook, against python-calamine reading the same file.

The workbook looks like a real one: title rows, a KPA heading row every 50
KPIs, directorates merged down, rand amounts and percentages typed as text,
placeholders and a few textual targets (which become data-quality flags).
pmsdesk: ``import_sdbip`` (reading, mapping, validating, writing) into a new
organisation. Floor: python-calamine (what pmsdesk reads with) opening the same
file and reading its sheet's values. The earlier floor, openpyxl's read-only
iteration of the file, is measured beside it and its ratio kept in the details.
"""

from __future__ import annotations

import gc
import random
import re
import statistics
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from pmsdesk.db import open_database
from pmsdesk.importers import ImportOptions, import_sdbip
from pmsdesk.services import framework
from pmsdesk.services.actor import Actor

from .timing import Measurement, fresh_copy, say, timed

YEAR = "2025/26"
HEADINGS = ["Directorate", "Department", "KPI Ref", "Key Performance Indicator", "Unit of Measurement",
            "Baseline (2024/25)", "Annual Target 2025/26", "Quarter 1 Target", "Quarter 2 Target",
            "Quarter 3 Target", "Quarter 4 Target", "Budget", "Source of Evidence"]
KPAS = ["Basic Service Delivery", "Local Economic Development", "Municipal Financial Viability and Management",
        "Good Governance and Public Participation", "Municipal Transformation and Institutional Development"]
DIRECTORATES = ["Technical Services", "Community Services", "Corporate Services", "Budget and Treasury",
                "Planning and Development", "Office of the Municipal Manager"]
KPI_REFERENCE = re.compile(r"KPI\d{5}")


def _row(rng: random.Random, number: int) -> list:
    directorate = DIRECTORATES[(number // 40) % len(DIRECTORATES)]
    kind = rng.random()
    if kind < 0.5:  # a count that adds up over the year
        quarters = [rng.randint(0, 50) for _ in range(4)]
        annual, cells = sum(quarters), [str(q) if q else "-" for q in quarters]
        uom = "Number of households"
    elif kind < 0.8:  # a percentage rising to the annual target
        annual = rng.choice((80, 90, 100))
        cells = [f"{annual * share // 100}%" for share in (25, 50, 75, 100)]
        annual, uom = f"{annual}%", "% of budget spent"
    elif kind < 0.95:
        cells, annual, uom = ["1", "1", "1", "1"], 4, "Number of reports"
    else:  # words: kept as text with a data-quality flag
        cells, annual, uom = ["_", "Appointment of contractor", "50% construction", "Practical completion"], \
            "Practical completion", "Milestone"
    budget = f"R {rng.randint(1, 900) * 10_000:,}.00".replace(",", " ")
    return [directorate, f"{directorate} unit {number % 3 + 1}", f"KPI{number:05d}",
            f"Indicator {number} of {directorate}", uom, str(rng.randint(0, 5000)), annual, *cells, budget,
            "Quarterly report and attendance registers"]


def make_workbook(path: Path, rows: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    book = Workbook()
    sheet = book.active
    sheet.title = "SDBIP 2025-26"
    sheet.append(["BENCHMARK LOCAL MUNICIPALITY"])
    sheet.append(["SERVICE DELIVERY AND BUDGET IMPLEMENTATION PLAN 2025/26"])
    sheet.append([])
    sheet.append(HEADINGS)
    for number in range(rows):
        if number % 50 == 0:
            sheet.append([f"KPA {number // 50 % 5 + 1}: {KPAS[number // 50 % 5]} Weight 20%"])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row,
                              end_column=len(HEADINGS))
        sheet.append(_row(rng, number))
    book.save(path)
    return path


def import_into_new_database(template: Path, workdir: Path, workbook: Path):
    """The seconds the import alone took (creating the organisation is not timed), its CPU seconds, and its report."""
    database = open_database(fresh_copy(template, workdir / "sdbip.sqlite"))
    actor = Actor.system("bench")
    with database.session() as session:
        framework.create_organisation(session, actor, {"code": "BENCH", "name": "Benchmark LM",
                                                       "kind": "municipality", "country": "ZA"})
        seconds, (cpu, report) = timed(lambda: cpu_seconds(
            lambda: _collected(import_sdbip(session, actor, workbook, ImportOptions(year_label=YEAR)))))
    database.dispose()
    return seconds, cpu, report


def _collected(report):
    """``report``, once the import's garbage is collected: its cost is pmsdesk's, not the floor's run after it."""
    gc.collect()
    return report


def cpu_seconds(work):
    """CPU seconds ``work`` took and what it returned: steadier than wall time on a shared machine."""
    started = time.process_time()
    result = work()
    return time.process_time() - started, result


def _kpi_rows(rows) -> int:
    return sum(1 for row in rows if len(row) > 2 and isinstance(row[2], str) and KPI_REFERENCE.fullmatch(row[2]))


def floor_read(workbook: Path) -> int:
    """KPI rows seen in the values python-calamine reads from the file."""
    with CalamineWorkbook.from_path(workbook) as book:
        return _kpi_rows(book.get_sheet_by_index(0).to_python(skip_empty_area=False))


def openpyxl_floor_read(workbook: Path) -> int:
    """KPI rows seen by iterating the file read-only with openpyxl (the floor before python-calamine)."""
    book = load_workbook(workbook, read_only=True, data_only=True)
    found = _kpi_rows(book.active.iter_rows(values_only=True))
    book.close()
    return found


def run(rows: int, repeat: int, template: Path, workdir: Path) -> Measurement:
    measurement = Measurement("SDBIP import", target=3.0)
    workbook = make_workbook(workdir / f"sdbip-{rows}.xlsx", rows)
    cpu: dict[str, list[float]] = {"pmsdesk_cpu_s": [], "floor_cpu_s": [], "openpyxl_floor_cpu_s": []}
    openpyxl_floor: list[float] = []
    for run_number in range(repeat):
        seconds, pmsdesk_cpu, report = import_into_new_database(template, workdir, workbook)
        measurement.pmsdesk.append(seconds)
        floor_seconds, (floor_cpu, floor_rows) = timed(lambda: cpu_seconds(lambda: floor_read(workbook)))
        measurement.floor.append(floor_seconds)
        cpu["pmsdesk_cpu_s"].append(round(pmsdesk_cpu, 3))
        cpu["floor_cpu_s"].append(round(floor_cpu, 3))
        openpyxl_seconds, (openpyxl_cpu, openpyxl_rows) = timed(
            lambda: cpu_seconds(lambda: openpyxl_floor_read(workbook)))
        openpyxl_floor.append(openpyxl_seconds)
        cpu["openpyxl_floor_cpu_s"].append(round(openpyxl_cpu, 3))
        say(f"SDBIP import run {run_number + 1}: pmsdesk {seconds:.2f} s ({pmsdesk_cpu:.2f} s CPU), "
            f"calamine floor {floor_seconds:.3f} s ({floor_cpu:.3f} s CPU), "
            f"openpyxl floor {openpyxl_seconds:.2f} s ({openpyxl_cpu:.2f} s CPU)")
    measurement.checks["KPIs created"] = (report.count("created"), floor_rows)
    measurement.checks["KPI rows the openpyxl floor saw"] = (report.count("created"), openpyxl_rows)
    openpyxl_median = statistics.median(openpyxl_floor)
    measurement.details.update(openpyxl_floor_s=[round(t, 4) for t in openpyxl_floor],
                               openpyxl_floor_median_s=round(openpyxl_median, 4),
                               ratio_to_openpyxl_floor=round(statistics.median(measurement.pmsdesk) / openpyxl_median, 2))
    measurement.checks["import errors"] = (len(report.errors), 0)
    measurement.details.update(rows=rows, flags=report.flags, written=report.written, **cpu)
    return measurement
