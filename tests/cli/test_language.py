"""The command line speaks Vietnamese by default and English on request (`--lang`,
BRANDKIT_LANG, the locale); a bad row is named by the list's own header and row number; only a
usage error shows click's usage lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.conftest import invoke
from tests.conftest import SAMPLE_SPEC

TAY_HO = "phuong-tay-ho"
SPEC_CASES = Path(__file__).resolve().parents[1] / "spec" / "cases"
LOCALE_VARIABLES = ("BRANDKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
# Words of brandkit's English messages that must not show in a Vietnamese one.
ENGLISH = {
    "the", "is", "in", "of", "no", "not", "row", "column", "unit", "units", "spec", "error",
    "problem", "problems", "empty", "already", "used", "nothing", "written", "did", "you",
    "mean", "header", "expected", "found", "cannot", "read", "file", "use", "warning",
    "input", "should", "got", "outside", "reaches", "must", "needs", "large", "than", "with",
    "text", "on", "at", "box", "trim", "safe", "area", "length", "key", "image", "placed",
    "allowed", "print", "embedded", "shop", "where", "cut",
}  # fmt: skip


@pytest.fixture
def no_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """No BRANDKIT_LANG and no locale, as on a bare CI machine."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def badges(*args: object):
    return invoke("--spec", SAMPLE_SPEC, "-j", "1", "-q", *args)


def english_words(text: str) -> set[str]:
    """The English words of `text` outside quoted values, paths and `brandkit …` commands."""
    text = re.sub(r'"[^"]*"|\'[^\']*\'|\S*[/\\]\S*|brandkit \w+|--\w[\w-]*', " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)} & ENGLISH


def test_vietnamese_is_the_default_without_any_setting(no_language, tmp_path, write_staff):
    staff = write_staff("staff.csv", [["CB1", "Lê An", "Chuyên viên", "phuong-xyz"]])
    result = badges("--out", tmp_path / "out", "badges", "--staff", staff)
    assert result.exit_code == 1
    assert 'dòng 2, cột "Đơn vị": không có đơn vị "phuong-xyz"' in result.output
    assert "brandkit: 1 lỗi; chưa ghi tệp nào." in result.output


def test_a_c_locale_speaks_vietnamese_and_an_english_locale_english(
    no_language, monkeypatch, tmp_path, write_staff
):
    staff = write_staff("staff.csv", [["CB1", "", "Chuyên viên", TAY_HO]])
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert "ô trống" in badges("--out", tmp_path / "a", "badges", "--staff", staff).output
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    english = badges("--out", tmp_path / "b", "badges", "--staff", staff).output
    assert "'name' is empty (column 'Họ và tên')" in english


def test_lang_option_wins_over_brandkit_lang_before_or_after_the_command(
    monkeypatch, tmp_path, write_staff
):
    staff = write_staff("staff.csv", [["CB1", "Lê An", "Chuyên viên", "phuong-xyz"]])
    monkeypatch.setenv("BRANDKIT_LANG", "vi")
    before = badges("--lang", "en", "--out", tmp_path / "a", "badges", "--staff", staff)
    after = badges("--out", tmp_path / "b", "badges", "--staff", staff, "--lang", "en")
    for result in (before, after):
        assert result.exit_code == 1
        assert "staff.csv:2: unit: no unit 'phuong-xyz' in the spec" in result.output
        assert "brandkit: 1 problem; nothing was written." in result.output
    monkeypatch.setenv("BRANDKIT_LANG", "en")
    vietnamese = badges("--lang", "vi", "--out", tmp_path / "c", "badges", "--staff", staff)
    assert "không có đơn vị" in vietnamese.output


def test_brandkit_lang_chooses_the_language(monkeypatch, tmp_path, write_staff):
    staff = write_staff("staff.csv", [["CB1", "Lê An", "Chuyên viên", "phuong-xyz"]])
    monkeypatch.setenv("BRANDKIT_LANG", "vi")
    assert "không có đơn vị" in badges("--out", tmp_path, "badges", "--staff", staff).output
    monkeypatch.setenv("BRANDKIT_LANG", "en")
    assert "no unit 'phuong-xyz'" in badges("--out", tmp_path, "badges", "--staff", staff).output


def test_a_wrong_unit_names_the_lists_own_header_and_row_without_usage_lines(
    no_language, tmp_path, write_staff
):
    headers = ("Mã cán bộ", "Họ và tên", "Chức danh", "Đơn vị công tác")
    rows = [[f"CB{i}", f"Người {i}", "Chuyên viên", TAY_HO] for i in range(1, 6)]
    rows.append(["CB9", "Trần Bình", "Chuyên viên", "phuong-xyz"])
    staff = write_staff("staff.xlsx", rows, headers)
    out = tmp_path / "out"
    result = badges("--out", out, "badges", "--staff", staff)
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f'{staff}: dòng 7, cột "Đơn vị công tác": không có đơn vị "phuong-xyz"')
    assert "brandkit units" in first
    assert "Usage" not in result.output and "Cách dùng" not in result.output
    assert not english_words(result.output), result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("rows", "headers", "expected"),
    [
        ([["CB1", "", "Chuyên viên", TAY_HO]], None, 'dòng 2, cột "Họ và tên": ô trống'),
        (
            [["CB1", "Lê An", "CV", TAY_HO], ["CB1", "Lê Bình", "CV", TAY_HO]],
            None,
            'dòng 3, cột "Mã cán bộ": mã "CB1" đã dùng ở dòng 2',
        ),
        (
            [["CB1", "Lê An", "CV"]],
            ("Mã cán bộ", "Họ và tên", "Chức danh"),
            'không có cột "Đơn vị"',
        ),
        (
            [["CB1", "Lê An", "CV", TAY_HO]],
            ("Mã cán bộ", "Họ và tên", "Chức danh", "Tên đơn vị"),
            'tiêu đề "Tên đơn vị" (cột D) giống cột "Đơn vị"',
        ),
    ],
)
def test_list_errors_in_vietnamese_hold_no_english(
    no_language, tmp_path, write_staff, rows, headers, expected
):
    staff = write_staff("staff.csv", rows, *(headers,) if headers else ())
    result = badges("--out", tmp_path / "out", "badges", "--staff", staff)
    assert result.exit_code == 1
    assert expected in result.output
    assert "Usage" not in result.output
    assert not english_words(result.output), result.output


