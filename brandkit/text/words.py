"""Vietnamese words for line breaking.

Vietnamese writes a space between the syllables of a word ("hành chính", "đơn vị"), so a space
is not a word boundary: a line broken between "đơn" and "vị" reads as a mistake. `Words.split`
groups a text's space-separated pieces into words, which the text fitter keeps whole when a
break between words fits:

- **the dictionary**: the words of two to six syllables of underthesea's Viet74K word list
  (Apache-2.0; `scripts/make_vi_words.py` regenerates `vi-words.txt.gz` from its PyPI wheel),
  matched without regard to case or to where the tone mark sits ("ủy" = "uỷ"); proper names
  in it ("Tây Hồ") only where the text writes them with capitals;
- **the spec's own terms** (`typography.keep:`), which win over the dictionary;
- **numbers and their units**: "30.000 đồng", "05 ngày làm việc", "Quầy 3", "Chi nhánh số 3",
  "Bảng 2/3";
- **dashes**: a spaced dash stays at the end of the line before it (a line never starts with
  "–").

A text is cut into the fewest words (dynamic programming over the pieces), preferring the
longest first word on a tie, as a reader groups syllables.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MAX_SYLLABLES = 6
"""The longest dictionary word, in syllables (longer entries are proverbs)."""

# Where the tone mark of "oa", "oe" and "uy" sits at the end of a syllable differs between the
# newer spelling ("hòa", "thủy") and the older one of the word list ("hoà", "thuỷ").
_OLD_STYLE = {
    new: old
    for vowels in ("oa", "oe", "uy")
    for tone in "\u0300\u0301\u0309\u0303\u0323"
    for new, old in [
        (
            unicodedata.normalize("NFC", vowels[0] + tone + vowels[1]),
            unicodedata.normalize("NFC", vowels + tone),
        )
    ]
}
_NEW_STYLE = re.compile(f"(?:{'|'.join(_OLD_STYLE)})(?!\\w)")

# Punctuation that ends a word where it follows the syllable ("vị," "vụ.") or starts one
# where it precedes it ("(Bảng"). A word never runs across it.
_CLOSING = ".,;:!?)]}»”’…"
_OPENING = "([{«“‘"
_DASHES = ("–", "—", "-")

_NUMBER = re.compile(r"[0-9][0-9.,:/hH–-]*%?")
UNITS = frozenset({
    "đồng", "đ", "vnđ", "ngày", "tháng", "năm", "giờ", "phút", "giây", "tuần", "người", "bản",
    "trang", "lần", "bộ", "tờ", "quyển", "cuốn", "hồ", "triệu", "nghìn", "ngàn", "tỷ", "tỉ",
    "km", "m", "cm", "mm", "kg", "g", "m²", "ha", "%", "quầy", "phòng", "tầng",
})  # fmt: skip
"""What a number is counted in: it stays with the number after it ("30.000 đồng", also
"30.000 đồng/bản")."""
LABELS = frozenset({
    "số", "quầy", "bảng", "trang", "phòng", "tầng", "điều", "khoản", "mục", "chương", "tổ", "lô",
    "khu",
})  # fmt: skip
"""What a number is the number of: it stays with the number after it ("Quầy 3", "số 3")."""
QUALIFIED = {"ngày": ("làm", "việc"), "giờ": ("làm", "việc")}
"""Units whose qualifying words stay with them: "05 ngày làm việc"."""


def syllable_key(text: str) -> str:
    """A syllable (or a run of them) as the dictionary looks it up: lower case, NFC, the tone
    mark where the older spelling of the word list puts it ("Ủy", "uỷ" → "uỷ"; "hòa" → "hoà")."""
    return _NEW_STYLE.sub(
        lambda m: _OLD_STYLE[m.group(0)], unicodedata.normalize("NFC", text.lower())
    )


def _bare(piece: str) -> str:
    return piece.strip(_CLOSING + _OPENING + "\"'")


def _capitalised(piece: str) -> bool:
    bare = _bare(piece)
    return bool(bare) and bare[0].isupper()


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[bytes], frozenset[bytes]]:
    """(common words, proper names), each as space-joined syllable keys in UTF-8 (half the
    memory of the strings: every process that sets text holds the 63,000 of them)."""
    data = resources.files("brandkit.text").joinpath("vi-words.txt.gz").read_bytes()
    text = gzip.decompress(data).decode("utf-8")
    lines = text.splitlines()
    keys = syllable_key(text).encode("utf-8").splitlines()  # one pass over the list
    common = frozenset(k for k, line in zip(keys, lines, strict=True) if line == line.lower())
    return common, frozenset(keys) - common


@dataclass(frozen=True)
class Words:
    """How a text is cut into words: the dictionary plus `keep`, the spec's own terms."""

    keep: tuple[str, ...] = ()

    def split(self, text: str) -> tuple[str, ...]:
        """`text` (one line's worth: no newline) as its words, each a run of pieces joined by
        the spaces inside it; ordinary spaces between them are where lines may break."""
        return _split(text, self.keep)


