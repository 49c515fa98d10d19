"""Risks that threaten KPIs, rated on a likelihood x impact matrix."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SyncedMixin
from .kpi import Kpi


class Risk(SyncedMixin, Base):
    __tablename__ = "risk"
    __table_args__ = (
        CheckConstraint("likelihood BETWEEN 1 AND 5", name="likelihood_1_to_5"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact_1_to_5"),
    )

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    kpi_id: Mapped[str | None] = mapped_column(ForeignKey("kpi.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    mitigation: Mapped[str | None] = mapped_column(Text)
    owner_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    is_open: Mapped[bool] = mapped_column(default=True)

    kpi: Mapped[Kpi | None] = relationship()

    @property
    def rating(self) -> int:
        """Inherent risk rating, 1-25."""
        return self.likelihood * self.impact
