"""Formatted Excel workbooks (openpyxl, no Qt): the KPI register, the actuals template, the scorecard.

The register and the actuals template are meant to come back: their headings
are the ones the importers recognise, and editable columns carry drop-down
lists so what an official types can be read again.
"""
