"""A service provider and its quarterly assessment recorded at an office reach head office in the next package."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from pmsdesk.models import Organisation, PeriodKind, ReportingPeriod, ServiceProvider, ServiceProviderAssessment


def test_a_provider_and_its_assessment_travel_in_the_next_package(pair):
    pair.head.import_(pair.first_package)
    with pair.office.database.session() as session:  # written as the other sync tests write rows: directly
        organisation_id = session.scalars(select(Organisation.id)).first()
        period = session.scalars(select(ReportingPeriod).where(ReportingPeriod.kind == PeriodKind.QUARTER)
                                 .order_by(ReportingPeriod.start_date)).first()
        provider = ServiceProvider(organisation_id=organisation_id, name="Mvula Water Tankers",
                                   services="Water tankering to informal settlements", contract_reference="T7/2025",
                                   start_date=period.start_date, end_date=date(2030, 6, 30))
        session.add(provider)
        session.flush()
        session.add(ServiceProviderAssessment(service_provider_id=provider.id, period_id=period.id, rating=3,
                                              assessed_by="Water manager", assessed_on=period.end_date,
                                              corrective_action="Weekly route log"))
        session.commit()
    second = pair.folder / "ke001-2.pmspkg"
    summary = pair.office.export("HEAD-OFFICE", second)
    assert summary.counts.get("service_provider") == 1 and summary.counts.get("service_provider_assessment") == 1
    pair.head.import_(second)
    with pair.head.database.session() as session:
        arrived = session.scalars(select(ServiceProviderAssessment)).all()
        assert [(row.provider.name, row.rating, row.corrective_action) for row in arrived] == [
            ("Mvula Water Tankers", 3, "Weekly route log")]
