"""A KPI register exported in another language imports back unchanged; no two columns share a translated title."""

from __future__ import annotations

from collections import Counter

import pytest
from openpyxl import load_workbook

from pmsdesk import i18n
from pmsdesk.importers import ImportOptions, import_sdbip
from pmsdesk.importers.columns import _SYNONYMS, FIELDS, normalise
from pmsdesk.models import FinancialYear
from pmsdesk.reports.excel.register import export_register
from tests.i18n_support import catalogues  # noqa: F401 - a fixture

from .conftest import dump
from .test_round_trip import KPIS, register  # noqa: F401 - a fixture


@pytest.mark.parametrize("code", [code for code in i18n.LANGUAGES if code != i18n.ENGLISH])
def test_each_columns_translated_title_names_that_column_alone(catalogues, code):  # noqa: F811
    with i18n.in_language(code):
        titles = [(normalise(i18n._(column.heading)), column.key) for column in FIELDS]
    shared = [title for title, count in Counter(title for title, _key in titles).items() if count > 1]
    assert shared == []
    assert [(title, key) for title, key in titles if _SYNONYMS.get(title, key) != key] == []


def test_a_register_exported_in_kiswahili_reimports_unchanged(session, system, register, tmp_path,  # noqa: F811
                                                               catalogues):  # noqa: F811
    path = tmp_path / "rejista.xlsx"
    with i18n.in_language("sw"):
        export_register(session, session.get(FinancialYear, register.year_id), path)
    titles = {cell.value for cell in load_workbook(path).active[4]}
    assert {"Lengo la kimkakati", "Shabaha Q1", "Jalada la ushahidi"} <= titles and "Strategic objective" not in titles
    before = dump(session)

    report = import_sdbip(session, system, path, ImportOptions(organisation_code="ZA-T01", year_label="2025/26",
                                                               update_existing=True))

    assert report.written and report.count("unchanged") == len(KPIS) and not report.errors
    assert dump(session) == before
