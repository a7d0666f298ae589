"""Administrative-procedure lists: codes, names, fields, times, fees, green lane, units."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from brandkit.data.staff import UNIT_HEADER_WORDS, UnitIndex
from brandkit.data.table import Row, read_rows, spec_aliases
from brandkit.errors import DataError, Problem
from brandkit.i18n import Message
from brandkit.spec.load import SpecFile
from brandkit.text import fold_accents, match_key

# Headers seen on real Vietnamese procedure lists; a spec's `data.procedures.columns` adds more.
PROCEDURE_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "Mã thủ tục", "Mã TTHC", "Mã"),
    "name": ("name", "Tên thủ tục", "Tên thủ tục hành chính", "Tên TTHC"),
    "field": ("field", "Lĩnh vực"),
    "processing_time": ("processing_time", "Thời hạn giải quyết", "Thời gian giải quyết"),
    "fee": ("fee", "Phí, lệ phí", "Phí", "Lệ phí", "Phí/lệ phí"),
    "green_lane": ("green_lane", "Làn xanh"),
    "units": ("units", "Đơn vị", "Cơ quan thực hiện", "Đơn vị thực hiện"),
}
REQUIRED = ("code", "name", "field")

# Green-lane marks, compared case- and accent-insensitively ("Có", "co", "CÓ" alike).
_GREEN_YES = frozenset({"x", "✓", "✔", "yes", "y", "co", "true", "1", "lan xanh"})
_GREEN_NO = frozenset({"", "-", "no", "n", "khong", "false", "0"})
GREEN_LANE_VALUES = Message("x, ✓, có/không, yes/no, true/false, 1/0, 'làn xanh', '-' or empty")

# A units cell meaning "every unit", like an empty one.
_EVERY_UNIT = frozenset({"*", "all", "tat ca", "tat ca cac don vi"})
_UNIT_SEPARATORS = re.compile(r"[;,\n]")


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure (thủ tục hành chính) and the row it came from."""

    code: str
    name: str
    field: str
    processing_time: str
    fee: str
    green_lane: bool
    units: frozenset[str] | None  # unit ids, None = every unit
    file: str
    row: int


def _folded(text: str) -> str:
    return fold_accents(match_key(text))


def parse_green_lane(text: str) -> bool | None:
    """Whether a "Làn xanh" cell marks the procedure green-lane; None if the cell is not a mark.

    Yes: x, ✓, ✔, yes, có, true, 1, "làn xanh". No: empty, "-", no, không, false, 0. Case and
    Vietnamese marks are ignored ("CÓ", "co", "khong" are understood).
    """
    key = _folded(text)
    if key in _GREEN_YES:
        return True
    if key in _GREEN_NO:
        return False
    return None


def _alias_table(spec_file: SpecFile) -> dict[str, list[str]]:
    return spec_aliases(PROCEDURE_ALIASES, spec_file, "procedures")


def _segment(words: list[str], index: UnitIndex) -> list[str] | None:
    """Unit ids for `words` read as consecutive unit ids or names, fewest units first."""
    best: list[list[str] | None] = [[]] + [None] * len(words)
    for end in range(1, len(words) + 1):
        for start in range(end):
            before = best[start]
            if before is None:
                continue
            unit = index.find(" ".join(words[start:end]))
            if unit is not None and (best[end] is None or len(before) + 1 < len(best[end] or [])):
                best[end] = [*before, unit.id]
    return best[-1]


def _units(text: str, index: UnitIndex) -> tuple[frozenset[str] | None, list[tuple[str, str]]]:
    """The unit ids a units cell lists (None for every unit), and each entry that is not a
    unit with why."""
    if _folded(text) in _EVERY_UNIT:
        return None, []
    ids: set[str] = set()
    errors: list[tuple[str, str]] = []
    for piece in _UNIT_SEPARATORS.split(text):
        piece = piece.strip()
        if not piece:
            continue
        unit = index.find(piece)
        if unit is not None:
            ids.add(unit.id)
            continue
        # Line breaks inside a cell reach us as spaces: "Phường Tây Hồ⏎Chi nhánh số 1" is then
        # one piece, read as several unit names in a row.
        several = _segment(piece.split(" "), index)
        if several is not None and len(several) > 1:
            ids.update(several)
        else:
            errors.append((piece, index.not_found(piece)))
    return (frozenset(ids) if ids else None), errors


class ProcedureList(list[Procedure]):
    """The procedures of a list, with notes for the build summary (the text encoding, rows
    of units not being built that were skipped)."""

    def __init__(self, procedures: Iterable[Procedure], notices: list[str]) -> None:
        super().__init__(procedures)
        self.notices = notices


