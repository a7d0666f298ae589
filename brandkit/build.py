"""Jobs, parallel execution, atomic writes and the manifest: where brandkit's effects happen."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import math
import multiprocessing
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import TYPE_CHECKING, Any

from brandkit.bundle import NOT_FOR_PRESS
from brandkit.check import CheckReport, RuleError, check_layouts, rule_problems
from brandkit.colour import OutputIntent, output_intent
from brandkit.data.staff import Staff, UnitIndex, read_staff
from brandkit.errors import BrandkitError, DataError, Problem
from brandkit.fonts import FontMetrics, font_paths, load_fonts
from brandkit.layout.impose import SHEET_MARGIN, Imposition, SheetSize, impose
from brandkit.layout.marks import media_margin
from brandkit.layout.page import ImageItem, Page
from brandkit.layout.template import (
    Layout,
    Record,
    fill_fields,
    layout_key,
    layout_page,
    layouts_for,
    make_inks,
    monochrome_inks,
    monochrome_logo,
)
from brandkit.spec.load import SpecFile, load_spec
from brandkit.spec.model import Spec, TableElement, Template, Unit
from brandkit.text import slugify
from brandkit.units import to_mm

if TYPE_CHECKING:  # the renderer (and reportlab) is imported only where pages are drawn
    from brandkit.data.procedures import Procedure
    from brandkit.layout.table import Entry
    from brandkit.render.pdf import PdfRenderer

ASSETS = (
    "badge",
    "signboard",
    "door_sign",
    "counter_sign",
    "desk_plate",
    "envelope",
    "folder",
    "procedure_board",
    "procedure_handout",
    "kiosk",
    "ticket_proof",
    "ticket_logo",
    "tokens",
    "icon",
)
"""Asset kinds `build` makes, in order."""

BRAND_ASSETS = ("ticket_logo", "tokens", "icon")
"""Asset kinds made once for the whole brand (under `<out>/brand/`), not per unit."""

SIGN_ASSETS = ("signboard", "door_sign", "counter_sign", "desk_plate")
"""What `brandkit signs` makes."""

ASSET_FOLDERS = {
    "badge": "badges",
    "signboard": "signs",
    "door_sign": "signs",
    "counter_sign": "signs",
    "desk_plate": "signs",
    "envelope": "envelopes",
    "folder": "folders",
    "kiosk": "kiosk",
    "ticket_proof": "ticket",
    "procedure_board": "boards",
    "procedure_handout": "boards",
}
"""The folder under `<out>/<unit>/` each asset kind is written to."""


@dataclass(frozen=True)
class Options:
    """What a command asked for, parsed and checked by the CLI."""

    spec: Path
    out: Path
    jobs: int = 0
    quiet: bool = False
    units: tuple[str, ...] = ()
    formats: frozenset[str] = frozenset({"pdf"})
    staff: Path | None = None
    dpi: float = 300
    png_trim: bool = True
    sizes: tuple[str, ...] = ()  # named sizes to make (envelopes' --size); all when empty
    force: bool = False  # write even when brand rules fail
    screens: tuple[str, ...] = ()  # screen sizes to make ("1080x1920"); all when empty
    procedures: Path | None = None  # the procedure list, instead of data.procedures.file
    sheet: SheetSize | None = None  # impose print pieces N-up on this press sheet too
    rebuild: bool = False  # make every file, even those whose inputs have not changed
    bundle: bool = False  # a zip per unit for the print shop, with job ticket and proof


@dataclass(frozen=True)
class Written:
    """One output file, as the manifest describes it."""

    path: str
    unit: str
    asset: str
    format: str
    pages: int
    trim_mm: tuple[float, float] | None  # None for what is not a printed piece (a tokens file)
    bleed_mm: float
    sha256: str
    extra: dict[str, object] = field(default_factory=dict)

    def entry(self) -> dict[str, object]:
        return {
            "path": self.path,
            "unit": self.unit or None,  # brand-wide files belong to no unit
            "asset": self.asset,
            "format": self.format,
            "pages": self.pages,
            "trim_mm": [round(v, 2) for v in self.trim_mm] if self.trim_mm else None,
            "bleed_mm": round(self.bleed_mm, 2),
            "sha256": self.sha256,
            **self.extra,
        }


@dataclass
class Report:
    """What a build did, for the CLI to print."""

    written: list[Written] = field(default_factory=list)  # every file made (the manifest's)
    warnings: list[str] = field(default_factory=list)
    items: int = 0
    rewritten: list[str] = field(default_factory=list)  # files whose bytes changed (or new)
    unchanged: int = 0  # files left as they were: inputs or bytes the same


@dataclass(frozen=True)
class Job:
    """One PDF to make: a template for one unit over its records (pure data, picklable)."""

    unit: str
    template: str
    layout: str  # key of the template's layout for one of its sizes
    asset: str
    records: tuple[Record, ...]
    stems: tuple[str, ...]
    pdf_path: str
    formats: frozenset[str]
    dpi: float
    png_trim: bool
    extra: dict[str, object] = field(default_factory=dict)  # for the PDF's manifest entry
    back: str | None = None  # layout key of the back printed behind each page
    imposition: Imposition | None = None  # the press sheet the pieces are imposed on
    screen: bool = False  # PNGs of a screen template only
    inputs: str = ""  # digest of everything the job's files are made from
    sheet_inputs: str = ""  # and of its imposed sheets: that, and the imposition
    record_digests: tuple[str, ...] = ()  # of each record: what each page shows

    def inputs_of(self, path: str) -> str:
        """The digest of what the file at `path` (one of `outputs()`) is made from."""
        if self.imposition is not None and path == self.sheet_path():
            return self.sheet_inputs
        return self.inputs

    def png_paths(self) -> list[str]:
        folder = self.pdf_path.rsplit("/", 1)[0]
        if not self.screen:
            folder += "/png"
        return [f"{folder}/{stem}.png" for stem in self.stems]

    def outputs(self) -> list[str]:
        """Every file this job writes, relative to the output folder."""
        if self.screen:
            return self.png_paths()
        paths = [self.pdf_path] if "pdf" in self.formats else []
        if "png" in self.formats:
            paths += self.png_paths()
        if self.imposition is not None and "pdf" in self.formats:  # imposed from the PDF
            paths.append(self.sheet_path())
        return paths

    @property
    def sides(self) -> int:
        return 2 if self.back else 1

    def sheet_path(self) -> str:
        """Where the imposed sheets of this job's PDF go: `<unit>/sheets/<stem>-<sheet>.pdf`."""
        assert self.imposition is not None
        stem = self.pdf_path.rsplit("/", 1)[1].removesuffix(".pdf")
        return f"{self.unit}/sheets/{stem}-{slugify(self.imposition.sheet.name)}.pdf"


@dataclass
class JobResult:
    files: list[tuple[Written, str]] = field(default_factory=list)  # (what, temp file)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Records


