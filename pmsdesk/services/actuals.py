"""Quarterly reporting: capturing actuals and moving them through review.

draft → submitted → verified (or returned → draft again) → approved.

Separation of duties rests on the value, not on the last edit: ``captured_by``
names who entered the value now reported (a narrative-only edit leaves it
alone), and nobody who ever created or changed this actual's value (as the
audit trail records) may verify or approve it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import ActualStatus, AuditEvent, Kpi, MeasureType, PeriodActual, ReportingPeriod
from pmsdesk.models.base import utcnow

from .actor import Actor, Permission
from .errors import LockedRecord, PermissionDenied, ServiceError, ValidationError
from .kpis import negative_refused
from .records import add_record, change_record, get_or_fail, transaction, unit_of_work
from .validation import Invalid, a_date, clean, number, text

#: How long each text of an actual may be; the capture form counts against the same figures.
TEXT_LIMITS = {"value_text": 2000, "narrative": 4000, "deviation_reason": 4000, "corrective_measure": 4000}
ACTUAL_FIELDS = {
    "value": number(),
    "value_date": a_date(),
    **{name: text(limit) for name, limit in TEXT_LIMITS.items()},
}
EDITABLE_STATUSES = {ActualStatus.DRAFT, ActualStatus.RETURNED}
#: The fields that make up the reported value; whoever sets one of them is the value's author.
VALUE_FIELDS = ("value", "value_date", "value_text")
OWN_VALUE = "You entered or changed this value, so someone else must review it."


def _period_open(period: ReportingPeriod) -> None:
    if period.is_closed:
        raise LockedRecord(_("The period {0} is closed; ask the PMS officer to reopen it.").format(period.label))


def find_actual(session: Session, kpi_id: str, period_id: str) -> PeriodActual | None:
    return session.scalar(
        select(PeriodActual).where(PeriodActual.kpi_id == kpi_id, PeriodActual.period_id == period_id)
    )


def save_actual(
    session: Session, actor: Actor, kpi_id: str, period_id: str, values: Mapping[str, Any]
) -> PeriodActual:
    """Capture or correct a draft actual for a KPI in a period."""
    kpi = get_or_fail(session, Kpi, kpi_id, "KPI")
    period = get_or_fail(session, ReportingPeriod, period_id, "reporting period")
    actor.require(Permission.CAPTURE_ACTUALS, kpi.responsible_unit_id)
    _period_open(period)
    if period.financial_year_id != kpi.financial_year_id:
        raise ValidationError.single("period_id", _("{0} is not in the KPI's financial year").format(period.label))
    data = _checked_values(kpi, values)
    existing = find_actual(session, kpi.id, period.id)
    with transaction(session):
        if existing is None:
            author = actor.username if any(data.get(field) is not None for field in VALUE_FIELDS) else None
            actual = PeriodActual(kpi_id=kpi.id, period_id=period.id, captured_by=author, **data)
            return add_record(session, actor, actual)
        if existing.status not in EDITABLE_STATUSES:
            raise LockedRecord(
                _(
                        "The {0} actual of {1} is {2}; it cannot "
                        "be edited.").format(period.label, kpi.reference, existing.status.value)
            )
        if any(field in data and data[field] != getattr(existing, field) for field in VALUE_FIELDS):
            data = data | {"captured_by": actor.username}
        return change_record(session, actor, existing, data)


def _checked_values(kpi: Kpi, values: Mapping[str, Any]) -> dict[str, Any]:
    """The typed values, or one ValidationError naming every problem of the form at once.

    The KPI's own rules (yes/no, no negatives) are checked even when another field
    is wrong, so a capturer fixes everything after one save, not one field per try.
    """
    try:
        data = clean(values, ACTUAL_FIELDS, partial=True)
    except ValidationError as error:
        typed = {}
        for field in VALUE_FIELDS:
            if field not in error.problems and field in values:
                try:
                    typed[field] = ACTUAL_FIELDS[field](values[field])
                except Invalid:
                    pass
        raise ValidationError(_value_problems(kpi, typed) | error.problems) from None
    problems = _value_problems(kpi, data)
    if problems:
        raise ValidationError(problems)
    return data


def _value_problems(kpi: Kpi, data: Mapping[str, Any]) -> dict[str, str]:
    value = data.get("value")
    if value is None:
        return {}
    if kpi.measure_type == MeasureType.YES_NO and value not in (0.0, 1.0):
        return {"value": "a yes/no KPI takes 1 (yes) or 0 (no)"}
    if value < 0 and negative_refused(kpi.measure_type, kpi.calculation_type):
        return {"value": f"a {kpi.measure_type.value} actual cannot be negative"}
    return {}


def submit_actual(session: Session, actor: Actor, actual_id: str, *, now: datetime | None = None) -> PeriodActual:
    """Send a draft for verification; a submission after the deadline is marked late."""
    actual = get_or_fail(session, PeriodActual, actual_id, "actual")
    actor.require(Permission.CAPTURE_ACTUALS, actual.kpi.responsible_unit_id)
    _period_open(actual.period)
    if actual.status not in EDITABLE_STATUSES:
        raise LockedRecord(_("This actual is already {0}.").format(actual.status.value))
    if actual.value is None and actual.value_date is None and not actual.value_text:
        raise ValidationError.single("value", _("enter the actual before submitting"))
    now = now or utcnow()
    deadline = actual.period.submission_deadline
    with transaction(session):
        return change_record(
            session,
            actor,
            actual,
            {
                "status": ActualStatus.SUBMITTED,
                "submitted_at": now,
                "is_late": deadline is not None and now.date() > deadline,
            },
        )


def submit_actuals(session: Session, actor: Actor, actual_ids: list[str], *,
                   now: datetime | None = None) -> list[PeriodActual]:
    """Submit several drafts at once (a capturer's whole quarter): all of them, or none.

    Every refusal is reported together, by KPI reference and quarter, and then
    nothing is submitted, so a capturer never wonders which half went through.
    """
    problems: dict[str, str] = {}
    submitted: list[PeriodActual] = []
    with unit_of_work(session):
        for actual_id in actual_ids:
            try:
                submitted.append(submit_actual(session, actor, actual_id, now=now))
            except ServiceError as error:
                actual = session.get(PeriodActual, actual_id)
                where = f"{actual.kpi.reference} {actual.period.label}" if actual is not None else actual_id
                problems[where] = "; ".join(error.problems.values()) if isinstance(error, ValidationError) \
                    else str(error)
        if problems:
            raise ValidationError(problems)
    return submitted


def _reviewable(session: Session, actor: Actor, actual_id: str, permission: Permission, expected: ActualStatus) -> PeriodActual:
    actual = get_or_fail(session, PeriodActual, actual_id, "actual")
    actor.require(permission)
    _period_open(actual.period)
    if actor.username in value_authors(session, actual):
        raise PermissionDenied(OWN_VALUE)
    if actual.status != expected:
        raise LockedRecord(_("This actual is {0}, not {1}.").format(actual.status.value, expected.value))
    return actual


def value_authors(session: Session, actual: PeriodActual) -> set[str]:
    """Everyone who created or changed this actual's value: its ``captured_by`` and the audit trail's authors."""
    authors = {actual.captured_by} if actual.captured_by else set()
    events = session.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.new_values).where(
        AuditEvent.entity == PeriodActual.__tablename__, AuditEvent.entity_id == actual.id,
        AuditEvent.action.in_(("create", "update"))))
    for username, action, new in events:
        if not isinstance(new, dict):
            continue
        if action == "create" and any(new.get(field) is not None for field in VALUE_FIELDS):
            authors.add(username)
        elif action == "update" and any(field in new for field in VALUE_FIELDS):
            authors.add(username)
    return authors


def verify_actual(session: Session, actor: Actor, actual_id: str) -> PeriodActual:
    actual = _reviewable(session, actor, actual_id, Permission.VERIFY_ACTUALS, ActualStatus.SUBMITTED)
    with transaction(session):
        return change_record(
            session, actor, actual,
            {"status": ActualStatus.VERIFIED, "verified_by": actor.username, "verified_at": utcnow()},
        )


def return_actual(session: Session, actor: Actor, actual_id: str, comment: str) -> PeriodActual:
    """Send a value back to its capturer with a comment they will see.

    A verifier returns a submitted value; an approver returns a verified one (which
    then has to be verified again). The capturer of a value never reviews it.
    """
    if not comment or not comment.strip():
        raise ValidationError.single("comment", _("say what the capturer must fix"))
    changes: dict = {"status": ActualStatus.RETURNED, "review_comment": comment.strip()}
    current = get_or_fail(session, PeriodActual, actual_id, "actual")
    if current.status == ActualStatus.VERIFIED:
        actual = _reviewable(session, actor, actual_id, Permission.APPROVE, ActualStatus.VERIFIED)
        changes |= {"verified_by": None, "verified_at": None}
    else:
        actual = _reviewable(session, actor, actual_id, Permission.VERIFY_ACTUALS, ActualStatus.SUBMITTED)
    with transaction(session):
        return change_record(session, actor, actual, changes, reason=comment.strip())


def approve_actual(session: Session, actor: Actor, actual_id: str) -> PeriodActual:
    actual = _reviewable(session, actor, actual_id, Permission.APPROVE, ActualStatus.VERIFIED)
    with transaction(session):
        return change_record(
            session, actor, actual,
            {"status": ActualStatus.APPROVED, "approved_by": actor.username, "approved_at": utcnow()},
        )


def reopen_actual(session: Session, actor: Actor, actual_id: str, reason: str) -> PeriodActual:
    """Send a submitted, verified or approved value back to draft; only named roles, always with a reason."""
    actual = get_or_fail(session, PeriodActual, actual_id, "actual")
    actor.require(Permission.REOPEN)
    _period_open(actual.period)
    if not reason or not reason.strip():
        raise ValidationError.single("reason", _("say why the value is reopened"))
    if actual.status in EDITABLE_STATUSES:
        raise LockedRecord(_("This actual is already {0}; there is nothing to reopen.").format(actual.status.value))
    with transaction(session):
        return change_record(
            session, actor, actual,
            {"status": ActualStatus.DRAFT, "verified_by": None, "verified_at": None,
             "approved_by": None, "approved_at": None, "review_comment": reason.strip()},
            reason=reason.strip(),
        )


def late_submissions(session: Session, financial_year_id: str) -> list[PeriodActual]:
    """Actuals of a year that were submitted after their period's deadline, oldest period first."""
    return list(
        session.scalars(
            select(PeriodActual)
            .join(ReportingPeriod, ReportingPeriod.id == PeriodActual.period_id)
            .where(ReportingPeriod.financial_year_id == financial_year_id, PeriodActual.is_late)
            .order_by(ReportingPeriod.start_date, PeriodActual.submitted_at)
        )
    )
