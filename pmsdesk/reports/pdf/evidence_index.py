"""The evidence index an auditor asks for first: each reported actual, its evidence files, and who
captured, verified and approved it, when.

Filterable by quarter and directorate. Each file is listed with its size and SHA-256 content hash,
so the auditor can check that a file handed over is the one the value was verified against
(``sha256sum`` on any computer gives the same text). An actual without evidence is listed too,
marked, because that is what the auditor will look for.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _
from pmsdesk.models import ActualStatus, EvidenceFile, Kpi, PeriodActual, ReportingPeriod
from pmsdesk.wording import a_date, count_of, measured_value

from .base import ReportContent, ReportError, ReportRequest, financial_year, organisation
from .blocks import data_table, heading, spacer
from .document import LANDSCAPE, frame_width
from .scope import natural_order, unit_in_scope
from .styles import para

NO_EVIDENCE = N_("NO EVIDENCE ATTACHED")
HEADER = (N_("KPI"), N_("Quarter"), N_(
        "Actual"), N_("Status"), N_("Evidence file"), N_("Size"), "SHA-256", N_("Captured"), N_("Verified"),
          N_("Approved"))
SHARES = (0.08, 0.05, 0.09, 0.07, 0.15, 0.05, 0.21, 0.10, 0.10, 0.10)


def collect(session: Session, request: ReportRequest) -> ReportContent:
    org = organisation(session, request.organisation)
    year = financial_year(session, org, request.year)
    unit, unit_ids = unit_in_scope(session, org, request.unit)
    quarters = {p.number: p for p in session.scalars(select(ReportingPeriod).where(
        ReportingPeriod.financial_year_id == year.id, ReportingPeriod.kind == "quarter"))}
    if request.period is not None and request.period not in quarters:
        raise ReportError(_(
                "--period: {0} has no quarter {1}; it has {2}").format(year.label,
                request.period,
                ', '.join(p.label for p in sorted(quarters.values(), key=lambda p: p.number))))
    wanted = [quarters[request.period].id] if request.period is not None else [p.id for p in quarters.values()]
    rows = _rows(session, wanted, unit_ids)
    scope_name = unit.name if unit else org.name
    period_text = f"{quarters[request.period].label} {year.label}" if request.period else year.label
    unapproved = Counter(row["status"] for row in rows if row["status"] != ActualStatus.APPROVED.value)
    draft = (_(
            "{0} actual(s) listed are not approved yet ({1})").format(sum(unapproved.values()),
            ', '.join((f'{n} {s}' for s, n in sorted(unapproved.items()))))) if unapproved else None
    return ReportContent(
        kind=request.kind, title=_("Evidence index: {0}").format(scope_name), period_text=period_text,
        organisation_id=org.id, organisation_code=org.code, organisation_name=org.name,
        request=ReportRequest(request.kind, year=year.label, period=request.period, organisation=org.code,
                              unit=unit.code if unit else None),
        data={"rows": rows, "unit": unit.code if unit else None}, draft_reason=draft,
        story=lambda: story(scope_name, period_text, rows), orientation=LANDSCAPE)


def _rows(session: Session, period_ids: list[str], unit_ids: set[str] | None) -> list[dict[str, Any]]:
    """One row per evidence file (or per actual without one), in KPI and quarter order; drafts left out."""
    query = (select(PeriodActual, Kpi, ReportingPeriod)
             .join(Kpi, Kpi.id == PeriodActual.kpi_id)
             .join(ReportingPeriod, ReportingPeriod.id == PeriodActual.period_id)
             .where(PeriodActual.period_id.in_(period_ids), PeriodActual.status != ActualStatus.DRAFT))
    if unit_ids is not None:
        query = query.where(Kpi.responsible_unit_id.in_(unit_ids))
    found = list(session.execute(query))
    files: dict[str, list[EvidenceFile]] = {}
    ids = [actual.id for actual, _files, _reviewers in found]
    for record in session.scalars(select(EvidenceFile).where(EvidenceFile.actual_id.in_(ids))
                                  .order_by(EvidenceFile.original_name)):
        files.setdefault(record.actual_id, []).append(record)
    rows = []
    for actual, kpi, period in sorted(found, key=lambda f: (natural_order(f[1].reference), f[2].number)):
        value = measured_value(actual.value_date or actual.value_text or actual.value, kpi.measure_type)
        common = {"reference": kpi.reference, "quarter": period.label, "actual": value,
                  "status": actual.status.value,
                  "captured": _who(actual.captured_by, actual.submitted_at),
                  "verified": _who(actual.verified_by, actual.verified_at),
                  "approved": _who(actual.approved_by, actual.approved_at)}
        for record in files.get(actual.id) or [None]:
            rows.append(common | ({"file": record.original_name, "size": record.size,
                                   "sha256": record.content_sha256} if record else
                                  {"file": None, "size": None, "sha256": None}))
    return rows


def _who(user: str | None, when: datetime | None) -> str | None:
    if not user:
        return None
    return f"{user}, {a_date(when.date())}" if when else user


def _size(size: int | None) -> str:
    if size is None:
        return ""
    return _("{0:,.0f} KB").format(size / 1024) if size >= 1024 else f"{size} B"


def story(scope_name: str, period_text: str, rows: list[dict[str, Any]]) -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    actuals = {(row["reference"], row["quarter"]) for row in rows}
    bare = {(row["reference"], row["quarter"]) for row in rows if row["file"] is None}
    out: list[Flowable] = [
        para(_("Evidence index {0}").format(period_text), "title"),
        para(_(
                "{0} · {1} · {2} · {3} without evidence").format(scope_name,
                count_of(len(actuals), 'reported actual'),
                count_of(len(rows) - len(bare), 'evidence file'),
                len(bare)), "subtitle"),
        para(_("Every actual submitted for review, with each evidence file as stored (size and SHA-256 of its "
             "content: the same file gives the same hash on any computer) and who captured, verified and "
             "approved the value, and when. Drafts not yet submitted are not listed."), "note"),
        spacer(2), *heading(_("Actuals and their evidence"), "h2"),
    ]
    table_rows = [[row["reference"], row["quarter"], row["actual"], row["status"], row["file"] or NO_EVIDENCE,
                   _size(row["size"]), _hash_lines(row["sha256"]), row["captured"] or "", row["verified"] or "",
                   row["approved"] or ""] for row in rows]
    if table_rows:
        out.append(data_table(HEADER, table_rows, [s * width for s in SHARES], right_align=(5,)))
    else:
        out.append(para(_("No actual has been submitted in this scope."), "body"))
    return out


def _hash_lines(digest: str | None) -> str:
    """The hash in two halves, so it wraps between them and never inside a half."""
    return "" if digest is None else f"{digest[:32]}\n{digest[32:]}"

