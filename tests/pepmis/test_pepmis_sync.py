"""A PEPMIS progress entry's evidence file travels to head office with the row that points at it."""

from __future__ import annotations

from sqlalchemy import select

from pmsdesk.models import EvidenceContent, PepmisProgress
from pmsdesk.services import pepmis
from pmsdesk.services.actor import Actor
from tests.sync.helpers import new_installation

from .conftest import build_council, build_plan


def _office(database) -> None:
    with database.session() as session:
        council = build_council(session, Actor.system("tester"))
        plan = build_plan(session, council.actors["hr"], council)
        assignment = pepmis.assign_sub_task(session, council.actors["hr"], plan.sub_task_ids[0],
                                            council.employee_id, council.quarter_ids[0])
        pepmis.add_progress(session, council.actors["amina"], assignment.id, {
            "entry_date": "2025-07-11", "text": "Clinics held", "percent_done": 20},
            evidence=("register.pdf", b"%PDF clinic register"))


def test_progress_evidence_reaches_head_office(tmp_path):
    office = new_installation(tmp_path, "office", "TZ-MBY-01", build=_office)
    head = new_installation(tmp_path, "head", "HEAD")
    head.trust(office)
    package = tmp_path / "to-head.zip"
    office.export("HEAD", package, full=True)
    summary = head.import_(package)
    assert summary.conflicts == 0
    with head.database.session() as session:
        entry = session.scalar(select(PepmisProgress))
        assert entry.evidence_name == "register.pdf"
        assert session.get(EvidenceContent, entry.evidence_sha256).data == b"%PDF clinic register"
    office.close()
    head.close()
