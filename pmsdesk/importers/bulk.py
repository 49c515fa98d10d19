"""Writing the new KPIs of an import in bulk: every row checked in memory first, then one INSERT run per table.

Writing 2,000 KPIs one ORM flush and savepoint at a time took ~10 ms a row.
Here each row gets exactly the checks ``kpis.create_kpi``, ``check_period_target``
and the data-quality flag would make (links are still found or created
through the services), and only when every row passes are the KPIs, their
targets, their flags and one audit event per record inserted together, in
the same row order and hash chain the row-by-row path would write.
A row that is refused sends the batch back: its savepoint is rolled back,
the refused rows are left for the row-by-row path (which reports their
problems with their cells) and the rest is tried again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from pmsdesk.models import DataQualityFlag, Kpi, KpiTarget
from pmsdesk.services.actor import Permission
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.services.kpis import KPI_FIELDS, checked_target, kpi_consistency_problems
from pmsdesk.services.records import add_rows, new_row, transaction
from pmsdesk.services.validation import clean

from .kpi_values import KpiSpec, flag_text, target_flag_place
from .problems import RowRefused

if TYPE_CHECKING:
    from .apply import SpecWriter

#: A KPI written: its spec, its reference as stored, and the flags raised on it ("column: problem").
Written = tuple[KpiSpec, str, list[str]]


class _BatchRefused(Exception):
    """Some rows would be refused: nothing of the batch may stay."""

    def __init__(self, specs: list[KpiSpec]) -> None:
        super().__init__(f"{len(specs)} row(s) refused")
        self.specs = specs


@dataclass
class _NewKpi:
    """One checked row: the records to insert, in the order the row-by-row path would audit them."""

    spec: KpiSpec
    rows: list[tuple[type, dict[str, Any]]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def write_new_kpis(writer: SpecWriter, specs: list[KpiSpec]) -> tuple[list[Written], list[KpiSpec]]:
    """Create the KPIs of ``specs`` (none of which exists yet) in bulk.

    Returns the rows written and the specs refused, which the caller writes row
    by row to report why.
    """
    batch, refused = list(specs), list[KpiSpec]()
    while batch:
        before = list(writer.links.created)
        try:
            with transaction(writer.session):  # a savepoint inside the import's unit of work
                return _write(writer, batch), refused
        except _BatchRefused as error:
            writer.links.forget([item for item in writer.links.created if item not in before])
            refused += error.specs
            gone = {id(spec) for spec in error.specs}
            batch = [spec for spec in batch if id(spec) not in gone]
        except ServiceError:  # the database refused the batch itself: let the row-by-row path find the row
            writer.links.forget([item for item in writer.links.created if item not in before])
            return [], specs
    return [], refused


def _write(writer: SpecWriter, specs: list[KpiSpec]) -> list[Written]:
    checked, refused = [], []
    for spec in specs:
        try:
            checked.append(_check(writer, spec))
        except (ServiceError, RowRefused):
            refused.append(spec)
    if refused:
        raise _BatchRefused(refused)
    add_rows(writer.session, writer.actor, [row for new in checked for row in new.rows])
    return [(new.spec, new.rows[0][1]["reference"], new.flags) for new in checked]


def _check(writer: SpecWriter, spec: KpiSpec) -> _NewKpi:
    """The row's records, checked as ``create_kpi``, ``check_period_target`` and ``SpecWriter._flag`` check them."""
    actor, year = writer.actor, writer.year
    ids, notes = writer.link_ids(spec)
    data = clean({"is_active": True, **spec.values, **ids}, KPI_FIELDS)
    actor.require(Permission.MANAGE_KPIS, data.get("responsible_unit_id"))
    problems = kpi_consistency_problems(data) | writer.reference_problems(data)
    if problems:
        raise ValidationError(problems)
    kpi = new_row(Kpi, organisation_id=year.organisation_id, financial_year_id=year.id, **data)
    new = _NewKpi(spec, [(Kpi, kpi)])
    checked_kpi = SimpleNamespace(**kpi)
    target_ids = {}
    for quarter, values in spec.targets.items():
        period = writer.period(quarter)
        target = checked_target(actor, checked_kpi, period, values)
        row = new_row(KpiTarget, kpi_id=kpi["id"], period_id=period.id, original_value=target["value"], **target)
        new.rows.append((KpiTarget, row))
        target_ids[quarter] = row["id"]
    for note in [*spec.flags, *notes]:
        entity, entity_id, field_name = "kpi", kpi["id"], note.field
        if (place := target_flag_place(note)) is not None:
            entity, entity_id, field_name = "kpi_target", target_ids[place[0]], place[1]
        actor.require(Permission.MANAGE_KPIS, kpi["responsible_unit_id"])
        new.rows.append((DataQualityFlag, new_row(
            DataQualityFlag, entity=entity, entity_id=entity_id, field=field_name, problem=note.problem,
            source=writer.flag_source(spec.draft, note))))
        new.flags.append(flag_text(note))
    return new
