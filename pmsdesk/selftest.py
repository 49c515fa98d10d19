"""``pmsdesk --self-test``: prove an installation works end to end, in a throw-away folder.

Each step is small and named, so a failure says which part of the install is
broken (a missing migration file, fonts, the signing library …). The desktop
check lives in ``pmsdesk.ui`` and is passed in, keeping this module free of Qt.
"""

from __future__ import annotations

import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from pmsdesk.db import Database, head_revision, open_database, schema_status

Step = Callable[["SelfTestContext"], str]
PROFILE = "tz-lga"  # the smallest demo: the self-test must be quick on an old laptop
YEAR = "2025/26"


@dataclass
class SelfTestContext:
    folder: Path
    databases: dict[str, Database] = field(default_factory=dict)
    organisation_code: str = ""

    def database(self, name: str) -> Database:
        if name not in self.databases:
            self.databases[name] = open_database(self.folder / f"{name}.sqlite")
        return self.databases[name]


def _migrations(context: SelfTestContext) -> str:
    status = schema_status(context.database("office").engine)
    if status.current != head_revision():
        raise AssertionError(f"schema is {status.current}, expected {status.head}")
    return f"schema {status.current}"


def _demo(context: SelfTestContext) -> str:
    from pmsdesk.demo import build_demo

    summary = build_demo(context.database("office"), profile=PROFILE)
    from pmsdesk.models import Organisation

    with context.database("office").session() as session:
        context.organisation_code = session.scalars(select(Organisation.code).limit(1)).one()
    return f"{summary.kpis} KPIs, {summary.actuals} actuals"


def _scorecard(context: SelfTestContext) -> str:
    from pmsdesk.scorecard import build_scorecard

    with context.database("office").session() as session:
        card = build_scorecard(session, context.organisation_code, YEAR)
    if not card.lines:
        raise AssertionError("the scorecard has no KPIs")
    return f"{len(card.lines)} KPIs scored for {card.period_label}"


def _pdf(context: SelfTestContext) -> str:
    from pmsdesk.reports.pdf.base import ReportRequest
    from pmsdesk.reports.pdf.issue import issue_report
    from pmsdesk.services.actor import Actor

    out = context.folder / "quarterly.pdf"
    with context.database("office").session() as session:
        issue_report(session, Actor.system("self-test"), ReportRequest("quarterly", year=YEAR), out)
    data = out.read_bytes()
    if not data.startswith(b"%PDF") or len(data) < 5_000:
        raise AssertionError(f"{out.name} is not a complete PDF ({len(data)} bytes)")
    return f"{len(data) // 1024} KiB"


def _workbook(context: SelfTestContext) -> str:
    """The register exported with openpyxl and read back through python-calamine (a native library that an
    installer could leave out, which would only show when an official imports an SDBIP)."""
    from pmsdesk.importers.workbook import read_sheets
    from pmsdesk.models import FinancialYear
    from pmsdesk.reports.excel.register import export_register

    out = context.folder / "register.xlsx"
    with context.database("office").session() as session:
        year = session.scalars(select(FinancialYear).where(FinancialYear.label == YEAR).limit(1)).one()
        written = export_register(session, year, out)
    rows = sum(len(grid.rows) for grid in read_sheets(out, None))
    if rows <= written:
        raise AssertionError(f"{out.name} read back {rows} rows for {written} KPIs")
    return f"{written} KPIs written and read back"


def _package(context: SelfTestContext) -> str:
    from pmsdesk.models import Kpi
    from pmsdesk.services.actor import Actor
    from pmsdesk.sync.apply import import_package
    from pmsdesk.sync.export import export_package
    from pmsdesk.sync.keys import device_key, set_office_code, trust_key

    actor = Actor.system("self-test")
    keys = context.folder / "keys"
    package = context.folder / "office.pmspkg"
    with context.database("office").session() as office:
        key = device_key(office, keys / "office")
        sender = office.scalars(select(func.min(Kpi.origin_office))).one()
        export_package(office, actor, key, "SELFTEST-HQ", package, full=True)
        office_kpis = office.scalar(select(func.count()).select_from(Kpi))
    with context.database("head-office").session() as head:
        set_office_code(head, actor, "SELFTEST-HQ")
        device_key(head, keys / "head-office")
        trust_key(head, actor, sender, key.public_bytes, key.fingerprint)
        summary = import_package(head, actor, package)
        again = import_package(head, actor, package)
        received = head.scalar(select(func.count()).select_from(Kpi))
    if received != office_kpis or not again.already_applied:
        raise AssertionError(f"head office holds {received} of {office_kpis} KPIs after import")
    return f"{package.stat().st_size // 1024} KiB package, {summary.inserted} rows applied, re-import changed nothing"


def _catalogue(_context: SelfTestContext) -> str:
    from pmsdesk import i18n

    previous = i18n.current_language()
    try:
        if i18n.set_language("sw") != "sw" or (dashboard := i18n._("Dashboard")) == "Dashboard":
            raise AssertionError(f"the Kiswahili catalogue is missing or empty: {i18n.catalogue_path('sw')}")
    finally:
        i18n.set_language(previous)
    return f"Kiswahili: 'Dashboard' reads '{dashboard}'"


CORE_STEPS: tuple[tuple[str, Step], ...] = (
    ("open a new database and run the migrations", _migrations),
    ("build demo data", _demo),
    ("compute a scorecard", _scorecard),
    ("render a PDF report", _pdf),
    ("write and read back a workbook", _workbook),
    ("export and re-import a signed package", _package),
    ("read a translation catalogue", _catalogue),
)


def run_self_test(extra_steps: tuple[tuple[str, Step], ...] = (), echo: Callable[[str], None] = print) -> int:
    """Run every step, print one line each, and return 0 when all passed, else 1."""
    failures = 0
    with tempfile.TemporaryDirectory(prefix="pmsdesk-self-test-") as folder:
        context = SelfTestContext(Path(folder))
        try:
            for name, step in CORE_STEPS + extra_steps:
                started = time.perf_counter()
                try:
                    detail = step(context)
                except Exception as error:  # noqa: BLE001 - a self-test reports every failure
                    failures += 1
                    echo(f"FAILED {name}: {type(error).__name__}: {error}")
                    echo("".join(traceback.format_exception(error)[-3:]).rstrip())
                else:
                    echo(f"ok     {name} ({detail}; {time.perf_counter() - started:.1f} s)")
        finally:
            for database in context.databases.values():
                database.dispose()
    echo("pmsdesk self-test passed." if not failures else f"pmsdesk self-test: {failures} step(s) FAILED.")
    return 0 if not failures else 1
