"""The sample PDFs of docs/samples/: which demo and request each is printed from, and printing them.

Every sample is printed "as of" one fixed day with one fixed generation time, from demo databases
built with seed 1, so printing them again gives the same text on any day (only each document's
random fingerprint differs). ``scripts/samples.py`` (``make samples``) writes them; a test prints
them again and compares their text with the files in docs/samples/.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pmsdesk.db import open_database
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import IssuedReport, issue_report
from pmsdesk.services.actor import Actor

#: The day the samples' statuses are decided on: after every demo quarter's reporting deadline.
AS_OF = "2026-08-31"
#: The generation time printed in the samples' footers (South African Standard Time).
GENERATED_AT = datetime(2026, 8, 31, 9, 0, tzinfo=timezone(timedelta(hours=2)))

#: demo name → (profile, organisations)
DEMOS = {"za": ("za-municipality", 1), "ke": ("ke-county", 1), "tz": ("tz-lga", 1), "ho": ("za-municipality", 8)}
#: (file, demo, request)
SAMPLES: tuple[tuple[str, str, ReportRequest], ...] = (
    ("agreement.pdf", "za", ReportRequest("agreement", person="Thandiwe")),
    ("ke-contract.pdf", "ke", ReportRequest("ke-contract", person="Wanjiru")),
    ("opras-form.pdf", "tz", ReportRequest("opras-form", person="Baraka")),
    ("pepmis.pdf", "tz", ReportRequest("pepmis", person="Rehema")),
    ("pepmis-summary.pdf", "tz", ReportRequest("pepmis-summary")),
    ("assessment.pdf", "za", ReportRequest("assessment", person="Thandiwe", as_of=AS_OF)),
    ("quarterly.pdf", "za", ReportRequest("quarterly", period=2, as_of=AS_OF)),
    ("mid-year.pdf", "za", ReportRequest("mid-year", as_of=AS_OF)),
    ("annual.pdf", "za", ReportRequest("annual", year="2024/25", as_of=AS_OF)),
    ("scorecard.pdf", "za", ReportRequest("scorecard", period=2, as_of=AS_OF)),
    ("league-table.pdf", "ho", ReportRequest("league-table")),
    ("indicator-descriptions.pdf", "za", ReportRequest("indicator-descriptions", unit="TS")),
    ("evidence-index.pdf", "za", ReportRequest("evidence-index", period=2)),
)


def print_samples(out_dir: Path, build_demo: Callable[..., object], only: tuple[str, ...] | None = None,
                  work_dir: Path | None = None) -> Iterator[IssuedReport]:
    """Build the demos with ``build_demo`` (pmsdesk.demo's; passed in, as only the demo's own callers
    may import it) in a throw-away folder (inside ``work_dir`` if given) and print each sample (or
    those named in ``only``) into ``out_dir``; yields each issued report as it is written."""
    wanted = [sample for sample in SAMPLES if only is None or sample[0] in only]
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_dir) as folder:
        files = {}
        for name in sorted({demo for _, demo, _ in wanted}):
            profile, organisations = DEMOS[name]
            files[name] = Path(folder) / f"{name}.sqlite"
            database = open_database(files[name])
            try:
                build_demo(database, profile=profile, orgs=organisations, seed=1)
            finally:
                database.dispose()
        for file_name, demo, request in wanted:
            database = open_database(files[demo], upgrade=False, create=False)
            try:
                with database.session() as session:
                    yield issue_report(session, Actor.system("samples"), request, out_dir / file_name,
                                       generated_at=GENERATED_AT)
            finally:
                database.dispose()
