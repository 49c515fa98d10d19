"""Deciding a drafted row's KPI fields: measure, calculation type, direction, targets, flags.

A workbook rarely says how a KPI is measured or aggregated, so when there
is no column for it the importer infers it from the targets (quarters adding
up to the annual target → accumulative, rising to it → carry-over, all equal
→ stand-alone) and reports each guess. Cells kept as text, or read with a
guess, become :class:`FlagNote` s so an official sees exactly what to check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pmsdesk.models import CalculationType as C
from pmsdesk.models import Direction as D
from pmsdesk.models import MeasureType as M
from pmsdesk.models.kpi_texts import KPI_TEXTS

from .problems import ImportProblem
from .rows import FORMULA_ADVICE, KpiDraft
from .values import Reading, clean_text, read_choice, read_flag, read_layer, read_quantity, show_number

QUARTERS = (1, 2, 3, 4)
TEXT_FIELDS = ("reference", "name", "definition", "unit_of_measure", "data_source", "required_evidence", "ward",
               *(text.key for text in KPI_TEXTS if text.column))
CHOICE_FIELDS = ("measure_type", "calculation_type", "direction", "kpi_type", "kpi_concept")
LINK_FIELDS = ("kpa", "strategic_objective", "directorate", "department", "programme", "responsible_person")
MILESTONES = {M.YES_NO, M.DATE, M.TEXT_MILESTONE}
NEW_BASELINE = ("new", "new kpi", "new indicator", "new project", "none", "nil")


@dataclass(frozen=True)
class FlagNote:
    """A data-quality flag to raise once the KPI (or its target for ``quarter``) exists."""

    field: str
    problem: str
    column: str | None
    quarter: int | None = None


@dataclass
class KpiSpec:
    """Everything needed to create or update one KPI, decided from its row alone."""

    draft: KpiDraft
    values: dict[str, Any] = field(default_factory=dict)
    targets: dict[int, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    flags: list[FlagNote] = field(default_factory=list)
    guesses: dict[str, str] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)

    def problem(self, message: str, key: str | None) -> None:
        column = self.draft.column(key) if key else None
        self.problems.append(ImportProblem(message, self.draft.sheet, self.draft.row, column))


def _target_key(quarter: int) -> str:
    return f"target_q{quarter}"


def _budget_key(quarter: int) -> str:
    return f"budget_q{quarter}"


def flag_text(note: FlagNote) -> str:
    """A flag as the import report lists it: 'E (Q1 target): …', or the problem alone when no cell holds it."""
    return f"{note.column}: {note.problem}" if note.column else note.problem


def target_flag_place(note: FlagNote) -> tuple[int, str] | None:
    """(quarter, target field) when a flag is about a quarter's target cell rather than the KPI itself."""
    for prefix, field_name in (("target_q", "value"), ("budget_q", "budget_projection")):
        if note.field.startswith(prefix):
            return int(note.field[len(prefix):]), field_name
    return None


def _infer_measure(readings: list[Reading], unit_of_measure: str | None) -> tuple[M, str]:
    filled = [r for r in readings if not r.empty]
    if not filled:
        return M.NUMBER, "no targets given"
    if any(r.yes_no for r in filled):
        return M.YES_NO, "targets are Yes/No"
    if any(r.day for r in filled) and not any(r.number is not None for r in filled):
        return M.DATE, "targets are dates"
    if all(r.number is None for r in filled):
        return M.TEXT_MILESTONE, "targets are words"
    if any(r.percent for r in filled):
        return M.PERCENTAGE, "targets are written with %"
    uom = (unit_of_measure or "").lower()
    if ("%" in uom or "percent" in uom) and all((r.number or 0) <= 100 for r in filled):
        return M.PERCENTAGE, "the unit of measure is a percentage"
    if any(r.money for r in filled):
        return M.CURRENCY, "targets are amounts of money"
    return M.NUMBER, "targets are numbers"


def _infer_calculation(measure: M, annual: float | None, quarters: list[float | None]) -> tuple[C, str]:
    if measure in MILESTONES:
        return C.LAST_VALUE, "milestones count when they are done"
    given = [q for q in quarters if q is not None]
    if annual is not None and given:
        tolerance = 1e-6 * max(1.0, abs(annual))
        if len(given) > 1 and abs(sum(given) - annual) <= tolerance:
            return C.ACCUMULATIVE, "the quarterly targets add up to the annual target"
        if all(abs(q - annual) <= tolerance for q in given):
            return C.STAND_ALONE, "every quarterly target equals the annual target"
        if given == sorted(given) and abs(given[-1] - annual) <= tolerance:
            return C.CARRY_OVER, "the quarterly targets rise to the annual target"
    if measure == M.PERCENTAGE:
        return C.STAND_ALONE, "a percentage with no clear pattern in its targets"
    return C.ACCUMULATIVE, "a count with no clear pattern in its targets"


