"""What an official must fix in a financial year's KPIs, targets and actuals before the report counts.

Each problem names the record (a KPI, or one quarter's actual), the field and
what is wrong, in words that say what to do. The checks are computed from a
handful of queries over the whole year (no query per KPI), so a year of
hundreds of KPIs is checked in well under a second. Problems found by the
SDBIP importer are stored as ``DataQualityFlag`` rows; they stay listed until
someone marks them resolved with a note, which is audited.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import partial

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.kpi_types import CALCULATIONS, NUMERIC_MEASURES, Aggregation, implied_annual_target
from pmsdesk.models import (
    ActualStatus,
    DataQualityFlag,
    EvidenceFile,
    FinancialYear,
    Kpi,
    KpiTarget,
    PeriodActual,
    Unit,
)
from pmsdesk.models.base import utcnow
from pmsdesk.scoring import KpiDefinition, PeriodFigure
from pmsdesk.scoring.achievement import is_due, meets_target
from pmsdesk.scoring.milestones import milestone_due, milestone_met
from pmsdesk.scoring.plausibility import is_implausible
from pmsdesk.wording import CALCULATION_LABELS, a_date, measured_value

from . import worklists
from .actor import Actor, Permission
from .errors import ValidationError
from .held_values import confirmed_values
from .records import change_record, get_or_fail, transaction
from .worklists import PeriodSummary


class ProblemKind(StrEnum):
    """The checks, in the order an official would work through them."""

    IMPORT_FLAG = "Flagged on import"
    NO_UNIT = "No responsible unit"
    NO_KPA = "No KPA"
    MISSING_TARGET = "Missing target"
    TARGETS_MISMATCH = "Targets do not add up"
    IMPLAUSIBLE_ACTUAL = "Implausible actual"
    NO_DEVIATION_REASON = "Missed target, no reason"
    NO_EVIDENCE = "No evidence"
    NOT_SUBMITTED = "Not submitted"
    LATE = "Submitted late"


#: How quarterly targets that imply another annual target are described, by how the quarters combine.
TARGETS_MISMATCH = {
    Aggregation.SUM: "the quarterly targets add up to {quarters}, not the annual target {annual}",
    Aggregation.HIGHEST: "a quarterly target of {quarters} exceeds the annual target {annual}",
    Aggregation.LAST: "the last quarterly target is {quarters}, not the annual target {annual}",
    Aggregation.AVERAGE: "the quarterly targets average {quarters}, not the annual target {annual}",
}
#: Record kinds a problem opens (``DataQualityProblem.record_kind``).
KPI, ACTUAL = "kpi", "actual"
REPORTED = frozenset({ActualStatus.SUBMITTED, ActualStatus.VERIFIED, ActualStatus.APPROVED})
#: An actual this many times its target is almost always a typing slip (a percentage typed as 8500).
IMPLAUSIBLE_RATIO = 10


@dataclass(frozen=True, slots=True)
class DataQualityProblem:
    """One thing to fix: open ``record_kind``/``record_id`` and correct ``field``."""

    kind: ProblemKind
    record_kind: str
    record_id: str
    kpi_id: str
    kpi_reference: str
    kpi_name: str
    unit_name: str | None
    period_label: str | None
    field: str
    message: str
    #: The importer's flag, for problems that are marked resolved rather than fixed in place.
    flag_id: str | None = None


def find_problems(
    session: Session, actor: Actor, financial_year_id: str, *, today: date | None = None
) -> list[DataQualityProblem]:
    """Every problem in the year's active KPIs, by KPI reference then check.

    A reader of some units only (a directorate's capturer) gets the problems of
    the KPIs those units are responsible for: the ones they can fix.
    """
    if Permission.READ not in actor.unit_scopes:
        actor.require(Permission.READ)
    get_or_fail(session, FinancialYear, financial_year_id, "financial year")
    year = _YearData.load(session, financial_year_id)
    if not actor.can(Permission.READ):
        year.kpis = {kpi_id: kpi for kpi_id, kpi in year.kpis.items()
                     if actor.can(Permission.READ, kpi.responsible_unit_id)}
    today = today or utcnow().date()
    problems = list(_import_flags(session, year))
    for kpi in year.kpis.values():
        problems.extend(_kpi_problems(kpi, year))
        problems.extend(_reporting_problems(kpi, year, today))
    order = list(ProblemKind)
    problems.sort(key=lambda p: (p.kpi_reference, order.index(p.kind), p.period_label or ""))
    return problems


def resolve_flag(session: Session, actor: Actor, flag_id: str, note: str) -> DataQualityFlag:
    """Mark an importer's flag resolved; the note says what was done and goes into the audit trail."""
    flag = get_or_fail(session, DataQualityFlag, flag_id, "data-quality flag")
    kpi = _flagged_kpi(session, flag)
    actor.require(Permission.MANAGE_KPIS, kpi.responsible_unit_id if kpi else None)
    if not note or not note.strip():
        raise ValidationError.single("note", _("say what was done about the problem"))
    if flag.resolved_at is not None:
        raise ValidationError.single("flag", _("was already resolved by {0}").format(flag.resolved_by or 'someone'))
    with transaction(session):
        return change_record(session, actor, flag, {"resolved_at": utcnow(), "resolved_by": actor.username},
                             reason=note.strip())


def _flagged_kpi(session: Session, flag: DataQualityFlag) -> Kpi | None:
    if flag.entity == "kpi":
        return session.get(Kpi, flag.entity_id)
    if flag.entity == "kpi_target":
        target = session.get(KpiTarget, flag.entity_id)
        return target.kpi if target else None
    return None


@dataclass
class _YearData:
    """Everything the checks read, fetched in one query per table."""

    periods: list[PeriodSummary]
    kpis: dict[str, Row]
    targets: dict[str, dict[str, Row]]  # kpi id → period id → target row
    actuals: dict[str, dict[str, Row]]  # kpi id → period id → actual row
    evidence_counts: dict[str, int]
    #: actual id → the value a PMS officer confirmed (no longer implausible to fix)
    confirmed: dict[str, float]

    @classmethod
    def load(cls, session: Session, year_id: str) -> _YearData:
        in_year = (Kpi.financial_year_id == year_id, Kpi.is_active.is_(True))
        kpis = session.execute(
            select(Kpi.id, Kpi.reference, Kpi.name, Kpi.kpa_id, Kpi.responsible_unit_id, Unit.name.label("unit_name"),
                   Kpi.measure_type, Kpi.calculation_type, Kpi.direction, Kpi.annual_target,
                   Kpi.required_evidence)
            .outerjoin(Unit, Unit.id == Kpi.responsible_unit_id).where(*in_year))
        targets: dict[str, dict[str, Row]] = defaultdict(dict)
        for row in session.execute(
            select(KpiTarget.kpi_id, KpiTarget.period_id, KpiTarget.value, KpiTarget.value_date,
                   KpiTarget.value_text).join(Kpi, Kpi.id == KpiTarget.kpi_id).where(*in_year)
        ):
            if row.value is not None or row.value_date is not None or row.value_text:
                targets[row.kpi_id][row.period_id] = row
        actuals: dict[str, dict[str, Row]] = defaultdict(dict)
        for row in session.execute(
            select(PeriodActual.id, PeriodActual.kpi_id, PeriodActual.period_id, PeriodActual.value,
                   PeriodActual.value_date, PeriodActual.value_text, PeriodActual.deviation_reason,
                   PeriodActual.corrective_measure, PeriodActual.status, PeriodActual.submitted_at,
                   PeriodActual.is_late).join(Kpi, Kpi.id == PeriodActual.kpi_id).where(*in_year)
        ):
            actuals[row.kpi_id][row.period_id] = row
        evidence_counts = dict(session.execute(
            select(EvidenceFile.actual_id, func.count()).join(PeriodActual, PeriodActual.id == EvidenceFile.actual_id)
            .join(Kpi, Kpi.id == PeriodActual.kpi_id).where(*in_year).group_by(EvidenceFile.actual_id)).all())
        return cls(worklists.quarters(session, year_id), {row.id: row for row in kpis}, targets, actuals,
                   evidence_counts, confirmed_values(session, [year_id]))


def _problem(kind: ProblemKind, kpi: Row, field: str, message: str, *, period: PeriodSummary | None = None,
             actual: Row | None = None, flag_id: str | None = None) -> DataQualityProblem:
    return DataQualityProblem(
        kind, ACTUAL if actual is not None else KPI, actual.id if actual is not None else kpi.id, kpi.id,
        kpi.reference, kpi.name, kpi.unit_name, period.label if period else None, field, message, flag_id)


def _import_flags(session: Session, year: _YearData) -> Iterator[DataQualityProblem]:
    target_kpi = select(KpiTarget.id, KpiTarget.kpi_id).subquery()
    queries = (
        select(DataQualityFlag, DataQualityFlag.entity_id).where(DataQualityFlag.entity == "kpi"),
        select(DataQualityFlag, target_kpi.c.kpi_id).join(target_kpi, target_kpi.c.id == DataQualityFlag.entity_id)
        .where(DataQualityFlag.entity == "kpi_target"),
    )
    for query in queries:
        for flag, kpi_id in session.execute(query.where(DataQualityFlag.resolved_at.is_(None))):
            kpi = year.kpis.get(kpi_id)
            if kpi is not None:
                field = flag.field.replace("_", " ")
                yield _problem(ProblemKind.IMPORT_FLAG, kpi, field, f"{flag.problem} ({flag.source})",
                               flag_id=flag.id)


def _kpi_problems(kpi: Row, year: _YearData) -> Iterator[DataQualityProblem]:
    if kpi.responsible_unit_id is None:
        yield _problem(ProblemKind.NO_UNIT, kpi, "responsible unit",
                       "has no responsible unit; choose the directorate or department that reports on it")
    if kpi.kpa_id is None:
        yield _problem(ProblemKind.NO_KPA, kpi, "KPA", "is not linked to a key performance area; choose its KPA")
    targets = year.targets.get(kpi.id, {})
    if not targets:
        yield _problem(ProblemKind.MISSING_TARGET, kpi, "quarterly targets",
                       "has no target in any quarter; enter the quarterly targets")
        return
    if CALCULATIONS[kpi.calculation_type].every_quarter and kpi.measure_type in NUMERIC_MEASURES:
        label = CALCULATION_LABELS[kpi.calculation_type].lower()
        for period in year.periods:
            if period.id not in targets:
                yield _problem(ProblemKind.MISSING_TARGET, kpi, f"{period.label} target",
                               f"has no {period.label} target; a {label} KPI is measured every quarter",
                               period=period)
    mismatch = _targets_mismatch(kpi, [targets[p.id].value for p in year.periods if p.id in targets])
    if mismatch:
        yield _problem(ProblemKind.TARGETS_MISMATCH, kpi, "quarterly targets", mismatch)


def _targets_mismatch(kpi: Row, values: list[float | None]) -> str | None:
    """How the quarterly targets disagree with the annual one, by the rule of the calculation type."""
    values = [value for value in values if value is not None]
    annual = kpi.annual_target
    if kpi.measure_type not in NUMERIC_MEASURES or annual is None or not values:
        return None
    shown = partial(measured_value, measure=kpi.measure_type)
    aggregation = CALCULATIONS[kpi.calculation_type].aggregation
    implied = implied_annual_target(aggregation, values)
    if implied is None or _same(implied, annual):
        return None
    if aggregation is Aggregation.HIGHEST and implied < annual:
        return f"the last carry-over target is {shown(implied)}; it should reach the annual target {shown(annual)}"
    return TARGETS_MISMATCH[aggregation].format(quarters=shown(implied), annual=shown(annual))


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=0.005)


