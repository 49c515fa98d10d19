"""Who may change which rows: every travelling row belongs to an organisation, or to head office.

An organisation is held by the office it originates at (``organisation.origin_office``),
fixed at first contact: the first package that brings an organisation here names
its office, and no later package may move it. An office's package may create or
change only rows of organisations that office holds; shared records (rule sets,
the rows that belong to no organisation) are issued by head office. Head office
may relay another office's rows, but only as that office signed them: a relayed
version whose clock shows a change by anyone but the holder is refused.

All of this is checked before the first write: a package that breaks a rule is
refused whole, naming the rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import Organisation

from .clocks import CHUNK
from .errors import PackageRefused
from .incoming import IncomingRow
from .reader import VerifiedPackage
from .scope import ORGANISATION

#: How many offending rows a refusal names before "and N more".
NAMED_ROWS = 5


def check_organisation_codes(session: Session, package: VerifiedPackage, parsed: dict[str, list[IncomingRow]]) -> None:
    """A new organisation may not take a code another organisation here already has."""
    incoming = parsed.get(ORGANISATION, [])
    if not incoming:
        return
    by_code = {row.values["code"]: row for row in incoming}
    for local in _chunked(session, select(Organisation.id, Organisation.code, Organisation.name,
                                          Organisation.origin_office), Organisation.code, list(by_code)):
        row = by_code[local.code]
        if row.id != local.id:
            sender = package.manifest.sender_office
            raise PackageRefused(
                "organisation_code", f"{package.path.name}: organisation {local.code} ({row.values['name']}) from "
                f"{sender} has the same code as {local.name}, already held here by office {local.origin_office}; "
                f"nothing was imported. Each organisation needs its own code: ask {sender} to check its "
                "organisation code, or revoke the key if this office is not who it claims to be.")


def _chunked(session: Session, statement, column, values: list) -> Iterable:
    for start in range(0, len(values), CHUNK):
        yield from session.execute(statement.where(column.in_(values[start:start + CHUNK])))