def _as_percent(spec: KpiSpec, key: str, reading: Reading) -> Reading:
    """0.85 typed in a percentage KPI means 85%: scale it and say so."""
    if reading.number is None or reading.percent or reading.text is not None or not 0 < reading.number < 1:
        return reading
    scaled = round(reading.number * 100, 9)
    spec.flags.append(FlagNote(key, f"read {show_number(reading.number)} as {show_number(scaled)}% "
                                    "(a fraction in a percentage KPI)", spec.draft.column(key)))
    return Reading(number=scaled, percent=True)


def _target(spec: KpiSpec, key: str, reading: Reading, measure: M) -> dict[str, Any]:
    """The value/date/text of one target cell for ``measure``; doubtful cells get a flag."""
    column = spec.draft.column(key)
    if measure == M.TEXT_MILESTONE:
        text = reading.text or (reading.day.isoformat() if reading.day else show_number(reading.number))
        return {"value": 1.0, "value_date": None, "value_text": text}
    if measure == M.DATE and reading.day is not None:
        return {"value": None, "value_date": reading.day, "value_text": None}
    if measure == M.YES_NO and reading.number in (0.0, 1.0) and reading.text is None:
        return {"value": reading.number, "value_date": None, "value_text": None}
    if measure not in MILESTONES and reading.number is not None:
        if reading.number < 0:
            spec.problem(f"a target cannot be negative, got {show_number(reading.number)}; a KPI that should "
                         "go down has a lower-is-better direction and a positive target", key)
        if reading.note:
            spec.flags.append(FlagNote(key, reading.note, column))
        return {"value": reading.number, "value_date": None, "value_text": reading.text}
    text = reading.text or (reading.day.isoformat() if reading.day else show_number(reading.number))
    spec.flags.append(FlagNote(key, f"'{text}' is not a {measure.value.replace('_', '/')} target; "
                                    "kept as text, so this target is not scored until it is fixed", column))
    return {"value": None, "value_date": None, "value_text": text}


REVERSE_WORDS = ("reverse", "reversed", "rev", "inverse", "inverted", "decreasing", "reducing")


def _calculation_from_parts(spec: KpiSpec, label: str) -> bool:
    """'Reverse Last Value': a known type after a word for 'lower is better' is that type, lower is better."""
    words = label.replace("-", " ").replace("_", " ").split()
    if len(words) < 2 or words[0].lower() not in REVERSE_WORDS:
        return False
    try:
        calculation = read_choice("calculation_type", " ".join(words[1:]))
    except ValueError:
        return False
    if calculation is None:
        return False
    spec.values["calculation_type"] = calculation
    spec.guesses["calculation_type"] = f"'{label}' read as {calculation.value.replace('_', ' ')}, lower is better"
    if "direction" not in spec.draft.cells:
        spec.values["direction"] = D.LOWER_IS_BETTER
        spec.guesses["direction"] = f"'{label}' says lower is better"
    return True


#: Choices that describe a KPI but do not change its score: a value outside the list is flagged, not refused.
DESCRIPTIVE_CHOICES = ("kpi_type", "kpi_concept")


def _descriptive_choice(spec: KpiSpec, key: str, label: str, error: ValueError) -> None:
    """'Outcome' under 'Indicator type' (as National Treasury's Circular 88 templates write it) is the KPI's
    concept; a word that is neither is kept out with a flag rather than refusing the row."""
    other = "kpi_concept" if key == "kpi_type" else "kpi_type"
    try:
        found = read_choice(other, label)
    except ValueError:
        found = None
    if found is not None and other not in spec.draft.cells:
        spec.values[other] = found
        spec.guesses[other] = f"'{label}' under {spec.draft.column(key)} is a {other.replace('_', ' ')}"
        return
    spec.flags.append(FlagNote(key, f"{error}; left empty", spec.draft.column(key)))


