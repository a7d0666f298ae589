"""The one text fitter: where a line may break, how far text may shrink to fit its box, and
what happens when even the smallest size will not do. Templates, tables, proof sheets and job
tickets all set their text through it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from brandkit.text.words import VIETNAMESE, Words

# Sizes are tried from the template's size downwards in quarter points: fine enough that a
# name shrinks only as far as it must, coarse enough to keep 2,000 badges fast.
SIZE_STEP = 0.25

MARKS = "/\\_-"
"""The marks a word may break at when breaking at spaces alone does not fit: the separators
of file names, paths and legal references ("15/2025/NQ-HĐND")."""


class Measure(Protocol):
    """What fitting needs of a font: advance widths and the vertical extent in ems (Vietnamese
    stacked marks included). `FontMetrics` is one; the proofs' reportlab face another."""

    @property
    def ascent(self) -> float: ...

    @property
    def descent(self) -> float: ...

    def width(self, text: str, size: float) -> float: ...


@dataclass(frozen=True)
class BreakPolicy:
    """Where a line may break. Always at a newline (a break the text forces) and at an
    ordinary space between two words; never at a no-break space (U+00A0, U+202F, U+2007: a
    designer's promise that two words stay together). Besides:

    - `words`: how spaces are told apart: between two words, or inside one, between two
      syllables ("đơn vị") or a number and its unit ("30.000 đồng"). A space inside a word is
      a place to break only when no size fits otherwise (and `check` warns);
    - `before` / `after`: marks a word may break before (the mark starts the next line) or
      after (the mark ends the line), tried only when breaking at spaces alone does not fit;
    - `glue`: a regular expression matching ordinary spaces that are no place to break either.
    """

    before: str = ""
    after: str = ""
    glue: str = ""
    words: Words = VIETNAMESE

    @property
    def inside_words(self) -> bool:
        return bool(self.before or self.after)


SPACES = BreakPolicy()
"""Break at spaces only: names, titles, addresses."""

# The one policy for marks, wherever text breaks inside a word: before the mark, which then
# starts the next line. A line that ends in "-" reads as a hyphenated word (and pdfium's text
# extraction turns a hyphen at a line's end into a soft hyphen, so a copied file name or
# reference would lose it), while one that starts with "/", "-" or "_" visibly continues the
# line above, as style guides break URLs. A slash of alternatives or units keeps to the word it
# introduces: "đồng/bản" (per copy) breaks as "đồng" / "/bản", never leaving "đồng/" alone.
# Never at a dot: "badges-0" over ".pdf" reads as two names.
MARK_BREAKS = BreakPolicy(before=MARKS)


@dataclass(frozen=True)
class FitPolicy:
    """How text is fitted to its box, beyond its sizes (fixed, or from a size down to a minimum
    in SIZE_STEP steps):

    - `breaks`: where lines may break;
    - `line_height`: baseline to baseline, in ems;
    - `max_lines`: at most this many lines (None: as many as the height allows);
    - `balance`: lines of even length rather than a full first line (centred titles);
    - `ellipsize`: when nothing fits even at the smallest size, never give up: break between
      any two characters and, if that is still more than `max_lines`, shorten the text in the
      middle with "…" (the start and the end of a file name and page say the most).
    """

    breaks: BreakPolicy = SPACES
    line_height: float = 1.2
    max_lines: int | None = None
    balance: bool = False
    ellipsize: bool = False


@dataclass(frozen=True)
class FittedText:
    size: float
    lines: tuple[str, ...]
    widths: tuple[float, ...]
    split: bool = False  # broken inside a word: no size fitted with words kept whole


def block_height(font: Measure, size: float, lines: int, line_height: float) -> float:
    """Height from the top of the tallest mark on the first line to the deepest descender."""
    return (max(lines, 1) - 1) * line_height * size + (font.ascent + font.descent) * size


# --- breaking into lines ---------------------------------------------------------------------

_GLUE = "\ue000"  # a private-use stand-in for a glued space while splitting


@lru_cache(maxsize=16)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _words(text: str, breaks: BreakPolicy, whole: bool = True) -> list[str]:
    """The pieces of one paragraph that a line may not break inside: words (with `whole`), or
    syllables; a glued space never breaks."""
    glued = _compiled(breaks.glue).sub(_GLUE, text) if breaks.glue else text
    pieces = breaks.words.split(glued) if whole else glued.split(" ")
    return [piece.replace(_GLUE, " ") for piece in pieces] if breaks.glue else list(pieces)


