"""Random but plausible SDBIP sheet layouts built from a known set of KPIs.

Municipalities lay their SDBIPs out in many ways; the importer must recover every KPI
and every quarterly target from any of them, not only from the workbooks it was
developed with. A layout draws, from one random source:

- which optional columns there are and their order (shuffled);
- each column's heading from the importer's own table of accepted headings, in
  upper, lower or title case;
- one header row, or two (a merged 'Quarterly targets' / 'Financial targets' band
  above Q1…Q4, or 'Q1' above 'Deliverable target' and 'Financial target');
- title rows above the header, KPA section title rows ('KPA 2.1 :NAME', '3. Name'),
  the header repeated under every section title, blank and sub-total rows;
- each number as a number, or as text the way people type it ('12 450',
  'R 4 500 000', '45%'), and placeholders ('-', 'N/A', '') where there is no target;
- the descriptive words (custodian, IDP strategy, focus area, project, national KPA);
- hidden rows (withdrawn KPIs that must not come in) and hidden columns (working notes, or
  an old copy of a target column, placed before the real one, that must not be read);
- (``formulas``) one quarterly target cell saved as a formula without its result.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pmsdesk.importers.columns import FIELDS, match_field
from pmsdesk.importers.workbook import Percent

QUARTERS = (1, 2, 3, 4)
PLACEHOLDERS = ("-", "N/A", "", None, "n/a", "_")
NATIONAL_KPA_TITLES = (
    "Basic Service Delivery", "Local Economic Development",
    "Municipal Transformation and Institutional Development",
    "Municipal Financial Viability and Management", "Good Governance and Public Participation")
WORDS = ("households", "water", "roads", "km", "graded", "meters", "installed", "reports", "submitted", "council",
         "ward", "clinics", "refuse", "removal", "indigent", "register", "updated", "jobs", "created", "EPWP")


@dataclass
class KnownKpi:
    """One KPI as the layout writes it and as the import must read it back."""

    reference: str
    name: str
    percentage: bool
    annual: float
    targets: dict[int, float]  # quarter → deliverable target; quarters without one are absent
    budgets: dict[int, float] = field(default_factory=dict)  # quarter → financial target
    custodian: str | None = None
    texts: dict[str, str] = field(default_factory=dict)  # strategy, focus_area, project
    kpa: str = ""  # the section it is written under


@dataclass
class Layout:
    """A sheet's rows and the KPIs in it, with the KPA section each KPI sits under."""

    rows: list[list[object]]
    kpis: list[KnownKpi]
    kpa_of: dict[str, str]
    description: list[str]
    columns: list[str] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)  # 1-based rows of withdrawn KPIs
    hidden_columns: set[int] = field(default_factory=set)
    withdrawn: list[str] = field(default_factory=list)  # references in hidden rows
    #: (row, column) → the reference of the KPI whose cell is a formula saved without its result.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


TEXT_KEYS = ("strategy", "focus_area", "project")
#: A hidden column: working notes, or an old copy of a target column with other figures.
HIDDEN_COLUMN = "hidden:"


def headings_for(key: str) -> list[str]:
    """Every accepted heading of ``key`` that the importer maps back to it on its own."""
    column = next(f for f in FIELDS if f.key == key)
    return [name for name in column.synonyms if match_field(name) == key]


def _cased(rng: random.Random, text: str) -> str:
    return rng.choice((text, text.upper(), text.title(), text.lower()))


