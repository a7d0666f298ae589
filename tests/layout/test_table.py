"""`Table`: measuring and paginating a procedure table at its fixed size.

A small table element (built through the spec model, like a spec's) and the sample's fonts:
the header has a height, rows are kept whole, a field heading is never left at the foot of a
page (even when it alone would fit but its first row would not), a field carried onto a new
page repeats its heading "(tiếp theo)", and a row taller than a whole page is a `FitError`
naming the row of the list it came from.
"""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest

from brandkit.errors import FitError
from brandkit.fonts import load_fonts
from brandkit.layout.page import QrItem, RectItem, TextItem
from brandkit.layout.table import Entry, Heading, Table, TableRow
from brandkit.layout.template import make_inks
from brandkit.spec.model import TableElement
from brandkit.units import mm

EPS = 1e-6
LONG = (
    "Thủ tục cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn "
    "liền với đất lần đầu đối với tổ chức, cơ sở tôn giáo; người Việt Nam định cư ở nước ngoài "
    "thực hiện dự án đầu tư; tổ chức nước ngoài, cá nhân nước ngoài; doanh nghiệp có vốn đầu tư "
    "nước ngoài thực hiện dự án đầu tư"
)
VOCABULARY = (
    "thủ tục đăng ký khai sinh kết hôn chứng thực bản sao hợp đồng giao dịch quyền sử dụng đất "
    "nhà ở tài sản gắn liền với đất hộ kinh doanh thường trú tạm trú trợ cấp xã hội"
)
WORDS = VOCABULARY.split()


def element(height_mm: float = 150, **changes: object) -> TableElement:
    data: dict[str, object] = {
        "type": "table",
        "name": "procedures",
        "x": "10mm",
        "y": "20mm",
        "w": "190mm",
        "h": f"{height_mm}mm",
        "columns": [
            {"field": "number", "title": "STT", "width": "20mm", "align": "center"},
            {"field": "code", "title": "Mã thủ tục", "width": "25mm"},
            {"field": "name", "title": "Tên thủ tục hành chính", "width": "100mm"},
            {"field": "fee", "title": "Phí, lệ phí", "width": "30mm"},
            {"field": "qr", "title": "Tra cứu", "width": "15mm", "align": "center"},
        ],
        "font": "body",
        "size": "9pt",
        "colour": "ink",
        "padding": "1.2mm",
        "header_font": "strong",
        "header_size": "9pt",
        "header_colour": "paper",
        "header_fill": "primary",
        "group_font": "strong",
        "group_size": "10pt",
        "group_colour": "primary",
        "group_fill": "muted",
        "rule": "muted",
        "qr": "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html"
        "?ma_thu_tuc={procedure.code}",
        "qr_size": "12mm",
        "qr_colour": "ink",
        "green_fill": "green",
        "green_colour": "paper",
    }
    data.update(changes)
    return TableElement.model_validate(data)


@pytest.fixture(scope="module")
def fonts(sample_spec):
    return load_fonts(sample_spec)


@pytest.fixture(scope="module")
def inks(sample_spec):
    return make_inks(sample_spec.spec)


@pytest.fixture
def table(fonts, inks):
    """A factory: the table of `element(...)` with the sample fonts and inks."""

    def make(height_mm: float = 150, **changes: object) -> Table:
        return Table(element(height_mm, **changes), fonts, inks)

    return make


def row(number: int, name: str = "Thủ tục đăng ký khai sinh", green: bool = False) -> TableRow:
    code = f"1.{number:06d}"
    cells = {"code": code, "name": name, "fee": "Miễn phí"}
    url = f"https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={code}"
    return TableRow(number, cells, url, green, "thu-tuc.xlsx", number + 1)


def height(table: Table, entry: Entry) -> float:
    return table.heading_height(entry) if isinstance(entry, Heading) else table.row_height(entry)


def available(table: Table) -> float:
    return table.element.h - table.header_height()


