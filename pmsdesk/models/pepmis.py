"""Tanzania's PEPMIS / PIPMIS: an institution's annual plan cascaded to employees' sub-tasks.

PIPMIS holds the institution's plan for the year (tasks, each split into
weighted sub-tasks); PEPMIS assigns sub-tasks to employees per period, keeps
their frequent progress entries, the supervisor's 0-100 marks and appeals.
Weights and marks are percentages; their totals are checked by the service.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SyncedMixin, utcnow
from .organisation import Person
from .planning import FinancialYear, ReportingPeriod


class PepmisPlan(SyncedMixin, Base):
    """The institution's annual performance plan (PIPMIS) for one financial year."""

    __tablename__ = "pepmis_plan"
    __table_args__ = (UniqueConstraint("organisation_id", "financial_year_id"),)

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    financial_year_id: Mapped[str] = mapped_column(ForeignKey("financial_year.id"))
    title: Mapped[str] = mapped_column(String(300))
    rule_set_code: Mapped[str] = mapped_column(String(60), default="tz_pepmis")

    financial_year: Mapped[FinancialYear] = relationship()
    tasks: Mapped[list[PepmisTask]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PepmisTask.position"
    )


class PepmisTask(SyncedMixin, Base):
    """A task of the plan; its weight is its share (%) of the plan."""

    __tablename__ = "pepmis_task"
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_percent"),
    )

    plan_id: Mapped[str] = mapped_column(ForeignKey("pepmis_plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    weight: Mapped[float]
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("unit.id"))

    plan: Mapped[PepmisPlan] = relationship(back_populates="tasks")
    sub_tasks: Mapped[list[PepmisSubTask]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="PepmisSubTask.position"
    )


class PepmisSubTask(SyncedMixin, Base):
    """A sub-task of a task; its weight is its share (%) of the task."""

    __tablename__ = "pepmis_sub_task"
    __table_args__ = (
        UniqueConstraint("task_id", "code"),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_percent"),
    )

    task_id: Mapped[str] = mapped_column(ForeignKey("pepmis_task.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    weight: Mapped[float]
    target: Mapped[str | None] = mapped_column(Text)
    indicator: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    task: Mapped[PepmisTask] = relationship(back_populates="sub_tasks")


class PepmisAssignment(SyncedMixin, Base):
    """One employee's sub-task in one period, with the supervisor's marks once given.

    The marks (0-100 each, quantitative and qualitative) live on the
    assignment because there is exactly one assessment per assigned sub-task.
    """

    __tablename__ = "pepmis_assignment"
    __table_args__ = (
        UniqueConstraint("sub_task_id", "person_id", "period_id"),
        CheckConstraint("quantitative_mark IS NULL OR (quantitative_mark >= 0 AND quantitative_mark <= 100)",
                        name="quantitative_mark_0_100"),
        CheckConstraint("qualitative_mark IS NULL OR (qualitative_mark >= 0 AND qualitative_mark <= 100)",
                        name="qualitative_mark_0_100"),
    )

    sub_task_id: Mapped[str] = mapped_column(ForeignKey("pepmis_sub_task.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    period_id: Mapped[str] = mapped_column(ForeignKey("reporting_period.id"), index=True)
    supervisor_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    quantitative_mark: Mapped[float | None]
    qualitative_mark: Mapped[float | None]
    mark_comment: Mapped[str | None] = mapped_column(Text)
    marked_by: Mapped[str | None] = mapped_column(String(80))
    marked_on: Mapped[date | None] = mapped_column(Date)

    sub_task: Mapped[PepmisSubTask] = relationship()
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    supervisor: Mapped[Person | None] = relationship(foreign_keys=[supervisor_person_id])
    period: Mapped[ReportingPeriod] = relationship()
    progress: Mapped[list[PepmisProgress]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan", order_by="PepmisProgress.entry_date"
    )
    appeals: Mapped[list[PepmisAppeal]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan", order_by="PepmisAppeal.lodged_on"
    )


class PepmisProgress(SyncedMixin, Base):
    """A (typically weekly) progress entry on an assigned sub-task, with optional evidence."""

    __tablename__ = "pepmis_progress"
    __table_args__ = (CheckConstraint("percent_done >= 0 AND percent_done <= 100", name="percent_done_0_100"),)

    assignment_id: Mapped[str] = mapped_column(ForeignKey("pepmis_assignment.id", ondelete="CASCADE"), index=True)
    entry_date: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    percent_done: Mapped[float]
    evidence_sha256: Mapped[str | None] = mapped_column(ForeignKey("evidence_content.sha256"))
    evidence_name: Mapped[str | None] = mapped_column(String(255))
    evidence_reference: Mapped[str | None] = mapped_column(Text)
    captured_by: Mapped[str | None] = mapped_column(String(80))
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    assignment: Mapped[PepmisAssignment] = relationship(back_populates="progress")


class PepmisAppeal(SyncedMixin, Base):
    """An employee's appeal against the marks of an assigned sub-task, and its outcome.

    An appeal that is upheld may carry revised marks, which then replace the
    supervisor's in the score; the original marks stay on the assignment.
    """

    __tablename__ = "pepmis_appeal"
    __table_args__ = (
        CheckConstraint("revised_quantitative_mark IS NULL OR "
                        "(revised_quantitative_mark >= 0 AND revised_quantitative_mark <= 100)",
                        name="revised_quantitative_0_100"),
        CheckConstraint("revised_qualitative_mark IS NULL OR "
                        "(revised_qualitative_mark >= 0 AND revised_qualitative_mark <= 100)",
                        name="revised_qualitative_0_100"),
    )

    assignment_id: Mapped[str] = mapped_column(ForeignKey("pepmis_assignment.id", ondelete="CASCADE"), index=True)
    lodged_on: Mapped[date] = mapped_column(Date)
    grounds: Mapped[str] = mapped_column(Text)
    lodged_by: Mapped[str | None] = mapped_column(String(80))
    outcome: Mapped[str | None] = mapped_column(String(20))
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decision: Mapped[str | None] = mapped_column(Text)
    revised_quantitative_mark: Mapped[float | None]
    revised_qualitative_mark: Mapped[float | None]

    assignment: Mapped[PepmisAssignment] = relationship(back_populates="appeals")
