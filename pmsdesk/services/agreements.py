"""Performance agreements: drafting with weighted items, signing (locks), amending (new version)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import (
    AgreementItem,
    AgreementItemKind,
    AgreementKind,
    AgreementStatus,
    FinancialYear,
    Kpi,
    Organisation,
    PerformanceAgreement,
    Person,
    Position,
)
from pmsdesk.wording import measured_value

from .actor import Actor, Permission
from .errors import LockedRecord, ValidationError
from .records import add_record, change_record, get_or_fail, remove_record, transaction
from .validation import choice, clean, number, reference_id, text

AGREEMENT_FIELDS = {
    "kind": choice(AgreementKind),
    "rule_set_code": text(60, required=True),
    "title": text(300, required=True),
    "supervisor_person_id": reference_id(),
}
ITEM_FIELDS = {
    "kind": choice(AgreementItemKind),
    "title": text(2000, required=True),
    "weight": number(minimum=0, maximum=100, required=True),
    "kpi_id": reference_id(),
    "kpa_id": reference_id(),
    "target_text": text(2000),
    "criteria_excellent": number(),
    "criteria_very_good": number(),
    "criteria_good": number(),
    "criteria_fair": number(),
    "criteria_poor": number(),
}
CRITERIA = ("criteria_excellent", "criteria_very_good", "criteria_good", "criteria_fair", "criteria_poor")

#: Which item kinds each agreement holds; each group's weights must sum to 100.
WEIGHT_GROUPS: dict[AgreementKind, tuple[AgreementItemKind, ...]] = {
    AgreementKind.SA_SECTION_56: (AgreementItemKind.KPA, AgreementItemKind.CCR),
    AgreementKind.KE_PERFORMANCE_CONTRACT: (AgreementItemKind.INDICATOR,),
    AgreementKind.TZ_OPRAS: (AgreementItemKind.OBJECTIVE, AgreementItemKind.ATTRIBUTE),
}


def validate_items(kind: AgreementKind, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    cleaned, problems = [], {}
    for index, item in enumerate(items):
        try:
            cleaned.append(clean(item, ITEM_FIELDS))
        except ValidationError as error:
            problems |= {f"items[{index}].{field}": message for field, message in error.problems.items()}
    if problems:
        raise ValidationError(problems)
    allowed = WEIGHT_GROUPS[kind]
    for index, item in enumerate(cleaned):
        if item["kind"] not in allowed:
            names = ", ".join(k.value for k in allowed)
            problems[f"items[{index}].kind"] = _("a {0} agreement holds {1} items").format(kind.value, names)
        if kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
            problems |= _criteria_problems(index, item)
    for group in allowed:
        total = sum(item["weight"] for item in cleaned if item["kind"] == group)
        if any(item["kind"] == group for item in cleaned) and abs(total - 100) > 1e-6:
            problems[f"items.{group.value}"] = _("weights sum to {0:g}, they must sum to 100").format(total)
    if problems:
        raise ValidationError(problems)
    return cleaned


def _criteria_problems(index: int, item: Mapping[str, Any]) -> dict[str, str]:
    """Kenyan criteria values run from Excellent to Poor, strictly one way."""
    values = [item[name] for name in CRITERIA]
    if any(value is None for value in values):
        return {f"items[{index}].criteria": "all five criteria values are needed"}
    rising = all(a < b for a, b in zip(values, values[1:]))
    falling = all(a > b for a, b in zip(values, values[1:]))
    if not (rising or falling):
        return {f"items[{index}].criteria": f"values {values} must rise or fall steadily"}
    return {}


def create_agreement(
    session: Session,
    actor: Actor,
    person_id: str,
    financial_year_id: str,
    values: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
) -> PerformanceAgreement:
    """Draft an agreement for a person and year with its weighted items."""
    actor.require(Permission.MANAGE_AGREEMENTS)
    person = get_or_fail(session, Person, person_id, "person")
    year = get_or_fail(session, FinancialYear, financial_year_id, "financial year")
    if year.organisation_id != person.organisation_id:
        raise ValidationError.single("financial_year_id", _("the year belongs to another organisation"))
    if person.retired_on is not None:
        raise ValidationError.single("person_id", _(
                "{0} was retired on {1:%d %b %Y}; reinstate them on the People "
                "screen first").format(person.full_name, person.retired_on))
    data = clean(values, AGREEMENT_FIELDS)
    cleaned_items = validate_items(data["kind"], items)
    existing = session.scalar(select(PerformanceAgreement.id).where(
        PerformanceAgreement.person_id == person.id, PerformanceAgreement.financial_year_id == year.id))
    if existing is not None:
        raise ValidationError.single(
            "person_id", _("{0} already has an agreement for {1}; amend that one instead").format(person.full_name, year.label))
    with transaction(session):
        agreement = add_record(
            session,
            actor,
            PerformanceAgreement(
                organisation_id=person.organisation_id,
                financial_year_id=year.id,
                person_id=person.id,
                **data,
            ),
        )
        _add_items(session, actor, agreement, cleaned_items)
        return agreement


def _add_items(session: Session, actor: Actor, agreement: PerformanceAgreement, items: list[dict]) -> None:
    for position, item in enumerate(items, start=1):
        add_record(session, actor, AgreementItem(agreement_id=agreement.id, position=position, **item))


def sign_agreement(
    session: Session, actor: Actor, agreement_id: str, signed_on: date, place: str
) -> PerformanceAgreement:
    """Mark a draft as signed: from now on it is read-only. A signed predecessor is superseded."""
    actor.require(Permission.APPROVE)
    agreement = get_or_fail(session, PerformanceAgreement, agreement_id, "agreement")
    if agreement.status != AgreementStatus.DRAFT:
        raise LockedRecord(_("The agreement is {0}; only a draft can be signed.").format(agreement.status.value))
    if not place or not place.strip():
        raise ValidationError.single("signed_place", _("say where the agreement was signed"))
    with transaction(session):
        if agreement.supersedes_id:
            previous = session.get(PerformanceAgreement, agreement.supersedes_id)
            change_record(session, actor, previous, {"status": AgreementStatus.SUPERSEDED},
                          reason=agreement.amendment_reason)
        return change_record(
            session, actor, agreement,
            {"status": AgreementStatus.SIGNED, "signed_on": signed_on, "signed_place": place.strip()},
        )


def amend_agreement(
    session: Session,
    actor: Actor,
    agreement_id: str,
    reason: str,
    items: Sequence[Mapping[str, Any]],
) -> PerformanceAgreement:
    """Start an amendment of a signed agreement: a new draft version; the signed one stays as it was."""
    actor.require(Permission.MANAGE_AGREEMENTS)
    signed = get_or_fail(session, PerformanceAgreement, agreement_id, "agreement")
    if signed.status != AgreementStatus.SIGNED:
        raise LockedRecord(_("Only a signed agreement can be amended; edit the draft instead."))
    if not reason or not reason.strip():
        raise ValidationError.single("reason", _("say why the agreement is amended"))
    cleaned_items = validate_items(signed.kind, items)
    with transaction(session):
        amendment = add_record(
            session,
            actor,
            PerformanceAgreement(
                organisation_id=signed.organisation_id,
                financial_year_id=signed.financial_year_id,
                person_id=signed.person_id,
                supervisor_person_id=signed.supervisor_person_id,
                kind=signed.kind,
                rule_set_code=signed.rule_set_code,
                title=signed.title,
                amendment_number=signed.amendment_number + 1,
                supersedes_id=signed.id,
                amendment_reason=reason.strip(),
            ),
            reason=reason.strip(),
        )
        _add_items(session, actor, amendment, cleaned_items)
        return amendment


def update_draft(
    session: Session,
    actor: Actor,
    agreement_id: str,
    values: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
) -> PerformanceAgreement:
    """Replace a draft's title, supervisor and items; a signed or superseded version is refused."""
    actor.require(Permission.MANAGE_AGREEMENTS)
    agreement = get_or_fail(session, PerformanceAgreement, agreement_id, "agreement")
    if agreement.status != AgreementStatus.DRAFT:
        raise LockedRecord(_(
                "The agreement is {0} and cannot be edited; amend it with a reason instead.").format(agreement.status.value))
    data = clean(values, {key: AGREEMENT_FIELDS[key] for key in ("title", "supervisor_person_id")},
                 partial=True)
    cleaned_items = validate_items(agreement.kind, items)
    with transaction(session):
        change_record(session, actor, agreement, data)
        for item in list(agreement.items):
            remove_record(session, actor, item)
        session.expire(agreement, ["items"])
        _add_items(session, actor, agreement, cleaned_items)
        session.refresh(agreement)
        return agreement


