"""Each country's words for the same things, and how it writes money.

A South African municipality, a Kenyan county and a Tanzanian LGA keep the same
records (units, plans, KPAs, a one-year plan of KPIs, agreements) but name them
differently. Screens and printouts ask :func:`vocabulary_for` with the
organisation's country instead of writing "directorate" or "SDBIP" themselves,
so a new country or a corrected term is one entry here.

Sources, and choices where the sources differ:

- South Africa: Municipal Systems Act 32 of 2000 (IDP, section 56/57 managers,
  municipal manager, council) and MFMA 56 of 2003 s 1 and s 53 (SDBIP); the five
  national KPAs of the 2001 planning regulations. Money: the published SDBIPs in
  tests/data/published-sdbips write rand amounts mostly as "R1 200 000.00" (7 of
  11 amounts; the other 4 use commas); the SA style (space thousands separator)
  is followed, with the decimal point those SDBIPs use.
- Kenya: County Governments Act 2012 s 108 (CIDP), PFM Act 2012 s 126 (ADP),
  s 36 and s 44 (county executive committee members, county secretary), county
  assembly; performance contract matrix and criteria categories of the PC
  guidelines (PSPM&MU). Money: "KSh" with comma separators, as the Central Bank
  of Kenya and the county budget documents write it.
- Tanzania: Local Government (District Authorities) Act 1982 (full council,
  District Executive Director), the Medium Term Strategic Planning and Budgeting
  Manual (MTSP, key result areas, annual plan). Money: "TSh" with comma
  separators, as the Bank of Tanzania and LGA budget books write it.

Where a term could not be confirmed from a source it is marked in its comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pmsdesk.models import PlanKind, UnitLevel


@dataclass(frozen=True)
class Money:
    """How a country writes an amount: ``symbol`` before it, its thousands separator and decimal mark."""

    symbol: str
    code: str
    thousands: str
    decimal: str = "."
    #: Whether a (no-break) space stands between the symbol and the figure ("KSh 1,000" but "R1 000").
    spaced: bool = True

    def figure(self, value: float) -> str:
        """1234567 → '1 234 567' or '1,234,567'; cents only when there are any."""
        whole = float(value).is_integer()
        text = f"{abs(value):,.0f}" if whole else f"{abs(value):,.2f}"
        text = text.replace(",", "\0").replace(".", self.decimal).replace("\0", self.thousands)
        return f"-{text}" if value < 0 else text

    def amount(self, value: float | None) -> str:
        """'R1 234 567', 'KSh 1,234,567.50' (no-break spaces: an amount never splits over two lines)."""
        if value is None:
            return ""
        figure = self.figure(value)
        sign, figure = ("-", figure[1:]) if figure.startswith("-") else ("", figure)
        return f"{sign}{self.symbol}{NO_BREAK if self.spaced else ''}{figure}"

    @property
    def spreadsheet_format(self) -> str:
        """The number format of an amount cell ('"KSh "#,##0.00'): the cell keeps its number, so the
        workbook imports back unchanged; the spreadsheet's own locale draws the separators."""
        symbol = f"{self.symbol}{' ' if self.spaced else ''}".replace('"', "")
        return f'"{symbol}"#,##0.00' if symbol else "#,##0.00"

    def read(self, text: str) -> str:
        """``text`` with the symbol and separators taken out, as a number parser reads it."""
        stripped = text.strip()
        for mark in (self.symbol, self.code):
            if stripped.upper().startswith(mark.upper()):
                stripped = stripped[len(mark):]
        stripped = stripped.replace("\u00a0", "").replace(" ", "").replace(self.thousands.strip() or " ", "")
        return stripped.replace(self.decimal, ".") if self.decimal != "." else stripped


NO_BREAK = "\u00a0"  # a space that never breaks an amount over two lines

RAND = Money("R", "ZAR", NO_BREAK, spaced=False)
SHILLING_KE = Money("KSh", "KES", ",")
SHILLING_TZ = Money("TSh", "TZS", ",")
#: An organisation of a country without its own entry: the ISO-style neutral form.
NEUTRAL_MONEY = Money("", "", ",", spaced=False)


