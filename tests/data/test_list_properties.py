"""Property-based tests of the staff and procedure readers: whatever Vietnamese names, units
and file formats an office uses, a list reads back as written (after NFC); whatever bytes a
file holds, reading it gives people or a `DataError`, never a traceback."""

from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brandkit.data.procedures import read_procedures
from brandkit.data.staff import read_staff
from brandkit.errors import DataError
from brandkit.spec import load_spec
from brandkit.text import normalise_text
from tests.conftest import SAMPLE_SPEC, VI_HEADERS
from tests.data.lists import to_cp1258

SPEC = load_spec(SAMPLE_SPEC)
UNITS = SPEC.spec.units
_VOWELS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
LETTERS = _VOWELS + "bcdđghklmnpqrstvx"
LETTERS += LETTERS.upper()
PROC_HEADERS = ("Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Làn xanh", "Đơn vị thực hiện")
FORMATS = ("xlsx", "xls", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258", ";", "\t")
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(alphabet=LETTERS, min_size=1, max_size=7)
names = st.lists(words, min_size=1, max_size=5).map(" ".join)
# Titles may hold what CSV must quote: delimiters, quotes, and runs of spaces.
titles = st.text(alphabet=LETTERS + " ,;\"'-()/", min_size=1, max_size=30).filter(
    lambda t: normalise_text(t) != ""
)
units = st.sampled_from(UNITS).flatmap(lambda u: st.sampled_from([u.id, u.name]))
spellings = st.sampled_from(["NFC", "NFD"])


def write_list(folder: Path, headers, rows, fmt: str) -> Path:
    """`rows` under `headers` in one of the formats office software writes."""
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(list(headers))
        for row in rows:
            book.active.append(list(row))
        path = folder / "list.xlsx"
        book.save(path)
        return path
    if fmt == "xls":
        import xlwt

        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("Danh sách")
        for r, row in enumerate([headers, *rows]):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        path = folder / "list.xls"
        book.save(str(path))
        return path
    delimiter = fmt if fmt in (";", "\t") else ","
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([headers, *rows])
    text = out.getvalue()
    path = folder / "list.csv"
    if fmt == "cp1258":
        path.write_bytes(to_cp1258(text))
    else:
        path.write_bytes(text.encode(fmt if fmt not in (";", "\t") else "utf-8"))
    return path


@PROPERTY
@given(
    people=st.lists(st.tuples(names, titles, units, spellings), min_size=1, max_size=12),
    fmt=st.sampled_from(FORMATS),
)
def test_any_staff_list_reads_back_as_written(people, fmt: str) -> None:
    rows = [
        (f"CB{i:04d}", *(unicodedata.normalize(form, v) for v in (name, title, unit)))
        for i, (name, title, unit, form) in enumerate(people)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = write_list(Path(folder), VI_HEADERS[:4], rows, fmt)
        read = read_staff(path, SPEC, "list")
    unit_of = {u.id: u.id for u in UNITS} | {normalise_text(u.name): u.id for u in UNITS}
    expected = [
        (i, normalise_text(n), normalise_text(t), unit_of[normalise_text(u)]) for i, n, t, u in rows
    ]
    assert [(p.id, p.name, p.title, p.unit) for p in read] == expected
    assert [p.row for p in read] == list(range(2, len(rows) + 2))


green_marks = st.sampled_from([("x", True), ("", False), ("Có", True), ("không", False)])
unit_sets = st.lists(st.sampled_from([u.id for u in UNITS]), max_size=3, unique=True)


@PROPERTY
@given(
    procedures=st.lists(st.tuples(names, names, green_marks, unit_sets), min_size=1, max_size=10),
    fmt=st.sampled_from(FORMATS),
)
def test_any_procedure_list_reads_back_as_written(procedures, fmt: str) -> None:
    rows = [
        (f"1.{i:06d}", name, field, mark, "; ".join(ids))
        for i, (name, field, (mark, _), ids) in enumerate(procedures)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = write_list(Path(folder), PROC_HEADERS, rows, fmt)
        read = read_procedures(path, SPEC, "list")
    assert [(p.code, p.name, p.field, p.green_lane, p.units) for p in read] == [
        (code, normalise_text(name), normalise_text(field), green, frozenset(ids) or None)
        for (code, name, field, _, _), (_, _, (_, green), ids) in zip(rows, procedures, strict=True)
    ]


def _valid_xlsx() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        rows = [("CB0001", "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho")]
        return write_list(Path(folder), VI_HEADERS[:4], rows, "xlsx").read_bytes()


VALID_XLSX = _valid_xlsx()


def _read_never_crashes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"list{suffix}"
        path.write_bytes(data)
        for reader in (read_staff, read_procedures):
            try:
                reader(path, SPEC, "list")
            except DataError as exc:
                assert all(p.file == "list" for p in exc.problems)


@PROPERTY
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".txt"]))
def test_random_bytes_never_give_a_traceback(data: bytes, suffix: str) -> None:
    _read_never_crashes(data, suffix)


@PROPERTY
@given(data=st.data())
def test_a_damaged_workbook_never_gives_a_traceback(data) -> None:
    raw = bytearray(VALID_XLSX)
    for _ in range(data.draw(st.integers(1, 20))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    _read_never_crashes(bytes(raw), ".xlsx")


@PROPERTY
@given(data=st.data())
def test_a_workbook_with_a_damaged_part_never_gives_a_traceback(data) -> None:
    with zipfile.ZipFile(io.BytesIO(VALID_XLSX)) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    name = data.draw(st.sampled_from(sorted(parts)))
    part = bytearray(parts[name])
    cut = data.draw(st.integers(0, len(part)))
    parts[name] = bytes(part[:cut]) + data.draw(st.binary(max_size=40))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        for part_name, content in parts.items():
            book.writestr(part_name, content)
    _read_never_crashes(out.getvalue(), ".xlsx")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_of_the_property_tests_is_read(tmp_path, fmt: str) -> None:
    rows = [("CB0001", "Nguyễn Thị Ánh Tuyết", 'Trưởng "Tổ", một cửa', "Phường Tây Hồ")]
    path = write_list(tmp_path, VI_HEADERS[:4], rows, fmt)
    (person,) = read_staff(path, SPEC, "list")
    assert (person.name, person.title, person.unit) == (
        "Nguyễn Thị Ánh Tuyết",
        'Trưởng "Tổ", một cửa',
        "phuong-tay-ho",
    )
