"""Every KPI and every quarterly target of a known set comes back from any plausible layout.

The layouts are drawn by ``layouts.make_layout`` (shuffled columns, heading synonyms,
one- and two-row headers, repeated headers, section titles, text numbers, placeholders).
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
from sqlalchemy import select

from pmsdesk.importers.columns import find_header
from pmsdesk.importers.kpi_values import build_spec
from pmsdesk.importers.rows import parse_rows
from pmsdesk.importers.sdbip import ImportOptions, import_sdbip
from pmsdesk.importers.workbook import Percent, SheetGrid
from pmsdesk.models import Kpa, Kpi, KpiTarget, ReportingPeriod

from .formats import FORMATS, Book, save
from .layouts import Layout, make_layout

#: A seed per layout: the layout generator draws from plain ``random``, which keeps a thousand layouts cheap.
LAYOUTS = st.integers(min_value=0, max_value=2**32 - 1).map(random.Random)


def _read_back(layout: Layout) -> dict[str, tuple[float, dict[int, float], dict[int, float]]]:
    grid = SheetGrid("SDBIP", [list(row) for row in layout.rows])
    sheet = parse_rows(grid, find_header(grid))
    assert not sheet.problems, (layout.description, sheet.problems)
    found = {}
    for draft in sheet.drafts:
        spec = build_spec(draft)
        assert not spec.problems, (layout.description, spec.problems)
        targets = {q: t["value"] for q, t in spec.targets.items() if t["value"] is not None}
        budgets = {q: t["budget_projection"] for q, t in spec.targets.items() if t.get("budget_projection")}
        found[spec.values["reference"]] = (spec.values["annual_target"], targets, budgets)
    return found


def _expected(layout: Layout) -> dict[str, tuple[float, dict[int, float], dict[int, float]]]:
    return {kpi.reference: (kpi.annual, kpi.targets, kpi.budgets) for kpi in layout.kpis}


#: Layouts tried per run; the suite keeps it modest, ``PMSDESK_LAYOUTS=5000`` tries thousands.
PARSED_LAYOUTS = int(os.environ.get("PMSDESK_LAYOUTS", "500"))


@settings(max_examples=PARSED_LAYOUTS, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LAYOUTS)
def test_every_kpi_and_quarterly_target_is_read_from_any_layout(rng: random.Random) -> None:
    layout = make_layout(rng)
    assert _read_back(layout) == _expected(layout), layout.description


def _workbook(layout: Layout, path) -> None:
    """The layout saved in the format of ``path``'s suffix; a percentage as a fraction shown as 0%."""
    book = Book()
    sheet = book.sheet("SDBIP" if path.suffix != ".csv" else path.stem)
    for row in layout.rows:
        sheet.append([float(value) / 100 if isinstance(value, Percent) else value for value in row])
        sheet.formats.update({(sheet.max_row, column): "0%" for column, value in enumerate(row, start=1)
                              if isinstance(value, Percent)})
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
        assert report.recovered["quarterly targets"]["cells"] == sum(len(k.targets) for k in layout.kpis)
    finally:
        session.rollback()
        for table in (KpiTarget, Kpi):
            session.query(table).delete()
        session.commit()
