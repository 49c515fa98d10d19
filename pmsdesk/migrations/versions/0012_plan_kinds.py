"""plan kinds: Kenya's Annual Development Plan and Tanzania's Medium Term Strategic Plan

Revision ID: 0012_plan_kinds
Revises: 0011_development_plan
Create Date: 2026-12-07 01:40:00

On SQLite the plan table is not rebuilt: strategic objectives and programmes point at its rows,
and an upgrade runs in one transaction with foreign keys on, where dropping the old table is
refused. Widening a CHECK constraint is done in place instead, by the procedure SQLite documents
for changing CHECK constraints (ALTER TABLE, "making other kinds of table schema changes":
writable_schema, then a new schema_version); the rows already there satisfy the wider check.
"""

import re

import sqlalchemy as sa
from alembic import op

revision = '0012_plan_kinds'
down_revision = '0011_development_plan'
branch_labels = None
depends_on = None

OLD_KINDS = ('idp', 'cidp', 'strategic_plan')
NEW_KINDS = ('idp', 'cidp', 'strategic_plan', 'adp', 'mtsp')
CHECK = re.compile(r"CONSTRAINT ck_plan_plankind CHECK \(kind IN \([^)]*\)\)")


def _listed(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _allow(kinds: tuple[str, ...]) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        with op.batch_alter_table('plan', schema=None) as batch_op:
            batch_op.drop_constraint(op.f('ck_plan_plankind'), type_='check')
            batch_op.create_check_constraint(op.f('ck_plan_plankind'), sa.text(_listed(kinds)))
        return
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'plan'").scalar_one()
    changed, found = CHECK.subn(f"CONSTRAINT ck_plan_plankind CHECK ({_listed(kinds)})", sql)
    if found != 1:
        raise RuntimeError("the plan table's kind check is not as pmsdesk created it; not changed")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'plan'", (changed,))
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    _allow(NEW_KINDS)


def downgrade() -> None:
    # A database holding ADP or MTSP plans cannot go back: the narrower check would refuse them.
    _allow(OLD_KINDS)
