"""Documents that travel with print files but are not for press (a bundle's job ticket and
proof sheet): recognised by their Info /BrandkitRole and checked as documents only.

A PDF that says it is not for press, and does not claim PDF/X, is checked for what matters
to a document that is read on screen or on an office printer: it opens, it stays within
preflight's limits, every font is embedded and every character shown has a glyph. Its
colours, boxes and image resolution are a print file's business, not its.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
from functools import lru_cache
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

from brandkit.i18n import Message
from brandkit.preflight.limits import LimitExceeded, bounded_bytes
from brandkit.preflight.objects import embedded
from brandkit.preflight.report import ERROR, FileReport, Finding, short
from brandkit.preflight.run import preflight_pdf
from brandkit.units import mm

ROLE_KEY = "/BrandkitRole"  # as brandkit.render.pdfx writes it
ROLES = ("job-ticket", "proof")
DOCUMENT_CHECKS = frozenset({"file", "limits", "fonts", "glyphs"})
MAX_FONTS = 1_000  # fonts looked into for missing glyphs, per file


def document_role(pdf: pikepdf.Pdf) -> str | None:
    """The role a PDF declares (`job-ticket`, `proof`), unless it claims PDF/X too: a file
    that says it is for press is checked as one."""
    info = pdf.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary) or "/GTS_PDFXVersion" in info:
        return None
    role = str(info.get(ROLE_KEY, "")).strip()
    return role if role in ROLES else None


def preflight_file(
    source: str | Path | bytes,
    name: str | None = None,
    *,
    safe_margin: float = mm(3),
    min_dpi: float = 300,
    as_print: bool = False,
) -> FileReport:
    """Preflight a PDF for print, or as a document when it is marked not for press (unless
    `as_print`: a print file inside a bundle is never excused by a mark)."""
    display = name if name is not None else str(source)
    cleared: set[int] = set()
    if not as_print:
        # A document's text near its edges is no print file's business (DOCUMENT_CHECKS):
        # its glyphs are not measured only to be dropped.
        try:
            data = source if isinstance(source, bytes) else Path(source).read_bytes()
            with pikepdf.open(io.BytesIO(data)) as pdf:
                if document_role(pdf) is not None:
                    cleared = set(range(1, len(pdf.pages) + 1))
        except (OSError, pikepdf.PdfError):
            pass  # preflight_pdf reports it
    report = preflight_pdf(
        source, display, safe_margin=safe_margin, min_dpi=min_dpi, cleared=cleared
    )
    if as_print or not report.pages:
        return report
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        with pikepdf.open(io.BytesIO(data)) as pdf:
            role = document_role(pdf)
            if role is None:
                return report
            findings = [f for f in report.findings if f.check in DOCUMENT_CHECKS]
            findings += glyph_findings(pdf)
    except (OSError, pikepdf.PdfError):
        return report  # its unreadability is already one of the report's findings
    return FileReport(report.path, report.pages, findings, None, role)


# What `preflight_written` takes on without reading the pages' content: far below every limit
# of preflight.limits (a file of 256 MiB, a stream of 64 MiB or a million operators, a million
# placements). A bigger document is preflighted in full.
WRITTEN_MAX_BYTES = 16 * 1024 * 1024
WRITTEN_MAX_PAGES = 1_000
WRITTEN_MAX_CONTENT = 1024 * 1024  # a page's content, inflated

# The names a content stream selects a font by and draws a form or image by: "/F1+0 7 Tf",
# "/image-3 Do". (The project's writer puts no strings or inline images between them.)
_INLINE_IMAGE = re.compile(rb"(?:^|\s)BI\s")
_SELECTS = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+(?:[-+\d.]+\s+Tf|Do)\b")


def preflight_written(data: bytes, name: str) -> FileReport:
    """The preflight of a job ticket or proof sheet the build has just written with the
    project's own PDF writer: what `preflight_file` finds in it, found without walking its
    pages' content (what most of a full preflight of a document costs).

    The document is read as the full preflight reads it (pikepdf; a repaired, unreadable or
    unmarked file, or one of any size near preflight's limits, is preflighted in full), and
    checked for what a document's preflight checks: every font in the file embedded, every
    font and form a page's content names defined by its resources, every character a font
    shows drawn by a glyph with ink (`glyph_findings`, the full preflight's own check). A test
    holds it to `preflight_file` on the bundle documents brandkit writes, sound and broken."""
    if len(data) > WRITTEN_MAX_BYTES:
        return preflight_file(data, name)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            role = document_role(pdf)
            count = len(pdf.pages)
            if role is None or not 0 < count <= WRITTEN_MAX_PAGES or pdf.is_encrypted:
                return preflight_file(data, name)
            findings = _written_findings(pdf)
            if findings is None or pdf.get_warnings():
                return preflight_file(data, name)
            findings += glyph_findings(pdf)
    except Exception:  # whatever qpdf makes of it, the full preflight says it as it would
        return preflight_file(data, name)
    return FileReport(name, count, findings, None, role)


def _written_findings(pdf: pikepdf.Pdf) -> list[Finding] | None:
    """Fonts not embedded, and fonts or forms a page names that its resources do not define;
    None for a page the project's writer would not have written (inherited resources, content
    in pieces, filters other than Flate), which the full preflight then reads."""
    findings: list[Finding] = []
    unembedded: dict[str, list[int]] = {}
    for number, page in enumerate(pdf.pages, start=1):
        resources = page.obj.get("/Resources")
        contents = page.obj.get("/Contents")
        if not isinstance(resources, pikepdf.Dictionary) or not isinstance(
            contents, pikepdf.Stream
        ):
            return None
        if contents.get("/Filter") not in (None, pikepdf.Name.FlateDecode):
            return None
        if int(contents.get("/Length", 0)) > WRITTEN_MAX_CONTENT:
            return None
        content = contents.read_bytes()
        if len(content) > WRITTEN_MAX_CONTENT or _INLINE_IMAGE.search(content):
            return None
        problems: dict[str, None] = {}  # once a page, as the content walk says them
        fonts = resources.get("/Font", pikepdf.Dictionary())
        xobjects = resources.get("/XObject", pikepdf.Dictionary())
        # Each name a page selects, once (a ticket selects its font for every cell).
        selections = dict.fromkeys(
            (m.group(1).decode("latin-1"), m.group(0).endswith(b"Tf"))
            for m in _SELECTS.finditer(content)
        )
        for name, is_font in selections:
            selected = "/" + name
            group = fonts if is_font else xobjects
            target = group.get(selected) if isinstance(group, pikepdf.Dictionary) else None
            if target is None:
                if is_font:
                    said = "text uses font {name}, which the resources do not define"
                else:
                    said = "content draws XObject {name}, which the resources do not define"
                problems[Message(said, name=selected)] = None
            elif is_font and isinstance(target, pikepdf.Dictionary) and not embedded(target):
                font = str(target.get("/BaseFont", selected)).lstrip("/")
                unembedded.setdefault(font, []).append(number)
            elif not is_font and target.get("/Subtype") == pikepdf.Name.Form:
                return None  # a form's own content: the full preflight walks into it
        findings += [Finding("file", ERROR, problem, number) for problem in problems]
    for font, pages_used in unembedded.items():
        count = len(set(pages_used))
        where = "" if count == 1 else Message(" (used on {count} pages)", count=count)
        message = Message("font {font} is not embedded{where}", font=font, where=where)
        findings.append(Finding("fonts", ERROR, message, min(pages_used)))
    return findings


def glyph_findings(pdf: pikepdf.Pdf) -> list[Finding]:
    """A finding per embedded TrueType font that maps a character to no glyph, or to an empty
    one (a visible character drawn as nothing): the text a reader sees would have holes."""
    findings: list[Finding] = []
    fonts = [
        obj
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary)
        and obj.get("/Type") == pikepdf.Name.Font
        and isinstance(obj.get("/FontDescriptor"), pikepdf.Dictionary)
        and isinstance(obj.FontDescriptor.get("/FontFile2"), pikepdf.Stream)
        and isinstance(obj.get("/ToUnicode"), pikepdf.Stream)
    ]
    for font in fonts[:MAX_FONTS]:
        name = str(font.get("/BaseFont", "/?"))[1:]
        try:
            missing = _missing(font)
        except LimitExceeded as exc:
            findings.append(Finding("limits", ERROR, str(exc)))
            continue
        except Exception as exc:  # a font program fontTools cannot read: say so, go on
            message = Message(
                "font {font} cannot be read ({reason})", font=name, reason=short(exc)
            )  # fmt: skip
            findings.append(Finding("glyphs", ERROR, message))
            continue
        if missing:
            shown = " ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
            message = Message(
                "font {font} has no glyph for {count} character(s): {chars}",
                font=name, count=len(missing), chars=shown,
            )  # fmt: skip
            findings.append(Finding("glyphs", ERROR, message))
    return findings


def _missing(font: pikepdf.Dictionary) -> list[str]:
    """The characters (U+XXXX) `font`'s ToUnicode map shows that its program has no glyph
    with ink for."""
    program_stream, to_unicode = font.FontDescriptor.FontFile2, font.ToUnicode
    assert isinstance(program_stream, pikepdf.Stream) and isinstance(to_unicode, pikepdf.Stream)
    program = _program(bounded_bytes(program_stream))
    missing = []
    for code, text in _to_unicode(bounded_bytes(to_unicode)):
        if not text or text == "\0" or all(_blank(c) for c in text):
            continue
        glyph = program.cmap.get(code)
        if glyph is None or glyph == ".notdef" or program.empty(glyph):
            missing.append(" ".join(f"U+{ord(c):04X}" for c in text))
    return missing


class _Program:
    """A TrueType font program's character map, and which of its glyphs have no outline."""

    def __init__(self, data: bytes) -> None:
        program = TTFont(io.BytesIO(data), lazy=True)
        self.cmap: dict[int, str] = {}
        for table in program["cmap"].tables:
            for code, glyph in table.cmap.items():
                self.cmap.setdefault(code & 0xFF if table.platformID == 3 else code, glyph)
        self._program = program
        self._glyf = program.get("glyf")
        self._empty: dict[str, bool] = {}
        self._headers = _GlyphHeaders.of(program) if self._glyf is not None else None

    def empty(self, glyph: str) -> bool:
        if self._glyf is None:
            return False
        if glyph not in self._empty:  # a glyph that cannot be read raises each time it is asked
            contours = self._headers.contours(glyph) if self._headers is not None else None
            if contours is None:  # not plainly readable from the tables: let fontTools say
                contours = self._glyf[glyph].numberOfContours
            self._empty[glyph] = contours == 0
        return self._empty[glyph]


class _GlyphHeaders:
    """Each glyph's number of contours read straight from the loca and glyf tables (what
    fontTools' glyf table says of it, without decompiling the glyph: the slow part of reading
    a bundle document's fonts). None for a glyph whose entries are out of order or out of the
    table, which fontTools is then asked about."""

    def __init__(self, ids: dict[str, int], loca: list[int], glyf: bytes) -> None:
        self._ids, self._loca, self._glyf = ids, loca, glyf

    @classmethod
    def of(cls, program: TTFont) -> _GlyphHeaders | None:
        reader = program.reader
        if reader is None or not all(tag in reader for tag in ("head", "loca", "glyf", "maxp")):
            return None
        head, loca_data, glyf = reader["head"], reader["loca"], reader["glyf"]
        maxp = reader["maxp"]
        if len(head) < 54 or len(maxp) < 6:
            return None
        long = struct.unpack_from(">h", head, 50)[0] == 1
        count = struct.unpack_from(">H", maxp, 4)[0]
        size, scale = (4, 1) if long else (2, 2)
        if len(loca_data) < size * (count + 1):
            return None
        offsets = struct.unpack_from(f">{count + 1}{'I' if long else 'H'}", loca_data)
        order = program.getGlyphOrder()
        if len(order) != count:
            return None
        ids = {name: gid for gid, name in enumerate(order)}
        return cls(ids, [scale * v for v in offsets], glyf)

    def contours(self, glyph: str) -> int | None:
        gid = self._ids.get(glyph)
        if gid is None:
            return None
        start, end = self._loca[gid], self._loca[gid + 1]
        if end == start:
            return 0  # no outline at all
        if end < start or end > len(self._glyf) or end - start < 10:
            return None
        return int(struct.unpack_from(">h", self._glyf, start)[0])


# A bundle's job ticket and proof sheet embed subsets of the same fonts, and many bundles'
# subsets are the very same program: each is read once per process (a few MB at most).
@lru_cache(maxsize=32)
def _program(data: bytes) -> _Program:
    return _Program(data)


def _blank(char: str) -> bool:
    """Whether a character shows no ink (spaces, controls, format characters)."""
    return unicodedata.category(char)[0] in ("Z", "C")


def _to_unicode(cmap: bytes) -> list[tuple[int, str]]:
    """(code, text) of a ToUnicode CMap's one-byte bfchar entries (reportlab's simple fonts)
    and its bfrange entries."""
    out: list[tuple[int, str]] = []
    tokens = cmap.replace(b"<", b" <").replace(b">", b"> ").split()
    section = None
    values: list[bytes] = []
    for token in tokens:
        if token in (b"beginbfchar", b"beginbfrange"):
            section, values = token, []
        elif token in (b"endbfchar", b"endbfrange"):
            step = 2 if section == b"beginbfchar" else 3
            for i in range(0, len(values) - step + 1, step):
                group = values[i : i + step]
                if step == 2:
                    out.append((int(group[0], 16), _utf16(group[1])))
                else:
                    low, high = int(group[0], 16), int(group[1], 16)
                    start = int(group[2], 16) if len(group[2]) <= 4 else None
                    for n, code in enumerate(range(low, min(high, low + 65535) + 1)):
                        out.append((code, chr(start + n) if start is not None else ""))
            section = None
        elif section is not None and token.startswith(b"<") and token.endswith(b">"):
            values.append(token[1:-1])
    return out


def _utf16(hex_text: bytes) -> str:
    try:
        return bytes.fromhex(hex_text.decode("ascii")).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return ""
