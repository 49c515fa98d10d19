"""Command lines as a script runs them: every command that changes data signs in (--user, $PMSDESK_PASSWORD)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from pmsdesk.cli.main import main as run_command

WRITING = {("keys", "init"), ("keys", "trust"), ("keys", "revoke"), ("package", "export"), ("package", "import"),
           ("package", "resolve"), ("import-sdbip",), ("import-actuals",), ("backup",), ("restore",)}


def signed_in_main(user: str, password: str):
    """``main`` that adds ``--user`` to a writing command (unless it names one), with its password set."""
    def main(words: Sequence[str]) -> int:
        words = list(words)
        writes = tuple(words[:2]) in WRITING or tuple(words[:1]) in WRITING
        if writes and "--user" not in words and "--list" not in words:
            os.environ["PMSDESK_PASSWORD"] = password
            try:
                return run_command([*words, "--user", user])
            finally:
                os.environ.pop("PMSDESK_PASSWORD", None)
        return run_command(words)
    return main
