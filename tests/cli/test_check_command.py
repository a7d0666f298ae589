"""`brandkit check` end to end on copies of the sample spec, and `build` refusing what it finds.

The sample passes every rule; then one flaw is planted per test (a text colour too close to
its background, a sign text too small to read from where it is read, a unit name too long to
fit, a character the fonts lack) and the report must fail, name the template and element, and
point at the line of the spec to fix.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from brandkit.check import RULES
from tests.cli.conftest import snapshot, written_files
from tests.test_check import wcag_ratio

LOCATED = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+): ", re.MULTILINE)
ROW = re.compile(r"^(?P<rule>\S+)\s+(?P<template>\S+(?: \([^)]*\))?)\s+(?P<rest>.*)$")

HAZE = "#DCE4EE"  # a blue so pale it is unreadable on the white card
LONG_NAME = (
    "Chi nhánh số 3 của Trung tâm Phục vụ hành chính công thành phố Hà Nội tại phường Hoàn Kiếm"
)


def rows(table: str) -> list[dict[str, str]]:
    """The table's finding rows as rule / template / element / result / detail."""
    out = []
    for line in table.splitlines()[1:]:
        if not line.strip():
            break
        parts = re.split(r"\s{2,}", line, maxsplit=4)
        if len(parts) == 4:  # a row without an element
            parts.insert(2, "")
        rule, template, element, result, detail = parts
        out.append(
            {"rule": rule, "template": template, "element": element, "result": result,
             "detail": detail}
        )  # fmt: skip
    return out


def unit_name_line(spec_copy, unit_id: str) -> int:
    """The line of `name:` of the unit with `unit_id` (the line after its `- id:`)."""
    line = spec_copy.line_of(f"  - id: {unit_id}\n") + 1
    assert spec_copy.text().splitlines()[line - 1].startswith("    name: ")
    return line


# ---------------------------------------------------------------------------------------------
# The sample


@pytest.fixture(scope="module")
def sample_results(sample_spec_path):
    """`brandkit check` on the whole sample, as a table and as JSON (run once)."""
    from click.testing import CliRunner

    from brandkit.cli import cli

    runner = CliRunner()
    table = runner.invoke(cli, ["--spec", str(sample_spec_path), "check"])
    document = runner.invoke(cli, ["--spec", str(sample_spec_path), "check", "--format", "json"])
    return table, document


def test_the_sample_passes_every_rule(sample_results) -> None:
    table, _ = sample_results
    assert table.exit_code == 0, table.output
    lines = table.stdout.rstrip("\n").splitlines()
    assert lines[-1] == "All brand rules pass."
    assert "FAIL" not in table.stdout
    assert table.stderr == ""
    body = rows(table.stdout)
    # Warnings (print technique on other parts' elements, say) are listed but fail nothing.
    assert body and {r["result"] for r in body} <= {"ok", "warn"}
    assert {r["rule"] for r in body} == set(RULES)
    for rule in RULES:
        checked = sum(1 for r in body if r["rule"] == rule)
        warned = sum(1 for r in body if r["rule"] == rule and r["result"] == "warn")
        verdict = f"ok, {warned} warned" if warned else "ok"
        assert f"{rule.replace('_', ' ')}: {verdict} ({checked} checked)" in lines


def test_the_sample_as_json(sample_results, sample_spec_path) -> None:
    table, result = sample_results
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["ok"] is True
    findings = document["findings"]
    assert len(findings) == len(rows(table.stdout))
    assert list(document["rules"]) == list(RULES)
    for rule, counts in document["rules"].items():
        assert counts == {
            "checked": sum(1 for f in findings if f["rule"] == rule),
            "failed": 0,
            "warned": sum(1 for f in findings if f["rule"] == rule and not f["ok"]),
        }
        assert counts["checked"] > 0
    templates = set()
    for f in findings:
        assert f["rule"] in RULES and (f["ok"] is True or f["warning"] is True)
        assert isinstance(f["template"], str) and f["template"]
        templates.add(f["template"])
        if f["rule"] in ("contrast", "letter_height"):
            assert isinstance(f["value"], float) and isinstance(f["limit"], float), f
            assert f["value"] >= f["limit"], f
            assert f["file"] == str(sample_spec_path) and isinstance(f["line"], int), f
            assert f["element"], f
        if f["rule"] == "contrast":
            assert f["limit"] in (3.0, 4.5)
        if f["rule"] == "letter_height" and not f["element"].startswith("procedures "):
            assert f["unit"], f  # the unit whose text was set smallest (a table's is fixed)
    assert templates == {
        "badge", "badge_back", "signboard", "door_sign", "counter_sign_hanging",
        "counter_sign_desk", "desk_plate", "envelope", "folder", "kiosk_home", "kiosk_idle",
        "kiosk_rate", "kiosk_button", "ticket_proof", "procedure_board", "procedure_standee",
        "procedure_handout", "poster", "envelope_blank", "business_card", "business_card_back",
        "letterhead",
    }  # fmt: skip
    sizes = {f["size"] for f in findings if f["template"] == "envelope"}
    assert sizes == {"DL", "C5", "C4", "120x220", "250x350"}
    # Every sign text states how far away it is read: each one has a letter-height finding.
    heights = {(f["template"], f["element"]) for f in findings if f["rule"] == "letter_height"}
    assert ("door_sign", "purpose") in heights and ("signboard", "unit_name") in heights
    assert not [t for t, _ in heights if t in ("badge", "envelope", "folder")]


