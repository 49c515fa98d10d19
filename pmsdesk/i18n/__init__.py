"""One translation layer for the window, the command line and the printed forms.

Catalogues are gettext ``.po`` files, one per language, under ``locale/<code>/LC_MESSAGES``
(compiled to ``.mo`` by ``scripts/catalogues.py compile``). The core marks its messages with
``_()``; the window asks the same catalogue through a Qt translator (``pmsdesk.ui.translation``),
so ``self.tr`` and ``QCoreApplication.translate`` find the same words. A string with no
translation, or a language whose catalogue is missing, reads in English.

The language is one per process (the official signed in, or ``PMSDESK_LANGUAGE`` for the
command line): gettext's own model, kept in this module rather than passed around.
"""

from __future__ import annotations

import gettext
import logging
import os
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


def catalogue_path(code: str) -> Path:
    """The compiled catalogue of ``code`` (it may not exist)."""
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


def set_language(code: str | None) -> str:
    """Read from now on in ``code``; the language in force (English when ``code`` has no catalogue)."""
    global _catalogue, _language
    code = (code or ENGLISH).strip() or ENGLISH
    if code in (ENGLISH, PSEUDO):
        _catalogue, _language = gettext.NullTranslations(), code
        return code
    path = catalogue_path(code)
    try:
        with path.open("rb") as file:
            _catalogue = gettext.GNUTranslations(file)
    except OSError:
        _log.warning("no compiled catalogue for language %r at %s: English is used", code, path)
        _catalogue, _language = gettext.NullTranslations(), ENGLISH
        return ENGLISH
    _language = code
    return code


def set_language_from_environment() -> str:
    """The command line's language: ``PMSDESK_LANGUAGE`` if set, else English."""
    return set_language(os.environ.get(ENVIRONMENT_VARIABLE))


def current_language() -> str:
    return _language


def lookup(text: str) -> str | None:
    """The translation of ``text`` in the current language, or None when it has none."""
    if _language == PSEUDO:
        return pseudo_translate(text)
    if not text or _language == ENGLISH:
        return None
    translated = _catalogue.gettext(text)
    return None if translated == text else translated


def _(text: str) -> str:  # noqa: N802 - gettext's name, known to every translation tool
    """``text`` in the current language (English when untranslated)."""
    return lookup(text) or text


def N_(text: str) -> str:  # noqa: N802 - gettext's name
    """Marks ``text`` for the catalogue where it is defined; ``_()`` translates it where it is shown."""
    return text
