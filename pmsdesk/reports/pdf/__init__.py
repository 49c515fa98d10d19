"""Printable PDF documents (ReportLab platypus, A4), each fingerprinted for ``report verify``.

Entry points: :func:`issue.issue_report` makes and registers a document;
:func:`verify.verify_document` checks a printed one against the database;
:data:`kinds.KINDS` lists the report kinds. One module per kind collects the
document's data (which the fingerprint's hash covers) and lays it out.
"""