def _choices(spec: KpiSpec) -> None:
    for key in CHOICE_FIELDS:
        if key in spec.draft.cells:
            try:
                spec.values[key] = read_choice(key, spec.draft.cells[key])
            except ValueError as error:
                label = clean_text(spec.draft.cells[key])
                if key == "calculation_type" and _calculation_from_parts(spec, label):
                    continue
                if key == "calculation_type":  # inferred from the targets below, and flagged for a person
                    spec.flags.append(FlagNote(key, f"{error}; the calculation type was inferred from the "
                                                    "targets instead", spec.draft.column(key)))
                    continue
                if key in DESCRIPTIVE_CHOICES:
                    _descriptive_choice(spec, key, label, error)
                    continue
                spec.problem(str(error), key)
    if "is_active" in spec.draft.cells:
        try:
            spec.values["is_active"] = read_flag(spec.draft.cells["is_active"])
        except ValueError as error:
            spec.problem(str(error), "is_active")
    if "top_layer" in spec.draft.cells:  # optional: a workbook without the column leaves the mark as it was
        try:
            spec.values["top_layer"] = True if read_layer(spec.draft.cells["top_layer"]) else None  # as stored
        except ValueError as error:
            spec.problem(str(error), "top_layer")


def _financial_targets(spec: KpiSpec) -> None:
    """Each quarter's financial (budget) target beside its deliverable target; text is flagged, not kept."""
    for quarter in QUARTERS:
        key = _budget_key(quarter)
        reading = read_quantity(spec.draft.cells.get(key))
        if reading.empty:
            continue
        if reading.number is None:
            words = reading.text or (reading.day.isoformat() if reading.day else "")
            spec.flags.append(FlagNote(key, f"'{words}' is not an amount; this financial target was not kept",
                                       spec.draft.column(key)))
            continue
        if reading.number < 0:
            spec.problem(f"a financial target cannot be negative, got {show_number(reading.number)}", key)
            continue
        if reading.note:
            spec.flags.append(FlagNote(key, reading.note, spec.draft.column(key)))
        target = spec.targets.setdefault(quarter, {"value": None, "value_date": None, "value_text": None})
        target["budget_projection"] = reading.number


def _baseline_budget_weight(spec: KpiSpec) -> None:
    cells = spec.draft.cells
    baseline = read_quantity(cells.get("baseline"))
    if baseline.number is not None:
        spec.values["baseline"] = baseline.number
    if baseline.text or baseline.day:
        spec.values["baseline_text"] = baseline.text or baseline.day.isoformat()
        if baseline.note and baseline.text.lower().strip(" .") not in NEW_BASELINE:
            spec.flags.append(FlagNote("baseline", baseline.note, spec.draft.column("baseline")))
    budget = read_quantity(cells.get("budget"))
    vote = clean_text(cells["budget_vote"]) if "budget_vote" in cells else None
    if budget.number is not None and budget.number < 0:
        spec.problem(f"the budget cannot be negative, got {show_number(budget.number)}", "budget")
    elif budget.number is not None:
        spec.values["budget"] = budget.number
        vote = vote or budget.rest
    elif budget.text or budget.day:
        words = budget.text or budget.day.isoformat()
        vote = vote or (words if len(words) <= 100 else None)
        kept = "kept as the budget vote" if vote == words else "not kept in the budget"
        spec.flags.append(FlagNote("budget", f"'{words}' is not an amount; {kept}", spec.draft.column("budget")))
    if vote:
        spec.values["budget_vote"] = vote[:100]
    weight = read_quantity(cells.get("weight"))
    if not weight.empty:
        if weight.number is None or weight.text is not None:
            spec.problem(f"the weight must be a percentage between 0 and 100, got '{clean_text(cells['weight'])}'",
                         "weight")
        elif not 0 <= weight.number <= 100:
            spec.problem(f"the weight must be between 0 and 100, got {show_number(weight.number)}", "weight")
        else:
            spec.values["weight"] = weight.number


def _check_targets_add_up(spec: KpiSpec) -> None:
    """Flag quarterly targets that disagree with the annual target under the KPI's calculation type (a typing
    slip, or the wrong type): accumulative quarters add up to it; carry-over and stand-alone end on it."""
    annual = spec.values.get("annual_target")
    numbers = {q: t["value"] for q, t in spec.targets.items() if t.get("value") is not None}
    calculation = spec.values.get("calculation_type")
    if annual is None or not numbers or spec.values.get("measure_type") in MILESTONES or \
            "calculation_type" in spec.guesses:
        return
    tolerance = 1e-6 * max(1.0, abs(annual))
    if calculation == C.ACCUMULATIVE and abs(sum(numbers.values()) - annual) > tolerance:
        problem = f"the quarterly targets add up to {show_number(sum(numbers.values()))}, not the annual " \
                  f"target {show_number(annual)}, as an accumulative KPI's should"
    elif calculation == C.CARRY_OVER and abs(numbers[max(numbers)] - annual) > tolerance:
        problem = f"the last quarterly target is {show_number(numbers[max(numbers)])}, not the annual target " \
                  f"{show_number(annual)}, as a carry-over KPI's should be"
    else:
        return
    spec.flags.append(FlagNote("annual_target", problem, spec.draft.column("annual_target")))


