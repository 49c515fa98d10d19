"""a confirmed held value is kept on the actual, so it travels to head office with it

Revision ID: 0009_confirmed_values
Revises: 0008_row_hash_without_nulls
Create Date: 2026-12-07 02:30:00

Until now a PMS officer's confirmation of a value held for checking was a
resolved data-quality flag, which stays in the office: head office kept
holding the value and its scores disagreed with the office's. The confirmations
move onto the actual (value, who, note); the flags that held them are removed.
"""

import sqlalchemy as sa
from alembic import op

revision = '0009_confirmed_values'
down_revision = '0008_row_hash_without_nulls'
branch_labels = None
depends_on = None

PREFIX = "confirmed value "


def upgrade() -> None:
    with op.batch_alter_table('period_actual', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_value', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('confirmation_note', sa.Text(), nullable=True))
    bind = op.get_bind()
    flags = sa.table("data_quality_flag", sa.column("id"), sa.column("entity"), sa.column("entity_id"),
                     sa.column("field"), sa.column("source"), sa.column("problem"), sa.column("resolved_by"),
                     sa.column("raised_at"))
    actuals = sa.table("period_actual", sa.column("id"), sa.column("confirmed_value"), sa.column("confirmed_by"),
                       sa.column("confirmation_note"))
    rows = bind.execute(sa.select(flags.c.id, flags.c.entity_id, flags.c.source, flags.c.problem, flags.c.resolved_by)
                        .where(flags.c.entity == "period_actual", flags.c.field == "value",
                               flags.c.source.startswith(PREFIX))
                        .order_by(flags.c.raised_at)).all()
    for flag_id, actual_id, source, note, who in rows:  # the latest confirmation of each actual wins
        try:
            value = float(source.removeprefix(PREFIX))
        except ValueError:
            continue
        bind.execute(actuals.update().where(actuals.c.id == actual_id).values(
            confirmed_value=value, confirmed_by=who, confirmation_note=note))
        bind.execute(flags.delete().where(flags.c.id == flag_id))


def downgrade() -> None:
    with op.batch_alter_table('period_actual', schema=None) as batch_op:
        batch_op.drop_column('confirmation_note')
        batch_op.drop_column('confirmed_by')
        batch_op.drop_column('confirmed_value')
