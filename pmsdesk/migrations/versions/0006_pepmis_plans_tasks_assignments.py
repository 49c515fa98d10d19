"""PEPMIS / PIPMIS: plans, tasks, sub-tasks, assignments, progress and appeals

Revision ID: 0006_pepmis
Revises: 0006_trust
Create Date: 2026-12-06 22:46:41.534047
"""

import sqlalchemy as sa
from alembic import op

revision = '0006_pepmis'
down_revision = '0006_trust'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pepmis_plan',
    sa.Column('organisation_id', sa.String(length=36), nullable=False),
    sa.Column('financial_year_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('rule_set_code', sa.String(length=60), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('origin_office', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['financial_year_id'], ['financial_year.id'], name=op.f('fk_pepmis_plan_financial_year_id_financial_year')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_pepmis_plan_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pepmis_plan')),
    sa.UniqueConstraint('organisation_id', 'financial_year_id', name=op.f('uq_pepmis_plan_organisation_id_financial_year_id'))
    )
    with op.batch_alter_table('pepmis_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pepmis_plan_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('pepmis_task',
    sa.Column('plan_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('weight', sa.Double(), nullable=False),
    sa.Column('unit_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('origin_office', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('weight >= 0 AND weight <= 100', name=op.f('ck_pepmis_task_weight_percent')),
    sa.ForeignKeyConstraint(['plan_id'], ['pepmis_plan.id'], name=op.f('fk_pepmis_task_plan_id_pepmis_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_pepmis_task_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pepmis_task')),
    sa.UniqueConstraint('plan_id', 'code', name=op.f('uq_pepmis_task_plan_id_code'))
    )
    with op.batch_alter_table('pepmis_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pepmis_task_plan_id'), ['plan_id'], unique=False)

    op.create_table('pepmis_sub_task',
    sa.Column('task_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('weight', sa.Double(), nullable=False),
    sa.Column('target', sa.Text(), nullable=True),
    sa.Column('indicator', sa.Text(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('origin_office', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('weight >= 0 AND weight <= 100', name=op.f('ck_pepmis_sub_task_weight_percent')),
    sa.ForeignKeyConstraint(['task_id'], ['pepmis_task.id'], name=op.f('fk_pepmis_sub_task_task_id_pepmis_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pepmis_sub_task')),
    sa.UniqueConstraint('task_id', 'code', name=op.f('uq_pepmis_sub_task_task_id_code'))
    )
    with op.batch_alter_table('pepmis_sub_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pepmis_sub_task_task_id'), ['task_id'], unique=False)

    op.create_table('pepmis_assignment',
    sa.Column('sub_task_id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('period_id', sa.String(length=36), nullable=False),
    sa.Column('supervisor_person_id', sa.String(length=36), nullable=True),
    sa.Column('quantitative_mark', sa.Double(), nullable=True),
    sa.Column('qualitative_mark', sa.Double(), nullable=True),
    sa.Column('mark_comment', sa.Text(), nullable=True),
    sa.Column('marked_by', sa.String(length=80), nullable=True),
    sa.Column('marked_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('origin_office', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('qualitative_mark IS NULL OR (qualitative_mark >= 0 AND qualitative_mark <= 100)', name=op.f('ck_pepmis_assignment_qualitative_mark_0_100')),
    sa.CheckConstraint('quantitative_mark IS NULL OR (quantitative_mark >= 0 AND quantitative_mark <= 100)', name=op.f('ck_pepmis_assignment_quantitative_mark_0_100')),
    sa.ForeignKeyConstraint(['period_id'], ['reporting_period.id'], name=op.f('fk_pepmis_assignment_period_id_reporting_period')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_pepmis_assignment_person_id_person')),
    sa.ForeignKeyConstraint(['sub_task_id'], ['pepmis_sub_task.id'], name=op.f('fk_pepmis_assignment_sub_task_id_pepmis_sub_task')),
    sa.ForeignKeyConstraint(['supervisor_person_id'], ['person.id'], name=op.f('fk_pepmis_assignment_supervisor_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pepmis_assignment')),
    sa.UniqueConstraint('sub_task_id', 'person_id', 'period_id', name=op.f('uq_pepmis_assignment_sub_task_id_person_id_period_id'))
    )
    with op.batch_alter_table('pepmis_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pepmis_assignment_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pepmis_assignment_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pepmis_assignment_sub_task_id'), ['sub_task_id'], unique=False)

    op.create_table('pepmis_appeal',
    sa.Column('assignment_id', sa.String(length=36), nullable=False),
    sa.Column('lodged_on', sa.Date(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('lodged_by', sa.String(length=80), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decided_by', sa.String(length=80), nullable=True),
    sa.Column('decision', sa.Text(), nullable=True),
    sa.Column('revised_quantitative_mark', sa.Double(), nullable=True),
    sa.Column('revised_qualitative_mark', sa.Double(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('origin_office', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('revised_qualitative_mark IS NULL OR (revised_qualitative_mark >= 0 AND revised_qualitative_mark <= 100)', name=op.f('ck_pepmis_appeal_revised_qualitative_0_100')),
    sa.CheckConstraint('revised_quantitative_mark IS NULL OR (revised_quantitative_mark >= 0 AND revised_quantitative_mark <= 100)', name=op.f('ck_pepmis_appeal_revised_quantitative_0_100')),
    sa.ForeignKeyConstraint(['assignment_id'], ['pepmis_assignment.id'], name=op.f('fk_pepmis_appeal_assignment_id_pepmis_assignment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pepmis_appeal'))
    )
    with op.batch_alter_table('pepmis_appeal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pepmis_appeal_assignment_id'), ['assignment_id'], unique=False)

    op.create_table('pepmis_progress',
    sa.Column('assignment_id', sa.String(length=36), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('percent_done', sa.Double(), nullable=False),
    sa.Column('evidence_sha256', sa.String(length=64), nullable=True),
    sa.Column('evidence_name', sa.String(length=255), nullable=True),
    sa.Column('evidence_reference', sa.Text(), nullable=True),
    sa.Column('captured_by', sa.String(length=80), nullable=True),
    sa.Column('captured_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('origin_office', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('percent_done >= 0 AND percent_done <= 100', name=op.f('ck_pepmis_progress_percent_done_0_100')),
    sa.ForeignKeyConstraint(['assignment_id'], ['pepmis_assignment.id'], name=op.f('fk_pepmis_progress_assignment_id_pepmis_assignment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['evidence_sha256'], ['evidence_content.sha256'], name=op.f('fk_pepmis_progress_evidence_sha256_evidence_content')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pepmis_progress'))
    )
    with op.batch_alter_table('pepmis_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pepmis_progress_assignment_id'), ['assignment_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pepmis_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pepmis_progress_assignment_id'))

    op.drop_table('pepmis_progress')
    with op.batch_alter_table('pepmis_appeal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pepmis_appeal_assignment_id'))

    op.drop_table('pepmis_appeal')
    with op.batch_alter_table('pepmis_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pepmis_assignment_sub_task_id'))
        batch_op.drop_index(batch_op.f('ix_pepmis_assignment_person_id'))
        batch_op.drop_index(batch_op.f('ix_pepmis_assignment_period_id'))

    op.drop_table('pepmis_assignment')
    with op.batch_alter_table('pepmis_sub_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pepmis_sub_task_task_id'))

    op.drop_table('pepmis_sub_task')
    with op.batch_alter_table('pepmis_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pepmis_task_plan_id'))

    op.drop_table('pepmis_task')
    with op.batch_alter_table('pepmis_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pepmis_plan_organisation_id'))

    op.drop_table('pepmis_plan')
