"""The KPI's descriptive words an SDBIP carries beside its measures: one entry here per field.

Each is a plain text column on ``kpi`` (declared in :mod:`.kpi`, added by a migration). Everything
else about it is read from this table: the services' validation (length), the KPI editor (a line
after the field named in ``after``), the register export and the importer (its column, when
``column`` is True; its accepted headings are in ``pmsdesk/importers/columns.py``). A field with a
``keeps`` link holds the words of that link's column when they match no record, so nothing an
official typed is lost (the custodian's post when no person of that name exists).

Adding a descriptive text field: a line here, a column in ``Kpi``, a migration, and (for a column
of its own) its headings in ``columns.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KpiText:
    key: str  # the kpi column
    label: str  # the KPI editor's label, with its & shortcut
    length: int
    hint: str
    after: str  # the KPI editor field it follows
    column: bool = True  # a column of its own in workbooks (else it shares the column of ``keeps``)
    keeps: str | None = None  # the importer's link field whose unmatched words it holds


KPI_TEXTS: tuple[KpiText, ...] = (
    KpiText("national_kpa", "Nat&ional KPA:", 200, "when the SDBIP names it beside the municipal KPA", "kpa_id"),
    KpiText("strategy", "IDP strate&gy:", 2000, "the IDP strategy the KPI carries out", "strategic_objective_id"),
    KpiText("focus_area", "Focus area:", 200, "e.g. Water and sanitation", "strategy"),
    KpiText("project", "Pro&ject / activity:", 2000, "as the SDBIP writes it", "programme_id", keeps="programme"),
    KpiText("custodian", "Custodian (as &written):", 200, "post or name, when nobody above is linked",
            "responsible_person_id", column=False, keeps="responsible_person"),
)
KPI_TEXT_KEYS = tuple(text.key for text in KPI_TEXTS)


def with_texts(names: tuple[str, ...], *, workbook: bool = False) -> tuple[str, ...]:
    """``names`` with each text field placed after the field it follows: the KPI editor's fields, or (``workbook``)
    a workbook's columns, where a link is named without its '_id' and only fields with a column of their own count."""
    placed = list(names)
    for text in KPI_TEXTS:
        if workbook and not text.column:
            continue
        after = text.after.removesuffix("_id") if workbook else text.after
        placed.insert(placed.index(after) + 1 if after in placed else len(placed), text.key)
    return tuple(placed)
