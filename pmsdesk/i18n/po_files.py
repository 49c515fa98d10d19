"""Reading and writing gettext catalogues without outside tools.

``.po`` is what translators edit (Poedit, Weblate, any text editor); ``.mo`` is what
``gettext`` reads. The subset used here: translator and extracted comments, references,
the ``fuzzy`` flag, ``msgid`` / ``msgstr`` (no plural forms, no ``msgctxt``: one English
text has one translation, whichever screen shows it).
"""

from __future__ import annotations

import ast
import struct
from dataclasses import dataclass, field
from pathlib import Path

HEADER_ID = ""


@dataclass
class Entry:
    msgid: str
    msgstr: str = ""
    #: '# ' lines: the translator's notes (unsure terms, sources), kept across extractions.
    comments: list[str] = field(default_factory=list)
    #: '#.' lines: notes from the code (what a placeholder holds).
    notes: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False


class PoSyntaxError(ValueError):
    """A catalogue line that is not gettext syntax: names the file and line."""


def read_po(path: Path) -> list[Entry]:
    """The entries of ``path`` in file order, the header (msgid "") first if present."""
    entries: list[Entry] = []
    current = Entry("")
    target: str | None = None
    started = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            continue
        if line.startswith("#"):
            if started and target == "msgstr":
                entries.append(current)
                current, target, started = Entry(""), None, False
            if line.startswith("#:"):
                current.references.extend(line[2:].split())
            elif line.startswith("#,"):
                current.fuzzy = "fuzzy" in line[2:].replace(",", " ").split()
            elif line.startswith("#."):
                current.notes.append(line[2:].strip())
            elif not line.startswith("#|"):
                current.comments.append(line[1:].strip())
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgstr"):
            if keyword == "msgid" and started:
                entries.append(current)
                current = Entry("")
            started, target = True, keyword
            current.obsolete = current.obsolete or obsolete
            setattr(current, keyword, _unquote(rest, path, number))
        elif line.startswith('"') and target is not None:
            setattr(current, target, getattr(current, target) + _unquote(line, path, number))
        else:
            raise PoSyntaxError(f"{path}, line {number}: not gettext syntax: {raw!r}")
    if started:
        entries.append(current)
    return entries


def _unquote(text: str, path: Path, number: int) -> str:
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError) as error:
        raise PoSyntaxError(f"{path}, line {number}: a string in double quotes was expected") from error
    if not isinstance(value, str):
        raise PoSyntaxError(f"{path}, line {number}: a string in double quotes was expected")
    return value


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    return f'"{escaped}"'


def _field(keyword: str, text: str, prefix: str) -> list[str]:
    if "\n" not in text[:-1]:
        return [f"{prefix}{keyword} {_quote(text)}"]
    lines = [f'{prefix}{keyword} ""']
    parts = text.split("\n")
    for index, part in enumerate(parts):
        piece = part + ("\n" if index < len(parts) - 1 else "")
        if piece:
            lines.append(prefix + _quote(piece))
    return lines


def write_po(path: Path, entries: list[Entry]) -> None:
    """Write ``entries`` in order; obsolete ones as '#~' at the end, as msgmerge does."""
    blocks = []
    for entry in sorted(entries, key=lambda entry: entry.obsolete):
        prefix = "#~ " if entry.obsolete else ""
        lines = [f"# {comment}".rstrip() for comment in entry.comments]
        lines += [f"#. {note}" for note in entry.notes]
        if entry.references and not entry.obsolete:
            lines.append("#: " + " ".join(entry.references))
        if entry.fuzzy:
            lines.append("#, fuzzy")
        lines += _field("msgid", entry.msgid, prefix) + _field("msgstr", entry.msgstr, prefix)
        blocks.append("\n".join(lines))
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def compile_catalogues(locale_dir: Path) -> dict[str, int]:
    """Write every ``<language>/LC_MESSAGES/*.po`` under ``locale_dir`` as .mo; strings compiled per language.

    Raises ``PoSyntaxError`` naming the file and line of the first unreadable catalogue.
    """
    return {path.parent.parent.name: write_mo(path.with_suffix(".mo"), read_po(path))
            for path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))}


def write_mo(path: Path, entries: list[Entry]) -> int:
    """Compile the translated, non-fuzzy entries (and the header) to ``path``; how many strings it holds."""
    kept = {entry.msgid: entry.msgstr for entry in entries
            if entry.msgstr and not entry.obsolete and (not entry.fuzzy or entry.msgid == HEADER_ID)}
    ids = sorted(kept)
    originals = [key.encode("utf-8") for key in ids]
    translations = [kept[key].encode("utf-8") for key in ids]
    count = len(ids)
    start_of_originals = 7 * 4
    start_of_translations = start_of_originals + count * 8
    data_start = start_of_translations + count * 8
    tables, data = [], b""
    for texts in (originals, translations):
        table = []
        for text in texts:
            table.append((len(text), data_start + len(data)))
            data += text + b"\0"
        tables.append(table)
    header = struct.pack("<7I", 0x950412DE, 0, count, start_of_originals, start_of_translations, 0, 0)
    body = b"".join(struct.pack("<2I", *pair) for table in tables for pair in table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + body + data)
    return count - (1 if HEADER_ID in kept else 0)
