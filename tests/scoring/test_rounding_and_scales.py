"""One rounding rule, the final assessment alone carries a bonus, and the published scales.

Issue 20's examples: a Section 56 sheet printed "3.90 … 130.0% … No performance bonus"
for KPA weights 21/20/20/20/19 rated 3/4/4/4/4 and CCRs 4/4/5 (overall 3.898667), and a
bonus band on the mid-year review; OPRAS printed "Fair" for 4 and "Good" for 2.98.
"""

from __future__ import annotations

import pytest

from pmsdesk.reports.pdf.assessment import outcome_pairs
from pmsdesk.scoring import (
    RatedItem,
    assess_opras,
    assess_s56,
    assess_spas,
    default_rule_set,
    to_jsonable,
)
from pmsdesk.scoring.bands import find_band, round_half_up
from pmsdesk.scoring.ke_pc import ContractIndicator, assess_performance_contract
from pmsdesk.scoring.rules import validate_rule_set

S56 = default_rule_set("za_s56")


def _printed(result) -> dict[str, str]:
    return dict(outcome_pairs("za_s56", to_jsonable(result)))


def test_the_issue_sheet_prints_what_it_decides():
    kpas = [RatedItem(f"KPA {n}", r, w) for n, (w, r) in
            enumerate(zip((21, 20, 20, 20, 19), (3, 4, 4, 4, 4)), 1)]
    ccrs = [RatedItem(f"CCR {n}", r) for n, r in enumerate((4, 4, 5), 1)]
    result = assess_s56({"kpas": kpas, "ccrs": ccrs}, S56)
    assert result.overall_rating == pytest.approx(3.898667, abs=1e-6)
    printed = _printed(result)
    assert (printed["Overall rating"], printed["Score"]) == ("3.899", "129.97%")
    assert printed["Performance bonus band"] == "No performance bonus"
    assert result.bonus_band["code"] == "no_bonus"


@pytest.mark.parametrize("decimals", [(2, 1), (3, 2), (4, 2), (1, 0)])
def test_the_printed_score_never_disagrees_with_the_bonus_decided(decimals):
    rules = default_rule_set("za_s56")
    rules["body"]["rounding"] = {"rating_decimals": decimals[0], "score_decimals": decimals[1]}
    validate_rule_set(rules)
    bands = rules["body"]["bonus_bands"]
    edges = [band["min"] for band in bands if band["min"] is not None]
    checked = 0
    for edge in edges:  # 130% and 150%: ratings 3.9 and 4.5
        centre = edge * 3 / 100
        for step in range(-300, 301):
            rating = centre + step * 1e-5
            result = assess_s56({"kpas": [RatedItem("k", rating, 100)],
                                 "ccrs": [RatedItem("c", rating, 100)]}, rules)
            printed = _printed(result)
            shown = float(printed["Score"].rstrip("%"))
            assert find_band(bands, shown)["name"] == printed["Performance bonus band"], (
                f"rating {rating}: printed {printed['Score']} with {printed['Performance bonus band']}")
            # Each printed figure follows from the one printed before it.
            recomputed = round_half_up(float(printed["Overall rating"]) / 3 * 100, decimals[1])
            assert shown == recomputed
            checked += 1
    assert checked == 1202


def test_no_bonus_band_before_the_final_annual_assessment():
    items = {"kpas": [RatedItem("k", 5, 100)], "ccrs": [RatedItem("c", 5, 100)]}
    mid_year = assess_s56(items, S56, final=False)
    assert mid_year.bonus_band is None and mid_year.bonus_min_amount is None
    assert _printed(mid_year)["Performance bonus band"].startswith("Not applicable")
    assert assess_s56(items, S56).bonus_band["code"] == "bonus_10_14"


def test_opras_uses_the_tfn_832_labels_and_scale():
    labels = default_rule_set("tz_opras")["body"]["scale"]["labels"]
    assert labels == {"1": "Outstanding performance", "2": "Performance above average",
                      "3": "Average performance", "4": "Poor performance",
                      "5": "Very poor performance"}
    rules = default_rule_set("tz_opras")

    def overall(objectives: list[float], attributes: list[float]):
        return assess_opras({"objectives": [RatedItem(f"o{i}", r) for i, r in enumerate(objectives)],
                             "attributes": [RatedItem(f"a{i}", r) for i, r in enumerate(attributes)]},
                            rules)

    assert overall([4], [4]).overall_band["name"] == "Poor performance"  # was "Fair"
    near_three = overall([3, 3, 2.88], [3])  # (2.96 + 3) / 2 = 2.98
    assert near_three.overall_text == "2.98"
    assert near_three.overall_band["name"] == "Average performance"  # was "Good"
    assert "TFN 832" in rules["description"]


@pytest.mark.parametrize(("percent", "band", "shown"), [
    (59.4, "Poor", "59%"), (59.5, "Fair", "60%"), (79.6, "Good", "80%"), (99.4, "Good", "99%"),
    (99.5, "Very Good", "100%"), (100.4, "Very Good", "100%"), (100.5, "Excellent", "101%"),
    (150.0, "Excellent", "150%")])
def test_spas_bands_as_the_guidelines_state_them_on_whole_percentages(percent, band, shown):
    rules = default_rule_set("ke_spas")
    result = assess_spas(rules, percent_achieved=percent)
    assert (result.band["name"], result.percent_text) == (band, shown)
    assert "SPAS Guidelines" in rules["description"] and "101%" in rules["description"]


def test_kenyan_pc_grades_name_their_source_and_grade_the_printed_composite():
    rules = default_rule_set("ke_pc")
    assert "Performance Contracting Guidelines for FY 2023/2024" in rules["description"]
    assert "NOT confirmed" in rules["description"]
    worked = assess_performance_contract(
        [ContractIndicator("revenue", 60, (1300, 1000, 800, 600, 400), 900),
         ContractIndicator("days to pay", 40, (15, 30, 45, 60, 90), 40)], rules)
    assert (worked.composite_text, worked.grade["name"]) == ("2.57", "Good")
    # 1.495 prints as 1.50: it must grade Very Good, as the printed figure reads.
    edge = assess_performance_contract(
        [ContractIndicator("x", 100, (10, 8, 6, 4, 2), 10 - 2 * 0.495)], rules)
    assert (edge.composite_text, edge.grade["name"]) == ("1.50", "Very Good")


@pytest.mark.parametrize(("code", "key"), [("za_s56", "rounding"), ("ke_pc", "grade_decimals"),
                                           ("ke_spas", "percent_decimals"),
                                           ("tz_opras", "rating_decimals")])
def test_a_broken_number_of_decimals_is_refused_by_name(code, key):
    from pmsdesk.scoring import RuleSetError
    rules = default_rule_set(code)
    rules["body"][key] = {"rating_decimals": 9, "score_decimals": 1} if key == "rounding" else 1.5
    with pytest.raises(RuleSetError, match="decimals"):
        validate_rule_set(rules)
