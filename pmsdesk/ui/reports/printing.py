"""Printing a PDF through Qt: each page drawn as an image at the printer's resolution.

Qt cannot print a PDF itself, and ReportLab's output is already laid out to the
millimetre, so each page is rasterised by pdfium and drawn to fill the paper.
Printing to a file ("Print to File (PDF)") goes to a temporary file that is
renamed only when every page is done: a failed or cancelled job leaves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QMarginsF, QRect, Qt
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter

from pmsdesk.reports.files import written_atomically
from pmsdesk.ui.widgets.document_preview import page_image

#: Drawn no finer than this: 300 dpi is sharp on paper, and an A4 page stays ~25 MB in memory.
MAX_DPI = 300
POINTS_PER_INCH = 72


class PrintFailed(Exception):
    """The printer refused the job; the message says what to check."""


class PrintCancelled(Exception):
    """The person pressed Cancel while pages were being sent."""


def printer_name(printer: QPrinter) -> str:
    if printer.outputFileName():
        return Path(printer.outputFileName()).name
    return printer.printerName() or QCoreApplication.translate("reports.printing", "the printer")


def pdf_page_count(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def print_pdf(data: bytes, printer: QPrinter, on_page: Callable[[int, int], bool] | None = None) -> int:
    """Send every page of the PDF ``data`` to ``printer``; returns the number of pages.

    ``on_page(done, total)`` is called after each page; returning False cancels the job.
    Raises PrintFailed, PrintCancelled, or OSError when a print-to-file target cannot be written.
    """
    target = printer.outputFileName()
    if not target:
        return _print_pages(data, printer, on_page)
    with written_atomically(target) as temporary:
        printer.setOutputFileName(str(temporary))
        try:
            return _print_pages(data, printer, on_page)
        finally:
            printer.setOutputFileName(target)


def _print_pages(data: bytes, printer: QPrinter, on_page: Callable[[int, int], bool] | None) -> int:
    document = pdfium.PdfDocument(data)
    try:
        total = len(document)
        printer.setFullPage(True)  # the PDF carries its own margins
        printer.setDocName("pmsdesk report")
        _fit_orientation(printer, document[0])
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed(QCoreApplication.translate("reports.printing",
                    "{0} could not be started: check that it is switched on, connected and has "
                    "paper, or choose another printer. Nothing was printed.").format(printer_name(printer)))
        try:
            for index in range(total):
                page = document[index]
                if index:
                    _fit_orientation(printer, page)
                    if not printer.newPage():
                        raise PrintFailed(QCoreApplication.translate("reports.printing",
                                "{0} stopped after page {1} of {2}: check the "
                                "printer and print again.").format(printer_name(printer), index, total))
                _draw(painter, page, printer.resolution())
                if on_page is not None and not on_page(index + 1, total):
                    printer.abort()
                    raise PrintCancelled()
        finally:
            painter.end()
        return total
    finally:
        document.close()


def _fit_orientation(printer: QPrinter, page: pdfium.PdfPage) -> None:
    landscape = page.get_width() > page.get_height()
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0))


def _draw(painter: QPainter, page: pdfium.PdfPage, resolution: int) -> None:
    dpi = min(resolution, MAX_DPI)
    image = page_image(page, dpi / POINTS_PER_INCH)
    area = painter.viewport()
    scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    painter.drawImage(QRect(area.x(), area.y(), scaled.width(), scaled.height()), image)
