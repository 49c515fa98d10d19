"""Independently created offices share one identity for rule sets, and names that clash are refused plainly."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from sqlalchemy import select

from pmsdesk.db import _alembic_config, database_url, make_engine, open_database
from pmsdesk.demo.offices import build_office
from pmsdesk.models import Organisation, RuleSet
from pmsdesk.scoring import DEFAULT_RULE_SETS
from pmsdesk.services.errors import ValidationError
from pmsdesk.services.rule_sets import ensure_default_rule_sets, rule_set_history, rule_set_id

from .helpers import SYSTEM, new_installation
from .test_refusals import assert_refused


def _office(folder, name, code, profile, seed):
    def build(database):
        build_office(database, 0, profile=profile, seed=seed, areas=1)
        with database.session() as session:
            ensure_default_rule_sets(session, SYSTEM)
    return new_installation(folder, name, code, build=build)


def test_two_independent_offices_both_import_at_a_head_office_that_stored_its_own_defaults(tmp_path):
    za = _office(tmp_path, "za", "ZA-001", "za-municipality", 1)
    ke = _office(tmp_path, "ke", "KE-001", "ke-county", 2)
    head = new_installation(tmp_path, "head", "HEAD-OFFICE", head_office=True)
    with head.database.session() as session:
        ensure_default_rule_sets(session, SYSTEM)  # as opening its Rule sets tab does
    for office in (za, ke):
        head.trust(office)
        office.export("HEAD-OFFICE", tmp_path / f"{office.code}.pmspkg")
    for office in (ke, za):
        summary = head.import_(tmp_path / f"{office.code}.pmspkg")
        assert summary.inserted > 0 and summary.conflicts == 0
    with head.database.session() as session:
        assert sorted(session.scalars(select(Organisation.origin_office))) == ["KE-001", "ZA-001"]
        ids = {(row.code, row.revision): row.id for row in session.scalars(select(RuleSet))}
    assert ids == {key: rule_set_id(*key) for key in ids} and len(ids) == len(DEFAULT_RULE_SETS)


def test_a_second_key_under_an_office_code_already_trusted_is_refused_plainly(pair, tmp_path):
    impostor = new_installation(tmp_path / "impostor", "office", "KE-001")
    with pytest.raises(ValidationError) as refused:
        pair.head.trust(impostor)
    assert "KE-001 already has a trusted key" in str(refused.value)
    assert "revoke the old key first" in str(refused.value)


def test_an_organisation_whose_code_another_office_holds_is_refused_naming_both(pair, tmp_path):
    from pmsdesk.sync.keys import revoke_key

    pair.head.import_(pair.first_package)
    with pair.head.database.session() as session:
        revoke_key(session, SYSTEM, pair.office.key().fingerprint, "laptop replaced")
    other = new_installation(tmp_path / "other", "office", "KE-001", build=lambda database: build_office(
        database, 0, profile="ke-county", areas=1, seed=2))
    pair.head.trust(other)
    package = tmp_path / "other.pmspkg"
    other.export("HEAD-OFFICE", package)
    other.close()
    assert_refused(pair.head, package, "organisation_code", "organisation KE-001", "already held here by office KE-001",
                   "nothing was imported")


def test_the_migration_rekeys_rule_sets_and_the_clocks_that_name_them(tmp_path):
    path = tmp_path / "old.sqlite"
    engine = make_engine(database_url(path))
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0005")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        for row_id, code, revision in (("random-1", "za_sdbip", 1), ("random-2", "za_sdbip", 2)):
            raw.execute("INSERT INTO rule_set (id, code, revision, kind, name, body, origin_office, version, updated_at)"
                        " VALUES (?, ?, ?, 'sdbip', 'SDBIP', '{}', 'ZA-001', 1, '2025-01-01')", (row_id, code, revision))
            raw.execute("INSERT INTO sync_row_clock (row_id, entity, row_hash, clock, change_number) "
                        "VALUES (?, 'rule_set', 'h', '{}', 1)", (row_id,))
        raw.execute("INSERT INTO audit_event (occurred_at, actor, action, entity, entity_id, new_values, "
                    "previous_hash, event_hash) VALUES ('2025-01-01', 'admin', 'create', 'rule_set', 'random-2', "
                    "'{\"code\": \"za_sdbip\", \"revision\": 2}', '0', '1')")
    database = open_database(path)
    try:
        with database.session() as session:
            rows = {row.revision: (row.id, row.origin_office) for row in session.scalars(select(RuleSet))}
            assert rows == {1: (rule_set_id("za_sdbip", 1), "SHIPPED"), 2: (rule_set_id("za_sdbip", 2), "ZA-001")}
            history = rule_set_history(session, "za_sdbip")
            assert [entry.saved_by for entry in history] == ["admin", None]
    finally:
        database.dispose()
    with sqlite3.connect(path) as raw:
        assert sorted(raw.execute("SELECT row_id FROM sync_row_clock").fetchall()) == sorted(
            [(rule_set_id("za_sdbip", 1),), (rule_set_id("za_sdbip", 2),)])


@pytest.mark.parametrize("typed", ["{lower_spaced}", "{plain}", "{dashed}", "  {lower_dashed}  "])
def test_a_fingerprint_is_accepted_however_it_was_typed_from_paper(pair, tmp_path, typed):
    from pmsdesk.sync.keys import trust_key

    other = new_installation(tmp_path / "other", "office", "TZ-009")
    key = other.key()
    plain = key.fingerprint.replace("-", "")
    text = typed.format(lower_spaced=" ".join(plain[i:i + 4] for i in range(0, 16, 4)).lower(), plain=plain,
                        dashed=key.fingerprint, lower_dashed=key.fingerprint.lower())
    with pair.head.database.session() as session:
        trusted = trust_key(session, SYSTEM, "TZ-009", key.public_bytes, text)
        assert trusted.fingerprint == key.fingerprint


def test_a_fingerprint_with_one_character_wrong_is_still_refused(pair, tmp_path):
    from pmsdesk.sync.keys import trust_key

    other = new_installation(tmp_path / "other", "office", "TZ-009")
    key = other.key()
    wrong = ("A" if key.fingerprint[0] != "A" else "B") + key.fingerprint[1:]
    with pair.head.database.session() as session, pytest.raises(ValidationError, match="does not match the key"):
        trust_key(session, SYSTEM, "TZ-009", key.public_bytes, wrong.replace("-", " "))
