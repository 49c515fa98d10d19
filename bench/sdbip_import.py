"""Time the import of a generated SDBIP workbook (default 2,000 KPI rows) into a new database.

    .venv/bin/python bench/sdbip_import.py [--rows 2000] [--keep DIR]

The workbook looks like a real one: title rows, a KPA heading row every 50
KPIs, directorates merged down, rand amounts and percentages typed as text,
placeholders and a few textual targets (which become data-quality flags).
Prints the seconds spent reading + planning + writing, and per row.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from pmsdesk.db import open_database
from pmsdesk.importers import ImportOptions, import_sdbip
from pmsdesk.services import framework
from pmsdesk.services.actor import Actor

HEADINGS = ["Directorate", "Department", "KPI Ref", "Key Performance Indicator", "Unit of Measurement",
            "Baseline (2024/25)", "Annual Target 2025/26", "Quarter 1 Target", "Quarter 2 Target",
            "Quarter 3 Target", "Quarter 4 Target", "Budget", "Source of Evidence"]
KPAS = ["Basic Service Delivery", "Local Economic Development", "Municipal Financial Viability and Management",
        "Good Governance and Public Participation", "Municipal Transformation and Institutional Development"]
DIRECTORATES = ["Technical Services", "Community Services", "Corporate Services", "Budget and Treasury",
                "Planning and Development", "Office of the Municipal Manager"]


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


def make_workbook(path: Path, rows: int, seed: int = 1) -> None:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="write the workbook and database here instead of a temp dir")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pmsdesk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    workbook = folder / f"sdbip-{args.rows}.xlsx"
    make_workbook(workbook, args.rows)
    database = open_database(folder / "bench.sqlite")
    actor = Actor.system("bench")
    with database.session() as session:
        framework.create_organisation(session, actor, {"code": "BENCH", "name": "Benchmark LM",
                                                       "kind": "municipality", "country": "ZA"})
        for dry_run in (True, False):
            wall, cpu = time.perf_counter(), time.process_time()
            report = import_sdbip(session, actor, workbook, ImportOptions(year_label="2025/26", dry_run=dry_run))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"{'dry run' if dry_run else 'import '}: {args.rows} rows in {wall:.1f} s "
                  f"({cpu:.1f} s CPU, {1000 * wall / args.rows:.1f} ms/row); "
                  f"{report.count('created')} KPIs, {report.flags} flags, {len(report.errors)} errors, "
                  f"written={report.written}")
    database.dispose()


if __name__ == "__main__":
    main()
