"""How numbers, dates and closed vocabularies read on screen.

Formatting is fixed (comma thousands separators, "30 Jun 2026"; amounts as the organisation's country
writes them, from :mod:`pmsdesk.vocabulary`) rather than
taken from the system locale, so every office prints and reads the same figures.
"""

from __future__ import annotations

from datetime import date

from pmsdesk.i18n import N_, _
from pmsdesk.kpi_types import CALCULATIONS, MEASURES
from pmsdesk.models import Direction, MeasureType
from pmsdesk.vocabulary import VOCABULARIES, Money, vocabulary_for

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


def currency_symbol(country: str | None) -> str:
    """'R', 'KSh', 'TSh' for the organisation's country; '' where pmsdesk knows no currency for it
    (from :mod:`pmsdesk.vocabulary`, the one place that says how each country writes money)."""
    return vocabulary_for(country).money.symbol


def amount_in(value: float, symbol: str = "") -> str:
    """1250000 and 'R' → 'R1 250 000', 'KSh' → 'KSh 1,250,000', as that currency's country writes it;
    no symbol: the figure."""
    money = next((words.money for words in VOCABULARIES.values() if words.money.symbol == symbol), None)
    if money is None:
        figure = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        return f"{symbol} {figure}".strip()
    return money.amount(value)


def plain_number(value: float) -> str:
    """1250000 → '1,250,000'; 12.5 → '12.5' (at most two decimals, no trailing zeros)."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def percent(value: float | None) -> str:
    return "" if value is None else f"{plain_number(value)}%"


def a_date(value: date) -> str:
    return value.strftime("%d %b %Y").lstrip("0")


def measured_value(value: float | date | str | None, measure: MeasureType, money: Money | str | None = None) -> str:
    """A target, baseline or actual as an official expects to read it for its measure type.

    With ``money`` (the organisation's, from :mod:`pmsdesk.vocabulary`) an amount reads with its
    currency, as the country writes it ("R1 250 000", "KSh 1,250,000").
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
        return _("Yes") if value else _("No")
    if measure is MeasureType.CURRENCY and isinstance(money, str):  # a currency symbol ('KSh')
        return amount_in(value, money)
    if measure is MeasureType.CURRENCY and isinstance(money, Money):
        return money.amount(value)
    if measure is MeasureType.CURRENCY and not float(value).is_integer():
        return f"{value:,.2f}"
    return plain_number(value)


def money(value: float, country: str | None) -> str:
    """236370104.0 in a South African organisation → 'R236 370 104' (as ``pmsdesk.vocabulary`` says the
    country writes money); no symbol for an unknown country."""
    return vocabulary_for(country).money.amount(value)


#: Every counted noun's two forms as a catalogue entry, so a translation may put the number after the noun
#: ("viashiria 250") and use its own plural. A noun missing here prints in English.
COUNTED_NOUNS = (
    N_("{0} KPI"), N_("{0} KPIs"),
    N_("{0} actual"), N_("{0} actuals"),
    N_("{0} agreement"), N_("{0} agreements"),
    N_("{0} backup"), N_("{0} backups"),
    N_("{0} conflict"), N_("{0} conflicts"),
    N_("{0} draft"), N_("{0} drafts"),
    N_("{0} error"), N_("{0} errors"),
    N_("{0} evidence file"), N_("{0} evidence files"),
    N_("{0} field"), N_("{0} fields"),
    N_("{0} flag"), N_("{0} flags"),
    N_("{0} indicator"), N_("{0} indicators"),
    N_("{0} office key"), N_("{0} office keys"),
    N_("{0} office"), N_("{0} offices"),
    N_("{0} organisation"), N_("{0} organisations"),
    N_("{0} package"), N_("{0} packages"),
    N_("{0} problem"), N_("{0} problems"),
    N_("{0} refused import"), N_("{0} refused imports"),
    N_("{0} reported actual"), N_("{0} reported actuals"),
    N_("{0} risk"), N_("{0} risks"),
    N_("{0} row"), N_("{0} rows"),
    N_("{0} sending office"), N_("{0} sending offices"),
    N_("{0} user"), N_("{0} users"),
    N_("{0} value"), N_("{0} values"),
    N_("{0} warning"), N_("{0} warnings"),
    N_("{0} person"), N_("{0} people"),
)


def count_of(count: int, noun: str, plural: str | None = None) -> str:
    """'1 KPI', '250 KPIs', '12,345 KPIs', in the current language (see ``COUNTED_NOUNS``)."""
    word = noun if count == 1 else (plural or f"{noun}s")
    return _("{0} " + word).format(f"{count:,}")
