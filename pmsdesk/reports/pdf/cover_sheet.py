"""The printed cover sheet that travels with a sync package.

Head office confirms a first package from an office by comparing the key
fingerprint printed here (and signed by hand) with the one pmsdesk shows.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from pmsdesk.i18n import _
from pmsdesk.reports.files import written_atomically
from pmsdesk.sync.reader import VerifiedPackage

from .fonts import font_set, printable


def write_cover_sheet(package: VerifiedPackage, out: str | Path) -> Path:
    """The cover sheet written at ``out``, whole or not at all."""
    out = Path(out)
    with written_atomically(out) as temporary:
        temporary.write_bytes(cover_sheet_pdf(package))
    return out


def cover_sheet_pdf(package: VerifiedPackage) -> bytes:
    """One A4 page: who sent what to whom, the counts, the package id and the key fingerprint."""
    fonts = font_set()
    manifest = package.manifest
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(_("pmsdesk package {0} from {1}").format(manifest.sequence, manifest.sender_office))
    left, y = 25 * mm, A4[1] - 30 * mm

    def line(text: str, *, size: int = 11, bold: bool = False, gap: float = 7 * mm) -> None:
        nonlocal y
        canvas.setFont(fonts.bold if bold else fonts.regular, size)
        canvas.drawString(left, y, printable(text))
        y -= gap

    line(_("pmsdesk sync package: cover sheet"), size=18, bold=True, gap=12 * mm)
    line(_("From office: {0}        To office: {1}").format(manifest.sender_office, manifest.receiver_office), bold=True)
    line(_("Package number: {0} (covers {1}–{0})").format(manifest.sequence, manifest.covers_from)
         + (_("  ·  full package") if manifest.full else ""))
    created = manifest.created_at.replace("+00:00", "").replace("T", " ")
    line(_(
            "Created: {0} UTC   ·   pmsdesk {1}, schema "
            "{2}").format(created, manifest.pmsdesk_version, manifest.schema_revision))
    line(_("File: {0}").format(package.path.name), gap=10 * mm)
    line(_("Contents"), bold=True)
    for table, count in sorted(manifest.counts.items()):
        if count:
            line(f"{table.replace('_', ' ')}: {count:,}", size=10, gap=5.5 * mm)
    line(_("evidence files: {0:,}").format(len(package.evidence)), size=10, gap=10 * mm)
    line(_("Sender's key fingerprint"), bold=True)
    line(package.fingerprint, size=22, bold=True, gap=10 * mm)
    line(_("Before trusting this office for the first time, compare this fingerprint with the one"), size=10, gap=5 * mm)
    line(_("pmsdesk shows when the package is imported (Sync screen) and with the sender by phone."), size=10,
         gap=10 * mm)
    line(_("Package id: {0}").format(package.package_id), size=8, gap=18 * mm)
    for label in (_("Sent by (name, signature, date)"), _("Received by (name, signature, date)")):
        canvas.line(left, y, left + 110 * mm, y)
        y -= 5 * mm
        line(label, size=9, gap=16 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
