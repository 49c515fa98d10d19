"""What the PEPMIS screen and printed reports show: the plan, assignments, scores.

Scores come from :mod:`pmsdesk.scoring.pepmis` with the plan's rule set (the
stored revision if the database holds one, else the shipped default). An
upheld appeal's revised marks replace the supervisor's in every score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _, current_language
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
from pmsdesk.scoring import default_rule_set
from pmsdesk.scoring.pepmis import MarkedSubTask, PepmisScore, annual_score, pepmis_band, score_sub_tasks, sub_task_mark

from ..errors import NotFound
from ..records import get_or_fail
from ..rule_sets import get_rule_set


def pepmis_rules(session: Session, plan: PepmisPlan) -> dict[str, Any]:
    """The plan's rule set: the latest stored revision, or the shipped default if none is stored."""
    try:
        return get_rule_set(session, plan.rule_set_code)
    except NotFound:
        return default_rule_set(plan.rule_set_code)


def uses_pepmis(session: Session) -> bool:
    """Whether this database holds a Tanzanian organisation (the PEPMIS screen is for them only).

    A Core query: the main window asks this at start-up, before any screen needs the ORM's mappers.
    """
    organisation = Organisation.__table__.c
    return session.scalar(select(organisation.id).where(organisation.country == "TZ").limit(1)) is not None


@dataclass(frozen=True)
class SubTaskLine:
    id: str
    code: str
    title: str
    weight: float
    target: str | None
    indicator: str | None
    start_date: date | None
    end_date: date | None


@dataclass(frozen=True)
class TaskLine:
    id: str
    code: str
    title: str
    weight: float
    sub_tasks: tuple[SubTaskLine, ...]


@dataclass(frozen=True)
class PlanOutline:
    id: str
    title: str
    organisation_name: str
    year_label: str
    tasks: tuple[TaskLine, ...]
    weight_problems: tuple[str, ...]


def plan_for_year(session: Session, financial_year_id: str) -> PepmisPlan | None:
    return session.scalar(select(PepmisPlan).where(PepmisPlan.financial_year_id == financial_year_id))


def plan_outline(session: Session, financial_year_id: str) -> PlanOutline | None:
    """The year's plan with its tasks and sub-tasks, or None when the year has no plan yet."""
    from .plans import weight_problems

    plan = plan_for_year(session, financial_year_id)
    if plan is None:
        return None
    organisation = session.get_one(Organisation, plan.organisation_id)
    tasks = tuple(TaskLine(task.id, task.code, task.title, task.weight, tuple(
        SubTaskLine(sub.id, sub.code, sub.title, sub.weight, sub.target, sub.indicator, sub.start_date, sub.end_date)
        for sub in task.sub_tasks)) for task in plan.tasks)
    return PlanOutline(plan.id, plan.title, organisation.name, plan.financial_year.label, tasks,
                       tuple(weight_problems(plan)))


@dataclass(frozen=True)
class ProgressLine:
    entry_date: date
    text: str
    percent_done: float
    evidence: str | None
    captured_by: str | None


@dataclass(frozen=True)
class AppealLine:
    id: str
    lodged_on: date
    grounds: str
    outcome: str | None
    decided_on: date | None
    decision: str | None


@dataclass(frozen=True)
class AssignmentRow:
    id: str
    person_id: str
    person_name: str
    period_id: str
    period_label: str
    period_start: date
    period_end: date
    task_code: str
    task_title: str
    task_weight: float
    sub_task_code: str
    sub_task_title: str
    sub_task_weight: float
    target: str | None
    percent_done: float | None
    quantitative: float | None
    qualitative: float | None
    mark: float | None
    marked_by: str | None
    marked_on: date | None
    mark_comment: str | None
    progress: tuple[ProgressLine, ...]
    appeals: tuple[AppealLine, ...]

    def progress_overdue(self, every_days: int, today: date) -> str | None:
        """Why progress is overdue on ``today`` (the period is running and the last entry is too old), or None."""
        if not self.period_start <= today <= self.period_end:
            return None
        last = self.progress[-1].entry_date if self.progress else self.period_start
        if (today - last).days <= every_days:
            return None
        since = f"the last was on {last.isoformat()}" if self.progress else "none yet this period"
        return f"Progress is overdue: an entry is expected every {every_days} days; {since}."

    @property
    def appeal_status(self) -> str:
        if not self.appeals:
            return ""
        return self.appeals[-1].outcome or "pending"


def _effective_marks(assignment: PepmisAssignment) -> tuple[float | None, float | None]:
    for appeal in reversed(assignment.appeals):
        if appeal.outcome == "upheld":
            return appeal.revised_quantitative_mark, appeal.revised_qualitative_mark
    return assignment.quantitative_mark, assignment.qualitative_mark