def _reporting_problems(kpi: Row, year: _YearData, today: date) -> Iterator[DataQualityProblem]:
    targets = year.targets.get(kpi.id, {})
    actuals = year.actuals.get(kpi.id, {})
    definition = KpiDefinition(kpi.reference, kpi.calculation_type, kpi.measure_type, kpi.direction)
    for period in year.periods:
        target, actual = targets.get(period.id), actuals.get(period.id)
        figure = _figure(target, actual)
        due = _is_due(definition, figure)
        if actual is not None:
            yield from _actual_problems(kpi, definition, figure, due, period, actual, year)
        deadline_passed = period.is_closed or period.is_overdue(today)
        if due and deadline_passed and (actual is None or actual.status not in REPORTED):
            state = "was not reported" if actual is None else f"is still {actual.status.value}"
            deadline = f"on {a_date(period.submission_deadline)}" if period.submission_deadline else "at period end"
            yield _problem(ProblemKind.NOT_SUBMITTED, kpi, "actual",
                           f"{state}; the {period.label} report was due {deadline}", period=period, actual=actual)


def _figure(target: Row | None, actual: Row | None) -> PeriodFigure:
    return PeriodFigure(
        period_number=1,
        target=target.value if target else None, target_date=target.value_date if target else None,
        target_text=target.value_text if target else None,
        actual=actual.value if actual else None, actual_date=actual.value_date if actual else None)


