"""The Reports screen prints and saves every document and workbook the command line makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from sqlalchemy import func, select

from pmsdesk.models import IssuedDocument
from pmsdesk.reports.catalogue import KINDS, PDF, WORKBOOK_KINDS

#: kind → (demo profile, person's name for the person-based kinds)
WHERE = {"agreement": ("za", "Thandiwe"), "ke-contract": ("ke", None), "spas-form": ("ke", "Akinyi"),
         "opras-form": ("tz", None),
         "assessment": ("za", "Thandiwe"), "quarterly": ("za", None), "mid-year": ("za", None),
         "annual": ("za", None), "scorecard": ("za", None), "league-table": ("ho", None),
         "indicator-descriptions": ("za", None), "evidence-index": ("za", None),
         "pepmis": ("tz", None), "pepmis-summary": ("tz", None)}
PDF_KEYS = [kind.key for kind in KINDS if kind.output == PDF]


def choose(screen, key: str) -> None:
    screen.view.choose_kind(key)
    person = WHERE.get(key, (None, None))[1]
    if person:
        combo = screen.view.form.person
        combo.setCurrentIndex(next(i for i in range(combo.count()) if person in combo.itemText(i)))
    assert screen.view.request() is not None, screen.view.message.text()


def save_to(monkeypatch, path: Path) -> list[str]:
    asked: list[str] = []

    def answer(_parent, caption, suggested, _filter):
        asked.append(suggested)
        return str(path), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def print_to(monkeypatch, path: Path) -> list[QPrinter]:
    """The print dialog answered with 'Print to file' at ``path``."""
    printers: list[QPrinter] = []

    def exec_(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printers.append(printer)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return printers


def test_the_screen_lists_every_document_and_workbook_of_the_command_line(reports_screen):
    screen = reports_screen("ho")
    listed = [screen.view.kinds.item(row).text() for row in range(screen.view.kinds.count())
              if not screen.view.kinds.item(row).isHidden()]
    assert listed == [kind.title for kind in KINDS if kind.offered_in(screen.view.form.choices.countries)]


@pytest.mark.parametrize(("profile", "pepmis"), [("za", False), ("ke", False), ("tz", True)])
def test_pepmis_documents_are_offered_where_there_is_a_tanzanian_organisation(reports_screen, profile, pepmis):
    offered = reports_screen(profile).view.offered_kinds()
    assert ("pepmis" in offered, "pepmis-summary" in offered) == (pepmis, pepmis)
    assert "quarterly" in offered


@pytest.mark.parametrize("key", PDF_KEYS)
def test_every_report_kind_saves_as_a_pdf_that_names_the_organisation(key, reports_screen, monkeypatch, tmp_path, qtbot):
    screen = reports_screen(WHERE[key][0])
    choose(screen, key)
    out = tmp_path / "out" / f"{key}.pdf"
    out.parent.mkdir()
    asked = save_to(monkeypatch, out)

    qtbot.mouseClick(screen.view.save_button, Qt.MouseButton.LeftButton)

    assert asked and asked[0].endswith(".pdf") and key in Path(asked[0]).name
    reader = PdfReader(str(out))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert len(reader.pages) >= 1
    assert f"Page 1 of {len(reader.pages)}" in text
    assert any(name in text for name in screen.organisation_names), text[:300]
    assert f"Saved {key}.pdf" in screen.view.message.text()
    assert [p.name for p in out.parent.iterdir()] == [f"{key}.pdf"]


@pytest.mark.parametrize("key", PDF_KEYS)
def test_every_report_kind_prints_through_the_print_dialog(key, reports_screen, monkeypatch, tmp_path, qtbot):
    screen = reports_screen(WHERE[key][0])
    choose(screen, key)
    with screen.database.session() as session:
        issued_before = session.scalar(select(func.count()).select_from(IssuedDocument))
    out = tmp_path / f"printed-{key}.pdf"
    printers = print_to(monkeypatch, out)

    screen.view.kinds.setFocus()
    qtbot.keyClick(screen.view.kinds, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(printers) and screen.view.message.text().startswith("Sent"))  # after the click animation

    with screen.database.session() as session:
        issued = session.scalars(select(IssuedDocument).order_by(IssuedDocument.generated_at.desc())).first()
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == issued_before + 1
    pages = len(PdfReader(str(out)).pages)
    assert screen.view.message.text().startswith(f"Sent {pages} page(s) of ")
    assert issued.fingerprint in screen.view.message.text()
    assert pages == screen.view.preview.page_count or screen.view.preview.page_count == 0


@pytest.mark.parametrize("key", [kind.key for kind in WORKBOOK_KINDS])
def test_every_workbook_saves_as_excel(key, reports_screen, monkeypatch, tmp_path, qtbot):
    screen = reports_screen("za")
    choose(screen, key)
    assert screen.view.save_button.text() == "&Save as Excel…"
    assert not screen.view.print_button.isVisible()
    out = tmp_path / f"{key}.xlsx"
    save_to(monkeypatch, out)

    screen.view.kinds.setFocus()
    qtbot.keyClick(screen.view.kinds, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(out.exists)  # a shortcut clicks its button after a short animation

    book = load_workbook(out, read_only=True)
    cells = " ".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(max_row=8, values_only=True)
                     for v in row if v is not None)
    assert screen.organisation_names[0] in cells or "ZA-001" in cells, cells[:300]
    assert "KPIs" in screen.view.message.text()


@pytest.mark.parametrize("username", ["admin", "pmsofficer", "verifier", "approver", "viewer"])
def test_each_reading_role_prints_the_quarterly_report(username, reports_screen, monkeypatch, tmp_path, qtbot):
    screen = reports_screen("za", username)
    choose(screen, "quarterly")
    out = tmp_path / f"{username}.pdf"
    save_to(monkeypatch, out)

    qtbot.mouseClick(screen.view.save_button, Qt.MouseButton.LeftButton)

    text = PdfReader(str(out)).pages[0].extract_text()
    assert "Page 1 of" in text and screen.organisation_names[0] in text


def test_a_capturer_makes_only_the_workbooks_of_their_own_directorate(reports_screen, monkeypatch, tmp_path, qtbot):
    screen = reports_screen("za", "capturer")
    listed = [screen.view.kinds.item(row).text() for row in range(screen.view.kinds.count())]
    assert listed == ["KPI register (Excel)", "Actuals template (Excel)"]
    choose(screen, "actuals-template")
    units = [screen.view.form.unit.itemText(i) for i in range(screen.view.form.unit.count())]
    assert units and all("Whole organisation" not in u for u in units)
    out = tmp_path / "template.xlsx"
    save_to(monkeypatch, out)

    qtbot.mouseClick(screen.view.save_button, Qt.MouseButton.LeftButton)

    assert out.exists(), screen.view.message.text()


def test_every_listed_title_shows_whole(reports_screen):
    kinds = reports_screen("tz").view.kinds
    room = kinds.viewport().width()
    for row in range(kinds.count()):
        assert kinds.fontMetrics().horizontalAdvance(kinds.item(row).text()) < room, kinds.item(row).text()
