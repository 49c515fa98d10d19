"""Year-to-date scorecards of every organisation at head office, against one SQL aggregate query.

Reads the head-office database the consolidation workload filled. pmsdesk:
``build_scorecard`` for each organisation's year, read from the stored scored
results (each KPI's line decoded, roll-ups by KPA, objective and directorate,
the calendar applied). Floor: one GROUP BY query summing each organisation's
targets and counted actuals over the same tables. Beside it, the head-office
league table of every organisation (issue 20's target: under 3 s), timed in the
same runs. Wall and CPU seconds are both kept: on a shared machine the CPU
seconds are the steadier figure.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from pathlib import Path

from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import Organisation
from pmsdesk.scorecard import build_scorecard
from pmsdesk.services.actor import Actor
from pmsdesk.sync.consolidation import consolidate

from .timing import Measurement, say, timed

LEAGUE_TARGET_SECONDS = 3.0

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


def league(database) -> int:
    """The head-office league table of every organisation for the year: its rows."""
    with database.session() as session:
        return len(consolidate(session, Actor.system("bench"), YEAR).rows)


def timed_cpu(work):
    """(wall seconds, CPU seconds of this process, what ``work`` returned)."""
    cpu = time.process_time()
    seconds, result = timed(work)
    return seconds, time.process_time() - cpu, result


def floor_aggregate(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(path)
    rows = connection.execute(FLOOR_QUERY, (YEAR,)).fetchall()
    connection.close()
    return len(rows), sum(row[1] for row in rows)


def run(repeat: int, head_path: Path) -> Measurement:
    measurement = Measurement("scorecards", target=3.0)
    database = open_database(head_path)
    cpu: dict[str, list[float]] = {"pmsdesk": [], "floor": [], "league": []}
    league_wall: list[float] = []
    for run_number in range(repeat):
        seconds, cpu_seconds, (organisations, lines) = timed_cpu(lambda: all_scorecards(database))
        measurement.pmsdesk.append(seconds)
        cpu["pmsdesk"].append(cpu_seconds)
        floor_seconds, floor_cpu, (floor_organisations, floor_lines) = timed_cpu(lambda: floor_aggregate(head_path))
        measurement.floor.append(floor_seconds)
        cpu["floor"].append(floor_cpu)
        league_seconds, league_cpu, league_rows = timed_cpu(lambda: league(database))
        league_wall.append(league_seconds)
        cpu["league"].append(league_cpu)
        say(f"scorecards run {run_number + 1}: pmsdesk {seconds:.2f} s (CPU {cpu_seconds:.2f} s), "
            f"floor {floor_seconds:.3f} s (CPU {floor_cpu:.3f} s): ratio {seconds / floor_seconds:.1f}× wall, "
            f"{cpu_seconds / max(floor_cpu, 1e-9):.1f}× CPU (target ≤ 3×) | league table of {league_rows}: "
            f"{league_seconds:.2f} s (CPU {league_cpu:.2f} s; target < {LEAGUE_TARGET_SECONDS:g} s), "
            f"{league_seconds / floor_seconds:.1f}× the floor")
    database.dispose()
    measurement.checks["organisations"] = (organisations, floor_organisations)
    measurement.checks["KPIs scored"] = (lines, floor_lines)
    measurement.checks["league rows"] = (league_rows, floor_organisations)
    measurement.details.update({
        "cpu_seconds": cpu, "load_average_after": os.getloadavg(),
        "league_table": {"wall_runs": league_wall, "cpu_runs": cpu["league"], "median": statistics.median(league_wall),
                         "cpu_median": statistics.median(cpu["league"]), "target_seconds": LEAGUE_TARGET_SECONDS,
                         "within_target": statistics.median(league_wall) < LEAGUE_TARGET_SECONDS}})
    return measurement
