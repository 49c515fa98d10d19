"""Finding the header row of an SDBIP sheet and mapping its headings to KPI fields.

Headings are compared after normalising ("KPI Ref #", "kpi_ref_number" and
"Ref No." all become plain words), then looked up in a table of synonyms that
municipal workbooks use. A saved template (heading → field) is consulted
first, so an official can correct a mapping once and reuse it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from pmsdesk import i18n
from pmsdesk.i18n import ENGLISH, LANGUAGES, N_, _, in_language
from pmsdesk.kpi_fields import FIELDS as KPI_FIELDS
from pmsdesk.kpi_fields import WORKBOOK, KpiField

from .problems import WorkbookError
from .workbook import SheetGrid, column_label

HEADER_SEARCH_ROWS = 30
MIN_HEADER_FIELDS = 3
IGNORE = "ignore"


@dataclass(frozen=True)
class ColumnField:
    key: str
    heading: str  # the heading exports write; always one of the synonyms
    synonyms: tuple[str, ...]


def _f(key: str, heading: str, *synonyms: str) -> ColumnField:
    return ColumnField(key, heading, (heading, *synonyms))


QUARTER_WORDS = {1: ("1", "1st", "first", "one"), 2: ("2", "2nd", "second", "two"),
                 3: ("3", "3rd", "third", "three"), 4: ("4", "4th", "fourth", "four")}
#: The month a quarter of a July–June year ends in, as SDBIPs head their quarter columns ("Sept", "30 June").
QUARTER_END_MONTHS = {1: ("sep", "sept", "september"), 2: ("dec", "december"), 3: ("mar", "march"),
                      4: ("jun", "june")}
#: Words around a quarter's name in a heading that still mean its deliverable (service delivery) target.
DELIVERABLE_WORDS = ("", "target", "targets", "deliverable", "deliverable target", "deliverables",
                     "service delivery target", "output target", "planned target", "projected target",
                     "performance target", "non financial target")
#: Words that mark a quarter's financial (budget) target: the money planned to be spent by then.
FINANCIAL_WORDS = ("financial target", "financial targets", "financial", "budget", "budget target",
                   "projected expenditure", "planned expenditure", "expenditure target", "cash flow",
                   "cashflow", "financial projection", "budget projection")


def _quarter_names(number: int) -> list[str]:
    """How a heading names quarter ``number``: 'Q1', 'Quarter 1', '1st quarter', 'Sept', '30 Sept'."""
    names = [f"q{number}", f"quarter {number}"]
    for word in QUARTER_WORDS[number]:
        names += [f"{word} quarter", f"quarter {word}"]
    for month in QUARTER_END_MONTHS[number]:
        names += [month, f"30 {month}", f"31 {month}", f"end {month}", f"by {month}"]
    return list(dict.fromkeys(names))


def _around(names: list[str], words: tuple[str, ...]) -> tuple[str, ...]:
    """Each quarter name with each word after it and before it ('Q1 target', 'target Q1')."""
    found = []
    for name in names:
        for word in words:
            found += [f"{name} {word}".strip(), f"{word} {name}".strip()]
    return tuple(dict.fromkeys(found))


def _quarter_synonyms(number: int) -> tuple[str, ...]:
    return _around(_quarter_names(number), DELIVERABLE_WORDS)


def _financial_synonyms(number: int) -> tuple[str, ...]:
    return _around(_quarter_names(number), FINANCIAL_WORDS)


#: Written out so the catalogues find each heading (N_ marks a literal).
_QUARTER_TARGETS = {1: N_("Q1 target"), 2: N_("Q2 target"), 3: N_("Q3 target"), 4: N_("Q4 target")}
_FINANCIAL_TARGETS = {1: N_("Q1 financial target"), 2: N_("Q2 financial target"), 3: N_("Q3 financial target"),
                      4: N_("Q4 financial target")}
#: The workbook's own columns, which are no KPI field: the unit a KPI is found by, and each quarter's targets.
UNIT_COLUMNS = ("directorate", "department")
OWN_COLUMNS: tuple[ColumnField, ...] = (
    _f("directorate", N_("Directorate"), "department", "department name", "directorate name", "dept",
       "responsible directorate"),
    _f("department", N_("Department / unit"), "sub department", "subdepartment", "subdepartment name",
       "sub department name", "sub directorate", "division", "section", "unit", "responsible department",
       "responsible unit", "department unit"),
    *(_f(f"target_q{q}", _QUARTER_TARGETS[q], *_quarter_synonyms(q)) for q in QUARTER_WORDS),
    *(_f(f"budget_q{q}", _FINANCIAL_TARGETS[q], *_financial_synonyms(q)) for q in QUARTER_WORDS),
)


def workbook_columns(fields: tuple[KpiField, ...] = KPI_FIELDS, order: tuple[str, ...] = WORKBOOK,
                     own: tuple[ColumnField, ...] = OWN_COLUMNS) -> tuple[ColumnField, ...]:
    """Every column of an SDBIP workbook in ``order``: the KPI fields' (kpi_fields.py) and the workbook's own."""
    found = {column.key: column for column in own} | {
        field.column: ColumnField(field.column, field.heading, field.headings)
        for field in fields if field.column and field.heading}
    return tuple(found[key] for key in order)


FIELDS = workbook_columns()
FIELD_KEYS = {f.key: f for f in FIELDS}
_YEARS = re.compile(r"\b(19|20)\d\d(\s*[/-]\s*\d{2,4})?\b")
_PARENS = re.compile(r"\([^)]*\)")


def normalise(heading: object) -> str:
    """Lower-case words only: 'Annual Target (2016/17)' → 'annual target'; 'KPI Ref #' → 'kpi ref'."""
    text = str(heading or "").lower().replace("&", " and ").replace("%", " percent ")
    text = _PARENS.sub(" ", text) if _PARENS.sub(" ", text).strip() else text
    text = _YEARS.sub(" ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = ["no" if word in ("nr", "number", "num") and i > 0 else word for i, word in enumerate(text.split())]
    return " ".join(words)


_SYNONYMS: dict[str, str] = {}
for _field in FIELDS:
    for _name in _field.synonyms:
        _SYNONYMS.setdefault(normalise(_name), _field.key)


@lru_cache(maxsize=4)
def _translated_headings(locale_dir: str) -> dict[str, str]:
    """Each field's heading as every offered language writes it (a register exported in Kiswahili) → field key.

    Read after the English synonyms, which win a clash; ``locale_dir`` keys the cache (tests compile their own).
    """
    found: dict[str, str] = {}
    for code in LANGUAGES:
        if code == ENGLISH:
            continue
        with in_language(code):
            for column in FIELDS:
                key = normalise(_(column.heading))
                if key and key not in _SYNONYMS:
                    found.setdefault(key, column.key)
    return found


def match_field(heading: object, template: Mapping[str, str] | None = None) -> str | None:
    """The KPI field a heading names, ``IGNORE`` if the template says skip it, else None."""
    key = normalise(heading)
    if not key:
        return None
    if template and key in template:
        return template[key] or IGNORE
    found = _SYNONYMS.get(key)
    if found is None and key.endswith(" percent"):
        found = _SYNONYMS.get(key.removesuffix(" percent"))
    if found is None and "quarterly" in key.split():  # 'Quarterly financial targets' above 'Q1'
        found = _SYNONYMS.get(" ".join(word for word in key.split() if word != "quarterly"))
    if found is None:
        found = _translated_headings(str(i18n.LOCALE_DIR)).get(key)
    return found


@dataclass
class HeaderMap:
    """Where a sheet's header is and what each column holds."""

    row: int
    fields: dict[str, int] = field(default_factory=dict)  # field → 1-based column
    headings: dict[int, str] = field(default_factory=dict)  # column → heading as written
    ignored: dict[int, str] = field(default_factory=dict)  # column → why it is not imported
    percent_columns: set[int] = field(default_factory=set)  # headings that say "%"
    hidden_read: set[int] = field(default_factory=set)  # hidden columns read all the same (asked for)

    def column(self, key: str) -> str | None:
        index = self.fields.get(key)
        return None if index is None else column_label(index, self.headings.get(index))


