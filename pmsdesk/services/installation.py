"""What kind of database this is: empty, real, or built by the demo (light: read at start-up).

The demo marks its database with the installation setting ``demo``; the
window's title and status bar, every PDF and every workbook made from such a
database say :data:`DEMO_NOTICE`. A database set up for a real organisation
never carries the mark.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.models import InstallationSetting, Organisation

#: Installation setting whose presence marks a database the demo built.
DEMO_SETTING = "demo"
DEMO_NOTICE = "DEMO DATA — not an official record"


def is_demo_database(session: Session) -> bool:
    """Whether the demo built this database.

    A Core query: the window asks at start-up, before any screen needs the ORM's mappers configured.
    """
    table = InstallationSetting.__table__
    return session.execute(select(table.c.key).where(table.c.key == DEMO_SETTING)).first() is not None


def demo_notice(session: Session) -> str | None:
    """The notice every document made from this database carries, or None for a real one."""
    return DEMO_NOTICE if is_demo_database(session) else None


def holds_organisation(session: Session) -> bool:
    """False for an empty database: the app then opens the set-up wizard."""
    return bool(session.scalar(select(func.count()).select_from(Organisation.__table__)))
