"""What print files say in words (sheet slugs, PDF subjects), in the spec's `language:`.

These words travel inside the files to the print shop, so they follow the spec, not the
command line's --lang: a Vietnamese shop reads "SRA3 khổ ngang" whoever ran the build.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "landscape": "khổ ngang",
        "portrait": "khổ dọc",
        "front": " · mặt trước",
        "back": " · mặt sau (trở trái–phải)",
        "ganged": "{on}/{up} chiếc ({cols} × {rows})",
        "repeat": "{up} bản một trang ({cols} × {rows}), in {runs} tờ cho {copies} bản",
        "slug": "{job} · tờ {number}/{sheets}{side} · {sheet} {orientation} · {layout} · "
        "{w} × {h} mm, tràn lề {bleed} mm",
        "sheet_subject": "Tờ in {sheet}: {job} bình {up} chiếc một tờ ({mode}), {sides} mặt, "
        "dấu cắt từng chiếc, CMYK",
        "mode_repeat": "lặp lại một chiếc",
        "mode_ganged": "ghép nhiều chiếc",
        "print_subject": "Tệp in {asset}: khổ thành phẩm {w} × {h} mm, tràn lề {bleed} mm, CMYK",
    },
    "en": {
        "landscape": "landscape",
        "portrait": "portrait",
        "front": " · front",
        "back": " · back (turned left to right)",
        "ganged": "{on}/{up} up ({cols} × {rows})",
        "repeat": "{up} up of one page ({cols} × {rows}), print {runs} sheets for {copies} copies",
        "slug": "{job} · sheet {number}/{sheets}{side} · {sheet} {orientation} · {layout} · "
        "{w} × {h} mm, bleed {bleed} mm",
        "sheet_subject": "Press sheet {sheet}: {job} imposed {up}-up ({mode}), {sides} side(s), "
        "crop marks per piece, CMYK",
        "mode_repeat": "step and repeat",
        "mode_ganged": "ganged",
        "print_subject": "Print-ready {asset}: trim {w} × {h} mm, bleed {bleed} mm, CMYK",
    },
}


def words(language: str, key: str, **fields: object) -> str:
    """The text `key` in `language` (English for a language without it), its fields filled."""
    table = WORDS.get(language, WORDS["en"])
    return table.get(key, WORDS["en"][key]).format(**fields)
