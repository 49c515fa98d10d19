"""Demo data for sync: one organisation per office database, as in real life.

``pmsdesk demo --orgs N`` puts N organisations in one head-office database;
to exercise packages each office needs its own database holding only its
organisation, under its own office code and with ids that differ from every
other office's. Used by the sync tests and ``bench/consolidation.py``.
"""

from __future__ import annotations

import dataclasses
import random

from sqlalchemy import func, insert, select

from pmsdesk.db import Database
from pmsdesk.demo import FIRST_YEAR, INSERT_ORDER, DemoError
from pmsdesk.demo.agreements import add_agreements
from pmsdesk.demo.builder import DemoIds, build_organisation
from pmsdesk.demo.profiles import PROFILES
from pmsdesk.models import InstallationSetting, Kpi, Organisation
from pmsdesk.services.actor import Actor
from pmsdesk.services.audit import record_event
from pmsdesk.services.records import transaction
from pmsdesk.services.scored_results import note_rows
from pmsdesk.sync.keys import OFFICE_CODE


def office_code_for(profile: str, index: int) -> str:
    """The office code of the ``index``-th demo organisation: its organisation code, e.g. ZA-007."""
    return f"{PROFILES[profile].country}-{index + 1:03d}"


def build_office(database: Database, index: int, *, profile: str = "za-municipality", seed: int = 1,
                 with_evidence: bool = False, areas: int | None = None) -> str:
    """Fill an empty database with demo organisation number ``index`` as its own office; returns the code.

    ``areas`` limits the wards/sub-counties KPIs are repeated over, for a small
    organisation that tests can exchange quickly (not for the South African profile,
    whose KPI count is fixed).
    """
    chosen = PROFILES[profile]
    if areas is not None:
        chosen = dataclasses.replace(chosen, areas=chosen.areas[:areas])
    office = office_code_for(profile, index)
    rng, new_id = random.Random(f"{seed}-{index}"), DemoIds(seed * 100_003 + index)
    with database.session() as session:
        if session.scalar(select(func.count()).select_from(Organisation)):
            raise DemoError("the database already holds organisations; build the office in a new file")
        with transaction(session):
            session.add(InstallationSetting(key=OFFICE_CODE, value=office))
            out = build_organisation(chosen, index, FIRST_YEAR, rng, new_id, office, with_evidence=with_evidence)
            add_agreements(chosen, out, new_id, office, f"{FIRST_YEAR + 1}/{str(FIRST_YEAR + 2)[-2:]}")
            connection = session.connection()
            for model in INSERT_ORDER:
                if out.rows.get(model):
                    connection.execute(insert(model.__table__), out.rows[model])
                    note_rows(session, ((model, row) for row in out.rows[model]))  # scored before the commit
            record_event(session, Actor.system("demo"), "demo", "organisation", out.organisation_id,
                         new={"profile": profile, "seed": seed, "office": office, "kpis": len(out.rows[Kpi])})
    return office
