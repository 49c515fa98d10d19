"""Weighted ratings on a rule set's scale, shared by the S56 and OPRAS assessments."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from .errors import ScoringInputError, format_number

WEIGHT_TOLERANCE = 1e-6
PRECISION = 9  # decimal places kept, so float noise never pushes a rating off its scale


@dataclass(frozen=True)
class RatedItem:
    """A KPA, competency, objective or attribute with its agreed weight and its rating."""

    name: str
    rating: float
    weight: float | None = None


@dataclass(frozen=True)
class RatedItemScore:
    name: str
    rating: float
    label: str | None
    weight: float
    weighted_rating: float  # weight x rating, before dividing by the total weight


@dataclass(frozen=True)
class ComponentScore:
    """One component of an assessment (e.g. KPAs, weighing 80%) and its weighted rating."""

    code: str
    name: str
    weight: float
    rating: float
    weighting: str  # "agreed_weights" or "equal"
    items: tuple[RatedItemScore, ...]


def scale_label(scale: Mapping[str, Any], rating: float) -> str | None:
    """The scale's name for a whole rating ("3" -> "Fully effective"); None between points."""
    if not float(rating).is_integer():
        return None
    return scale.get("labels", {}).get(str(int(rating)))


def check_rating(field: str, rating: Any, scale: Mapping[str, Any]) -> float:
    low, high = sorted((float(scale["best"]), float(scale["worst"])))
    is_number = isinstance(rating, (int, float)) and not isinstance(rating, bool)
    if not is_number or not math.isfinite(rating):
        raise ScoringInputError(field, f"must be a number from {format_number(low)} to "
                                f"{format_number(high)}, got {rating!r}")
    if not low <= rating <= high:
        raise ScoringInputError(field, f"must be between {format_number(low)} and "
                                f"{format_number(high)}, got {format_number(rating)}")
    return float(rating)


def score_component(
    component: Mapping[str, Any],
    items: Sequence[RatedItem],
    scale: Mapping[str, Any],
) -> ComponentScore:
    """Σ(weight × rating) ÷ Σ weight over ``items``, with every rating and weight checked.

    Items without weights share the component equally; if some have weights,
    all must, and they must add up to the component's ``item_weights_total``
    when the rule set gives one.
    """
    field = component["items"]
    if not items:
        raise ScoringInputError(field, f"at least one is needed for {component['name']}")
    ratings = [check_rating(f"{field}[{i}].rating", item.rating, scale)
               for i, item in enumerate(items)]
    given = [item.weight is not None for item in items]
    if any(given) and not all(given):
        missing = given.index(False)
        raise ScoringInputError(f"{field}[{missing}].weight",
                                "is needed because other items have weights")
    if all(given):
        weights = []
        for i, weight in enumerate(cast(float, item.weight) for item in items):  # all given, checked above
            if weight < 0 or not math.isfinite(weight):
                raise ScoringInputError(f"{field}[{i}].weight",
                                        f"must not be negative, got {format_number(weight)}")
            weights.append(float(weight))
        total = math.fsum(weights)
        expected = component.get("item_weights_total")
        if expected is not None and abs(total - expected) > WEIGHT_TOLERANCE:
            raise ScoringInputError(f"{field}[*].weight", f"must sum to "
                                    f"{format_number(expected)}, got {format_number(total)}")
        if total <= 0:
            raise ScoringInputError(f"{field}[*].weight", "must not all be 0")
        weighting = "agreed_weights"
    else:
        share = float(component.get("item_weights_total") or 100) / len(items)
        weights = [share] * len(items)
        total = math.fsum(weights)
        weighting = "equal"
    products = [w * r for w, r in zip(weights, ratings)]
    return ComponentScore(
        code=component["code"],
        name=component["name"],
        weight=float(component["weight"]),
        rating=round(math.fsum(products) / total, PRECISION),
        weighting=weighting,
        items=tuple(
            RatedItemScore(item.name, r, scale_label(scale, r), w, p)
            for item, r, w, p in zip(items, ratings, weights, products)
        ),
    )


def score_components(
    body: Mapping[str, Any], items_by_component: Mapping[str, Sequence[RatedItem]]
) -> tuple[tuple[ComponentScore, ...], float]:
    """Every component of the rule set, and the overall rating Σ(weight × rating) ÷ 100."""
    known = {component["items"] for component in body["components"]}
    for key in items_by_component:
        if key not in known:
            raise ScoringInputError(key, f"is not part of this rule set; expected "
                                    f"{', '.join(sorted(known))}")
    scores = tuple(
        score_component(component, items_by_component.get(component["items"], ()), body["scale"])
        for component in body["components"]
    )
    overall = math.fsum(score.weight * score.rating for score in scores) / 100.0
    return scores, round(overall, PRECISION)
