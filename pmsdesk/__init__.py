"""pmsdesk: offline Performance Management System for public-sector organisations."""

__version__ = "0.1.0"