def check_pages(table: Table, entries: list[Entry], pages: list[list[Entry]]) -> None:
    """Everything `paginate` promises, for any list."""
    # Nothing lost, nothing reordered; the only additions are continued headings.
    flat = [e for page in pages for e in page if not (isinstance(e, Heading) and e.continued)]
    assert flat == entries
    rows_in = [e for e in entries if isinstance(e, TableRow)]
    assert [e for page in pages for e in page if isinstance(e, TableRow)] == rows_in
    field_of: dict[int, str] = {}
    current = None
    for e in entries:
        if isinstance(e, Heading):
            current = e.text
        else:
            field_of[e.number] = current
    for i, page in enumerate(pages):
        assert page, f"page {i + 1} is empty"
        used = sum(height(table, e) for e in page)
        assert used <= available(table) + EPS, f"page {i + 1} overflows"
        assert isinstance(page[-1], TableRow), f"page {i + 1} ends on a heading"
        for a, b in itertools.pairwise(page):
            assert not (isinstance(a, Heading) and isinstance(b, Heading))
        assert not any(isinstance(e, Heading) and e.continued for e in page[1:])
        if i == 0:
            continue
        first_row = next(e for e in page if isinstance(e, TableRow))
        previous_row = [e for e in pages[i - 1] if isinstance(e, TableRow)][-1]
        same_field = field_of.get(first_row.number) == field_of.get(previous_row.number)
        if same_field and field_of.get(first_row.number) is not None:
            assert page[0] == Heading(field_of[first_row.number], continued=True), f"page {i + 1}"
        # A break only when needed: what opens this page would not have fitted on the last.
        before = sum(height(table, e) for e in pages[i - 1])
        opener = page[0] if not (isinstance(page[0], Heading) and page[0].continued) else page[1]
        need = height(table, opener)
        if isinstance(opener, Heading):
            need += height(table, next(e for e in page if isinstance(e, TableRow)))
        assert before + need > available(table) + EPS, f"page {i} was cut early"


# ---- Measuring ------------------------------------------------------------------------------


def test_header_height_is_positive_and_grows_when_a_title_wraps(table) -> None:
    plain = table()
    assert plain.header_height() > 0
    # A column too narrow for "Tên thủ tục hành chính" on one line: two lines, a taller header.
    narrow = table(
        columns=[
            {"field": "number", "title": "STT", "width": "20mm"},
            {"field": "name", "title": "Tên thủ tục hành chính", "width": "15mm"},
            {"field": "fee", "title": "Phí", "width": "155mm"},
        ]
    )
    assert narrow.header_height() > plain.header_height()


def test_a_longer_name_makes_a_taller_row_never_a_smaller_text(table, inks) -> None:
    t = table()
    short, long = row(1), row(2, LONG)
    assert t.row_height(long) > t.row_height(short) >= mm(12)  # the QR code at least
    items = t.draw([Heading("Đất đai"), long], mm(10), mm(20))
    texts = [i for i in items if isinstance(i, TextItem)]
    assert {i.size for i in texts if i.field != "field"} == {t.element.size}
    name = next(i for i in texts if i.field == "name")
    assert len(name.lines) >= 4
    assert " ".join(line.text for line in name.lines) == LONG


def test_a_green_lane_row_has_its_mark_under_the_number(table) -> None:
    t = table(columns=[
        {"field": "number", "title": "STT", "width": "20mm", "align": "center"},
        {"field": "name", "title": "Tên thủ tục hành chính", "width": "170mm"},
    ])  # fmt: skip
    plain, green = row(7), row(8, green=True)
    assert t.row_height(green) > t.row_height(plain)  # no QR column: the mark adds a line
    items = t.draw([Heading("Hộ tịch"), green], 0, 0)
    number = next(i for i in items if isinstance(i, TextItem) and i.field == "number")
    assert [line.text for line in number.lines] == ["8", "LÀN XANH"]
    column = (0, mm(20))
    assert all(column[0] <= ln.x and ln.x + ln.width <= column[1] for ln in number.lines)
    assert any(isinstance(i, RectItem) and i.fill == t.inks["green"] for i in items)


# ---- Paginating -----------------------------------------------------------------------------


