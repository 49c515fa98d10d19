"""agreement dates: when an agreement was made public, top-layer KPIs, the mid-year adjustments recommendation

Revision ID: 0015_agreement_dates
Revises: 0016_kenya_tz_scores
Create Date: 2026-12-07 04:45:00

Three nullable columns, added in place (SQLite's ALTER TABLE ADD COLUMN; no table is rebuilt, so rows
that point at these tables are untouched). Nullable, so the row hashes of existing rows stay as they
were (a hash leaves None out) and packages made before the upgrade still match.
"""

import sqlalchemy as sa
from alembic import op

revision = '0015_agreement_dates'
down_revision = '0016_kenya_tz_scores'
branch_labels = None
depends_on = None

#: table → (column, type)
COLUMNS = (
    ("performance_agreement", "made_public_on", sa.Date()),
    ("kpi", "top_layer", sa.Boolean()),
    ("financial_year", "adjustments_recommendation", sa.Text()),
)


def upgrade() -> None:
    for table, column, kind in COLUMNS:
        op.add_column(table, sa.Column(column, kind, nullable=True))


def downgrade() -> None:
    # In place too (SQLite 3.35+ drops a column without rebuilding the table, which rows of other tables
    # point at and a rebuild could not drop inside the upgrade's transaction).
    for table, column, _kind in reversed(COLUMNS):
        op.drop_column(table, column)
