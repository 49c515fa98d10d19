"""Run by tests/test_kpi_fields.py in a fresh interpreter: add a KPI field the way docs/DEVELOPING.md says
(an entry in the table, its place in FORM and WORKBOOK, a column on ``kpi``) and nothing else, then save a KPI
with it, open the editor, export the register and import it into the next year. Prints what each layer did
as JSON (argv[1] is a scratch folder)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import Column, Text, create_engine, select
from sqlalchemy.orm import Session

from pmsdesk import kpi_fields
from pmsdesk.kpi_fields import FIELD_BY_KEY, KpiField

NEW = KpiField("risk_note", "Ris&k note:", "text", length=200, hint="what could stop it", heading="Risk note",
               aliases=("delivery risk", "risks to delivery"), continued=True)
kpi_fields.FIELDS = (*kpi_fields.FIELDS, NEW)
FIELD_BY_KEY[NEW.key] = NEW
kpi_fields.FORM = (kpi_fields.FORM[0], (*kpi_fields.FORM[1], NEW.key))
kpi_fields.WORKBOOK = (*kpi_fields.WORKBOOK, NEW.key)

from pmsdesk.models import Base, FinancialYear, Kpi  # noqa: E402 - the column is added before anything reads it

Kpi.risk_note = Column(Text)  # the migration's work, done here on a fresh schema

from openpyxl import load_workbook  # noqa: E402

from pmsdesk.importers import ImportOptions, import_sdbip  # noqa: E402
from pmsdesk.importers.columns import match_field  # noqa: E402
from pmsdesk.reports.excel.register import export_register  # noqa: E402
from pmsdesk.services import framework, kpis, years  # noqa: E402
from pmsdesk.services.actor import Actor  # noqa: E402
from pmsdesk.services.errors import ValidationError  # noqa: E402


def _editor_fields() -> list[str]:
    from PySide6.QtWidgets import QApplication, QDialog

    from pmsdesk.ui.kpi_editor.layout import KpiEditorLayout

    application = QApplication.instance() or QApplication(["kpi-field-added", "-platform", "offscreen"])
    dialog = QDialog()
    layout = KpiEditorLayout()
    layout.setup(dialog)
    from pmsdesk.ui.kpi_editor.dialog import WORD_FIELDS

    found = [name for name in layout.form.messages.fields if name in layout.lines and name in WORD_FIELDS]
    dialog.deleteLater()
    application.processEvents()
    return found


def main(folder: Path) -> dict:
    engine = create_engine(f"sqlite:///{folder / 'added.sqlite'}")
    Base.metadata.create_all(engine)
    actor = Actor.system("tester")
    found: dict = {"heading_matches": match_field("Delivery risk"), "editor": _editor_fields()}
    with Session(engine, expire_on_commit=False) as session:
        organisation = framework.create_organisation(session, actor, {"code": "ZA-T09", "name": "Test Municipality",
                                                                      "kind": "municipality", "country": "ZA"})
        year = years.create_financial_year(session, actor, organisation.id, 2025)
        values = {"reference": "TS01", "name": "Households connected", "measure_type": "number",
                  "calculation_type": "accumulative", "direction": "higher", "annual_target": 400}
        try:
            kpis.create_kpi(session, actor, year.id, values | {"risk_note": "x" * 201})
        except ValidationError as error:
            found["too_long"] = error.problems
        kpis.create_kpi(session, actor, year.id, values | {"risk_note": "Pump station may flood"})
        path = folder / "register.xlsx"
        export_register(session, session.get_one(FinancialYear, year.id), path)
        sheet = load_workbook(path)["KPI register"]
        found["exported"] = [cell.value for row in sheet.iter_rows(max_row=6) for cell in row
                             if cell.value in ("Risk note", "Pump station may flood")]
        report = import_sdbip(session, actor, path, ImportOptions(organisation_code="ZA-T09", year_label="2026/27"))
        found["imported"] = [kpi.risk_note for kpi in session.scalars(
            select(Kpi).join(FinancialYear).where(FinancialYear.label == "2026/27"))]
        found["problems"] = [str(problem) for problem in report.problems]
    return found


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
