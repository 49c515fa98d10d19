"""Dashboard, register, agreements and sync of each country's demo, for checking their words by eye (issue #23).

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb PYTHONPATH=. \
        .venv/bin/python scripts/country_screenshots.py [OUT_DIR]

Writes country-<za|ke|tz>-<screen>.png at 1366×768 into OUT_DIR (default docs/screenshots),
using the same window and demo accounts as scripts/screenshots.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots import _first_row, _nothing, shoot  # noqa: E402

from pmsdesk.db import open_database  # noqa: E402
from pmsdesk.demo import build_demo  # noqa: E402

PROFILES = {"za": "za-municipality", "ke": "ke-county", "tz": "tz-lga"}
SHOTS = (("dashboard", "pmsofficer", _nothing), ("register", "pmsofficer", _nothing),
         ("agreements", "pmsofficer", _first_row), ("sync", "admin", _nothing))


def main(out_dir: str = "docs/screenshots") -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    taken = []
    with tempfile.TemporaryDirectory() as folder:
        for country, profile in PROFILES.items():
            path = Path(folder) / f"{country}.sqlite"
            database = open_database(path)
            try:
                build_demo(database, profile=profile, seed=1)
            finally:
                database.dispose()
            for key, username, prepare in SHOTS:
                name = f"country-{country}-{key}"
                if shoot(app, path, username, key, prepare, out / f"{name}.png", Path(folder)):
                    taken.append(name)
    print(f"{len(taken)} screenshots in {out}: {', '.join(taken)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
