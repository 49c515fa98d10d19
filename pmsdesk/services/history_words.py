"""An audit event of a KPI's history in plain words: 'Q2 target changed from 40 to 45'.

Officials read the history to see who changed what and why; column names,
record ids and Python values mean nothing to them. Each record is named as
people call it (with its quarter), ids become the names they stand for, and
bookkeeping fields that only repeat the event's who and when are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import AuditEvent, EvidenceFile, Kpa, Kpi, KpiTarget, PeriodActual, ReportingPeriod, Unit
from pmsdesk.wording import a_date, plain_number

#: Fields that repeat what the event itself says (who, when, why) or are internal.
HIDDEN = {"id", "kpi_id", "financial_year_id", "organisation_id", "actual_id", "content_sha256", "storage_key",
          "created_at", "submitted_at", "verified_at", "approved_at", "uploaded_at", "captured_by", "verified_by",
          "approved_by", "uploaded_by", "revised_on", "revision_reason", "original_value", "is_late",
          "origin_office", "row_version"}
#: The value fields of a target or an actual: a change of one of them is 'the target changed'.
VALUE_FIELDS = ("value", "value_date", "value_text")
STATUS_WORDS = {"draft": "saved as draft", "submitted": "submitted for verification", "verified": "verified",
                "returned": "returned for correction", "approved": "approved"}
ACTIONS = {"create": "added", "update": "changed", "delete": "removed"}
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+)?$")


@dataclass(frozen=True)
class HistoryNames:
    """What the ids in a KPI's events stand for."""

    periods: dict[str, str]  # period id → 'Q2'
    record_periods: dict[str, str]  # target or actual id → period id
    others: dict[str, str]  # KPA and unit ids → their names
    evidence_names: dict[str, str]

    @classmethod
    def of(cls, session: Session, kpi: Kpi) -> HistoryNames:
        periods = dict(session.execute(select(ReportingPeriod.id, ReportingPeriod.label).where(
            ReportingPeriod.financial_year_id == kpi.financial_year_id)).all())
        record_periods = dict(session.execute(select(KpiTarget.id, KpiTarget.period_id).where(
            KpiTarget.kpi_id == kpi.id)).all())
        record_periods |= dict(session.execute(select(PeriodActual.id, PeriodActual.period_id).where(
            PeriodActual.kpi_id == kpi.id)).all())
        others = dict(session.execute(select(Kpa.id, Kpa.name)).all()) | dict(session.execute(
            select(Unit.id, Unit.name)).all())
        evidence = dict(session.execute(select(EvidenceFile.id, EvidenceFile.original_name).join(
            PeriodActual, PeriodActual.id == EvidenceFile.actual_id).where(PeriodActual.kpi_id == kpi.id)).all())
        return cls(periods, record_periods, others, evidence)


def field_words(key: str) -> str:
    return {"kpa_id": "KPA", "responsible_unit_id": "responsible unit", "period_id": "quarter"}.get(
        key, key.removesuffix("_id").replace("_", " "))


def value_words(key: str, value: Any, names: HistoryNames) -> str:
    if value is None or value == "":
        return "empty"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return plain_number(value)
    text = str(value)
    if key.endswith("_id"):
        return names.others.get(text) or names.periods.get(text) or "another record"
    day = _ISO_DAY.match(text)
    if day:
        return a_date(date(int(day[1]), int(day[2]), int(day[3])))
    return STATUS_WORDS.get(text, text) if key == "status" else text


def record_words(event: AuditEvent, names: HistoryNames) -> str:
    """'KPI', 'Q2 target', 'Q1 actual', 'evidence'."""
    if event.entity in ("kpi_target", "period_actual"):
        period_id = ((event.new_values or {}).get("period_id") or (event.old_values or {}).get("period_id")
                     or names.record_periods.get(event.entity_id))
        quarter = names.periods.get(period_id or "", "")
        return f"{quarter} {'target' if event.entity == 'kpi_target' else 'actual'}".strip()
    return {"kpi": "KPI", "evidence_file": "evidence"}.get(event.entity, event.entity.replace("_", " "))


def _value_of(values: dict[str, Any], names: HistoryNames) -> str:
    for key in VALUE_FIELDS:
        if values.get(key) not in (None, ""):
            return value_words(key, values[key], names)
    return "empty"


def change_words(event: AuditEvent, names: HistoryNames) -> str:
    """The change itself, without who, when and why (the history shows those beside it)."""
    new, old = event.new_values or {}, event.old_values or {}
    record = record_words(event, names)
    if event.entity == "evidence_file":
        name = new.get("original_name") or old.get("original_name") or names.evidence_names.get(event.entity_id, "")
        return f"evidence {ACTIONS.get(event.action, event.action)}: {name}".rstrip(": ")
    if event.action == "create":
        if event.entity == "kpi":
            return f"KPI created: {new.get('reference') or ''} {new.get('name') or ''}".strip()
        if event.entity == "kpi_target":
            return f"{record} set to {_value_of(new, names)}"
        if event.entity == "period_actual":
            return f"{record} captured: {_value_of(new, names)}"
        return f"{record} added"
    if event.action == "delete":
        shown = f" (was {_value_of(old, names)})" if event.entity in ("kpi_target", "period_actual") else ""
        return f"{record} removed{shown}"
    parts = []
    if any(key in new for key in VALUE_FIELDS) and event.entity in ("kpi_target", "period_actual"):
        parts.append(f"{record} changed from {_value_of(old, names)} to {_value_of(new, names)}")
    if "status" in new:
        parts.append(f"{record} {STATUS_WORDS.get(new['status'], new['status'])}")
    for key, value in new.items():
        if key in HIDDEN or key == "status" or (key in VALUE_FIELDS and event.entity != "kpi"):
            continue
        parts.append(f"{field_words(key)} changed from {value_words(key, old.get(key), names)} to "
                     f"{value_words(key, value, names)}")
    return "; ".join(parts) or f"{record} changed"
