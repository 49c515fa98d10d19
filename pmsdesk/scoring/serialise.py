"""Results as plain JSON values, for the ``calc`` command, reports and the database."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any

DECIMALS = 6


def to_jsonable(value: Any, *, decimals: int | None = DECIMALS) -> Any:
    """Dataclasses, enums, dates and tuples as dicts, strings and lists; floats rounded.

    Rounding is for display only: the engine keeps full precision.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name), decimals=decimals)
                for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v, decimals=decimals) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v, decimals=decimals) for v in value]
    if isinstance(value, float) and decimals is not None:
        rounded = round(value, decimals)
        return int(rounded) if rounded.is_integer() and abs(rounded) < 1e15 else rounded
    return value
