"""Read a CSV, XLSX or XLS table into rows of text, keeping each row's number in the file.

Every list is read within named limits (see `LIMITS`), so a hostile or broken file costs a
clear error, never a hang, a traceback or all the memory.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import hashlib
import importlib.util
import io
import os
import stat
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from brandkit.errors import DataError, Problem
from brandkit.i18n import Message, os_reason
from brandkit.spec.load import SpecFile
from brandkit.text import fold_accents, match_key, normalise_text
from brandkit.user_cache import read_entry, write_entry

HEADER_SEARCH_ROWS = 20

_MB = 1024 * 1024
# Limits on one list. A real office list has tens to a few thousand rows and a dozen columns
# (the sample's 432 people are 30 KB as XLSX); each limit is far above that and low enough that
# the file is read in seconds and a few hundred MB at most.
MAX_CSV_BYTES = 20 * _MB  # a CSV (or tab-separated .txt/.tsv) file on disk
MAX_XLSX_BYTES = 20 * _MB  # an XLSX file on disk (compressed)
MAX_XLSX_UNPACKED_BYTES = 50 * _MB  # all the parts of an XLSX, uncompressed
MAX_XLSX_PARTS = 1_000  # files inside an XLSX (a workbook of one sheet has about ten)
MAX_XLS_BYTES = 20 * _MB  # an old-style .xls file on disk
MAX_ROWS = 100_000  # rows of one sheet or CSV, blank rows included
MAX_COLUMNS = 200  # columns of one sheet or CSV row
MAX_CELLS = 2_000_000  # cells of one CSV (its delimiters, counted before parsing)

LIMITS: dict[str, str] = {
    "MAX_CSV_BYTES": Message("20 MB per CSV list"),
    "MAX_XLSX_BYTES": Message("20 MB per XLSX list (as stored)"),
    "MAX_XLSX_UNPACKED_BYTES": Message("50 MB of XLSX parts, uncompressed"),
    "MAX_XLSX_PARTS": Message("1,000 parts inside an XLSX"),
    "MAX_XLS_BYTES": Message("20 MB per XLS list"),
    "MAX_ROWS": Message("100,000 rows per list"),
    "MAX_COLUMNS": Message("200 columns per list"),
    "MAX_CELLS": Message("2,000,000 cells per CSV list"),
}


@dataclass(frozen=True)
class Row:
    """One data row: field → NFC text, and its 1-based row number in the file."""

    number: int
    values: dict[str, str]


class Rows(list[Row]):
    """The data rows of a list, with the header each field was read from and notes for the
    build summary (the text encoding a CSV was read in, when it is not UTF-8)."""

    def __init__(
        self, rows: Iterable[Row], headers: dict[str, str], notices: list[str], header_line: int
    ) -> None:
        super().__init__(rows)
        self.headers = headers  # field → the header as written in the list
        self.notices = notices
        self.header_line = header_line


@dataclass
class _Raw:
    rows: list[tuple[int, list[str]]]
    notices: list[str]
    delimiter: str | None = None  # a CSV's


class _OpenQuote(Exception):
    """A CSV quote that is never closed: the row it opens on and the column it opens in."""

    def __init__(self, line: int, column: int, before: list[tuple[int, list[str]]]) -> None:
        super().__init__(line, column)
        self.line = line
        self.column = column
        self.before = before  # the rows read before it (to name the column by its header)


def header_key(header: str) -> str:
    """Headers match ignoring case, accents, spacing and trailing colons."""
    return fold_accents(match_key(header)).rstrip(":").strip()


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column `index`: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_rows(
    path: Path,
    aliases: Mapping[str, Sequence[str]],
    required: Iterable[str],
    display: str,
    sheet: str | None = None,
    lookalikes: Mapping[str, Sequence[str]] | None = None,
) -> Rows:
    """Rows of the table at `path` with their columns mapped to fields through `aliases`.

    A field of `lookalikes` (field → folded words such as "don vi") that no header names, while
    a header holds one of its words, is an error at that header: a misspelt unit column must
    not silently become "no unit column". Two headers naming one field are an error too.
    """
    lookup = {header_key(alias): name for name, names in aliases.items() for alias in names}
    try:
        raw = _raw_rows(path, sheet, display, lookup)
    except _OpenQuote as exc:
        raise DataError(_open_quote_problem(exc, lookup, display)) from None
    raw_rows = raw.rows
    required = list(required)
    header_at, columns = _header_row(raw_rows, lookup, required, display)
    header_line, headers = raw_rows[header_at]
    problems = _duplicate_headers(headers, lookup, display, header_line)
    lookalike = _lookalike_headers(
        headers, columns, lookup, aliases, lookalikes, display, header_line
    )
    problems += lookalike
    looked_for = {p.field for p in lookalike}
    problems += [
        _missing_column(name, aliases, headers, display, header_line)
        for name in required
        if name not in columns and name not in looked_for
    ]
    if problems:
        raise DataError(problems)
    named = {name: normalise_text(headers[index]) for name, index in columns.items()}
    rows = []
    for number, cells in raw_rows[header_at + 1 :]:
        if not any(cells):
            continue
        if raw.delimiter is not None:
            problems += _swallowed_rows(cells, raw.delimiter, headers, lookup, number, display)
        values = {
            name: normalise_text(cells[index]) if index < len(cells) else ""
            for name, index in columns.items()
        }
        problems += _nul_problems(values, named, display, number)
        rows.append(Row(number, values))
    if problems:
        raise DataError(problems)
    return Rows(rows, named, raw.notices, header_line)


def _nul_problems(
    values: dict[str, str], headers: dict[str, str], display: str, number: int
) -> list[Problem]:
    """A NUL is no text anyone typed, and no path or name may hold one."""
    return [
        Problem(
            Message("a NUL character in column {header!r}", header=headers[name]),
            display,
            number,
            name,
            headers[name],
        )
        for name, value in values.items()
        if "\x00" in value
    ]


def _raw_rows(path: Path, sheet: str | None, display: str, lookup: dict[str, str]) -> _Raw:
    """Every row of a CSV, XLSX or XLS file as text cells, with its row number."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            _check_file(path, display, MAX_XLSX_BYTES, "MAX_XLSX_BYTES")
            return _Raw(_xlsx_rows(path, sheet, display), [])
        if suffix == ".xls":
            _check_file(path, display, MAX_XLS_BYTES, "MAX_XLS_BYTES")
            return _Raw(_xls_rows(path, sheet, display), [])
        if suffix in (".csv", ".txt", ".tsv"):
            _check_file(path, display, MAX_CSV_BYTES, "MAX_CSV_BYTES")
            return _csv_rows(path, display, lookup)
        raise DataError(
            Problem(
                Message(
                    "unsupported file type {suffix!r}: use .csv, .xlsx or .xls",
                    suffix=suffix or Message("(none)"),
                ),
                display,
            )
        )
    except OSError as exc:
        raise DataError(
            Problem(Message("cannot read: {reason}", reason=os_reason(exc)), display)
        ) from None


