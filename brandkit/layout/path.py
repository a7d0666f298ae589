"""A small SVG path reader for straight outlines (M, L, H, V, Z) in millimetres."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[MmLlHhVvZz]|[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
_ARGS = {"M": 2, "L": 2, "H": 1, "V": 1, "Z": 0}
_UNIT = re.compile(r"\d\s*(mm|cm|pt|in)\b")


@dataclass(frozen=True)
class SubPath:
    """Points of one outline in millimetres (y downwards), and whether it is closed."""

    points: tuple[tuple[float, float], ...]
    closed: bool


def parse_path(d: str) -> tuple[SubPath, ...]:
    """The outlines of SVG path data `d`; raises ValueError naming what is wrong.

    Only straight segments: die lines and folds are cut by straight knives, and a designer's
    curves belong in a logo.
    """
    if _UNIT.search(d):
        raise ValueError("write path coordinates as plain numbers: they are millimetres")
    leftover = _TOKEN.sub(" ", d).replace(",", " ").strip()
    if leftover:
        raise ValueError(
            f"path data may hold only M, L, H, V, Z and numbers (in mm); found {leftover[:10]!r}"
        )
    tokens = _TOKEN.findall(d)
    out: list[SubPath] = []
    points: list[tuple[float, float]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    i = 0
    command = ""
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            if not out and not points and token not in "Mm":
                raise ValueError(f"path data must start with M (a move), not {token!r}")
            command = token
            i += 1
            if command in "Zz":
                if len(points) >= 2:
                    out.append(SubPath(tuple(points), True))
                points = []
                x, y = start
                continue
        elif not command or command in "Zz":
            raise ValueError(f"path data must start each outline with M; found {token!r}")
        count = _ARGS[command.upper()]
        numbers = tokens[i : i + count]
        if len(numbers) < count or any(n.isalpha() for n in numbers):
            raise ValueError(f"{command} needs {count} number{'s' if count > 1 else ''}")
        values = [float(n) for n in numbers]
        i += count
        relative = command.islower()
        upper = command.upper()
        if upper == "M":
            if len(points) >= 2:
                out.append(SubPath(tuple(points), False))
            x, y = (x + values[0], y + values[1]) if relative else (values[0], values[1])
            start = (x, y)
            points = [start]
            command = "l" if relative else "L"  # further pairs after M are lines
            continue
        if not points:
            points = [(x, y)]
        if upper == "L":
            x, y = (x + values[0], y + values[1]) if relative else (values[0], values[1])
        elif upper == "H":
            x = x + values[0] if relative else values[0]
        elif upper == "V":
            y = y + values[0] if relative else values[0]
        points.append((x, y))
    if len(points) >= 2:
        out.append(SubPath(tuple(points), False))
    if not out:
        raise ValueError("path data draws nothing")
    return tuple(out)


def path_bounds(paths: tuple[SubPath, ...]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of every point, in millimetres."""
    xs = [p[0] for sub in paths for p in sub.points]
    ys = [p[1] for sub in paths for p in sub.points]
    return min(xs), min(ys), max(xs), max(ys)