# ---------------------------------------------------------------------------------------------
# Contrast


@pytest.fixture
def low_contrast(spec_copy):
    """The badge's name (block style in the spec) set in a new colour close to the white of
    the card under it."""
    spec_copy.edit(
        '  paper:   {cmyk: [0, 0, 0, 0], hex: "#FFFFFF"}\n',
        '  paper:   {cmyk: [0, 0, 0, 0], hex: "#FFFFFF"}\n'
        f'  haze:    {{cmyk: [12, 6, 0, 4], hex: "{HAZE}"}}\n',
    )
    spec_copy.edit(
        "min_size: 12pt\n        colour: primary\n", "min_size: 12pt\n        colour: haze\n"
    )
    return spec_copy


def test_a_low_contrast_pair_fails_at_its_colour_line(run, low_contrast) -> None:
    spec = low_contrast
    ratio = wcag_ratio(HAZE, "#FFFFFF")
    assert ratio < 3
    result = run("--spec", spec.path, "check", "--unit", "phuong-tay-ho")
    assert result.exit_code == 1, result.output
    assert result.stdout.rstrip().endswith("Some brand rules fail.")
    failing = [r for r in rows(result.stdout) if r["result"] == "FAIL"]
    assert len(failing) == 1
    row = failing[0]
    assert (row["rule"], row["template"], row["element"]) == ("contrast", "badge", "name")
    line = spec.line_of("colour: haze")  # the `colour:` key itself, not the element's start
    assert spec.line_of("name: name\n") < line
    assert row["detail"].startswith(f"{spec.path}:{line}: haze on paper: {ratio:.2f}:1")
    assert "needs 4.5:1" in row["detail"]
    assert rows(result.stdout)[0] == row  # failures first
    assert "contrast: 1 failed" in result.stdout

    as_json = run("--spec", spec.path, "check", "--unit", "phuong-tay-ho", "--format", "json")
    assert as_json.exit_code == 1
    document = json.loads(as_json.stdout)
    assert document["ok"] is False
    assert document["rules"]["contrast"]["failed"] == 1
    (finding,) = [f for f in document["findings"] if not f["ok"] and not f["warning"]]
    assert finding["file"] == str(spec.path) and finding["line"] == line
    assert finding["value"] == round(ratio, 2) and finding["limit"] == 4.5


