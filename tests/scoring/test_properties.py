"""Property-based checks of the engine's promises (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pmsdesk.models.enums import CalculationType as C
from pmsdesk.models.enums import Direction as D
from pmsdesk.models.enums import MeasureType as M
from pmsdesk.scoring import (
    FigureStatus,
    KpiDefinition,
    PeriodFigure,
    RatedItem,
    RollupEntry,
    assess_opras,
    default_rule_set,
    raw_score,
    roll_up,
    score_kpi,
)

SDBIP = default_rule_set("za_sdbip")
OPRAS = default_rule_set("tz_opras")
CATEGORY_ORDER = ["not_met", "almost_met", "met", "well_met", "extremely_well_met"]
amounts = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
settings.register_profile("pmsdesk", max_examples=150, deadline=None)
settings.load_profile("pmsdesk")


@st.composite
def criteria(draw):
    """Five criteria values, strictly falling (higher is better) or rising."""
    start = draw(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False))
    steps = draw(st.lists(st.floats(min_value=0.01, max_value=1e3), min_size=4, max_size=4))
    values = [start]
    for step in steps:
        values.append(values[-1] + step)
    return tuple(reversed(values)) if draw(st.booleans()) else tuple(values)


@given(criteria(), st.floats(min_value=-1e5, max_value=1e5, allow_nan=False))
def test_kenyan_raw_scores_stay_between_1_and_5(values, actual):
    assert 1.0 <= raw_score(values, actual) <= 5.0


@given(criteria(), st.floats(min_value=-1e5, max_value=1e5, allow_nan=False),
       st.floats(min_value=-1e5, max_value=1e5, allow_nan=False))
def test_a_better_actual_never_gives_a_worse_kenyan_raw_score(values, a, b):
    higher_is_better = values[0] > values[1]
    worse, better = sorted((a, b)) if higher_is_better else sorted((a, b), reverse=True)
    assert raw_score(values, better) <= raw_score(values, worse) + 1e-9


@given(st.sampled_from([C.ACCUMULATIVE, C.STAND_ALONE, C.CARRY_OVER, C.LAST_VALUE,
                        C.REVERSE_STAND_ALONE, C.ZERO]),
       st.floats(min_value=0.01, max_value=1e6), amounts, amounts)
def test_a_better_actual_never_gives_a_worse_achievement_or_light(calc, target, a, b):
    kpi = KpiDefinition("K", calc, M.NUMBER, D.HIGHER_IS_BETTER)
    if calc is C.ZERO:
        target = 0.0
    lower = kpi.effective_direction is D.LOWER_IS_BETTER
    worse, better = sorted((a, b), reverse=lower)
    results = [score_kpi(kpi, [PeriodFigure(1, target, actual)], 1, SDBIP).year_to_date
               for actual in (worse, better)]
    assert results[0].achievement <= results[1].achievement
    assert (CATEGORY_ORDER.index(results[0].category)
            <= CATEGORY_ORDER.index(results[1].category))
    assert not (results[0].met and not results[1].met)


entries = st.lists(
    st.builds(
        RollupEntry,
        reference=st.text(min_size=1, max_size=4),
        status=st.sampled_from(list(FigureStatus)),
        achievement=amounts,
        weight=st.one_of(st.none(), st.floats(min_value=0, max_value=100)),
        groups=st.fixed_dictionaries({"kpa": st.sampled_from(["A", "B", "C"])}),
    ),
    max_size=12,
)


@given(entries, st.randoms(use_true_random=False))
def test_roll_ups_do_not_depend_on_kpi_order(items, random):
    shuffled = list(items)
    random.shuffle(shuffled)
    for by in (None, "kpa"):
        assert roll_up(items, SDBIP, by=by) == roll_up(shuffled, SDBIP, by=by)


quarter_figures = st.lists(
    st.tuples(st.one_of(st.none(), st.floats(min_value=1, max_value=1000)),
              st.one_of(st.none(), amounts)),
    min_size=4, max_size=4,
)


@given(st.lists(quarter_figures, min_size=1, max_size=6), quarter_figures,
       st.integers(min_value=1, max_value=4),
       st.sampled_from([C.ACCUMULATIVE, C.STAND_ALONE, C.CARRY_OVER, C.LAST_VALUE]))
def test_a_kpi_without_a_target_in_a_period_never_changes_that_periods_score(
    kpis, extra, period, calc
):
    def result(reference, figures):
        kpi = KpiDefinition(reference, calc, M.NUMBER, D.HIGHER_IS_BETTER, weight=1)
        periods = [PeriodFigure(n, t, a) for n, (t, a) in enumerate(figures, 1)]
        return RollupEntry.from_result(score_kpi(kpi, periods, period, SDBIP))

    base = [result(f"K{i}", figures) for i, figures in enumerate(kpis)]
    untargeted = list(extra)
    untargeted[period - 1] = (None, untargeted[period - 1][1])
    before = roll_up(base, SDBIP)["organisation"]
    after = roll_up([*base, result("EXTRA", untargeted)], SDBIP)["organisation"]
    assert (after.score, after.measured, after.category) == (
        before.score, before.measured, before.category)


ratings = st.lists(st.integers(min_value=1, max_value=5).map(lambda r: RatedItem("x", r)),
                   min_size=1, max_size=6)


@given(ratings, ratings)
def test_opras_overall_rating_stays_on_the_scale(objectives, attributes):
    result = assess_opras({"objectives": objectives, "attributes": attributes}, OPRAS)
    assert 1 <= result.overall_rating <= 5
    assert result.overall_band is not None
