"""Issue 16 for staff and procedure lists: no silent wrong rows, bounded work, located errors,
photos confined to the list's folder, and the lists Vietnamese offices really have."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from brandkit.build.assets import registry_for
from brandkit.build.options import Options
from brandkit.build.plan import Planner
from brandkit.data import table
from brandkit.data.procedures import read_procedures
from brandkit.data.staff import UnitIndex, read_staff
from brandkit.errors import DataError
from brandkit.i18n import translator
from brandkit.spec import load_spec
from tests.conftest import VI_HEADERS
from tests.data.lists import to_cp1258

TAY_HO = "phuong-tay-ho"
PEOPLE = [
    ("CB9001", "Nguyễn Thị Ánh Tuyết", "Chuyên viên", TAY_HO),
    ("CB9002", "Đặng Văn Ễnh", "Phó Giám đốc Chi nhánh", "chi-nhanh-03"),
]
PROC_HEADERS = ("Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Làn xanh", "Đơn vị thực hiện")


def read(path: Path, spec_file, **kwargs):
    return read_staff(path, spec_file, display=path.name, **kwargs)


def problem_of(info: pytest.ExceptionInfo[DataError]):
    (problem,) = info.value.problems
    return problem


def write_csv(path: Path, rows, headers=VI_HEADERS[:4], delimiter=",") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


# ---- 1. no silent wrong output -------------------------------------------------------------


def test_a_misspelt_unit_header_is_an_error_even_with_a_default_unit(tmp_path, sample_spec):
    path = write_csv(
        tmp_path / "staff.csv", PEOPLE, ("Mã cán bộ", "Họ và tên", "Chức danh", "Tên đơn vị")
    )
    with pytest.raises(DataError) as info:
        read(path, sample_spec, default_unit=TAY_HO)
    problem = problem_of(info)
    assert (problem.file, problem.line, problem.field) == ("staff.csv", 1, "unit")
    assert "the header 'Tên đơn vị' (column D) looks like the 'unit' column" in problem.message
    assert str(problem).startswith("staff.csv:1: unit: ")


def test_a_misspelt_unit_header_is_reported_with_the_other_missing_columns(tmp_path, sample_spec):
    path = write_csv(tmp_path / "staff.csv", [PEOPLE[0][:2]], ("Mã cán bộ", "Tên đơn vị"))
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    found = [(p.field, p.message.split(":")[0]) for p in info.value.problems]
    assert found == [
        (
            "unit",
            "the header 'Tên đơn vị' (column B) looks like the 'unit' column but is not a "
            "header brandkit knows for it (such as 'Đơn vị', 'Đơn vị công tác', 'Nơi công tác'); "
            "rename it, or map it to 'unit' in the spec's columns",
        ),
        (None, "no column for 'name'"),
        (None, "no column for 'title'"),
    ]


def test_a_misspelt_units_header_of_a_procedure_list_is_an_error(tmp_path, sample_spec):
    headers = (*PROC_HEADERS[:4], "Tên đơn vị")
    path = write_csv(
        tmp_path / "tthc.csv", [("1.001", "Đăng ký khai sinh", "Hộ tịch", "x", TAY_HO)], headers
    )
    with pytest.raises(DataError) as info:
        read_procedures(path, sample_spec, "tthc.csv")
    problem = problem_of(info)
    assert (problem.line, problem.field) == (1, "units")
    assert "'Tên đơn vị' (column E)" in problem.message


def test_an_empty_unit_cell_is_an_error_even_with_a_default_unit(tmp_path, sample_spec):
    path = write_csv(
        tmp_path / "staff.csv", [PEOPLE[0], ("CB9003", "Lê Văn Tám", "Chuyên viên", "")]
    )
    with pytest.raises(DataError) as info:
        read(path, sample_spec, default_unit=TAY_HO)
    problem = problem_of(info)
    assert (problem.line, problem.field) == (3, "unit")
    assert problem.message == "'unit' is empty (column 'Đơn vị')"


def test_the_default_unit_fills_a_list_without_unit_column_and_says_so(tmp_path, sample_spec):
    path = write_csv(tmp_path / "staff.csv", [p[:3] for p in PEOPLE], VI_HEADERS[:3])
    people = read(path, sample_spec, default_unit=TAY_HO)
    assert {p.unit for p in people} == {TAY_HO}
    assert people.notices == [
        "staff.csv: 2 people, all of Phường Tây Hồ (the list has no unit column)"
    ]
    assert translator("vi")(people.notices[0]) == (
        "staff.csv: 2 người, tất cả thuộc Phường Tây Hồ (danh sách không có cột đơn vị)"
    )


def test_the_planner_passes_the_default_unit_notice_on(tmp_path, sample_spec, sample_spec_path):
    path = write_csv(tmp_path / "staff.csv", [p[:3] for p in PEOPLE], VI_HEADERS[:3])
    options = Options(spec=sample_spec_path, out=tmp_path / "out", units=(TAY_HO,), staff=path)
    planner = Planner(sample_spec, registry_for(sample_spec), options, ("badge",))
    assert len(planner.staff()[TAY_HO]) == 2
    shown = [w.in_language(translator("vi")) for w in planner.warnings]
    assert any("2 người, tất cả thuộc Phường Tây Hồ" in w for w in shown)


@pytest.mark.parametrize(
    "tail",
    [
        "CB9004,B,C,trung-tam\nCB9005,D,E,trung-tam\n",  # never closed: the file ends inside it
        'CB9004,B,C,trung-tam\nCB9005,"Lê Văn",E,trung-tam\n',  # closed by a later row's quote
        'CB9004,B,C,trung-tam\nCB9005,E,F,trung-tam\nCB9006,G",H,trung-tam\n',  # ... and balanced
    ],
)
def test_an_unbalanced_quote_names_the_row_it_opens_on(tmp_path, sample_spec, tail: str):
    path = tmp_path / "staff.csv"
    text = ",".join(VI_HEADERS[:4]) + "\nCB9001,Lê Văn Tám,Chuyên viên,trung-tam\n"
    text += 'CB9003,"Nguyễn Văn Ánh,Chuyên viên,trung-tam\n' + tail
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    problem = problem_of(info)
    assert (problem.file, problem.line, problem.field) == ("staff.csv", 3, "name")
    assert "column B 'Họ và tên'" in problem.message
    assert "quote" in problem.message


def test_a_cell_over_several_lines_is_still_read(tmp_path, sample_spec):
    path = tmp_path / "staff.csv"
    text = (
        ",".join(VI_HEADERS[:4])
        + '\nCB9001,Lê Văn Tám,"Chuyên viên,\nTổ một cửa, kiêm\nthủ quỹ",trung-tam\n'
    )
    path.write_text(text, encoding="utf-8")
    (person,) = read(path, sample_spec)
    assert person.title == "Chuyên viên, Tổ một cửa, kiêm thủ quỹ"


def test_a_duplicated_header_is_an_error(tmp_path, sample_spec):
    headers = (*VI_HEADERS[:4], "Đơn vị công tác")
    path = write_csv(tmp_path / "staff.csv", [(*PEOPLE[0], "chi-nhanh-03")], headers)
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    problem = problem_of(info)
    assert (problem.line, problem.field) == (1, "unit")
    assert (
        "'Đơn vị' (column D) and 'Đơn vị công tác' (column E) both name 'unit'" in problem.message
    )


# ---- 2. bounded work ------------------------------------------------------------------------


def run_reader(
    path: Path, spec_path: Path, memory_mb: int = 1500
) -> subprocess.CompletedProcess[str]:
    """Read the staff list at `path` in a child limited to `memory_mb` of address space."""
    code = f"""
