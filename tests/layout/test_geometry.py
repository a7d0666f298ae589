"""Where elements land: corner anchors, named sizes, half turns, tent cards, upper-casing.

Small templates are built in the tests with `Template.model_validate` (lengths as the YAML
writes them); the inks and fonts are the sample spec's. Positions are checked in points, on
the flat sheet, y running down from the trim's top edge.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from pydantic import ValidationError

from brandkit.fonts import load_fonts
from brandkit.layout.page import (
    Item,
    LineItem,
    LogoItem,
    Page,
    PathItem,
    QrItem,
    RectItem,
    TextItem,
    TurnedItem,
)
from brandkit.layout.template import (
    Frame,
    Layout,
    Record,
    layout_key,
    layout_page,
    layouts_for,
    make_inks,
)
from brandkit.spec.model import Template
from brandkit.text import normalise_text
from brandkit.units import mm

Box = tuple[float, float, float, float]  # left, top, right, bottom (y down)
EPS = 1e-6

UNIT = {
    "id": "phuong-tay-ho",
    "name": "Phường Tây Hồ",
    "short_name": "Phường Tây Hồ",
    "authority": "Ủy ban nhân dân thành phố Hà Nội",
    "address": "Trụ sở UBND phường Tây Hồ, Hà Nội",
    "hotline": "1022",
    "website": "dichvucong.hanoi.gov.vn",
    "hierarchy_parent": "Ủy ban nhân dân Phường Tây Hồ",
    "hierarchy_name": "Điểm tiếp nhận, phục vụ hành chính công",
    "hierarchy_parent_short": "UBND Phường Tây Hồ",
    "hierarchy_name_short": "Điểm phục vụ hành chính công",
}
STAFF = {"id": "CB00077", "name": "Trần Minh Cường", "title": "Chuyên viên", "photo": ""}
RECORD = Record({"unit": UNIT, "staff": STAFF}, "Trần Minh Cường (CB00077)")


@pytest.fixture(scope="module")
def kit(sample_spec) -> tuple[dict[str, Any], dict[str, Any]]:
    """The sample spec's inks and fonts."""
    return make_inks(sample_spec.spec), load_fonts(sample_spec)


def make_template(elements: list[dict[str, Any]], **fields: Any) -> Template:
    data: dict[str, Any] = {"asset": "door_sign", "repeat": "unit", "bleed": "3mm"}
    if "sizes" not in fields:
        data["size"] = {"width": "100mm", "height": "60mm"}
    data.update(fields)
    return Template.model_validate({**data, "elements": elements})


def make_layout(kit, elements: list[dict[str, Any]], **fields: Any) -> Layout:
    inks, fonts = kit
    return Layout("test", make_template(elements, **fields), inks, fonts)


def everything(page: Page) -> list[Item]:
    return [*page.background, *page.items]


def box_of(item: Item) -> Box:
    """The bounding box of what `item` draws on the sheet, every half turn applied."""
    if isinstance(item, TurnedItem):
        x0, y0, x1, y1 = box_of(item.item)
        return 2 * item.cx - x1, 2 * item.cy - y1, 2 * item.cx - x0, 2 * item.cy - y0
    if isinstance(item, (RectItem, LogoItem)):
        return item.x, item.y, item.x + item.w, item.y + item.h
    if isinstance(item, QrItem):
        return item.x, item.y, item.x + item.size, item.y + item.size
    if isinstance(item, TextItem):
        x, y, w, h = item.box
        return x, y, x + w, y + h
    if isinstance(item, LineItem):
        xs, ys = (item.x, item.x2), (item.y, item.y2)
        return min(xs), min(ys), max(xs), max(ys)
    if isinstance(item, PathItem):
        points = [p for outline, _ in item.outlines for p in outline]
        return (
            min(p[0] for p in points), min(p[1] for p in points),
            max(p[0] for p in points), max(p[1] for p in points),
        )  # fmt: skip
    raise AssertionError(f"no box for {item!r}")