def test_a_low_contrast_pair_fails_in_vietnamese_with_its_line(
    run, low_contrast, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("BRANDKIT_LANG", "vi")
    spec = low_contrast
    result = run("--spec", spec.path, "check", "--unit", "phuong-tay-ho")
    assert result.exit_code == 1, result.output
    assert result.stdout.rstrip().endswith("Có quy tắc nhận diện không đạt.")
    (row,) = [r for r in rows(result.stdout) if r["result"] == "KHÔNG ĐẠT"]
    assert (row["rule"], row["template"], row["element"]) == ("tương phản", "badge", "name")
    line = spec.line_of("colour: haze")
    ratio = wcag_ratio(HAZE, "#FFFFFF")
    assert row["detail"] == (
        f"{spec.path}:{line}: haze trên nền giấy: {ratio:.2f}:1 (chữ 12 pt đậm; cần 4.5:1)"
    )
    assert "tương phản: 1 không đạt" in result.stdout
    assert "chiều cao chữ: đạt" in result.stdout
    assert not [r for r in rows(result.stdout) if r["rule"] in RULES]
    build = run("--spec", spec.path, "--out", tmp_path / "out", "badges", "-u", "phuong-tay-ho")
    assert f"{spec.path}:{line}: templates.badge.name: quy tắc tương phản không đạt ở badge: " in (
        build.stderr
    )
    as_json = run("--spec", spec.path, "check", "--unit", "phuong-tay-ho", "--format", "json")
    assert json.loads(as_json.stdout)["rules"]["contrast"]["failed"] == 1  # ids stay English


def test_build_refuses_low_contrast_badges(run, low_contrast, tmp_path) -> None:
    out = tmp_path / "out"
    result = run("--spec", low_contrast.path, "--out", out, "badges", "-u", "phuong-tay-ho")
    assert result.exit_code == 1
    line = low_contrast.line_of("colour: haze")
    assert f"{low_contrast.path}:{line}: templates.badge.name: contrast rule fails" in (
        result.stderr
    )
    assert "--force" in result.stderr
    assert not out.exists()


# ---------------------------------------------------------------------------------------------
# Letter height, and build refusing it


@pytest.fixture
def small_sign(spec_copy):
    spec_copy.edit("size: 96pt, min_size: 68pt", "size: 30pt, min_size: 20pt")
    return spec_copy


def test_a_too_small_sign_text_fails_letter_height(run, small_sign) -> None:
    result = run("--spec", small_sign.path, "check", "--unit", "trung-tam")
    assert result.exit_code == 1, result.output
    failing = [r for r in rows(result.stdout) if r["result"] == "FAIL"]
    assert [(r["rule"], r["template"], r["element"]) for r in failing] == [
        ("letter_height", "door_sign", "purpose")
    ]
    line = small_sign.line_of("size: 30pt, min_size: 20pt")
    detail = failing[0]["detail"]
    assert detail.startswith(f"{small_sign.path}:{line}: cap height 7.5 mm at 30 pt")
    assert "read from 2 m it needs 16.7 mm" in detail
    assert "letter height: 1 failed" in result.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])  # judged in this process, or from a worker's
def test_build_refuses_a_rule_failure_and_writes_nothing(
    run, small_sign, tmp_path, jobs: str
) -> None:
    out = tmp_path / "out"
    args = ("--spec", small_sign.path, "--out", out, "-j", jobs)
    result = run(*args, "build", "--unit", "trung-tam")
    assert result.exit_code == 1
    line = small_sign.line_of("size: 30pt, min_size: 20pt")
    assert f"{small_sign.path}:{line}: templates.door_sign.purpose: letter height rule fails " in (
        result.stderr
    )
    assert "--force" in result.stderr
    assert "brandkit: 1 problem; nothing was written" in result.stderr
    assert result.stdout == ""
    assert not out.exists()  # not even manifest.json, nor the folder

    # An earlier output folder is left exactly as it was.
    out.mkdir()
    (out / "manifest.json").write_text('{"generator": "brandkit", "files": []}\n')
    before = snapshot(out)
    assert run(*args, "signs", "--unit", "trung-tam").exit_code == 1
    assert snapshot(out) == before


def test_build_force_writes_anyway_with_a_warning(run, small_sign, tmp_path) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", small_sign.path, "--out", out, "-j", "1", "build", "--unit", "trung-tam",
        "--force",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    line = small_sign.line_of("size: 30pt, min_size: 20pt")
    warnings = [w for w in result.stderr.splitlines() if w.startswith("warning: ")]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"warning: {small_sign.path}:{line}: ")
    assert "letter height rule fails for door_sign" in warnings[0]
    assert warnings[0].endswith("(written anyway: --force)")
    files = written_files(out)
    assert "trung-tam/signs/trung-tam-door-sign.pdf" in files
    assert "manifest.json" in files
    # Everything the centre gets: its badges, 5 signs, 5 envelopes and 3 envelope blanks, a
    # folder, a ticket proof, a procedure board, a standee, the handout, the opening-hours
    # poster, business cards and a letterhead; and the brand manual and the attire's three
    # embroidery files.
    assert len([f for f in files if f.endswith(".pdf")]) == 26
    assert "26 PDFs" in result.stderr


