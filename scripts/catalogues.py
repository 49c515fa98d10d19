#!/usr/bin/env python3
"""Keep the translation catalogues in step with the code, and compile them.

    python scripts/catalogues.py extract   # pmsdesk/i18n/locale/pmsdesk.pot from the marked strings;
                                           # each language's .po gains the new strings (untranslated)
    python scripts/catalogues.py compile   # every .po to the .mo that gettext reads (make test, installer/build)

Marked strings are found by reading the code (no import): ``self.tr("…")``,
``QCoreApplication.translate("context", "…")``, ``QT_TR_NOOP("…")``,
``QT_TRANSLATE_NOOP("context", "…")``, ``_("…")`` and ``N_("…")``; and the words of the
shipped rule sets that reports and charts print (band, component and scale names: see
``rule_set_words``), which are data, not code. A translation
whose English text left the code is kept at the end of its file as obsolete
(``#~``), as msgmerge does, in case the text comes back.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pmsdesk.i18n import LANGUAGES, LOCALE_DIR  # noqa: E402 - after the path is set
from pmsdesk.i18n.po_files import Entry, PoSyntaxError, compile_catalogues, read_po, write_po  # noqa: E402

#: Marker name → index of the English text among its arguments.
MARKERS = {"tr": 0, "translate": 1, "QT_TR_NOOP": 0, "QT_TRANSLATE_NOOP": 1, "_": 0, "N_": 0}
TEMPLATE = LOCALE_DIR / "pmsdesk.pot"
HEADER = ("Project-Id-Version: pmsdesk\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
          "Content-Transfer-Encoding: 8bit\nLanguage: {language}\n")


def marked_strings(package: Path) -> dict[str, Entry]:
    """Every marked English text under ``package``, with where it is used and what its placeholders hold."""
    found: dict[str, Entry] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        formats = {id(node.func.value): node for node in ast.walk(tree) if isinstance(node, ast.Call)
                   and isinstance(node.func, ast.Attribute) and node.func.attr == "format"}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            index = MARKERS.get(name)
            if index is None or len(node.args) <= index:
                continue
            text = node.args[index]
            if not (isinstance(text, ast.Constant) and isinstance(text.value, str)) or not text.value.strip():
                continue
            entry = found.setdefault(text.value, Entry(text.value))
            entry.references.append(f"{path.relative_to(ROOT).as_posix()}:{node.lineno}")
            formatting = formats.get(id(node))
            if formatting is not None and not entry.notes:
                held = [ast.unparse(argument) for argument in formatting.args]
                entry.notes = [f"{{{number}}}: {expression}" for number, expression in enumerate(held)]
    return found


#: Keys of a rule set whose text is printed as it stands (a band's name, a scale's labels).
RULE_SET_TEXT_KEYS = {"name", "label", "labels"}


def rule_set_words() -> dict[str, Entry]:
    """The printed names in every shipped rule set, so ``_(band["name"])`` finds a translation."""
    from pmsdesk.scoring.rules import default_rule_set, default_rule_set_codes

    found: dict[str, Entry] = {}

    def walk(value: object, code: str, printed: bool) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, code, printed or key in RULE_SET_TEXT_KEYS)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, code, printed)
        elif printed and isinstance(value, str) and value.strip():
            entry = found.setdefault(value, Entry(value))
            entry.references.append(f"pmsdesk/scoring/rules.py:{code}")

    for code in default_rule_set_codes():
        body = default_rule_set(code)
        walk(body.get("body", body), code, False)
    return found


def extract() -> None:
    marked = marked_strings(ROOT / "pmsdesk")
    for text, entry in rule_set_words().items():
        marked.setdefault(text, entry)
    template = [Entry("", HEADER.format(language=""))] + [marked[text] for text in sorted(marked, key=str.casefold)]
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    write_po(TEMPLATE, template)
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(marked)} strings")
    for code in LANGUAGES:
        if code == "en":
            continue
        path = LOCALE_DIR / code / "LC_MESSAGES" / "pmsdesk.po"
        old = {entry.msgid: entry for entry in read_po(path)} if path.exists() else {}
        merged = [old.get("") or Entry("", HEADER.format(language=code))]
        for entry in template[1:]:
            previous = old.get(entry.msgid)
            # No references here (they are in the .pot): line numbers would turn every merge into a conflict.
            merged.append(Entry(entry.msgid, previous.msgstr if previous else "",
                                comments=previous.comments if previous else [], notes=entry.notes,
                                fuzzy=bool(previous and previous.fuzzy)))
        gone = [Entry(e.msgid, e.msgstr, comments=e.comments, obsolete=True)
                for text, e in old.items() if text and text not in marked and e.msgstr]
        path.parent.mkdir(parents=True, exist_ok=True)
        write_po(path, merged + gone)
        done = sum(1 for entry in merged[1:] if entry.msgstr and not entry.fuzzy)
        print(f"{path.relative_to(ROOT)}: {done} of {len(merged) - 1} translated, {len(gone)} obsolete")


def compile_all() -> int:
    """Write every catalogue's .mo; 1 if one could not be read (the file and line are printed)."""
    try:
        counts = compile_catalogues(LOCALE_DIR)
    except PoSyntaxError as error:
        print(error, file=sys.stderr)
        return 1
    for code, count in counts.items():
        print(f"{code}: {count} strings compiled")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("extract", "compile"))
    arguments = parser.parse_args(argv)
    if arguments.action == "extract":
        extract()
        return 0
    return compile_all()


if __name__ == "__main__":
    sys.exit(main())
