"""The page every pmsdesk PDF is printed on: A4, header, footer, watermark, page numbers.

Header: the organisation's logo (or a generated emblem) and name, the document
title and its period; a document made from a demo database also says
"DEMO DATA — not an official record" in its header and across every page.
Footer: when and by whom it was generated, the document fingerprint, and
"Page x of y". The total page count is only known at the end, so pages are
held by :class:`_NumberedCanvas` and numbered when the document is saved.
A watermark ("DRAFT") is drawn under the content of every page while the
data behind the document is not final.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageTemplate

from pmsdesk.i18n import _

from .emblem import draw_emblem
from .fingerprint import KEYWORD_PREFIX
from .fonts import font_set, printable
from .styles import ACCENT, INK, MUTED, RULE

PORTRAIT = "portrait"
LANDSCAPE = "landscape"
MARGIN = 14 * mm
HEADER = 22 * mm
FOOTER = 14 * mm
DEMO_RED = colors.HexColor("#c0392b")


@dataclass(frozen=True)
class PageFacts:
    """What the header and footer say on every page."""

    organisation_name: str
    organisation_code: str | None
    title: str
    period_text: str
    fingerprint: str
    generated_at: datetime
    generated_by: str | None
    watermark: str | None = None
    #: The organisation's own logo (PNG bytes), drawn instead of the generated emblem.
    logo: bytes | None = None
    #: "DEMO DATA — not an official record" for a demo database; None for a real one.
    notice: str | None = None


def _header(canvas: Canvas, facts: PageFacts, width: float, height: float) -> None:
    fonts = font_set()
    top = height - MARGIN + 4 * mm
    emblem = 13 * mm
    if facts.logo is not None:
        canvas.drawImage(ImageReader(io.BytesIO(facts.logo)), MARGIN, top - emblem, emblem, emblem,
                         preserveAspectRatio=True, mask="auto")
    else:
        draw_emblem(canvas, MARGIN, top - emblem, emblem, facts.organisation_name, facts.organisation_code)
    text_x = MARGIN + emblem + 3.5 * mm
    canvas.setFillColor(INK)
    canvas.setFont(fonts.bold, 11)
    canvas.drawString(text_x, top - 5 * mm, printable(facts.organisation_name))
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.regular, 9)
    canvas.drawString(text_x, top - 10 * mm, printable(facts.title)[:110])
    canvas.setFont(fonts.regular, 9)
    canvas.drawRightString(width - MARGIN, top - 5 * mm, printable(facts.period_text))
    if facts.notice:
        canvas.setFillColor(DEMO_RED)
        canvas.setFont(fonts.bold, 9)
        canvas.drawRightString(width - MARGIN, top - 10 * mm, printable(facts.notice))
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, top - emblem - 2 * mm, width - MARGIN, top - emblem - 2 * mm)


def _footer_left(canvas: Canvas, facts: PageFacts, width: float) -> None:
    fonts = font_set()
    y = MARGIN - 6 * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y + 4 * mm, width - MARGIN, y + 4 * mm)
    canvas.setFillColor(MUTED)
    centre = _("Document fingerprint {0}").format(facts.fingerprint)
    room = width / 2 - canvas.stringWidth(centre, fonts.bold, 7.5) / 2 - MARGIN - 3 * mm
    who = _(" by {0}").format(facts.generated_by) if facts.generated_by else ""
    left = printable(_("Generated {0:%d %b %Y %H:%M}{1} with pmsdesk").format(facts.generated_at, who))
    size = 7.5
    while size > 6 and canvas.stringWidth(left, fonts.regular, size) > room:  # a long user name: smaller, not
        size -= 0.25                                                           # over the fingerprint
    while len(left) > 20 and canvas.stringWidth(left, fonts.regular, size) > room:
        left = left[:-2] + "…"
    canvas.setFont(fonts.regular, size)
    canvas.drawString(MARGIN, y, left)
    canvas.setFont(fonts.bold, 7.5)
    canvas.drawCentredString(width / 2, y, centre)


def _watermark(canvas: Canvas, word: str, width: float, height: float) -> None:
    canvas.saveState()
    canvas.setFillColor(colors.HexColor("#c0392b"))
    canvas.setFillAlpha(0.13)
    canvas.setFont(font_set().bold, 110 if width < height else 130)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35 if width < height else 25)
    canvas.drawCentredString(0, -40, word)
    canvas.restoreState()


def _demo_band(canvas: Canvas, notice: str, width: float, height: float) -> None:
    """The demo notice once more, faint and diagonal, so a cropped or photocopied page still shows it."""
    canvas.saveState()
    canvas.setFillColor(DEMO_RED)
    canvas.setFillAlpha(0.10)
    canvas.setFont(font_set().bold, 30)
    canvas.translate(width / 2, height / 2 - 120)
    canvas.rotate(35 if width < height else 25)
    canvas.drawCentredString(0, 0, printable(notice))
    canvas.restoreState()


def _canvas_class(facts: PageFacts) -> type[Canvas]:
    class _NumberedCanvas(Canvas):
        """Holds each finished page until the total is known, then writes 'Page x of y'."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width, height = self._pagesize
                self.setFillColor(MUTED)
                self.setFont(font_set().regular, 7.5)
                self.drawRightString(width - MARGIN, MARGIN - 6 * mm, _("Page {0} of {1}").format(number, total))
                Canvas.showPage(self)
            with _binary_streams():
                Canvas.save(self)

    return _NumberedCanvas


