"""Import SDBIP: preview a workbook (a dry run listing every problem), then import it."""

from .view import SdbipImportView

__all__ = ["SdbipImportView"]
