"""Shared fixtures: a fresh migrated database per test and a small organisation built by services."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from pmsdesk import i18n
from pmsdesk.db import Database, database_url, open_database
from pmsdesk.i18n.po_files import compile_catalogues
from pmsdesk.models import CalculationType, Direction, FinancialYear, Kpa, MeasureType, Organisation, Role, Unit, User
from pmsdesk.services import framework, kpis, passwords, users, years
from pmsdesk.services.actor import Actor, actor_for_user
from tests import outside_reads

outside_reads.install()
#: Passwords are hashed at a test cost: the production cost (about 0.2 s a hash) would make the
#: thousands of sign-ins in the suite take minutes. tests/accountability/test_sign_in_security.py
#: proves the production cost itself.
TEST_PASSWORD_COST = passwords.ScryptCost(2**8)
passwords.use_cost(TEST_PASSWORD_COST)
# Commands and windows run by tests log into a folder of their own, never the user's data folder.
os.environ["PMSDESK_LOG_DIR"] = tempfile.mkdtemp(prefix="pmsdesk-test-logs-")
atexit.register(shutil.rmtree, os.environ["PMSDESK_LOG_DIR"], ignore_errors=True)


def pytest_sessionstart(session) -> None:
    """The compiled catalogues are not in git: built as scripts/run-tests builds them (well under a second)."""
    compile_catalogues(i18n.LOCALE_DIR)


def pytest_collection_finish(session) -> None:
    """Reading a sibling folder while collecting (a module-level open) fails the run too."""
    if read := outside_reads.take_outside_reads():
        raise pytest.UsageError(f"tests read outside the repository while collecting: {sorted(set(read))}")


@pytest.fixture(autouse=True)
def _reads_only_the_repository():
    """Fail a test that read a file beside the repository: a clone with nothing beside it must pass."""
    outside_reads.take_outside_reads()
    yield
    if read := outside_reads.take_outside_reads():
        pytest.fail(f"this test read outside the repository: {sorted(set(read))}", pytrace=False)


@pytest.fixture
def full_disk(monkeypatch):
    """Every SQLite connection may grow its file by a few pages only: SQLite's own 'disk is full'."""
    from pmsdesk import db as db_module

    real = db_module._sqlite_pragmas

    def pragmas(busy_timeout_ms):
        on_connect = real(busy_timeout_ms)

        def limited(dbapi_connection, record):
            on_connect(dbapi_connection, record)
            cursor = dbapi_connection.cursor()
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages + 3}")
            cursor.close()
        return limited

    monkeypatch.setattr(db_module, "_sqlite_pragmas", pragmas)


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory):
    """A database migrated once per run; tests get copies (migrating each time is slow)."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite"
    open_database(path).dispose()
    return path


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory, migrated_file):
    """The migrated database plus a small organisation and one user per role, built once by services."""
    path = tmp_path_factory.mktemp("seeded") / "seeded.sqlite"
    shutil.copyfile(migrated_file, path)
    database = open_database(path)
    with database.session() as session:
        _build_small_organisation(session, Actor.system("tester"))
    database.dispose()
    return path


def _copy_and_open(source, target) -> Database:
    shutil.copyfile(source, target)
    return open_database(target)


@pytest.fixture
def empty_database(tmp_path, migrated_file) -> Database:
    db = _copy_and_open(migrated_file, tmp_path / "empty.sqlite")
    yield db
    db.dispose()


@pytest.fixture
def database(tmp_path, seeded_file) -> Database:
    """A fresh copy of the seeded database: the small organisation and the role users."""
    db = _copy_and_open(seeded_file, tmp_path / "test.sqlite")
    yield db
    db.dispose()


POSTGRES_URL = os.environ.get("PMSDESK_TEST_POSTGRES_URL")
POSTGRES_HOW_TO = (
    "PostgreSQL tests need a server: run `scripts/pg-test-cluster start` and export "
    "PMSDESK_TEST_POSTGRES_URL=<the URL it prints> (make test does both)"
)


def _postgres_url(name: str) -> str:
    return str(make_url(database_url(POSTGRES_URL)).set(database=name).render_as_string(hide_password=False))


@contextmanager
def _postgres_admin():
    engine = create_engine(database_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_seeded_template():
    """A PostgreSQL database migrated and seeded once; each test gets a copy made from it as a template."""
    if not POSTGRES_URL:
        pytest.skip(POSTGRES_HOW_TO)
    name = f"pmsdesk_seed_{os.getpid()}"
    with _postgres_admin() as admin:
        admin.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        admin.exec_driver_sql(f'CREATE DATABASE "{name}"')
    database = open_database(_postgres_url(name))
    with database.session() as session:
        _build_small_organisation(session, Actor.system("tester"))
    database.dispose()
    yield name
    with _postgres_admin() as admin:
        admin.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def any_database(request, tmp_path, seeded_file) -> Database:
    """The seeded database on SQLite and, when a server is configured, on PostgreSQL.

    Test folders whose behaviour must hold on both opt in by defining
    ``database`` as this fixture in their conftest.
    """
    if request.param == "sqlite":
        db = _copy_and_open(seeded_file, tmp_path / "test.sqlite")
        yield db
        db.dispose()
        return
    template = request.getfixturevalue("postgres_seeded_template")
    name = f"pmsdesk_test_{uuid.uuid4().hex[:12]}"
    with _postgres_admin() as admin:
        admin.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    db = open_database(_postgres_url(name))
    yield db
    db.dispose()
    with _postgres_admin() as admin:
        admin.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def session(database):
    with database.session() as session:
        yield session


@pytest.fixture
def system() -> Actor:
    return Actor.system("tester")


@dataclass
class SmallOrganisation:
    organisation_id: str
    year_id: str
    quarter_ids: list[str]
    technical_id: str
    finance_id: str
    kpa_id: str


def number_kpi(reference: str, **overrides) -> dict:
    """Values of a valid higher-is-better accumulative KPI, with overrides."""
    return {
        "reference": reference,
        "name": f"Number of households connected ({reference})",
        "measure_type": MeasureType.NUMBER.value,
        "calculation_type": CalculationType.ACCUMULATIVE.value,
        "direction": Direction.HIGHER_IS_BETTER.value,
        "annual_target": 400,
        **overrides,
    }


def _build_small_organisation(session, system: Actor) -> None:
    organisation = framework.create_organisation(
        session, system, {"code": "ZA-T01", "name": "Ngwathe Local Municipality", "kind": "municipality", "country": "ZA"}
    )
    technical = framework.create_unit(
        session, system, organisation.id, {"code": "TS", "name": "Technical Services", "level": "directorate"}
    )
    framework.create_unit(
        session, system, organisation.id, {"code": "BTO", "name": "Budget and Treasury", "level": "directorate"}
    )
    framework.create_kpa(
        session, system, organisation.id, {"code": "BSD", "name": "Basic Service Delivery", "scope": "national"}
    )
    years.create_financial_year(session, system, organisation.id, 2025)
    for role in Role:
        unit = technical.id if role == Role.CAPTURER else None
        users.create_user(session, system, {"username": role.value, "full_name": role.value.title()},
                          f"{role.value}-password", [(role, unit)])


@pytest.fixture
def small_org(session) -> SmallOrganisation:
    """Ids of the seeded organisation 'ZA-T01' (2025/26, units TS and BTO, KPA BSD)."""
    organisation = session.scalar(select(Organisation).where(Organisation.code == "ZA-T01"))
    units = {unit.code: unit.id for unit in session.scalars(select(Unit))}
    year = session.scalar(select(FinancialYear).where(FinancialYear.organisation_id == organisation.id))
    kpa_id = session.scalar(select(Kpa.id).where(Kpa.code == "BSD"))
    quarter_ids = [period.id for period in years.quarters(session, year.id)]
    return SmallOrganisation(organisation.id, year.id, quarter_ids, units["TS"], units["BTO"], kpa_id)


@pytest.fixture
def people(session, small_org) -> dict[Role, Actor]:
    """One actor per role (user name = role value, password '<role>-password'); the capturer is scoped
    to Technical Services."""
    return {
        role: actor_for_user(session, session.scalar(select(User).where(User.username == role.value)))
        for role in Role
    }


@pytest.fixture
def kpi_in_technical(session, system, small_org):
    return kpis.create_kpi(
        session, system, small_org.year_id, number_kpi("TS01", responsible_unit_id=small_org.technical_id)
    )


@pytest.fixture
def as_user(monkeypatch):
    """Command-line words signing in as ``name``: its password (default '<name>-password', as the seeded
    database has it) goes in $PMSDESK_PASSWORD, as a script would pass it."""
    def words(name: str = "administrator", password: str | None = None) -> list[str]:
        monkeypatch.setenv("PMSDESK_PASSWORD", password or f"{name}-password")
        return ["--user", name]
    return words
