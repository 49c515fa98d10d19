"""stored row digests leave empty fields out, so adding a nullable column no longer marks every row changed

Revision ID: 0008_row_hash_without_nulls
Revises: 0007_kpi_texts
Create Date: 2026-12-07 02:20:00

``sync_row_clock.row_hash`` is the digest of a synced row as last seen; a row
whose digest no longer matches counts as changed here and is sent again.
The digest now leaves None fields out (``pmsdesk.sync.rows.row_hash``). A
stored digest is converted only when it is the old digest of the row exactly
as it is now, with or without the columns added since 0006 (all empty then):
a row really changed since it was last seen keeps its old digest, so the
change is still noticed and sent.
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0008_row_hash_without_nulls'
down_revision = '0007_kpi_texts'
branch_labels = None
depends_on = None

#: Nullable columns added to synced tables since the digests were first stored (0006_budget_projection,
#: 0007_kpi_texts): a row last seen before them had a digest without them.
ADDED = {"kpi_target": ("budget_projection",),
         "kpi": ("national_kpa", "strategy", "focus_area", "project", "custodian")}
BATCH = 5_000


def _old_digest(plain: dict) -> str:
    from pmsdesk.sync.format import canonical_json

    content = {key: value for key, value in plain.items() if key != "version"}
    return hashlib.sha256(canonical_json(content)).hexdigest()[:32]


def upgrade() -> None:
    from pmsdesk.sync.rows import row_hash, synced_tables, to_plain

    bind = op.get_bind()
    present = set(sa.inspect(bind).get_table_names())
    if "sync_row_clock" not in present:
        return
    clocks = sa.table("sync_row_clock", sa.column("row_id"), sa.column("row_hash"))
    stored = dict(bind.execute(sa.select(clocks.c.row_id, clocks.c.row_hash)).all())
    if not stored:
        return
    change = clocks.update().where(clocks.c.row_id == sa.bindparam("b_id")).values(row_hash=sa.bindparam("b_hash"))
    updates: list[dict] = []
    for table in synced_tables():
        if table.name not in present:
            continue
        existing = {column["name"] for column in sa.inspect(bind).get_columns(table.name)}
        columns = [column for column in table.columns if column.name in existing]  # the schema as of this step
        added = ADDED.get(table.name, ())
        for row in bind.execute(sa.select(*columns)):
            plain = {column.name: to_plain(value) for column, value in zip(columns, row)}
            digest = stored.get(plain["id"])
            if digest is None:
                continue
            before_added = {key: value for key, value in plain.items() if key not in added}
            if digest in (_old_digest(plain), _old_digest(before_added)):
                updates.append({"b_id": plain["id"], "b_hash": row_hash(plain)})
            if len(updates) >= BATCH:
                bind.execute(change, updates)
                updates = []
    if updates:
        bind.execute(change, updates)


def downgrade() -> None:
    """Digests of the new form are not understood by older code, which sees each row once more as changed
    and sends it again: harmless, so nothing is converted back."""
