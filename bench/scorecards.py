"""Year-to-date scorecards of every organisation at head office, against one SQL aggregate query.

Reads the head-office database the consolidation workload filled. pmsdesk:
``build_scorecard`` for each organisation's year (loading, scoring every KPI,
projections, roll-ups). Floor: one GROUP BY query summing each organisation's
targets and counted actuals over the same tables.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import Organisation
from pmsdesk.scorecard import build_scorecard

from .timing import Measurement, say, timed

YEAR = "2025/26"
FLOOR_QUERY = """
SELECT o.code, count(DISTINCT k.id), sum(t.value), sum(a.value)
FROM kpi k
JOIN organisation o ON o.id = k.organisation_id
JOIN financial_year y ON y.id = k.financial_year_id
LEFT JOIN kpi_target t ON t.kpi_id = k.id
LEFT JOIN period_actual a ON a.kpi_id = k.id AND a.period_id = t.period_id
     AND a.status IN ('submitted', 'verified', 'approved')
WHERE y.label = ? AND k.is_active
GROUP BY o.code
"""


def all_scorecards(database) -> tuple[int, int]:
    """Organisations scored and KPI lines on their scorecards."""
    lines = 0
    with database.session() as session:
        codes = list(session.scalars(select(Organisation.code).order_by(Organisation.code)))
        for code in codes:
            lines += len(build_scorecard(session, code, YEAR).lines)
    return len(codes), lines


def floor_aggregate(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(path)
    rows = connection.execute(FLOOR_QUERY, (YEAR,)).fetchall()
    connection.close()
    return len(rows), sum(row[1] for row in rows)


def run(repeat: int, head_path: Path) -> Measurement:
    measurement = Measurement("scorecards", target=3.0)
    database = open_database(head_path)
    for run_number in range(repeat):
        seconds, (organisations, lines) = timed(lambda: all_scorecards(database))
        measurement.pmsdesk.append(seconds)
        floor_seconds, (floor_organisations, floor_lines) = timed(lambda: floor_aggregate(head_path))
        measurement.floor.append(floor_seconds)
        say(f"scorecards run {run_number + 1}: pmsdesk {seconds:.2f} s, floor {floor_seconds:.3f} s")
    database.dispose()
    measurement.checks["organisations"] = (organisations, floor_organisations)
    measurement.checks["KPIs scored"] = (lines, floor_lines)
    return measurement
