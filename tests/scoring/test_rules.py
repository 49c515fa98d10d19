"""Rule sets are data: the defaults are valid, and broken edits are refused by field."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pmsdesk.scoring import DEFAULT_RULE_SETS, default_rule_set, validate_rule_set
from pmsdesk.scoring.errors import RuleSetError, ScoringInputError


@pytest.mark.parametrize("rule_set", DEFAULT_RULE_SETS, ids=lambda r: r["code"])
def test_default_rule_sets_are_valid_and_fit_the_rule_set_table(rule_set):
    validate_rule_set(rule_set)
    assert set(rule_set) == {"code", "revision", "kind", "name", "description", "body"}
    assert json.loads(json.dumps(rule_set)) == rule_set


def test_default_rule_set_returns_a_copy():
    copy = default_rule_set("za_s56")
    copy["body"]["components"][0]["weight"] = 1
    assert default_rule_set("za_s56")["body"]["components"][0]["weight"] == 80


def test_unknown_rule_set_names_the_known_ones():
    with pytest.raises(ScoringInputError, match="no rule set called 'xx'; known: za_sdbip"):
        default_rule_set("xx")


def broken(code, change):
    rule_set = default_rule_set(code)
    change(rule_set["body"])
    with pytest.raises(RuleSetError) as error:
        validate_rule_set(rule_set)
    return error.value


def test_a_gap_between_bands_is_refused():
    error = broken("za_sdbip", lambda body: body["bands"][1].update(min=80))
    assert error.field == "body.bands[1].min"
    assert "gap" in error.message and "75" in error.message


def test_overlapping_bands_are_refused():
    error = broken("ke_pc", lambda body: body["grades"][2].update(min=2.4))
    assert error.field == "body.grades[2].min" and "overlaps" in error.message


def test_a_boundary_in_both_bands_is_an_overlap():
    error = broken("za_sdbip", lambda body: body["bands"][3].update(min_inclusive=True))
    assert error.field == "body.bands[3].min" and "both include 100" in error.message


def test_a_boundary_in_neither_band_is_a_gap():
    error = broken("ke_spas", lambda body: body["bands"][1].update(min_inclusive=False))
    assert error.field == "body.bands[1].min" and "neither" in error.message


def test_bands_must_cover_the_whole_range():
    error = broken("ke_pc", lambda body: body["grades"][-1].update(max_inclusive=False))
    assert error.field == "body.grades[4].max" and "uncovered" in error.message
    error = broken("tz_opras", lambda body: body["overall_bands"][0].update(min=1.2))
    assert error.field == "body.overall_bands[0].min"


def test_component_weights_must_sum_to_100():
    error = broken("za_s56", lambda body: body["components"][0].update(weight=70))
    assert str(error) == "body.components[*].weight: must sum to 100, got 90"


def test_bonus_band_percentages_must_not_run_backwards():
    error = broken("za_s56", lambda body: body["bonus_bands"][1].update(bonus_max_percent=2))
    assert error.field == "body.bonus_bands[1].bonus_max_percent"


def test_missing_top_level_fields_are_named():
    rule_set = default_rule_set("za_sdbip")
    rule_set["revision"] = 0
    with pytest.raises(RuleSetError, match="^revision: "):
        validate_rule_set(rule_set)
    rule_set = default_rule_set("za_sdbip")
    rule_set["kind"] = "nonsense"
    with pytest.raises(RuleSetError, match="^kind: must be one of"):
        validate_rule_set(rule_set)


def test_scoring_never_imports_qt():
    code = ("import sys, pmsdesk.scoring, pmsdesk.scoring.cases; "
            "print([m for m in sys.modules if m.startswith('PySide6')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
