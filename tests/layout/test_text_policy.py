"""The one text fitter's knobs: each changes the fit in the way it promises.

`BreakPolicy` says where a line may break (spaces only; before or after marks; spaces glued
shut), `FitPolicy` how text is fitted (line height, most lines, balance, ellipsis), and the
sizes tried run from a size down to a minimum, or stay at one size. The slash policy shared by
tables, proof sheets and job tickets: a line breaks before "/", "\\", "_" and "-", so the mark
starts the next line and no line ends in one.
"""

from __future__ import annotations

import itertools

import pytest

from brandkit.fonts import FontMetrics, font_metrics, roboto_dir
from brandkit.layout.text import (
    MARK_BREAKS,
    MARKS,
    SIZE_STEP,
    SPACES,
    BreakPolicy,
    FitPolicy,
    block_height,
    break_anywhere,
    break_lines,
    fit,
    fit_text,
    sizes_to_try,
    wrap,
)
from brandkit.units import mm

REFERENCE = "15/2025/NQ-HĐND-TP"


@pytest.fixture(scope="module")
def font() -> FontMetrics:
    return font_metrics(roboto_dir() / "Roboto-Regular.ttf")


def width_of(font: FontMetrics, text: str, size: float = 10) -> float:
    return font.width(text, size)


# --- where a line may break ------------------------------------------------------------------


def test_spaces_only_gives_up_on_a_word_wider_than_the_line(font: FontMetrics) -> None:
    narrow = width_of(font, "15/2025/NQ")
    assert break_lines(REFERENCE, font, 10, narrow, FitPolicy(SPACES)) is None


@pytest.mark.parametrize(
    ("breaks", "lines"),
    [
        (BreakPolicy(before="/-"), ["15/2025", "/NQ-HĐND", "-TP"]),
        (BreakPolicy(after="/-"), ["15/2025/", "NQ-HĐND-", "TP"]),
    ],
)
def test_marks_break_on_the_side_the_policy_says(
    font: FontMetrics, breaks: BreakPolicy, lines: list[str]
) -> None:
    width = width_of(font, "/NQ-HĐND-") - 0.01  # room for "NQ-HĐND" and its mark, no more
    assert break_lines(REFERENCE, font, 10, width, FitPolicy(breaks)) == lines


def test_marks_are_only_tried_when_spaces_will_not_do(font: FontMetrics) -> None:
    text = "Lệ phí 15/2025/NQ-HĐND"
    wide = width_of(font, text) + 1
    assert break_lines(text, font, 10, wide, FitPolicy(MARK_BREAKS)) == [text]
    spaced = width_of(font, "15/2025/NQ-HĐND") + 1
    assert break_lines(text, font, 10, spaced, FitPolicy(MARK_BREAKS)) == [
        "Lệ phí",
        "15/2025/NQ-HĐND",
    ]


def test_the_slash_policy_keeps_a_slash_with_the_word_it_introduces(font: FontMetrics) -> None:
    # "đồng/bản" is "per copy": broken, the slash starts the next line with its unit.
    text = "50.000đồng/bản"
    width = width_of(font, "50.000đồng/") - 0.01
    lines = break_lines(text, font, 10, width, FitPolicy(MARK_BREAKS))
    assert lines == ["50.000đồng", "/bản"]
    assert MARK_BREAKS.before == MARKS and not MARK_BREAKS.after


@pytest.mark.parametrize("width_mm", [12, 15, 20, 25, 30])
def test_no_line_ends_in_a_mark_under_the_shared_policy(font: FontMetrics, width_mm: float) -> None:
    text = "signs/trung-tam-bien-hieu_ngoai-troi/15/2025/NQ-HĐND-TP.pdf"
    lines = break_lines(text, font, 7, mm(width_mm), FitPolicy(MARK_BREAKS))
    assert lines is not None and len(lines) > 1
    assert "".join(lines) == text
    assert not any(line[-1] in MARKS for line in lines)
    assert all(line[0] in MARKS for line in lines[1:])
    assert all(font.width(line, 7) <= mm(width_mm) + 1e-9 for line in lines)


def test_glued_spaces_are_no_place_to_break(font: FontMetrics) -> None:
    text = "54 × 85,6 mm"
    width = width_of(font, "54 × 85,6") + 0.01
    # A number keeps its unit ("85,6 mm") by itself; a policy's glue keeps more together.
    assert wrap(text, font, 10, width) == ["54 ×", "85,6 mm"]
    assert wrap(text, font, 10, width, whole=False) == ["54 × 85,6", "mm"]
    glued = BreakPolicy(glue=r"(?<=54) ")
    assert wrap(text, font, 10, width_of(font, "54 ×") + 0.01, glued) is None
    assert wrap(text, font, 10, width_of(font, "54 × 85,6 mm") + 0.01, glued) == [text]