HIDDEN_ADVICE = "unhide it, or choose to read hidden rows and columns (--include-hidden), to import it"


def _map_row(grid: SheetGrid, row: int, template: Mapping[str, str] | None, include_hidden: bool) -> HeaderMap:
    header = HeaderMap(row)
    cells = grid.rows[row - 1]
    above = grid.rows[row - 2] if row > 1 else []
    for index, value in enumerate(cells, start=1):
        if value is None:
            continue
        heading = " ".join(str(value).split())
        parent = above[index - 1] if index - 1 < len(above) else None
        combined = f"{parent} {heading}" if parent is not None and str(parent) != str(value) else None
        key = (match_field(combined, template) if combined else None) or match_field(heading, template)
        header.headings[index] = heading
        if index in grid.hidden_columns and not include_hidden:
            header.ignored[index] = (f"hidden column (it would be {FIELD_KEYS[key].heading}); {HIDDEN_ADVICE}"
                                     if key not in (None, IGNORE) else "hidden column, heading not recognised")
            continue
        if "%" in heading or "percent" in heading.lower():
            header.percent_columns.add(index)
        if key is None:
            header.ignored[index] = "heading not recognised"
        elif key == IGNORE:
            header.ignored[index] = "ignored by the template"
        elif key == "directorate" and key in header.fields and "department" not in header.fields:
            header.fields["department"] = index  # 'Directorate' then 'Department': the second is the unit below
        elif key in header.fields:
            first = column_label(header.fields[key], header.headings[header.fields[key]])
            header.ignored[index] = f"also looks like {FIELD_KEYS[key].heading}; column {first} is used"
        else:
            header.fields[key] = index
            if index in grid.hidden_columns:
                header.hidden_read.add(index)
    if "national_kpa" in header.fields and "kpa" not in header.fields:  # the only KPA column: the KPI's KPA
        header.fields["kpa"] = header.fields.pop("national_kpa")
    return header


