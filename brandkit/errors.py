"""Errors brandkit reports to people: each carries where the problem is and what was expected."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Problem:
    """One located problem: `file:line: field.path: message`.

    `message` is English; made as a `brandkit.i18n.Message` (an English message id and its
    fields) it can be shown in the reader's language (`in_language`). `header` is the column
    header as the list itself writes it, for a problem in a row of a staff or procedure list.
    """

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    header: str | None = None

    def in_language(self, _: Callable[..., str]) -> str:
        """The problem as `_` (a `brandkit.i18n.translator`) speaks: a row of a list is placed
        by its row number and the column's header as the list writes it."""
        message = _(self.message)
        if self.file and self.line is not None and self.field and self.header:
            return _(
                "{file}: row {line}, column {header}: {message}",
                file=self.file, line=self.line, field=self.field, header=self.header,
                message=message,
            )  # fmt: skip
        return str(dataclasses.replace(self, message=message))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class BrandkitError(Exception):
    """Any failure caused by the spec, the data or the files given; exit code 1."""

    exit_code: ClassVar[int] = 1  # what the command line exits with; the CLI maps errors by it

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SpecError(BrandkitError):
    """The YAML spec is malformed or invalid."""


class DataError(BrandkitError):
    """A staff or procedure list is unreadable or has bad rows."""


class FontError(BrandkitError):
    """A font is unusable or lacks a character some text needs."""


class FitError(BrandkitError):
    """Some text does not fit its box even at the template's minimum size."""


class AssetError(BrandkitError):
    """A logo or image cannot be used."""


class UsageError(BrandkitError):
    """A command-line selection names nothing known (an unknown --unit, asset kind, size)."""

    exit_code = 2
