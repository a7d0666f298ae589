"""`brandkit office`: a unit's Word letterhead read back with python-docx (A4, the decree's
margins, the hierarchy in the header, the brand's fonts named in the styles) and a person's
e-mail signature opened in Chromium (nothing fetched but the page itself; the logo drawn; the
person, the unit's lines and only the contacts the list gives)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from docx import Document

from tests.cli.conftest import invoke
from tests.conftest import SAMPLE_SPEC, SPECS_DIR

UNITS = ("trung-tam", "phuong-tay-ho")
HIERARCHY = {
    "trung-tam": ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
                  "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG THÀNH PHỐ HÀ NỘI"),
    "phuong-tay-ho": ("ỦY BAN NHÂN DÂN PHƯỜNG TÂY HỒ", "ĐIỂM TIẾP NHẬN, PHỤC VỤ HÀNH CHÍNH CÔNG"),
}  # fmt: skip


def build(out: Path) -> Path:
    units = [a for unit in UNITS for a in ("--unit", unit)]
    result = invoke("--spec", SAMPLE_SPEC, "--out", out, "office", *units)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("office"))


@pytest.fixture(scope="module")
def people() -> dict[str, list[dict[str, str]]]:
    with (SPECS_DIR / "data" / "staff.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    found: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        found.setdefault(row["Đơn vị"], []).append(row)
    return found


def letterhead(built: Path, unit: str) -> Path:
    return built / unit / "office" / f"{unit}-letterhead.docx"


@pytest.mark.parametrize("unit", UNITS)
def test_the_letterhead_names_the_unit_in_its_header(built: Path, unit: str) -> None:
    section = Document(str(letterhead(built, unit))).sections[0]
    cells = [c.text for t in section.header.tables for row in t.rows for c in row.cells]
    lines = "\n".join(cells).splitlines()
    assert [line for line in lines if line] == list(HIERARCHY[unit])
    pictures = section.header.part.package.image_parts
    assert len(list(pictures)) == 1  # the mark, as a PNG
    footer = "\n".join(p.text for p in section.footer.paragraphs)
    assert "Đường dây nóng: 1022" in footer and "dichvucong.hanoi.gov.vn" in footer


def test_the_letterhead_is_a4_with_the_decrees_margins(built: Path) -> None:
    section = Document(str(letterhead(built, "trung-tam"))).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    # Nghị định 30/2020/NĐ-CP: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    margins = {
        "top": (section.top_margin, 20, 25), "bottom": (section.bottom_margin, 20, 25),
        "left": (section.left_margin, 30, 35), "right": (section.right_margin, 15, 20),
    }  # fmt: skip
    for side, (length, low, high) in margins.items():
        assert length is not None and low <= length.mm <= high, side


def test_the_letterheads_styles_are_in_the_brand_fonts(built: Path) -> None:
    styles = Document(str(letterhead(built, "trung-tam"))).styles
    assert styles["Normal"].font.name == "Roboto" and not styles["Normal"].font.bold
    for name in ("Title", "Heading 1", "Heading 2"):
        font = styles[name].font
        assert (font.name, font.bold, str(font.color.rgb)) == ("Roboto", True, "0B4A8B"), name


def test_the_same_inputs_give_the_same_files(built: Path, tmp_path: Path) -> None:
    again = build(tmp_path)
    for path in sorted(built.rglob("*.*")):
        other = again / path.relative_to(built)
        assert (
            hashlib.sha256(other.read_bytes()).digest()
            == hashlib.sha256(path.read_bytes()).digest()
        )


def test_a_signature_per_person(built: Path, people: dict[str, list[dict[str, str]]]) -> None:
    for unit in UNITS:
        files = sorted((built / unit / "office" / "signatures").glob("*.html"))
        assert len(files) == len(people[unit])
        for person in people[unit]:
            assert any(f.name.startswith(person["Mã số"].lower() + "-") for f in files)


def test_a_signature_in_chromium(
    browser, built: Path, people: dict[str, list[dict[str, str]]], tmp_path: Path
) -> None:
    for unit in UNITS:
        for person in people[unit]:
            path = next((built / unit / "office" / "signatures").glob(
                f"{person['Mã số'].lower()}-*.html"))  # fmt: skip
            page = browser.new_page(viewport={"width": 640, "height": 240})
            requests: list[str] = []
            page.on("request", lambda r, seen=requests: seen.append(r.url))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            text = page.inner_text("body")
            assert person["Họ tên"] in text and person["Chức vụ"] in text
            for line in HIERARCHY[unit]:
                assert line in text
            for column, label in (("Số điện thoại", "Điện thoại: "), ("Email", "Email: ")):
                assert (label + person[column] in text) if person[column] else label not in text
            width = page.eval_on_selector("img", "i => i.complete ? i.naturalWidth : 0")
            assert width > 0  # the embedded logo decoded and drawn
            # Only the file itself is fetched: the logo is a data: URL, links are not followed.
            assert [u for u in requests if not u.startswith("data:")] == [path.as_uri()]
            page.screenshot(path=str(tmp_path / f"{path.stem}.png"))
            page.close()
