"""The register of external service providers and their quarterly performance assessments (South Africa).

The Municipal Systems Act s46(1)(a)(i) asks the annual performance report to reflect the performance
of each service provider; the MFMA s116(2)(b) and (d) ask the accounting officer to monitor each
contractor's performance and report it to council. A PMS officer (or one scoped to the directorate
that manages the contract) records each provider and rates it once a quarter on the scale of the
SDBIP rule set (``service_provider_scale``: editable, as no national scale was found). Saves carry
the version the form was filled from, so a save over someone else's newer save is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import (
    FinancialYear,
    Organisation,
    PeriodKind,
    Person,
    ReportingPeriod,
    ServiceProvider,
    ServiceProviderAssessment,
    Unit,
)
from pmsdesk.scoring import default_rule_set
from pmsdesk.scoring.rules import setting

from .actor import Actor, Permission
from .edit_conflicts import EditConflict
from .errors import NotFound, ValidationError
from .form_choices import Choice
from .records import add_record, change_record, get_or_fail, transaction
from .rule_sets import get_rule_set
from .validation import Coerce, Invalid, a_date, clean, number, reference_id, text

#: The rule set whose ``service_provider_scale`` rates providers (the organisation's SDBIP rules).
SCALE_RULES = "za_sdbip"

PROVIDER_FIELDS: dict[str, Coerce] = {
    "name": text(200, required=True),
    "services": text(4000, required=True),
    "contract_reference": text(100, required=True),
    "contract_value": number(minimum=0),
    "start_date": a_date(required=True),
    "end_date": a_date(required=True),
    "responsible_unit_id": reference_id(),
    "responsible_person_id": reference_id(),
}


@dataclass(frozen=True, slots=True)
class RatingScale:
    """The points a provider may be rated on, best first, each with its words."""

    best: int
    worst: int
    labels: dict[int, str]

    @property
    def points(self) -> list[int]:
        step = 1 if self.best > self.worst else -1
        return list(range(self.best, self.worst - step, -step))

    def words(self, rating: int) -> str:
        label = self.labels.get(rating)
        return f"{rating} {label}" if label else str(rating)


def rating_scale(session: Session) -> RatingScale:
    """The stored SDBIP rule set's provider scale, or the shipped one."""
    try:
        rules = get_rule_set(session, SCALE_RULES)
    except NotFound:
        rules = default_rule_set(SCALE_RULES)
    scale = setting(rules, "service_provider_scale")
    return RatingScale(int(scale["best"]), int(scale["worst"]),
                       {int(float(point)): label for point, label in scale.get("labels", {}).items()})


def keeps_south_african_organisation(session: Session) -> bool:
    """Whether this database holds a South African organisation (the register's screen is for them only).

    A Core query: the main window asks this at start-up, before any screen needs the ORM's mappers.
    """
    organisation = Organisation.__table__.c
    return session.scalar(select(organisation.id).where(organisation.country == "ZA").limit(1)) is not None


@dataclass(frozen=True, slots=True)
class QuarterAssessment:
    """One quarter's assessment of a provider as the register and the report show it."""

    id: str
    version: int
    period_id: str
    quarter: int
    rating: int
    rating_words: str
    comment: str | None
    corrective_action: str | None
    assessed_by: str
    assessed_on: date


@dataclass(frozen=True, slots=True)
class ProviderRow:
    """One provider with what the form needs (``version`` for the save) and the year's assessments."""

    id: str
    version: int
    name: str
    services: str
    contract_reference: str
    contract_value: float | None
    start_date: date
    end_date: date
    responsible_unit_id: str | None
    unit_name: str | None
    responsible_person_id: str | None
    person_name: str | None
    assessments: tuple[QuarterAssessment, ...] = ()

    def assessment_of(self, quarter: int) -> QuarterAssessment | None:
        return next((found for found in self.assessments if found.quarter == quarter), None)


@dataclass(frozen=True, slots=True)
class ProviderFormChoices:
    """Directorates, officials and the year's quarters a form offers, and the rating scale."""

    units: tuple[Choice, ...]
    people: tuple[Choice, ...]
    quarters: tuple[Choice, ...]
    scale: RatingScale


def list_service_providers(session: Session, actor: Actor, organisation_id: str,
                           financial_year_id: str | None = None) -> list[ProviderRow]:
    """The organisation's providers by name; with a year, only contracts running in it, with its assessments."""
    actor.require_somewhere(Permission.READ)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    year = get_or_fail(session, FinancialYear, financial_year_id, "financial year") if financial_year_id else None
    return register_rows(session, organisation_id, year)