def test_an_unreadable_list_is_reported_in_vietnamese(no_language, tmp_path):
    odd = tmp_path / "staff.pdf"
    odd.write_bytes(b"%PDF-1.4")
    result = badges("--out", tmp_path / "out", "badges", "--staff", odd)
    assert result.exit_code == 1
    assert 'không hỗ trợ loại tệp ".pdf": hãy dùng .csv, .xlsx hoặc .xls' in result.output
    assert not english_words(result.output), result.output


def test_a_usage_error_still_exits_2_with_the_usage_line(no_language, tmp_path):
    result = badges("--out", tmp_path / "out", "badges", "--unit", "nowhere")
    assert result.exit_code == 2
    assert re.match(r"Cách dùng: \S+ badges \[OPTIONS\]\nHãy chạy '\S+ badges -h'", result.output)
    assert 'Lỗi: không có đơn vị "nowhere" trong bộ nhận diện' in result.output
    english = badges("--lang", "en", "--out", tmp_path / "out", "badges", "--unit", "nowhere")
    assert english.exit_code == 2
    assert re.match(r"Usage: \S+ badges \[OPTIONS\]\nTry '\S+ badges -h' for help", english.output)
    assert "Error: no unit 'nowhere' in the spec" in english.output


def test_an_unknown_language_is_a_usage_error(tmp_path):
    result = badges("--lang", "fr", "--out", tmp_path / "out", "units")
    assert result.exit_code == 2
    assert "--lang" in result.output


def test_help_is_vietnamese_by_default_and_english_on_request(no_language):
    vietnamese = invoke("--help").output
    assert "Tùy chọn:" in vietnamese and "Lệnh:" in vietnamese
    assert "Thẻ đeo cán bộ" in vietnamese
    english = invoke("--lang", "en", "badges", "--help").output
    assert "Staff name badges: one PDF per unit" in english
    assert "Staff list (.xlsx or .csv)" in english
    assert "Usage: " in english
    # the help texts are shown translated, never changed for the next command
    assert "Thẻ đeo cán bộ" in invoke("badges", "--help").output


def test_warnings_and_the_summary_are_vietnamese(no_language, tmp_path, write_staff):
    staff = write_staff(
        "staff.csv", [["CB1", "Lê An", "Chuyên viên"]], ("Mã cán bộ", "Họ và tên", "Chức danh")
    )
    args = ("--out", tmp_path / "out", "-j", "1", "badges", "--staff", staff, "--unit", TAY_HO)
    result = invoke("--spec", SAMPLE_SPEC, *args)
    assert result.exit_code == 0, result.output
    assert "cảnh báo: " in result.output
    assert "1 người, tất cả thuộc Phường Tây Hồ (danh sách không có cột đơn vị)" in result.output
    assert "Đã ghi 1 tệp PDF" in result.output
    # Numbers as Vietnamese writes them: a decimal comma ("trong 0,4 giây").
    assert re.search(r" trong \d+,\d giây; xem ", result.output), result.output
    english = invoke("--spec", SAMPLE_SPEC, "--lang", "en", *args, "--rebuild")
    assert re.search(r" in \d+\.\d s; see ", english.output), english.output


