"""``pmsdesk calc`` from the outside: JSON in, JSON out, exit 2 with the field on bad input."""

from __future__ import annotations

import io
import json

import pytest

from pmsdesk.cli.main import main
from pmsdesk.scoring import default_rule_set

S56_CASE = {
    "kpas": [
        {"name": "Basic service delivery", "weight": 30, "rating": 4},
        {"name": "Institutional development", "weight": 10, "rating": 3},
        {"name": "Local economic development", "weight": 25, "rating": 4},
        {"name": "Financial viability", "weight": 15, "rating": 3},
        {"name": "Good governance", "weight": 20, "rating": 5},
    ],
    "ccrs": [{"name": n, "rating": r} for n, r in
             (("Strategic capability", 4), ("Programme management", 3),
              ("Financial management", 3), ("People management", 4))],
}
KE_CASE = {
    "indicators": [
        {"name": "Revenue collected", "category": "Financial stewardship", "weight": 60,
         "criteria": [1300, 1000, 800, 600, 400], "actual": 900},
        {"name": "Days to pay suppliers", "category": "Service delivery", "weight": 40,
         "criteria": [15, 30, 45, 60, 90], "actual": 40},
    ]
}
SDBIP_CASE = {
    "reference": "MM01", "calculation_type": "accumulative", "measure_type": "number",
    "direction": "higher", "periods": [
        {"period": 1, "target": 300, "actual": 280},
        {"period": 2, "target": 700, "original_target": 600, "revised_on": "2017-02-28",
         "actual": 720},
        {"period": 3, "target": 700}, {"period": 4, "target": "-"},
    ],
}


