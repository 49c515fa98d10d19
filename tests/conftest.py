"""Shared fixtures: a fresh migrated database per test and a small organisation built by services."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest

from pmsdesk.db import Database, open_database
from pmsdesk.models import CalculationType, Direction, MeasureType, Role
from pmsdesk.services import framework, kpis, users, years
from pmsdesk.services.actor import Actor


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory):
    """A database migrated once per run; tests get copies (migrating each time is slow)."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite"
    open_database(path).dispose()
    return path


@pytest.fixture
def database(tmp_path, migrated_file) -> Database:
    target = tmp_path / "test.sqlite"
    shutil.copyfile(migrated_file, target)
    db = open_database(target)
    yield db
    db.dispose()


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


@pytest.fixture
def small_org(session, system) -> SmallOrganisation:
    organisation = framework.create_organisation(
        session, system, {"code": "ZA-T01", "name": "Ngwathe Local Municipality", "kind": "municipality", "country": "ZA"}
    )
    technical = framework.create_unit(
        session, system, organisation.id, {"code": "TS", "name": "Technical Services", "level": "directorate"}
    )
    finance = framework.create_unit(
        session, system, organisation.id, {"code": "BTO", "name": "Budget and Treasury", "level": "directorate"}
    )
    kpa = framework.create_kpa(
        session, system, organisation.id, {"code": "BSD", "name": "Basic Service Delivery", "scope": "national"}
    )
    year = years.create_financial_year(session, system, organisation.id, 2025)
    quarter_ids = [period.id for period in years.quarters(session, year.id)]
    return SmallOrganisation(organisation.id, year.id, quarter_ids, technical.id, finance.id, kpa.id)


@pytest.fixture
def people(session, system, small_org):
    """One signed-in actor per role; the capturer is scoped to Technical Services."""
    actors = {}
    for role in Role:
        unit = small_org.technical_id if role == Role.CAPTURER else None
        users.create_user(session, system, {"username": role.value, "full_name": role.value.title()},
                          f"{role.value}-password", [(role, unit)])
        actors[role] = users.sign_in(session, role.value, f"{role.value}-password")
    return actors


@pytest.fixture
def kpi_in_technical(session, system, small_org):
    return kpis.create_kpi(
        session, system, small_org.year_id, number_kpi("TS01", responsible_unit_id=small_org.technical_id)
    )
