"""How a procedure table is set for one list: the largest text size (never below the readable
minimum) that still puts the list on the fewest pages it can take, and each `auto` column as
wide as its content at that size, the `fill` column taking the rest."""

from __future__ import annotations

import math

from brandkit.errors import FitError
from brandkit.fonts import FontMetrics
from brandkit.layout.page import Ink
from brandkit.layout.table import Entry, Setting, Table, TableRow
from brandkit.layout.text import SIZE_STEP, sizes_to_try
from brandkit.spec.model import Rules, TableColumn, TableElement, Template
from brandkit.text.words import VIETNAMESE
from brandkit.units import to_mm

# Room for rounding between the width a column is given and the width its text is broken in.
_SLACK = 0.01
# Air after an auto column's text, in ems of the cells' size, besides the padding: without it
# "05 ngày làm việc" and "5.000 đồng" in the next column read as one phrase.
GUTTER_EM = 0.5


def reading_cap(template: Template, rules: Rules) -> float | None:
    """The smallest cap height, in points, that the template's reading rule asks for
    (viewing distance × cap height per metre); None without a viewing distance."""
    if template.viewing_distance is None:
        return None
    per_m = template.cap_height_per_m or rules.cap_height_per_m
    return to_mm(template.viewing_distance) / 1000 * per_m


def _up(value: float) -> float:
    """`value` rounded up to a hundredth of a point: a scaled size is never below its rule."""
    return math.ceil(value * 100 - 1e-6) / 100


def _parts(element: TableElement) -> list[tuple[str, float]]:
    """Each text of the table (cells and green mark, header, headings): its font role and its
    size as a fraction of the cells'."""
    return [
        (element.font, 1.0),
        (element.header_font, element.header_size / element.size),
        (element.group_font, element.group_size / element.size),
    ]


def smallest_size(element: TableElement, fonts: dict[str, FontMetrics], cap: float | None) -> float:
    """The smallest cell size the table may be set at: its `min_size`, else the smallest
    quarter point at which every text of it has a cap height of at least `cap` (header and
    headings scaled with the cells), else its `size`; never more than its `size`."""
    if element.min_size is not None:
        return element.min_size
    if cap is None:
        return element.size
    need = max(cap / (fonts[role].cap_height * ratio) for role, ratio in _parts(element))
    return min(element.size, math.ceil(need / SIZE_STEP - 1e-9) * SIZE_STEP)


def smallest_setting(
    element: TableElement, fonts: dict[str, FontMetrics], cap: float | None
) -> Setting:
    """The table at the smallest size it may be set at (columns from their titles alone)."""
    return setting_at(element, fonts, smallest_size(element, fonts, cap), [])


def setting_at(
    element: TableElement, fonts: dict[str, FontMetrics], size: float, rows: list[TableRow]
) -> Setting:
    """The table set at cell size `size` for `rows`: header and heading sizes, the QR code and
    the padding scaled from those given for `size`, and the columns' widths."""
    k = size / element.size
    scaled = Setting(
        size, _up(element.header_size * k), _up(element.group_size * k),
        element.qr_size * k, element.padding * k, (),
    )  # fmt: skip
    return Setting(
        scaled.size, scaled.header_size, scaled.group_size, scaled.qr_size, scaled.pad,
        column_widths(element, fonts, scaled, rows),
    )  # fmt: skip


def column_widths(
    element: TableElement, fonts: dict[str, FontMetrics], setting: Setting, rows: list[TableRow]
) -> tuple[float, ...]:
    """Each column's width: fixed; `auto`, its content's, at least its `min_width` and its
    longest word, at most its `max_width` (a longer word is then a FitError of the row);
    `fill`, what the others leave. When that is less than the fill column's `min_width`, the
    auto columns give up width down to their narrowest (longest word, or `min_width`)."""
    widths: list[float] = []
    narrowest: list[float] = []
    for column in element.columns:
        if isinstance(column.width, float):
            widths.append(column.width)
            narrowest.append(column.width)
        elif column.width == "auto":
            low, high = _content(column, element, fonts, setting, rows)
            low = max(low, column.min_width or 0.0)
            width = min(max(high, low), column.max_width or math.inf)
            widths.append(width)
            narrowest.append(min(low, width))
        else:
            widths.append(0.0)
            narrowest.append(0.0)
    fill = next(i for i, c in enumerate(element.columns) if c.width == "fill")
    least = element.columns[fill].min_width or 0.0
    left = element.w - sum(widths)
    if left < least:
        spare = sum(w - n for w, n in zip(widths, narrowest, strict=True))
        share = min(1.0, (least - left) / spare) if spare > 0 else 0.0
        widths = [w - (w - n) * share for w, n in zip(widths, narrowest, strict=True)]
        left = element.w - sum(widths)
    widths[fill] = max(left, 0.0)
    return tuple(widths)


