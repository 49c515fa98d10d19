"""service providers and their quarterly assessments (MSA s46(1)(a), MFMA s116(2))

Revision ID: 0014_service_providers
Revises: 0016_kenya_tz_scores
Create Date: 2026-12-07 04:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0014_service_providers'
down_revision = '0015_agreement_dates'
branch_labels = None
depends_on = None


def _synced_columns() -> list[sa.Column]:
    return [sa.Column('id', sa.String(length=36), nullable=False),
            sa.Column('origin_office', sa.String(length=40), nullable=False),
            sa.Column('version', sa.Integer(), nullable=False),
            sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False)]


def upgrade() -> None:
    op.create_table('service_provider',
    sa.Column('organisation_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('services', sa.Text(), nullable=False),
    sa.Column('contract_reference', sa.String(length=100), nullable=False),
    sa.Column('contract_value', sa.Float(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('responsible_unit_id', sa.String(length=36), nullable=True),
    sa.Column('responsible_person_id', sa.String(length=36), nullable=True),
    *_synced_columns(),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_service_provider_dates_in_order')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                            name=op.f('fk_service_provider_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['responsible_person_id'], ['person.id'],
                            name=op.f('fk_service_provider_responsible_person_id_person')),
    sa.ForeignKeyConstraint(['responsible_unit_id'], ['unit.id'],
                            name=op.f('fk_service_provider_responsible_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_provider'))
    )
    with op.batch_alter_table('service_provider', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_provider_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_provider_responsible_unit_id'), ['responsible_unit_id'],
                              unique=False)
    op.create_table('service_provider_assessment',
    sa.Column('service_provider_id', sa.String(length=36), nullable=False),
    sa.Column('period_id', sa.String(length=36), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('corrective_action', sa.Text(), nullable=True),
    sa.Column('assessed_by', sa.String(length=200), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    *_synced_columns(),
    sa.ForeignKeyConstraint(['period_id'], ['reporting_period.id'],
                            name=op.f('fk_service_provider_assessment_period_id_reporting_period')),
    sa.ForeignKeyConstraint(['service_provider_id'], ['service_provider.id'],
                            name=op.f('fk_service_provider_assessment_service_provider_id_service_provider'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_provider_assessment')),
    sa.UniqueConstraint('service_provider_id', 'period_id',
                        name=op.f('uq_service_provider_assessment_service_provider_id_period_id'))
    )
    with op.batch_alter_table('service_provider_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_provider_assessment_service_provider_id'),
                              ['service_provider_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('service_provider_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_provider_assessment_service_provider_id'))
    op.drop_table('service_provider_assessment')
    with op.batch_alter_table('service_provider', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_provider_responsible_unit_id'))
        batch_op.drop_index(batch_op.f('ix_service_provider_organisation_id'))
    op.drop_table('service_provider')
