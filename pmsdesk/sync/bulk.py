"""The statements a package import runs thousands of times, compiled once per table and database.

``session.execute(insert(table), rows)`` rebuilds and type-processes every row's
parameters through SQLAlchemy's generic machinery, about as costly as the insert
itself, and an expanding ``IN`` is re-rendered on every call. Here each statement
is compiled once per table (or column) and dialect, and its parameters go to the
driver as exactly what SQLAlchemy would have sent: the same SQL, every value
through the same dialect bind processor (dates, times, enums, booleans, JSON).
Both run on the session's own connection, so they stay inside the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Table, bindparam, insert, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

#: Values per existence probe; a shorter last chunk is padded up to a power of two.
PROBE_CHUNK = 512
Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class PreparedStatement:
    """A compiled statement and the order and names its driver parameters take."""

    sql: str
    #: Bind names in the statement's parameter order.
    binds: tuple[str, ...]
    #: Parameter names for a named paramstyle (psycopg); None for a positional one (SQLite's ``?``).
    names: tuple[str, ...] | None

    def parameters(self, values: list[Any]) -> tuple[Any, ...] | dict[str, Any]:
        """One execution's driver parameters from values in ``binds`` order, already processed."""
        return tuple(values) if self.names is None else dict(zip(self.names, values))


def _prepared(statement: ClauseElement, dialect: Dialect) -> PreparedStatement:
    compiled = statement.compile(dialect=dialect)
    if not isinstance(compiled, SQLCompiler):  # a SELECT or INSERT always compiles to SQL
        raise TypeError(f"{type(compiled).__name__} is not SQL")
    binds = tuple((compiled.positiontup or ()) if dialect.positional else compiled.binds)
    names = None if dialect.positional else tuple(compiled.escaped_bind_names.get(name, name) for name in binds)
    return PreparedStatement(compiled.string, binds, names)


def _processor(column: Column, dialect: Dialect) -> Processor:
    """The bind processor SQLAlchemy itself applies to this column's values on this dialect."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


@lru_cache(maxsize=256)
def _insert(table: Table, dialect: Dialect,
            only: tuple[str, ...] | None) -> tuple[PreparedStatement, tuple[str, ...], tuple[Processor, ...]]:
    statement = insert(table) if only is None else insert(table).values({name: bindparam(name) for name in only})
    prepared = _prepared(statement, dialect)
    columns = tuple(table.c[name].key for name in prepared.binds)
    return prepared, columns, tuple(_processor(table.c[column], dialect) for column in columns)


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]],
                only: tuple[str, ...] | None = None) -> None:
    """Insert rows given as column key to database value, in one executemany.

    Every column must be present, or with ``only`` exactly those columns (the
    rest take their server defaults, e.g. an autoincremented id).
    """
    if not rows:
        return
    connection = session.connection()
    prepared, columns, processors = _insert(table, connection.dialect, only)
    processed = [(index, processor) for index, processor in enumerate(processors) if processor]
    # The last value each processor saw, and its result: a value shared by many rows (one time, an
    # empty field) is processed once. Processors are pure, and the same object gives the same result.
    last: list[tuple[Any, Any]] = [(_UNSEEN, None)] * len(processed)
    in_order = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    batch = []
    for row in rows:
        values = list(in_order(row))
        for position, (index, processor) in enumerate(processed):
            value = values[index]
            seen, result = last[position]
            if value is not seen:
                result = processor(value)
                last[position] = (value, result)
            values[index] = result
        batch.append(prepared.parameters(values))
    connection.exec_driver_sql(prepared.sql, batch)


_UNSEEN = object()


@lru_cache(maxsize=256)
def _probe(column: Column, dialect: Dialect, size: int) -> tuple[PreparedStatement, Processor]:
    statement = select(column).where(column.in_([bindparam(f"p{index}", type_=column.type) for index in range(size)]))
    return _prepared(statement, dialect), _processor(column, dialect)


def present(session: Session, column: Column, values: Iterable[Any]) -> set[Any]:
    """Which of the values the column holds already: a lean probe before loading whole rows."""
    connection = session.connection()
    values, found = list(values), set[Any]()
    for start in range(0, len(values), PROBE_CHUNK):
        chunk = values[start:start + PROBE_CHUNK]
        size = 1 << (len(chunk) - 1).bit_length()
        prepared, processor = _probe(column, connection.dialect, size)
        padded = chunk + chunk[-1:] * (size - len(chunk))  # repeating a value does not change IN
        if processor:
            padded = [processor(value) for value in padded]
        found.update(connection.exec_driver_sql(prepared.sql, prepared.parameters(padded)).scalars())
    return found
