"""Every worked example in SCORING.md, number for number."""

from __future__ import annotations

import pytest

from pmsdesk.scoring import (
    AppraisalTarget,
    ContractIndicator,
    RatedItem,
    assess_opras,
    assess_performance_contract,
    assess_s56,
    assess_spas,
    default_rule_set,
    raw_score,
)
from pmsdesk.scoring.errors import ScoringInputError


def s56_example_items() -> dict[str, list[RatedItem]]:
    kpas = [RatedItem(f"KPA {i}", rating, weight)
            for i, (weight, rating) in enumerate(zip([30, 10, 25, 15, 20], [4, 3, 4, 3, 5]), 1)]
    ccrs = [RatedItem(f"CCR {i}", rating) for i, rating in enumerate([4, 3, 3, 4], 1)]
    return {"kpas": kpas, "ccrs": ccrs}


def test_s56_worked_example_gives_3_95_3_50_3_86_and_128_7_percent_without_bonus():
    result = assess_s56(s56_example_items(), default_rule_set("za_s56"))
    kpa, ccr = result.components
    assert kpa.code == "kpa" and kpa.rating == pytest.approx(3.95)
    assert ccr.code == "ccr" and ccr.rating == pytest.approx(3.50)
    assert result.overall_rating == pytest.approx(3.86)
    assert round(result.score_percent, 1) == 128.7
    assert result.bonus_band["code"] == "no_bonus"
    assert result.bonus_band["bonus_max_percent"] == 0
    assert result.rule_set == {"code": "za_s56", "revision": 1}


def test_s56_fully_effective_everywhere_is_100_percent_and_outstanding_is_166_7():
    rules = default_rule_set("za_s56")
    for rating, percent in ((3, 100.0), (5, 166.7)):
        items = {"kpas": [RatedItem("KPA", rating, 100)], "ccrs": [RatedItem("CCR", rating)]}
        assert round(assess_s56(items, rules).score_percent, 1) == percent


@pytest.mark.parametrize(
    ("kpa_rating", "band", "low", "high"),
    [(3.9, "bonus_5_9", 5, 9), (4.5, "bonus_10_14", 10, 14), (3.8, "no_bonus", 0, 0)],
)
def test_s56_bonus_bands(kpa_rating, band, low, high):
    # 0.8 x 3.9 + 0.2 x 3.9 = 3.9 -> 130% exactly, the start of the 5-9% band.
    items = {"kpas": [RatedItem("KPA", kpa_rating, 100)], "ccrs": [RatedItem("CCR", kpa_rating)]}
    result = assess_s56(items, default_rule_set("za_s56"), annual_package=1_000_000)
    assert result.bonus_band["code"] == band
    assert result.bonus_min_amount == pytest.approx(low * 10_000)
    assert result.bonus_max_amount == pytest.approx(high * 10_000)


def test_s56_bonus_bands_are_data_a_municipality_can_change():
    rules = default_rule_set("za_s56")
    rules["body"]["bonus_bands"][0]["max"] = 125
    rules["body"]["bonus_bands"][1]["min"] = 125
    result = assess_s56(s56_example_items(), rules)
    assert result.bonus_band["code"] == "bonus_5_9"


def test_kenyan_contract_worked_example():
    result = assess_performance_contract(
        [
            ContractIndicator("Revenue collected", 60, (1300, 1000, 800, 600, 400), 900),
            ContractIndicator("Days to pay suppliers", 40, (15, 30, 45, 60, 90), 40),
        ],
        default_rule_set("ke_pc"),
    )
    revenue, days = result.indicators
    assert revenue.raw_score == pytest.approx(2.50)
    assert revenue.weighted_score == pytest.approx(1.50)
    assert revenue.target == 1000  # the Very Good value is the agreed target
    assert round(days.raw_score, 3) == 2.667
    assert round(days.weighted_score, 3) == 1.067
    assert round(result.composite_score, 3) == 2.567
    assert result.grade["name"] == "Good"


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(2000, 1.0), (1300, 1.0), (1000, 2.0), (700, 3.5), (400, 5.0), (100, 5.0)],
)
def test_kenyan_raw_score_clamps_to_the_scale(actual, expected):
    assert raw_score((1300, 1000, 800, 600, 400), actual) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("composite", "grade"),
    [(1.0, "Excellent"), (1.49, "Excellent"), (1.5, "Very Good"), (2.49, "Very Good"),
     (3.5, "Fair"), (3.59, "Fair"), (3.6, "Poor"), (5.0, "Poor")],
)
def test_kenyan_grade_ranges(composite, grade):
    # A single indicator at full weight makes the composite equal to its raw score.
    criteria = (1, 2, 3, 4, 5)
    result = assess_performance_contract(
        [ContractIndicator("x", 100, criteria, composite)], default_rule_set("ke_pc")
    )
    assert result.composite_score == pytest.approx(composite)
    assert result.grade["name"] == grade