def _row(assignment: PepmisAssignment, rules: dict[str, Any]) -> AssignmentRow:
    sub: PepmisSubTask = assignment.sub_task
    task: PepmisTask = sub.task
    quantitative, qualitative = _effective_marks(assignment)
    mark = None if quantitative is None or qualitative is None else sub_task_mark(quantitative, qualitative, rules)
    progress = tuple(ProgressLine(entry.entry_date, entry.text, entry.percent_done,
                                  entry.evidence_name or entry.evidence_reference, entry.captured_by)
                     for entry in assignment.progress)
    appeals = tuple(AppealLine(a.id, a.lodged_on, a.grounds, a.outcome, a.decided_on, a.decision)
                    for a in assignment.appeals)
    return AssignmentRow(
        assignment.id, assignment.person_id, assignment.person.full_name, assignment.period_id,
        assignment.period.label, assignment.period.start_date, assignment.period.end_date, task.code, task.title,
        task.weight, sub.code, sub.title, sub.weight, sub.target,
        progress[-1].percent_done if progress else None, quantitative, qualitative, mark, assignment.marked_by,
        assignment.marked_on, assignment.mark_comment, progress, appeals)


def _assignments(session: Session, plan: PepmisPlan, person_id: str | None = None,
                 period_id: str | None = None) -> list[PepmisAssignment]:
    statement = (select(PepmisAssignment).join(PepmisSubTask).join(PepmisTask)
                 .join(ReportingPeriod, ReportingPeriod.id == PepmisAssignment.period_id)
                 .join(Person, Person.id == PepmisAssignment.person_id)
                 .where(PepmisTask.plan_id == plan.id)
                 .order_by(Person.full_name, ReportingPeriod.start_date, PepmisTask.position, PepmisSubTask.position))
    if person_id is not None:
        statement = statement.where(PepmisAssignment.person_id == person_id)
    if period_id is not None:
        statement = statement.where(PepmisAssignment.period_id == period_id)
    return list(session.scalars(statement))


def assignments_of(session: Session, financial_year_id: str, person_id: str | None = None,
                   period_id: str | None = None) -> list[AssignmentRow]:
    """The year's assigned sub-tasks (of one person and/or period if given), by person, period, task."""
    plan = plan_for_year(session, financial_year_id)
    if plan is None:
        return []
    rules = pepmis_rules(session, plan)
    return [_row(a, rules) for a in _assignments(session, plan, person_id, period_id)]


def _score(rows: list[AssignmentRow], rules: dict[str, Any]) -> PepmisScore:
    return score_sub_tasks([MarkedSubTask(r.task_code, r.task_title, r.task_weight, r.sub_task_code, r.sub_task_title,
                                          r.sub_task_weight, r.quantitative, r.qualitative) for r in rows], rules)


@dataclass(frozen=True)
class PeriodScore:
    period_label: str
    rows: tuple[AssignmentRow, ...]
    score: PepmisScore


@dataclass(frozen=True)
class EmployeeReport:
    """One employee's PEPMIS year: each period's sub-tasks and score, and the annual score."""

    organisation_name: str
    year_label: str
    plan_title: str
    person_id: str
    person_name: str
    employee_number: str | None
    position: str | None
    supervisor_name: str | None
    periods: tuple[PeriodScore, ...]
    annual: float | None
    annual_band: dict[str, Any] | None
    rule_set: dict[str, Any]


def _periods(session: Session, plan: PepmisPlan) -> list[ReportingPeriod]:
    return list(session.scalars(select(ReportingPeriod).where(ReportingPeriod.financial_year_id == plan.financial_year_id)
                                .order_by(ReportingPeriod.kind, ReportingPeriod.start_date)))


def _employee_report(session: Session, plan: PepmisPlan, person: Person, rules: dict[str, Any]) -> EmployeeReport:
    assignments = _assignments(session, plan, person.id)
    rows = [_row(a, rules) for a in assignments]
    periods = tuple(PeriodScore(period.label, tuple(r for r in rows if r.period_id == period.id),
                                _score([r for r in rows if r.period_id == period.id], rules))
                    for period in _periods(session, plan) if any(r.period_id == period.id for r in rows))
    annual = annual_score([period.score.overall for period in periods], rules)
    supervisor = next((a.supervisor.full_name for a in reversed(assignments) if a.supervisor is not None), None)
    organisation = session.get_one(Organisation, plan.organisation_id)
    return EmployeeReport(organisation.name, plan.financial_year.label, plan.title, person.id, person.full_name,
                          person.employee_number, person.position.title if person.position else None, supervisor,
                          periods, annual, pepmis_band(annual, rules), rules)


