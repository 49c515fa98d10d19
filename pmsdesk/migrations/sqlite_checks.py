"""Changing a CHECK constraint of a SQLite table in place, without rebuilding the table (and adding or
dropping a foreign-key column the same way).

Alembic's batch mode rebuilds a SQLite table to change a constraint: it copies
the rows, drops the table and renames the copy. When other tables point at it,
the drop counts each of their rows as a broken foreign key, the rename does not
count them back, and the upgrade (one transaction, foreign keys on) fails at
commit. SQLite documents another way for constraints that old rows still
satisfy ("ALTER TABLE", making other kinds of table schema changes): rewrite the
table's CREATE statement in sqlite_master and bump the schema version.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op


def _rewrite(bind: sa.engine.Connection, table: str, sql: str) -> None:
    """Make ``sql`` the CREATE statement of ``table`` and bump the schema version (SQLite's procedure)."""
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, table))
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def set_check(table: str, constraint: str, condition: str) -> None:
    """Make ``constraint`` of ``table`` read ``CHECK (condition)``; every row must already satisfy it."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(constraint), type_='check')
            batch_op.create_check_constraint(op.f(constraint), sa.text(condition))
        return
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                               (table,)).scalar_one()
    pattern = re.compile(rf"CONSTRAINT {re.escape(constraint)} CHECK \((?:[^()]|\([^()]*\))*\)")
    changed, found = pattern.subn(lambda _match: f"CONSTRAINT {constraint} CHECK ({condition})", sql)
    if found != 1:
        raise RuntimeError(f"the {table} table's {constraint} is not as pmsdesk created it; not changed")
    _rewrite(bind, table, changed)


def add_reference_column(table: str, column: str, constraint: str, target: str, ondelete: str) -> None:
    """Add a nullable ``column`` VARCHAR(36) to ``table`` pointing at ``target``.id, without a rebuild.

    SQLite adds it with ``ALTER TABLE ... ADD COLUMN ... REFERENCES`` (allowed for a column whose
    default is NULL); the constraint is then written as a named table constraint, as pmsdesk creates
    foreign keys, so the schema reads the same as a new database's. Other databases add it plainly.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.add_column(table, sa.Column(column, sa.String(length=36), nullable=True))
        op.create_foreign_key(constraint, table, target, [column], ["id"], ondelete=ondelete)
        return
    inline = f"REFERENCES {target} (id) ON DELETE {ondelete}"
    bind.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR(36) {inline}")
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                               (table,)).scalar_one()
    added = f"{column} VARCHAR(36) {inline}"
    if sql.count(added) != 1 or not sql.rstrip().endswith(")"):
        raise RuntimeError(f"the {table} table is not as pmsdesk created it; {column} not added")
    changed = sql.replace(added, f"{column} VARCHAR(36)").rstrip()[:-1].rstrip() + (
        f", \n\tCONSTRAINT {constraint} FOREIGN KEY({column}) {inline}\n)")
    _rewrite(bind, table, changed)


def drop_reference_column(table: str, column: str, constraint: str) -> None:
    """Undo :func:`add_reference_column` without a rebuild (a rebuild would cascade-delete the children).

    SQLite refuses to drop a column a foreign key names, so the constraint is first removed from the
    table's CREATE statement (SQLite documents removing a FOREIGN KEY constraint this way), then the
    column is dropped with ``ALTER TABLE ... DROP COLUMN``.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(constraint, table, type_="foreignkey")
        op.drop_column(table, column)
        return
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                               (table,)).scalar_one()
    pattern = re.compile(rf",\s*CONSTRAINT {re.escape(constraint)} FOREIGN KEY\({re.escape(column)}\) [^,()]*\([^()]*\)[^,()]*")
    changed, found = pattern.subn("", sql)
    if found != 1:
        raise RuntimeError(f"the {table} table's {constraint} is not as pmsdesk created it; not changed")
    _rewrite(bind, table, changed)
    bind.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
