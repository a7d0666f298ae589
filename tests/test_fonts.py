"""Fonts: metrics that cover Vietnamese stacked marks; CFF, damaged and unsupported fonts refused
with a clear message located at the font role."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTCollection, TTFont
from fontTools.ttLib.tables.DefaultTable import DefaultTable

from brandkit.errors import FontError
from brandkit.fonts import describe_char, font_metrics, load_fonts, roboto_dir
from brandkit.spec import load_spec
from tests.cli.conftest import invoke

ROBOTO_BOLD = roboto_dir() / "Roboto-Bold.ttf"


def make_cff_font(path: Path) -> Path:
    """A tiny CFF-flavoured OpenType font (one square glyph for 'A')."""
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "A"])
    builder.setupCharacterMap({ord("A"): "A"})
    pen = T2CharStringPen(600, None)
    pen.moveTo((50, 0))
    pen.lineTo((550, 0))
    pen.lineTo((550, 700))
    pen.lineTo((50, 700))
    pen.closePath()
    square = pen.getCharString()
    empty = T2CharStringPen(500, None)
    builder.setupCFF(
        "TinyCff-Regular",
        {"FullName": "Tiny Cff"},
        {".notdef": empty.getCharString(), "A": square},
        {},
    )
    builder.setupHorizontalMetrics({".notdef": (500, 0), "A": (600, 50)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Tiny Cff", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))
    return path


def test_the_cff_fixture_really_is_cff(tmp_path: Path) -> None:
    font = TTFont(str(make_cff_font(tmp_path / "tiny.otf")))
    assert "CFF " in font and "glyf" not in font


def test_cff_font_is_refused_naming_cff(tmp_path: Path) -> None:
    path = make_cff_font(tmp_path / "tiny.otf")
    with pytest.raises(FontError) as info:
        font_metrics(path)
    message = str(info.value)
    assert "CFF" in message
    assert ".ttf" in message  # says what to use instead
    assert info.value.problems[0].file == str(path)


def test_cff_font_in_a_spec_is_located_at_the_font_role(spec_copy) -> None:
    make_cff_font(spec_copy.dir / "Body.otf")
    spec_copy.edit("body:    {roboto: Regular}", "body:    {file: Body.otf}")
    spec_file = load_spec(spec_copy.path, display="brand.yaml")
    with pytest.raises(FontError) as info:
        load_fonts(spec_file)
    (problem,) = info.value.problems
    assert "CFF" in problem.message
    assert problem.file == "brand.yaml"
    assert problem.line == spec_copy.line_of("body:    {file: Body.otf}")
    assert problem.field == "fonts.body"


def test_a_file_that_is_not_a_font(tmp_path: Path) -> None:
    path = tmp_path / "fake.ttf"
    path.write_bytes(b"this is not a font")
    with pytest.raises(FontError, match="cannot read font"):
        font_metrics(path)


def test_roboto_metrics_cover_vietnamese() -> None:
    metrics = font_metrics(ROBOTO_BOLD)
    for char in "ĂÂĐÊÔƠƯẰẴỄỖỮỹỵđ":
        assert metrics.has(char), char
    assert metrics.missing("Nguyễn 漢 Văn 😀 漢") == ["漢", "😀"]
    assert metrics.missing("TRUNG TÂM PHỤC VỤ\nHÀNH CHÍNH CÔNG") == []  # a forced break
    assert metrics.missing("漢\nĐ\n漢") == ["漢"]
    assert metrics.width("Ễ", 10) > 0


def test_line_box_reaches_the_stacked_marks_and_descenders() -> None:
    # The line box must hold the tallest stacked mark (Ễ) and the deepest hook (ỵ, g),
    # not just the font's nominal ascent.
    font = TTFont(str(ROBOTO_BOLD))
    cmap, glyf, upm = font.getBestCmap(), font["glyf"], font["head"].unitsPerEm
    metrics = font_metrics(ROBOTO_BOLD)
    for char in "ỄẴỖẪỮ":
        glyph = glyf[cmap[ord(char)]]
        assert metrics.ascent >= glyph.yMax / upm - 1e-9, char
    for char in "ỵgjpqỵỴ":
        glyph = glyf[cmap[ord(char)]]
        assert metrics.descent >= -glyph.yMin / upm - 1e-9, char
    assert metrics.ascent > font["hhea"].ascent / upm  # Ễ really is taller than the nominal ascent


def test_describe_char() -> None:
    assert describe_char("漢") == "U+6F22 CJK UNIFIED IDEOGRAPH-6F22"
    assert describe_char("😀") == "U+1F600 GRINNING FACE"


# --- damaged and unsupported font files: a located error each, never a traceback ---------------


def _without(*tags: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        font = TTFont(str(ROBOTO_BOLD))
        for tag in tags:
            del font[tag]
        font.save(str(path))

    return make


def _truncated(fraction: float) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        data = ROBOTO_BOLD.read_bytes()
        path.write_bytes(data[: int(len(data) * fraction)])

    return make


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _woff(path: Path) -> None:
    font = TTFont(str(ROBOTO_BOLD))
    font.flavor = "woff"
    font.save(str(path))


def _collection(path: Path) -> None:
    collection = TTCollection()
    collection.fonts = [TTFont(str(ROBOTO_BOLD)), TTFont(str(roboto_dir() / "Roboto-Regular.ttf"))]
    collection.save(str(path))


def _bitmap_only(path: Path) -> None:
    font = TTFont(str(ROBOTO_BOLD))
    del font["glyf"], font["loca"]
    bitmaps = DefaultTable("EBDT")  # stands in for the bitmaps: only its presence is read
    bitmaps.data = b"\x00\x02\x00\x00"
    font["EBDT"] = bitmaps
    font.save(str(path))


def _scrambled(tag: str) -> Callable[[Path], None]:
    """Roboto with the bytes of table `tag` overwritten by 0xFF (the directory still valid)."""

    def make(path: Path) -> None:
        font = TTFont(str(ROBOTO_BOLD))
        entry = font.reader.tables[tag]
        data = bytearray(ROBOTO_BOLD.read_bytes())
        data[entry.offset : entry.offset + entry.length] = b"\xff" * entry.length
        path.write_bytes(bytes(data))

    return make


DAMAGED: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated-half": (_truncated(0.5), "cannot read font"),
    "truncated-header": (_truncated(0.001), "cannot read font"),
    "no-hmtx": (_without("hmtx"), "missing table 'hmtx'"),
    "no-cmap": (_without("cmap"), "missing table 'cmap'"),
    "no-glyf": (_without("glyf", "loca"), "missing table 'glyf'"),
    "no-head": (_without("head"), "cannot read font"),
    "no-hhea": (_without("hhea"), "missing table 'hhea'"),
    "not-a-font": (_bytes(b"this is not a font, just text\n" * 10), "not a TrueType font"),
    "zero-bytes": (_bytes(b""), "empty"),
    "woff": (_woff, "WOFF"),
    "collection": (_collection, "collection (.ttc)"),
    "bitmap-only": (_bitmap_only, "bitmap-only"),
    "cff": (lambda path: make_cff_font(path) and None, "CFF"),
    "scrambled-hmtx": (_scrambled("hmtx"), "damaged table 'hmtx'"),
    "scrambled-cmap": (_scrambled("cmap"), "damaged table '"),  # read through another table
    "scrambled-head": (_scrambled("head"), "damaged table 'head'"),
    "scrambled-loca": (_scrambled("loca"), "damaged table '"),
    "scrambled-maxp": (_scrambled("maxp"), "damaged table 'maxp'"),
}


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_a_damaged_or_unsupported_font_is_a_located_error(spec_copy, kind: str) -> None:
    make, expected = DAMAGED[kind]
    make(spec_copy.dir / "Body.ttf")
    spec_copy.edit("body:    {roboto: Regular}", "body:    {file: Body.ttf}")
    spec_file = load_spec(spec_copy.path, display="brand.yaml")
    with pytest.raises(FontError) as info:
        load_fonts(spec_file)
    (problem,) = info.value.problems
    assert expected in problem.message
    assert problem.message.startswith("cannot read font Body.ttf: ")
    assert problem.file == "brand.yaml"
    assert problem.line == spec_copy.line_of("body:    {file: Body.ttf}")
    assert problem.field == "fonts.body"


def test_a_font_file_that_is_a_folder_or_gone_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.ttf").mkdir()
    with pytest.raises(FontError, match=r"cannot read font folder\.ttf: not a regular file"):
        font_metrics(tmp_path / "folder.ttf")
    with pytest.raises(FontError, match=r"cannot read font gone\.ttf: "):
        font_metrics(tmp_path / "gone.ttf")


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_validate_reports_a_damaged_font_without_a_traceback(spec_copy, kind: str) -> None:
    make, expected = DAMAGED[kind]
    make(spec_copy.dir / "Body.ttf")
    spec_copy.edit("body:    {roboto: Regular}", "body:    {file: Body.ttf}")
    result = invoke("--spec", spec_copy.path, "validate")
    assert result.exit_code == 1, result.output
    assert expected in result.stderr
    assert f"{spec_copy.path.name}:{spec_copy.line_of('body:    {file: Body.ttf}')}:" in (
        result.stderr
    )


def test_metrics_are_kept_in_the_user_cache_by_the_font_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brandkit import fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "Body.ttf"
    path.write_bytes(ROBOTO_BOLD.read_bytes())
    fonts.font_metrics.cache_clear()
    read = fonts.font_metrics(path)
    assert list((tmp_path / "cache" / "brandkit" / fonts.FONT_CACHE).glob("*.json"))

    def fail(path: Path) -> None:
        raise AssertionError("the font was read again")

    fonts.font_metrics.cache_clear()
    with monkeypatch.context() as patch:
        patch.setattr(fonts, "_read_metrics", fail)
        cached = fonts.font_metrics(path)
    assert cached == read and cached.path == path
    # another font in the same file (the same size and date) is read again, never the cached
    other = (roboto_dir() / "Roboto-Regular.ttf").read_bytes()
    stat = path.stat()
    path.write_bytes(other)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    fonts.font_metrics.cache_clear()
    edited = fonts.font_metrics(path)
    assert edited.weight == 400 and read.weight == 700
    assert edited.advances != read.advances
    # a damaged font is refused every time, whatever the cache holds
    path.write_bytes(other[: len(other) // 2])
    for _ in range(2):
        fonts.font_metrics.cache_clear()
        with pytest.raises(FontError):
            fonts.font_metrics(path)
    fonts.font_metrics.cache_clear()
