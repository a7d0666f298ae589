"""Preflight findings and reports, and their text and JSON forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from brandkit.preflight.limits import LimitExceeded

CHECKS = (
    "file",
    "limits",
    "pdfx",
    "output_intent",
    "boxes",
    "fonts",
    "colour",
    "images",
    "hairlines",
    "safe_margin",
)
ERROR, WARNING = "error", "warning"

_T = TypeVar("_T")
_BYTESIO = re.compile(r"(stream )?<_io\.BytesIO object at 0x[0-9a-f]+>:? ?")


@dataclass(frozen=True)
class Finding:
    """One problem a print shop would raise, located on a page when it belongs to one."""

    check: str  # one of CHECKS
    severity: str  # "error" | "warning"
    message: str
    page: int | None = None  # 1-based; None for the document


@dataclass
class FileReport:
    """What preflight found in one PDF."""

    path: str  # as given (display name)
    pages: int
    findings: list[Finding]
    pdfx: str | None  # the declared PDF/X version, e.g. "PDF/X-4"

    @property
    def ok(self) -> bool:
        """True when no finding is an error (warnings do not fail a file)."""
        return not any(f.severity == ERROR for f in self.findings)

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(f.severity == WARNING for f in self.findings)


@dataclass
class Findings:
    """The findings of one file as the checks add them, in the order they are made."""

    items: list[Finding] = field(default_factory=list)

    def add(self, check: str, severity: str, message: str, page: int | None = None) -> None:
        self.items.append(Finding(check, severity, message, page))

    def guard(self, check: str, page: int | None, run: Callable[[], _T]) -> _T | None:
        """Run one check; malformed content it trips over becomes a finding, not an exception."""
        try:
            return run()
        except LimitExceeded as exc:
            self.add("limits", ERROR, str(exc), page)
            return None
        except Exception as exc:  # qpdf, pdfium and bad operands raise many different types
            self.add(check, ERROR, f"could not be checked: {short(exc)}", page)
            return None


def format_table(reports: list[FileReport]) -> str:
    """A readable report: per file a PASS/FAIL line and a line per finding, then a summary."""
    lines: list[str] = []
    for report in reports:
        standard = report.pdfx or "not PDF/X"
        status = "PASS" if report.ok else "FAIL"
        lines.append(f"{status} {report.path} ({count(report.pages, 'page')}, {standard})")
        for f in report.findings:
            where = f"page {f.page}" if f.page is not None else "document"
            lines.append(f"  {where:<8}  {f.check:<13}  {f.severity:<7}  {f.message}")
    passed = sum(r.ok for r in reports)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    lines.append(
        f"{count(len(reports), 'file')}: {passed} passed, {len(reports) - passed} failed "
        f"({count(errors, 'error')}, {count(warnings, 'warning')})"
    )
    return "\n".join(lines)


def as_json(reports: list[FileReport]) -> dict[str, Any]:
    """The reports as plain JSON-ready data: files with their findings, and pass/fail counts."""
    files = [
        {
            "path": r.path,
            "pages": r.pages,
            "pdfx": r.pdfx,
            "ok": r.ok,
            "findings": [
                {"check": f.check, "severity": f.severity, "page": f.page, "message": f.message}
                for f in r.findings
            ],
        }
        for r in reports
    ]
    passed = sum(r.ok for r in reports)
    return {"files": files, "passed": passed, "failed": len(reports) - passed}


def count(n: int, noun: str) -> str:
    """`n` and `noun`, plural unless n is 1."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def short(what: object, limit: int = 200) -> str:
    """`what` (an exception or text) on one line, without the in-memory stream's name."""
    text = _BYTESIO.sub("", " ".join(str(what).split()))
    if not text and isinstance(what, BaseException):
        text = type(what).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
