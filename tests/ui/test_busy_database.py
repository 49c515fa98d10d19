"""Work started from the window waits while another pmsdesk holds the write lock, as the command line does."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from pmsdesk.db import WAITING_MESSAGE, open_database
from pmsdesk.services.errors import DatabaseBusy
from pmsdesk.ui.operations import ImmediateOperations


@pytest.fixture
def database(tmp_path: Path):
    path = tmp_path / "office.sqlite"
    opened = open_database(path, busy_timeout_ms=50)  # a statement gives up on the lock after 50 ms
    with sqlite3.connect(path) as plain:
        plain.execute("create table note (body text)")
    yield opened
    opened.dispose()


def _hold_write_lock(path: str, seconds: float) -> threading.Event:
    """Another program takes the write lock now and lets it go after ``seconds``; the event says it has let go."""
    other = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release() -> None:
        other.execute("COMMIT")
        other.close()
        released.set()

    threading.Timer(seconds, release).start()
    return released


def _notes(path: str) -> list[str]:
    with sqlite3.connect(path) as plain:
        return [body for (body,) in plain.execute("select body from note")]


def _saving(body: str, attempts: list[int]):
    def work(context):
        attempts.append(1)
        context.session.execute(text("insert into note (body) values (:body)"), {"body": body})
        context.session.commit()
        return body
    return work


def test_a_save_waits_for_the_other_program_and_then_commits_once(qtbot, database):
    path = database.engine.url.database
    runner, results, attempts = ImmediateOperations(database), [], []
    released = _hold_write_lock(path, 0.6)
    operation = runner.run(_saving("Q2 actual", attempts), results.append, lambda error: results.append(error))

    assert released.is_set()
    assert results == ["Q2 actual"]
    assert _notes(path) == ["Q2 actual"]
    assert len(attempts) > 1, "the first attempt met the lock and the save ran again"
    assert operation.progress is not None and operation.progress[2] == WAITING_MESSAGE


def test_a_save_that_waits_too_long_says_so_in_words_and_writes_nothing(qtbot, database):
    path = database.engine.url.database
    runner, failures, attempts = ImmediateOperations(database), [], []
    runner.busy_limit_seconds = 0.3
    released = _hold_write_lock(path, 1.5)
    runner.run(_saving("Q2 actual", attempts), lambda result: None, failures.append)
    released.wait(5)

    assert len(failures) == 1 and isinstance(failures[0], DatabaseBusy)
    assert "kept the database busy" in str(failures[0])
    assert str(failures[0])[0].isupper() and "nothing was saved" in str(failures[0])
    assert _notes(path) == []


def test_work_that_already_committed_a_step_is_not_run_again(qtbot, database):
    path = database.engine.url.database
    runner, failures, attempts = ImmediateOperations(database), [], []
    state = {}

    def two_steps(context):
        attempts.append(1)
        context.session.execute(text("insert into note (body) values ('first step')"))
        context.session.commit()
        state["released"] = _hold_write_lock(path, 0.5)  # another program writes between the two steps
        context.session.execute(text("insert into note (body) values ('second step')"))
        context.session.commit()

    runner.run(two_steps, lambda result: None, failures.append)
    state["released"].wait(5)

    assert attempts == [1], "a second attempt would have repeated the committed first step"
    assert len(failures) == 1 and isinstance(failures[0], DatabaseBusy)
    assert _notes(path) == ["first step"]
