"""Brand rules checked before anything is printed: contrast, letter height, fit and glyphs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

from brandkit import check_report as texts
from brandkit.check_report import RULE_NAMES, RULES
from brandkit.check_report import format_report as format_report  # re-exported
from brandkit.colour import prints_black, rgb
from brandkit.die_clearance import Clearances, intrusion_text, kept_text
from brandkit.errors import BrandkitError, FitError, FontError, Problem
from brandkit.i18n import Message
from brandkit.layout.page import Item, QrItem, leaves
from brandkit.layout.table_fit import reading_cap, smallest_setting
from brandkit.layout.template import (
    Layout,
    Record,
    element_box,
    field_value,
    full_text,
    is_drawn,
    place_element,
    set_text,
)
from brandkit.layout.text import FittedText
from brandkit.quiet_zone import Violation
from brandkit.quiet_zone import violations as quiet_zone_violations
from brandkit.spec.load import SpecFile
from brandkit.spec.model import (
    Colour,
    LineElement,
    PathElement,
    QrElement,
    RectElement,
    Spec,
    TableElement,
    TextElement,
)
from brandkit.units import to_mm

ENFORCED = ("contrast", "letter_height", "qr_modules", "qr_quiet_zone", "die_clearance")
"""The rules `build` refuses to print against unless forced (fit and glyph failures cannot be
printed at all). A QR code that does not scan makes the piece useless, so it is an error; an
ink choice that risks soft or fringed small type (`print_inks`) is only warned about."""

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
    warning: bool = False  # a failed finding that is reported but fails nothing

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
        return [f for f in self.findings if not f.ok and not f.warning]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok and f.warning]

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_json(self) -> dict[str, object]:
        counts = {
            rule: {
                "checked": sum(1 for f in self.findings if f.rule == rule),
                "failed": sum(1 for f in self.failures if f.rule == rule),
                "warned": sum(1 for f in self.warnings if f.rule == rule),
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
    observed = Observations()
    observe(observed, spec_file, layouts, work)
    return report_of(observed, spec_file, layouts)


@dataclass
class Observations:
    """What the rules measured over some of a build's PDFs, before it is judged: what one
    worker gathers from the PDFs it makes (`observe`), merged in the build's order
    (`merge`) into what `report_of` judges. Holds no layout (layouts are named by key), so
    it travels back from a worker process."""

    findings: list[Finding] = field(default_factory=list)  # texts that cannot be set
    measures: dict[tuple[str, int], _Measure] = field(default_factory=dict)
    qr_measures: dict[tuple[str, int], _Measure] = field(default_factory=dict)
    fit_checked: dict[str, int] = field(default_factory=dict)
    setting: _Setting = field(default_factory=lambda: _Setting())
    clearances: Clearances = field(default_factory=Clearances)
    zones: dict[tuple[str, str, str], Finding] = field(default_factory=dict)
    zoned: set[str] = field(default_factory=set)  # layouts whose tables' quiet zones are checked

    def merge(self, later: Observations) -> None:
        """Add what `later` observed of the PDFs after these: as if one `observe` had gone
        over them all (the first of equal findings is kept, as `observe` keeps it)."""
        self.findings += later.findings
        _merge_measures(self.measures, later.measures)
        _merge_measures(self.qr_measures, later.qr_measures)
        for key, count in later.fit_checked.items():
            self.fit_checked[key] = self.fit_checked.get(key, 0) + count
        self.setting.merge(later.setting)
        for found, intrusion in later.clearances.found.items():
            self.clearances.found.setdefault(found, intrusion)
        for key, count in later.clearances.measured.items():
            self.clearances.measured.setdefault(key, count)
        for zone, finding in later.zones.items():
            self.zones.setdefault(zone, finding)
        self.zoned |= later.zoned


def _merge_measures(
    into: dict[tuple[str, int], _Measure], later: dict[tuple[str, int], _Measure]
) -> None:
    for at, measure in later.items():
        known = into.setdefault(at, _Measure())
        if measure.smallest is not None and (
            known.smallest is None or measure.smallest < known.smallest
        ):
            known.smallest, known.unit, known.who = measure.smallest, measure.unit, measure.who


def observe(
    observed: Observations,
    spec_file: SpecFile,
    layouts: dict[str, Layout],
    work: Iterable[tuple[str, str, tuple[Record, ...]]],
) -> None:
    """Measure what the rules judge over `work` ((layout key, unit id, records) per PDF):
    each text set for each record, each QR module, the quiet zones and die clearances."""
    measures, qr_measures = observed.measures, observed.qr_measures
    fit_checked, setting, zones = observed.fit_checked, observed.setting, observed.zones
    # Texts of the unit's values only (or none), by layout, element and values: set alike
    # for every record with those values, so set once, then only counted.
    shared: dict[tuple[str, int, tuple[str, ...]], tuple[str, FittedText] | None] = {}
    for key, unit, records in work:
        layout = layouts[key]
        _measure_qrs(layout, key, unit, records, qr_measures)
        found_zones = list(quiet_zone_violations(layout, records, tables=key not in observed.zoned))
        observed.zoned.add(key)
        for violation in found_zones:
            found = (key, violation.qr, violation.intruder)
            zones.setdefault(found, _quiet_zone_finding(spec_file, layout, unit, violation))
        observed.clearances.note(key, layout, unit, records)
        for index, element in enumerate(layout.template.elements):
            if not isinstance(element, TextElement) or not layout.drawn(index):
                continue
            measure = measures.setdefault((key, index), _Measure())
            label = element.name or f"elements[{index}]"
            refs = layout.shared_refs(index)
            for record in records:
                if not is_drawn(element, record):
                    continue
                fit_checked[key] = fit_checked.get(key, 0) + 1
                same = None
                if refs is not None:
                    same = (key, index, tuple(field_value(ref, record) for ref in refs))
                known = same is not None and same in shared
                if same is not None and known:
                    result = shared[same]
                else:
                    try:
                        result = set_text(layout, element, record, label)
                    except (FitError, FontError) as exc:
                        rule = "glyphs" if isinstance(exc, FontError) else "fit"
                        observed.findings += _record_failures(
                            rule, layout, label, unit, exc.problems
                        )
                        continue
                    if same is not None:
                        shared[same] = result
                setting.note(layout, (key, index), label, unit, record, result, known)
                if result is None:
                    continue
                size = result[1].size
                if measure.smallest is None or size < measure.smallest:
                    measure.smallest, measure.unit, measure.who = size, unit, record.who


def report_of(
    observed: Observations, spec_file: SpecFile, layouts: dict[str, Layout]
) -> CheckReport:
    """The rules judged from what was observed of the layouts' PDFs."""
    report = CheckReport(findings=list(observed.findings))
    zones = observed.zones
    report.findings += observed.setting.findings(layouts)
    report.findings += zones.values()
    report.findings += _clear_zones(layouts, zones)
    report.findings += _die_clearance(spec_file, layouts, observed.clearances)
    for key, layout in layouts.items():
        report.findings += _layout_findings(
            spec_file, layout, key, observed.measures, observed.qr_measures
        )
        count = observed.fit_checked.get(key, 0)
        failed = {
            f.rule
            for f in report.failures
            if f.template == layout.name and f.size == layout.size_name
        }
        for rule in ("fit", "glyphs"):
            if count and rule not in failed:
                message = texts.texts_set(count)
                report.findings.append(
                    Finding(rule, layout.name, None, True, message, layout.size_name, value=count)
                )
    return report


