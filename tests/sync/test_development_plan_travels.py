"""A personal development plan recorded at an office reaches head office in the office's next package."""

from __future__ import annotations

from sqlalchemy import select

from pmsdesk.models import DevelopmentAction, PerformanceAgreement
from pmsdesk.services import agreements, development_plans
from pmsdesk.services.actor import Actor

ITEM_FIELDS = ("kind", "title", "weight", "kpi_id", "kpa_id", "target_text", *agreements.CRITERIA)


def test_a_development_plan_travels_in_the_next_package(pair):
    pair.head.import_(pair.first_package)
    back = pair.folder / "ho-1.pmspkg"
    pair.head.export(pair.office.code, back)
    pair.office.import_(back)
    actor = Actor.system("office")
    with pair.office.database.session() as session:
        signed = session.scalars(select(PerformanceAgreement).order_by(PerformanceAgreement.id)).first()
        amendment = agreements.amend_agreement(
            session, actor, signed.id, "development plan agreed at the mid-year review",
            [{name: getattr(item, name) for name in ITEM_FIELDS} for item in signed.items])
        development_plans.save_development_plan(session, actor, amendment.id, [{
            "competency_gap": "Programme and project management", "development_action": "PMP short course",
            "time_frame": "Q3", "support_person": "Chief Officer, Finance"}])
        amendment_id = amendment.id
    second = pair.folder / "ke001-2.pmspkg"
    summary = pair.office.export("HEAD-OFFICE", second)
    assert summary.counts.get("development_action") == 1
    pair.head.import_(second)
    with pair.head.database.session() as session:
        arrived = session.scalars(select(DevelopmentAction)).all()
        assert [(row.agreement_id, row.competency_gap, row.support_person) for row in arrived] == [
            (amendment_id, "Programme and project management", "Chief Officer, Finance")]
