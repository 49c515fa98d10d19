"""Stored scored results follow every write in its own transaction, and db check / --repair keep them honest.

Runs on SQLite and PostgreSQL (``tests/services/conftest.py``).
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import delete, func, select, update

from pmsdesk.i18n import in_language
from pmsdesk.models import FinancialYear, InstallationSetting, Role, ScoredResult
from pmsdesk.scorecard import build_scorecard, load_year, resolve_rules, score_year
from pmsdesk.scorecard_stored import stored_scorecard
from pmsdesk.services import actuals, kpis, scored_results
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.services.held_values import confirm_actual_value
from pmsdesk.services.rule_sets import edit_rule_set, ensure_default_rule_sets, get_rule_set
from pmsdesk.services.scored_results_check import differences, repair
from tests.conftest import number_kpi


def stored(session, kpi_id: str) -> dict[tuple[int, int], tuple]:
    """The KPI's stored rows: (quarter, boundary) → (reported, status, achievement, line)."""
    return {(row.period_number, row.boundary): (row.reported, row.period_status, row.period_achievement, row.line)
            for row in session.scalars(select(ScoredResult).where(ScoredResult.kpi_id == kpi_id))}


def q1(session, kpi_id: str) -> tuple:
    return stored(session, kpi_id)[1, 1][:3]


@pytest.fixture(autouse=True)
def _written_early_in_the_year(monkeypatch):
    """Rows written as on 1 July 2025 keep every variant a later day can ask for (deadlines only pass)."""
    monkeypatch.setattr(scored_results, "writing_day", lambda: date(2025, 7, 1))


@pytest.fixture
def ts01(session, system, small_org):
    """TS01: 100 a quarter, no actuals yet."""
    kpi = kpis.create_kpi(session, system, small_org.year_id, number_kpi(
        "TS01", responsible_unit_id=small_org.technical_id, kpa_id=small_org.kpa_id))
    for period_id in small_org.quarter_ids:
        kpis.set_period_target(session, system, kpi.id, period_id, {"value": 100})
    return kpi


def test_each_write_path_rescores_the_kpi_before_it_commits(session, system, people, small_org, ts01):
    assert q1(session, ts01.id) == (False, "not_reported", None)
    actual = actuals.save_actual(session, people[Role.CAPTURER], ts01.id, small_org.quarter_ids[0], {"value": 90})
    assert q1(session, ts01.id) == (False, "not_reported", None)  # a draft does not count
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    actuals.verify_actual(session, people[Role.VERIFIER], actual.id)
    assert q1(session, ts01.id) == (True, "measured", 90.0)
    actuals.return_actual(session, people[Role.APPROVER], actual.id, "Where are the job cards?")
    assert q1(session, ts01.id) == (False, "not_reported", None)
    actuals.save_actual(session, people[Role.CAPTURER], ts01.id, small_org.quarter_ids[0], {"value": 10_000})
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    actuals.verify_actual(session, people[Role.VERIFIER], actual.id)
    assert q1(session, ts01.id) == (False, "held_for_checking", None)  # 100× the target: held, not counted
    confirm_actual_value(session, people[Role.PMS_OFFICER], actual.id, "Seen the job cards.")
    assert q1(session, ts01.id) == (True, "measured", 10_000.0)
    actuals.approve_actual(session, people[Role.APPROVER], actual.id)
    kpis.set_period_target(session, system, ts01.id, small_org.quarter_ids[0], {"value": 20_000},
                           revision_reason="adjustment budget")
    assert q1(session, ts01.id) == (True, "measured", 50.0)
    kpis.update_kpi(session, system, ts01.id, {"direction": "lower"}, reason="a cost")
    assert q1(session, ts01.id)[1:] == ("measured", 150.0)  # half the cost allowed
    assert differences(session) == []


def test_a_rule_set_revision_rescores_every_kpi(session, system, people, small_org, ts01):
    ensure_default_rule_sets(session, system)
    before = {row.rules_digest for row in session.scalars(select(ScoredResult))}
    body = get_rule_set(session, "za_sdbip")["body"]
    body["held_for_checking_ratio"] = 1000
    edit_rule_set(session, system, "za_sdbip", {"body": body}, reason="hold only wild slips")
    after = {row.rules_digest for row in session.scalars(select(ScoredResult))}
    assert len(after) == 1 and after != before
    assert differences(session) == []


