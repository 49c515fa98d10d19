"""The organisation's mark in the page header.

pmsdesk does not hold official crests, so it draws a clean circular emblem
with the organisation's initials ("NLM" for Ngwathe Local Municipality). An
office that wants its own crest puts ``resources/logos/<ORG CODE>.png`` in
place and it is used instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from pmsdesk.resources import resources_dir

from .fonts import font_set, printable
from .styles import ACCENT

_SKIP = {"of", "the", "and", "for", "de", "la"}


def initials(name: str) -> str:
    """Up to three initials of the significant words: 'Murang'a County Government' → 'MCG'."""
    plain = re.sub(r"\(.*?\)", " ", name)
    words = [w for w in re.findall(r"[^\W\d_][\w'’]*", plain) if w.lower() not in _SKIP]
    letters = [w[0].upper() for w in words]
    return "".join(letters[:3]) or "?"


def logo_file(organisation_code: str | None) -> Path | None:
    if not organisation_code:
        return None
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", organisation_code)
    path = resources_dir() / "logos" / f"{safe}.png"
    return path if path.is_file() else None


def draw_emblem(canvas: Canvas, x: float, y: float, size: float, name: str,
                organisation_code: str | None = None) -> None:
    """Draw the mark with its lower-left corner at (x, y), ``size`` points square."""
    picture = logo_file(organisation_code)
    if picture is not None:
        canvas.drawImage(str(picture), x, y, size, size, preserveAspectRatio=True, mask="auto")
        return
    fonts = font_set()
    radius = size / 2
    cx, cy = x + radius, y + radius
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.setStrokeColor(ACCENT)
    canvas.circle(cx, cy, radius, stroke=0, fill=1)
    canvas.setStrokeColor(colors.white)
    canvas.setLineWidth(0.8)
    canvas.circle(cx, cy, radius * 0.84, stroke=1, fill=0)
    canvas.setStrokeColor(colors.HexColor("#c9a227"))
    canvas.setLineWidth(1.2)
    canvas.arc(cx - radius * 0.84, cy - radius * 0.84, cx + radius * 0.84, cy + radius * 0.84,
               startAng=200, extent=140)
    letters = printable(initials(name))
    font_size = size * (0.36 if len(letters) < 3 else 0.30)
    canvas.setFillColor(colors.white)
    canvas.setFont(fonts.bold, font_size)
    canvas.drawCentredString(cx, cy - font_size * 0.28, letters)
    canvas.restoreState()