def unit_values(unit: Unit, spec: Spec) -> dict[str, str]:
    """A unit's fields for templates, blanks filled from the spec's `unit_defaults`."""
    defaults = spec.unit_defaults
    parent = next((u for u in spec.units if u.id == unit.parent), None) if unit.parent else None
    return {
        "id": unit.id,
        "name": unit.name,
        "short_name": unit.short_name or unit.name,
        "kind": unit.kind,
        "address": unit.address or defaults.address or "",
        "hotline": unit.hotline or defaults.hotline or "",
        "opening_hours": unit.opening_hours or defaults.opening_hours or "",
        "authority": unit.authority or defaults.authority or "",
        "parent_name": (parent.short_name or parent.name) if parent else "",
        "website": unit.website or defaults.website or "",
        "email": unit.email or defaults.email or "",
    }


def unit_origin(spec_file: SpecFile, unit: Unit) -> tuple[str | None, int | None]:
    """Where a unit's values are written: its name's line in the spec."""
    index = spec_file.spec.units.index(unit)
    return spec_file.source.file, spec_file.source.line_of(("units", index, "name"))


def staff_record(
    person: Staff, unit: Unit, spec: Spec, unit_at: tuple[str | None, int | None] | None = None
) -> Record:
    values = {
        "staff": {
            "id": person.id,
            "name": person.name,
            "title": person.title,
            "unit": unit.name,
            "photo": str(person.photo) if person.photo else "",
        },
        "unit": unit_values(unit, spec),
        "link": dict(spec.links),
    }
    files = {str(person.photo): person.photo} if person.photo else {}
    pixels = {str(person.photo): person.photo_px} if person.photo and person.photo_px else {}
    origins = {"unit": unit_at} if unit_at else {}
    who = f"{person.name} ({person.id})"
    return Record(values, who, person.file, person.row, files, pixels, origins)


def unit_record(spec_file: SpecFile, unit: Unit) -> Record:
    """The record of a unit's own assets, located at the unit's name in the spec."""
    file, line = unit_origin(spec_file, unit)
    values = {"unit": unit_values(unit, spec_file.spec), "link": dict(spec_file.spec.links)}
    return Record(values, f"{unit.name} ({unit.id})", file, line)


def counter_records(spec_file: SpecFile, unit: Unit) -> list[Record]:
    """A record per counter of `unit`, located at the counter's name in the spec."""
    index = spec_file.spec.units.index(unit)
    values = unit_values(unit, spec_file.spec)
    unit_at = unit_origin(spec_file, unit)
    out = []
    for i, counter in enumerate(unit.counters):
        line = spec_file.source.line_of(("units", index, "counters", i, "name"))
        number = {"number": str(counter.number), "number2": f"{counter.number:02d}"}
        record_values = {
            "unit": values,
            "counter": {**number, "name": counter.name},
            "link": dict(spec_file.spec.links),
        }
        who = f"{unit.name} ({unit.id}), quầy {counter.number}"
        file = spec_file.source.file
        origins = {"counter": (file, line), "unit": unit_at}
        out.append(Record(record_values, who, file, line, origins=origins))
    return out


def select_units(spec_file: SpecFile, wanted: tuple[str, ...]) -> list[Unit]:
    """The units named by id or name in `wanted` (all when empty), in spec order."""
    if not wanted:
        return list(spec_file.spec.units)
    index = UnitIndex(spec_file.spec.units)
    chosen: set[str] = set()
    problems = []
    for text in wanted:
        unit = index.find(text)
        if unit is None:
            problems.append(Problem(index.not_found(text), field="--unit"))
        else:
            chosen.add(unit.id)
    if problems:
        raise UnitSelectionError(problems)
    return [u for u in spec_file.spec.units if u.id in chosen]


class UnitSelectionError(BrandkitError):
    """`--unit` or `--size` named something the spec does not have (a usage error)."""


def templates_for(spec_file: SpecFile, asset: str) -> list[tuple[str, Template]]:
    """The templates of `asset`, but for those printed only as another's back."""
    templates = spec_file.spec.templates
    backs = {t.back for t in templates.values() if t.back}
    return [(n, t) for n, t in templates.items() if t.asset == asset and n not in backs]


def staff_file(spec_file: SpecFile, options: Options) -> tuple[Path, str]:
    if options.staff is not None:
        return options.staff, str(options.staff)
    source = spec_file.spec.data.staff
    if source is None:
        raise DataError(
            Problem("no staff list: give --staff FILE or set data.staff.file in the spec")
        )
    return spec_file.resolve(source.file), source.file