@dataclass(frozen=True)
class Vocabulary:
    """One country's words. Singular, lower case unless a name; screens capitalise as a sentence needs."""

    country: str
    #: The top level of the organisation's units, as the dashboard groups KPIs ("directorate").
    unit_word: str
    unit_words: str
    #: What each stored unit level is called: the levels are ranks (top, middle, bottom).
    level_names: dict[UnitLevel, str]
    #: What KPIs are grouped under (the KPA record).
    kpa_short: str
    kpa_shorts: str
    kpa_long: str
    kpa_longs: str
    #: The one-year plan of KPIs and targets a workbook is imported from.
    annual_plan: str
    import_title: str
    #: The plan kinds this country keeps, in the order the Plans screen offers them.
    plan_kinds: tuple[PlanKind, ...]
    senior_manager: str
    #: A senior manager's position title, as the People screen's example.
    position_example: str
    accounting_officer: str
    council: str
    #: An example of why a target changed, as the KPI editor's hint.
    target_change_example: str
    money: Money
    #: Agreement kinds (stored values) a new agreement may be, the first being the default.
    agreement_kinds: tuple[str, ...]
    #: Terms that belong to this country only: another country's screens must not show them.
    own_terms: tuple[str, ...] = field(default=())

    @property
    def has_national_kpas(self) -> bool:
        """South African municipalities report against the five national KPAs beside their own."""
        return self.country == "ZA"

    @property
    def kpa_word(self) -> str:
        """The KPA inside a sentence: 'KPA', but 'criteria category' in lower case."""
        return self.kpa_short if self.kpa_short.isupper() else self.kpa_long

    @property
    def kpa_words(self) -> str:
        """The KPAs inside a sentence: 'KPAs', but 'criteria categories'."""
        return self.kpa_shorts if self.kpa_short.isupper() else self.kpa_longs.lower()

    def level_name(self, level: UnitLevel | str) -> str:
        return self.level_names.get(UnitLevel(level), str(level).capitalize())

    def unit_hint(self) -> str:
        """What a top-level unit is ('directorate or department')."""
        names = [self.level_names[UnitLevel.DIRECTORATE], self.level_names[UnitLevel.DEPARTMENT]]
        return " or ".join(name.lower() for name in names)

    def plans_heading(self) -> str:
        """'Plans (IDP, strategic plans)' in the country's words."""
        return "Plans (" + ", ".join(PLAN_KIND_SHORT[kind] for kind in self.plan_kinds) + ")"

    def measured(self, value, measure) -> str:
        """A target or actual as :func:`pmsdesk.wording.measured_value` writes it, money with the currency."""
        from pmsdesk.wording import measured_value

        return measured_value(value, measure, self.money)


#: Plan kinds, in full and in short, the same in every country that keeps them.
PLAN_KIND_NAMES = {
    PlanKind.IDP: "IDP (Integrated Development Plan)",
    PlanKind.CIDP: "CIDP (County Integrated Development Plan)",
    PlanKind.ADP: "ADP (Annual Development Plan)",
    PlanKind.MTSP: "MTSP (Medium Term Strategic Plan)",
    PlanKind.STRATEGIC_PLAN: "Strategic plan",
}
PLAN_KIND_SHORT = {PlanKind.IDP: "IDP", PlanKind.CIDP: "CIDP", PlanKind.ADP: "ADP", PlanKind.MTSP: "MTSP",
                   PlanKind.STRATEGIC_PLAN: "strategic plans"}

