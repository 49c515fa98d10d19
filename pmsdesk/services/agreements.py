"""Performance agreements: drafting with weighted items, signing (locks), amending (new version)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
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
    MeasureType,
    Organisation,
    PerformanceAgreement,
    Person,
    Position,
)
from pmsdesk.vocabulary import vocabulary_for
from pmsdesk.wording import measured_value

from .actor import Actor, Permission
from .agreement_dates import agreement_deadlines, conclusion_due, record_made_public
from .agreement_rules import (
    AGREEMENT_FIELDS,
    CRITERIA,
    ITEM_FIELDS,
    WEIGHT_GROUPS,
    category_weights,
    kinds_for_country,
    rules_for,
    validate_items,
)
from .contract_programmes import programme_choices, programme_problems
from .development_plans import copy_development_plan
from .errors import LockedRecord, ValidationError
from .records import add_record, change_record, get_or_fail, remove_record, transaction
from .validation import clean

__all__ = ["AGREEMENT_FIELDS", "CRITERIA", "ITEM_FIELDS", "WEIGHT_GROUPS", "conclusion_due", "record_made_public",
           "validate_items"]
FRONT_MATTER = ("vision", "mission", "strategic_objectives")
ITEM_HISTORY = ("category", "unit", "baseline", "achieved_last_year", "achieved_year_before", "target_value",
                "programme_id", "performance_criteria", "resources")


def _check_kind(organisation: Organisation, kind: AgreementKind) -> None:
    offered = kinds_for_country(organisation.country)
    if kind not in offered:
        names = " or ".join(KIND_WORDS[k] for k in offered)
        raise ValidationError.single("kind", _("{0} makes {1}, not {2}").format(organisation.name, names, KIND_WORDS[kind]))


#: How a kind reads in a refusal (the screens have their own, shorter names).
KIND_WORDS = {AgreementKind.SA_SECTION_56: "Section 56/57 performance agreements",
              AgreementKind.KE_PERFORMANCE_CONTRACT: "performance contracts",
              AgreementKind.KE_SPAS: "SPAS staff appraisals",
              AgreementKind.TZ_OPRAS: "OPRAS forms"}


def _items_checked(session: Session, organisation_id: str, kind: AgreementKind, rule_set_code: str,
                   items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rules = rules_for(session, rule_set_code) if kind == AgreementKind.KE_PERFORMANCE_CONTRACT else None
    cleaned = validate_items(kind, items, rules)
    problems = programme_problems(session, organisation_id, cleaned)
    if problems:
        raise ValidationError(problems)
    return cleaned


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
    _check_kind(session.get(Organisation, person.organisation_id), data["kind"])
    cleaned_items = _items_checked(session, person.organisation_id, data["kind"], data["rule_set_code"], items)
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
    cleaned_items = _items_checked(session, signed.organisation_id, signed.kind, signed.rule_set_code, items)
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
                **{name: getattr(signed, name) for name in FRONT_MATTER},
                amendment_number=signed.amendment_number + 1,
                supersedes_id=signed.id,
                amendment_reason=reason.strip(),
            ),
            reason=reason.strip(),
        )
        _add_items(session, actor, amendment, cleaned_items)
        copy_development_plan(session, actor, signed.id, amendment.id)
        return amendment


def update_draft(
    session: Session,
    actor: Actor,
    agreement_id: str,
    values: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
) -> PerformanceAgreement:
    """Replace a draft's title, supervisor, front matter and items; a signed or superseded version is refused."""
    actor.require(Permission.MANAGE_AGREEMENTS)
    agreement = get_or_fail(session, PerformanceAgreement, agreement_id, "agreement")
    if agreement.status != AgreementStatus.DRAFT:
        raise LockedRecord(_(
                "The agreement is {0} and cannot be edited; amend it with a reason instead.").format(agreement.status.value))
    data = clean(values, {key: AGREEMENT_FIELDS[key] for key in ("title", "supervisor_person_id", *FRONT_MATTER)},
                 partial=True)
    cleaned_items = _items_checked(session, agreement.organisation_id, agreement.kind, agreement.rule_set_code, items)
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
    #: When the year's agreement was concluded (its original version signed) and the day it was due by.
    concluded_on: date | None = None
    due_on: date | None = None
    #: When this version was made public (MFMA s53(3)(b)); for the list, the year's first publication.
    made_public_on: date | None = None
    #: The last day the year's agreement should have been made public (None: not due until it is concluded).
    publish_due_on: date | None = None

    def is_late(self, today: date) -> bool:
        """Concluded after the day it was due, or still not concluded after it."""
        if self.due_on is None:
            return False
        return (self.concluded_on or today) > self.due_on

    def is_published_late(self, today: date) -> bool:
        """Made public after the day it was due, or still not public after it."""
        if self.publish_due_on is None:
            return False
        return (self.made_public_on or today) > self.publish_due_on


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
    category: str | None = None
    unit: str | None = None
    baseline: float | None = None
    achieved_last_year: float | None = None
    achieved_year_before: float | None = None
    target_value: float | None = None
    #: Kenyan contracts: the CIDP programme or ADP project served; OPRAS: an objective's criteria and resources.
    programme_id: str | None = None
    performance_criteria: str | None = None
    resources: str | None = None


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
    #: Vision, mission and strategic objectives (Kenyan contracts), by field name.
    front_matter: dict[str, str | None] = field(default_factory=dict)

    @property
    def is_locked(self) -> bool:
        return self.agreement.status != AgreementStatus.DRAFT


