"""How numbers, dates and closed vocabularies read on screen.

Formatting is fixed (comma thousands separators, "30 Jun 2026") rather than
taken from the system locale, so every office prints and reads the same figures.
"""

from __future__ import annotations

from datetime import date

from pmsdesk.i18n import N_
from pmsdesk.kpi_types import CALCULATIONS, MEASURES
from pmsdesk.models import Direction, MeasureType

MEASURE_LABELS = {kind: rule.label for kind, rule in MEASURES.items()}
CALCULATION_LABELS = {kind: rule.label for kind, rule in CALCULATIONS.items()}
#: How each calculation type turns quarters into a year-to-date figure, in words (SCORING.md section 1), as the
#: technical indicator description prints it under "method of calculation".
CALCULATION_METHODS = {kind: rule.method for kind, rule in CALCULATIONS.items()}
DIRECTION_LABELS = {
    Direction.HIGHER_IS_BETTER: N_("↑ Higher"),
    Direction.LOWER_IS_BETTER: N_("↓ Lower"),
    Direction.MILESTONE: N_("Milestone"),
}
DIRECTION_TOOLTIPS = {
    Direction.HIGHER_IS_BETTER: N_("Higher is better"),
    Direction.LOWER_IS_BETTER: N_("Lower is better"),
    Direction.MILESTONE: N_("Milestone: met or not met"),
}


#: The symbol written before an amount of money, by the organisation's country (ISO 3166 alpha-2 code).
CURRENCY_SYMBOLS = {"ZA": "R", "KE": "KSh", "TZ": "TSh"}


def currency_symbol(country: str | None) -> str:
    """'R', 'KSh', 'TSh' for the organisation's country; '' where pmsdesk knows no currency for it.

    Screens ask here and nowhere else, so the country vocabulary can take this answer over in one place.
    """
    return CURRENCY_SYMBOLS.get((country or "").upper(), "")


def amount_in(value: float, symbol: str = "") -> str:
    """1250000 and 'R' → 'R 1,250,000'; cents shown when there are any ('KSh 12.50'); no symbol: the figure."""
    figure = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    if not symbol:
        return figure
    return f"-{symbol} {figure[1:]}" if figure.startswith("-") else f"{symbol} {figure}"


def plain_number(value: float) -> str:
    """1250000 → '1,250,000'; 12.5 → '12.5' (at most two decimals, no trailing zeros)."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def percent(value: float | None) -> str:
    return "" if value is None else f"{plain_number(value)}%"


def a_date(value: date) -> str:
    return value.strftime("%d %b %Y").lstrip("0")


def measured_value(value: float | date | str | None, measure: MeasureType, currency: str = "") -> str:
    """A target, baseline or actual as an official expects to read it for its measure type.

    ``currency`` is the organisation's symbol (``currency_symbol``), written before amounts of money.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return a_date(value)
    if measure is MeasureType.PERCENTAGE:
        return percent(value)
    if measure is MeasureType.YES_NO:
        return "Yes" if value else "No"
    if measure is MeasureType.CURRENCY:
        return amount_in(value, currency)
    return plain_number(value)


def money(value: float, country: str | None) -> str:
    """236370104.0 in a South African organisation → 'R 236,370,104'; no symbol for an unknown country."""
    return amount_in(value, currency_symbol(country))


def count_of(count: int, noun: str, plural: str | None = None) -> str:
    """'1 KPI', '250 KPIs', '12,345 KPIs'."""
    word = noun if count == 1 else (plural or f"{noun}s")
    return f"{count:,} {word}"
