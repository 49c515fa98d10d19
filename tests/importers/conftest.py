"""Fixtures for the importer tests: the real SDBIPs as messy workbooks, an empty municipality, table dumps."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pmsdesk.models import Base
from pmsdesk.services import framework

from .workbooks import lepelle_workbook, mkhondo_workbook

#: Mkhondo's first sheet keeps the CSV heading 'first_quarter_actual', which holds Q1 targets.
MKHONDO_MAPPING = {"first_quarter_actual": "target_q1"}


@pytest.fixture(scope="session")
def mkhondo_xlsx(tmp_path_factory):
    path = tmp_path_factory.mktemp("sdbips") / "Mkhondo SDBIP 2016-17.xlsx"
    return path, mkhondo_workbook(path)


@pytest.fixture(scope="session")
def lepelle_xlsx(tmp_path_factory):
    path = tmp_path_factory.mktemp("sdbips") / "Lepelle-Nkumpi SDBIP.xlsx"
    return path, lepelle_workbook(path)


@pytest.fixture
def municipality(session, system):
    """An organisation with nothing in it yet: the import creates the year, KPAs and units."""
    return framework.create_organisation(
        session, system, {"code": "MP303", "name": "Mkhondo Local Municipality", "kind": "municipality",
                          "country": "ZA"})


def dump(session) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: two dumps are equal only if nothing at all changed."""
    session.expire_all()
    return {table.name: sorted(map(tuple, session.execute(select(table)).all()), key=repr)
            for table in Base.metadata.sorted_tables}


@pytest.fixture
def database(any_database):
    """Importing must behave the same on SQLite and on PostgreSQL."""
    return any_database