@dataclass(frozen=True)
class PersonChoice:
    id: str
    full_name: str
    position: str | None
    #: Holds a senior post: a Kenyan performance contract rather than a SPAS appraisal.
    senior: bool = False


@dataclass(frozen=True)
class KpiChoice:
    """A KPI of the register that can become an agreement line."""

    id: str
    reference: str
    name: str
    kpa_id: str | None
    target_text: str
    annual_target: float | None
    #: On the top-layer SDBIP: what a manager's agreement takes by default.
    top_layer: bool = False


def _row(agreement: PerformanceAgreement, position: str | None) -> AgreementRow:
    return AgreementRow(agreement.id, agreement.person_id, agreement.person.full_name, position,
                        agreement.kind, agreement.title, agreement.amendment_number, agreement.status,
                        agreement.signed_on, agreement.signed_place, agreement.amendment_reason,
                        made_public_on=agreement.made_public_on)


def _positions(session: Session, organisation_id: str) -> dict[str, str]:
    rows = session.execute(select(Person.id, Position.title).join(Position, Position.id == Person.position_id)
                           .where(Person.organisation_id == organisation_id))
    return {person_id: title for person_id, title in rows}


def list_agreements(session: Session, organisation_id: str, financial_year_id: str) -> list[AgreementRow]:
    """The current version (highest amendment) of each person's agreement for the year, by name, with the
    day the original was concluded and first made public and, for a Section 56/57 agreement, the days
    each was due by (the rule set's ``deadlines``)."""
    found = list(session.scalars(select(PerformanceAgreement).where(
        PerformanceAgreement.organisation_id == organisation_id,
        PerformanceAgreement.financial_year_id == financial_year_id)))
    latest: dict[str, PerformanceAgreement] = {}
    published: dict[str, date] = {}
    for agreement in found:
        current = latest.get(agreement.person_id)
        if current is None or agreement.amendment_number > current.amendment_number:
            latest[agreement.person_id] = agreement
        first = published.get(agreement.person_id)
        if agreement.made_public_on and (first is None or agreement.made_public_on < first):
            published[agreement.person_id] = agreement.made_public_on
    concluded = {a.person_id: a.signed_on for a in found if a.amendment_number == 0}
    start = session.get(FinancialYear, financial_year_id).start_date
    positions = _positions(session, organisation_id)
    rows = []
    for agreement in latest.values():
        row = replace(_row(agreement, positions.get(agreement.person_id)),
                      concluded_on=concluded.get(agreement.person_id), made_public_on=published.get(agreement.person_id))
        if agreement.kind == AgreementKind.SA_SECTION_56:
            deadlines = agreement_deadlines(session, agreement.rule_set_code)
            signed = row.concluded_on
            row = replace(row, due_on=conclusion_due(start, deadlines["conclude_months_after_year_start"]),
                          publish_due_on=signed + timedelta(days=deadlines["publish_days_after_approval"])
                          if signed else None)
        rows.append(row)
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
                         tuple(getattr(item, name) for name in CRITERIA),
                         *(getattr(item, name) for name in ITEM_HISTORY))
        for item in agreement.items
    )
    organisation = session.get(Organisation, agreement.organisation_id)
    return AgreementDetail(
        _row(agreement, positions.get(agreement.person_id)), organisation.code, agreement.financial_year.label,
        agreement.rule_set_code, agreement.supervisor_person_id, items,
        tuple(_row(version, positions.get(version.person_id)) for version in versions),
        {name: getattr(agreement, name) for name in FRONT_MATTER})


def people_of(session: Session, organisation_id: str) -> list[PersonChoice]:
    """Everyone in the organisation who could sign an agreement (not retired; see the People screen), by name."""
    rows = session.execute(select(Person.id, Person.full_name, Position.title, Position.is_senior_manager)
                           .outerjoin(Position, Position.id == Person.position_id)
                           .where(Person.organisation_id == organisation_id, Person.retired_on.is_(None))
                           .order_by(Person.full_name))
    return [PersonChoice(person_id, name, title, bool(senior)) for person_id, name, title, senior in rows]


#: kind → (what the item list applies to, only its compulsory items): the lines a new agreement starts with.
STANDARD_LINES = {AgreementKind.SA_SECTION_56: ("ccr", True), AgreementKind.TZ_OPRAS: ("attribute", False),
                  AgreementKind.KE_SPAS: ("competency", False)}


