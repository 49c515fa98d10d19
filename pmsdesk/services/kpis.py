"""Creating and changing KPIs and their period targets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.kpi_fields import FIELDS as FIELD_TABLE
from pmsdesk.kpi_fields import KpiField
from pmsdesk.kpi_types import CALCULATIONS, LOWER_IS_BETTER_TYPES, MEASURES, MILESTONE_MEASURES
from pmsdesk.models import (
    CalculationType,
    Direction,
    FinancialYear,
    Kpa,
    Kpi,
    KpiTarget,
    MeasureType,
    Person,
    Programme,
    ReportingPeriod,
    StrategicObjective,
    Unit,
)

from .actor import Actor, Permission
from .audit import record_event, snapshot
from .edit_conflicts import EditConflict
from .errors import ValidationError
from .records import add_record, add_records, change_record, get_or_fail, remove_record, transaction, unit_of_work
from .validation import Coerce, a_date, choice, clean, flag, number, reference_id, text, top_layer_flag
from .years import quarters


def field_check(field: KpiField) -> Coerce:
    """How the services check one KPI field (kpi_fields.py says what it holds)."""
    if field.kind == "text":
        return text(field.length or 0, required=field.required)
    if field.kind in ("number", "measured"):
        return number(minimum=field.minimum, maximum=field.maximum)
    if field.kind == "date":
        return a_date()
    if field.kind == "choice" and field.choices is not None:
        return choice(field.choices, required=field.required)
    if field.kind == "flag":
        return top_layer_flag() if field.true_or_empty else flag()
    if field.kind == "link":
        return reference_id()
    raise ValueError(f"KPI field {field.key}: no check for a {field.kind} field")  # not translated


#: Every KPI field with its check, in the model's order.
KPI_FIELDS: dict[str, Coerce] = {field.key: field_check(field) for field in FIELD_TABLE}


_REFERENCES = {
    "kpa_id": (Kpa, "KPA"),
    "strategic_objective_id": (StrategicObjective, "strategic objective"),
    "programme_id": (Programme, "programme"),
    "responsible_unit_id": (Unit, "unit"),
    "responsible_person_id": (Person, "person"),
}


def negative_refused(measure: MeasureType, calculation: CalculationType) -> bool:
    """Targets and actuals of a counted measure cannot be negative (one rule for both)."""
    return MEASURES[measure].counted and CALCULATIONS[calculation].scored


def kpi_consistency_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Rules that tie fields together; a KPI breaking them cannot be scored."""
    problems: dict[str, str] = {}
    calculation = values["calculation_type"]
    direction = values["direction"]
    measure = values["measure_type"]
    if calculation in LOWER_IS_BETTER_TYPES and direction != Direction.LOWER_IS_BETTER:
        problems["direction"] = _("must be 'lower' for calculation type {0}").format(calculation.value)
    if measure in MILESTONE_MEASURES and direction != Direction.MILESTONE:
        problems["direction"] = _("must be 'milestone' for a {0} measure").format(measure.value)
    if direction == Direction.MILESTONE and measure not in MILESTONE_MEASURES:
        problems["measure_type"] = _("a milestone KPI is measured as yes/no, a date or a text milestone")
    if negative_refused(measure, calculation) and (values.get("annual_target") or 0) < 0:
        problems["annual_target"] = _("a {0} target cannot be negative").format(measure.value)
    if CALCULATIONS[calculation].target_is_zero and values.get("annual_target") not in (None, 0.0):
        problems["annual_target"] = _("a Zero-type KPI has a target of 0")
    return problems


def kpi_reference_problems(session: Session, organisation_id: str, values: Mapping[str, Any]) -> dict[str, str]:
    """Links (KPA, unit, objective, …) that do not exist in this organisation; the importer caches these."""
    problems: dict[str, str] = {}
    for key, (model, label) in _REFERENCES.items():
        record_id = values.get(key)
        if record_id is None:
            continue
        record = session.get(model, record_id)
        owner = getattr(record, "organisation_id", None)
        if isinstance(record, StrategicObjective):
            owner = record.plan and record.plan.organisation_id
        if record is None or owner != organisation_id:
            problems[key] = _("no {0} with id {1} in this organisation").format(label, record_id)
    return problems


