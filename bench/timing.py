"""What every workload shares: the sizes of a scale, timing, medians and peak memory."""

from __future__ import annotations

import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Scale:
    """How big each workload is; ``full`` is the issue's table, ``small`` keeps the tests quick."""

    name: str
    organisations: int
    report_kpis: int
    workbook_rows: int
    register_kpis: int


SCALES = {
    "small": Scale("small", organisations=2, report_kpis=250, workbook_rows=100, register_kpis=2_000),
    "full": Scale("full", organisations=257, report_kpis=1_000, workbook_rows=2_000, register_kpis=20_000),
}


@dataclass
class Measurement:
    """One workload's runs. ``unit`` is "s", "ms" or "MB"; a workload without floor leaves it empty.

    ``target`` is a ratio when there is a floor, else an absolute ceiling in ``unit``.
    ``checks`` pairs what pmsdesk produced with what the floor produced (they must match).
    """

    workload: str
    target: float
    unit: str = "s"
    pmsdesk: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    checks: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def pmsdesk_median(self) -> float | None:
        return statistics.median(self.pmsdesk) if self.pmsdesk else None

    @property
    def floor_median(self) -> float | None:
        return statistics.median(self.floor) if self.floor else None

    @property
    def ratio(self) -> float | None:
        if self.pmsdesk_median is None or not self.floor_median:
            return None
        return self.pmsdesk_median / self.floor_median

    @property
    def within_target(self) -> bool | None:
        if self.floor:
            return None if self.ratio is None else self.ratio <= self.target
        return None if self.pmsdesk_median is None else self.pmsdesk_median <= self.target

    @property
    def correct(self) -> bool:
        return bool(self.pmsdesk) and all(mine == floor for mine, floor in self.checks.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "workload": self.workload, "unit": self.unit, "target": self.target,
            "target_kind": "ratio" if self.floor else "ceiling",
            "pmsdesk_median": self.pmsdesk_median, "floor_median": self.floor_median, "ratio": self.ratio,
            "within_target": self.within_target, "correct": self.correct,
            "pmsdesk_runs": self.pmsdesk, "floor_runs": self.floor,
            "checks": {name: list(pair) for name, pair in self.checks.items()}, "details": self.details,
        }


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``work`` took (wall clock) and what it returned."""
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def fresh_copy(template: Path, target: Path) -> Path:
    """A copy of the migrated empty database: migrating every file would cost seconds each."""
    target.unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
