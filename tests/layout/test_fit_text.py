"""Text fitting: wrap, shrink only as far as needed, never overflow the box."""

from __future__ import annotations

import itertools
import random

import pytest

from brandkit.fonts import FontMetrics, font_metrics, roboto_dir
from brandkit.layout.text import SIZE_STEP, block_height, fit_text, wrap
from brandkit.text.words import VIETNAMESE
from brandkit.units import mm

LONG_NAME = "Công Tôn Nữ Thị Hoàng Phương Thảo Nguyên"


@pytest.fixture(scope="module")
def bold() -> FontMetrics:
    return font_metrics(roboto_dir() / "Roboto-Bold.ttf")


@pytest.fixture(scope="module")
def regular() -> FontMetrics:
    return font_metrics(roboto_dir() / "Roboto-Regular.ttf")


def test_short_text_keeps_its_size(bold: FontMetrics) -> None:
    fitted = fit_text("Trần Minh Cường", bold, mm(46), mm(12.5), 13, 8, 1.3)
    assert fitted is not None
    assert fitted.size == 13
    assert fitted.lines == ("Trần Minh Cường",)
    assert fitted.widths[0] == pytest.approx(bold.width("Trần Minh Cường", 13))


def test_long_text_shrinks_only_as_far_as_it_must(bold: FontMetrics) -> None:
    width, height = mm(46), mm(12.5)
    fitted = fit_text(LONG_NAME, bold, width, height, 13, 8, 1.3)
    assert fitted is not None
    assert 8 <= fitted.size < 13
    assert " ".join(fitted.lines) == LONG_NAME
    assert max(fitted.widths) <= width + 1e-6
    assert block_height(bold, fitted.size, len(fitted.lines), 1.3) <= height + 1e-6
    # One step larger would not fit.
    assert fit_text(LONG_NAME, bold, width, height, 13, fitted.size + SIZE_STEP, 1.3) is None


def test_returns_none_when_even_the_minimum_size_is_too_big(bold: FontMetrics) -> None:
    assert fit_text(LONG_NAME, bold, mm(10), mm(4), 13, 8, 1.3) is None
    word = "Nghiêng" * 10  # one unbreakable word wider than the box at any allowed size
    assert fit_text(word, bold, mm(46), mm(40), 13, 8, 1.3) is None


def test_min_size_equal_to_size_means_no_shrinking(bold: FontMetrics) -> None:
    assert fit_text(LONG_NAME, bold, mm(46), mm(12.5), 13, 13, 1.3) is None
    fitted = fit_text("An", bold, mm(46), mm(12.5), 13, 13, 1.3)
    assert fitted is not None and fitted.size == 13


@pytest.mark.parametrize("max_lines", [1, 2, 3])
def test_respects_max_lines(regular: FontMetrics, max_lines: int) -> None:
    title = "Công chức Văn hóa – Xã hội kiêm tiếp nhận và trả kết quả giải quyết thủ tục"
    free = fit_text(title, regular, mm(46), mm(30), 8, 3, 1.3)
    assert free is not None and len(free.lines) > 1
    fitted = fit_text(title, regular, mm(46), mm(30), 8, 3, 1.3, max_lines=max_lines)
    assert fitted is not None
    assert len(fitted.lines) <= max_lines
    if max_lines < len(free.lines):
        assert fitted.size < free.size  # fewer lines cost size


def test_max_lines_can_make_it_impossible(regular: FontMetrics) -> None:
    assert fit_text(LONG_NAME, regular, mm(20), mm(30), 8, 7, 1.3, max_lines=1) is None


def test_block_height_formula(bold: FontMetrics) -> None:
    one = block_height(bold, 10, 1, 1.3)
    assert one == pytest.approx((bold.ascent + bold.descent) * 10)
    assert block_height(bold, 10, 3, 1.3) == pytest.approx(one + 2 * 1.3 * 10)
    assert block_height(bold, 10, 3, 1.5) > block_height(bold, 10, 3, 1.3)


def test_line_height_changes_what_fits(bold: FontMetrics) -> None:
    width = mm(30)
    tight = fit_text(LONG_NAME, bold, width, mm(14), 10, 5, 1.3)
    loose = fit_text(LONG_NAME, bold, width, mm(14), 10, 5, 2.0)
    assert tight is not None and loose is not None
    assert loose.size <= tight.size
    for fitted, lh in ((tight, 1.3), (loose, 2.0)):
        assert block_height(bold, fitted.size, len(fitted.lines), lh) <= mm(14) + 1e-6


