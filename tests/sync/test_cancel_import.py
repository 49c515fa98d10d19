"""Cancelling a package import part way: the package being applied rolls back, byte for byte."""

from __future__ import annotations

import pytest

from pmsdesk.progress import Cancelled
from pmsdesk.services.actor import Actor
from pmsdesk.ui.sync import work


def test_cancel_during_consolidation_rolls_the_package_back_and_progress_counts_the_tables(pair):
    head = pair.head
    before = head.state()
    seen = []

    def cancel_at_the_third_table(done, total, sentence):
        seen.append((done, total, sentence))
        if done == 3:
            raise Cancelled()

    with head.database.session() as session, pytest.raises(Cancelled):
        work.import_all(session, Actor.system("tester"), [pair.first_package], cancel_at_the_third_table)
    assert seen[0] == (0, 1, f"Checking {pair.first_package.name}…")
    assert seen[1][2] == f"Applying {pair.first_package.name}: table 1 of {seen[1][1]}…"
    assert head.state() == before

    seen.clear()
    with head.database.session() as session:
        [result] = work.import_all(session, Actor.system("tester"), [pair.first_package],
                                   lambda *step: seen.append(step))
    assert not result.refused and seen[-1][0] == seen[-1][1] > 3
    assert head.state() != before