@dataclass
class Planner:
    """Turns assets into jobs for one build, reading the staff list at most once."""

    spec_file: SpecFile
    options: Options
    warnings: list[str]
    _units: list[Unit] | None = None
    _staff: dict[str, list[Staff]] | None = None
    _staff_display: str = ""
    _procedures: list[Procedure] | None = None
    strict_staff: bool = False  # a missing staff list is an error (badges), not a warning

    @property
    def units(self) -> list[Unit]:
        if self._units is None:
            self._units = select_units(self.spec_file, self.options.units)
        return self._units

    def has_staff(self) -> bool:
        return self.options.staff is not None or self.spec_file.spec.data.staff is not None

    def staff(self) -> dict[str, list[Staff]]:
        """The staff list, by unit id."""
        if self._staff is None:
            path, display = staff_file(self.spec_file, self.options)
            default_unit = self.units[0].id if len(self.units) == 1 and self.options.units else None
            people = read_staff(path, self.spec_file, display, default_unit)
            if not people:
                self.warnings.append(f"{display}: the list has nobody in it; no badges")
            self._staff = {}
            for person in people:
                self._staff.setdefault(person.unit, []).append(person)
            self._staff_display = display
        return self._staff

    def sizes(self, template: Template) -> list[str]:
        """The sizes of `template` to make: those asked for with --size (or --screen, for a
        screen template whose sizes are screens), else all."""
        names = list(template.named_sizes())
        if template.medium == "screen":
            if not self.options.screens or not all(screen_size(n) for n in names):
                return names
            wanted_screens = {screen_size(s) for s in self.options.screens}
            return [n for n in names if screen_size(n) in wanted_screens]
        if not self.options.sizes or names == [""]:
            return names
        wanted = {s.casefold() for s in self.options.sizes}
        return [n for n in names if n.casefold() in wanted]

    def check_sizes(self, assets: tuple[str, ...]) -> None:
        """--size must name a size some template of `assets` has, --screen a screen size."""
        if self.options.screens:
            screens = {
                screen_size(size): size
                for template in self.spec_file.spec.templates.values()
                if template.asset in assets and template.medium == "screen"
                for size in template.named_sizes()
                if screen_size(size)
            }
            unknown_screens = [s for s in self.options.screens if screen_size(s) not in screens]
            if unknown_screens:
                listed = ", ".join(sorted(screens.values())) or "none"
                raise UnitSelectionError(
                    Problem(
                        f"no screen {', '.join(map(repr, unknown_screens))} (screens: {listed})",
                        field="--screen",
                    )
                )
        if not self.options.sizes:
            return
        known = {
            size.casefold(): size
            for _, template in self.spec_file.spec.templates.items()
            if template.asset in assets
            for size in template.named_sizes()
            if size
        }
        unknown = [s for s in self.options.sizes if s.casefold() not in known]
        if unknown:
            sizes = ", ".join(sorted(known.values())) or "none"
            raise UnitSelectionError(
                Problem(f"no size {', '.join(map(repr, unknown))} (sizes: {sizes})", field="--size")
            )

    def jobs(self, asset: str) -> Iterator[Job]:
        """One job (one PDF) per unit, template and size of `asset`."""
        templates = templates_for(self.spec_file, asset)
        if not templates:
            return
        folder = ASSET_FOLDERS[asset]
        repeat = templates[0][1].repeat
        if repeat == "staff" and not self.has_staff() and not self.strict_staff:
            self.warnings.append(
                f"no staff list (data.staff.file in the spec, or --staff): no "
                f"{asset.replace('_', ' ')}s"
            )
            return
        if repeat == "procedures":
            yield from self._board_jobs(asset, templates, folder)
            return
        missing_counters = []
        for unit in self.units:
            if repeat == "staff":
                members = self.staff().get(unit.id, [])
                if not members and self.options.units:
                    self.warnings.append(
                        f"{self._staff_display}: nobody belongs to {unit.name} ({unit.id}); "
                        f"no {asset.replace('_', ' ')}s"
                    )
                at = unit_origin(self.spec_file, unit)
                spec = self.spec_file.spec
                records = tuple(staff_record(p, unit, spec, at) for p in members)
                labels = [f"{slugify(p.id)}-{slugify(p.name)}" for p in members]
            elif repeat == "counter":
                records = tuple(counter_records(self.spec_file, unit))
                labels = [f"{c.number:02d}-{slugify(c.name)}" for c in unit.counters]
                if not records:
                    missing_counters.append(unit.id)
            else:
                records, labels = (unit_record(self.spec_file, unit),), [""]
            if not records:
                continue
            for name, template in templates:
                for size in self.sizes(template):
                    stem = _asset_stem(asset, name, size)
                    stems = unique_stems(f"{stem}-{label}" if label else stem for label in labels)
                    pdf = f"{unit.id}/{folder}/{unit.id}-{_pdf_stem(asset, name, size)}.pdf"
                    if template.medium == "screen":  # PNGs only: <folder>/<stem>.png
                        where, stem = _screen_path(unit.id, name, size)
                        pdf, stems = f"{where}/{stem}.pdf", (stem,)
                    back = layout_key(template.back, size) if template.back else None
                    if back:  # a PNG per side: badge-nv001-an, badge-nv001-an-back
                        stems = tuple(s for stem in stems for s in (stem, f"{stem}-back"))
                    yield Job(
                        unit.id, name, layout_key(name, size), asset, records, stems, pdf,
                        self.options.formats, self.options.dpi, self.options.png_trim,
                        back=back, screen=template.medium == "screen",
                    )  # fmt: skip
        if missing_counters and (self.options.units or len(missing_counters) < len(self.units)):
            shown = ", ".join(missing_counters[:5]) + (" …" if len(missing_counters) > 5 else "")
            self.warnings.append(
                f"{len(missing_counters)} unit(s) have no counters in the spec, so no counter "
                f"signs: {shown}"
            )

    def procedures(self) -> list[Procedure] | None:
        """The procedure list (None, with a warning, when the spec and options name none)."""
        if self._procedures is None:
            from brandkit.data.procedures import read_procedures

            if self.options.procedures is not None:
                path, display = self.options.procedures, str(self.options.procedures)
            elif self.spec_file.spec.data.procedures is not None:
                display = self.spec_file.spec.data.procedures.file
                path = self.spec_file.resolve(display)
            else:
                self.warnings.append(
                    "no procedure list (data.procedures.file in the spec, or --procedures): "
                    "no procedure boards"
                )
                self._procedures = []
                return None
            self._procedures = read_procedures(path, self.spec_file, display)
        return self._procedures

    def _board_jobs(
        self, asset: str, templates: list[tuple[str, Template]], folder: str
    ) -> Iterator[Job]:
        """Procedure boards: a unit's list, grouped by field, cut into as many pages as it
        needs at the table's fixed size; a PDF per unit and template, a page per board."""
        from brandkit.data.procedures import procedures_for
        from brandkit.layout.table import Table

        procedures = self.procedures()
        if not procedures:
            return
        spec = self.spec_file.spec
        fonts = load_fonts(self.spec_file)
        inks = make_inks(spec)
        for unit in self.units:
            listed = procedures_for(procedures, unit.id)
            if not listed:
                if self.options.units:
                    self.warnings.append(f"no procedures are listed for {unit.name} ({unit.id})")
                continue
            file, line = unit_origin(self.spec_file, unit)
            base = {"unit": unit_values(unit, spec), "link": dict(spec.links)}
            green = sum(1 for p in listed if p.green_lane)
            for name, template in templates:
                table = next(e for e in template.elements if isinstance(e, TableElement))
                for size in self.sizes(template):
                    layout = Layout(name, template, inks, fonts, size)
                    entries = board_entries(listed, table.qr)
                    pages = Table(table, layout.fonts, layout.inks).paginate(entries)
                    records = tuple(
                        Record(
                            {**base, "page": {
                                "number": str(i), "count": str(len(pages)),
                                "label": f"Bảng {i}/{len(pages)}",
                            }},
                            f"{unit.name} ({unit.id}), bảng {i}/{len(pages)}",
                            file, line, rows=tuple(page),
                        )
                        for i, page in enumerate(pages, start=1)
                    )  # fmt: skip
                    stem = _asset_stem(asset, name, size)
                    stems = tuple(f"{stem}-{i:02d}" for i in range(1, len(pages) + 1))
                    pdf = f"{unit.id}/{folder}/{unit.id}-{_asset_stem(asset, name, size)}.pdf"
                    extra: dict[str, object] = {"procedures": len(listed), "green_lane": green}
                    yield Job(
                        unit.id, name, layout_key(name, size), asset, records, stems, pdf,
                        self.options.formats, self.options.dpi, self.options.png_trim, extra,
                    )  # fmt: skip


def board_entries(procedures: list[Procedure], qr_pattern: str) -> list[Entry]:
    """A unit's procedures as table entries: grouped by field in the order fields first
    appear, numbered 1… down the whole list, each with the URL of its page."""
    from brandkit.layout.table import Heading, TableRow

    groups: dict[str, list[Procedure]] = {}
    for procedure in procedures:
        groups.setdefault(procedure.field, []).append(procedure)
    entries: list[Entry] = []
    number = 0
    for field_name, members in groups.items():
        entries.append(Heading(field_name))
        for p in members:
            number += 1
            cells = {
                "code": p.code, "name": p.name, "field": p.field,
                "processing_time": p.processing_time, "fee": p.fee,
            }  # fmt: skip
            url = fill_fields(qr_pattern, {"procedure": {"code": p.code}}, url=True)
            entries.append(TableRow(number, cells, url, p.green_lane, p.file, p.row))
    return entries


