"""Annexure A lists the performance plan's KPIs in the SDBIP's order: TS12 before TS119, not after it."""

from __future__ import annotations

from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import Kpi, PerformanceAgreement, Person
from pmsdesk.reports.pdf.agreement_data import plan_kpis


def test_references_sort_by_their_numbers(demo_copy):
    database = open_database(demo_copy("za"))
    try:
        with database.session() as session:
            agreement = session.scalars(select(PerformanceAgreement).join(Person, Person.id == PerformanceAgreement.person_id)
                                        .where(Person.full_name.like("%hohoyandou%"))).first()
            kpis = list(session.scalars(select(Kpi).where(  # the municipal manager's plan: the top layer
                Kpi.top_layer.is_(True), Kpi.financial_year_id == agreement.financial_year_id,
                Kpi.is_active.is_(True))))
            assert len(kpis) >= 3
            for kpi, reference in zip(kpis, ("ZZ119", "ZZ12", "ZZ120")):
                kpi.reference = reference
            session.flush()
            references = [entry["reference"] for entry in plan_kpis(session, agreement)[0]]
            ours = [reference for reference in references if reference.startswith("ZZ")]
            assert ours == ["ZZ12", "ZZ119", "ZZ120"]
            session.rollback()
    finally:
        database.dispose()
