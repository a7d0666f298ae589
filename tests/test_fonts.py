"""Fonts: metrics that cover Vietnamese stacked marks, CFF fonts refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont

from brandkit.errors import FontError
from brandkit.fonts import describe_char, font_metrics, load_fonts, roboto_dir
from brandkit.spec import load_spec

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