def screen_size(name: str) -> tuple[int, int] | None:
    """(width, height) of a screen size written `1080x1920` (or `1080×1920`), else None."""
    match = re.fullmatch(r"\s*(\d+)\s*[x×X]\s*(\d+)\s*(px)?\s*", name)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _screen_path(unit: str, template: str, size: str) -> tuple[str, str]:
    """(folder, file stem) of a screen: `kiosk/1080x1920/idle`, or for a template whose sizes
    are not screens (a button's states), `kiosk/button/button-pressed`."""
    stem = slugify(template.removeprefix("kiosk_"))
    if screen_size(size):
        return f"{unit}/kiosk/{size}", stem
    return f"{unit}/kiosk/{stem}", f"{stem}-{slugify(size)}" if size else stem


def _asset_stem(asset: str, template: str, size: str) -> str:
    """The PNG file stem of one page: the badge template keeps the short `badge`."""
    stem = slugify(template)
    return f"{stem}-{slugify(size)}" if size else stem


def _pdf_stem(asset: str, template: str, size: str) -> str:
    if asset == "badge":  # one PDF of all a unit's badges: <unit>-badges.pdf
        suffix = "" if template == "badge" else f"-{slugify(template)}"
        return f"badges{suffix}"
    if asset == "desk_plate":
        return slugify(template) + "s"
    return _asset_stem(asset, template, size)


def unique_stems(stems: Iterable[str]) -> tuple[str, ...]:
    """File stems made unique by a numeric suffix (ids "A/1" and "A-1" slug alike)."""
    seen: set[str] = set()
    out = []
    for stem in stems:
        candidate, n = stem, 1
        while candidate in seen:
            n += 1
            candidate = f"{stem}-{n}"
        seen.add(candidate)
        out.append(candidate)
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Workers


@dataclass
class _Worker:
    spec_file: SpecFile
    fonts: dict[str, FontMetrics]
    layouts: dict[str, Layout]
    intent: OutputIntent
    renderer: PdfRenderer | None = None
    screen_renderer: PdfRenderer | None = None


_worker: _Worker | None = None


def _init_worker(spec_path: str) -> None:
    global _worker
    if _worker is None or str(_worker.spec_file.path) != spec_path:
        _worker = _prepare(load_spec(spec_path))


def _prepare(spec_file: SpecFile, jobs: list[Job] | None = None) -> _Worker:
    """Fonts and layouts: of the templates `jobs` use, or of every template."""
    fonts = load_fonts(spec_file)
    inks = make_inks(spec_file.spec)
    used = {job.template for job in jobs} if jobs is not None else None
    if used is not None:  # and the templates printed on their backs
        templates = spec_file.spec.templates
        used |= {b for name in used if (b := templates[name].back) is not None}
    layouts: dict[str, Layout] = {}
    for name, template in spec_file.spec.templates.items():
        if used is None or name in used:
            layouts.update(layouts_for(name, template, inks, fonts))
    intent = output_intent(spec_file.spec.colour_profile, spec_file.base_dir)
    return _Worker(spec_file, fonts, layouts, intent)


def _renderer(worker: _Worker, screen: bool = False) -> PdfRenderer:
    """The worker's renderer for print (CMYK) or for screens (sRGB), made once."""
    renderer = worker.screen_renderer if screen else worker.renderer
    if renderer is None:
        from brandkit.render.logos import load_logo
        from brandkit.render.pdf import PdfRenderer

        spec_file = worker.spec_file
        inks = make_inks(spec_file.spec)
        logos = {
            name: load_logo(spec_file.resolve(p), inks, p, screen)
            for name, p in spec_file.spec.logos.items()
        }
        if not screen and any(t.monochrome for t in spec_file.spec.templates.values()):
            black_or_paper = monochrome_inks(inks)
            for name, p in spec_file.spec.logos.items():
                logos[monochrome_logo(name)] = load_logo(spec_file.resolve(p), black_or_paper, p)
        profile = None if screen else worker.intent.profile
        renderer = PdfRenderer(font_paths(spec_file), logos, screen, profile)
        if screen:
            worker.screen_renderer = renderer
        else:
            worker.renderer = renderer
    return renderer


MIN_IMAGE_DPI = 300  # below this a photo prints visibly soft at reading distance


def lay_out(worker: _Worker, job: Job) -> tuple[list[Page], list[Problem], list[str]]:
    """Every page of `job`, or every problem of every record; and warnings."""
    layouts = [worker.layouts[job.layout]]
    if job.back:  # a PDF of front, back, front, back …: how duplex presses take it
        layouts.append(worker.layouts[job.back])
    pages: list[Page] = []
    problems: list[Problem] = []
    warnings: list[str] = []
    for record, layout in ((r, lay) for r in job.records for lay in layouts):
        try:
            page = layout_page(layout, record)
        except BrandkitError as exc:
            problems += exc.problems
            continue
        pages.append(page)
        for item in page.items:
            if isinstance(item, ImageItem) and item.dpi is not None and item.dpi < MIN_IMAGE_DPI:
                where = f"{record.file}:{record.row}: " if record.file else ""
                warnings.append(
                    f"{where}{record.who}: {item.field} {item.path.name} is {item.dpi:.0f} dpi "
                    f"at its placed size (below {MIN_IMAGE_DPI} dpi; it may print blurred)"
                )
    return pages, problems, warnings


def run_job(job: Job, tmp_dir: str, dry_run: bool = False) -> JobResult:
    """Lay out and render one job into temporary files under `tmp_dir`."""
    assert _worker is not None, "worker not initialised"
    result = JobResult()
    pages, result.problems, result.warnings = lay_out(_worker, job)
    if result.problems or dry_run:
        return result
    _render_job(job, tmp_dir, pages, result)
    for written, _ in result.files:
        written.extra["inputs"] = job.inputs
        if job.imposition is not None and written.path == job.sheet_path():
            # The sheet depends on its imposition too; `pieces` says which PDF's pieces it
            # holds, so a bundle can tell a current sheet from one left by an older build.
            written.extra["inputs"] = job.sheet_inputs
            written.extra["pieces"] = job.inputs
        if written.path == job.pdf_path:
            written.extra["template"] = job.template
        if written.path == job.pdf_path and job.record_digests:
            # What each page shows, so `brandkit changes` can name the pages that change.
            written.extra["records"] = [
                [digest[:16], record.who]
                for digest, record in zip(job.record_digests, job.records, strict=True)
            ]
    return result


