"""Every string a printed form or workbook shows is marked for the catalogue, as the window's are."""

from __future__ import annotations

from tests.ui.test_strings_marked import ROOT, _codemod


def test_no_printed_string_in_the_reports_is_left_unmarked():
    codemod = _codemod()
    unmarked = [f"{path.relative_to(ROOT)}:{found.line}: {found.text!r}"
                for path in codemod.report_files() for found in codemod.find_unmarked(path, set(), core=True)]
    assert unmarked == [], ("Mark them: python scripts/mark_strings.py --reports (or end the line with "
                            "'# not translated' for a word that must stay English)\n" + "\n".join(unmarked))


def test_reportlab_style_words_are_not_taken_for_text():
    codemod = _codemod()
    assert not codemod.looks_like_words("VALIGN") and not codemod.looks_like_words("LEFT")
    assert codemod.looks_like_words("DRAFT") and codemod.looks_like_words("Weight (%)")
