"""collector_paused: off inside, back as it was after, whatever happens inside."""

from __future__ import annotations

import gc

import pytest

from pmsdesk.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_resumed_after_an_error():
    with pytest.raises(ZeroDivisionError):
        with collector_paused():
            assert not gc.isenabled()
            1 / 0  # noqa: B018 - the error under test
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused():
    gc.disable()

    @collector_paused()
    def work() -> bool:
        return gc.isenabled()

    assert work() is False
    assert not gc.isenabled()
