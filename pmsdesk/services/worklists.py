"""Read-only queries behind the reporting and verification screens.

Every function returns frozen summaries, never ORM objects, so a screen can
hold them after the session (and the worker thread that opened it) is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import (
    ActualStatus,
    EvidenceFile,
    Kpi,
    KpiTarget,
    MeasureType,
    PeriodActual,
    PeriodKind,
    ReportingPeriod,
    Unit,
)

from .actor import Actor, Permission
from .actuals import value_authors
from .errors import NotFound
from .register import TargetValue, _as_captured

EDITABLE = {ActualStatus.DRAFT, ActualStatus.RETURNED}


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    id: str
    label: str
    start_date: date
    end_date: date
    submission_deadline: date | None
    is_closed: bool

    def is_overdue(self, today: date) -> bool:
        return self.submission_deadline is not None and today > self.submission_deadline


@dataclass(frozen=True, slots=True)
class WorklistRow:
    """A KPI due in a period and where its actual stands (``status`` None: not started)."""

    kpi_id: str
    reference: str
    name: str
    unit_name: str | None
    measure_type: MeasureType
    target: TargetValue
    actual_id: str | None
    status: ActualStatus | None
    actual: TargetValue
    is_late: bool
    review_comment: str | None
    evidence_count: int
    #: The KPI's required portfolio of evidence (None: the KPI names none).
    required_evidence: str | None = None

    @property
    def missing_evidence(self) -> bool:
        """The KPI names evidence it needs and no file is attached."""
        return bool(self.required_evidence and self.required_evidence.strip()) and not self.evidence_count


@dataclass(frozen=True, slots=True)
class EvidenceSummary:
    id: str
    original_name: str
    size: int
    media_type: str
    uploaded_by: str | None
    uploaded_at: datetime | None


@dataclass(frozen=True, slots=True)
class ActualDetail:
    """Everything the capture form and the review panel show about one KPI in one period."""

    kpi_id: str
    period_id: str
    period_label: str
    period_closed: bool
    reference: str
    name: str
    measure_type: MeasureType
    unit_of_measure: str | None
    responsible_unit_id: str | None
    target: TargetValue
    required_evidence: str | None
    actual_id: str | None = None
    status: ActualStatus | None = None
    value: float | None = None
    value_date: date | None = None
    value_text: str | None = None
    narrative: str | None = None
    deviation_reason: str | None = None
    corrective_measure: str | None = None
    review_comment: str | None = None
    captured_by: str | None = None
    verified_by: str | None = None
    is_late: bool = False
    evidence: tuple[EvidenceSummary, ...] = ()
    #: Everyone who created or changed the value: none of them may verify or approve it.
    value_authors: frozenset[str] = frozenset()

    @property
    def actual(self) -> TargetValue:
        return _as_captured(self.value, self.value_date, self.value_text)


def quarters(session: Session, financial_year_id: str) -> list[PeriodSummary]:
    """The year's quarters in order."""
    rows = session.execute(
        select(ReportingPeriod.id, ReportingPeriod.label, ReportingPeriod.start_date, ReportingPeriod.end_date,
               ReportingPeriod.submission_deadline, ReportingPeriod.is_closed)
        .where(ReportingPeriod.financial_year_id == financial_year_id, ReportingPeriod.kind == PeriodKind.QUARTER)
        .order_by(ReportingPeriod.number)
    )
    return [PeriodSummary(*row) for row in rows]


def current_quarter(periods: list[PeriodSummary], today: date | None = None) -> PeriodSummary | None:
    """The quarter whose reports are due now: the last one that has ended, else the first."""
    today = today or date.today()
    ended = [period for period in periods if period.end_date < today]
    return ended[-1] if ended else (periods[0] if periods else None)


def _evidence_counts():
    return (
        select(EvidenceFile.actual_id, func.count(EvidenceFile.id).label("files"))
        .group_by(EvidenceFile.actual_id)
        .subquery()
    )


def reporting_worklist(session: Session, actor: Actor, period_id: str) -> list[WorklistRow]:
    """Active KPIs with a target in the period that ``actor`` may report on, by reference."""
    if Permission.CAPTURE_ACTUALS not in actor.unit_scopes:
        return []
    scope = actor.unit_scopes[Permission.CAPTURE_ACTUALS]
    files = _evidence_counts()
    query = (
        select(Kpi.id, Kpi.reference, Kpi.name, Unit.name, Kpi.measure_type,
               KpiTarget.value, KpiTarget.value_date, KpiTarget.value_text,
               PeriodActual.id, PeriodActual.status, PeriodActual.value, PeriodActual.value_date,
               PeriodActual.value_text, PeriodActual.is_late, PeriodActual.review_comment, files.c.files,
               Kpi.required_evidence)
        .join(KpiTarget, KpiTarget.kpi_id == Kpi.id)
        .outerjoin(Unit, Unit.id == Kpi.responsible_unit_id)
        .outerjoin(PeriodActual, (PeriodActual.kpi_id == Kpi.id) & (PeriodActual.period_id == period_id))
        .outerjoin(files, files.c.actual_id == PeriodActual.id)
        .where(KpiTarget.period_id == period_id, Kpi.is_active.is_(True))
        .where((KpiTarget.value.is_not(None)) | KpiTarget.value_date.is_not(None) | KpiTarget.value_text.is_not(None))
        .order_by(Kpi.reference)
    )
    if scope is not None:
        query = query.where(Kpi.responsible_unit_id.in_(scope))
    return [
        WorklistRow(kpi_id, reference, name, unit, measure, _as_captured(t_value, t_date, t_text), actual_id,
                    status, _as_captured(a_value, a_date, a_text), bool(late), comment, files_count or 0, required)
        for (kpi_id, reference, name, unit, measure, t_value, t_date, t_text, actual_id, status,
             a_value, a_date, a_text, late, comment, files_count, required) in session.execute(query)
    ]


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """A reported value waiting for the actor's verification or approval."""

    actual_id: str
    kpi_id: str
    reference: str
    name: str
    unit_name: str | None
    measure_type: MeasureType
    target: TargetValue
    actual: TargetValue
    status: ActualStatus
    captured_by: str | None
    submitted_at: datetime | None
    is_late: bool
    evidence_count: int