def runs(item: Item) -> list[tuple[float, float, str, int]]:
    """Each text line as drawn on the sheet: origin x, baseline y, text, and +1 when it runs
    left to right (upright) or -1 when it runs right to left (upside down)."""
    if isinstance(item, TurnedItem):
        return [(2 * item.cx - x, 2 * item.cy - y, t, -s) for x, y, t, s in runs(item.item)]
    if isinstance(item, TextItem):
        return [(line.x, line.baseline, line.text, 1) for line in item.lines]
    return []


def turns(item: Item) -> int:
    return 1 + turns(item.item) if isinstance(item, TurnedItem) else 0


def innermost(item: Item) -> Item:
    return innermost(item.item) if isinstance(item, TurnedItem) else item


def half_turned(box: Box, cx: float, cy: float) -> Box:
    x0, y0, x1, y1 = box
    return 2 * cx - x1, 2 * cy - y1, 2 * cx - x0, 2 * cy - y0


# ---------------------------------------------------------------------------------------------
# Frames and anchors

W, H = mm(100), mm(60)


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ("top-left", (mm(7), mm(11))),
        ("top-right", (W - mm(7) - mm(20), mm(11))),
        ("bottom-left", (mm(7), H - mm(11) - mm(9))),
        ("bottom-right", (W - mm(7) - mm(20), H - mm(11) - mm(9))),
    ],
)
def test_frame_box_measures_from_the_corner_to_the_nearest_edge(anchor, expected) -> None:
    frame = Frame(W, H)
    assert frame.box(anchor, mm(7), mm(11), mm(20), mm(9)) == pytest.approx(expected)
    # A face further down the sheet (a tent's front face) moves everything with it.
    shifted = Frame(W, H, mm(5), H)
    x, y = shifted.box(anchor, mm(7), mm(11), mm(20), mm(9))
    assert (x, y) == pytest.approx((expected[0] + mm(5), expected[1] + H))


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ("top-left", (mm(7), mm(11))),
        ("top-right", (W - mm(7), mm(11))),
        ("bottom-left", (mm(7), H - mm(11))),
        ("bottom-right", (W - mm(7), H - mm(11))),
    ],
)
def test_frame_point(anchor, expected) -> None:
    assert Frame(W, H).point(anchor, mm(7), mm(11)) == pytest.approx(expected)


ANCHORS = ["top-left", "top-right", "bottom-left", "bottom-right"]


def gaps(anchor: str, box: Box, width: float = W, height: float = H) -> tuple[float, float]:
    """Distances from the anchor's two trim edges to the nearest edges of `box`."""
    x0, y0, x1, y1 = box
    gx = width - x1 if anchor.endswith("right") else x0
    gy = height - y1 if anchor.startswith("bottom") else y0
    return gx, gy


@pytest.mark.parametrize("anchor", ANCHORS)
def test_anchored_elements_of_every_type(kit, anchor: str) -> None:
    place = {"anchor": anchor, "x": "7mm", "y": "11mm"}
    elements = [
        {"type": "rect", "name": "rect", **place, "w": "20mm", "h": "9mm", "fill": "primary"},
        {"type": "logo", "name": "logo", **place, "w": "12mm", "h": "12mm", "logo": "emblem"},
        {"type": "qr", "name": "qr", **place, "size": "15mm", "data": "x{unit.id}",
         "colour": "primary"},
        {"type": "text", "name": "text", **place, "w": "40mm", "h": "8mm", "text": "{unit.name}",
         "font": "body", "size": "10pt", "colour": "ink", "align": "right", "valign": "bottom"},
    ]  # fmt: skip
    layout = make_layout(kit, elements)
    page = layout_page(layout, RECORD)
    assert (page.width, page.height) == pytest.approx((W, H))
    items = everything(page)
    assert [type(i) for i in items] == [RectItem, LogoItem, QrItem, TextItem]
    sizes = [(mm(20), mm(9)), (mm(12), mm(12)), (mm(15), mm(15)), (mm(40), mm(8))]
    for item, (w, h) in zip(items, sizes, strict=True):
        box = box_of(item)
        assert (box[2] - box[0], box[3] - box[1]) == pytest.approx((w, h)), item
        assert gaps(anchor, box) == pytest.approx((mm(7), mm(11))), (anchor, item)
    text = items[3]
    assert isinstance(text, TextItem)
    (line,) = text.lines
    assert line.text == "Phường Tây Hồ"
    # Right-aligned in a box 7 mm from the left or right edge.
    assert line.x + line.width == pytest.approx(box_of(text)[2])


