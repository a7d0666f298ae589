"""Documents that travel with print files but are not for press (a bundle's job ticket and
proof sheet): recognised by their Info /BrandkitRole and checked as documents only.

A PDF that says it is not for press, and does not claim PDF/X, is checked for what matters
to a document that is read on screen or on an office printer: it opens, it stays within
preflight's limits, every font is embedded and every character shown has a glyph. Its
colours, boxes and image resolution are a print file's business, not its.
"""

from __future__ import annotations

import io
import struct
import unicodedata
from functools import lru_cache
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

from brandkit.i18n import Message
from brandkit.preflight.limits import LimitExceeded, bounded_bytes
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
