"""Text normalisation: NFC, collapsed whitespace, no-break spaces kept; slugs and match keys."""

from __future__ import annotations

import unicodedata

import pytest

from brandkit.fonts import font_metrics, roboto_dir
from brandkit.layout.text import wrap
from brandkit.text import fold_accents, match_key, normalise_text, slugify

NBSP, NNBSP, FIGURE_SPACE = "\u00a0", "\u202f", "\u2007"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    "name",
    ["Nguyễn Thị Ánh Tuyết", "Công Tôn Nữ Thị Hoàng Phương Thảo Nguyên", "ĐẶNG VĂN ỄNH", "ỵ ỹ ữ"],
)
def test_nfd_becomes_nfc(name: str) -> None:
    decomposed = nfd(name)
    assert decomposed != name  # the case really is decomposed
    assert normalise_text(decomposed) == name
    assert unicodedata.is_normalized("NFC", normalise_text(decomposed))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Nguyễn   Văn  An ", "Nguyễn Văn An"),
        ("Nguyễn\tVăn\nAn", "Nguyễn Văn An"),
        ("Nguyễn\r\n\r\nVăn \t An", "Nguyễn Văn An"),
        ("Trần\u2003Thị\u3000Bích", "Trần Thị Bích"),  # em space, ideographic space
        ("Lê\u200bVăn\u00adTám", "LêVănTám"),  # zero-width space and soft hyphen dropped
        ("", ""),
        (" \t\n ", ""),
    ],
)
def test_whitespace_collapses(raw: str, clean: str) -> None:
    assert normalise_text(raw) == clean


@pytest.mark.parametrize("space", [NBSP, NNBSP, FIGURE_SPACE])
def test_no_break_spaces_survive(space: str) -> None:
    assert normalise_text(f"Số{space}1") == f"Số{space}1"
    assert normalise_text(f"Số {space} 1") == f"Số {space} 1"
    assert normalise_text(f"  Số{space}1  ") == f"Số{space}1"


def test_wrap_never_breaks_at_a_no_break_space() -> None:
    font = font_metrics(roboto_dir() / "Roboto-Regular.ttf")
    size = 10.0
    glued = f"Chi{NBSP}nhánh{NBSP}số{NBSP}12"
    text = normalise_text(f"{glued} Trung tâm Phục vụ hành chính công")
    # Any width at which the text wraps, down to the widest unbreakable piece (the glued pair).
    narrowest = max(font.width(word, size) for word in text.split(" "))
    assert narrowest == font.width(glued, size)
    widths = [narrowest + step for step in (0.0, 1.0, 5.0, 10.0, 20.0, 40.0, 60.0)]
    wrapped_somewhere = False
    for width in widths:
        lines = wrap(text, font, size, width)
        assert lines is not None, width
        wrapped_somewhere |= len(lines) > 1
        assert any(glued in line for line in lines), (width, lines)
        for line in lines:
            assert not line.startswith(NBSP) and not line.endswith(NBSP)
            assert font.width(line, size) <= width + 1e-6
    assert wrapped_somewhere
    # Narrower than the glued pair: it cannot be split, so there is no wrap at all.
    assert wrap(text, font, size, narrowest - 0.5) is None


def test_match_key_ignores_case_and_normalisation() -> None:
    assert match_key(nfd("PHƯỜNG TÂY HỒ")) == match_key("Phường  Tây Hồ")
    assert match_key("Phường Tây Hồ") != match_key("Phường Tây Hổ")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Phường Tây Hồ", "phuong-tay-ho"),
        ("Đặng Đình Đức", "dang-dinh-duc"),
        (nfd("Nguyễn Thị Ánh"), "nguyen-thi-anh"),
        ("CB00076", "cb00076"),
        ("  --  ", "x"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_fold_accents() -> None:
    assert fold_accents("Đường Hồ Chí Minh") == "Duong Ho Chi Minh"
