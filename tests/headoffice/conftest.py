"""Head office on PostgreSQL: empty server databases made per test, the demo database built once."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from pmsdesk.db import database_url, open_database
from pmsdesk.db_copy import copy_database, copy_tables
from pmsdesk.demo import build_demo
from pmsdesk.services.audit import first_broken_link
from tests.conftest import POSTGRES_HOW_TO, POSTGRES_URL


@pytest.fixture
def database(any_database):
    """Rules about concurrent edits must hold on SQLite and on PostgreSQL alike."""
    return any_database


def server_url(name: str) -> str:
    """The URL of database ``name`` on the test server, as a user would type it (postgresql://)."""
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _admin(sql: str) -> None:
    engine = create_engine(database_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(sql)
    finally:
        engine.dispose()


@pytest.fixture
def new_server_database() -> Iterator[Callable[..., str]]:
    """Make empty databases on the test server (from a template if named); dropped after the test."""
    if not POSTGRES_URL:
        pytest.skip(POSTGRES_HOW_TO)
    made: list[str] = []

    def make(template: str | None = None) -> str:
        name = f"pmsdesk_hq_{uuid.uuid4().hex[:12]}"
        _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""))
        made.append(name)
        return server_url(name)

    yield make
    for name in made:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def demo_on_server(demo_file) -> Iterator[str]:
    """A server database holding a copy of the demo (copied once); use it as a template, never write to it."""
    if not POSTGRES_URL:
        pytest.skip(POSTGRES_HOW_TO)
    name = f"pmsdesk_hq_demo_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    copy_database(demo_file, server_url(name))
    yield name
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The ZA demo database (one municipality), built once per run."""
    path = tmp_path_factory.mktemp("demo") / "za-demo.sqlite"
    database = open_database(path)
    try:
        build_demo(database, profile="za-municipality", orgs=1, seed=1)
    finally:
        database.dispose()
    return path


def _plain(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def every_row(target) -> dict[str, list[tuple]]:
    """Every row of every pmsdesk table, in key order, with times as naive UTC."""
    database = open_database(target, upgrade=False)
    try:
        with database.engine.connect() as connection:
            return {
                table.name: [tuple(_plain(value) for value in row)
                             for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
                for table in copy_tables()
            }
    finally:
        database.dispose()


def audit_chain_intact(target) -> bool:
    database = open_database(target, upgrade=False)
    try:
        with database.session() as session:
            return first_broken_link(session) is None
    finally:
        database.dispose()
