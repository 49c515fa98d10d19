"""The league table read from the stored scored results gives the rows full scorecards give, on any day."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date

from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import FinancialYear
from pmsdesk.scorecard import load_year, resolve_rules, score_year
from pmsdesk.scorecard_league import LeagueCard, league_cards
from pmsdesk.services import scored_results
from pmsdesk.services.actor import Actor
from pmsdesk.sync.consolidation import _row, consolidate


def test_stored_league_figures_equal_scored_ones(demo_file, tmp_path, monkeypatch):
    shutil.copyfile(demo_file, tmp_path / "demo.sqlite")
    database = open_database(tmp_path / "demo.sqlite", upgrade=False)
    monkeypatch.setattr(scored_results, "writing_day", lambda: date(2025, 7, 1))  # every variant kept
    try:
        with database.session() as session:
            scored_results.rebuild_all(session)
            session.commit()
            rules, _source = resolve_rules(session)
            year = session.scalar(select(FinancialYear).where(FinancialYear.label == "2025/26"))
            inputs = load_year(session, year, rules=rules)
            for today in (date(2025, 10, 10), date(2026, 1, 31), date(2026, 8, 1)):
                for period in (2, 4):
                    card = league_cards(session, "2025/26", period, rules, today)[year.id]
                    assert isinstance(card, LeagueCard)
                    fresh = score_year(inputs, rules, period, today=today)
                    assert _row(card, "OFFICE", Counter()) == _row(fresh, "OFFICE", Counter())
            league = consolidate(session, Actor.system("test"), "2025/26")
            assert league.rows[0].kpis == len(inputs.kpis) and league.rows[0].targets > 0
    finally:
        database.dispose()
