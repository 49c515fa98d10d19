"""Head office consolidating every office's full package, against raw ``sqlite3.executemany``.

Each office gets its own database holding only its organisation (built by
``pmsdesk.demo.offices.build_office``, ~300 KPIs with targets and actuals
over two years) and writes a full package to HEAD-OFFICE; building them is not
timed. pmsdesk: head office trusts every key and imports every package, each
in its own transaction. Floor: the same rows, already parsed, inserted with
``sqlite3.executemany`` into an empty migrated database in one transaction.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pmsdesk.db import open_database
from pmsdesk.demo.offices import build_office
from pmsdesk.services.actor import Actor
from pmsdesk.sync import device_key, export_package, import_package, read_package
from pmsdesk.sync.incoming import parse_rows
from pmsdesk.sync.keys import set_office_code, trust_key

from .timing import Measurement, Scale, fresh_copy, say, timed

HEAD = "HEAD-OFFICE"
SYSTEM = Actor.system("bench")


@dataclass(frozen=True)
class OfficePackage:
    office: str
    path: Path
    public_key: bytes
    fingerprint: str
    rows: int
    bytes: int = 0


def _make_office(args: tuple[Path, Path, int]) -> OfficePackage:
    template, workdir, index = args
    folder = workdir / f"office-{index:03d}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    database = open_database(fresh_copy(template, folder / "office.sqlite"))
    code = build_office(database, index)
    with database.session() as session:
        key = device_key(session, folder / "keys")
        summary = export_package(session, SYSTEM, key, HEAD, workdir / "packages" / f"{code}-1.pmspkg")
    database.dispose()
    shutil.rmtree(folder)  # head office only needs the package
    return OfficePackage(code, Path(summary.path), key.public_bytes, key.fingerprint, sum(summary.counts.values()),
                         summary.bytes)


def make_packages(template: Path, workdir: Path, organisations: int, jobs: int = 2) -> list[OfficePackage]:
    """One full package per office; the packages of a kept ``--workdir`` are reused when there are as
    many (building 257 offices takes minutes)."""
    kept = sorted((workdir / "packages").glob("*.pmspkg"))
    if len(kept) == organisations:
        return [_kept_package(path) for path in kept]
    (workdir / "packages").mkdir(parents=True, exist_ok=True)
    work = [(template, workdir, index) for index in range(organisations)]
    if jobs <= 1 or organisations < 4:
        packages = [_make_office(args) for args in work]
    else:
        with ProcessPoolExecutor(jobs) as pool:
            packages = list(pool.map(_make_office, work))
    return packages


def _kept_package(path: Path) -> OfficePackage:
    package = read_package(path)
    return OfficePackage(package.manifest.sender_office, path, package.public_key, package.fingerprint,
                         sum(package.manifest.counts.values()), path.stat().st_size)


def trust_every_office(database, packages: list[OfficePackage]) -> None:
    """Head office has compared every office's fingerprint already: trusting is not the workload."""
    with database.session() as session:
        set_office_code(session, SYSTEM, HEAD)
        for package in packages:
            trust_key(session, SYSTEM, package.office, package.public_key, package.fingerprint)


def prepare_head(template: Path, path: Path, packages: list[OfficePackage]):
    database = open_database(fresh_copy(template, path))
    trust_every_office(database, packages)
    return database


def import_all(database, packages: list[OfficePackage]) -> int:
    inserted = 0
    with database.session() as session:
        for package in packages:
            result = import_package(session, SYSTEM, package.path)
            if result.conflicts or result.updated:
                raise AssertionError(f"{package.office}: {result.message}")
            inserted += result.inserted
    return inserted


def _sqlite_value(value):
    return json.dumps(value) if isinstance(value, (dict, list)) else value


def floor_insert(path: Path, packages: list[OfficePackage]) -> tuple[float, int]:
    """Seconds spent in executemany + commit (parsing each package is not timed), and rows inserted."""
    connection = sqlite3.connect(path, isolation_level=None)
    spent, inserted = 0.0, 0
    connection.execute("BEGIN")
    for package in packages:
        parsed = parse_rows(read_package(package.path))
        statements = []
        for table, rows in parsed.items():
            columns = list(rows[0].plain)
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            statements.append((sql, [tuple(_sqlite_value(row.plain[c]) for c in columns) for row in rows]))
        started = time.perf_counter()
        for sql, values in statements:
            connection.executemany(sql, values)
            inserted += len(values)
        spent += time.perf_counter() - started
    started = time.perf_counter()
    connection.execute("COMMIT")
    spent += time.perf_counter() - started
    connection.close()
    return spent, inserted


def run(scale: Scale, repeat: int, template: Path, workdir: Path) -> tuple[Measurement, Path]:
    """The measurement, and the consolidated head-office database (the scorecards read it)."""
    measurement = Measurement("consolidation", target=3.0)
    started = time.perf_counter()
    packages = make_packages(template, workdir, scale.organisations)
    rows = sum(package.rows for package in packages)
    say(f"consolidation: {len(packages)} packages, {rows:,} rows built in {time.perf_counter() - started:.0f} s")
    head_path = workdir / "head.sqlite"
    for run_number in range(repeat):
        head = prepare_head(template, head_path, packages)
        seconds, inserted = timed(lambda head=head: import_all(head, packages))
        head.dispose()
        measurement.pmsdesk.append(seconds)
        floor_seconds, floor_rows = floor_insert(fresh_copy(template, workdir / "floor.sqlite"), packages)
        measurement.floor.append(floor_seconds)
        say(f"consolidation run {run_number + 1}: pmsdesk {seconds:.1f} s, floor {floor_seconds:.1f} s")
    measurement.checks["rows inserted"] = (inserted, floor_rows)
    measurement.details.update(organisations=len(packages), rows=rows,
                               per_package_s=round(measurement.pmsdesk_median / len(packages), 3),
                               package_kib_median=round(statistics.median(p.bytes for p in packages) / 1024, 1))
    return measurement, head_path
