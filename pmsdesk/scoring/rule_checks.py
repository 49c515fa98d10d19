"""Validation of rule-set bodies, one check per kind (see :mod:`.rules`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from pmsdesk.models.enums import ActualStatus

from .bands import validate_bands
from .errors import RuleSetError, format_number
from .rules import ITEM_LIST, KE_PC, KE_SPAS, RULE_SET_KINDS, SDBIP, TZ_OPRAS, TZ_PEPMIS, ZA_S56
from .za_agreement_text import check_agreement_text, check_deadlines

WEIGHT_TOLERANCE = 1e-6


def check_rule_set(rule_set: Mapping[str, Any]) -> None:
    if not isinstance(rule_set, Mapping):
        raise RuleSetError("rules", "must be an object with code, kind, name, revision, body")
    code = rule_set.get("code")
    if not isinstance(code, str) or not code.strip():
        raise RuleSetError("code", "must be a non-empty text")
    if rule_set.get("kind") not in RULE_SET_KINDS:
        raise RuleSetError(
            "kind", f"must be one of {', '.join(RULE_SET_KINDS)}, got {rule_set.get('kind')!r}"
        )
    if not isinstance(rule_set.get("name"), str) or not rule_set["name"].strip():
        raise RuleSetError("name", "must be a non-empty text")
    revision = rule_set.get("revision")
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise RuleSetError("revision", f"must be a whole number of at least 1, got {revision!r}")
    body = rule_set.get("body")
    if not isinstance(body, Mapping):
        raise RuleSetError("body", "must be an object")
    _CHECKS[rule_set["kind"]](body)


def _number(field: str, value: Any, *, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RuleSetError(field, f"must be a number, got {value!r}")
    if minimum is not None and value < minimum:
        raise RuleSetError(field, f"must be at least {format_number(minimum)}, got "
                           f"{format_number(value)}")
    return float(value)


def check_scale(field: str, scale: Any) -> tuple[float, float]:
    """A rating scale ``{"best": 5, "worst": 1, "labels": {...}}``; returns (low, high)."""
    if not isinstance(scale, Mapping):
        raise RuleSetError(field, "must be an object with best and worst")
    best = _number(f"{field}.best", scale.get("best"))
    worst = _number(f"{field}.worst", scale.get("worst"))
    if best == worst:
        raise RuleSetError(field, "best and worst must differ")
    labels = scale.get("labels", {})
    if not isinstance(labels, Mapping):
        raise RuleSetError(f"{field}.labels", "must map ratings to names")
    low, high = min(best, worst), max(best, worst)
    for key in labels:
        try:
            point = float(key)
        except ValueError:
            raise RuleSetError(f"{field}.labels.{key}", "must be a rating number") from None
        if not low <= point <= high:
            raise RuleSetError(f"{field}.labels.{key}", "is outside the scale")
    return low, high


def check_components(field: str, components: Any, *, item_totals: bool) -> None:
    """Components such as KPA 80 / CCR 20: named, weighted, weights summing to 100."""
    if not isinstance(components, list) or not components:
        raise RuleSetError(field, "must be a non-empty list")
    seen: set[str] = set()
    for index, component in enumerate(components):
        where = f"{field}[{index}]"
        if not isinstance(component, Mapping):
            raise RuleSetError(where, "must be an object")
        for key in ("code", "name", "items"):
            if not isinstance(component.get(key), str) or not component[key]:
                raise RuleSetError(f"{where}.{key}", "must be a non-empty text")
        if component["items"] in seen:
            raise RuleSetError(f"{where}.items", f"{component['items']!r} is used twice")
        seen.add(component["items"])
        _number(f"{where}.weight", component.get("weight"), minimum=0)
        if item_totals:
            _number(f"{where}.item_weights_total", component.get("item_weights_total"),
                    minimum=0)
    total = math.fsum(float(component["weight"]) for component in components)
    if abs(total - 100) > WEIGHT_TOLERANCE:
        raise RuleSetError(f"{field}[*].weight", f"must sum to 100, got {format_number(total)}")


def _range(field: str, value: Any) -> tuple[float | None, float | None]:
    if not isinstance(value, Mapping):
        raise RuleSetError(field, "must be an object with min and max")
    low, high = value.get("min"), value.get("max")
    return (
        None if low is None else _number(f"{field}.min", low),
        None if high is None else _number(f"{field}.max", high),
    )


def _check_sdbip(body: Mapping[str, Any]) -> None:
    low, high = _range("body.achievement_range", body.get("achievement_range"))
    not_measured = body.get("not_measured")
    if not isinstance(not_measured, Mapping) or "code" not in not_measured:
        raise RuleSetError("body.not_measured", "must be an object with code and name")
    validate_bands("body.bands", body.get("bands"), lowest=low, highest=high)
    cap = body.get("rollup_achievement_cap")
    if cap is not None:
        _number("body.rollup_achievement_cap", cap, minimum=100)
    if "service_provider_scale" in body:
        check_scale("body.service_provider_scale", body["service_provider_scale"])
    _check_reporting(body)


STATUS_NAMES = tuple(status.value for status in ActualStatus)


def _check_reporting(body: Mapping[str, Any]) -> None:
    """The optional settings of what counts and when a report is due (older rule sets lack them)."""
    for key in ("not_reported", "awaiting", "held"):
        if key in body and (not isinstance(body[key], Mapping) or "code" not in body[key]):
            raise RuleSetError(f"body.{key}", "must be an object with code and name")
    reporting = body.get("reporting")
    if reporting is not None:
        days = reporting.get("deadline_days_after_period_end") if isinstance(reporting, Mapping) else None
        if not isinstance(days, Mapping) or not days:
            raise RuleSetError("body.reporting.deadline_days_after_period_end",
                               "must map country codes (or 'default') to days")
        for country, value in days.items():
            _number(f"body.reporting.deadline_days_after_period_end.{country}", value, minimum=0)
        counted = reporting.get("counted_statuses")
        if (not isinstance(counted, list) or not counted
                or any(status not in STATUS_NAMES for status in counted)):
            raise RuleSetError("body.reporting.counted_statuses",
                               f"must list review statuses from {', '.join(STATUS_NAMES)}")
    ratio = body.get("held_for_checking_ratio")
    if ratio is not None:
        _number("body.held_for_checking_ratio", ratio, minimum=1)
    rank_on = body.get("league_rank_on", "targets_achieved")
    if rank_on not in ("targets_achieved", "weighted_achievement"):
        raise RuleSetError("body.league_rank_on", "must be targets_achieved or weighted_achievement")


def _check_s56(body: Mapping[str, Any]) -> None:
    low, high = check_scale("body.scale", body.get("scale"))
    effective = _number("body.fully_effective_rating", body.get("fully_effective_rating"))
    if not low <= effective <= high or effective == 0:
        raise RuleSetError("body.fully_effective_rating", "must be a non-zero point of the scale")
    check_components("body.components", body.get("components"), item_totals=True)
    bands = body.get("bonus_bands")
    validate_bands("body.bonus_bands", bands, lowest=None, highest=None,
                   extra_keys=("bonus_min_percent", "bonus_max_percent"))
    for index, band in enumerate(bands or ()):  # validate_bands refused a missing list
        where = f"body.bonus_bands[{index}]"
        low_bonus = _number(f"{where}.bonus_min_percent", band["bonus_min_percent"], minimum=0)
        high_bonus = _number(f"{where}.bonus_max_percent", band["bonus_max_percent"], minimum=0)
        if high_bonus < low_bonus:
            raise RuleSetError(f"{where}.bonus_max_percent", "must not be below bonus_min_percent")
    rounding = body.get("rounding")
    if rounding is not None:
        if not isinstance(rounding, Mapping):
            raise RuleSetError("body.rounding", "must give rating_decimals and score_decimals")
        for key in ("rating_decimals", "score_decimals"):
            check_decimals(f"body.rounding.{key}", rounding.get(key))
    if "agreement" in body:
        check_agreement_text(body["agreement"])
    if "deadlines" in body:
        check_deadlines(body["deadlines"])


def check_decimals(field: str, value: Any) -> None:
    """A number of decimal places a figure is rounded to and printed with: a whole number 0-6."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise RuleSetError(field, f"must be a whole number of decimals from 0 to 6, got {value!r}")


