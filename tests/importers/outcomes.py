"""What an import made, without ids or file names, so imports of the same plan in two formats compare equal."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.importers import ImportOptions, import_sdbip
from pmsdesk.models import DataQualityFlag, Kpi, KpiTarget
from pmsdesk.services import framework
from pmsdesk.services.actor import Actor

KPI_FIELDS = ("reference", "name", "definition", "unit_of_measure", "measure_type", "calculation_type", "direction",
              "baseline", "baseline_text", "annual_target", "annual_target_date", "annual_target_text", "budget",
              "budget_vote", "weight", "ward", "data_source", "required_evidence", "is_active")


def imported(seeded_file: Path, folder: Path, workbook: Path, options: ImportOptions) -> tuple[dict, dict]:
    """Import ``workbook`` into a fresh copy of the seeded database: what the report said and the KPIs made,
    each with its KPA, unit, targets and data-quality flags (no ids, no file name)."""
    copy = folder / f"{workbook.name}.sqlite"
    shutil.copyfile(seeded_file, copy)
    database = open_database(copy)
    system = Actor.system("tester")
    try:
        with database.session() as session:
            framework.create_organisation(session, system, {"code": "MP303", "name": "Mkhondo Local Municipality",
                                                            "kind": "municipality", "country": "ZA"})
            report = import_sdbip(session, system, workbook, options)
            kpis = {}
            for kpi in session.scalars(select(Kpi)):
                targets = sorted((t.period.label, t.value, t.value_date, t.value_text)
                                 for t in session.scalars(select(KpiTarget).where(KpiTarget.kpi_id == kpi.id)))
                flags = sorted((f.field, f.problem) for f in session.scalars(
                    select(DataQualityFlag).where(DataQualityFlag.entity_id == kpi.id)))
                kpis[kpi.reference] = ({name: getattr(kpi, name) for name in KPI_FIELDS},
                                       kpi.kpa and kpi.kpa.name, kpi.responsible_unit and kpi.responsible_unit.name,
                                       targets, flags)
            summary = {"written": report.written, "errors": [str(p) for p in report.errors],
                       "rows": [(r["row"], r["action"]) for r in report.rows],
                       "sheets": [{k: v for k, v in s.items() if k != "sheet"} for s in report.sheets]}
    finally:
        database.dispose()
    return summary, kpis