def register_rows(session: Session, organisation_id: str, year: FinancialYear | None, *,
                  unit_id: str | None = None, as_of: date | None = None) -> list[ProviderRow]:
    """The register as :func:`list_service_providers` lists it, for a caller that checked the reader (a report).

    ``unit_id`` keeps the providers that directorate manages; ``as_of`` leaves out assessments made later,
    so a report printed "as of" a day prints what was known then.
    """
    query = select(ServiceProvider).where(ServiceProvider.organisation_id == organisation_id)
    if year is not None:
        query = query.where(ServiceProvider.start_date <= year.end_date, ServiceProvider.end_date >= year.start_date)
    if unit_id is not None:
        query = query.where(ServiceProvider.responsible_unit_id == unit_id)
    providers = list(session.scalars(query.order_by(ServiceProvider.name, ServiceProvider.contract_reference)))
    units: dict[str | None, str] = {unit_id: name for unit_id, name in session.execute(
        select(Unit.id, Unit.name).where(Unit.organisation_id == organisation_id))}
    people: dict[str | None, str] = {person_id: name for person_id, name in session.execute(
        select(Person.id, Person.full_name).where(Person.organisation_id == organisation_id))}
    found = _assessments(session, [provider.id for provider in providers], year, as_of) if year else {}
    return [ProviderRow(provider.id, provider.version, provider.name, provider.services,
                        provider.contract_reference, provider.contract_value, provider.start_date,
                        provider.end_date, provider.responsible_unit_id, units.get(provider.responsible_unit_id),
                        provider.responsible_person_id, people.get(provider.responsible_person_id),
                        tuple(found.get(provider.id, ())))
            for provider in providers]


def _assessments(session: Session, provider_ids: list[str], year: FinancialYear,
                 as_of: date | None) -> dict[str, list[QuarterAssessment]]:
    scale = rating_scale(session)
    found: dict[str, list[QuarterAssessment]] = {}
    query = (select(ServiceProviderAssessment, ReportingPeriod.number)
             .join(ReportingPeriod, ReportingPeriod.id == ServiceProviderAssessment.period_id)
             .where(ServiceProviderAssessment.service_provider_id.in_(provider_ids),
                    ReportingPeriod.financial_year_id == year.id)
             .order_by(ReportingPeriod.number))
    if as_of is not None:
        query = query.where(ServiceProviderAssessment.assessed_on <= as_of)
    for assessment, quarter in session.execute(query):
        found.setdefault(assessment.service_provider_id, []).append(QuarterAssessment(
            assessment.id, assessment.version, assessment.period_id, quarter, assessment.rating,
            scale.words(assessment.rating), assessment.comment, assessment.corrective_action,
            assessment.assessed_by, assessment.assessed_on))
    return found


def provider_form_choices(session: Session, organisation_id: str,
                          financial_year_id: str | None) -> ProviderFormChoices:
    """What the provider and assessment forms offer: directorates, current officials, the year's quarters."""
    units = session.execute(select(Unit.id, Unit.name).where(Unit.organisation_id == organisation_id)
                            .order_by(Unit.name))
    people = session.execute(select(Person.id, Person.full_name).where(
        Person.organisation_id == organisation_id).order_by(Person.full_name))
    quarters: list[Choice] = []
    if financial_year_id is not None:
        quarters = [Choice(period_id, label) for period_id, label in session.execute(
            select(ReportingPeriod.id, ReportingPeriod.label).where(
                ReportingPeriod.financial_year_id == financial_year_id, ReportingPeriod.kind == PeriodKind.QUARTER)
            .order_by(ReportingPeriod.number))]
    return ProviderFormChoices(tuple(Choice(*row) for row in units), tuple(Choice(*row) for row in people),
                               tuple(quarters), rating_scale(session))


def _check_links(session: Session, organisation_id: str, data: Mapping[str, Any], provider_id: str | None = None) -> None:
    """Refuse a directorate or official of another organisation, a contract ending before it starts, and a
    contract reference another provider of the organisation already has (one contract, one register line)."""
    problems: dict[str, str] = {}
    reference = data.get("contract_reference")
    if reference is not None:
        holder = session.scalar(select(ServiceProvider.name).where(
            ServiceProvider.organisation_id == organisation_id, ServiceProvider.contract_reference == reference,
            ServiceProvider.id != (provider_id or "")))
        if holder is not None:
            problems["contract_reference"] = _("{0} is already the contract of {1}").format(reference, holder)
    unit_id, person_id = data.get("responsible_unit_id"), data.get("responsible_person_id")
    if unit_id is not None:
        unit = session.get(Unit, unit_id)
        if unit is None or unit.organisation_id != organisation_id:
            problems["responsible_unit_id"] = _("no directorate with id {0} in this organisation").format(unit_id)
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None or person.organisation_id != organisation_id:
            problems["responsible_person_id"] = _("no official with id {0} in this organisation").format(person_id)
    start, end = data.get("start_date"), data.get("end_date")
    if start is not None and end is not None and end < start:
        problems["end_date"] = _("is {0}, before the contract starts on {1}").format(end, start)
    if problems:
        raise ValidationError(problems)