def _quiet_zone_finding(
    spec_file: SpecFile, layout: Layout, unit: str, violation: Violation
) -> Finding:
    index = next(
        i
        for i, e in enumerate(layout.template.elements)
        if (e.name or f"elements[{i}]") == violation.qr
    )
    file, line = _location(spec_file, "templates", layout.name, "elements", index)
    return Finding(
        "qr_quiet_zone", layout.name, violation.qr, False,
        texts.quiet_zone_entered(violation.intruder, violation.module_mm, violation.who),
        layout.size_name, unit, file=file, line=line,
    )  # fmt: skip


def _die_clearance(
    spec_file: SpecFile, layouts: dict[str, Layout], clearances: Clearances
) -> Iterator[Finding]:
    """Texts, codes and logos too near a hole or slot (located at the template's finishing),
    and a passing finding per layout whose elements all keep clear."""
    for (key, element, _), (unit, intrusion) in clearances.found.items():
        layout = layouts[key]
        file, line = _location(spec_file, "templates", layout.name, "finishing")
        yield Finding(
            "die_clearance", layout.name, element, False, intrusion_text(intrusion),
            layout.size_name, unit, file=file, line=line,
        )  # fmt: skip
    for key, count in clearances.passed().items():
        layout = layouts[key]
        message = kept_text(count, to_mm(layout.die.clearance))
        yield Finding("die_clearance", layout.name, None, True, message, layout.size_name)