def _check_reference_unique(
    session: Session, organisation_id: str, year_id: str, reference: str, own_id: str | None
) -> None:
    clash = session.scalar(
        select(Kpi.id).where(
            Kpi.organisation_id == organisation_id,
            Kpi.financial_year_id == year_id,
            Kpi.reference == reference,
        )
    )
    if clash is not None and clash != own_id:
        raise ValidationError.single("reference", _("{0} is already used by another KPI this year").format(reference))


def create_kpi(
    session: Session, actor: Actor, financial_year_id: str, values: Mapping[str, Any]
) -> Kpi:
    """Add a KPI to a financial year. Every field is checked; all problems are reported together."""
    year = get_or_fail(session, FinancialYear, financial_year_id, "financial year")
    data = clean({"is_active": True, **values}, KPI_FIELDS)
    actor.require(Permission.MANAGE_KPIS, data.get("responsible_unit_id"))
    problems = kpi_consistency_problems(data) | kpi_reference_problems(session, year.organisation_id, data)
    if problems:
        raise ValidationError(problems)
    with transaction(session):
        _check_reference_unique(session, year.organisation_id, year.id, data["reference"], None)
        kpi = Kpi(organisation_id=year.organisation_id, financial_year_id=year.id, **data)
        return add_record(session, actor, kpi)


def update_kpi(session: Session, actor: Actor, kpi_id: str, changes: Mapping[str, Any], *, reason: str | None = None) -> Kpi:
    kpi = get_or_fail(session, Kpi, kpi_id, "KPI")
    actor.require(Permission.MANAGE_KPIS, kpi.responsible_unit_id)
    data = clean(changes, KPI_FIELDS, partial=True)
    merged = {key: getattr(kpi, key) for key in KPI_FIELDS} | data
    problems = kpi_consistency_problems(merged) | kpi_reference_problems(session, kpi.organisation_id, data)
    if problems:
        raise ValidationError(problems)
    with transaction(session):
        if "reference" in data:
            _check_reference_unique(session, kpi.organisation_id, kpi.financial_year_id, data["reference"], kpi.id)
        return change_record(session, actor, kpi, data, reason=reason)


def delete_kpi(session: Session, actor: Actor, kpi_id: str, *, reason: str) -> None:
    """Remove a KPI that has nothing reported against it; one with actuals is deactivated instead."""
    from pmsdesk.models import PeriodActual

    kpi = get_or_fail(session, Kpi, kpi_id, "KPI")
    actor.require(Permission.MANAGE_KPIS, kpi.responsible_unit_id)
    if not reason or not reason.strip():
        raise ValidationError.single("reason", _("say why the KPI is deleted"))
    reported = session.scalar(select(PeriodActual.id).where(PeriodActual.kpi_id == kpi.id).limit(1))
    if reported is not None:
        raise ValidationError.single(
            "kpi", _("{0} has reported actuals; deactivate it instead of deleting it").format(kpi.reference)
        )
    with transaction(session):
        for target in kpi.targets:  # deleted with the KPI by cascade; audited one by one
            record_event(session, actor, "delete", "kpi_target", target.id, old=snapshot(target), reason=reason)
        remove_record(session, actor, kpi, reason=reason)


TARGET_FIELDS = {
    "value": number(),
    "value_date": a_date(),
    "value_text": text(2000),
    "budget_projection": number(minimum=0),
}


