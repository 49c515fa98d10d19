"""index actual status and evidence content; drop indexes the unique keys already give

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 09:31:18.120011
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('evidence_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_file_content_sha256'), ['content_sha256'], unique=False)

    with op.batch_alter_table('period_actual', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_actual_status'), ['status'], unique=False)
        batch_op.drop_index(batch_op.f('ix_period_actual_kpi_id'))

    with op.batch_alter_table('kpi_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpi_target_kpi_id'))



def downgrade() -> None:
    with op.batch_alter_table('kpi_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpi_target_kpi_id'), ['kpi_id'], unique=False)

    with op.batch_alter_table('period_actual', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_actual_kpi_id'), ['kpi_id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_period_actual_status'))

    with op.batch_alter_table('evidence_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_file_content_sha256'))