def _clear_zones(
    layouts: dict[str, Layout], zones: dict[tuple[str, str, str], Finding]
) -> Iterator[Finding]:
    """A passing finding per layout whose QR codes all keep their quiet zone."""
    failed = {key for key, _, _ in zones}
    for key, layout in layouts.items():
        codes = [
            e.name or f"elements[{i}]"
            for i, e in enumerate(layout.template.elements)
            if isinstance(e, QrElement | TableElement) and layout.drawn(i)
        ]
        if codes and key not in failed:
            yield Finding(
                "qr_quiet_zone", layout.name, None, True,
                texts.quiet_zones_kept(len(codes)),
                layout.size_name,
            )  # fmt: skip


@dataclass
class _Setting:
    """How the texts were set, record by record: short forms, words broken to fit, empty
    fields, and who was set smaller than their colleagues."""

    noted: dict[tuple[str, int, str], Finding] = field(default_factory=dict)
    sizes: dict[tuple[str, int], list[tuple[float, str]]] = field(default_factory=dict)
    where: dict[tuple[str, int], str] = field(default_factory=dict)  # element label
    texts: dict[str, int] = field(default_factory=dict)  # texts set, by layout key
    layouts: dict[str, None] = field(default_factory=dict)  # layout keys, in order
    rules: dict[str, set[str]] = field(default_factory=dict)  # what each layout was checked for

    def merge(self, later: _Setting) -> None:
        """Add how the texts of later PDFs were set (see Observations.merge)."""
        for noted, finding in later.noted.items():
            self.noted.setdefault(noted, finding)
        for at, sizes in later.sizes.items():
            self.sizes.setdefault(at, []).extend(sizes)
        for at, label in later.where.items():
            self.where.setdefault(at, label)
        for key, count in later.texts.items():
            self.texts[key] = self.texts.get(key, 0) + count
        for key in later.layouts:
            self.layouts.setdefault(key, None)
        for key, rules in later.rules.items():
            self.rules.setdefault(key, set()).update(rules)

    def note(
        self,
        layout: Layout,
        at: tuple[str, int],
        label: str,
        unit: str,
        record: Record,
        result: tuple[str, FittedText] | None,
        known: bool = False,
    ) -> None:
        """How `record`'s text of element `at` was set. `known`: a text of the unit's values
        only, set (and noted) before for an earlier record with the same values: counted,
        as what there is to say of it has been said."""
        element = layout.template.elements[at[1]]
        assert isinstance(element, TextElement)
        self.layouts[at[0]] = None
        checked = self.rules.setdefault(at[0], set())
        checked.update(["empty"] if "{staff." in element.text else [])
        checked.update(["short_form"] if element.short is not None else [])
        if result is None:
            empty = _empty_field(layout, element, label, unit, record)
            if empty is not None:
                self.noted[(*at, record.who)] = empty
            return
        self.texts[at[0]] = self.texts.get(at[0], 0) + 1
        checked.add("words")
        if not known and (*at, result[0]) not in self.noted:
            found = _setting_findings(layout, element, label, unit, record, result)
            if found is not None:
                self.noted[(*at, result[0])] = found
        if "{staff." in element.text:
            self.sizes.setdefault(at, []).append((result[1].size, record.who))
            self.where.setdefault(at, label)

    def findings(self, layouts: dict[str, Layout]) -> list[Finding]:
        out = list(self.noted.values())
        out += _passed_findings(self, layouts, out)
        for at, sizes in self.sizes.items():
            layout, label = layouts[at[0]], self.where[at]
            element = layout.template.elements[at[1]]
            assert isinstance(element, TextElement)
            smaller = sorted((size, who) for size, who in sizes if size < element.size - 1e-9)
            if smaller:
                shown = ", ".join(f"{who} ({size:g} pt)" for size, who in smaller[:5])
                more = (
                    Message(" and {count} more", count=len(smaller) - 5) if len(smaller) > 5 else ""
                )
                message = Message(
                    "{size} pt for {count} of {total}; smaller only where it must: {shown}{more}",
                    size=f"{element.size:g}", count=len(sizes) - len(smaller), total=len(sizes),
                    shown=shown, more=more,
                )  # fmt: skip
                out.append(Finding("fit", layout.name, label, True, message, layout.size_name))
        return out