# -- reading: what the agreements screen lists and shows ------------------------------------------

@dataclass(frozen=True)
class AgreementRow:
    """One version of an agreement as lists show it; ``version`` is its amendment number."""

    id: str
    person_id: str
    employee: str
    position: str | None
    kind: AgreementKind
    title: str
    version: int
    status: AgreementStatus
    signed_on: date | None
    signed_place: str | None
    amendment_reason: str | None


@dataclass(frozen=True)
class AgreementItemRow:
    id: str
    kind: AgreementItemKind
    title: str
    weight: float
    kpi_id: str | None
    kpa_id: str | None
    target_text: str | None
    criteria: tuple[float | None, ...]


@dataclass(frozen=True)
class AgreementDetail:
    """An agreement with its items and every version of it (oldest first), for the form."""

    agreement: AgreementRow
    organisation_code: str
    year_label: str
    rule_set_code: str
    supervisor_person_id: str | None
    items: tuple[AgreementItemRow, ...]
    versions: tuple[AgreementRow, ...]

    @property
    def is_locked(self) -> bool:
        return self.agreement.status != AgreementStatus.DRAFT


@dataclass(frozen=True)
class PersonChoice:
    id: str
    full_name: str
    position: str | None


@dataclass(frozen=True)
class KpiChoice:
    """A KPI of the register that can become an agreement line."""

    id: str
    reference: str
    name: str
    kpa_id: str | None
    target_text: str
    annual_target: float | None


