"""KPIs (the SDBIP / performance-contract rows) and their period targets."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SyncedMixin
from .enums import CalculationType, Direction, KpiConcept, KpiType, MeasureType, enum_type
from .organisation import Person, Unit
from .planning import FinancialYear, Kpa, ReportingPeriod, StrategicObjective


class Kpi(SyncedMixin, Base):
    """One key performance indicator of one organisation in one financial year.

    Numeric targets live in ``annual_target``; a target that is words
    ("100% of all requests") keeps them in ``annual_target_text`` so nothing an
    official typed is lost.
    """

    __tablename__ = "kpi"
    __table_args__ = (
        UniqueConstraint("organisation_id", "financial_year_id", "reference"),
        CheckConstraint("weight IS NULL OR (weight >= 0 AND weight <= 100)", name="weight_percent"),
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget_not_negative"),
    )

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    financial_year_id: Mapped[str] = mapped_column(ForeignKey("financial_year.id"), index=True)
    reference: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    definition: Mapped[str | None] = mapped_column(Text)
    unit_of_measure: Mapped[str | None] = mapped_column(String(200))
    measure_type: Mapped[MeasureType] = mapped_column(enum_type(MeasureType))
    calculation_type: Mapped[CalculationType] = mapped_column(enum_type(CalculationType))
    direction: Mapped[Direction] = mapped_column(enum_type(Direction))
    baseline: Mapped[float | None]
    baseline_text: Mapped[str | None] = mapped_column(Text)
    annual_target: Mapped[float | None]
    annual_target_date: Mapped[date | None] = mapped_column(Date)
    annual_target_text: Mapped[str | None] = mapped_column(Text)
    budget: Mapped[float | None]
    budget_vote: Mapped[str | None] = mapped_column(String(100))
    weight: Mapped[float | None]
    ward: Mapped[str | None] = mapped_column(String(200))
    kpa_id: Mapped[str | None] = mapped_column(ForeignKey("kpa.id"), index=True)
    strategic_objective_id: Mapped[str | None] = mapped_column(
        ForeignKey("strategic_objective.id"), index=True
    )
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programme.id"))
    responsible_unit_id: Mapped[str | None] = mapped_column(ForeignKey("unit.id"), index=True)
    responsible_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    data_source: Mapped[str | None] = mapped_column(Text)
    required_evidence: Mapped[str | None] = mapped_column(Text)
    kpi_type: Mapped[KpiType | None] = mapped_column(enum_type(KpiType))
    kpi_concept: Mapped[KpiConcept | None] = mapped_column(enum_type(KpiConcept))
    is_active: Mapped[bool] = mapped_column(default=True)
    #: On the top-layer (organisational) SDBIP rather than a departmental one; None reads as departmental.
    top_layer: Mapped[bool | None]
    # The descriptive words of kpi_texts.KPI_TEXTS (a test holds the two together).
    national_kpa: Mapped[str | None] = mapped_column(String(200))
    strategy: Mapped[str | None] = mapped_column(Text)
    focus_area: Mapped[str | None] = mapped_column(String(200))
    project: Mapped[str | None] = mapped_column(Text)
    custodian: Mapped[str | None] = mapped_column(String(200))

    financial_year: Mapped[FinancialYear] = relationship()
    kpa: Mapped[Kpa | None] = relationship()
    strategic_objective: Mapped[StrategicObjective | None] = relationship()
    responsible_unit: Mapped[Unit | None] = relationship()
    responsible_person: Mapped[Person | None] = relationship()
    targets: Mapped[list[KpiTarget]] = relationship(
        back_populates="kpi", cascade="all, delete-orphan"
    )


class KpiTarget(SyncedMixin, Base):
    """The target of a KPI for one reporting period.

    A period with no target ("-", "N/A" in a workbook) has no row, or a row
    whose value, date and text are all empty. After an adjustment budget the
    current ``value`` is the revised one and ``original_value`` keeps the first.
    ``budget_projection`` is the quarter's financial target (the money the SDBIP
    plans to have spent on the KPI's project by the end of the quarter), kept
    beside the deliverable target as SDBIPs print them.
    """

    __tablename__ = "kpi_target"
    __table_args__ = (UniqueConstraint("kpi_id", "period_id"),)

    # No separate kpi_id index: the unique (kpi_id, period_id) index serves look-ups by KPI.
    kpi_id: Mapped[str] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"))
    period_id: Mapped[str] = mapped_column(ForeignKey("reporting_period.id"), index=True)
    value: Mapped[float | None]
    value_date: Mapped[date | None] = mapped_column(Date)
    value_text: Mapped[str | None] = mapped_column(Text)
    original_value: Mapped[float | None]
    revised_on: Mapped[date | None] = mapped_column(Date)
    revision_reason: Mapped[str | None] = mapped_column(Text)
    budget_projection: Mapped[float | None]

    kpi: Mapped[Kpi] = relationship(back_populates="targets")
    period: Mapped[ReportingPeriod] = relationship()
