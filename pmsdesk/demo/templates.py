"""Realistic KPI templates per demo profile: what real SDBIPs and contracts measure.

A template is (unit index, name, unit of measure, measure, calculation, direction,
annual target, portfolio of evidence). ``{area}`` in a name is replaced by a ward,
sub-county or village so one template yields several KPIs.
"""

from __future__ import annotations

from typing import NamedTuple

from pmsdesk.models import CalculationType as C
from pmsdesk.models import Direction as D
from pmsdesk.models import MeasureType as M


class KpiTemplate(NamedTuple):
    unit: int
    name: str
    unit_of_measure: str
    measure: M
    calculation: C
    direction: D
    annual_target: float
    evidence: str
    kpa: int


ACC, CO, STD, LAST, REV, ZERO = C.ACCUMULATIVE, C.CARRY_OVER, C.STAND_ALONE, C.LAST_VALUE, C.REVERSE_STAND_ALONE, C.ZERO
HI, LO, MS = D.HIGHER_IS_BETTER, D.LOWER_IS_BETTER, D.MILESTONE

# Unit index: 0 municipal manager, 1 corporate, 2 budget and treasury, 3 technical, 4 community, 5 planning.
# KPA index: 0 transformation, 1 basic services, 2 LED, 3 finance, 4 governance.
ZA_TEMPLATES: tuple[KpiTemplate, ...] = (
    KpiTemplate(0, "Number of council meetings held", "Meetings", M.NUMBER, ACC, HI, 4, "Minutes and attendance registers", 4),
    KpiTemplate(0, "Date annual report tabled in council", "Date", M.DATE, LAST, MS, 0, "Council resolution", 4),
    KpiTemplate(0, "Number of ward committee meetings held in {area}", "Meetings", M.NUMBER, ACC, HI, 12, "Minutes and attendance registers", 4),
    KpiTemplate(0, "Unqualified audit opinion obtained from the Auditor-General", "Yes/No", M.YES_NO, LAST, MS, 1, "Audit report", 4),
    KpiTemplate(0, "Number of internal audit reports submitted to the audit committee", "Reports", M.NUMBER, ACC, HI, 4, "Audit committee minutes", 4),
    KpiTemplate(0, "Number of unresolved audit findings", "Findings", M.NUMBER, ZERO, LO, 0, "Audit action plan", 4),
    KpiTemplate(1, "% of staff trained according to the Workplace Skills Plan", "% of staff", M.PERCENTAGE, CO, HI, 80, "Training registers", 0),
    KpiTemplate(1, "Number of vacant budgeted posts filled", "Posts", M.NUMBER, ACC, HI, 24, "Appointment letters", 0),
    KpiTemplate(1, "Average number of days to fill a vacant post", "Days", M.NUMBER, REV, LO, 90, "Recruitment register", 0),
    KpiTemplate(1, "Employment equity plan submitted to the Department of Labour", "Yes/No", M.YES_NO, LAST, MS, 1, "Acknowledgement of receipt", 0),
    KpiTemplate(1, "Number of Local Labour Forum meetings held", "Meetings", M.NUMBER, ACC, HI, 4, "Minutes", 0),
    KpiTemplate(2, "% of capital budget spent", "% of budget", M.PERCENTAGE, CO, HI, 95, "Section 71 reports", 3),
    KpiTemplate(2, "Debt collection rate", "% of billing", M.PERCENTAGE, STD, HI, 85, "Billing and receipts reports", 3),
    KpiTemplate(2, "Number of days to pay creditors", "Days", M.NUMBER, REV, LO, 30, "Creditors age analysis", 3),
    KpiTemplate(2, "Rand value of revenue collected", "Rand", M.CURRENCY, ACC, HI, 180_000_000, "Cash book", 3),
    KpiTemplate(2, "Rand value of irregular expenditure incurred", "Rand", M.CURRENCY, ZERO, LO, 0, "Irregular expenditure register", 3),
    KpiTemplate(2, "Date draft budget tabled in council", "Date", M.DATE, LAST, MS, 0, "Council resolution", 3),
    KpiTemplate(2, "% of indigent households receiving free basic services", "% of households", M.PERCENTAGE, STD, HI, 100, "Indigent register", 3),
    KpiTemplate(3, "Number of households with access to basic water in {area}", "Households", M.NUMBER, ACC, HI, 300, "Job cards and completion certificates", 1),
    KpiTemplate(3, "Number of households connected to electricity in {area}", "Households", M.NUMBER, ACC, HI, 150, "Completion certificates", 1),
    KpiTemplate(3, "Kilometres of gravel road graded in {area}", "km", M.NUMBER, ACC, HI, 40, "Job cards and pictures", 1),
    KpiTemplate(3, "Kilometres of road resealed in {area}", "km", M.NUMBER, ACC, HI, 3.5, "Practical completion certificate", 1),
    KpiTemplate(3, "% of water losses (non-revenue water)", "% of water supplied", M.PERCENTAGE, REV, LO, 25, "Water balance report", 1),
    KpiTemplate(3, "% of completion of the {area} sports facility", "% complete", M.PERCENTAGE, CO, HI, 100, "Progress reports and pictures", 1),
    KpiTemplate(3, "Number of VIP toilets constructed in {area}", "Toilets", M.NUMBER, ACC, HI, 120, "Completion certificates", 1),
    KpiTemplate(3, "Average days to repair water pipe bursts", "Days", M.NUMBER, REV, LO, 2, "Complaints register", 1),
    KpiTemplate(4, "Number of households with weekly refuse removal in {area}", "Households", M.NUMBER, LAST, HI, 4500, "Refuse collection schedule", 1),
    KpiTemplate(4, "Number of library outreach programmes held", "Programmes", M.NUMBER, ACC, HI, 12, "Attendance registers", 1),
    KpiTemplate(4, "Number of road safety campaigns held in {area}", "Campaigns", M.NUMBER, ACC, HI, 4, "Attendance registers and pictures", 1),
    KpiTemplate(4, "Number of illegal dumping sites cleared", "Sites", M.NUMBER, ACC, HI, 20, "Before and after pictures", 1),
    KpiTemplate(4, "Disaster management plan reviewed and adopted", "Yes/No", M.YES_NO, LAST, MS, 1, "Council resolution", 1),
    KpiTemplate(5, "Number of jobs created through EPWP in {area}", "Jobs", M.NUMBER, ACC, HI, 60, "EPWP reporting system", 2),
    KpiTemplate(5, "Number of SMMEs supported", "SMMEs", M.NUMBER, ACC, HI, 40, "Support register", 2),
    KpiTemplate(5, "Number of building plans approved within 30 days", "Plans", M.NUMBER, ACC, HI, 150, "Building plans register", 2),
    KpiTemplate(5, "Spatial Development Framework reviewed", "Milestone", M.TEXT_MILESTONE, LAST, MS, 0, "Council resolution", 2),
    KpiTemplate(5, "Number of LED forum meetings held", "Meetings", M.NUMBER, ACC, HI, 4, "Minutes", 2),
    KpiTemplate(5, "Number of title deeds handed over in {area}", "Title deeds", M.NUMBER, ACC, HI, 80, "Signed handover register", 2),
)