def _check_optional_decimals(body: Mapping[str, Any], key: str) -> None:
    if key in body:
        check_decimals(f"body.{key}", body[key])


def _check_ke_pc(body: Mapping[str, Any]) -> None:
    low, high = check_scale("body.scale", body.get("scale"))
    if low != 1 or not float(high).is_integer():
        raise RuleSetError("body.scale", "must run over whole points from 1 (one criteria "
                           "value per point)")
    target = _number("body.target_point", body.get("target_point"))
    if not low <= target <= high:
        raise RuleSetError("body.target_point", "must be a point of the scale")
    _number("body.weights_total", body.get("weights_total"), minimum=0)
    validate_bands("body.grades", body.get("grades"), lowest=low, highest=high)
    _check_optional_decimals(body, "grade_decimals")
    if "categories" in body:
        _check_categories(body["categories"], float(body.get("weights_total", 100)))
    if "clauses" in body:
        _check_clauses(body["clauses"])


def _check_categories(categories: Any, total: float) -> None:
    """Criteria categories: distinct names; weights each null (not fixed) or numbers summing to the total."""
    for where, category in _distinct_entries("body.categories", categories, "name"):
        if category.get("weight") is not None:
            _number(f"{where}.weight", category["weight"], minimum=0)
    weights = [category.get("weight") for category in categories]
    if all(weight is not None for weight in weights):
        if abs(math.fsum(float(w) for w in weights) - total) > WEIGHT_TOLERANCE:
            raise RuleSetError("body.categories[*].weight", f"must sum to {format_number(total)}, got "
                               f"{format_number(math.fsum(float(w) for w in weights))}")
    elif any(weight is not None for weight in weights):
        raise RuleSetError("body.categories[*].weight", "give every category a weight, or none")


