"""The SDBIP reports' last table: each KPI's baseline, ward, the portfolio of evidence it requires and
the evidence files submitted with the period's actual.

The Auditor-General tests each reported figure against its evidence and each target against its
baseline (FORMS.md 3.6); the performance tables have no room for these columns, so the quarterly
report prints them here, one row per KPI in the same order, with the evidence index
(``pmsdesk report evidence-index``) giving each file's content hash and reviewers.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _
from pmsdesk.models import EvidenceFile, Kpi, PeriodActual, PeriodKind, ReportingPeriod
from pmsdesk.wording import measured_value

from .blocks import data_table, heading
from .document import LANDSCAPE, frame_width
from .sdbip_data import SdbipScope
from .styles import para

HEADER = [N_("Ref"), N_("Key performance indicator"), N_("Baseline"), N_("Ward"), N_("Portfolio of evidence required"),
          N_("Evidence submitted")]
SHARES = (0.06, 0.26, 0.08, 0.12, 0.24, 0.24)
#: Files named in a row before the rest are counted ("and 3 more").
NAMED_FILES = 3


def evidence_rows(session: Session, scope: SdbipScope) -> list[list[str]]:
    """One row per KPI of the scorecard: ref, name, baseline, ward, evidence required, files submitted."""
    wanted = {line.reference for line in scope.card.lines}
    register: dict[str, tuple[str, str, str]] = {}
    for reference, measure, baseline_value, baseline_text, ward, required in session.execute(select(
            Kpi.reference, Kpi.measure_type, Kpi.baseline, Kpi.baseline_text, Kpi.ward, Kpi.required_evidence)
            .where(Kpi.financial_year_id == scope.year.id, Kpi.is_active.is_(True))):
        if reference in wanted:
            shown = baseline_value if baseline_value is not None else baseline_text
            register[reference] = (measured_value(shown, measure) or "–", ward or "–", required or _("not recorded"))
    files: dict[str, list[str]] = {}
    for reference, name in session.execute(select(Kpi.reference, EvidenceFile.original_name)
            .join(PeriodActual, PeriodActual.id == EvidenceFile.actual_id)
            .join(Kpi, Kpi.id == PeriodActual.kpi_id)
            .join(ReportingPeriod, ReportingPeriod.id == PeriodActual.period_id)
            .where(Kpi.financial_year_id == scope.year.id, ReportingPeriod.kind == PeriodKind.QUARTER,
                   ReportingPeriod.number == scope.card.period_number)
            .order_by(Kpi.reference, func.lower(EvidenceFile.original_name))):
        if reference in wanted:
            files.setdefault(reference, []).append(name)
    rows = []
    for line in scope.card.lines:
        baseline, ward, required = register.get(line.reference, ("–", "–", _("not recorded")))
        rows.append([line.reference, line.name, baseline, ward, required, _files(files.get(line.reference, []))])
    return rows


def _files(names: list[str]) -> str:
    if not names:
        return "none"
    shown = "; ".join(names[:NAMED_FILES])
    more = len(names) - NAMED_FILES
    return f"{len(names)}: {shown}" + (_("; and {0} more").format(more) if more > 0 else "")


def evidence_section(rows: list[list[Any]], period_label: str, number: int) -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    return [*heading(_("{0}. Baseline, ward and portfolio of evidence per KPI").format(number)),
            para(_(
                    "Evidence submitted: the files attached to each KPI's {0} actual (their content "
                    "hashes, and who captured, verified and approved each value, are in the evidence "
                    "index).").format(period_label), "note"),
            data_table(HEADER, rows, [s * width for s in SHARES], right_align=(2,))]
