"""Print-shop preflight of any PDF: PDF/X, output intent, boxes, fonts, colour, dpi, lines."""

from brandkit.preflight.report import (
    CHECKS,
    ERROR,
    WARNING,
    FileReport,
    Finding,
    as_json,
    format_table,
)
from brandkit.preflight.run import preflight_pdf

__all__ = [
    "CHECKS",
    "ERROR",
    "WARNING",
    "FileReport",
    "Finding",
    "as_json",
    "format_table",
    "preflight_pdf",
]
