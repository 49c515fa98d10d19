"""Results as plain JSON values, for the ``calc`` command, reports and the database."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from enum import Enum
from functools import cache
from typing import Any

DECIMALS = 6
#: Returned as they are; exact types, so enums built on str or int are not mistaken for them.
_PLAIN = frozenset({str, int, bool, type(None)})


def to_jsonable(value: Any, *, decimals: int | None = DECIMALS) -> Any:
    """Dataclasses, enums, dates and tuples as dicts, strings and lists; floats rounded.

    Rounding is for display only: the engine keeps full precision. Plain
    values are recognised by their exact type before anything else: a
    report's content (thousands of KPI results) is converted when collected
    and converted again, already plain, when its data hash is taken.
    """
    return _convert(value, decimals)


@cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass type, or None for any other type."""
    if dataclasses.is_dataclass(kind):
        return tuple(f.name for f in dataclasses.fields(kind))
    return None


def _convert(value: Any, decimals: int | None) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is float:
        return _rounded(value, decimals)
    if kind is dict:
        return {k if type(k) is str else str(k): v if type(v) in _PLAIN else _convert(v, decimals)
                for k, v in value.items()}
    if kind is list or kind is tuple:
        return [v if type(v) in _PLAIN else _convert(v, decimals) for v in value]
    names = _field_names(kind)
    if names is not None:
        return {name: _convert(getattr(value, name), decimals) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _convert(v, decimals) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_convert(v, decimals) for v in value]
    if isinstance(value, float):
        return _rounded(value, decimals)
    return value


def _rounded(value: float, decimals: int | None) -> Any:
    if decimals is None:
        return value
    rounded = round(value, decimals)
    return int(rounded) if rounded.is_integer() and abs(rounded) < 1e15 else rounded
