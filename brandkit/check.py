"""Brand rules checked before anything is printed: contrast, letter height, fit and glyphs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

from brandkit.colour import prints_black, rgb
from brandkit.errors import BrandkitError, FitError, FontError, Problem
from brandkit.layout.template import Layout, Record, element_box, is_drawn, set_text
from brandkit.spec.load import SpecFile
from brandkit.spec.model import PathElement, RectElement, Spec, TableElement, TextElement
from brandkit.units import to_mm

RULES = ("contrast", "letter_height", "fit", "glyphs")
"""Every rule, in the order reports list them."""

ENFORCED = ("contrast", "letter_height")
"""The rules `build` refuses to print against unless forced (fit and glyph failures cannot be
printed at all)."""

PAPER_HEX = "#FFFFFF"  # unprinted stock: what shows where nothing is drawn

# WCAG 2 "large scale" text: at least 18 point, or 14 point bold.
LARGE_PT, LARGE_BOLD_PT, BOLD_WEIGHT = 18.0, 14.0, 700


@dataclass(frozen=True)
class Finding:
    """One rule applied to one element (or one record), with what was measured."""

    rule: str
    template: str
    element: str | None
    ok: bool
    message: str
    size: str = ""
    unit: str | None = None
    value: float | None = None
    limit: float | None = None
    file: str | None = None
    line: int | None = None

    @property
    def where(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_json(self) -> dict[str, object]:
        counts = {
            rule: {
                "checked": sum(1 for f in self.findings if f.rule == rule),
                "failed": sum(1 for f in self.failures if f.rule == rule),
            }
            for rule in RULES
        }
        return {
            "ok": self.ok,
            "rules": counts,
            "findings": [asdict(f) for f in self.findings],
        }


class RuleError(BrandkitError):
    """Assets break a brand rule; `build --force` prints them anyway."""


# ---------------------------------------------------------------------------------------------
# Colour


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour `#RRGGBB`."""
    channels = [channel / 255 for channel in rgb(hex_colour)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two `#RRGGBB` colours, 1 to 21."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def backgrounds(spec: Spec, layout: Layout, index: int) -> list[str]:
    """Names of the colours that may lie under text element `index`, top first ("" is the
    paper): filled rectangles and paths drawn before it that overlap its box, down to the
    first unconditional rectangle covering all of it."""
    template = layout.template
    frame = layout.frames()[0][0]
    x0, y0, x1, y1 = element_box(template.elements[index], frame)
    found: list[str] = []
    for position in reversed(range(index)):
        below = template.elements[position]
        if not layout.drawn(position):  # not on this size
            continue
        fill = getattr(below, "fill", None)
        if not isinstance(below, RectElement | PathElement) or fill is None:
            continue
        if spec.colours[fill].technical:
            continue
        bx0, by0, bx1, by1 = element_box(below, frame)
        if bx0 >= x1 or x0 >= bx1 or by0 >= y1 or y0 >= by1:
            continue
        if fill not in found:
            found.append(fill)
        covers = bx0 <= x0 and by0 <= y0 and bx1 >= x1 and by1 >= y1
        if covers and isinstance(below, RectElement) and below.when is None is below.unless:
            return found
    return [*found, ""]


# ---------------------------------------------------------------------------------------------
# The check


@dataclass
class _Measure:
    """What the records did with one text element: its smallest fitted size and where."""

    smallest: float | None = None
    unit: str | None = None
    who: str | None = None


def check_layouts(
    spec_file: SpecFile,
    layouts: dict[str, Layout],
    work: Iterable[tuple[str, str, tuple[Record, ...]]],
) -> CheckReport:
    """Apply every rule to the layouts, over the records each is made for.

    `work` gives (layout key, unit id, records) per PDF a build would write.
    """
    report = CheckReport()
    measures: dict[tuple[str, int], _Measure] = {}
    fit_checked: dict[str, int] = {}
    for key, unit, records in work:
        layout = layouts[key]
        for index, element in enumerate(layout.template.elements):
            if not isinstance(element, TextElement) or not layout.drawn(index):
                continue
            measure = measures.setdefault((key, index), _Measure())
            label = element.name or f"elements[{index}]"
            for record in records:
                if not is_drawn(element, record):
                    continue
                fit_checked[key] = fit_checked.get(key, 0) + 1
                try:
                    result = set_text(layout, element, record, label)
                except (FitError, FontError) as exc:
                    rule = "glyphs" if isinstance(exc, FontError) else "fit"
                    report.findings += _record_failures(rule, layout, label, unit, exc.problems)
                    continue
                if result is None:
                    continue
                size = result[1].size
                if measure.smallest is None or size < measure.smallest:
                    measure.smallest, measure.unit, measure.who = size, unit, record.who
    for key, layout in layouts.items():
        report.findings += _contrast(spec_file, layout)
        for index, element in enumerate(layout.template.elements):
            if isinstance(element, TextElement) and (key, index) in measures:
                report.findings += _letter_height(spec_file, layout, index, measures[(key, index)])
            if isinstance(element, TableElement) and layout.drawn(index):
                report.findings += _table_findings(spec_file, layout, index)
        count = fit_checked.get(key, 0)
        failed = {
            f.rule
            for f in report.failures
            if f.template == layout.name and f.size == layout.size_name
        }
        for rule in ("fit", "glyphs"):
            if count and rule not in failed:
                message = f"{count} texts set"
                report.findings.append(
                    Finding(rule, layout.name, None, True, message, layout.size_name, value=count)
                )
    return report


def _record_failures(
    rule: str, layout: Layout, label: str, unit: str, problems: list[Problem]
) -> Iterator[Finding]:
    for p in problems:
        yield Finding(
            rule, layout.name, label, False, p.message, layout.size_name, unit,
            file=p.file, line=p.line,
        )  # fmt: skip


def _location(spec_file: SpecFile, *path: str | int) -> tuple[str, int | None]:
    return spec_file.source.file, spec_file.source.line_of(tuple(path))


def _shown(layout: Layout, hex_colour: str) -> str:
    """The colour as it will look: on a monochrome template, black or paper."""
    if layout.template.monochrome:
        return "#000000" if prints_black(hex_colour) else PAPER_HEX
    return hex_colour


def _contrast(spec_file: SpecFile, layout: Layout) -> Iterator[Finding]:
    spec = spec_file.spec
    rules = spec.rules
    for index, element in enumerate(layout.template.elements):
        if not isinstance(element, TextElement) or not layout.drawn(index):
            continue
        font = layout.fonts[element.font]
        smallest = element.min_size if element.min_size is not None else element.size
        bold = font.weight >= BOLD_WEIGHT
        large = smallest >= LARGE_PT or (bold and smallest >= LARGE_BOLD_PT)
        limit = rules.contrast_large if large else rules.contrast
        text_hex = _shown(layout, spec.colours[element.colour].hex)
        worst: tuple[float, str] | None = None
        for name in backgrounds(spec, layout, index):
            ground = _shown(layout, spec.colours[name].hex) if name else PAPER_HEX
            ratio = contrast_ratio(text_hex, ground)
            if worst is None or ratio < worst[0]:
                worst = (ratio, name or "paper")
        assert worst is not None
        ratio, ground_name = worst
        kind = "large text" if large else "text"
        message = (
            f"{element.colour} on {ground_name}: {ratio:.2f}:1 "
            f"({kind} {smallest:g} pt{' bold' if bold else ''}; needs {limit:g}:1)"
        )
        file, line = _location(spec_file, "templates", layout.name, "elements", index, "colour")
        label = element.name or f"elements[{index}]"
        yield Finding(
            "contrast", layout.name, label, ratio >= limit - 1e-9, message, layout.size_name,
            value=round(ratio, 2), limit=limit, file=file, line=line,
        )  # fmt: skip


def _letter_height(
    spec_file: SpecFile, layout: Layout, index: int, measure: _Measure
) -> Iterator[Finding]:
    element = layout.template.elements[index]
    assert isinstance(element, TextElement)
    distance = element.viewing_distance or layout.template.viewing_distance
    if distance is None or measure.smallest is None:
        return
    font = layout.fonts[element.font]
    cap_mm = to_mm(measure.smallest * font.cap_height)
    distance_m = to_mm(distance) / 1000
    rule = layout.template.cap_height_per_m or spec_file.spec.rules.cap_height_per_m
    needed_mm = distance_m * to_mm(rule)
    ok = cap_mm >= needed_mm - 1e-6
    message = (
        f"cap height {cap_mm:.1f} mm at {measure.smallest:g} pt"
        f"{f' ({measure.who})' if measure.who else ''}; read from {distance_m:g} m it needs "
        f"{needed_mm:.1f} mm"
    )
    key = "min_size" if element.min_size is not None else "size"
    file, line = _location(spec_file, "templates", layout.name, "elements", index, key)
    yield Finding(
        "letter_height", layout.name, element.name or f"elements[{index}]", ok, message,
        layout.size_name, measure.unit, round(cap_mm, 2), round(needed_mm, 2), file, line,
    )  # fmt: skip


def _table_findings(spec_file: SpecFile, layout: Layout, index: int) -> Iterator[Finding]:
    """A table's texts: each text colour on its fill (cells on the paper), and each size
    (fixed: a table never shrinks) against the template's viewing distance."""
    spec = spec_file.spec
    element = layout.template.elements[index]
    assert isinstance(element, TableElement)
    label = element.name or f"elements[{index}]"
    parts = [
        ("cells", element.colour, None, element.font, element.size, "colour"),
        ("header", element.header_colour, element.header_fill, element.header_font,
         element.header_size, "header_colour"),
        ("headings", element.group_colour, element.group_fill, element.group_font,
         element.group_size, "group_colour"),
        ("green mark", element.green_colour, element.green_fill, element.font, element.size,
         "green_colour"),
    ]  # fmt: skip
    distance = layout.template.viewing_distance
    rule = layout.template.cap_height_per_m or spec.rules.cap_height_per_m
    for part, colour, fill, role, size, key in parts:
        font = layout.fonts[role]
        text_hex = _shown(layout, spec.colours[colour].hex)
        ground = _shown(layout, spec.colours[fill].hex) if fill else PAPER_HEX
        bold = font.weight >= BOLD_WEIGHT
        large = size >= LARGE_PT or (bold and size >= LARGE_BOLD_PT)
        limit = spec.rules.contrast_large if large else spec.rules.contrast
        ratio = contrast_ratio(text_hex, ground)
        file, line = _location(spec_file, "templates", layout.name, "elements", index, key)
        message = (
            f"{part}: {colour} on {fill or 'paper'}: {ratio:.2f}:1 "
            f"({'large text' if large else 'text'} {size:g} pt; needs {limit:g}:1)"
        )
        yield Finding(
            "contrast", layout.name, f"{label} {part}", ratio >= limit - 1e-9, message,
            layout.size_name, value=round(ratio, 2), limit=limit, file=file, line=line,
        )  # fmt: skip
        if distance is None:
            continue
        cap_mm = to_mm(size * font.cap_height)
        needed_mm = to_mm(distance) / 1000 * to_mm(rule)
        yield Finding(
            "letter_height", layout.name, f"{label} {part}", cap_mm >= needed_mm - 1e-6,
            f"{part}: cap height {cap_mm:.1f} mm at {size:g} pt; read from "
            f"{to_mm(distance) / 1000:g} m it needs {needed_mm:.1f} mm",
            layout.size_name, None, round(cap_mm, 2), round(needed_mm, 2), file, line,
        )  # fmt: skip


def rule_problems(report: CheckReport, rules: tuple[str, ...] = ENFORCED) -> list[Problem]:
    """The failures of `rules` as located problems, for `build` to refuse with."""
    out = []
    for f in report.failures:
        if f.rule in rules:
            what = f"{f.template}{f' ({f.size})' if f.size else ''}"
            out.append(
                Problem(
                    f"{f.rule.replace('_', ' ')} rule fails for {what}: {f.message}",
                    f.file,
                    f.line,
                    f"templates.{f.template}.{f.element}" if f.element else None,
                )
            )
    return out


# ---------------------------------------------------------------------------------------------
# Report


def format_report(report: CheckReport) -> str:
    """The report as a table for people: a row per rule, template and element, failures
    first and located, then a verdict per rule."""
    rows = [("RULE", "TEMPLATE", "ELEMENT", "RESULT", "DETAIL")]
    ordered = sorted(report.findings, key=lambda f: (f.ok, RULES.index(f.rule), f.template, f.size))
    for f in ordered:
        template = f"{f.template} ({f.size})" if f.size else f.template
        detail = f.message if f.ok or not f.where else f"{f.where}: {f.message}"
        rows.append((f.rule, template, f.element or "", "ok" if f.ok else "FAIL", detail))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
        for r in rows
    ]
    lines.append("")
    for rule in RULES:
        checked = [f for f in report.findings if f.rule == rule]
        failed = [f for f in checked if not f.ok]
        verdict = f"{len(failed)} failed" if failed else "ok"
        lines.append(f"{rule.replace('_', ' ')}: {verdict} ({len(checked)} checked)")
    lines.append("All brand rules pass." if report.ok else "Some brand rules fail.")
    return "\n".join(line.rstrip() for line in lines)
