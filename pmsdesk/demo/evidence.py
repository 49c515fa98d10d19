"""Real, small evidence files for the demo: signed registers as PDFs and site photos as PNGs.

The in-window preview must have something to draw, so the demo writes true
one-page PDFs (ReportLab) and pictures (Pillow), not placeholder bytes. Making a
PDF costs milliseconds, so each distinct file is made once per organisation and
reused: one register per kind of evidence and quarter, naming every KPI (and so
ward) it covers, and one photo per kind of evidence that asks for pictures.
Evidence is stored once by content hash, so reuse also keeps the database small.
Everything is derived from names, never from the demo's random stream, so the
same seed still gives the same database.
"""

from __future__ import annotations

import hashlib
import io
import random
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from pmsdesk.models import EvidenceContent, EvidenceFile

#: Lines of KPI names that fit on the register's one page (the largest demo register lists 42).
MAX_LISTED_KPIS = 42
PHOTO_SIZE = (480, 320)


class DemoEvidence:
    """Evidence for one organisation's current year; ``attach`` adds the rows for one actual."""

    def __init__(self, organisation: str, year: str, kpis_by_evidence: dict[str, list[str]]) -> None:
        self._organisation = organisation
        self._year = year
        self._kpis_by_evidence = kpis_by_evidence
        self._stored: set[str] = set()

    def attach(self, out: Any, actual: dict[str, Any], kind: str, quarter: int, quarter_end: date,
               new_id, common: dict[str, Any], uploaded_at: datetime) -> None:
        """The register for ``kind`` and ``quarter``, plus a site photo when the KPI asks for pictures."""
        safe = kind.split(" and ")[0].replace(" ", "_").lower()
        register = register_pdf(self._organisation, kind, self._year, quarter, quarter_end,
                                tuple(self._kpis_by_evidence.get(kind, ())))
        files = [(f"{safe}_q{quarter}.pdf", "application/pdf", register)]
        if "picture" in kind.lower():
            files.append((f"site_photo_q{quarter}.png", "image/png", site_photo_png(self._organisation, kind)))
        for name, media_type, data in files:
            out.add(EvidenceFile, id=new_id(), actual_id=actual["id"], content_sha256=self._store(out, data),
                    original_name=name, size=len(data), media_type=media_type, uploaded_by="capturer",
                    uploaded_at=uploaded_at, **common)

    def _store(self, out: Any, data: bytes) -> str:
        """The content's hash; its row is added the first time only (evidence is stored once by hash)."""
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self._stored:
            self._stored.add(digest)
            out.add(EvidenceContent, sha256=digest, size=len(data), data=data)
        return digest


@lru_cache(maxsize=256)
def register_pdf(organisation: str, kind: str, year: str, quarter: int, quarter_end: date,
                 kpis: tuple[str, ...]) -> bytes:
    """A one-page signed and stamped register for one quarter (``invariant``: same bytes every run).

    Cached, so each distinct register is drawn once however many actuals it is attached to.
    """
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(f"{kind}, Q{quarter} {year}")
    width, height = A4
    left, top = 60, height - 60
    canvas.setFont("Helvetica", 10)
    canvas.drawString(left, top, organisation.upper())
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(left, top - 30, kind)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(left, top - 50, f"Quarter {quarter} of {year}, ending {quarter_end:%d %B %Y}")
    canvas.line(left, top - 60, width - left, top - 60)
    text = canvas.beginText(left, top - 82)
    text.setFont("Helvetica", 8.5)
    text.setLeading(11.5)
    text.textLine("Portfolio of evidence for these key performance indicators:")
    listed = kpis[:MAX_LISTED_KPIS]
    text.textLines([f"  \u2022 {name}" for name in listed] or ["  (none)"])
    if len(kpis) > len(listed):
        text.textLine(f"  and {len(kpis) - len(listed)} more (see the attached schedule).")
    canvas.drawText(text)
    _signatures(canvas, left, 95, width - left)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _signatures(canvas: Canvas, left: float, bottom: float, right: float) -> None:
    """Two signed lines and a round office stamp, so the page looks like what verifiers check."""
    canvas.setFont("Helvetica", 10)
    for offset, role in ((60, "Prepared by (capturer)"), (0, "Certified correct (director)")):
        y = bottom + offset
        canvas.line(left, y, left + 200, y)
        canvas.drawString(left, y - 13, role)
        path = canvas.beginPath()
        path.moveTo(left + 20, y + 4)
        path.curveTo(left + 50, y + 30, left + 70, y - 10, left + 110, y + 14)
        path.curveTo(left + 130, y + 24, left + 140, y, left + 170, y + 8)
        canvas.setStrokeColorRGB(0.1, 0.2, 0.6)
        canvas.drawPath(path)
        canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setStrokeColorRGB(0.7, 0.1, 0.1)
    canvas.setFillColorRGB(0.7, 0.1, 0.1)
    canvas.circle(right - 70, bottom + 30, 45)
    canvas.circle(right - 70, bottom + 30, 38)
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawCentredString(right - 70, bottom + 26, "RECEIVED")


@lru_cache(maxsize=64)  # drawn once, attached to every actual of its kind
def site_photo_png(organisation: str, kind: str) -> bytes:
    """A simple drawn 'site photo': sky, ground, a road and a building, varied by the kind of evidence."""
    rng = random.Random(f"{organisation}|{kind}")
    width, height = PHOTO_SIZE
    horizon = rng.randint(120, 170)
    image = Image.new("RGB", PHOTO_SIZE, (135, 190, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, horizon, width, height), fill=(150, 125, 80))
    sun_x = rng.randint(40, width - 40)
    draw.ellipse((sun_x - 22, 20, sun_x + 22, 64), fill=(250, 215, 90))
    road_middle = rng.randint(180, 300)
    draw.polygon([(road_middle - 12, horizon), (road_middle + 12, horizon), (road_middle + 150, height),
                  (road_middle - 150, height)], fill=(95, 95, 100))
    building_x = rng.choice((30, width - 170))
    draw.rectangle((building_x, horizon - 60, building_x + 140, horizon + 20), fill=(225, 220, 205))
    draw.polygon([(building_x - 10, horizon - 60), (building_x + 70, horizon - 100),
                  (building_x + 150, horizon - 60)], fill=(160, 60, 50))
    draw.rectangle((building_x + 58, horizon - 20, building_x + 82, horizon + 20), fill=(90, 60, 40))
    for _ in range(3):
        tree_x = rng.randint(10, width - 10)
        draw.rectangle((tree_x - 3, horizon - 10, tree_x + 3, horizon + 15), fill=(90, 60, 30))
        draw.ellipse((tree_x - 18, horizon - 45, tree_x + 18, horizon - 5), fill=(60, 130, 60))
    info = PngInfo()
    info.add_text("Description", f"{organisation}: {kind}")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()