VIETNAMESE = Words()
"""The dictionary alone."""


@lru_cache(maxsize=8)
def _keep_keys(keep: tuple[str, ...]) -> frozenset[str]:
    return frozenset(
        " ".join(syllable_key(_bare(s)) for s in term.split()) for term in keep if " " in term
    )


@lru_cache(maxsize=65536)
def _split(text: str, keep: tuple[str, ...]) -> tuple[str, ...]:
    pieces = text.split(" ")
    if len(pieces) < 2:
        return (text,)
    joined = _joins(pieces, keep)
    words: list[str] = []
    for piece, join in zip(pieces, [False, *joined], strict=True):
        if join:
            words[-1] += " " + piece
        else:
            words.append(piece)
    return tuple(words)


def _joins(pieces: list[str], keep: tuple[str, ...]) -> list[bool]:
    """For each space between pieces, whether it is inside a word."""
    joins = _dictionary_joins(pieces, keep)
    for i, piece in enumerate(pieces):
        if _NUMBER.fullmatch(_bare(piece)):
            _number_joins(pieces, i, joins)
        if piece in _DASHES and i:
            joins[i - 1] = True  # the dash ends the line before it
    return joins


def _number_joins(pieces: list[str], i: int, joins: list[bool]) -> None:
    """Glue the number at `i` to its label before it and its unit (and qualifier) after it."""
    before = _bare(pieces[i - 1]).lower() if i else ""
    if before in LABELS and not pieces[i - 1].endswith(tuple(_CLOSING)):
        joins[i - 1] = True
        if before == "số" and i >= 2 and not pieces[i - 2].endswith(tuple(_CLOSING)):
            joins[i - 2] = True  # "Chi nhánh số 3": the noun stays with its number
    if i + 1 >= len(pieces) or pieces[i].endswith(tuple(_CLOSING)):
        return
    unit = _bare(pieces[i + 1]).lower().split("/")[0]
    if unit in UNITS:
        joins[i] = True
        qualifier = QUALIFIED.get(unit)
        after = [_bare(p).lower() for p in pieces[i + 2 : i + 2 + len(qualifier or ())]]
        if qualifier and tuple(after) == qualifier and not pieces[i + 1].endswith(tuple(_CLOSING)):
            for k in range(len(qualifier)):
                joins[i + 1 + k] = True


def _dictionary_joins(pieces: list[str], keep: tuple[str, ...]) -> list[bool]:
    """The fewest words covering `pieces` (longest first word on a tie), as joins."""
    common, proper = _dictionary()
    kept = _keep_keys(keep)
    keys = [syllable_key(_bare(p)) for p in pieces]
    upper = all(p == p.upper() for p in pieces)
    count = len(pieces)
    longest = max([MAX_SYLLABLES, *(k.count(" ") + 1 for k in kept)])
    best: list[tuple[int, int]] = [(0, 0)] * (count + 1)  # (words to the end, first word size)
    for start in range(count - 1, -1, -1):
        choice = (best[start + 1][0] + 1, 1)
        for size in range(2, min(longest, count - start) + 1):
            end = start + size
            if _barrier(pieces, start, end):
                break
            key = " ".join(keys[start:end])
            data = key.encode("utf-8")
            known = key in kept or data in common
            if best[end][0] + 1 > choice[0]:
                continue  # a longer word that makes more words in all
            if known or (data in proper and _proper(pieces, start, end, upper)):
                choice = (best[end][0] + 1, size)
        best[start] = choice
    joins = [False] * (count - 1)
    start = 0
    while start < count:
        size = best[start][1]
        for k in range(start, start + size - 1):
            joins[k] = True
        start += size
    return joins


def _barrier(pieces: list[str], start: int, end: int) -> bool:
    """Whether punctuation inside pieces[start:end] stops a word spanning them."""
    inner = pieces[start:end]
    if any(p.endswith(tuple(_CLOSING)) for p in inner[:-1]):
        return True
    if any(p.startswith(tuple(_OPENING)) for p in inner[1:]):
        return True
    return any(not _bare(p) or _bare(p) in _DASHES for p in inner)


def _proper(pieces: list[str], start: int, end: int, upper: bool) -> bool:
    """A proper name matches where the text writes its syllables with capitals (or the whole
    text is in capitals, which hides them)."""
    return upper or all(_capitalised(p) for p in pieces[start:end])
