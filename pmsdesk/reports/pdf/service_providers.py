"""The annual performance report's section on external service providers (Municipal Systems Act s46(1)(a)(i)).

Section 46 asks the report to reflect each service provider's performance; MFMA s116(2) asks the
accounting officer to monitor it and report to council. Each provider of the register whose contract
runs in the year prints with its service, contract and responsible directorate, then one line per
quarter of the year (within the contract) with its rating, comment, corrective action and who
assessed it when; a quarter over but left unassessed prints as such, for the auditor to see the gap.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _
from pmsdesk.models import PeriodKind, ReportingPeriod
from pmsdesk.services.service_providers import rating_scale, register_rows
from pmsdesk.wording import count_of, money

from .blocks import data_table, heading
from .document import LANDSCAPE, frame_width
from .sdbip_data import SdbipScope
from .styles import markup, para

HEADER = [N_("Service provider and contract"), N_(
        "Quarter"), N_("Rating"), N_("Comment"), N_("Corrective action"), N_("Assessed by")]
SHARES = (0.25, 0.055, 0.085, 0.23, 0.23, 0.15)
NOT_ASSESSED = N_("Not assessed")


def provider_rows(session: Session, scope: SdbipScope) -> dict[str, Any]:
    """Plain data: the scale's words and, per provider, its contract lines and one line per quarter."""
    quarters = list(session.scalars(select(ReportingPeriod).where(
        ReportingPeriod.financial_year_id == scope.year.id, ReportingPeriod.kind == PeriodKind.QUARTER)
        .order_by(ReportingPeriod.number)))
    as_of = date.fromisoformat(scope.as_of) if scope.as_of else None
    today = as_of or date.today()
    scale = rating_scale(session)
    providers = []
    for row in register_rows(session, scope.organisation.id, scope.year,
                             unit_id=scope.unit.id if scope.unit else None, as_of=as_of):
        lines = []
        for quarter in quarters:
            if quarter.end_date < row.start_date or quarter.start_date > row.end_date or quarter.end_date > today:
                continue  # outside the contract, or not over on the report's day
            found = row.assessment_of(quarter.number)
            lines.append([f"Q{quarter.number}", found.rating_words, found.comment or "", found.corrective_action or "",
                          f"{found.assessed_by}, {found.assessed_on.isoformat()}"] if found
                         else [f"Q{quarter.number}", NOT_ASSESSED, "", "", ""])
        contract = [_(
                "Contract {0}, {1} to {2}").format(row.contract_reference,
                row.start_date.isoformat(),
                row.end_date.isoformat())]
        if row.contract_value is not None:
            contract.append(_("value {0}").format(money(row.contract_value, scope.organisation.country)))
        managed = ", ".join(part for part in (row.unit_name, row.person_name) if part)
        providers.append({"name": row.name, "services": row.services, "contract": "; ".join(contract),
                          "managed_by": managed, "quarters": lines})
    return {"scale": ", ".join(scale.words(point) for point in scale.points), "providers": providers}


def service_providers_section(register: dict[str, Any], scope: SdbipScope, number: int) -> list[Flowable]:
    """The s46 section: every provider's quarterly ratings, comments and corrective actions (South Africa only:
    the register and the Act are South African)."""
    if scope.organisation.country != "ZA":
        return []
    title = _("{0}. Performance of external service providers").format(number)
    providers = register["providers"]
    intro = para(_(
            "Section 46(1)(a)(i) of the Municipal Systems Act asks for "
            "the performance of each service provider; MFMA section "
            "116(2) asks the accounting officer to monitor it and "
            "report to council. {0} from the register with contracts in "
            "{1}; ratings on the scale {2}.").format(count_of(len(providers), 'service provider'),
            scope.year.label,
            register['scale']), "note")
    if not providers:
        return [*heading(title), intro,
                para(_("No service provider with a contract in {0} is recorded in the register.").format(scope.year.label),
                     "body")]
    rows: list[list[object]] = []
    for provider in providers:
        parts = [f"<b>{escape(provider['name'])}</b>", escape(provider["services"]), escape(provider["contract"])]
        if provider["managed_by"]:
            parts.append(escape(_("Managed by {0}").format(provider['managed_by'])))
        quarters = provider["quarters"] or [["–", _("No quarter of the year over within the contract"), "", "", ""]]
        for index, line in enumerate(quarters):  # later rows repeat the name: a page may start with one
            rows.append([markup("<br/>".join(parts), "cell") if index == 0 else provider["name"], *line])
    width = frame_width(LANDSCAPE)
    return [*heading(title), intro, data_table(HEADER, rows, [share * width for share in SHARES])]