def test_units_table_headers_follow_the_language(no_language):
    vietnamese = invoke("--spec", SAMPLE_SPEC, "units").output.splitlines()
    assert vietnamese[0].split()[:2] == ["mã", "tên"]
    assert re.fullmatch(r"\d+ đơn vị", vietnamese[-1])
    english = invoke("--spec", SAMPLE_SPEC, "--lang", "en", "units").output.splitlines()
    assert english[0].split()[:2] == ["id", "name"]


def test_check_report_headers_and_verdicts_follow_the_language(no_language):
    args = ("--spec", SAMPLE_SPEC, "-j", "1", "check", "--unit", TAY_HO)
    vietnamese = invoke(*args).output.splitlines()
    assert vietnamese[0].split()[:2] == ["QUY", "TẮC"]
    assert vietnamese[-1] in ("Mọi quy tắc nhận diện đều đạt.", "Có quy tắc nhận diện không đạt.")
    assert any(re.fullmatch(r"tương phản: .+ \(đã kiểm tra \d+\)", line) for line in vietnamese)
    rules = {line.split("  ")[0] for line in vietnamese[1 : vietnamese.index("")]}
    assert {"tương phản", "chiều cao chữ", "mực in", "ô mã QR"} <= rules
    assert not rules & {"contrast", "letter_height", "print_inks", "qr_modules"}
    english = invoke("--lang", "en", *args).output.splitlines()
    assert english[0].split()[:3] == ["RULE", "TEMPLATE", "ELEMENT"]
    assert any(line.startswith("contrast  ") for line in english)
    assert english[-1] in ("All brand rules pass.", "Some brand rules fail.")


def test_preflight_table_follows_the_language(no_language, tmp_path):
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    path = tmp_path / "plain.pdf"
    pdf.save(path)
    vietnamese = invoke("preflight", path)
    assert vietnamese.exit_code == 1
    lines = vietnamese.output.splitlines()
    assert lines[0] == f"KHÔNG ĐẠT {path} (1 trang, không phải PDF/X)"
    assert re.fullmatch(r"1 tệp: 0 đạt, 1 không đạt \(\d+ lỗi, \d+ cảnh báo\)", lines[-1])
    english = invoke("--lang", "en", "preflight", path).output.splitlines()
    for line in lines[1:-1]:  # "in" is also Vietnamese: to print
        assert not english_words(line.rsplit("  ", 1)[-1]) - {"in"}, line
    assert english[0] == f"FAIL {path} (1 page, not PDF/X)"
    assert re.fullmatch(r"1 file: 0 passed, 1 failed \(\d+ errors?, \d+ warnings?\)", english[-1])


def test_changes_statuses_follow_the_language(no_language, tmp_path):
    args = ("--spec", SAMPLE_SPEC, "--out", tmp_path, "changes", "--unit", TAY_HO)
    lines = invoke(*args).output.splitlines()
    assert lines[0].startswith("mới ")
    assert re.fullmatch(r"\d+ tệp cần ghi; 0 tệp đã cập nhật trong .+/\.", lines[-1])
    english = invoke("--lang", "en", *args).output.splitlines()
    assert english[0].startswith("new ")
    assert re.fullmatch(r"\d+ file\(s\) to write; 0 up to date in .+/\.", english[-1])


def test_a_name_too_long_for_the_badge_is_told_in_vietnamese(no_language, tmp_path, write_staff):
    long_name = " ".join(["Nguyễn Thị Phương Thảo"] * 12)
    staff = write_staff("staff.csv", [["CB1", long_name, "Chuyên viên", TAY_HO]])
    result = badges("--out", tmp_path / "out", "badges", "--staff", staff)
    assert result.exit_code == 1
    assert "không vừa khung" in result.output and "cỡ chữ nhỏ nhất" in result.output
    assert "does not fit" not in result.output


