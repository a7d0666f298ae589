"""Texts, QR codes and logos keep clear of every hole and slot the die line punches.

A lanyard slot through a logo or a screw hole through a word spoils the piece, and a cutter
drifts: each keeps `finishing.clearance` (2 mm by default) from the holes and slots of its
template's `finishing:`. `intrusions` measures what each record's layout actually covers (a
text's lines as set, descenders included) for the elements whose boxes come near a keep-out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from brandkit.errors import BrandkitError
from brandkit.i18n import Message
from brandkit.layout.finishing import KeepOut
from brandkit.layout.page import LogoItem, QrItem, TextItem
from brandkit.layout.template import Layout, Record, element_box, is_drawn, place_element
from brandkit.quiet_zone import extents
from brandkit.spec.model import LogoElement, QrElement, TextElement
from brandkit.units import to_mm

RULE = "die_clearance"
KEPT_CLEAR = (TextElement, QrElement, LogoElement)
"""What keeps clear of holes and slots: what a hole through it would spoil."""


@dataclass(frozen=True)
class Intrusion:
    """An element that comes closer to a hole or slot than the clearance, for one record."""

    element: str
    keep_out: str  # "slot 1", "hole 3": in the order `finishing:` lists them
    distance_mm: float  # negative: the hole cuts into it
    clearance_mm: float
    who: str


def intrusions(layout: Layout, records: Iterable[Record]) -> Iterator[Intrusion]:
    """Every element of `layout` that comes within the clearance of a hole or slot, each with
    the first record it happens for (each element and keep-out reported once)."""
    die = layout.die
    if not die.keep_outs:
        return
    records = tuple(records)
    frame = layout.frames()[0][0]
    for index, element in enumerate(layout.template.elements):
        if not isinstance(element, KEPT_CLEAR) or not layout.drawn(index):
            continue
        # What an element draws stays inside its box: a box clear of every keep-out is clear.
        near = [k for k in die.keep_outs if k.distance(element_box(element, frame)) < die.clearance]
        if not near:
            continue
        label = element.name or f"elements[{index}]"
        seen: set[str] = set()
        for record in records:
            if not is_drawn(element, record):
                continue
            for keep_out, distance in _closest(layout, index, record, near):
                if keep_out.name not in seen and distance < die.clearance - 1e-6:
                    seen.add(keep_out.name)
                    yield Intrusion(
                        label, keep_out.name, to_mm(distance), to_mm(die.clearance), record.who
                    )


def _closest(
    layout: Layout, index: int, record: Record, near: list[KeepOut]
) -> Iterator[tuple[KeepOut, float]]:
    """How close element `index`, laid out for `record`, comes to each keep-out in `near`."""
    try:
        placed = place_element(layout, index, record)
    except BrandkitError:  # a text that does not fit, a missing glyph: other rules say so
        return
    boxes = [
        box
        for box, item in extents(placed, layout.fonts)
        if isinstance(item, TextItem | QrItem | LogoItem)
    ]
    for keep_out in near:
        if boxes:
            yield keep_out, min(keep_out.distance(box) for box in boxes)


@dataclass
class Clearances:
    """What `check` gathers over a build's layouts: the first intrusion of each element into
    each keep-out, and the layouts with keep-outs that were measured."""

    found: dict[tuple[str, str, str], tuple[str, Intrusion]] = field(default_factory=dict)
    measured: dict[str, int] = field(default_factory=dict)  # layout key: elements kept clear

    def note(self, key: str, layout: Layout, unit: str, records: Iterable[Record]) -> None:
        if not layout.die.keep_outs:
            return
        kept = [e for i, e in enumerate(layout.template.elements) if layout.drawn(i)]
        self.measured[key] = sum(isinstance(e, KEPT_CLEAR) for e in kept)
        for intrusion in intrusions(layout, records):
            self.found.setdefault((key, intrusion.element, intrusion.keep_out), (unit, intrusion))

    def passed(self) -> dict[str, int]:
        """The layouts none of whose elements came too near a hole or slot, and their count
        of elements kept clear."""
        failed = {key for key, _, _ in self.found}
        return {key: n for key, n in self.measured.items() if key not in failed}


def intrusion_text(intrusion: Intrusion) -> Message:
    """What `check` says of an intrusion."""
    kind, _, number = intrusion.keep_out.partition(" ")
    fields = {
        "element": intrusion.element, "number": number, "who": intrusion.who,
        "distance": f"{intrusion.distance_mm:.1f}", "clearance": f"{intrusion.clearance_mm:g}",
    }  # fmt: skip
    if kind == "slot":
        return Message(
            "{element} comes {distance} mm from slot {number} of the die line; it must keep "
            "{clearance} mm clear ({who})",
            **fields,
        )
    return Message(
        "{element} comes {distance} mm from hole {number} of the die line; it must keep "
        "{clearance} mm clear ({who})",
        **fields,
    )


def kept_text(count: int, clearance_mm: float) -> Message:
    """What `check` says of a layout whose texts, codes and logos all keep clear."""
    return Message(
        "{count} text(s), code(s) and logo(s) {clearance} mm or more from every hole and slot",
        count=count, clearance=f"{clearance_mm:g}",
    )  # fmt: skip
