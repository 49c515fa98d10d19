"""Declarative base and the columns every travelling row carries.

Rows that move between offices in sync packages (issue: sync) are keyed by a
stable UUID string, remember the office that created them and carry a version
counter that SQLAlchemy bumps on every UPDATE, so a concurrent edit of a stale
copy fails loudly instead of overwriting silently.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Deterministic constraint names: Alembic needs them to alter SQLite tables.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Office code written into rows created before an installation is named.
LOCAL_OFFICE = "LOCAL"


def new_uuid() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: Any) -> Table:
    """A mapped class's table, typed as the ``Table`` it is (SQLAlchemy types ``__table__`` as any FROM clause)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to one table")
    return table


class SyncedMixin:
    """UUID primary key, origin office and optimistic version counter."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    origin_office: Mapped[str] = mapped_column(String(40), default=LOCAL_OFFICE)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:  # noqa: N805 - SQLAlchemy hook
        return {"version_id_col": table_of(cls).c.version}
