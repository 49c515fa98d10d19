"""Demo service providers of the South African municipality, rated each quarter, for the s46 report's section.

Written through the services (audited, validated) after the organisation's rows are in, like the
Tanzanian PEPMIS year. The contracts span the two demo years; one provider's contract ends with the
first year and one starts with the second, so each annual report lists a different set.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import FinancialYear, PeriodKind, ReportingPeriod
from pmsdesk.services.actor import Actor
from pmsdesk.services.service_providers import assess_service_provider, create_service_provider

from .builder import OrganisationRows

#: Unit index (the ZA profile's units: MM, CS, BTO, TS, COM, PED), the provider, and its ratings per
#: year label and quarter: (rating, comment, corrective action).
PROVIDERS: tuple[tuple[int, dict[str, Any], dict[str, list[tuple[int, str, str | None]]]], ...] = (
    (4, {"name": "Riverside Waste Solutions (Pty) Ltd", "services": "Kerbside refuse collection in wards 1 to 12 "
         "and management of the Parys landfill site", "contract_reference": "NLM/T09/2023",
         "contract_value": 6_480_000, "start_date": "2023-07-01", "end_date": "2026-06-30"},
     {"2024/25": [(4, "All routes collected on schedule; landfill compliance audit passed.", None),
                  (3, "Two missed collections in ward 7 during the December peak.", None),
                  (2, "Compactor truck out of service for three weeks; backlog in wards 5 to 8.",
                   "Penalty of R42 000 applied under clause 14; standby vehicle required by 15 April."),
                  (3, "Backlog cleared; standby vehicle in place.", None)],
      "2025/26": [(3, "Routes collected; complaints about spillage at the transfer station.",
                   "Spillage control plan to be submitted with the October invoice."),
                  (4, "Spillage plan implemented; no complaints this quarter.", None),
                  (4, "Collected on schedule through the festive season.", None)]}),
    (3, {"name": "Mvula Water Tankers CC", "services": "Emergency water supply by tanker to informal settlements "
         "in Tumahole and Schonkenville", "contract_reference": "NLM/T21/2024", "contract_value": 2_150_000,
         "start_date": "2024-01-01", "end_date": "2026-12-31"},
     {"2024/25": [(3, "Deliveries made, logbooks incomplete for August.", "Signed delivery logbook per trip."),
                  (3, "Logbooks complete; two late deliveries.", None),
                  (4, "All deliveries within the agreed window.", None),
                  (4, "Deliveries on time; tanks cleaned as scheduled.", None)],
      "2025/26": [(4, "On time; water quality samples compliant.", None),
                  (4, "On time through the heat wave.", None),
                  (3, "One tanker broke down; replaced within 48 hours.", None)]}),
    (1, {"name": "Sentinel Protection Services", "services": "Guarding of municipal offices, depots and "
         "water works", "contract_reference": "NLM/T04/2024", "contract_value": 3_720_000,
         "start_date": "2024-07-01", "end_date": "2025-06-30"},
     {"2024/25": [(3, "Guards at all sites; occurrence books kept.", None),
                  (2, "Break-in at the Parys depot; guard absent from post.",
                   "Written warning; supervisor patrols twice per shift."),
                  (2, "Two posts unmanned on weekends.", "Penalties deducted; weekly roster to be submitted."),
                  (1, "Repeated absences; contract not renewed.",
                   "Contract ended 30 June 2025; new tender NLM/T02/2025 awarded.")]}),
    (2, {"name": "Lesedi Revenue Services (Pty) Ltd", "services": "Meter reading and data cleansing of the "
         "billing system", "contract_reference": "NLM/T02/2025", "contract_value": 1_860_000,
         "start_date": "2025-07-01", "end_date": "2028-06-30"},
     {"2025/26": [(3, "Readings 91% of meters; estimates above the 5% target.",
                   "Reading routes rebalanced; progress report monthly."),
                  (4, "Readings 97% of meters.", None)]}),
)
ASSESSOR = "Contract Management Unit (SCM)"


def add_service_providers(session: Session, actor: Actor, out: OrganisationRows) -> None:
    """Record the demo providers and their assessments (each quarter assessed ten days after it ends)."""
    quarters: dict[str, list[ReportingPeriod]] = {}
    for year in session.scalars(select(FinancialYear).where(FinancialYear.organisation_id == out.organisation_id)):
        quarters[year.label] = list(session.scalars(select(ReportingPeriod).where(
            ReportingPeriod.financial_year_id == year.id, ReportingPeriod.kind == PeriodKind.QUARTER)
            .order_by(ReportingPeriod.number)))
    manager = out.people[1]["id"]  # the Director: Technical Services manages the contracts of the demo
    for unit_index, values, ratings in PROVIDERS:
        provider = create_service_provider(session, actor, out.organisation_id, {
            **values, "responsible_unit_id": out.unit_ids[unit_index],
            "responsible_person_id": manager if unit_index == 3 else None})
        for label, lines in ratings.items():
            for period, (rating, comment, action) in zip(quarters.get(label, []), lines):
                assess_service_provider(session, actor, provider.id, {
                    "period_id": period.id, "rating": rating, "comment": comment, "corrective_action": action,
                    "assessed_by": ASSESSOR, "assessed_on": period.end_date + timedelta(days=10)})