def _passed_findings(
    setting: _Setting, layouts: dict[str, Layout], found: list[Finding]
) -> Iterator[Finding]:
    """A passing finding per layout and rule it was checked for with nothing to report."""
    warned = {(f.rule, f.template, f.size) for f in found}
    for key in setting.layouts:
        layout = layouts[key]
        for rule in sorted(setting.rules.get(key, ())):
            if (rule, layout.name, layout.size_name) not in warned:
                message = texts.passed(rule, setting.texts.get(key, 0))
                yield Finding(rule, layout.name, None, True, message, layout.size_name)


def _empty_field(
    layout: Layout, element: TextElement, label: str, unit: str, record: Record
) -> Finding | None:
    """A person's text left empty (no title on a badge) when the template does not expect it."""
    if "{staff." not in element.text or element.when or element.unless:
        return None
    fields = ", ".join(sorted(set(re.findall(r"\{staff\.([a-z_]+)\}", element.text))))
    return Finding(
        "empty", layout.name, label, False,
        Message(
            "{who} has no {fields}: the {label} is left blank",
            who=record.who, fields=fields, label=label,
        ),
        layout.size_name, unit,
        file=record.file, line=record.row, warning=True,
    )  # fmt: skip


def _setting_findings(
    layout: Layout,
    element: TextElement,
    label: str,
    unit: str,
    record: Record,
    result: tuple[str, FittedText],
) -> Finding | None:
    """How a text had to be set, when it is worth a warning: in its short form, or broken
    inside a word."""
    text, fitted = result
    if element.short is not None and text != full_text(element, record):
        return _short_form(layout, label, unit, record, text)
    if fitted.split:
        return _split_word(layout, label, unit, record, text)
    return None


def _short_form(layout: Layout, label: str, unit: str, record: Record, text: str) -> Finding:
    """A text set in its short form (the full one does not fit): reported where it happens."""
    shown = text.replace("\n", " / ")
    return Finding(
        "short_form", layout.name, label, False,
        Message(
            "the full text does not fit its box: the short form {text!r} is set ({who})",
            text=shown, who=record.who,
        ),
        layout.size_name, unit, file=record.file, line=record.row, warning=True,
    )  # fmt: skip


def _split_word(layout: Layout, label: str, unit: str, record: Record, text: str) -> Finding:
    """A text that fits only broken between two syllables of a word: a warning that names it."""
    shown = text.replace("\n", " / ")
    return Finding(
        "words", layout.name, label, False,
        Message(
            "{text!r} fits only broken inside a word ({who}): give it a wider box, a smaller "
            "min_size or a shorter text",
            text=shown, who=record.who,
        ),
        layout.size_name, unit,
        file=record.file, line=record.row, warning=True,
    )  # fmt: skip


def _layout_findings(
    spec_file: SpecFile,
    layout: Layout,
    key: str,
    measures: dict[tuple[str, int], _Measure],
    qr_measures: dict[tuple[str, int], _Measure],
) -> Iterator[Finding]:
    """The rules judged once per layout, from what its records measured: contrast, print
    inks, QR modules, letter height and tables."""
    yield from _contrast(spec_file, layout)
    yield from _print_inks(spec_file, layout, key, measures)
    yield from _qr_modules(spec_file, layout, key, qr_measures)
    for index, element in enumerate(layout.template.elements):
        if isinstance(element, TextElement) and (key, index) in measures:
            yield from _letter_height(spec_file, layout, index, measures[(key, index)])
        if isinstance(element, TableElement) and layout.drawn(index):
            yield from _table_findings(spec_file, layout, index)


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
                worst = (ratio, texts.ground_name(name))
        assert worst is not None
        ratio, ground_name = worst
        kind = Message("large text") if large else Message("text")
        message = Message(
            "{colour} on {ground}: {ratio}:1 ({kind} {size} pt{bold}; needs {limit}:1)",
            colour=element.colour, ground=ground_name, ratio=f"{ratio:.2f}", kind=kind,
            size=f"{smallest:g}", bold=Message(" bold") if bold else "", limit=f"{limit:g}",
        )  # fmt: skip
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
    message = Message(
        "cap height {cap} mm at {size} pt{who}; read from {distance} m it needs {needed} mm",
        cap=f"{cap_mm:.1f}", size=f"{measure.smallest:g}",
        who=f" ({measure.who})" if measure.who else "", distance=f"{distance_m:g}",
        needed=f"{needed_mm:.1f}",
    )  # fmt: skip
    key = "min_size" if element.min_size is not None else "size"
    file, line = _location(spec_file, "templates", layout.name, "elements", index, key)
    yield Finding(
        "letter_height", layout.name, element.name or f"elements[{index}]", ok, message,
        layout.size_name, measure.unit, round(cap_mm, 2), round(needed_mm, 2), file, line,
    )  # fmt: skip