def read_procedures(
    path: Path,
    spec_file: SpecFile,
    display: str | None = None,
    units: set[str] | None = None,
) -> ProcedureList:
    """Every procedure in the list at `path`, in file order, or every bad row at once.

    Text is NFC-normalised. Rows with nothing in any known column are skipped. A row with an
    empty code, name or field, a code used on an earlier row, a green-lane value that is not a
    mark `parse_green_lane` understands, or a unit the spec lacks is a `Problem` naming the file,
    row and field; all of them are raised together as one `DataError`. An empty units cell (or
    no units column) means every unit. When `units` (the ids of the units being built) is
    given, a bad row that lists none of them is a notice in the result's `notices` instead.
    """
    display = display or str(path)
    source = spec_file.spec.data.procedures
    aliases = _alias_table(spec_file)
    own_list = source is not None and path.resolve() == spec_file.resolve(source.file)
    sheet = source.sheet if source is not None and own_list else None
    rows = read_rows(path, aliases, REQUIRED, display, sheet, {"units": UNIT_HEADER_WORDS})
    index = UnitIndex(spec_file.spec.units)
    procedures: list[Procedure] = []
    problems: list[Problem] = []
    notices = list(rows.notices)
    seen: dict[str, int] = {}
    for row in rows:
        v = row.values
        if not any(v.values()):
            continue
        found, green = _row_problems(row, display, rows.headers, seen)
        listed, unit_errors = _units(v.get("units", ""), index)
        header = rows.headers.get("units")
        found += [Problem(m, display, row.number, "units", header) for _, m in unit_errors]
        if found and units is not None and not _for_units(listed, unit_errors, units, index):
            notices.extend(
                Message("{problem} (another unit's row: skipped)", problem=p) for p in found
            )
            continue
        problems.extend(found)
        if not found:
            procedures.append(
                Procedure(
                    v.get("code", ""), v["name"], v["field"], v.get("processing_time", ""),
                    v.get("fee", ""), bool(green), listed, display, row.number,
                )
            )  # fmt: skip
    if problems:
        raise DataError(problems)
    return ProcedureList(procedures, notices)


def _row_problems(
    row: Row, display: str, headers: dict[str, str], seen: dict[str, int]
) -> tuple[list[Problem], bool | None]:
    """A row's problems with its code, name, field and green-lane mark, and the mark read."""
    v, number = row.values, row.number

    def column(fld: str) -> str:
        header = headers.get(fld)
        return Message(" (column {header!r})", header=header) if header else ""

    found = _code_problems(v.get("code", ""), (display, number), seen, column("code"), headers)
    for fld in ("name", "field"):
        if not v.get(fld):
            message = Message("{field!r} is empty{column}", field=fld, column=column(fld))
            found.append(Problem(message, display, number, fld, headers.get(fld)))
    green = parse_green_lane(v.get("green_lane", ""))
    if green is None:
        message = Message(
            "{mark!r} is not a green-lane mark; use {marks}",
            mark=v["green_lane"], marks=GREEN_LANE_VALUES,
        )  # fmt: skip
        found.append(Problem(message, display, number, "green_lane", headers.get("green_lane")))
    return found, green


def _for_units(
    listed: frozenset[str] | None,
    unit_errors: list[tuple[str, str]],
    units: set[str],
    index: UnitIndex,
) -> bool:
    """Whether a row concerns one of `units`: it lists every unit, one of them, or an unknown
    name that could mean one of them."""
    if listed is None and not unit_errors:
        return True
    if listed is not None and listed & units:
        return True
    return any(index.may_mean(piece, units) for piece, _ in unit_errors)


def _code_problems(
    code: str,
    where: tuple[str, int],
    seen: dict[str, int],
    column: str = "",
    headers: dict[str, str] | None = None,
) -> list[Problem]:
    """An empty code, or one an earlier row used; notes a new code's row in `seen`."""
    header = (headers or {}).get("code")
    if not code:
        message = Message("{field!r} is empty{column}", field="code", column=column)
        return [Problem(message, *where, "code", header)]
    if code in seen:
        message = Message("code {code!r} is already used on row {row}", code=code, row=seen[code])
        return [Problem(message, *where, "code", header)]
    seen[code] = where[1]
    return []


def procedures_for(procedures: Iterable[Procedure], unit_id: str) -> list[Procedure]:
    """The procedures that `unit_id` handles (those listing it or every unit), in their order."""
    return [p for p in procedures if p.units is None or unit_id in p.units]
