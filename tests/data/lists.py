"""Helpers that write lists the way office software does, for the data tests."""

from __future__ import annotations

import unicodedata

# Windows-1258 holds these tone marks as combining characters after a precomposed base letter.
_CP1258_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def to_cp1258(text: str) -> bytes:
    """`text` as Excel on a Vietnamese Windows saves it: Windows-1258, tones decomposed."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _CP1258_TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _CP1258_TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")
