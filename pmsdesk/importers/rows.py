"""Turning the rows under a sheet's header into KPI drafts, headings and reported leftovers.

Every row below the header ends up in exactly one place: a KPI draft, a KPA
or directorate heading (which sets the KPA / directorate of the rows after
it), a blank row, a continuation of the KPI above (its text is appended), or
a problem naming the row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pmsdesk.kpi_fields import FIELDS as KPI_FIELDS
from pmsdesk.kpi_fields import columns_of

from .columns import HIDDEN_ADVICE, MIN_HEADER_FIELDS, HeaderMap, normalise
from .problems import WARNING, ImportProblem
from .values import clean_text, is_placeholder
from .workbook import SheetGrid, column_label

#: What to do about a formula saved without its result.
FORMULA_ADVICE = ("the program that saved the workbook did not calculate it; open the workbook in Excel or "
                  "LibreOffice Calc, save it there and import it again")

KPA_HEADING = re.compile(
    r"^\s*(?:KPA|Key\s+Performance\s+Area)\s*(?P<number>\d+(?:\.\d+)*[a-z]?|[IVX]+)?\s*[:.\-–]?\s*(?P<name>.*?)"
    r"\s*(?:[(\-–,;:]\s*)?(?:(?:KPA\s+)?weight(?:ing)?\s*[:=\-]?\s*(?P<weight>\d+(?:[.,]\d+)?)\s*%?\s*\)?)?\s*$",
    re.IGNORECASE)
#: '3. Financial Viability', '2.1 - Good governance': a numbered section title (a KPA only if its words name one).
NUMBERED_TITLE = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)*)\s*[:.)\-–]?\s+(?P<name>[A-Za-z].*?)\s*$")
UNIT_HEADING = re.compile(r"^\s*(?:directorate|department|dept)\s*[:\-–]\s*(?P<name>.+?)\s*$", re.IGNORECASE)
#: The five SA national KPAs with their usual codes; a heading that is just one of these names is a KPA heading.
NATIONAL_KPAS = {
    "basic service delivery": ("BSD", "Basic Service Delivery"),
    "local economic development": ("LED", "Local Economic Development"),
    "municipal transformation and institutional development":
        ("MTID", "Municipal Transformation and Institutional Development"),
    "municipal financial viability and management": ("MFVM", "Municipal Financial Viability and Management"),
    "good governance and public participation": ("GGPP", "Good Governance and Public Participation"),
}
#: Fields whose words a continuation row may add to.
TEXT_FIELDS = columns_of(field for field in KPI_FIELDS if field.continued)
CONTEXT_FIELDS = ("kpa", "strategic_objective", "directorate", "department")


@dataclass(frozen=True)
class KpaHeading:
    """'KPA 1: Basic Service Delivery Weight 10%' → number '1', name, weight 10."""

    number: str | None
    name: str
    weight: float | None
    sheet: str
    row: int


@dataclass
class KpiDraft:
    """One KPI row as typed, with where each field came from; not yet checked against the database."""

    sheet: str
    row: int
    cells: dict[str, Any]
    columns: dict[str, str]
    percent_fields: set[str]
    kpa_heading: KpaHeading | None = None
    directorate_heading: str | None = None
    continued_by: list[int] = field(default_factory=list)
    #: Unit fields left blank and taken from the KPI row above (field → that row), as merged-down cells read.
    carried: dict[str, int] = field(default_factory=dict)
    #: Fields whose cell holds a formula saved without its result (field → '=SUM(F3:F11)'): not empty, unknown.
    formulas: dict[str, str] = field(default_factory=dict)

    @property
    def reference(self) -> str:
        return clean_text(self.cells.get("reference") or "")

    def column(self, key: str) -> str | None:
        return self.columns.get(key)


@dataclass(frozen=True)
class RowOutcome:
    """What became of a row that is not a KPI: 'blank', 'kpa_heading', 'heading', 'continuation', 'error'."""

    sheet: str
    row: int
    kind: str
    message: str


@dataclass
class SheetRows:
    name: str
    header: HeaderMap
    drafts: list[KpiDraft] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    rows_below_header: int = 0


_KPA_STOP_WORDS = {"and", "of", "the", "kpa", "municipal", "key", "performance", "area"}


def _kpa_words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]+", text.lower()) if word not in _KPA_STOP_WORDS}


def national_kpa(name: str) -> tuple[str, str] | None:
    """The national KPA (code, name) a name means: exactly, by its code ('LED'), or when its words are part
    of exactly one national KPA's words ('Good Governance', 'Financial Viability')."""
    lowered = " ".join(name.lower().split())
    if lowered in NATIONAL_KPAS:
        return NATIONAL_KPAS[lowered]
    by_code = [value for value in NATIONAL_KPAS.values() if value[0].lower() == lowered]
    if by_code:
        return by_code[0]
    words = _kpa_words(name)
    if not words:
        return None
    found = [value for key, value in NATIONAL_KPAS.items() if words <= _kpa_words(key)]
    return found[0] if len(found) == 1 else None


