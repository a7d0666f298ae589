"""A page of the brand manual: written as template elements and laid out by the layout code every
piece uses (the spec's fonts and inks, Vietnamese line breaking, glyph checks), with pieces
already laid out placed among them at a scale."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brandkit.build.work import Worker
from brandkit.layout.page import Ink, Item, LineItem, Page, RectItem
from brandkit.layout.template import Layout, Record, layout_page, make_inks
from brandkit.manual.place import placed
from brandkit.spec.model import Template
from brandkit.text.words import Words
from brandkit.units import PT_PER_MM

PAGE_W_MM, PAGE_H_MM = 297.0, 210.0  # A4 landscape
MARGIN_MM = 15.0
BLEED_MM = 3.0


def mm(value: float) -> str:
    return f"{value:.3f}mm"


@dataclass(frozen=True)
class Style:
    """The spec's names the manual sets its own type and rules in, chosen once."""

    heading: str  # font roles
    body: str
    strong: str
    text: str  # colours: small type
    primary: str
    accent: str
    paper: str
    muted: str
    inks: dict[str, Ink]  # every brand colour, as pieces print it
    words: Words  # where lines may break, the spec's own terms included

    @classmethod
    def of(cls, worker: Worker) -> Style:
        spec = worker.spec_file.spec
        fonts, colours = list(spec.fonts), list(spec.colours)

        def font(*names: str) -> str:
            return next((n for n in names if n in spec.fonts), fonts[0])

        def colour(*names: str) -> str:
            return next((n for n in names if n in spec.colours), colours[0])

        return cls(
            heading=font("heading", "strong"), body=font("body", "regular"),
            strong=font("strong", "heading", "body"), text=colour("text", "black", "ink"),
            primary=colour("primary"), accent=colour("accent", "primary"),
            paper=colour("paper", "white"), muted=colour("muted", "paper"),
            inks=make_inks(spec), words=Words(tuple(spec.typography.keep)),
        )  # fmt: skip


@dataclass
class Sheet:
    """One manual page being written: elements (dicts as a spec writes them) and laid-out
    items, drawn in the order they were added."""

    worker: Worker
    style: Style
    label: str
    parts: list[list[dict[str, Any]] | tuple[Item, ...]] = field(default_factory=list)

    def _add(self, element: dict[str, Any]) -> None:
        if not self.parts or isinstance(self.parts[-1], tuple):
            self.parts.append([])
        last = self.parts[-1]
        assert isinstance(last, list)
        last.append(element)

    def text(self, x: float, y: float, w: float, h: float, text: str, **style: Any) -> None:
        """A text box in mm from the page's top-left corner, set as a template's text is."""
        size = style.pop("size", 9.0)
        element = {
            "type": "text", "text": text, "x": mm(x), "y": mm(y), "w": mm(w), "h": mm(h),
            "font": style.pop("font", self.style.body), "size": f"{size}pt",
            "min_size": f"{style.pop('min_size', min(size, 5.0))}pt",
            "colour": style.pop("colour", self.style.text),
        }  # fmt: skip
        if style.pop("upper", False):
            element["transform"] = "upper"
        element.update(style)
        self._add(element)

    def heading(self, text: str, kicker: str = "") -> None:
        """The page's title and, above it, the chapter it belongs to."""
        if kicker:
            self.text(MARGIN_MM, 10, 200, 5, kicker, size=8, font=self.style.strong, upper=True)
        self.text(MARGIN_MM, 15, 267, 12, text, size=20, min_size=12, font=self.style.heading,
                  colour=self.style.primary)  # fmt: skip
        self.rect(MARGIN_MM, 28.5, 20, 0.8, self.style.accent)

    def rect(self, x: float, y: float, w: float, h: float, fill: str | None, **more: Any) -> None:
        element = {"type": "rect", "x": mm(x), "y": mm(y), "w": mm(w), "h": mm(h)}
        if fill is not None:
            element["fill"] = fill
        element.update(more)
        self._add(element)

    def line(self, x: float, y: float, x2: float, y2: float, **more: Any) -> None:
        element = {"type": "line", "x": mm(x), "y": mm(y), "x2": mm(x2), "y2": mm(y2),
                   "colour": more.pop("colour", self.style.text), "width": "0.4pt"}  # fmt: skip
        element.update(more)
        self._add(element)

    def logo(self, logo: str, x: float, y: float, w: float, h: float) -> None:
        self._add({"type": "logo", "logo": logo, "x": mm(x), "y": mm(y), "w": mm(w), "h": mm(h)})

    def items(self, items: tuple[Item, ...]) -> None:
        """Items laid out already (a piece, placed by `place`), drawn at this point."""
        self.parts.append(items)

    def piece(self, page: Page, x: float, y: float, scale: float) -> None:
        """A piece's laid-out page, its trim's corner at (x, y) mm, drawn at `scale`."""
        dx, dy = x * PT_PER_MM, y * PT_PER_MM
        self.items(placed((*page.background, *page.items), dx, dy, scale))

    def outline(self, x: float, y: float, w: float, h: float, ink: Ink, dash: bool) -> None:
        """A thin outline in mm (a trim, a bleed, a safe area), as an item (it may lie in a
        piece's bleed, where a template's rectangle may not)."""
        p = PT_PER_MM
        pattern = (1.5 * p, 1 * p) if dash else ()
        self.items((RectItem(x * p, y * p, w * p, h * p, None, ink, 0.5, pattern),))

    def rule(self, x: float, y: float, x2: float, y2: float, ink: Ink) -> None:
        p = PT_PER_MM
        self.items((LineItem(x * p, y * p, x2 * p, y2 * p, ink, 0.5),))

    def page(self, record: Record) -> Page:
        """The page laid out for `record` (the sample unit: a text may bind its fields)."""
        items: list[Item] = []
        inks, words = self.style.inks, self.style.words
        for n, part in enumerate(self.parts):
            if isinstance(part, tuple):
                items += part
                continue
            template = Template.model_validate(
                {
                    "asset": "manual", "repeat": "unit",
                    "size": {"width": f"{PAGE_W_MM}mm", "height": f"{PAGE_H_MM}mm"},
                    "bleed": f"{BLEED_MM}mm", "safe_margin": "0mm", "elements": part,
                }
            )  # fmt: skip
            layout = Layout(f"{self.label}-{n}", template, inks, self.worker.fonts, "", words)
            laid = layout_page(layout, record)
            items += (*laid.background, *laid.items)  # shapes and logos, then texts
        width, height = PAGE_W_MM * PT_PER_MM, PAGE_H_MM * PT_PER_MM
        return Page(width, height, BLEED_MM * PT_PER_MM, tuple(items), self.label)
