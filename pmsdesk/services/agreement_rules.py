"""What an agreement may hold: kinds per country, lines per kind, weights, Kenyan criteria and categories.

One place for the checks the agreements service, the demo and the screens share:
``validate_items`` refuses a whole set of lines with every problem named by row,
and ``kinds_for_country`` says which agreement kinds an organisation is offered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import AgreementItemKind, AgreementKind
from pmsdesk.scoring import ScoringInputError, default_rule_set
from pmsdesk.scoring.rules import setting

from .errors import NotFound, ValidationError
from .validation import choice, clean, number, reference_id, text

AGREEMENT_FIELDS = {
    "kind": choice(AgreementKind),
    "rule_set_code": text(60, required=True),
    "title": text(300, required=True),
    "supervisor_person_id": reference_id(),
    "vision": text(4000),
    "mission": text(4000),
    "strategic_objectives": text(8000),
}
ITEM_FIELDS = {
    "kind": choice(AgreementItemKind),
    "title": text(2000, required=True),
    "weight": number(minimum=0, maximum=100, required=True),
    "kpi_id": reference_id(),
    "kpa_id": reference_id(),
    "target_text": text(2000),
    "criteria_excellent": number(),
    "criteria_very_good": number(),
    "criteria_good": number(),
    "criteria_fair": number(),
    "criteria_poor": number(),
    "category": text(120),
    "unit": text(60),
    "baseline": number(),
    "achieved_last_year": number(),
    "achieved_year_before": number(),
    "target_value": number(),
    "programme_id": reference_id(),
    "performance_criteria": text(2000),
    "resources": text(2000),
}
CRITERIA = ("criteria_excellent", "criteria_very_good", "criteria_good", "criteria_fair", "criteria_poor")

#: Which item kinds each agreement holds; each weighted group's weights must sum to 100.
WEIGHT_GROUPS: dict[AgreementKind, tuple[AgreementItemKind, ...]] = {
    AgreementKind.SA_SECTION_56: (AgreementItemKind.KPA, AgreementItemKind.CCR),
    AgreementKind.KE_PERFORMANCE_CONTRACT: (AgreementItemKind.INDICATOR,),
    AgreementKind.KE_SPAS: (AgreementItemKind.TARGET, AgreementItemKind.COMPETENCY),
    AgreementKind.TZ_OPRAS: (AgreementItemKind.OBJECTIVE, AgreementItemKind.ATTRIBUTE),
}
#: Lines recorded without a weight: SPAS values and competencies are commented on, not scored.
UNWEIGHTED = frozenset({AgreementItemKind.COMPETENCY})

#: The agreement kinds each country's organisations use, the usual one first.
COUNTRY_KINDS: dict[str, tuple[AgreementKind, ...]] = {
    "ZA": (AgreementKind.SA_SECTION_56,),
    "KE": (AgreementKind.KE_PERFORMANCE_CONTRACT, AgreementKind.KE_SPAS),
    "TZ": (AgreementKind.TZ_OPRAS,),
}


def kinds_for_country(country: str | None) -> tuple[AgreementKind, ...]:
    """The kinds offered in ``country``; every kind where the country is not one pmsdesk knows."""
    return COUNTRY_KINDS.get(country or "", tuple(AgreementKind))


def default_kind(country: str | None, senior: bool) -> AgreementKind:
    """Kenya: a performance contract for a senior officer (accounting officer, CECM, chief officer),
    a SPAS appraisal for other staff; elsewhere the country's one kind."""
    kinds = kinds_for_country(country)
    if AgreementKind.KE_SPAS in kinds and not senior:
        return AgreementKind.KE_SPAS
    return kinds[0]


def rules_for(session: Session, code: str) -> dict[str, Any]:
    """The latest stored revision of rule set ``code``, else the shipped default."""
    from .rule_sets import get_rule_set  # rule-set reads only when an agreement is checked

    try:
        return get_rule_set(session, code)
    except NotFound:
        try:
            return default_rule_set(code)
        except ScoringInputError as error:
            raise NotFound(_(
                    "The agreement names rule set {0!r}, which is neither stored nor shipped.").format(code)) from error


