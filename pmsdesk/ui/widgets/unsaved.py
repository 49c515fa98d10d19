"""Asking before unsaved edits are thrown away: one wording for every screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_to_discard(parent: QWidget, doing: str, *unsaved: str | None) -> bool:
    """True when nothing is unsaved, or the user agrees to lose it to ``doing``.

    ``unsaved`` are screens' ``unsaved_changes()`` answers (None: nothing unsaved).
    ``doing`` completes "If you … now": 'close pmsdesk', 'open another KPI'.
    "Go back" is the default, so Enter never throws work away.
    """
    changes = [change for change in unsaved if change]
    if not changes:
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("widgets.unsaved", "Unsaved changes"),
                      QCoreApplication.translate("widgets.unsaved",
                              "You have changes that are not saved. If you {0} now, they are lost.").format(doing), parent=parent)
    box.setInformativeText("\n".join(changes))
    discard = box.addButton(QCoreApplication.translate("widgets.unsaved",
            "Discard and {0}").format(doing), QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton(QCoreApplication.translate("widgets.unsaved", "Go back"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    return box.clickedButton() is discard
