"""The KPI's descriptive words an SDBIP carries beside its measures: national KPA, IDP strategy, focus area,
project and custodian.

Each is an entry of the one table of KPI fields (:mod:`pmsdesk.kpi_fields`), which every layer reads; this names
them together for the code that treats them as a group. A field with a ``keeps`` link holds the words of that
link's column when they match no record, so nothing an official typed is lost (the custodian's post when no
person of that name exists).
"""

from __future__ import annotations

from pmsdesk.kpi_fields import FIELD_BY_KEY, KpiField

KPI_TEXT_KEYS = ("national_kpa", "strategy", "focus_area", "project", "custodian")
KPI_TEXTS: tuple[KpiField, ...] = tuple(FIELD_BY_KEY[key] for key in KPI_TEXT_KEYS)
