"""The main screens in another language at 1366×768 and 1024×600, to see that layouts survive it.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python scripts/language_screenshots.py pseudo
    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python scripts/language_screenshots.py sw tz-lga
    … pseudo za-municipality docs/screenshots sync,register    # only these screens again

``pseudo`` stretches every marked string by a third and accents it ('[Ŝåvé ~~]'): text
that stays plain English is not marked for translation, and a bracket cut off is a
label too narrow for a longer language. Pictures go to docs/screenshots/<language>-*.png.
Not a test: they are looked at. Reuses the demo accounts and preparations of
scripts/screenshots.py; grabs the window itself, so no X server is needed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from pmsdesk.db import open_database
from pmsdesk.demo import build_demo
from pmsdesk.i18n.po_files import compile_catalogues
from pmsdesk.services.users import sign_in
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.sign_in import SignInDialog
from pmsdesk.ui.translation import apply_language

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import _first_row, _quarterly_report, _reporting, _verification, settle  # noqa: E402

SIZES = ((1366, 768), (1024, 600))
SHOTS = (
    ("dashboard", "pmsofficer", lambda _window, _screen: None),
    ("register", "pmsofficer", lambda _window, _screen: None),
    ("reporting", "capturer", _reporting),
    ("verification", "verifier", _verification),
    ("reports", "pmsofficer", _quarterly_report),
    ("plans", "pmsofficer", lambda _window, _screen: None),
    ("agreements", "pmsofficer", _first_row),
    ("data-quality", "pmsofficer", lambda _window, _screen: None),
    ("sync", "admin", lambda _window, _screen: None),
)


def main(language: str = "pseudo", profile: str = "za-municipality", out_dir: str = "docs/screenshots",
         screens: str = "") -> int:
    """``screens``: comma-separated screen keys to take again (default: all, and the sign-in dialog)."""
    wanted = set(filter(None, screens.split(",")))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    compile_catalogues(Path(__file__).resolve().parents[1] / "pmsdesk" / "i18n" / "locale")
    if apply_language(language) != language:
        print(f"no catalogue for {language!r}", file=sys.stderr)
        return 1
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    taken = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite"
        database = open_database(path)
        build_demo(database, profile=profile, orgs=1, seed=1)
        operations = Operations(database)
        try:
            for width, height in SIZES:
                if not wanted or "sign-in" in wanted:
                    dialog = SignInDialog(operations)
                    dialog.show()
                    settle(app, operations)
                    name = out / f"{language}-sign-in-{width}x{height}.png"
                    dialog.grab().save(str(name))
                    dialog.close()
                    taken.append(name.name)
                for key, username, prepare in SHOTS:
                    if wanted and key not in wanted:
                        continue
                    with database.session() as session:
                        actor = sign_in(session, username, f"{username}-demo-2025")
                    settings = QSettings(str(Path(folder) / f"{username}.ini"), QSettings.Format.IniFormat)
                    window = MainWindow(database, actor, operations, settings=settings)
                    if not window.has_screen(key):
                        window.close()
                        continue
                    window.resize(width, height)
                    window.show()
                    settle(app, operations)
                    screen = window.open_screen(key)
                    settle(app, operations)
                    prepare(window, screen)
                    settle(app, operations)
                    name = out / f"{language}-{key}-{width}x{height}.png"
                    window.grab().save(str(name))
                    window.close()
                    taken.append(name.name)
        finally:
            operations.wait()
            database.dispose()
    print(f"{len(taken)} screenshots in {out}: {', '.join(taken)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
