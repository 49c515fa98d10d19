"""What a person may choose when asking for a report: organisations, years, quarters, units, people.

Read-only look-ups for the window's Reports screen. Units are limited to those the
actor may read, and people to those with an agreement in the year (by kind), so
every choice offered gives a document rather than a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import (
    AgreementKind,
    Assessment,
    FinancialYear,
    Organisation,
    PepmisAssignment,
    PepmisPlan,
    PepmisSubTask,
    PepmisTask,
    PerformanceAgreement,
    PeriodKind,
    Person,
    ReportingPeriod,
    Unit,
)
from pmsdesk.services.actor import Actor, Permission

#: The person-based kind printed for whoever has PEPMIS sub-tasks assigned in the year.
PEPMIS_KIND = "pepmis"
#: Which agreements each person-based report kind prints ("assessment" prints any kind's review).
AGREEMENT_KINDS = {"agreement": (AgreementKind.SA_SECTION_56,), "ke-contract": (AgreementKind.KE_PERFORMANCE_CONTRACT,),
                   "spas-form": (AgreementKind.KE_SPAS,),
                   "opras-form": (AgreementKind.TZ_OPRAS,), "assessment": tuple(AgreementKind)}


@dataclass(frozen=True)
class Choice:
    value: str
    text: str


@dataclass(frozen=True)
class PersonChoice:
    person_id: str
    name: str
    kinds: frozenset[str]
    assessed: bool

    def fits(self, report_kind: str) -> bool:
        if report_kind == "assessment":
            return self.assessed
        if report_kind == PEPMIS_KIND:
            return PEPMIS_KIND in self.kinds
        return bool(self.kinds & {kind.value for kind in AGREEMENT_KINDS.get(report_kind, ())})


@dataclass(frozen=True)
class ReportChoices:
    organisation_code: str
    organisations: tuple[Choice, ...]
    years: tuple[Choice, ...]
    quarters: tuple[Choice, ...]
    units: tuple[Choice, ...]
    people: tuple[PersonChoice, ...]
    #: The actor may read the whole organisation (else only ``units``).
    whole_organisation: bool
    #: The countries of the organisations in the database: country-specific kinds are offered for these.
    countries: frozenset[str] = frozenset()


def report_choices(session: Session, actor: Actor, organisation_id: str, year_label: str) -> ReportChoices:
    """The choices for ``organisation_id`` and the year called ``year_label`` in it."""
    rows = list(session.execute(select(Organisation.code, Organisation.name, Organisation.country)
                                .order_by(Organisation.name)))
    organisations = tuple(Choice(code, f"{name} ({code})") for code, name, _country in rows)
    code = session.scalar(select(Organisation.code).where(Organisation.id == organisation_id)) or ""
    years = list(session.execute(select(FinancialYear.id, FinancialYear.label).where(
        FinancialYear.organisation_id == organisation_id).order_by(FinancialYear.start_date.desc())))
    year_id = next((row.id for row in years if row.label == year_label), years[0].id if years else None)
    quarters = tuple(Choice(str(number), label) for number, label in session.execute(
        select(ReportingPeriod.number, ReportingPeriod.label).where(
            ReportingPeriod.financial_year_id == year_id, ReportingPeriod.kind == PeriodKind.QUARTER)
        .order_by(ReportingPeriod.number)))
    units = tuple(Choice(unit.code, f"{unit.name} ({unit.code})") for unit in session.scalars(
        select(Unit).where(Unit.organisation_id == organisation_id).order_by(Unit.name))
        if actor.can(Permission.READ, unit.id))
    return ReportChoices(code, organisations, tuple(Choice(row.label, row.label) for row in years), quarters,
                         units, _people(session, organisation_id, year_id), actor.can(Permission.READ),
                         frozenset(country.upper() for _code, _name, country in rows if country))


def _people(session: Session, organisation_id: str, year_id: str | None) -> tuple[PersonChoice, ...]:
    rows = session.execute(
        select(Person.id, Person.full_name, PerformanceAgreement.kind, Assessment.id)
        .join(PerformanceAgreement, PerformanceAgreement.person_id == Person.id)
        .outerjoin(Assessment, Assessment.agreement_id == PerformanceAgreement.id)
        .where(PerformanceAgreement.organisation_id == organisation_id,
               PerformanceAgreement.financial_year_id == year_id))
    found: dict[str, tuple[str, set[str], bool]] = {}
    for person_id, name, kind, assessment_id in rows:
        _, kinds, assessed = found.setdefault(person_id, (name, set(), False))
        kinds.add(str(kind.value if hasattr(kind, "value") else kind))
        found[person_id] = (name, kinds, assessed or assessment_id is not None)
    assigned = session.execute(
        select(Person.id, Person.full_name).distinct()
        .join(PepmisAssignment, PepmisAssignment.person_id == Person.id)
        .join(PepmisSubTask, PepmisSubTask.id == PepmisAssignment.sub_task_id)
        .join(PepmisTask, PepmisTask.id == PepmisSubTask.task_id)
        .join(PepmisPlan, PepmisPlan.id == PepmisTask.plan_id)
        .where(PepmisPlan.organisation_id == organisation_id, PepmisPlan.financial_year_id == year_id))
    for person_id, name in assigned:
        found.setdefault(person_id, (name, set(), False))[1].add(PEPMIS_KIND)
    return tuple(sorted((PersonChoice(pid, name, frozenset(kinds), assessed)
                         for pid, (name, kinds, assessed) in found.items()), key=lambda p: p.name))


def organisation_id_of(session: Session, code: str) -> str | None:
    return session.scalar(select(Organisation.id).where(Organisation.code == code))


def organisation_code_of(session: Session, organisation_id: str) -> str | None:
    return session.scalar(select(Organisation.code).where(Organisation.id == organisation_id))
