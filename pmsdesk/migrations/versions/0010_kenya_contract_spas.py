"""Kenya: contract front matter, criteria categories and history per indicator, self-evaluation and
verification of contract evaluations, SPAS appraisals (agreement kind ke_spas, target and competency lines)

Revision ID: 0010_kenya
Revises: 0009_confirmed_values
Create Date: 2026-12-07 01:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010_kenya'
down_revision = '0009_confirmed_values'
branch_labels = None
depends_on = None

#: (table, constraint, column, values before, values after)
ENUMS = (
    ('performance_agreement', 'ck_performance_agreement_agreementkind', 'kind',
     ('za_s56', 'ke_pc', 'tz_opras'), ('za_s56', 'ke_pc', 'ke_spas', 'tz_opras')),
    ('agreement_item', 'ck_agreement_item_agreementitemkind', 'kind',
     ('kpa', 'ccr', 'indicator', 'objective', 'attribute'),
     ('kpa', 'ccr', 'indicator', 'objective', 'attribute', 'target', 'competency')),
    ('assessment', 'ck_assessment_assessmentstatus', 'status',
     ('draft', 'final'), ('draft', 'submitted', 'verified', 'final')),
)
COLUMNS = {
    'performance_agreement': (('vision', sa.Text), ('mission', sa.Text), ('strategic_objectives', sa.Text)),
    'agreement_item': (('category', lambda: sa.String(length=120)), ('unit', lambda: sa.String(length=60)),
                       ('baseline', sa.Double), ('achieved_last_year', sa.Double),
                       ('achieved_year_before', sa.Double), ('target_value', sa.Double)),
    'assessment': (('submitted_on', sa.Date), ('submitted_by', lambda: sa.String(length=80)),
                   ('self_score', sa.Double), ('verified_on', sa.Date),
                   ('verified_by', lambda: sa.String(length=80)), ('verification_notes', sa.Text)),
    'assessment_rating': (('evidence', sa.Text), ('verified_actual', sa.Double), ('verifier_note', sa.Text)),
}


def _allowed(column: str, values: tuple[str, ...]) -> sa.TextClause:
    return sa.text(f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")")


def _set_enums(after: bool) -> None:
    for table, constraint, column, old, new in ENUMS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(constraint), type_='check')
            batch_op.create_check_constraint(op.f(constraint), _allowed(column, new if after else old))


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, kind in columns:
                batch_op.add_column(sa.Column(name, kind(), nullable=True))
    _set_enums(after=True)


def downgrade() -> None:
    """SPAS appraisals have no place in the older schema: they are removed with their lines."""
    spas = "(SELECT id FROM performance_agreement WHERE kind = 'ke_spas')"
    op.execute(sa.text(f"DELETE FROM assessment_rating WHERE assessment_id IN "
                       f"(SELECT id FROM assessment WHERE agreement_id IN {spas})"))
    op.execute(sa.text(f"DELETE FROM assessment WHERE agreement_id IN {spas}"))
    op.execute(sa.text(f"DELETE FROM agreement_item WHERE agreement_id IN {spas}"))
    op.execute(sa.text("DELETE FROM performance_agreement WHERE kind = 'ke_spas'"))
    op.execute(sa.text("DELETE FROM assessment_rating WHERE item_id IN "
                       "(SELECT id FROM agreement_item WHERE kind IN ('target', 'competency'))"))
    op.execute(sa.text("DELETE FROM agreement_item WHERE kind IN ('target', 'competency')"))
    op.execute(sa.text("UPDATE assessment SET status = 'draft' WHERE status IN ('submitted', 'verified')"))
    _set_enums(after=False)
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _kind in reversed(columns):
                batch_op.drop_column(name)