def statuses_to_review(actor: Actor) -> tuple[ActualStatus, ...]:
    """Submitted values for verifiers, verified values for approvers (both for an administrator)."""
    statuses = []
    if Permission.VERIFY_ACTUALS in actor.unit_scopes:
        statuses.append(ActualStatus.SUBMITTED)
    if Permission.APPROVE in actor.unit_scopes:
        statuses.append(ActualStatus.VERIFIED)
    return tuple(statuses)


def review_queue(session: Session, actor: Actor, period_id: str) -> list[ReviewRow]:
    """Values in the period that wait for what ``actor`` may do, by reference."""
    statuses = statuses_to_review(actor)
    if not statuses:
        return []
    files = _evidence_counts()
    query = (
        select(PeriodActual.id, Kpi.id, Kpi.reference, Kpi.name, Unit.name, Kpi.measure_type,
               KpiTarget.value, KpiTarget.value_date, KpiTarget.value_text,
               PeriodActual.value, PeriodActual.value_date, PeriodActual.value_text, PeriodActual.status,
               PeriodActual.captured_by, PeriodActual.submitted_at, PeriodActual.is_late, files.c.files)
        .join(Kpi, Kpi.id == PeriodActual.kpi_id)
        .outerjoin(Unit, Unit.id == Kpi.responsible_unit_id)
        .outerjoin(KpiTarget, (KpiTarget.kpi_id == Kpi.id) & (KpiTarget.period_id == period_id))
        .outerjoin(files, files.c.actual_id == PeriodActual.id)
        .where(PeriodActual.period_id == period_id, PeriodActual.status.in_(statuses))
        .order_by(Kpi.reference)
    )
    return [
        ReviewRow(actual_id, kpi_id, reference, name, unit, measure, _as_captured(t_value, t_date, t_text),
                  _as_captured(a_value, a_date, a_text), status, captured_by, submitted_at, bool(late), count or 0)
        for (actual_id, kpi_id, reference, name, unit, measure, t_value, t_date, t_text, a_value, a_date, a_text,
             status, captured_by, submitted_at, late, count) in session.execute(query)
    ]


def actual_detail(session: Session, kpi_id: str, period_id: str) -> ActualDetail:
    """The KPI, its target and (if captured) its actual with the evidence list, for one period."""
    kpi = session.get_one(Kpi, kpi_id)
    period = session.get_one(ReportingPeriod, period_id)
    target = session.scalar(select(KpiTarget).where(KpiTarget.kpi_id == kpi_id, KpiTarget.period_id == period_id))
    base = dict(
        kpi_id=kpi.id, period_id=period.id, period_label=period.label, period_closed=period.is_closed,
        reference=kpi.reference, name=kpi.name, measure_type=kpi.measure_type,
        unit_of_measure=kpi.unit_of_measure, responsible_unit_id=kpi.responsible_unit_id,
        target=None if target is None else _as_captured(target.value, target.value_date, target.value_text),
        required_evidence=kpi.required_evidence,
    )
    actual = session.scalar(
        select(PeriodActual).where(PeriodActual.kpi_id == kpi_id, PeriodActual.period_id == period_id)
    )
    if actual is None:
        return ActualDetail(**base)
    evidence = tuple(
        EvidenceSummary(item.id, item.original_name, item.size, item.media_type, item.uploaded_by, item.uploaded_at)
        for item in sorted(actual.evidence, key=lambda item: (item.uploaded_at or datetime.min, item.original_name))
    )
    return ActualDetail(
        **base, actual_id=actual.id, status=actual.status, value=actual.value, value_date=actual.value_date,
        value_text=actual.value_text, narrative=actual.narrative, deviation_reason=actual.deviation_reason,
        corrective_measure=actual.corrective_measure, review_comment=actual.review_comment,
        captured_by=actual.captured_by, verified_by=actual.verified_by, is_late=actual.is_late, evidence=evidence,
        value_authors=frozenset(value_authors(session, actual)),
    )


def capture_lock_reason(detail: ActualDetail, actor: Actor) -> str | None:
    """Why ``actor`` cannot edit this actual now, in words for them; None when they can."""
    if not actor.can(Permission.CAPTURE_ACTUALS, detail.responsible_unit_id):
        return _("You may not capture actuals for {0}: it belongs to another unit.").format(detail.reference)
    if detail.period_closed:
        return _("{0} is closed; ask the PMS officer to reopen it.").format(detail.period_label)
    if detail.status is not None and detail.status not in EDITABLE:
        return {
            ActualStatus.SUBMITTED: _("It was submitted and waits for verification, so it can no longer be edited."),
            ActualStatus.VERIFIED: _("It was verified and waits for approval, so it can no longer be edited."),
            ActualStatus.APPROVED: _("It was approved, so it can no longer be edited."),
        }[detail.status]
    return None


def actual_place(session: Session, actual_id: str) -> tuple[str, str]:
    """(KPI id, period id) of an actual, so a screen can open it where it is captured."""
    place = session.execute(select(PeriodActual.kpi_id, PeriodActual.period_id)
                            .where(PeriodActual.id == actual_id)).one_or_none()
    if place is None:
        raise NotFound(_("No reported value with id {0}: it may have been deleted.").format(actual_id))
    return place.kpi_id, place.period_id
