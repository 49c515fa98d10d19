"""An SDBIP rule set read once, for scoring every KPI of a scorecard with it.

A scorecard looks up the same traffic-light bands thousands of times.
:meth:`SdbipRules.of` checks the rule set's kind and reads its bands once;
:meth:`SdbipRules.light` then answers exactly as
:func:`~pmsdesk.scoring.kpi_result.traffic_light` does. The engine's
functions take either the plain rule set or one of these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .bands import BandTable
from .rules import SDBIP, require_kind, rule_set_ref


@dataclass(frozen=True)
class Light:
    """What a figure or roll-up carries of its traffic-light band."""

    code: str
    name: str
    colour: str | None

    @classmethod
    def of(cls, band: Mapping[str, Any]) -> Light:
        return cls(band["code"], band.get("name", band["code"]), band.get("colour"))


class SdbipRules:
    """An ``sdbip`` rule set with its bands ready for look-ups; ``rules`` is the rule set itself."""

    __slots__ = ("_bands", "_lights", "_not_measured", "reference", "rollup_cap", "rules")

    def __init__(self, rules: Mapping[str, Any]) -> None:
        require_kind(rules, SDBIP)
        body = rules["body"]
        self.rules = rules
        self.reference = rule_set_ref(rules)
        self.rollup_cap = body.get("rollup_achievement_cap")
        self._bands = BandTable(body["bands"])
        self._lights = {id(band): Light.of(band) for band in body["bands"]}
        self._not_measured = Light.of(body["not_measured"])

    @classmethod
    def of(cls, rules: Mapping[str, Any] | SdbipRules) -> SdbipRules:
        """``rules`` read once, or as it is when it already was."""
        return rules if isinstance(rules, SdbipRules) else cls(rules)

    def light(self, achievement: float | None) -> Light:
        """The band of ``achievement``, or the "not yet measured" category."""
        if achievement is None:
            return self._not_measured
        band = self._bands.find(achievement)
        return self._not_measured if band is None else self._lights[id(band)]


def check_sdbip(rules: Mapping[str, Any] | SdbipRules) -> None:
    """Refuse a rule set of another kind, as every SDBIP calculation does."""
    if not isinstance(rules, SdbipRules):
        require_kind(rules, SDBIP)
