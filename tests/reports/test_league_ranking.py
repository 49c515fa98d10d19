"""The league table ranks on targets achieved by default, so over-achievement cannot hide misses."""

from __future__ import annotations

from pmsdesk.reports.pdf.league import rank_rows


def _row(code: str, achieved_percent: float | None, score: float | None) -> dict:
    return {"code": code, "ytd_achieved_percent": achieved_percent, "ytd_score": score}


def test_half_missed_at_300_percent_ranks_below_all_met_at_100_percent():
    # Five KPIs at 300% and five at 40%: mean 120% "Well met", but only 5 of 10 achieved.
    rows = [_row("MIXED", 50.0, 120.0), _row("STEADY", 100.0, 100.0), _row("NONE", None, None)]
    ranked = rank_rows(rows, "targets_achieved")
    assert [(r["code"], r["rank"]) for r in ranked] == [("STEADY", 1), ("MIXED", 2), ("NONE", None)]


def test_a_rule_set_may_rank_on_the_weighted_mean_instead():
    rows = [_row("MIXED", 50.0, 120.0), _row("STEADY", 100.0, 100.0)]
    assert [r["code"] for r in rank_rows(rows, "weighted_achievement")] == ["MIXED", "STEADY"]


def test_the_second_figure_breaks_a_tie():
    rows = [_row("A", 80.0, 90.0), _row("B", 80.0, 110.0)]
    assert [r["code"] for r in rank_rows(rows, "targets_achieved")] == ["B", "A"]