def _check_file(path: Path, display: str, limit: int, name: str) -> None:
    """Refuse, before reading a byte, anything but a regular file within `limit` bytes."""
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise DataError(Problem(Message("cannot read: it is a folder, not a list"), display))
    if not stat.S_ISREG(info.st_mode):
        raise DataError(
            Problem(
                Message(
                    "cannot read: not a regular file (a device, pipe or socket); give a saved list"
                ),
                display,
            )
        )
    if info.st_size > limit:
        raise DataError(
            Problem(
                Message(
                    "the file is {size} MB, over the limit of {limit} ({name}); split the list",
                    size=f"{info.st_size / _MB:.1f}",
                    limit=LIMITS[name],
                    name=name,
                ),
                display,
            )
        )


def _too_many_rows(display: str) -> DataError:
    return DataError(
        Problem(
            Message(
                "more than {rows} rows, over the limit of {limit} (MAX_ROWS)",
                rows=f"{MAX_ROWS:,}",
                limit=LIMITS["MAX_ROWS"],
            ),
            display,
        )
    )


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
        raise DataError(Problem(Message("the file is empty"), display))
    header_at, _, columns = best
    return header_at, columns


def _duplicate_headers(
    headers: list[str], lookup: dict[str, str], display: str, header_line: int
) -> list[Problem]:
    """Two headers naming one field: which column holds it would be a guess."""
    first: dict[str, int] = {}
    problems = []
    for index, header in enumerate(headers):
        name = lookup.get(header_key(header)) if header else None
        if name is None:
            continue
        if name not in first:
            first[name] = index
            continue
        earlier = first[name]
        problems.append(
            Problem(
                Message(
                    "the headers {first!r} (column {first_column}) and {header!r} (column "
                    "{column}) both name {field!r}: keep one column",
                    first=headers[earlier],
                    first_column=column_letter(earlier),
                    header=header,
                    column=column_letter(index),
                    field=name,
                ),
                display,
                header_line,
                name,
                header,
            )
        )
    return problems


