"""Rule sets used by scoring, and per-installation settings."""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, SyncedMixin


class RuleSet(SyncedMixin, Base):
    """Bands, weights and scales for one scoring method, stored as validated JSON.

    ``kind`` names the method (e.g. 'za_s56', 'ke_pc', 'tz_opras', 'sdbip'); an
    edit makes a new ``revision`` so a result can name the rules that made it.
    """

    __tablename__ = "rule_set"
    __table_args__ = (
        UniqueConstraint("code", "revision"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    code: Mapped[str] = mapped_column(String(60))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    body: Mapped[dict] = mapped_column(JSON)


class InstallationSetting(Base):
    """Key/value facts about this installation, e.g. its office code."""

    __tablename__ = "installation_setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
