"""Tables that paginate: procedure lists grouped by field, set at one size per list (chosen by
`layout.table_fit`), with a header that repeats on every page, rows never split and headings
never left alone."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from brandkit.errors import FitError, Problem
from brandkit.fonts import FontMetrics
from brandkit.i18n import Message, said
from brandkit.layout.page import Ink, Item, QrItem, RectItem, TextItem, TextLine
from brandkit.layout.qr import QrDataError, qr_symbol
from brandkit.layout.text import MARK_BREAKS, FitPolicy, block_height, break_lines
from brandkit.spec.model import TableColumn, TableElement
from brandkit.text.words import VIETNAMESE
from brandkit.units import to_mm

# Cells are set at the table's one size, broken at spaces and, for a reference too wide for
# its column, at its slashes and hyphens (see MARK_BREAKS).
_BREAK_AT_MARKS = FitPolicy(MARK_BREAKS)


@dataclass(frozen=True)
class Heading:
    """A field (lĩnh vực) heading; `continued` when it repeats at the top of a later page."""

    text: str
    continued: bool = False


@dataclass(frozen=True)
class TableRow:
    """One procedure: its number on the list, cell texts by column field, its QR data."""

    number: int
    cells: dict[str, str]
    qr: str
    green: bool
    file: str | None = None
    row: int | None = None


Entry = Heading | TableRow


@dataclass(frozen=True)
class Setting:
    """What a table is set at for one list, the same on each of its pages: text sizes in
    points, the QR code's size, the cells' padding and each column's width."""

    size: float
    header_size: float
    group_size: float
    qr_size: float
    pad: float
    widths: tuple[float, ...]


def fixed_setting(element: TableElement) -> Setting:
    """`element` at its `size`, every column at its fixed width."""
    widths = tuple(c.width if isinstance(c.width, float) else 0.0 for c in element.columns)
    return Setting(
        element.size, element.header_size, element.group_size, element.qr_size,
        element.padding, widths,
    )  # fmt: skip


