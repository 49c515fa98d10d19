"""Head office consolidating the same office packages into PostgreSQL, beside SQLite.

A head office with 257 organisations is the case for running on a PostgreSQL
server (issue #10), so the consolidation is measured there too. The packages
are the ones :mod:`bench.consolidation` built (reused from its work folder);
each run imports them all, each in its own transaction, into a fresh PostgreSQL
database created on the server and dropped afterwards. The "floor" column is
the SQLite head office's time from the consolidation workload of the same run:
the ratio says what the server costs, and the rows inserted must be the same.

The server comes from ``PMSDESK_BENCH_POSTGRES_URL`` (else the test suite's
``PMSDESK_TEST_POSTGRES_URL``); without either the workload is skipped with a message.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from pmsdesk.db import Database, database_url, open_database

from .consolidation import import_all, make_packages, trust_every_office
from .timing import Measurement, Scale, say, timed

WORKLOAD = "consolidation on PostgreSQL"
URL_VARIABLES = ("PMSDESK_BENCH_POSTGRES_URL", "PMSDESK_TEST_POSTGRES_URL")
TARGET_RATIO = 2.0  # a local server may cost round trips, not more than twice SQLite's time


def server_url() -> str | None:
    """The PostgreSQL server to measure on, or None when none is configured."""
    return next((os.environ[name] for name in URL_VARIABLES if os.environ.get(name)), None)


@contextmanager
def fresh_database(server: str) -> Iterator[Database]:
    """A new, migrated database on ``server``, dropped on the way out whatever happens."""
    name = f"pmsdesk_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = make_url(database_url(server)).set(database=name).render_as_string(hide_password=False)
        database = open_database(url)
        try:
            yield database
        finally:
            database.dispose()
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def run(scale: Scale, repeat: int, template: Path, workdir: Path, sqlite: Measurement) -> Measurement | None:
    """``repeat`` imports of every package into a fresh PostgreSQL database, beside ``sqlite`` (the
    consolidation workload's measurement of the same packages); None when no server is configured."""
    server = server_url()
    if server is None:
        say(f"{WORKLOAD}: skipped, set {URL_VARIABLES[0]} to a server URL (postgresql://user@host:port/postgres)")
        return None
    packages = make_packages(template, workdir, scale.organisations)
    measurement = Measurement(WORKLOAD, target=TARGET_RATIO)
    measurement.floor.extend(sqlite.pmsdesk)
    inserted = None
    for run_number in range(repeat):
        with fresh_database(server) as head:
            trust_every_office(head, packages)
            seconds, inserted = timed(lambda: import_all(head, packages))
        measurement.pmsdesk.append(seconds)
        say(f"{WORKLOAD} run {run_number + 1}: {seconds:.1f} s (SQLite {sqlite.pmsdesk_median:.1f} s)")
    measurement.checks["rows inserted"] = (inserted, sqlite.checks["rows inserted"][0])
    measurement.details.update(organisations=len(packages), floor="SQLite head office, same packages",
                               per_package_s=round(measurement.pmsdesk_median / len(packages), 3),
                               server=make_url(database_url(server)).render_as_string(hide_password=True))
    return measurement
