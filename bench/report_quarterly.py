"""How long the quarterly SDBIP report takes for an organisation with 1,000 KPIs.

    .venv/bin/python bench/report_quarterly.py [--kpis 1000] [--keep FILE.pdf]

Builds the South African demo (250 KPIs in 2025/26), copies its KPIs with
their targets and actuals until the year holds ``--kpis`` KPIs, then times
collecting the data and drawing the PDF for Q2. Not part of the test run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert, select

from pmsdesk.db import open_database
from pmsdesk.demo import build_demo
from pmsdesk.models import FinancialYear, Kpi, KpiTarget, PeriodActual
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import issue_report, render
from pmsdesk.reports.pdf.kinds import collect
from pmsdesk.services.actor import Actor


def grow(session, label: str, wanted: int) -> int:
    """Copy the year's KPIs (with targets and actuals) under new references until ``wanted``."""
    year = session.scalar(select(FinancialYear).where(FinancialYear.label == label))
    kpis = [dict(row._mapping) for row in session.execute(
        select(Kpi.__table__).where(Kpi.financial_year_id == year.id))]
    children = {model: [dict(r._mapping) for r in session.execute(
        select(model.__table__).where(model.kpi_id.in_([k["id"] for k in kpis])))]
        for model in (KpiTarget, PeriodActual)}
    copies, total = 0, len(kpis)
    while total < wanted:
        copies += 1
        new_kpis, new_children = [], {model: [] for model in children}
        id_map = {}
        for kpi in kpis[: wanted - total]:
            id_map[kpi["id"]] = str(uuid.uuid4())
            new_kpis.append({**kpi, "id": id_map[kpi["id"]],
                             "reference": f"{kpi['reference']}-{copies}"})
        for model, rows in children.items():
            new_children[model] = [{**row, "id": str(uuid.uuid4()), "kpi_id": id_map[row["kpi_id"]]}
                                   for row in rows if row["kpi_id"] in id_map]
        session.execute(insert(Kpi.__table__), new_kpis)
        for model, rows in new_children.items():
            if rows:
                session.execute(insert(model.__table__), rows)
        total += len(new_kpis)
    session.commit()
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kpis", type=int, default=1000)
    parser.add_argument("--keep", metavar="FILE.pdf", help="keep the report here")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pmsdesk-bench-"))
    try:
        database = open_database(folder / "bench.sqlite")
        build_demo(database, profile="za-municipality", seed=1)
        with database.session() as session:
            count = grow(session, "2025/26", args.kpis)
        out = Path(args.keep) if args.keep else folder / "quarterly.pdf"
        timings = []
        for _ in range(3):
            with database.session() as session:
                started = time.perf_counter()
                issued = issue_report(session, Actor.system("bench"),
                                      ReportRequest("quarterly", year="2025/26", period=2), out)
                timings.append(time.perf_counter() - started)
        with database.session() as session:
            started = time.perf_counter()
            content = collect(session, ReportRequest("quarterly", year="2025/26", period=2))
            collected = time.perf_counter() - started
            render(content, folder / "again.pdf", fingerprint="BENCH-00000", generated_by="bench")
            drawn = time.perf_counter() - started - collected
        database.dispose()
        print(f"of which: collecting and scoring {collected:.2f} s, drawing the PDF {drawn:.2f} s")
        print(f"quarterly report, {count} KPIs, {issued.pages} pages, "
              f"{out.stat().st_size / 1024:.0f} KiB: best {min(timings):.2f} s, "
              f"runs {', '.join(f'{t:.2f}' for t in timings)} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
