"""How table columns sort and align: shared by every table model of the screens."""

from __future__ import annotations

import re
from datetime import date

from pmsdesk.services.register import TargetValue

_DIGITS = re.compile(r"(\d+)")


def reference_key(reference: str) -> str:
    """Natural order: 'BSD 2' before 'BSD 10' (numbers padded to the same width)."""
    return _DIGITS.sub(lambda digits: digits.group().zfill(12), reference.casefold())


def text_key(value: str | None) -> str | None:
    return value.casefold() if value else None


def value_key(value: TargetValue) -> tuple | None:
    """Numbers, then dates, then words, so a mixed column still sorts sensibly."""
    if value is None:
        return None
    if isinstance(value, str):
        return (2, 0.0, value.casefold())
    if isinstance(value, date):
        return (1, float(value.toordinal()), "")
    return (0, float(value), "")


def is_figure(value: TargetValue) -> bool:
    """Numbers and dates line up on the right; words read from the left."""
    return isinstance(value, (int, float, date))
