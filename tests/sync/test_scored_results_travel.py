"""Stored scored results are not in packages: head office scores what an imported package changed, itself."""

from __future__ import annotations

from sqlalchemy import func, select

from pmsdesk.models import KpiTarget, ScoredResult
from pmsdesk.services.kpis import set_period_target
from pmsdesk.services.scored_results_check import differences
from pmsdesk.sync.format import DEFAULT_LIMITS
from pmsdesk.sync.reader import read_package

from .helpers import SYSTEM

HEAD_ON_POSTGRESQL_TOO = True


def _rows(installation, *, checked: bool = False) -> int:
    with installation.database.session() as session:
        if checked:
            assert differences(session) == []
        return session.scalar(select(func.count()).select_from(ScoredResult))


def test_head_office_scores_each_imported_package_in_its_import(pair):
    office_rows = _rows(pair.office)
    assert office_rows > 0 and _rows(pair.head) == 0
    pair.head.import_(pair.first_package)
    assert _rows(pair.head) == office_rows

    with pair.office.database.session() as session:
        target = session.scalar(select(KpiTarget).where(KpiTarget.value > 0).order_by(KpiTarget.id).limit(1))
        kpi_id = target.kpi_id
        set_period_target(session, SYSTEM, kpi_id, target.period_id, {"value": target.value * 2},
                          revision_reason="adjustment budget")
        changed = session.scalar(select(ScoredResult.line).where(ScoredResult.kpi_id == kpi_id).limit(1))
    pair.office.export("HEAD-OFFICE", pair.folder / "second.pmspkg")
    pair.head.import_(pair.folder / "second.pmspkg")
    _rows(pair.head, checked=True)  # equal to a fresh scoring at head office
    with pair.head.database.session() as session:
        assert session.scalar(select(ScoredResult.line).where(ScoredResult.kpi_id == kpi_id).limit(1)) == changed

    assert "scored_result" not in read_package(pair.first_package, DEFAULT_LIMITS).data  # derived data never travels
