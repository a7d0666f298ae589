"""Preflight one PDF: open it with qpdf, run every check in order, collect the findings."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path

import pikepdf

from brandkit.i18n import Message, os_reason
from brandkit.preflight.checks import (
    check_boxes,
    check_output_intent,
    check_pdfx,
    colour_findings,
    hairline_findings,
    image_findings,
)
from brandkit.preflight.content import ContentWalker, Summary
from brandkit.preflight.geometry import IDENTITY, Box
from brandkit.preflight.objects import inherited
from brandkit.preflight.report import (
    CHECKS,
    ERROR,
    WARNING,
    FileReport,
    Finding,
    Findings,
    short,
)
from brandkit.preflight.safe_margin import check_safe_margin
from brandkit.units import mm


def preflight_pdf(
    source: str | Path | bytes,
    name: str | None = None,
    *,
    safe_margin: float = mm(3),
    min_dpi: float = 300,
    min_line: float = 0.25,
    cleared: set[int] | None = None,
    same: Sequence[bytes] | None = None,
    summaries: list[Summary | None] | None = None,
    forms: Sequence[Mapping[str, Summary]] | None = None,
) -> FileReport:
    """Preflight one PDF (a path or its bytes) for print; lengths are in points.

    Never raises for a bad file: an unreadable file is one "file" error, and a check that
    meets malformed content reports that as a finding and the other checks still run.
    Findings come document-level first, then by page, each in the order of CHECKS.
    `cleared`: pages the caller has proved keep their text clear of the safe margin (the
    build, from what it drew: see preflight.drawn); their glyphs are not looked at again.
    `same`: a key per page from the program that wrote the file (render.document.page_key):
    a page whose key an earlier page has draws what that page draws but for the strings it
    shows and where they and its rectangles go, in the same boxes, so it gets that page's
    findings (but the safe margin's, checked for every page) without being read again.
    `summaries`: a list to fill with what each page's content draws (None for a page whose
    summary cannot stand for it as a form: one with a transparency group, or one not read);
    `forms`: per page, what the forms its resources name draw, as such a list of the file the
    forms were taken from gave it (a press sheet's pieces: see render.impose). Those forms
    are not read again; what they draw is placed where the page draws them. (Their streams
    then do not count towards this file's limits: they counted in the file they came from.)
    """
    display = (
        name if name is not None else ("<bytes>" if isinstance(source, bytes) else str(source))
    )
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as exc:
        return _unreadable(
            display, Message("cannot read the file: {reason}", reason=os_reason(exc))
        )
    with _qpdf_warnings() as repairs:
        try:
            pdf = pikepdf.open(io.BytesIO(data))
        except Exception as exc:  # PdfError, PasswordError, or anything qpdf makes of garbage
            return _unreadable(display, Message("not a readable PDF ({reason})", reason=short(exc)))
        with pdf:
            try:
                check = _Preflight(pdf, data, display, safe_margin, min_dpi, min_line)
                check.summaries = summaries
                if forms is not None and len(forms) == len(pdf.pages):
                    check.forms = forms  # else not this file's: every form is read
                report = check.run(cleared or set(), same)
            except Exception as exc:  # a page tree qpdf cannot walk: nothing per page is possible
                return _unreadable(
                    display, Message("the PDF's structure is broken ({reason})", reason=short(exc))
                )
            repairs += pdf.get_warnings()
    # qpdf repairs what it can (a lost xref, a bad stream length) and says so; a RIP may not.
    notes = [short(r) for r in repairs]
    notes = list(dict.fromkeys(n for n in notes if n and n != "file is damaged"))
    if notes:
        left = len(notes) - 2
        more = ""
        if left > 0:
            more = (
                Message(" and 1 more problem")
                if left == 1
                else Message(" and {count} more problems", count=left)
            )
        message = Message(
            "the file is damaged (qpdf repaired: {notes}{more})",
            notes="; ".join(notes[:2]), more=more,
        )  # fmt: skip
        report.findings.insert(0, Finding("file", WARNING, message))
    return report


# What the content walk never reads: the bytes of strings shown, and the operands that only
# place text and rectangles or size type. (Colours, line widths, matrices (`cm`), fonts,
# colour spaces, graphics states and XObjects are all kept.)
_STRINGS = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>")
# Runs of rectangles (a QR code's modules) first, then the other operands that only place.
_RECTANGLES = re.compile(rb"(?:[-+\d.]+ [-+\d.]+ [-+\d.]+ [-+\d.]+ re\s+)+")
_PLACING = re.compile(rb"(?<=[\s\[\]])[-+\d.][-+\d.\s]*(?=(?:Tm|Td|TD|TL|Tf|Tc|Tw|Tz)\b)")
_INLINE_IMAGE = re.compile(rb"(?:^|\s)BI\s")


def summary_key(
    page: pikepdf.Dictionary, resources: pikepdf.Dictionary
) -> tuple[bytes, bytes] | None:
    """The page's content with what the walk does not read taken out, and its resources as
    written (references by number): two pages with the same key draw the same summary. None
    when the page cannot be keyed so (an inline image's data is read; a stream that does
    not decode is walked, and reported, on its own)."""
    contents = page.get("/Contents")
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    try:
        data = b"\n".join(bytes(s.read_bytes()) for s in streams if isinstance(s, pikepdf.Stream))
    except pikepdf.PdfError:
        return None
    if len(data) > 1_000_000 or _INLINE_IMAGE.search(data):
        return None
    text = _PLACING.sub(b"", _RECTANGLES.sub(b"re ", _STRINGS.sub(b"()", data)))
    return text, resources.unparse(resolved=False)


def _unreadable(display: str, message: str) -> FileReport:
    return FileReport(display, 0, [Finding("file", ERROR, message)], None)


@contextmanager
def _qpdf_warnings() -> Iterator[list[str]]:
    """Collect what qpdf says while it repairs a damaged file, instead of letting it print:
    the damage is a finding of the file being checked."""
    logger = logging.getLogger("pikepdf._core")
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class _Preflight:
    """The checks of one open PDF, in order, with the walker's caches shared by its pages."""

    def __init__(
        self,
        pdf: pikepdf.Pdf,
        data: bytes,
        display: str,
        safe_margin: float,
        min_dpi: float,
        min_line: float,
    ) -> None:
        self.pdf = pdf
        self.data = data
        self.display = display
        self.safe_margin = safe_margin
        self.min_dpi = min_dpi
        self.min_line = min_line
        self.findings = Findings()
        self.walker = ContentWalker()
        self.page_summaries: dict[tuple[bytes, bytes], Summary] = {}
        self.font_pages: dict[str, list[int]] = {}
        self.summaries: list[Summary | None] | None = None  # to fill (preflight_pdf)
        self.forms: Sequence[Mapping[str, Summary]] | None = None

    def run(self, cleared: set[int], same: Sequence[bytes] | None = None) -> FileReport:
        findings = self.findings
        page_count = len(self.pdf.pages)
        if self.summaries is not None:
            self.summaries[:] = [None] * page_count
        if same is not None and len(same) != page_count:
            same = None  # not this file's keys: every page is read
        first: dict[bytes, int] = {}
        copies: dict[int, int] = {}  # page → the earlier page whose findings it shares
        if self.pdf.is_encrypted:
            findings.add(
                "file", ERROR, Message("the file is encrypted, which PDF/X does not allow")
            )
        if page_count == 0:
            findings.add("file", ERROR, Message("the PDF has no pages"))
        pdfx = findings.guard("pdfx", None, partial(check_pdfx, self.pdf, findings))
        findings.guard("output_intent", None, partial(check_output_intent, self.pdf, findings))
        cut_boxes: dict[int, Box] = {}
        pages = self.pdf.pages
        for number in range(1, page_count + 1):
            if same is not None:
                known = first.setdefault(same[number - 1], number)
                if known != number:
                    copies[number] = known
                    continue
            page = pages[number - 1]
            boxes = findings.guard(
                "boxes", number, partial(check_boxes, page.obj, number, findings)
            )
            if boxes is not None and boxes[0] is not None:
                cut_boxes[number] = boxes[0]
            media = boxes[1] if boxes is not None else None
            findings.guard("file", number, partial(self._content, page.obj, number, media))
        if copies:
            self._copy(copies, cut_boxes)
            if self.summaries is not None:
                for number, source in copies.items():
                    self.summaries[number - 1] = self.summaries[source - 1]
        for font, pages_used in self.font_pages.items():
            count = len(pages_used)
            where = "" if count == 1 else Message(" (used on {count} pages)", count=count)
            message = Message("font {font} is not embedded{where}", font=font, where=where)
            findings.add("fonts", ERROR, message, min(pages_used))
        if any(f.check == "limits" for f in findings.items):
            # pdfium would expand the same forms and inflate the same streams, unbounded.
            if cut_boxes:
                findings.add(
                    "safe_margin",
                    WARNING,
                    Message("text not checked: the file is over preflight's limits (see 'limits')"),
                )
        else:
            unproved = {n: box for n, box in cut_boxes.items() if n not in cleared}
            findings.guard(
                "safe_margin",
                None,
                partial(
                    check_safe_margin, self.pdf, self.data, unproved, self.safe_margin, findings
                ),
            )
        order = {check: i for i, check in enumerate(CHECKS)}
        findings.items.sort(key=lambda f: (f.page or 0, order.get(f.check, len(order))))
        return FileReport(self.display, page_count, findings.items, pdfx)

    def _copy(self, copies: dict[int, int], cut_boxes: dict[int, Box]) -> None:
        """Give each page of `copies` the findings, cut box and fonts of the page it shares
        them with."""
        by_page: dict[int, list[Finding]] = {}
        for finding in self.findings.items:
            if finding.page is not None:
                by_page.setdefault(finding.page, []).append(finding)
        for number, source in copies.items():
            self.findings.items += [replace(f, page=number) for f in by_page.get(source, ())]
            if source in cut_boxes:
                cut_boxes[number] = cut_boxes[source]
            for pages_used in self.font_pages.values():
                if source in pages_used:
                    pages_used.append(number)

    def _walk_page(self, page: pikepdf.Dictionary, resources: pikepdf.Dictionary) -> Summary:
        """What the page's content draws. Pages that differ only in what no check reads (the
        strings they show, where text and rectangles go, type sizes: a badge per person)
        with the same resources are one summary, walked once (see `summary_key`)."""
        # Keying costs a pass over the stream: worth it only where pages can repeat (a press
        # sheet's pages, given their forms, never do: each places other pieces).
        repeat = len(self.pdf.pages) > 1 and self.forms is None
        key = summary_key(page, resources) if repeat else None
        if key is None:
            return self.walker.walk(page, resources, 0)
        known = self.page_summaries.get(key)
        if known is None:
            known = self.page_summaries[key] = self.walker.walk(page, resources, 0)
        else:
            self.walker.budget.content(page)  # the limits count every page as before
        return known

    def _content(self, page: pikepdf.Dictionary, number: int, media: Box | None) -> None:
        """Fonts, colour, images and hairlines: what the page's content draws."""
        findings = self.findings
        resources = inherited(page, "/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            resources = pikepdf.Dictionary()
        summary = Summary()
        if "/Contents" in page:
            if self.forms is not None:
                self.walker.known = self.forms[number - 1]
            try:
                walked = self._walk_page(page, resources)
                summary.add(walked, IDENTITY, None)
                if self.summaries is not None and "/Group" not in page:
                    self.summaries[number - 1] = walked
            except pikepdf.PdfError as exc:
                findings.add(
                    "file",
                    ERROR,
                    Message("the page's content cannot be parsed ({reason})", reason=short(exc)),
                    number,
                )
            finally:
                self.walker.known = {}
        elif self.summaries is not None and "/Group" not in page:
            self.summaries[number - 1] = Summary()  # draws nothing
        self.walker.group(page, summary, Message("the page's transparency group"))
        self.walker.annotations(page, summary)
        for problem in summary.problems:
            findings.add("file", ERROR, problem, number)
        for font in sorted(summary.fonts):
            self.font_pages.setdefault(font, []).append(number)
        colour_findings(summary, number, findings)
        image_findings(summary, number, media, self.min_dpi, findings)
        hairline_findings(summary, number, self.min_line, findings)
