"""Procedure lists: Vietnamese headers, green-lane marks, units by id or name, every bad row."""

from __future__ import annotations

import csv
import importlib.util
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest

from brandkit.data.procedures import (
    PROCEDURE_ALIASES,
    Procedure,
    parse_green_lane,
    procedures_for,
    read_procedures,
)
from brandkit.errors import DataError
from brandkit.spec import load_spec
from brandkit.text import normalise_text

HEADERS = ("Mã thủ tục", "Tên thủ tục hành chính", "Lĩnh vực", "Thời hạn giải quyết")
HEADERS += ("Phí, lệ phí", "Làn xanh", "Đơn vị thực hiện")
ROWS = [
    ("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch", "Trong ngày", "Miễn phí", "x", ""),
    ("2.001019", "Chứng thực di chúc", "Chứng thực", "02 ngày làm việc", "50.000 đồng", "", ""),
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def write(
    path: Path,
    rows: Sequence[Sequence[object]],
    headers: Sequence[str] = HEADERS,
    above: Sequence[Sequence[object]] = (),
    sheet: str = "Thủ tục",
) -> Path:
    """A list at `path` (XLSX through openpyxl, else CSV): `above` rows, the header, `rows`."""
    lines = [*above, list(headers), *rows]
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        ws = book.active
        ws.title = sheet
        for line in lines:
            ws.append(list(line))
        book.save(path)
    else:
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([["" if v is None else v for v in ln] for ln in lines])
    return path


def read(path: Path, spec_file) -> list[Procedure]:
    return read_procedures(path, spec_file, display=path.name)


def problems_of(path: Path, spec_file) -> list:
    with pytest.raises(DataError) as info:
        read(path, spec_file)
    return info.value.problems


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_vietnamese_headers(tmp_path, sample_spec, suffix: str) -> None:
    path = write(tmp_path / f"procedures{suffix}", ROWS)
    found = read(path, sample_spec)
    assert found == [
        Procedure(
            "1.001193",
            "Thủ tục đăng ký khai sinh",
            "Hộ tịch",
            "Trong ngày",
            "Miễn phí",
            True,
            None,
            path.name,
            2,
        ),
        Procedure(
            "2.001019",
            "Chứng thực di chúc",
            "Chứng thực",
            "02 ngày làm việc",
            "50.000 đồng",
            False,
            None,
            path.name,
            3,
        ),
    ]


@pytest.mark.parametrize(
    "headers",
    [
        ("Mã TTHC", "Tên TTHC", "Lĩnh vực", "Thời gian giải quyết", "Phí/lệ phí", "Làn xanh"),
        ("Mã", "Tên thủ tục", "Lĩnh vực", "Thời hạn giải quyết", "Lệ phí", "Làn xanh"),
        (
            "MÃ THỦ TỤC",
            "TÊN THỦ TỤC HÀNH CHÍNH",
            "LĨNH VỰC",
            "THỜI HẠN GIẢI QUYẾT",
            "PHÍ",
            "LÀN XANH",
        ),
        (
            "ma thu tuc",
            "ten thu tuc hanh chinh",
            "linh vuc",
            "thoi han giai quyet",
            "phi, le phi",
            "lan xanh",
        ),
        tuple(nfd(h) for h in HEADERS[:6]),
        ("Mã thủ tục:", "  Tên  thủ tục ", "Lĩnh vực:", "Thời hạn giải quyết", "Phí", "Làn xanh"),
        ("code", "name", "field", "processing_time", "fee", "green_lane"),
    ],
)
def test_header_aliases(tmp_path, sample_spec, headers) -> None:
    found = read(write(tmp_path / "procedures.csv", [r[:6] for r in ROWS], headers), sample_spec)
    assert [(p.code, p.name, p.field, p.processing_time, p.fee, p.green_lane) for p in found] == [
        (*r[:5], r[5] == "x") for r in ROWS
    ]


def test_only_the_required_columns(tmp_path, sample_spec) -> None:
    found = read(write(tmp_path / "p.csv", [r[:3] for r in ROWS], HEADERS[:3]), sample_spec)
    assert [(p.processing_time, p.fee, p.green_lane, p.units) for p in found] == [
        ("", "", False, None)
    ] * 2


def test_xlsx_with_a_title_above_the_header(tmp_path, sample_spec) -> None:
    above = [
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",),
        ("DANH MỤC THỦ TỤC HÀNH CHÍNH TIẾP NHẬN TẠI BỘ PHẬN MỘT CỬA",),
        (),
    ]
    headers = ("STT", *HEADERS)
    # A group heading spans its row in Excel, but its text sits in the STT cell alone.
    rows = [("I. LĨNH VỰC HỘ TỊCH",), (1, *ROWS[0]), (2, *ROWS[1])]
    path = write(tmp_path / "procedures.xlsx", rows, headers, above)
    found = read(path, sample_spec)
    assert [(p.code, p.row) for p in found] == [("1.001193", 6), ("2.001019", 7)]
    assert found[0].name == "Thủ tục đăng ký khai sinh"


def test_nfd_text_is_normalised(tmp_path, sample_spec) -> None:
    rows = [("1.001193", nfd("  Thủ tục   đăng ký khai sinh "), nfd("Hộ tịch"), nfd("Trong ngày"))]
    for suffix in (".csv", ".xlsx"):
        (found,) = read(write(tmp_path / f"p{suffix}", rows, HEADERS[:4]), sample_spec)
        assert found.name == "Thủ tục đăng ký khai sinh"
        assert unicodedata.is_normalized("NFC", found.name)
        assert found.field == "Hộ tịch" and found.processing_time == "Trong ngày"


YES = ["x", "X", "✓", "✔", "yes", "Yes", "YES", "có", "Có", "CÓ", "co", "CO", nfd("Có")]
YES += ["true", "TRUE", "True", "1", "làn xanh", "Làn xanh", "LAN XANH", nfd("Làn xanh"), " x "]
NO = ["", " ", "-", "no", "No", "NO", "không", "Không", "KHÔNG", "khong", "KHONG", nfd("Không")]
NO += ["false", "FALSE", "False", "0"]
NOT_A_MARK = ["maybe", "xx", "2", "có thể", "✗", "làn vàng", "v"]


@pytest.mark.parametrize("text", YES)
def test_green_lane_yes(text: str) -> None:
    assert parse_green_lane(text) is True


@pytest.mark.parametrize("text", NO)
def test_green_lane_no(text: str) -> None:
    assert parse_green_lane(text) is False


@pytest.mark.parametrize("text", NOT_A_MARK)
def test_green_lane_not_a_mark(text: str) -> None:
    assert parse_green_lane(text) is None


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_green_lane_spelling_in_a_file(tmp_path, sample_spec, suffix: str) -> None:
    marks: list[object] = [*YES, *NO]
    if suffix == ".xlsx":
        marks += [True, False, 1, 0]  # cells Excel holds as booleans or numbers
    rows = [(f"9.{i:06d}", "Thủ tục", "Hộ tịch", "", "", m) for i, m in enumerate(marks)]
    found = read(write(tmp_path / f"p{suffix}", rows, HEADERS[:6]), sample_spec)
    expected = [True] * len(YES) + [False] * len(NO)
    if suffix == ".xlsx":
        expected += [True, False, True, False]
    assert [p.green_lane for p in found] == expected


def test_unparseable_green_lane_says_what_is_understood(tmp_path, sample_spec) -> None:
    rows = [(*ROWS[0][:5], "x"), (*ROWS[1][:5], "có thể")]
    (problem,) = problems_of(write(tmp_path / "p.csv", rows, HEADERS[:6]), sample_spec)
    assert (problem.file, problem.line, problem.field) == ("p.csv", 3, "green_lane")
    assert "'có thể' is not a green-lane mark" in problem.message
    for understood in ("x", "✓", "có/không", "yes/no", "true/false", "1/0", "empty"):
        assert understood in problem.message


def test_every_bad_row_is_reported_at_once(tmp_path, sample_spec) -> None:
    rows = [
        ("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch", "", "", "x", ""),  # row 2: fine
        ("2.001019", "Chứng thực di chúc", "Chứng thực", "", "", "", ""),  # row 3: fine
        ("1.001193", "Thủ tục đăng ký khai sinh (lần 2)", "Hộ tịch", "", "", "", ""),  # 4: dup
        ("", "Không có mã", "Hộ tịch", "", "", "", ""),  # 5: empty code
        ("1.000894", "", "", "", "", "", ""),  # 6: empty name and field
        ("1.000656", "Thủ tục đăng ký khai tử", "Hộ tịch", "", "", "chưa", ""),  # 7: mark
        ("1.004222", "Đăng ký thường trú", "Cư trú", "", "", "", "Phường Tây Hổ"),  # 8: unit
        ("2.001019", "", "Chứng thực", "", "", "?", "phuong-tay-ho; Phường Ma"),  # 9: four
    ]
    problems = problems_of(write(tmp_path / "procedures.csv", rows), sample_spec)
    assert all(p.file == "procedures.csv" for p in problems)
    assert [(p.line, p.field) for p in problems] == [
        (4, "code"),
        (5, "code"),
        (6, "name"),
        (6, "field"),
        (7, "green_lane"),
        (8, "units"),
        (9, "code"),
        (9, "name"),
        (9, "green_lane"),
        (9, "units"),
    ]
    messages = [p.message for p in problems]
    assert messages[0] == "code '1.001193' is already used on row 2"
    # Issue 16: an empty cell is named by the list's own header too.
    assert messages[1] == "'code' is empty (column 'Mã thủ tục')"
    assert messages[2].startswith("'name' is empty (column '")
    assert messages[3] == "'field' is empty (column 'Lĩnh vực')"
    assert messages[6] == "code '2.001019' is already used on row 3"
    assert "no unit 'Phường Tây Hổ' in the spec; did you mean 'Phường Tây Hồ'?" in messages[5]
    assert "no unit 'Phường Ma' in the spec" in messages[9]
    assert str(problems[0]).startswith("procedures.csv:4: code: ")


def test_empty_rows_are_skipped(tmp_path, sample_spec) -> None:
    path = tmp_path / "procedures.csv"
    text = ",".join(HEADERS[:3]) + "\n,,\n" + ",".join(ROWS[0][:3]) + "\n\n,,\n"
    path.write_text(text + ",".join(ROWS[1][:3]) + "\n,,\n", encoding="utf-8")
    assert [p.row for p in read(path, sample_spec)] == [3, 6]


def test_a_missing_required_column_is_named(tmp_path, sample_spec) -> None:
    path = write(tmp_path / "p.xlsx", [r[:2] for r in ROWS], ("Mã thủ tục", "Tên thủ tục"))
    (problem,) = problems_of(path, sample_spec)
    assert (problem.file, problem.line) == ("p.xlsx", 1)
    assert "no column for 'field'" in problem.message
    assert "'Lĩnh vực'" in problem.message


UNIT_CELLS = [
    ("phuong-tay-ho", {"phuong-tay-ho"}),
    ("Phường Tây Hồ", {"phuong-tay-ho"}),
    ("PHƯỜNG TÂY HỒ", {"phuong-tay-ho"}),
    (nfd("phường tây hồ"), {"phuong-tay-ho"}),
    ("trung-tam; Phường Tây Hồ", {"trung-tam", "phuong-tay-ho"}),
    ("Chi nhánh số 3, phuong-tay-ho", {"chi-nhanh-03", "phuong-tay-ho"}),
    ("Phường Tây Hồ\nChi nhánh số 1\ntrung-tam", {"phuong-tay-ho", "chi-nhanh-01", "trung-tam"}),
    ("Phường Tây Hồ;\nPhường Ba Đình;", {"phuong-tay-ho", "phuong-ba-dinh"}),
    ("", None),
    ("Tất cả", None),
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_units_by_id_or_name(tmp_path, sample_spec, suffix: str) -> None:
    rows = [
        (f"9.{i:06d}", "Thủ tục", "Hộ tịch", "", "", "", cell)
        for i, (cell, _) in enumerate(UNIT_CELLS)
    ]
    found = read(write(tmp_path / f"p{suffix}", rows), sample_spec)
    assert [p.units for p in found] == [
        None if ids is None else frozenset(ids) for _, ids in UNIT_CELLS
    ]


def test_units_column_under_other_headers(tmp_path, sample_spec) -> None:
    for header in ("Đơn vị", "Cơ quan thực hiện", "units", "ĐƠN VỊ THỰC HIỆN"):
        path = write(tmp_path / "p.csv", [(*ROWS[0][:3], "trung-tam")], (*HEADERS[:3], header))
        (found,) = read(path, sample_spec)
        assert found.units == frozenset({"trung-tam"})


def test_procedures_for(tmp_path, sample_spec) -> None:
    rows = [
        ("1", "Mọi nơi", "Hộ tịch", "", "", "", ""),
        ("2", "Chỉ Tây Hồ", "Hộ tịch", "", "", "", "Phường Tây Hồ"),
        ("3", "Trung tâm và Tây Hồ", "Hộ tịch", "", "", "", "trung-tam; phuong-tay-ho"),
        ("4", "Chỉ Trung tâm", "Hộ tịch", "", "", "", "trung-tam"),
    ]
    found = read(write(tmp_path / "p.csv", rows), sample_spec)
    assert [p.code for p in procedures_for(found, "phuong-tay-ho")] == ["1", "2", "3"]
    assert [p.code for p in procedures_for(found, "trung-tam")] == ["1", "3", "4"]
    assert [p.code for p in procedures_for(found, "chi-nhanh-03")] == ["1"]
    assert procedures_for([], "trung-tam") == []


# The sample spec names its procedure list; the tests add a header or a sheet to that entry.
LIST_ENTRY = "  procedures:\n    file: data/procedures.csv\n"
WITH_COLUMNS = LIST_ENTRY + '    columns:\n      "Số hồ sơ TTHC": code\n'


def test_header_added_by_the_spec(tmp_path, spec_copy) -> None:
    spec_copy.edit(LIST_ENTRY, WITH_COLUMNS)
    spec_file = load_spec(spec_copy.path)
    path = write(tmp_path / "p.csv", [r[:3] for r in ROWS], ("Số hồ sơ TTHC", *HEADERS[1:3]))
    assert [p.code for p in read(path, spec_file)] == ["1.001193", "2.001019"]


def test_spec_mapping_to_an_unknown_field(tmp_path, spec_copy) -> None:
    spec_copy.edit(LIST_ENTRY, WITH_COLUMNS.replace(": code", ": ma"))
    spec_file = load_spec(spec_copy.path, display="brand.yaml")
    with pytest.raises(DataError, match="unknown field 'ma'") as info:
        read(write(tmp_path / "p.csv", ROWS), spec_file)
    (problem,) = info.value.problems
    assert problem.file == "brand.yaml"
    assert problem.line == spec_copy.line_of('"Số hồ sơ TTHC": ma')
    assert "data.procedures.columns" in problem.message
    assert all(name in problem.message for name in PROCEDURE_ALIASES)


def test_xlsx_sheet_named_by_the_spec(spec_copy) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Ghi chú"
    book.active.append(["Không phải danh mục"])
    sheet = book.create_sheet("Danh mục TTHC")
    for line in (HEADERS, *ROWS):
        sheet.append(list(line))
    book.save(spec_copy.dir / "data" / "procedures.xlsx")
    entry = "  procedures:\n    file: data/procedures.xlsx\n    sheet: Danh mục TTHC\n"
    spec_copy.edit(LIST_ENTRY, entry)
    spec_file = load_spec(spec_copy.path)
    found = read_procedures(spec_file.resolve("data/procedures.xlsx"), spec_file)
    assert [p.code for p in found] == ["1.001193", "2.001019"]
    # Another workbook (given on the command line) is read from its first sheet.
    other = write(spec_copy.dir / "other.xlsx", ROWS, sheet="Sheet1")
    assert [p.code for p in read_procedures(other, spec_file)] == ["1.001193", "2.001019"]


def test_the_sample_list_matches_the_reference(sample_spec, sample_spec_path) -> None:
    data = sample_spec_path.parent / "data"
    with (data / "hanoi-procedures-sample.csv").open(encoding="utf-8", newline="") as f:
        reference = list(csv.DictReader(f))
    found = read_procedures(data / "procedures.csv", sample_spec, "procedures.csv")
    assert len(found) == len(reference) == 16
    assert [p.code for p in found] == [r["code"] for r in reference]
    assert [p.name for p in found] == [unicodedata.normalize("NFC", r["name"]) for r in reference]
    assert [p.field for p in found] == [normalise_text(r["field"]) for r in reference]
    assert all(unicodedata.is_normalized("NFC", p.name) for p in found)
    assert found[0].name == "Thủ tục đăng ký khai sinh"
    assert found[1].name == "Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con"
    assert 4 <= sum(p.green_lane for p in found) <= 5
    assert all(p.processing_time and p.fee and p.units is None for p in found)
    assert [p.row for p in found] == list(range(2, 18))


def test_the_sample_list_is_what_its_script_makes(tmp_path, repo_root, monkeypatch) -> None:
    script = repo_root / "scripts" / "make_procedures_sample.py"
    spec = importlib.util.spec_from_file_location("make_procedures_sample", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "PROCEDURES_CSV", tmp_path / "procedures.csv")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    module.main()
    made = (tmp_path / "procedures.csv").read_bytes()
    assert made == (repo_root / "specs" / "data" / "procedures.csv").read_bytes()
    assert made.startswith("Mã thủ tục,Tên thủ tục hành chính,".encode())
    assert b',"Ph\xc3\xad, l\xe1\xbb\x87 ph\xc3\xad",' in made.split(b"\n")[0]
