"""Which report kinds exist and where each is collected. Imported lazily: one kind, one module."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from sqlalchemy.orm import Session

from .base import ReportContent, ReportError, ReportRequest

#: kind → (module, what it is), in the order the command line lists them.
KINDS: dict[str, tuple[str, str]] = {
    "agreement": ("agreement", "SA Section 56/57 performance agreement with its plan"),
    "ke-contract": ("ke_contract", "Kenyan performance contract matrix"),
    "opras-form": ("opras_form", "Tanzanian OPRAS form"),
    "pepmis": ("pepmis", "Tanzanian PEPMIS report of one employee (period and annual scores)"),
    "pepmis-summary": ("pepmis", "Tanzanian PEPMIS summary of an institution's employees"),
    "assessment": ("assessment", "assessment form: ratings, score and band"),
    "quarterly": ("quarterly", "quarterly SDBIP performance report"),
    "mid-year": ("summary", "mid-year budget and performance assessment (s72)"),
    "annual": ("summary", "annual performance report (s46)"),
    "scorecard": ("scorecard_report", "organisation or directorate scorecard"),
    "league-table": ("league", "head-office league table of organisations"),
    "indicator-descriptions": ("indicator_descriptions", "technical indicator description of every KPI"),
    "evidence-index": ("evidence_index", "evidence index for the auditor: each actual, its files and reviewers"),
}


def collector(kind: str) -> Callable[[Session, ReportRequest], ReportContent]:
    if kind not in KINDS:
        raise ReportError(f"unknown report kind {kind!r}; choose one of {', '.join(KINDS)}")
    module = import_module(f"{__package__}.{KINDS[kind][0]}")
    return module.collect


def collect(session: Session, request: ReportRequest) -> ReportContent:
    return collector(request.kind)(session, request)
