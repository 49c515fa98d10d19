"""The Alembic migrations that create and upgrade every pmsdesk database."""

#: The schema revision this pmsdesk writes. Kept here so opening an up-to-date
#: database needs no Alembic import; a test checks it is Alembic's head.
#: 0005 → 0006_budget_projection → 0006_dayone → 0006_trust → 0006_pepmis → 0007_kpi_texts → 0008_row_hash_without_nulls
#: → 0009_confirmed_values → 0010_kenya → 0011_development_plan → 0012_plan_kinds → 0013_scored_results
#: → 0016_kenya_tz_scores → 0015_agreement_dates → 0014_service_providers (numbered as planned, chained as merged)
HEAD_REVISION = "0014_service_providers"
