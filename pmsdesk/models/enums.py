"""Closed vocabularies stored as short strings (portable to PostgreSQL)."""

from __future__ import annotations

from enum import StrEnum


class UnitLevel(StrEnum):
    DIRECTORATE = "directorate"
    DEPARTMENT = "department"
    UNIT = "unit"


class OrganisationKind(StrEnum):
    """What sort of body an organisation is; the set-up offers the specific kinds.

    ``municipality`` and ``lga`` are the general kinds older databases (and the
    demo) hold; ``oversight`` is a head office (provincial department, PO-RALG).
    """

    MUNICIPALITY = "municipality"
    LOCAL_MUNICIPALITY = "local_municipality"
    DISTRICT_MUNICIPALITY = "district_municipality"
    METROPOLITAN_MUNICIPALITY = "metropolitan_municipality"
    COUNTY = "county"
    MINISTRY = "ministry"
    LGA = "lga"
    DISTRICT_COUNCIL = "district_council"
    TOWN_COUNCIL = "town_council"
    CITY_COUNCIL = "city_council"
    OVERSIGHT = "oversight"


class PlanKind(StrEnum):
    IDP = "idp"
    CIDP = "cidp"
    STRATEGIC_PLAN = "strategic_plan"


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    MONTH = "month"


class MeasureType(StrEnum):
    NUMBER = "number"
    PERCENTAGE = "percentage"
    CURRENCY = "currency"
    YES_NO = "yes_no"
    DATE = "date"
    TEXT_MILESTONE = "text_milestone"


class CalculationType(StrEnum):
    """SDBIP calculation types, as in SCORING.md section 1."""

    ACCUMULATIVE = "accumulative"
    CARRY_OVER = "carry_over"
    STAND_ALONE = "stand_alone"
    LAST_VALUE = "last_value"
    REVERSE_STAND_ALONE = "reverse_stand_alone"
    ZERO = "zero"
    NOT_APPLICABLE = "not_applicable"


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"
    MILESTONE = "milestone"


class KpaScope(StrEnum):
    NATIONAL = "national"
    LOCAL = "local"


class KpiType(StrEnum):
    STRATEGIC = "strategic"
    OPERATIONAL = "operational"
    PROJECT = "project"
    PROGRAMME = "programme"
    REPORTING_REQUIREMENT = "reporting_requirement"


class KpiConcept(StrEnum):
    INPUT = "input"
    ACTIVITY = "activity"
    OUTPUT = "output"
    OUTCOME = "outcome"
    IMPACT = "impact"


class ActualStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    VERIFIED = "verified"
    APPROVED = "approved"


class AgreementKind(StrEnum):
    SA_SECTION_56 = "za_s56"
    KE_PERFORMANCE_CONTRACT = "ke_pc"
    KE_SPAS = "ke_spas"
    TZ_OPRAS = "tz_opras"


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    SUPERSEDED = "superseded"


class AgreementItemKind(StrEnum):
    KPA = "kpa"
    CCR = "ccr"
    INDICATOR = "indicator"
    OBJECTIVE = "objective"
    ATTRIBUTE = "attribute"
    TARGET = "target"
    COMPETENCY = "competency"


class AssessmentStatus(StrEnum):
    """Kenyan contract evaluations pass through ``submitted`` (self-evaluation) and ``verified``."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    FINAL = "final"


class DevelopmentStatus(StrEnum):
    """Progress of one action of a personal development plan (Annexure B)."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    NOT_DONE = "not_done"


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    PMS_OFFICER = "pms_officer"
    CAPTURER = "capturer"
    VERIFIER = "verifier"
    APPROVER = "approver"
    READ_ONLY = "read_only"


def values(enum: type[StrEnum]) -> list[str]:
    """The stored strings of an enum, for CHECK constraints and validation."""
    return [member.value for member in enum]


def enum_type(enum: type[StrEnum]):
    """A portable column type for ``enum``: VARCHAR plus a named CHECK constraint."""
    from sqlalchemy import Enum

    return Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        values_callable=values,
        name=enum.__name__.lower(),
        length=32,
    )
