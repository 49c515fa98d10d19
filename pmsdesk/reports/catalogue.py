"""Every printed document and workbook pmsdesk makes, and which choices each one takes.

One declaration read by the command line (``pmsdesk report`` / ``export`` refuse an
option a kind does not take) and by the window's Reports screen (which shows only
the choices a kind takes): a new kind is one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmsdesk.i18n import N_

from .errors import ReportError

PDF, WORKBOOK = "pdf", "xlsx"
#: The choices in the order a form shows them.
CHOICES = ("org", "year", "period", "unit", "person")


@dataclass(frozen=True)
class ReportKind:
    key: str
    #: What the Reports screen lists (marked for the catalogue; the screen translates it).
    title: str
    #: One line on what it is (the command line's help).
    summary: str
    output: str
    choices: frozenset[str]
    #: Someone who may read only some units may make it for one of their units.
    for_one_unit: bool = False
    #: The countries (ISO codes) whose organisations have this document; empty: every country.
    #: The Reports screen offers it where the database holds such an organisation.
    countries: frozenset[str] = frozenset()

    def offered_in(self, countries: frozenset[str]) -> bool:
        return not self.countries or bool(self.countries & countries)

    @property
    def suffix(self) -> str:
        return f".{self.output}"

    def file_name(self, *parts: str | None) -> str:
        """A file name suggested to the user, from the kind and the choices made."""
        words = [self.key] + [p for p in parts if p]
        stem = "-".join(w.replace("/", "-").replace(" ", "-") for w in words)
        return stem + self.suffix


KINDS: tuple[ReportKind, ...] = (
    ReportKind("agreement", N_("Performance agreement (SA s56/57)"),
               "SA Section 56/57 performance agreement with its plan", PDF, frozenset({"year", "org", "person"}),
               countries=frozenset({"ZA"})),
    ReportKind("ke-contract", N_("Performance contract (Kenya)"),
               "Kenyan performance contract with its matrix and evaluation", PDF, frozenset({"year", "org", "person"}),
               countries=frozenset({"KE"})),
    ReportKind("spas-form", N_("SPAS appraisal (Kenya)"), "Kenyan SPAS staff performance appraisal report", PDF,
               frozenset({"year", "org", "person"}), countries=frozenset({"KE"})),
    ReportKind("opras-form", N_("OPRAS form (Tanzania)"), "Tanzanian OPRAS form", PDF,
               frozenset({"year", "org", "person"}), countries=frozenset({"TZ"})),
    ReportKind("pepmis", N_("PEPMIS report (Tanzania)"),
               "Tanzanian PEPMIS report of one employee (period and annual scores)", PDF,
               frozenset({"year", "org", "person"}), countries=frozenset({"TZ"})),
    ReportKind("pepmis-summary", N_("PEPMIS summary (Tanzania)"),
               "Tanzanian PEPMIS summary of an institution's employees", PDF, frozenset({"year", "org"}),
               countries=frozenset({"TZ"})),
    ReportKind("assessment", N_("Assessment form"), "assessment form: ratings, score and band", PDF,
               frozenset({"year", "org", "person"})),
    ReportKind("quarterly", N_("Quarterly performance report"), "quarterly performance report of the year's KPIs", PDF,
               frozenset({"year", "period", "org", "unit"})),
    ReportKind("mid-year", N_("Mid-year assessment (s72)"), "mid-year budget and performance assessment (s72)", PDF,
               frozenset({"year", "org", "unit"})),
    ReportKind("annual", N_("Annual performance report (s46)"), "annual performance report (s46)", PDF,
               frozenset({"year", "org", "unit"})),
    ReportKind("scorecard", N_("Scorecard"), "organisation or directorate scorecard", PDF,
               frozenset({"year", "period", "org", "unit"})),
    ReportKind("league-table", N_("League table (head office)"), "head-office league table of organisations", PDF,
               frozenset({"year", "period"})),
    ReportKind("indicator-descriptions", N_("Technical indicator descriptions"),
               "technical indicator description of every KPI", PDF, frozenset({"year", "org", "unit"})),
    ReportKind("evidence-index", N_("Evidence index (for the auditor)"),
               "evidence index for the auditor: each actual, its files and reviewers", PDF,
               frozenset({"year", "period", "org", "unit"})),
    ReportKind("register", N_("KPI register (Excel)"), "the KPI register, re-importable as a plan workbook", WORKBOOK,
               frozenset({"year", "org", "unit"}), for_one_unit=True),
    ReportKind("actuals-template", N_("Actuals template (Excel)"),
               "a directorate's actuals template to fill in offline and import back", WORKBOOK,
               frozenset({"year", "org", "unit", "period"}), for_one_unit=True),
    ReportKind("scorecard-workbook", N_("Scorecard (Excel)"), "the scorecard with traffic lights", WORKBOOK,
               frozenset({"year", "org", "period"})),
)
BY_KEY = {kind.key: kind for kind in KINDS}
#: The printed kinds whose statuses depend on the day they are decided on ("as of": a quarter whose
#: reporting deadline had not passed then is awaiting); the samples fix it, ``--as-of`` chooses it.
AS_OF_KINDS = frozenset({"assessment", "quarterly", "mid-year", "annual", "scorecard"})
PDF_KINDS = tuple(kind for kind in KINDS if kind.output == PDF)
WORKBOOK_KINDS = tuple(kind for kind in KINDS if kind.output == WORKBOOK)


def report_kind(key: str) -> ReportKind:
    try:
        return BY_KEY[key]
    except KeyError:
        raise ReportError(f"unknown report kind {key!r}; choose one of {', '.join(BY_KEY)}") from None


def refuse_unused(kind: ReportKind, given: set[str]) -> None:
    """Refuse a choice the kind does not take, rather than silently ignore it."""
    unused = sorted(given - kind.choices)
    if unused:
        raise ReportError(f"--{unused[0]} does not apply to the {kind.key} report (it takes "
                          f"{', '.join('--' + o for o in sorted(kind.choices))})")
