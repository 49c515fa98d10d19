"""The installable bundle: built with installer/build, its --self-test passes headless.

Building takes a few minutes, so it runs when PMSDESK_TEST_BUNDLE=1 (CI sets it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    os.environ.get("PMSDESK_TEST_BUNDLE") != "1",
    reason="building the bundle takes minutes: set PMSDESK_TEST_BUNDLE=1 (CI does)",
)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    environment = {**os.environ, "VENV": str(Path(sys.executable).parent.parent)}
    result = subprocess.run([str(ROOT / "installer" / "build")], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    folder = next(line.split(": ", 1)[1] for line in result.stdout.splitlines() if line.startswith("Bundle: "))
    print(result.stdout)
    return ROOT / folder


def test_the_bundle_passes_its_self_test_headless(bundle, tmp_path):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
                   "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run([str(_command_line(bundle)), "--self-test"], capture_output=True, text=True,
                            timeout=600, env=environment, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pmsdesk self-test passed." in result.stdout
    for step in ("run the migrations", "compute a scorecard", "render a PDF report", "write and read back a workbook",
                 "export and re-import a signed package", "open the main window", "preview a PDF",
                 "read a translation catalogue"):
        assert f"ok     {step}" in result.stdout or f"ok     open a new database and {step}" in result.stdout


def _command_line(bundle: Path) -> Path:
    """pmsdesk-cli on Windows (the app there has no console); elsewhere pmsdesk is both."""
    return bundle / ("pmsdesk-cli.exe" if sys.platform == "win32" else "pmsdesk")


def test_the_app_is_windowed_and_the_command_line_still_answers(bundle, tmp_path):
    """``pmsdesk`` is built without a console (installer/pmsdesk.spec); the command line prints as before."""
    spec = (ROOT / "installer" / "pmsdesk.spec").read_text()
    assert 'executable("pmsdesk", console=False)' in spec
    environment = {**os.environ, "PMSDESK_LOG_DIR": str(tmp_path / "logs")}
    result = subprocess.run([str(_command_line(bundle)), "--version"], capture_output=True, text=True,
                            timeout=120, env=environment)
    assert result.returncode == 0 and f"log file: {tmp_path / 'logs' / 'pmsdesk.log'}" in result.stdout


def test_the_bundle_stays_small(bundle):
    size = sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file() and not path.is_symlink())
    # 149 MiB before pdfium (6.8 MB, the in-window PDF preview) came in; 156 MiB with it.
    # 167 MiB after the workbook reader (python-calamine, xlrd: ~3 MB), the logo service importing Pillow
    # directly and the People, Reports, PEPMIS and set-up screens came in; not yet looked into piece by piece.
    assert size < 170 * 2**20, f"the bundle is {size / 2**20:.0f} MiB (target: under 170)"
