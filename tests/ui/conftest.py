"""Fixtures for UI tests: Qt offscreen, and a small municipality in a fresh database per test."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from pmsdesk.db import Database, open_database
from pmsdesk.models import CalculationType as Calc
from pmsdesk.models import Direction as Dir
from pmsdesk.models import KpaScope, Kpi, OrganisationKind, Role, Unit, UnitLevel
from pmsdesk.models import MeasureType as Measure
from pmsdesk.services import framework, kpis, users, years
from pmsdesk.services.actor import Actor
from pmsdesk.ui.operations import ImmediateOperations

#: (name, measure, calculation, direction, annual target, baseline, weight)
KPI_TEMPLATES = [
    ("Number of households with access to basic water", Measure.NUMBER, Calc.ACCUMULATIVE, Dir.HIGHER_IS_BETTER, 1250, 1100, 5),
    ("Percentage of the capital budget spent on capital projects", Measure.PERCENTAGE, Calc.CARRY_OVER, Dir.HIGHER_IS_BETTER, 95, 87.5, 8),
    ("Kilometres of gravel road upgraded to paved surface", Measure.NUMBER, Calc.ACCUMULATIVE, Dir.HIGHER_IS_BETTER, 12.5, 9, 4),
    ("Rand value of revenue collected from property rates", Measure.CURRENCY, Calc.ACCUMULATIVE, Dir.HIGHER_IS_BETTER, 48_500_000, 45_210_000.5, 6),
    ("Percentage of water losses (non-revenue water)", Measure.PERCENTAGE, Calc.REVERSE_STAND_ALONE, Dir.LOWER_IS_BETTER, 25, 31, 3),
    ("Number of fatal incidents at municipal facilities", Measure.NUMBER, Calc.ZERO, Dir.LOWER_IS_BETTER, 0, 0, 2),
    ("Draft IDP tabled before Council by 31 March", Measure.DATE, Calc.NOT_APPLICABLE, Dir.MILESTONE, date(2026, 3, 31), None, 3),
    ("Audit action plan approved by the Municipal Manager", Measure.YES_NO, Calc.NOT_APPLICABLE, Dir.MILESTONE, 1, None, 2),
    ("Spatial Development Framework reviewed", Measure.TEXT_MILESTONE, Calc.NOT_APPLICABLE, Dir.MILESTONE, "SDF adopted by Council", "SDF 2019", 2),
    ("Number of jobs created through EPWP projects", Measure.NUMBER, Calc.ACCUMULATIVE, Dir.HIGHER_IS_BETTER, 480, 412, 4),
    ("Percentage of complaints resolved within 30 days", Measure.PERCENTAGE, Calc.STAND_ALONE, Dir.HIGHER_IS_BETTER, 90, 76, 3),
    ("Number of households receiving free basic electricity", Measure.NUMBER, Calc.LAST_VALUE, Dir.HIGHER_IS_BETTER, 3_400, 3_150, 3),
]
UNITS = [("TS", "Technical Services"), ("CORP", "Corporate Services")]
#: Q2 targets of the first six KPIs (KPI 1, 3, 5 belong to Technical Services).
Q2_TARGETS = {
    "KPI 1": {"value": 300}, "KPI 2": {"value": 95}, "KPI 3": {"value": 3},
    "KPI 4": {"value": 12_000_000}, "KPI 5": {"value": 28}, "KPI 7": {"value_date": date(2025, 12, 15)},
}
#: Accounts: user name → (role, scoped to Technical Services?). Password: '<user>-password'.
PEOPLE = {"capturer": (Role.CAPTURER, True), "verifier": (Role.VERIFIER, False),
          "approver": (Role.APPROVER, False), "viewer": (Role.READ_ONLY, False),
          "admin": (Role.ADMINISTRATOR, False)}


@pytest.fixture(autouse=True)
def coarse_printing(monkeypatch):
    """Pages sent to a printer in tests are drawn at 36 dpi instead of up to 300.

    The path is the same (every page rasterised, drawn, counted, the file renamed at the end);
    at 300 dpi Qt's print-to-file spends ~0.5 s compressing each page, minutes per test run.
    """
    monkeypatch.setattr("pmsdesk.ui.reports.printing.MAX_DPI", 36)


def password_of(username: str) -> str:
    return f"{username}-password"


@dataclass(frozen=True)
class SeededOrganisation:
    organisation_id: str
    year_id: str
    older_year_id: str
    kpi_count: int


def seed_organisation(database: Database, kpi_count: int = 30, name: str = "Mkhondo Local Municipality") -> SeededOrganisation:
    """An organisation with two units, a KPA, two years and ``kpi_count`` KPIs in the later year.

    KPI n uses template n mod 12, so every measure type is present; odd KPIs
    belong to the second unit; the last KPI has neither KPA nor unit.
    """
    actor = Actor.system()
    with database.session() as session:
        organisation = framework.create_organisation(
            session, actor,
            {"code": "MP303", "name": name, "kind": OrganisationKind.MUNICIPALITY, "country": "ZA"},
        )
        units = [
            framework.create_unit(session, actor, organisation.id,
                                  {"code": code, "name": unit_name, "level": UnitLevel.DIRECTORATE})
            for code, unit_name in UNITS
        ]
        kpa = framework.create_kpa(
            session, actor, organisation.id,
            {"code": "KPA1", "name": "Basic Service Delivery", "scope": KpaScope.NATIONAL, "weight": 40},
        )
        older = years.create_financial_year(session, actor, organisation.id, 2024)
        year = years.create_financial_year(session, actor, organisation.id, 2025)
        kpis.create_kpi(session, actor, older.id, _kpi_values(0, kpa.id, units[0].id))
        for number in range(kpi_count):
            last = number == kpi_count - 1
            values = _kpi_values(number, None if last else kpa.id, None if last else units[number % 2].id)
            kpis.create_kpi(session, actor, year.id, values)
        return SeededOrganisation(organisation.id, year.id, older.id, kpi_count)


def seed_reporting(database: Database, seeded: SeededOrganisation) -> None:
    """Q2 targets for a few KPIs and one account per reviewing role."""
    actor = Actor.system()
    with database.session() as session:
        q2 = years.quarters(session, seeded.year_id)[1]
        for reference, values in Q2_TARGETS.items():
            kpi_id = session.scalar(select(Kpi.id).where(Kpi.financial_year_id == seeded.year_id,
                                                         Kpi.reference == reference))
            kpis.set_period_target(session, actor, kpi_id, q2.id, values)
        technical = session.scalar(select(Unit.id).where(Unit.code == "TS"))
        for username, (role, scoped) in PEOPLE.items():
            users.create_user(session, actor, {"username": username, "full_name": username.title()},
                              password_of(username), [(role, technical if scoped else None)])


def _kpi_values(number: int, kpa_id: str | None, unit_id: str | None) -> dict:
    name, measure, calculation, direction, target, baseline, weight = KPI_TEMPLATES[number % len(KPI_TEMPLATES)]
    values = {
        "reference": f"KPI {number + 1}",
        "name": name if number < len(KPI_TEMPLATES) else f"{name} in ward {number // len(KPI_TEMPLATES)}",
        "measure_type": measure,
        "calculation_type": calculation,
        "direction": direction,
        "weight": weight,
        "kpa_id": kpa_id,
        "responsible_unit_id": unit_id,
    }
    key = {date: "annual_target_date", str: "annual_target_text"}.get(type(target), "annual_target")
    values[key] = target
    values["baseline_text" if isinstance(baseline, str) else "baseline"] = baseline
    return values


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, migrated_file: Path) -> tuple[Path, SeededOrganisation]:
    """Seeded once per run; tests get copies, so each still has its own database."""
    path = tmp_path_factory.mktemp("ui-template") / "seeded.sqlite"
    shutil.copyfile(migrated_file, path)
    database = open_database(path)
    try:
        seeded = seed_organisation(database)
        seed_reporting(database, seeded)
    finally:
        database.dispose()
    return path, seeded


@pytest.fixture
def seeded(seeded_template) -> SeededOrganisation:
    return seeded_template[1]


@pytest.fixture
def seeded_database(seeded_template, tmp_path: Path):
    """A fresh copy of the seeded database for this test (``database`` stays empty)."""
    path = tmp_path / "t.sqlite"
    shutil.copyfile(seeded_template[0], path)
    database = open_database(path)
    yield database
    database.dispose()


@pytest.fixture
def operations(seeded_database) -> ImmediateOperations:
    """Background work run at once, so tests need not wait for threads."""
    return ImmediateOperations(seeded_database)


@pytest.fixture
def actor_named(seeded_database):
    """The Actor of a seeded account, as sign-in would return it."""

    def actor_named(username: str) -> Actor:
        with seeded_database.session() as session:
            return users.sign_in(session, username, password_of(username))

    return actor_named


@pytest.fixture(autouse=True)
def own_settings(tmp_path_factory: pytest.TempPathFactory):
    """Window size, last screen and filters go to a folder of this test, never the user's settings."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("settings")))
    yield


@pytest.fixture
def answers(monkeypatch):
    """(queued, asked): each question box is answered by the button starting with the next queued words."""
    from PySide6.QtWidgets import QMessageBox

    queued: list[str] = []
    asked: list[str] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(f"{box.text()}\n{box.informativeText()}")
        wanted = queued.pop(0)
        next(button for button in box.buttons() if button.text().startswith(wanted)).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return queued, asked


@pytest.fixture
def seeded_year(seeded_database, seeded):
    """The seeded 2025/26 year as the top bar hands it to a screen."""
    from pmsdesk.services.register import list_financial_years

    with seeded_database.session() as session:
        return next(y for y in list_financial_years(session, seeded.organisation_id) if y.id == seeded.year_id)
