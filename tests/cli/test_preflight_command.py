"""`brandkit preflight` end to end: every PDF a real build writes passes, and faults planted in
small PDFs (made with the makers of tests/preflight) fail through the command line with the
right check named, exit status 1, and the files beside them still checked.

One real build (module-scoped): `build --unit trung-tam --sheet SRA3`, single pieces and
press sheets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from brandkit.units import mm
from tests.cli.conftest import invoke
from tests.cli.test_language import english_words
from tests.conftest import SAMPLE_SPEC
from tests.preflight.test_preflight import TRIM, cmyk_image, make_pdf

UNIT = "trung-tam"

# A table line of a finding: "  page 1    fonts          error    font Helvetica is …".
FINDING = re.compile(r"  (document|page \d+) +(\S+) +(error|warning) +(.*)")
STATUS = re.compile(r"(PASS|FAIL) (.+) \((\d+) pages?, (.+)\)")
SUMMARY = re.compile(r"(\d+) files?: (\d+) passed, (\d+) failed \((\d+) errors?, (\d+) warnings?\)")


@dataclass(frozen=True)
class Built:
    out: Path
    manifest: dict[str, dict[str, Any]]

    @property
    def pdfs(self) -> list[Path]:
        return sorted(self.out.rglob("*.pdf"))

    def pages(self, path: Path) -> int:
        return int(self.manifest[path.relative_to(self.out).as_posix()]["pages"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("preflight-build")
    args = ("--spec", SAMPLE_SPEC, "--out", out, "-j", "2", "-q", "build")
    result = invoke(*args, "--unit", UNIT, "--sheet", "SRA3")
    assert result.exit_code == 0, result.output
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return Built(out, {e["path"]: e for e in document["files"]})


@dataclass(frozen=True)
class Table:
    """`brandkit preflight`'s table: per file its status line and finding lines; the summary."""

    status: dict[str, tuple[str, int, str]]  # path → (PASS/FAIL, pages, standard)
    findings: dict[str, list[tuple[str, str, str, str]]]  # path → (where, check, severity, text)
    summary: tuple[int, int, int, int, int]  # files, passed, failed, errors, warnings


def table(stdout: str) -> Table:
    lines = stdout.rstrip("\n").split("\n")
    status: dict[str, tuple[str, int, str]] = {}
    findings: dict[str, list[tuple[str, str, str, str]]] = {}
    current = None
    for line in lines[:-1]:
        if m := STATUS.fullmatch(line):
            current = m[2]
            assert current not in status, f"{current} reported twice"
            status[current] = (m[1], int(m[3]), m[4])
            findings[current] = []
        else:
            m = FINDING.fullmatch(line)
            assert m is not None and current is not None, f"not a table line: {line!r}"
            findings[current].append((m[1], m[2], m[3], m[4]))
    summary = SUMMARY.fullmatch(lines[-1])
    assert summary is not None, f"no summary line: {lines[-1]!r}"
    files, passed, failed, errors, warnings = (int(g) for g in summary.groups())
    return Table(status, findings, (files, passed, failed, errors, warnings))


def page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


# --- the files a build writes ------------------------------------------------------------------


def test_the_build_wrote_single_pieces_and_sheets(built: Built) -> None:
    pdfs = {p.relative_to(built.out).as_posix() for p in built.pdfs}
    listed = {path for path, e in built.manifest.items() if e["format"] == "pdf"}
    assert pdfs == listed
    assert f"{UNIT}/badges/{UNIT}-badges.pdf" in pdfs
    assert f"{UNIT}/sheets/{UNIT}-badges-sra3.pdf" in pdfs
    assert sum("/sheets/" in p for p in pdfs) >= 5
    assert sum("/sheets/" not in p for p in pdfs) >= 10


def test_every_pdf_a_build_writes_passes(built: Built) -> None:
    pdfs = built.pdfs
    result = invoke("preflight", *pdfs)
    assert result.exit_code == 0, result.output
    report = table(result.stdout)
    assert list(report.status) == [str(p) for p in pdfs]
    for path in pdfs:
        assert report.status[str(path)] == ("PASS", built.pages(path), "PDF/X-4"), path
        assert all(f[2] == "warning" for f in report.findings[str(path)]), report.findings
    warnings = sum(len(f) for f in report.findings.values())
    assert report.summary == (len(pdfs), len(pdfs), 0, 0, warnings)
    assert result.stdout.splitlines()[-1].startswith(f"{len(pdfs)} files: {len(pdfs)} passed, 0")


def test_a_folder_stands_for_every_pdf_below_it(built: Built, tmp_path: Path) -> None:
    result = invoke("preflight", "--format", "json", built.out)
    assert result.exit_code == 0, result.output
    checked = sorted(f["path"] for f in json.loads(result.stdout)["files"])
    assert checked == sorted(str(p) for p in built.pdfs)
    (tmp_path / "empty").mkdir()
    empty = invoke("preflight", tmp_path / "empty")
    assert empty.exit_code == 2 and "no PDF in" in empty.output


