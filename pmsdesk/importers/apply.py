"""Writing checked KPI specs: new KPIs in bulk (``bulk.py``), the rest through the services, one savepoint per row.

Runs inside the caller's ``unit_of_work``: a row that a service refuses is
rolled back on its own and reported with its sheet, row and column, and the
other rows go on, so one pass finds every problem. The caller then commits
or rolls back the whole unit (all-or-nothing, dry run, or valid rows only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.kpi_fields import FIELDS as KPI_FIELD_TABLE
from pmsdesk.models import (
    AgreementItem,
    AgreementStatus,
    DataQualityFlag,
    FinancialYear,
    Kpi,
    Organisation,
    PerformanceAgreement,
    ReportingPeriod,
)
from pmsdesk.progress import Progress, no_progress
from pmsdesk.services import kpis, years
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.errors import LockedRecord, ServiceError, ValidationError
from pmsdesk.services.kpis import kpi_reference_problems
from pmsdesk.services.records import add_record, get_or_fail, transaction

from .bulk import write_new_kpis
from .kpi_values import FlagNote, KpiSpec, flag_text, target_flag_place
from .links import Created, LinkResolver, key
from .problems import ImportProblem, RowRefused
from .rows import KpiDraft

#: The link fields whose words are kept on the KPI when they match no record (link field → its text field).
KEPT_AS_TEXT = {field.keeps: field for field in KPI_FIELD_TABLE if field.keeps}
#: Which spreadsheet field to blame when a service refuses one of these KPI fields.
_FIELD_COLUMNS = {"kpa_id": "kpa", "strategic_objective_id": "strategic_objective", "programme_id": "programme",
                  "responsible_unit_id": "directorate", "responsible_person_id": "responsible_person",
                  "custodian": "responsible_person",
                  "annual_target_text": "annual_target", "annual_target_date": "annual_target",
                  "baseline_text": "baseline"}


@dataclass
class RowResult:
    sheet: str
    row: int
    reference: str
    action: str  # created, updated, unchanged, failed
    message: str = ""
    flags: list[str] = field(default_factory=list)
    guesses: dict[str, str] = field(default_factory=dict)


@dataclass
class ApplyResult:
    rows: list[RowResult] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    created: list[Created] = field(default_factory=list)


def _problems(error: ServiceError, spec: KpiSpec, blame: str | None = None) -> list[ImportProblem]:
    draft = spec.draft
    if isinstance(error, ValidationError):
        return [ImportProblem(f"{name.replace('_', ' ')}: {message}", draft.sheet, draft.row,
                              draft.column(blame or _FIELD_COLUMNS.get(name, name)))
                for name, message in error.problems.items()]
    return [ImportProblem(str(error), draft.sheet, draft.row, draft.column(blame) if blame else None)]


class SpecWriter:
    """Writes specs for one organisation's year; remembers what exists so re-imports can update."""

    def __init__(self, session: Session, actor: Actor, organisation: Organisation, year: FinancialYear, *,
                 source: str, update_existing: bool) -> None:
        self.session, self.actor, self.year, self.source = session, actor, year, source
        self.update_existing = update_existing
        self.links = LinkResolver(session, actor, organisation, year)
        self.existing = {kpi.reference: kpi for kpi in session.scalars(
            select(Kpi).where(Kpi.organisation_id == organisation.id, Kpi.financial_year_id == year.id))}
        self.signed = set(session.scalars(
            select(AgreementItem.kpi_id).join(PerformanceAgreement)
            .where(PerformanceAgreement.status == AgreementStatus.SIGNED, AgreementItem.kpi_id.is_not(None))))
        # Held here so the session's (weak) identity map keeps them: services look periods up per target.
        self.quarters = years.quarters(session, year.id)
        self.periods = {period.number: period.id for period in self.quarters}
        self._checked_links: dict[tuple, dict[str, str]] = {}

    def period(self, quarter: int) -> ReportingPeriod:
        """The year's reporting period for ``quarter``; NotFound as ``kpis.check_period_target`` says it."""
        found = next((period for period in self.quarters if period.number == quarter), None)
        return found or get_or_fail(self.session, ReportingPeriod, None, "reporting period")

    def reference_problems(self, data: dict[str, Any]) -> dict[str, str]:
        """``kpis.create_kpi``'s check that the KPI's links are this organisation's, once per combination."""
        links = tuple(value for name, value in data.items() if name.endswith("_id"))
        if links not in self._checked_links:
            self._checked_links[links] = kpi_reference_problems(self.session, self.year.organisation_id, data)
        return self._checked_links[links]

    def write_all(self, specs: list[KpiSpec], progress: Progress = no_progress) -> ApplyResult:
        """New KPIs in bulk; re-imported ones, and any row the bulk path refuses, one savepoint per row.

        ``progress`` hears of every step and may raise Cancelled, which rolls the whole import back.
        """
        result = ApplyResult()
        new = [spec for spec in specs if spec.values["reference"] not in self.existing]
        progress(0, len(specs), f"Writing {len(new)} new KPI(s)…")
        written, refused = write_new_kpis(self, new)
        for spec, reference, flags in written:
            result.rows.append(RowResult(spec.draft.sheet, spec.draft.row, reference, "created", flags=flags,
                                         guesses=dict(spec.guesses)))
        done = {id(spec) for spec, _, _ in written}
        for spec in specs:
            if id(spec) not in done:
                progress(len(result.rows), len(specs), f"Writing KPI {spec.draft.reference or spec.draft.row}…")
                self._write_row(spec, result)
        progress(len(specs), len(specs), "Saving…")
        result.created = list(self.links.created)
        return result

    def _write_row(self, spec: KpiSpec, result: ApplyResult) -> None:
        before = list(self.links.created)
        try:
            with transaction(self.session):  # a savepoint inside the unit of work
                result.rows.append(self._write(spec))
        except (ServiceError, RowRefused) as error:
            self.links.forget([item for item in self.links.created if item not in before])
            problems = error.problems if isinstance(error, RowRefused) else _problems(error, spec)
            result.problems.extend(problems)
            result.rows.append(RowResult(spec.draft.sheet, spec.draft.row, spec.draft.reference, "failed",
                                         "; ".join(p.message for p in problems)))

    def link_ids(self, spec: KpiSpec) -> tuple[dict[str, Any], list[FlagNote]]:
        draft, links = spec.draft, spec.links
        notes: list[FlagNote] = []
        try:
            kpa_id, kpa_guess = self.links.kpa(links.get("kpa"), draft.kpa_heading)
        except ServiceError as error:
            raise RowRefused(_problems(error, spec, "kpa")) from error
        ids: dict[str, Any] = {"kpa_id": kpa_id}
        if kpa_guess:
            spec.guesses["kpa"] = kpa_guess
        try:
            ids["responsible_unit_id"] = self.links.unit(links.get("directorate") or draft.directorate_heading,
                                                         links.get("department"), draft.sheet)
        except ServiceError as error:
            raise RowRefused(_problems(error, spec, "directorate" if "directorate" in links else "department")) \
                from error
        for name in (links.get("directorate") or draft.directorate_heading, links.get("department")):
            if name and (guess := self.links.unit_guesses.get(key(name))):
                spec.guesses["unit"] = guess
        if ids["responsible_unit_id"] is None:
            notes.append(FlagNote("responsible_unit_id", "no directorate or department: the KPI has no responsible "
                                  "unit, so no capturer can report on it; set one in the KPI editor", None))
        try:
            ids["strategic_objective_id"] = self.links.objective(links.get("strategic_objective"))
        except ServiceError as error:
            raise RowRefused(_problems(error, spec, "strategic_objective")) from error
        for name, find in (("programme", self.links.programme), ("responsible_person", self.links.person)):
            found = find(links.get(name))
            ids[f"{name}_id"] = found
            if links.get(name) and found is None:
                kept = KEPT_AS_TEXT[name]
                if kept.key not in spec.values:  # the words stay on the KPI, as typed
                    ids[kept.key] = links[name]  # longer than the field allows: refused, naming the column
                    spec.guesses[name] = f"'{links[name]}' is not a known {name.replace('_', ' ')}; kept as the " \
                                         f"{kept.label.strip(':').replace('&', '').lower()}"
                    continue
                notes.append(FlagNote(f"{name}_id", f"'{links[name]}' is not a known {name.replace('_', ' ')}; "
                                      "link it by hand", draft.column(name)))
        return ids, notes

    def _write(self, spec: KpiSpec) -> RowResult:
        draft = spec.draft
        ids, notes = self.link_ids(spec)
        values = spec.values | ids
        existing = self.existing.get(spec.values["reference"])
        created = existing is None
        if existing is None:
            kpi = kpis.create_kpi(self.session, self.actor, self.year.id, values)
            self.existing[kpi.reference] = kpi
            changed: set[str] = set()
            before: dict[str, Any] = {}
        else:
            kpi = existing
            before = {name: getattr(kpi, name) for name in values}
            before |= {f"target_q{quarter}": _target_text(target) for quarter, target in self._by_quarter(kpi).items()}
            changed = self._update(spec, kpi, values)
        target_ids, changed_quarters = self._targets(spec, kpi, revision=not created)
        changed |= {f"target_q{quarter}" for quarter in changed_quarters}
        action = "created" if created else "updated" if changed else "unchanged"
        message = "" if created else "; ".join(self._change_text(name, before, kpi, spec) for name in sorted(changed))
        notes = [*spec.flags, *notes]
        if not created:  # a re-import flags only the cells it changed: an unchanged cell is not news
            notes = [note for note in notes if any(name.startswith(note.field) for name in changed)]
        flags = [self._flag(kpi, target_ids, note, draft, new=created) for note in notes]
        return RowResult(draft.sheet, draft.row, kpi.reference, action, message,
                         flags=[flag for flag in flags if flag], guesses=dict(spec.guesses))

    def _by_quarter(self, kpi: Kpi) -> dict[int, Any]:
        quarter_of = {period_id: quarter for quarter, period_id in self.periods.items()}
        return {quarter_of[t.period_id]: t for t in kpi.targets if t.period_id in quarter_of}

    def _change_text(self, name: str, before: dict[str, Any], kpi: Kpi, spec: KpiSpec) -> str:
        """'Q2 target: 40 → 45' or "annual target: 400 → 450", as the row's message on a re-import."""
        if name.startswith("target_q"):
            new = _target_text(spec.targets.get(int(name[-1]), {}))
            return f"Q{name[-1]} target: {before.get(name) or 'none'} → {new or 'none'}"
        label = name.removesuffix("_id").replace("_", " ")
        return f"{label}: {_shown(before.get(name))} → {_shown(getattr(kpi, name))}"

    def _update(self, spec: KpiSpec, kpi: Kpi, values: dict[str, Any]) -> set[str]:
        """Apply the fields that differ (never a guessed one); returns their names."""
        reference = kpi.reference
        if not self.update_existing:
            raise ValidationError.single("reference", f"{reference} is already in {self.year.label}; tick 'Update KPIs "
                                         "already imported' (--update-existing on the command line) to update "
                                         "it, or give the new KPI another reference")
        if kpi.id in self.signed:
            raise LockedRecord(f"{reference} is in a signed performance agreement; amend the agreement instead "
                               "of re-importing it")
        changes = {name: value for name, value in values.items()
                   if name not in spec.guesses and not (name.endswith("_id") and value is None)
                   and getattr(kpi, name) != value}
        if changes:
            kpis.update_kpi(self.session, self.actor, kpi.id, changes, reason=f"re-imported from {self.source}")
        return set(changes)

    def _targets(self, spec: KpiSpec, kpi: Kpi, *, revision: bool) -> tuple[dict[int, str], list[int]]:
        """Set the targets that differ; returns the target id per quarter and the quarters changed."""
        if not revision:
            return self._first_targets(spec, kpi)
        ids: dict[int, str] = {}
        changed: list[int] = []
        current = {target.period_id: target for target in kpi.targets}
        for quarter, values in spec.targets.items():
            old = current.get(self.periods.get(quarter, ""))
            if old is not None and all(getattr(old, name) == value for name, value in values.items()):
                ids[quarter] = old.id
                continue
            try:
                target = kpis.set_period_target(
                    self.session, self.actor, kpi.id, self.period(quarter).id, values,
                    revision_reason=f"re-imported from {self.source}" if revision else None)
            except ServiceError as error:
                raise RowRefused(_problems(error, spec, f"target_q{quarter}")) from error
            ids[quarter] = target.id
            changed.append(quarter)
        return ids, changed

    def _first_targets(self, spec: KpiSpec, kpi: Kpi) -> tuple[dict[int, str], list[int]]:
        """A new KPI's targets: each quarter checked on its own (so a refusal names its column), then
        written together."""
        wanted: dict[int, str] = {}
        for quarter, values in spec.targets.items():
            try:
                period_id = self.period(quarter).id
                kpis.check_period_target(self.session, self.actor, kpi.id, period_id, values)
            except ServiceError as error:
                raise RowRefused(_problems(error, spec, f"target_q{quarter}")) from error
            wanted[quarter] = period_id
        if not wanted:
            return {}, []
        try:
            added = kpis.add_period_targets(self.session, self.actor, kpi.id,
                                            {period_id: spec.targets[quarter] for quarter, period_id in wanted.items()})
        except ServiceError as error:
            raise RowRefused(_problems(error, spec, f"target_q{next(iter(wanted))}")) from error
        return {quarter: added[period_id].id for quarter, period_id in wanted.items()}, list(wanted)

    def flag_source(self, draft: KpiDraft, note: FlagNote) -> str:
        """Where a flag's cell is: 'file.xlsx, sheet 'SDBIP', row 12, column F (Q1 target)'."""
        return f"{self.source}, sheet '{draft.sheet}', row {draft.row}" + (
            f", column {note.column}" if note.column else "")

    def _flag(self, kpi: Kpi, target_ids: dict[int, str], note: FlagNote, draft, *, new: bool) -> str:
        """Raise a data-quality flag unless the same one is already open; returns its text."""
        entity, entity_id, field_name = "kpi", kpi.id, note.field
        if (place := target_flag_place(note)) is not None:
            entity, entity_id, field_name = "kpi_target", target_ids[place[0]], place[1]
        source = self.flag_source(draft, note)
        open_already = not new and self.session.scalar(select(DataQualityFlag.id).where(
            DataQualityFlag.entity == entity, DataQualityFlag.entity_id == entity_id,
            DataQualityFlag.field == field_name, DataQualityFlag.problem == note.problem,
            DataQualityFlag.resolved_at.is_(None)))
        if not open_already:
            self.actor.require(Permission.MANAGE_KPIS, kpi.responsible_unit_id)
            with transaction(self.session):
                add_record(self.session, self.actor, DataQualityFlag(
                    entity=entity, entity_id=entity_id, field=field_name, problem=note.problem, source=source))
        return flag_text(note)


def _shown(value: Any) -> str:
    """A field's value as an official reads it in the import report."""
    if value is None or value == "":
        return "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(getattr(value, "value", value))


def _target_text(target: Any) -> str:
    """A target (record or spec values) as one short text: its number, date or words."""
    get = target.get if isinstance(target, dict) else lambda name: getattr(target, name, None)
    for name in ("value", "value_date", "value_text"):
        if get(name) not in (None, ""):
            return _shown(get(name))
    return ""
