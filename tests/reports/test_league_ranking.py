"""The league table ranks on targets achieved by default, so over-achievement cannot hide misses."""

from __future__ import annotations

from pmsdesk.sync.consolidation import LeagueRow, ranked


def _row(code: str, achieved_of_ten: int | None, score: float | None) -> LeagueRow:
    targets = 0 if achieved_of_ten is None else 10
    return LeagueRow(None, code, code, "OFFICE", score, None, targets, "Q1", targets_achieved=achieved_of_ten or 0,
                     targets=targets, not_achieved=targets - (achieved_of_ten or 0))


def test_half_missed_at_300_percent_ranks_below_all_met_at_100_percent():
    # Five KPIs at 300% and five at 40%: mean 120% "Well met", but only 5 of 10 achieved.
    rows = [_row("MIXED", 5, 120.0), _row("STEADY", 10, 100.0), _row("NONE", None, None)]
    assert [(r.organisation_code, r.rank) for r in ranked(rows, "targets_achieved")] == [
        ("STEADY", 1), ("MIXED", 2), ("NONE", None)]


def test_a_rule_set_may_rank_on_the_weighted_mean_instead():
    rows = [_row("MIXED", 5, 120.0), _row("STEADY", 10, 100.0)]
    assert [r.organisation_code for r in ranked(rows, "weighted_achievement")] == ["MIXED", "STEADY"]


def test_the_second_figure_breaks_a_tie_and_equal_figures_share_a_rank():
    rows = [_row("A", 8, 90.0), _row("B", 8, 110.0), _row("C", 8, 90.0)]
    assert [(r.organisation_code, r.rank) for r in ranked(rows, "targets_achieved")] == [
        ("B", 1), ("A", 2), ("C", 2)]