def test_json_counts_match_the_files(built: Built) -> None:
    pdfs = built.pdfs
    result = invoke("preflight", "--format", "json", *pdfs)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["passed"], data["failed"]) == (len(pdfs), 0)
    assert [f["path"] for f in data["files"]] == [str(p) for p in pdfs]
    for path, file in zip(pdfs, data["files"], strict=True):
        assert (file["ok"], file["pages"], file["pdfx"]) == (True, built.pages(path), "PDF/X-4")
        assert [f for f in file["findings"] if f["severity"] == "error"] == []
    assert data["passed"] == sum(f["ok"] for f in data["files"])


# --- planted faults ----------------------------------------------------------------------------


def rgb_image(canvas: Canvas, font: str) -> None:
    photo = ImageReader(Image.new("RGB", (300, 300), (200, 30, 30)))
    canvas.drawImage(photo, TRIM[0] + mm(5), TRIM[1] + mm(5), 72, 72)


def photo_150dpi(canvas: Canvas, font: str) -> None:
    # 300 px over 2 inches.
    canvas.drawImage(cmyk_image(300), TRIM[0] + mm(5), TRIM[1] + mm(5), 144, 144)


def helvetica(canvas: Canvas, font: str) -> None:
    canvas.setFont("Helvetica", 9)
    canvas.drawString(TRIM[0] + mm(20), TRIM[1] + mm(20), "Helvetica is not embedded")


def untrim(pdf: pikepdf.Pdf) -> None:
    del pdf.pages[0].obj["/TrimBox"]


