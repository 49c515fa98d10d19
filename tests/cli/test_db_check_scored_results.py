"""``pmsdesk db check`` names a tampered stored score; ``--repair`` rebuilds them."""

from __future__ import annotations

import json
import shutil
import sqlite3

from pmsdesk.cli.main import main
from pmsdesk.db import open_database
from pmsdesk.models import FinancialYear
from pmsdesk.services import kpis
from pmsdesk.services.actor import Actor
from tests.conftest import number_kpi


def test_db_check_finds_a_tampered_score_and_repair_fixes_it(seeded_file, tmp_path, capsys):
    db = tmp_path / "office.sqlite"
    shutil.copyfile(seeded_file, db)
    database = open_database(db)  # one KPI, written by the services: its scores are stored
    with database.session() as session:
        year = session.query(FinancialYear).one()
        kpi = kpis.create_kpi(session, Actor.system("tester"), year.id, number_kpi("TS01"))
    database.dispose()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE scored_result SET ytd_status = 'measured' WHERE kpi_id = ? AND period_number = 2",
                           (kpi.id,))
    assert main(["db", "check", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "NOT OK" in out and "ZA-T01 KPI TS01 2025/26 Q2" in out and "ytd_status" in out
    assert main(["db", "check", "--db", str(db), "--repair", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["scored_results_rebuilt"] > 0
