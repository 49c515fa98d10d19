"""Deterministic demo databases: one organisation for trying the app, hundreds for head office.

``build_demo`` writes everything in one transaction: a failure leaves the
database as it was.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from pmsdesk.db import Database
from pmsdesk.models import (
    AgreementItem,
    Assessment,
    AssessmentRating,
    EvidenceContent,
    EvidenceFile,
    FinancialYear,
    InstallationSetting,
    Kpa,
    Kpi,
    KpiTarget,
    Organisation,
    PerformanceAgreement,
    PeriodActual,
    Person,
    Plan,
    Position,
    Programme,
    ReportingPeriod,
    Risk,
    Role,
    StrategicObjective,
    Unit,
    User,
    UserRole,
)
from pmsdesk.services.actor import Actor
from pmsdesk.services.audit import record_event
from pmsdesk.services.installation import DEMO_SETTING
from pmsdesk.services.passwords import hash_password
from pmsdesk.services.records import unit_of_work
from pmsdesk.services.rule_sets import ensure_default_rule_sets
from pmsdesk.services.scored_results import note_rows
from pmsdesk.vocabulary import vocabulary_for

from .agreements import add_agreements
from .builder import DemoIds, OrganisationRows, build_organisation
from .pepmis import add_pepmis_year
from .profiles import PROFILES, Profile
from .providers import add_service_providers

#: First financial year of the demo: 2024/25 is complete, 2025/26 has Q1–Q3 reported.
FIRST_YEAR = 2024
INSERT_ORDER = (
    Organisation, Unit, Kpa, Plan, StrategicObjective, Programme, Position, Person, FinancialYear,
    ReportingPeriod, Kpi, KpiTarget, PeriodActual, EvidenceContent, EvidenceFile, Risk,
    PerformanceAgreement, AgreementItem, Assessment, AssessmentRating,
)
#: Demo accounts: user name, full name, role, password (listed in the README).
DEMO_USERS = (
    ("admin", "Demo Administrator", Role.ADMINISTRATOR, "admin-demo-2025"),
    ("pmsofficer", "Demo PMS Officer", Role.PMS_OFFICER, "pmsofficer-demo-2025"),
    ("capturer", "Demo Capturer (Technical Services)", Role.CAPTURER, "capturer-demo-2025"),
    ("verifier", "Demo Verifier (Internal Audit)", Role.VERIFIER, "verifier-demo-2025"),
    ("approver", "Demo Approver (Municipal Manager)", Role.APPROVER, "approver-demo-2025"),
    ("viewer", "Demo Council Member (read-only)", Role.READ_ONLY, "viewer-demo-2025"),
)


class DemoError(Exception):
    """The demo cannot be built as asked (unknown profile, database not empty)."""


@dataclass(frozen=True)
class DemoSummary:
    profile: str
    organisations: int
    kpis: int
    targets: int
    actuals: int
    evidence_files: int
    users: int
    seconds: float


def build_demo(database: Database, profile: str = "za-municipality", orgs: int = 1, seed: int = 1) -> DemoSummary:
    """Fill an empty database with ``orgs`` demo organisations of ``profile``."""
    if profile not in PROFILES:
        raise DemoError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    if not isinstance(orgs, int) or not 1 <= orgs <= 5000:
        raise DemoError(f"--orgs must be between 1 and 5000, got {orgs}")
    chosen = PROFILES[profile]
    started = time.perf_counter()
    rng, new_id = random.Random(seed), DemoIds(seed)
    actor = Actor.system("demo")
    counts = {model: 0 for model in INSERT_ORDER}
    with database.session() as session:
        if session.scalar(select(func.count()).select_from(Organisation)):
            raise DemoError("the database already holds organisations; build the demo in a new file")
        first: OrganisationRows | None = None
        with unit_of_work(session):  # one transaction: a demo killed half-way leaves nothing behind
            office = f"{chosen.country}-001" if orgs == 1 else "HEAD-OFFICE"
            session.add(InstallationSetting(key="office_code", value=office))
            # The mark that makes the window, every PDF and every workbook say DEMO.
            session.add(InstallationSetting(key=DEMO_SETTING, value=f"built by pmsdesk demo ({profile}, seed {seed})"))
            for index in range(orgs):
                out = build_organisation(chosen, index, FIRST_YEAR, rng, new_id, office, with_evidence=index == 0)
                add_agreements(chosen, out, new_id, office, f"{FIRST_YEAR + 1}/{str(FIRST_YEAR + 2)[-2:]}")
                _insert(session, out, counts)
                record_event(session, actor, "demo", "organisation", out.organisation_id,
                             new={"profile": profile, "seed": seed, "kpis": len(out.rows[Kpi])})
                if index == 0:
                    _add_users(session, actor, out, chosen)
                    first = out
            ensure_default_rule_sets(session, actor)  # the rules any new database ships with
            if chosen.country == "TZ" and first is not None:  # Tanzania: PEPMIS for the current year
                add_pepmis_year(session, actor, first.organisation_id, first.current_year_id, first.unit_ids,
                                first.people[0]["id"])
            if chosen.country == "ZA" and first is not None:  # South Africa: the service-provider register
                add_service_providers(session, actor, first)
    return DemoSummary(
        profile=profile, organisations=orgs, kpis=counts[Kpi], targets=counts[KpiTarget],
        actuals=counts[PeriodActual], evidence_files=counts[EvidenceFile], users=len(DEMO_USERS),
        seconds=round(time.perf_counter() - started, 2),
    )


def _insert(session, out: OrganisationRows, counts: dict) -> None:
    """Core executemany per table: the ORM's bulk path costs several times more per row."""
    connection = session.connection()
    for model in INSERT_ORDER:
        rows = out.rows.get(model)
        if rows:
            connection.execute(insert(model.__table__), rows)
            note_rows(session, ((model, row) for row in rows))  # scored before the commit
            counts[model] += len(rows)


def _add_users(session, actor: Actor, out: OrganisationRows, profile: Profile) -> None:
    """One account per role; the capturer only reports for the infrastructure unit (Technical Services).

    The names say who holds the role in the profile's country (municipal manager, county secretary, DED).
    """
    technical_services = out.unit_ids[3]
    words = vocabulary_for(profile.country)
    in_country = {"Municipal Manager": words.accounting_officer.title(), "Technical Services": profile.units[3][1]}
    for username, full_name, role, password in DEMO_USERS:
        for south_african, local in in_country.items():
            full_name = full_name.replace(south_african, local)
        user = User(username=username, full_name=full_name, password_hash=hash_password(password))
        unit_id = technical_services if role == Role.CAPTURER else None
        user.roles = [UserRole(role=role, organisation_id=out.organisation_id, unit_id=unit_id)]
        session.add(user)
        session.flush()
        record_event(session, actor, "create", "user_account", user.id,
                     new={"username": username, "roles": [[role.value, unit_id]]})