def _render_job(job: Job, tmp_dir: str, pages: list[Page], result: JobResult) -> JobResult:
    assert _worker is not None
    from brandkit.render.pdfx import finalise

    layout = _worker.layouts[job.layout]
    template = layout.template
    if template.medium == "screen":
        return _run_screen_job(job, tmp_dir, pages, result)
    renderer = _renderer(_worker)
    trim = (to_mm(layout.sheet[0]), to_mm(layout.sheet[1]))
    buffer = io.BytesIO()
    title = f"{template.title or job.template} – {job.records[0].values['unit']['name']}"
    subject = (
        f"Print-ready {job.asset}: trim {trim[0]:g} × {trim[1]:g} mm, "
        f"bleed {to_mm(template.bleed):g} mm, CMYK"
    )
    author = _worker.spec_file.spec.name
    rendered = renderer.render(pages, buffer, title, author, subject)
    result.warnings += rendered.warnings
    pdf = finalise(buffer.getvalue(), _worker.intent, title, author)
    _preflight(pdf, job.pdf_path, template.safe_margin, result)
    if "pdf" in job.formats:
        extra = dict(job.extra)
        if job.back:
            extra["sides"] = 2
        written = Written(
            job.pdf_path, job.unit, job.asset, "pdf", rendered.pages, trim,
            to_mm(template.bleed), hashlib.sha256(pdf).hexdigest(), extra,
        )  # fmt: skip
        result.files.append((written, _write_temp(tmp_dir, pdf)))
        if job.imposition is not None:
            _sheets(job, pdf, renderer, title, author, tmp_dir, result)
    if "png" in job.formats:
        from brandkit.render.png import png_bytes, rasterise

        margin = 0.0 if job.png_trim else media_margin(template.bleed)
        dpi = proof_dpi(job.dpi, layout.sheet, margin)
        images = rasterise(pdf, dpi, job.png_trim)
        for path, image in zip(job.png_paths(), images, strict=True):
            data = png_bytes(image, dpi)
            written = Written(
                path, job.unit, job.asset, "png", 1, trim,
                0.0 if job.png_trim else to_mm(template.bleed),
                hashlib.sha256(data).hexdigest(),
                {"dpi": int(dpi) if float(dpi).is_integer() else dpi, "pixels": list(image.size)},
            )  # fmt: skip
            result.files.append((written, _write_temp(tmp_dir, data)))
    return result


def _sheets(
    job: Job,
    pdf: bytes,
    renderer: PdfRenderer,
    title: str,
    author: str,
    tmp_dir: str,
    result: JobResult,
) -> None:
    """The job's pieces imposed on press sheets: an extra PDF beside the single pieces."""
    from brandkit.render.impose import SheetJob, brand_inks, impose_pdf

    assert _worker is not None and job.imposition is not None
    imposition = job.imposition
    layout = _worker.layouts[job.layout]
    spec = _worker.spec_file.spec
    inks = brand_inks(
        [
            (tuple(v / 100 for v in c.cmyk), c.spot)  # type: ignore[misc]
            for c in spec.colours.values()
            if not c.technical and any(c.cmyk)
        ]
    )
    name = job.pdf_path.rsplit("/", 1)[1]
    copies = spec.templates[job.template].print.copies
    sheet_job = SheetJob(imposition, job.sides, layout.folds(), name, inks, copies)
    font = renderer.font_names.get("body") or next(iter(renderer.font_names.values()))
    sheet_title = f"{title} – {imposition.sheet.name}"
    data, sheets = impose_pdf(pdf, sheet_job, font, _worker.intent, sheet_title, author)
    _preflight(data, job.sheet_path(), SHEET_MARGIN, result)
    extra: dict[str, object] = {
        "imposes": job.pdf_path,
        "sheet": imposition.sheet.name,
        "orientation": imposition.orientation,
        "up": imposition.up,
        "sheets": sheets,
        # Step and repeat (a piece ordered by the hundred fills its own sheet): each sheet is
        # printed `runs` times; `press_sheets` is what the press prints in all.
        "step_and_repeat": sheet_job.repeat,
        "runs": sheet_job.runs(),
        "press_sheets": sheets * sheet_job.runs(),
        "sides": job.sides,
        "positions_mm": [[round(to_mm(x), 3), round(to_mm(y), 3)] for x, y in imposition.positions],
    }
    written = Written(
        job.sheet_path(), job.unit, job.asset, "pdf", sheets * job.sides,
        (to_mm(imposition.width), to_mm(imposition.height)), 0.0,
        hashlib.sha256(data).hexdigest(), extra,
    )  # fmt: skip
    result.files.append((written, _write_temp(tmp_dir, data)))


def _preflight(pdf: bytes, path: str, safe_margin: float, result: JobResult) -> None:
    """Preflight a PDF before it is written: its errors stop the build, as a print shop's
    preflight would send the file back; its warnings are passed on."""
    from brandkit.preflight import preflight_pdf

    report = preflight_pdf(pdf, path, safe_margin=safe_margin)
    for finding in report.findings:
        if finding.check == "images":
            # A photo below 300 dpi is the staff list's, not the build's: the layout has
            # already warned, naming the person and the row (a low-resolution photo still
            # makes a usable badge, so it does not stop the build).
            continue
        page = f"page {finding.page}: " if finding.page else ""
        text = f"preflight: {path}: {page}{finding.check}: {finding.message}"
        if finding.severity == "error":
            result.problems.append(Problem(text))
        else:
            result.warnings.append(text)


def _brand_result(spec_file: SpecFile, assets: tuple[str, ...], tmp_dir: str) -> JobResult:
    """The brand-wide files among `assets`: tokens, icons, thermal ticket logos."""
    result = JobResult()
    if not any(a in BRAND_ASSETS for a in assets):
        return result
    from brandkit.brand_files import brand_files

    for file in brand_files(spec_file):
        if file.asset not in assets:
            continue
        extra: dict[str, object] = {"pixels": list(file.pixels)} if file.pixels else {}
        written = Written(
            file.path, "", file.asset, file.format, 1, None, 0.0,
            hashlib.sha256(file.data).hexdigest(), extra,
        )  # fmt: skip
        result.files.append((written, _write_temp(tmp_dir, file.data)))
    return result


def _run_screen_job(job: Job, tmp_dir: str, pages: list[Page], result: JobResult) -> JobResult:
    """A screen template: drawn in sRGB and written as PNGs of exactly its pixel size."""
    from brandkit.render.png import SCREEN_DPI, png_bytes, rasterise_screen

    assert _worker is not None
    layout = _worker.layouts[job.layout]
    buffer = io.BytesIO()
    title = f"{layout.template.title or job.template} – {job.records[0].values['unit']['name']}"
    rendered = _renderer(_worker, screen=True).render(
        pages, buffer, title, _worker.spec_file.spec.name
    )
    result.warnings += rendered.warnings
    size = (to_mm(layout.sheet[0]), to_mm(layout.sheet[1]))
    for path, image in zip(job.png_paths(), rasterise_screen(buffer.getvalue()), strict=True):
        data = png_bytes(image, SCREEN_DPI, srgb=True)
        written = Written(
            path, job.unit, job.asset, "png", 1, size, 0.0,
            hashlib.sha256(data).hexdigest(),
            {"dpi": SCREEN_DPI, "pixels": list(image.size), "colour": "sRGB"},
        )  # fmt: skip
        result.files.append((written, _write_temp(tmp_dir, data)))
    return result


