"""Which report kinds exist and where each is collected. Imported lazily: one kind, one module."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from sqlalchemy.orm import Session

from pmsdesk.i18n import _

from .base import ReportContent, ReportError, ReportRequest

#: kind → the module that collects it; what each kind is and takes is in ``reports.catalogue``.
MODULES: dict[str, str] = {
    "agreement": "agreement", "ke-contract": "ke_contract", "spas-form": "spas_form", "opras-form": "opras_form",
    "pepmis": "pepmis", "pepmis-summary": "pepmis", "assessment": "assessment", "quarterly": "quarterly",
    "mid-year": "summary", "annual": "summary",
    "scorecard": "scorecard_report", "league-table": "league",
    "indicator-descriptions": "indicator_descriptions", "evidence-index": "evidence_index",
}


def collector(kind: str) -> Callable[[Session, ReportRequest], ReportContent]:
    if kind not in MODULES:
        raise ReportError(_("unknown report kind {0!r}; choose one of {1}").format(kind, ', '.join(MODULES)))
    module = import_module(f"{__package__}.{MODULES[kind]}")
    return module.collect


def collect(session: Session, request: ReportRequest) -> ReportContent:
    return collector(request.kind)(session, request)