@pytest.mark.parametrize("anchor", ANCHORS)
def test_anchored_lines_and_paths_measure_each_point_from_the_corner(kit, anchor) -> None:
    elements = [
        {"type": "line", "anchor": anchor, "x": "5mm", "y": "2mm", "x2": "30mm", "y2": "12mm",
         "colour": "ink"},
        {"type": "path", "anchor": anchor, "d": "M 5 2 H 30 V 12 Z", "stroke": "dieline"},
    ]  # fmt: skip
    page = layout_page(make_layout(kit, elements), RECORD)
    line, path = everything(page)
    assert isinstance(line, LineItem) and isinstance(path, PathItem)

    def at(px: float, py: float) -> tuple[float, float]:
        x = W - mm(px) if anchor.endswith("right") else mm(px)
        y = H - mm(py) if anchor.startswith("bottom") else mm(py)
        return x, y

    assert (line.x, line.y) == pytest.approx(at(5, 2))
    assert (line.x2, line.y2) == pytest.approx(at(30, 12))
    ((points, closed),) = path.outlines
    assert closed
    assert [v for p in points for v in p] == pytest.approx([*at(5, 2), *at(30, 2), *at(30, 12)])
    # Either way the nearest edges are as far from the anchor's edges as the data says.
    assert gaps(anchor, box_of(path)) == pytest.approx((mm(5), mm(2)))
    assert gaps(anchor, box_of(line)) == pytest.approx((mm(5), mm(2)))


@pytest.mark.parametrize("anchor", ANCHORS)
def test_a_bleed_rect_bleeds_on_the_edges_its_corner_touches(kit, anchor) -> None:
    elements = [
        {"type": "rect", "anchor": anchor, "x": "0mm", "y": "0mm", "w": "10mm", "h": "10mm",
         "fill": "primary", "bleed": True},
    ]  # fmt: skip
    (rect,) = everything(layout_page(make_layout(kit, elements), RECORD))
    x0, y0, x1, y1 = box_of(rect)
    b = mm(3)
    if anchor.endswith("right"):
        assert (x0, x1) == pytest.approx((W - mm(10), W + b))
    else:
        assert (x0, x1) == pytest.approx((-b, mm(10)))
    if anchor.startswith("bottom"):
        assert (y0, y1) == pytest.approx((H - mm(10), H + b))
    else:
        assert (y0, y1) == pytest.approx((-b, mm(10)))


def test_a_turned_bleed_rect_still_bleeds(kit) -> None:
    elements = [
        {"type": "rect", "x": "0mm", "y": "0mm", "w": "10mm", "h": "10mm", "fill": "primary",
         "bleed": True, "rotate": 180},
    ]  # fmt: skip
    (rect,) = everything(layout_page(make_layout(kit, elements), RECORD))
    assert box_of(rect) == pytest.approx((-mm(3), -mm(3), mm(10), mm(10)))


# ---------------------------------------------------------------------------------------------
# Named sizes

SIZED = {
    "asset": "envelope",
    "sizes": {
        "A": {"width": "220mm", "height": "110mm"},
        "B": {"width": "324mm", "height": "229mm"},
    },
}


