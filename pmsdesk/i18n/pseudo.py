"""Pseudo-translation: every string longer and accented, its placeholders intact.

Shows at a glance which text is not marked for translation (it stays plain) and
whether layouts survive the longer words of Kiswahili or Afrikaans (about a third
longer than English).
"""

from __future__ import annotations

import re

ACCENTED = str.maketrans(
    "abcdeghiklnoprstuwyzABCDEGHIKLNOPRSTUWYZ",
    "åƀçđéĝĥîķľñöþŕšţûŵýžÅƁÇĐÉĜĤÎĶĽÑÖÞŔŠŢÛŴÝŽ",
)
#: What must reach Qt and ``str.format`` unchanged: placeholders, HTML tags and entities, mnemonics.
KEPT = re.compile(r"\{[^{}]*\}|<[^<>]*>|&[a-z]+;|%[sdn]|&&|&(?=\w)|\n")
STRETCH = 0.35


def pseudo_translate(text: str) -> str:
    """'[Ŝåvé ~~]' for 'Save': accented letters, a third longer, brackets to show clipping."""
    if not text.strip():
        return text
    pieces, position = [], 0
    for match in KEPT.finditer(text):
        pieces.append(text[position:match.start()].translate(ACCENTED))
        pieces.append(match.group())
        position = match.end()
    pieces.append(text[position:].translate(ACCENTED))
    padding = "~" * max(1, round(len(text) * STRETCH))
    return f"[{''.join(pieces)} {padding}]"
