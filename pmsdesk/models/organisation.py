"""Organisations, their unit tree, and the people and positions in them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SyncedMixin, utcnow
from .enums import OrganisationKind, UnitLevel, enum_type


class Organisation(SyncedMixin, Base):
    """A municipality, county, ministry or LGA that plans and reports performance."""

    __tablename__ = "organisation"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind))
    country: Mapped[str] = mapped_column(String(2))
    #: First month of the financial year (7 = July, the default in SA, KE and TZ).
    year_start_month: Mapped[int] = mapped_column(default=7)
    reports_monthly: Mapped[bool] = mapped_column(default=False)
    #: Province (ZA), county (KE) or region (TZ), as printed on forms.
    region: Mapped[str | None] = mapped_column(String(100))
    postal_address: Mapped[str | None] = mapped_column(String(500))
    #: Telephone / e-mail line printed under the address on forms.
    contact_line: Mapped[str | None] = mapped_column(String(300))

    # passive_deletes="all": the database refuses to orphan rows; the ORM never nulls them.
    units: Mapped[list[Unit]] = relationship(back_populates="organisation", passive_deletes="all")


class Unit(SyncedMixin, Base):
    """A directorate, department or unit; ``parent`` builds the tree."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("unit.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[UnitLevel] = mapped_column(enum_type(UnitLevel))

    organisation: Mapped[Organisation] = relationship(back_populates="units")
    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", passive_deletes="all")


class Position(SyncedMixin, Base):
    """A post in a unit, e.g. 'Director: Technical Services' (a Section 56 post)."""

    __tablename__ = "position"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("unit.id"))
    title: Mapped[str] = mapped_column(String(200))
    grade: Mapped[str | None] = mapped_column(String(40))
    is_senior_manager: Mapped[bool] = mapped_column(default=False)


class Person(SyncedMixin, Base):
    """An official: holds a position, owns KPIs, signs agreements."""

    __tablename__ = "person"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    position_id: Mapped[str | None] = mapped_column(ForeignKey("position.id"))
    full_name: Mapped[str] = mapped_column(String(200))
    employee_number: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    supervisor_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    #: Set when the official left: kept for history, no longer offered for new agreements.
    retired_on: Mapped[date | None] = mapped_column(Date)
    #: Particulars an appraisal form asks for (OPRAS TFN 832 section 1), kept with the person.
    gender: Mapped[str | None] = mapped_column(String(20))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    qualification: Mapped[str | None] = mapped_column(String(200))
    substantive_post: Mapped[str | None] = mapped_column(String(200))
    first_appointed_on: Mapped[date | None] = mapped_column(Date)
    post_appointed_on: Mapped[date | None] = mapped_column(Date)
    terms_of_service: Mapped[str | None] = mapped_column(String(100))

    position: Mapped[Position | None] = relationship()


class OrganisationLogo(Base):
    """The organisation's own logo (PNG, already scaled), printed in every document header.

    Kept out of the synced ``organisation`` row: sync packages are JSON and the
    picture belongs to the office that printed with it.
    """

    __tablename__ = "organisation_logo"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(40))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
