"""Turning a verified package's JSON lines into typed rows, refusing anything malformed.

Every line must be a complete row of a table this pmsdesk knows, with valid
values, a causal clock, an id used once in the whole package, and references
that resolve either inside the package or in the database. A package written
by an older pmsdesk (an office not yet upgraded) lacks the columns later
releases added: those read as empty, or as the column's default, since the
sender could not have set them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from pmsdesk.db import head_revision
from pmsdesk.models import LOCAL_OFFICE, EvidenceContent

from .clocks import CHUNK, Clock
from .errors import PackageRefused
from .format import MAX_INTEGER, META_KEY
from .reader import VerifiedPackage
from .rows import codec, row_hash, synced_tables, tables_by_name, to_plain


@dataclass(slots=True)
class IncomingRow:
    table: str
    id: str
    plain: dict[str, Any]
    values: dict[str, Any]
    clock: Clock
    digest: str


def parse_rows(package: VerifiedPackage) -> dict[str, list[IncomingRow]]:
    """Rows per table in foreign-key order; PackageRefused names the member, line and field."""
    name = package.path.name
    known = tables_by_name()
    unknown = sorted(set(package.data) - set(known))
    if unknown:
        raise PackageRefused("unknown_table", f"{name}: data/{unknown[0]}.jsonl is not a table pmsdesk syncs.")
    seen: dict[str, str] = {}
    parsed: dict[str, list[IncomingRow]] = {}
    older_sender = package.manifest.schema_revision != head_revision()  # newer ones were refused by the reader
    for table in synced_tables():
        if table.name not in package.data:
            continue
        table_name = str(table.name)  # a plain str: the driver binds SQLAlchemy's quoted_name more slowly
        absent = _absent_values(table) if older_sender else {}
        rows = [_row(table_name, line, f"{name}: data/{table_name}.jsonl line {number}", seen, absent)
                for number, line in enumerate(package.data[table.name].splitlines(), start=1) if line.strip()]
        declared = package.manifest.counts.get(table_name)
        if declared != len(rows):
            raise PackageRefused("count_mismatch", f"{name}: data/{table_name}.jsonl holds {len(rows)} rows, "
                                 f"the manifest says {declared}.")
        parsed[table_name] = rows
    return parsed


def _absent_values(table: Table) -> dict[str, Any]:
    """What a column an older sender did not have reads as: empty where it may be, else its fixed default."""
    values: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if default is not None and default.is_scalar:
            values[column.name] = to_plain(default.arg)
        elif column.nullable:
            values[column.name] = None
    return values


def _row(table_name: str, line: bytes, where: str, seen: dict[str, str],
         absent: dict[str, Any] | None = None) -> IncomingRow:
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise PackageRefused("malformed_json", f"{where} is not valid JSON ({error}).") from None
    except RecursionError:
        raise PackageRefused("malformed_json", f"{where} is nested too deeply to be a pmsdesk row.") from None
    if not isinstance(data, dict):
        raise PackageRefused("malformed_json", f"{where} is not a JSON object.")
    meta = data.pop(META_KEY, None)
    clock = meta.get("clock") if isinstance(meta, dict) else None
    if not isinstance(clock, dict) or not clock or not all(
            isinstance(office, str) and isinstance(count, int) and not isinstance(count, bool) and 0 < count <= MAX_INTEGER
            for office, count in clock.items()):
        raise PackageRefused("malformed_json", f"{where}: the row's sync clock is missing or malformed.")
    shape = codec(table_name)
    if absent and data.keys() != shape.convert.keys():
        for column in shape.convert.keys() - data.keys():
            if column in absent:
                data[column] = absent[column]
    if data.keys() != shape.convert.keys():
        extra, missing = sorted(set(data) - set(shape.convert)), sorted(set(shape.convert) - set(data))
        problem = f"unknown field {extra[0]!r}" if extra else f"missing field {missing[0]!r}"
        raise PackageRefused("malformed_json", f"{where}: {problem} for table {table_name}.")
    values = {}
    convert, required = shape.convert, shape.required
    for column, value in data.items():
        try:
            if value is not None:
                values[column] = convert[column](value)
            elif column in required:
                raise ValueError("is required")
            else:
                values[column] = None
        except ValueError as error:
            raise PackageRefused("malformed_json", f"{where}: field {column} {error} (got {value!r}).") from None
    row_id = data["id"]
    if row_id in seen:
        raise PackageRefused("duplicate_id", f"{where}: id {row_id} appears twice in the package "
                             f"(also in {seen[row_id]}); refused.")
    seen[row_id] = table_name
    if data["origin_office"] == LOCAL_OFFICE:
        raise PackageRefused("malformed_json", f"{where}: origin_office is {LOCAL_OFFICE}; packages carry office codes.")
    # The digest is of the normalised form, so '400' and '400.0' hash alike.
    plain = values.copy()  # other columns' database values are their plain form already
    for column in shape.temporal:
        if plain[column] is not None:  # a naive UTC date or time after conversion: to_plain is isoformat
            plain[column] = plain[column].isoformat()
    try:
        digest = row_hash(plain)
    except UnicodeEncodeError:  # JSON can carry a lone surrogate; no database can store one
        raise PackageRefused("malformed_json", f"{where}: a text field holds a lone surrogate, "
                             "which is not valid Unicode.") from None
    return IncomingRow(table_name, row_id, plain, values, clock, digest)


def check_references(session: Session, package: VerifiedPackage, parsed: dict[str, list[IncomingRow]]) -> None:
    """Every foreign key must point at a row in the package or already in the database."""
    in_package: dict[str, set[str]] = {table: {row.id for row in rows} for table, rows in parsed.items()}
    in_package["evidence_content"] = set(package.evidence)
    wanted: dict[tuple[str, str], dict[str, tuple[str, str, str]]] = defaultdict(dict)
    for table_name, rows in parsed.items():
        table = tables_by_name()[table_name]
        for column in table.columns:
            for fk in column.foreign_keys:
                target, target_column = fk.column.table.name, fk.column.name
                present = in_package.get(target, set())
                for row in rows:
                    value = row.values[column.name]
                    if value is not None and value not in present:
                        wanted[(target, target_column)].setdefault(value, (table_name, row.id, column.name))
    for (target, target_column), values in wanted.items():
        table = EvidenceContent.__table__ if target == "evidence_content" else tables_by_name()[target]
        found: set[str] = set()
        keys = list(values)
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            found.update(session.scalars(select(table.c[target_column]).where(table.c[target_column].in_(chunk))))
        for value, (table_name, row_id, column) in values.items():
            if value not in found:
                raise PackageRefused("missing_reference", f"{package.path.name}: {table_name} {row_id}: {column} "
                                     f"points at {target} {value}, which is neither in the package nor in this "
                                     "database. Ask the sender for a full package (--full).")
