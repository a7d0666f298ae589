"""Vietnamese line breaking: lines break between words, never between two syllables of one
word ("đơn / vị") when a break between words fits; numbers keep their units and labels; a
text may force a break; the spec adds its own terms."""

from __future__ import annotations

import pytest

from brandkit.fonts import FontMetrics, font_metrics, roboto_dir
from brandkit.layout.text import BreakPolicy, FitPolicy, fit, fit_text, wrap
from brandkit.text.words import VIETNAMESE, Words, syllable_key
from brandkit.units import mm


@pytest.fixture(scope="module")
def regular() -> FontMetrics:
    return font_metrics(roboto_dir() / "Roboto-Regular.ttf")


@pytest.fixture(scope="module")
def bold() -> FontMetrics:
    return font_metrics(roboto_dir() / "Roboto-Bold.ttf")


# Texts of the sample's pieces that were broken inside a word, with the words that must stay
# whole. Widths run from a little more than the longest word to the whole text.
KEPT = [
    ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", ["TRUNG TÂM", "PHỤC VỤ", "HÀNH CHÍNH"]),
    ("Lao động – Thương binh và Xã hội", ["Lao động –", "Thương binh", "Xã hội"]),
    (
        "Thẻ dùng khi thi hành công vụ. Nếu nhặt được, xin gửi lại đơn vị hoặc gọi đường dây nóng.",
        ["thi hành", "công vụ.", "đơn vị"],
    ),
    ("Xây dựng – Quy hoạch – Kiến trúc", ["Xây dựng –", "Quy hoạch –", "Kiến trúc"]),
    ("Bộ phận tiếp nhận và trả kết quả", ["Bộ phận", "tiếp nhận", "kết quả"]),
    ("Cấp giấy chứng nhận quyền sử dụng đất", ["giấy chứng nhận", "sử dụng"]),
    ("Lệ phí 30.000 đồng, phí thẩm định 10.000 đồng/bản", ["30.000 đồng,", "10.000 đồng/bản"]),
    ("Giải quyết trong 05 ngày làm việc", ["05 ngày làm việc", "Giải quyết"]),
    ("Biển tên Chi nhánh số 3, Quầy 3", ["Chi nhánh số 3,", "Quầy 3"]),
    ("ỦY BAN NHÂN DÂN PHƯỜNG TÂY HỒ", ["ỦY BAN NHÂN DÂN", "TÂY HỒ"]),
]


def _inside(lines: list[str], word: str) -> bool:
    """Whether `word` is broken across two lines."""
    joined = "\n".join(lines)
    return word not in joined and word in joined.replace("\n", " ")


@pytest.mark.parametrize(("text", "words"), KEPT)
def test_words_stay_whole_at_every_width_where_a_word_break_fits(
    regular: FontMetrics, text: str, words: list[str]
) -> None:
    size = 10.0
    pieces = VIETNAMESE.split(text)
    for word in words:
        assert word in pieces, f"{word!r} is not one word of {pieces}"
    widest = max(regular.width(p, size) for p in pieces)
    for step in range(12):
        width = widest + step * (regular.width(text, size) - widest) / 11 + 0.01
        lines = wrap(text, regular, size, width)
        assert lines is not None
        assert " ".join(lines) == text
        assert all(regular.width(line, size) <= width + 1e-9 for line in lines)
        broken = [w for w in words if _inside(lines, w)]
        assert not broken, f"{broken} broken at {width:.1f} pt: {lines}"


def test_a_word_is_broken_between_syllables_only_when_nothing_else_fits(
    bold: FontMetrics,
) -> None:
    text = "hành chính"
    narrow = bold.width("hành", 10) + 0.5  # the word is wider than the box at every size
    fitted = fit_text(text, bold, narrow, mm(20), 10, 9, 1.3)
    assert fitted is not None and fitted.split
    assert fitted.lines == ("hành", "chính")
    # With room for the word at a smaller size, it shrinks instead of breaking.
    roomy = bold.width("hành chính", 9) + 0.5
    fitted = fit_text(text, bold, roomy, mm(20), 10, 9, 1.3)
    assert fitted is not None and not fitted.split
    assert fitted.lines == ("hành chính",) and fitted.size < 10


def test_a_newline_forces_a_break(regular: FontMetrics) -> None:
    text = "ỦY BAN NHÂN DÂN PHƯỜNG TÂY HỒ\nĐIỂM TIẾP NHẬN"
    fitted = fit_text(text, regular, mm(200), mm(30), 10, 10, 1.3)
    assert fitted is not None
    assert fitted.lines == ("ỦY BAN NHÂN DÂN PHƯỜNG TÂY HỒ", "ĐIỂM TIẾP NHẬN")
    # Each paragraph still wraps, and the block counts every line against the box.
    narrow = regular.width("ỦY BAN NHÂN DÂN", 10) + 1
    fitted = fit_text(text, regular, narrow, mm(30), 10, 10, 1.3)
    assert fitted is not None
    assert fitted.lines == ("ỦY BAN NHÂN DÂN", "PHƯỜNG TÂY HỒ", "ĐIỂM TIẾP NHẬN")
    two_lines = regular.ascent * 10 + regular.descent * 10 + 1.3 * 10 + 0.01
    assert fit_text(text, regular, narrow, two_lines, 10, 10, 1.3) is None


def test_a_no_break_space_keeps_two_words_together(regular: FontMetrics) -> None:
    text = "Đường dây nóng\u00a01022"
    width = regular.width("Đường dây nóng", 10) + 1
    assert wrap(text.replace("\u00a0", " "), regular, 10, width) == ["Đường dây nóng", "1022"]
    assert wrap(text, regular, 10, width) == ["Đường dây", "nóng\u00a01022"]


def test_the_specs_terms_are_kept_whole(regular: FontMetrics) -> None:
    text = "Trung tâm Phục vụ hành chính công"
    width = regular.width("Trung tâm Phục vụ hành chính", 10) + 0.5
    assert wrap(text, regular, 10, width) == ["Trung tâm Phục vụ hành chính", "công"]
    kept = wrap(text, regular, 10, width, BreakPolicy(words=Words(("hành chính công",))))
    assert kept == ["Trung tâm Phục vụ", "hành chính công"]


def test_balanced_titles_keep_words_whole(bold: FontMetrics) -> None:
    text = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG THÀNH PHỐ HÀ NỘI"
    width = bold.width(text, 10) * 0.6
    fitted = fit(text, bold, width, 10, FitPolicy(balance=True), min_size=10)
    assert fitted is not None and len(fitted.lines) == 2
    for word in ("PHỤC VỤ", "HÀNH CHÍNH", "THÀNH PHỐ", "HÀ NỘI"):
        assert not _inside(list(fitted.lines), word)


def test_tone_placement_and_case_do_not_matter() -> None:
    assert syllable_key("Ủy") == syllable_key("uỷ")
    assert syllable_key("HÒA") == syllable_key("hoà")
    assert VIETNAMESE.split("Ủy ban nhân dân") == ("Ủy ban nhân dân",)
    assert VIETNAMESE.split("UỶ BAN NHÂN DÂN") == ("UỶ BAN NHÂN DÂN",)


def test_proper_names_match_only_where_written_as_names() -> None:
    # "Chính Công" is a place; in "hành chính công" the words are "hành chính" and "công".
    assert VIETNAMESE.split("hành chính công") == ("hành chính", "công")
    assert "Tây Hồ" in VIETNAMESE.split("Phường Tây Hồ")
