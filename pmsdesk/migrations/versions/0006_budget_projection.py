"""quarterly financial targets (budget projections) beside the deliverable targets

Revision ID: 0006_budget_projection
Revises: 0005
Create Date: 2026-12-06 22:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006_budget_projection'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('kpi_target', schema=None) as batch_op:
        batch_op.add_column(sa.Column('budget_projection', sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('kpi_target', schema=None) as batch_op:
        batch_op.drop_column('budget_projection')