def set_period_target(
    session: Session,
    actor: Actor,
    kpi_id: str,
    period_id: str,
    values: Mapping[str, Any],
    *,
    revision_reason: str | None = None,
    revised_on: date | None = None,
) -> KpiTarget:
    """Set a KPI's target for a period; all-empty values mean "no target this period".

    Changing a target that already had a value is a revision: it needs a
    reason, and the first value is kept in ``original_value``.
    """
    kpi = get_or_fail(session, Kpi, kpi_id, "KPI")
    period = get_or_fail(session, ReportingPeriod, period_id, "reporting period")
    existing = session.scalar(
        select(KpiTarget).where(KpiTarget.kpi_id == kpi.id, KpiTarget.period_id == period.id)
    )
    if existing is not None and "budget_projection" not in values:  # a deliverable-only edit keeps the money
        values = {**values, "budget_projection": existing.budget_projection}
    data = checked_target(actor, kpi, period, values)
    with transaction(session):
        if existing is None:
            target = KpiTarget(kpi_id=kpi.id, period_id=period.id, original_value=data["value"], **data)
            return add_record(session, actor, target)
        is_revision = existing.value is not None and data["value"] != existing.value
        if is_revision and not (revision_reason and revision_reason.strip()):
            raise ValidationError.single(
                "revision_reason", _("changing the {0} target of {1} needs a reason").format(period.label, kpi.reference)
            )
        if is_revision:
            data |= {"revised_on": revised_on or date.today(), "revision_reason": revision_reason}
        return change_record(session, actor, existing, data, reason=revision_reason)


def check_period_target(
    session: Session, actor: Actor, kpi_id: str, period_id: str, values: Mapping[str, Any]
) -> dict[str, Any]:
    """The cleaned values of one period's target, or the error ``set_period_target`` would raise. Writes nothing."""
    kpi = get_or_fail(session, Kpi, kpi_id, "KPI")
    period = get_or_fail(session, ReportingPeriod, period_id, "reporting period")
    return checked_target(actor, kpi, period, values)


def add_period_targets(
    session: Session, actor: Actor, kpi_id: str, targets: Mapping[str, Mapping[str, Any]]
) -> dict[str, KpiTarget]:
    """A KPI's first targets for several periods (period id → values), e.g. for a KPI just imported.

    Checked as ``set_period_target`` checks each one and audited one event per
    target, but written with one flush. A period that already has a target is
    refused: change it with ``set_period_target``.
    """
    kpi = get_or_fail(session, Kpi, kpi_id, "KPI")
    data = {period_id: check_period_target(session, actor, kpi.id, period_id, values)
            for period_id, values in targets.items()}
    with session.no_autoflush:  # services flush what they add, so nothing pending is a target of this KPI
        taken = session.scalar(
            select(ReportingPeriod.label).join(KpiTarget, KpiTarget.period_id == ReportingPeriod.id)
            .where(KpiTarget.kpi_id == kpi.id, KpiTarget.period_id.in_(list(data))).limit(1)
        ) if data else None
    if taken is not None:
        raise ValidationError.single("period_id", _(
                "{0} already has a {1} target; change it instead").format(kpi.reference, taken))
    with transaction(session):
        records = [KpiTarget(kpi_id=kpi.id, period_id=period_id, original_value=values["value"], **values)
                   for period_id, values in data.items()]
        add_records(session, actor, records)
    return {record.period_id: record for record in records}


class TargetOwner(Protocol):
    """What checking a target needs of its KPI: a saved ``Kpi``, or the values of one about to be written."""

    responsible_unit_id: str | None
    financial_year_id: str
    calculation_type: CalculationType
    measure_type: MeasureType


def checked_target(actor: Actor, kpi: TargetOwner, period: ReportingPeriod, values: Mapping[str, Any]) -> dict[str, Any]:
    """One quarter's target cleaned and checked exactly as set_period_target would write it."""
    actor.require(Permission.MANAGE_KPIS, kpi.responsible_unit_id)
    if period.financial_year_id != kpi.financial_year_id:
        raise ValidationError.single("period_id", _("{0} is not in the KPI's financial year").format(period.label))
    data = clean(values, TARGET_FIELDS)
    if CALCULATIONS[kpi.calculation_type].target_is_zero and data["value"] not in (None, 0.0):
        raise ValidationError.single("value", _("a Zero-type KPI has targets of 0"))
    if negative_refused(kpi.measure_type, kpi.calculation_type) and (data["value"] or 0) < 0:
        raise ValidationError.single("value", _("a {0} target cannot be negative").format(kpi.measure_type.value))
    return data


def target_field(period_id: str, field: str) -> str:
    """The ``ValidationError`` key of one field of one period's target, e.g. ``targets.<period id>.value``."""
    return f"targets.{period_id}.{field}"


@dataclass(frozen=True)
class KpiPeriod:
    id: str
    label: str


