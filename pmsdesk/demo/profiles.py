"""The vocabulary of each demo profile: South African municipality, Kenyan county, Tanzanian LGA."""

from __future__ import annotations

from dataclasses import dataclass

from pmsdesk.models import AgreementKind, KpaScope, OrganisationKind, PlanKind
from pmsdesk.services.setup_profiles import ZA_NATIONAL_KPAS

from .templates import KE_TEMPLATES, TZ_TEMPLATES, ZA_TEMPLATES, KpiTemplate


@dataclass(frozen=True)
class Profile:
    code: str
    country: str
    organisation_kind: OrganisationKind
    organisation_names: tuple[str, ...]
    unit_level_name: str
    units: tuple[tuple[str, str], ...]  # (code, name); the code prefixes KPI references
    kpas: tuple[tuple[str, str], ...]
    kpa_scope: KpaScope
    plan_kind: PlanKind
    #: The plan's name without its period; the title adds the period the plan's years hold.
    plan_name: str
    #: First and last year of the plan (a financial-year plan "2021/22–2025/26" runs 2021 to 2026).
    plan_years: tuple[int, int]
    #: Whether the plan's title writes financial years ("2021/22–2025/26") or calendar years ("2023–2027").
    plan_in_financial_years: bool
    objectives: tuple[str, ...]
    areas: tuple[str, ...]
    templates: tuple[KpiTemplate, ...]
    agreement_kind: AgreementKind
    rule_set_code: str
    senior_titles: tuple[str, ...]
    senior_names: tuple[str, ...]
    competencies: tuple[str, ...]  # CCRs (SA) or attributes of good performance (OPRAS)
    capital: str
    #: Whether a KPI's strategic objective follows its KPA (SA: one objective per national KPA) or its unit.
    objectives_follow_kpas: bool = False

    @property
    def plan_title(self) -> str:
        """'Integrated Development Plan 2022/23–2026/27': the name with the period its years hold."""
        start, end = self.plan_years
        period = (f"{start}/{str(start + 1)[-2:]}–{end - 1}/{str(end)[-2:]}" if self.plan_in_financial_years
                  else f"{start}–{end}")
        return f"{self.plan_name} {period}"


ZA = Profile(
    code="za-municipality",
    country="ZA",
    organisation_kind=OrganisationKind.MUNICIPALITY,
    organisation_names=(
        "Ngwathe Local Municipality", "Thulamela Local Municipality", "Mkhondo Local Municipality",
        "Lepelle-Nkumpi Local Municipality", "Dikgatlong Local Municipality", "Msunduzi Local Municipality",
        "Emalahleni Local Municipality", "Maluti-a-Phofung Local Municipality", "Umzimvubu Local Municipality",
    ),
    unit_level_name="directorate",
    units=(
        ("MM", "Office of the Municipal Manager"), ("CS", "Corporate Services"),
        ("BTO", "Budget and Treasury"), ("TS", "Technical Services"),
        ("COM", "Community Services"), ("PED", "Planning and Economic Development"),
    ),
    kpas=ZA_NATIONAL_KPAS,
    kpa_scope=KpaScope.NATIONAL,
    plan_kind=PlanKind.IDP,
    plan_name="Integrated Development Plan",
    plan_years=(2022, 2027),
    plan_in_financial_years=True,
    objectives=(
        "To build a capable, ethical and developmental administration",
        "To provide sustainable basic services to all communities",
        "To create an enabling environment for economic growth and jobs",
        "To ensure sound and sustainable financial management",
        "To promote good governance and active public participation",
    ),
    areas=tuple(f"Ward {n}" for n in range(1, 22)),
    templates=ZA_TEMPLATES,
    agreement_kind=AgreementKind.SA_SECTION_56,
    rule_set_code="za_s56",
    senior_titles=("Municipal Manager", "Director: Technical Services"),
    senior_names=("Thandiwe Ṱhohoyandou-Mokoena", "Sipho Nkosi"),
    competencies=(
        "Strategic direction and leadership", "People management", "Financial management",
        "Governance leadership",
    ),
    capital="Parys",
    objectives_follow_kpas=True,
)

