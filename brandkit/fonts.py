"""Font roles → TrueType files, their metrics, and the check that every character is in them."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from brandkit.errors import FontError, Problem
from brandkit.i18n import Message, os_reason
from brandkit.spec.load import SpecFile
from brandkit.user_cache import read_entry, write_entry

# Glyphs whose bounds set the line box: every Vietnamese letter (stacked marks reach highest,
# e.g. Ễ; hooks and dots below reach lowest, e.g. ỵ) plus Latin descenders. Using the tallest
# and deepest of them for every line keeps baselines steady from record to record and still
# guarantees no mark leaves its box.
_VIETNAMESE = (
    "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYÀẢÃÁẠẰẲẴẮẶẦẨẪẤẬÈẺẼÉẸỀỂỄẾỆÌỈĨÍỊÒỎÕÓỌỒỔỖỐỘỜỞỠỚỢÙỦŨÚỤỪỬỮỨỰỲỶỸÝỴ"
)
LINE_BOX_CHARS = _VIETNAMESE + _VIETNAMESE.lower() + "gjpqy0123456789"


def roboto_dir() -> Path:
    """Where the font-roboto package keeps its TTF files."""
    import font_roboto

    return Path(font_roboto.__file__).parent / "files"


@dataclass(frozen=True)
class FontMetrics:
    """What layout needs to know of a font, in units of the em (multiply by the size)."""

    path: Path
    family: str
    advances: dict[int, float] = field(repr=False)
    ascent: float
    descent: float
    cap_height: float
    weight: int = 400  # OS/2 usWeightClass: 700 is bold
    _widths: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def has(self, char: str) -> bool:
        return ord(char) in self.advances

    def width(self, text: str, size: float) -> float:
        """The advance width of `text` at `size` points (no kerning, as reportlab draws it)."""
        em = self._widths.get(text)
        if em is None:
            # Names and titles repeat the same words: remember each word's width in ems.
            advances = self.advances
            em = sum([advances.get(ord(c), 0.0) for c in text])
            if len(self._widths) < 100_000:
                self._widths[text] = em
        return em * size

    @cached_property
    def _drawn(self) -> frozenset[str]:
        """The characters the font has a glyph for, and the newline (never drawn)."""
        return frozenset(map(chr, self.advances)) | {"\n"}

    def missing(self, text: str) -> list[str]:
        """Characters of `text` the font has no glyph for, in order, without repeats (a
        newline breaks a line: it is never drawn)."""
        if self._drawn.issuperset(text):  # every text of a sound spec: one set operation
            return []
        out: list[str] = []
        for char in text:
            if ord(char) not in self.advances and char not in out and char != "\n":
                out.append(char)
        return out


# Tables reportlab reads to embed a TrueType font and we read to measure text; a font
# without any of them cannot be used, whatever else it holds.
REQUIRED_TABLES = ("head", "hhea", "maxp", "hmtx", "cmap", "glyf", "loca", "name", "post")
MAX_FONT_BYTES = 50 * 1024 * 1024  # CJK fonts reach 20 MB; no Vietnamese font comes near this
_BITMAP_TABLES = ("EBDT", "CBDT", "sbix", "bdat")


@lru_cache(maxsize=64)
def font_metrics(path: Path) -> FontMetrics:
    """Read `path` with fontTools; refuse, saying why, any font reportlab cannot embed: damaged,
    cut short, CFF-flavoured, a web font, a collection, bitmap-only, or no font at all.

    Reading a font's tables (their checksums checked) takes a good part of every command's
    start, so the metrics of a font read without a problem are kept in the user's cache
    under the digest of its bytes and of the code that measures them; a font that is
    refused is read, and refused, every time."""
    key = _metrics_key(path)
    if key is not None:
        known = _cached_metrics(path, read_entry(FONT_CACHE, key))
        if known is not None:
            return known
    metrics = _read_metrics(path)
    if key is not None and key == _metrics_key(path):  # the bytes measured are those digested
        write_entry(FONT_CACHE, key, _as_entry(metrics))
    return metrics


FONT_CACHE = "fonts"  # the user's cache of font metrics (brandkit.user_cache)


@lru_cache(maxsize=1)
def _measurer_digest() -> bytes:
    """This module's code and the fontTools release that reads the fonts."""
    import fontTools

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(str(fontTools.version).encode("utf-8"))
    return digest.digest()