import resource, sys
from pathlib import Path
from brandkit.data.staff import read_staff
from brandkit.errors import DataError
from brandkit.spec import load_spec
spec = load_spec(sys.argv[2])
limit = {memory_mb} * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
try:
    read_staff(Path(sys.argv[1]), spec, Path(sys.argv[1]).name)
except DataError as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
"""
    return subprocess.run(
        [sys.executable, "-c", code, str(path), str(spec_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )


def assert_refused(result: subprocess.CompletedProcess[str], *texts: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for text in texts:
        assert text in result.stderr, result.stderr


def test_a_folder_is_refused(tmp_path, sample_spec):
    (tmp_path / "staff.csv").mkdir()
    with pytest.raises(DataError, match="it is a folder"):
        read(tmp_path / "staff.csv", sample_spec)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_pipe_or_device_is_refused_at_once(tmp_path, sample_spec_path, kind: str):
    path = tmp_path / "staff.csv"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    assert_refused(run_reader(path, sample_spec_path), "staff.csv: cannot read: not a regular file")


def test_a_csv_over_the_size_limit_is_refused_before_reading(tmp_path, sample_spec):
    path = tmp_path / "staff.csv"
    with path.open("wb") as handle:
        handle.truncate(table.MAX_CSV_BYTES + 1)  # sparse: no disk used
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    assert "over the limit of 20 MB per CSV list (MAX_CSV_BYTES)" in problem_of(info).message


def _rezip(source: Path, target: Path, replace: dict[str, bytes | None]) -> Path:
    """A copy of the zip `source` with some members replaced (or dropped, for None)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in replace:
                data = replace[info.filename]
                if data is not None:
                    new.writestr(info.filename, data)
            else:
                new.writestr(info, old.read(info.filename))
    return target


