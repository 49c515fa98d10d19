"""Making one workbook the catalogue names, written whole or not at all.

The command line's ``pmsdesk export`` and the window's Reports screen both call
:func:`export_workbook`, so a workbook saved from either is the same file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pmsdesk.i18n import _, in_language
from pmsdesk.services.actor import Actor, Permission

from ..catalogue import WORKBOOK, report_kind
from ..errors import ReportError
from ..files import written_atomically
from ..pdf.base import ReportRequest
from .choices import export_context, quarter_to_report


@dataclass(frozen=True)
class ExportedWorkbook:
    path: Path
    kind: str
    organisation: str
    year: str
    kpis: int


def export_workbook(session: Session, actor: Actor, request: ReportRequest, out: str | Path) -> ExportedWorkbook:
    """Write the workbook ``request`` asks for at ``out``; raises ReportError, PermissionDenied or OSError.

    A unit reader (a directorate's capturer) may export their own unit's register or
    actuals template; everything else needs the whole organisation's read permission.
    """
    with in_language(request.language):  # None: the reader's language
        return _export(session, actor, request, out)


def _export(session: Session, actor: Actor, request: ReportRequest, out: str | Path) -> ExportedWorkbook:
    kind = report_kind(request.kind)
    if kind.output != WORKBOOK:
        raise ReportError(_("{0} is a printed document, not a workbook").format(kind.title))
    organisation, year, unit = export_context(session, request.organisation, request.year, request.unit)
    actor.require(Permission.READ, unit.id if unit is not None and kind.for_one_unit else None)
    unit_id = unit.id if unit is not None else None
    with written_atomically(out) as temporary:
        if kind.key == "register":
            from .register import export_register

            count = export_register(session, year, temporary, unit_id=unit_id)
        elif kind.key == "actuals-template":
            from .actuals_template import export_actuals_template

            period = quarter_to_report(session, year, request.period)
            count = export_actuals_template(session, year, period, temporary, unit_id=unit_id)
        else:
            from .scorecard import export_scorecard

            count = export_scorecard(session, organisation.code, year.label, temporary,
                                     period_number=request.period)
    return ExportedWorkbook(Path(out), kind.key, organisation.code, year.label, count)
