"""A printed document can be matched to its data: matches, data changed since, or unknown."""

from __future__ import annotations

import pytest
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select, update

from pmsdesk.db import open_database
from pmsdesk.models import (
    ActualStatus,
    AuditEvent,
    FinancialYear,
    IssuedDocument,
    Kpi,
    PeriodActual,
    ReportingPeriod,
)
from pmsdesk.reports.pdf.base import ReportError
from pmsdesk.reports.pdf.verify import (
    CHANGED,
    MATCHES,
    UNKNOWN,
    fingerprint_in_pdf,
    fingerprint_of,
    verify_document,
)

from .conftest import print_report


def _verify(database_file, fingerprint):
    database = open_database(database_file, upgrade=False, create=False)
    try:
        with database.session() as session:
            return verify_document(session, fingerprint)
    finally:
        database.dispose()


def _change(database_file, statement):
    database = open_database(database_file, upgrade=False, create=False)
    try:
        with database.session() as session:
            session.execute(statement)
            session.commit()
    finally:
        database.dispose()


@pytest.fixture
def quarterly(demo_copy, tmp_path):
    database_file = demo_copy("za")
    printed = print_report(database_file, tmp_path / "q1.pdf", "quarterly", period=1, unit="TS")
    return database_file, printed


def test_a_fresh_document_matches_and_is_registered_with_an_audit_event(quarterly):
    database_file, printed = quarterly
    fingerprint = fingerprint_of(str(printed.issued.path))
    assert fingerprint == printed.issued.fingerprint
    result = _verify(database_file, fingerprint)
    assert result.outcome == MATCHES, result.message
    assert result.kind == "quarterly" and result.parameters["period"] == 1
    database = open_database(database_file, upgrade=False, create=False)
    with database.session() as session:
        issued = session.get(IssuedDocument, fingerprint)
        assert issued.data_hash == printed.issued.data_hash
        assert issued.generated_by == "tester"
        assert session.scalar(select(AuditEvent).where(AuditEvent.entity == "issued_document",
                                                       AuditEvent.entity_id == fingerprint))
    database.dispose()


def _an_approved_q1_actual_in_the_report():
    """The first Technical Services KPI (TS…) with an approved 2025/26 Q1 value: it is on the printed page."""
    return (select(PeriodActual.id).join(ReportingPeriod)
            .join(Kpi, Kpi.id == PeriodActual.kpi_id)
            .join(FinancialYear, FinancialYear.id == Kpi.financial_year_id)
            .where(FinancialYear.label == "2025/26", ReportingPeriod.number == 1, Kpi.reference.like("TS%"),
                   PeriodActual.status == ActualStatus.APPROVED, PeriodActual.value.is_not(None))
            .order_by(Kpi.reference).limit(1).scalar_subquery())


def test_a_changed_actual_is_detected(quarterly):
    database_file, printed = quarterly
    _change(database_file, update(PeriodActual).where(PeriodActual.id == _an_approved_q1_actual_in_the_report())
            .values(value=PeriodActual.value + 1))
    result = _verify(database_file, printed.issued.fingerprint)
    assert result.outcome == CHANGED
    assert "changed since it was printed" in result.message


def test_a_review_status_change_is_a_change_too(quarterly):
    """Re-opening an approved value makes the printed 'final' copy out of date."""
    database_file, printed = quarterly
    _change(database_file, update(PeriodActual).where(PeriodActual.id == _an_approved_q1_actual_in_the_report())
            .values(status=ActualStatus.VERIFIED))
    assert _verify(database_file, printed.issued.fingerprint).outcome == CHANGED


def test_an_unknown_fingerprint_is_reported_as_unknown(demo_files):
    result = _verify(demo_files["za"], "ABCDE-12345")
    assert result.outcome == UNKNOWN
    assert "not issued from this database" in result.message


def test_a_fingerprint_typed_from_paper_is_normalised():
    assert fingerprint_of("abcde 12345") == "ABCDE-12345"
    assert fingerprint_of("ABCDE-I2345") == "ABCDE-12345"  # I read as 1
    with pytest.raises(ReportError, match="not a PDF file and not a fingerprint"):
        fingerprint_of("nonsense")


def test_a_pdf_without_a_fingerprint_is_refused(tmp_path):
    plain = tmp_path / "other.pdf"
    canvas = Canvas(str(plain))
    canvas.drawString(72, 720, "Minutes of the council meeting")
    canvas.save()
    assert fingerprint_in_pdf(plain) is None
    with pytest.raises(ReportError, match="no pmsdesk document fingerprint"):
        fingerprint_of(str(plain))


def test_an_agreement_changes_when_an_item_weight_changes(demo_copy, tmp_path):
    from pmsdesk.models import AgreementItem

    database_file = demo_copy("za")
    printed = print_report(database_file, tmp_path / "a.pdf", "agreement", person="Sipho")
    assert _verify(database_file, printed.issued.fingerprint).outcome == MATCHES
    _change(database_file, update(AgreementItem).where(AgreementItem.title == "People management")
            .values(title="People management and empowerment"))
    assert _verify(database_file, printed.issued.fingerprint).outcome == CHANGED
