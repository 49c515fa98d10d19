"""Where the real published SDBIP tables live: inside the repository, under tests/data.

They were copied from the project's shared data (see tests/data/published-sdbips/README.md) so
that a clone with nothing beside it runs every test; tests must never read outside the repository
(tests/outside_reads.py fails any test that does).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED_SDBIPS = ROOT / "tests" / "data" / "published-sdbips"
