"""Tanzanian PEPMIS scores from supervisor marks, by the ``tz_pepmis`` rule set.

A sub-task's mark is the criteria-weighted mean of its quantitative and
qualitative marks (0-100). A task's score is ``sum(weight x mark) / 100`` over
its sub-tasks and the overall score ``sum(task weight x task score) / 100``;
sub-tasks not yet marked (and tasks with none marked) are left out of the
denominator, so a part-marked period still scores out of 100, and the result
says how many were left out. The annual score is the mean of the period scores.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .bands import band_summary, find_band
from .errors import ScoringInputError
from .rules import TZ_PEPMIS, require_kind, rule_set_ref


@dataclass(frozen=True)
class MarkedSubTask:
    """One assigned sub-task as scoring sees it; marks are None until the supervisor marks it."""

    task_code: str
    task_title: str
    task_weight: float
    code: str
    title: str
    weight: float
    quantitative: float | None = None
    qualitative: float | None = None


@dataclass(frozen=True)
class TaskScore:
    code: str
    title: str
    weight: float
    score: float | None
    marked: int
    unmarked: int


@dataclass(frozen=True)
class PepmisScore:
    tasks: tuple[TaskScore, ...]
    overall: float | None
    band: Mapping[str, Any] | None
    unmarked: int
    rule_set: Mapping[str, Any]


def _check_mark(field: str, value: float, body: Mapping[str, Any]) -> float:
    low, high = body["mark_range"]["min"], body["mark_range"]["max"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ScoringInputError(field, f"must be a number, got {value!r}")
    if not low <= value <= high:
        raise ScoringInputError(field, f"must be from {low:g} to {high:g}, got {value:g}")
    return float(value)


def sub_task_mark(quantitative: float, qualitative: float, rules: Mapping[str, Any]) -> float:
    """The criteria-weighted mark of one sub-task (50/50 by default)."""
    require_kind(rules, TZ_PEPMIS)
    body = rules["body"]
    marks = {"quantitative": _check_mark("quantitative", quantitative, body),
             "qualitative": _check_mark("qualitative", qualitative, body)}
    total = math.fsum(float(criterion["weight"]) for criterion in body["criteria"])
    return math.fsum(float(c["weight"]) * marks[c["code"]] for c in body["criteria"]) / total


def pepmis_band(score: float | None, rules: Mapping[str, Any]) -> dict[str, Any] | None:
    """The band holding ``score`` with its English and Kiswahili names."""
    if score is None:
        return None
    band = find_band(rules["body"]["bands"], round(score, 9))
    summary = band_summary(band)
    if summary is not None and band is not None and "name_sw" in band:
        summary["name_sw"] = band["name_sw"]
    return summary


def _weighted(pairs: Sequence[tuple[float, float]]) -> float | None:
    total = math.fsum(weight for weight, _ in pairs)
    if not pairs or total == 0:
        return None
    return math.fsum(weight * value for weight, value in pairs) / total


def score_sub_tasks(items: Sequence[MarkedSubTask], rules: Mapping[str, Any]) -> PepmisScore:
    """Task scores and the overall score of one employee's assigned sub-tasks (one period)."""
    require_kind(rules, TZ_PEPMIS)
    by_task: dict[str, list[MarkedSubTask]] = {}
    for item in items:
        by_task.setdefault(item.task_code, []).append(item)
    tasks: list[TaskScore] = []
    for code, group in by_task.items():
        marked = [(item.weight, sub_task_mark(item.quantitative, item.qualitative, rules))
                  for item in group if item.quantitative is not None and item.qualitative is not None]
        tasks.append(TaskScore(code, group[0].task_title, group[0].task_weight, _weighted(marked),
                               len(marked), len(group) - len(marked)))
    overall = _weighted([(task.weight, task.score) for task in tasks if task.score is not None])
    return PepmisScore(tuple(tasks), overall, pepmis_band(overall, rules),
                       sum(task.unmarked for task in tasks), rule_set_ref(rules))


def annual_score(period_scores: Sequence[float | None], rules: Mapping[str, Any]) -> float | None:
    """The mean of the periods that have a score (periods not yet marked are left out)."""
    require_kind(rules, TZ_PEPMIS)
    scored = [score for score in period_scores if score is not None]
    return math.fsum(scored) / len(scored) if scored else None
