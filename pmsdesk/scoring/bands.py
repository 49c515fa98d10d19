"""Bands: labelled ranges of a score, read from rule-set data.

One shape serves traffic lights, bonus bands, grades and rating labels::

    {"code": "almost_met", "name": "KPI almost met", "min": 75, "max": 100,
     "min_inclusive": true, "max_inclusive": false}

``min``/``max`` of ``null`` are open ends. Inclusivity defaults to
``[min, max)``, so published ranges such as "75% to below 100%" map directly,
and a point band ("exactly 100%") is ``min == max`` with both inclusive.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .errors import RuleSetError, format_number


def round_half_up(value: float, decimals: int) -> float:
    """``value`` rounded as people round on paper (129.955 → 129.96 at 2 decimals).

    Rule sets decide bands on the figure as printed; rounding goes through the
    value's shortest decimal text (after dropping float noise beyond 9
    places), so 0.1 + 0.2 rounds like 0.3 and never lands across a band edge.
    """
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(round(value, 9))).quantize(step, rounding=ROUND_HALF_UP))


def _bound(band: Mapping[str, Any], key: str) -> float:
    value = band.get(key)
    if value is None:
        return -math.inf if key == "min" else math.inf
    return float(value)


def _edges(band: Mapping[str, Any]) -> tuple[float, float, bool, bool]:
    """A band's bounds and whether each is included (by default its minimum is, its maximum not)."""
    return (_bound(band, "min"), _bound(band, "max"), bool(band.get("min_inclusive", True)),
            bool(band.get("max_inclusive", False)))


def _within(value: float, low: float, high: float, low_included: bool, high_included: bool) -> bool:
    return ((value >= low if low_included else value > low)
            and (value <= high if high_included else value < high))


def band_contains(band: Mapping[str, Any], value: float) -> bool:
    """Whether ``value`` falls in ``band``, honouring inclusive/exclusive ends."""
    return _within(value, *_edges(band))


def find_band(bands: Sequence[Mapping[str, Any]], value: float) -> Mapping[str, Any] | None:
    """The band holding ``value``, or None when the bands do not cover it."""
    for band in bands:
        if band_contains(band, value):
            return band
    return None


class BandTable:
    """Bands read once, for scoring many values against the same rule set.

    :meth:`find` answers exactly as :func:`find_band` does; it only saves
    re-reading each band's bounds and inclusivity for every value.
    """

    __slots__ = ("_bounds",)

    def __init__(self, bands: Sequence[Mapping[str, Any]]) -> None:
        self._bounds = tuple((_edges(band), band) for band in bands)

    def find(self, value: float) -> Mapping[str, Any] | None:
        for edges, band in self._bounds:
            if _within(value, *edges):
                return band
        return None


def validate_bands(
    field: str,
    bands: Any,
    *,
    lowest: float | None,
    highest: float | None,
    extra_keys: Sequence[str] = (),
) -> None:
    """Check ``bands`` run in order from ``lowest`` to ``highest`` without gaps or overlaps.

    ``lowest``/``highest`` of None mean the range is open at that end, so the
    first/last band must be open too. Raises :class:`RuleSetError` naming the
    band and key that is wrong.
    """
    if not isinstance(bands, list) or not bands:
        raise RuleSetError(field, "must be a non-empty list of bands")
    previous: Mapping[str, Any] | None = None
    for index, band in enumerate(bands):
        where = f"{field}[{index}]"
        if not isinstance(band, Mapping):
            raise RuleSetError(where, "must be an object with code, min and max")
        for key in ("code", "name", *extra_keys):
            if key not in band:
                raise RuleSetError(f"{where}.{key}", "is required")
        for key in ("min", "max"):
            value = band.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float))
            ):
                raise RuleSetError(f"{where}.{key}", f"must be a number or null, got {value!r}")
        for key in ("min_inclusive", "max_inclusive"):
            if key in band and not isinstance(band[key], bool):
                raise RuleSetError(f"{where}.{key}", "must be true or false")
        low, high = _bound(band, "min"), _bound(band, "max")
        point = low == high and band.get("min_inclusive", True) and band.get("max_inclusive", False)
        if not (low < high or point):
            raise RuleSetError(
                where, f"is empty: min {format_number(low)} is not below max {format_number(high)}"
            )
        if previous is None:
            _check_start(where, band, lowest)
        else:
            _check_join(field, index, previous, band)
        previous = band
    assert previous is not None
    _check_end(f"{field}[{len(bands) - 1}]", previous, highest)


def _check_start(where: str, band: Mapping[str, Any], lowest: float | None) -> None:
    if lowest is None:
        if band.get("min") is not None:
            raise RuleSetError(f"{where}.min", "must be null so the lowest scores are covered")
        return
    low = _bound(band, "min")
    if low > lowest or (low == lowest and not band.get("min_inclusive", True)):
        raise RuleSetError(
            f"{where}.min", f"leaves scores from {format_number(lowest)} uncovered"
        )


def _check_end(where: str, band: Mapping[str, Any], highest: float | None) -> None:
    if highest is None:
        if band.get("max") is not None:
            raise RuleSetError(f"{where}.max", "must be null so the highest scores are covered")
        return
    high = _bound(band, "max")
    if high < highest or (high == highest and not band.get("max_inclusive", False)):
        raise RuleSetError(
            f"{where}.max", f"leaves scores up to {format_number(highest)} uncovered"
        )


def _check_join(
    field: str, index: int, previous: Mapping[str, Any], band: Mapping[str, Any]
) -> None:
    where = f"{field}[{index}].min"
    end, start = _bound(previous, "max"), _bound(band, "min")
    if start > end:
        raise RuleSetError(
            where,
            f"leaves a gap: band {index - 1} ends at {format_number(end)}, "
            f"band {index} starts at {format_number(start)}",
        )
    if start < end:
        raise RuleSetError(
            where,
            f"overlaps band {index - 1}, which runs to {format_number(end)}",
        )
    prev_has = previous.get("max_inclusive", False)
    this_has = band.get("min_inclusive", True)
    if prev_has and this_has:
        raise RuleSetError(
            where, f"overlaps band {index - 1}: both include {format_number(start)}"
        )
    if not prev_has and not this_has:
        raise RuleSetError(
            where, f"leaves a gap: neither band {index - 1} nor band {index} includes "
            f"{format_number(start)}"
        )


def band_summary(band: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The parts of a band a result should carry: its code, name and colour if any."""
    if band is None:
        return None
    summary = {"code": band["code"], "name": band["name"]}
    for key in ("colour", "bonus_min_percent", "bonus_max_percent"):
        if key in band:
            summary[key] = band[key]
    return summary
