"""One translation layer for the window, the command line and the printed forms.

Catalogues are gettext ``.po`` files, one per language, under ``locale/<code>/LC_MESSAGES``
(compiled to ``.mo`` by ``scripts/catalogues.py compile``). The core marks its messages with
``_()``; the window asks the same catalogue through a Qt translator (``pmsdesk.ui.translation``),
so ``self.tr`` and ``QCoreApplication.translate`` find the same words. A string with no
translation, or a language whose catalogue is missing, reads in English.

The window's language is one per process (the official signed in, or ``PMSDESK_LANGUAGE`` for
the command line): gettext's own model, kept in this module rather than passed around. A printed
form or workbook may be read in another language: :func:`in_language` sets one for the block it
wraps, in the calling thread (and its asyncio task) only, and puts the previous one back after it,
so the window's background workers and a second report never see it.
"""

from __future__ import annotations

import gettext
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .pseudo import pseudo_translate

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "pmsdesk"
ENGLISH = "en"
#: Stretches and accents every string (layout checks), never offered in the menu.
PSEUDO = "pseudo"
#: The languages offered under Account ▸ Language, in their own words.
LANGUAGES: dict[str, str] = {"en": "English", "sw": "Kiswahili", "af": "Afrikaans", "zu": "isiZulu"}
ENVIRONMENT_VARIABLE = "PMSDESK_LANGUAGE"

_log = logging.getLogger(__name__)
_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language = ENGLISH
#: (language, catalogue) for one block of one thread, set by ``in_language``; None: the process's language.
_block: ContextVar[tuple[str, gettext.NullTranslations] | None] = ContextVar("pmsdesk_language", default=None)
_loaded: dict[Path, tuple[int, gettext.GNUTranslations]] = {}
_loading = threading.Lock()


def catalogue_path(code: str) -> Path:
    """The compiled catalogue of ``code`` (it may not exist)."""
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _catalogue_of(code: str) -> tuple[str, gettext.NullTranslations]:
    """The language in force for ``code`` (English when it has no catalogue) and its catalogue.

    A compiled catalogue is read once and again only when its file changes (``catalogues.py compile``).
    """
    code = (code or ENGLISH).strip() or ENGLISH
    if code in (ENGLISH, PSEUDO):
        return code, gettext.NullTranslations()
    path = catalogue_path(code)
    try:
        stamp = path.stat().st_mtime_ns
        with _loading:
            cached = _loaded.get(path)
            if cached is None or cached[0] != stamp:
                with path.open("rb") as file:
                    cached = _loaded[path] = (stamp, gettext.GNUTranslations(file))
        return code, cached[1]
    except OSError:
        _log.warning("no compiled catalogue for language %r at %s: English is used", code, path)
        return ENGLISH, gettext.NullTranslations()


def set_language(code: str | None) -> str:
    """Read from now on in ``code``; the language in force (English when ``code`` has no catalogue)."""
    global _catalogue, _language
    _language, _catalogue = _catalogue_of(code or ENGLISH)
    return _language


@contextmanager
def in_language(code: str | None) -> Iterator[str]:
    """Within the block, ``_()`` answers in ``code`` (None: the process's language) in this thread only.

    Yields the language in force. Made for one report's rendering: the window's own
    language and any other thread are untouched, and the previous language is back after
    the block, even when it raises.
    """
    if not code:
        yield current_language()
        return
    token = _block.set(_catalogue_of(code))
    try:
        yield _block.get()[0]  # type: ignore[index]
    finally:
        _block.reset(token)


def set_language_from_environment() -> str:
    """The command line's language: ``PMSDESK_LANGUAGE`` if set, else English."""
    return set_language(os.environ.get(ENVIRONMENT_VARIABLE))


def current_language() -> str:
    """The language ``_()`` answers in here: the block's (``in_language``), else the process's."""
    block = _block.get()
    return block[0] if block is not None else _language


def lookup(text: str) -> str | None:
    """The translation of ``text`` in the current language, or None when it has none."""
    language, catalogue = _block.get() or (_language, _catalogue)
    if language == PSEUDO:
        return pseudo_translate(text)
    if not text or language == ENGLISH:
        return None
    translated = catalogue.gettext(text)
    return None if translated == text else translated


def _(text: str) -> str:  # noqa: N802 - gettext's name, known to every translation tool
    """``text`` in the current language (English when untranslated)."""
    return lookup(text) or text


def N_(text: str) -> str:  # noqa: N802 - gettext's name
    """Marks ``text`` for the catalogue where it is defined; ``_()`` translates it where it is shown."""
    return text
