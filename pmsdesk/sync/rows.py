"""Which tables travel, and one plain (JSON) form of their rows that both sides hash alike.

Every mapped class with ``SyncedMixin`` travels, in foreign-key order, so a
new table joins sync without code here. Values are normalised the same way
whether read from the database or from a package (datetimes as naive UTC),
so equal rows hash equal on every installation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Table
from sqlalchemy import Enum as SqlEnum

from pmsdesk.models import Base, SyncedMixin, table_of

from .format import MAX_INTEGER, canonical_json

#: Workflow rank of a row's state: a higher rank is never replaced by a lower one from outside.
STATUS_RANKS: dict[str, dict[str, int]] = {
    "period_actual": {"draft": 0, "returned": 0, "submitted": 1, "verified": 2, "approved": 3},
    "performance_agreement": {"draft": 0, "signed": 2, "superseded": 3},
    "assessment": {"draft": 0, "final": 2},
}
PROTECTED_RANK = 2
BOOKKEEPING = ("version", "updated_at")
_ALREADY_PLAIN = frozenset({str, int, float, bool})


@lru_cache(maxsize=1)
def synced_tables() -> tuple[Table, ...]:
    """Tables whose rows travel, parents before children."""
    synced = {table_of(mapper.class_).name for mapper in Base.registry.mappers
              if issubclass(mapper.class_, SyncedMixin)}
    return tuple(table for table in Base.metadata.sorted_tables if table.name in synced)


@lru_cache(maxsize=1)
def tables_by_name() -> dict[str, Table]:
    return {table.name: table for table in synced_tables()}


def to_plain(value: Any) -> Any:
    """A JSON value for a column value read from the database."""
    if value is None or type(value) in _ALREADY_PLAIN:  # most values: checked first, cheaply
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def plain_row(table: Table, row: Any) -> dict[str, Any]:
    mapping = row._mapping if hasattr(row, "_mapping") else row
    return {column.name: to_plain(mapping[column.name]) for column in table.columns}


def from_plain(table: Table, name: str, value: Any) -> Any:
    """The database value of one JSON field; ValueError says what is wrong with it."""
    return codec(table.name).convert_field(name, value)


@dataclass(frozen=True)
class Codec:
    """How one table's JSON fields become database values: built once, used for every field of every row."""

    #: One checking converter per column for a value that is not null, keyed by column name.
    convert: dict[str, Callable[[Any], Any]]
    #: Columns that refuse null.
    required: frozenset[str]
    #: Date and time columns: the only ones whose database value is not already its plain (JSON) form.
    temporal: tuple[str, ...]

    def convert_field(self, name: str, value: Any) -> Any:
        if value is None:
            if name in self.required:
                raise ValueError("is required")
            return None
        return self.convert[name](value)


@cache
def codec(table_name: str) -> Codec:
    table = tables_by_name().get(table_name)
    if table is None:
        table = Base.metadata.tables[table_name]
    return Codec({column.name: _converter(column.type) for column in table.columns},
                 frozenset(column.name for column in table.columns if not column.nullable),
                 tuple(column.name for column in table.columns if isinstance(column.type, (Date, DateTime))))


def _converter(kind) -> Callable[[Any], Any]:
    if isinstance(kind, SqlEnum):
        allowed = frozenset(kind.enums)
        return lambda value: value if isinstance(value, str) and value in allowed \
            else _fail(f"must be one of {', '.join(kind.enums)}")
    if isinstance(kind, DateTime):
        return _datetime
    if isinstance(kind, Date):
        return lambda value: date.fromisoformat(_text(value))
    if isinstance(kind, Boolean):
        return lambda value: value if isinstance(value, bool) else _fail("must be true or false")
    if isinstance(kind, Integer):
        return lambda value: value if type(value) is int and -MAX_INTEGER <= value <= MAX_INTEGER \
            else _fail("must be a whole number within 64 bits")
    if isinstance(kind, Float):
        return _number
    if isinstance(kind, String) and not isinstance(kind, JSON):
        length = kind.length

        def text(value: Any) -> str:
            if type(value) is not str:
                value = _text(value)
            if length is not None and len(value) > length:
                raise ValueError(f"is longer than {length} characters")
            return value
        return text
    return lambda value: value


def _datetime(value: Any) -> datetime:
    parsed = datetime.fromisoformat(_text(value))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _fail(message: str) -> Any:
    raise ValueError(message)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value


def _number(value: Any) -> float:
    if type(value) not in (int, float):
        raise ValueError("must be a number")
    try:
        return float(value)
    except OverflowError:
        raise ValueError("is too large a number") from None


def row_hash(plain: dict[str, Any]) -> str:
    """Digest of a row's content; ``version`` is a per-database lock counter and left out.

    Empty (None) fields are left out too, so a new nullable column added by a
    later release does not change the digest of every row already there: the
    row is not 'changed here' after an upgrade, and an office and head office a
    release apart still agree on it (migration 0008 converted stored digests).
    """
    content = {key: value for key, value in plain.items() if value is not None and key != "version"}
    return hashlib.sha256(canonical_json(content)).hexdigest()[:32]


def same_data(left: dict[str, Any], right: dict[str, Any]) -> bool:
    """Equal apart from bookkeeping: the same edit made twice is not a conflict."""
    return all(left.get(key) == value for key, value in right.items() if key not in BOOKKEEPING)


def rank(table_name: str, plain: dict[str, Any]) -> int:
    ranks = STATUS_RANKS.get(table_name)
    return ranks.get(str(plain.get("status")), 0) if ranks else 0


def precedence(table_name: str, plain: dict[str, Any], digest: str) -> tuple[int, str, str]:
    """Which of two concurrent versions stays in place: the same answer on every installation.

    Higher workflow rank first (a verified value beats a draft), then the
    later edit, then the digest as a tie-break.
    """
    return rank(table_name, plain), str(plain.get("updated_at") or ""), digest
