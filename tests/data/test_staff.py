"""Staff lists: Vietnamese headers, units matched by id or name, every bad row reported."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from brandkit.data.staff import read_staff
from brandkit.data.table import header_key
from brandkit.errors import DataError
from brandkit.spec import load_spec
from brandkit.text import normalise_text
from tests.conftest import VI_HEADERS

PEOPLE = [
    ("CB9001", "Nguyễn Thị Ánh Tuyết", "Chuyên viên", "phuong-tay-ho"),
    ("CB9002", "Đặng Văn Ễnh", "Phó Giám đốc Chi nhánh", "chi-nhanh-03"),
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def read(path: Path, spec_file, **kwargs):
    return read_staff(path, spec_file, display=path.name, **kwargs)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_vietnamese_headers(write_staff, sample_spec, suffix: str) -> None:
    path = write_staff(f"staff{suffix}", PEOPLE)
    people = read(path, sample_spec)
    assert [(p.id, p.name, p.title, p.unit) for p in people] == PEOPLE
    assert [p.row for p in people] == [2, 3]
    assert all(p.file == path.name and p.photo is None for p in people)


def test_the_sample_lists_read_alike(sample_spec, sample_spec_path) -> None:
    data = sample_spec_path.parent / "data"
    from_xlsx = read_staff(data / "staff.xlsx", sample_spec, "staff.xlsx")
    from_csv = read_staff(data / "staff.csv", sample_spec, "staff.csv")
    assert len(from_xlsx) == 432
    assert len({p.unit for p in from_xlsx}) == 139
    strip = [(p.id, p.name, p.title, p.unit, p.photo) for p in from_xlsx]
    assert strip == [(p.id, p.name, p.title, p.unit, p.photo) for p in from_csv]
    tay_ho = [p for p in from_xlsx if p.unit == "phuong-tay-ho"]
    assert [p.id for p in tay_ho] == ["CB00076", "CB00077", "CB00078"]
    assert tay_ho[0].name == "Công Tôn Nữ Thị Hoàng Phương Thảo Nguyên"
    assert tay_ho[0].photo is not None and tay_ho[0].photo.is_file()


@pytest.mark.parametrize(
    "headers",
    [
        ("Mã số", "Họ tên", "Chức vụ", "Đơn vị"),
        ("Mã CB", "Họ và tên cán bộ", "Vị trí", "Đơn vị công tác"),
        ("MÃ CÁN BỘ", "HỌ VÀ TÊN", "CHỨC DANH", "ĐƠN VỊ"),
        ("ma can bo", "ho va ten", "chuc danh", "don vi"),
        ("Mã cán bộ:", " Họ  và tên ", "Chức danh", "Đơn vị"),
        tuple(nfd(h) for h in ("Mã cán bộ", "Họ và tên", "Chức danh", "Đơn vị")),
        ("id", "name", "title", "unit"),
    ],
)
def test_header_aliases(write_staff, sample_spec, headers) -> None:
    path = write_staff("staff.csv", PEOPLE, headers)
    assert [(p.id, p.name, p.title, p.unit) for p in read(path, sample_spec)] == PEOPLE


def test_columns_in_any_order_and_extra_columns(write_staff, sample_spec) -> None:
    headers = ("STT", "Đơn vị", "Ghi chú", "Họ và tên", "Chức danh", "Mã cán bộ")
    rows = [(i + 1, u, "x", n, t, id_) for i, (id_, n, t, u) in enumerate(PEOPLE)]
    path = write_staff("staff.xlsx", rows, headers)
    assert [(p.id, p.name, p.title, p.unit) for p in read(path, sample_spec)] == PEOPLE


def test_header_added_by_the_spec(write_staff, sample_spec, spec_copy) -> None:
    # The sample spec maps "Số hiệu" to the id.
    path = write_staff("staff.csv", PEOPLE, ("Số hiệu", "Họ và tên", "Chức danh", "Đơn vị"))
    assert [p.id for p in read(path, sample_spec)] == ["CB9001", "CB9002"]
    # A spec may add any header.
    spec_copy.edit('      "Số hiệu": id', '      "Số hiệu": id\n      "Tên đầy đủ": name')
    spec_file = load_spec(spec_copy.path)
    path = write_staff("custom.csv", PEOPLE, ("Mã cán bộ", "Tên đầy đủ", "Chức danh", "Đơn vị"))
    assert [p.name for p in read(path, spec_file)] == [p[1] for p in PEOPLE]


def test_spec_mapping_to_an_unknown_field(write_staff, spec_copy) -> None:
    spec_copy.edit('      "Số hiệu": id', '      "Số hiệu": ident')
    spec_file = load_spec(spec_copy.path, display="brand.yaml")
    path = write_staff("staff.csv", PEOPLE)
    with pytest.raises(DataError, match="unknown field 'ident'") as info:
        read(path, spec_file)
    assert info.value.problems[0].file == "brand.yaml"
    assert info.value.problems[0].line == spec_copy.line_of('"Số hiệu": ident')


def test_nfd_and_odd_spacing_are_normalised(write_staff, sample_spec) -> None:
    rows = [
        ("  CB9001 ", nfd("  Nguyễn   Thị\tÁnh  Tuyết "), nfd("Chuyên  viên"), "phuong-tay-ho"),
    ]
    for suffix in (".csv", ".xlsx"):
        (person,) = read(write_staff(f"staff{suffix}", rows), sample_spec)
        assert person.id == "CB9001"
        assert person.name == "Nguyễn Thị Ánh Tuyết"
        assert unicodedata.is_normalized("NFC", person.name)
        assert person.title == "Chuyên viên"


@pytest.mark.parametrize(
    "unit",
    [
        "phuong-tay-ho",
        "Phường Tây Hồ",
        "PHƯỜNG TÂY HỒ",
        "phường tây hồ",
        nfd("Phường Tây Hồ"),
        nfd("PHƯỜNG TÂY HỒ"),
        "  Phường  Tây Hồ ",
        "PHUONG-TAY-HO",
    ],
)
def test_unit_by_id_or_name(write_staff, sample_spec, unit: str) -> None:
    path = write_staff("staff.xlsx", [("CB9001", "Lê Văn Tám", "Chuyên viên", unit)])
    (person,) = read(path, sample_spec)
    assert person.unit == "phuong-tay-ho"


def test_unknown_unit_names_the_row_and_suggests(write_staff, sample_spec) -> None:
    rows = [
        ("CB9001", "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho"),
        ("CB9002", "Lê Văn Chín", "Chuyên viên", "Phường Tây Hổ"),  # a wrong mark
        ("CB9003", "Lê Văn Mười", "Chuyên viên", "Phường Không Có Thật"),
    ]
    path = write_staff("staff.csv", rows)
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    problems = info.value.problems
    assert [p.line for p in problems] == [3, 4]  # every bad row, by its row in the file
    assert all(p.file == "staff.csv" and p.field == "unit" for p in problems)
    assert "no unit 'Phường Tây Hổ' in the spec" in problems[0].message
    assert "did you mean 'Phường Tây Hồ'?" in problems[0].message
    assert str(problems[0]).startswith("staff.csv:3: unit: ")


def test_no_name_column_names_the_file_and_lists_the_headers(write_staff, sample_spec) -> None:
    path = write_staff("staff.xlsx", PEOPLE, ("Mã cán bộ", "Tên", "Chức danh", "Đơn vị"))
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    (problem,) = info.value.problems
    assert problem.file == "staff.xlsx"
    assert problem.line == 1
    assert "no column for 'name'" in problem.message
    assert "'Họ và tên'" in problem.message  # what was expected
    for header in ("'Mã cán bộ'", "'Tên'", "'Chức danh'", "'Đơn vị'"):
        assert header in problem.message  # what was found


def test_several_missing_columns_are_all_reported(write_staff, sample_spec) -> None:
    path = write_staff("staff.csv", [("x", "y")], ("Số thứ tự", "Ghi chú"))
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    missing = {p.message.split("'")[1] for p in info.value.problems}
    assert missing == {"id", "name", "title", "unit"}


def test_header_below_a_blank_row(write_staff, sample_spec, tmp_path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(
        "\n" + ",".join(VI_HEADERS[:4]) + "\nCB9001,Lê Văn Tám,Chuyên viên,phuong-tay-ho\n",
        encoding="utf-8",
    )
    (person,) = read(path, sample_spec)
    assert person.row == 3


def test_duplicate_id(write_staff, sample_spec) -> None:
    rows = [
        ("CB9001", "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho"),
        ("CB9002", "Lê Văn Chín", "Chuyên viên", "phuong-tay-ho"),
        ("CB9001", "Lê Văn Mười", "Chuyên viên", "chi-nhanh-03"),
    ]
    with pytest.raises(DataError) as info:
        read(write_staff("staff.xlsx", rows), sample_spec)
    (problem,) = info.value.problems
    assert problem.line == 4 and problem.field == "id"
    assert "'CB9001' is already used on row 2" in problem.message


def test_empty_cells_are_reported(write_staff, sample_spec) -> None:
    rows = [("", "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho"), ("CB9002", " ", "x", "")]
    with pytest.raises(DataError) as info:
        read(write_staff("staff.csv", rows), sample_spec)
    found = {(p.line, p.field) for p in info.value.problems}
    assert found == {(2, "id"), (3, "name"), (3, "unit")}


def test_photo_relative_to_the_list(write_staff, sample_spec, photo: str) -> None:
    path = write_staff("staff.csv", [(*PEOPLE[0], photo)])
    (person,) = read(path, sample_spec)
    assert person.photo == (path.parent / photo).resolve()


def test_missing_photo_file(write_staff, sample_spec) -> None:
    path = write_staff("staff.xlsx", [(*PEOPLE[0], "photos/nobody.jpg")])
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    (problem,) = info.value.problems
    assert problem.line == 2 and problem.field == "photo"
    assert "no such photo file: photos/nobody.jpg" in problem.message


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_with_other_delimiters(write_staff, sample_spec, delimiter: str) -> None:
    rows = [("CB9001", "Lê Văn Tám", "Chuyên viên, kiêm thủ quỹ", "phuong-tay-ho")]
    path = write_staff("staff.csv", rows, delimiter=delimiter)
    (person,) = read(path, sample_spec)
    assert person.title == "Chuyên viên, kiêm thủ quỹ"


def test_csv_with_bom_and_quotes(tmp_path, sample_spec) -> None:
    path = tmp_path / "staff.csv"
    text = (
        "Mã cán bộ,Họ và tên,Chức danh,Đơn vị\r\n"
        'CB9001,Lê Văn Tám,"Trưởng phòng Tổng hợp, Hành chính","Phường Tây Hồ"\r\n'
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (person,) = read(path, sample_spec)
    assert person.id == "CB9001"
    assert person.title == "Trưởng phòng Tổng hợp, Hành chính"


def test_csv_in_windows_1258_is_detected(tmp_path, sample_spec) -> None:
    # Issue 16: Excel on a Vietnamese Windows saves "CSV" in Windows-1258, whose marks are
    # partly decomposed (base letter, then a tone mark); it is read, not refused.
    from tests.data.lists import to_cp1258

    text = ",".join(VI_HEADERS[:4]) + "\n" + ",".join(PEOPLE[0]) + "\n"
    path = tmp_path / "staff.csv"
    path.write_bytes(to_cp1258(text))
    people = read(path, sample_spec)
    assert [(p.id, p.name, p.title, p.unit) for p in people] == [PEOPLE[0]]
    assert people.notices == ["staff.csv: read as Windows-1258 (Vietnamese) text"]


def test_excel_unicode_text_export_is_read(tmp_path, sample_spec) -> None:
    # Excel's "Unicode Text" export: UTF-16 with a byte-order mark, tab separated.
    text = "\t".join(VI_HEADERS[:4]) + "\n" + "\t".join(PEOPLE[0]) + "\n"
    path = tmp_path / "staff.txt"
    path.write_bytes(text.encode("utf-16"))
    (person,) = read(path, sample_spec)
    assert person.name == normalise_text(PEOPLE[0][1])


def test_title_rows_above_the_header_are_skipped(tmp_path, sample_spec) -> None:
    path = tmp_path / "staff.csv"
    lines = ["ỦY BAN NHÂN DÂN PHƯỜNG TÂY HỒ,,,", "DANH SÁCH CÁN BỘ,,,", ",,,"]
    lines += [",".join(VI_HEADERS[:4]), ",".join(PEOPLE[0])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (person,) = read(path, sample_spec)
    assert person.row == 5


def test_xlsx_that_is_not_a_workbook(tmp_path, sample_spec) -> None:
    path = tmp_path / "staff.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataError, match="not a readable Excel workbook"):
        read(path, sample_spec)


def test_unsupported_file_type(tmp_path, sample_spec) -> None:
    path = tmp_path / "staff.ods"
    path.write_bytes(b"whatever")
    with pytest.raises(DataError, match=r"unsupported file type '\.ods'"):
        read(path, sample_spec)


def test_missing_file(tmp_path, sample_spec) -> None:
    with pytest.raises(DataError, match="cannot read") as info:
        read(tmp_path / "nobody.csv", sample_spec)
    assert info.value.problems[0].file == "nobody.csv"


def test_empty_file(tmp_path, sample_spec) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(DataError, match="empty"):
        read(path, sample_spec)


def test_xlsx_numbers_become_text(write_staff, sample_spec) -> None:
    path = write_staff("staff.xlsx", [(1001, "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho")])
    (person,) = read(path, sample_spec)
    assert person.id == "1001"


def _workbook_with_a_notes_sheet_first(spec_copy) -> None:
    """The spec's own staff.xlsx replaced by one whose list is on its second sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Ghi chú"
    book.active.append(["Không phải danh sách"])
    sheet = book.create_sheet("Cán bộ")
    sheet.append(list(VI_HEADERS[:4]))
    sheet.append(list(PEOPLE[0]))
    book.save(spec_copy.dir / "data" / "staff.xlsx")
    spec_copy.edit("    file: data/staff.xlsx\n", "    file: data/staff.xlsx\n    sheet: Cán bộ\n")


