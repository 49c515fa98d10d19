"""Two installations that exchange packages, and ways to damage a package on purpose.

An installation is a SQLite file, or (with ``url``) a database on the PostgreSQL test
server: head offices with many organisations run there, so the sync tests run both.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from pmsdesk.db import Database, database_url, make_engine, open_database
from pmsdesk.db_copy import copy_database
from pmsdesk.models import Base
from pmsdesk.services.actor import Actor
from pmsdesk.sync import device_key, export_package, import_package
from pmsdesk.sync.format import MANIFEST, SIGNATURE, Manifest
from pmsdesk.sync.keys import DeviceKey, set_office_code, trust_key
from pmsdesk.sync.rows import BOOKKEEPING, plain_row, synced_tables
from tests.conftest import _postgres_admin, _postgres_url

SYSTEM = Actor.system("tester")


@dataclass
class Installation:
    """One office's database (the file at ``path``, or the server database at ``url``) and key folder."""

    path: Path
    keys: Path
    code: str
    url: str | None = None
    head_office: bool = False
    _database: Database | None = None

    @property
    def database(self) -> Database:
        if self._database is None:
            # The schema is known to be current: skip the migration check, which costs more than the tests.
            url = self.url or database_url(self.path)
            exists = self.url is not None or self.path.exists()
            self._database = Database(url, make_engine(url)) if exists else open_database(self.path)
        return self._database

    @property
    def target(self) -> str:
        """What ``--db`` takes for this installation."""
        return self.url or str(self.path)

    @property
    def server_name(self) -> str | None:
        return make_url(self.url).database if self.url else None

    def state(self) -> bytes | list:
        """Everything stored, to prove a refusal changed nothing: the file's bytes, or every row."""
        self.close()
        if self.url is None:
            return self.path.read_bytes()
        with self.database.session() as session:
            return [(table.name, sorted(map(repr, session.execute(select(table)))))
                    for table in Base.metadata.sorted_tables]

    def discard(self) -> None:
        """Close, and drop a server database (files go with the test's folder)."""
        self.close()
        if self.url is not None:
            with _postgres_admin() as admin:
                admin.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.server_name}" WITH (FORCE)')

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None

    def key(self) -> DeviceKey:
        with self.database.session() as session:
            return device_key(session, self.keys)

    def export(self, to: str, out: Path, *, full: bool = False):
        with self.database.session() as session:
            return export_package(session, SYSTEM, device_key(session, self.keys), to, out, full=full)

    def import_(self, package: Path, **options):
        with self.database.session() as session:
            return import_package(session, SYSTEM, package, **options)

    def trust(self, other: Installation) -> None:
        key = other.key()
        with self.database.session() as session:
            trust_key(session, SYSTEM, other.code, key.public_bytes, key.fingerprint, head_office=other.head_office)

    def content(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Every travelling row, without the per-database lock counter."""
        with self.database.session() as session:
            return {table.name: {row["id"]: {k: v for k, v in row.items() if k != "version"}
                                 for row in (plain_row(table, r) for r in session.execute(select(table)))}
                    for table in synced_tables()}

    def copy_to(self, folder: Path) -> Installation:
        """A copy with its own keys folder; a server database is copied as a new database on the server."""
        self.close()
        folder.mkdir(parents=True, exist_ok=True)
        keys = folder / self.keys.name
        if not keys.exists():
            shutil.copytree(self.keys, keys)
        if self.url is not None:
            name = _server_name()
            with _postgres_admin() as admin:
                admin.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.server_name}" STRATEGY FILE_COPY')
            return Installation(folder / self.path.name, keys, self.code, _postgres_url(name), self.head_office)
        shutil.copyfile(self.path, folder / self.path.name)
        return Installation(folder / self.path.name, keys, self.code, head_office=self.head_office)


def _server_name() -> str:
    return f"pmsdesk_sync_{uuid.uuid4().hex[:12]}"


def on_server(installation: Installation) -> Installation:
    """The same installation (every row, same keys) moved into a new database on the PostgreSQL test server."""
    installation.close()
    url = empty_server_database()
    copy_database(installation.path, url)
    return Installation(installation.path, installation.keys, installation.code, url, installation.head_office)


def empty_server_database() -> str:
    """The URL of a new, empty database on the PostgreSQL test server (drop it with ``discard``)."""
    name = _server_name()
    with _postgres_admin() as admin:
        admin.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return _postgres_url(name)


def new_installation(folder: Path, name: str, code: str, *, build: Callable[[Database], None] | None = None,
                     head_office: bool = False) -> Installation:
    folder.mkdir(parents=True, exist_ok=True)
    installation = Installation(folder / f"{name}.sqlite", folder / f"{name}-keys", code, head_office=head_office)
    if build is not None:
        build(installation.database)
    with installation.database.session() as session:
        set_office_code(session, SYSTEM, code, head_office=head_office)
    installation.key()
    return installation


def data_without_bookkeeping(content: dict) -> dict:
    return {table: {row_id: {k: v for k, v in row.items() if k not in BOOKKEEPING} for row_id, row in rows.items()}
            for table, rows in content.items()}


def rewrite(source: Path, target: Path, *, drop: tuple[str, ...] = (), replace: dict[str, bytes] | None = None,
            manifest_changes: dict[str, Any] | None = None, sign_with: DeviceKey | None = None) -> Path:
    """Copy a package with members dropped or replaced; re-sign it (as a forger with a key would) if asked."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for name in drop:
        members.pop(name, None)
    members.update(replace or {})
    manifest = json.loads(members[MANIFEST])
    manifest.update(manifest_changes or {})
    if sign_with is not None:
        manifest["members"] = {name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
                               for name, content in members.items() if name not in (MANIFEST, SIGNATURE)}
        manifest["sender_public_key"] = __import__("base64").b64encode(sign_with.public_bytes).decode()
    if manifest_changes is not None or sign_with is not None:
        members[MANIFEST] = Manifest.from_dict(manifest).to_bytes()
    if sign_with is not None:
        members[SIGNATURE] = sign_with.sign(members[MANIFEST])
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return target


@dataclass
class Pair:
    office: Installation
    head: Installation
    first_package: Path
    folder: Path
    packages: list[Path] = field(default_factory=list)

    def close(self) -> None:
        self.office.close()
        self.head.close()


def add_administrator(target: str) -> None:
    """The installation's account "admin" (password "admin-password") for commands that sign in; once only."""
    from pmsdesk.models import Role, User
    from pmsdesk.services import users
    from pmsdesk.services.actor import Actor

    database = open_database(target)
    try:
        with database.session() as session:
            if session.query(User).filter_by(username="admin").first() is None:
                users.create_user(session, Actor.system("setup"), {"username": "admin", "full_name": "Administrator"},
                                  "admin-password", [(Role.ADMINISTRATOR, None)])
    finally:
        database.dispose()
