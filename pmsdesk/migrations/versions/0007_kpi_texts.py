"""the KPI's descriptive words from published SDBIPs: national KPA, IDP strategy, focus area, project, custodian

Revision ID: 0007_kpi_texts
Revises: 0006_pepmis
Create Date: 2026-12-07 01:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_kpi_texts'
down_revision = '0006_pepmis'
branch_labels = None
depends_on = None

COLUMNS = (('national_kpa', sa.String(length=200)), ('strategy', sa.Text()), ('focus_area', sa.String(length=200)),
           ('project', sa.Text()), ('custodian', sa.String(length=200)))


def upgrade() -> None:
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        for name, kind in COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
