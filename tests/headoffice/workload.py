"""A head-office day in miniature, run by several processes at once or one after another.

Two planners each build their own organisation's KPIs and targets, a capturer
saves and submits actuals in a third, a verifier verifies them as they arrive
and an analyst reads scorecards all the while. Each function opens its own
connection, so it can run in a separate process.
"""

from __future__ import annotations

import time
from collections import Counter

from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import (
    ActualStatus,
    AuditEvent,
    FinancialYear,
    Kpi,
    KpiTarget,
    Organisation,
    PeriodActual,
    ReportingPeriod,
    Role,
    Unit,
    User,
)
from pmsdesk.scorecard import build_scorecard
from pmsdesk.services import framework, kpis, users, years
from pmsdesk.services.actor import Actor, actor_for_user
from pmsdesk.services.actuals import save_actual, submit_actual, verify_actual
from tests.conftest import number_kpi

PLANNED, REPORTED = ("HQ-A", "HQ-B"), "HQ-C"
YEAR = "2025/26"
KPIS_EACH = 10


def _kpi(reference: str, unit_id: str, annual_target: int) -> dict:
    return number_kpi(reference, annual_target=annual_target, responsible_unit_id=unit_id)


def _year_and_unit(session, code: str):
    organisation = session.scalar(select(Organisation).where(Organisation.code == code))
    unit = session.scalar(select(Unit).where(Unit.organisation_id == organisation.id))
    year = session.scalar(select(FinancialYear).where(FinancialYear.organisation_id == organisation.id))
    return year, unit


def seed(url: str) -> None:
    """Three organisations with a year, a unit and a first KPI; the reported one has all its KPIs; two users."""
    database = open_database(url)
    system = Actor.system("setup")
    with database.session() as session:
        for code in (*PLANNED, REPORTED):
            organisation = framework.create_organisation(
                session, system, {"code": code, "name": f"Municipality {code}", "kind": "municipality",
                                  "country": "ZA"})
            framework.create_unit(session, system, organisation.id,
                                  {"code": "TS", "name": "Technical Services", "level": "directorate"})
            year = years.create_financial_year(session, system, organisation.id, 2025)
            unit = session.scalar(select(Unit).where(Unit.organisation_id == organisation.id))
            if code != REPORTED:  # one KPI from the start: a scorecard of a year without KPIs fails (KeyError)
                kpis.create_kpi(session, system, year.id, _kpi(f"{code}-SEED", unit.id, 10))
        year, unit = _year_and_unit(session, REPORTED)
        for number in range(KPIS_EACH):
            kpis.create_kpi(session, system, year.id, _kpi(f"C{number:02}", unit.id, 100 + number))
        for role in (Role.CAPTURER, Role.VERIFIER):
            users.create_user(session, system, {"username": role.value, "full_name": role.value.title()},
                              f"{role.value}-password", [(role, None)])
    database.dispose()


def plan(url: str, code: str) -> str:
    database = open_database(url, upgrade=False)
    planner = Actor.system(f"planner-{code}")
    with database.session() as session:
        year, unit = _year_and_unit(session, code)
        periods = years.quarters(session, year.id)
        for number in range(KPIS_EACH):
            kpi = kpis.create_kpi(session, planner, year.id, _kpi(f"{code}-{number:02}", unit.id, 40 * (number + 1)))
            for period in periods:
                kpis.set_period_target(session, planner, kpi.id, period.id, {"value": 10 * (number + 1)})
    database.dispose()
    return f"planned {code}"


def _actor(session, username: str) -> Actor:
    return actor_for_user(session, session.scalar(select(User).where(User.username == username)))


def _reported_kpis(session) -> list[Kpi]:
    return list(session.scalars(select(Kpi).join(Organisation).where(Organisation.code == REPORTED)
                                .order_by(Kpi.reference)))


def capture(url: str) -> str:
    database = open_database(url, upgrade=False)
    with database.session() as session:
        capturer = _actor(session, "capturer")
        year, _ = _year_and_unit(session, REPORTED)
        first = years.quarters(session, year.id)[0]
        for number, kpi in enumerate(_reported_kpis(session)):
            actual = save_actual(session, capturer, kpi.id, first.id, {"value": 5 * number, "narrative": "on track"})
            submit_actual(session, capturer, actual.id)
    database.dispose()
    return "captured"


def verify(url: str, deadline_seconds: float = 40) -> str:
    """Verify submitted actuals as they arrive, until all of them are verified."""
    database = open_database(url, upgrade=False)
    deadline = time.monotonic() + deadline_seconds
    with database.session() as session:
        verifier = _actor(session, "verifier")
        verified = 0
        while verified < KPIS_EACH:
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {verified} of {KPIS_EACH} actuals were verified")
            waiting = list(session.scalars(select(PeriodActual.id).where(PeriodActual.status == ActualStatus.SUBMITTED)))
            session.rollback()  # end the read so the next look sees new submissions
            for actual_id in waiting:
                verify_actual(session, verifier, actual_id)
                verified += 1
            if not waiting:
                time.sleep(0.05)
    database.dispose()
    return "verified"


def read_scorecards(url: str, rounds: int = 6) -> str:
    database = open_database(url, upgrade=False)
    with database.session() as session:
        for _ in range(rounds):
            for code in (*PLANNED, REPORTED):
                build_scorecard(session, code, YEAR)
                session.rollback()
    database.dispose()
    return "read"


#: The workers, in the order the sequential run uses.
WORKERS = (("plan", PLANNED[0]), ("plan", PLANNED[1]), ("capture",), ("verify",), ("read_scorecards",))


def run_worker(url: str, name: str, *args) -> str:
    return globals()[name](url, *args)


def canonical_state(url: str) -> dict:
    """What the work produced, by business keys (no generated ids, times or hash values)."""
    database = open_database(url, upgrade=False)
    with database.session() as session:
        kpi_rows = session.execute(select(Organisation.code, Kpi.reference, Kpi.name, Kpi.annual_target, Kpi.version)
                                   .join(Organisation).order_by(Organisation.code, Kpi.reference)).all()
        target_rows = session.execute(
            select(Organisation.code, Kpi.reference, ReportingPeriod.label, KpiTarget.value, KpiTarget.version)
            .join(Kpi, KpiTarget.kpi_id == Kpi.id).join(Organisation).join(ReportingPeriod)
            .order_by(Organisation.code, Kpi.reference, ReportingPeriod.label)).all()
        actual_rows = session.execute(
            select(Kpi.reference, ReportingPeriod.label, PeriodActual.value, PeriodActual.status,
                   PeriodActual.captured_by, PeriodActual.verified_by, PeriodActual.version)
            .join(Kpi, PeriodActual.kpi_id == Kpi.id).join(ReportingPeriod)
            .order_by(Kpi.reference, ReportingPeriod.label)).all()
        audit = Counter(session.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.entity)).all())
        scorecards = {code: (card.year_to_date, card.actuals) for code in (*PLANNED, REPORTED)
                      for card in [build_scorecard(session, code, YEAR)]}
    database.dispose()
    return {"kpis": [tuple(row) for row in kpi_rows], "targets": [tuple(row) for row in target_rows],
            "actuals": [tuple(row) for row in actual_rows], "audit": dict(audit), "scorecards": scorecards}
