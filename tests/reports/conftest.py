"""Demo databases built once per run, and a helper that reads a PDF back as text and images."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from pmsdesk.db import open_database
from pmsdesk.demo import build_demo
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import IssuedReport, issue_report
from pmsdesk.services.actor import Actor

PROFILES = {"za": ("za-municipality", 1), "ke": ("ke-county", 1), "tz": ("tz-lga", 1),
            "ho": ("za-municipality", 2)}


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory, migrated_file) -> dict[str, Path]:
    """One built demo database per profile (and a two-organisation head office)."""
    folder = tmp_path_factory.mktemp("demo")
    files = {}
    for name, (profile, orgs) in PROFILES.items():
        target = folder / f"{name}.sqlite"
        shutil.copyfile(migrated_file, target)
        database = open_database(target)
        build_demo(database, profile=profile, orgs=orgs, seed=1)
        database.dispose()
        files[name] = target
    return files


@pytest.fixture
def demo_copy(demo_files, tmp_path):
    """A private copy of a demo database, for tests that change data."""
    def copy(name: str) -> Path:
        target = tmp_path / f"{name}-copy.sqlite"
        shutil.copyfile(demo_files[name], target)
        return target
    return copy


@dataclass
class Printed:
    issued: IssuedReport
    pages: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def print_report(database_file: Path, out: Path, kind: str, **fields) -> Printed:
    database = open_database(database_file, upgrade=False, create=False)
    try:
        with database.session() as session:
            issued = issue_report(session, Actor.system("tester"), ReportRequest(kind, **fields), out)
    finally:
        database.dispose()
    reader = PdfReader(str(out))
    return Printed(issued, [page.extract_text() or "" for page in reader.pages])


def flat(text: str) -> str:
    """The text with every run of white space (line ends inside table cells) one space."""
    return " ".join(text.split())


def signed_agreement_of(session, full_name: str):
    """The demo agreement (original, signed) of the person called ``full_name``."""
    from sqlalchemy import select

    from pmsdesk.models import PerformanceAgreement, Person

    person = session.scalar(select(Person).where(Person.full_name == full_name))
    return session.scalar(select(PerformanceAgreement).where(PerformanceAgreement.person_id == person.id,
                                                             PerformanceAgreement.amendment_number == 0))


def render_pages(pdf: Path, folder: Path, *, last: int = 2) -> list[Path]:
    """PNG images of the first ``last`` pages, drawn by poppler's pdftoppm at 40 dpi."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", str(last), str(pdf),
                    str(prefix)], check=True, capture_output=True, timeout=60)
    return sorted(folder.glob(f"{pdf.stem}-*.png"))