ZA = Vocabulary(
    country="ZA", unit_word="directorate", unit_words="directorates",
    level_names={UnitLevel.DIRECTORATE: "Directorate", UnitLevel.DEPARTMENT: "Department",
                 UnitLevel.UNIT: "Unit"},
    kpa_short="KPA", kpa_shorts="KPAs", kpa_long="key performance area", kpa_longs="Key performance areas",
    annual_plan="SDBIP", import_title="Import SDBIP",
    plan_kinds=(PlanKind.IDP, PlanKind.STRATEGIC_PLAN),
    senior_manager="Section 56 manager", position_example="Director: Technical Services",
    accounting_officer="municipal manager", council="council",
    target_change_example="e.g. Adjustment budget approved by Council, February",
    money=RAND, agreement_kinds=("za_s56",),
    own_terms=("SDBIP", "IDP", "KPA", "KPAs", "key performance area", "Section 56", "Section 57", "S56",
               "municipal manager", "Rand", "CCR", "CCRs", "core competenc*", "MFMA"),
)
KE = Vocabulary(
    country="KE", unit_word="department", unit_words="departments",
    # A county department holds directorates, and they hold sections, as county organograms print them
    # (the Act names departments only; the lower ranks are not fixed by a source found).
    level_names={UnitLevel.DIRECTORATE: "Department", UnitLevel.DEPARTMENT: "Directorate",
                 UnitLevel.UNIT: "Section"},
    kpa_short="Criteria category", kpa_shorts="Criteria categories", kpa_long="criteria category",
    kpa_longs="Criteria categories",
    annual_plan="performance contract matrix", import_title="Import plan workbook",
    plan_kinds=(PlanKind.CIDP, PlanKind.ADP, PlanKind.STRATEGIC_PLAN),
    senior_manager="chief officer", position_example="Chief Officer: Health Services",
    accounting_officer="county secretary", council="county assembly",
    target_change_example="e.g. Supplementary budget approved by the County Assembly, February",
    money=SHILLING_KE, agreement_kinds=("ke_pc", "ke_spas"),
    own_terms=("CIDP", "ADP", "CECM", "county secretary", "county assembly", "PC matrix",
               "performance contract matrix", "KSh", "KES", "criteria categor*", "SPAS", "chief officer"),
)
TZ = Vocabulary(
    country="TZ", unit_word="department", unit_words="departments",
    # An LGA department (idara) holds sections and units (vitengo); the middle rank's English name is not
    # fixed by a source found: "Section" is what the LGA staffing structures commonly print.
    level_names={UnitLevel.DIRECTORATE: "Department", UnitLevel.DEPARTMENT: "Section", UnitLevel.UNIT: "Unit"},
    kpa_short="Key result area", kpa_shorts="Key result areas", kpa_long="key result area",
    kpa_longs="Key result areas",
    annual_plan="annual work plan", import_title="Import plan workbook",
    plan_kinds=(PlanKind.MTSP, PlanKind.STRATEGIC_PLAN),
    senior_manager="head of department", position_example="Head of Department: Works",
    accounting_officer="District Executive Director",
    council="full council",
    target_change_example="e.g. Reallocation approved by the Full Council, February",
    money=SHILLING_TZ, agreement_kinds=("tz_opras",),
    own_terms=("MTSP", "DED", "District Executive Director", "full council", "key result area", "TSh", "TZS",
               "OPRAS", "PEPMIS"),
)
#: Any other country: plain words every public body understands.
NEUTRAL = Vocabulary(
    country="", unit_word="department", unit_words="departments",
    level_names={UnitLevel.DIRECTORATE: "Department", UnitLevel.DEPARTMENT: "Section", UnitLevel.UNIT: "Unit"},
    kpa_short="Focus area", kpa_shorts="Focus areas", kpa_long="focus area", kpa_longs="Focus areas",
    annual_plan="annual plan", import_title="Import plan workbook",
    plan_kinds=(PlanKind.STRATEGIC_PLAN,),
    senior_manager="senior manager", position_example="Head of Finance",
    accounting_officer="accounting officer", council="governing body",
    target_change_example="e.g. Revised budget approved, February",
    money=NEUTRAL_MONEY, agreement_kinds=(),
)
VOCABULARIES = {vocabulary.country: vocabulary for vocabulary in (ZA, KE, TZ)}


def with_article(term: str) -> str:
    """'an SDBIP', 'a performance contract matrix', 'an annual work plan' (acronyms as they are spoken)."""
    spoken_vowel = term[0] in "AEFHILMNORSX" if term.split()[0].isupper() else term[0].lower() in "aeiou"
    return f"{'an' if spoken_vowel else 'a'} {term}"


def vocabulary_for(country: str | None) -> Vocabulary:
    """The words of ``country`` (ISO code); an unknown or missing country gets :data:`NEUTRAL`."""
    return VOCABULARIES.get((country or "").upper(), NEUTRAL)


def foreign_terms(country: str) -> tuple[str, ...]:
    """Terms of every other country that ``country``'s screens must not show."""
    own = set(vocabulary_for(country).own_terms)
    return tuple(term for other in VOCABULARIES.values() if other.country != country
                 for term in other.own_terms if term not in own)


def _pattern(term: str) -> re.Pattern[str]:
    """Acronyms match case-sensitively, phrases in any case; whole words, or a word start for 'stem*'."""
    stem = term.endswith("*")
    body = re.escape(term.rstrip("*")) + ("" if stem else "(?![A-Za-z])")
    flags = 0 if term.rstrip("s").isupper() else re.IGNORECASE
    return re.compile(rf"(?<![A-Za-z]){body}", flags)


def foreign_terms_in(text: str, country: str) -> list[str]:
    """The terms of other countries found in ``text`` (for tests and checks over whole screens)."""
    return [term for term in foreign_terms(country) if _pattern(term).search(text)]
