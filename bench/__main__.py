"""Run every workload beside its floor and print the ratios; see ``bench/__init__.py``."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from pmsdesk.db import open_database
from pmsdesk.demo import build_demo

from . import consolidation, consolidation_postgresql, desktop, quarterly_report, scorecards, sdbip
from .timing import SCALES, Measurement, Scale, fresh_copy, say

WORKLOADS = ("consolidation", consolidation_postgresql.WORKLOAD, "scorecards", "quarterly report", "SDBIP import",
             "start-up", "register", "memory")
DEMO_YEAR = "2025/26"
DEFAULT_JSON = Path(__file__).resolve().parent / "results.json"


def machine() -> dict:
    """Where the figures came from: they mean little without it."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() \
        else platform.processor()
    memory_kib = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    versions = {"sqlite": sqlite3.sqlite_version}
    for package in ("SQLAlchemy", "reportlab", "openpyxl", "PySide6_Essentials", "pmsdesk"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(memory_kib / 2**20, 1),
            "python": platform.python_version(), "platform": platform.platform(), "versions": versions}


def demo_databases(template: Path, workdir: Path, scale: Scale, wanted: set[str]) -> dict[str, Path]:
    """The demo (start-up), and copies grown for the quarterly report and the register."""
    demo = fresh_copy(template, workdir / "demo.sqlite")
    database = open_database(demo)
    build_demo(database, profile="za-municipality", seed=1)
    database.dispose()
    paths = {"demo": demo}
    for name, kpis, needed in (("report", scale.report_kpis, "quarterly report" in wanted),
                               ("register", scale.register_kpis, bool(wanted & {"register", "memory"}))):
        if needed:
            paths[name] = fresh_copy(demo, workdir / f"{name}.sqlite")
            database = open_database(paths[name])
            with database.session() as session:
                quarterly_report.grow(session, DEMO_YEAR, kpis)
            database.dispose()
    return paths


def run_suite(scale: Scale, repeat: int, workdir: Path, only: set[str] | None = None,
              slow_repeat: int | None = None) -> list[Measurement]:
    """Every chosen workload at ``scale``, each ``repeat`` times (consolidation ``slow_repeat`` times)."""
    wanted = set(only or WORKLOADS)
    template = workdir / "migrated.sqlite"
    open_database(template).dispose()
    results: list[Measurement] = []
    on_postgresql = consolidation_postgresql.WORKLOAD in wanted
    if wanted & {"consolidation", "scorecards"} or on_postgresql:
        slow = slow_repeat or (1 if scale.name == "full" else repeat)
        timed_slow = "consolidation" in wanted or on_postgresql
        measured, head = consolidation.run(scale, slow if timed_slow else 1, template, workdir)
        if "consolidation" in wanted:
            results.append(measured)
        postgresql = consolidation_postgresql.run(scale, slow, template, workdir, measured) if on_postgresql else None
        if postgresql is not None:  # None: no server configured, the workload said so
            results.append(postgresql)
        if "scorecards" in wanted:
            results.append(scorecards.run(repeat, head))
    if "SDBIP import" in wanted:
        results.append(sdbip.run(scale.workbook_rows, repeat, template, workdir))
    databases = demo_databases(template, workdir, scale, wanted)
    if "quarterly report" in wanted:
        results.append(quarterly_report.run(repeat, databases["report"], workdir))
    if "start-up" in wanted:
        results.append(desktop.startup(repeat, databases["demo"], DEMO_YEAR))
    if wanted & {"register", "memory"}:
        register, memory = desktop.register_and_memory(repeat, databases["register"], DEMO_YEAR)
        results += [m for m, name in ((register, "register"), (memory, "memory")) if name in wanted]
    order = {name: index for index, name in enumerate(WORKLOADS)}
    return sorted(results, key=lambda m: order.get(m.workload.split(" (")[0], len(order)))


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:.3f} s" if unit == "s" else f"{value:.0f} {unit}"


def table(results: list[Measurement]) -> str:
    rows = [("workload", "pmsdesk median", "floor median", "ratio", "target", "within target", "correct")]
    for m in results:
        target = f"≤ {m.target:g}×" if m.floor else f"≤ {m.target:g} {m.unit}"
        within = {True: "yes", False: "NO", None: "—"}[m.within_target]
        rows.append((m.workload, _figure(m.pmsdesk_median, m.unit), _figure(m.floor_median, m.unit),
                     f"{m.ratio:.1f}×" if m.ratio is not None else "—", target, within,
                     "yes" if m.correct else "NO"))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--repeat", type=int, default=3, help="runs per workload; the median is reported")
    parser.add_argument("--slow-repeat", type=int, help="runs of consolidation (default: 1 at full scale)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"default {DEFAULT_JSON}")
    parser.add_argument("--only", help=f"comma-separated workloads among: {', '.join(WORKLOADS)}")
    parser.add_argument("--workdir", type=Path, help="keep the generated files here (default: a temp dir)")
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",")} if args.only else None
    if only and only - set(WORKLOADS):
        parser.error(f"unknown workload(s): {', '.join(sorted(only - set(WORKLOADS)))}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pmsdesk-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    load_before, started = os.getloadavg(), time.perf_counter()
    try:
        results = run_suite(SCALES[args.scale], args.repeat, workdir, only, args.slow_repeat)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    report = {"scale": args.scale, "repeat": args.repeat, "machine": machine(),
              "load_average": {"before": load_before, "after": os.getloadavg()},
              "seconds": round(time.perf_counter() - started, 1),
              "results": [m.as_dict() for m in results]}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(table(results))
    print(f"\nscale {args.scale}, median of {args.repeat} run(s), {report['seconds']} s; "
          f"load average {load_before[0]:.2f} → {report['load_average']['after'][0]:.2f}; JSON in {args.json}")
    wrong = [m.workload for m in results if not m.correct]
    if wrong:
        say(f"pmsdesk's output did not match the floor's in: {', '.join(wrong)} (see 'checks' in the JSON)")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
