"""The window's side of the translation layer: a Qt translator over the gettext catalogue.

``self.tr`` and ``QCoreApplication.translate`` ask every installed QTranslator;
``CatalogueTranslator`` answers from the same catalogue as ``pmsdesk.i18n._``, by
the English text alone (a string reads the same on every screen, whichever class
asks). Qt's own buttons (OK, Cancel, Yes, No) are asked for the same way, so a
catalogue can carry them too.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from pmsdesk import i18n

#: Qt asks this to choose the layout direction; the catalogue never answers it.
LAYOUT_DIRECTION = "QT_LAYOUT_DIRECTION"


class CatalogueTranslator(QTranslator):
    """Answers Qt's requests from the current ``pmsdesk.i18n`` catalogue.

    None (a null string to Qt) means 'no translation: keep the English'; an empty
    string would be taken as the translation and blank the text.
    """

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        if source == LAYOUT_DIRECTION:
            return None
        return i18n.lookup(source)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def apply_language(code: str | None) -> str:
    """Read the window, the core's messages and the printouts in ``code`` from now on; the language in force.

    Windows built after this read in the new language; the translator is installed once per application.
    """
    applied = i18n.set_language(code)
    application = QCoreApplication.instance()
    if application is not None and application.property("pmsdesk-translator") is None:
        translator = CatalogueTranslator(application)  # parented: lives as long as the application
        application.installTranslator(translator)
        application.setProperty("pmsdesk-translator", True)
    return applied


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 - Qt's name, which the catalogue extraction looks for
    """Mark ``text`` for the catalogues where it is defined; ``translated`` turns it into the current language
    where it is shown. Qt's own QT_TR_NOOP is typed as returning ``object``; this one says ``str``."""
    return text


def translated(text: str) -> str:
    """``text`` marked with ``QT_TR_NOOP`` where it was defined (a column header, a status), in the current language."""
    return QCoreApplication.translate("pmsdesk", text)
