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


class JsonTree(dict):
    """A dict that :func:`to_jsonable` has already converted (default rounding), built by
    :func:`json_tree`. Converting it again returns it as it is: a report's content
    (thousands of KPI results) is converted once when collected, not again for its
    data hash. Nothing may be put into it afterwards.
    """


def json_tree(value: Mapping[str, Any]) -> JsonTree:
    """``to_jsonable(value)``, marked as converted."""
    return JsonTree(_convert(value, DECIMALS))


def to_jsonable(value: Any, *, decimals: int | None = DECIMALS) -> Any:
    """Dataclasses, enums, dates and tuples as dicts, strings and lists; floats rounded.

    Rounding is for display only: the engine keeps full precision. Plain
    values are recognised by their exact type before anything else.
    """
    if type(value) is JsonTree and decimals == DECIMALS:
        return value
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
        fields = {}
        for name in names:
            field = getattr(value, name)
            fields[name] = field if type(field) in _PLAIN else _convert(field, decimals)
        return fields
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