def build_spec(draft: KpiDraft) -> KpiSpec:
    """Decide a row's KPI values; problems (not flags) mean the row cannot be imported as it is."""
    spec = KpiSpec(draft)
    cells = draft.cells
    for key, formula in draft.formulas.items():
        cell = f"{(draft.column(key) or '').split(' ')[0]}{draft.row}"
        spec.problem(f"KPI {draft.reference or '(no reference)'}: cell {cell} holds the formula {formula} with no "
                     f"saved result, so its value is unknown, not empty; {FORMULA_ADVICE}", key)
    for key in TEXT_FIELDS:
        if key in cells:
            spec.values[key] = clean_text(cells[key])
    for key in LINK_FIELDS:
        if key in cells:
            spec.links[key] = clean_text(cells[key])
    for key, row in draft.carried.items():
        spec.guesses[key] = f"blank, so '{spec.links[key]}' from row {row} above"
    if not spec.values.get("reference"):
        spec.problem("no KPI reference; type one (for example MM01)", "reference")
    if not spec.values.get("name"):
        spec.problem("no KPI name; type the indicator", "name")
    _choices(spec)
    _baseline_budget_weight(spec)

    keys = ["annual_target", *(_target_key(q) for q in QUARTERS)]
    readings = {key: read_quantity(cells.get(key)) for key in keys}
    measure = spec.values.get("measure_type")
    if measure is None:
        measure, why = _infer_measure(list(readings.values()), spec.values.get("unit_of_measure"))
        spec.values["measure_type"], spec.guesses["measure_type"] = measure, why
    if measure == M.PERCENTAGE or draft.percent_fields:
        readings = {key: _as_percent(spec, key, r) if measure == M.PERCENTAGE or key in draft.percent_fields
                    else r for key, r in readings.items()}
    if measure == M.PERCENTAGE and spec.values.get("baseline") is not None:
        baseline = _as_percent(spec, "baseline", Reading(number=spec.values["baseline"]))
        spec.values["baseline"] = baseline.number  # 0.88 beside targets of 95% is 88%, on the targets' scale
    if measure == M.TEXT_MILESTONE and "measure_type" in spec.guesses:
        spec.flags.append(FlagNote("measure_type", "the targets are words, so this KPI was imported as a text "
                                   "milestone (done or not done); check that is meant", draft.column("annual_target")))
    for quarter in QUARTERS:
        reading = readings[_target_key(quarter)]
        if not reading.empty:
            spec.targets[quarter] = _target(spec, _target_key(quarter), reading, measure)
    _financial_targets(spec)
    annual = readings["annual_target"]
    if not annual.empty:
        target = _target(spec, "annual_target", annual, measure)
        spec.values["annual_target"] = None if measure == M.TEXT_MILESTONE else target["value"]
        spec.values["annual_target_date"] = target["value_date"]
        spec.values["annual_target_text"] = target["value_text"]
    if measure == M.DATE and spec.values.get("annual_target_date") is None:
        dates = [t["value_date"] for t in spec.targets.values() if t["value_date"]]
        spec.values["annual_target_date"] = max(dates, default=None)

    if spec.values.get("calculation_type") is None:
        numbers = [spec.targets.get(q, {}).get("value") for q in QUARTERS]
        calculation, why = _infer_calculation(measure, spec.values.get("annual_target"), numbers)
        spec.values["calculation_type"], spec.guesses["calculation_type"] = calculation, why
    _check_targets_add_up(spec)
    if spec.values.get("direction") is None:
        calculation = spec.values["calculation_type"]
        direction = (D.MILESTONE if measure in MILESTONES else
                     D.LOWER_IS_BETTER if calculation in (C.REVERSE_STAND_ALONE, C.ZERO) else D.HIGHER_IS_BETTER)
        spec.values["direction"], spec.guesses["direction"] = direction, f"follows from a {measure.value} measure " \
            f"and the {calculation.value.replace('_', ' ')} calculation"
    return spec
