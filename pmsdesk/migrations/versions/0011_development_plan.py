"""Personal development plan lines of a performance agreement (Annexure B)

Revision ID: 0011_development_plan
Revises: 0010_kenya
Create Date: 2026-12-07 01:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0011_development_plan'
down_revision = '0010_kenya'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('development_action',
    sa.Column('agreement_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('competency_gap', sa.Text(), nullable=False),
    sa.Column('outcome_expected', sa.Text(), nullable=True),
    sa.Column('development_action', sa.Text(), nullable=False),
    sa.Column('mode_of_delivery', sa.String(length=200), nullable=True),
    sa.Column('time_frame', sa.String(length=200), nullable=True),
    sa.Column('work_opportunity', sa.Text(), nullable=True),
    sa.Column('support_person', sa.String(length=200), nullable=True),
    sa.Column('status', sa.Enum('planned', 'in_progress', 'completed', 'not_done', name='developmentstatus',
                                native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('origin_office', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['performance_agreement.id'],
                            name=op.f('fk_development_action_agreement_id_performance_agreement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_development_action'))
    )
    with op.batch_alter_table('development_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_development_action_agreement_id'), ['agreement_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('development_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_development_action_agreement_id'))
    op.drop_table('development_action')
