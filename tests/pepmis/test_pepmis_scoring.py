"""The tz_pepmis rule set and its worked examples: sub-task marks, task and overall scores, bands."""

from __future__ import annotations

import pytest

from pmsdesk.scoring import default_rule_set, validate_rule_set
from pmsdesk.scoring.errors import RuleSetError, ScoringInputError
from pmsdesk.scoring.pepmis import MarkedSubTask, annual_score, pepmis_band, score_sub_tasks, sub_task_mark

RULES = default_rule_set("tz_pepmis")


def _item(task, task_weight, code, weight, quantitative=None, qualitative=None):
    return MarkedSubTask(task, f"Task {task}", task_weight, code, f"Sub-task {code}", weight, quantitative, qualitative)


def test_the_rule_set_says_the_official_bands_were_not_found_and_are_editable():
    description = RULES["description"]
    assert "NOT found" in description and "editable" in description
    assert [band["name_sw"] for band in RULES["body"]["bands"]] == [
        "Hafifu sana", "Hafifu", "Wastani", "Juu ya wastani", "Bora sana"]


def test_a_sub_task_mark_is_the_criteria_weighted_mean():
    assert sub_task_mark(80, 70, RULES) == pytest.approx(75)
    edited = default_rule_set("tz_pepmis")
    edited["body"]["criteria"][0]["weight"], edited["body"]["criteria"][1]["weight"] = 60, 40
    assert sub_task_mark(80, 70, edited) == pytest.approx(76)


def test_worked_example_full_plan():
    """T1 (60): T1.1 (70) 75, T1.2 (30) 60 → 70×75/100 + 30×60/100 = 70.5.
    T2 (40): T2.1 (100) 90 → 90. Overall = 60×70.5/100 + 40×90/100 = 78.3 → above average."""
    score = score_sub_tasks([_item("T1", 60, "T1.1", 70, 80, 70), _item("T1", 60, "T1.2", 30, 60, 60),
                             _item("T2", 40, "T2.1", 100, 90, 90)], RULES)
    assert [task.score for task in score.tasks] == [pytest.approx(70.5), pytest.approx(90)]
    assert score.overall == pytest.approx(78.3)
    assert (score.band["code"], score.band["name_sw"]) == ("above_average", "Juu ya wastani")
    assert score.unmarked == 0


def test_unmarked_sub_tasks_are_left_out_and_counted():
    """Only T1.1 is marked (75): T1 = 75 over its marked weight, T2 has no score, overall = 75."""
    score = score_sub_tasks([_item("T1", 60, "T1.1", 70, 80, 70), _item("T1", 60, "T1.2", 30),
                             _item("T2", 40, "T2.1", 100)], RULES)
    assert score.overall == pytest.approx(75)
    assert score.tasks[1].score is None
    assert score.unmarked == 2


def test_nothing_marked_has_no_score():
    score = score_sub_tasks([_item("T1", 100, "T1.1", 100)], RULES)
    assert score.overall is None and score.band is None


@pytest.mark.parametrize("score, code", [(0, "very_poor"), (39.99, "very_poor"), (40, "poor"), (60, "average"),
                                         (75, "above_average"), (90, "outstanding"), (100, "outstanding")])
def test_bands_cover_0_to_100(score, code):
    assert pepmis_band(score, RULES)["code"] == code


def test_annual_score_is_the_mean_of_the_scored_periods():
    assert annual_score([78.3, None, 50], RULES) == pytest.approx(64.15)
    assert annual_score([None], RULES) is None


@pytest.mark.parametrize("mark", [-0.5, 100.5, float("nan")])
def test_marks_outside_the_range_are_refused(mark):
    with pytest.raises(ScoringInputError, match="quantitative"):
        sub_task_mark(mark, 50, RULES)


def test_criteria_weights_must_total_100():
    rules = default_rule_set("tz_pepmis")
    rules["body"]["criteria"][0]["weight"] = 70
    with pytest.raises(RuleSetError, match=r"body.criteria\[\*\].weight: must sum to 100, got 120"):
        validate_rule_set(rules)


def test_the_appeal_period_must_be_whole_days():
    rules = default_rule_set("tz_pepmis")
    rules["body"]["appeal_days"] = -1
    with pytest.raises(RuleSetError, match="body.appeal_days"):
        validate_rule_set(rules)


def test_progress_is_due_weekly_and_the_interval_must_be_whole_days():
    assert RULES["body"]["progress_every_days"] == 7
    rules = default_rule_set("tz_pepmis")
    rules["body"]["progress_every_days"] = 0
    with pytest.raises(RuleSetError, match="body.progress_every_days"):
        validate_rule_set(rules)
