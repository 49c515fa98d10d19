"""The quarterly SDBIP report of an organisation with 1,000 KPIs, against a plain ReportLab table.

The South African demo year 2025/26 holds 250 KPIs; :func:`grow` copies them
(with targets and actuals) under new references until the year holds as many
as asked. pmsdesk: ``issue_report`` for Q2 (collecting, scoring, drawing,
registering the fingerprint). Floor: the same KPIs' reference, name, target
and actual read with one query and drawn as one ReportLab ``Table``.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle
from sqlalchemy import insert, select

from pmsdesk.db import open_database
from pmsdesk.models import FinancialYear, Kpi, KpiTarget, PeriodActual
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import issue_report
from pmsdesk.reports.pdf.kinds import collect
from pmsdesk.services.actor import Actor

from .timing import Measurement, say, timed

YEAR, PERIOD = "2025/26", 2
FLOOR_QUERY = """
SELECT k.reference, k.name, k.unit_of_measure, t.value, a.value
FROM kpi k
JOIN financial_year y ON y.id = k.financial_year_id
JOIN reporting_period p ON p.financial_year_id = y.id AND p.kind = 'quarter' AND p.number = ?
LEFT JOIN kpi_target t ON t.kpi_id = k.id AND t.period_id = p.id
LEFT JOIN period_actual a ON a.kpi_id = k.id AND a.period_id = p.id
WHERE y.label = ? AND k.is_active
ORDER BY k.reference
"""


def grow(session, label: str, wanted: int) -> int:
    """Copy the year's KPIs (with targets and actuals) under new references until it holds ``wanted``."""
    year = session.scalar(select(FinancialYear).where(FinancialYear.label == label))
    kpis = [dict(row._mapping) for row in session.execute(
        select(Kpi.__table__).where(Kpi.financial_year_id == year.id))]
    children = {model: [dict(r._mapping) for r in session.execute(
        select(model.__table__).where(model.kpi_id.in_([k["id"] for k in kpis])))]
        for model in (KpiTarget, PeriodActual)}
    copies, total = 0, len(kpis)
    while total < wanted:
        copies += 1
        id_map = {}
        new_kpis = []
        for kpi in kpis[: wanted - total]:
            id_map[kpi["id"]] = str(uuid.uuid4())
            new_kpis.append({**kpi, "id": id_map[kpi["id"]], "reference": f"{kpi['reference']}-{copies}"})
        session.execute(insert(Kpi.__table__), new_kpis)
        for model, rows in children.items():
            copied = [{**row, "id": str(uuid.uuid4()), "kpi_id": id_map[row["kpi_id"]]}
                      for row in rows if row["kpi_id"] in id_map]
            if copied:
                session.execute(insert(model.__table__), copied)
        total += len(new_kpis)
    session.commit()
    return total


def report_kpis(content) -> int:
    """KPI lines in the collected quarterly report."""
    return len(content.data["sdbip"]["scorecard"]["lines"])  # the quarterly report's data: {"sdbip": …, "evidence": …}


def floor_table(path: Path, out: Path) -> int:
    connection = sqlite3.connect(path)
    rows = connection.execute(FLOOR_QUERY, (PERIOD, YEAR)).fetchall()
    connection.close()
    cells = [["Ref", "KPI", "Unit of measure", "Target", "Actual"]]
    cells += [[ref, name, unit or "", "" if target is None else f"{target:g}",
               "" if actual is None else f"{actual:g}"] for ref, name, unit, target, actual in rows]
    table = Table(cells, repeatRows=1, colWidths=[60, 360, 160, 70, 70])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("FONTSIZE", (0, 0), (-1, -1), 7)]))
    SimpleDocTemplate(str(out), pagesize=landscape(A4)).build([table])
    return len(rows)


def run(repeat: int, database_path: Path, workdir: Path) -> Measurement:
    measurement = Measurement("quarterly report", target=2.0)
    database = open_database(database_path)
    actor = Actor.system("bench")
    for run_number in range(repeat):
        with database.session() as session:
            seconds, issued = timed(lambda: issue_report(
                session, actor, ReportRequest("quarterly", year=YEAR, period=PERIOD), workdir / "quarterly.pdf"))
        measurement.pmsdesk.append(seconds)
        floor_seconds, floor_rows = timed(lambda: floor_table(database_path, workdir / "floor.pdf"))
        measurement.floor.append(floor_seconds)
        say(f"quarterly report run {run_number + 1}: pmsdesk {seconds:.2f} s ({issued.pages} pages), "
            f"floor {floor_seconds:.2f} s")
    with database.session() as session:
        content = collect(session, ReportRequest("quarterly", year=YEAR, period=PERIOD))
        lines = report_kpis(content)
    database.dispose()
    measurement.checks["KPIs in the report"] = (lines, floor_rows)
    measurement.details["pages"] = issued.pages
    return measurement
