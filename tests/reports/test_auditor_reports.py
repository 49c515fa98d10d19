"""The two documents an auditor asks for first: technical indicator descriptions and the evidence index."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import EvidenceContent, EvidenceFile, Kpi, PeriodActual, ReportingPeriod, Unit
from pmsdesk.reports.pdf.base import ReportError, ReportRequest
from pmsdesk.reports.pdf.kinds import collect
from pmsdesk.reports.pdf.verify import MATCHES, verify_document
from pmsdesk.wording import CALCULATION_METHODS

from .conftest import print_report


def test_every_calculation_type_has_a_method_in_words() -> None:
    from pmsdesk.models import CalculationType

    assert set(CALCULATION_METHODS) == set(CalculationType)


@pytest.fixture(scope="module")
def descriptions(demo_files, tmp_path_factory):
    return print_report(demo_files["za"], tmp_path_factory.mktemp("pdf") / "indicators.pdf",
                        "indicator-descriptions", unit="TS")


def test_each_kpi_of_the_directorate_is_described_in_reference_order(descriptions, demo_files):
    database = open_database(demo_files["za"], upgrade=False, create=False)
    with database.session() as session:
        unit = session.scalar(select(Unit).where(Unit.code == "TS"))
        below = {unit.id} | set(session.scalars(select(Unit.id).where(Unit.parent_id == unit.id)))
        kpis = list(session.scalars(select(Kpi).where(Kpi.responsible_unit_id.in_(below), Kpi.is_active.is_(True),
                                                      Kpi.financial_year.has(
                                                          label=descriptions.issued.parameters["year"]))))
    database.dispose()
    text = descriptions.text
    assert kpis and all(kpi.name in text for kpi in kpis)
    shown = re.findall(r"^(TS\d+) ", text, re.MULTILINE)
    assert shown == sorted(shown, key=lambda ref: int(ref[2:]))  # TS2 before TS10
    for label in ("Definition", "Purpose (strategic objective)", "Method of calculation", "Data source",
                  "Evidence required", "Responsible official", "Reporting cycle", "Desired performance"):
        assert label in text
    assert "The quarters add up" in text and "Quarterly (Q1, Q2, Q3, Q4)" in text
    assert descriptions.issued.draft_reason is None


def test_the_evidence_index_lists_each_submitted_actual_with_its_files_hashes_and_reviewers(demo_files, tmp_path):
    printed = print_report(demo_files["za"], tmp_path / "evidence.pdf", "evidence-index", period=2,
                           year="2025/26")
    text = printed.text.replace("\n", " ")
    database = open_database(demo_files["za"], upgrade=False, create=False)
    with database.session() as session:
        q2 = session.scalar(select(ReportingPeriod).where(ReportingPeriod.label == "Q2",
                                                          ReportingPeriod.financial_year.has(label="2025/26")))
        actuals = list(session.scalars(select(PeriodActual).where(PeriodActual.period_id == q2.id,
                                                                  PeriodActual.status != "draft")))
        files = list(session.scalars(select(EvidenceFile).where(
            EvidenceFile.actual_id.in_([a.id for a in actuals]))))
        for record in files[:5]:  # the printed hash is the hash of the stored bytes
            stored = session.get(EvidenceContent, record.content_sha256).data
            digest = hashlib.sha256(stored).hexdigest()
            assert digest[:32] in text and digest[32:] in text
        bare = [a for a in actuals if not any(f.actual_id == a.id for f in files)]
        assert f"{len(actuals)} reported actuals" in text and f"{len(bare)} without evidence" in text
        assert bool(bare) == ("NO EVIDENCE ATTACHED" in text)
        verified = next(a for a in actuals if a.verified_by)
        assert verified.verified_by in text
        result = verify_document(session, printed.issued.fingerprint)
        assert result.outcome == MATCHES
    database.dispose()
    assert printed.issued.draft_reason and "not approved yet" in printed.issued.draft_reason


def test_the_evidence_index_names_a_wrong_quarter_or_unit(demo_files):
    database = open_database(demo_files["za"], upgrade=False, create=False)
    with database.session() as session:
        with pytest.raises(ReportError, match="--period: 2025/26 has no quarter 7"):
            collect(session, ReportRequest("evidence-index", year="2025/26", period=7))
        with pytest.raises(ReportError, match="--unit: ZA-001 has no unit 'NOPE'"):
            collect(session, ReportRequest("evidence-index", unit="NOPE"))
    database.dispose()


def test_a_custodian_written_as_words_is_the_responsible_official(demo_copy, tmp_path):
    """An SDBIP's custodian that matches nobody in the People list is kept as words, and printed as such."""
    file = demo_copy("za")
    database = open_database(file, upgrade=False, create=False)
    with database.session() as session:
        unit = session.scalar(select(Unit).where(Unit.code == "TS"))
        kpi = session.scalar(select(Kpi).where(Kpi.responsible_unit_id == unit.id, Kpi.is_active.is_(True),
                                               Kpi.financial_year.has(label="2025/26")).limit(1))
        kpi.responsible_person_id, kpi.custodian = None, "Director: Roads and Stormwater"
        session.commit()
    database.dispose()
    text = print_report(file, tmp_path / "indicators.pdf", "indicator-descriptions", unit="TS",
                        year="2025/26").text
    assert "Director: Roads and Stormwater" in " ".join(text.split())