def _metrics_key(path: Path) -> str | None:
    """The digest of a font file within MAX_FONT_BYTES and of its measurer; None otherwise
    (the font is then read, and what is wrong with it said, as without a cache)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FONT_BYTES + 1)
    except OSError:
        return None
    if not data or len(data) > MAX_FONT_BYTES:
        return None
    digest = hashlib.sha256(_measurer_digest())
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _as_entry(metrics: FontMetrics) -> dict[str, object]:
    return {
        "family": metrics.family, "advances": sorted(metrics.advances.items()),
        "ascent": metrics.ascent, "descent": metrics.descent,
        "cap_height": metrics.cap_height, "weight": metrics.weight,
    }  # fmt: skip


def _cached_metrics(path: Path, data: object) -> FontMetrics | None:
    """The metrics an entry of the cache holds, None unless it is well formed."""
    if not isinstance(data, dict):
        return None
    numbers = [data.get(k) for k in ("ascent", "descent", "cap_height")]
    family, weight, pairs = data.get("family"), data.get("weight"), data.get("advances")
    if not (
        all(_is_number(n) for n in numbers)
        and isinstance(family, str)
        and type(weight) is int
        and isinstance(pairs, list)
    ):
        return None
    advances: dict[int, float] = {}
    for pair in pairs:
        if not (isinstance(pair, list) and len(pair) == 2):
            return None
        code, advance = pair
        if type(code) is not int or not _is_number(advance):
            return None
        advances[code] = float(advance)
    ascent, descent, cap = (float(n) for n in numbers)  # type: ignore[arg-type]
    return FontMetrics(path, family, advances, ascent, descent, cap, weight)


def _is_number(value: object) -> bool:
    return type(value) is float or type(value) is int


def _read_metrics(path: Path) -> FontMetrics:
    font = _open_font(path)
    try:
        return _measure(font, path)
    except FontError:
        raise
    except Exception as exc:  # fontTools raises whatever damaged bytes make it raise
        raise _unreadable(
            path,
            Message(
                "damaged font data ({kind}: {reason})", kind=type(exc).__name__, reason=str(exc)
            ),
        ) from None
    finally:
        font.close()


_CFF = Message(
    "this is a CFF-flavoured OpenType font, which the PDF writer cannot embed; use the "
    "TrueType (.ttf) version of the font"
)
_CFF_SHORT = Message(
    "this is a CFF-flavoured OpenType font, which the PDF writer cannot embed; use the "
    "TrueType (.ttf) version"
)


_CHECKSUM = Message("its checksum does not match")
_BAD_DATA = Message("bad data")


def _damaged(tag: str, why: str) -> str:
    return Message("damaged table {tag!r} ({why})", tag=tag, why=why)


def _unreadable(path: Path, why: str) -> FontError:
    message = Message("cannot read font {name}: {why}", name=path.name, why=why)
    return FontError(Problem(message, str(path)))


def _open_font(path: Path) -> TTFont:
    """The TrueType font at `path`, every table we need present and decodable."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise _unreadable(path, Message("not a regular file"))
        if size == 0:
            raise _unreadable(path, Message("the file is empty"))
        if size > MAX_FONT_BYTES:
            raise _unreadable(path, Message("larger than {size} MB", size=MAX_FONT_BYTES // 2**20))
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise _unreadable(path, os_reason(exc)) from None
    if magic == b"OTTO":
        raise _unreadable(path, _CFF)
    if magic in (b"wOFF", b"wOF2"):
        raise _unreadable(
            path, Message("a web font (WOFF); use the TrueType (.ttf) version of the font")
        )
    if magic == b"ttcf":
        raise _unreadable(
            path, Message("a font collection (.ttc); use a single TrueType (.ttf) font from it")
        )
    if magic not in (b"\x00\x01\x00\x00", b"true"):
        raise _unreadable(path, Message("not a TrueType font file"))
    try:
        # Checksums checked as each table is read: bytes overwritten inside a table that still
        # parses (a head with 65535 units per em, advances of 0xFFFF) would otherwise print.
        font = TTFont(str(path), lazy=True, checkChecksums=2)
    except Exception as exc:  # a damaged table directory: struct errors, assertions, EOF
        raise _unreadable(
            path, Message("damaged table directory ({reason})", reason=str(exc))
        ) from None
    try:
        if "CFF " in font or "CFF2" in font:
            raise _unreadable(path, _CFF_SHORT)
        if "glyf" not in font and any(tag in font for tag in _BITMAP_TABLES):
            raise _unreadable(
                path, Message("a bitmap-only font (no outlines); use a TrueType font")
            )
        for tag in REQUIRED_TABLES:
            if tag not in font:
                raise _unreadable(path, Message("missing table {tag!r}", tag=tag))
        for tag in REQUIRED_TABLES:
            try:
                font[tag]  # decompiled now: a cut-short file fails here, table by table
            except AssertionError as exc:
                why = _CHECKSUM if "checksum" in str(exc) else _BAD_DATA
                raise _unreadable(path, _damaged(tag, why)) from None
            except Exception as exc:  # one table at a time, to name the damaged one
                raise _unreadable(path, _damaged(tag, type(exc).__name__)) from None
    except BaseException:
        font.close()
        raise
    return font


def _measure(font: TTFont, path: Path) -> FontMetrics:
    upm = font["head"].unitsPerEm
    if not upm:
        raise _unreadable(path, "damaged table 'head' (zero units per em)")
    cmap = font.getBestCmap()
    if not cmap:
        raise _unreadable(path, "no Unicode character map (cmap) in this font")
    hmtx = font["hmtx"].metrics
    glyf = font["glyf"]
    advances = {code: hmtx[name][0] / upm for code, name in cmap.items()}
    top, bottom = font["hhea"].ascent, font["hhea"].descent
    for char in LINE_BOX_CHARS:
        name = cmap.get(ord(char))
        if name is None:
            continue
        glyph = glyf[name]
        if glyph.numberOfContours != 0:
            top = max(top, glyph.yMax)
            bottom = min(bottom, glyph.yMin)
    os2 = font.get("OS/2")
    cap = getattr(os2, "sCapHeight", 0) or 0.7 * upm
    family = font["name"].getBestFamilyName() or path.stem
    weight = int(getattr(os2, "usWeightClass", 400) or 400)
    return FontMetrics(path, family, advances, top / upm, -bottom / upm, cap / upm, weight)


def font_paths(spec_file: SpecFile) -> dict[str, Path]:
    """Every font role of the spec → the TTF file it uses."""
    out: dict[str, Path] = {}
    for role, font in spec_file.spec.fonts.items():
        if font.roboto is not None:
            out[role] = roboto_dir() / f"Roboto-{font.roboto}.ttf"
        else:
            assert font.file is not None
            out[role] = spec_file.resolve(font.file)
    return out


def load_fonts(spec_file: SpecFile) -> dict[str, FontMetrics]:
    """Metrics of every font role, or every problem with the fonts at once."""
    problems: list[Problem] = []
    out: dict[str, FontMetrics] = {}
    for role, path in font_paths(spec_file).items():
        try:
            out[role] = font_metrics(path)
        except FontError as exc:
            problems += [spec_file.problem(("fonts", role), p.message) for p in exc.problems]
    if problems:
        raise FontError(problems)
    return out


def describe_char(char: str) -> str:
    """`U+20AB DONG SIGN` for messages."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"
