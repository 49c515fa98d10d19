"""Copying a whole pmsdesk database between SQLite and PostgreSQL, in either direction.

The target's schema is made by the migrations, then every table is copied in
foreign-key order with batched Core inserts: ids, versions, evidence bytes and
audit events (ids and hashes) exactly as they are, so the audit chain still
verifies on the copy. Everything on the target happens in one transaction,
checked (row counts, audit chain) before it commits: a failed copy leaves the
target as it was, and a SQLite file that the copy created is removed again.
The source is read in one snapshot, so a database in use copies consistently.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, DateTime, Engine, Table, func, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session

from pmsdesk.backups import create_backup
from pmsdesk.db import MIGRATIONS_DIR, DatabaseError, database_url, head_revision, known_revisions, make_engine, sqlite_path
from pmsdesk.models import Base
from pmsdesk.services.audit import first_broken_link

#: Rows per INSERT batch; tables holding file bytes use the smaller one to bound memory.
BATCH_ROWS = 2000
BINARY_BATCH_ROWS = 50
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class CopyReport:
    """What a finished copy did; ``tables`` maps each table to the rows now in the target."""

    source: str
    target: str
    schema: str
    tables: dict[str, int]
    seconds: float
    replaced_rows: int = 0
    backup: str | None = None
    audit_chain: str = "intact"

    @property
    def total_rows(self) -> int:
        return sum(self.tables.values())

    def as_dict(self) -> dict:
        return {"source": self.source, "target": self.target, "schema": self.schema,
                "tables": self.tables, "total_rows": self.total_rows, "seconds": self.seconds,
                "replaced_rows": self.replaced_rows, "backup": self.backup, "audit_chain": self.audit_chain}


def display_name(target: str | Path) -> str:
    """A path or URL as it may be shown to people and written to logs: never with its password."""
    text_target = str(target)
    if "://" not in text_target:
        return text_target
    try:
        return make_url(text_target).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable database URL>"


def copy_tables() -> list[Table]:
    """Every pmsdesk table, parents before children."""
    return list(Base.metadata.sorted_tables)


def copy_database(source: str | Path, target: str | Path, *, replace: bool = False,
                  batch_rows: int = BATCH_ROWS,
                  progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy every row of ``source`` into ``target`` (SQLite paths or postgresql:// URLs).

    Raises DatabaseError, with the target unchanged, when the source is
    missing or not at this pmsdesk's schema, the target already holds data
    (unless ``replace``: its rows are deleted in the same transaction, and a
    SQLite target is backed up first), or anything fails on the way.
    """
    started = time.perf_counter()
    source_url, target_url = _checked_url(source, "source"), _checked_url(target, "target")
    if source_url == target_url:
        raise DatabaseError("The source and the target are the same database; name two different ones.")
    source_path = sqlite_path(source_url)
    if source_path is not None and not source_path.exists():
        raise DatabaseError(f"No database at {source_path}: check the --from path.")
    target_path = sqlite_path(target_url)
    created_file = target_path is not None and not target_path.exists()
    if target_path is not None and not created_file and not _looks_like_sqlite(target_path):
        raise DatabaseError(f"{target_path} is not a SQLite database file; the copy would overwrite it.")
    if target_path is not None:
        target_path.parent.mkdir(parents=True, exist_ok=True)
    source_engine, target_engine = make_engine(source_url), make_engine(target_url)
    try:
        with _reading(source_engine, display_name(source)) as reader:
            _check_source_schema(reader, display_name(source))
            backup = None
            if replace and target_path is not None and not created_file and target_path.stat().st_size:
                backup = str(create_backup(target_path, "before-db-copy"))
            try:
                with _writing(target_engine, display_name(target)) as writer:
                    tables, replaced, chain = _copy_all(reader, writer, replace, batch_rows, progress,
                                                        display_name(target))
            except BaseException:
                if created_file and target_path is not None:
                    target_engine.dispose()
                    _remove_sqlite_file(target_path)
                raise
    finally:
        source_engine.dispose()
        target_engine.dispose()
    return CopyReport(source=display_name(source), target=display_name(target), schema=head_revision(),
                      tables=tables, seconds=round(time.perf_counter() - started, 2),
                      replaced_rows=replaced, backup=backup, audit_chain=chain)