def test_a_bad_photo_is_told_in_vietnamese(no_language, tmp_path, write_staff):
    (tmp_path / "an.jpg").write_bytes(b"not a picture")
    staff = write_staff("staff.csv", [["CB1", "Lê An", "Chuyên viên", TAY_HO, "an.jpg"]])
    result = badges("--out", tmp_path / "out", "badges", "--staff", staff)
    assert result.exit_code == 1
    assert 'dòng 2, cột "Ảnh": không phải ảnh đọc được' in result.output
    assert not english_words(result.output.split("(")[0]), result.output


def test_clicks_own_usage_errors_keep_exit_2_and_speak_the_language(no_language, tmp_path):
    result = badges("--out", tmp_path / "out", "badges", "--no-such-option")
    assert result.exit_code == 2
    assert re.match(r"Cách dùng: \S+ badges \[OPTIONS\]\nHãy chạy", result.output)
    assert "Lỗi: No such option '--no-such-option'" in result.output
    bad = badges("--lang", "en", "--out", tmp_path / "out", "badges", "--format", "gif")
    assert bad.exit_code == 2
    assert "Error: Invalid value for '--format': expected a comma-separated list" in bad.output


def test_a_missing_spec_or_list_is_told_in_vietnamese(no_language, tmp_path):
    spec = invoke("--spec", tmp_path / "nope.yaml", "--out", tmp_path / "out", "badges")
    assert spec.exit_code == 1
    assert "nope.yaml: không đọc được bộ nhận diện: không có tệp hay thư mục này" in spec.output
    staff = badges("--out", tmp_path / "out", "badges", "--staff", tmp_path / "nope.csv")
    assert staff.exit_code == 1
    assert "nope.csv: không đọc được: không có tệp hay thư mục này" in staff.output
    for result in (spec, staff):
        assert not english_words(result.output), result.output


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (
            "unknown-key-did-you-mean.yaml",
            ':25: templates.badge.elements[1].fontt: khóa "fontt" không hợp lệ; có phải là "font"?',
        ),
        (
            "length-without-unit.yaml",
            ":27: templates.badge.elements[1].size: cần một độ dài có đơn vị đo, như '85.6mm' "
            "hoặc '12pt'; đang ghi 13",
        ),
        (
            "outside-safe-area.yaml",
            ":30: templates.badge.elements[2]: thành phần vượt ra ngoài vùng an toàn (khung "
            "1.0,47.0 đến 47.0,55.0 mm, khổ thành phẩm 54.0 × 85.6 mm)",
        ),
        (
            "cmyk-out-of-range.yaml",
            ":8: colours.ink.cmyk[3]: giá trị phải nhỏ hơn hoặc bằng 100 (đang ghi 188)",
        ),
        ("min-size-above-size.yaml", ":19: templates.badge.elements[1]: min_size không được lớn"),
        ("bad-hex.yaml", ":7: colours.ink.hex: chuỗi phải khớp mẫu"),
        ("wrong-version.yaml", ":3: brandkit: giá trị phải là 1 (đang ghi 2)"),
        (
            "malformed-yaml-tab.yaml",
            ":23: YAML sai cú pháp: khi đọc một giá trị, gặp ký tự tab làm sai thụt lề",
        ),
    ],
)
def test_spec_problems_are_told_in_vietnamese_at_their_line(no_language, case, expected):
    result = invoke("--spec", SPEC_CASES / case, "validate")
    assert result.exit_code == 1
    assert f"{case}{expected}" in result.output
    assert not english_words(result.output), result.output
    english = invoke("--lang", "en", "--spec", SPEC_CASES / case, "validate").output
    assert f"{case}:" in english and "problem" in english


def test_clicks_notes_in_help_follow_the_language(no_language):
    users = invoke("users", "add", "--help").output
    assert "[bắt buộc]" in users and "required" not in users
    badges = invoke("badges", "--help").output
    assert "[mặc định: pdf]" in badges and "default" not in badges
    assert "[required]" in invoke("--lang", "en", "users", "add", "--help").output
    assert "[default: pdf]" in invoke("--lang", "en", "badges", "--help").output


def test_a_logo_in_another_colour_is_told_in_vietnamese_at_its_line(no_language, spec_copy):
    logo = spec_copy.path.parent / "logos" / "mot-cua.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10" fill="#123456"/></svg>'
    )
    result = invoke("--spec", spec_copy.path, "validate")
    assert result.exit_code == 1
    line = spec_copy.line_of("emblem: logos/mot-cua.svg")
    assert (
        f"{spec_copy.path}:{line}: logos.emblem: logos/mot-cua.svg: fill #123456 không phải màu "
        "nhận diện (dòng 1)"
    ) in result.output
    assert not english_words(result.output), result.output