def calc(args, case, capsys, monkeypatch, tmp_path=None):
    if tmp_path is not None:
        path = tmp_path / "case.json"
        path.write_text(case if isinstance(case, str) else json.dumps(case), encoding="utf-8")
        args = [*args, str(path)]
    else:
        monkeypatch.setattr("sys.stdin", io.StringIO(case if isinstance(case, str)
                                                     else json.dumps(case)))
    code = main(["calc", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def test_s56_worked_example_from_a_file(capsys, monkeypatch, tmp_path):
    code, result, _ = calc(["s56"], S56_CASE, capsys, monkeypatch, tmp_path)
    assert code == 0
    assert [c["rating"] for c in result["components"]] == [3.95, 3.5]
    assert result["overall_rating"] == 3.86
    assert round(result["score_percent"], 1) == 128.7
    assert result["bonus_band"]["code"] == "no_bonus"
    assert result["rule_set"] == {"code": "za_s56", "revision": 1}


def test_kenyan_contract_from_stdin(capsys, monkeypatch):
    code, result, _ = calc(["ke-pc", "-"], KE_CASE, capsys, monkeypatch)
    assert code == 0
    assert [round(i["raw_score"], 3) for i in result["indicators"]] == [2.5, 2.667]
    assert round(result["composite_score"], 3) == 2.567
    assert result["grade"]["name"] == "Good"
    assert result["categories"]["Financial stewardship"]["weighted_score"] == 1.5


def test_spas_with_the_spas_rules(capsys, monkeypatch):
    code, result, _ = calc(["ke-pc", "--rules", "ke_spas"], {"percent_achieved": 85},
                           capsys, monkeypatch)
    assert code == 0 and result["band"]["name"] == "Good"


def test_opras(capsys, monkeypatch):
    case = {"objectives": [{"name": "Close files", "rating": 2}, {"rating": 3}],
            "attributes": [{"name": "Integrity", "rating": 1}]}
    code, result, _ = calc(["opras"], case, capsys, monkeypatch)
    assert code == 0
    assert result["overall_rating"] == 1.75
    assert result["overall_band"]["code"] == "above_average"


def test_sdbip_kpi_with_a_revised_target_and_projection(capsys, monkeypatch):
    code, result, _ = calc(["sdbip"], SDBIP_CASE, capsys, monkeypatch)
    assert code == 0
    kpi = result["result"]
    assert kpi["period_number"] == 2
    assert kpi["year_to_date"]["target"] == 1000 and kpi["year_to_date"]["actual"] == 1000
    assert kpi["year_to_date"]["category"] == "met"
    assert kpi["revised_periods"] == [2] and kpi["target_basis"] == "revised"
    assert result["projection"]["method"] == "plan"  # 300/700/700: phased targets
    assert result["projection"]["projected_actual"] == 1700  # on plan so far: 1,000 of 1,000
    assert result["projection"]["annual_target"] == 1700  # Q4 has no target ("-")
    assert result["projection"]["at_risk"] is False


def test_sdbip_scorecard_rolls_up_by_kpa(capsys, monkeypatch):
    case = {"period": 1, "roll_up_by": ["kpa"], "kpis": [
        {"reference": "A", "calculation_type": "stand_alone", "weight": 3,
         "groups": {"kpa": "Basic services"}, "periods": [{"period": 1, "target": 10, "actual": 10}]},
        {"reference": "B", "calculation_type": "stand_alone", "weight": 1,
         "groups": {"kpa": "Governance"}, "periods": [{"period": 1, "target": 10, "actual": 6}]},
        {"reference": "C", "calculation_type": "stand_alone", "weight": 1,
         "groups": {"kpa": "Governance"}, "periods": [{"period": 1, "target": "N/A"}]},
    ]}
    code, result, _ = calc(["sdbip"], case, capsys, monkeypatch)
    assert code == 0
    assert result["roll_ups"]["organisation"]["score"] == 90
    assert result["roll_ups"]["organisation"]["left_out_by_reason"] == {"not_measured": 1}
    assert result["roll_ups"]["kpa"]["Governance"]["score"] == 60


def test_a_rule_set_file_can_replace_the_default(capsys, monkeypatch, tmp_path):
    rules = default_rule_set("za_s56")
    rules["code"], rules["revision"] = "mkhondo_s56", 2
    rules["body"]["bonus_bands"][0]["max"] = 125
    rules["body"]["bonus_bands"][1]["min"] = 125
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(rules), encoding="utf-8")
    code, result, _ = calc(["s56", "--rules", str(path)], S56_CASE, capsys, monkeypatch)
    assert code == 0
    assert result["bonus_band"]["code"] == "bonus_5_9"
    assert result["rule_set"] == {"code": "mkhondo_s56", "revision": 2}


def bad_s56(change):
    case = json.loads(json.dumps(S56_CASE))
    change(case)
    return case


@pytest.mark.parametrize(
    ("args", "case", "message"),
    [
        (["s56"], bad_s56(lambda c: c["kpas"][2].update(rating=6)),
         "kpas[2].rating: must be between 1 and 5, got 6"),
        (["s56"], bad_s56(lambda c: c["kpas"][0].update(weight=20)),
         "kpas[*].weight: must sum to 100, got 90"),
        (["s56"], bad_s56(lambda c: c["kpas"][0].update(wieght=20)),
         "kpas[0].wieght: unknown field"),
        (["ke-pc"], {"indicators": [{"weight": 100, "criteria": [1, 3, 2, 4, 5], "actual": 2}]},
         "indicators[0].criteria: must rise or fall strictly"),
        (["ke-pc"], {"indicators": [{"weight": 100, "criteria": [1, 2, 3], "actual": 2}]},
         "indicators[0].criteria: must have 5 values"),
        (["sdbip"], {"calculation_type": "accumulative", "measure_type": "percentage",
                     "periods": [{"period": 1, "target": -5, "actual": 1}]},
         "periods[0].target: cannot be negative"),
        (["sdbip"], {"kpis": [{"calculation_type": "zero", "periods": [
            {"period": 1, "target": -1, "actual": 0}]}]},
         "kpis[0].periods[0].target: cannot be negative"),
        (["sdbip"], {"calculation_type": "sideways", "periods": []},
         "calculation_type: must be one of accumulative"),
        (["opras"], {"objectives": [{"rating": 0}], "attributes": [{"rating": 1}]},
         "objectives[0].rating: must be between 1 and 5, got 0"),
        (["opras"], '{"objectives": [', "case in standard input is not valid JSON"),
        (["opras", "--rules", "nope"], {}, "rules: no rule set called 'nope'"),
        (["opras", "--rules", "za_s56"], {}, "rules: rule set 'za_s56' is for 'za_s56'"),
    ],
)
def test_invalid_input_exits_2_naming_the_field(args, case, message, capsys, monkeypatch):
    code, _, err = calc(args, case, capsys, monkeypatch)
    assert code == 2
    assert err.startswith(f"pmsdesk: error: {message}")
    assert err.count("\n") == 1


def test_missing_file_exits_2(capsys, tmp_path):
    assert main(["calc", "s56", str(tmp_path / "nope.json")]) == 2
    assert "cannot read case" in capsys.readouterr().err


def test_an_invalid_rule_set_file_names_the_field(capsys, monkeypatch, tmp_path):
    rules = default_rule_set("za_sdbip")
    rules["body"]["bands"][1]["min"] = 80
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(rules), encoding="utf-8")
    code, _, err = calc(["sdbip", "--rules", str(path)], SDBIP_CASE, capsys, monkeypatch)
    assert code == 2 and "body.bands[1].min: leaves a gap" in err
