"""data quality flags, import templates, issued documents

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:42:51.362319
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('data_quality_flag',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=80), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=80), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_quality_flag'))
    )
    with op.batch_alter_table('data_quality_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_quality_flag_entity'), ['entity'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_quality_flag_entity_id'), ['entity_id'], unique=False)

    op.create_table('import_template',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_template')),
    sa.UniqueConstraint('kind', 'name', name=op.f('uq_import_template_kind_name'))
    )
    op.create_table('issued_document',
    sa.Column('fingerprint', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('data_hash', sa.String(length=64), nullable=False),
    sa.Column('organisation_id', sa.String(length=36), nullable=True),
    sa.Column('generated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('generated_by', sa.String(length=80), nullable=True),
    sa.PrimaryKeyConstraint('fingerprint', name=op.f('pk_issued_document'))
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_document_organisation_id'), ['organisation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_document_organisation_id'))

    op.drop_table('issued_document')
    op.drop_table('import_template')
    with op.batch_alter_table('data_quality_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_quality_flag_entity_id'))
        batch_op.drop_index(batch_op.f('ix_data_quality_flag_entity'))

    op.drop_table('data_quality_flag')