def test_kenyan_criteria_that_are_not_monotonic_are_refused():
    with pytest.raises(ScoringInputError) as error:
        assess_performance_contract(
            [ContractIndicator("x", 100, (1300, 1000, 1100, 600, 400), 900)],
            default_rule_set("ke_pc"),
        )
    assert error.value.field == "indicators[0].criteria"
    assert "strictly" in str(error.value)


def test_kenyan_weights_must_sum_to_100():
    with pytest.raises(ScoringInputError, match=r"indicators\[\*\]\.weight: must sum to 100, got 90"):
        assess_performance_contract(
            [ContractIndicator("a", 50, (5, 4, 3, 2, 1), 3),
             ContractIndicator("b", 40, (5, 4, 3, 2, 1), 3)],
            default_rule_set("ke_pc"),
        )


@pytest.mark.parametrize(
    ("percent", "band"),
    [(100.5, "Excellent"), (100, "Very Good"), (99, "Good"), (80, "Good"), (79, "Fair"),
     (60, "Fair"), (59, "Poor"), (0, "Poor")],
)
def test_spas_bands(percent, band):
    result = assess_spas(default_rule_set("ke_spas"), percent_achieved=percent)
    assert result.band["name"] == band


def test_spas_from_targets_is_the_weighted_mean_of_achievement():
    result = assess_spas(
        default_rule_set("ke_spas"),
        targets=[AppraisalTarget("files closed", 100, 90, 75), AppraisalTarget("audits", 4, 2, 25)],
    )
    assert result.percent_achieved == pytest.approx(0.75 * 90 + 0.25 * 50)
    assert result.band["name"] == "Good"


def test_opras_overall_is_the_mean_of_objectives_and_attributes_and_1_is_best():
    result = assess_opras(
        {"objectives": [RatedItem("o1", 1), RatedItem("o2", 2), RatedItem("o3", 3)],
         "attributes": [RatedItem("a1", 1), RatedItem("a2", 2)]},
        default_rule_set("tz_opras"),
    )
    objectives, attributes = result.components
    assert objectives.rating == pytest.approx(2.0)
    assert attributes.rating == pytest.approx(1.5)
    assert result.overall_rating == pytest.approx(1.75)
    assert result.overall_band["code"] == "above_average"
    assert result.rule_set["code"] == "tz_opras"


def test_rating_outside_the_scale_names_the_field():
    items = s56_example_items()
    items["kpas"][2] = RatedItem("KPA 3", 6, 25)
    with pytest.raises(ScoringInputError) as error:
        assess_s56(items, default_rule_set("za_s56"))
    assert str(error.value) == "kpas[2].rating: must be between 1 and 5, got 6"


def test_kpa_weights_that_do_not_sum_to_100_are_refused():
    items = s56_example_items()
    items["kpas"][0] = RatedItem("KPA 1", 4, 20)
    with pytest.raises(ScoringInputError, match=r"kpas\[\*\]\.weight: must sum to 100, got 90"):
        assess_s56(items, default_rule_set("za_s56"))


def test_an_s56_case_with_no_ccrs_is_refused():
    with pytest.raises(ScoringInputError, match="^ccrs: at least one"):
        assess_s56({"kpas": [RatedItem("KPA", 3, 100)]}, default_rule_set("za_s56"))
