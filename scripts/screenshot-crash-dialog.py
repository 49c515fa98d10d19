"""docs/screenshots/crash-dialog.png: the dialog an office sees when pmsdesk fails (offscreen grab).

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python scripts/screenshot-crash-dialog.py [OUT.png]
"""

import sys

from PySide6.QtWidgets import QApplication

from pmsdesk.ui.crash_dialog import CrashDialog


def main(out: str = "docs/screenshots/crash-dialog.png") -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    try:
        raise KeyError("quarter")
    except KeyError as cause:
        try:
            raise RuntimeError("the scorecard of Q3 could not be drawn") from cause
        except RuntimeError as error:
            dialog = CrashDialog(error)
    dialog.details_button.setChecked(True)
    dialog.resize(640, 460)
    dialog.show()
    app.processEvents()
    dialog.grab().save(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
