"""A report's content is converted to plain JSON once; its text is escaped in one pass.

The data hash of an SDBIP report used to convert the scorecard when it was
collected and the whole content again when hashed; the content is now built
as a :class:`JsonTree`, which the hash takes as it is. These tests pin that
the hash is the one the double conversion gave, which holds because
converting is idempotent, and that PDF strings are escaped exactly as
ReportLab escapes them. Reports are also made with the cycle collector paused.
"""

from __future__ import annotations

import gc
import json
import math
import random
from dataclasses import dataclass
from datetime import date
from enum import Enum

import pytest
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.pdfmetrics import getFont

import pmsdesk.reports.pdf.quarterly as quarterly
from pmsdesk.db import open_database
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.fingerprint import canonical_json, data_hash
from pmsdesk.reports.pdf.fonts import font_set
from pmsdesk.reports.pdf.sdbip_data import load_scope
from pmsdesk.reports.pdf.text_table import pdf_escaped
from pmsdesk.scoring.serialise import JsonTree, json_tree, to_jsonable

from .conftest import print_report


class Light(Enum):
    GREEN = "green"


@dataclass
class Figure:
    value: float
    light: Light
    on: date
    periods: tuple[int, ...]
    note: str | None = None


def _floats(count: int) -> list[float]:
    """Floats of every magnitude, with the awkward ones: halves, integers, huge, tiny."""
    chosen = random.Random(8)
    values = [chosen.uniform(-1, 1) * 10 ** chosen.randint(-9, 17) for _ in range(count)]
    return values + [0.5e-6, 1.5e-6, 2.5, 1e15, 1e15 - 0.5, 123456789.0000005, -0.0,
                     math.inf, 97.5208333333]


def test_converting_converted_values_changes_nothing():
    for value in _floats(20_000):
        once = to_jsonable(value)
        assert to_jsonable(once) == once and type(to_jsonable(once)) is type(once)


def test_a_json_tree_is_what_to_jsonable_gives_and_is_not_converted_again():
    content = {"figures": [Figure(2 / 3, Light.GREEN, date(2025, 9, 30), (1, 2))],
               "by_key": {3: 1e-7}, "unit": None}
    tree = json_tree(content)
    assert type(tree) is JsonTree and tree == to_jsonable(content)
    assert to_jsonable(tree) is tree
    assert to_jsonable(tree, decimals=2) is not tree
    assert canonical_json(tree) == canonical_json(content)


@pytest.mark.parametrize("details", [True, False])
def test_an_sdbip_reports_data_hash_is_the_one_converting_twice_gave(demo_files, details):
    database = open_database(demo_files["za"])
    try:
        with database.session() as session:
            scope = load_scope(session, ReportRequest("quarterly"))
    finally:
        database.dispose()
    tree = scope.data(details=details)
    raw = {"scorecard": to_jsonable(scope.card), "statuses": scope.statuses, "unit": None}
    if details:
        raw["details"] = scope.details
    assert data_hash(tree) == data_hash(raw)
    assert json.loads(canonical_json(tree)) == to_jsonable(raw)


def test_pdf_strings_are_escaped_as_reportlab_escapes_them():
    every_byte = bytes(range(256))
    assert pdf_escaped(every_byte) == escapePDF(every_byte)
    assert pdf_escaped(b"(a\\b)") == "\\(a\\\\b\\)"
    font = getFont(font_set().regular)
    if not font._dynamicFont:
        pytest.skip("DejaVu is not installed: no subset codes to escape")
    document = PDFDocument()
    text = "Ṱhohoyandou: (R 1,5 m) \\ 50% – ŋwaha € ü" + "".join(map(chr, range(0x400, 0x500)))
    chunks = [chunk for _, chunk in font.splitString(text, document)]
    assert len(chunks) > 1
    assert [pdf_escaped(chunk) for chunk in chunks] == [escapePDF(chunk) for chunk in chunks]


def test_a_report_is_made_with_the_collector_paused_and_restores_it(demo_files, tmp_path,
                                                                    monkeypatch):
    seen = []
    drawn = quarterly.story
    monkeypatch.setattr(quarterly, "story", lambda *args: seen.append(gc.isenabled()) or drawn(*args))
    assert gc.isenabled()
    printed = print_report(demo_files["za"], tmp_path / "q.pdf", "quarterly")
    assert seen == [False] and gc.isenabled()
    assert printed.issued.pages > 1