def _break_points(breaks: BreakPolicy) -> re.Pattern[str]:
    sides = []
    if breaks.before:
        sides.append(f"(?=[{re.escape(breaks.before)}])")
    if breaks.after:
        sides.append(f"(?<=[{re.escape(breaks.after)}])")
    return _compiled("|".join(sides))


def wrap(
    text: str,
    font: Measure,
    size: float,
    width: float,
    breaks: BreakPolicy = SPACES,
    inside: bool = False,
    whole: bool = True,
) -> list[str] | None:
    """Greedy wrap of one paragraph between words (`whole`) or syllables (and, when `inside`,
    also at the policy's marks inside them); None if a piece that cannot be broken is wider
    than `width`."""
    points = _break_points(breaks) if inside and breaks.inside_words else None
    space = font.width(" ", size)
    lines: list[str] = []
    current = ""
    current_width = 0.0
    for word in _words(text, breaks, whole):
        # A word joins its line after a space; the pieces it breaks into, with nothing between.
        gap, joint = space, " "
        for piece in (word,) if points is None else [p for p in points.split(word) if p]:
            piece_width = font.width(piece, size)
            if piece_width > width:
                return None
            if not current:
                current, current_width = piece, piece_width
            elif current_width + gap + piece_width <= width:
                current += joint + piece
                current_width += gap + piece_width
            else:
                lines.append(current)
                current, current_width = piece, piece_width
            gap, joint = 0.0, ""
    lines.append(current)
    return lines


def _fits(lines: list[str], font: Measure, size: float, policy: FitPolicy, height: float) -> bool:
    if policy.max_lines is not None and len(lines) > policy.max_lines:
        return False
    return block_height(font, size, len(lines), policy.line_height) <= height + 1e-6


def break_lines(
    text: str,
    font: Measure,
    size: float,
    width: float,
    policy: FitPolicy = FitPolicy(),
    height: float = math.inf,
) -> list[str] | None:
    """`text` broken into lines no wider than `width` at `size` (within the policy's lines and
    `height`): between words if that will do, else between syllables too; or None."""
    for whole in (True, False):
        lines = _break(text, font, size, width, policy, height, whole)
        if lines is not None:
            return lines
    return None


def _break(
    text: str,
    font: Measure,
    size: float,
    width: float,
    policy: FitPolicy,
    height: float,
    whole: bool,
) -> list[str] | None:
    """Each paragraph (a newline forces a break) wrapped at spaces between words (`whole`) or
    syllables, else also at the policy's marks; None if the lines do not fit."""
    breaks = policy.breaks
    for inside in (False, True) if breaks.inside_words else (False,):
        lines: list[str] | None = []
        for paragraph in text.split("\n"):
            wrapped = wrap(paragraph, font, size, width, breaks, inside, whole)
            if wrapped is None or lines is None:
                lines = None
                break
            lines += wrapped
        if lines is not None and _fits(lines, font, size, policy, height):
            return lines
    return None


def break_anywhere(
    text: str, font: Measure, size: float, width: float, breaks: BreakPolicy
) -> list[str]:
    """Break between any two characters: the last resort for a string with no usable break
    that must fit. The policy's marks still keep their side of the break."""
    lines: list[str] = []
    current = ""
    for char in text:
        if current and font.width(current + char, size) > width:
            carried = ""
            if len(current) > 1 and (current[-1] in breaks.before or char in breaks.after):
                # A mark that starts a line moves down with its word; one that ends a line
                # does not start the next.
                current, carried = current[:-1], current[-1]
            lines.append(current.rstrip(" "))
            current = carried + ("" if char == " " and not carried else char)
        else:
            current += char
    lines.append(current)
    return lines


# --- fitting ---------------------------------------------------------------------------------


def sizes_to_try(size: float, min_size: float) -> list[float]:
    """`size` down to `min_size` in SIZE_STEP steps, `min_size` last (never below it)."""
    steps = max(0, math.floor((size - min_size) / SIZE_STEP + 1e-9))
    sizes = [size - i * SIZE_STEP for i in range(steps + 1)]
    if sizes[-1] > min_size + 1e-9:
        sizes.append(min_size)
    return sizes


def fit(
    text: str,
    font: Measure,
    width: float,
    size: float,
    policy: FitPolicy = FitPolicy(),
    *,
    min_size: float | None = None,
    height: float = math.inf,
) -> FittedText | None:
    """The largest size in [min_size, size] (just `size` without a minimum) at which `text`
    fits `width` × `height` under `policy`; None if it fits at none (never with `ellipsize`)."""
    smallest = size if min_size is None else min_size
    first_line = block_height(font, 1.0, 1, policy.line_height)
    # Words are kept whole at every size before any is broken between its syllables.
    for whole in (True, False):
        for candidate in sizes_to_try(size, smallest):
            if first_line * candidate > height + 1e-6:
                continue
            lines = _break(text, font, candidate, width, policy, height, whole)
            if lines is not None:
                if policy.balance and len(lines) > 1:
                    lines = _balanced_paragraphs(text, font, candidate, width, lines, policy, whole)
                return _fitted(lines, font, candidate, split=not whole)
    if policy.ellipsize:
        lines = _ellipsized(text, font, smallest, width, policy, height)
        return _fitted(lines, font, smallest, split=True)
    return None


