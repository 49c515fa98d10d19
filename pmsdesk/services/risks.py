"""The risk register: risks that threaten KPIs, rated likelihood × impact on a 5 × 5 matrix.

A risk linked to a KPI follows that KPI's responsible unit for permissions, so
a capturer manages the risks of their own directorate only. Saves carry the
version the form was filled from: a save over someone else's newer save is
refused (``EditConflict``) instead of silently undoing their change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from pmsdesk.i18n import _
from pmsdesk.models import Kpi, Organisation, Person, Risk, Unit

from .actor import Actor, Permission
from .edit_conflicts import EditConflict
from .errors import ValidationError
from .form_choices import Choice
from .records import add_record, change_record, get_or_fail, transaction
from .validation import Coerce, Invalid, clean, flag, integer, reference_id, text


def rating_point() -> Coerce:
    """A likelihood or impact: a whole number from 1 to 5, required."""
    whole = integer(minimum=1, maximum=5)

    def coerce(value: Any) -> int:
        if value is None or value == "":
            raise Invalid(_("is required: a whole number from 1 to 5"))
        return whole(value)

    return coerce


RISK_FIELDS = {
    "title": text(300, required=True),
    "description": text(4000),
    "kpi_id": reference_id(),
    "likelihood": rating_point(),
    "impact": rating_point(),
    "mitigation": text(4000),
    "owner_person_id": reference_id(),
    "is_open": flag(),
}
#: What the edit form changes; opening and closing go through ``close_risk``/``reopen_risk`` with a reason.
EDITABLE_FIELDS = {name: coerce for name, coerce in RISK_FIELDS.items() if name != "is_open"}


class RiskBand(StrEnum):
    """Where a rating (likelihood × impact, 1–25) falls on the usual 5 × 5 matrix."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    EXTREME = "extreme"


#: The lowest rating of each band, highest band first.
BAND_FLOORS = ((RiskBand.EXTREME, 17), (RiskBand.HIGH, 10), (RiskBand.MEDIUM, 5), (RiskBand.LOW, 1))


def band_of(rating: int) -> RiskBand:
    return next(band for band, floor in BAND_FLOORS if rating >= floor)


def band_range(band: RiskBand) -> str:
    """'10–16' for the legend."""
    floors = dict(BAND_FLOORS)
    higher = [floor for other, floor in BAND_FLOORS if floor > floors[band]]
    top = min(higher) - 1 if higher else 25
    return f"{floors[band]}–{top}"


