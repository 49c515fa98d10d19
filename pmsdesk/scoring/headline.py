"""The words every summary leads with: "Targets achieved X of Y (Z%)", then what was left out.

One wording for the CLI, the dashboard, league tables and every printed
report, so they cannot drift apart; in the current language (``pmsdesk.i18n``). The functions read a
:class:`~pmsdesk.scoring.rollup.Rollup` or the plain mapping a report made of
one (``achieved``, ``not_achieved``, ``not_reported``, ``awaiting``, ``held``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pmsdesk.i18n import N_, _

#: What a roll-up leaves out of "X of Y", by its field name.
LEFT_OUT_WORDS = (("awaiting", N_("{0} awaiting report")), ("held", N_("{0} held for checking")))


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
        return _("no target due")
    return _("{0} of {1} ({2}%)").format(achieved, targets, f"{achieved / targets * 100.0:.1f}")


def targets_achieved(rollup: Any) -> str:
    """'Targets achieved 3 of 4 (75.0%)'."""
    return _("Targets achieved {0}").format(x_of_y(rollup))


def not_reported(rollup: Any) -> str:
    """'2 not reported (counted as not achieved)', or '' when none."""
    count = _count(rollup, "not_reported")
    return _("{0} not reported (counted as not achieved)").format(count) if count else ""


def left_out(rollup: Any) -> str:
    """'2 awaiting report, 1 held for checking', or '' when none (not measured is not listed)."""
    parts = [_(words).format(_count(rollup, name)) for name, words in LEFT_OUT_WORDS if _count(rollup, name)]
    return ", ".join(parts)


def detail(rollup: Any) -> str:
    """'1 of 3 (33.3%); 2 not reported (…); 1 awaiting report': the lead figure beside its label."""
    parts = [x_of_y(rollup), not_reported(rollup), left_out(rollup)]
    return "; ".join(part for part in parts if part)


def headline(rollup: Any) -> str:
    """The full lead sentence: 'Targets achieved 1 of 3 (33.3%); 2 not reported (…); 1 awaiting report'."""
    return _("Targets achieved {0}").format(detail(rollup))