def _fitted(lines: list[str], font: Measure, size: float, split: bool = False) -> FittedText:
    widths = tuple(font.width(line, size) for line in lines)
    return FittedText(size, tuple(lines), widths, split)


def _balanced_paragraphs(
    text: str,
    font: Measure,
    size: float,
    width: float,
    lines: list[str],
    policy: FitPolicy,
    whole: bool,
) -> list[str]:
    """Each paragraph of `text` balanced over as many lines as the greedy wrap gave it."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        count = len(wrap(paragraph, font, size, width, policy.breaks, False, whole) or [])
        if count > 1:
            out += balanced(paragraph, font, size, width, count, policy.breaks, whole)
        else:
            out.append(paragraph)
    return out if len(out) == len(lines) else lines


def _ellipsized(
    text: str,
    font: Measure,
    size: float,
    width: float,
    policy: FitPolicy,
    height: float,
) -> list[str]:
    lines = break_anywhere(text, font, size, width, policy.breaks)
    if _fits(lines, font, size, policy, height):
        return lines

    def shortened(keep: int) -> list[str]:
        head, tail = text[: (keep + 1) // 2], text[len(text) - keep // 2 :]
        return break_anywhere(head.rstrip() + "…" + tail.lstrip(), font, size, width, policy.breaks)

    # The most characters kept that still fit: bisection, as a label may be any length.
    low, high = 0, len(text) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if _fits(shortened(middle), font, size, policy, height):
            low = middle
        else:
            high = middle - 1
    return shortened(low)


def fit_text(
    text: str,
    font: Measure,
    width: float,
    height: float,
    size: float,
    min_size: float,
    line_height: float,
    max_lines: int | None = None,
    balance: bool = False,
    words: Words = VIETNAMESE,
) -> FittedText | None:
    """The largest size in [min_size, size] at which `text` fits the box between words (else
    between syllables), or None: a template's text element (see `fit` for other policies)."""
    policy = _template_policy(line_height, max_lines, balance, words)
    return fit(text, font, width, size, policy, min_size=min_size, height=height)


@lru_cache(maxsize=256)
def _template_policy(
    line_height: float, max_lines: int | None, balance: bool, words: Words
) -> FitPolicy:
    return FitPolicy(BreakPolicy(words=words), line_height, max_lines, balance)  # made once


# --- balancing -------------------------------------------------------------------------------


def balanced(
    text: str,
    font: Measure,
    size: float,
    width: float,
    count: int,
    breaks: BreakPolicy = SPACES,
    whole: bool = True,
) -> list[str]:
    """The wrap of one paragraph into `count` lines with the narrowest measure: no lonely last
    word under a long line, as a typesetter would break a centred title by hand."""
    words = _words(text, breaks, whole)
    low = max(font.width(word, size) for word in words)
    high = width
    best = wrap(text, font, size, width, breaks, whole=whole) or [text]
    for _ in range(16):  # bisection to well under a hundredth of a point
        middle = (low + high) / 2
        lines = wrap(text, font, size, middle, breaks, whole=whole)
        if lines is not None and len(lines) <= count:
            best, high = lines, middle
        else:
            low = middle
    if count == 2:
        return _phrase_break(words, font, size, width) or best
    return best


# A two-line title reads best broken where its phrases meet: after a dash or a comma
# ("Công chức Tư pháp – / Hộ tịch"), not inside a word pair such as "Tổng hợp".
_PHRASE_ENDS = ("–", "—", "-", ",", ";", ":")


def _phrase_break(words: list[str], font: Measure, size: float, width: float) -> list[str] | None:
    """The most even split of `words` into two lines at a phrase boundary, if one fits."""
    best: tuple[float, list[str]] | None = None
    for i in range(1, len(words)):
        if not words[i - 1].endswith(_PHRASE_ENDS):
            continue
        first, second = " ".join(words[:i]), " ".join(words[i:])
        widest = max(font.width(first, size), font.width(second, size))
        if widest <= width and (best is None or widest < best[0]):
            best = (widest, [first, second])
    return best[1] if best else None