def create_service_provider(session: Session, actor: Actor, organisation_id: str,
                            values: Mapping[str, Any]) -> ServiceProvider:
    """Record a provider; managed by a directorate, it needs the right to manage providers there."""
    get_or_fail(session, Organisation, organisation_id, "organisation")
    data = clean(values, PROVIDER_FIELDS)
    actor.require(Permission.MANAGE_SERVICE_PROVIDERS, data["responsible_unit_id"])
    _check_links(session, organisation_id, data)
    with transaction(session):
        return add_record(session, actor, ServiceProvider(organisation_id=organisation_id, **data))


def update_service_provider(session: Session, actor: Actor, provider_id: str, changes: Mapping[str, Any], *,
                            expected_version: int) -> ServiceProvider:
    """Change a provider as read at ``expected_version``; moving it to another directorate needs both."""
    provider = get_or_fail(session, ServiceProvider, provider_id, "service provider")
    if provider.version != expected_version:
        raise EditConflict("service_provider")
    actor.require(Permission.MANAGE_SERVICE_PROVIDERS, provider.responsible_unit_id)
    data = clean(changes, PROVIDER_FIELDS, partial=True)
    if "responsible_unit_id" in data:
        actor.require(Permission.MANAGE_SERVICE_PROVIDERS, data["responsible_unit_id"])
    merged = {"start_date": provider.start_date, "end_date": provider.end_date, **data}
    _check_links(session, provider.organisation_id, merged, provider.id)
    with transaction(session):
        return change_record(session, actor, provider, data)


ASSESSMENT_FIELDS: dict[str, Coerce] = {
    "period_id": text(36, required=True),
    "comment": text(4000),
    "corrective_action": text(4000),
    "assessed_by": text(200, required=True),
    "assessed_on": a_date(required=True),
}


def _rating(scale: RatingScale) -> Coerce:
    def coerce(value: Any) -> int:
        if value is None or value == "":
            raise Invalid(_("is required: a whole number from {0} to {1}").format(min(scale.points), max(scale.points)))
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value not in scale.points:
            words = ", ".join(scale.words(point) for point in scale.points)
            raise Invalid(_("must be one of {0}; got {1!r}").format(words, value))
        return value

    return coerce


def assess_service_provider(session: Session, actor: Actor, provider_id: str,
                            values: Mapping[str, Any]) -> ServiceProviderAssessment:
    """Record (or correct) a provider's assessment for one quarter of a year its contract runs in.

    ``values``: period_id (a quarter), rating (a point of the scale), comment, corrective_action,
    assessed_by, assessed_on (within or after the quarter). A second assessment of the same quarter
    replaces the first's content, audited as a change; a rating below the scale's middle needs a
    corrective action, as MFMA s116(2)(a) asks the contract to be enforced.
    """
    provider = get_or_fail(session, ServiceProvider, provider_id, "service provider")
    actor.require(Permission.MANAGE_SERVICE_PROVIDERS, provider.responsible_unit_id)
    scale = rating_scale(session)
    data = clean(values, {**ASSESSMENT_FIELDS, "rating": _rating(scale)})
    period = _quarter_of(session, provider, data["period_id"])
    problems: dict[str, str] = {}
    if period.end_date < provider.start_date or period.start_date > provider.end_date:
        problems["period_id"] = _("{0} is outside the contract ({1} to {2})").format(
            period.label, provider.start_date, provider.end_date)
    if data["assessed_on"] < period.start_date:
        problems["assessed_on"] = _("is {0}, before {1} starts on {2}").format(
            data["assessed_on"], period.label, period.start_date)
    middle = (scale.best + scale.worst) / 2
    below = data["rating"] < middle if scale.best > scale.worst else data["rating"] > middle
    if below and not data["corrective_action"]:
        problems["corrective_action"] = _("is required for a rating of {0}: say what will be done").format(
            scale.words(data["rating"]))
    if problems:
        raise ValidationError(problems)
    existing = session.scalar(select(ServiceProviderAssessment).where(
        ServiceProviderAssessment.service_provider_id == provider.id,
        ServiceProviderAssessment.period_id == period.id))
    with transaction(session):
        if existing is not None:
            return change_record(session, actor, existing, data)
        return add_record(session, actor, ServiceProviderAssessment(service_provider_id=provider.id, **data))


def _quarter_of(session: Session, provider: ServiceProvider, period_id: str) -> ReportingPeriod:
    period = session.get(ReportingPeriod, period_id)
    year = session.get(FinancialYear, period.financial_year_id) if period is not None else None
    if period is None or year is None or year.organisation_id != provider.organisation_id \
            or period.kind != PeriodKind.QUARTER:
        raise ValidationError.single("period_id", _("no quarter with id {0} in this organisation").format(period_id))
    return period