def _table_findings(spec_file: SpecFile, layout: Layout, index: int) -> Iterator[Finding]:
    """A table's texts: each text colour on its fill (cells on the paper), and each size at
    the smallest the table may be set at against the template's viewing distance."""
    spec = spec_file.spec
    element = layout.template.elements[index]
    assert isinstance(element, TableElement)
    label = element.name or f"elements[{index}]"
    least = smallest_setting(element, layout.fonts, reading_cap(layout.template, spec.rules))
    parts = [
        ("cells", element.colour, None, element.font, least.size, "colour"),
        ("header", element.header_colour, element.header_fill, element.header_font,
         least.header_size, "header_colour"),
        ("headings", element.group_colour, element.group_fill, element.group_font,
         least.group_size, "group_colour"),
        ("green mark", element.green_colour, element.green_fill, element.font, least.size,
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
        message = texts.table_contrast(part, colour, fill, ratio, large, size, limit)
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
            texts.table_letter_height(part, cap_mm, size, to_mm(distance) / 1000, needed_mm),
            layout.size_name, None, round(cap_mm, 2), round(needed_mm, 2), file, line,
        )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Print technique: small type and hairlines on one solid plate, reversed type big enough, QR
# modules large enough to scan

SMALL_TEXT_PT = 12.0
"""Below this, type wants one solid ink. Screened, its edges turn ragged; built from several
plates, 0.1 mm of misregistration (a good press's tolerance) fringes a stem that is itself
only 0.3 mm wide at 9 pt."""

REVERSED_BOLD_PT = 9.0
"""Type knocked out of a fill of several inks fills in with misregistration below 12 pt in a
regular weight; a bold face's stems are about half as thick again, so it holds from 9 pt."""

HAIRLINE_PT = 1.0
"""A rule thinner than this is a hairline: one solid ink, as small type."""

QR_MODULE_MM = 0.33
"""The smallest printed QR module: smaller ones close up with dot gain and defeat a phone
camera held at reading distance."""

LIGHT_LUMINANCE = 0.4
"""A ground at least this light (WCAG luminance; white 1, mid grey 0.2, the brand blue 0.07)
is one dark type is printed on, and overprinted."""

TABLE_RULE_PT = 0.5  # the line under each row of a table (brandkit.layout.table draws it)


def plates(colour: Colour) -> tuple[int, bool]:
    """How many printing plates `colour` uses, and whether it is solid (100 %) on each; a
    named spot colour is one plate, solid."""
    if colour.spot:
        return 1, True
    used = [value for value in colour.cmyk if value > 0]
    return len(used), all(value >= 100 for value in used)


def ink_problem(spec: Spec, colour: str, grounds: list[str], reversed_limit: float) -> str:
    """Why a small text or hairline in `colour` over `grounds` ("" is the paper) prints
    poorly, or "" when it does not. `reversed_limit` is the size in points below which a
    knockout fills in (0 when the mark is big enough to knock out)."""
    count, solid = plates(spec.colours[colour])
    if count == 0:
        for ground in grounds:
            ground_plates = plates(spec.colours[ground])[0] if ground else 0
            if ground_plates > 1 and reversed_limit:
                return texts.knocked_out(colour, ground, ground_plates)
        return ""
    if count == 1 and solid:
        return ""
    for ground in grounds:
        if luminance(spec.colours[ground].hex if ground else PAPER_HEX) >= LIGHT_LUMINANCE:
            return texts.not_solid(colour, count, ground)
    return ""


def _print_inks(
    spec_file: SpecFile, layout: Layout, key: str, measures: dict[tuple[str, int], _Measure]
) -> Iterator[Finding]:
    """Small type (under SMALL_TEXT_PT) and hairlines (under HAIRLINE_PT) of a pressed piece:
    on a light ground in one solid ink, knocked out only of a one-ink fill or when big enough.
    Warnings: the piece prints, less crisply."""
    template = layout.template
    if template.medium != "print" or template.monochrome:
        return
    spec = spec_file.spec
    for index, element in enumerate(template.elements):
        if not layout.drawn(index):
            continue
        label = element.name or f"elements[{index}]"
        mark = _small_mark(layout, index, measures.get((key, index)))
        if mark is not None:
            colour, size, field, unit, bold = mark
            grounds = backgrounds(spec, layout, index)
            yield _ink_finding(spec_file, layout, index, label, colour, size, field, grounds,
                               unit, bold)  # fmt: skip
        if isinstance(element, TableElement):
            yield from _table_inks(spec_file, layout, index, label)


def _small_mark(
    layout: Layout, index: int, measure: _Measure | None
) -> tuple[str, float, str, str | None, bool] | None:
    """(colour, size in points, spec key, unit, bold) of element `index` when it is small
    type or a hairline in a printing colour, else None."""
    element = layout.template.elements[index]
    if isinstance(element, TextElement):
        if measure is None or measure.smallest is None or measure.smallest >= SMALL_TEXT_PT:
            return None
        bold = layout.fonts[element.font].weight >= BOLD_WEIGHT
        return element.colour, measure.smallest, "colour", measure.unit, bold
    if isinstance(element, LineElement):
        colour, width, field = element.colour, element.width, "colour"
    elif isinstance(element, RectElement | PathElement) and element.stroke is not None:
        colour, width, field = element.stroke, element.stroke_width, "stroke"
    elif isinstance(element, RectElement) and element.fill is not None:
        colour, width, field = element.fill, min(element.w, element.h), "fill"
    else:
        return None
    if width >= HAIRLINE_PT:
        return None
    return colour, width, field, None, False


def _ink_finding(
    spec_file: SpecFile, layout: Layout, index: int, label: str, colour: str, size: float,
    field: str, grounds: list[str], unit: str | None, bold: bool,
) -> Finding:  # fmt: skip
    spec = spec_file.spec
    element = layout.template.elements[index]
    is_text = isinstance(element, TextElement)
    if spec.colours[colour].technical:
        message = Message("{colour}: not a printing ink", colour=colour)
        return Finding("print_inks", layout.name, label, True, message, layout.size_name, unit)
    limit = (REVERSED_BOLD_PT if bold else SMALL_TEXT_PT) if is_text else HAIRLINE_PT
    problem = ink_problem(spec, colour, grounds, limit if size < limit else 0.0)
    file, line = _location(spec_file, "templates", layout.name, "elements", index, field)
    return Finding(
        "print_inks", layout.name, label, not problem,
        texts.ink_mark(is_text, size, unit, problem, colour),
        layout.size_name, unit, round(size, 2), SMALL_TEXT_PT if is_text else HAIRLINE_PT,
        file, line, warning=bool(problem),
    )  # fmt: skip


def _table_inks(spec_file: SpecFile, layout: Layout, index: int, label: str) -> Iterator[Finding]:
    """A table's small texts on their fills (cells on the paper) and its row rules."""
    spec = spec_file.spec
    e = layout.template.elements[index]
    assert isinstance(e, TableElement)
    # A table that scales its texts between `min_size` and `size` is judged at its smallest.
    scale = (getattr(e, "min_size", None) or e.size) / e.size
    parts = [
        ("cells", e.colour, None, e.font, e.size, "colour"),
        ("header", e.header_colour, e.header_fill, e.header_font, e.header_size, "header_colour"),
        ("headings", e.group_colour, e.group_fill, e.group_font, e.group_size, "group_colour"),
        ("green mark", e.green_colour, e.green_fill, e.font, e.size, "green_colour"),
    ]
    for part, colour, fill, role, largest, key in parts:
        size = largest * scale
        if size >= SMALL_TEXT_PT:
            continue
        bold = layout.fonts[role].weight >= BOLD_WEIGHT
        limit = REVERSED_BOLD_PT if bold else SMALL_TEXT_PT
        problem = ink_problem(spec, colour, [fill or ""], limit if size < limit else 0.0)
        file, line = _location(spec_file, "templates", layout.name, "elements", index, key)
        yield Finding(
            "print_inks", layout.name, f"{label} {part}", not problem,
            texts.table_ink(part, size, problem, colour, fill),
            layout.size_name, value=round(size, 2), limit=SMALL_TEXT_PT, file=file, line=line,
            warning=bool(problem),
        )  # fmt: skip
    if e.rule is not None:
        problem = ink_problem(spec, e.rule, [""], HAIRLINE_PT)
        file, line = _location(spec_file, "templates", layout.name, "elements", index, "rule")
        yield Finding(
            "print_inks", layout.name, f"{label} rules", not problem,
            texts.table_rules_ink(TABLE_RULE_PT, problem, e.rule),
            layout.size_name, value=TABLE_RULE_PT, limit=HAIRLINE_PT, file=file, line=line,
            warning=bool(problem),
        )  # fmt: skip


def _qr_items(items: list[Item] | tuple[Item, ...]) -> Iterator[QrItem]:
    return (item for item in leaves(items) if isinstance(item, QrItem))


def _measure_qrs(
    layout: Layout,
    key: str,
    unit: str,
    records: tuple[Record, ...],
    found: dict[tuple[str, int], _Measure],
) -> None:
    """The smallest QR module (in points) each QR code or table of a printed piece gets."""
    if layout.template.medium != "print":
        return
    for index, element in enumerate(layout.template.elements):
        if not isinstance(element, QrElement | TableElement) or not layout.drawn(index):
            continue
        measure = found.setdefault((key, index), _Measure())
        for record in records:
            if not is_drawn(element, record):
                continue
            try:
                items = place_element(layout, index, record)
            except BrandkitError:  # a link no QR code holds: the build reports it
                continue
            for qr in _qr_items(items):
                module = qr.size / qr.modules
                if measure.smallest is None or module < measure.smallest:
                    measure.smallest, measure.unit, measure.who = module, unit, record.who


def _qr_modules(
    spec_file: SpecFile, layout: Layout, key: str, found: dict[tuple[str, int], _Measure]
) -> Iterator[Finding]:
    for index, element in enumerate(layout.template.elements):
        measure = found.get((key, index))
        if measure is None or measure.smallest is None:
            continue
        module_mm = to_mm(measure.smallest)
        ok = module_mm >= QR_MODULE_MM - 1e-9
        field = "qr_size" if isinstance(element, TableElement) else "size"
        size = getattr(element, field)
        needed_mm = to_mm(size) * QR_MODULE_MM / module_mm
        message = Message(
            "modules {module} mm{who}; printed codes need {needed} mm{fix}",
            module=f"{module_mm:.2f}", who=f" ({measure.who})" if measure.who else "",
            needed=f"{QR_MODULE_MM:g}",
            fix="" if ok else Message(
                ": make {field} at least {size} mm", field=field, size=f"{needed_mm:.1f}"
            ),
        )  # fmt: skip
        file, line = _location(spec_file, "templates", layout.name, "elements", index, field)
        yield Finding(
            "qr_modules", layout.name, element.name or f"elements[{index}]", ok, message,
            layout.size_name, measure.unit, round(module_mm, 3), QR_MODULE_MM, file, line,
        )  # fmt: skip


def rule_problems(report: CheckReport, rules: tuple[str, ...] = ENFORCED) -> list[Problem]:
    """The failures of `rules` as located problems, for `build` to refuse with."""
    out = []
    for f in report.failures:
        if f.rule in rules:
            what = f"{f.template}{f' ({f.size})' if f.size else ''}"
            message = Message(
                "{rule} rule fails for {what}: {message}",
                rule=RULE_NAMES[f.rule], what=what, message=f.message,
            )  # fmt: skip
            out.append(
                Problem(
                    message,
                    f.file,
                    f.line,
                    f"templates.{f.template}.{f.element}" if f.element else None,
                )
            )
    return out