def employee_report(session: Session, financial_year_id: str, person_id: str) -> EmployeeReport:
    plan = plan_for_year(session, financial_year_id)
    if plan is None:
        year = get_or_fail(session, FinancialYear, financial_year_id, "financial year")
        raise NotFound(f"The year {year.label} has no PEPMIS plan.")
    person = get_or_fail(session, Person, person_id, "person")
    return _employee_report(session, plan, person, pepmis_rules(session, plan))


def annual_report(session: Session, financial_year_id: str) -> list[EmployeeReport]:
    """Every employee with assigned sub-tasks in the year's plan, by name."""
    plan = plan_for_year(session, financial_year_id)
    if plan is None:
        return []
    rules = pepmis_rules(session, plan)
    person_ids = dict.fromkeys(a.person_id for a in _assignments(session, plan))
    return [_employee_report(session, plan, session.get_one(Person, pid), rules) for pid in person_ids]


@dataclass(frozen=True)
class InstitutionSummary:
    organisation_name: str
    year_label: str
    plan_title: str
    period_labels: tuple[str, ...]
    employees: tuple[EmployeeReport, ...]
    institution_score: float | None
    institution_band: dict[str, Any] | None
    rule_set: dict[str, Any]


def institution_summary(session: Session, financial_year_id: str) -> InstitutionSummary:
    """The institution's page: each employee's period and annual scores, and the mean of the annual scores."""
    plan = plan_for_year(session, financial_year_id)
    if plan is None:
        year = get_or_fail(session, FinancialYear, financial_year_id, "financial year")
        raise NotFound(f"The year {year.label} has no PEPMIS plan.")
    rules = pepmis_rules(session, plan)
    employees = tuple(annual_report(session, financial_year_id))
    labels = tuple(p.label for p in _periods(session, plan) if any(
        s.period_label == p.label for e in employees for s in e.periods))
    overall = annual_score([e.annual for e in employees], rules)
    organisation = session.get_one(Organisation, plan.organisation_id)
    return InstitutionSummary(organisation.name, plan.financial_year.label, plan.title, labels, employees, overall,
                              pepmis_band(overall, rules), rules)


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    closed: bool = False


@dataclass(frozen=True)
class ScreenState:
    """Everything the PEPMIS screen shows for one year, read in one go."""

    organisation_code: str
    outline: PlanOutline | None
    people: tuple[Choice, ...]
    periods: tuple[Choice, ...]
    rows: tuple[AssignmentRow, ...]
    #: (person id, period label) → (period score, band name in English and Kiswahili).
    period_scores: dict[tuple[str, str], tuple[float | None, str]]
    #: person id → (annual score, band name).
    annual_scores: dict[str, tuple[float | None, str]]
    #: How often progress is due (the rule set's ``progress_every_days``).
    progress_every_days: int


def band_words(band: Mapping[str, Any] | None) -> str:
    """'Average performance (Wastani)'; the rule set's Kiswahili name alone when the reader reads Kiswahili."""
    if not band:
        return ""
    if band.get("name_sw") and current_language() == "sw":
        return band["name_sw"]
    return f"{band['name']} ({band['name_sw']})" if band.get("name_sw") else _(band["name"])


def screen_state(session: Session, organisation_id: str, financial_year_id: str) -> ScreenState:
    people = tuple(Choice(p.id, p.full_name + (f", {p.position.title}" if p.position else "")) for p in session.scalars(
        select(Person).where(Person.organisation_id == organisation_id, Person.retired_on.is_(None))
        .order_by(Person.full_name)))
    periods = tuple(Choice(p.id, p.label, p.is_closed) for p in session.scalars(
        select(ReportingPeriod).where(ReportingPeriod.financial_year_id == financial_year_id)
        .order_by(ReportingPeriod.kind, ReportingPeriod.start_date)))
    reports = annual_report(session, financial_year_id)
    plan = plan_for_year(session, financial_year_id)
    rules = pepmis_rules(session, plan) if plan else default_rule_set("tz_pepmis")
    return ScreenState(
        session.get_one(Organisation, organisation_id).code, plan_outline(session, financial_year_id), people, periods,
        tuple(assignments_of(session, financial_year_id)),
        {(r.person_id, p.period_label): (p.score.overall, band_words(p.score.band)) for r in reports for p in r.periods},
        {r.person_id: (r.annual, band_words(r.annual_band)) for r in reports},
        int(rules["body"].get("progress_every_days", 7)))