def _copy_all(reader: Connection, writer: Connection, replace: bool, batch_rows: int,
              progress: Callable[[str, int], None] | None, target_name: str) -> tuple[dict[str, int], int, str]:
    _prepare_target_schema(writer, target_name)
    replaced = _existing_rows(writer, target_name, replace)
    expected: dict[str, int] = {}
    for table in copy_tables():
        expected[table.name] = _count(reader, table)
        copied = 0
        size = BINARY_BATCH_ROWS if _has_bytes(table) else batch_rows
        for batch in _batches(_source_rows(reader, table), size):
            writer.execute(insert(table), [_for_target(table, row, writer.dialect.name) for row in batch])
            copied += len(batch)
            if progress is not None:
                progress(table.name, copied)
    if writer.dialect.name == "postgresql":
        _reset_sequences(writer)
    found = {table.name: _count(writer, table) for table in copy_tables()}
    wrong = [f"{name} {found[name]} of {count}" for name, count in expected.items() if found[name] != count]
    if wrong:
        raise DatabaseError(f"The copy is incomplete ({', '.join(wrong)} rows); nothing was written to {target_name}.")
    return found, replaced, _audit_chain_state(reader, writer, target_name)


def _checked_url(target: str | Path, role: str) -> str:
    shown = display_name(target)
    try:
        url = database_url(target)
        backend = make_url(url).get_backend_name()
    except (ArgumentError, ValueError) as error:
        raise DatabaseError(f"The {role} {shown} is not a database path or URL ({error}).") from None
    if backend not in SUPPORTED_BACKENDS:
        raise DatabaseError(f"The {role} {shown} is a {backend} URL; pmsdesk copies between SQLite files "
                            "and postgresql://user@host/dbname URLs.")
    return url


def _one_line(error: BaseException) -> str:
    cause = getattr(error, "orig", None) or error
    words = " ".join(str(cause).split())
    if "no password supplied" in words or "password authentication failed" in words:
        words += " (put the password in ~/.pgpass or PGPASSWORD, never in the URL)"
    return words


@contextmanager
def _reading(engine: Engine, name: str) -> Iterator[Connection]:
    """A connection reading one consistent snapshot of the source."""
    try:
        if engine.dialect.name == "postgresql":
            connection = engine.connect().execution_options(isolation_level="REPEATABLE READ")
            connection.begin()
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        else:
            connection = engine.connect()
            connection.exec_driver_sql("BEGIN")
    except (DBAPIError, NoSuchModuleError) as error:
        raise DatabaseError(f"Cannot read {name}: {_one_line(error)}") from None
    try:
        yield connection
    finally:
        connection.rollback()
        connection.close()


@contextmanager
def _writing(engine: Engine, name: str) -> Iterator[Connection]:
    """One transaction on the target: committed if the block ends normally, else rolled back."""
    try:
        connection = engine.connect()
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now, not halfway through
        else:
            connection.begin()
            connection.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")
    except (DBAPIError, NoSuchModuleError) as error:
        raise DatabaseError(f"Cannot write to {name}: {_one_line(error)}") from None
    try:
        yield connection
        connection.commit()
    except DBAPIError as error:
        connection.rollback()
        raise DatabaseError(f"The copy into {name} failed and was undone: {_one_line(error)}") from None
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.close()


def _check_source_schema(reader: Connection, name: str) -> None:
    current = MigrationContext.configure(reader).get_current_revision()
    if current is None:
        raise DatabaseError(f"{name} holds no pmsdesk schema: it is not a pmsdesk database.")
    if current not in known_revisions():
        raise DatabaseError(f"{name} was made by a newer pmsdesk (schema {current}); install that version to copy it.")
    if current != head_revision():
        raise DatabaseError(f"{name} is at schema {current}, this pmsdesk copies {head_revision()}. "
                            f"Run 'pmsdesk db upgrade --db {name}' first.")


def _prepare_target_schema(writer: Connection, name: str) -> None:
    """Create or upgrade the target's schema by the migrations, inside the copy's transaction."""
    current = MigrationContext.configure(writer).get_current_revision()
    if current is not None and current not in known_revisions():
        raise DatabaseError(f"{name} was made by a newer pmsdesk (schema {current}); it cannot receive this copy.")
    if current is None and inspect(writer).get_table_names():
        raise DatabaseError(f"{name} holds tables but no pmsdesk schema; copy into an empty database instead.")
    if current != head_revision():
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = writer
        command.upgrade(config, "head")