def parse_kpa_heading(text: str, sheet: str, row: int) -> KpaHeading | None:
    plain = not re.search(r"\d", text) and not KPA_HEADING.match(text)
    if plain and national_kpa(text) is not None and len(_kpa_words(text)) >= 2:
        return KpaHeading(None, text.strip(), None, sheet, row)
    numbered = NUMBERED_TITLE.match(text)
    if numbered and not text.lstrip().lower().startswith("kpa") and national_kpa(numbered["name"]) is not None:
        return KpaHeading(numbered["number"], numbered["name"].strip(" :-–"), None, sheet, row)
    match = KPA_HEADING.match(text)
    if not match or not match["name"].strip(" :-–"):
        return None
    weight = float(match["weight"].replace(",", ".")) if match["weight"] else None
    return KpaHeading(match["number"], match["name"].strip(" :-–"), weight, sheet, row)


def _single_text(filled: list[tuple[int, Any]], header: HeaderMap) -> str | None:
    """The row's only text when it is a heading (one value, possibly merged across); ``filled`` is
    (column, value) of its cells that are not placeholders."""
    distinct = {clean_text(value) for _, value in filled}
    if len(distinct) != 1 or not isinstance(filled[0][1], str):
        return None
    text = distinct.pop()
    only_in_reference = len(filled) == 1 and filled[0][0] == header.fields.get("reference")
    if only_in_reference and not (parse_kpa_heading(text, "", 0) or UNIT_HEADING.match(text)):
        return None  # a reference with nothing else: a KPI row missing its name
    return text


def _continue(previous: KpiDraft, cells: dict[str, Any], row: int) -> bool:
    """Append a continuation row's words to the KPI above; False if it holds more than words."""
    new = {key: value for key, value in cells.items()
           if key not in CONTEXT_FIELDS and clean_text(value) != clean_text(previous.cells.get(key) or "")}
    if not new or any(key not in TEXT_FIELDS for key in new):
        return False
    for key, value in new.items():
        before = clean_text(previous.cells.get(key) or "")
        previous.cells[key] = f"{before} {clean_text(value)}".strip()
    previous.continued_by.append(row)
    return True


def _header_texts(grid: SheetGrid, header: HeaderMap) -> list[dict[int, str]]:
    """The header row's cells (and the row above it, for two-row headers) as normalised words per column."""
    rows = [header.row] + ([header.row - 1] if header.row > 1 else [])
    return [{index: normalise(value) for index, value in enumerate(grid.rows[row - 1], start=1)
             if normalise(value)} for row in rows]


def _repeats_header(filled: list[tuple[int, Any]], header_texts: list[dict[int, str]]) -> bool:
    """True for a row that writes the column headings again (many SDBIPs repeat them above every KPA)."""
    for texts in header_texts:
        same = sum(1 for index, value in filled if texts.get(index) == normalise(value))
        if same >= min(MIN_HEADER_FIELDS, len(texts)) and same * 5 >= len(filled) * 4:
            return True
    return False


def _kpa_above_header(grid: SheetGrid, header: HeaderMap, result: SheetRows) -> KpaHeading | None:
    """The KPA title nearest above the header ('KPA 1: …' and then the headings): the first rows' KPA."""
    for row in range(header.row - 1, 0, -1):
        filled = [(index, value) for index, value in enumerate(grid.rows[row - 1], start=1)
                  if not is_placeholder(value)]
        texts = {clean_text(value) for _, value in filled}
        if len(texts) != 1 or not isinstance(filled[0][1], str):
            continue
        if (found := parse_kpa_heading(texts.pop(), grid.name, row)) is not None:
            result.outcomes.append(RowOutcome(grid.name, row, "kpa_heading",
                                              f"KPA heading above the header: rows below belong to '{found.name}'"))
            return found
    return None


UNIT_FIELDS = ("directorate", "department")


def _carry_units_down(draft: KpiDraft, above: dict[str, tuple[Any, int]], header: HeaderMap) -> None:
    """A blank directorate or department under a filled one means 'as above' (a merged-down cell saved as
    CSV, or a column typed once per group): take it from the KPI row above and remember where from."""
    for key in UNIT_FIELDS:
        if key not in header.fields:
            continue
        if key in draft.cells:
            above[key] = (draft.cells[key], draft.row)
        elif key in above:
            draft.cells[key], draft.carried[key] = above[key]


def _formula_cells(grid: SheetGrid, header: HeaderMap) -> dict[int, dict[int, str]]:
    """Row → {column → formula} of the formulas saved without a result in the columns imported."""
    read = set(header.fields.values())
    found: dict[int, dict[int, str]] = {}
    for (row, column), formula in grid.formulas.items():
        if row > header.row and column in read:
            found.setdefault(row, {})[column] = formula
    return found