@dataclass(frozen=True)
class Table:
    """What a table element needs to measure and draw: fonts and inks by role, and the
    setting of the list it shows (by default its `size` and fixed widths, or for `auto`
    columns their widths from the titles alone)."""

    element: TableElement
    fonts: dict[str, FontMetrics]
    inks: dict[str, Ink]
    given: Setting | None = None
    setting: Setting = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        setting = self.given
        if setting is None and all(isinstance(c.width, float) for c in self.element.columns):
            setting = fixed_setting(self.element)
        elif setting is None:
            setting = setting_at(self.element, self.fonts, self.element.size, [])
        object.__setattr__(self, "setting", setting)

    @property
    def pad(self) -> float:
        return self.setting.pad

    def columns(self) -> list[tuple[TableColumn, float]]:
        """Each column with its width in this setting."""
        return list(zip(self.element.columns, self.setting.widths, strict=True))

    def _font(self, role: str) -> FontMetrics:
        return self.fonts[role]

    def _lines(self, text: str, role: str, size: float, width: float) -> list[str] | None:
        """`text` in lines at `size`, inside `width` less the padding: at spaces, else also
        before the slashes and hyphens of a reference ("15/2025" / "/NQ-HĐND", see
        MARK_BREAKS); None if a piece is still too wide."""
        if not text:
            return [""]
        return break_lines(text, self._font(role), size, width - 2 * self.pad, _BREAK_AT_MARKS)

    def _block(self, role: str, size: float, count: int) -> float:
        return block_height(self._font(role), size, count, self.element.line_height)

    def header_height(self) -> float:
        e, s = self.element, self.setting
        counts = [
            len(self._lines(c.title, e.header_font, s.header_size, width) or [c.title])
            for c, width in self.columns()
        ]
        return self._block(e.header_font, s.header_size, max(counts)) + 2 * self.pad

    def heading_height(self, heading: Heading) -> float:
        e, s = self.element, self.setting
        lines = self._lines(self._heading_text(heading), e.group_font, s.group_size, e.w)
        return self._block(e.group_font, s.group_size, len(lines or [""])) + 2 * self.pad

    def _heading_text(self, heading: Heading) -> str:
        return f"{heading.text} (tiếp theo)" if heading.continued else heading.text

    def _cell(self, row: TableRow, field: str) -> str:
        return str(row.number) if field == "number" else row.cells.get(field, "")

    def cell_lines(self, row: TableRow, column: TableColumn, width: float) -> list[str]:
        """The lines of `row`'s cell in `column` (a green-lane number with its mark under
        it); raises FitError naming the row when a word is wider than the column."""
        size = self.setting.size
        text = self._cell(row, column.field)
        lines = self._lines(text, self.element.font, size, width)
        if lines is None:
            word = max(text.split(" "), key=len)
            raise FitError(
                Problem(
                    f"procedure {row.cells.get('code', '')}: the word {word!r} is wider "
                    f"than the {column.title!r} column ({to_mm(width):.0f} mm) at {size:g} pt",
                    row.file,
                    row.row,
                    column.field,
                )
            )
        if column.field == "number" and row.green:
            mark = self.element.green_mark
            lines += self._lines(mark, self.element.font, size, width) or [mark]
        return lines

    def row_height(self, row: TableRow) -> float:
        """The height `row` needs: its tallest cell, or its QR code, and the padding."""
        e, s = self.element, self.setting
        tallest = 0.0
        for column, width in self.columns():
            if column.field == "qr":
                tallest = max(tallest, s.qr_size)
                continue
            count = len(self.cell_lines(row, column, width))
            tallest = max(tallest, self._block(e.font, s.size, count))
        return tallest + 2 * self.pad

    def height(self, entry: Entry) -> float:
        """The height `entry` takes on a page."""
        if isinstance(entry, Heading):
            return self.heading_height(entry)
        return self.row_height(entry)

    def paginate(self, entries: list[Entry]) -> list[list[Entry]]:
        """`entries` cut into pages that fit the element's height: the header on every page,
        no row split, no heading at the foot of a page without a row under it, and a
        heading repeated ("tiếp theo") above rows that continue a field on a new page."""
        available = self.element.h - self.header_height()
        pages: list[list[Entry]] = [[]]
        used = 0.0
        heading: Heading | None = None
        for i, entry in enumerate(entries):
            if isinstance(entry, Heading):
                heading = entry
                following = entries[i + 1] if i + 1 < len(entries) else None
                need = self.heading_height(entry)
                if isinstance(following, TableRow):
                    need += self.row_height(following)
                if pages[-1] and used + need > available + 1e-6:
                    pages.append([])
                    used = 0.0
                pages[-1].append(entry)
                used += self.heading_height(entry)
                continue
            height = self.row_height(entry)
            if used + height > available + 1e-6 and pages[-1]:
                pages.append([])
                used = 0.0
                if heading is not None:
                    repeat = Heading(heading.text, continued=True)
                    pages[-1].append(repeat)
                    used += self.heading_height(repeat)
            if used + height > available + 1e-6:
                raise FitError(
                    Problem(
                        f"procedure {entry.cells.get('code', '')} needs "
                        f"{to_mm(height):.0f} mm, more than a whole page's table "
                        f"({to_mm(available):.0f} mm)",
                        entry.file,
                        entry.row,
                        "name",
                    )
                )
            pages[-1].append(entry)
            used += height
        return pages

    def drawn_height(self, page: list[Entry]) -> float:
        """How tall the table is on a page with `page`'s entries: header, headings and rows."""
        return self.header_height() + sum(self.height(e) for e in page)

    def draw(self, entries: list[Entry], left: float, top: float) -> list[Item]:
        """The items of one page of the table, its top-left corner at (left, top)."""
        e, s = self.element, self.setting
        items: list[Item] = []
        y = top
        header_h = self.header_height()
        items.append(RectItem(left, y, e.w, header_h, self.inks[e.header_fill]))
        x = left
        for column, width in self.columns():
            lines = self._lines(column.title, e.header_font, s.header_size, width)
            cell = (x, y, width, header_h)
            items.append(
                self._text(lines or [column.title], e.header_font, s.header_size,
                           e.header_colour, cell, column.align, "header")
            )  # fmt: skip
            x += width
        y += header_h
        for entry in entries:
            h = self.height(entry)
            if isinstance(entry, Heading):
                if e.group_fill:
                    items.append(RectItem(left, y, e.w, h, self.inks[e.group_fill]))
                text = self._heading_text(entry)
                lines = self._lines(text, e.group_font, s.group_size, e.w) or [text]
                items.append(
                    self._text(lines, e.group_font, s.group_size, e.group_colour,
                               (left, y, e.w, h), "left", "field")
                )  # fmt: skip
            else:
                items += self._row_items(entry, left, y, h)
                if e.rule:
                    items.append(RectItem(left, y + h - 0.25, e.w, 0.5, self.inks[e.rule]))
            y += h
        return items

    def _row_items(self, entry: TableRow, left: float, y: float, h: float) -> list[Item]:
        """The cells of one procedure's row, `h` tall, its top-left corner at (left, y): each
        cell's text and the QR code centred on the row's middle."""
        e, s = self.element, self.setting
        items: list[Item] = []
        x = left
        for column, width in self.columns():
            if column.field == "qr":
                try:
                    modules = qr_symbol(entry.qr, "M")
                except QrDataError as exc:
                    shown = entry.qr if len(entry.qr) <= 60 else entry.qr[:57] + "…"
                    message = Message("the link {link!r} {reason}", link=shown, reason=said(exc))
                    where = Problem(message, entry.file, entry.row, "qr")
                    raise FitError(where) from None
                qx, qy = x + (width - s.qr_size) / 2, y + (h - s.qr_size) / 2
                items.append(QrItem(qx, qy, s.qr_size, modules, self.inks[e.qr_colour], entry.qr))
            else:
                green = column.field == "number" and entry.green
                if green:
                    items.append(RectItem(x, y, width, h, self.inks[e.green_fill]))
                lines = self.cell_lines(entry, column, width)
                items.append(
                    self._text(lines, e.font, s.size, e.green_colour if green else e.colour,
                               (x, y, width, h), column.align, column.field)
                )  # fmt: skip
            x += width
        return items

    def _text(
        self,
        lines: list[str],
        role: str,
        size: float,
        colour: str,
        cell: tuple[float, float, float, float],
        align: str,
        label: str,
    ) -> TextItem:
        """`lines` set in `cell` (x, y, width, height): aligned across it inside the padding
        and centred down it."""
        font = self._font(role)
        x, y, width, height = cell
        top = y + (height - self._block(role, size, len(lines))) / 2
        placed = []
        for i, line in enumerate(lines):
            line_width = font.width(line, size)
            lx = x + self.pad
            if align == "center":
                lx = x + (width - line_width) / 2
            elif align == "right":
                lx = x + width - self.pad - line_width
            baseline = top + font.ascent * size + i * self.element.line_height * size
            placed.append(TextLine(lx, baseline, line, line_width))
        return TextItem(role, size, self.inks[colour], tuple(placed), cell, label)


# ---- Column widths: an auto column as wide as its content -------------------------------------

# Room for rounding between the width a column is given and the width its text is broken in.
_SLACK = 0.01
# Air after an auto column's text, in ems of the cells' size, besides the padding: without it
# "05 ngày làm việc" and "5.000 đồng" in the next column read as one phrase.
GUTTER_EM = 0.5


def _up(value: float) -> float:
    """`value` rounded up to a hundredth of a point: a scaled size is never below its rule."""
    return math.ceil(value * 100 - 1e-6) / 100


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
