"""Financial years, reporting periods and the strategic framework above KPIs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SyncedMixin
from .enums import KpaScope, PeriodKind, PlanKind, enum_type


class FinancialYear(SyncedMixin, Base):
    """One financial year of one organisation, labelled like '2024/25'."""

    __tablename__ = "financial_year"
    __table_args__ = (
        UniqueConstraint("organisation_id", "label"),
        CheckConstraint("end_date > start_date", name="ends_after_start"),
    )

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    label: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    #: The accounting officer's mid-year (MFMA s72) recommendation on an adjustments budget, with its reasons.
    adjustments_recommendation: Mapped[str | None] = mapped_column(Text)

    periods: Mapped[list[ReportingPeriod]] = relationship(
        back_populates="financial_year", order_by="ReportingPeriod.start_date", passive_deletes="all"
    )


class ReportingPeriod(SyncedMixin, Base):
    """A quarter (or month) of a financial year; ``number`` counts from 1 within its kind."""

    __tablename__ = "reporting_period"
    __table_args__ = (
        UniqueConstraint("financial_year_id", "kind", "number"),
        CheckConstraint("number >= 1 AND number <= 12", name="number_in_range"),
    )

    financial_year_id: Mapped[str] = mapped_column(ForeignKey("financial_year.id"), index=True)
    kind: Mapped[PeriodKind] = mapped_column(enum_type(PeriodKind))
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    submission_deadline: Mapped[date | None] = mapped_column(Date)
    is_closed: Mapped[bool] = mapped_column(default=False)

    financial_year: Mapped[FinancialYear] = relationship(back_populates="periods")


class Plan(SyncedMixin, Base):
    """An IDP, CIDP or strategic plan spanning several years."""

    __tablename__ = "plan"
    __table_args__ = (CheckConstraint("end_year >= start_year", name="years_in_order"),)

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    kind: Mapped[PlanKind] = mapped_column(enum_type(PlanKind))
    title: Mapped[str] = mapped_column(String(300))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)

    objectives: Mapped[list[StrategicObjective]] = relationship(back_populates="plan", passive_deletes="all")


class StrategicObjective(SyncedMixin, Base):
    __tablename__ = "strategic_objective"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    plan_id: Mapped[str] = mapped_column(ForeignKey("plan.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)

    plan: Mapped[Plan] = relationship(back_populates="objectives")


class Kpa(SyncedMixin, Base):
    """Key performance area: national (the five SA KPAs) or local to one organisation."""

    __tablename__ = "kpa"
    __table_args__ = (
        UniqueConstraint("organisation_id", "code"),
        CheckConstraint("weight IS NULL OR (weight >= 0 AND weight <= 100)", name="weight_percent"),
    )

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[KpaScope] = mapped_column(enum_type(KpaScope))
    weight: Mapped[float | None]


class Programme(SyncedMixin, Base):
    """A programme or capital project that KPIs and budget hang from."""

    __tablename__ = "programme"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    plan_id: Mapped[str | None] = mapped_column(ForeignKey("plan.id"))
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("unit.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    is_project: Mapped[bool] = mapped_column(default=False)
    budget: Mapped[float | None]