# A proof of a 3 m signboard at 300 dpi would be 35,000 pixels wide (a gigabyte of RGB): PNG
# proofs are capped at 16 megapixels, which still shows a sign's smallest text legibly.
MAX_PROOF_PIXELS = 16_000_000


def proof_dpi(dpi: float, sheet: tuple[float, float], margin: float) -> float:
    """`dpi`, lowered for big pieces so the PNG stays within MAX_PROOF_PIXELS (whole dpi)."""
    w_in, h_in = (sheet[0] + 2 * margin) / 72, (sheet[1] + 2 * margin) / 72
    if w_in * h_in * dpi * dpi <= MAX_PROOF_PIXELS:
        return dpi
    return float(math.floor(math.sqrt(MAX_PROOF_PIXELS / (w_in * h_in))))


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()  # mkstemp makes 0600 files; outputs get the usual permissions


def _write_temp(tmp_dir: str, data: bytes) -> str:
    fd, name = tempfile.mkstemp(dir=tmp_dir)
    os.fchmod(fd, _FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return name


# ---------------------------------------------------------------------------------------------
# Build


def plan(options: Options, assets: tuple[str, ...]) -> tuple[SpecFile, list[Job], list[str]]:
    """The spec and every job `assets` need for the chosen units, with warnings."""
    spec_file = load_spec(options.spec)
    jobs: list[Job] = []
    warnings: list[str] = []
    planner = Planner(spec_file, options, warnings, strict_staff=assets == ("badge",))
    for asset in assets:
        if asset not in BRAND_ASSETS:
            jobs += planner.jobs(asset)
    planner.check_sizes(assets)
    if options.sheet is not None:
        jobs = impose_jobs(spec_file, jobs, options.sheet, warnings)
    return spec_file, jobs, warnings


def impose_jobs(
    spec_file: SpecFile, jobs: list[Job], sheet: SheetSize, warnings: list[str]
) -> list[Job]:
    """`jobs` with the press-sheet imposition of every printed piece that fits `sheet`; one
    warning per piece too big for it."""
    impositions: dict[str, Imposition | None] = {}
    too_big: dict[str, int] = {}
    out = []
    for job in jobs:
        template = spec_file.spec.templates[job.template]
        if template.medium != "print" or job.asset in NOT_FOR_PRESS:
            out.append(job)  # a thermal ticket is printed at the office, not on a press
            continue
        if job.layout not in impositions:
            size = template.named_sizes()[job.layout.partition("@")[2]]
            impositions[job.layout] = impose(sheet, template.sheet(size), template.bleed)
        imposition = impositions[job.layout]
        if imposition is None:
            too_big[job.layout] = too_big.get(job.layout, 0) + 1
            out.append(job)
        else:
            out.append(dataclasses.replace(job, imposition=imposition))
    for key, count in too_big.items():
        name, _, size_name = key.partition("@")
        template = spec_file.spec.templates[name]
        w, h = template.sheet(template.named_sizes()[size_name])
        warnings.append(
            f"{key} ({to_mm(w):g} × {to_mm(h):g} mm with {to_mm(template.bleed):g} mm bleed) "
            f"does not fit the {sheet.label} sheet: "
            + ("its PDF is" if count == 1 else f"its {count} PDFs are")
            + " not imposed; print them from their own pages"
        )
    return out


def check_jobs(spec_file: SpecFile, layouts: dict[str, Layout], jobs: list[Job]) -> CheckReport:
    """The brand rules applied to what `jobs` would print."""
    faces = [(j.layout, j.unit, j.records) for j in jobs]
    faces += [(j.back, j.unit, j.records) for j in jobs if j.back]
    used = {key for key, _, _ in faces}
    chosen = {key: layout for key, layout in layouts.items() if key in used}
    return check_layouts(spec_file, chosen, faces)


def check(options: Options, assets: tuple[str, ...] = ASSETS) -> tuple[CheckReport, list[str]]:
    """`brandkit check`: every brand rule over every asset of the chosen units."""
    spec_file, jobs, warnings = plan(options, assets)
    worker = _prepare(spec_file, jobs)
    return check_jobs(spec_file, worker.layouts, jobs), warnings


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count), up to 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def build(
    options: Options,
    assets: tuple[str, ...] = ASSETS,
    progress: Callable[[int, str], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    dry_run: bool = False,
) -> Report:
    """Make `assets` for the chosen units. Nothing is written unless every job succeeds."""
    spec_file, jobs, warnings = plan(options, assets)
    global _worker
    _worker = _prepare(spec_file, jobs)
    if not dry_run:
        # Brand rules first: a print run that breaks them costs more than a refused build.
        problems = rule_problems(check_jobs(spec_file, _worker.layouts, jobs))
        if problems and not options.force:
            raise RuleError(problems)
        warnings += [f"{p} (written anyway: --force)" for p in problems]
    _renderer(_worker)  # font and logo problems surface before any work starts
    jobs = with_digests(spec_file, jobs)
    manifest = read_manifest(options.out)
    report = Report(warnings=warnings)
    planned = {path for job in jobs for path in job.outputs()}
    if not options.rebuild and not dry_run:
        todo = [job for job in jobs if not up_to_date(job, manifest, options.out)]
        report.unchanged = sum(len(job.outputs()) for job in jobs) - sum(
            len(job.outputs()) for job in todo
        )
        jobs = todo
    report.items = sum(len(j.records) * j.sides for j in jobs)  # pages, backs included
    if on_total:
        bundles = len(select_units(spec_file, options.units)) if options.bundle else 0
        on_total(len(jobs) + bundles)
    created_out = not dry_run and not options.out.exists()
    if not dry_run:
        options.out.mkdir(parents=True, exist_ok=True)
    tmp_dir = tempfile.mkdtemp(prefix=".brandkit-", dir=options.out if not dry_run else None)
    succeeded = False
    try:
        results = _run(jobs, options, tmp_dir, progress, dry_run)
        problems = [p for r in results for p in r.problems]
        if problems:
            raise BrandkitError(problems)
        for r in results:
            report.warnings += r.warnings
        if dry_run:
            return report
        results.append(_brand_result(spec_file, assets, tmp_dir))
        for r in results:
            for written, temp in r.files:
                final = options.out / written.path
                report.written.append(written)
                old = manifest.get(written.path)
                if old and old.get("sha256") == written.sha256 and _same_file(final, old):
                    report.unchanged += 1  # the same bytes: left alone, its date kept
                    continue
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temp, final)
                report.rewritten.append(written.path)
        write_manifest(options.out, report.written, report.rewritten)
        if options.bundle:
            _bundles(spec_file, options, planned, tmp_dir, progress, report)
        succeeded = True
        return report
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        if created_out and not succeeded:
            with contextlib.suppress(OSError):  # a failed first build leaves no empty folder
                options.out.rmdir()