def test_a_failed_write_leaves_the_stored_results_as_they_were(session, people, small_org, ts01, monkeypatch):
    rows = stored(session, ts01.id)
    with pytest.raises(ValidationError):
        actuals.save_actual(session, people[Role.CAPTURER], ts01.id, small_org.quarter_ids[0], {"value": -5})
    session.rollback()
    assert stored(session, ts01.id) == rows

    real = scored_results.write_noted

    def scored_then_fails(session, noted):
        real(session, noted)
        assert stored(session, ts01.id) != rows  # written on the write's own connection …
        raise RuntimeError("the disk filled up just before the commit")

    actual = actuals.save_actual(session, people[Role.CAPTURER], ts01.id, small_org.quarter_ids[0], {"value": 90})
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    assert stored(session, ts01.id) == rows  # a submitted value does not count yet
    monkeypatch.setattr(scored_results, "write_noted", scored_then_fails)
    with pytest.raises(RuntimeError):
        actuals.verify_actual(session, people[Role.VERIFIER], actual.id)
    session.rollback()
    assert actuals.find_actual(session, ts01.id, small_org.quarter_ids[0]).status == "submitted"
    assert stored(session, ts01.id) == rows  # … and rolled back with it


def test_db_check_names_a_tampered_row_and_repair_fixes_it(session, people, small_org, ts01):
    actual = actuals.save_actual(session, people[Role.CAPTURER], ts01.id, small_org.quarter_ids[0], {"value": 90})
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    actuals.verify_actual(session, people[Role.VERIFIER], actual.id)
    assert differences(session) == []
    session.execute(update(ScoredResult).where(ScoredResult.kpi_id == ts01.id, ScoredResult.period_number == 1,
                                               ScoredResult.boundary == 1).values(period_achievement=120.0))
    session.commit()
    assert differences(session) == [
        "scored results: ZA-T01 KPI TS01 2025/26 Q1 differs from a fresh scoring in period_achievement"]
    assert repair(session) > 0
    assert differences(session) == []


def test_stored_scorecards_equal_fresh_ones_on_any_day(session, people, small_org, ts01):
    actual = actuals.save_actual(session, people[Role.CAPTURER], ts01.id, small_org.quarter_ids[1], {"value": 70})
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    actuals.verify_actual(session, people[Role.VERIFIER], actual.id)
    rules, source = resolve_rules(session)
    year = session.get(FinancialYear, small_org.year_id)
    inputs = load_year(session, year, rules=rules)
    for today in (date(2025, 10, 5), date(2026, 1, 20), date(2026, 4, 25), date(2026, 9, 1)):
        for period in (None, 1, 2, 3, 4):
            from_store = stored_scorecard(session, year, rules, period, rule_set_source=source, today=today)
            assert from_store == score_year(inputs, rules, period, rule_set_source=source, today=today)
    assert build_scorecard(session, "ZA-T01", "2025/26").period_number == 2


def test_the_first_open_after_the_migration_builds_them(database, session, ts01):
    session.execute(delete(ScoredResult))
    session.add(InstallationSetting(key=scored_results.STALE, value="1"))
    session.commit()
    assert differences(session)[0].startswith("scored results: not built since the upgrade")
    database.build_stale_results()  # what open_database does after upgrading
    session.expire_all()
    assert session.get(InstallationSetting, scored_results.STALE) is None
    assert len(stored(session, ts01.id)) >= 4 and differences(session) == []


