"""A head office on PostgreSQL imports an office's SQLite package exactly as a SQLite head office does."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from pmsdesk.db import open_database
from pmsdesk.models import EvidenceContent, Kpi, PeriodActual
from pmsdesk.services.audit import first_broken_link
from pmsdesk.sync.apply import import_package
from pmsdesk.sync.keys import device_key, set_office_code, trust_key
from tests.conftest import _postgres_admin, _postgres_url

from .helpers import SYSTEM


@pytest.mark.postgresql
def test_a_postgresql_head_office_imports_a_package_once_and_completely(pair, tmp_path, request):
    template = request.getfixturevalue("postgres_seeded_template")  # skips without a server
    name = f"pmsdesk_sync_{uuid.uuid4().hex[:10]}"
    with _postgres_admin() as admin:
        admin.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    head = open_database(_postgres_url(name))
    try:
        key = pair.office.key()
        with head.session() as session:
            set_office_code(session, SYSTEM, "HEAD-OFFICE")
            device_key(session, tmp_path / "keys")
            trust_key(session, SYSTEM, pair.office.code, key.public_bytes, key.fingerprint)
            first = import_package(session, SYSTEM, pair.first_package)
            again = import_package(session, SYSTEM, pair.first_package)
        with head.session() as session, pair.office.database.session() as office:
            for model in (Kpi, PeriodActual, EvidenceContent):
                received = session.scalar(select(func.count()).select_from(model).where(
                    *([model.origin_office == pair.office.code] if hasattr(model, "origin_office") else [])))
                assert received == office.scalar(select(func.count()).select_from(model)), model.__name__
            assert first_broken_link(session) is None
        assert first.inserted > 0 and first.conflicts == 0
        assert again.already_applied
    finally:
        head.dispose()
        with _postgres_admin() as admin:
            admin.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