def _existing_rows(writer: Connection, name: str, replace: bool) -> int:
    """Refuse a target with data, or (``replace``) delete it all; returns the rows deleted."""
    counts = {table.name: _count(writer, table) for table in copy_tables()}
    total = sum(counts.values())
    if total and not replace:
        biggest = ", ".join(f"{count} {table}" for table, count in
                            sorted(counts.items(), key=lambda item: -item[1])[:3] if count)
        raise DatabaseError(f"{name} already holds data ({biggest}, …): copy into an empty database, "
                            "or add --replace to delete what it holds.")
    if total:
        for table in reversed(copy_tables()):
            writer.execute(table.delete())
    return total


def _count(connection: Connection, table: Table) -> int:
    return connection.scalar(select(func.count()).select_from(table)) or 0


def _self_references(table: Table) -> list[tuple[str, str]]:
    return [(fk.parent.key, fk.column.key) for fk in table.foreign_keys if fk.column.table is table]


def _source_rows(reader: Connection, table: Table) -> Iterable[dict]:
    query = select(table).order_by(*table.primary_key.columns)
    self_references = _self_references(table)
    if not self_references:
        result = reader.execution_options(yield_per=BATCH_ROWS).execute(query)
        return (dict(row._mapping) for row in result)
    return _parents_first([dict(row._mapping) for row in reader.execute(query)], self_references)


def _parents_first(rows: list[dict], references: list[tuple[str, str]]) -> list[dict]:
    """Rows of a table that points at itself (unit.parent_id), each after the rows it points at."""
    present = {row[key] for row in rows for _, key in references}
    placed: set = set()
    ordered: list[dict] = []
    waiting = rows
    while waiting:
        ready: list[dict] = []
        later: list[dict] = []
        for row in waiting:
            parents = [row[column] for column, _ in references]
            done = all(parent is None or parent in placed or parent not in present for parent in parents)
            (ready if done else later).append(row)
        if not ready:  # a loop of references: insert as they are and let the database say so
            ready, later = later, []
        ordered.extend(ready)
        placed.update(row[key] for row in ready for _, key in references)
        waiting = later
    return ordered


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _has_bytes(table: Table) -> bool:
    return any(_python_type(column) is bytes for column in table.columns)


def _python_type(column) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def _for_target(table: Table, row: dict, dialect: str) -> dict:
    """Times in UTC as each side stores them: aware for PostgreSQL, naive UTC for SQLite."""
    for column in _aware_time_columns(table):
        moment = row.get(column)
        if isinstance(moment, datetime):
            if dialect == "postgresql" and moment.tzinfo is None:
                row[column] = moment.replace(tzinfo=UTC)
            elif dialect == "sqlite" and moment.tzinfo is not None:
                row[column] = moment.astimezone(UTC).replace(tzinfo=None)
    return row


_AWARE_COLUMNS: dict[str, list[str]] = {}


def _aware_time_columns(table: Table) -> list[str]:
    if table.name not in _AWARE_COLUMNS:
        _AWARE_COLUMNS[table.name] = [column.key for column in table.columns
                                      if isinstance(column.type, DateTime) and column.type.timezone]
    return _AWARE_COLUMNS[table.name]


def _reset_sequences(writer: Connection) -> None:
    """Integer ids were copied as they were: start each PostgreSQL sequence after the largest."""
    for table in copy_tables():
        for column in table.primary_key.columns:
            if _python_type(column) is int and column.autoincrement in (True, "auto"):
                writer.execute(
                    text(f'SELECT setval(pg_get_serial_sequence(:table, :column), '
                         f'COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'),
                    {"table": table.name, "column": column.name},
                )


def _audit_chain_state(reader: Connection, writer: Connection, name: str) -> str:
    """'intact', or where it breaks when the source was already broken there; else the copy fails."""
    with Session(bind=writer) as session:
        broken = first_broken_link(session)
    if broken is None:
        return "intact"
    with Session(bind=reader) as session:
        source_broken = first_broken_link(session)
    if source_broken is not None and source_broken.id == broken.id:
        return f"broken at event {broken.id}, as in the source (see 'pmsdesk audit verify')"
    raise DatabaseError(f"The audit chain does not verify on the copy (event {broken.id}); "
                        f"nothing was written to {name}.")


def _looks_like_sqlite(path: Path) -> bool:
    if path.stat().st_size == 0:
        return True
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def _remove_sqlite_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
