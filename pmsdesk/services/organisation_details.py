"""The organisation's own details after set-up: name, address, logo, year start, all audited.

Only an administrator changes them (``MANAGE_ORGANISATION``). A new year
start month applies to years created afterwards; existing years keep their dates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import Organisation, OrganisationLogo

from .actor import Actor, Permission
from .audit import record_event
from .errors import ValidationError
from .logos import prepared_logo
from .records import get_or_fail, transaction, update_validated
from .setup import organisation_problems

#: Fields an administrator may change after set-up (the code names the office in sync: it stays).
EDITABLE = ("name", "kind", "region", "postal_address", "contact_line", "year_start_month")


@dataclass(frozen=True, slots=True)
class OrganisationDetails:
    id: str
    code: str
    name: str
    kind: str
    country: str
    region: str | None
    postal_address: str | None
    contact_line: str | None
    year_start_month: int
    has_logo: bool
    version: int


def organisation_details(session: Session, organisation_id: str) -> OrganisationDetails:
    found = get_or_fail(session, Organisation, organisation_id, "organisation")
    return OrganisationDetails(found.id, found.code, found.name, found.kind.value, found.country, found.region,
                               found.postal_address, found.contact_line, found.year_start_month,
                               session.get(OrganisationLogo, found.id) is not None, found.version)


def organisation_logo(session: Session, organisation_id: str | None) -> bytes | None:
    """The stored logo (PNG) of the organisation, or None: printouts then draw the generated emblem."""
    if organisation_id is None:
        return None
    logo = session.get(OrganisationLogo, organisation_id)
    return logo.content if logo is not None else None


def update_organisation_details(session: Session, actor: Actor, organisation_id: str, changes: Mapping[str, Any],
                                *, expected_version: int | None = None) -> OrganisationDetails:
    """Change any of :data:`EDITABLE`; only the fields that differ are audited."""
    actor.require(Permission.MANAGE_ORGANISATION)
    organisation = get_or_fail(session, Organisation, organisation_id, "organisation")
    problems = {key: "cannot change after set-up" if key in ("code", "country") else "is not a detail you can edit"
                for key in changes if key not in EDITABLE}
    checked = {"country": organisation.country, **changes}
    problems |= {key: message for key, message in organisation_problems(session, checked).items()
                 if key in changes}
    if problems:
        raise ValidationError(problems)
    if expected_version is not None and organisation.version != expected_version:
        raise ValidationError.single("organisation", _("someone else changed these details meanwhile; open them again"))
    update_validated(session, actor, organisation, _fields(), dict(changes))
    return organisation_details(session, organisation_id)


def _fields() -> dict:
    from .framework import ORGANISATION_FIELDS

    return {key: ORGANISATION_FIELDS[key] for key in EDITABLE}


def set_organisation_logo(session: Session, actor: Actor, organisation_id: str, content: bytes | None) -> None:
    """Store a new logo (checked and scaled), or remove it with ``content`` None."""
    actor.require(Permission.MANAGE_ORGANISATION)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    prepared = prepared_logo(content) if content is not None else None
    current = session.get(OrganisationLogo, organisation_id)
    if current is None and prepared is None:
        raise ValidationError.single("logo", _("there is no logo to remove"))
    old = {"sha256": hashlib.sha256(current.content).hexdigest()} if current is not None else None
    new = {"sha256": hashlib.sha256(prepared).hexdigest(), "bytes": len(prepared)} if prepared is not None else None
    with transaction(session):
        if prepared is None:
            session.delete(current)
        elif current is None:
            session.add(OrganisationLogo(organisation_id=organisation_id, media_type="image/png", content=prepared))
        else:
            current.content = prepared
        session.flush()
        record_event(session, actor, "remove logo" if prepared is None else "set logo", "organisation",
                     organisation_id, old=old, new=new)
