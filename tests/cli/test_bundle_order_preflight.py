"""A bundle as the print shop gets it: the order on its job ticket (PDF text and JSON), an
approval block, and every PDF in it passing `brandkit preflight`, unzipped or as the zip; a
tampered bundle fails."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from tests.cli.conftest import invoke
from tests.conftest import SAMPLE_SPEC

UNIT = "phuong-tay-ho"
ORDER = """\
customer: UBND phường Tây Hồ
contact: Trần Văn Bình
phone: "024 3718 2020"
number: ĐH-2026-117
ordered: 2026-12-01
deadline: 18/12/2026
delivery: 657 Lạc Long Quân, phường Tây Hồ, Hà Nội
notes: Giao trong giờ hành chính
"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bundle")
    order = folder / "order.yaml"
    order.write_text(ORDER, encoding="utf-8")
    out = folder / "out"
    result = invoke(
        "--spec", SAMPLE_SPEC, "--out", out, "-j", "1", "build", "--unit", UNIT,
        "--sheet", "SRA3", "--bundle", "--order", order,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out / UNIT / f"{UNIT}-print-bundle.zip"


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def text_of(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_the_order_is_on_the_job_ticket(bundle: Path) -> None:
    inside = members(bundle)
    text = text_of(inside["job-ticket.pdf"])
    for line in (
        "Số đơn hàng: ĐH-2026-117",
        "Khách hàng: UBND phường Tây Hồ",
        "Người liên hệ: Trần Văn Bình",
        "Điện thoại: 024 3718 2020",
        "Ngày đặt: 01/12/2026",
        "Hạn giao: 18/12/2026",
        "Địa chỉ giao hàng: 657 Lạc Long Quân, phường Tây Hồ, Hà Nội",
        "Ghi chú: Giao trong giờ hành chính",
    ):
        assert line in text, line
    # The approval block ends the ticket: signature and stamp for customer and print shop.
    last = text[text.rindex("DUYỆT IN") :]
    for words in ("Khách hàng duyệt mẫu", "Cơ sở in xác nhận", "Ký, ghi rõ họ tên", "Đóng dấu"):
        assert words in last, words
    ticket = json.loads(inside["job-ticket.json"])
    assert ticket["order"] == {
        "customer": "UBND phường Tây Hồ", "contact": "Trần Văn Bình", "phone": "024 3718 2020",
        "number": "ĐH-2026-117", "ordered": "2026-12-01", "deadline": "2026-12-18",
        "delivery": "657 Lạc Long Quân, phường Tây Hồ, Hà Nội",
        "notes": "Giao trong giờ hành chính",
    }  # fmt: skip


def test_without_an_order_there_is_no_date(run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("--spec", SAMPLE_SPEC, "--out", out, "-j", "1", "build", "--unit", UNIT,
                 "--bundle")  # fmt: skip
    assert result.exit_code == 0, result.output
    inside = members(out / UNIT / f"{UNIT}-print-bundle.zip")
    assert "order" not in json.loads(inside["job-ticket.json"])
    text = text_of(inside["job-ticket.pdf"])
    assert "Ngày đặt" not in text and "Hạn giao" not in text and "DUYỆT IN" in text


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("deadline: 31/02/2026", "'31/02/2026' is not a date"),
        ("ordered: next week", "'next week' is not a date"),
        ("phone: 912345678", "expected text"),
        ("deliver: Hà Nội", "unknown key 'deliver'"),
    ],
)
def test_a_bad_order_is_located_and_nothing_is_written(
    run, tmp_path: Path, line: str, says: str
) -> None:
    order = tmp_path / "order.yaml"
    order.write_text(f"number: ĐH-1\n{line}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("--spec", SAMPLE_SPEC, "--out", out, "-j", "1", "build", "--unit", UNIT,
                 "--bundle", "--order", order)  # fmt: skip
    assert result.exit_code == 1, result.output
    assert f"{order}:2: " in result.stderr and says in result.stderr, result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_every_file_of_the_unzipped_bundle_passes_preflight(run, bundle: Path, tmp_path: Path):
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    result = run("preflight", folder)
    assert result.exit_code == 0, result.output
    assert "PASS" in result.output and "FAIL" not in result.output
    assert "job-ticket.pdf (2 pages, not for press: job-ticket)" in result.output or (
        "job-ticket.pdf (1 page, not for press: job-ticket)" in result.output
    )
    assert "proof.pdf (" in result.output and "not for press: proof" in result.output


def test_the_bundle_zip_passes_preflight(run, bundle: Path) -> None:
    result = run("preflight", "--format", "json", bundle)
    assert result.exit_code == 0, result.output
    files = json.loads(result.output)["files"]
    pdfs = [n for n in members(bundle) if n.endswith(".pdf")]
    assert sorted(f["path"].split(".zip:")[1] for f in files) == sorted(pdfs)
    roles = {f["path"].split(".zip:")[1]: f["role"] for f in files}
    assert roles.pop("job-ticket.pdf") == "job-ticket" and roles.pop("proof.pdf") == "proof"
    assert set(roles.values()) == {None}
    assert all(f["pdfx"] == "PDF/X-4" for f in files if f["role"] is None)


def _rewrite(bundle: Path, target: Path, changes: dict[str, bytes]) -> Path:
    inside = members(bundle) | changes
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in inside.items():
            archive.writestr(name, data)
    return target


def _unmarked(pdf: bytes) -> bytes:
    """`pdf` without its not-for-press mark: what a careless tool might write."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        del document.docinfo["/BrandkitRole"]
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def test_a_tampered_bundle_fails(run, bundle: Path, tmp_path: Path) -> None:
    inside = members(bundle)
    badge = f"badges/{UNIT}-badges.pdf"
    # An RGB page with no TrimBox in a print file's place: it fails, as a print file.
    rgb = _unmarked(inside["proof.pdf"])
    tampered = _rewrite(bundle, tmp_path / "rgb.zip", {badge: rgb})
    result = run("preflight", tampered)
    assert result.exit_code == 1, result.output
    failed = [line for line in result.output.splitlines() if line.startswith("FAIL")]
    assert len(failed) == 1 and badge in failed[0], result.output
    assert "DeviceRGB" in result.output
    # A mark does not excuse a print file inside a bundle.
    marked = _rewrite(bundle, tmp_path / "marked.zip", {badge: inside["proof.pdf"]})
    assert run("preflight", marked).exit_code == 1
    # Unzipped, the same RGB file fails too.
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(tampered) as archive:
        archive.extractall(folder)
    assert run("preflight", folder).exit_code == 1


def test_an_unsafe_or_unlisted_member_fails(run, bundle: Path, tmp_path: Path) -> None:
    inside = members(bundle)
    slip = _rewrite(bundle, tmp_path / "slip.zip", {"../evil.pdf": inside["proof.pdf"]})
    result = run("preflight", slip)
    assert result.exit_code == 1
    assert "unsafe file name in the bundle: '../evil.pdf'" in result.output, result.output
    assert not (tmp_path / "evil.pdf").exists()
    extra = _rewrite(
        bundle, tmp_path / "extra.zip", {"extra.pdf": inside[f"badges/{UNIT}-badges.pdf"]}
    )
    result = run("preflight", extra)
    assert result.exit_code == 1 and "does not list: extra.pdf" in result.output, result.output
