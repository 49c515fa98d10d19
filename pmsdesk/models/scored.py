"""Stored scored results: each KPI's scorecard line per quarter, kept beside the figures it comes from.

Derived data, never synced: every office (head office included) computes its own,
in the same transaction as the change that affects them (see
:mod:`pmsdesk.services.scored_results`). A row holds what does not depend on the
calendar; whether a quarter is still awaiting its report is decided when the row
is read, against the as-of date. ``boundary`` is the last quarter whose
reporting deadline has passed for the variant the row holds: ``period_number``
itself for the common case, a lower quarter only where quarters after it that
are still open change the KPI's figures (an unreported open quarter waits).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ScoredResult(Base):
    """One KPI's scored line as of one quarter, for one reporting-deadline boundary."""

    __tablename__ = "scored_result"
    __table_args__ = (
        Index("ix_scored_result_lookup", "financial_year_id", "period_number", "boundary"),
        Index("ix_scored_result_kpi", "kpi_id", "period_number", "boundary", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kpi_id: Mapped[str] = mapped_column(String(36), ForeignKey("kpi.id", ondelete="CASCADE"))
    financial_year_id: Mapped[str] = mapped_column(String(36), ForeignKey("financial_year.id", ondelete="CASCADE"))
    period_number: Mapped[int] = mapped_column(Integer)
    boundary: Mapped[int] = mapped_column(Integer)
    #: The lowest boundary scored for this KPI and quarter: below it, the line is scored afresh when read.
    lowest: Mapped[int] = mapped_column(Integer)
    #: The KPI's reference when scored (a new reference rescores it), so league tables need no join.
    reference: Mapped[str] = mapped_column(String(60))
    #: The rule set the row was scored with: a digest of its full text, so any revision shows.
    rules_digest: Mapped[str] = mapped_column(String(64))
    #: Whether the quarter itself has a counted actual, and how many quarters up to it have one.
    reported: Mapped[bool] = mapped_column(Boolean)
    counted: Mapped[int] = mapped_column(Integer)
    #: Review statuses of the KPI's actuals up to the quarter that do not count, comma-separated.
    left_out: Mapped[str] = mapped_column(String(200))
    weight: Mapped[float | None] = mapped_column(Float)
    period_status: Mapped[str | None] = mapped_column(String(30))
    period_achievement: Mapped[float | None] = mapped_column(Float)
    period_met: Mapped[bool | None] = mapped_column(Boolean)
    ytd_status: Mapped[str | None] = mapped_column(String(30))
    ytd_achievement: Mapped[float | None] = mapped_column(Float)
    ytd_met: Mapped[bool | None] = mapped_column(Boolean)
    at_risk: Mapped[bool] = mapped_column(Boolean)
    #: The whole line (figures, projection, notes) as JSON: :mod:`pmsdesk.scorecard_codec`.
    line: Mapped[str] = mapped_column(Text)
