"""SVG path data for straight outlines (M, L, H, V, Z) in millimetres: read and checked.

The spec checks path data with it as it loads, and layout places the outlines it reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from brandkit.i18n import Message
from brandkit.units import UNITS, unit_after_number

_TOKEN = re.compile(r"[MmLlHhVvZz]|[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
_ARGS = {"M": 2, "L": 2, "H": 1, "V": 1, "Z": 0}
# Every unit a length may carry, but "m": in path data that is a relative move, not metres.
_UNITS = tuple(unit for unit in UNITS if unit != "m")


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
    _check_characters(d)
    tokens = _TOKEN.findall(d)
    pen = _Pen()
    i = 0
    command = ""
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            if not pen.out and not pen.points and token not in "Mm":
                raise ValueError(
                    Message("path data must start with M (a move), not {token!r}", token=token)
                )
            command = token
            i += 1
            if command in "Zz":
                pen.close()
                continue
        elif not command or command in "Zz":
            raise ValueError(
                Message("path data must start each outline with M; found {token!r}", token=token)
            )
        values = _operands(command, tokens, i)
        i += len(values)
        command = pen.segment(command, values)
    return pen.finish()


def _check_characters(d: str) -> None:
    """Refuse units and anything but the commands and numbers parse_path reads."""
    if unit_after_number(d, _UNITS):
        raise ValueError(Message("write path coordinates as plain numbers: they are millimetres"))
    leftover = _TOKEN.sub(" ", d).replace(",", " ").strip()
    if leftover:
        raise ValueError(
            Message(
                "path data may hold only M, L, H, V, Z and numbers (in mm); found {found!r}",
                found=leftover[:10],
            )
        )


def _operands(command: str, tokens: list[str], i: int) -> list[float]:
    """The numbers `command` takes, from `tokens[i]` on."""
    count = _ARGS[command.upper()]
    numbers = tokens[i : i + count]
    if len(numbers) < count or any(n.isalpha() for n in numbers):
        raise ValueError(
            Message("{command} needs {count} numbers", command=command, count=count)
            if count > 1
            else Message("{command} needs 1 number", command=command)
        )
    return [float(n) for n in numbers]


@dataclass
class _Pen:
    """The outlines drawn so far, the open one's points and where the pen is."""

    out: list[SubPath] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0
    start: tuple[float, float] = (0.0, 0.0)

    def close(self) -> None:
        """Z: close the open outline and return to its start."""
        if len(self.points) >= 2:
            self.out.append(SubPath(tuple(self.points), True))
        self.points = []
        self.x, self.y = self.start

    def segment(self, command: str, values: list[float]) -> str:
        """Draw one M, L, H or V segment; return the command further numbers repeat."""
        relative = command.islower()
        upper = command.upper()
        x, y = self.x, self.y
        if upper == "M":
            if len(self.points) >= 2:
                self.out.append(SubPath(tuple(self.points), False))
            x, y = (x + values[0], y + values[1]) if relative else (values[0], values[1])
            self.x, self.y = self.start = (x, y)
            self.points = [self.start]
            return "l" if relative else "L"  # further pairs after M are lines
        if not self.points:
            self.points = [(x, y)]
        if upper == "L":
            x, y = (x + values[0], y + values[1]) if relative else (values[0], values[1])
        elif upper == "H":
            x = x + values[0] if relative else values[0]
        elif upper == "V":
            y = y + values[0] if relative else values[0]
        self.x, self.y = x, y
        self.points.append((x, y))
        return command

    def finish(self) -> tuple[SubPath, ...]:
        """Every outline, the open one included; raises when there is none."""
        if len(self.points) >= 2:
            self.out.append(SubPath(tuple(self.points), False))
        if not self.out:
            raise ValueError(Message("path data draws nothing"))
        return tuple(self.out)