def _random_writes(session, system, people, small_org, kpi_ids, chooser) -> None:
    """One random write through the services; refusals (a locked value, a bad transition) are part of it."""
    kpi_id, quarter = chooser.choice(kpi_ids), chooser.choice(small_org.quarter_ids[:2])
    found = actuals.find_actual(session, kpi_id, quarter)
    step = chooser.choice(["capture", "submit", "verify"] * 3 + ["approve", "return", "reopen", "target",
                                                                  "settings", "confirm"])
    value = chooser.choice([0, 40, 100, 130, 5_000])
    try:
        if step == "capture":
            actuals.save_actual(session, people[Role.CAPTURER], kpi_id, quarter, {"value": value})
        elif step == "target":
            kpis.set_period_target(session, system, kpi_id, quarter, {"value": chooser.choice([None, 50, 100])})
        elif step == "settings":
            kpis.update_kpi(session, system, kpi_id, {"calculation_type": chooser.choice(
                ["accumulative", "carry_over", "stand_alone", "last_value"])}, reason="a random change")
        elif found is not None and step == "submit":
            actuals.submit_actual(session, people[Role.CAPTURER], found.id)
        elif found is not None and step == "verify":
            actuals.verify_actual(session, people[Role.VERIFIER], found.id)
        elif found is not None and step == "approve":
            actuals.approve_actual(session, people[Role.APPROVER], found.id)
        elif found is not None and step == "return":
            actuals.return_actual(session, people[Role.APPROVER], found.id, "check it")
        elif found is not None and step == "reopen":
            actuals.reopen_actual(session, people[Role.PMS_OFFICER], found.id, "a slip")
        elif found is not None and step == "confirm":
            confirm_actual_value(session, people[Role.PMS_OFFICER], found.id, "checked")
    except ServiceError:
        session.rollback()


@pytest.mark.parametrize("seed", [1, 2])
def test_random_writes_leave_stored_equal_to_fresh(session, system, people, small_org, seed):
    """Property: whatever sequence of writes (refused ones included), the stored rows equal a fresh scoring."""
    chooser = random.Random(seed)
    kpi_ids = [kpis.create_kpi(session, system, small_org.year_id, number_kpi(
        f"TS0{n}", responsible_unit_id=small_org.technical_id)).id for n in range(1, 3)]
    for step in range(36):
        _random_writes(session, system, people, small_org, kpi_ids, chooser)
        assert differences(session) == [], f"after write {step + 1} of seed {seed}"
    assert session.scalar(select(func.count()).where(ScoredResult.reported.is_(True))) > 0  # some values counted
    assert differences(session) == []
    rules, source = resolve_rules(session)
    year = session.get(FinancialYear, small_org.year_id)
    inputs = load_year(session, year, rules=rules)
    for today in (date(2025, 10, 20), date(2026, 6, 1)):
        assert stored_scorecard(session, year, rules, rule_set_source=source, today=today) == score_year(
            inputs, rules, rule_set_source=source, today=today)


def test_a_day_before_the_rows_were_written_is_scored_afresh(session, people, small_org, ts01, monkeypatch):
    monkeypatch.setattr(scored_results, "writing_day", lambda: date(2026, 12, 1))  # every deadline passed
    kpis.set_period_target(session, people[Role.ADMINISTRATOR], ts01.id, small_org.quarter_ids[1], {"value": 90},
                           revision_reason="adjustment budget")
    rules, source = resolve_rules(session)
    year = session.get(FinancialYear, small_org.year_id)
    assert stored_scorecard(session, year, rules, 2, today=date(2026, 12, 2)) is not None
    assert stored_scorecard(session, year, rules, 2, today=date(2025, 10, 1)) is None  # Q1 and Q2 open then
    card = build_scorecard(session, "ZA-T01", "2025/26", period_number=2, today=date(2025, 10, 1))
    assert card == score_year(load_year(session, year, rules=rules), rules, 2, rule_set_source=source,
                              today=date(2025, 10, 1))
    assert differences(session) == []


def test_a_reader_in_another_language_gets_the_sentences_in_it(session, people, small_org, ts01):
    """Stored lines hold the projection's sentence in English; a Kiswahili scorecard is scored in Kiswahili."""
    actual = actuals.save_actual(session, people[Role.CAPTURER], ts01.id, small_org.quarter_ids[0], {"value": 10})
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    rules, source = resolve_rules(session)
    year = session.get(FinancialYear, small_org.year_id)
    today = date(2025, 10, 20)
    english = stored_scorecard(session, year, rules, 1, rule_set_source=source, today=today)
    assert english is not None and english.lines[0].projection is not None
    with in_language("sw"):
        assert stored_scorecard(session, year, rules, 1, rule_set_source=source, today=today) is None
        card = build_scorecard(session, "ZA-T01", "2025/26", period_number=1, today=today)
        fresh = score_year(load_year(session, year, rules=rules), rules, 1, rule_set_source=source, today=today)
    assert card == fresh
    assert card.lines[0].projection.reason != english.lines[0].projection.reason, card.lines[0].projection.reason
