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


revision = '0012_plan_kinds'
down_revision = '0011_development_plan'
branch_labels = None
depends_on = None

OLD_KINDS = ('idp', 'cidp', 'strategic_plan')
NEW_KINDS = ('idp', 'cidp', 'strategic_plan', 'adp', 'mtsp')


def _listed(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _allow(kinds: tuple[str, ...]) -> None:
    from pmsdesk.migrations.sqlite_checks import set_check

    set_check("plan", "ck_plan_plankind", _listed(kinds))


def upgrade() -> None:
    _allow(NEW_KINDS)


def downgrade() -> None:
    # A database holding ADP or MTSP plans cannot go back: the narrower check would refuse them.
    _allow(OLD_KINDS)