def _lookalike_headers(
    headers: list[str],
    columns: dict[str, int],
    lookup: dict[str, str],
    aliases: Mapping[str, Sequence[str]],
    lookalikes: Mapping[str, Sequence[str]] | None,
    display: str,
    header_line: int,
) -> list[Problem]:
    """Unknown headers that look like a field no header names ("Tên đơn vị" for "Đơn vị")."""
    problems = []
    for name, words in (lookalikes or {}).items():
        if name in columns:
            continue
        known = [header_key(a) for a in aliases[name]]
        for index, header in enumerate(headers):
            key = header_key(header) if header else ""
            if not key or key in lookup:
                continue
            if any(w in key for w in words) or difflib.get_close_matches(key, known, 1, 0.8):
                expected = ", ".join(repr(a) for a in aliases[name][1:4])
                message = Message(
                    "the header {header!r} (column {column}) looks like the {field!r} column but "
                    "is not a header brandkit knows for it (such as {expected}); rename it, or "
                    "map it to {field!r} in the spec's columns",
                    header=header, column=column_letter(index), field=name, expected=expected,
                    label=aliases[name][1] if len(aliases[name]) > 1 else name,
                )  # fmt: skip
                problems.append(Problem(message, display, header_line, name, header))
    return problems


def _missing_column(
    name: str,
    aliases: Mapping[str, Sequence[str]],
    headers: list[str],
    display: str,
    header_line: int,
) -> Problem:
    """The problem of a required field no header names, with the headers it could be."""
    expected = ", ".join(repr(a) for a in aliases[name][:4])
    seen = ", ".join(repr(h) for h in headers if h) or Message("none")
    close = difflib.get_close_matches(
        header_key(aliases[name][1] if len(aliases[name]) > 1 else name),
        [header_key(h) for h in headers if h],
        n=1,
    )
    hint = Message(" (a header is close to it: check its spelling)") if close else ""
    message = Message(
        "no column for {field!r}: expected a header such as {expected}; found {seen}{hint}",
        field=name, expected=expected, seen=seen, hint=hint,
        label=aliases[name][1] if len(aliases[name]) > 1 else name,
    )  # fmt: skip
    return Problem(message, display, header_line)


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