def _hidden_row(grid: SheetGrid, row: int, filled: list[tuple[int, Any]], header: HeaderMap,
                result: SheetRows) -> None:
    """Leave out a hidden KPI row, saying which: an official hides a withdrawn KPI or filters to one directorate."""
    present = dict(filled)
    what = " — ".join(clean_text(present[index]) for index in (header.fields.get("reference"),
                                                                 header.fields.get("name")) if index in present)
    message = f"hidden row not imported{f' ({what})' if what else ''}; {HIDDEN_ADVICE}"
    result.problems.append(ImportProblem(message, grid.name, row, severity=WARNING))
    result.outcomes.append(RowOutcome(grid.name, row, "hidden", message))


def parse_rows(grid: SheetGrid, header: HeaderMap, *, include_hidden: bool = False) -> SheetRows:
    """Sort every row below the header; KPA and directorate headings carry down to the next heading.

    A hidden row that would be a KPI (or continue one) is left out with a warning unless ``include_hidden``;
    hidden title and heading rows still count, as a filter hides them with the KPIs. A formula saved
    without its result in a column read is named on its KPI (or, in a row read as empty, on the row)."""
    result = SheetRows(grid.name, header)
    formulas = _formula_cells(grid, header)
    directorate: str | None = None
    columns = {key: column_label(index, header.headings.get(index)) for key, index in header.fields.items()}
    percent_fields = {key for key, index in header.fields.items() if index in header.percent_columns}
    header_texts = _header_texts(grid, header)
    above_units: dict[str, tuple[Any, int]] = {}
    kpa = _kpa_above_header(grid, header, result)
    for row in range(header.row + 1, len(grid.rows) + 1):
        values = grid.rows[row - 1]
        result.rows_below_header += 1
        filled = [(index, value) for index, value in enumerate(values, start=1) if not is_placeholder(value)]
        if not filled and row in formulas:
            where = ", ".join(f"{column_label(column)}{row} ({formula})" for column, formula in formulas[row].items())
            result.problems.append(ImportProblem(f"formulas with no saved result in {where}: the row reads as "
                                                 f"empty; {FORMULA_ADVICE}", grid.name, row, severity=WARNING))
        if not filled:
            result.outcomes.append(RowOutcome(grid.name, row, "blank", "empty row"))
            continue
        if len(filled) > 1 and _repeats_header(filled, header_texts):
            result.outcomes.append(RowOutcome(grid.name, row, "header", "the column headings again; skipped"))
            continue
        heading = _single_text(filled, header)
        above = result.drafts[-1] if result.drafts else None
        continuing = heading is not None and heading[:1].islower() and above is not None and \
            (above.row == row - 1 or row - 1 in above.continued_by)
        if continuing:
            heading = None  # words starting in lower case right under a KPI continue it
        if heading is not None:
            if (found := parse_kpa_heading(heading, grid.name, row)) is not None:
                kpa = found
                weight = f", weight {found.weight:g}%" if found.weight is not None else ""
                result.outcomes.append(RowOutcome(grid.name, row, "kpa_heading",
                                                  f"KPA heading: rows below belong to '{found.name}'{weight}"))
            elif (unit := UNIT_HEADING.match(heading)) is not None:
                directorate = unit["name"]
                above_units.clear()  # a new directorate's rows carry nothing down from the last one
                result.outcomes.append(RowOutcome(grid.name, row, "heading",
                                                  f"directorate heading: rows below belong to '{directorate}'"))
            else:
                result.outcomes.append(RowOutcome(grid.name, row, "heading", f"heading, not a KPI: '{heading}'"))
            continue
        if row in grid.hidden_rows and not include_hidden:
            _hidden_row(grid, row, filled, header, result)
            continue
        present = dict(filled)
        cells = {key: present[index] for key, index in header.fields.items() if index in present}
        if "reference" not in cells and ("name" not in cells or continuing):
            previous = result.drafts[-1] if result.drafts else None
            if previous is not None and _continue(previous, cells, row):
                result.outcomes.append(RowOutcome(grid.name, row, "continuation",
                                                  f"continues KPI {previous.reference} (row {previous.row}); "
                                                  "its text was appended"))
                continue
            message = "has values but no KPI reference or name; fill them in or delete the row"
            result.problems.append(ImportProblem(message, grid.name, row, columns.get("reference")))
            result.outcomes.append(RowOutcome(grid.name, row, "error", message))
            continue
        draft = KpiDraft(grid.name, row, cells, columns, percent_fields, kpa, directorate)
        draft.formulas = {key: formulas[row][index] for key, index in header.fields.items()
                          if index in formulas.get(row, {})}
        if row in grid.hidden_rows:
            result.problems.append(ImportProblem("read from a hidden row (as asked); unhide it to check it",
                                                 grid.name, row, severity=WARNING))
        _carry_units_down(draft, above_units, header)
        result.drafts.append(draft)
    return result
