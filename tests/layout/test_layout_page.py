"""Laying out a badge page from the sample template: every item where the template says."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandkit.build import staff_record
from brandkit.data.staff import Staff
from brandkit.errors import FitError, FontError
from brandkit.fonts import load_fonts
from brandkit.layout.page import ImageItem, QrItem, RectItem, TextItem
from brandkit.layout.template import Layout, fill_fields, layout_page, make_inks
from brandkit.units import mm

SPEC = None  # the sample spec, set by the `layout` fixture for `record`


@pytest.fixture(scope="module")
def layout(sample_spec) -> Layout:
    global SPEC
    SPEC = sample_spec.spec
    template = sample_spec.spec.templates["badge"]
    return Layout("badge", template, make_inks(sample_spec.spec), load_fonts(sample_spec))


@pytest.fixture(scope="module")
def tay_ho(sample_spec):
    return next(u for u in sample_spec.spec.units if u.id == "phuong-tay-ho")


def record(unit, name: str, title: str, staff_id: str = "X0001", photo: Path | None = None):
    person = Staff(staff_id, name, title, unit.id, photo, "staff.csv", 7)
    return staff_record(person, unit, SPEC)


def texts(page) -> dict[str, TextItem]:
    return {item.field: item for item in page.items if isinstance(item, TextItem)}


NAMES = [
    ("An", "Chuyên viên"),
    ("Công Tôn Nữ Thị Hoàng Phương Thảo Nguyên", "Công chức Văn hóa – Xã hội kiêm tiếp nhận"),
    ("ỄNH ỴẾN ỮNG", "Phó Giám đốc Trung tâm Phục vụ hành chính công thành phố Hà Nội"),
    ("Tôn Thất Nguyễn Hoàng Khánh Linh", "Trưởng phòng Tổng hợp – Hành chính"),
]


@pytest.mark.parametrize(("name", "title"), NAMES)
def test_every_text_line_stays_inside_its_box(layout, tay_ho, name: str, title: str) -> None:
    page = layout_page(layout, record(tay_ho, name, title))
    assert page.width == pytest.approx(mm(54))
    assert page.height == pytest.approx(mm(85.6))
    found = texts(page)
    assert {"unit_parent", "unit", "name", "title", "staff_id"} <= set(found)
    for item in found.values():
        font = layout.fonts[item.font]
        x, y, w, h = item.box
        for i, line in enumerate(item.lines):
            assert line.x >= x - 1e-6, (item.field, line)
            assert line.x + line.width <= x + w + 1e-6, (item.field, line)
            assert line.baseline - font.ascent * item.size >= y - 1e-6, (item.field, line)
            assert line.baseline + font.descent * item.size <= y + h + 1e-6, (item.field, line)
            if i:
                step = line.baseline - item.lines[i - 1].baseline
                assert step >= 1.3 * item.size - 1e-6
    assert " ".join(line.text for line in found["name"].lines) == name
    assert " ".join(line.text for line in found["title"].lines) == title
    parent, own = (" ".join(ln.text for ln in found[k].lines) for k in ("unit_parent", "unit"))
    assert parent == "ỦY BAN NHÂN DÂN PHƯỜNG TÂY HỒ"
    assert own == "ĐIỂM TIẾP NHẬN, PHỤC VỤ HÀNH CHÍNH CÔNG"


def test_centred_lines_are_centred(layout, tay_ho) -> None:
    page = layout_page(layout, record(tay_ho, NAMES[1][0], NAMES[1][1]))
    item = texts(page)["name"]
    x, _, w, _ = item.box
    assert len(item.lines) == 2
    for line in item.lines:
        assert line.x + line.width / 2 == pytest.approx(x + w / 2, abs=1e-6)


def test_photo_or_not_switches_the_elements(layout, tay_ho, sample_spec) -> None:
    photo = sample_spec.resolve("data/photos/CB00076.jpg")
    with_photo = layout_page(layout, record(tay_ho, "An", "Chuyên viên", photo=photo))
    without = layout_page(layout, record(tay_ho, "An", "Chuyên viên"))
    images = [i for i in with_photo.items if isinstance(i, ImageItem)]
    assert len(images) == 1 and images[0].path == photo
    assert not [i for i in without.items if isinstance(i, ImageItem)]
    (qr_left,) = [i for i in with_photo.items if isinstance(i, QrItem)]
    (qr_centre,) = [i for i in without.items if isinstance(i, QrItem)]
    assert qr_left.x == pytest.approx(mm(4))
    assert qr_centre.x + qr_centre.size / 2 == pytest.approx(mm(27))
    assert texts(with_photo)["staff_id"].lines[0].text == "X0001"
    assert texts(without)["staff_id"].lines[0].text == "Mã cán bộ: X0001"


def test_bleed_rects_reach_into_the_bleed(layout, tay_ho) -> None:
    page = layout_page(layout, record(tay_ho, "An", "Chuyên viên"))
    band = next(i for i in page.background + page.items if isinstance(i, RectItem))
    assert band.x == pytest.approx(-mm(3))
    assert band.y == pytest.approx(-mm(3))
    assert band.x + band.w == pytest.approx(mm(57))


def test_shared_elements_are_laid_out_once_as_background(layout, tay_ho) -> None:
    # Band, stripe, logo and footer do not change from person to person: they are laid out
    # once and every page carries the very same background object.
    one = layout_page(layout, record(tay_ho, "An", "Chuyên viên"))
    two = layout_page(layout, record(tay_ho, "Bình", "Chuyên viên"))
    assert one.background is two.background
    kinds = sorted(type(i).__name__ for i in one.background)
    assert kinds == ["LogoItem", "RectItem", "RectItem", "RectItem"]
    assert not any(isinstance(i, RectItem) for i in one.items)


def test_a_static_element_over_a_changing_one_stays_in_order(sample_spec) -> None:
    # A rectangle drawn after (over) a text must not move under it into the background.
    spec = sample_spec.spec
    template = spec.templates["badge"]
    cover = template.elements[0].model_copy(update={"y": mm(35), "h": mm(5), "bleed": False})
    changed = template.model_copy(update={"elements": [*template.elements, cover]})
    layout = Layout("badge", changed, make_inks(spec), load_fonts(sample_spec))
    assert len(template.elements) in layout.per_record


def test_qr_data_is_percent_encoded(layout, tay_ho) -> None:
    page = layout_page(layout, record(tay_ho, "An", "Chuyên viên", staff_id="A/B 1"))
    (qr,) = [i for i in page.items if isinstance(i, QrItem)]
    assert qr.data == "https://dichvucong.hanoi.gov.vn/cb/A%2FB%201"
    assert qr.modules >= 21


def test_fill_fields() -> None:
    values = {"staff": {"id": "CB 1", "name": "Lê Văn Tám"}}
    assert fill_fields("{staff.name} – {staff.id}", values) == "Lê Văn Tám – CB 1"
    assert fill_fields("x/{staff.id}", values, url=True) == "x/CB%201"
    assert fill_fields("{staff.title}", values) == ""


def test_text_that_cannot_fit_names_the_record(layout, tay_ho) -> None:
    title = "Chuyên viên " * 25
    with pytest.raises(FitError) as info:
        layout_page(layout, record(tay_ho, "Lê Văn Tám", title, staff_id="X0042"))
    (problem,) = info.value.problems
    assert problem.file == "staff.csv" and problem.line == 7
    assert problem.field == "title"
    assert "Lê Văn Tám (X0042)" in problem.message
    assert "does not fit" in problem.message and "6.5 pt" in problem.message


@pytest.mark.parametrize(("char", "code"), [("漢", "U+6F22"), ("😀", "U+1F600")])
def test_a_character_missing_from_the_font_is_named(layout, tay_ho, char, code) -> None:
    with pytest.raises(FontError) as info:
        layout_page(layout, record(tay_ho, f"Nguyễn Văn {char}", "Chuyên viên"))
    (problem,) = info.value.problems
    assert code in problem.message
    assert char in problem.message
    assert problem.field == "name"
    assert "Roboto-Bold" in problem.message


def test_every_problem_of_a_page_is_reported(layout, tay_ho) -> None:
    with pytest.raises(FontError) as info:
        layout_page(layout, record(tay_ho, "Lê 漢", "Chuyên viên 😀 " + "dài " * 80))
    fields = sorted(p.field for p in info.value.problems)
    assert fields == ["name", "title"]


@pytest.mark.parametrize("align", ["left", "center", "right"])
@pytest.mark.parametrize("valign", ["top", "middle", "bottom"])
def test_alignment_keeps_lines_in_the_box(tmp_path, sample_spec, tay_ho, align, valign) -> None:
    from brandkit.spec import load_spec

    minimal = Path(__file__).resolve().parents[1] / "spec" / "valid" / "minimal.yaml"
    text = minimal.read_text(encoding="utf-8").replace(
        "        align: center\n", f"        align: {align}\n        valign: {valign}\n"
    )
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    spec_file = load_spec(tmp_path / "spec.yaml")
    template = spec_file.spec.templates["badge"]
    layout = Layout("badge", template, make_inks(spec_file.spec), load_fonts(spec_file))
    for name in ("An", NAMES[1][0], "ỄNH ỴẾN ỮNG ĐỖ ĐẶNG"):
        page = layout_page(layout, record(tay_ho, name, "Chuyên viên"))
        item = texts(page)["elements[1]"]
        font = layout.fonts[item.font]
        x, y, w, h = item.box
        first, last = item.lines[0], item.lines[-1]
        top = first.baseline - font.ascent * item.size
        bottom = last.baseline + font.descent * item.size
        assert top >= y - 1e-6 and bottom <= y + h + 1e-6
        for line in item.lines:
            assert x - 1e-6 <= line.x and line.x + line.width <= x + w + 1e-6
            if align == "left":
                assert line.x == pytest.approx(x)
            elif align == "right":
                assert line.x + line.width == pytest.approx(x + w)
        if valign == "top":
            assert top == pytest.approx(y)
        elif valign == "bottom":
            assert bottom == pytest.approx(y + h)
        else:
            assert (top + bottom) / 2 == pytest.approx(y + h / 2)
