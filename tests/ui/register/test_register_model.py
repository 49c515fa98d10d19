"""The register's table model and search filter, tested without a window."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from pmsdesk.models import CalculationType, Direction, MeasureType
from pmsdesk.services.register import KpiRegisterRow
from pmsdesk.ui.register import KpiRegisterModel
from pmsdesk.ui.widgets.search_filter import RowSearchFilter

M = KpiRegisterModel
DISPLAY = Qt.ItemDataRole.DisplayRole


def kpi(reference, name="Households with water", *, kpa="Basic Service Delivery", unit="Technical Services",
        measure=MeasureType.NUMBER, target=None, weight=None, baseline=None) -> KpiRegisterRow:
    direction = Direction.MILESTONE if measure in (MeasureType.DATE, MeasureType.TEXT_MILESTONE) else Direction.HIGHER_IS_BETTER
    return KpiRegisterRow(f"id-{reference}", reference, name, kpa, unit, measure,
                          CalculationType.ACCUMULATIVE, direction, None, target, weight, baseline)


@pytest.fixture
def model(qapp):
    model = KpiRegisterModel()
    model.set_rows([
        kpi("BSD 10", "Kilometres of road paved", target=12.5, weight=10),
        kpi("BSD 2", "Households with water", target=1_250_000, weight=5, baseline=1_100_000),
        kpi("FIN 1", "Capital budget spent", kpa="Financial Viability", unit="Finance",
            measure=MeasureType.PERCENTAGE, target=95, weight=None, baseline=87.5),
        kpi("GG 1", "Draft IDP tabled", kpa=None, unit=None, measure=MeasureType.DATE, target=date(2026, 3, 31)),
        kpi("GG 2", "SDF reviewed", measure=MeasureType.TEXT_MILESTONE, target="SDF adopted by Council"),
    ])
    return model


def column(view, col):
    return [view.index(row, col).data(DISPLAY) for row in range(view.rowCount())]


def test_model_has_a_row_per_kpi_and_a_column_per_field(model):
    assert model.rowCount() == 5
    assert model.columnCount() == len(model.columns) == M.LAYER + 1
    assert model.headerData(M.TARGET, Qt.Orientation.Horizontal, DISPLAY) == "Annual target"


def test_numbers_are_formatted_for_their_measure_type(model):
    by_reference = {model.row_at(row).reference: row for row in range(model.rowCount())}
    text = lambda ref, col: model.index(by_reference[ref], col).data(DISPLAY)  # noqa: E731

    assert text("BSD 2", M.TARGET) == "1,250,000"
    assert text("BSD 2", M.BASELINE) == "1,100,000"
    assert text("BSD 10", M.TARGET) == "12.5"
    assert text("FIN 1", M.TARGET) == "95%"
    assert text("FIN 1", M.BASELINE) == "87.5%"
    assert text("BSD 2", M.WEIGHT) == "5%"
    assert text("FIN 1", M.WEIGHT) == ""
    assert text("GG 1", M.TARGET) == "31 Mar 2026"
    assert text("GG 2", M.TARGET) == "SDF adopted by Council"
    assert text("GG 1", M.KPA) == ""
    assert text("FIN 1", M.MEASURE) == "Percentage"


def test_numbers_are_right_aligned_and_words_left(model):
    align = lambda row, col: model.index(row, col).data(Qt.ItemDataRole.TextAlignmentRole)  # noqa: E731
    assert align(0, M.TARGET) & Qt.AlignmentFlag.AlignRight
    assert align(0, M.NAME) & Qt.AlignmentFlag.AlignLeft
    assert align(4, M.TARGET) & Qt.AlignmentFlag.AlignLeft


def test_name_tooltip_holds_the_full_kpi_name(model):
    assert model.index(0, M.NAME).data(Qt.ItemDataRole.ToolTipRole) == "Kilometres of road paved"


def test_sorting_through_the_filter_orders_every_row(model):
    view = RowSearchFilter(model)

    view.sort(M.REFERENCE, Qt.SortOrder.AscendingOrder)
    assert column(view, M.REFERENCE) == ["BSD 2", "BSD 10", "FIN 1", "GG 1", "GG 2"]

    view.sort(M.TARGET, Qt.SortOrder.DescendingOrder)
    assert column(view, M.REFERENCE)[:3] == ["GG 2", "GG 1", "BSD 2"]

    view.sort(M.WEIGHT, Qt.SortOrder.DescendingOrder)
    assert column(view, M.REFERENCE)[:2] == ["BSD 10", "BSD 2"]


def test_kpis_without_a_value_sort_last_in_both_orders(model):
    model.sort(M.KPA, Qt.SortOrder.AscendingOrder)
    assert model.row_at(4).reference == "GG 1"
    model.sort(M.KPA, Qt.SortOrder.DescendingOrder)
    assert model.row_at(4).reference == "GG 1"


@pytest.mark.parametrize(("text", "expected"), [
    ("water", ["BSD 2"]),
    ("FINANCE", ["FIN 1"]),
    ("bsd", ["BSD 10", "BSD 2"]),
    ("  kilometres   of ROAD ", ["BSD 10"]),
    ("water road", []),
    ("technical", ["BSD 10", "BSD 2", "GG 2"]),
    ("", ["BSD 10", "BSD 2", "FIN 1", "GG 1", "GG 2"]),
    ("nothing like this", []),
])
def test_search_matches_the_phrase_in_reference_name_kpa_or_unit(model, text, expected):
    view = RowSearchFilter(model)
    view.set_search_text(text)
    assert column(view, M.REFERENCE) == expected


def test_large_registers_are_fetched_in_batches_but_searched_whole(qapp):
    model = KpiRegisterModel()
    model.set_rows([kpi(f"KPI {n}", f"Indicator {n}") for n in range(1, 2_001)])
    view = RowSearchFilter(model)

    assert model.total_count() == 2_000
    assert model.rowCount() == model.batch_size < 2_000
    assert model.canFetchMore()

    view.set_search_text("indicator 1999")
    assert column(view, M.REFERENCE) == ["KPI 1999"]
    assert model.rowCount() == 2_000 and not model.canFetchMore()


def test_sorting_a_partly_fetched_register_sorts_all_rows(qapp):
    model = KpiRegisterModel()
    model.set_rows([kpi(f"KPI {n}", weight=n / 100) for n in range(1, 2_001)])

    model.sort(M.WEIGHT, Qt.SortOrder.DescendingOrder)

    assert model.row_at(0).reference == "KPI 2000"
    assert model.index(0, M.WEIGHT).data(DISPLAY) == "20%"
