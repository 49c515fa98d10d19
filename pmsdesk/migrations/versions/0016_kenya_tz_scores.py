"""Kenya and Tanzania scores: appraisee, supervisor and agreed scores per line (OPRAS sections 5-6, SPAS
end-year appraisal), OPRAS objectives' criteria and resources, mid-year factors, the comments and the
recommendation of an appraisal, a person's particulars (OPRAS section 1), and the CIDP programme / ADP project a contract indicator serves

Revision ID: 0016_kenya_tz_scores
Revises: 0013_scored_results
Create Date: 2026-12-07 04:30:00

Every new column is nullable, so rows already there keep their row hashes. The programme link is added in
place on SQLite (pmsdesk.migrations.sqlite_checks.add_reference_column): agreement_item has children,
and a batch rebuild of it fails at commit with foreign keys on.

SPAS end-year appraisals scored before this revision were banded on each target's result against its
agreed target; their agreed score is filled with that percentage (higher is better), so they keep the
band they had.
"""

import sqlalchemy as sa
from alembic import op

revision = '0016_kenya_tz_scores'
down_revision = '0013_scored_results'
branch_labels = None
depends_on = None

COLUMNS = {
    'person': (('gender', lambda: sa.String(length=20)), ('date_of_birth', sa.Date),
               ('qualification', lambda: sa.String(length=200)), ('substantive_post', lambda: sa.String(length=200)),
               ('first_appointed_on', sa.Date), ('post_appointed_on', sa.Date),
               ('terms_of_service', lambda: sa.String(length=100))),
    'agreement_item': (('performance_criteria', sa.Text), ('resources', sa.Text)),
    'assessment': (('appraisee_comments', sa.Text), ('second_comments', sa.Text), ('recommendation', sa.Text)),
    'assessment_rating': (('appraisee_score', sa.Double), ('supervisor_score', sa.Double),
                          ('agreed_score', sa.Double), ('factors', sa.Text)),
}
PROGRAMME_FK = 'fk_agreement_item_programme_id_programme'
SPAS_AGREED = (
    "UPDATE assessment_rating SET agreed_score = ("
    " SELECT 100.0 * assessment_rating.actual / agreement_item.target_value FROM agreement_item"
    " WHERE agreement_item.id = assessment_rating.item_id)"
    " WHERE agreed_score IS NULL AND actual IS NOT NULL"
    " AND item_id IN (SELECT id FROM agreement_item WHERE kind = 'target' AND target_value IS NOT NULL"
    " AND target_value <> 0)"
    " AND assessment_id IN (SELECT assessment.id FROM assessment JOIN performance_agreement"
    " ON performance_agreement.id = assessment.agreement_id"
    " WHERE performance_agreement.kind = 'ke_spas' AND assessment.review_label = 'End-year appraisal')")


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, kind in columns:
                batch_op.add_column(sa.Column(name, kind(), nullable=True))
    from pmsdesk.migrations.sqlite_checks import add_reference_column

    add_reference_column('agreement_item', 'programme_id', PROGRAMME_FK, 'programme', 'SET NULL')
    op.execute(sa.text(SPAS_AGREED))


def downgrade() -> None:
    """Columns are dropped in place (ALTER TABLE ... DROP COLUMN): a batch rebuild of agreement_item or
    assessment would delete their children's rows through ON DELETE CASCADE."""
    from pmsdesk.migrations.sqlite_checks import drop_reference_column

    drop_reference_column('agreement_item', 'programme_id', PROGRAMME_FK)
    for table, columns in COLUMNS.items():
        for name, _kind in reversed(columns):
            op.drop_column(table, name)