# file name → (the check that must fail it, a piece of its message)
FAULTS = {
    "rgb-image.pdf": ("colour", "DeviceRGB is not allowed in PDF/X-4 print (image "),
    "photo-150dpi.pdf": ("images", "is 150 dpi at its placed size (needs 300)"),
    "helvetica.pdf": ("fonts", "font Helvetica is not embedded"),
    "no-trimbox.pdf": ("boxes", "no TrimBox: the print shop cannot tell where to cut"),
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("planted")
    makers = {
        "good.pdf": make_pdf(),
        "rgb-image.pdf": make_pdf(rgb_image),
        "photo-150dpi.pdf": make_pdf(photo_150dpi),
        "helvetica.pdf": make_pdf(helvetica),
        "no-trimbox.pdf": make_pdf(edit=untrim),
    }
    paths = {}
    for name, data in makers.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def test_each_planted_fault_fails_its_own_check_and_a_good_file_beside_them_passes(
    planted: dict[str, Path],
) -> None:
    order = ["rgb-image.pdf", "good.pdf", "photo-150dpi.pdf", "helvetica.pdf", "no-trimbox.pdf"]
    result = invoke("preflight", *(planted[n] for n in order))
    assert result.exit_code == 1, result.output
    report = table(result.stdout)
    assert list(report.status) == [str(planted[n]) for n in order]
    good = str(planted["good.pdf"])
    assert report.status[good] == ("PASS", 1, "PDF/X-4")
    assert report.findings[good] == []
    for name, (check, message) in FAULTS.items():
        path = str(planted[name])
        assert report.status[path] == ("FAIL", 1, "PDF/X-4"), name
        found = report.findings[path]
        assert [(f[1], f[2]) for f in found] == [(check, "error")], (name, found)
        assert found[0][0] == "page 1"
        assert message in found[0][3], (name, found)
    assert report.summary == (5, 1, 4, 4, 0)
    assert f"FAIL {planted['helvetica.pdf']} (1 page, PDF/X-4)" in result.stdout.splitlines()


VIETNAMESE_FAULTS = {
    "rgb-image.pdf": "PDF/X-4 để in không cho phép DeviceRGB (ảnh ",
    "photo-150dpi.pdf": "chỉ đạt 150 dpi ở cỡ đặt (cần 300)",
    "helvetica.pdf": "font Helvetica không được nhúng",
    "no-trimbox.pdf": "không có TrimBox: nhà in không biết xén ở đâu",
}


def test_planted_faults_are_told_in_vietnamese(
    planted: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRANDKIT_LANG", "vi")
    for name, message in VIETNAMESE_FAULTS.items():
        lines = invoke("preflight", planted[name]).stdout.splitlines()
        assert lines[0].startswith("KHÔNG ĐẠT ") and len(lines) == 3, lines
        said = lines[1].rsplit("  ", 1)[-1]
        assert lines[1].split()[:2] == ["trang", "1"] and message in said, lines
        assert not english_words(said) - {"in"}, said  # "in" is also Vietnamese: to print


def test_planted_faults_as_json(planted: dict[str, Path]) -> None:
    names = ["good.pdf", *FAULTS]
    result = invoke("preflight", "--format", "json", *(planted[n] for n in names))
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert (data["passed"], data["failed"]) == (1, 4)
    files = {Path(f["path"]).name: f for f in data["files"]}
    assert list(files) == names
    assert (files["good.pdf"]["ok"], files["good.pdf"]["findings"]) == (True, [])
    for name, (check, message) in FAULTS.items():
        [finding] = files[name]["findings"]
        assert files[name]["ok"] is False
        assert (finding["check"], finding["severity"], finding["page"]) == (check, "error", 1)
        assert message in finding["message"]


def test_min_dpi_decides_whether_the_150_dpi_photo_passes(planted: dict[str, Path]) -> None:
    photo, good = planted["photo-150dpi.pdf"], planted["good.pdf"]
    strict = invoke("preflight", "--min-dpi", "200", photo, good)
    assert strict.exit_code == 1, strict.output
    [finding] = table(strict.stdout).findings[str(photo)]
    assert finding[1] == "images"
    assert "is 150 dpi at its placed size (needs 200)" in finding[3]

    lenient = invoke("preflight", "--min-dpi", "100", photo, good)
    assert lenient.exit_code == 0, lenient.output
    report = table(lenient.stdout)
    assert report.status[str(photo)] == ("PASS", 1, "PDF/X-4")
    assert report.findings[str(photo)] == []
    assert report.summary == (2, 2, 0, 0, 0)


# --- safe margin -------------------------------------------------------------------------------

MARGIN_MESSAGE = re.compile(
    r"(\d+) glyphs? within 10 mm of the trim edge, the nearest (\d+(?:\.\d)?) mm from it: “(.+)”"
)


def test_a_wider_safe_margin_fails_our_badges(built: Built) -> None:
    badges = built.out / UNIT / "badges" / f"{UNIT}-badges.pdf"
    pages = built.pages(badges)
    result = invoke("preflight", "--safe-margin", "10mm", badges)
    assert result.exit_code == 1, result.output
    report = table(result.stdout)
    assert report.status[str(badges)] == ("FAIL", pages, "PDF/X-4")
    found = report.findings[str(badges)]
    assert {f[1] for f in found} == {"safe_margin"}
    # Every badge (front and back) has text between 3 mm (the build's own margin) and 10 mm.
    assert [f[0] for f in found] == [f"page {n}" for n in range(1, pages + 1)]
    texts = page_texts(badges)
    nearest = []
    for where, _, severity, message in found:
        m = MARGIN_MESSAGE.fullmatch(message)
        assert m is not None, message
        assert severity == "error"
        assert int(m[1]) >= 1
        distance = float(m[2])
        assert 3 <= distance < 10, message
        nearest.append(distance)
        # The quoted text is on that page (an ellipsis marks where it was cut).
        page = texts[int(where.split()[1]) - 1]
        flat = " ".join(page.split())
        for piece in m[3].split("…"):
            assert piece.strip() in flat, (piece, flat)
    # The unit's lines, as wide as the card allows, are the text nearest the edge.
    assert any("HÀNH CHÍNH" in f[3] for f in found)
    # Just inside the nearest glyph the same file passes: the distances are measured, not made up.
    inside = min(nearest) - 0.2
    result = invoke("preflight", "--safe-margin", f"{inside:.1f}mm", badges)
    assert result.exit_code == 0, result.output
    assert table(result.stdout).status[str(badges)][0] == "PASS"


# --- bad arguments and bad files ---------------------------------------------------------------


def test_a_missing_file_is_a_usage_error(planted: dict[str, Path], tmp_path: Path) -> None:
    missing = tmp_path / "không-có.pdf"
    result = invoke("preflight", planted["good.pdf"], missing)
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.stderr
    assert "does not exist" in result.stderr
    assert "PASS" not in result.stdout
    assert "Traceback" not in result.output


def test_a_text_file_named_pdf_is_a_file_error(planted: dict[str, Path], tmp_path: Path) -> None:
    fake = tmp_path / "x.pdf"
    fake.write_text("Đây không phải là PDF\n", encoding="utf-8")
    good = planted["good.pdf"]
    result = invoke("preflight", fake, good)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    report = table(result.stdout)
    assert report.status[str(fake)] == ("FAIL", 0, "not PDF/X")
    [(where, check, severity, message)] = report.findings[str(fake)]
    assert (where, check, severity) == ("document", "file", "error")
    assert message.startswith("not a readable PDF (")
    assert report.status[str(good)] == ("PASS", 1, "PDF/X-4")
    assert report.summary == (2, 1, 1, 1, 0)
