"""Tables that paginate: procedure lists grouped by field, set at a fixed readable size, with a
header that repeats on every page, rows never split and headings never left alone."""

from __future__ import annotations

from dataclasses import dataclass

from brandkit.errors import FitError, Problem
from brandkit.fonts import FontMetrics
from brandkit.layout.page import Ink, Item, QrItem, RectItem, TextItem, TextLine
from brandkit.layout.qr import QrDataError, qr_modules
from brandkit.layout.text import MARK_BREAKS, FitPolicy, block_height, break_lines
from brandkit.spec.model import TableElement
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
class Table:
    """What a table element needs to measure and draw: fonts and inks by role."""

    element: TableElement
    fonts: dict[str, FontMetrics]
    inks: dict[str, Ink]

    @property
    def pad(self) -> float:
        return self.element.padding

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
        e = self.element
        counts = [
            len(self._lines(c.title, e.header_font, e.header_size, c.width) or [c.title])
            for c in e.columns
        ]
        return self._block(e.header_font, e.header_size, max(counts)) + 2 * self.pad

    def heading_height(self, heading: Heading) -> float:
        e = self.element
        lines = self._lines(self._heading_text(heading), e.group_font, e.group_size, e.w)
        return self._block(e.group_font, e.group_size, len(lines or [""])) + 2 * self.pad

    def _heading_text(self, heading: Heading) -> str:
        return f"{heading.text} (tiếp theo)" if heading.continued else heading.text

    def _cell(self, row: TableRow, field: str) -> str:
        return str(row.number) if field == "number" else row.cells.get(field, "")

    def row_height(self, row: TableRow) -> float:
        """The height `row` needs, every cell wrapped at the table's fixed size."""
        e = self.element
        tallest = 0.0
        for column in e.columns:
            if column.field == "qr":
                tallest = max(tallest, e.qr_size)
                continue
            lines = self._lines(self._cell(row, column.field), e.font, e.size, column.width)
            if lines is None:
                word = max(self._cell(row, column.field).split(" "), key=len)
                raise FitError(
                    Problem(
                        f"procedure {row.cells.get('code', '')}: the word {word!r} is wider "
                        f"than the {column.title!r} column ({to_mm(column.width):.0f} mm) "
                        f"at {e.size:g} pt",
                        row.file,
                        row.row,
                        column.field,
                    )
                )
            count = len(lines) + (1 if column.field == "number" and row.green else 0)
            tallest = max(tallest, self._block(e.font, e.size, count))
        return tallest + 2 * self.pad

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

    def draw(self, entries: list[Entry], left: float, top: float) -> list[Item]:
        """The items of one page of the table, its top-left corner at (left, top)."""
        e = self.element
        items: list[Item] = []
        y = top
        header_h = self.header_height()
        items.append(RectItem(left, y, e.w, header_h, self.inks[e.header_fill]))
        x = left
        for column in e.columns:
            lines = self._lines(column.title, e.header_font, e.header_size, column.width)
            items.append(
                self._text(lines or [column.title], e.header_font, e.header_size,
                           e.header_colour, x, y, column.width, column.align, "header")
            )  # fmt: skip
            x += column.width
        y += header_h
        for entry in entries:
            if isinstance(entry, Heading):
                h = self.heading_height(entry)
                if e.group_fill:
                    items.append(RectItem(left, y, e.w, h, self.inks[e.group_fill]))
                text = self._heading_text(entry)
                lines = self._lines(text, e.group_font, e.group_size, e.w) or [text]
                items.append(
                    self._text(lines, e.group_font, e.group_size, e.group_colour, left, y, e.w,
                               "left", "field")
                )  # fmt: skip
                y += h
                continue
            h = self.row_height(entry)
            items += self._row_items(entry, left, y, h)
            y += h
            if e.rule:
                items.append(RectItem(left, y - 0.25, e.w, 0.5, self.inks[e.rule]))
        return items

    def _row_items(self, entry: TableRow, left: float, y: float, h: float) -> list[Item]:
        """The cells of one procedure's row, `h` tall, its top-left corner at (left, y)."""
        e = self.element
        items: list[Item] = []
        x = left
        for column in e.columns:
            if column.field == "qr":
                try:
                    modules, rects = qr_modules(entry.qr, "M")
                except QrDataError as exc:
                    shown = entry.qr if len(entry.qr) <= 60 else entry.qr[:57] + "…"
                    where = Problem(f"the link {shown!r} {exc}", entry.file, entry.row, "qr")
                    raise FitError(where) from None
                qx = x + (column.width - e.qr_size) / 2
                items.append(
                    QrItem(qx, y + self.pad, e.qr_size, modules, rects,
                           self.inks[e.qr_colour], entry.qr)
                )  # fmt: skip
            else:
                green = column.field == "number" and entry.green
                if green:
                    items.append(RectItem(x, y, column.width, h, self.inks[e.green_fill]))
                text = self._cell(entry, column.field)
                lines = self._lines(text, e.font, e.size, column.width) or [text]
                if green:
                    lines = [*lines, e.green_mark]
                items.append(
                    self._text(lines, e.font, e.size, e.green_colour if green else e.colour,
                               x, y, column.width, column.align, column.field)
                )  # fmt: skip
            x += column.width
        return items

    def _text(
        self,
        lines: list[str],
        role: str,
        size: float,
        colour: str,
        x: float,
        y: float,
        width: float,
        align: str,
        label: str,
    ) -> TextItem:
        font = self._font(role)
        placed = []
        for i, line in enumerate(lines):
            line_width = font.width(line, size)
            lx = x + self.pad
            if align == "center":
                lx = x + (width - line_width) / 2
            elif align == "right":
                lx = x + width - self.pad - line_width
            baseline = y + self.pad + font.ascent * size + i * self.element.line_height * size
            placed.append(TextLine(lx, baseline, line, line_width))
        box = (x, y, width, 0.0)
        return TextItem(role, size, self.inks[colour], tuple(placed), box, label)
