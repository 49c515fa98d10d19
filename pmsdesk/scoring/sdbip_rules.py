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
from .rules import SDBIP, require_kind, rule_set_ref, setting


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

    __slots__ = ("_bands", "_lights", "_not_measured", "_status_lights", "counted_statuses",
                 "deadline_days", "held_ratio", "rank_on", "reference", "rollup_cap", "rules")

    def __init__(self, rules: Mapping[str, Any]) -> None:
        require_kind(rules, SDBIP)
        body = rules["body"]
        self.rules = rules
        self.reference = rule_set_ref(rules)
        self.rollup_cap = body.get("rollup_achievement_cap")
        self._bands = BandTable(body["bands"])
        self._lights = {id(band): Light.of(band) for band in body["bands"]}
        self._not_measured = Light.of(body["not_measured"])
        #: Figures without an achievement, by FigureStatus value: printed with these names.
        self._status_lights = {"not_reported": Light.of(setting(rules, "not_reported")),
                               "held_for_checking": Light.of(setting(rules, "held")),
                               "awaiting": Light.of(setting(rules, "awaiting"))}
        reporting = setting(rules, "reporting")
        self.deadline_days: dict[str, int] = dict(reporting["deadline_days_after_period_end"])
        self.counted_statuses = frozenset(reporting["counted_statuses"])
        self.held_ratio: float | None = setting(rules, "held_for_checking_ratio")
        self.rank_on: str = setting(rules, "league_rank_on")

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

    def categories(self) -> list[Light]:
        """Every category a figure can have, as reports list them: the lights in the rule set's
        order, then not reported, held for checking, awaiting, and not measured last."""
        lights = [self._lights[id(band)] for band in self.rules["body"]["bands"]]
        return [*lights, *self._status_lights.values(), self._not_measured]

    def status_light(self, status: str) -> Light:
        """The category of a figure with no achievement: not reported, awaiting, held or not measured."""
        return self._status_lights.get(status, self._not_measured)

    def deadline_days_for(self, country: str | None) -> int:
        """Days after a period ends before its report is due, for ``country`` (an ISO code)."""
        return int(self.deadline_days.get(country or "", self.deadline_days.get("default", 30)))


def check_sdbip(rules: Mapping[str, Any] | SdbipRules) -> None:
    """Refuse a rule set of another kind, as every SDBIP calculation does."""
    if not isinstance(rules, SdbipRules):
        require_kind(rules, SDBIP)
