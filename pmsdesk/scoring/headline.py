"""The words every summary leads with: "Targets achieved X of Y (Z%)", then what was left out.

One wording for the CLI, the dashboard, league tables and every printed
report, so they cannot drift apart. The functions read a
:class:`~pmsdesk.scoring.rollup.Rollup` or the plain mapping a report made of
one (``achieved``, ``not_achieved``, ``not_reported``, ``awaiting``, ``held``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _count(rollup: Any, name: str) -> int:
    value = rollup.get(name) if isinstance(rollup, Mapping) else getattr(rollup, name, 0)
    return int(value or 0)


def counts(rollup: Any) -> tuple[int, int]:
    """(X, Y): targets achieved, and targets due (achieved, not achieved or not reported)."""
    achieved = _count(rollup, "achieved")
    return achieved, achieved + _count(rollup, "not_achieved") + _count(rollup, "not_reported")


def achieved_percent(rollup: Any) -> float | None:
    """Z of "X of Y (Z%)"; None when no target was due."""
    achieved, targets = counts(rollup)
    return achieved / targets * 100.0 if targets else None


def x_of_y(rollup: Any) -> str:
    """'3 of 4 (75.0%)', or 'no target due'."""
    achieved, targets = counts(rollup)
    if not targets:
        return "no target due"
    return f"{achieved} of {targets} ({achieved / targets * 100.0:.1f}%)"


def targets_achieved(rollup: Any) -> str:
    """'Targets achieved 3 of 4 (75.0%)'."""
    return f"Targets achieved {x_of_y(rollup)}"


def not_reported(rollup: Any) -> str:
    """'2 not reported (counted as not achieved)', or '' when none."""
    count = _count(rollup, "not_reported")
    return f"{count} not reported (counted as not achieved)" if count else ""


def left_out(rollup: Any) -> str:
    """'2 awaiting report, 1 held for checking', or '' when none (not measured is not listed)."""
    parts = [f"{_count(rollup, name)} {words}" for name, words in
             (("awaiting", "awaiting report"), ("held", "held for checking"))
             if _count(rollup, name)]
    return ", ".join(parts)


def detail(rollup: Any) -> str:
    """'1 of 3 (33.3%); 2 not reported (…); 1 awaiting report': the lead figure beside its label."""
    parts = [x_of_y(rollup), not_reported(rollup), left_out(rollup)]
    return "; ".join(part for part in parts if part)


def headline(rollup: Any) -> str:
    """The full lead sentence: 'Targets achieved 1 of 3 (33.3%); 2 not reported (…); 1 awaiting report'."""
    return f"Targets achieved {detail(rollup)}"