def _is_due(definition: KpiDefinition, figure: PeriodFigure) -> bool:
    if definition.measure_type in NUMERIC_MEASURES:
        return is_due(figure.target, definition.effective_direction)
    return milestone_due(definition, figure)


def _met(definition: KpiDefinition, figure: PeriodFigure) -> bool | None:
    """Met or not; None when nothing comparable was reported."""
    if definition.measure_type not in NUMERIC_MEASURES:
        return milestone_met(definition, figure)
    if figure.actual is None:
        return None
    return meets_target(figure.target, figure.actual, definition.effective_direction)


def _actual_problems(kpi: Row, definition: KpiDefinition, figure: PeriodFigure, due: bool, period: PeriodSummary,
                     actual: Row, year: _YearData) -> Iterator[DataQualityProblem]:
    measure = kpi.measure_type
    if due and is_implausible(measure, figure.target, figure.actual, IMPLAUSIBLE_RATIO) \
            and not year.confirmed.get(actual.id) == figure.actual:
        yield _problem(ProblemKind.IMPLAUSIBLE_ACTUAL, kpi, "actual",
                       f"{measured_value(figure.actual, measure)} is {figure.actual / figure.target:,.0f} times the "
                       f"target of {measured_value(figure.target, measure)}; check for a typing slip",
                       period=period, actual=actual)
    if due and _met(definition, figure) is False:
        missing = [name for name, text in (("reason for deviation", actual.deviation_reason),
                                           ("corrective measure", actual.corrective_measure))
                   if not (text and text.strip())]
        if missing:
            yield _problem(ProblemKind.NO_DEVIATION_REASON, kpi, " and ".join(missing),
                           f"missed its {period.label} target but has no {' and no '.join(missing)}",
                           period=period, actual=actual)
    if actual.status in REPORTED and (kpi.required_evidence or "").strip() \
            and not year.evidence_counts.get(actual.id):
        yield _problem(ProblemKind.NO_EVIDENCE, kpi, "evidence",
                       f"was {actual.status.value} without evidence; attach the {kpi.required_evidence.strip()}",
                       period=period, actual=actual)
    if actual.is_late:
        when = f" on {a_date(actual.submitted_at.date())}" if actual.submitted_at else ""
        deadline = f", after the deadline of {a_date(period.submission_deadline)}" if period.submission_deadline else ""
        yield _problem(ProblemKind.LATE, kpi, "submitted", f"was submitted{when}{deadline}",
                       period=period, actual=actual)
