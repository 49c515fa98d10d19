"""What a session committed: the ORM's writes and SQL sent as it is (a package's rows go in in bulk)."""

from __future__ import annotations

from sqlalchemy import text

from pmsdesk.committed import watch_writes
from pmsdesk.models import InstallationSetting


def test_bulk_sql_and_orm_writes_are_both_counted_once_committed(database):
    with database.session() as session:
        writes = watch_writes(session)
        session.connection().exec_driver_sql(
            "INSERT INTO sync_peer (office_code, last_sent_sequence, last_applied_sequence, acknowledged_sequence, "
            "updated_at) VALUES ('KE-032', 0, 0, 0, '2026-12-07 00:00:00')")
        session.add(InstallationSetting(key="probe", value="1"))
        session.flush()
        assert writes.tables == set(), "nothing counts before the commit"
        session.commit()
        assert writes.tables == {"sync_peer", "installation_setting"}


def test_bulk_sql_rolled_back_is_not_counted(database):
    with database.session() as session:
        writes = watch_writes(session)
        session.execute(text("UPDATE installation_setting SET value = value"))
        session.rollback()
        session.commit()
        assert writes.tables == set()
