"""scored results: each KPI's scored line per quarter, stored (derived data, never synced)

Revision ID: 0013_scored_results
Revises: 0012_plan_kinds
Create Date: 2026-12-07 05:00:00

The migration only creates the table. Scoring needs the whole engine, which a migration must
not call (a later schema would break this file), so the rows of a database that already holds
KPIs are built on the first open after the upgrade: the migration leaves the installation
setting ``scored_results_stale`` for :func:`pmsdesk.db.open_database` to act on (or
``pmsdesk db check --repair``).
"""

import sqlalchemy as sa
from alembic import op

revision = '0013_scored_results'
down_revision = '0012_plan_kinds'
branch_labels = None
depends_on = None

STALE = "scored_results_stale"


def upgrade() -> None:
    op.create_table(
        "scored_result",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kpi_id", sa.String(36), sa.ForeignKey("kpi.id", ondelete="CASCADE",
                                                         name="fk_scored_result_kpi_id_kpi"), nullable=False),
        sa.Column("financial_year_id", sa.String(36),
                  sa.ForeignKey("financial_year.id", ondelete="CASCADE",
                                name="fk_scored_result_financial_year_id_financial_year"), nullable=False),
        sa.Column("period_number", sa.Integer(), nullable=False),
        sa.Column("boundary", sa.Integer(), nullable=False),
        sa.Column("lowest", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(60), nullable=False),
        sa.Column("rules_digest", sa.String(64), nullable=False),
        sa.Column("reported", sa.Boolean(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("left_out", sa.String(200), nullable=False),
        sa.Column("weight", sa.Float(), nullable=True),
        sa.Column("period_status", sa.String(30), nullable=True),
        sa.Column("period_achievement", sa.Float(), nullable=True),
        sa.Column("period_met", sa.Boolean(), nullable=True),
        sa.Column("ytd_status", sa.String(30), nullable=True),
        sa.Column("ytd_achievement", sa.Float(), nullable=True),
        sa.Column("ytd_met", sa.Boolean(), nullable=True),
        sa.Column("at_risk", sa.Boolean(), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scored_result"),
    )
    op.create_index("ix_scored_result_lookup", "scored_result", ["financial_year_id", "period_number", "boundary"])
    op.create_index("ix_scored_result_kpi", "scored_result", ["kpi_id", "period_number", "boundary"], unique=True)
    has_kpis = op.get_bind().execute(sa.text("SELECT 1 FROM kpi LIMIT 1")).first() is not None
    if has_kpis:
        op.execute(sa.text("INSERT INTO installation_setting (key, value) VALUES (:key, '1')")
                   .bindparams(key=STALE))


def downgrade() -> None:
    op.drop_index("ix_scored_result_kpi", table_name="scored_result")
    op.drop_index("ix_scored_result_lookup", table_name="scored_result")
    op.drop_table("scored_result")
    op.execute(sa.text("DELETE FROM installation_setting WHERE key = :key").bindparams(key=STALE))
