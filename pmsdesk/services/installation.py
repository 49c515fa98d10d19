"""What kind of database this is: empty, real, or built by the demo (light: read at start-up).

The demo marks its database with the installation setting ``demo``; the
window's title and status bar, every PDF and every workbook made from such a
database say :data:`DEMO_NOTICE`. A database set up for a real organisation
never carries the mark.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_
from pmsdesk.models import InstallationSetting, Organisation, User

#: Installation setting whose presence marks a database the demo built.
DEMO_SETTING = "demo"
DEMO_NOTICE = N_("DEMO DATA — not an official record")
#: Installation settings naming this office (read by ``pmsdesk.sync.keys``, which writes them).
OFFICE_CODE_SETTING, OFFICE_ROLE_SETTING = "office_code", "office_role"
#: Head office's own name, country and region (it has no organisation row), set up with its database.
HEAD_OFFICE_DETAILS = {"name": "head_office_name", "country": "head_office_country", "region": "head_office_region"}


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


def is_empty_database(session: Session) -> bool:
    """Neither an organisation nor a user account: the app offers to set one up.

    A head office's database holds user accounts but no organisation of its own until offices send theirs.
    """
    return not holds_organisation(session) and not session.scalar(select(func.count()).select_from(User.__table__))


def head_office_details(session: Session) -> dict[str, str] | None:
    """For a head office: its 'code' and the 'name', 'country', 'region' it was set up with; None for an office.

    A Core query, like ``is_demo_database``: the window reads it at start-up.
    """
    from pmsdesk.sync.format import HEAD_OFFICE_ROLE  # the sync layer's word for it

    table = InstallationSetting.__table__
    wanted = {OFFICE_CODE_SETTING: "code", OFFICE_ROLE_SETTING: "role",
              **{key: field for field, key in HEAD_OFFICE_DETAILS.items()}}
    found = {wanted[key]: value for key, value in session.execute(
        select(table.c.key, table.c.value).where(table.c.key.in_(wanted))) if value}
    if found.pop("role", None) != HEAD_OFFICE_ROLE:
        return None
    return found