def test_xlsx_sheet_named_by_the_spec(tmp_path, spec_copy) -> None:
    _workbook_with_a_notes_sheet_first(spec_copy)
    spec_file = load_spec(spec_copy.path)
    (person,) = read_staff(spec_file.resolve("data/staff.xlsx"), spec_file)
    assert person.id == "CB9001"
    spec_copy.edit("    sheet: Cán bộ\n", "    sheet: Nhân sự\n")
    with pytest.raises(DataError, match="no sheet 'Nhân sự'"):
        read_staff(spec_file.resolve("data/staff.xlsx"), load_spec(spec_copy.path))


def test_the_spec_sheet_applies_to_a_relative_path_of_the_same_file(spec_copy, monkeypatch) -> None:
    _workbook_with_a_notes_sheet_first(spec_copy)
    spec_file = load_spec(spec_copy.path)
    monkeypatch.chdir(spec_copy.dir)  # as in `brandkit badges --staff data/staff.xlsx`
    (person,) = read_staff(Path("data/staff.xlsx"), spec_file)
    assert person.id == "CB9001"


def test_list_without_unit_column_uses_the_default_unit(write_staff, sample_spec) -> None:
    path = write_staff("staff.csv", [p[:3] for p in PEOPLE], VI_HEADERS[:3])
    with pytest.raises(DataError, match="no column for 'unit'"):
        read(path, sample_spec)
    people = read(path, sample_spec, default_unit="phuong-tay-ho")
    assert {p.unit for p in people} == {"phuong-tay-ho"}


def test_header_key() -> None:
    assert header_key("  Họ và TÊN: ") == header_key("ho va ten")
    assert header_key(nfd("Đơn vị")) == "don vi"
