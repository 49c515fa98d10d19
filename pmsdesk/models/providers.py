"""External service providers and their quarterly performance assessments (a South African register).

The Municipal Systems Act s46(1)(a)(i) asks the annual performance report to reflect each service
provider's performance; the MFMA s116(2)(b) and (d) ask the accounting officer to monitor each
contractor's performance and report it to council. A provider belongs to one organisation and is
assessed at most once per quarter; the rating is a point of the scale the organisation's SDBIP rule
set declares (``service_provider_scale``), so it is checked by the service, not by a constraint.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SyncedMixin
from .planning import ReportingPeriod


class ServiceProvider(SyncedMixin, Base):
    """A contractor delivering a municipal service under a contract, and who in the municipality manages it."""

    __tablename__ = "service_provider"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates_in_order"),)

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    services: Mapped[str] = mapped_column(Text)
    contract_reference: Mapped[str] = mapped_column(String(100))
    contract_value: Mapped[float | None] = mapped_column(Float)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    responsible_unit_id: Mapped[str | None] = mapped_column(ForeignKey("unit.id"), index=True)
    responsible_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))

    assessments: Mapped[list[ServiceProviderAssessment]] = relationship(
        back_populates="provider", passive_deletes="all")


class ServiceProviderAssessment(SyncedMixin, Base):
    """One quarter's assessment of a service provider: its rating, what was seen and what will be done."""

    __tablename__ = "service_provider_assessment"
    __table_args__ = (UniqueConstraint("service_provider_id", "period_id"),)

    service_provider_id: Mapped[str] = mapped_column(
        ForeignKey("service_provider.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[str] = mapped_column(ForeignKey("reporting_period.id"))
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    corrective_action: Mapped[str | None] = mapped_column(Text)
    assessed_by: Mapped[str] = mapped_column(String(200))
    assessed_on: Mapped[date] = mapped_column(Date)

    provider: Mapped[ServiceProvider] = relationship(back_populates="assessments")
    period: Mapped[ReportingPeriod] = relationship()
