"""The SVG path subset of die lines and folds: M, L, H, V, Z in millimetres, nothing curved."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from brandkit.layout.path import SubPath, parse_path, path_bounds
from brandkit.spec.model import PathElement

Points = tuple[tuple[float, float], ...]


def outlines(d: str) -> list[tuple[Points, bool]]:
    return [(sub.points, sub.closed) for sub in parse_path(d)]


FOLDER_CUT = (
    "M 15 0 H 459 V 310 L 474 318 V 402 L 459 410 H 241 V 310 H 233 V 410 H 15 "
    "L 0 402 V 318 L 15 310 Z"
)
FOLDER_CUT_POINTS: Points = (
    (15, 0), (459, 0), (459, 310), (474, 318), (474, 402), (459, 410), (241, 410), (241, 310),
    (233, 310), (233, 410), (15, 410), (0, 402), (0, 318), (15, 310),
)  # fmt: skip

PARSED: list[tuple[str, list[tuple[Points, bool]]]] = [
    # Absolute commands.
    ("M 0 0 L 10 0", [(((0, 0), (10, 0)), False)]),
    ("M 1 2 H 5 V 7", [(((1, 2), (5, 2), (5, 7)), False)]),
    ("M 0 0 L 10 0 L 10 5 Z", [(((0, 0), (10, 0), (10, 5)), True)]),
    ("M 0 0 L 10 0 L 10 5 z", [(((0, 0), (10, 0), (10, 5)), True)]),
    # Relative commands move from the current point.
    ("m 1 1 l 2 0 l 0 3", [(((1, 1), (3, 1), (3, 4)), False)]),
    ("M 10 10 h 5 v -2 h -5", [(((10, 10), (15, 10), (15, 8), (10, 8)), False)]),
    # Pairs after M are implicit lines (relative after m).
    ("M 0 0 10 0 10 10", [(((0, 0), (10, 0), (10, 10)), False)]),
    ("m 1 1 2 0 0 2", [(((1, 1), (3, 1), (3, 3)), False)]),
    # A repeated command takes its numbers again.
    ("M 0 0 L 1 0 2 0", [(((0, 0), (1, 0), (2, 0)), False)]),
    ("M 0 0 H 1 2 3", [(((0, 0), (1, 0), (2, 0), (3, 0)), False)]),
    # Commas, no spaces, signs and bare decimals as SVG writes them.
    ("M0,0L10,0", [(((0, 0), (10, 0)), False)]),
    ("M.5.5L1-1", [(((0.5, 0.5), (1, -1)), False)]),
    ("M +1 -2 L 3. 4", [(((1, -2), (3, 4)), False)]),
    ("  M 0 0\n  L 5 5  ", [(((0, 0), (5, 5)), False)]),
    # Several outlines; after Z the pen is back at the outline's start.
    (
        "M 0 0 H 4 V 4 Z M 10 10 H 12",
        [(((0, 0), (4, 0), (4, 4)), True), (((10, 10), (12, 10)), False)],
    ),
    ("M 1 1 H 3 V 3 Z m 1 1 h 1", [(((1, 1), (3, 1), (3, 3)), True), (((2, 2), (3, 2)), False)]),
    ("M 1 1 H 3 V 3 Z L 5 5", [(((1, 1), (3, 1), (3, 3)), True), (((1, 1), (5, 5)), False)]),
    # Two M in a row: the first point alone draws nothing.
    ("M 0 0 M 1 1 L 2 2", [(((1, 1), (2, 2)), False)]),
    # The folder's die line from the sample spec.
    (FOLDER_CUT, [(FOLDER_CUT_POINTS, True)]),
]


@pytest.mark.parametrize(("d", "expected"), PARSED)
def test_parse_path(d: str, expected: list[tuple[Points, bool]]) -> None:
    assert outlines(d) == expected
    for sub in parse_path(d):
        assert isinstance(sub, SubPath)
        assert all(isinstance(v, float) for point in sub.points for v in point)


REFUSED: list[tuple[str, str]] = [
    # Curves and arcs, in either case, name the offending command.
    ("M 0 0 C 1 1 2 2 3 3", "'C'"),
    ("M 0 0 c 1 1 2 2 3 3", "'c'"),
    ("M 0 0 Q 1 1 2 2", "'Q'"),
    ("M 0 0 q 1 1 2 2", "'q'"),
    ("M 0 0 S 1 1 2 2", "'S'"),
    ("M 0 0 T 1 1", "'T'"),
    ("M 0 0 A 5 5 0 0 1 10 10", "'A'"),
    ("M 0 0 a 5 5 0 0 1 10 10", "'a'"),
    # Anything else that is not a number.
    ("M 0 0 L 1e2 0", "M, L, H, V, Z and numbers"),
    ("M 0 0 L 10pt 0", "plain numbers: they are millimetres"),
    # A unit on a number: path data is in millimetres, without units.
    ("M 0 0 L 10mm 0", "plain numbers: they are millimetres"),
    ("M 0 0 L 2cm 0", "plain numbers: they are millimetres"),
    ("M 0 0 L 1in 0", "plain numbers: they are millimetres"),
    ("M 0 0 L 30px 0", "plain numbers: they are millimetres"),  # every unit a length takes
    # Missing numbers.
    ("M", "M needs 2 numbers"),
    ("M 1", "M needs 2 numbers"),
    ("M 1 2 L", "L needs 2 numbers"),
    ("M 1 2 L 3", "L needs 2 numbers"),
    ("M 1 2 L 3 L 4 5", "L needs 2 numbers"),
    ("M 1 2 L 3 4 5", "L needs 2 numbers"),
    ("M 1 2 H", "H needs 1 number"),
    ("M 1 2 v", "v needs 1 number"),
    # Numbers where an outline must start with M.
    ("0 0 L 1 1", "must start each outline with M"),
    ("M 0 0 L 10 0 Z 5 5", "must start each outline with M"),
    # Nothing drawn.
    ("", "draws nothing"),
    ("   ", "draws nothing"),
    ("M 0 0", "draws nothing"),
    ("M 0 0 Z", "draws nothing"),
]


@pytest.mark.parametrize(("d", "message"), REFUSED)
def test_bad_path_data_is_refused_by_name(d: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_path(d)
    assert message in str(info.value)


@pytest.mark.parametrize("d", ["L 1 2", "l 1 2", "H 5", "V 5 H 3", "Z L 1 1"])
def test_path_data_must_start_with_m(d: str) -> None:
    with pytest.raises(ValueError, match="M"):
        parse_path(d)


BOUNDS: list[tuple[str, tuple[float, float, float, float]]] = [
    ("M 0 0 L 10 5", (0, 0, 10, 5)),
    ("M 10 5 L 0 0", (0, 0, 10, 5)),
    ("M 3 4 h -5 v -6", (-2, -2, 3, 4)),
    ("M 0 0 H 1 M 20 30 V 40", (0, 0, 20, 40)),
    ("M 235 0 V 310 M 239 0 V 310 M 15 310 H 233 M 241 310 H 459", (15, 0, 459, 310)),
]


@pytest.mark.parametrize(("d", "expected"), BOUNDS)
def test_path_bounds(d: str, expected: tuple[float, float, float, float]) -> None:
    assert path_bounds(parse_path(d)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("d", "message"),
    [
        ("M 0 0 C 1 1 2 2 3 3", "String should match pattern"),
        ("L 1 2", "String should match pattern"),
        ("", "String should match pattern"),
        ("M 0 0 L 1", "L needs 2 numbers"),
        ("M 0 0", "draws nothing"),
    ],
)
def test_a_path_element_refuses_bad_data(d: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        PathElement.model_validate({"type": "path", "d": d, "stroke": "dieline"})
    assert message in str(info.value)


def test_a_path_element_needs_a_fill_or_a_stroke() -> None:
    with pytest.raises(ValidationError, match="a fill, a stroke or both"):
        PathElement.model_validate({"type": "path", "d": "M 0 0 H 5"})
    element = PathElement.model_validate({"type": "path", "d": "M 0 0 H 5 V 5 Z", "fill": "ink"})
    assert path_bounds(parse_path(element.d)) == (0, 0, 5, 5)