def test_layouts_for_gives_a_layout_per_named_size(kit) -> None:
    inks, fonts = kit
    elements = [
        {"type": "rect", "name": "only_a", "x": "0mm", "y": "0mm", "w": "5mm", "h": "5mm",
         "fill": "primary", "sizes": ["A"]},
        {"type": "rect", "name": "corner", "anchor": "bottom-right", "x": "10mm", "y": "20mm",
         "w": "30mm", "h": "15mm", "fill": "accent"},
        {"type": "text", "name": "to", "anchor": "bottom-right", "x": "15mm", "y": "42mm",
         "w": "110mm", "h": "6mm", "text": "Kính gửi:", "font": "strong", "size": "10pt",
         "colour": "ink", "sizes": ["B"]},
    ]  # fmt: skip
    template = make_template(elements, **SIZED)
    layouts = layouts_for("envelope", template, inks, fonts)
    assert list(layouts) == ["envelope@A", "envelope@B"]
    assert [layout_key("envelope", s) for s in ("A", "B", "")] == [
        "envelope@A",
        "envelope@B",
        "envelope",
    ]
    for key, (w_mm, h_mm) in {"envelope@A": (220, 110), "envelope@B": (324, 229)}.items():
        layout = layouts[key]
        assert layout.size_name == key.split("@")[1]
        page = layout_page(layout, RECORD)
        assert (page.width, page.height) == pytest.approx((mm(w_mm), mm(h_mm)))
        rects = [i for i in everything(page) if isinstance(i, RectItem)]
        texts = [i for i in everything(page) if isinstance(i, TextItem)]
        corner = [r for r in rects if r.fill is not None and r.fill.name == "accent"]
        only_a = [r for r in rects if r.fill is not None and r.fill.name == "primary"]
        (corner_rect,) = corner
        assert box_of(corner_rect) == pytest.approx(
            (mm(w_mm - 10 - 30), mm(h_mm - 20 - 15), mm(w_mm - 10), mm(h_mm - 20))
        )
        if key == "envelope@A":
            assert len(only_a) == 1 and not texts
        else:
            assert not only_a
            (to,) = texts
            assert to.field == "to"
            assert box_of(to) == pytest.approx(
                (mm(w_mm - 15 - 110), mm(h_mm - 42 - 6), mm(w_mm - 15), mm(h_mm - 42))
            )


def test_a_single_size_template_has_one_layout_under_its_name(kit) -> None:
    inks, fonts = kit
    template = make_template([{"type": "rect", "x": "0mm", "y": "0mm", "w": "1mm", "h": "1mm",
                               "fill": "ink"}])  # fmt: skip
    layouts = layouts_for("door", template, inks, fonts)
    assert list(layouts) == ["door"]
    assert layouts["door"].size_name == ""
    assert layouts["door"].sheet == pytest.approx((W, H))


def test_sample_envelope_window_only_on_dl_and_the_address_block_in_the_corner(
    kit, sample_spec
) -> None:
    inks, fonts = kit
    template = sample_spec.spec.templates["envelope"]
    layouts = layouts_for("envelope", template, inks, fonts)
    assert set(layouts) == {f"envelope@{s}" for s in ("DL", "C5", "C4", "120x220", "250x350")}
    record = Record({"unit": UNIT}, "Phường Tây Hồ (phuong-tay-ho)")
    for key, layout in layouts.items():
        page = layout_page(layout, record)
        width, height = layout.sheet
        items = everything(page)
        windows = [i for i in items if isinstance(i, RectItem) and i.stroke is not None]
        texts = {i.field: i for i in items if isinstance(i, TextItem)}
        lines = [i for i in items if isinstance(i, LineItem)]
        if key == "envelope@DL":
            # DIN 680: 90 × 45 mm, 20 mm from the left, 15 mm from the bottom edge.
            (window,) = windows
            assert window.stroke is not None and window.stroke.spot == "Dieline"
            assert window.fill is None
            assert box_of(window) == pytest.approx(
                (mm(20), height - mm(15) - mm(45), mm(110), height - mm(15))
            )
            assert "to" not in texts and not lines
        else:
            assert not windows, key
            assert box_of(texts["to"]) == pytest.approx(
                (width - mm(125), height - mm(48), width - mm(15), height - mm(42))
            )
            assert sorted(line.y for line in lines) == pytest.approx(
                [height - mm(34), height - mm(25), height - mm(16)]
            )
            for line in lines:
                assert sorted((line.x, line.x2)) == pytest.approx([width - mm(125), width - mm(15)])
        # The left edge strip of each size runs the full height of that size, into the bleed.
        (edge,) = [i for i in items if isinstance(i, RectItem) and i.fill and i.w < mm(10)]
        assert box_of(edge) == pytest.approx((-mm(3), -mm(3), mm(5), height + mm(3)))