def _row(agreement: PerformanceAgreement, position: str | None) -> AgreementRow:
    return AgreementRow(agreement.id, agreement.person_id, agreement.person.full_name, position,
                        agreement.kind, agreement.title, agreement.amendment_number, agreement.status,
                        agreement.signed_on, agreement.signed_place, agreement.amendment_reason)


def _positions(session: Session, organisation_id: str) -> dict[str, str]:
    rows = session.execute(select(Person.id, Position.title).join(Position, Position.id == Person.position_id)
                           .where(Person.organisation_id == organisation_id))
    return {person_id: title for person_id, title in rows}


def list_agreements(session: Session, organisation_id: str, financial_year_id: str) -> list[AgreementRow]:
    """The current version (highest amendment) of each person's agreement for the year, by name."""
    found = session.scalars(select(PerformanceAgreement).where(
        PerformanceAgreement.organisation_id == organisation_id,
        PerformanceAgreement.financial_year_id == financial_year_id))
    latest: dict[str, PerformanceAgreement] = {}
    for agreement in found:
        current = latest.get(agreement.person_id)
        if current is None or agreement.amendment_number > current.amendment_number:
            latest[agreement.person_id] = agreement
    positions = _positions(session, organisation_id)
    rows = [_row(agreement, positions.get(agreement.person_id)) for agreement in latest.values()]
    return sorted(rows, key=lambda row: row.employee.casefold())


def agreement_detail(session: Session, agreement_id: str) -> AgreementDetail:
    agreement = get_or_fail(session, PerformanceAgreement, agreement_id, "agreement")
    positions = _positions(session, agreement.organisation_id)
    versions = session.scalars(select(PerformanceAgreement).where(
        PerformanceAgreement.person_id == agreement.person_id,
        PerformanceAgreement.financial_year_id == agreement.financial_year_id,
    ).order_by(PerformanceAgreement.amendment_number))
    items = tuple(
        AgreementItemRow(item.id, item.kind, item.title, item.weight, item.kpi_id, item.kpa_id, item.target_text,
                         tuple(getattr(item, name) for name in CRITERIA))
        for item in agreement.items
    )
    organisation = session.get(Organisation, agreement.organisation_id)
    return AgreementDetail(
        _row(agreement, positions.get(agreement.person_id)), organisation.code, agreement.financial_year.label,
        agreement.rule_set_code, agreement.supervisor_person_id, items,
        tuple(_row(version, positions.get(version.person_id)) for version in versions))


def people_of(session: Session, organisation_id: str) -> list[PersonChoice]:
    """Everyone in the organisation who could sign an agreement (not retired; see the People screen), by name."""
    rows = session.execute(select(Person.id, Person.full_name, Position.title)
                           .outerjoin(Position, Position.id == Person.position_id)
                           .where(Person.organisation_id == organisation_id, Person.retired_on.is_(None))
                           .order_by(Person.full_name))
    return [PersonChoice(*row) for row in rows]


#: kind → (what the item list applies to, only its compulsory items): the lines a new agreement starts with.
STANDARD_LINES = {AgreementKind.SA_SECTION_56: ("ccr", True), AgreementKind.TZ_OPRAS: ("attribute", False)}


def standard_lines(session: Session) -> dict[AgreementKind, list[str]]:
    """Titles a new agreement starts with, from the item lists the set-up stored (edited under Rule sets).

    South Africa: the compulsory core competency requirements; Tanzania: the
    OPRAS attributes. Empty when the database holds no such list (the demo).
    """
    from .rule_sets import list_rule_sets  # the rule-set reads, only when agreements are opened

    lists = {rules["body"].get("applies_to"): rules["body"].get("items", [])
             for rules in list_rule_sets(session) if rules["kind"] == "item_list"}
    return {kind: [item["title"] for item in lists.get(applies_to, []) if item.get("compulsory") or not compulsory]
            for kind, (applies_to, compulsory) in STANDARD_LINES.items()}


def kpi_choices(session: Session, organisation_id: str, financial_year_id: str) -> list[KpiChoice]:
    """The year's active KPIs with their annual targets in words, by reference."""
    kpis = session.scalars(select(Kpi).where(
        Kpi.organisation_id == organisation_id, Kpi.financial_year_id == financial_year_id,
        Kpi.is_active.is_(True)).order_by(Kpi.reference))
    choices = []
    for kpi in kpis:
        target = kpi.annual_target if kpi.annual_target is not None else (
            kpi.annual_target_date or kpi.annual_target_text)
        words = measured_value(target, kpi.measure_type)
        if words and kpi.unit_of_measure:
            words = f"{words} {kpi.unit_of_measure}"
        choices.append(KpiChoice(kpi.id, kpi.reference, kpi.name, kpi.kpa_id, words, kpi.annual_target))
    return choices
