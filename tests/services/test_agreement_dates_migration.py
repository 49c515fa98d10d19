"""Migration 0015: an office's database with signed agreements and KPIs upgrades in place, keeps every row
and its row hash, and then records when an agreement was made public, marks a top-layer KPI and keeps the
mid-year recommendation; going back a revision drops the three columns again."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

from alembic import command
from sqlalchemy import select

from pmsdesk.db import _alembic_config, database_url, make_engine, open_database
from pmsdesk.models import FinancialYear, Kpi, Organisation, PerformanceAgreement
from pmsdesk.services import agreements, kpis, midyear
from pmsdesk.services import people as people_service
from pmsdesk.services.actor import Actor
from pmsdesk.sync.rows import row_hash, to_plain

from .test_agreement_conclusion import ITEMS

NEW_COLUMNS = {"performance_agreement": "made_public_on", "kpi": "top_layer",
               "financial_year": "adjustments_recommendation"}


def _columns(path, table: str) -> set[str]:
    with sqlite3.connect(path) as raw:
        return {row[1] for row in raw.execute(f"PRAGMA table_info({table})")}


def _to(path, revision: str, *, down: bool = False) -> None:
    engine = make_engine(database_url(path))
    with engine.begin() as connection:
        (command.downgrade if down else command.upgrade)(_alembic_config(connection), revision)
    engine.dispose()


def _hashes(path) -> dict[str, str]:
    """Each agreement's and KPI's row hash as sync computes it, reading only the columns they have now."""
    engine = make_engine(database_url(path))
    found = {}
    with engine.connect() as connection:
        for model in (PerformanceAgreement, Kpi):
            table = model.__table__
            present = _columns(path, table.name)
            columns = [column for column in table.columns if column.name in present]
            for row in connection.execute(select(*columns)):
                found[row.id] = row_hash({column.name: to_plain(row._mapping[column.name]) for column in columns})
    engine.dispose()
    return found


def test_an_office_with_signed_agreements_upgrades_and_uses_the_new_dates(tmp_path, seeded_file):
    path = tmp_path / "office.sqlite"
    shutil.copyfile(seeded_file, path)
    system = Actor.system("tester")
    database = open_database(path)
    with database.session() as session:
        organisation = session.scalar(select(Organisation))
        year = session.scalar(select(FinancialYear))
        person = people_service.create_person(session, system, organisation.id, {"full_name": "Anele Mokoena"})
        draft = agreements.create_agreement(session, system, person.id, year.id,
                                            {"kind": "za_s56", "rule_set_code": "za_s56", "title": "PA"}, ITEMS)
        agreements.sign_agreement(session, system, draft.id, date(2025, 7, 28), "Parys")
        kpi = kpis.create_kpi(session, system, year.id, {"reference": "TS01", "name": "Households connected",
                                                         "measure_type": "number", "calculation_type": "accumulative",
                                                         "direction": "higher", "annual_target": 400})
        agreement_id, kpi_id, year_label = draft.id, kpi.id, year.label
    database.dispose()
    _to(path, "0016_kenya_tz_scores", down=True)
    for table, column in NEW_COLUMNS.items():
        assert column not in _columns(path, table)
    before = _hashes(path)

    _to(path, "head")
    for table, column in NEW_COLUMNS.items():
        assert column in _columns(path, table)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT made_public_on FROM performance_agreement").fetchall() == [(None,)]
        assert raw.execute("SELECT count(*) FROM agreement_item WHERE agreement_id = ?", (agreement_id,)).fetchone() \
            == (len(ITEMS),)
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _hashes(path) == before, "the upgrade changed no row: packages made before it still match"
    database = open_database(path)
    try:
        with database.session() as session:
            agreements.record_made_public(session, system, agreement_id, date(2025, 8, 8), date(2025, 9, 1))
            kpis.update_kpi(session, system, kpi_id, {"top_layer": True}, reason="top layer")
            midyear.save_adjustments_recommendation(session, system, organisation.code, year_label, "None needed.")
            assert session.get(PerformanceAgreement, agreement_id).made_public_on == date(2025, 8, 8)
            assert session.get(Kpi, kpi_id).top_layer is True
    finally:
        database.dispose()
