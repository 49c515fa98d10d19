"""Reading the cells officials type: amounts with spaces, percentages, placeholders, words."""

from __future__ import annotations

from datetime import date

import pytest

from pmsdesk.importers.values import is_placeholder, read_choice, read_quantity
from pmsdesk.importers.workbook import Percent
from pmsdesk.models import CalculationType


@pytest.mark.parametrize("typed, number, percent, money", [
    ("R 2 000 000.00", 2_000_000, False, True),
    (" R 102,260,000.00 ", 102_260_000, False, True),
    ("R1\u00a0200\u00a0000.00", 1_200_000, False, True),
    ("12 450", 12_450, False, False),
    ("1,043", 1_043, False, False),
    ("12,5", 12.5, False, False),
    ("85%", 85, True, False),
    ("85 %", 85, True, False),
    ("0.85", 0.85, False, False),
    (2000, 2000, False, False),
    (Percent(85.0), 85, True, False),
])
def test_numbers_typed_as_text_are_read(typed, number, percent, money):
    reading = read_quantity(typed)
    assert (reading.number, reading.percent, reading.money, reading.text) == (number, percent, money, None)


@pytest.mark.parametrize("typed", ["-", "_", "N/A", "n/a", "none", "None", "", "  ", "—", None])
def test_placeholders_mean_no_target(typed):
    assert is_placeholder(typed) and read_quantity(typed).empty


def test_words_are_kept_as_text_with_a_note():
    reading = read_quantity("Reseal and maintain 1.3 km of road")
    assert reading.number is None and reading.text == "Reseal and maintain 1.3 km of road"
    assert "kept as text" in reading.note


def test_a_number_followed_by_words_keeps_both():
    reading = read_quantity("100% of all Reqeust")
    assert (reading.number, reading.percent, reading.text) == (100, True, "100% of all Reqeust")
    assert reading.note == "read the number 100% from '100% of all Reqeust'"
    budget = read_quantity("R3 000 000.00 (own funding)")
    assert (budget.number, budget.rest) == (3_000_000, "own funding")


def test_dates_and_yes_no():
    assert read_quantity("31 May 2017").day == date(2017, 5, 31)
    assert read_quantity("2017-05-31").day == date(2017, 5, 31)
    assert read_quantity("Yes").yes_no and read_quantity("No").number == 0


def test_formula_like_text_is_only_text():
    assert read_quantity("=SUM(A1:A4)").text == "=SUM(A1:A4)"


def test_choices_accept_labels_and_codes_and_name_the_allowed_values():
    assert read_choice("calculation_type", "Carry Over") == CalculationType.CARRY_OVER
    assert read_choice("calculation_type", "REV") == CalculationType.REVERSE_STAND_ALONE
    assert read_choice("calculation_type", "stand_alone") == CalculationType.STAND_ALONE
    with pytest.raises(ValueError, match="'banana' is not a calculation type; use one of accumulative"):
        read_choice("calculation_type", "banana")