def test_rows_are_never_split_and_every_page_fits(table) -> None:
    t = table(150)
    entries: list[Entry] = [Heading("Đất đai")]
    entries += [row(n, LONG if n % 3 == 0 else f"Thủ tục số {n}") for n in range(1, 41)]
    pages = t.paginate(entries)
    assert len(pages) > 2
    check_pages(t, entries, pages)


def test_a_field_carried_over_repeats_its_heading(table) -> None:
    t = table(120)
    entries: list[Entry] = [Heading("Hộ tịch"), *(row(n) for n in range(1, 30))]
    pages = t.paginate(entries)
    assert len(pages) >= 2
    for page in pages[1:]:
        assert page[0] == Heading("Hộ tịch", continued=True)
    items = t.draw(pages[1], 0, 0)
    heading = next(i for i in items if isinstance(i, TextItem) and i.field == "field")
    assert " ".join(line.text for line in heading.lines) == "Hộ tịch (tiếp theo)"
    check_pages(t, entries, pages)


def test_a_continued_heading_that_wraps_is_measured_as_two_lines(table) -> None:
    t = table(90)
    # The longest field name that still fits one line, so that "(tiếp theo)" wraps it.
    words = iter(itertools.cycle(WORDS))
    text = "Thành lập và hoạt động"
    while t.heading_height(Heading(f"{text} {(word := next(words))}")) == t.heading_height(
        Heading(text)
    ):
        text = f"{text} {word}"
    plain, continued = Heading(text), Heading(text, continued=True)
    assert t.heading_height(continued) > t.heading_height(plain)
    entries: list[Entry] = [
        plain,
        *(row(n, LONG if n % 4 == 0 else "Thủ tục") for n in range(1, 25)),
    ]
    pages = t.paginate(entries)
    assert len(pages) >= 3 and all(page[0] == continued for page in pages[1:])
    check_pages(t, entries, pages)


def test_a_heading_is_not_orphaned_when_exactly_its_row_would_not_fit(table) -> None:
    probe = table()
    first = [Heading("Hộ tịch"), row(1), row(2)]
    second = [Heading("Chứng thực"), row(3)]
    used = sum(height(probe, e) for e in first)
    heading, next_row = height(probe, second[0]), height(probe, second[1])
    # A page with room for the second heading and all but a point of its first row.
    room = used + heading + next_row - 1.0
    t = table((probe.header_height() + room) / mm(1))
    assert available(t) == pytest.approx(room)
    assert used + heading <= available(t)  # the heading alone would fit
    pages = t.paginate(first + second)
    assert pages == [first, second]
    # One point more and both fit on the first page.
    roomy = table((probe.header_height() + room + 1.5) / mm(1))
    assert roomy.paginate(first + second) == [first + second]


def test_a_row_that_exactly_fills_the_page_stays_on_it(table) -> None:
    probe = table()
    entries: list[Entry] = [Heading("Hộ tịch"), row(1), row(2), row(3)]
    total = sum(height(probe, e) for e in entries)
    t = table((probe.header_height() + total) / mm(1))
    assert t.paginate(entries) == [entries]


def test_a_row_taller_than_a_page_names_its_row_of_the_list(table) -> None:
    t = table(40)
    entries: list[Entry] = [Heading("Đất đai"), row(1), row(41, LONG + " " + LONG)]
    assert t.row_height(entries[2]) > available(t)
    with pytest.raises(FitError) as info:
        t.paginate(entries)
    (problem,) = info.value.problems
    assert (problem.file, problem.line) == ("thu-tuc.xlsx", 42)
    assert "1.000041" in problem.message


def test_a_word_wider_than_its_column_names_its_row(table) -> None:
    t = table()
    word = "NghịQuyếtHĐNDThànhPhốSố15NămHaiNghìnHaiMươiLăm"
    wide = TableRow(5, {"code": "1.000005", "name": "Thủ tục", "fee": word},
                    "https://x.vn", False, "thu-tuc.csv", 9)  # fmt: skip
    with pytest.raises(FitError) as info:
        t.row_height(wide)
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.field) == ("thu-tuc.csv", 9, "fee")
    assert word in problem.message
    # A reference with slashes and hyphens breaks before them instead.
    breaks = TableRow(5, {"code": "1.000005", "name": "Thủ tục", "fee": "15/2025/NQ-HĐND-TP"},
                      "https://x.vn", False, "thu-tuc.csv", 9)  # fmt: skip
    assert t.row_height(breaks) > 0


