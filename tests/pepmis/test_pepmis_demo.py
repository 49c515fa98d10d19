"""The Tanzanian demo uses PEPMIS for the current year; other profiles have none."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pmsdesk.demo import build_demo
from pmsdesk.models import FinancialYear, PepmisPlan
from pmsdesk.services import pepmis


@pytest.fixture(scope="module")
def tz_demo(tmp_path_factory, migrated_file):
    import shutil

    from pmsdesk.db import open_database

    path = tmp_path_factory.mktemp("tzdemo") / "tz.sqlite"
    shutil.copyfile(migrated_file, path)
    database = open_database(path)
    build_demo(database, profile="tz-lga")
    yield database
    database.dispose()


def test_the_current_year_has_a_plan_with_marked_periods_and_an_upheld_appeal(tz_demo):
    with tz_demo.session() as session:
        plan = session.scalar(select(PepmisPlan))
        year = session.get(FinancialYear, plan.financial_year_id)
        assert year.label == "2025/26"
        assert pepmis.plan_outline(session, year.id).weight_problems == ()
        summary = pepmis.institution_summary(session, year.id)
        assert [e.person_name for e in summary.employees] == ["Amina Mollel", "Joseph Kimaro", "Rehema Swai"]
        assert summary.period_labels == ("Q1", "Q2", "Q3")
        rehema = summary.employees[2]
        assert rehema.periods[0].score.overall == pytest.approx(67.5)  # upheld appeal: 70/65, not 55/60
        assert rehema.periods[2].score.overall is None  # Q3: progress only
        assert any(r.appeal_status == "upheld" for p in rehema.periods for r in p.rows)


def test_other_profiles_have_no_pepmis(empty_database):
    build_demo(empty_database, profile="ke-county")
    with empty_database.session() as session:
        assert session.scalar(select(func.count()).select_from(PepmisPlan)) == 0
