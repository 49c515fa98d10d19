"""The country vocabulary and money formatter (pmsdesk.vocabulary)."""

from __future__ import annotations

import pytest

from pmsdesk.models import MeasureType, PlanKind, UnitLevel
from pmsdesk.vocabulary import KE, NEUTRAL, TZ, VOCABULARIES, ZA, foreign_terms, vocabulary_for, with_article
from pmsdesk.wording import measured_value


@pytest.mark.parametrize(("country", "value", "expected"), [
    ("ZA", 1_234_567, "R1\u00a0234\u00a0567"),
    ("ZA", 202_500.5, "R202\u00a0500.50"),
    ("KE", 450_000_000, "KSh\u00a0450,000,000"),
    ("TZ", 2_400_000_000, "TSh\u00a02,400,000,000"),
    ("KE", -1500, "-KSh\u00a01,500"),
    ("KE", 0, "KSh\u00a00"),
])
def test_each_country_writes_amounts_its_own_way(country, value, expected):
    assert vocabulary_for(country).money.amount(value) == expected
    assert measured_value(value, MeasureType.CURRENCY, vocabulary_for(country).money) == expected


def test_money_is_only_for_amounts():
    assert measured_value(1250, MeasureType.NUMBER, KE.money) == "1,250"
    assert measured_value(85, MeasureType.PERCENTAGE, ZA.money) == "85%"
    assert measured_value(None, MeasureType.CURRENCY, ZA.money) == ""


def test_an_unknown_country_gets_plain_words():
    assert vocabulary_for("NG") is NEUTRAL and vocabulary_for(None) is NEUTRAL
    assert vocabulary_for("ke") is KE


def test_each_country_names_the_same_things_differently():
    assert (ZA.unit_word, KE.unit_word, TZ.unit_word) == ("directorate", "department", "department")
    assert (ZA.kpa_word, KE.kpa_word, TZ.kpa_word) == ("KPA", "criteria category", "key result area")
    assert (ZA.accounting_officer, KE.accounting_officer, TZ.accounting_officer) == (
        "municipal manager", "county secretary", "District Executive Director")
    assert PlanKind.ADP in KE.plan_kinds and PlanKind.MTSP in TZ.plan_kinds and PlanKind.IDP not in KE.plan_kinds
    assert KE.level_name(UnitLevel.DIRECTORATE) == "Department" and ZA.level_name("directorate") == "Directorate"
    assert ZA.plans_heading() == "Plans (IDP, strategic plans)"
    assert KE.plans_heading() == "Plans (CIDP, ADP, strategic plans)"


def test_no_country_forbids_its_own_words():
    for country, words in VOCABULARIES.items():
        assert not set(words.own_terms) & set(foreign_terms(country))


def test_articles_follow_how_the_term_is_spoken():
    assert with_article("SDBIP") == "an SDBIP"
    assert with_article("performance contract matrix") == "a performance contract matrix"
    assert with_article("annual work plan") == "an annual work plan"
