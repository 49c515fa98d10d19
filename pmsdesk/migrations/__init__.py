"""The Alembic migrations that create and upgrade every pmsdesk database."""

#: The schema revision this pmsdesk writes. Kept here so opening an up-to-date
#: database needs no Alembic import; a test checks it is Alembic's head.
HEAD_REVISION = "0010_kenya"  # … → 0006_pepmis → 0007_kpi_texts → 0008 → 0009 → 0010_kenya