@dataclass(frozen=True)
class SavedKpi:
    """A KPI as its editor loads it: plain values (no ORM objects) that survive the session."""

    id: str | None
    financial_year_id: str
    version: int | None
    values: dict[str, Any]
    #: Period id → {"value", "value_date", "value_text"}; periods without a target are absent.
    targets: dict[str, dict[str, Any]]
    periods: list[KpiPeriod]


def kpi_for_editing(session: Session, financial_year_id: str, kpi_id: str | None) -> SavedKpi:
    """What the KPI editor shows: the KPI's fields and targets, or empty ones for a new KPI."""
    periods = [KpiPeriod(period.id, period.label) for period in quarters(session, financial_year_id)]
    if kpi_id is None:
        return SavedKpi(None, financial_year_id, None, {}, {}, periods)
    kpi = get_or_fail(session, Kpi, kpi_id, "KPI")
    values = {key: getattr(kpi, key) for key in KPI_FIELDS}
    rows = session.scalars(select(KpiTarget).where(KpiTarget.kpi_id == kpi.id))  # not kpi.targets: may be stale
    targets = {target.period_id: {key: getattr(target, key) for key in TARGET_FIELDS} for target in rows}
    return SavedKpi(kpi.id, kpi.financial_year_id, kpi.version, values, targets, periods)


def save_kpi_with_targets(
    session: Session,
    actor: Actor,
    financial_year_id: str,
    kpi_id: str | None,
    values: Mapping[str, Any],
    targets: Mapping[str, Mapping[str, Any]],
    *,
    reason: str | None = None,
    expected_version: int | None = None,
) -> Kpi:
    """Create (``kpi_id`` None) or change a KPI and its period targets (period id → values) as one save.

    The checks are those of ``create_kpi``/``update_kpi`` and ``set_period_target``;
    every problem is reported together, target problems under ``target_field``
    keys, and a refusal writes nothing. ``expected_version`` is the version the
    editor loaded: a KPI saved by someone else since then raises ``EditConflict``.
    A changed target that already had a value needs ``reason`` (a revision).
    """
    problems = _target_format_problems(targets)
    try:
        with unit_of_work(session):
            kpi = _save_kpi(session, actor, financial_year_id, kpi_id, values, reason, expected_version)
            if problems:
                raise ValidationError(problems)
            _save_targets(session, actor, kpi, targets, reason)
            return kpi
    except ValidationError as error:
        raise ValidationError(error.problems | problems) from None


def _target_format_problems(targets: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    problems: dict[str, str] = {}
    for period_id, values in targets.items():
        try:
            clean(values, TARGET_FIELDS)
        except ValidationError as error:
            problems |= {target_field(period_id, key): message for key, message in error.problems.items()}
    return problems


def _save_kpi(
    session: Session, actor: Actor, financial_year_id: str, kpi_id: str | None, values: Mapping[str, Any],
    reason: str | None, expected_version: int | None,
) -> Kpi:
    if kpi_id is None:
        return create_kpi(session, actor, financial_year_id, values)
    kpi = get_or_fail(session, Kpi, kpi_id, "KPI")
    if expected_version is not None and kpi.version != expected_version:
        raise EditConflict("kpi")
    return update_kpi(session, actor, kpi_id, values, reason=reason)


def _save_targets(
    session: Session, actor: Actor, kpi: Kpi, targets: Mapping[str, Mapping[str, Any]], reason: str | None
) -> None:
    """Each period's target through ``set_period_target``; problems of all periods are raised together."""
    problems: dict[str, str] = {}
    existing = set(session.scalars(select(KpiTarget.period_id).where(KpiTarget.kpi_id == kpi.id)))
    for period_id, values in targets.items():
        if period_id not in existing and not any(value not in (None, "") for value in values.values()):
            continue  # nothing typed for a period that has no target: nothing to write
        try:
            set_period_target(session, actor, kpi.id, period_id, values, revision_reason=reason)
        except ValidationError as error:
            problems |= {("reason" if key == "revision_reason" else target_field(period_id, key)): message
                         for key, message in error.problems.items()}
    if problems:
        raise ValidationError(problems)