def standard_lines(session: Session) -> dict[AgreementKind, list[str]]:
    """Titles a new agreement starts with, from the item lists the set-up stored (edited under Rule sets).

    South Africa: the compulsory core competency requirements; Tanzania: the
    OPRAS attributes; Kenya: the SPAS values and competencies. Empty when the
    database holds no such list (the demo).
    """
    from .rule_sets import list_rule_sets  # the rule-set reads, only when agreements are opened

    lists = {rules["body"].get("applies_to"): rules["body"].get("items", [])
             for rules in list_rule_sets(session) if rules["kind"] == "item_list"}
    lines = {kind: [item["title"] for item in lists.get(applies_to, []) if item.get("compulsory") or not compulsory]
             for kind, (applies_to, compulsory) in STANDARD_LINES.items()}
    framework = [item["title"] for item in lists.get("competency_framework", []) if item.get("compulsory")]
    lines[AgreementKind.SA_SECTION_56] += [t for t in framework if t not in lines[AgreementKind.SA_SECTION_56]]
    return lines


def competency_titles(session: Session) -> list[str]:
    """The competencies a Section 56/57 agreement's CCR lines and development-plan gaps are chosen from: the
    senior managers' competency framework (rule set ``za_competencies``: leading, then core), then any other
    competency list the organisation adopted (``za_ccr``), each title once."""
    from pmsdesk.scoring.za_competencies import CODE

    from .rule_sets import list_rule_sets

    lists = [rules_for(session, CODE)] + [rules for rules in list_rule_sets(session)
                                          if rules["kind"] == "item_list" and rules["code"] != CODE
                                          and rules["body"].get("applies_to") == "ccr"]
    titles: dict[str, None] = {}
    for rules in lists:
        titles |= dict.fromkeys(item["title"] for item in rules["body"].get("items", []))
    return list(titles)


@dataclass(frozen=True)
class CountryAgreements:
    """What the agreements screen offers an organisation: its country's agreement kinds (the usual one
    first), the criteria categories of its performance contracts and the competencies of its Section 56/57
    agreements."""

    country: str
    kinds: tuple[AgreementKind, ...]
    categories: tuple[str, ...]
    #: Kenyan contracts: the county's CIDP programmes and ADP projects (id, label) an indicator may serve.
    programmes: tuple[tuple[str, str], ...] = ()
    #: A standard line's group (an OPRAS quality attribute's main factor), by title.
    line_groups: dict[str, str] = field(default_factory=dict)
    #: The competencies CCR lines and development-plan gaps are chosen from (Section 56/57 agreements).
    competencies: tuple[str, ...] = ()


def country_agreements(session: Session, organisation_id: str) -> CountryAgreements:
    country = get_or_fail(session, Organisation, organisation_id, "organisation").country
    kinds = kinds_for_country(country)
    contracts = AgreementKind.KE_PERFORMANCE_CONTRACT in kinds
    categories = tuple(category_weights(rules_for(session, AgreementKind.KE_PERFORMANCE_CONTRACT.value))) \
        if contracts else ()
    programmes = tuple((choice.id, choice.label) for choice in programme_choices(session, organisation_id)) \
        if contracts else ()
    competencies = tuple(competency_titles(session)) if AgreementKind.SA_SECTION_56 in kinds else ()
    return CountryAgreements(country, kinds, categories, programmes, standard_groups(session), competencies)


def standard_groups(session: Session) -> dict[str, str]:
    """The group of each standard line that has one (the OPRAS attributes' main factors), by title."""
    from .rule_sets import list_rule_sets  # the rule-set reads, only when agreements are opened

    return {item["title"]: item["group"] for rules in list_rule_sets(session) if rules["kind"] == "item_list"
            for item in rules["body"].get("items", []) if item.get("group")}


def kpi_choices(session: Session, organisation_id: str, financial_year_id: str) -> list[KpiChoice]:
    """The year's active KPIs with their annual targets in words, by reference."""
    kpis = session.scalars(select(Kpi).where(
        Kpi.organisation_id == organisation_id, Kpi.financial_year_id == financial_year_id,
        Kpi.is_active.is_(True)).order_by(Kpi.reference))
    choices = []
    money = vocabulary_for(session.scalar(select(Organisation.country).where(Organisation.id == organisation_id))).money
    for kpi in kpis:
        target = kpi.annual_target if kpi.annual_target is not None else (
            kpi.annual_target_date or kpi.annual_target_text)
        words = measured_value(target, kpi.measure_type, money)
        if words and kpi.unit_of_measure and not (kpi.measure_type is MeasureType.CURRENCY and money.symbol):
            words = f"{words} {kpi.unit_of_measure}"
        choices.append(KpiChoice(kpi.id, kpi.reference, kpi.name, kpi.kpa_id, words, kpi.annual_target,
                                 bool(kpi.top_layer)))
    return choices