# Unit index: 0 governor's office, 1 health, 2 water, 3 roads, 4 agriculture, 5 finance.
# KPA index (criteria categories): 0 financial stewardship, 1 service delivery, 2 core mandate, 3 cross-cutting.
KE_TEMPLATES: tuple[KpiTemplate, ...] = (
    KpiTemplate(0, "Number of County Assembly bills submitted", "Bills", M.NUMBER, ACC, HI, 8, "Assembly order paper", 2),
    KpiTemplate(0, "Number of public participation forums held in {area}", "Forums", M.NUMBER, ACC, HI, 4, "Attendance lists", 3),
    KpiTemplate(0, "Number of public complaints resolved within 30 days", "Complaints", M.NUMBER, ACC, HI, 120, "Complaints register", 1),
    KpiTemplate(1, "% of children under one fully immunised in {area}", "% of children", M.PERCENTAGE, STD, HI, 85, "KHIS reports", 2),
    KpiTemplate(1, "Number of health facilities upgraded in {area}", "Facilities", M.NUMBER, ACC, HI, 2, "Completion certificates", 2),
    KpiTemplate(1, "% of deliveries conducted by skilled birth attendants", "% of deliveries", M.PERCENTAGE, STD, HI, 75, "KHIS reports", 2),
    KpiTemplate(1, "Average stock-out days of essential medicines", "Days", M.NUMBER, REV, LO, 5, "Pharmacy stock cards", 1),
    KpiTemplate(2, "Number of boreholes drilled and equipped in {area}", "Boreholes", M.NUMBER, ACC, HI, 6, "Drilling reports", 2),
    KpiTemplate(2, "Number of households connected to piped water in {area}", "Households", M.NUMBER, ACC, HI, 400, "Connection register", 2),
    KpiTemplate(2, "Tree seedlings planted", "Seedlings", M.NUMBER, ACC, HI, 50_000, "Planting records", 3),
    KpiTemplate(3, "Kilometres of rural access roads graded in {area}", "km", M.NUMBER, ACC, HI, 30, "Measurement sheets", 2),
    KpiTemplate(3, "% completion of the county headquarters", "% complete", M.PERCENTAGE, CO, HI, 100, "Progress certificates", 2),
    KpiTemplate(3, "Number of bridges and culverts constructed", "Structures", M.NUMBER, ACC, HI, 12, "Completion certificates", 2),
    KpiTemplate(4, "Number of farmers trained on climate-smart agriculture in {area}", "Farmers", M.NUMBER, ACC, HI, 500, "Training registers", 2),
    KpiTemplate(4, "Number of livestock vaccinated", "Animals", M.NUMBER, ACC, HI, 40_000, "Vaccination records", 2),
    KpiTemplate(4, "Tonnes of subsidised fertiliser distributed", "Tonnes", M.NUMBER, ACC, HI, 300, "Distribution lists", 2),
    KpiTemplate(5, "Own-source revenue collected", "KES", M.CURRENCY, ACC, HI, 450_000_000, "Revenue reports", 0),
    KpiTemplate(5, "% absorption of the development budget", "% of budget", M.PERCENTAGE, CO, HI, 90, "IFMIS reports", 0),
    KpiTemplate(5, "Value of pending bills", "KES", M.CURRENCY, REV, LO, 50_000_000, "Pending bills register", 0),
    KpiTemplate(5, "Date the county budget estimates were approved", "Date", M.DATE, LAST, MS, 0, "Assembly resolution", 0),
    KpiTemplate(5, "County Annual Development Plan submitted to the Assembly", "Yes/No", M.YES_NO, LAST, MS, 1, "Transmittal letter", 0),
)

