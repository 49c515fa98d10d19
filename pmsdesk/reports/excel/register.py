"""The KPI register of one organisation's year as a workbook that imports back without loss.

Headings are the SDBIP importer's own, every KPI field has a column, enum
columns carry drop-down lists, percentages are written as points with a
literal "%" format and a target that is words stays words, so
``import-sdbip --update-existing`` of an unedited export changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.importers.columns import FIELD_KEYS
from pmsdesk.kpi_fields import WORKBOOK, of_kind
from pmsdesk.models import (
    CalculationType,
    Direction,
    FinancialYear,
    Kpa,
    Kpi,
    KpiConcept,
    KpiTarget,
    KpiType,
    MeasureType,
    Organisation,
    PeriodKind,
    Person,
    Programme,
    ReportingPeriod,
    StrategicObjective,
    Unit,
    UnitLevel,
)
from pmsdesk.vocabulary import vocabulary_for

from .cells import (
    MONEY_FORMAT,
    NUMBER_FORMAT,
    PERCENT_POINTS_FORMAT,
    body_style,
    choice_list,
    header_row,
    mark_if_demo,
    put,
    title_rows,
)

COLUMNS = WORKBOOK
#: Fields written as the KPI holds them (text and numbers) or by their value (choices); the rest are below.
AS_HELD = tuple(field.key for field in of_kind("text", "number", column=True))
AS_VALUE = tuple(field.key for field in of_kind("choice", column=True))
AS_YES_NO = tuple(field.key for field in of_kind("flag", column=True))
WIDTHS = {"reference": 10, "name": 45, "definition": 30, "unit_of_measure": 22, "strategic_objective": 30,
          "kpa": 24, "directorate": 22, "department": 22, "data_source": 24, "required_evidence": 28,
          "strategy": 30, "project": 30, "focus_area": 20, "national_kpa": 24}
ENUM_LISTS = {"measure_type": MeasureType, "calculation_type": CalculationType, "direction": Direction,
              "kpi_type": KpiType, "kpi_concept": KpiConcept}


def unit_subtree(session: Session, unit_id: str) -> set[str]:
    """A unit and every unit below it."""
    children: dict[str | None, list[str]] = {}
    for child_id, parent_id in session.execute(select(Unit.id, Unit.parent_id)):
        children.setdefault(parent_id, []).append(child_id)
    found, stack = set(), [unit_id]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, ()))
    return found


def _unit_columns(unit: Unit | None, units: dict[str, Unit]) -> tuple[str | None, str | None]:
    """(directorate, department) names: a directorate alone, or the unit under its directorate."""
    if unit is None:
        return None, None
    if unit.level == UnitLevel.DIRECTORATE or unit.parent_id is None:
        return unit.name, None
    top = units[unit.parent_id]
    while top.level != UnitLevel.DIRECTORATE and top.parent_id in units:
        top = units[top.parent_id]
    return top.name, unit.name


def as_written(measure: MeasureType, number: float | None, day: Any, words: str | None) -> Any:
    """A target or baseline as the importer will read it back: the words if any, else the date or number."""
    if words:
        return words
    if day is not None:
        return day
    if number is not None and measure == MeasureType.YES_NO:
        return "Yes" if number == 1 else "No"  # not translated
    return number


def _number_format(measure: MeasureType, money_format: str = MONEY_FORMAT) -> str:
    return {MeasureType.PERCENTAGE: PERCENT_POINTS_FORMAT, MeasureType.CURRENCY: money_format}.get(measure,
                                                                                                  NUMBER_FORMAT)


def _value_of(choice: StrEnum | None) -> str | None:
    return choice.value if choice is not None else None


def register_rows(session: Session, year: FinancialYear, unit_ids: set[str] | None = None) -> list[dict[str, Any]]:
    """One dict per KPI keyed by importer field, in reference order."""
    org_id = year.organisation_id
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.organisation_id == org_id))}
    kpas = {k.id: k for k in session.scalars(select(Kpa).where(Kpa.organisation_id == org_id))}
    objectives = {o.id: o for o in session.scalars(select(StrategicObjective))}
    programmes = {p.id: p for p in session.scalars(select(Programme).where(Programme.organisation_id == org_id))}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.organisation_id == org_id))}
    targets: dict[str, dict[int, KpiTarget]] = {}
    for target, number in session.execute(
            select(KpiTarget, ReportingPeriod.number).join(ReportingPeriod)
            .where(ReportingPeriod.financial_year_id == year.id, ReportingPeriod.kind == PeriodKind.QUARTER)):
        targets.setdefault(target.kpi_id, {})[number] = target
    rows = []
    query = select(Kpi).where(Kpi.financial_year_id == year.id).order_by(Kpi.reference)
    for kpi in session.scalars(query):
        if unit_ids is not None and kpi.responsible_unit_id not in unit_ids:
            continue
        unit_id, objective_id = kpi.responsible_unit_id, kpi.strategic_objective_id
        directorate, department = _unit_columns(units.get(unit_id) if unit_id else None, units)
        objective = objectives.get(objective_id) if objective_id else None
        measure = kpi.measure_type
        row = {name: getattr(kpi, name) for name in AS_HELD}
        row |= {name: _value_of(getattr(kpi, name)) for name in AS_VALUE}
        row |= {name: "Yes" if getattr(kpi, name) else "No" for name in AS_YES_NO}  # not translated
        row |= {
            "kpa": kpas[kpi.kpa_id].name if kpi.kpa_id else None,
            "strategic_objective": f"{objective.code}: {objective.title}" if objective else None,
            "directorate": directorate, "department": department,
            "baseline": kpi.baseline_text or kpi.baseline,
            "annual_target": as_written(measure, kpi.annual_target, kpi.annual_target_date, kpi.annual_target_text),
            "programme": programmes[kpi.programme_id].code if kpi.programme_id else None,
            "responsible_person": people[kpi.responsible_person_id].full_name if kpi.responsible_person_id
            else kpi.custodian,  # the words as the SDBIP wrote them, when no person is linked
            "_measure": measure,
        }
        for quarter, target in targets.get(kpi.id, {}).items():
            row[f"target_q{quarter}"] = as_written(measure, target.value, target.value_date, target.value_text)
            row[f"budget_q{quarter}"] = target.budget_projection
        rows.append(row)
    return rows


def export_register(session: Session, year: FinancialYear, path: str | Path, *, unit_id: str | None = None) -> int:
    """Write the register to ``path``; returns the number of KPIs written."""
    organisation = session.get_one(Organisation, year.organisation_id)
    unit_ids = unit_subtree(session, unit_id) if unit_id else None
    rows = register_rows(session, year, unit_ids)
    money_format = vocabulary_for(organisation.country).money.spreadsheet_format
    book = Workbook()
    sheet = book.active
    sheet.title = "KPI register"  # not translated
    scope = f" — {session.get_one(Unit, unit_id).name}" if unit_id else ""
    header = title_rows(sheet, [_("{0}: KPI register {1}").format(organisation.name, year.label) + scope,
                                _("Exported by pmsdesk on {0}; edit and re-import with "
                                  "'pmsdesk import-sdbip --update-existing'").format(f"{datetime.now():%Y-%m-%d %H:%M}")],
                        len(COLUMNS))
    # In the reader's language: import-sdbip knows every offered language's titles (importers.columns).
    header_row(sheet, header, [_(FIELD_KEYS[c].heading) for c in COLUMNS], [WIDTHS.get(c, 14) for c in COLUMNS],
               freeze_column=2)
    for offset, row in enumerate(rows, start=1):
        number_format = _number_format(row["_measure"], money_format)
        for column, name in enumerate(COLUMNS, start=1):
            fmt = money_format if name.startswith("budget_q") or name == "budget" else number_format if name.startswith(
                ("target_", "annual_", "baseline")) else NUMBER_FORMAT
            put(sheet, header + offset, column, row.get(name), fmt)
    last = header + max(len(rows), 1)
    body_style(sheet, header + 1, last, len(COLUMNS))
    edit_to = header + len(rows) + 200  # room for new KPIs typed below
    for name, enum in ENUM_LISTS.items():
        choice_list(book, sheet, FIELD_KEYS[name].heading, [m.value for m in enum], COLUMNS.index(name) + 1,
                    header + 1, edit_to)
    for name in AS_YES_NO:  # 'Yes'/'No' as import-sdbip reads them
        choice_list(book, sheet, FIELD_KEYS[name].heading, ["Yes", "No"], COLUMNS.index(name) + 1, header + 1,  # not translated
                    edit_to)
    kpa_names = session.scalars(select(Kpa.name).where(Kpa.organisation_id == organisation.id).order_by(Kpa.code))
    choice_list(book, sheet, "KPA", list(kpa_names), COLUMNS.index("kpa") + 1, header + 1, edit_to)  # not translated
    mark_if_demo(book, session)
    book.save(path)
    return len(rows)