# ---------------------------------------------------------------------------------------------
# Half turns


def test_rotate_180_turns_an_element_about_its_own_centre(kit) -> None:
    elements = [
        {"type": "text", "name": "upside", "x": "10mm", "y": "40mm", "w": "60mm", "h": "10mm",
         "text": "{unit.name}", "font": "strong", "size": "12pt", "colour": "ink",
         "rotate": 180},
        {"type": "rect", "name": "box", "x": "10mm", "y": "5mm", "w": "20mm", "h": "10mm",
         "fill": "primary", "rotate": 180},
        {"type": "text", "name": "upright", "x": "10mm", "y": "40mm", "w": "60mm", "h": "10mm",
         "text": "{unit.name}", "font": "strong", "size": "12pt", "colour": "ink"},
    ]  # fmt: skip
    page = layout_page(make_layout(kit, elements), RECORD)
    (rect,) = page.background
    turned, upright = page.items
    for item, (x, y, w, h) in ((rect, (10, 5, 20, 10)), (turned, (10, 40, 60, 10))):
        assert isinstance(item, TurnedItem)
        assert (item.cx, item.cy) == pytest.approx((mm(x + w / 2), mm(y + h / 2)))
        # Turned about its centre, the element covers its own box.
        assert box_of(item) == pytest.approx((mm(x), mm(y), mm(x + w), mm(y + h)))
    assert isinstance(upright, TextItem)
    assert turns(upright) == 0
    # The turned text is the upright one, read upside down: it starts where the other ends.
    ((ux, ub, utext, us),) = runs(upright)
    ((tx, tb, ttext, ts),) = runs(turned)
    assert ttext == utext == "Phường Tây Hồ"
    assert (us, ts) == (1, -1)
    assert tx + ux == pytest.approx(2 * mm(40))
    assert tb + ub == pytest.approx(2 * mm(45))


TENT = {"asset": "desk_plate", "repeat": "staff", "tent": True}
FACE_W, FACE_H = mm(200), mm(80)


def tent_layout(kit, elements: list[dict[str, Any]]) -> Layout:
    return make_layout(kit, elements, size={"width": "200mm", "height": "80mm"}, **TENT)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({**TENT, "sizes": {"A": {"width": "10mm", "height": "10mm"}}}, "one 'size' (its face)"),
        ({"size": {"width": "10mm", "height": "10mm"}, **SIZED}, "exactly one of 'size'"),
        ({"asset": "envelope", "sizes": {}}, "at least 1 item"),
    ],
)
def test_template_sizes_are_checked(fields: dict[str, Any], message: str) -> None:
    data = {"asset": "door_sign", "repeat": "unit", **fields}
    data["elements"] = [{"type": "rect", "x": "0mm", "y": "0mm", "w": "1mm", "h": "1mm",
                         "fill": "ink"}]  # fmt: skip
    with pytest.raises(ValidationError) as info:
        Template.model_validate(data)
    assert message in str(info.value)


