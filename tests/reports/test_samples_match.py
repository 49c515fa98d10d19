"""docs/samples/ holds what the code prints today: each sample printed again (fixed "as of" day and
generation time, demo seed 1) reads, page by page, exactly like the file in the repository.

When this fails after a deliberate change to a report, run `make samples`, look at the pages, and
commit the new samples with the change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from pmsdesk.demo import build_demo
from pmsdesk.reports.samples import SAMPLES, print_samples

DOCS = Path(__file__).resolve().parents[2] / "docs" / "samples"
FINGERPRINT = re.compile(r"fingerprint [0-9A-Z]{5}-[0-9A-Z]{5}")


def pages(pdf: Path) -> list[str]:
    """Each page's text, with the document's random fingerprint masked."""
    return [FINGERPRINT.sub("fingerprint •••••-•••••", page.extract_text() or "")
            for page in PdfReader(str(pdf)).pages]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("samples")
    for _ in print_samples(folder, build_demo, work_dir=tmp_path_factory.mktemp("sample-demos")):
        pass
    return folder


def test_every_sample_is_listed_in_the_readme():
    readme = (DOCS / "README.md").read_text(encoding="utf-8")
    for file_name, _, _ in SAMPLES:
        assert f"`{file_name}`" in readme, file_name


@pytest.mark.parametrize("file_name", [sample[0] for sample in SAMPLES])
def test_the_sample_in_docs_matches_what_the_code_prints(printed, file_name):
    kept, fresh = pages(DOCS / file_name), pages(printed / file_name)
    assert len(kept) == len(fresh), f"{file_name}: {len(kept)} pages in docs/samples, {len(fresh)} printed now " \
                                    "(run `make samples`)"
    for number, (old, new) in enumerate(zip(kept, fresh), 1):
        assert old == new, f"{file_name} page {number} differs from what the code prints (run `make samples`)"
