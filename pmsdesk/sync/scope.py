"""Which rows belong to which office: each row follows its foreign keys up to an organisation.

A package to a peer carries the organisations that originate at the sender or
at the receiver, plus rows that belong to no organisation (rule sets), so a
head office never sends one municipality another's data.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache, lru_cache

from sqlalchemy import CursorResult, FromClause, Select, Table, select, update
from sqlalchemy.orm import Session

from pmsdesk.models import LOCAL_OFFICE

from .rows import synced_tables, tables_by_name

ORGANISATION = "organisation"


@cache
def owner_path(table_name: str) -> tuple[tuple[str, str], ...] | None:
    """Foreign-key steps (column, parent table) from a table to ``organisation``; None if global."""
    if table_name == ORGANISATION:
        return ()
    table = tables_by_name()[table_name]
    candidates = sorted(
        (fk for column in table.columns for fk in column.foreign_keys
         if fk.column.table.name != table_name and fk.column.table.name in tables_by_name()),
        key=lambda fk: (fk.parent.nullable, fk.column.table.name != ORGANISATION),
    )
    for fk in candidates:
        rest = owner_path(fk.column.table.name)
        if rest is not None and not fk.parent.nullable:
            return ((fk.parent.name, fk.column.table.name), *rest)
    return None


HOLDER = "holder_office"


def scoped_select(table: Table, offices: Collection[str]) -> Select:
    """All rows of ``table`` whose organisation originates at one of ``offices``.

    Rows of an organisation's table carry that organisation's office as ``holder_office``.
    """
    return _scoped_select(table.name, tuple(sorted(offices)))


@lru_cache(maxsize=4096)
def _scoped_select(table_name: str, offices: tuple[str, ...]) -> Select:
    table = tables_by_name()[table_name]
    if owner_path(table.name) is None:
        return select(table)
    joined, organisation = joined_to_organisation(table)
    return (select(table, organisation.c.origin_office.label(HOLDER)).select_from(joined)
            .where(organisation.c.origin_office.in_(list(offices))))


def joined_to_organisation(table: Table) -> tuple[FromClause, Table]:
    """``table`` joined along its owner path up to ``organisation``, and that organisation table."""
    path = owner_path(table.name)
    if path is None:
        raise ValueError(f"{table.name} belongs to no organisation")
    current = table
    joined: FromClause = table
    for column, parent_name in path:
        parent = tables_by_name()[parent_name]
        joined = joined.join(parent, current.c[column] == parent.c.id)
        current = parent
    return joined, current


def claim_local_rows(session: Session, office: str) -> int:
    """Give rows made before the installation was named (origin 'LOCAL') this office's code.

    Done before each export so ownership travels with the rows.
    """
    return rename_origin(session, LOCAL_OFFICE, office)


def rename_origin(session: Session, old: str, new: str) -> int:
    """Move every row originating at ``old`` to ``new``; only while nothing has travelled under ``old``.

    The version is bumped so an open edit of the old row fails instead of overwriting.
    """
    claimed = 0
    for table in synced_tables():
        result = session.execute(
            update(table).where(table.c.origin_office == old)
            .values(origin_office=new, version=table.c.version + 1)
        )
        claimed += (result.rowcount or 0) if isinstance(result, CursorResult) else 0
    return claimed