@dataclass(frozen=True, slots=True)
class RiskRow:
    """One risk as the register lists it, with what the edit form needs (``version`` for the save)."""

    id: str
    version: int
    title: str
    description: str | None
    kpi_id: str | None
    kpi_reference: str | None
    kpi_name: str | None
    unit_id: str | None
    unit_name: str | None
    likelihood: int
    impact: int
    mitigation: str | None
    owner_person_id: str | None
    owner_name: str | None
    is_open: bool

    @property
    def rating(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> RiskBand:
        return band_of(self.rating)


@dataclass(frozen=True, slots=True)
class RiskFormChoices:
    kpis: tuple[Choice, ...]
    owners: tuple[Choice, ...]


def list_risks(
    session: Session,
    actor: Actor,
    organisation_id: str,
    *,
    financial_year_id: str | None = None,
    is_open: bool | None = None,
    kpi_id: str | None = None,
    unit_id: str | None = None,
    band: RiskBand | None = None,
) -> list[RiskRow]:
    """The organisation's risks, highest rating first.

    With ``financial_year_id`` only risks linked to a KPI of that year, or to
    no KPI, are listed (a risk follows its KPI from year to year by being
    linked again). ``unit_id`` is the linked KPI's responsible unit.
    """
    actor.require(Permission.READ)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    owner = aliased(Person)
    query = (
        select(Risk.id, Risk.version, Risk.title, Risk.description, Risk.kpi_id, Kpi.reference, Kpi.name,
               Kpi.responsible_unit_id, Unit.name, Risk.likelihood, Risk.impact, Risk.mitigation,
               Risk.owner_person_id, owner.full_name, Risk.is_open)
        .outerjoin(Kpi, Kpi.id == Risk.kpi_id)
        .outerjoin(Unit, Unit.id == Kpi.responsible_unit_id)
        .outerjoin(owner, owner.id == Risk.owner_person_id)
        .where(Risk.organisation_id == organisation_id)
        .order_by((Risk.likelihood * Risk.impact).desc(), Risk.title)
    )
    if financial_year_id is not None:
        query = query.where(or_(Risk.kpi_id.is_(None), Kpi.financial_year_id == financial_year_id))
    if is_open is not None:
        query = query.where(Risk.is_open.is_(is_open))
    if kpi_id is not None:
        query = query.where(Risk.kpi_id == kpi_id)
    if unit_id is not None:
        query = query.where(Kpi.responsible_unit_id == unit_id)
    found: list[tuple[Any, ...]] = [tuple(row) for row in session.execute(query)]  # the select lists RiskRow's fields
    rows = [RiskRow(*values) for values in found]
    return [row for row in rows if band is None or row.band == band]


def risk_form_choices(session: Session, organisation_id: str, financial_year_id: str | None) -> RiskFormChoices:
    """The KPIs a risk can be linked to (the year's, by reference) and the people who can own it."""
    kpi_query = select(Kpi.id, Kpi.reference, Kpi.name).where(Kpi.organisation_id == organisation_id,
                                                                 Kpi.is_active.is_(True))
    if financial_year_id is not None:
        kpi_query = kpi_query.where(Kpi.financial_year_id == financial_year_id)
    kpis = [Choice(kpi_id, f"{reference} — {name}") for kpi_id, reference, name in session.execute(kpi_query)]
    kpis.sort(key=lambda choice: choice.label.casefold())
    owners = session.execute(select(Person.id, Person.full_name).where(Person.organisation_id == organisation_id)
                             .order_by(Person.full_name))
    return RiskFormChoices(tuple(kpis), tuple(Choice(*row) for row in owners))


def _linked_unit(session: Session, organisation_id: str, kpi_id: str | None) -> str | None:
    """The responsible unit of the KPI a risk is linked to; refuses a KPI of another organisation."""
    if kpi_id is None:
        return None
    kpi = session.get(Kpi, kpi_id)
    if kpi is None or kpi.organisation_id != organisation_id:
        raise ValidationError.single("kpi_id", _("no KPI with id {0} in this organisation").format(kpi_id))
    return kpi.responsible_unit_id


def _check_owner(session: Session, organisation_id: str, person_id: str | None) -> None:
    if person_id is None:
        return
    person = session.get(Person, person_id)
    if person is None or person.organisation_id != organisation_id:
        raise ValidationError.single("owner_person_id", _("no person with id {0} in this organisation").format(person_id))


def create_risk(session: Session, actor: Actor, organisation_id: str, values: Mapping[str, Any]) -> Risk:
    """Record a risk; linked to a KPI, it follows that KPI's unit for permissions."""
    get_or_fail(session, Organisation, organisation_id, "organisation")
    unit_id = _linked_unit(session, organisation_id, values.get("kpi_id"))
    actor.require(Permission.MANAGE_RISKS, unit_id)
    data = clean({"is_open": True, **values}, RISK_FIELDS)
    _check_owner(session, organisation_id, data["owner_person_id"])
    with transaction(session):
        return add_record(session, actor, Risk(organisation_id=organisation_id, **data))


def _current(session: Session, risk_id: str, expected_version: int) -> Risk:
    risk = get_or_fail(session, Risk, risk_id, "risk")
    if risk.version != expected_version:
        raise EditConflict("risk")
    return risk


def update_risk(
    session: Session, actor: Actor, risk_id: str, changes: Mapping[str, Any], *, expected_version: int
) -> Risk:
    """Change a risk's fields as read at ``expected_version``; every bad field is reported together.

    Moving a risk to another KPI needs the right to manage risks in both
    KPIs' units.
    """
    risk = _current(session, risk_id, expected_version)
    actor.require(Permission.MANAGE_RISKS, _linked_unit(session, risk.organisation_id, risk.kpi_id))
    data = clean(changes, EDITABLE_FIELDS, partial=True)
    if "kpi_id" in data:
        actor.require(Permission.MANAGE_RISKS, _linked_unit(session, risk.organisation_id, data["kpi_id"]))
    if "owner_person_id" in data:
        _check_owner(session, risk.organisation_id, data["owner_person_id"])
    with transaction(session):
        return change_record(session, actor, risk, data)


def close_risk(session: Session, actor: Actor, risk_id: str, reason: str, *, expected_version: int) -> Risk:
    """Close a risk that no longer threatens its KPI; the reason goes into the audit trail."""
    return _set_open(session, actor, risk_id, False, reason, expected_version)


def reopen_risk(session: Session, actor: Actor, risk_id: str, reason: str, *, expected_version: int) -> Risk:
    return _set_open(session, actor, risk_id, True, reason, expected_version)


def _set_open(session: Session, actor: Actor, risk_id: str, is_open: bool, reason: str, expected_version: int) -> Risk:
    risk = _current(session, risk_id, expected_version)
    actor.require(Permission.MANAGE_RISKS, _linked_unit(session, risk.organisation_id, risk.kpi_id))
    if not reason or not reason.strip():
        raise ValidationError.single("reason", _("say why the risk is {0}").format('reopened' if is_open else 'closed'))
    if risk.is_open == is_open:
        raise ValidationError.single("is_open", _("the risk is already {0}").format('open' if is_open else 'closed'))
    with transaction(session):
        return change_record(session, actor, risk, {"is_open": is_open}, reason=reason.strip())