def find_header(grid: SheetGrid, template: Mapping[str, str] | None = None, *,
                include_hidden: bool = False) -> HeaderMap:
    """The row within the first rows that names most KPI fields, including a reference or name; hidden columns
    are left out (and said so) unless ``include_hidden``."""
    best: HeaderMap | None = None
    for row in range(1, min(len(grid.rows), HEADER_SEARCH_ROWS) + 1):
        candidate = _map_row(grid, row, template, include_hidden)
        if best is None or len(candidate.fields) > len(best.fields):
            best = candidate
    if best is None or len(best.fields) < MIN_HEADER_FIELDS or not {"reference", "name"} & set(best.fields):
        seen = f" (best guess: row {best.row} with {', '.join(best.headings.values()) or 'nothing'})" if best else ""
        raise WorkbookError(
            f"sheet '{grid.name}': no header row found in the first {HEADER_SEARCH_ROWS} rows{seen}; "
            "expected headings such as 'KPI Ref', 'KPI', 'Baseline', 'Annual target', 'Q1 target'. "
            "Rename the headings or map them with a template")
    hidden = "".join(f"; column {column_label(index, best.headings[index])} is a {why}"
                     for index, why in best.ignored.items() if why.startswith("hidden"))
    if "reference" not in best.fields:
        raise WorkbookError(f"sheet '{grid.name}' row {best.row}: no KPI reference column (such as 'KPI Ref' "
                            f"or 'Ref No'); add one so each KPI can be found again, or map one with a template{hidden}")
    if "name" not in best.fields:
        raise WorkbookError(f"sheet '{grid.name}' row {best.row}: no KPI name column (such as 'KPI' or "
                            f"'Key performance indicator'); add one or map one with a template{hidden}")
    return best


def headings_markdown() -> str:
    """docs/SDBIP_HEADINGS.md: every field and the headings that name it (regenerate with
    ``python -m pmsdesk.importers.columns > docs/SDBIP_HEADINGS.md``)."""
    lines = ["# SDBIP headings the importer recognises", "",
             "Generated from `pmsdesk/kpi_fields.py` (each KPI field's heading and aliases) and",
             "`pmsdesk/importers/columns.py` (`python -m pmsdesk.importers.columns`). Headings are compared after",
             "normalising: case, punctuation, years ('2016/17') and words in brackets are ignored,",
             "so 'Annual Target (2016/17)' is 'annual target'. A two-row header reads the upper cell and the",
             "lower one together ('Quarterly targets' over 'Q1'). A heading not listed here can be mapped once in",
             "the Import SDBIP screen (or with `--map HEADING=FIELD`) and saved as a column template.", "",
             "Hidden columns and rows are left out and named in the report (`--include-hidden`, or *Read hidden",
             "rows and columns* in the window, reads them); a formula cell saved without its result is named by",
             "sheet, cell and KPI, never read as empty. A responsible official or programme that matches nobody",
             "in the database is kept on the KPI as written (custodian, project).", "",
             "| field | written by exports as | also accepted |", "|---|---|---|"]
    quarter_fields = {f"{prefix}{q}" for prefix in ("target_q", "budget_q") for q in QUARTER_WORDS}
    for column in FIELDS:
        if column.key in quarter_fields:
            words = "deliverable" if column.key.startswith("target_q") else "financial"
            others = f"the quarter's name (below) with a {words} word before or after it"
        else:
            others = ", ".join(f"`{name}`" for name in column.synonyms[1:])
        lines.append(f"| `{column.key}` | {column.heading} | {others} |")
    lines += ["", "Quarter names (July–June year): " + "; ".join(
        f"Q{q}: " + ", ".join(f"`{name}`" for name in _quarter_names(q)) for q in QUARTER_WORDS),
        "", "Deliverable words (also none at all): " + ", ".join(f"`{w}`" for w in DELIVERABLE_WORDS if w),
        "", "Financial words: " + ", ".join(f"`{w}`" for w in FINANCIAL_WORDS)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(headings_markdown(), end="")
