"""day one: organisation details and logo, specific organisation kinds, supervisors, retired people, demo mark

Revision ID: 0006_dayone
Revises: 0006_budget_projection
Create Date: 2026-12-06 22:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006_dayone'
down_revision = '0006_budget_projection'
branch_labels = None
depends_on = None

OLD_KINDS = ('municipality', 'county', 'ministry', 'lga', 'oversight')
NEW_KINDS = ('municipality', 'local_municipality', 'district_municipality', 'metropolitan_municipality',
             'county', 'ministry', 'lga', 'district_council', 'town_council', 'city_council', 'oversight')


def _kinds(kinds: tuple[str, ...]) -> sa.TextClause:
    return sa.text("kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")")


def upgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('postal_address', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('contact_line', sa.String(length=300), nullable=True))
        batch_op.drop_constraint(op.f('ck_organisation_organisationkind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_organisation_organisationkind'), _kinds(NEW_KINDS))
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supervisor_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('retired_on', sa.Date(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_person_supervisor_id_person'), 'person', ['supervisor_id'], ['id'])
    op.create_table(
        'organisation_logo',
        sa.Column('organisation_id', sa.String(length=36), nullable=False),
        sa.Column('media_type', sa.String(length=40), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_organisation_logo_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_organisation_logo')),
    )
    # A database the demo built before the demo marked itself: its audit trail says so.
    op.execute(sa.text(
        "INSERT INTO installation_setting (key, value) SELECT 'demo', 'built by pmsdesk demo' "
        "WHERE EXISTS (SELECT 1 FROM audit_event WHERE action = 'demo' AND entity = 'organisation') "
        "AND NOT EXISTS (SELECT 1 FROM installation_setting WHERE key = 'demo')"))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM installation_setting WHERE key = 'demo'"))
    op.drop_table('organisation_logo')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_person_supervisor_id_person'), type_='foreignkey')
        batch_op.drop_column('retired_on')
        batch_op.drop_column('supervisor_id')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_organisation_organisationkind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_organisation_organisationkind'), _kinds(OLD_KINDS))
        batch_op.drop_column('contact_line')
        batch_op.drop_column('postal_address')
        batch_op.drop_column('region')
