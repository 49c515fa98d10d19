"""What officials report each period: actuals with their narrative and evidence."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SyncedMixin, utcnow
from .enums import ActualStatus, enum_type
from .kpi import Kpi
from .planning import ReportingPeriod


class PeriodActual(SyncedMixin, Base):
    """The reported result of a KPI in one period and where it is in review.

    A KPI with no row for a period is *not reported*; an empty value is never
    read as zero. People are recorded by user name so the record still makes
    sense after it travels to another office.
    """

    __tablename__ = "period_actual"
    __table_args__ = (UniqueConstraint("kpi_id", "period_id"),)

    # No separate kpi_id index: the unique (kpi_id, period_id) index serves look-ups by KPI.
    kpi_id: Mapped[str] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"))
    period_id: Mapped[str] = mapped_column(ForeignKey("reporting_period.id"), index=True)
    value: Mapped[float | None]
    value_date: Mapped[date | None] = mapped_column(Date)
    value_text: Mapped[str | None] = mapped_column(Text)
    narrative: Mapped[str | None] = mapped_column(Text)
    deviation_reason: Mapped[str | None] = mapped_column(Text)
    corrective_measure: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ActualStatus] = mapped_column(
        enum_type(ActualStatus), default=ActualStatus.DRAFT, index=True
    )
    captured_by: Mapped[str | None] = mapped_column(String(80))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_late: Mapped[bool] = mapped_column(default=False)
    verified_by: Mapped[str | None] = mapped_column(String(80))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[str | None] = mapped_column(String(80))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_comment: Mapped[str | None] = mapped_column(Text)
    #: A value ten or more times its target is held out of scores until a PMS officer confirms that
    #: exact value (services/held_values.py); kept on the actual so the confirmation travels with it.
    confirmed_value: Mapped[float | None]
    confirmed_by: Mapped[str | None] = mapped_column(String(80))
    confirmation_note: Mapped[str | None] = mapped_column(Text)

    kpi: Mapped[Kpi] = relationship()
    period: Mapped[ReportingPeriod] = relationship()
    evidence: Mapped[list[EvidenceFile]] = relationship(
        back_populates="actual", cascade="all, delete-orphan"
    )


class EvidenceContent(Base):
    """File bytes stored once per SHA-256, shared by every evidence record that uses them.

    Kept in the database (not beside it) so evidence is written in the same
    transaction as the record that cites it and travels with backups.
    """

    __tablename__ = "evidence_content"
    __table_args__ = (CheckConstraint("size >= 0", name="size_not_negative"),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class EvidenceFile(SyncedMixin, Base):
    """One file attached to an actual as part of its portfolio of evidence."""

    __tablename__ = "evidence_file"

    actual_id: Mapped[str] = mapped_column(
        ForeignKey("period_actual.id", ondelete="CASCADE"), index=True
    )
    content_sha256: Mapped[str] = mapped_column(ForeignKey("evidence_content.sha256"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    uploaded_by: Mapped[str | None] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    actual: Mapped[PeriodActual] = relationship(back_populates="evidence")