_SAVING = threading.Lock()


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Compressed page streams written as binary, not ASCII85-encoded as well: a quarter
    smaller and no pure-Python encoding pass (a PDF needs no 7-bit transport).

    ReportLab reads the choice from its global settings while saving; documents saved
    at once on two threads take turns, so the setting is always put back as it was.
    """
    with _SAVING:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = saved


def _decorate(facts: PageFacts):
    def on_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        """Watermark, then header and footer: the same on every page of one size, so they
        are drawn once into a form that each page shows."""
        width, height = canvas._pagesize
        furniture = f"pmsdesk-page-{width:.0f}x{height:.0f}"
        canvas.saveState()
        if facts.watermark:
            _watermark(canvas, facts.watermark, width, height)
        if facts.notice:
            _demo_band(canvas, facts.notice, width, height)
        if not canvas.hasForm(furniture):
            canvas.beginForm(furniture)
            _header(canvas, facts, width, height)
            _footer_left(canvas, facts, width)
            canvas.endForm()
        canvas.doForm(furniture)
        canvas.restoreState()

    return on_page


def _template(name: str, size: tuple[float, float], facts: PageFacts) -> PageTemplate:
    width, height = size
    frame = Frame(MARGIN, MARGIN + FOOTER - 6 * mm, width - 2 * MARGIN,
                  height - 2 * MARGIN - HEADER - FOOTER + 6 * mm,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"{name}-body")
    return PageTemplate(id=name, frames=[frame], onPage=_decorate(facts), pagesize=size)


def frame_width(orientation: str) -> float:
    """Usable width of the text frame, for sizing table columns."""
    size = landscape(A4) if orientation == LANDSCAPE else A4
    return size[0] - 2 * MARGIN


def build_pdf(out: str | os.PathLike | IO[bytes], facts: PageFacts, story: Sequence[Flowable], *,
              orientation: str = PORTRAIT) -> int:
    """Write ``story`` to ``out`` and return the number of pages.

    A story can switch orientation with ``NextPageTemplate(LANDSCAPE)`` followed
    by a ``PageBreak``; the first page uses ``orientation``.
    """
    if isinstance(out, os.PathLike):
        out = os.fspath(out)  # ReportLab takes str paths or files only
    templates = [_template(PORTRAIT, A4, facts), _template(LANDSCAPE, landscape(A4), facts)]
    if orientation == LANDSCAPE:
        templates.reverse()
    document = BaseDocTemplate(
        out, pagesize=templates[0].pagesize, pageTemplates=templates,
        title=printable(facts.title), author=printable(facts.organisation_name),
        subject=printable(f"{facts.title}, {facts.period_text}"),
        keywords=f"{KEYWORD_PREFIX}{facts.fingerprint}", creator="pmsdesk",
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + HEADER,
        bottomMargin=MARGIN + FOOTER,
    )
    document.build(list(story), canvasmaker=_canvas_class(facts))
    return document.page


__all__ = ["LANDSCAPE", "PORTRAIT", "NextPageTemplate", "PageFacts", "build_pdf", "frame_width"]
