"""The demo databases: realistic, deterministic, valid by the services' own rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from pmsdesk.demo import DEMO_USERS, DemoError, build_demo
from pmsdesk.models import (
    ActualStatus,
    AgreementStatus,
    AuditEvent,
    EvidenceContent,
    EvidenceFile,
    FinancialYear,
    Kpa,
    Kpi,
    KpiTarget,
    Organisation,
    PerformanceAgreement,
    PeriodActual,
    Plan,
    ReportingPeriod,
    Unit,
    UnitLevel,
)
from pmsdesk.services import users
from pmsdesk.services.kpis import KPI_FIELDS, kpi_consistency_problems
from pmsdesk.services.validation import clean


@pytest.fixture(scope="module")
def za_demo(tmp_path_factory):
    from pmsdesk.db import open_database

    database = open_database(tmp_path_factory.mktemp("za") / "demo.sqlite")
    summary = build_demo(database, profile="za-municipality", seed=1)
    yield database, summary
    database.dispose()


def _scalar(database, statement):
    with database.session() as session:
        return session.scalar(statement)


def _current_year_id(session) -> str:
    return session.scalar(select(FinancialYear.id).where(FinancialYear.label == "2025/26"))


def test_the_south_african_demo_has_the_shape_the_brief_asks_for(za_demo):
    database, summary = za_demo
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 1
        directorates = session.scalars(select(Unit.name).where(Unit.level == UnitLevel.DIRECTORATE)).all()
        assert len(directorates) == 6 and "Technical Services" in directorates
        assert set(session.scalars(select(Kpa.code))) == {"MTID", "BSD", "LED", "MFVM", "GGPP"}
        year_id = _current_year_id(session)
        current_kpis = session.scalars(select(Kpi).where(Kpi.financial_year_id == year_id)).all()
        assert 240 <= len(current_kpis) <= 260
        assert len({k.measure_type for k in current_kpis}) == 6
        assert len({k.calculation_type for k in current_kpis}) == 6
        assert len({k.direction for k in current_kpis}) == 3
        quarters = session.scalars(select(ReportingPeriod).where(ReportingPeriod.financial_year_id == year_id)).all()
        assert [q.label for q in sorted(quarters, key=lambda q: q.number)] == ["Q1", "Q2", "Q3", "Q4"]
        reported = {q.label: session.scalar(select(func.count()).select_from(PeriodActual)
                                            .where(PeriodActual.period_id == q.id)) for q in quarters}
        assert reported["Q4"] == 0 and min(reported["Q1"], reported["Q2"], reported["Q3"]) > 100
        agreements = session.scalars(select(PerformanceAgreement)).all()
        assert len(agreements) == 2 and {a.status for a in agreements} == {AgreementStatus.SIGNED}
    assert summary.users == 6


def test_every_demo_kpi_passes_the_kpi_service_validation(za_demo):
    database, _ = za_demo
    with database.session() as session:
        for kpi in session.scalars(select(Kpi)):
            values = {key: getattr(kpi, key) for key in KPI_FIELDS}
            values = {key: value.value if hasattr(value, "value") else value for key, value in values.items()}
            assert kpi_consistency_problems(clean(values, KPI_FIELDS)) == {}, kpi.reference


def test_the_demo_has_the_gaps_real_reporting_has(za_demo):
    database, _ = za_demo
    with database.session() as session:
        year_id = _current_year_id(session)
        q3 = session.scalar(select(ReportingPeriod.id).where(
            ReportingPeriod.financial_year_id == year_id, ReportingPeriod.number == 3))
        q3_targets = session.scalar(select(func.count()).select_from(KpiTarget).where(KpiTarget.period_id == q3))
        q3_actuals = session.scalar(select(func.count()).select_from(PeriodActual).where(
            PeriodActual.period_id == q3, PeriodActual.value.is_not(None) | PeriodActual.value_date.is_not(None)))
        assert q3_actuals < q3_targets, "some Q3 targets are not reported"
        late = session.scalar(select(func.count()).select_from(PeriodActual).where(PeriodActual.is_late))
        assert late > 10
        without_evidence = session.scalar(
            select(func.count()).select_from(PeriodActual)
            .join(Kpi, Kpi.id == PeriodActual.kpi_id)
            .where(Kpi.financial_year_id == year_id, ~PeriodActual.evidence.any()))
        assert without_evidence > 10
        suspicious = session.scalar(
            select(func.count()).select_from(PeriodActual)
            .join(KpiTarget, (KpiTarget.kpi_id == PeriodActual.kpi_id) & (KpiTarget.period_id == PeriodActual.period_id))
            .where(KpiTarget.value > 0, PeriodActual.value > 10 * KpiTarget.value))
        assert suspicious >= 1, "a few wrong values for the data-quality checks"
        statuses = set(session.scalars(select(PeriodActual.status).distinct()))
        assert statuses == set(ActualStatus)
        assert session.scalar(select(func.count()).select_from(EvidenceFile)) > 100


@pytest.mark.parametrize(("username", "_name", "role", "password"), DEMO_USERS)
def test_each_demo_user_signs_in_with_the_readme_password(za_demo, username, _name, role, password):
    database, _ = za_demo
    with database.session() as session:
        actor = users.sign_in(session, username, password)
        assert [grant.role for grant in actor.grants] == [role]


def test_demo_passwords_are_stored_hashed(za_demo):
    from pmsdesk.models import User

    database, _ = za_demo
    with database.session() as session:
        for user in session.scalars(select(User)):
            assert user.password_hash.startswith("scrypt$") and "demo" not in user.password_hash


def test_the_same_seed_gives_the_same_demo(tmp_path):
    from pmsdesk.db import open_database

    dumps = []
    for name in ("a", "b"):
        database = open_database(tmp_path / f"{name}.sqlite")
        build_demo(database, profile="tz-lga", seed=7)
        with database.session() as session:
            dumps.append(session.execute(
                select(Kpi.id, Kpi.reference, Kpi.annual_target, PeriodActual.value)
                .join(PeriodActual, PeriodActual.kpi_id == Kpi.id).order_by(PeriodActual.id)).all())
            dumps.append(session.execute(select(EvidenceFile.original_name, EvidenceFile.content_sha256)
                                         .order_by(EvidenceFile.id)).all())
        database.dispose()
    assert dumps[0] == dumps[2] and len(dumps[0]) > 100
    assert dumps[1] == dumps[3] and len(dumps[1]) > 50


def _data(session, evidence: EvidenceFile) -> bytes:
    return session.get(EvidenceContent, evidence.content_sha256).data


def test_demo_evidence_is_real_pdfs_and_pictures_stored_once(za_demo):
    database, _ = za_demo
    with database.session() as session:
        files = session.scalars(select(EvidenceFile)).all()
        contents = {row.sha256: row.data for row in session.scalars(select(EvidenceContent))}
    assert {f.media_type for f in files} == {"application/pdf", "image/png"}
    assert len(contents) < len(files) / 5, "each distinct file is made once and shared"
    for data in contents.values():
        assert data.startswith(b"%PDF-") or data.startswith(b"\x89PNG")
        assert 1_000 < len(data) < 8_000


def test_every_demo_evidence_pdf_names_its_kpi_and_quarter(za_demo):
    import pypdfium2 as pdfium

    database, _ = za_demo
    texts: dict[str, str] = {}
    with database.session() as session:
        for evidence in session.scalars(select(EvidenceFile).where(EvidenceFile.media_type == "application/pdf")):
            if evidence.content_sha256 not in texts:
                document = pdfium.PdfDocument(_data(session, evidence))
                assert len(document) == 1
                texts[evidence.content_sha256] = document[0].get_textpage().get_text_range()
                document.close()
            text = texts[evidence.content_sha256]
            assert f"Quarter {evidence.actual.period.number} of 2025/26" in text
            assert evidence.actual.kpi.name in text


@pytest.mark.parametrize("media_type", ["application/pdf", "image/png"])
def test_a_demo_evidence_file_is_drawn_by_the_preview(za_demo, qtbot, media_type):
    from pmsdesk.ui.widgets.document_preview import DocumentPreview

    database, _ = za_demo
    with database.session() as session:
        evidence = session.scalars(select(EvidenceFile).where(EvidenceFile.media_type == media_type)).first()
        name, data = evidence.original_name, _data(session, evidence)
    preview = DocumentPreview()
    qtbot.addWidget(preview)
    preview.resize(600, 800)
    preview.show_file(name, data)
    assert preview.page_count == 1
    assert not preview.page.pixmap().isNull() and preview.page.text() == ""


@pytest.mark.parametrize(("profile", "plan_kind", "agreement_kind", "country"), [
    ("ke-county", "cidp", {"ke_pc", "ke_spas"}, "KE"),
    ("tz-lga", "strategic_plan", {"tz_opras"}, "TZ"),
])
def test_kenyan_and_tanzanian_profiles_use_their_own_vocabulary(empty_database, profile, plan_kind, agreement_kind, country):
    build_demo(empty_database, profile=profile)
    with empty_database.session() as session:
        assert session.scalar(select(Organisation.country)) == country
        assert session.scalar(select(Plan.kind)).value == plan_kind
        assert {a.kind.value for a in session.scalars(select(PerformanceAgreement))} == agreement_kind
        assert session.scalar(select(func.count()).select_from(Kpi)) > 50


def test_several_organisations_for_head_office(empty_database):
    database = empty_database
    summary = build_demo(database, profile="ke-county", orgs=3)
    with database.session() as session:
        names = session.scalars(select(Organisation.name).order_by(Organisation.code)).all()
    assert summary.organisations == 3 and len(set(names)) == 3
    assert summary.evidence_files > 0


def test_a_demo_into_a_database_with_data_is_refused_and_changes_nothing(empty_database):
    database = empty_database
    build_demo(database, profile="tz-lga")
    events = _scalar(database, select(func.count()).select_from(AuditEvent))
    with pytest.raises(DemoError, match="already holds organisations"):
        build_demo(database, profile="tz-lga")
    assert _scalar(database, select(func.count()).select_from(AuditEvent)) == events
    assert _scalar(database, select(func.count()).select_from(Organisation)) == 1


def test_an_unknown_profile_is_named(empty_database):
    database = empty_database
    with pytest.raises(DemoError, match="unknown profile 'fr-commune'"):
        build_demo(database, profile="fr-commune")


def test_the_demo_audit_chain_is_intact(za_demo):
    from pmsdesk.services.audit import first_broken_link

    database, _ = za_demo
    with database.session() as session:
        assert first_broken_link(session) is None


def test_the_kenyan_demo_shows_a_verified_and_a_submitted_contract_report_and_a_spas_appraisal(empty_database):
    from pmsdesk.models import AgreementKind, Assessment, AssessmentStatus
    from pmsdesk.services import assessments, contract_evaluation

    build_demo(empty_database, profile="ke-county")
    with empty_database.session() as session:
        reviews = {(a.agreement.kind, a.status): a for a in session.scalars(select(Assessment))}
        verified = reviews[(AgreementKind.KE_PERFORMANCE_CONTRACT, AssessmentStatus.VERIFIED)]
        waiting = reviews[(AgreementKind.KE_PERFORMANCE_CONTRACT, AssessmentStatus.SUBMITTED)]
        assert (AgreementKind.KE_SPAS, AssessmentStatus.FINAL) in reviews
        assert verified.review_label == waiting.review_label == "Quarter 2 report"
        assert verified.overall_rating > verified.self_score, "the verifier found one value lower"
        detail = assessments.assessment_detail(session, verified.id)
        again = assessments.live_result(detail.kind, detail.items, assessments.verified_values(detail), detail.rules)
        assert again.overall_rating == pytest.approx(verified.overall_rating) and again.outcome_label == verified.outcome_label
        assert {item.category for item in detail.items} == {"Core Mandate", "Service Delivery",
                                                            "Financial Stewardship and Discipline", "Cross-Cutting Issues"}
        assert verified.agreement.vision and verified.agreement.strategic_objectives
        from pmsdesk.services.actor import Actor

        contract_evaluation.verify_evaluation(session, Actor.system("verifier-2"), waiting.id, {
            item_id: assessments.RatingValues(verified_actual=values.actual, verifier_note="Agrees")
            for item_id, values in assessments.assessment_detail(session, waiting.id).ratings.items()},
            None, date(2026, 2, 5))
        assert waiting.status == AssessmentStatus.VERIFIED
