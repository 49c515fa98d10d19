"""Opening a pmsdesk database: engine settings, schema version checks, upgrades.

The schema is created and upgraded only by the Alembic migrations that ship in
``pmsdesk/migrations``. A database written by a newer pmsdesk is refused
untouched; an older one is backed up, then upgraded.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from pmsdesk.backups import BackupError, BackupPolicy, backup_on_open, create_backup
from pmsdesk.migrations import HEAD_REVISION

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: How long one statement waits for another program's write lock (SQLite's busy timeout).
SQLITE_BUSY_TIMEOUT_MS = 10_000
#: How long ``retry_while_busy`` keeps trying a write, in all, before it gives up.
LOCK_WAIT_LIMIT_SECONDS = 120.0
WAITING_MESSAGE = "waiting for another pmsdesk on this file…"
#: Page cache per connection; big enough that head-office imports do not thrash the indexes.
SQLITE_CACHE_KIB = 65_536


class DatabaseError(Exception):
    """A database cannot be opened as asked; the message says why and what to do."""


Result = TypeVar("Result")


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is another program holding the SQLite write lock."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if type(current).__name__ == "DatabaseBusy":  # pmsdesk.services.errors; the core does not import services
            return True
        if isinstance(current, SQLAlchemyError) and _locked_message(str(current)):
            return True  # also a PendingRollbackError whose original error was the lock
        if type(current).__module__ == "sqlite3" and _locked_message(str(current)):
            return True
        current = current.__cause__ or current.__context__
    return False


def _locked_message(text: str) -> bool:
    return "database is locked" in text or "database table is locked" in text or "database is busy" in text


def retry_while_busy(work: Callable[[], Result], *, session: Session | None = None,
                     on_wait: Callable[[], None] | None = None, limit_seconds: float | None = None,
                     retry_if: Callable[[], bool] = lambda: True) -> Result:
    """Run ``work``; while another program holds the write lock, wait and run it again.

    ``work`` must be all-or-nothing (a service call, a whole command): a busy
    refusal has written nothing, so running it again is safe. ``session`` is
    rolled back between attempts; ``on_wait`` is called once, when waiting
    starts. After ``limit_seconds`` (default ``LOCK_WAIT_LIMIT_SECONDS``) a
    DatabaseError says so plainly. ``retry_if`` answers whether running again
    is still safe (the window's work may have committed a first step before the
    lock struck: then the busy error is passed on, not retried).
    """
    limit = LOCK_WAIT_LIMIT_SECONDS if limit_seconds is None else limit_seconds
    started, pause, waiting = time.monotonic(), 0.05, False
    while True:
        try:
            return work()
        except Exception as error:
            if not is_busy(error) or not retry_if():
                raise
            if session is not None:
                session.rollback()
            if time.monotonic() - started >= limit:
                raise DatabaseError(f"another pmsdesk kept the database busy for {limit:.0f} s, so nothing was "
                                    "saved; try again when it has finished.") from error
            if not waiting and on_wait is not None:
                on_wait()
            waiting = True
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def default_database_path() -> Path:
    """Where the app keeps its database when none is named (the user's data folder)."""
    return platformdirs.user_data_path("pmsdesk", appauthor=False) / "pmsdesk.sqlite"


def database_url(target: str | Path) -> str:
    """Turn a file path or a database URL into a SQLAlchemy URL.

    ``postgresql://user@host/db`` uses psycopg 3; the password comes from the
    usual PGPASSWORD / ~/.pgpass, never from the command line.
    """
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _sqlite_pragmas(busy_timeout_ms: int):
    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    return on_connect


#: What to install for each database driver pmsdesk can use but does not need on an office laptop.
DRIVER_EXTRAS = {"psycopg": "postgresql"}


def make_engine(url: str, *, busy_timeout_ms: int | None = None) -> Engine:
    """An engine with SQLite set up for safe concurrent use (WAL, FKs, busy timeout).

    A PostgreSQL URL without its driver installed is a DatabaseError saying what to install.
    """
    try:
        engine = create_engine(url)
    except ModuleNotFoundError as error:
        driver = (error.name or "").split(".")[0]
        if driver not in DRIVER_EXTRAS:
            raise
        raise DatabaseError(
            f"{make_url(url).get_backend_name()} needs the {driver} driver, which is not installed: "
            f"install it with pip install 'pmsdesk[{DRIVER_EXTRAS[driver]}]'."
        ) from None
    if engine.dialect.name == "sqlite":
        timeout = SQLITE_BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        event.listen(engine, "connect", _sqlite_pragmas(timeout))
    return engine


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _alembic_config(connection: Connection):
    from alembic.config import Config  # Alembic costs a second at start-up: only when upgrading

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The schema revision this pmsdesk writes."""
    return HEAD_REVISION


def known_revisions() -> set[str]:
    """Every schema revision this pmsdesk can open (and upgrade from)."""
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None
    head: str
    has_tables: bool

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def is_newer(self) -> bool:
        """Made by a newer pmsdesk: its revision is not one we know."""
        if self.current is None or self.current == self.head:
            return False
        return self.current not in known_revisions()


def schema_status(engine: Engine) -> SchemaStatus:
    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        current = (connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
                   if "alembic_version" in tables else None)
    return SchemaStatus(current=current, head=head_revision(), has_tables=bool(tables))


def _newer_message(status: SchemaStatus) -> str:
    from pmsdesk import __version__

    return (f"This database was made by a newer pmsdesk (schema {status.current}); this pmsdesk ({__version__}) "
            f"is older than the file and knows schema {status.head}. Install the newer pmsdesk to open it; "
            "nothing was changed.")


def upgrade_schema(engine: Engine) -> str | None:
    """Bring the schema to the head revision; returns the backup path taken, if any.

    Refuses (raising DatabaseError, changing nothing) when the database was
    written by a newer pmsdesk or is not a pmsdesk database at all.
    """
    status = schema_status(engine)
    if status.is_newer:
        raise DatabaseError(_newer_message(status))
    if status.current is None and status.has_tables:
        raise DatabaseError(
            "This file holds tables but no pmsdesk schema version: it is not a pmsdesk database."
        )
    if status.is_current:
        return None
    backup = None
    path = sqlite_path(str(engine.url))
    if status.current is not None and path is not None:
        backup = str(create_backup(path, f"before-upgrade-from-{status.current}"))
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    return backup


class Database:
    """An open pmsdesk database: the engine and a factory of sessions."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        from pmsdesk.services.scored_results import watch  # the core imports services only here

        watch(self._sessions)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that rolls back on error and always closes."""
        session = self._sessions()
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def build_stale_results(self) -> None:
        """Build the stored scored results a migration left to the first open (migration 0013)."""
        from pmsdesk.services.scored_results import build_if_stale

        with self.session() as session:
            build_if_stale(session)

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(
    target: str | Path,
    *,
    upgrade: bool = True,
    create: bool = True,
    backup_policy: BackupPolicy | None = None,
    busy_timeout_ms: int | None = None,
) -> Database:
    """Open (and if asked, create or upgrade) the database at a path or URL.

    With ``upgrade=False`` an out-of-date schema is an error rather than upgraded.
    With a ``backup_policy`` an existing SQLite file is backed up first (the
    app and the writing commands pass one; tests and read-only commands don't).
    """
    url = database_url(target)
    path = sqlite_path(url)
    if path is not None:
        if not path.exists() and not create:
            raise DatabaseError(f"No database at {path}. Create one with 'pmsdesk demo --db {path}'.")
        if not create and path.stat().st_size == 0:
            raise DatabaseError(f"{path} is empty (0 bytes): it holds no pmsdesk database. Nothing was written to it.")
        if path.exists() and not _looks_like_sqlite(path):
            raise DatabaseError(f"{path} is not a SQLite database file.")
        path.parent.mkdir(parents=True, exist_ok=True)
        if backup_policy is not None:
            try:
                backup_on_open(path, backup_policy)
            except BackupError as error:
                raise DatabaseError(str(error)) from error
    engine = make_engine(url, busy_timeout_ms=busy_timeout_ms)
    try:
        if upgrade:
            upgrade_schema(engine)
        else:
            status = schema_status(engine)
            if status.is_newer:
                raise DatabaseError(_newer_message(status))
            if not status.is_current:
                raise DatabaseError(
                    f"The database schema is at {status.current or 'nothing'}, this pmsdesk needs "
                    f"{status.head}. Run 'pmsdesk db upgrade --db {target}'."
                )
    except Exception:
        engine.dispose()
        raise
    database = Database(url, engine)
    if upgrade:
        database.build_stale_results()
    return database


def pmsdesk_file_problem(path: str | Path) -> str | None:
    """Why the file at ``path`` cannot be opened as a pmsdesk database, or None when it can.

    Read through a read-only connection before anything opens it for writing (opening sets WAL mode, which
    writes to the file): choosing a stranger's file in File → Open leaves it exactly as it was.
    """
    path = Path(path)
    if not path.is_file():
        return f"{path} does not exist (or is a folder): choose a pmsdesk database file."
    if path.stat().st_size == 0:
        return f"{path} is empty (0 bytes): it holds no pmsdesk database. Use File → New… to create one."
    if not _looks_like_sqlite(path):
        return f"{path} is not a pmsdesk database: it is not a SQLite database file at all. Nothing was written to it."
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = (connection.execute("SELECT version_num FROM alembic_version").fetchone()
                        if "alembic_version" in tables else None)
        finally:
            connection.close()
    except sqlite3.Error as error:
        return f"{path} cannot be read as a database ({error}). Nothing was written to it."
    if revision is None:
        return (f"{path} is a SQLite database, but not a pmsdesk database (it holds no pmsdesk schema). "
                "Nothing was written to it.")
    status = SchemaStatus(current=revision[0], head=head_revision(), has_tables=True)
    return _newer_message(status) if status.is_newer else None


def remove_sqlite_files(path: str | Path) -> None:
    """A SQLite database made just now and not wanted after all: the file and its WAL companions."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _looks_like_sqlite(path: Path) -> bool:
    if path.stat().st_size == 0:
        return True
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"
