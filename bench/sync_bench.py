"""Head office importing every office's package: how long it takes, and how big packages are.

    .venv/bin/python bench/sync_bench.py --orgs 257 --workdir /tmp/sync-bench [--jobs 2]

Each office gets its own database holding only its organisation (built by
``pmsdesk.sync.office_demo.build_office``, the same organisations as
``pmsdesk demo --orgs 257``; evidence only for the first, as there) and writes a
full package to HEAD-OFFICE. Head office then trusts every key and imports all
packages in one process, each in its own transaction, and ranks the
organisations. Office 0 also reports a quarter (300 actuals) after an
acknowledgement, to measure an ordinary incremental package. Not part of the
test run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import ActualStatus, FinancialYear, Kpi, PeriodActual, ReportingPeriod
from pmsdesk.services.actor import Actor
from pmsdesk.sync import device_key, export_package, import_package
from pmsdesk.sync.consolidation import league_table
from pmsdesk.sync.keys import set_office_code, trust_key
from pmsdesk.sync.office_demo import build_office

SYSTEM = Actor.system("bench")
HEAD = "HEAD-OFFICE"


def make_office(args: tuple[Path, int]) -> dict:
    workdir, index = args
    folder = workdir / f"office-{index:03d}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copyfile(workdir / "migrated.sqlite", folder / "office.sqlite")  # migrating each file costs seconds
    database = open_database(folder / "office.sqlite")
    started = time.perf_counter()
    code = build_office(database, index, with_evidence=index == 0)
    built = time.perf_counter() - started
    with database.session() as session:
        key = device_key(session, folder / "keys")
        started = time.perf_counter()
        summary = export_package(session, SYSTEM, key, HEAD, workdir / "packages" / f"{code}-1.pmspkg")
    exported = time.perf_counter() - started
    database.dispose()
    if index != 0:
        shutil.rmtree(folder)  # keep the disk small: head office only needs the packages
    return {"office": code, "public_key": key.public_bytes.hex(), "fingerprint": key.fingerprint,
            "path": summary.path, "bytes": summary.bytes, "rows": sum(summary.counts.values()),
            "evidence": summary.evidence_files, "build_s": built, "export_s": exported}


def quarter_package(workdir: Path, head) -> dict:
    """Office 0 reports Q4 for its current KPIs and corrects Q3 values: an ordinary quarterly package."""
    folder = workdir / "office-000"
    office = open_database(folder / "office.sqlite")
    with head.session() as session:
        back = export_package(session, SYSTEM, device_key(session, workdir / "head-keys"), "ZA-001",
                              workdir / "head-to-ZA-001.pmspkg")
    with office.session() as session:
        trust_key(session, SYSTEM, HEAD, bytes.fromhex(HEAD_KEY["public_key"]), HEAD_KEY["fingerprint"])
        import_package(session, SYSTEM, back.path)
        year = session.scalars(select(FinancialYear).order_by(FinancialYear.start_date.desc()).limit(1)).one()
        periods = {p.number: p for p in session.scalars(select(ReportingPeriod).where(ReportingPeriod.financial_year_id == year.id))}
        current = session.scalars(select(Kpi).where(Kpi.financial_year_id == year.id).order_by(Kpi.reference)).all()
        for kpi in current:
            session.add(PeriodActual(kpi_id=kpi.id, period_id=periods[4].id, value=42.0, status=ActualStatus.SUBMITTED,
                                     narrative="Achieved as planned; see the attached site reports.", captured_by="capturer"))
        corrections = session.scalars(select(PeriodActual).where(PeriodActual.period_id == periods[3].id)
                                      .order_by(PeriodActual.id).limit(300 - len(current))).all()
        for actual in corrections:
            actual.narrative = "Corrected after verification: value confirmed against the register."
        session.commit()
        started = time.perf_counter()
        summary = export_package(session, SYSTEM, device_key(session, folder / "keys"), HEAD, workdir / "ZA-001-quarter.pmspkg")
    office.dispose()
    return {"records": sum(summary.counts.values()), "counts": summary.counts, "bytes": summary.bytes,
            "export_s": round(time.perf_counter() - started, 2)}


HEAD_KEY: dict = {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=257)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/pmsdesk-sync-bench"))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    (args.workdir / "packages").mkdir(parents=True)

    open_database(args.workdir / "migrated.sqlite").dispose()
    started = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        offices = list(pool.map(make_office, [(args.workdir, index) for index in range(args.orgs)]))
    print(f"built and exported {len(offices)} offices in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    head = open_database(args.workdir / "head.sqlite")
    with head.session() as session:
        set_office_code(session, SYSTEM, HEAD)
        key = device_key(session, args.workdir / "head-keys")
        HEAD_KEY.update(public_key=key.public_bytes.hex(), fingerprint=key.fingerprint)
        for office in offices:
            trust_key(session, SYSTEM, office["office"], bytes.fromhex(office["public_key"]), office["fingerprint"])
    per_package = []
    started = time.perf_counter()
    with head.session() as session:
        for office in offices:
            began = time.perf_counter()
            result = import_package(session, SYSTEM, office["path"])
            assert result.inserted == office["rows"] and result.conflicts == 0, result.message
            per_package.append(time.perf_counter() - began)
    import_total = time.perf_counter() - started
    started = time.perf_counter()
    with head.session() as session:
        league = league_table(session, SYSTEM, "2025/26")
    league_s = time.perf_counter() - started
    quarter = quarter_package(args.workdir, head)
    head.dispose()

    no_evidence = [office["bytes"] for office in offices if office["evidence"] == 0]
    report = {
        "organisations": len(offices),
        "head_office_import_s": round(import_total, 1),
        "per_package_s": {"median": round(statistics.median(per_package), 3), "max": round(max(per_package), 3)},
        "head_office_db_mb": round((args.workdir / "head.sqlite").stat().st_size / 2**20, 1),
        "full_package_bytes_without_evidence": {"median": int(statistics.median(no_evidence)) if no_evidence else None,
                                                "max": max(no_evidence) if no_evidence else None},
        "full_package_rows_without_evidence": offices[-1]["rows"],
        "full_package_with_evidence": {"bytes": offices[0]["bytes"], "evidence_files": offices[0]["evidence"]},
        "office_export_s_median": round(statistics.median(o["export_s"] for o in offices), 2),
        "quarter_package": quarter,
        "league_table_s": round(league_s, 1),
        "league_top3": [(row.rank, row.organisation_code, row.score) for row in league[:3]],
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
