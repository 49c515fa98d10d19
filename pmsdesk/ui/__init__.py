"""The desktop application (PySide6). The only package of pmsdesk that imports Qt.

One sub-package per screen (``register``), shared widgets and table models in
``widgets``; screens read through ``pmsdesk.services`` and never write rows.
"""