def test_a_tent_is_two_faces_tall_with_a_fold_between_them(kit) -> None:
    elements = [{"type": "text", "name": "name", "x": "10mm", "y": "20mm", "w": "180mm",
                 "h": "30mm", "text": "{staff.name}", "font": "heading", "size": "40pt",
                 "colour": "primary", "align": "center", "valign": "middle"}]  # fmt: skip
    layout = tent_layout(kit, elements)
    assert layout.sheet == pytest.approx((FACE_W, 2 * FACE_H))
    frames = layout.frames()
    assert frames == (
        # Both faces upright with their head on the fold (no bleed there); the back one turned.
        (Frame(FACE_W, FACE_H, 0.0, FACE_H, (True, False, True, True)), False),
        (Frame(FACE_W, FACE_H, 0.0, 0.0, (True, False, True, True)), True),
    )
    page = layout_page(layout, RECORD)
    assert (page.width, page.height) == pytest.approx((FACE_W, 2 * FACE_H))
    assert page.folds == (("y", pytest.approx(FACE_H)),)
    front, back = page.items
    assert isinstance(front, TextItem) and isinstance(back, TurnedItem)
    # The back face is laid out on the upper half and turned about that half's centre.
    assert (back.cx, back.cy) == pytest.approx((FACE_W / 2, FACE_H / 2))
    inner = back.item
    assert isinstance(inner, TextItem)
    assert box_of(front) == pytest.approx((mm(10), FACE_H + mm(20), mm(190), FACE_H + mm(50)))
    assert box_of(inner) == pytest.approx((mm(10), mm(20), mm(190), mm(50)))
    assert [ln.text for ln in inner.lines] == [ln.text for ln in front.lines] == ["Trần Minh Cường"]
    # Seen on the sheet, the back is the front turned about the middle of the fold.
    assert box_of(back) == pytest.approx(half_turned(box_of(front), FACE_W / 2, FACE_H))
    ((fx, fb, ft, fs),) = runs(front)
    ((bx, bb, bt, bs),) = runs(back)
    assert (ft, fs) == (bt, -bs) == ("Trần Minh Cường", 1)
    assert (bx, bb) == pytest.approx((FACE_W - fx, 2 * FACE_H - fb))
    assert fb > FACE_H and bb < FACE_H


def test_a_turned_element_on_the_back_of_a_tent_is_turned_twice(kit) -> None:
    # rotate: 180 on a tent: the front copy turns about its own centre; the back copy gets a
    # second half turn about the face's centre, which leaves it upright and moved.
    elements = [
        {"type": "text", "name": "note", "x": "20mm", "y": "60mm", "w": "100mm", "h": "12mm",
         "text": "{staff.title}", "font": "body", "size": "14pt", "colour": "ink",
         "rotate": 180},
        {"type": "rect", "name": "mark", "x": "150mm", "y": "5mm", "w": "30mm", "h": "8mm",
         "fill": "accent", "rotate": 180},
        {"type": "line", "name": "rule", "x": "20mm", "y": "74mm", "x2": "120mm", "y2": "74mm",
         "colour": "muted", "rotate": 180},
        {"type": "path", "name": "tick", "d": "M 5 5 L 9 9 L 15 1", "stroke": "ink",
         "rotate": 180},
        {"type": "qr", "name": "qr", "x": "170mm", "y": "50mm", "size": "20mm",
         "data": "{staff.id}", "colour": "primary", "rotate": 180},
    ]  # fmt: skip
    page = layout_page(tent_layout(kit, elements), RECORD)
    items = everything(page)
    assert len(items) == 2 * len(elements)
    pairs = [(items[i], items[i + 1]) for i in range(0, len(items), 2)]
    for front, back in pairs:
        assert isinstance(front, TurnedItem) and turns(front) == 1
        assert not isinstance(back, TurnedItem), back  # two half turns: no turn at all
        assert type(back) is type(front.item)
        # Front: turned in place, on the lower half.
        fbox = box_of(front)
        assert fbox == pytest.approx(box_of(front.item))
        assert fbox[1] >= FACE_H - EPS
        # Back: where the front lands when the sheet turns about the middle of the fold.
        assert box_of(back) == pytest.approx(half_turned(fbox, FACE_W / 2, FACE_H)), back
        assert box_of(back)[3] <= FACE_H + EPS
    # Static elements (rect, line, path) are background, drawn before the text and QR.
    assert [type(back).__name__ for _, back in pairs] == [
        "RectItem",
        "LineItem",
        "PathItem",
        "TextItem",
        "QrItem",
    ]
    text_front, text_back = pairs[3]
    ((fx, fb, ft, fs),) = runs(text_front)
    ((bx, bb, bt, bs),) = runs(text_back)
    assert ft == bt == "Chuyên viên"
    assert (fs, bs) == (-1, 1)  # upside down on the front, upright on the (turned) back
    assert (bx, bb) == pytest.approx((FACE_W - fx, 2 * FACE_H - fb))
    qr_front, qr_back = pairs[4]
    qr_inner = innermost(qr_front)
    assert isinstance(qr_back, QrItem) and isinstance(qr_inner, QrItem)
    assert qr_back.data == qr_inner.data == "CB00077"
    assert qr_back.rects == qr_inner.rects


