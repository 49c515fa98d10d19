"""Done when: three independently created offices and one head office exchange packages in every
direction, and head office ends with every office's data and the league table of all three."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pmsdesk.demo.offices import build_office
from pmsdesk.models import PeriodActual, RuleSet
from pmsdesk.services.audit import first_broken_link
from pmsdesk.services.audit_anchors import anchor_problems
from pmsdesk.services.rule_sets import edit_rule_set, ensure_default_rule_sets, get_rule_set
from pmsdesk.sync.consolidation import league_table

from .helpers import SYSTEM, Installation, data_without_bookkeeping, new_installation

PROFILES = (("za-municipality", 11), ("ke-county", 12), ("tz-lga", 13))


def _defaults(database) -> None:
    with database.session() as session:
        ensure_default_rule_sets(session, SYSTEM)  # what every new installation's Rule sets tab stores


def _office(folder: Path, profile: str, seed: int) -> Installation:
    def build(database):
        build_office(database, 0, profile=profile, seed=seed, areas=None if profile == "za-municipality" else 2)
        _defaults(database)
    return new_installation(folder / profile, "office", f"{profile[:2].upper()}-001", build=build)


class Post:
    """Packages carried between installations, numbered as they are written."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.count = folder, 0

    def carry(self, sender: Installation, receiver: Installation):
        self.count += 1
        package = self.folder / f"{self.count:02d}-{sender.code}-to-{receiver.code}.pmspkg"
        sender.export(receiver.code, package)
        return receiver.import_(package)


def _organisation_rows(installation: Installation, office: str) -> dict:
    """Every travelling row of ``office``'s organisation as ``installation`` holds it (rule sets apart)."""
    content = data_without_bookkeeping(installation.content())
    return {table: {row_id: row for row_id, row in rows.items() if row.get("origin_office") == office}
            for table, rows in content.items() if table != "rule_set"}


def test_three_offices_and_head_office_exchange_packages_every_way_and_head_office_ranks_all_three(tmp_path):
    offices = [_office(tmp_path, profile, seed) for profile, seed in PROFILES]
    head = new_installation(tmp_path, "head", "HEAD-OFFICE", build=_defaults, head_office=True)
    for office in offices:
        head.trust(office)
        office.trust(head)
    post = Post(tmp_path)

    for office in offices:  # first contact: each office's whole organisation
        first = post.carry(office, head)
        assert first.inserted > 0 and first.conflicts == 0
    with head.database.session() as session:  # head office issues a revised rule set
        body = get_rule_set(session, "za_sdbip")["body"]
        edit_rule_set(session, SYSTEM, "za_sdbip", {"name": "SDBIP scoring, head-office revision"}, reason="circular")
        assert body == get_rule_set(session, "za_sdbip")["body"]
    for office in offices:  # head office to each office: the new rule set and the acknowledgement
        assert post.carry(head, office).inserted == 1
    for number, office in enumerate(offices):  # each office reports a quarter's value again
        with office.database.session() as session:
            actual = session.scalars(select(PeriodActual).where(PeriodActual.value.is_not(None))
                                     .order_by(PeriodActual.id).limit(1)).one()
            actual.value += 10 + number
            session.commit()
        assert post.carry(office, head).updated == 1
    for office in offices:
        post.carry(head, office)

    for office in offices:
        held_there, held_here = _organisation_rows(office, office.code), _organisation_rows(head, office.code)
        assert held_here == held_there and sum(map(len, held_here.values())) > 100, office.code
        with office.database.session() as session:
            assert session.scalar(select(RuleSet.name).where(RuleSet.code == "za_sdbip", RuleSet.revision == 2)) \
                == "SDBIP scoring, head-office revision"
            assert first_broken_link(session) is None and anchor_problems(session, office.code) == []
    with head.database.session() as session:
        assert first_broken_link(session) is None and anchor_problems(session, head.code) == []
        league = league_table(session, SYSTEM, "2025/26")
    assert {row.organisation_code for row in league} == {"ZA-001", "KE-001", "TZ-001"}
    assert {row.origin_office for row in league} == {"ZA-001", "KE-001", "TZ-001"}
    assert all(row.score is not None and row.rank in (1, 2, 3) for row in league), league
    for installation in (*offices, head):
        installation.close()
