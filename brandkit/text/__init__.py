"""Text normalisation applied to every string on its way in: NFC and collapsed whitespace."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Collapse ordinary whitespace only: a no-break space (U+00A0, U+202F, U+2007) is a designer's
# promise that two words stay together, so it survives and is never a line-break opportunity.
_SPACES = re.compile(r"[ \t\r\n\f\v\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalise_text(value: str, breaks: bool = False) -> str:
    """NFC-normalise `value`, drop zero-width characters and collapse runs of spaces; with
    `breaks`, a newline (or U+2028) stays: a line break the text forces."""
    value = unicodedata.normalize("NFC", value)
    value = _INVISIBLE.sub("", value)
    if breaks and ("\n" in value or "\u2028" in value):
        lines = value.replace("\r\n", "\n").replace("\u2028", "\n").split("\n")
        return "\n".join(_SPACES.sub(" ", line).strip(" ") for line in lines).strip("\n")
    return _SPACES.sub(" ", value).strip(" ")


def match_key(value: str) -> str:
    """A key for matching names people type: NFC, case-folded, single spaces."""
    return normalise_text(value).casefold()


def fold_accents(value: str) -> str:
    """`value` without Vietnamese marks, for "did you mean" suggestions and slugs."""
    value = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in value if not unicodedata.combining(c))


@lru_cache(maxsize=4096)  # a build names thousands of files after a few hundred names
def slugify(value: str) -> str:
    """An ASCII file-name slug: "Phường Tây Hồ" → "phuong-tay-ho"."""
    folded = fold_accents(normalise_text(value)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"
