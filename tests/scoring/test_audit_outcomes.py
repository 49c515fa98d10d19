"""Scores an auditor would accept (issue 20): not reporting is never rewarded, X of Y leads.

Each test is one of the issue's examples, scored through the engine as a scorecard does.
"""

from __future__ import annotations

import pytest

from pmsdesk.models.enums import CalculationType as C
from pmsdesk.models.enums import Direction as D
from pmsdesk.models.enums import MeasureType as M
from pmsdesk.scoring import (
    FigureStatus,
    KpiDefinition,
    PeriodFigure,
    RollupEntry,
    default_rule_set,
    roll_up,
    score_kpi,
)
from pmsdesk.scoring.kpi_result import Outcome
from pmsdesk.scoring.rules import validate_rule_set
from pmsdesk.scoring.sdbip_rules import SdbipRules

RULES = default_rule_set("za_sdbip")


def _kpi(reference: str) -> KpiDefinition:
    return KpiDefinition(reference, C.ACCUMULATIVE, M.NUMBER, D.HIGHER_IS_BETTER)


def _entry(reference: str, periods, *, awaiting=(), held=()) -> RollupEntry:
    result = score_kpi(_kpi(reference), periods, 1, RULES, awaiting=awaiting, held=held)
    return RollupEntry.from_result(result, {"directorate": "Technical"})


def test_three_due_one_met_two_never_reported_is_one_of_three_not_kpi_met():
    entries = [_entry("A", [PeriodFigure(1, 10, 10)]),
               _entry("B", [PeriodFigure(1, 10)]), _entry("C", [PeriodFigure(1, 10)])]
    whole = roll_up(entries, RULES, by="directorate")["Technical"]
    assert (whole.achieved, whole.targets, whole.not_reported) == (1, 3, 2)
    assert whole.achieved_percent == pytest.approx(100 / 3)
    assert whole.score == pytest.approx(100 / 3)  # the two unreported count at 0%
    assert whole.category != "met"


def test_an_unreported_target_prints_not_reported():
    result = score_kpi(_kpi("B"), [PeriodFigure(1, 10)], 1, RULES)
    assert result.period.status is FigureStatus.NOT_REPORTED
    assert result.period.category_name == "Not reported"
    assert result.period.outcome is Outcome.NOT_REPORTED


def test_over_achievement_does_not_hide_misses_in_the_league():
    mixed = [RollupEntry(f"M{i}", FigureStatus.MEASURED, 300.0 if i < 5 else 40.0,
                         met=i < 5, groups={"d": "Mixed"}) for i in range(10)]
    steady = [RollupEntry(f"S{i}", FigureStatus.MEASURED, 100.0, met=True,
                          groups={"d": "Steady"}) for i in range(10)]
    groups = roll_up(mixed + steady, RULES, by="d")
    assert (groups["Mixed"].achieved, groups["Mixed"].targets) == (5, 10)
    assert groups["Mixed"].score == pytest.approx(120.0)  # the second figure is still there
    rank_on = SdbipRules.of(RULES).rank_on
    assert rank_on == "targets_achieved"
    ranked = sorted(groups.values(), key=lambda r: -r.rank_value(rank_on))
    assert [r.group for r in ranked] == ["Steady", "Mixed"]
    # A rule set may choose to rank on the weighted mean instead.
    by_mean = sorted(groups.values(), key=lambda r: -r.rank_value("weighted_achievement"))
    assert [r.group for r in by_mean] == ["Mixed", "Steady"]


def test_before_the_deadline_a_missing_actual_is_awaiting_and_left_out_with_a_count():
    entries = [_entry("A", [PeriodFigure(1, 10, 10)]),
               _entry("B", [PeriodFigure(1, 10)], awaiting={1})]
    whole = roll_up(entries, RULES)["organisation"]
    assert (whole.achieved, whole.targets, whole.awaiting) == (1, 1, 1)
    assert whole.left_out_by_reason == {"awaiting": 1}
    result = score_kpi(_kpi("B"), [PeriodFigure(1, 10)], 1, RULES, awaiting={1})
    assert result.period.category_name == "Awaiting report"


def test_an_open_quarter_waits_while_the_closed_ones_make_the_year_to_date():
    periods = [PeriodFigure(1, 10, 10), PeriodFigure(2, 10, 12), PeriodFigure(3, 10)]
    result = score_kpi(_kpi("A"), periods, 3, RULES, awaiting={3})
    assert result.period.status is FigureStatus.AWAITING
    assert result.year_to_date.status is FigureStatus.MEASURED
    assert (result.year_to_date.target, result.year_to_date.actual) == (20, 22)
    closed = score_kpi(_kpi("A"), periods, 3, RULES)
    assert closed.year_to_date.status is FigureStatus.NOT_REPORTED


def test_a_held_actual_is_left_out_and_printed_held_for_checking():
    result = score_kpi(_kpi("A"), [PeriodFigure(1, 10)], 1, RULES, held={1})
    assert result.period.status is FigureStatus.HELD
    assert result.period.category_name == "Held for checking"
    whole = roll_up([RollupEntry.from_result(result)], RULES)["organisation"]
    assert (whole.targets, whole.held, whole.score) == (0, 1, None)


def test_the_shipped_sdbip_rules_name_their_deadline_sources_and_validate():
    validate_rule_set(RULES)
    assert "MFMA s52(d)" in RULES["description"] and "Circular 13" in RULES["description"]
    book = SdbipRules.of(RULES)
    assert book.deadline_days_for("ZA") == 30 and book.deadline_days_for("XX") == 30
    assert book.counted_statuses == {"verified", "approved"}


def test_a_rule_set_stored_before_these_settings_scores_with_the_shipped_ones():
    old = default_rule_set("za_sdbip")
    for key in ("not_reported", "awaiting", "held", "reporting", "held_for_checking_ratio",
                "league_rank_on"):
        del old["body"][key]
    result = score_kpi(_kpi("B"), [PeriodFigure(1, 10)], 1, old)
    assert result.period.category_name == "Not reported"


@pytest.mark.parametrize(("key", "value", "field"), [
    ("league_rank_on", "alphabetical", "body.league_rank_on"),
    ("reporting", {"deadline_days_after_period_end": {"ZA": -1}, "counted_statuses": ["approved"]},
     "body.reporting.deadline_days_after_period_end.ZA"),
    ("reporting", {"deadline_days_after_period_end": {"ZA": 30}, "counted_statuses": ["typed"]},
     "body.reporting.counted_statuses"),
])
def test_a_broken_reporting_setting_is_refused_by_name(key, value, field):
    from pmsdesk.scoring import RuleSetError
    rules = default_rule_set("za_sdbip")
    rules["body"][key] = value
    with pytest.raises(RuleSetError, match=field.replace(".", r"\.")):
        validate_rule_set(rules)