def test_a_no_break_space_is_never_a_break(font: FontMetrics) -> None:
    text = "Phường\u00a0Tây\u00a0Hồ"
    for policy in (SPACES, MARK_BREAKS):
        assert wrap(text, font, 10, width_of(font, "Phường Tây"), policy, inside=True) is None


def test_breaking_anywhere_keeps_marks_on_their_side(font: FontMetrics) -> None:
    text = "abcdefgh/ijklmnop"
    width = width_of(font, "abcdefgh") + 0.01
    before = break_anywhere(text, font, 10, width, BreakPolicy(before="/"))
    assert before == ["abcdefgh", "/ijklmno", "p"]
    after = break_anywhere(text, font, 10, width, BreakPolicy(after="/"))
    assert all(not line.startswith("/") for line in after)
    assert "".join(after) == text


# --- how text is fitted ----------------------------------------------------------------------


def test_a_fixed_size_does_not_shrink_and_a_minimum_does(font: FontMetrics) -> None:
    text = "Trung tâm Phục vụ hành chính công"
    width = width_of(font, text, 9)
    one_line = FitPolicy(max_lines=1)
    assert fit(text, font, width, 10, one_line) is None  # one size only
    fitted = fit(text, font, width, 10, one_line, min_size=8)
    assert fitted is not None and fitted.size == 9 and fitted.lines == (text,)


def test_max_lines_shrinks_rather_than_add_a_line(font: FontMetrics) -> None:
    text = "Trung tâm Phục vụ hành chính công thành phố Hà Nội"
    width = width_of(font, text, 10) / 2
    free = fit(text, font, width, 10, min_size=5)
    assert free is not None and free.size == 10 and len(free.lines) >= 2
    one = fit(text, font, width, 10, FitPolicy(max_lines=1), min_size=5)
    assert one is not None and len(one.lines) == 1 and one.size < 10


def test_line_height_counts_against_the_height(font: FontMetrics) -> None:
    text = "Trung tâm Phục vụ hành chính công thành phố Hà Nội"
    width = width_of(font, text, 10) / 2
    height = block_height(font, 10, 3, 1.2)
    tight = fit(text, font, width, 10, FitPolicy(line_height=1.2), min_size=5, height=height)
    loose = fit(text, font, width, 10, FitPolicy(line_height=2.0), min_size=5, height=height)
    assert tight is not None and loose is not None
    assert loose.size < tight.size


def test_balance_evens_the_lines(font: FontMetrics) -> None:
    text = "Bộ phận Tiếp nhận và Trả kết quả giải quyết thủ tục hành chính"
    width = width_of(font, text, 10) * 0.7
    plain = fit(text, font, width, 10)
    even = fit(text, font, width, 10, FitPolicy(balance=True))
    assert plain is not None and even is not None
    assert len(plain.lines) == len(even.lines) == 2
    assert max(even.widths) - min(even.widths) < max(plain.widths) - min(plain.widths)


def test_ellipsize_never_gives_up_and_keeps_both_ends(font: FontMetrics) -> None:
    text = "stationery/phuong-tay-ho-giay-moi-hoi-nghi-tong-ket-cuoi-nam.pdf · trang 12"
    width = mm(30)
    policy = FitPolicy(MARK_BREAKS, max_lines=2)
    assert fit(text, font, width, 7.5, policy, min_size=5.5) is None
    short = fit(text, font, width, 7.5, FitPolicy(MARK_BREAKS, max_lines=2, ellipsize=True),
                min_size=5.5)  # fmt: skip
    assert short is not None and short.size == 5.5 and len(short.lines) == 2
    joined = "".join(short.lines)
    assert "…" in joined and joined.startswith("stationery") and joined.endswith("trang 12")
    assert all(w <= width + 1e-9 for w in short.widths)


def test_sizes_run_down_to_the_minimum_and_never_below() -> None:
    assert sizes_to_try(10, 9) == [10, 9.75, 9.5, 9.25, 9]
    assert sizes_to_try(10, 9.8) == [10, 9.8]  # not 9.75, under the minimum
    assert sizes_to_try(10, 10) == [10]
    sizes = sizes_to_try(13, 8)
    assert [a - b for a, b in itertools.pairwise(sizes)] == [SIZE_STEP] * 20


def test_fit_text_is_the_templates_policy(font: FontMetrics) -> None:
    text = "Công Tôn Nữ Thị Hoàng Phương Thảo Nguyên"
    args = (text, font, mm(30), mm(12))
    via_policy = fit(*args[:3], 13, FitPolicy(SPACES, 1.3, 2, True), min_size=8, height=args[3])
    assert fit_text(*args, 13, 8, 1.3, 2, balance=True) == via_policy
