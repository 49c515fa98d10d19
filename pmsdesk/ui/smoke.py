"""The self-test's desktop step: the main window opens on the demo and shows its KPIs."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from pmsdesk.selftest import SelfTestContext, Step


def _main_window(context: SelfTestContext) -> str:
    from pmsdesk.services.actor import Actor
    from pmsdesk.ui.main_window import MainWindow
    from pmsdesk.ui.register.view import KpiRegisterView

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(context.folder / "settings.ini"), QSettings.Format.IniFormat)  # not the user's
    window = MainWindow(context.database("office"), actor=Actor.system("self-test"), settings=settings)
    try:
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        register = window.open_screen("register")
        if not isinstance(register, KpiRegisterView):
            raise AssertionError(f"the register screen is a {type(register).__name__}")
        rows = register.model.total_count()
        if rows == 0:
            raise AssertionError("the KPI register shows no KPIs")
        return f"{rows} KPIs in the register on the {QApplication.platformName()} platform"
    finally:
        window.close()


def _preview(context: SelfTestContext) -> str:
    """pdfium (a native library) renders the quarterly report the PDF step wrote."""
    from pmsdesk.ui.widgets.document_preview import DocumentPreview

    QApplication.instance() or QApplication([])
    preview = DocumentPreview()
    try:
        preview.resize(600, 800)
        preview.show_pdf((context.folder / "quarterly.pdf").read_bytes())
        pixmap = preview.page.pixmap()
        if pixmap.isNull():
            raise AssertionError(f"the PDF preview shows no page: {preview.page.text()}")
        return f"page 1 of {preview.page_count} drawn at {pixmap.width()}×{pixmap.height()}"
    finally:
        preview.close()


SMOKE_STEPS: tuple[tuple[str, Step], ...] = (("open the main window", _main_window),
                                             ("preview a PDF", _preview))