def _kpis(rng: random.Random, financial: bool) -> list[KnownKpi]:
    kpis = []
    for index in range(rng.randint(1, 12)):
        percentage = rng.random() < 0.25
        quarters = [q for q in QUARTERS if rng.random() < 0.85]
        if percentage:
            targets = {q: float(rng.randint(1, 100)) for q in quarters}
            annual = float(rng.randint(1, 100))
        else:
            targets = {q: float(rng.choice((rng.randint(1, 60), rng.randint(100, 99_999)))) for q in quarters}
            annual = float(sum(targets.values()) or rng.randint(1, 500))
        budgets = {q: float(rng.randint(1, 90) * 50_000) for q in QUARTERS
                   if financial and rng.random() < 0.8}
        name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()
        texts = {key: " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).capitalize() for key in TEXT_KEYS}
        kpis.append(KnownKpi(f"{rng.choice(('TS', 'KPI', 'FIN', 'CS'))}{index + 1:0{rng.randint(1, 3)}d}",
                             f"{'Percentage of' if percentage else 'Number of'} {name.lower()}",
                             percentage, annual, targets, budgets,
                             rng.choice((None, "Director Technical Services", "CFO", "Manager: Roads")), texts))
    return kpis


def _number(rng: random.Random, value: float, percentage: bool, money: bool = False) -> object:
    """A number written as a person might have typed or formatted it."""
    whole = int(value) if value == int(value) else value
    if percentage:
        return rng.choice((whole, f"{whole}%", f"{whole} %", Percent(value)))
    if money:
        return rng.choice((whole, f"R {whole:,}".replace(",", " "), f"R{whole:,.2f}", f"{whole:,}"))
    if whole >= 1000:
        return rng.choice((whole, f"{whole:,}".replace(",", " "), f"{whole:,}"))
    return rng.choice((whole, str(whole)))


def _columns(rng: random.Random, financial: bool) -> list[str]:
    """The column keys of this layout, shuffled (reference and name kept near the front, as sheets do)."""
    optional = [key for key in ("unit_of_measure", "baseline", "responsible_person", "required_evidence",
                                "budget_vote", "ward", *TEXT_KEYS, "national_kpa") if rng.random() < 0.5]
    middle = ["annual_target", *(f"target_q{q}" for q in QUARTERS), *optional]
    if financial:
        middle += [f"budget_q{q}" for q in QUARTERS]
    rng.shuffle(middle)
    front = ["reference", "name"]
    rng.shuffle(front)
    columns = front + middle
    if rng.random() < 0.3:  # before the column it copies, where reading it would do harm
        copied = rng.choice(["annual_target", *(f"target_q{q}" for q in QUARTERS), "notes"])
        place = columns.index(copied) if copied in columns else rng.randint(2, len(columns))
        columns.insert(place, HIDDEN_COLUMN + copied)
    return columns


def _heading(rng: random.Random, key: str) -> str:
    if key == HIDDEN_COLUMN + "notes":
        return "Working notes"
    return _cased(rng, rng.choice(headings_for(key.removeprefix(HIDDEN_COLUMN))))


def _header_rows(rng: random.Random, columns: list[str], description: list[str]) -> list[list[object]]:
    """One or two header rows naming ``columns``."""
    style = rng.choice(("one", "one", "band", "quarter-over"))
    quarter_keys = [k for k in columns if k.startswith(("target_q", "budget_q"))]  # hidden copies have a heading
    if style == "quarter-over" and not any(k.startswith("budget_q") for k in columns):
        style = "band"
    description.append(f"header: {style}")
    if style == "one":
        return [[_heading(rng, key) for key in columns]]
    upper, lower = [], []
    for key in columns:
        if key not in quarter_keys:
            upper.append(None)
            lower.append(_heading(rng, key))
            continue
        quarter = key[-1]
        if style == "band":
            upper.append("Financial targets" if key.startswith("budget_q") else
                         rng.choice(("Quarterly targets", "Deliverable targets", "Targets")))
            lower.append(rng.choice((f"Q{quarter}", f"Quarter {quarter}")))
        else:
            upper.append(f"Q{quarter}")
            lower.append("Financial target" if key.startswith("budget_q") else
                         rng.choice(("Deliverable target", "Target", "Deliverable")))
    return [upper, lower]


def _cell(rng: random.Random, kpi: KnownKpi, key: str) -> object:
    if key.startswith(HIDDEN_COLUMN):
        return "see finance" if key.endswith("notes") else _number(rng, 7777, False)
    if key in TEXT_KEYS:
        return kpi.texts[key]
    if key == "national_kpa":
        return kpi.kpa
    if key == "reference":
        return kpi.reference
    if key == "name":
        return kpi.name
    if key == "annual_target":
        return _number(rng, kpi.annual, kpi.percentage)
    if key.startswith("target_q"):
        quarter = int(key[-1])
        return _number(rng, kpi.targets[quarter], kpi.percentage) if quarter in kpi.targets \
            else rng.choice(PLACEHOLDERS)
    if key.startswith("budget_q"):
        quarter = int(key[-1])
        return _number(rng, kpi.budgets[quarter], False, money=True) if quarter in kpi.budgets \
            else rng.choice(PLACEHOLDERS)
    if key == "responsible_person":
        return kpi.custodian
    return {"unit_of_measure": "%" if kpi.percentage else "Number", "baseline": rng.choice(("New", 0, 12)),
            "required_evidence": "Signed report", "budget_vote": "Own funding", "ward": "All"}[key]


def _section_title(rng: random.Random, number: int, name: str) -> str:
    return rng.choice((f"KPA {number}.{rng.randint(1, 3)} :{name.upper()}", f"KPA {number} – {name}",
                       f"{number}. {name}", f"KPA {number}: {name}", name))


def make_layout(rng: random.Random, *, formulas: bool = False) -> Layout:
    """One random sheet: title rows, header, KPA sections (maybe each with the header again), blank rows,
    hidden rows and columns; with ``formulas``, maybe one target cell saved as a formula without a result."""
    financial = rng.random() < 0.5
    kpis = _kpis(rng, financial)
    columns = _columns(rng, financial)
    description = [f"columns: {columns}"]
    header = _header_rows(rng, columns, description)
    width = len(columns)
    rows: list[list[object]] = [[rng.choice(("XYZ Local Municipality", "Top layer SDBIP 2026/27"))]
                                for _ in range(rng.randint(0, 3))]
    repeat = rng.random() < 0.5
    description.append(f"header repeated per section: {repeat}")
    kpa_of: dict[str, str] = {}
    hidden_rows: dict[int, str] = {}
    sections = rng.sample(range(len(NATIONAL_KPA_TITLES)), rng.randint(1, min(3, len(kpis))))
    chunks = _split(rng, kpis, len(sections))
    if not repeat:
        rows += [list(row) for row in header]
    for number, (kpa_index, chunk) in enumerate(zip(sections, chunks), start=1):
        title = _section_title(rng, number, NATIONAL_KPA_TITLES[kpa_index])
        rows.append([title] * width if rng.random() < 0.5 else [title])  # merged across, or in one cell
        if repeat:
            rows += [list(row) for row in header]
        for kpi in chunk:
            kpi.kpa = NATIONAL_KPA_TITLES[kpa_index]
            if rng.random() < 0.1:  # a withdrawn KPI, hidden rather than deleted
                withdrawn = _kpis(rng, financial)[0]
                withdrawn.reference, withdrawn.kpa = f"WD{len(hidden_rows) + 1}", kpi.kpa
                rows.append([_cell(rng, withdrawn, key) for key in columns])
                hidden_rows[len(rows)] = withdrawn.reference
            rows.append([_cell(rng, kpi, key) for key in columns])
            kpa_of[kpi.reference] = NATIONAL_KPA_TITLES[kpa_index]
            if rng.random() < 0.1:
                rows.append([None] * width)
    layout = Layout(rows, kpis, kpa_of, description, columns, set(hidden_rows),
                    {index for index, key in enumerate(columns, start=1) if key.startswith(HIDDEN_COLUMN)},
                    list(hidden_rows.values()))
    description.append(f"hidden rows: {sorted(layout.hidden_rows)}")
    if formulas and rng.random() < 0.3:
        _formula_cell(rng, layout)
    return layout


def _formula_cell(rng: random.Random, layout: Layout) -> None:
    """Blank one quarterly target and mark its cell as a formula saved without its result."""
    kpi = rng.choice(layout.kpis)
    if not kpi.targets:
        return
    quarter = rng.choice(sorted(kpi.targets))
    column = layout.columns.index(f"target_q{quarter}") + 1
    at = layout.columns.index("reference")
    row = next(index for index, values in enumerate(layout.rows, start=1)
               if len(values) > at and values[at] == kpi.reference and index not in layout.hidden_rows)
    layout.rows[row - 1][column - 1] = None
    layout.formulas[(row, column)] = kpi.reference
    layout.description.append(f"formula without a result at row {row}, column {column}")


def _split(rng: random.Random, items: list[KnownKpi], parts: int) -> list[list[KnownKpi]]:
    """``items`` in ``parts`` consecutive non-empty runs."""
    cuts = sorted(rng.sample(range(1, len(items)), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, len(items)]
    return [items[start:end] for start, end in zip(bounds, bounds[1:])]