def test_sample_desk_plate_faces(kit, sample_spec) -> None:
    inks, fonts = kit
    template = sample_spec.spec.templates["desk_plate"]
    (layout,) = layouts_for("desk_plate", template, inks, fonts).values()
    face_w, face_h = mm(250), mm(100)
    assert layout.sheet == pytest.approx((face_w, 2 * face_h))
    page = layout_page(layout, RECORD)
    assert page.folds == (("y", pytest.approx(face_h)),)
    items = everything(page)
    front = [i for i in items if not isinstance(i, TurnedItem)]
    back = [i for i in items if isinstance(i, TurnedItem)]
    assert len(front) == len(back) == len(template.elements)
    for item in back:
        assert (item.cx, item.cy) == pytest.approx((face_w / 2, face_h / 2))
    texts = [i for i in front if isinstance(i, TextItem)]
    assert [" ".join(ln.text for ln in t.lines) for t in texts] == [
        "ỦY BAN NHÂN DÂN PHƯỜNG TÂY HỒ",
        "ĐIỂM TIẾP NHẬN, PHỤC VỤ HÀNH CHÍNH CÔNG",
        "Trần Minh Cường",
        "Chuyên viên",
    ]
    for f, b in zip(front, back, strict=True):
        if isinstance(f, RectItem):
            continue  # bleed rectangles: see the next test
        assert box_of(b) == pytest.approx(half_turned(box_of(f), face_w / 2, face_h)), f
        assert box_of(f)[1] >= face_h - EPS and box_of(b)[3] <= face_h + EPS
        if isinstance(f, TextItem):
            assert [(t, s) for _, _, t, s in runs(b)] == [(t, -s) for _, _, t, s in runs(f)]


@pytest.mark.parametrize("name", ["desk_plate", "counter_sign_desk"])
def test_tent_bleed_rects_bleed_outwards_and_never_over_the_fold(kit, sample_spec, name) -> None:
    inks, fonts = kit
    template = sample_spec.spec.templates[name]
    (layout,) = layouts_for(name, template, inks, fonts).values()
    face_w, face_h = layout.size.width, layout.size.height
    record = Record(
        {"unit": UNIT, "staff": STAFF, "counter": {"number": "2", "name": "Tư pháp"}}, "test"
    )
    page = layout_page(layout, record)
    rects = [i for i in everything(page) if isinstance(innermost(i), RectItem)]
    front = [r for r in rects if turns(r) == 0]
    back = [r for r in rects if turns(r) == 1]
    assert front and len(front) == len(back)
    b = template.bleed
    for item in front:
        assert box_of(item)[1] >= face_h - EPS, ("front crosses the fold", item)
    for item in back:
        assert box_of(item)[3] <= face_h + EPS, ("back crosses the fold", box_of(item))
    for f, k in zip(front, back, strict=True):
        assert box_of(k) == pytest.approx(half_turned(box_of(f), face_w / 2, face_h))
    # What bleeds off the bottom of the sheet on the front bleeds off the top on the back.
    assert any(box_of(r)[3] == pytest.approx(2 * face_h + b) for r in front)
    assert any(box_of(r)[1] == pytest.approx(-b) for r in back)