# Unit and KPA index: 0 administration, 1 health, 2 education, 3 works, 4 agriculture, 5 finance.
TZ_TEMPLATES: tuple[KpiTemplate, ...] = (
    KpiTemplate(0, "Number of full council meetings held", "Meetings", M.NUMBER, ACC, HI, 4, "Minutes", 0),
    KpiTemplate(0, "Number of village assembly meetings held in {area}", "Meetings", M.NUMBER, ACC, HI, 4, "Minutes", 0),
    KpiTemplate(0, "% of staff with completed OPRAS forms", "% of staff", M.PERCENTAGE, CO, HI, 100, "OPRAS register", 0),
    KpiTemplate(1, "% of pregnant women attending four antenatal visits in {area}", "% of women", M.PERCENTAGE, STD, HI, 80, "DHIS2 reports", 1),
    KpiTemplate(1, "Number of dispensaries constructed in {area}", "Dispensaries", M.NUMBER, ACC, HI, 1, "Completion certificates", 1),
    KpiTemplate(1, "Average days of stock-out of tracer medicines", "Days", M.NUMBER, REV, LO, 5, "eLMIS reports", 1),
    KpiTemplate(2, "Number of classrooms constructed in {area}", "Classrooms", M.NUMBER, ACC, HI, 6, "Completion certificates", 2),
    KpiTemplate(2, "% pass rate in the Primary School Leaving Examination", "% of pupils", M.PERCENTAGE, LAST, HI, 85, "NECTA results", 2),
    KpiTemplate(2, "Number of desks supplied to primary schools", "Desks", M.NUMBER, ACC, HI, 900, "Delivery notes", 2),
    KpiTemplate(3, "Number of council building projects inspected in {area}", "Inspections", M.NUMBER, ACC, HI, 12, "Site inspection reports", 3),
    KpiTemplate(3, "% completion of the district market", "% complete", M.PERCENTAGE, CO, HI, 100, "Progress certificates", 3),
    KpiTemplate(4, "Number of farmers reached by extension officers in {area}", "Farmers", M.NUMBER, ACC, HI, 600, "Extension registers", 4),
    KpiTemplate(4, "Warehouse receipt system operational", "Yes/No", M.YES_NO, LAST, MS, 1, "Inspection report", 4),
    KpiTemplate(5, "Own-source revenue collected", "TZS", M.CURRENCY, ACC, HI, 2_400_000_000, "Revenue reports", 5),
    KpiTemplate(5, "% of own-source revenue contributed to development projects", "% of revenue", M.PERCENTAGE, STD, HI, 40, "Financial statements", 5),
    KpiTemplate(5, "Date the annual financial statements were submitted", "Date", M.DATE, LAST, MS, 0, "Submission letter", 5),
)