KE = Profile(
    code="ke-county",
    country="KE",
    organisation_kind=OrganisationKind.COUNTY,
    organisation_names=(
        "Murang'a County Government", "Kakamega County Government", "Machakos County Government",
        "Nyeri County Government", "Kilifi County Government", "Turkana County Government",
    ),
    unit_level_name="department",
    units=(
        ("GOV", "Governor's Office and Public Service"), ("HLT", "Health Services"),
        ("WAT", "Water, Environment and Natural Resources"), ("RDS", "Roads, Transport and Public Works"),
        ("AGR", "Agriculture, Livestock and Fisheries"), ("FIN", "Finance and Economic Planning"),
    ),
    # The criteria categories of a county performance contract (setup_profiles.KE_CRITERIA_CATEGORIES).
    kpas=(
        ("FSD", "Financial Stewardship and Discipline"), ("SD", "Service Delivery"),
        ("CM", "Core Mandate"), ("CC", "Cross-Cutting Issues"),
    ),
    kpa_scope=KpaScope.LOCAL,
    plan_kind=PlanKind.CIDP,
    plan_name="County Integrated Development Plan",
    plan_years=(2023, 2027),
    plan_in_financial_years=False,
    objectives=(
        "Responsive and accountable county governance", "Universal access to quality health care",
        "Safe water for every household", "Connected and accessible county",
        "Food security and farmer incomes", "Prudent management of public finances",
    ),
    areas=("Kangema", "Mathioya", "Kiharu", "Kigumo", "Maragwa", "Kandara", "Gatanga"),
    templates=KE_TEMPLATES,
    agreement_kind=AgreementKind.KE_PERFORMANCE_CONTRACT,
    rule_set_code="ke_pc",
    senior_titles=("County Secretary", "Chief Officer: Roads, Transport and Public Works"),
    senior_names=("Wanjiru Kamau", "Otieno Odhiambo"),
    competencies=(),
    capital="Murang'a",
)

TZ = Profile(
    code="tz-lga",
    country="TZ",
    organisation_kind=OrganisationKind.LGA,
    organisation_names=(
        "Moshi District Council", "Mbeya City Council", "Kahama Town Council",
        "Bagamoyo District Council", "Iringa Municipal Council",
    ),
    unit_level_name="department",
    units=(
        ("ADM", "Administration and Human Resources"), ("HLT", "Health Department"),
        ("EDU", "Primary Education"), ("WRK", "Works"),
        ("AGR", "Agriculture, Irrigation and Cooperatives"), ("FIN", "Finance and Trade"),
    ),
    kpas=(
        ("A", "Good governance and administrative services"), ("B", "Access to quality health services"),
        ("C", "Quality education"), ("D", "Infrastructure and works"),
        ("E", "Agricultural productivity"), ("F", "Revenue and financial management"),
    ),
    kpa_scope=KpaScope.LOCAL,
    plan_kind=PlanKind.MTSP,
    plan_name="Medium Term Strategic Plan",
    plan_years=(2021, 2026),
    plan_in_financial_years=True,
    objectives=(
        "Good governance and administrative services enhanced", "Access to quality health services improved",
        "Quality of education improved", "Economic and social infrastructure improved",
        "Agricultural production and productivity increased", "Own-source revenue increased",
    ),
    areas=("Kibosho", "Old Moshi", "Uru", "Kilema", "Marangu", "Mwika"),
    templates=TZ_TEMPLATES,
    agreement_kind=AgreementKind.TZ_OPRAS,
    rule_set_code="tz_opras",
    senior_titles=("District Executive Director", "District Engineer"),
    senior_names=("Neema Mushi", "Baraka Mwakyusa"),
    competencies=(
        "Working relationships", "Communication and listening", "Quality of output",
        "Initiative and creativity", "Integrity",
    ),
    capital="Moshi",
)

PROFILES = {profile.code: profile for profile in (ZA, KE, TZ)}
