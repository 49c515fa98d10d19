"""Agreements: draft from KPIs, weights and CCRs, preview, sign (locks), amend; assess with live scoring."""

from .view import AgreementsView

__all__ = ["AgreementsView"]