def _run(
    jobs: list[Any],
    options: Options,
    tmp_dir: str,
    progress: Callable[[int, str], None] | None,
    dry_run: bool,
    work: Callable[[Any, str, bool], JobResult] = run_job,
) -> list[JobResult]:
    """Run every job on `--jobs` processes; the calling process is one of them."""
    workers = min(options.jobs or default_jobs(), len(jobs))
    # Big units first so the processes finish together.
    order = sorted(range(len(jobs)), key=lambda i: -len(getattr(jobs[i], "records", ())))
    results: list[JobResult | None] = [None] * len(jobs)

    def done(index: int, result: JobResult) -> None:
        results[index] = result
        if progress:
            progress(1, jobs[index].unit)

    if workers <= 1:
        for index in order:
            done(index, work(jobs[index], tmp_dir, dry_run))
    elif "fork" in multiprocessing.get_all_start_methods():
        _run_forked(jobs, order, workers, tmp_dir, dry_run, done, work)
    else:
        _run_pool(jobs, order, workers, options, tmp_dir, dry_run, done, work)
    return [r for r in results if r is not None]


def _run_forked(
    jobs: list[Any],
    order: list[int],
    workers: int,
    tmp_dir: str,
    dry_run: bool,
    done: Callable[[int, JobResult], None],
    work: Callable[[Any, str, bool], JobResult],
) -> None:
    """Forked children inherit the prepared worker state and the jobs (nothing is pickled on
    the way in); they and this process take the next job from a shared counter."""
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    queue: Any = context.Queue()

    def next_job() -> int | None:
        with counter.get_lock():
            position = counter.value
            counter.value += 1
        return order[position] if position < len(order) else None

    def child() -> None:
        try:
            while (index := next_job()) is not None:
                queue.put((index, work(jobs[index], tmp_dir, dry_run)))
        except BaseException as exc:  # report, so the parent fails cleanly instead of waiting
            queue.put((-1, exc))
        queue.put(None)

    children = [context.Process(target=child, daemon=True) for _ in range(workers - 1)]
    for process in children:
        process.start()
    running = len(children)
    failure: BaseException | None = None

    def collect(block: bool) -> None:
        nonlocal running, failure
        while running:
            try:
                message = queue.get(block=block, timeout=1 if block else 0)
            except Empty:
                if block and not any(p.is_alive() for p in children) and queue.empty():
                    failure = failure or RuntimeError("a worker process died")
                    return
                if not block:
                    return
                continue
            if message is None:
                running -= 1
            elif message[0] < 0:
                failure = failure or message[1]
            else:
                done(*message)

    try:
        while failure is None and (index := next_job()) is not None:
            done(index, work(jobs[index], tmp_dir, dry_run))
            collect(block=False)
        collect(block=True)
    finally:
        for process in children:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
    if failure is not None:
        raise failure


def _run_pool(
    jobs: list[Any],
    order: list[int],
    workers: int,
    options: Options,
    tmp_dir: str,
    dry_run: bool,
    done: Callable[[int, JobResult], None],
    work: Callable[[Any, str, bool], JobResult],
) -> None:
    """Where processes cannot fork (Windows, macOS' default), a pool whose workers load the
    spec themselves."""
    context = multiprocessing.get_context("spawn")
    spec = str(options.spec.resolve())
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(spec,)
    ) as pool:
        futures = {pool.submit(work, jobs[i], tmp_dir, dry_run): i for i in order}
        for future in as_completed(futures):
            done(futures[future], future.result())


def _bundles(
    spec_file: SpecFile,
    options: Options,
    planned: set[str],
    tmp_dir: str,
    progress: Callable[[int, str], None] | None,
    report: Report,
) -> None:
    """Each chosen unit's print-shop zip, remade when a file in it (or its ticket) changed."""
    from brandkit import __version__
    from brandkit.bundle import bundle_task, previous_ticket, since_last_bundle

    assert _worker is not None
    # What this build made or found up to date: not a file an older spec left behind.
    everything = read_manifest(options.out)
    manifest = {p: e for p, e in everything.items() if p in planned}
    intent = _worker.intent
    profile = {"name": intent.identifier, "description": intent.condition, "file": intent.file}
    tasks = []
    for unit in select_units(spec_file, options.units):
        task = bundle_task(
            spec_file.spec, unit.id, unit.name, manifest, options.out, profile,
            f"brandkit {__version__}", options.sheet.name if options.sheet else None,
        )  # fmt: skip
        old = everything.get(task.path) if task else None
        if task is None or (
            not options.rebuild
            and old is not None
            and old.get("inputs") == task.inputs
            and _same_file(options.out / task.path, old)
        ):
            report.unchanged += task is not None
            if progress:
                progress(1, unit.id)
            continue
        # Only now, when it is made again: what changed since the bundle it replaces (left
        # out of its digest, which stays that of what the bundle carries).
        previous = previous_ticket(options.out / task.path)
        tasks.append(dataclasses.replace(task, ticket=since_last_bundle(task.ticket, previous)))
    results = _run(tasks, options, tmp_dir, progress, False, run_bundle)
    written = []
    for r in results:
        for entry, temp in r.files:
            os.replace(temp, options.out / entry.path)
            report.rewritten.append(entry.path)
            written.append(entry)
    report.written += written
    write_manifest(options.out, report.written, report.rewritten)


def run_bundle(task: Any, tmp_dir: str, dry_run: bool = False) -> JobResult:
    """Zip one unit's bundle into a temporary file (in a worker process)."""
    from brandkit.bundle import bundle_bytes

    assert _worker is not None
    data = bundle_bytes(task, font_paths(_worker.spec_file))
    extra: dict[str, object] = {"inputs": task.inputs, "files": len(task.ticket["files"]) + 1}
    written = Written(
        task.path, task.unit, "bundle", "zip", 0, None, 0.0, hashlib.sha256(data).hexdigest(),
        extra,
    )  # fmt: skip
    return JobResult(files=[(written, _write_temp(tmp_dir, data))])


