"""Reading the workbooks officials already keep (SDBIPs, filled-in actuals templates).

The SDBIP import runs in stages so every stage can be tested alone:
``workbook`` reads the sheets of any .xlsx, .xls, .ods or .csv file into
plain grids (merged cells filled in; python-calamine underneath), ``columns`` finds the
header row and maps headings to KPI fields, ``values`` reads messy cells,
``rows`` turns sheet rows into KPI drafts, ``kpi_values`` decides measure,
calculation type and targets, and ``apply`` writes them in one unit of work:
new KPIs checked row by row and inserted in bulk (``bulk``), re-imported and
refused rows through the services one row at a time. ``sdbip.import_sdbip``
runs the whole thing.
"""

from .problems import ImportProblem, WorkbookError
from .sdbip import ImportOptions, ImportReport, import_sdbip

__all__ = ["ImportOptions", "ImportProblem", "ImportReport", "WorkbookError", "import_sdbip"]
