"""Reading JSON cases field by field, so every mistake names its path (``kpas[2].rating``)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from .errors import ScoringInputError

NO_VALUE_WORDS = frozenset({"", "-", "_", "n/a", "na", "none", "null"})
YES_WORDS = frozenset({"yes", "y", "true", "done"})
NO_WORDS = frozenset({"no", "n", "false", "not done"})
E = TypeVar("E", bound=StrEnum)


def as_object(value: Any, path: str, allowed: Iterable[str]) -> Mapping[str, Any]:
    """``value`` as an object whose keys are all in ``allowed``: a typo is an error."""
    if not isinstance(value, Mapping):
        raise ScoringInputError(path or "input", "must be a JSON object")
    allowed = tuple(allowed)
    for key in value:
        if key not in allowed:
            raise ScoringInputError(_join(path, key),
                                    f"unknown field; expected one of {', '.join(allowed)}")
    return value


def as_list(value: Any, path: str, *, required: bool = True) -> list[Any]:
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise ScoringInputError(path, "must be a list")
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def number(obj: Mapping[str, Any], key: str, path: str, *, required: bool = False,
           blank_is_none: bool = False, yes_no: bool = False) -> float | None:
    """``obj[key]`` as a finite number; ``"-"``/``"N/A"`` are no value if ``blank_is_none``."""
    return to_number(obj.get(key), _join(path, key), required=required,
                     blank_is_none=blank_is_none, yes_no=yes_no)


def to_number(value: Any, where: str, *, required: bool = False, blank_is_none: bool = False,
              yes_no: bool = False) -> float | None:
    if isinstance(value, str):
        word = value.strip().lower()
        if blank_is_none and word in NO_VALUE_WORDS:
            value = None
        elif yes_no and word in YES_WORDS:
            value = 1
        elif yes_no and word in NO_WORDS:
            value = 0
    if isinstance(value, bool):
        if not yes_no:
            raise ScoringInputError(where, f"must be a number, got {str(value).lower()}")
        value = int(value)
    if value is None:
        if required:
            raise ScoringInputError(where, "is required")
        return None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ScoringInputError(where, f"must be a number, got {value!r}")
    return float(value)


def text(obj: Mapping[str, Any], key: str, path: str, *, default: str | None = None
         ) -> str | None:
    value = obj.get(key, default)
    if value is not None and not isinstance(value, str):
        raise ScoringInputError(_join(path, key), f"must be text, got {value!r}")
    return value


def iso_date(obj: Mapping[str, Any], key: str, path: str) -> date | None:
    value = obj.get(key)
    if value is None or (isinstance(value, str) and value.strip().lower() in NO_VALUE_WORDS):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ScoringInputError(_join(path, key),
                                f"must be a date written YYYY-MM-DD, got {value!r}") from None


def choice(obj: Mapping[str, Any], key: str, path: str, enum: type[E], *,
           default: E | None = None) -> E:
    value = obj.get(key)
    if value is None:
        if default is None:
            raise ScoringInputError(_join(path, key), "is required")
        return default
    try:
        return enum(value)
    except ValueError:
        known = ", ".join(member.value for member in enum)
        raise ScoringInputError(
            _join(path, key), f"must be one of {known}, got {value!r}"
        ) from None


def whole_number(obj: Mapping[str, Any], key: str, path: str, *, default: int | None = None,
                 minimum: int = 1) -> int | None:
    value = obj.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ScoringInputError(_join(path, key),
                                f"must be a whole number of at least {minimum}, got {value!r}")
    return value