def with_digests(spec_file: SpecFile, jobs: list[Job]) -> list[Job]:
    """`jobs`, each with the digest of its inputs and of each of its records."""
    from brandkit.inputs import Digests, record_digest, shared_digest

    assert _worker is not None
    spec = spec_file.spec
    logos = {name: spec_file.resolve(p) for name, p in spec.logos.items()}
    digests = Digests(shared_digest(spec, font_paths(spec_file), logos, _worker.intent.sha256))
    out = []
    for job in jobs:
        template = spec.templates[job.template]
        back = spec.templates[template.back] if template.back else None
        records = tuple(record_digest(r) for r in job.records)
        params = {
            "layout": job.layout, "stems": job.stems, "pdf": job.pdf_path,
            "formats": sorted(job.formats), "dpi": job.dpi, "png_trim": job.png_trim,
            "extra": job.extra,
        }  # fmt: skip
        inputs = digests.job(template, back, params, records)
        sheet_inputs = ""
        if job.imposition is not None:
            sheet_inputs = hashlib.sha256(f"{inputs} {job.imposition!r}".encode()).hexdigest()
        out.append(
            dataclasses.replace(
                job, inputs=inputs, sheet_inputs=sheet_inputs, record_digests=records
            )
        )
    return out


@dataclass(frozen=True)
class Change:
    """A file a build would write, and why."""

    path: str
    unit: str
    asset: str
    status: str  # new, changed (its inputs), missing (deleted), edited (bytes differ)
    pages: tuple[str, ...] = ()  # of a changed PDF: which pages, e.g. "new: Phạm An (CB9)"

    def entry(self) -> dict[str, object]:
        return {
            "path": self.path, "unit": self.unit or None, "asset": self.asset,
            "status": self.status, "pages": list(self.pages),
        }  # fmt: skip


def changes(
    options: Options, assets: tuple[str, ...] = ASSETS
) -> tuple[list[Change], int, list[str]]:
    """What `build` with `options` would write, compared with `<out>/manifest.json`; and how
    many files it would leave as they are. Nothing is written."""
    spec_file, jobs, warnings = plan(options, assets)
    global _worker
    _worker = _prepare(spec_file, jobs)
    jobs = with_digests(spec_file, jobs)
    manifest = read_manifest(options.out)
    found: list[Change] = []
    unchanged = 0
    for job in jobs:
        for path in job.outputs():
            entry = manifest.get(path)
            final = options.out / path
            pages: tuple[str, ...] = ()
            if entry is None:
                status = "new"
            elif entry.get("inputs") != job.inputs_of(path):
                status = "changed"
                if path == job.pdf_path:
                    pages = _page_changes(job, entry)
            elif not final.is_file():
                status = "missing"
            elif not _same_file(final, entry):
                status = "edited"
            else:
                unchanged += 1
                continue
            found.append(Change(path, job.unit, job.asset, status, pages))
    brand, same = _brand_changes(spec_file, assets, options.out, manifest)
    found += brand
    if options.bundle:
        found += _bundle_changes(spec_file, options, manifest, found)
    return found, unchanged + same, warnings


def _bundle_changes(
    spec_file: SpecFile,
    options: Options,
    manifest: dict[str, dict[str, Any]],
    found: list[Change],
) -> list[Change]:
    """The bundles `build --bundle` would write: those of units with a file to write, and
    those missing or edited."""
    from brandkit.bundle import bundle_path

    changed_units = {c.unit for c in found}
    out = []
    for unit in select_units(spec_file, options.units):
        path = bundle_path(unit.id)
        entry = manifest.get(path)
        if entry is None:
            status = "new"
        elif not (options.out / path).is_file():
            status = "missing"
        elif not _same_file(options.out / path, entry):
            status = "edited"
        elif unit.id in changed_units:
            status = "changed"
        else:
            continue
        out.append(Change(path, unit.id, "bundle", status))
    return out


def _brand_changes(
    spec_file: SpecFile, assets: tuple[str, ...], out: Path, manifest: dict[str, dict[str, Any]]
) -> tuple[list[Change], int]:
    """The brand-wide files (tokens, icons, ticket logos) a build would write: they are made
    (a second or two) and compared with what is on disk."""
    if not any(a in BRAND_ASSETS for a in assets):
        return [], 0
    from brandkit.brand_files import brand_files

    found, same = [], 0
    for file in brand_files(spec_file):
        if file.asset not in assets:
            continue
        entry = manifest.get(file.path)
        final = out / file.path
        if entry is None:
            status = "new"
        elif not final.is_file():
            status = "missing"
        elif not _same_file(final, entry):
            status = "edited"
        elif entry.get("sha256") != hashlib.sha256(file.data).hexdigest():
            status = "changed"
        else:
            same += 1
            continue
        found.append(Change(file.path, "", file.asset, status))
    return found, same


def _page_changes(job: Job, entry: dict[str, Any]) -> tuple[str, ...]:
    """Which records of a PDF a rebuild changes: new, changed or gone, with their pages in the
    new PDF (what to send to print again); every page when what they share (the template,
    the brand, the tool) changed."""
    from brandkit.inputs import page_range, record_changes

    old = entry.get("records")
    if not isinstance(old, list):
        return ()
    before = [(str(digest), str(who)) for digest, who in old]
    now = [(d[:16], r.who) for r, d in zip(job.records, job.record_digests, strict=True)]
    out = []
    for change in record_changes(before, now, job.sides):
        where = f", {page_range(change['pages'])}" if change["pages"] else ""
        out.append(f"{change['change']}: {change['who']}{where}")
    if not out and [w for _, w in before] != [w for _, w in now]:
        return ("the same pages in another order",)
    if not out:
        return ("every page (the template, the brand or brandkit changed)",)
    return tuple(out)


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The entries of `<out>/manifest.json` by path (none when it is missing or unreadable)."""
    try:
        document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return {str(e["path"]): e for e in document.get("files", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _same_file(path: Path, entry: dict[str, Any]) -> bool:
    """Whether the file at `path` is still the one `entry` describes (not edited by hand)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("sha256")
    except OSError:
        return False


def up_to_date(job: Job, manifest: dict[str, dict[str, Any]], out: Path) -> bool:
    """Whether every file `job` writes is there, made from the same inputs, unedited."""
    for path in job.outputs():
        entry = manifest.get(path)
        if entry is None or entry.get("inputs") != job.inputs_of(path):
            return False
        if not _same_file(out / path, entry):
            return False
    return True


def write_manifest(out: Path, written: list[Written], rewritten: list[str] | None = None) -> Path:
    """Merge `written` into `<out>/manifest.json` (entries keyed by path), atomically."""
    path = out / "manifest.json"
    entries: dict[str, dict[str, object]] = {}
    if path.is_file():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
            for entry in old.get("files", []):
                if (out / str(entry["path"])).is_file():
                    entries[str(entry["path"])] = entry
        except (ValueError, KeyError, TypeError, AttributeError):
            entries = {}
    for w in written:
        entries[w.path] = w.entry()
    document: dict[str, object] = {"generator": "brandkit"}
    if rewritten is not None:  # what the last build changed: what to send to print again
        document["last_build"] = {"rewritten": sorted(rewritten)}
    document["files"] = [entries[k] for k in sorted(entries)]
    data = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    temp = out / ".manifest.json.tmp"
    temp.write_text(data, encoding="utf-8")
    os.replace(temp, path)
    return path
