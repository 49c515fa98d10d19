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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import Organisation

from .bulk import present
from .clocks import CHUNK, Clock
from .errors import PackageRefused
from .incoming import IncomingRow
from .reader import VerifiedPackage
from .rows import tables_by_name
from .scope import ORGANISATION, joined_to_organisation, owner_path

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


@dataclass
class Holders:
    """Who holds each incoming row: its organisation's office (None for a shared record)."""

    #: Row id to the office holding it, for every row of an organisation.
    office: dict[str, str] = field(default_factory=dict)

    def held_by(self, row_id: str, office: str) -> bool:
        return self.office.get(row_id) == office


def relayed_as_signed(clock: Clock, holder: str) -> bool:
    """A version only its holder changed: what head office may pass on."""
    return all(office == holder for office in clock)


def check_ownership(session: Session, package: VerifiedPackage, parsed: dict[str, list[IncomingRow]],
                    *, from_head_office: bool) -> Holders:
    """Refuse the package (naming the rows) if it creates or changes rows its sender may not; else who holds what."""
    sender = package.manifest.sender_office
    holders = Holders()
    organisation_of: dict[str, dict[str, str]] = defaultdict(dict)  # table -> row id -> organisation id
    offices = _organisation_offices(session, parsed)
    refused: list[str] = []
    for table_name, rows in parsed.items():
        path = owner_path(table_name)
        if path is None:
            if not from_head_office:
                refused += [f"{table_name} {row.id} (shared records are issued by head office)" for row in rows]
            continue
        local = _local_organisations(session, table_name, [row.id for row in rows])
        if table_name == ORGANISATION:
            incoming = {row.id: row.id for row in rows}
        else:
            column, parent = path[0]
            known = organisation_of[parent]
            missing = [row.values[column] for row in rows if row.values[column] not in known]
            known.update(_local_organisations(session, parent, missing))
            incoming = {row.id: known[row.values[column]] for row in rows}
        organisation_of[table_name].update(incoming)
        for row in rows:
            holder = offices[incoming[row.id]]
            before = local.get(row.id)
            problem = None
            if before is not None and offices[before] != holder:
                problem = f"would move it from {offices[before]}'s organisation to {holder}'s"
            elif table_name == ORGANISATION and row.values["origin_office"] != holder:
                problem = f"would re-attribute {holder}'s organisation to {row.values['origin_office']}"
            elif holder != sender and not (from_head_office and relayed_as_signed(row.clock, holder)):
                problem = (f"belongs to {holder}" if not from_head_office
                           else f"belongs to {holder} and was changed by {', '.join(sorted(set(row.clock) - {holder}))}")
            if problem:
                refused.append(f"{table_name} {row.id} ({problem})")
            holders.office[row.id] = holder
    if refused:
        shown = "; ".join(refused[:NAMED_ROWS])
        if len(refused) > NAMED_ROWS:
            shown += f"; and {len(refused) - NAMED_ROWS} more"
        raise PackageRefused("not_owner", f"{package.path.name}: {sender} may create or change only the records of "
                             f"its own organisations, but the package holds {len(refused)} other record(s): {shown}. "
                             "Nothing was imported.")
    return holders


def _organisation_offices(session: Session, parsed: dict[str, list[IncomingRow]]) -> dict[str, str]:
    """Organisation id to holding office: as first recorded here, else as the package introduces it."""
    offices = {row.id: row.values["origin_office"] for row in parsed.get(ORGANISATION, [])}
    local = session.execute(select(Organisation.id, Organisation.origin_office))
    offices.update((row.id, row.origin_office) for row in local)
    return offices


def _local_organisations(session: Session, table_name: str, ids: list[str]) -> dict[str, str]:
    """Row id to organisation id, for the rows of ``table_name`` already in this database."""
    table = tables_by_name()[table_name]
    ids = list(present(session, table.c.id, ids))
    if not ids:
        return {}
    if table_name == ORGANISATION:
        return {row_id: row_id for row_id in ids}
    joined, organisation = joined_to_organisation(table)
    return dict(_chunked(session, select(table.c.id, organisation.c.id).select_from(joined), table.c.id, ids))
