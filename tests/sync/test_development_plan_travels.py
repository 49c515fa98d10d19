"""A personal development plan recorded at an office reaches head office in the office's next package."""

from __future__ import annotations

from sqlalchemy import select

from pmsdesk.models import DevelopmentAction, PerformanceAgreement


def test_a_development_plan_travels_in_the_next_package(pair):
    pair.head.import_(pair.first_package)
    back = pair.folder / "ho-1.pmspkg"
    pair.head.export(pair.office.code, back)
    pair.office.import_(back)
    with pair.office.database.session() as session:  # written as the other sync tests write rows: directly
        agreement_id = session.scalars(select(PerformanceAgreement.id).order_by(PerformanceAgreement.id)).first()
        session.add(DevelopmentAction(agreement_id=agreement_id, position=1,
                                      competency_gap="Programme and project management",
                                      development_action="PMP short course", support_person="Chief Officer, Finance"))
        session.commit()
    second = pair.folder / "ke001-2.pmspkg"
    summary = pair.office.export("HEAD-OFFICE", second)
    assert summary.counts.get("development_action") == 1
    pair.head.import_(second)
    with pair.head.database.session() as session:
        arrived = session.scalars(select(DevelopmentAction)).all()
        assert [(row.agreement_id, row.competency_gap, row.support_person) for row in arrived] == [
            (agreement_id, "Programme and project management", "Chief Officer, Finance")]