def test_stacked_marks_count_in_the_block_height(bold: FontMetrics) -> None:
    # A box exactly as tall as one line box holds a line of Ễ at that size; a hair less does not.
    size = 12.0
    exact = (bold.ascent + bold.descent) * size
    assert fit_text("ỄNH", bold, mm(40), exact, size, size, 1.3) is not None
    assert fit_text("ỄNH", bold, mm(40), exact * 0.99, size, size, 1.3) is None
    # The line box is taller than the nominal cap height plus descender of plain Latin.
    assert bold.ascent > bold.cap_height + 0.2


def test_wrap_is_greedy_and_lossless(regular: FontMetrics) -> None:
    text = "Phường Tây Hồ quận cũ Tây Hồ Hà Nội"
    lines = wrap(text, regular, 10, 60)
    assert lines is not None and len(lines) > 1
    assert " ".join(lines) == text
    for line in lines:
        assert regular.width(line, 10) <= 60
    for first, second in itertools.pairwise(lines):
        # Greedy: the next word ("Tây Hồ" is one) would not have fitted on the previous line.
        next_word = VIETNAMESE.split(second)[0]
        assert regular.width(f"{first} {next_word}", 10) > 60


WORDS = """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Thị Văn Đức Minh Ngọc Ánh
Tuyết Hương Quỳnh Khánh Linh Thảo Nguyên Phương Thành Trung Hiếu Nghĩa Ễnh Ỵ Công Tôn Nữ Tằng Xuân
Hạ Thu Đông phường xã chi nhánh Giám đốc Phó trưởng phòng chuyên viên tiếp nhận và trả kết quả giải
quyết thủ tục hành chính – Xây dựng
"""
SYLLABLES = tuple(WORDS.split())


@pytest.mark.parametrize("seed", range(6))
def test_property_fitted_text_never_leaves_its_box(
    bold: FontMetrics, regular: FontMetrics, seed: int
) -> None:
    rng = random.Random(seed)
    fitted_any = False
    for _ in range(120):
        font = rng.choice((bold, regular))
        words = [rng.choice(SYLLABLES) for _ in range(rng.randint(1, 14))]
        if rng.random() < 0.2:
            words = ["\u00a0".join(words[:2]), *words[2:]]  # glued words
        text = " ".join(words)
        width = mm(rng.uniform(15, 60))
        height = mm(rng.uniform(4, 25))
        size = rng.choice((8.0, 10.0, 13.0, 18.0))
        min_size = rng.choice((size, size * 0.75, size / 2))
        line_height = rng.choice((1.3, 1.4, 1.8))
        max_lines = rng.choice((None, 1, 2, 3))
        balance = rng.random() < 0.5
        fitted = fit_text(
            text, font, width, height, size, min_size, line_height, max_lines, balance=balance
        )
        if fitted is None:
            continue
        fitted_any = True
        context = (seed, text, width, height, size, min_size, line_height, max_lines, balance)
        assert min_size - 1e-9 <= fitted.size <= size + 1e-9, context
        assert " ".join(fitted.lines) == text, context
        if max_lines is not None:
            assert len(fitted.lines) <= max_lines, context
        for line, line_width in zip(fitted.lines, fitted.widths, strict=True):
            assert line, context
            assert line_width == pytest.approx(font.width(line, fitted.size)), context
            assert line_width <= width + 1e-6, context
        assert block_height(font, fitted.size, len(fitted.lines), line_height) <= height + 1e-6, (
            context
        )
    assert fitted_any


def test_balanced_wrap_keeps_the_line_count_and_evens_the_lines(bold: FontMetrics) -> None:
    text = "Trung tâm Phục vụ hành chính công thành phố Hà Nội"
    width = mm(46)
    plain = fit_text(text, bold, width, mm(12), 9, 9, 1.3)
    balanced = fit_text(text, bold, width, mm(12), 9, 9, 1.3, balance=True)
    assert plain is not None and balanced is not None
    assert len(balanced.lines) == len(plain.lines) == 2
    spread = max(balanced.widths) - min(balanced.widths)
    assert spread <= max(plain.widths) - min(plain.widths) + 1e-6
    assert max(balanced.widths) <= width + 1e-6


def test_two_line_titles_break_where_phrases_meet() -> None:
    # "Tổng hợp" is one word in two syllables: the break goes after the dash instead.

    font = font_metrics(roboto_dir() / "Roboto-Regular.ttf")
    fitted = fit_text(
        "Trưởng phòng Tổng hợp – Hành chính", font, mm(46), mm(10), 8, 6, 1.3, balance=True
    )
    assert fitted is not None
    assert fitted.lines == ("Trưởng phòng Tổng hợp –", "Hành chính")
    # Without a phrase boundary the lines are balanced instead.
    fitted = fit_text(
        "Viên chức hướng dẫn thủ tục hành chính", font, mm(46), mm(10), 8, 6, 1.3, balance=True
    )
    assert fitted is not None and len(fitted.lines) == 2
    assert abs(fitted.widths[0] - fitted.widths[1]) < 12
