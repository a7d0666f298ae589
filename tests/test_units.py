"""Lengths: `parse_length` accepts a number with a unit and nothing else."""

from __future__ import annotations

import re

import pytest

from brandkit.spec.model import LENGTH_PATTERN
from brandkit.units import (
    PT_PER_MM,
    UNITS,
    css_length,
    mm,
    parse_length,
    split_length,
    to_mm,
    to_unit,
    unit_after_number,
)

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


# --- one grammar for every length brandkit reads ---------------------------------------------

DEFAULT_UNIT = [
    ("79", "cm", 790 * 72 / 25.4),  # a sheet's width takes its height's unit: 79x109cm
    ("79cm", "mm", 790 * 72 / 25.4),  # a unit written wins over the default
    ("330", "mm", 330 * 72 / 25.4),
    (" 13 ", "in", 13 * 72.0),
    ("936", "pt", 936.0),
]


@pytest.mark.parametrize(("text", "unit", "points"), DEFAULT_UNIT)
def test_a_default_unit_counts_a_bare_number(text: str, unit: str, points: float) -> None:
    assert parse_length(text, default_unit=unit) == pytest.approx(points, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "unit"), [("79", "em"), ("79em", "cm"), ("1e3", "mm"), ("", "mm")]
)
def test_a_default_unit_is_still_a_known_unit(text: str, unit: str) -> None:
    with pytest.raises(ValueError, match="unit"):
        parse_length(text, default_unit=unit)


CSS = [
    ("100", 75.0),  # a bare number is in px, SVG's user units
    ("100px", 75.0),
    ("30mm", 30 * 72 / 25.4),
    ("3cm", 30 * 72 / 25.4),
    ("72pt", 72.0),
    ("6pc", 72.0),  # picas, which the spec does not take
    ("1in", 72.0),
    ("1.5e2", 112.5),  # CSS numbers may have an exponent
    ("1E2px", 75.0),
    (" .5in ", 36.0),
    ("100%", None),  # relative: no size of its own
    ("2em", None),
    ("3ex", None),
    ("1m", None),  # not a CSS unit
    ("-100", None),  # no negative sizes
    ("+100", None),
    ("", None),
    (None, None),
    ("wide", None),
]


@pytest.mark.parametrize(("text", "points"), CSS)
def test_css_lengths(text: str | None, points: float | None) -> None:
    if points is None:
        assert css_length(text) is None
    else:
        assert css_length(text) == pytest.approx(points, abs=1e-9)


SPLIT = [
    ("85.6mm", (85.6, "mm")),
    ("  3 mm ", (3.0, "mm")),
    ("100", (100.0, "")),
    ("-2cm", (-2.0, "cm")),
    ("12em", (12.0, "em")),  # the unit is not checked here
    ("1e3mm", None),  # the spec takes no exponent
    ("+3mm", None),
    ("mm", None),
    ("12 m m", None),
    ("12MM", None),
]


@pytest.mark.parametrize(("text", "parts"), SPLIT)
def test_split_length(text: str, parts: tuple[float, str] | None) -> None:
    assert split_length(text) == parts


@pytest.mark.parametrize(
    ("text", "units", "found"),
    [
        ("M 0 0 L 10mm 5", UNITS, "mm"),
        ("M0 0L10 0 5cm 3", UNITS, "cm"),
        ("M0 0 H 2 in", UNITS, "in"),
        ("M0 0 H 20px", UNITS, "px"),
        ("M0 0 L10 0 m 5 5", ("mm", "cm", "pt", "in", "px"), None),  # m: a move, not metres
        ("M0 0 L10 0 m 5 5", UNITS, "m"),
        ("M0 0 L10 0 Z", UNITS, None),
    ],
)
def test_unit_after_number(text: str, units: tuple[str, ...], found: str | None) -> None:
    assert unit_after_number(text, units) == found


@pytest.mark.parametrize("unit", UNITS)
def test_to_unit_undoes_parse_length(unit: str) -> None:
    assert to_unit(parse_length(f"12.5{unit}"), unit) == pytest.approx(12.5)
