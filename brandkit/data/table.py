"""Read a CSV or XLSX table into rows of text, keeping each row's number in the file."""

from __future__ import annotations

import csv
import difflib
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from brandkit.errors import DataError, Problem
from brandkit.spec.load import SpecFile
from brandkit.text import fold_accents, match_key, normalise_text

HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class Row:
    """One data row: field → NFC text, and its 1-based row number in the file."""

    number: int
    values: dict[str, str]


def header_key(header: str) -> str:
    """Headers match ignoring case, accents, spacing and trailing colons."""
    return fold_accents(match_key(header)).rstrip(":").strip()


def read_rows(
    path: Path,
    aliases: Mapping[str, Sequence[str]],
    required: Iterable[str],
    display: str,
    sheet: str | None = None,
) -> list[Row]:
    """Rows of the table at `path` with their columns mapped to fields through `aliases`."""
    raw_rows = _raw_rows(path, sheet, display)
    lookup = {header_key(alias): name for name, names in aliases.items() for alias in names}
    required = list(required)
    header_at, columns = _header_row(raw_rows, lookup, required, display)
    header_line, headers = raw_rows[header_at]
    problems = [
        _missing_column(name, aliases, headers, display, header_line)
        for name in required
        if name not in columns
    ]
    if problems:
        raise DataError(problems)
    rows = []
    for number, cells in raw_rows[header_at + 1 :]:
        if not any(cells):
            continue
        values = {
            name: normalise_text(cells[index]) if index < len(cells) else ""
            for name, index in columns.items()
        }
        rows.append(Row(number, values))
    return rows


def _raw_rows(path: Path, sheet: str | None, display: str) -> list[tuple[int, list[str]]]:
    """Every row of a CSV or XLSX file as text cells, with its row number."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_rows(path, sheet, display)
        if suffix in (".csv", ".txt", ".tsv"):
            return _csv_rows(path, display)
        raise DataError(
            Problem(f"unsupported file type {suffix or '(none)'!r}: use .csv or .xlsx", display)
        )
    except OSError as exc:
        raise DataError(Problem(f"cannot read: {exc.strerror or exc}", display)) from None


def _header_row(
    raw_rows: list[tuple[int, list[str]]],
    lookup: dict[str, str],
    required: list[str],
    display: str,
) -> tuple[int, dict[str, int]]:
    """The index of the header row and the column of each field it names."""
    # Real lists often open with a title ("DANH SÁCH CÁN BỘ …") above the header row: take the
    # first of the top rows that names every required field, else the one naming the most.
    best: tuple[int, int, dict[str, int]] | None = None
    for i, (_, cells) in enumerate(raw_rows[:HEADER_SEARCH_ROWS]):
        if not any(cells):
            continue
        found = _columns(cells, lookup)
        score = sum(1 for name in required if name in found)
        if best is None or score > best[1]:
            best = (i, score, found)
        if score == len(required):
            break
    if best is None:
        raise DataError(Problem("the file is empty", display))
    header_at, _, columns = best
    return header_at, columns


def _missing_column(
    name: str,
    aliases: Mapping[str, Sequence[str]],
    headers: list[str],
    display: str,
    header_line: int,
) -> Problem:
    """The problem of a required field no header names, with the headers it could be."""
    expected = ", ".join(repr(a) for a in aliases[name][:4])
    seen = ", ".join(repr(h) for h in headers if h) or "none"
    close = difflib.get_close_matches(
        header_key(aliases[name][1] if len(aliases[name]) > 1 else name),
        [header_key(h) for h in headers if h],
        n=1,
    )
    hint = " (a header is close to it: check its spelling)" if close else ""
    return Problem(
        f"no column for {name!r}: expected a header such as {expected}; found {seen}{hint}",
        display,
        header_line,
    )


def _columns(cells: list[str], lookup: dict[str, str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, header in enumerate(cells):
        name = lookup.get(header_key(header)) if header else None
        if name is not None and name not in columns:
            columns[name] = index
    return columns


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path, sheet: str | None, display: str) -> list[tuple[int, list[str]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DataError(Problem(f"not a readable Excel workbook ({exc})", display)) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise DataError(
                Problem(f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})", display)
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        out = []
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            out.append((number, [_cell_text(v).strip() for v in row]))
        return out
    finally:
        book.close()


def _csv_rows(path: Path, display: str) -> list[tuple[int, list[str]]]:
    raw = path.read_bytes()
    try:
        # Excel's "Unicode text" export is UTF-16 with a byte-order mark; everything else UTF-8.
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        text = raw.decode("utf-16") if utf16 else raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            Problem(
                f"not UTF-8 text (byte {exc.start}); save the list as 'CSV UTF-8' or as .xlsx",
                display,
            )
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    start = 1  # a record may span lines (a line break inside quotes): name the one it starts on
    try:
        for cells in reader:
            out.append((start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(Problem(f"malformed CSV: {exc}", display, reader.line_num)) from None
    return out


def spec_aliases(
    base: Mapping[str, Sequence[str]], spec_file: SpecFile, source_name: str
) -> dict[str, list[str]]:
    """`base` header aliases plus those of the spec's `data.<source_name>.columns` (header →
    field); a header mapped to a field that does not exist is an error at its spec line."""
    source = getattr(spec_file.spec.data, source_name)
    aliases: dict[str, list[str]] = {k: list(v) for k, v in base.items()}
    for header, fld in source.columns.items() if source else ():
        if fld not in aliases:
            raise DataError(
                Problem(
                    f"data.{source_name}.columns maps {header!r} to unknown field {fld!r} "
                    f"(fields: {', '.join(aliases)})",
                    spec_file.source.file,
                    spec_file.source.line_of(("data", source_name, "columns", header)),
                )
            )
        aliases[fld].insert(0, header)
    return aliases
