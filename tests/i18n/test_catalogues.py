"""The catalogues: every translation keeps its placeholders, compiles quickly and reads back."""

from __future__ import annotations

import gettext
import re
import time
from collections import Counter
from pathlib import Path
from string import Formatter

import pytest

from pmsdesk import i18n
from pmsdesk.i18n.po_files import Entry, PoSyntaxError, read_po, write_mo, write_po
from pmsdesk.i18n.pseudo import pseudo_translate
from tests.i18n_support import SOURCE, catalogues  # noqa: F401 - a fixture

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"<[^<>]+>")
LANGUAGE_FILES = sorted(SOURCE.glob("*/LC_MESSAGES/pmsdesk.po"))


def test_each_language_offered_has_a_catalogue():
    assert {path.parent.parent.name for path in LANGUAGE_FILES} == set(i18n.LANGUAGES) - {"en"}


@pytest.mark.parametrize("path", LANGUAGE_FILES, ids=lambda path: path.parent.parent.name)
def test_every_translation_keeps_the_placeholders_tags_and_one_shortcut(path: Path):
    wrong = []
    for entry in read_po(path):
        if not entry.msgid or not entry.msgstr or entry.obsolete:
            continue
        if Counter(PLACEHOLDER.findall(entry.msgid)) != Counter(PLACEHOLDER.findall(entry.msgstr)):
            wrong.append(f"placeholders differ: {entry.msgid!r} → {entry.msgstr!r}")
        if Counter(TAG.findall(entry.msgid)) != Counter(TAG.findall(entry.msgstr)):
            wrong.append(f"tags differ: {entry.msgid!r} → {entry.msgstr!r}")
        shortcut = re.compile(r"&(?=\w)")
        if len(shortcut.findall(entry.msgid)) != len(shortcut.findall(entry.msgstr)):
            wrong.append(f"keyboard shortcut (&) lost or doubled: {entry.msgid!r} → {entry.msgstr!r}")
        if entry.msgid.endswith(":") != entry.msgstr.endswith(":"):
            wrong.append(f"a form label keeps its colon: {entry.msgid!r} → {entry.msgstr!r}")
        try:
            list(Formatter().parse(entry.msgstr))
        except ValueError as error:
            wrong.append(f"not a format string ({error}): {entry.msgstr!r}")
    assert wrong == []


def test_all_catalogues_compile_in_seconds(tmp_path):
    started = time.perf_counter()
    counts = {path.parent.parent.name: write_mo(tmp_path / f"{path.parent.parent.name}.mo", read_po(path))
              for path in LANGUAGE_FILES}
    assert time.perf_counter() - started < 5.0  # about 0.1 s; the margin is for a loaded CI machine
    assert counts["sw"] >= 300 and counts["af"] >= 100 and counts["zu"] >= 100, counts


def test_a_catalogue_round_trips_and_gettext_reads_what_was_compiled(tmp_path):
    entries = [Entry("", "Content-Type: text/plain; charset=UTF-8\n"),
               Entry("&Save", "&Hifadhi", comments=["checked against FORMS.md"]),
               Entry('Say "why"\nthen save', "Sema \"kwa nini\"\nkisha hifadhi", notes=["{0}: nothing"]),
               Entry("Fuzzy", "Not sure", fuzzy=True),
               Entry("Gone", "Imeondoka", obsolete=True)]
    po = tmp_path / "x.po"
    write_po(po, entries)
    assert read_po(po) == entries

    assert write_mo(tmp_path / "x.mo", read_po(po)) == 2
    with (tmp_path / "x.mo").open("rb") as file:
        catalogue = gettext.GNUTranslations(file)
    assert catalogue.gettext("&Save") == "&Hifadhi"
    assert catalogue.gettext('Say "why"\nthen save') == 'Sema "kwa nini"\nkisha hifadhi'
    assert catalogue.gettext("Fuzzy") == "Fuzzy"  # a doubtful translation is not used
    assert catalogue.gettext("Gone") == "Gone"


def test_a_broken_catalogue_names_its_file_and_line(tmp_path):
    po = tmp_path / "broken.po"
    po.write_text('msgid "Save"\nmsgstr Hifadhi\n', encoding="utf-8")
    with pytest.raises(PoSyntaxError, match=r"broken\.po, line 2"):
        read_po(po)


def test_kiswahili_reads_from_its_catalogue_and_the_rest_stays_english(catalogues):  # noqa: F811
    assert i18n.set_language("sw") == "sw"
    assert i18n._("Dashboard") == "Dashibodi"
    assert i18n._("A string nobody translated") == "A string nobody translated"
    assert i18n.set_language("en") == "en" and i18n._("Dashboard") == "Dashboard"


def test_a_language_without_a_catalogue_falls_back_to_english(catalogues):  # noqa: F811
    assert i18n.set_language("xh") == "en"
    assert i18n._("Dashboard") == "Dashboard"


def test_pseudo_translation_stretches_and_keeps_what_code_and_qt_need():
    text = pseudo_translate("<b>Signed in</b> as {0:,} &Save &amp; go")
    assert text.startswith("[") and text.endswith("]") and len(text) > len("<b>Signed in</b> as {0:,} &Save &amp; go")
    assert "<b>" in text and "</b>" in text and "{0:,}" in text and "&amp;" in text and "&Š" in text
    assert text.format(1234).count("1,234") == 1


def test_the_command_line_reads_its_language_from_the_environment(catalogues, monkeypatch):  # noqa: F811
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "sw")
    assert i18n.set_language_from_environment() == "sw" and i18n._("Dashboard") == "Dashibodi"
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE)
    assert i18n.set_language_from_environment() == "en"
