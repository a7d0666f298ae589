"""The sample's office stationery, declared in the spec as asset kinds (no code per kind): a
business card per person (90 × 54 mm, both sides) and an A4 letterhead per unit.

Built with `brandkit make`, read back as text with pypdfium2: the person's name, title, phone
and e-mail (only when the list gives them), the unit's hierarchy lines; the trim as the spec
states it; every file passes `brandkit preflight`, every piece `brandkit check`.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from tests.cli.conftest import invoke
from tests.conftest import SAMPLE_SPEC, SPECS_DIR

UNITS = ("trung-tam", "chi-nhanh-03", "phuong-tay-ho")
PT_PER_MM = 72 / 25.4


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        return [nfc(page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()


def flat(text: str) -> str:
    """Text with its line breaks as spaces (a wrapped name reads as one line)."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stationery")
    units = [a for unit in UNITS for a in ("--unit", unit)]
    result = invoke("--spec", SAMPLE_SPEC, "--out", out, "make", "business_card", "letterhead",
                    *units)  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def staff() -> dict[str, list[dict[str, str]]]:
    """The sample CSV list's people by unit id, read without brandkit."""
    with (SPECS_DIR / "data" / "staff.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    people: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        people.setdefault(row["Đơn vị"], []).append(row)
    return people


@pytest.fixture(scope="module")
def templates() -> dict[str, dict]:
    return yaml.safe_load(SAMPLE_SPEC.read_text(encoding="utf-8"))["templates"]


def test_business_cards_name_each_person_on_the_front_and_the_unit_on_the_back(
    built: Path, staff: dict[str, list[dict[str, str]]]
) -> None:
    for unit in UNITS:
        pages = page_texts(built / unit / "business-cards" / f"{unit}-business-card.pdf")
        people = staff[unit]
        assert len(pages) == 2 * len(people)  # front, back, front, back …
        for person, front, back in zip(people, pages[::2], pages[1::2], strict=True):
            assert person["Họ tên"] in flat(front)
            title = flat(front)
            assert person["Chức vụ"] in title or (person["Chức vụ rút gọn"] or "\0") in title
            for column, label in (("Số điện thoại", "Điện thoại: "), ("Email", "Email: ")):
                if person[column]:
                    assert label + person[column] in front
                else:  # no empty "Email:" line where the list gives none
                    assert label not in front
            assert "dichvucong.hanoi.gov.vn" in front
            assert "Đường dây nóng 1022" in back


def test_the_sample_has_people_with_and_without_phone_and_email(
    staff: dict[str, list[dict[str, str]]],
) -> None:
    everyone = [p for people in staff.values() for p in people]
    for column in ("Số điện thoại", "Email"):
        assert any(p[column] for p in everyone) and not all(p[column] for p in everyone)


def test_business_cards_and_letterheads_carry_the_units_hierarchy(built: Path) -> None:
    expected = {
        "trung-tam": ["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"],
        "chi-nhanh-03": ["TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "CHI NHÁNH SỐ 3"],
        "phuong-tay-ho": ["ỦY BAN NHÂN DÂN PHƯỜNG TÂY HỒ", "ĐIỂM TIẾP NHẬN, PHỤC VỤ HÀNH CHÍNH"],
    }
    for unit, lines in expected.items():
        letterhead = flat(page_texts(built / unit / "letterheads" / f"{unit}-letterhead.pdf")[0])
        cards = page_texts(built / unit / "business-cards" / f"{unit}-business-card.pdf")
        for text in (letterhead, flat(cards[0])):
            positions = [text.find(line) for line in lines]
            assert -1 not in positions, (unit, text)
            assert positions == sorted(positions)  # the governing body first
        assert "Đường dây nóng: 1022" in letterhead


def test_trim_sizes_are_the_specs(built: Path, templates: dict[str, dict]) -> None:
    entries = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["files"]
    pdfs = [e for e in entries if e["format"] == "pdf"]
    assert {e["asset"] for e in pdfs} == {"business_card", "letterhead"}
    for entry in pdfs:
        size = templates[entry["template"]]["size"]
        stated = [float(size[k].removesuffix("mm")) for k in ("width", "height")]
        assert entry["trim_mm"] == pytest.approx(stated)
        document = pdfium.PdfDocument(built / entry["path"])
        try:
            box = document[0].get_trimbox()
            width, height = (box[2] - box[0]) / PT_PER_MM, (box[3] - box[1]) / PT_PER_MM
        finally:
            document.close()
        assert (width, height) == pytest.approx(stated, abs=0.05)
    cards = [e for e in pdfs if e["asset"] == "business_card"]
    assert all(e["sides"] == 2 for e in cards)


def test_they_pass_preflight_and_check(built: Path) -> None:
    files = sorted(built.glob("*/*/*.pdf"))
    assert len(files) == 2 * len(UNITS)
    result = invoke("preflight", *files)
    assert result.exit_code == 0, result.output
    assert f"{len(files)} passed, 0 failed" in result.stdout
    units = [a for unit in UNITS for a in ("--unit", unit)]
    result = invoke("--spec", SAMPLE_SPEC, "check", *units, "--format", "json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    ours = [f for f in findings if str(f["template"]).startswith(("business_card", "letterhead"))]
    assert {f["template"] for f in ours} == {"business_card", "business_card_back", "letterhead"}
    assert all(f["ok"] or f["warning"] for f in ours)


def test_small_text_is_in_one_ink(built: Path) -> None:
    """Text under 12 pt on white is set in `text` (0 0 0 1, overprinting): the content
    streams of the card's front and the letterhead select it and no other fill for text."""
    import pikepdf

    for path in (
        built / "trung-tam" / "business-cards" / "trung-tam-business-card.pdf",
        built / "trung-tam" / "letterheads" / "trung-tam-letterhead.pdf",
    ):
        with pikepdf.open(path) as pdf:
            ops = pikepdf.parse_content_stream(pdf.pages[0])
            fills, texts = None, set()
            for operands, operator in ops:
                if str(operator) == "k":
                    fills = tuple(round(float(v), 3) for v in operands)
                if str(operator) in ("Tj", "TJ"):
                    texts.add(fills)
            assert (0.0, 0.0, 0.0, 1.0) in texts, (path, texts)