@pytest.mark.parametrize("seed", range(12))
def test_random_lists_keep_every_promise(table, seed: int) -> None:
    rng = random.Random(seed)
    t = table(rng.choice([60, 80, 100, 150, 224]))
    entries: list[Entry] = []
    number = 0
    for f in range(rng.randint(1, 7)):
        entries.append(
            Heading(f"Lĩnh vực {f} " + " ".join(rng.choices(WORDS, k=rng.randint(1, 6))))
        )
        for _ in range(rng.randint(1, 14)):
            number += 1
            words = rng.choices(WORDS, k=rng.choice([3, 8, 15, 30, 50]))
            entries.append(row(number, " ".join(words).capitalize(), rng.random() < 0.3))
    try:
        pages = t.paginate(entries)
    except FitError:
        tallest_heading = max(
            t.heading_height(Heading(e.text, continued=True))
            for e in entries
            if isinstance(e, Heading)
        )
        rows = [e for e in entries if isinstance(e, TableRow)]
        assert max(t.row_height(e) for e in rows) + tallest_heading > available(t)
        return
    check_pages(t, entries, pages)


def test_drawn_pages_stay_inside_the_table(table) -> None:
    t = table(100)
    entries: list[Entry] = [Heading("Đất đai"), *(row(n, LONG, n % 2 == 0) for n in range(1, 9))]
    left, top = mm(10), mm(20)
    for page in t.paginate(entries):
        items = t.draw(page, left, top)
        assert sum(isinstance(i, QrItem) for i in items) == sum(
            isinstance(e, TableRow) for e in page
        )
        bottom = top + t.element.h
        for item in items:
            if isinstance(item, RectItem):
                assert top - EPS <= item.y and item.y + item.h <= bottom + EPS
                assert left - EPS <= item.x and item.x + item.w <= left + t.element.w + EPS
            elif isinstance(item, QrItem):
                assert top <= item.y and item.y + item.size <= bottom + EPS
            elif isinstance(item, TextItem):
                descent = t.fonts[item.font].descent * item.size
                for line in item.lines:
                    assert top < line.baseline and line.baseline + descent <= bottom + EPS
                    assert left - EPS <= line.x and line.x + line.width <= left + t.element.w + EPS


def test_a_reference_too_wide_for_its_column_breaks_before_its_marks(table) -> None:
    # The shared slash policy (layout.text.MARK_BREAKS): the mark starts the next line, so no
    # line ends in "-" (read as hyphenation) and "/bản" stays with its unit.
    t = table()
    fee = "Nghịquyết15/2025/NQ-HĐND-TP/đồng/bản"
    entry = TableRow(5, {"code": "1.000005", "name": "Thủ tục", "fee": fee},
                     "https://x.vn", False, "thu-tuc.csv", 9)  # fmt: skip
    (cell,) = [i for i in t.draw([entry], 0, 0) if isinstance(i, TextItem) and i.field == "fee"]
    lines = [line.text for line in cell.lines]
    assert len(lines) > 1
    assert "".join(lines) == fee
    assert all(line[0] in "/-" for line in lines[1:])
    assert not any(line[-1] in "/-" for line in lines)
    room = mm(30) - 2 * t.pad
    assert all(line.width <= room + EPS for line in cell.lines)


def test_a_link_too_long_for_a_qr_code_names_the_procedures_row(table) -> None:
    entry = row(7)
    too_long = dataclasses.replace(entry, qr=entry.qr + "&x=" + "abc" * 2000)
    with pytest.raises(FitError) as info:
        table().draw([too_long], 0.0, 0.0)
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.field) == ("thu-tuc.xlsx", 8, "qr")
    assert "larger than version 40" in problem.message
