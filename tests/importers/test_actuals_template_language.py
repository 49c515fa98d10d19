"""An actuals template made in Kiswahili comes back through import-actuals, whatever language the PMS office reads."""

from __future__ import annotations

from openpyxl import load_workbook

from pmsdesk import i18n
from pmsdesk.importers.actuals import import_actuals
from pmsdesk.models import FinancialYear, ReportingPeriod, Role
from pmsdesk.reports.excel.actuals_template import export_actuals_template
from pmsdesk.services import kpis
from tests.i18n_support import catalogues  # noqa: F401 - a fixture

from .test_round_trip import NUMBER, _fill


def test_a_kiswahili_template_is_written_in_kiswahili_and_imports_back(session, system, small_org, people, tmp_path,
                                                                      catalogues):  # noqa: F811
    kpis.create_kpi(session, system, small_org.year_id,
                    {"reference": "TS01", "name": "TS01", **NUMBER, "responsible_unit_id": small_org.technical_id})
    path = tmp_path / "takwimu.xlsx"
    with i18n.in_language("sw"):
        export_actuals_template(session, session.get(FinancialYear, small_org.year_id),
                                session.get(ReportingPeriod, small_org.quarter_ids[0]), path)
    titles = [cell.value for cell in load_workbook(path)["Actuals"][4]]
    assert "Kilichofikiwa" in titles and "Rede vir afwyking" not in titles and "Actual" not in titles
    _fill(path, {"TS01": (95, "Wakandarasi wawili walichelewa")})

    report = import_actuals(session, people[Role.CAPTURER], path)  # the office reads English

    assert report.written and report.saved == ["TS01"] and not report.problems