# ---------------------------------------------------------------------------------------------
# Vietnamese capitals

TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # none, huyền, sắc, ngã, hỏi, nặng
CAPITALS = {
    "a": "A", "ă": "Ă", "â": "Â", "e": "E", "ê": "Ê", "i": "I", "o": "O", "ô": "Ô", "ơ": "Ơ",
    "u": "U", "ư": "Ư", "y": "Y",
}  # fmt: skip
LETTERS = [
    (unicodedata.normalize("NFC", low + tone), unicodedata.normalize("NFC", up + tone), tone)
    for low, up in CAPITALS.items()
    for tone in TONES
] + [("đ", "Đ", "")]


def test_the_letter_table_is_complete() -> None:
    assert len(LETTERS) == 12 * 6 + 1
    for lower, upper, _ in LETTERS:
        assert len(lower) == len(upper) == 1, (lower, upper)  # all precomposed in Unicode
    assert len({lower for lower, _, _ in LETTERS}) == len(LETTERS)


@pytest.mark.parametrize(("lower", "upper", "tone"), LETTERS)
def test_upper_casing_keeps_every_mark(lower: str, upper: str, tone: str) -> None:
    result = normalise_text(lower.upper())
    assert result == upper
    assert len(result) == 1 and unicodedata.is_normalized("NFC", result)
    assert unicodedata.category(result) == "Lu"
    decomposed = unicodedata.normalize("NFD", result)
    # The base letter's own mark (breve, circumflex, horn) and the tone both survive.
    assert decomposed == unicodedata.normalize("NFD", lower).upper()
    if tone:
        assert tone in decomposed
    # Decomposed input (as some keyboards and PDFs give it) ends up the same.
    nfd = unicodedata.normalize("NFD", lower)
    assert normalise_text(normalise_text(nfd).upper()) == upper


def test_transform_upper_sets_every_vietnamese_capital(kit) -> None:
    words = {
        "nfc": " ".join(lower for lower, _, _ in LETTERS),
        "nfd": " ".join(unicodedata.normalize("NFD", lower) for lower, _, _ in LETTERS),
    }
    expected = " ".join(upper for _, upper, _ in LETTERS)
    element = {"type": "text", "name": "unit", "text": "{unit.name}", "transform": "upper",
               "x": "5mm", "y": "5mm", "w": "1000mm", "h": "40mm", "font": "strong",
               "size": "10pt", "colour": "ink"}  # fmt: skip
    layout = make_layout(kit, [element], size={"width": "1010mm", "height": "50mm"})
    for form, text in words.items():
        record = Record({"unit": {**UNIT, "name": text}}, form)
        (item,) = layout_page(layout, record).items
        assert isinstance(item, TextItem)
        got = " ".join(line.text for line in item.lines)
        assert got == expected, form
        assert unicodedata.is_normalized("NFC", got)
    # Without the transform, the text is left as written (NFC).
    plain = make_layout(kit, [{**element, "transform": "none"}],
                        size={"width": "1010mm", "height": "50mm"})  # fmt: skip
    (item,) = layout_page(plain, Record({"unit": {**UNIT, "name": words["nfd"]}}, "x")).items
    assert isinstance(item, TextItem)
    assert " ".join(line.text for line in item.lines) == words["nfc"]
