"""How a procedure table is set for one list: the largest text size (never below the readable
minimum) that still puts the list on the fewest pages it can take, and each `auto` column as
wide as its content at that size, the `fill` column taking the rest."""

from __future__ import annotations

import math

from brandkit.errors import FitError
from brandkit.fonts import FontMetrics
from brandkit.layout.page import Ink
from brandkit.layout.table import (
    Entry,
    Setting,
    Table,
    TableRow,
    setting_at,
)
from brandkit.layout.text import SIZE_STEP, sizes_to_try
from brandkit.spec.model import Rules, TableElement, Template
from brandkit.units import to_mm


def reading_cap(template: Template, rules: Rules) -> float | None:
    """The smallest cap height, in points, that the template's reading rule asks for
    (viewing distance × cap height per metre); None without a viewing distance."""
    if template.viewing_distance is None:
        return None
    per_m = template.cap_height_per_m or rules.cap_height_per_m
    return to_mm(template.viewing_distance) / 1000 * per_m


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