def test_a_rule_failure_only_stops_the_assets_it_is_in(run, small_sign, tmp_path) -> None:
    out = tmp_path / "out"
    result = run(
        "--spec", small_sign.path, "--out", out, "-j", "1", "-q", "envelopes", "-u", "trung-tam",
        "--size", "DL",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert written_files(out) == [
        "manifest.json",
        "trung-tam/envelopes/trung-tam-envelope-blank-dl.pdf",
        "trung-tam/envelopes/trung-tam-envelope-dl.pdf",
    ]


# ---------------------------------------------------------------------------------------------
# Fit and glyphs


def test_a_name_too_long_to_fit(run, spec_copy, write_staff) -> None:
    spec_copy.edit("    name: Chi nhánh số 3\n", f"    name: {LONG_NAME}\n")
    staff = write_staff("staff.csv", [("X1", "Lê Văn Tám", "Chuyên viên", "chi-nhanh-03")])
    result = run("--spec", spec_copy.path, "check", "--unit", "chi-nhanh-03", "--staff", staff)
    assert result.exit_code == 1, result.output
    failing = [r for r in rows(result.stdout) if r["result"] == "FAIL"]
    assert failing and {r["rule"] for r in failing} == {"fit"}
    line = unit_name_line(spec_copy, "chi-nhanh-03")
    at_the_name = [r for r in failing if r["detail"].startswith(f"{spec_copy.path}:{line}: ")]
    # The signboard (a unit record) and the desk counter sign (a record per counter, whose
    # unit line is the unit's name) at least.
    assert {(r["template"], r["element"]) for r in at_the_name} >= {
        ("signboard", "unit_name"), ("counter_sign_desk", "unit_name")
    }  # fmt: skip
    for r in at_the_name:
        # Per-person templates (desk plates) name the person, but point at the unit's line.
        if r["template"] not in (
            "desk_plate",
            "badge",
            "badge_back",
            "business_card",
            "business_card_back",
        ):
            assert f"{LONG_NAME} (chi-nhanh-03)" in r["detail"]
        assert "does not fit its" in r["detail"]
    document = json.loads(
        run(
            "--spec", spec_copy.path, "check", "-u", "chi-nhanh-03", "--staff", staff,
            "--format", "json",
        ).stdout
    )  # fmt: skip
    assert document["ok"] is False
    assert document["rules"]["fit"]["failed"] == len(failing)
    assert document["rules"]["contrast"]["failed"] == 0
    for f in document["findings"]:
        if not f["ok"] and not f["warning"]:
            assert f["unit"] == "chi-nhanh-03" and f["rule"] == "fit"


def test_a_unit_name_too_long_for_a_desk_plate_points_at_the_spec(
    run, spec_copy, write_staff
) -> None:
    spec_copy.edit("    name: Chi nhánh số 3\n", f"    name: {LONG_NAME}\n")
    staff = write_staff("staff.csv", [("X1", "Lê Văn Tám", "Chuyên viên", "chi-nhanh-03")])
    result = run(
        "--spec", spec_copy.path, "check", "-u", "chi-nhanh-03", "--staff", staff,
        "--format", "json",
    )  # fmt: skip
    (plate,) = [
        f for f in json.loads(result.stdout)["findings"]
        if not f["ok"] and f["template"] == "desk_plate"
    ]  # fmt: skip
    assert plate["element"] == "unit_name"
    assert (plate["file"], plate["line"]) == (
        str(spec_copy.path),
        unit_name_line(spec_copy, "chi-nhanh-03"),
    )


def test_a_character_no_font_has(run, spec_copy, write_staff) -> None:
    spec_copy.edit("    name: Phường Tây Hồ\n", "    name: Phường Tây Hồ 漢\n")
    staff = write_staff("staff.csv", [("X1", "Lê Văn Tám", "Chuyên viên", "phuong-tay-ho")])
    result = run("--spec", spec_copy.path, "check", "-u", "phuong-tay-ho", "--staff", staff)
    assert result.exit_code == 1, result.output
    failing = [r for r in rows(result.stdout) if r["result"] == "FAIL"]
    assert failing and {r["rule"] for r in failing} == {"glyphs"}
    for r in failing:
        assert "U+6F22 CJK UNIFIED IDEOGRAPH-6F22 ('漢') is not in font" in r["detail"]
    line = unit_name_line(spec_copy, "phuong-tay-ho")
    located = {
        r["template"].split(" ")[0]
        for r in failing
        if r["detail"].startswith(f"{spec_copy.path}:{line}: ")
    }
    assert located >= {
        "signboard", "door_sign", "counter_sign_hanging", "counter_sign_desk", "envelope", "folder"
    }  # fmt: skip
    assert "glyphs: " in result.stdout and "Some brand rules fail." in result.stdout


# ---------------------------------------------------------------------------------------------
# Usage


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("nowhere", "no unit 'nowhere'"),
        ("Phường Tây Hổ", "did you mean 'Phường Tây Hồ'?"),
    ],
)
def test_an_unknown_unit_is_a_usage_error(run, sample_spec_path, unit, message) -> None:
    result = run("--spec", sample_spec_path, "check", "--unit", unit)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Usage:" in result.stderr
    assert result.stdout == ""


def test_check_writes_nothing(run, sample_spec_path, tmp_path) -> None:
    out = tmp_path / "out"
    result = run("--spec", sample_spec_path, "--out", out, "check", "-u", "chi-nhanh-03")
    assert result.exit_code == 0, result.output
    assert not out.exists()
    assert Path(sample_spec_path).is_file()
