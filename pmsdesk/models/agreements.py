"""Performance agreements / contracts and the assessments made against them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SyncedMixin
from .enums import AgreementItemKind, AgreementKind, AgreementStatus, AssessmentStatus, DevelopmentStatus, enum_type
from .organisation import Person
from .planning import FinancialYear


class PerformanceAgreement(SyncedMixin, Base):
    """A signed contract assigning KPIs and weights to a person (or organisation) for a year.

    A signed agreement is never edited: an amendment is a new row with
    ``amendment_number`` + 1 that points at the one it replaces.
    """

    __tablename__ = "performance_agreement"
    __table_args__ = (
        UniqueConstraint("person_id", "financial_year_id", "amendment_number"),
        CheckConstraint("amendment_number >= 0", name="amendment_not_negative"),
    )

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    financial_year_id: Mapped[str] = mapped_column(ForeignKey("financial_year.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    supervisor_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    kind: Mapped[AgreementKind] = mapped_column(enum_type(AgreementKind))
    rule_set_code: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[AgreementStatus] = mapped_column(
        enum_type(AgreementStatus), default=AgreementStatus.DRAFT
    )
    amendment_number: Mapped[int] = mapped_column(Integer, default=0)
    supersedes_id: Mapped[str | None] = mapped_column(ForeignKey("performance_agreement.id"))
    amendment_reason: Mapped[str | None] = mapped_column(Text)
    signed_on: Mapped[date | None] = mapped_column(Date)
    signed_place: Mapped[str | None] = mapped_column(String(200))
    #: The day the signed agreement was made public (MFMA s53(3)(b)); recorded after signing.
    made_public_on: Mapped[date | None] = mapped_column(Date)
    #: Front matter of a Kenyan performance contract (strategic objectives one per line).
    vision: Mapped[str | None] = mapped_column(Text)
    mission: Mapped[str | None] = mapped_column(Text)
    strategic_objectives: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    financial_year: Mapped[FinancialYear] = relationship()
    items: Mapped[list[AgreementItem]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="AgreementItem.position"
    )


class AgreementItem(SyncedMixin, Base):
    """A weighted line of an agreement: a KPA, CCR, indicator, objective or attribute.

    Kenyan contract indicators carry five criteria values (Excellent .. Poor), a
    criteria category, a unit, a baseline and the previous two years' achievement;
    SPAS targets carry the agreed ``target_value``.
    """

    __tablename__ = "agreement_item"
    __table_args__ = (
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_percent"),
    )

    agreement_id: Mapped[str] = mapped_column(
        ForeignKey("performance_agreement.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AgreementItemKind] = mapped_column(enum_type(AgreementItemKind))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text)
    weight: Mapped[float]
    kpi_id: Mapped[str | None] = mapped_column(ForeignKey("kpi.id", ondelete="SET NULL"))
    kpa_id: Mapped[str | None] = mapped_column(ForeignKey("kpa.id"))
    target_text: Mapped[str | None] = mapped_column(Text)
    criteria_excellent: Mapped[float | None]
    criteria_very_good: Mapped[float | None]
    criteria_good: Mapped[float | None]
    criteria_fair: Mapped[float | None]
    criteria_poor: Mapped[float | None]
    category: Mapped[str | None] = mapped_column(String(120))
    unit: Mapped[str | None] = mapped_column(String(60))
    baseline: Mapped[float | None]
    achieved_last_year: Mapped[float | None]
    achieved_year_before: Mapped[float | None]
    target_value: Mapped[float | None]
    #: Kenyan contracts: the CIDP programme or ADP project the indicator serves.
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programme.id", ondelete="SET NULL"))
    #: OPRAS (TFN 832 section 2): the agreed performance criteria and resources of an objective.
    performance_criteria: Mapped[str | None] = mapped_column(Text)
    resources: Mapped[str | None] = mapped_column(Text)

    agreement: Mapped[PerformanceAgreement] = relationship(back_populates="items")


class DevelopmentAction(SyncedMixin, Base):
    """One line of an agreement's personal development plan (Annexure B of a Section 56/57 agreement):
    a competency or performance gap and what will be done about it, by when and with whose support.

    The plan is agreed with the agreement (editable while it is a draft); only ``status`` moves on
    after signing, as the year's development actions are done.
    """

    __tablename__ = "development_action"

    agreement_id: Mapped[str] = mapped_column(
        ForeignKey("performance_agreement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    competency_gap: Mapped[str] = mapped_column(Text)
    outcome_expected: Mapped[str | None] = mapped_column(Text)
    development_action: Mapped[str] = mapped_column(Text)
    mode_of_delivery: Mapped[str | None] = mapped_column(String(200))
    time_frame: Mapped[str | None] = mapped_column(String(200))
    work_opportunity: Mapped[str | None] = mapped_column(Text)
    support_person: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[DevelopmentStatus] = mapped_column(
        enum_type(DevelopmentStatus), default=DevelopmentStatus.PLANNED
    )


class Assessment(SyncedMixin, Base):
    """A review (mid-year or annual) of an agreement, producing a score under its rule set."""

    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("agreement_id", "review_label"),)

    agreement_id: Mapped[str] = mapped_column(ForeignKey("performance_agreement.id"), index=True)
    review_label: Mapped[str] = mapped_column(String(40))
    assessed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[AssessmentStatus] = mapped_column(
        enum_type(AssessmentStatus), default=AssessmentStatus.DRAFT
    )
    rule_set_code: Mapped[str] = mapped_column(String(60))
    rule_set_version: Mapped[int | None] = mapped_column(Integer)
    overall_rating: Mapped[float | None]
    score_percent: Mapped[float | None]
    outcome_label: Mapped[str | None] = mapped_column(String(100))
    comments: Mapped[str | None] = mapped_column(Text)
    #: Kenyan contracts: the self-evaluation's submission and its verification.
    submitted_on: Mapped[date | None] = mapped_column(Date)
    submitted_by: Mapped[str | None] = mapped_column(String(80))
    self_score: Mapped[float | None]
    verified_on: Mapped[date | None] = mapped_column(Date)
    verified_by: Mapped[str | None] = mapped_column(String(80))
    verification_notes: Mapped[str | None] = mapped_column(Text)
    #: OPRAS section 7 and SPAS comments: the appraisee's, and the observer's (OPRAS) or second
    #: supervisor's (SPAS); ``comments`` holds the supervisor's.
    appraisee_comments: Mapped[str | None] = mapped_column(Text)
    second_comments: Mapped[str | None] = mapped_column(Text)
    #: OPRAS section 8 / SPAS committee: the recommended reward, developmental measure or sanction.
    recommendation: Mapped[str | None] = mapped_column(Text)

    agreement: Mapped[PerformanceAgreement] = relationship()
    ratings: Mapped[list[AssessmentRating]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )


class AssessmentRating(SyncedMixin, Base):
    """The rating of one agreement item. ``rating`` is 1-5 (SA, OPRAS: the agreed mark); ``actual`` feeds
    Kenyan criteria and is a SPAS target's result.

    OPRAS and SPAS record what the appraisee and the supervisor each gave before they agreed:
    ``appraisee_score`` and ``supervisor_score`` (OPRAS marks on its scale, SPAS percentages), and for
    SPAS the ``agreed_score`` (percent) the overall is banded on.
    """

    __tablename__ = "assessment_rating"
    __table_args__ = (
        UniqueConstraint("assessment_id", "item_id"),
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_1_to_5"),
    )

    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(ForeignKey("agreement_item.id", ondelete="CASCADE"))
    rating: Mapped[float | None]
    actual: Mapped[float | None]
    comment: Mapped[str | None] = mapped_column(Text)
    #: Kenyan contracts: the evidence the self-evaluation cites, and what the verifier found.
    evidence: Mapped[str | None] = mapped_column(Text)
    verified_actual: Mapped[float | None]
    verifier_note: Mapped[str | None] = mapped_column(Text)
    appraisee_score: Mapped[float | None]
    supervisor_score: Mapped[float | None]
    agreed_score: Mapped[float | None]
    #: OPRAS mid-year review (TFN 832 section 3): the factors affecting performance.
    factors: Mapped[str | None] = mapped_column(Text)

    assessment: Mapped[Assessment] = relationship(back_populates="ratings")
    item: Mapped[AgreementItem] = relationship()
