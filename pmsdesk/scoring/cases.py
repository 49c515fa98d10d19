"""One JSON case in, one JSON result out: the engine behind ``pmsdesk calc``.

The formats are documented with examples in the README ("What-if calculator"). Every
mistake raises :class:`ScoringInputError` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pmsdesk.kpi_types import MILESTONE_MEASURES
from pmsdesk.models.enums import CalculationType, Direction, MeasureType

from .errors import ScoringInputError
from .json_input import (
    as_list,
    as_object,
    choice,
    iso_date,
    number,
    text,
    to_number,
    whole_number,
)
from .ke_pc import AppraisalTarget, ContractIndicator, assess_performance_contract, assess_spas
from .kpi_inputs import KpiDefinition, PeriodFigure, TargetBasis
from .kpi_result import score_kpi
from .opras import assess_opras
from .projection import project_year_end
from .ratings import RatedItem
from .rollup import RollupEntry, roll_up
from .rules import KE_PC, KE_SPAS, SDBIP, TZ_OPRAS, ZA_S56, require_kind
from .s56 import assess_s56
from .serialise import to_jsonable

KPI_FIELDS = ("reference", "name", "calculation_type", "measure_type", "direction", "weight",
              "period", "periods_in_year", "target_basis", "periods", "previous_year", "groups")
PERIOD_FIELDS = ("period", "target", "actual", "target_date", "actual_date", "target_text",
                 "actual_text", "original_target", "original_target_date", "revised_on")


def _period(raw: Any, path: str, measure: MeasureType) -> PeriodFigure:
    obj = as_object(raw, path, PERIOD_FIELDS)
    yes_no = measure in MILESTONE_MEASURES
    return PeriodFigure(
        period_number=whole_number(obj, "period", path) or _missing(f"{path}.period"),
        target=number(obj, "target", path, blank_is_none=True, yes_no=yes_no),
        actual=number(obj, "actual", path, blank_is_none=True, yes_no=yes_no),
        target_date=iso_date(obj, "target_date", path),
        actual_date=iso_date(obj, "actual_date", path),
        target_text=text(obj, "target_text", path),
        original_target=number(obj, "original_target", path, blank_is_none=True, yes_no=yes_no),
        original_target_date=iso_date(obj, "original_target_date", path),
        revised_on=iso_date(obj, "revised_on", path),
    )


def _missing(path: str) -> Any:
    raise ScoringInputError(path, "is required")


def _kpi(raw: Any, path: str) -> tuple[KpiDefinition, list[PeriodFigure], dict[str, Any]]:
    obj = as_object(raw, path, KPI_FIELDS)
    measure = choice(obj, "measure_type", path, MeasureType, default=MeasureType.NUMBER)
    kpi = KpiDefinition(
        reference=text(obj, "reference", path, default="KPI") or "KPI",
        name=text(obj, "name", path, default="") or "",
        calculation_type=choice(obj, "calculation_type", path, CalculationType),
        measure_type=measure,
        direction=choice(obj, "direction", path, Direction, default=Direction.HIGHER_IS_BETTER),
        weight=number(obj, "weight", path),
    )
    prefix = f"{path}." if path else ""
    periods = [_period(p, f"{prefix}periods[{i}]", measure)
               for i, p in enumerate(as_list(obj.get("periods"), f"{prefix}periods"))]
    previous = [_period(p, f"{prefix}previous_year[{i}]", measure) for i, p in
                enumerate(as_list(obj.get("previous_year"), f"{prefix}previous_year",
                                  required=False))]
    groups = obj.get("groups") or {}
    if not isinstance(groups, Mapping) or not all(isinstance(v, str) for v in groups.values()):
        raise ScoringInputError(f"{prefix}groups", "must map grouping names to text")
    return kpi, periods, {"previous": previous, "groups": dict(groups), "obj": obj}


def _with_path(error: ScoringInputError, path: str) -> ScoringInputError:
    if not path or error.field.startswith(path):
        return error
    return ScoringInputError(f"{path}.{error.field}", error.message)


def _score_one(raw: Any, path: str, rules: Mapping[str, Any], period: int | None,
               periods_in_year: int, basis: TargetBasis) -> dict[str, Any]:
    kpi, periods, extra = _kpi(raw, path)
    obj = extra["obj"]
    period = period or whole_number(obj, "period", path) or max(
        [f.period_number for f in periods if f.actual is not None or f.actual_date is not None]
        or [f.period_number for f in periods] or [1])
    try:
        result = score_kpi(kpi, periods, period, rules, target_basis=basis)
        projection = project_year_end(kpi, periods, periods_in_year, rules,
                                      previous_year=extra["previous"] or None, target_basis=basis,
                                      as_of_period=period)
    except ScoringInputError as error:
        raise _with_path(error, path) from None
    return {"result": result, "projection": projection, "groups": extra["groups"]}


def run_sdbip_case(case: Any, rules: Mapping[str, Any]) -> dict[str, Any]:
    """One KPI (``periods`` at the top) or a scorecard (``kpis`` plus ``roll_up_by``)."""
    require_kind(rules, SDBIP)
    if isinstance(case, Mapping) and "kpis" in case:
        obj = as_object(case, "", ("period", "periods_in_year", "target_basis", "kpis",
                                   "roll_up_by", "year_to_date"))
        period = whole_number(obj, "period", "")
        in_year = whole_number(obj, "periods_in_year", "", default=4)
        basis = choice(obj, "target_basis", "", TargetBasis, default=TargetBasis.REVISED)
        scored = [_score_one(k, f"kpis[{i}]", rules, period, in_year, basis)
                  for i, k in enumerate(as_list(obj["kpis"], "kpis"))]
        use_ytd = bool(obj.get("year_to_date", False))
        entries = [RollupEntry.from_result(s["result"], s["groups"], year_to_date=use_ytd)
                   for s in scored]
        by_keys = as_list(obj.get("roll_up_by"), "roll_up_by", required=False)
        roll_ups = {"organisation": roll_up(entries, rules)["organisation"]}
        for key in by_keys:
            if not isinstance(key, str):
                raise ScoringInputError("roll_up_by", "must list grouping names such as 'kpa'")
            roll_ups[key] = roll_up(entries, rules, by=key)
        return to_jsonable({"figure": "year_to_date" if use_ytd else "period",
                            "kpis": [{"result": s["result"], "projection": s["projection"]}
                                     for s in scored],
                            "roll_ups": roll_ups})
    obj = as_object(case, "", KPI_FIELDS)
    in_year = whole_number(obj, "periods_in_year", "", default=4)
    basis = choice(obj, "target_basis", "", TargetBasis, default=TargetBasis.REVISED)
    scored = _score_one(obj, "", rules, None, in_year, basis)
    return to_jsonable({"result": scored["result"], "projection": scored["projection"]})


def _rated_items(obj: Mapping[str, Any], key: str) -> list[RatedItem]:
    items = []
    for i, raw in enumerate(as_list(obj.get(key), key, required=False)):
        where = f"{key}[{i}]"
        item = as_object(raw, where, ("name", "weight", "rating"))
        items.append(RatedItem(
            name=text(item, "name", where, default=where) or where,
            rating=item.get("rating") if item.get("rating") is not None else _missing(
                f"{where}.rating"),
            weight=number(item, "weight", where),
        ))
    return items


def run_s56_case(case: Any, rules: Mapping[str, Any]) -> dict[str, Any]:
    require_kind(rules, ZA_S56)
    keys = [c["items"] for c in rules["body"].get("components", [])]
    obj = as_object(case, "", (*keys, "annual_package"))
    items = {key: _rated_items(obj, key) for key in keys}
    return to_jsonable(assess_s56(items, rules, annual_package=number(obj, "annual_package", "")))


def run_opras_case(case: Any, rules: Mapping[str, Any]) -> dict[str, Any]:
    require_kind(rules, TZ_OPRAS)
    keys = [c["items"] for c in rules["body"].get("components", [])]
    obj = as_object(case, "", keys)
    return to_jsonable(assess_opras({key: _rated_items(obj, key) for key in keys}, rules))


def run_ke_case(case: Any, rules: Mapping[str, Any]) -> dict[str, Any]:
    """A performance contract (``indicators``) or, with SPAS rules, a staff appraisal."""
    require_kind(rules, KE_PC, KE_SPAS)
    if rules["kind"] == KE_SPAS:
        obj = as_object(case, "", ("targets", "percent_achieved"))
        targets = []
        for i, raw in enumerate(as_list(obj.get("targets"), "targets", required=False)):
            where = f"targets[{i}]"
            item = as_object(raw, where, ("name", "target", "actual", "weight", "direction"))
            targets.append(AppraisalTarget(
                name=text(item, "name", where, default="") or "",
                target=number(item, "target", where, required=True),
                actual=number(item, "actual", where, required=True),
                weight=number(item, "weight", where),
                direction=choice(item, "direction", where, Direction,
                                 default=Direction.HIGHER_IS_BETTER),
            ))
        return to_jsonable(assess_spas(rules, targets=targets,
                                       percent_achieved=number(obj, "percent_achieved", "")))
    obj = as_object(case, "", ("indicators",))
    indicators = []
    for i, raw in enumerate(as_list(obj.get("indicators"), "indicators")):
        where = f"indicators[{i}]"
        item = as_object(raw, where, ("name", "category", "weight", "criteria", "actual"))
        criteria = as_list(item.get("criteria"), f"{where}.criteria")
        values = tuple(to_number(v, f"{where}.criteria[{j}]", required=True)
                       for j, v in enumerate(criteria))
        indicators.append(ContractIndicator(
            name=text(item, "name", where, default=f"indicator {i + 1}") or "",
            weight=number(item, "weight", where, required=True),
            criteria=values,
            actual=number(item, "actual", where, required=True),
            category=text(item, "category", where),
        ))
    return to_jsonable(assess_performance_contract(indicators, rules))