def _distinct_entries(field: str, entries: Any, key: str) -> list[tuple[str, Mapping[str, Any]]]:
    """(where, entry) of a non-empty list of objects whose ``key`` texts are given and distinct."""
    if not isinstance(entries, list) or not entries:
        raise RuleSetError(field, "must be a non-empty list")
    seen: set[str] = set()
    found = []
    for index, entry in enumerate(entries):
        where = f"{field}[{index}]"
        value = entry.get(key) if isinstance(entry, Mapping) else None
        if not isinstance(value, str) or not value.strip():
            raise RuleSetError(f"{where}.{key}", "must be a non-empty text")
        if value.strip().casefold() in seen:
            raise RuleSetError(f"{where}.{key}", f"{value!r} is listed twice")
        seen.add(value.strip().casefold())
        found.append((where, entry))
    return found


def _check_clauses(clauses: Any) -> None:
    if not isinstance(clauses, Mapping):
        raise RuleSetError("body.clauses", "must be an object of texts and lists of texts")
    for key, value in clauses.items():
        texts = value if isinstance(value, list) else [value]
        if not texts or not all(isinstance(text, str) and text.strip() for text in texts):
            raise RuleSetError(f"body.clauses.{key}", "must be a non-empty text or list of texts")


def _check_ke_spas(body: Mapping[str, Any]) -> None:
    low, high = _range("body.achievement_range", body.get("achievement_range"))
    validate_bands("body.bands", body.get("bands"), lowest=low, highest=high)
    _check_optional_decimals(body, "percent_decimals")
    if "appeal_body" in body and (not isinstance(body["appeal_body"], str) or not body["appeal_body"].strip()):
        raise RuleSetError("body.appeal_body", "must name the body an appraisee appeals to")


def _check_tz_opras(body: Mapping[str, Any]) -> None:
    low, high = check_scale("body.scale", body.get("scale"))
    check_components("body.components", body.get("components"), item_totals=False)
    validate_bands("body.overall_bands", body.get("overall_bands"), lowest=low, highest=high)
    _check_optional_decimals(body, "rating_decimals")


def _check_tz_pepmis(body: Mapping[str, Any]) -> None:
    low, high = _range("body.mark_range", body.get("mark_range"))
    if low is None or high is None or low >= high:
        raise RuleSetError("body.mark_range", "must have a min below its max")
    criteria = body.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise RuleSetError("body.criteria", "must be a non-empty list")
    for index, criterion in enumerate(criteria):
        where = f"body.criteria[{index}]"
        if not isinstance(criterion, Mapping):
            raise RuleSetError(where, "must be an object with code, name and weight")
        for key in ("code", "name"):
            if not isinstance(criterion.get(key), str) or not criterion[key]:
                raise RuleSetError(f"{where}.{key}", "must be a non-empty text")
        _number(f"{where}.weight", criterion.get("weight"), minimum=0)
    total = math.fsum(float(criterion["weight"]) for criterion in criteria)
    if abs(total - 100) > WEIGHT_TOLERANCE:
        raise RuleSetError("body.criteria[*].weight", f"must sum to 100, got {format_number(total)}")
    _number("body.weights_total", body.get("weights_total"), minimum=0)
    if body.get("annual") != "mean_of_periods":
        raise RuleSetError("body.annual", "must be 'mean_of_periods'")
    days = body.get("appeal_days")
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise RuleSetError("body.appeal_days", f"must be a whole number of days, got {days!r}")
    every = body.get("progress_every_days")
    if isinstance(every, bool) or not isinstance(every, int) or every < 1:
        raise RuleSetError("body.progress_every_days", f"must be a whole number of days from 1, got {every!r}")
    validate_bands("body.bands", body.get("bands"), lowest=low, highest=high)


def _check_item_list(body: Mapping[str, Any]) -> None:
    """``{"applies_to": "ccr", "items": [{"title": "...", "compulsory": true}, ...]}``."""
    if not isinstance(body.get("applies_to"), str) or not body["applies_to"].strip():
        raise RuleSetError("body.applies_to", "must name what the items are, e.g. ccr or attribute")
    for where, item in _distinct_entries("body.items", body.get("items"), "title"):
        if not isinstance(item.get("compulsory", False), bool):
            raise RuleSetError(f"{where}.compulsory", "must be true or false")
    if "levels" in body:  # achievement levels, e.g. the competency framework's Basic .. Superior
        _distinct_entries("body.levels", body["levels"], "name")


_CHECKS: dict[str, Callable[[Mapping[str, Any]], None]] = {
    SDBIP: _check_sdbip,
    ZA_S56: _check_s56,
    KE_PC: _check_ke_pc,
    KE_SPAS: _check_ke_spas,
    TZ_OPRAS: _check_tz_opras,
    TZ_PEPMIS: _check_tz_pepmis,
    ITEM_LIST: _check_item_list,
}
