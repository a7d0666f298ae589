"""`table_fit`: how a procedure table is set for one list, and how its rows sit.

Sizes scale together from those given for the table's `size`; the smallest comes from the
reading rule (or `min_size`); the size chosen is the largest that needs no more pages than the
smallest; `auto` columns are as wide as their content, the `fill` column takes the rest; each
cell's text and the QR code are centred down their row.
"""

from __future__ import annotations

import contextlib

import pytest
from pydantic import ValidationError

from brandkit.errors import FitError
from brandkit.layout.page import QrItem, TextItem
from brandkit.layout.table import GUTTER_EM, Entry, Heading, Table, TableRow, setting_at
from brandkit.layout.table_fit import fit_table, smallest_size
from brandkit.layout.text import block_height
from brandkit.units import mm
from tests.layout.test_table import LONG, element, row

EPS = 1e-6
AUTO = [
    {"field": "number", "title": "STT", "width": "auto", "align": "center"},
    {"field": "code", "title": "Mã thủ tục", "width": "auto"},
    {"field": "name", "title": "Tên thủ tục hành chính", "width": "fill", "min_width": "60mm"},
    {"field": "fee", "title": "Phí, lệ phí", "width": "auto", "max_width": "40mm"},
    {"field": "qr", "title": "Tra cứu", "width": "auto", "align": "center"},
]


@pytest.fixture(scope="module")
def fonts(sample_spec):
    from brandkit.fonts import load_fonts

    return load_fonts(sample_spec)


@pytest.fixture(scope="module")
def inks(sample_spec):
    from brandkit.layout.template import make_inks

    return make_inks(sample_spec.spec)


def fee_row(number: int, fee: str, name: str = "Thủ tục đăng ký khai sinh") -> TableRow:
    base = row(number, name, green=number % 3 == 0)
    return TableRow(number, {**base.cells, "fee": fee}, base.qr, base.green, base.file, base.row)


def a_list(count: int) -> list[Entry]:
    entries: list[Entry] = [Heading("Hộ tịch")]
    for n in range(1, count + 1):
        if n % 9 == 0:
            entries.append(Heading(f"Lĩnh vực {n}"))
        entries.append(fee_row(n, "10.000 đồng/bản", LONG if n % 5 == 0 else "Thủ tục số"))
    return entries


# ---- Rows ---------------------------------------------------------------------------------


def test_cells_and_qr_code_are_centred_down_their_row(fonts, inks) -> None:
    t = Table(element(), fonts, inks)
    entry = row(3, LONG, green=True)
    h = t.row_height(entry)
    top = mm(20) + t.header_height()
    middle = top + h / 2
    items = t.draw([entry], mm(10), mm(20))
    cells = [i for i in items if isinstance(i, TextItem) and i.field not in ("header", "field")]
    assert {c.field for c in cells} == {"number", "code", "name", "fee"}
    for cell in cells:
        font = fonts[cell.font]
        first = cell.lines[0].baseline - font.ascent * cell.size
        block = block_height(font, cell.size, len(cell.lines), t.element.line_height)
        assert first + block / 2 == pytest.approx(middle), cell.field
        assert cell.box[1] == pytest.approx(top) and cell.box[3] == pytest.approx(h)
    (qr,) = [i for i in items if isinstance(i, QrItem)]
    assert qr.y + qr.size / 2 == pytest.approx(middle)
    # A one-line name beside the QR code sits on the row's middle too, not at its top.
    short = t.draw([row(4)], mm(10), mm(20))
    (name,) = [i for i in short if isinstance(i, TextItem) and i.field == "name"]
    font = fonts[name.font]
    assert name.lines[0].baseline - font.ascent * name.size > top + t.pad + mm(1)


# ---- Columns ------------------------------------------------------------------------------


def test_auto_columns_hold_their_content_and_the_name_takes_the_rest(fonts, inks) -> None:
    e = element(columns=AUTO)
    rows = [fee_row(1, "10.000 đồng/bản"), fee_row(2, "Miễn phí"), fee_row(12, "5.000 đồng")]
    s = setting_at(e, fonts, e.size, rows)
    assert sum(s.widths) == pytest.approx(e.w)
    t = Table(e, fonts, inks, s)
    widths = dict(zip([c.field for c in e.columns], s.widths, strict=True))
    # "10.000 đồng/bản" on one line, the widest fee, with padding and half an em of air; the
    # QR code with its padding either side.
    fee = fonts["body"].width("10.000 đồng/bản", e.size)
    assert widths["fee"] == pytest.approx(fee + 2 * s.pad + GUTTER_EM * e.size, abs=0.1)
    assert t.cell_lines(rows[0], e.columns[3], widths["fee"]) == ["10.000 đồng/bản"]
    assert widths["qr"] == pytest.approx(e.qr_size + 2 * s.pad, abs=0.1)
    assert widths["name"] == pytest.approx(e.w - sum(w for f, w in widths.items() if f != "name"))
    # Every title on at most two lines.
    for column, width in t.columns():
        assert len(t._lines(column.title, e.header_font, s.header_size, width) or []) <= 2


