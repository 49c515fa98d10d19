"""Where pmsdesk's shipped files (fonts, icon, logos) are: beside the package, or inside the bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """``resources/`` beside the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def app_icon_path() -> Path:
    return resources_dir() / "pmsdesk.png"
