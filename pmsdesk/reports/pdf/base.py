"""What a report kind produces, and the look-ups every kind shares.

A report kind is a function ``collect(session, request) -> ReportContent``.
``ReportContent.data`` is the document's content as plain JSON: it is what
the fingerprint's data hash covers, so :mod:`.verify` can tell whether a
printed copy still matches the database by collecting it again with the
stored (resolved) request.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _
from pmsdesk.models import FinancialYear, Organisation, PerformanceAgreement, Person
from pmsdesk.services.errors import NotFound

from ..errors import ReportError
from .document import PORTRAIT

__all__ = ["ReportError", "ReportRequest", "ReportContent"]


@dataclass(frozen=True)
class ReportRequest:
    """What the user asked for. After ``collect`` every field that applies is resolved
    (organisation code, year label, period number, person id), so the stored request
    rebuilds exactly the same document."""

    kind: str
    year: str | None = None
    period: int | None = None
    organisation: str | None = None
    unit: str | None = None
    person: str | None = None
    #: The day (ISO, e.g. 2026-08-31) statuses are decided on: a quarter whose reporting deadline had not
    #: passed then is awaiting. None: today. Fixed for the samples, so they print the same on any day.
    as_of: str | None = None
    #: The language the document is printed in (``sw``, ``af`` …); None: the reader's (``i18n.current_language``).
    #: Resolved by ``issue_report`` and kept (when not English), so ``verify`` collects it in the same words.
    language: str | None = None

    def parameters(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}


@dataclass
class ReportContent:
    kind: str
    title: str
    period_text: str
    organisation_id: str | None
    organisation_code: str | None
    organisation_name: str
    request: ReportRequest
    data: Any
    #: Why the document is not final (None: final, no watermark).
    draft_reason: str | None
    story: Callable[[], list[Flowable]]
    orientation: str = PORTRAIT
    watermark_word: str = N_("DRAFT")

    @property
    def watermark(self) -> str | None:
        return _(self.watermark_word) if self.draft_reason else None


def folded(value: str) -> str:
    """Case- and accent-insensitive form, so 'thohoyandou' finds 'Ṱhohoyandou'."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())  # not translated
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'").strip()


def organisation(session: Session, code: str | None) -> Organisation:
    """The organisation with ``code``, or the only one in the database."""
    if code:
        found = session.scalar(select(Organisation).where(Organisation.code == code))
        if found is None:
            codes = list(session.scalars(select(Organisation.code).order_by(Organisation.code)))
            raise ReportError(_("--org: no organisation with code {0!r}; the database holds {1}").format(code, _listed(codes)))
        return found
    every = list(session.scalars(select(Organisation).order_by(Organisation.code).limit(21)))
    if not every:
        raise ReportError(_("the database holds no organisation; build one with 'pmsdesk demo'"))
    if len(every) > 1:
        raise ReportError(_("--org CODE is needed: the database holds {0}").format(_listed([o.code for o in every])))
    return every[0]


def financial_year(session: Session, org: Organisation, label: str | None,
                   default: Callable[[list[FinancialYear]], FinancialYear | None] | None = None
                   ) -> FinancialYear:
    years = list(session.scalars(select(FinancialYear).where(
        FinancialYear.organisation_id == org.id).order_by(FinancialYear.start_date)))
    if not years:
        raise ReportError(_("{0} has no financial year yet").format(org.code))
    if label is None:
        return (default(years) if default else None) or years[-1]
    for year in years:
        if year.label == label:
            return year
    raise ReportError(_(
            "--year: {0} has no financial year {1!r}; it has {2}").format(org.code, label, _listed([y.label for y in years])))


def agreement_for(session: Session, person_text: str | None, year_label: str | None,
                  kinds: tuple[str, ...], org_code: str | None = None) -> PerformanceAgreement:
    """The current agreement (latest amendment) of a person, found by id or by name.

    Names match without regard to case or accents; an ambiguous name lists the
    people it could mean.
    """
    query = select(PerformanceAgreement).join(Person, Person.id == PerformanceAgreement.person_id)
    query = query.where(PerformanceAgreement.kind.in_(kinds))
    if org_code:
        query = query.where(PerformanceAgreement.organisation_id == organisation(session, org_code).id)
    candidates = list(session.scalars(query))
    if year_label:
        in_year = [a for a in candidates if a.financial_year.label == year_label]
        if not in_year and candidates:
            years = sorted({a.financial_year.label for a in candidates})
            raise ReportError(_("--year: no agreement in {0}; agreements exist for {1}").format(year_label, _listed(years)))
        candidates = in_year
    if not candidates:
        raise ReportError(_("no {0} agreement in the database").format(' / '.join(kinds))
                          + (_(" for {0}").format(year_label) if year_label else ""))
    people = {a.person_id: a.person for a in candidates}
    if person_text:
        chosen = _match_people(person_text, list(people.values()))
        candidates = [a for a in candidates if a.person_id in chosen]
    elif len(people) > 1:
        names = sorted(p.full_name for p in people.values())
        raise ReportError(_("--person NAME_OR_ID is needed: agreements exist for {0}").format(_listed(names)))
    latest = max(candidates, key=lambda a: (a.financial_year.start_date, a.amendment_number))
    return latest


def _match_people(text: str, people: list[Person]) -> set[str]:
    by_id = [p for p in people if p.id == text.strip()]
    if by_id:
        return {by_id[0].id}
    wanted = folded(text)
    exact = [p for p in people if folded(p.full_name) == wanted]
    partial = exact or [p for p in people if wanted and wanted in folded(p.full_name)]
    if not partial:
        names = sorted(p.full_name for p in people)
        raise ReportError(_(
                "--person: nobody called {0!r} has an agreement; agreements exist for {1}").format(text, _listed(names)))
    if len({p.id for p in partial}) > 1:
        raise ReportError(_(
                "--person: {0!r} matches {1}; give more of the "
                "name or the person's id").format(text, _listed(sorted(p.full_name for p in partial))))
    return {partial[0].id}


def agreement_rules(session: Session, code: str) -> dict[str, Any]:
    """The latest stored revision of an agreement's rule set, else the shipped default."""
    from pmsdesk.services.agreement_rules import rules_for

    try:
        return rules_for(session, code)
    except NotFound as error:
        raise ReportError(_("the agreement names rule set {0!r}, which is neither stored nor shipped").format(code)) from error


def _listed(values: list[str], limit: int = 20) -> str:
    if not values:
        return "none"
    shown = ", ".join(values[:limit])
    return shown + (_(" … ({0} in all)").format(len(values)) if len(values) > limit else "")