def test_max_width_caps_a_column_and_its_text_wraps(fonts, inks) -> None:
    e = element(columns=AUTO)
    fee = "Theo quy định tại Nghị quyết 15/2025/NQ-HĐND của Hội đồng nhân dân thành phố"
    s = setting_at(e, fonts, e.size, [fee_row(1, fee)])
    assert s.widths[3] == pytest.approx(mm(40))
    t = Table(e, fonts, inks, s)
    assert len(t.cell_lines(fee_row(1, fee), e.columns[3], s.widths[3])) > 1


def test_the_fill_column_keeps_its_min_width(fonts, inks) -> None:
    columns = [dict(c) for c in AUTO]
    columns[3] = {"field": "fee", "title": "Phí, lệ phí", "width": "auto"}  # no max_width
    e = element(columns=columns)
    wide = "rất dài " * 40
    s = setting_at(e, fonts, e.size, [fee_row(1, wide.strip())])
    assert s.widths[2] >= mm(60) - EPS
    assert sum(s.widths) == pytest.approx(e.w)


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ([{**AUTO[0]}, {**AUTO[2], "width": "auto"}], "needs one `fill` column"),
        ([{**AUTO[2]}, {**AUTO[2], "field": "code"}], "needs one `fill` column"),
        ([{**AUTO[2]}, {**AUTO[0], "width": "20mm", "min_width": "5mm"}], "min_width and max"),
        ([{**AUTO[2], "min_width": "300mm"}, AUTO[0]], "need at least 300.0 mm"),
        ([{**AUTO[2], "max_width": "100mm"}, AUTO[0]], "no max_width"),
    ],
)
def test_column_widths_are_checked_in_the_spec(columns: list, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        element(columns=columns)


# ---- Sizes --------------------------------------------------------------------------------


def test_sizes_scale_together(fonts) -> None:
    e = element(columns=AUTO, size="12pt", header_size="12pt", group_size="14pt", qr_size="16mm")
    half = setting_at(e, fonts, 6.0, [])
    assert (half.size, half.header_size, half.group_size) == (6.0, 6.0, 7.0)
    assert half.qr_size == pytest.approx(mm(8)) and half.pad == pytest.approx(e.padding / 2)


def test_the_smallest_size_comes_from_the_reading_rule(fonts) -> None:
    e = element(columns=AUTO, size="40pt", header_size="40pt", group_size="48pt")
    cap = mm(4.2)  # read from 1 m at 4.2 mm of cap height a metre
    least = smallest_size(e, fonts, cap)
    assert least % 0.25 == 0
    assert least * fonts["body"].cap_height >= cap - EPS
    assert (least - 0.25) * fonts["body"].cap_height < cap
    assert smallest_size(e, fonts, None) == e.size  # no rule: the size as given
    assert smallest_size(element(columns=AUTO, size="40pt", min_size="20pt"), fonts, cap) == 20
    with pytest.raises(ValidationError, match="min_size must not be larger"):
        element(size="9pt", min_size="10pt")


@pytest.mark.parametrize("count", [3, 12, 30, 70])
def test_the_largest_size_on_the_fewest_pages(fonts, inks, count: int) -> None:
    e = element(height_mm=200, columns=AUTO, size="16pt", min_size="8pt")
    entries = a_list(count)
    table, pages = fit_table(e, fonts, inks, entries, None)
    rows = [x for x in entries if isinstance(x, TableRow)]
    least = Table(e, fonts, inks, setting_at(e, fonts, 8.0, rows)).paginate(entries)
    assert len(pages) == len(least)
    assert table.paginate(entries) == pages
    size = table.setting.size
    assert 8.0 <= size <= 16.0
    if size < 16.0:  # a quarter point more would take another page (or not fit at all)
        bigger = Table(e, fonts, inks, setting_at(e, fonts, size + 0.25, rows))
        with contextlib.suppress(FitError):
            assert len(bigger.paginate(entries)) > len(pages)
    # Every page but the last filled to at least 80 %.
    for page in pages[:-1]:
        assert table.drawn_height(page) / e.h >= 0.8
