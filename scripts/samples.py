"""Print docs/samples/: one PDF of each report kind from freshly built demo databases.

    .venv/bin/python scripts/samples.py [OUT_DIR]      # default docs/samples

Each sample names the demo it is printed from and the request, so the table in
docs/samples/README.md and this list say the same thing. The demos are built in a
throw-away folder, so the samples' fingerprints answer "unknown" against any real database.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from pmsdesk.db import open_database
from pmsdesk.demo import build_demo
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import issue_report
from pmsdesk.services.actor import Actor

#: demo name → (profile, organisations)
DEMOS = {"za": ("za-municipality", 1), "ke": ("ke-county", 1), "tz": ("tz-lga", 1), "ho": ("za-municipality", 8)}
#: (file, demo, request)
SAMPLES: tuple[tuple[str, str, ReportRequest], ...] = (
    ("agreement.pdf", "za", ReportRequest("agreement", person="Thandiwe")),
    ("ke-contract.pdf", "ke", ReportRequest("ke-contract", person="Wanjiru")),
    ("opras-form.pdf", "tz", ReportRequest("opras-form", person="Baraka")),
    ("pepmis.pdf", "tz", ReportRequest("pepmis", person="Rehema")),
    ("pepmis-summary.pdf", "tz", ReportRequest("pepmis-summary")),
    ("assessment.pdf", "za", ReportRequest("assessment", person="Thandiwe")),
    ("quarterly.pdf", "za", ReportRequest("quarterly", period=2)),
    ("mid-year.pdf", "za", ReportRequest("mid-year")),
    ("annual.pdf", "za", ReportRequest("annual", year="2024/25")),
    ("scorecard.pdf", "za", ReportRequest("scorecard", period=2)),
    ("league-table.pdf", "ho", ReportRequest("league-table")),
    ("indicator-descriptions.pdf", "za", ReportRequest("indicator-descriptions", unit="TS")),
    ("evidence-index.pdf", "za", ReportRequest("evidence-index", period=2)),
)


def main(out_dir: str = "docs/samples") -> int:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for name, (profile, organisations) in DEMOS.items():
            files[name] = Path(folder) / f"{name}.sqlite"
            database = open_database(files[name])
            build_demo(database, profile=profile, orgs=organisations, seed=1)
            database.dispose()
        for file_name, demo, request in SAMPLES:
            database = open_database(files[demo], upgrade=False, create=False)
            try:
                with database.session() as session:
                    issued = issue_report(session, Actor.system("samples"), request, out / file_name)
            finally:
                database.dispose()
            print(f"{file_name}: {issued.title}, {issued.pages} page(s)"
                  + (f", DRAFT: {issued.draft_reason}" if issued.draft_reason else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
