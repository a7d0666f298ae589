"""Fitting text into a box: wrap at spaces, then shrink step by step down to a minimum size."""

from __future__ import annotations

from dataclasses import dataclass

from brandkit.fonts import FontMetrics

# Sizes are tried from the template's size downwards in quarter points: fine enough that a
# name shrinks only as far as it must, coarse enough to keep 2,000 badges fast.
SIZE_STEP = 0.25


@dataclass(frozen=True)
class FittedText:
    size: float
    lines: tuple[str, ...]
    widths: tuple[float, ...]


def wrap(text: str, font: FontMetrics, size: float, width: float) -> list[str] | None:
    """Greedy wrap at ordinary spaces (never at no-break spaces); None if a word is too wide."""
    words = text.split(" ")
    space = font.width(" ", size)
    lines: list[str] = []
    current = ""
    current_width = 0.0
    for word in words:
        word_width = font.width(word, size)
        if word_width > width:
            return None
        if not current:
            current, current_width = word, word_width
        elif current_width + space + word_width <= width:
            current += " " + word
            current_width += space + word_width
        else:
            lines.append(current)
            current, current_width = word, word_width
    lines.append(current)
    return lines


def block_height(font: FontMetrics, size: float, lines: int, line_height: float) -> float:
    """Height from the top of the tallest mark on the first line to the deepest descender."""
    return (lines - 1) * line_height * size + (font.ascent + font.descent) * size


def fit_text(
    text: str,
    font: FontMetrics,
    width: float,
    height: float,
    size: float,
    min_size: float,
    line_height: float,
    max_lines: int | None = None,
    balance: bool = False,
) -> FittedText | None:
    """The largest size in [min_size, size] at which `text` fits the box, or None."""
    steps = round((size - min_size) / SIZE_STEP + 1e-9)
    candidates = [size - i * SIZE_STEP for i in range(steps + 1)]
    if not candidates or abs(candidates[-1] - min_size) > 1e-9:
        candidates.append(min_size)
    for candidate in candidates:
        if block_height(font, candidate, 1, line_height) > height + 1e-6:
            continue
        lines = wrap(text, font, candidate, width)
        if lines is None:
            continue
        if max_lines is not None and len(lines) > max_lines:
            continue
        if block_height(font, candidate, len(lines), line_height) <= height + 1e-6:
            if balance and len(lines) > 1:
                lines = balanced(text, font, candidate, width, len(lines))
            widths = tuple(font.width(line, candidate) for line in lines)
            return FittedText(candidate, tuple(lines), widths)
    return None


def balanced(text: str, font: FontMetrics, size: float, width: float, count: int) -> list[str]:
    """The wrap into `count` lines with the narrowest measure: no lonely last word under a
    long line, as a typesetter would break a centred title by hand."""
    low = max(font.width(word, size) for word in text.split(" "))
    high = width
    best = wrap(text, font, size, width) or [text]
    for _ in range(16):  # bisection to well under a hundredth of a point
        middle = (low + high) / 2
        lines = wrap(text, font, size, middle)
        if lines is not None and len(lines) <= count:
            best, high = lines, middle
        else:
            low = middle
    if count == 2:
        return _phrase_break(text, font, size, width) or best
    return best


# A two-line title reads best broken where its phrases meet: after a dash or a comma
# ("Công chức Tư pháp – / Hộ tịch"), not inside a word pair such as "Tổng hợp".
_PHRASE_ENDS = ("–", "—", "-", ",", ";", ":")


def _phrase_break(text: str, font: FontMetrics, size: float, width: float) -> list[str] | None:
    """The most even split of `text` into two lines at a phrase boundary, if one fits."""
    words = text.split(" ")
    best: tuple[float, list[str]] | None = None
    for i in range(1, len(words)):
        if not words[i - 1].endswith(_PHRASE_ENDS):
            continue
        first, second = " ".join(words[:i]), " ".join(words[i:])
        widest = max(font.width(first, size), font.width(second, size))
        if widest <= width and (best is None or widest < best[0]):
            best = (widest, [first, second])
    return best[1] if best else None
