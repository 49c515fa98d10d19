"""The Reports form prints in the reader's language unless another language is chosen for the document."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from pmsdesk.ui.translation import apply_language
from tests.i18n_support import catalogues  # noqa: F401 - a fixture

from .test_reports_screen import choose, save_to


@pytest.fixture
def kiswahili(catalogues):  # noqa: F811
    apply_language("sw")
    yield
    apply_language("en")


def test_the_reports_form_prints_in_the_readers_language_unless_another_is_chosen(qtbot, kiswahili, reports_screen,
                                                                                 monkeypatch, tmp_path):
    screen = reports_screen("tz")
    choose(screen, "opras-form")
    language = screen.view.form.language
    assert language.isVisible() and language.currentText() == "Kiswahili"

    def saved(name: str) -> str:
        out = tmp_path / name
        save_to(monkeypatch, out)
        qtbot.mouseClick(screen.view.save_button, Qt.MouseButton.LeftButton)
        return " ".join("\n".join(page.extract_text() or "" for page in PdfReader(str(out)).pages).split())

    assert "Sehemu ya 1: Maelezo Binafsi" in saved("sw.pdf")
    language.setFocus()
    qtbot.keyClicks(language, "English")
    assert language.currentData() == "en"
    english = saved("en.pdf")
    assert "Section 1: Personal information" in english and "Sehemu ya" not in english
