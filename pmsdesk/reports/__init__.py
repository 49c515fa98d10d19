"""Printable and exportable outputs: PDF documents (``pdf``) and Excel workbooks (``excel``).

Reports read the database through the core modules and never import Qt, so the
command line and head-office batch runs produce the same documents as the app.
"""
