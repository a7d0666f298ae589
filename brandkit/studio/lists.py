"""An office manager's staff list, checked for one unit: the table as read, and every problem
on its row and column (named by the list's own header), said in the person's language with
what to do."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from brandkit.data.staff import REQUIRED, STAFF_ALIASES, UNIT_HEADER_WORDS, UnitIndex, read_staff
from brandkit.data.table import Rows, read_rows, spec_aliases
from brandkit.errors import DataError, Problem
from brandkit.spec.load import SpecFile
from brandkit.spec.model import Unit
from brandkit.text import fold_accents, match_key

Translate = Callable[..., str]
FIELDS = ("id", "name", "title", "unit", "photo")


@dataclass(frozen=True)
class RowProblem:
    """A problem of the list: its row (None: the whole file) and column header, and what to do."""

    row: int | None
    column: str | None
    message: str


@dataclass
class ListCheck:
    """The list as read (headers as written; rows of cells) and its problems."""

    headers: list[tuple[str, str]] = field(default_factory=list)  # (field, header as written)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    people: int = 0

    def problems_of(self, row: int) -> list[RowProblem]:
        return [p for p in self.problems if p.row == row]

    def bad_cells(self, row: int) -> set[str]:
        return {p.column for p in self.problems if p.row == row and p.column}


def check_list(path: Path, spec_file: SpecFile, unit: Unit, _: Translate) -> ListCheck:
    """The list at `path` for `unit`: every row must be a person of that unit."""
    display = "list"
    result = ListCheck()
    aliases = spec_aliases(STAFF_ALIASES, spec_file, "staff")
    rows: Rows | None = None
    with suppress(DataError):  # read_staff says what is wrong, with the same problems
        rows = read_rows(path, aliases, REQUIRED[:3], display, None, {"unit": UNIT_HEADER_WORDS})
    if rows is not None:
        result.headers = [(f, rows.headers[f]) for f in FIELDS if f in rows.headers]
        result.rows = [(row.number, row.values) for row in rows]
    headers = dict(result.headers)
    cells = dict(result.rows)
    index = UnitIndex(spec_file.spec.units)
    people = None
    try:
        people = read_staff(path, spec_file, display, default_unit=unit.id)
    except DataError as exc:
        result.problems += [_explain(p, headers, cells, unit, index, _) for p in exc.problems]
    result.problems += _other_units(result, index, unit, _)
    result.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    if people is not None and not result.problems:
        result.people = len(people)
        if not people:
            result.problems.append(RowProblem(None, None, _("The list has nobody in it.")))
    return result


def _other_units(result: ListCheck, index: UnitIndex, unit: Unit, _: Translate) -> list[RowProblem]:
    """A row of another unit known to the spec: this list is `unit`'s alone."""
    column = dict(result.headers).get("unit")
    if column is None:  # no unit column: every row is the unit's
        return []
    found = []
    for number, values in result.rows:
        other = index.find(values.get("unit", ""))
        if other is not None and other.id != unit.id:
            message = _(
                "This person belongs to {other}, not to {unit}: correct the “{column}” cell or "
                "remove the row from this unit's list.",
                other=other.name,
                unit=unit.name,
                column=column,
            )
            found.append(RowProblem(number, column, message))
    return found


_USED_ON = re.compile(r"already used on row (\d+)")
_WHAT = {"id": "a staff code", "name": "the person's full name", "title": "a job title"}


def _explain(
    problem: Problem,
    headers: dict[str, str],
    cells: dict[int, dict[str, str]],
    unit: Unit,
    index: UnitIndex,
    _: Translate,
) -> RowProblem:
    """A problem of `read_staff`, told to an office manager."""
    field_name = problem.field or ""
    column = headers.get(field_name)
    text = problem.message
    value = cells.get(problem.line or -1, {}).get(field_name, "")
    if field_name in _WHAT and "is empty" in text:
        what = _(_WHAT[field_name])
        message = _("The “{column}” cell is empty: fill in {what}.", column=column, what=what)
    elif field_name == "unit" and "is empty" in text:
        message = _("The “{column}” cell is empty: write {unit}.", column=column, unit=unit.name)
    elif field_name == "unit" and "several units" in text:
        message = _(
            "Several units are called “{value}”: write the unit's code, {code}.",
            value=value,
            code=unit.id,
        )
    elif field_name == "unit":
        message = _unknown_unit(value, column or "unit", unit, index, _)
    elif field_name == "id" and (used := _USED_ON.search(text)):
        message = _(
            "The code “{value}” is already used on row {row}: each person needs their own code.",
            value=value,
            row=used.group(1),
        )
    elif field_name == "photo":
        message = _(
            "The photo “{value}” cannot be used here: photos are not uploaded with the list. "
            "Empty the “{column}” cell (the badge then shows a QR code) or ask the designer to "
            "add the photo.",
            value=value,
            column=column,
        )
    else:
        return RowProblem(problem.line, column, _file_problem(problem, _))
    return RowProblem(problem.line, column, message)


def _unknown_unit(value: str, column: str, unit: Unit, index: UnitIndex, _: Translate) -> str:
    close = index.suggest(value)
    ours = fold_accents(match_key(unit.name)) in fold_accents(match_key(value))
    if close and close != unit.name and not ours:
        return _(
            "There is no unit “{value}” (did you mean {close}?): this is the list of {unit}; "
            "write “{unit}” in the “{column}” cell.",
            value=value,
            close=close,
            unit=unit.name,
            column=column,
        )
    return _(
        "There is no unit “{value}”: this is the list of {unit}; write “{unit}” in the "
        "“{column}” cell.",
        value=value,
        unit=unit.name,
        column=column,
    )


def _file_problem(problem: Problem, _: Translate) -> str:
    """A problem with the file as a whole (a missing column, an unreadable sheet …)."""
    text = problem.message
    if text.startswith("no column for"):
        name = text.split("'")[1] if "'" in text else ""
        header = STAFF_ALIASES.get(name, (name, name))[1]
        return _(
            "A column is missing: add a column headed “{header}” (the header row must have "
            "“Mã cán bộ”, “Họ và tên”, “Chức danh” and “Đơn vị”).",
            header=header,
        )
    return _(
        "This file cannot be read as a staff list ({detail}). Open it in Excel, check the "
        "header row (“Mã cán bộ”, “Họ và tên”, “Chức danh”, “Đơn vị”) and save it again as "
        ".xlsx.",
        detail=problem.in_language(_),
    )