def _content(
    column: TableColumn,
    element: TableElement,
    fonts: dict[str, FontMetrics],
    setting: Setting,
    rows: list[TableRow],
) -> tuple[float, float]:
    """(narrowest, preferred) width of an auto column, padding included: its longest word,
    and its widest cell on one line (a green-lane mark and the title on at most two)."""
    header = fonts[element.header_font]
    font = fonts[element.font]
    narrow = _longest_word(column.title, header, setting.header_size)
    wide = _two_lines(column.title, header, setting.header_size)
    if column.field == "qr":  # the padding on either side keeps clear of the cells
        narrow = wide = max(wide, setting.qr_size)
    else:
        texts = [_cell_text(row, column.field) for row in rows]
        if column.field == "number" and any(row.green for row in rows):
            # "LÀN XANH" is one term: on one line, never "LÀN / XANH".
            mark = font.width(element.green_mark, setting.size)
            narrow, wide = max(narrow, mark), max(wide, mark)
        for text in texts:
            narrow = max(narrow, _longest_word(text, font, setting.size))
            wide = max(wide, font.width(text, setting.size))
    extra = 2 * setting.pad + _SLACK
    air = 0.0 if column.field in ("qr", "number") else GUTTER_EM * setting.size
    return narrow + extra, wide + extra + air


def _cell_text(row: TableRow, field: str) -> str:
    return str(row.number) if field == "number" else row.cells.get(field, "")


def _longest_word(text: str, font: FontMetrics, size: float) -> float:
    """The widest word of `text`: a Vietnamese word of several syllables counts whole."""
    return max((font.width(word, size) for word in VIETNAMESE.split(text)), default=0.0)


def _two_lines(text: str, font: FontMetrics, size: float) -> float:
    """The narrowest width that holds `text` in at most two lines broken at a space."""
    words = text.split(" ")
    best = font.width(text, size)
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        best = min(best, max(font.width(first, size), font.width(second, size)))
    return best


def fit_table(
    element: TableElement,
    fonts: dict[str, FontMetrics],
    inks: dict[str, Ink],
    entries: list[Entry],
    cap: float | None,
) -> tuple[Table, list[list[Entry]]]:
    """The table of `entries` set at the largest size, in SIZE_STEP steps from the smallest
    readable one up to its `size`, whose pages are no more than at the smallest size, and
    those pages. A bisection: a size that needs more pages, or sets a word wider than its
    column, counts as too large; the smallest size's own FitError is the list's."""
    rows = [e for e in entries if isinstance(e, TableRow)]
    sizes = sizes_to_try(element.size, smallest_size(element, fonts, cap))[::-1]
    tried: dict[int, tuple[Table, list[list[Entry]]] | None] = {}

    def attempt(i: int) -> tuple[Table, list[list[Entry]]] | None:
        if i not in tried:
            table = Table(element, fonts, inks, setting_at(element, fonts, sizes[i], rows))
            try:
                tried[i] = (table, table.paginate(entries))
            except FitError:
                if i == 0:
                    raise
                tried[i] = None
        return tried[i]

    least = attempt(0)
    assert least is not None
    count = len(least[1])

    def fits(i: int) -> bool:
        result = attempt(i)
        return result is not None and len(result[1]) <= count

    low, high = 0, len(sizes) - 1
    if fits(high):
        low = high
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    result = attempt(low)
    assert result is not None
    return result


def filled(table: Table, page: list[Entry]) -> float:
    """How much of the table element's height a page of it takes (header, headings, rows)."""
    return table.drawn_height(page) / table.element.h