def _far_cell_workbook(tmp_path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(list(VI_HEADERS[:4]))
    book.active.append(list(PEOPLE[0]))
    book.active["XFD1048576"] = "x"
    path = tmp_path / "far.xlsx"
    book.save(path)
    assert path.stat().st_size < 10_000
    return path


def test_an_xlsx_reaching_xfd1048576_is_refused_within_bounded_memory(tmp_path, sample_spec_path):
    path = _far_cell_workbook(tmp_path)
    assert_refused(run_reader(path, sample_spec_path, 700), "far.xlsx: ", "(MAX_ROWS)")


def test_an_xlsx_hiding_its_reach_is_stopped_at_the_row_limit(tmp_path, sample_spec_path):
    import re

    far = _far_cell_workbook(tmp_path)
    with zipfile.ZipFile(far) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    sheet = re.sub(r"<dimension[^>]*/>", "", sheet)
    path = _rezip(far, tmp_path / "hidden.xlsx", {"xl/worksheets/sheet1.xml": sheet.encode()})
    assert_refused(run_reader(path, sample_spec_path, 700), "more than 100,000 rows", "MAX_ROWS")


def test_an_xlsx_whitespace_bomb_is_refused_before_unpacking(tmp_path, sample_spec, write_staff):
    good = write_staff("good.xlsx", [PEOPLE[0]])
    with zipfile.ZipFile(good) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    bomb = sheet.replace(
        b"<sheetData>", b"<sheetData>" + b" " * (table.MAX_XLSX_UNPACKED_BYTES + 1)
    )
    path = _rezip(good, tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": bomb})
    assert path.stat().st_size < 1_000_000
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    assert "(MAX_XLSX_UNPACKED_BYTES)" in problem_of(info).message


def test_an_xlsx_of_too_many_parts_is_refused_before_its_directory_is_read(tmp_path, sample_spec):
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        for i in range(table.MAX_XLSX_PARTS + 1):
            book.writestr(f"x/{i}", b"")
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    assert "holds 1,001 parts, over the limit of 1,000 parts inside an XLSX" in str(info.value)
    assert "(MAX_XLSX_PARTS)" in problem_of(info).message


def test_a_csv_with_too_many_rows_is_refused(tmp_path, sample_spec):
    path = tmp_path / "staff.csv"
    path.write_text(",".join(VI_HEADERS[:4]) + "\n" + "\n" * table.MAX_ROWS, encoding="utf-8")
    with pytest.raises(DataError, match=r"more than 100,000 rows.*\(MAX_ROWS\)"):
        read(path, sample_spec)


def test_a_csv_with_too_many_cells_is_refused(tmp_path, sample_spec):
    path = tmp_path / "staff.csv"
    path.write_text(",".join(VI_HEADERS[:4]) + "\n" + "," * (table.MAX_CELLS + 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"MAX_CELLS"):
        read(path, sample_spec)


def test_a_csv_whitespace_bomb_is_a_located_error(tmp_path, sample_spec_path):
    path = tmp_path / "staff.csv"
    path.write_text(",".join(VI_HEADERS[:4]) + "\n" + " " * 5_000_000, encoding="utf-8")
    assert_refused(run_reader(path, sample_spec_path), "staff.csv:2: malformed CSV")


# ---- 3. located errors: damaged workbooks, NUL bytes ------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        {"xl/worksheets/sheet1.xml": None},  # the sheet's XML is missing
        {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row r='1'><c"},  # malformed XML
        {"[Content_Types].xml": b"<Types/>"},  # content types name no workbook
        {"[Content_Types].xml": b"\x00\x01 not xml"},
        {"xl/workbook.xml": None},
        {"xl/styles.xml": b"<styleSheet><numFmts count="},
    ],
    ids=[
        "no-sheet",
        "bad-xml",
        "no-content-types",
        "garbage-content-types",
        "no-workbook",
        "bad-styles",
    ],
)
def test_damaged_xlsx_internals_are_located_errors(tmp_path, sample_spec_path, write_staff, damage):
    good = write_staff("good.xlsx", [PEOPLE[0]])
    path = _rezip(good, tmp_path / "staff.xlsx", damage)
    assert_refused(run_reader(path, sample_spec_path), "staff.xlsx: cannot read staff.xlsx: ")


def test_a_truncated_xlsx_is_a_located_error(tmp_path, sample_spec_path, write_staff):
    good = write_staff("good.xlsx", [PEOPLE[0]])
    path = tmp_path / "staff.xlsx"
    path.write_bytes(good.read_bytes()[:1500])
    assert_refused(run_reader(path, sample_spec_path), "staff.xlsx: cannot read staff.xlsx: ")


def test_a_nul_in_a_photo_cell_names_row_and_column(tmp_path, sample_spec):
    path = write_csv(tmp_path / "staff.csv", [(*PEOPLE[0], "photos/a\x00.jpg")], VI_HEADERS)
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    problem = problem_of(info)
    assert (problem.line, problem.field) == (2, "photo")
    assert problem.message == "a NUL character in column 'Ảnh'"


def test_a_nul_byte_in_any_cell_names_row_and_column(tmp_path, sample_spec):
    path = tmp_path / "staff.csv"
    path.write_bytes(",".join(VI_HEADERS[:4]).encode() + b"\nCB1,A\x00B,C,phuong-tay-ho\n")
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    assert str(problem_of(info)) == "staff.csv:2: name: a NUL character in column 'Họ và tên'"


# ---- 6. photos inside the list's folder --------------------------------------------------


def test_a_photo_outside_the_list_folder_is_refused_unless_the_spec_allows_it(
    tmp_path, spec_copy, photo
):
    lists = tmp_path / "lists"
    lists.mkdir()
    path = write_csv(lists / "staff.csv", [(*PEOPLE[0], f"../{photo}")], VI_HEADERS)
    with pytest.raises(DataError) as info:
        read(path, load_spec(spec_copy.path))
    problem = problem_of(info)
    assert (problem.line, problem.field) == (2, "photo")
    assert "lies outside the list's folder" in problem.message
    assert "allow_paths_outside" in problem.message
    spec_copy.edit("brandkit: 1\n", "brandkit: 1\nallow_paths_outside: true\n")
    (person,) = read(path, load_spec(spec_copy.path))
    assert person.photo == (tmp_path / photo).resolve()


def test_an_absolute_photo_path_is_outside_too(tmp_path, sample_spec, photo):
    lists = tmp_path / "lists"
    lists.mkdir()
    path = write_csv(lists / "staff.csv", [(*PEOPLE[0], str(tmp_path / photo))], VI_HEADERS)
    with pytest.raises(DataError, match="lies outside the list's folder"):
        read(path, sample_spec)


# ---- 7. lists offices really have ----------------------------------------------------------


def test_xls_is_read_like_xlsx(tmp_path, sample_spec, write_staff):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Cán bộ")
    for r, row in enumerate([VI_HEADERS[:4], *PEOPLE, (1001, "Lê Văn Tám", "Chuyên viên", TAY_HO)]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(tmp_path / "staff.xls"))
    people = read(tmp_path / "staff.xls", sample_spec)
    assert [(p.id, p.name, p.title, p.unit) for p in people] == [
        *PEOPLE,
        ("1001", "Lê Văn Tám", "Chuyên viên", TAY_HO),
    ]
    assert [p.row for p in people] == [2, 3, 4]


def test_a_damaged_xls_is_a_located_error(tmp_path, sample_spec):
    path = tmp_path / "staff.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(DataError, match=r"cannot read staff.xls: not a readable Excel 97"):
        read(path, sample_spec)


ENCODINGS = {
    "utf-8": ("utf-8", []),
    "utf-8-bom": ("utf-8-sig", []),
    "utf-16-bom": ("utf-16", ["staff.csv: read as UTF-16 text"]),
    "utf-16-le": ("utf-16-le", ["staff.csv: read as UTF-16 LE text"]),
    "utf-16-be": ("utf-16-be", ["staff.csv: read as UTF-16 BE text"]),
    "cp1258": ("cp1258", ["staff.csv: read as Windows-1258 (Vietnamese) text"]),
}


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_csv_encodings_are_detected_and_named(tmp_path, sample_spec, name: str):
    codec, notices = ENCODINGS[name]
    text = ",".join(VI_HEADERS[:4]) + "\r\n" + "".join(",".join(p) + "\r\n" for p in PEOPLE)
    path = tmp_path / "staff.csv"
    path.write_bytes(to_cp1258(text) if codec == "cp1258" else text.encode(codec))
    people = read(path, sample_spec)
    assert [(p.id, p.name, p.title, p.unit) for p in people] == PEOPLE
    assert people.notices == notices


def test_windows_1252_is_detected(tmp_path, sample_spec):
    # No letter only Vietnamese has: a Western code page, named in the notice.
    text = "id,name,title,unit\nCB9001,José Müller,Consultant,phuong-tay-ho\n"
    path = tmp_path / "staff.csv"
    path.write_bytes(text.encode("cp1252"))
    people = read(path, sample_spec)
    assert [p.name for p in people] == ["José Müller"]
    assert people.notices == ["staff.csv: read as Windows-1252 text"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_title_lines_above_a_header_of_any_delimiter(tmp_path, sample_spec, delimiter: str):
    titles = "ỦY BAN NHÂN DÂN, PHƯỜNG TÂY HỒ\nDANH SÁCH CÁN BỘ; CÔNG CHỨC\n\n"
    body = "\n".join(delimiter.join(r) for r in [VI_HEADERS[:4], *PEOPLE]) + "\n"
    path = tmp_path / "staff.csv"
    path.write_text(titles + body, encoding="utf-8")
    people = read(path, sample_spec)
    assert [(p.id, p.unit, p.row) for p in people] == [
        ("CB9001", TAY_HO, 5),
        ("CB9002", "chi-nhanh-03", 6),
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "Phuong Tay Ho",
        "phuong tay ho",
        "Tây Hồ",
        "Tay Ho",
        "UBND phường Tây Hồ",
        "ubnd phuong tay ho",
        "Ủy ban nhân dân phường Tây Hồ",
    ],
)
def test_unit_names_without_marks_prefix_or_with_ubnd(tmp_path, sample_spec, typed: str):
    path = write_csv(tmp_path / "staff.csv", [("CB9001", "Lê Văn Tám", "Chuyên viên", typed)])
    (person,) = read(path, sample_spec)
    assert person.unit == TAY_HO


def test_a_loose_name_matching_two_units_is_refused(sample_spec):
    base = sample_spec.spec.units[-1]
    units = [
        base.model_copy(update={"id": "phuong-yen-hoa", "name": "Phường Yên Hòa", "kind": "ward"}),
        base.model_copy(update={"id": "xa-yen-hoa", "name": "Xã Yên Hòa", "kind": "commune"}),
    ]
    index = UnitIndex(units)
    assert index.find("Yên Hòa") is None
    assert "several units are named 'Yên Hòa' (phuong-yen-hoa, xa-yen-hoa)" in index.not_found(
        "Yên Hòa"
    )
    assert index.find("xa yen hoa").id == "xa-yen-hoa"  # the kind word settles it
    assert index.find("UBND phường Yên Hòa").id == "phuong-yen-hoa"


def test_a_wrong_mark_is_not_matched_loosely_but_suggested(sample_spec):
    index = UnitIndex(sample_spec.spec.units)
    assert index.find("Phường Tây Hổ") is None  # marks typed, and wrong: never a silent guess
    assert index.suggest("Tây Hổ") == "Phường Tây Hồ"
    assert index.suggest("Tây Hồ Xanh") != "Xã Tây Phương"


def test_suggestions_rank_the_unit_holding_the_typed_words_first(sample_spec):
    index = UnitIndex(sample_spec.spec.units)
    assert index.find("Tây Hồ").id == TAY_HO
    assert index.suggest("Tây Hồ") == "Phường Tây Hồ"
    assert index.suggest("Tay Ho 2") is None or index.suggest("Tay Ho 2") != "Xã Tây Phương"


def test_a_bad_row_of_another_unit_is_a_notice_when_building_a_subset(tmp_path, sample_spec):
    rows = [
        PEOPLE[0],
        ("CB9002", "", "Chuyên viên", "chi-nhanh-03"),  # another unit's row, name empty
        ("CB9003", "Lê Văn Chín", "Chuyên viên", "Phường Không Có Thật"),  # nobody's
    ]
    path = write_csv(tmp_path / "staff.csv", rows)
    with pytest.raises(DataError) as info:
        read(path, sample_spec)
    assert [p.line for p in info.value.problems] == [3, 4]
    people = read(path, sample_spec, units={TAY_HO})
    assert [p.id for p in people] == ["CB9001"]
    assert len(people.notices) == 2
    assert people.notices[0].startswith("staff.csv:3: name: 'name' is empty")
    assert "another unit's row: skipped" in people.notices[0]


def test_a_bad_row_of_a_unit_being_built_stays_an_error(tmp_path, sample_spec):
    rows = [
        ("CB9001", "", "Chuyên viên", TAY_HO),
        ("CB9002", "Lê Văn Chín", "Chuyên viên", "Phường Tây Hổ"),  # meant for Tây Hồ
    ]
    path = write_csv(tmp_path / "staff.csv", rows)
    with pytest.raises(DataError) as info:
        read(path, sample_spec, units={TAY_HO})
    assert [(p.line, p.field) for p in info.value.problems] == [(2, "name"), (3, "unit")]


def test_a_bad_procedure_row_of_another_unit_is_a_notice_when_building_a_subset(
    tmp_path, sample_spec
):
    rows = [
        ("1.001", "Đăng ký khai sinh", "Hộ tịch", "x", TAY_HO),
        ("1.002", "Đăng ký kết hôn", "Hộ tịch", "có lẽ", "chi-nhanh-03"),
    ]
    path = write_csv(tmp_path / "tthc.csv", rows, PROC_HEADERS)
    with pytest.raises(DataError) as info:
        read_procedures(path, sample_spec, "tthc.csv")
    assert problem_of(info).line == 3
    listed = read_procedures(path, sample_spec, "tthc.csv", units={TAY_HO})
    assert [p.code for p in listed] == ["1.001"]
    (notice,) = listed.notices
    assert notice.startswith("tthc.csv:3: green_lane: ")
    with pytest.raises(DataError):
        read_procedures(path, sample_spec, "tthc.csv", units={"chi-nhanh-03"})
