"""The README's first exchange between an office and head office, run command by command as written.

The commands are read from the README section (and must be the same in docs/HEAD_OFFICE.md);
only the example fingerprints are replaced, by the ones the packages really carry, as the
person at each side would type them from the cover sheet.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from pmsdesk.cli.main import main
from tests.cli.signing import signed_in_main

#: The password both administrators of the README's exchange chose (init refuses weak ones).
PASSWORD = "Kgotla-2026-quarter"

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## First exchange between an office and head office"


def _commands(markdown: str, heading: str) -> list[str]:
    section = markdown.split(heading, 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_head_office_md_gives_the_same_commands():
    readme = _commands((ROOT / "README.md").read_text(encoding="utf-8"), SECTION)
    guide = _commands((ROOT / "docs" / "HEAD_OFFICE.md").read_text(encoding="utf-8"),
                      "## 7. The first exchange with an office")
    assert readme == guide and len(readme) >= 10


def test_the_first_exchange_runs_as_the_readme_says(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # no default database of this machine's user
    monkeypatch.setenv("PMSDESK_PASSWORD", PASSWORD)
    said: list[tuple[str, str]] = []
    for line in _commands((ROOT / "README.md").read_text(encoding="utf-8"), SECTION):
        words = shlex.split(line)
        assert words[0] == "pmsdesk", line
        words = words[1:]
        if words[:2] == ["keys", "trust"]:
            words[words.index("--fingerprint") + 1] = _fingerprint_of(words[2], capsys)
        code = main(words)
        out, err = capsys.readouterr()
        if words[:2] == ["package", "verify"]:  # before trusting: intact, and says the key is not trusted
            assert code == 2 and "intact" in out and "pmsdesk keys trust" in out, out
        else:
            assert code == 0, f"{line}\n{out}{err}"
        said.append((line, out))

    imported = next(out for line, out in said if line.startswith("pmsdesk package import za-001-1"))
    assert "package 1 from ZA-001" in imported and " new," in imported
    assert "Trusted ZA-001" in next(out for line, out in said if "keys trust za-001-1" in line)
    assert main(["package", "verify", "za-001-2.pmspkg", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)["manifest"]
    assert second["sequence"] == 2 and second["covers_from"] == 2  # package 1 was acknowledged
    assert (tmp_path / "za-001-1.pdf").stat().st_size > 1000  # the cover sheet to compare with


@pytest.mark.parametrize("words", [["package", "import", "za-001-1.pmspkg", "--db", "head.sqlite"]])
def test_an_untrusted_first_package_is_refused_naming_keys_trust(seeded_file, tmp_path, monkeypatch, capsys, words):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(tmp_path / "keys"))
    shutil.copyfile(seeded_file, tmp_path / "office.sqlite")
    office = signed_in_main("administrator", "administrator-password")
    assert office(["keys", "init", "--office", "ZA-001", "--db", "office.sqlite"]) == 0
    monkeypatch.setenv("PMSDESK_PASSWORD", PASSWORD)
    assert main(["init-head-office", "--db", "head.sqlite", "--admin", "sipho"]) == 0
    assert main(["keys", "init", "--office", "HEAD-OFFICE", "--head-office", "--user", "sipho", "--db", "head.sqlite"]) == 0
    monkeypatch.delenv("PMSDESK_PASSWORD")
    assert office(["package", "export", "--to", "HEAD-OFFICE", "--out", "za-001-1.pmspkg", "--db", "office.sqlite"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("PMSDESK_PASSWORD", PASSWORD)
    assert main([*words, "--user", "sipho"]) == 2
    assert "pmsdesk keys trust" in capsys.readouterr().out


def _fingerprint_of(package: str, capsys) -> str:
    capsys.readouterr()
    assert main(["package", "verify", package, "--json"]) in (0, 2)
    return json.loads(capsys.readouterr().out)["fingerprint"]
