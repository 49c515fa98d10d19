"""The desktop workloads, each probe in a fresh process (see ``bench.probes``).

start-up: launch to a usable main window on the demo database (shown, register
filled), against an empty PySide6 window. register: per-keystroke filter time
over a year of many KPIs (target ≤ 100 ms); memory: the same process's peak RSS
with those KPIs open (target ≤ 300 MB).
"""

from __future__ import annotations

import compileall
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .timing import Measurement, say

ROOT = Path(__file__).resolve().parent.parent
REGISTER_PHRASE = "water 1"


def probe(*arguments: str) -> tuple[float, dict]:
    """Seconds from launching ``python -m bench.probes ARGUMENTS`` to the moment it reports, and its report."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    launched = time.time()
    done = subprocess.run([sys.executable, "-m", "bench.probes", *arguments], capture_output=True, text=True,
                          env=environment, cwd=ROOT, timeout=600)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"bench.probes {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report.get("usable_at", launched) - launched, report


def active_kpis(path: Path, year_label: str) -> int:
    connection = sqlite3.connect(path)
    (count,) = connection.execute(
        "SELECT count(*) FROM kpi k JOIN financial_year y ON y.id = k.financial_year_id "
        "WHERE y.label = ? AND k.is_active AND y.organisation_id = "
        "(SELECT id FROM organisation ORDER BY name LIMIT 1)", (year_label,)).fetchone()
    connection.close()
    return count


def compile_sources() -> None:
    """Byte-compile pmsdesk as an installation has it, so no probe compiles source first.

    PyInstaller bundles bytecode and pip compiles what it installs (PySide6, the floor, is
    compiled); a checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile pmsdesk's
    start-up modules at every launch (about 0.1 s of CPU) and measure that instead.
    """
    compileall.compile_dir(ROOT / "pmsdesk", quiet=1)


def startup(repeat: int, database_path: Path, year_label: str) -> Measurement:
    measurement = Measurement("start-up", target=4.0)
    compile_sources()
    for run_number in range(repeat):
        seconds, report = probe("startup", str(database_path))
        measurement.pmsdesk.append(seconds)
        floor_seconds, _ = probe("empty-window")
        measurement.floor.append(floor_seconds)
        say(f"start-up run {run_number + 1}: pmsdesk {seconds:.2f} s, floor {floor_seconds:.2f} s")
    measurement.checks["KPIs in the register"] = (report["kpis"], active_kpis(database_path, year_label))
    return measurement


def register_and_memory(repeat: int, database_path: Path, year_label: str) -> tuple[Measurement, Measurement]:
    register = Measurement("register (per keystroke)", target=100.0, unit="ms")
    memory = Measurement("memory (peak RSS)", target=300.0, unit="MB")
    worst, loads = [], []
    for run_number in range(repeat):
        _, report = probe("register", str(database_path), year_label, REGISTER_PHRASE)
        keystrokes = [1000 * seconds for seconds in report["keystroke_s"]]
        register.pmsdesk.append(statistics.median(keystrokes))
        worst.append(max(keystrokes))
        loads.append(report["load_s"])
        memory.pmsdesk.append(report["peak_rss_mb"])
        say(f"register run {run_number + 1}: {report['rows']:,} KPIs loaded in {report['load_s']:.2f} s, "
            f"keystroke median {register.pmsdesk[-1]:.0f} ms, worst {worst[-1]:.0f} ms, "
            f"peak RSS {report['peak_rss_mb']:.0f} MB")
    expected = active_kpis(database_path, year_label)
    register.checks["KPIs loaded"] = (report["rows"], expected)
    register.checks["matches per keystroke"] = ({typed: pair[0] for typed, pair in report["matches"].items()},
                                                {typed: pair[1] for typed, pair in report["matches"].items()})
    register.details.update(kpis=expected, phrase=REGISTER_PHRASE, worst_keystroke_ms=max(worst),
                            load_s=statistics.median(loads))
    memory.checks["KPIs open"] = (report["rows"], expected)
    memory.details["kpis"] = expected
    return register, memory
