"""one identity for rule sets everywhere, head-office keys, audit anchors

Rule sets get ids derived from code and revision (uuid5 over a fixed
namespace), so the defaults of two independently created databases are the
same rows; the shipped defaults get the origin SHIPPED. The sync clocks and
conflicts that name a rule set follow the new id. (Nothing else references a
rule set by id; audit events keep the id they were written with, their
hashes cover it.) Trusted keys say whether they are head office's; audit
anchors keep the chain heads reported in packages.

Revision ID: 0006_trust
Revises: 0006_dayone
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = '0006_trust'
down_revision = '0006_dayone'
branch_labels = None
depends_on = None

#: The same namespace as pmsdesk.services.rule_sets.RULE_SET_NAMESPACE, frozen here as of this revision.
RULE_SET_NAMESPACE = uuid.UUID("6f1d2c1e-5a44-5e0b-9a43-2b1f6c0d7e91")
SHIPPED_CODES = ("za_sdbip", "za_s56", "ke_pc", "ke_spas", "tz_opras")


def _rule_set_id(code: str, revision_number: int) -> str:
    return str(uuid.uuid5(RULE_SET_NAMESPACE, f"rule_set:{code}:{int(revision_number)}"))


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, code, revision FROM rule_set")).all()
    for old_id, code, revision_number in rows:
        new_id = _rule_set_id(code, revision_number)
        if new_id == old_id:
            continue
        connection.execute(sa.text("UPDATE rule_set SET id = :new WHERE id = :old"), {"new": new_id, "old": old_id})
        connection.execute(sa.text("UPDATE sync_row_clock SET row_id = :new WHERE row_id = :old"),
                           {"new": new_id, "old": old_id})
        connection.execute(sa.text("UPDATE sync_conflict SET row_id = :new WHERE row_id = :old"),
                           {"new": new_id, "old": old_id})
    for code in SHIPPED_CODES:
        connection.execute(sa.text("UPDATE rule_set SET origin_office = 'SHIPPED' WHERE code = :code AND revision = 1"),
                           {"code": code})


    with op.batch_alter_table('sync_trusted_key', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head_office', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('audit_anchor',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('office', sa.String(length=40), nullable=False),
    sa.Column('package_id', sa.String(length=64), nullable=False),
    sa.Column('package_sequence', sa.Integer(), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.Column('head_hash', sa.String(length=64), nullable=False),
    sa.Column('previous_length', sa.Integer(), nullable=True),
    sa.Column('previous_hash', sa.String(length=64), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_anchor'))
    )
    with op.batch_alter_table('audit_anchor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_anchor_office'), ['office'], unique=False)


def downgrade() -> None:
    """Derived ids are valid ids: nothing to undo for the rule sets."""
    op.drop_table('audit_anchor')
    with op.batch_alter_table('sync_trusted_key', schema=None) as batch_op:
        batch_op.drop_column('head_office')