def category_weights(rules: Mapping[str, Any]) -> dict[str, float | None]:
    """Criteria category name → its weight (None: the guideline's weight is not fixed in the rule set)."""
    return {category["name"]: category.get("weight") for category in setting(rules, "categories")}


def validate_items(kind: AgreementKind, items: Sequence[Mapping[str, Any]],
                   rules: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Clean every line; refuse all of them with each problem named (``items[2].weight``).

    With ``rules`` (a Kenyan contract's rule set) each indicator must name one of
    its criteria categories, and a category with a weight must get exactly it.
    """
    cleaned: list[dict[str, Any]] = []
    problems: dict[str, str] = {}
    unweighted = {kind.value for kind in UNWEIGHTED}
    for index, item in enumerate(items):
        values = dict(item)
        if values.get("kind") in unweighted and values.get("weight") in (None, ""):
            values["weight"] = 0
        try:
            cleaned.append(clean(values, ITEM_FIELDS))
        except ValidationError as error:
            problems |= {f"items[{index}].{field}": message for field, message in error.problems.items()}
    if problems:
        raise ValidationError(problems)
    allowed = WEIGHT_GROUPS[kind]
    for index, item in enumerate(cleaned):
        if item["kind"] not in allowed:
            names = ", ".join(k.value for k in allowed)
            problems[f"items[{index}].kind"] = _("a {0} agreement holds {1} items").format(kind.value, names)
        if kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
            problems |= _criteria_problems(index, item)
        if item["kind"] == AgreementItemKind.TARGET and item["target_value"] is None:
            problems[f"items[{index}].target_value"] = _("give the agreed target as a number, to measure the result by")
    for group in allowed:
        if group in UNWEIGHTED:
            continue
        total = sum(item["weight"] for item in cleaned if item["kind"] == group)
        if any(item["kind"] == group for item in cleaned) and abs(total - 100) > 1e-6:
            problems[f"items.{group.value}"] = _("weights sum to {0:g}, they must sum to 100").format(total)
    if kind == AgreementKind.KE_PERFORMANCE_CONTRACT and rules is not None:
        problems |= _category_problems(cleaned, rules)
    if problems:
        raise ValidationError(problems)
    return cleaned


def _criteria_problems(index: int, item: Mapping[str, Any]) -> dict[str, str]:
    """Kenyan criteria values run from Excellent to Poor, strictly one way."""
    values = [item[name] for name in CRITERIA]
    if any(value is None for value in values):
        return {f"items[{index}].criteria": "all five criteria values are needed"}
    rising = all(a < b for a, b in zip(values, values[1:]))
    falling = all(a > b for a, b in zip(values, values[1:]))
    if not (rising or falling):
        return {f"items[{index}].criteria": f"values {values} must rise or fall steadily"}
    return {}


def _category_problems(items: Sequence[Mapping[str, Any]], rules: Mapping[str, Any]) -> dict[str, str]:
    weights = category_weights(rules)
    by_name = {name.casefold(): name for name in weights}
    problems, totals = {}, dict.fromkeys(weights, 0.0)
    for index, item in enumerate(items):
        name = by_name.get((item["category"] or "").strip().casefold())
        if name is None:
            given = f"{item['category']!r} is not one; " if item["category"] else ""
            problems[f"items[{index}].category"] = (_("{0}choose the criteria category: ").format(given)
                                                    + "; ".join(weights))
            continue
        item["category"] = name  # type: ignore[index]  # the rule set's spelling
        totals[name] += item["weight"]
    if problems:
        return problems  # totals of unnamed categories would only repeat the same mistake
    for index, (name, weight) in enumerate(weights.items()):
        if weight is not None and abs(totals[name] - weight) > 1e-6:
            problems[f"categories[{index}]"] = (_(
                    "{0}: the indicators' weights sum to {1:g}, the category's weight is "
                    "{2:g}").format(name, totals[name], weight))
    return problems
