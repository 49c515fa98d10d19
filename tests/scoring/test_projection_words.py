"""A projection's sentence: a money KPI's amounts in the organisation's currency, the words in the reader's language."""

from __future__ import annotations

from pmsdesk import i18n
from pmsdesk.models.enums import CalculationType, Direction, MeasureType
from pmsdesk.scoring import KpiDefinition, PeriodFigure
from pmsdesk.scoring.projection import project_year_end
from pmsdesk.scoring.rules import default_rule_set
from pmsdesk.vocabulary import vocabulary_for
from tests.i18n_support import catalogues  # noqa: F401 - a fixture

RULES = default_rule_set("za_sdbip")
SPENT = [PeriodFigure(1, 25_000_000.0, 10_000_000.0), PeriodFigure(2, 25_000_000.0, 12_000_000.0),
         PeriodFigure(3, 25_000_000.0), PeriodFigure(4, 25_000_000.0)]


def money_kpi(measure: MeasureType = MeasureType.CURRENCY) -> KpiDefinition:
    return KpiDefinition("FIN1", CalculationType.ACCUMULATIVE, measure, Direction.HIGHER_IS_BETTER)


def test_a_money_kpis_projection_names_the_currency_as_the_country_writes_it():
    kenyan = project_year_end(money_kpi(), SPENT, 4, RULES, as_of_period=2, money=vocabulary_for("KE").money.amount)
    assert "KSh\u00a044,000,000 against a target of KSh\u00a0100,000,000" in kenyan.reason
    plain = project_year_end(money_kpi(), SPENT, 4, RULES, as_of_period=2)
    assert "44,000,000 against a target of 100,000,000" in plain.reason


def test_a_count_kpi_keeps_its_plain_figures_whatever_the_currency():
    counted = project_year_end(money_kpi(MeasureType.NUMBER), SPENT, 4, RULES, as_of_period=2,
                               money=vocabulary_for("TZ").money.amount)
    assert "TSh" not in counted.reason and "44,000,000" in counted.reason


def test_the_sentence_reads_in_kiswahili_inside_a_kiswahili_block(catalogues):  # noqa: F811
    with i18n.in_language("sw"):
        reason = project_year_end(money_kpi(), SPENT, 4, RULES, as_of_period=2,
                                  money=vocabulary_for("TZ").money.amount).reason
    assert reason.startswith("Hatarini: kwa kasi ya ") and "mwaka ungeishia TSh" in reason