def _trimmed(values: Iterable[object]) -> list[str]:
    """Cells as stripped text, without the empty cells a row ends with."""
    cells = [_cell_text(v).strip() for v in values]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _check_xlsx_parts(data: bytes, display: str) -> None:
    """Refuse an XLSX whose parts unpack to more than MAX_XLSX_UNPACKED_BYTES, before openpyxl
    inflates any of them (a few KB of zip can hold gigabytes of XML), and one listing more than
    MAX_XLSX_PARTS files before zipfile reads its whole directory."""
    parts = _zip_entries(data)
    if parts is not None and parts > MAX_XLSX_PARTS:
        raise DataError(
            Problem(
                Message(
                    "the workbook holds {parts} parts, over the limit of {limit} (MAX_XLSX_PARTS)",
                    parts=f"{parts:,}",
                    limit=LIMITS["MAX_XLSX_PARTS"],
                ),
                display,
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            unpacked = sum(info.file_size for info in book.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise DataError(_unreadable(display, exc, "")) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise DataError(
            Problem(
                Message(
                    "the workbook unpacks to {size} MB, over the limit of {limit} "
                    "(MAX_XLSX_UNPACKED_BYTES)",
                    size=f"{unpacked / _MB:.1f}",
                    limit=LIMITS["MAX_XLSX_UNPACKED_BYTES"],
                ),
                display,
            )
        )


def _zip_entries(data: bytes) -> int | None:
    """The number of files a zip's end record declares (None if there is no such record)."""
    tail = data[-65_557:]  # the end record (22 bytes) and its longest comment
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 12:
        return None
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    return None if entries == 0xFFFF else entries  # 0xFFFF: ZIP64, counted by zipfile


def _xlsx_rows(path: Path, sheet: str | None, display: str) -> list[tuple[int, list[str]]]:
    """The rows of an XLSX sheet. Reading a workbook takes openpyxl a good part of a second,
    so the rows read are kept in the user's cache under the digest of the file's bytes, the
    sheet asked for and the code that reads them: an edited list is read again, never served
    from the cache. Only rows read without a problem are kept."""
    data = path.read_bytes()  # within MAX_XLSX_BYTES; the bytes digested are the bytes read
    key = _sheet_key(data, sheet)
    rows = _cached_rows(read_entry(LIST_CACHE, key))
    if rows is None:
        rows = _read_xlsx(data, sheet, display)
        write_entry(LIST_CACHE, key, rows)
    return rows


LIST_CACHE = "lists"  # the user's cache of sheets read (brandkit.user_cache)


@lru_cache(maxsize=1)
def _reader_digest() -> bytes:
    """This module's code and the openpyxl release that reads the workbooks (found without
    importing it): another version may read the same bytes otherwise."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    found = importlib.util.find_spec("openpyxl")
    if found is not None and found.origin:
        with contextlib.suppress(OSError):
            digest.update(Path(found.origin).with_name("_constants.py").read_bytes())
    return digest.digest()


def _sheet_key(data: bytes, sheet: str | None) -> str:
    digest = hashlib.sha256(_reader_digest())
    digest.update(repr(sheet).encode("utf-8"))
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _cached_rows(data: object) -> list[tuple[int, list[str]]] | None:
    """Rows as the cache keeps them ([number, [cells]]), None unless every one is well formed."""
    if not isinstance(data, list):
        return None
    rows = []
    for item in data:
        if not (isinstance(item, list) and len(item) == 2):
            return None
        number, cells = item
        if not (
            isinstance(number, int)
            and isinstance(cells, list)
            and all(isinstance(c, str) for c in cells)
        ):
            return None
        rows.append((number, cells))
    return rows


def _read_xlsx(data: bytes, sheet: str | None, display: str) -> list[tuple[int, list[str]]]:
    import openpyxl

    _check_xlsx_parts(data, display)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DataError:
        raise
    except Exception as exc:  # openpyxl raises a dozen kinds on damaged parts
        raise DataError(_unreadable(display, exc)) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise DataError(_no_sheet(sheet, book.sheetnames, display))
        if not book.worksheets:
            message = Message("cannot read {file}: the workbook has no sheet", file=display)
            raise DataError(Problem(message, display))
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        return _sheet_rows(ws, display)
    except DataError:
        raise
    except Exception as exc:  # a sheet's XML is missing or malformed
        raise DataError(_damaged(display, exc)) from None
    finally:
        book.close()


def _sheet_rows(ws: object, display: str) -> list[tuple[int, list[str]]]:
    """The rows of a read-only openpyxl sheet, within MAX_ROWS and MAX_COLUMNS."""
    # The sheet's <dimension> says how far it reaches: refuse a sheet claiming more than the
    # limits before a row is read (openpyxl would pad every row up to it).
    max_row = getattr(ws, "max_row", None)
    max_column = getattr(ws, "max_column", None)
    if max_row is not None and max_row > MAX_ROWS:
        raise DataError(
            Problem(
                Message(
                    "the sheet reaches row {row}, over the limit of {limit} (MAX_ROWS); delete "
                    "the empty rows below the list",
                    row=f"{max_row:,}",
                    limit=LIMITS["MAX_ROWS"],
                ),
                display,
            )
        )
    if max_column is not None and max_column > MAX_COLUMNS:
        raise DataError(
            Problem(
                Message(
                    "the sheet reaches column {column}, over the limit of {limit} (MAX_COLUMNS); "
                    "delete the empty columns right of the list",
                    column=column_letter(max_column - 1),
                    limit=LIMITS["MAX_COLUMNS"],
                ),
                display,
            )
        )
    out = []
    rows = ws.iter_rows(  # type: ignore[attr-defined]
        max_row=MAX_ROWS + 1, max_col=min(max_column or MAX_COLUMNS, MAX_COLUMNS), values_only=True
    )
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise _too_many_rows(display)
        out.append((number, _trimmed(row)))
    return out


def _xls_rows(path: Path, sheet: str | None, display: str) -> list[tuple[int, list[str]]]:
    """Rows of an Excel 97–2003 workbook (.xls), as offices still save them."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True, ragged_rows=True)
    except Exception as exc:  # xlrd raises its own and struct/index errors on damaged files
        message = Message(
            "cannot read {file}: not a readable Excel 97–2003 workbook ({reason})",
            file=display, reason=f"{type(exc).__name__}: {exc}",
        )  # fmt: skip
        raise DataError(Problem(message, display)) from None
    try:
        names = book.sheet_names()
        if sheet is not None and sheet not in names:
            raise DataError(_no_sheet(sheet, names, display))
        ws = book.sheet_by_name(sheet) if sheet is not None else book.sheet_by_index(0)
        if ws.nrows > MAX_ROWS:
            raise _too_many_rows(display)
        out = []
        for index in range(ws.nrows):
            values = ws.row_values(index, 0, MAX_COLUMNS)
            out.append((index + 1, _trimmed(values)))
        return out
    except DataError:
        raise
    except Exception as exc:
        raise DataError(_damaged(display, exc)) from None
    finally:
        book.release_resources()


def _unreadable(display: str, exc: Exception, kind: str | None = None) -> Problem:
    """Not an Excel workbook: `exc` (with its type's name unless `kind` is given) says why."""
    reason = f"{type(exc).__name__}: {exc}" if kind is None else f"{kind}{exc}"
    message = Message(
        "cannot read {file}: not a readable Excel workbook ({reason})", file=display, reason=reason
    )
    return Problem(message, display)


def _damaged(display: str, exc: Exception) -> Problem:
    message = Message(
        "cannot read {file}: a sheet of the workbook is damaged ({reason})",
        file=display, reason=f"{type(exc).__name__}: {exc}",
    )  # fmt: skip
    return Problem(message, display)


def _no_sheet(sheet: str, names: Sequence[str], display: str) -> Problem:
    message = Message("no sheet {sheet!r} (sheets: {sheets})", sheet=sheet, sheets=", ".join(names))
    return Problem(message, display)


# Letters only Vietnamese uses among the precomposed ones of Windows-1258.
_VI_ONLY = frozenset("ăĂđĐơƠưƯ")


def _vietnamese_score(text: str) -> tuple[int, int]:
    """For text decoded as Windows-1258: how many Vietnamese signs it has (tone marks that join
    the letter before them, letters only Vietnamese uses), and how many marks join nothing."""
    composed = unicodedata.normalize("NFC", text)
    loose = sum(1 for c in composed if unicodedata.combining(c))
    joined = sum(1 for c in text if unicodedata.combining(c)) - loose
    letters = sum(1 for c in composed if c in _VI_ONLY)
    return joined + letters, loose


def _latin_share(text: str) -> float:
    """The share of `text` that Latin or Vietnamese writing uses (letters, marks, spaces)."""
    ok = sum(
        1
        for c in text
        if " " <= c < "\u0250"
        or c in "\t\r\n"
        or "\u0300" <= c < "\u0370"
        or "\u1e00" <= c < "\u1f00"
        or "\u2000" <= c < "\u2070"
    )
    return ok / max(len(text), 1)


def decode_list(raw: bytes, display: str) -> tuple[str, str]:
    """The text of a CSV list and the name of the encoding it was found in.

    UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode text", with or without
    a mark), Windows-1258 (Vietnamese Windows' "CSV") and Windows-1252 are told apart.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return _decode(raw[3:], "utf-8", "UTF-8", display), "UTF-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(raw, "utf-16", "UTF-16", display), "UTF-16"
    sample = raw[:4096]
    if b"\x00" in sample and len(sample) >= 4:
        # NUL bytes in text mean UTF-16 without a mark: the byte order that reads as
        # Latin/Vietnamese text wins (the other gives CJK or Yi syllables).
        sample = sample[: len(sample) // 2 * 2]
        scores = {
            codec: _latin_share(sample.decode(codec, errors="replace"))
            for codec in ("utf-16-le", "utf-16-be")
        }
        codec = max(scores, key=lambda c: scores[c])
        if scores[codec] >= 0.9:
            name = "UTF-16 LE" if codec == "utf-16-le" else "UTF-16 BE"
            return _decode(raw, codec, name, display), name
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    candidates: dict[str, str] = {}
    for codec in ("cp1258", "cp1252"):
        try:
            candidates[codec] = raw.decode(codec)
        except UnicodeDecodeError:
            continue
    vietnamese = candidates.get("cp1258")
    if vietnamese is not None:
        letters, loose = _vietnamese_score(vietnamese)
        if (letters and loose * 4 <= letters) or "cp1252" not in candidates:
            return vietnamese, "Windows-1258 (Vietnamese)"
    if "cp1252" in candidates:
        return candidates["cp1252"], "Windows-1252"
    raise DataError(
        Problem(
            Message(
                "the text encoding is none of UTF-8, UTF-16, Windows-1258 or Windows-1252; save "
                "the list as 'CSV UTF-8' or as .xlsx"
            ),
            display,
        )
    )


def _decode(raw: bytes, codec: str, name: str, display: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise DataError(
            Problem(
                Message(
                    "not valid {encoding} text (byte {byte}); save the list as 'CSV UTF-8' or as "
                    ".xlsx",
                    encoding=name,
                    byte=exc.start,
                ),
                display,
            )
        ) from None


def _pick_delimiter(text: str, lookup: dict[str, str]) -> str:
    """The delimiter that makes one of the top lines the best header row (title lines above it
    may hold no delimiter at all), else the one the first lines use most."""
    top = text[:65536].splitlines()[:HEADER_SEARCH_ROWS]
    best, best_score = "", 0
    for delimiter in ",;\t":
        for line in top:
            cells = [c.strip().strip('"') for c in line.split(delimiter)]
            score = len({lookup[k] for c in cells if (k := header_key(c)) in lookup})
            if score > best_score:
                best, best_score = delimiter, score
    if best:
        return best
    return max(",;\t", key=lambda d: sum(line.count(d) for line in top))


def _csv_rows(path: Path, display: str, lookup: dict[str, str]) -> _Raw:
    with path.open("rb") as handle:
        raw = handle.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:  # it grew since it was measured
        raise DataError(
            Problem(
                Message(
                    "the file is over the limit of {limit} (MAX_CSV_BYTES)",
                    limit=LIMITS["MAX_CSV_BYTES"],
                ),
                display,
            )
        )
    text, encoding = decode_list(raw, display)
    notices: list[str] = []
    if encoding != "UTF-8":
        notices.append(Message("{file}: read as {encoding} text", file=display, encoding=encoding))
    delimiter = _pick_delimiter(text, lookup)
    if text.count(delimiter) > MAX_CELLS:
        raise DataError(
            Problem(
                Message(
                    "more than {cells} cells, over the limit of {limit} (MAX_CELLS)",
                    cells=f"{MAX_CELLS:,}",
                    limit=LIMITS["MAX_CELLS"],
                ),
                display,
            )
        )
    # strict: a quote left open must not swallow the rows below it into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out: list[tuple[int, list[str]]] = []
    start = 1  # a record may span lines (a line break inside quotes): name the one it starts on
    try:
        for cells in reader:
            if len(out) >= MAX_ROWS:
                raise _too_many_rows(display)
            if len(cells) > MAX_COLUMNS and any(c.strip() for c in cells[MAX_COLUMNS:]):
                raise DataError(
                    Problem(
                        Message(
                            "more than {columns} columns, over the limit of {limit} (MAX_COLUMNS)",
                            columns=MAX_COLUMNS,
                            limit=LIMITS["MAX_COLUMNS"],
                        ),
                        display,
                        start,
                    )
                )
            out.append((start, _trimmed(cells[:MAX_COLUMNS])))
            start = reader.line_num + 1
    except csv.Error as exc:
        if reader.line_num > start:
            raise _OpenQuote(start, _open_quote_column(text, start, delimiter), out) from None
        message = Message("malformed CSV: {reason}", reason=exc)
        raise DataError(Problem(message, display, reader.line_num)) from None
    return _Raw(out, notices, delimiter)


def _swallowed_rows(
    cells: list[str],
    delimiter: str,
    headers: list[str],
    lookup: dict[str, str],
    number: int,
    display: str,
) -> list[Problem]:
    """A quoted CSV cell that holds whole lines shaped like rows: a quote opened on row
    `number` was closed only rows later, by another stray quote."""
    shaped = max(2, len([h for h in headers if h]) - 1)
    for index, cell in enumerate(cells):
        inner = cell.split("\n")[1:-1]  # the lines the cell holds from start to end
        if any(line.count(delimiter) >= shaped for line in inner):
            return [_open_quote_problem(_OpenQuote(number, index, [(0, headers)]), lookup, display)]
    return []


def _open_quote_column(text: str, line: int, delimiter: str) -> int:
    """The column whose quote is still open at the end of physical line `line`."""
    for number, physical in enumerate(io.StringIO(text, newline=""), start=1):
        if number == line:
            cells = next(csv.reader([physical], delimiter=delimiter), [])
            return max(len(cells) - 1, 0)
    return 0


def _open_quote_problem(exc: _OpenQuote, lookup: dict[str, str], display: str) -> Problem:
    header = ""
    for _, cells in exc.before[:HEADER_SEARCH_ROWS]:
        if _columns(cells, lookup) and exc.column < len(cells):
            header = cells[exc.column]
            break
    name = lookup.get(header_key(header)) if header else None
    letter = column_letter(exc.column)
    where = (
        Message("column {column} {header!r}", column=letter, header=header)
        if header
        else Message("column {column}", column=letter)
    )
    message = Message(
        'a quote (") opens a cell in {where} and is never closed where the cell should end, so '
        "the rows below would be read into this one cell: check the quotes of this row",
        where=where,
    )
    return Problem(message, display, exc.line, name, header or None)


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
                    Message(
                        "data.{source}.columns maps {header!r} to unknown field {field!r} "
                        "(fields: {fields})",
                        source=source_name,
                        header=header,
                        field=fld,
                        fields=", ".join(aliases),
                    ),
                    spec_file.source.file,
                    spec_file.source.line_of(("data", source_name, "columns", header)),
                )
            )
        aliases[fld].insert(0, header)
    return aliases
