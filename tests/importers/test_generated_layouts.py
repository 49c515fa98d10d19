"""Every KPI and every quarterly target of a known set comes back from any plausible layout.

The layouts are drawn by ``layouts.make_layout`` (shuffled columns, heading synonyms,
one- and two-row headers, repeated headers, section titles, text numbers, placeholders,
descriptive words, hidden rows and columns, a formula saved without its result).
The parse test runs on in-memory grids, so it can try well over a thousand layouts; the
import test writes real workbooks, as .xlsx, .xls, .ods and .csv, and imports them into a
database, all the way.
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import column_index_from_string
from sqlalchemy import select

from pmsdesk.importers.columns import find_header
from pmsdesk.importers.kpi_values import build_spec
from pmsdesk.importers.problems import WARNING
from pmsdesk.importers.rows import parse_rows
from pmsdesk.importers.sdbip import ImportOptions, import_sdbip
from pmsdesk.importers.workbook import Percent, SheetGrid
from pmsdesk.models import Kpa, Kpi, KpiTarget, ReportingPeriod

from .formats import FORMATS, Book, save
from .layouts import TEXT_KEYS, Layout, make_layout

#: A seed per layout: the layout generator draws from plain ``random``, which keeps a thousand layouts cheap.
LAYOUTS = st.integers(min_value=0, max_value=2**32 - 1).map(random.Random)


def _read_back(layout: Layout) -> dict[str, tuple]:
    grid = SheetGrid("SDBIP", [list(row) for row in layout.rows], hidden_rows=frozenset(layout.hidden_rows),
                     hidden_columns=frozenset(layout.hidden_columns),
                     formulas={cell: "=SUM(A1:A2)" for cell in layout.formulas})
    sheet = parse_rows(grid, find_header(grid))
    assert not [p for p in sheet.problems if p.severity != WARNING], (layout.description, sheet.problems)
    hidden = [p.row for p in sheet.problems if p.message.startswith("hidden row not imported")]
    assert sorted(hidden) == sorted(layout.hidden_rows), layout.description
    found = {}
    formula_kpis = {(reference, row, column) for (row, column), reference in layout.formulas.items()}
    for draft in sheet.drafts:
        spec = build_spec(draft)
        if spec.problems:  # only a formula saved without its result may stop a KPI, and it is named
            (problem,) = spec.problems
            letter = problem.column.split(" ")[0]
            assert {(draft.reference, problem.row, column_index_from_string(letter))} <= formula_kpis, problem
            assert f"cell {letter}{problem.row} holds the formula =SUM(A1:A2)" in problem.message
            formula_kpis.discard((draft.reference, problem.row, column_index_from_string(letter)))
            continue
        targets = {q: t["value"] for q, t in spec.targets.items() if t["value"] is not None}
        budgets = {q: t["budget_projection"] for q, t in spec.targets.items() if t.get("budget_projection")}
        texts = {key: spec.values.get(key) for key in TEXT_KEYS if key in layout.columns}
        found[spec.values["reference"]] = (spec.values["annual_target"], targets, budgets, texts)
    assert not formula_kpis, (layout.description, formula_kpis)
    return found


def _expected(layout: Layout) -> dict[str, tuple]:
    formula_kpis = set(layout.formulas.values())
    return {kpi.reference: (kpi.annual, kpi.targets, kpi.budgets,
                            {key: kpi.texts[key] for key in TEXT_KEYS if key in layout.columns})
            for kpi in layout.kpis if kpi.reference not in formula_kpis}


#: Layouts tried per run; the suite keeps it modest, ``PMSDESK_LAYOUTS=5000`` tries thousands.
PARSED_LAYOUTS = int(os.environ.get("PMSDESK_LAYOUTS", "500"))


@settings(max_examples=PARSED_LAYOUTS, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LAYOUTS)
def test_every_kpi_and_quarterly_target_is_read_from_any_layout(rng: random.Random) -> None:
    layout = make_layout(rng, formulas=True)
    assert _read_back(layout) == _expected(layout), layout.description


def _workbook(layout: Layout, path) -> None:
    """The layout saved in the format of ``path``'s suffix; a percentage as a fraction shown as 0%. A CSV
    cannot hide anything: it gets what the official sees, without the hidden rows and columns."""
    book = Book()
    sheet = book.sheet("SDBIP" if path.suffix != ".csv" else path.stem)
    csv = path.suffix == ".csv"
    for index, row in enumerate(layout.rows, start=1):
        if csv and index in layout.hidden_rows:
            continue
        row = [value for column, value in enumerate(row, start=1) if not (csv and column in layout.hidden_columns)]
        sheet.append([float(value) / 100 if isinstance(value, Percent) else value for value in row])
        sheet.formats.update({(sheet.max_row, column): "0%" for column, value in enumerate(row, start=1)
                              if isinstance(value, Percent)})
    if not csv:
        sheet.hidden_rows, sheet.hidden_columns = set(layout.hidden_rows), set(layout.hidden_columns)
    save(book, path)


@pytest.mark.parametrize("suffix", FORMATS)
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(LAYOUTS)
def test_an_import_of_any_layout_stores_every_target_under_its_kpa(session, system, municipality, tmp_path, suffix,
                                                                  rng: random.Random) -> None:
    layout = make_layout(rng)
    path = tmp_path / f"generated.{suffix}"
    _workbook(layout, path)
    report = import_sdbip(session, system, path, ImportOptions(organisation_code=municipality.code, year_label="2026/27"))
    try:
        assert report.written and not report.errors, (layout.description, [str(p) for p in report.errors])
        periods = {p.id: int(p.label[-1]) for p in session.scalars(select(ReportingPeriod))}
        for known in layout.kpis:
            kpi = session.scalar(select(Kpi).where(Kpi.reference == known.reference))
            targets = list(session.scalars(select(KpiTarget).where(KpiTarget.kpi_id == kpi.id)))
            assert {periods[t.period_id]: t.value for t in targets if t.value is not None} == known.targets
            assert {periods[t.period_id]: t.budget_projection for t in targets
                    if t.budget_projection is not None} == known.budgets
            assert session.get(Kpa, kpi.kpa_id).name == layout.kpa_of[known.reference], layout.description
            if "responsible_person" in layout.columns:  # nobody in the People list: the words are kept
                assert kpi.custodian == known.custodian and kpi.responsible_person_id is None
            assert {key: getattr(kpi, key) for key in TEXT_KEYS if key in layout.columns} == \
                {key: known.texts[key] for key in TEXT_KEYS if key in layout.columns}
        assert not list(session.scalars(select(Kpi.reference).where(Kpi.reference.in_(layout.withdrawn))))
        # The report names only fields some row had: a layout whose KPIs carry no quarterly target has no line for them.
        assert report.recovered.get("quarterly targets", {"cells": 0})["cells"] == sum(len(k.targets) for k in layout.kpis)
    finally:
        session.rollback()
        for table in (KpiTarget, Kpi):
            session.query(table).delete()
        session.commit()
