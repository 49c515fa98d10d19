"""The README's calc examples are true: each input gives the output shown (as far as it is shown)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from pmsdesk.cli.main import main

README = Path(__file__).resolve().parents[2] / "README.md"
KIND_HEADING = re.compile(r"^### `([a-z0-9-]+)`", re.MULTILINE)
JSON_BLOCK = re.compile(r"```json\n(.*?)```", re.DOTALL)


def _examples() -> list[tuple[str, str, dict, dict]]:
    text = README.read_text(encoding="utf-8")
    start = text.index("## What-if calculator")
    end = text.find("\n## ", start + 1)
    section = text[start:end if end != -1 else len(text)]
    parts = KIND_HEADING.split(section)[1:]
    examples = []
    for kind, body in zip(parts[::2], parts[1::2]):
        blocks = [json.loads(block) for block in JSON_BLOCK.findall(body)]
        for number, (case, shown) in enumerate(zip(blocks[::2], blocks[1::2]), start=1):
            examples.append((kind, f"{kind} example {number}", case, shown))
    return examples


def _contains(actual, shown, where="output") -> None:
    """Every value the README shows is in the real output (keys it leaves out are not checked)."""
    if isinstance(shown, dict):
        assert isinstance(actual, dict), where
        for key, value in shown.items():
            assert key in actual, f"{where}.{key} is missing"
            _contains(actual[key], value, f"{where}.{key}")
    elif isinstance(shown, list):
        assert isinstance(actual, list) and len(actual) >= len(shown), where  # the README may shorten lists
        for index, (real, value) in enumerate(zip(actual, shown)):
            _contains(real, value, f"{where}[{index}]")
    elif isinstance(shown, float):
        assert actual == pytest.approx(shown, abs=1e-3), where
    else:
        assert actual == shown, where


EXAMPLES = _examples()


def test_the_readme_has_an_example_for_every_kind():
    assert {kind for kind, *_ in EXAMPLES} == {"sdbip", "s56", "ke-pc", "opras"}


@pytest.mark.parametrize(("kind", "label", "case", "shown"), EXAMPLES, ids=[e[1] for e in EXAMPLES])
def test_each_readme_example_gives_the_output_shown(kind, label, case, shown, capsys, monkeypatch):
    rules = ["--rules", "ke_spas"] if kind == "ke-pc" and ("percent_achieved" in case or "targets" in case) else []
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(case)))
    assert main(["calc", kind, *rules, "-"]) == 0
    _contains(json.loads(capsys.readouterr().out), shown)
