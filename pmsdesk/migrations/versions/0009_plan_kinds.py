"""plan kinds: Kenya's Annual Development Plan and Tanzania's Medium Term Strategic Plan

Revision ID: 0009_plan_kinds
Revises: 0008_row_hash_without_nulls
Create Date: 2026-12-07 01:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0009_plan_kinds'
down_revision = '0008_row_hash_without_nulls'
branch_labels = None
depends_on = None

OLD_KINDS = ('idp', 'cidp', 'strategic_plan')
NEW_KINDS = ('idp', 'cidp', 'strategic_plan', 'adp', 'mtsp')


def _kinds(kinds: tuple[str, ...]) -> sa.TextClause:
    return sa.text("kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")")


def upgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_plan_plankind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_plan_plankind'), _kinds(NEW_KINDS))


def downgrade() -> None:
    # A database holding ADP or MTSP plans cannot go back: the old check refuses them.
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_plan_plankind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_plan_plankind'), _kinds(OLD_KINDS))
