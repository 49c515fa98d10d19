"""Print docs/samples/: one PDF of each report kind from freshly built demo databases.

    .venv/bin/python scripts/samples.py [OUT_DIR]      # default docs/samples

The list of samples, their demos and requests, and the fixed "as of" day they are printed on live in
pmsdesk/reports/samples.py, so this script, docs/samples/README.md and the test that compares the
samples with what the code prints say the same thing. The demos are built in a throw-away folder, so
the samples' fingerprints answer "unknown" against any real database.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pmsdesk.demo import build_demo
from pmsdesk.reports.samples import print_samples


def main(out_dir: str = "docs/samples") -> int:
    for issued in print_samples(Path(out_dir), build_demo):
        print(f"{issued.path.name}: {issued.title}, {issued.pages} page(s)"
              + (f", DRAFT: {issued.draft_reason}" if issued.draft_reason else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
