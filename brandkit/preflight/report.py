"""Preflight findings and reports, and their text and JSON forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from brandkit.i18n import Message, translator
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
    # A document not for press (`job-ticket`, `proof`), checked as a document only.
    role: str | None = None

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
            said = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)
            self.add("limits", ERROR, said, page)
            return None
        except Exception as exc:  # qpdf, pdfium and bad operands raise many different types
            self.add(
                check, ERROR, Message("could not be checked: {reason}", reason=short(exc)), page
            )
            return None


def format_table(reports: list[FileReport], _: Callable[..., str] | None = None) -> str:
    """A readable report: per file a PASS/FAIL line and a line per finding, then a summary;
    in the language of `_` (a `brandkit.i18n.translator`; English by default)."""
    _ = _ or translator("en")
    lines: list[str] = []
    for report in reports:
        standard = report.pdfx or _("not PDF/X")
        if report.role is not None:
            standard = _("not for press: {role}", role=report.role)
        status = _("PASS") if report.ok else _("FAIL")
        pages = count(report.pages, "page")
        about = _("({pages}, {standard})", pages=pages, page_count=report.pages, standard=standard)
        lines.append(f"{status} {report.path} {about}")
        for f in report.findings:
            where = _("page {page}", page=f.page) if f.page is not None else _("document")
            severity = {"error": _("error"), "warning": _("warning")}.get(f.severity, f.severity)
            lines.append(f"  {where:<8}  {f.check:<13}  {severity:<7}  {_(f.message)}")
    passed = sum(r.ok for r in reports)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    fields: dict[str, object] = {"passed": passed, "failed": len(reports) - passed}
    fields |= {"files": count(len(reports), "file"), "file_count": len(reports)}
    fields |= {"errors": count(errors, "error"), "error_count": errors}
    fields |= {"warnings": count(warnings, "warning"), "warning_count": warnings}
    lines.append(_("{files}: {passed} passed, {failed} failed ({errors}, {warnings})", **fields))
    return "\n".join(lines)


def as_json(reports: list[FileReport]) -> dict[str, Any]:
    """The reports as plain JSON-ready data: files with their findings, and pass/fail counts."""
    files = [
        {
            "path": r.path,
            "pages": r.pages,
            "pdfx": r.pdfx,
            "role": r.role,
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
