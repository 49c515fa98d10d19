"""Finding PEPMIS records by what a person types (codes, names, period labels) for the command line.

Each look-up raises NotFound naming what does exist, so a mistyped code is
answered with the codes to choose from.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import (
    FinancialYear,
    Organisation,
    PepmisAssignment,
    PepmisPlan,
    PepmisSubTask,
    PepmisTask,
    Person,
    ReportingPeriod,
)

from ..errors import NotFound


def _listed(values: list[str]) -> str:
    return ", ".join(values) if values else "none"


def find_year(session: Session, organisation_code: str | None, label: str | None) -> tuple[Organisation, FinancialYear]:
    """The organisation (by code, or the only Tanzanian one) and its year (by label, or the latest)."""
    organisations = list(session.scalars(select(Organisation).where(Organisation.country == "TZ")
                                         .order_by(Organisation.code)))
    if organisation_code:
        organisations = [o for o in organisations if o.code == organisation_code]
    if len(organisations) != 1:
        codes = _listed([o.code for o in session.scalars(select(Organisation).where(Organisation.country == "TZ"))])
        problem = f"no Tanzanian organisation {organisation_code!r}" if organisation_code else "give --org CODE"
        raise NotFound(f"--org: {problem}; Tanzanian organisations here: {codes}")
    organisation = organisations[0]
    years = list(session.scalars(select(FinancialYear).where(FinancialYear.organisation_id == organisation.id)
                                 .order_by(FinancialYear.start_date)))
    chosen = [y for y in years if y.label == label] if label else years[-1:]
    if not chosen:
        raise NotFound(f"--year: {organisation.code} has no year {label!r}; it has {_listed([y.label for y in years])}")
    return organisation, chosen[0]


def find_plan(session: Session, year: FinancialYear) -> PepmisPlan:
    plan = session.scalar(select(PepmisPlan).where(PepmisPlan.financial_year_id == year.id))
    if plan is None:
        raise NotFound(f"{year.label} has no PEPMIS plan yet: create it with 'pmsdesk pepmis plan'")
    return plan


def find_task(plan: PepmisPlan, code: str) -> PepmisTask:
    for task in plan.tasks:
        if task.code.casefold() == code.casefold():
            return task
    raise NotFound(f"--task: no task {code!r} in the plan; tasks: {_listed([t.code for t in plan.tasks])}")


def find_sub_task(plan: PepmisPlan, code: str) -> PepmisSubTask:
    subs = [sub for task in plan.tasks for sub in task.sub_tasks]
    for sub in subs:
        if sub.code.casefold() == code.casefold():
            return sub
    raise NotFound(f"--sub-task: no sub-task {code!r} in the plan; sub-tasks: {_listed([s.code for s in subs])}")


def find_person(session: Session, organisation: Organisation, text: str, option: str = "--person") -> Person:
    people = list(session.scalars(select(Person).where(Person.organisation_id == organisation.id)))
    wanted = text.strip().casefold()
    found = ([p for p in people if p.id == text.strip()] or [p for p in people if p.full_name.casefold() == wanted]
             or [p for p in people if wanted and wanted in p.full_name.casefold()])
    if len(found) != 1:
        names = _listed(sorted(p.full_name for p in (found or people)))
        raise NotFound(f"{option}: {text!r} {'matches' if found else 'matches nobody; people are'} {names}")
    return found[0]


def find_period(session: Session, year: FinancialYear, label: str) -> ReportingPeriod:
    periods = list(session.scalars(select(ReportingPeriod).where(ReportingPeriod.financial_year_id == year.id)
                                   .order_by(ReportingPeriod.start_date)))
    for period in periods:
        if period.label.casefold() == label.casefold():
            return period
    raise NotFound(f"--period: {year.label} has no period {label!r}; periods: {_listed([p.label for p in periods])}")


def find_assignment(session: Session, sub_task: PepmisSubTask, person: Person,
                    period: ReportingPeriod) -> PepmisAssignment:
    assignment = session.scalar(select(PepmisAssignment).where(
        PepmisAssignment.sub_task_id == sub_task.id, PepmisAssignment.person_id == person.id,
        PepmisAssignment.period_id == period.id))
    if assignment is None:
        raise NotFound(f"{person.full_name} has no sub-task {sub_task.code} in {period.label}: assign it first")
    return assignment
