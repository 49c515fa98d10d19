"""Printed and read back: the agreement's publication day and its Annexure A from the top layer (or the KPIs
chosen), the mid-year report's adjustments recommendation, and ``pmsdesk report --as-of``."""

from __future__ import annotations

import json
from datetime import date

from pypdf import PdfReader
from sqlalchemy import func, select

from pmsdesk.cli.main import main
from pmsdesk.db import open_database
from pmsdesk.models import IssuedDocument, Kpi
from pmsdesk.services import agreements, midyear
from pmsdesk.services import people as people_service
from pmsdesk.services.actor import Actor

from .conftest import flat, print_report

MM = "Thandiwe Ṱhohoyandou-Mokoena"


def _top_layer(path) -> list[str]:
    database = open_database(path, upgrade=False, create=False)
    try:
        with database.session() as session:
            return sorted(session.scalars(select(Kpi.reference).where(Kpi.top_layer.is_(True),
                                                                      Kpi.reference.not_like("%TEST%"))))
    finally:
        database.dispose()


def test_the_municipal_managers_plan_is_the_top_layer_and_the_publication_day_is_printed(demo_files, tmp_path):
    printed = print_report(demo_files["za"], tmp_path / "mm.pdf", "agreement", person="Thandiwe")
    text = flat(printed.text)
    assert "Made public on 8 Aug 2025 (Municipal Finance Management Act s53(3)(b))." in text
    assert ("The competencies chosen Competency Kind What it means Strategic direction and leadership Leading "
            "competency Sets a clear direction for the municipality") in text
    assert "achievement levels Basic, Competent, Advanced, Superior" in text
    annexure = flat(printed.text[printed.text.index("Annexure A: Performance plan"):
                                 printed.text.index("Annexure B: Personal development plan")])
    assert annexure.startswith("Annexure A: Performance plan The top-layer SDBIP KPIs of the employee's area")
    top = _top_layer(demo_files["za"])
    assert top and all(f" {reference} " in f" {annexure} " for reference in top)
    data = printed.issued
    assert data.pages < 10, "the municipal manager's plan is the scorecard, not every KPI"


def test_kpis_chosen_in_the_agreement_make_up_annexure_a(demo_copy, tmp_path):
    path = demo_copy("za")
    system = Actor.system("tester")
    database = open_database(path, upgrade=False, create=False)
    try:
        with database.session() as session:
            chosen = list(session.scalars(select(Kpi).where(Kpi.top_layer.is_(None)).order_by(Kpi.reference).limit(2)))
            year_id, organisation_id = chosen[0].financial_year_id, chosen[0].organisation_id
            person = people_service.create_person(session, system, organisation_id, {"full_name": "Lerato Chosen"})
            lines = [{"kind": "kpa", "title": kpi.name, "weight": 50, "kpi_id": kpi.id, "kpa_id": kpi.kpa_id}
                     for kpi in chosen] + [{"kind": "ccr", "title": "Moral Competence", "weight": 100}]
            agreements.create_agreement(session, system, person.id, year_id,
                                        {"kind": "za_s56", "rule_set_code": "za_s56", "title": "PA"}, lines)
            references = [kpi.reference for kpi in chosen]
    finally:
        database.dispose()
    printed = print_report(path, tmp_path / "chosen.pdf", "agreement", person="Lerato Chosen")
    annexure = flat(printed.text[printed.text.index("Annexure A: Performance plan"):
                                 printed.text.index("Annexure B: Personal development plan")])
    assert "The KPIs chosen in this agreement" in annexure
    assert all(reference in annexure for reference in references)
    assert not any(reference in annexure for reference in _top_layer(path))
    assert "Made public on ____" in flat(printed.text), "a line to write the day on, before it is public"


def test_the_mid_year_report_prints_the_recorded_recommendation(demo_copy, tmp_path):
    path = demo_copy("za")

    def recommend(words: str) -> None:
        database = open_database(path, upgrade=False, create=False)
        try:
            with database.session() as session:
                midyear.save_adjustments_recommendation(session, Actor.system("tester"), "ZA-001", "2025/26", words)
        finally:
            database.dispose()

    recommend("")
    before = print_report(path, tmp_path / "none.pdf", "mid-year", unit="BTO", as_of="2026-08-31")
    assert "No recommendation has been recorded for this year." in flat(before.text)
    recommend("An adjustments budget is recommended.\nWater revenue is 8% below the budget projection.")
    printed = print_report(path, tmp_path / "mid.pdf", "mid-year", unit="BTO", as_of="2026-08-31")
    text = flat(printed.text)
    assert ("Recommendation on an adjustments budget An adjustments budget is recommended. Water revenue is 8% "
            "below the budget projection. Made in terms of section 72(3)") in text
    assert printed.issued.fingerprint != before.issued.fingerprint


def _issued(path) -> int:
    database = open_database(path, upgrade=False, create=False)
    try:
        with database.session() as session:
            return session.scalar(select(func.count()).select_from(IssuedDocument))
    finally:
        database.dispose()


def test_report_as_of_decides_statuses_by_the_day_given_and_refuses_a_wrong_one(demo_copy, tmp_path, capsys):
    path = demo_copy("za")
    out = tmp_path / "q1.pdf"
    assert main(["report", "quarterly", "--db", str(path), "--out", str(out), "--period", "Q1", "--unit", "BTO",
                 "--as-of", "2025-10-01", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["parameters"]["as_of"] == "2025-10-01"
    early = flat(" ".join(page.extract_text() for page in PdfReader(str(out)).pages))
    assert "Awaiting report" in early, "on 1 October, before the Q1 reporting deadline, its targets are awaiting"
    issued = _issued(path)
    for words, message in ((["quarterly", "--as-of", "31/08/2026"],
                            "--as-of: '31/08/2026' is not a day such as 2026-08-31 (year-month-day)"),
                           (["agreement", "--as-of", "2026-08-31"], "--as-of does not apply to the agreement report")):
        code = main(["report", words[0], "--db", str(path), "--out", str(tmp_path / "x.pdf"), *words[1:]])
        err = capsys.readouterr().err.strip()
        assert code == 2 and message in err and err.count("\n") == 0
    assert _issued(path) == issued and not (tmp_path / "x.pdf").exists()
    assert date.fromisoformat(result["parameters"]["as_of"]) == date(2025, 10, 1)
