"""The read service behind the KPI register."""

from __future__ import annotations

from datetime import date

from pmsdesk.models import Kpi, MeasureType
from pmsdesk.services import register
from pmsdesk.services.actor import Actor
from pmsdesk.services.kpis import update_kpi
from pmsdesk.services.register import FinancialYearSummary


def rows_by_reference(database, seeded, **options):
    with database.session() as session:
        rows = register.kpi_register_rows(session, seeded.organisation_id, seeded.year_id, **options)
    return {row.reference: row for row in rows}


def test_register_lists_only_the_chosen_years_kpis_with_names_joined(seeded_database, seeded):
    rows = rows_by_reference(seeded_database, seeded)

    assert len(rows) == seeded.kpi_count
    first = rows["KPI 1"]
    assert first.name == "Number of households with access to basic water"
    assert (first.kpa_name, first.unit_name) == ("Basic Service Delivery", "Technical Services")
    assert (first.annual_target, first.baseline, first.weight) == (1250, 1100, 5)
    assert rows["KPI 2"].unit_name == "Corporate Services"


def test_register_row_without_kpa_or_unit_has_none(seeded_database, seeded):
    last = rows_by_reference(seeded_database, seeded)[f"KPI {seeded.kpi_count}"]

    assert last.kpa_name is None and last.unit_name is None


def test_target_is_a_date_or_words_when_the_kpi_is_a_milestone(seeded_database, seeded):
    rows = rows_by_reference(seeded_database, seeded)

    assert rows["KPI 7"].measure_type is MeasureType.DATE
    assert rows["KPI 7"].annual_target == date(2026, 3, 31)
    assert rows["KPI 9"].annual_target == "SDF adopted by Council"
    assert rows["KPI 9"].baseline == "SDF 2019"


def test_deactivated_kpis_are_left_out_unless_asked_for(seeded_database, seeded):
    with seeded_database.session() as session:
        kpi_id = session.query(Kpi.id).filter_by(financial_year_id=seeded.year_id, reference="KPI 3").scalar()
        update_kpi(session, Actor.system(), kpi_id, {"is_active": False}, reason="merged into KPI 2")

    assert "KPI 3" not in rows_by_reference(seeded_database, seeded)
    assert "KPI 3" in rows_by_reference(seeded_database, seeded, include_inactive=True)


def test_financial_years_come_latest_first(seeded_database, seeded):
    with seeded_database.session() as session:
        (organisation,) = register.list_organisations(session)
        years = register.list_financial_years(session, organisation.id)

    assert organisation.name == "Mkhondo Local Municipality"
    assert [year.label for year in years] == ["2025/26", "2024/25"]


def test_default_year_is_the_one_containing_today_else_the_latest():
    later = FinancialYearSummary("b", "o", "2025/26", date(2025, 7, 1), date(2026, 6, 30))
    earlier = FinancialYearSummary("a", "o", "2024/25", date(2024, 7, 1), date(2025, 6, 30))

    assert register.default_financial_year([later, earlier], date(2025, 1, 15)) == earlier
    assert register.default_financial_year([later, earlier], date(2030, 1, 1)) == later
    assert register.default_financial_year([], date(2030, 1, 1)) is None
