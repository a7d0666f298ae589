"""Lengths: `parse_length` accepts a number with a unit and nothing else."""

from __future__ import annotations

import re

import pytest

from brandkit.spec.model import LENGTH_PATTERN
from brandkit.units import PT_PER_MM, mm, parse_length, to_mm

ACCEPTED = [
    ("85.6mm", 85.6 * 72 / 25.4),
    ("54mm", 54 * 72 / 25.4),
    ("2cm", 20 * 72 / 25.4),
    ("12pt", 12.0),
    ("1in", 72.0),
    (".5in", 36.0),
    ("3.mm", 3 * 72 / 25.4),
    ("0mm", 0.0),
    ("-2mm", -2 * 72 / 25.4),
    ("  3 mm ", 3 * 72 / 25.4),
    ("3 mm", 3 * 72 / 25.4),
    ("0.25pt", 0.25),
    ("3m", 3000 * 72 / 25.4),  # viewing distances
    ("1080px", 810.0),  # screens: 96 px to the inch
]
REFUSED = [
    "12",  # a bare number: which unit?
    12,
    12.5,
    True,
    None,
    "12em",
    "mm",
    "",
    "  ",
    "12 m m",
    "12mm3",
    "1e3mm",
    "12MM",
    "1,5mm",
    "nan",
    ["12mm"],
]


@pytest.mark.parametrize(("text", "points"), ACCEPTED)
def test_parse_length_accepts(text: str, points: float) -> None:
    assert parse_length(text) == pytest.approx(points, abs=1e-9)


@pytest.mark.parametrize("value", REFUSED)
def test_parse_length_refuses(value: object) -> None:
    with pytest.raises(ValueError, match="unit"):
        parse_length(value)


def test_bare_number_message_says_which_units_exist() -> None:
    with pytest.raises(ValueError) as info:
        parse_length("12")
    message = str(info.value)
    assert "'12'" in message
    for unit in ("mm", "pt"):
        assert unit in message


def test_mm_round_trip() -> None:
    assert pytest.approx(72 / 25.4) == PT_PER_MM
    assert mm(25.4) == pytest.approx(72.0)
    for value in (0.0, 0.1, 54.0, 85.6, 1000.0):
        assert to_mm(mm(value)) == pytest.approx(value)


def test_the_schema_pattern_agrees_with_the_parser() -> None:
    # Editors check lengths with the JSON Schema's pattern; it must accept what brandkit does.
    pattern = re.compile(LENGTH_PATTERN)
    for text, _ in ACCEPTED:
        assert pattern.match(text), text
    for value in REFUSED:
        if isinstance(value, str):
            assert not pattern.match(value), value
