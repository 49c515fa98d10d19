"""A value held for checking counts again only when a PMS officer confirms that value, or it is corrected."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, Role
from pmsdesk.scorecard import build_scorecard
from pmsdesk.services import actuals, kpis
from pmsdesk.services.errors import PermissionDenied, ValidationError
from pmsdesk.services.held_values import confirm_actual_value
from tests.conftest import number_kpi


@pytest.fixture
def slip(session, system, people, small_org):
    """TS01: 100 a quarter; Q1 reported as 10,000 (two zeros too many) and verified."""
    kpi = kpis.create_kpi(session, system, small_org.year_id, number_kpi(
        "TS01", responsible_unit_id=small_org.technical_id, kpa_id=small_org.kpa_id))
    for period_id in small_org.quarter_ids:
        kpis.set_period_target(session, system, kpi.id, period_id, {"value": 100})
    actual = actuals.save_actual(session, people[Role.CAPTURER], kpi.id, small_org.quarter_ids[0],
                                 {"value": 10_000})
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    actuals.verify_actual(session, people[Role.VERIFIER], actual.id)
    return actual


def retype(session, people, actual, value):
    """Correct a reviewed value the way an office does: reopen, retype, submit, verify again."""
    actuals.reopen_actual(session, people[Role.PMS_OFFICER], actual.id, "typing slip")
    actuals.save_actual(session, people[Role.CAPTURER], actual.kpi_id, actual.period_id, {"value": value})
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    actuals.verify_actual(session, people[Role.VERIFIER], actual.id)


def _q1(session):
    card = build_scorecard(session, "ZA-T01", "2025/26", period_number=1)
    return card.lines[0].result.period, card.period.organisation


def test_a_slip_is_held_out_of_the_scores_until_confirmed(session, people, slip):
    figure, whole = _q1(session)
    assert figure.category_name == "Held for checking" and figure.achievement is None
    assert (whole.held, whole.targets, whole.score) == (1, 0, None)

    before = session.scalar(select(func.count()).select_from(AuditEvent))
    confirm_actual_value(session, people[Role.PMS_OFFICER], slip.id, "Seen the 10,000 job cards.")
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == before + 1
    figure, whole = _q1(session)
    assert figure.achievement == 10_000 and (whole.achieved, whole.targets) == (1, 1)


def test_a_confirmation_covers_only_the_value_confirmed(session, people, slip):
    confirm_actual_value(session, people[Role.PMS_OFFICER], slip.id, "Checked.")
    retype(session, people, slip, 20_000)  # a later, different slip on the same record
    figure, _ = _q1(session)
    assert figure.category_name == "Held for checking"


def test_a_correction_counts_without_a_confirmation(session, people, slip):
    retype(session, people, slip, 100)
    figure, whole = _q1(session)
    assert figure.category == "met" and (whole.achieved, whole.held) == (1, 0)


def test_only_a_pms_officer_confirms_with_a_note_and_only_a_held_value(session, people, slip):
    with pytest.raises(PermissionDenied):
        confirm_actual_value(session, people[Role.VERIFIER], slip.id, "Looks fine")
    with pytest.raises(ValidationError, match="note"):
        confirm_actual_value(session, people[Role.PMS_OFFICER], slip.id, "")
    retype(session, people, slip, 100)
    with pytest.raises(ValidationError, match="not held for checking"):
        confirm_actual_value(session, people[Role.PMS_OFFICER], slip.id, "Checked.")


def test_confirmations_kept_as_flags_move_onto_the_actual_on_upgrade(database, session, people, slip):
    """Migration 0009: a confirmation stored the earlier way (a resolved flag) is not lost."""
    if database.engine.dialect.name != "sqlite":
        pytest.skip("the migration is the same on PostgreSQL; the file is read with sqlite3 here")
    import sqlite3

    from alembic import command

    from pmsdesk.db import _alembic_config
    from tests.test_migrations import _migrate_to

    session.close()
    path = database.engine.url.database
    with database.engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0008_row_hash_without_nulls")
    database.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO data_quality_flag (id, entity, entity_id, field, problem, source, raised_at, "
                    "resolved_at, resolved_by) VALUES ('f1', 'period_actual', ?, 'value', 'Seen the job cards.', "
                    "'confirmed value 10000.0', '2026-01-05 10:00:00', '2026-01-05 10:00:00', 'pmsofficer')",
                    (slip.id,))
    _migrate_to(path, "head")
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT confirmed_value, confirmed_by, confirmation_note FROM period_actual WHERE id = ?",
                           (slip.id,)).fetchone() == (10000.0, "pmsofficer", "Seen the job cards.")
        assert raw.execute("SELECT count(*) FROM data_quality_flag WHERE id = 'f1'").fetchone() == (0,)
    with database.session() as fresh:
        figure, whole = _q1(fresh)
    assert figure.achievement == 10_000 and whole.held == 0
