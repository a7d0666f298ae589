"""The planner: units × templates × records → Jobs (pure data, picklable), one PDF each."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from brandkit.build.assets import AssetKind, Registry, page_stem
from brandkit.build.options import BuildWarning, Options, TooBigForSheet
from brandkit.build.records import (
    UnitSelectionError,
    board_entries,
    counter_records,
    select_units,
    staff_file,
    staff_record,
    unit_origin,
    unit_record,
    unit_values,
)
from brandkit.data.procedures import Procedure, procedures_for, read_procedures
from brandkit.data.staff import Staff, read_staff
from brandkit.errors import Problem
from brandkit.fonts import load_fonts
from brandkit.i18n import Message
from brandkit.layout.impose import Imposition, SheetSize, impose
from brandkit.layout.table import Entry, Table
from brandkit.layout.table_fit import fit_table, reading_cap
from brandkit.layout.template import Layout, Record, layout_key, make_inks
from brandkit.spec.load import SpecFile
from brandkit.spec.model import TableElement, Template, Unit
from brandkit.text import slugify
from brandkit.units import to_mm


@dataclass(frozen=True, kw_only=True)
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
    inputs: str = ""  # digest of everything the job's PDF is made from
    png_inputs: str = ""  # and of its PNGs: that, their resolution and crop
    sheet_inputs: str = ""  # and of its imposed sheets: that, and the imposition
    record_digests: tuple[str, ...] = ()  # of each record: what each page shows

    def inputs_of(self, path: str) -> str:
        """The digest of what the file at `path` (one of `outputs()`) is made from."""
        if self.imposition is not None and path == self.sheet_path():
            return self.sheet_inputs
        if path.endswith(".png"):
            return self.png_inputs
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

    @property
    def pages(self) -> int:
        return len(self.records) * self.sides

    def sheet_path(self) -> str:
        """Where the imposed sheets of this job's PDF go: `<unit>/sheets/<stem>-<sheet>.pdf`."""
        if self.imposition is None:
            raise ValueError(f"{self.pdf_path} is not imposed")
        stem = self.pdf_path.rsplit("/", 1)[1].removesuffix(".pdf")
        return f"{self.unit}/sheets/{stem}-{slugify(self.imposition.sheet.name)}.pdf"


@dataclass(frozen=True, kw_only=True)
class Plan:
    """What a build will make: its jobs, the units chosen, and the warnings planning raised."""

    spec_file: SpecFile
    registry: Registry
    options: Options
    assets: tuple[str, ...]
    units: tuple[Unit, ...]
    jobs: tuple[Job, ...]
    warnings: tuple[BuildWarning, ...]


def plan(
    spec_file: SpecFile, registry: Registry, options: Options, assets: tuple[str, ...]
) -> Plan:
    """Every job `assets` need for the chosen units, imposed on `options.sheet` if asked."""
    check_selection(spec_file, registry, options, assets)
    planner = Planner(spec_file, registry, options, assets)
    jobs = [
        job for asset in assets if not registry[asset].brand_wide for job in planner.jobs(asset)
    ]
    if options.sheet is not None:
        jobs = impose_jobs(spec_file, registry, jobs, options.sheet, planner.warnings)
    units = tuple(planner.units)
    warnings = tuple(planner.warnings)
    return Plan(
        spec_file=spec_file, registry=registry, options=options, assets=assets, units=units,
        jobs=tuple(jobs), warnings=warnings,
    )  # fmt: skip


def templates_for(spec_file: SpecFile, asset: str) -> list[tuple[str, Template]]:
    """The templates of `asset`, but for those printed only as another's back."""
    templates = spec_file.spec.templates
    backs = {t.back for t in templates.values() if t.back}
    return [(n, t) for n, t in templates.items() if t.asset == asset and n not in backs]


def check_selection(
    spec_file: SpecFile, registry: Registry, options: Options, assets: tuple[str, ...]
) -> None:
    """Asset kinds, --template, --size and --screen must name what the spec has (a usage
    error otherwise, listing what it has)."""
    unknown = registry.unknown(assets)
    if unknown:
        raise UnitSelectionError(
            Problem(
                Message(
                    "no asset kind {names} (kinds: {kinds})",
                    names=", ".join(map(repr, unknown)),
                    kinds=", ".join(registry.names),
                ),
                field="ASSET",
            )
        )
    offered = [n for a in assets for n, _ in templates_for(spec_file, a)]
    missing = [t for t in options.templates if t not in offered]
    if missing:
        raise UnitSelectionError(
            Problem(
                Message(
                    "no template {names} among those of {assets} (templates: {templates})",
                    names=", ".join(map(repr, missing)),
                    assets=", ".join(assets),
                    templates=", ".join(offered) or Message("none"),
                ),
                field="--template",
            )
        )
    templates = [
        t for a in assets for n, t in templates_for(spec_file, a)
        if not options.templates or n in options.templates
    ]  # fmt: skip
    _check_screens(templates, options.screens)
    _check_sizes(templates, options.sizes)


def _check_screens(templates: list[Template], wanted: tuple[str, ...]) -> None:
    screens = {
        screen_size(size): size
        for template in templates
        if template.medium == "screen"
        for size in template.named_sizes()
        if screen_size(size)
    }
    unknown = [s for s in wanted if screen_size(s) not in screens]
    if unknown:
        listed = ", ".join(sorted(screens.values())) or Message("none")
        message = Message(
            "no screen {names} (screens: {screens})",
            names=", ".join(map(repr, unknown)), screens=listed,
        )  # fmt: skip
        raise UnitSelectionError(Problem(message, field="--screen"))


def _check_sizes(templates: list[Template], wanted: tuple[str, ...]) -> None:
    known = {size.casefold(): size for t in templates for size in t.named_sizes() if size}
    unknown = [s for s in wanted if s.casefold() not in known]
    if unknown:
        sizes = ", ".join(sorted(known.values())) or Message("none")
        message = Message(
            "no size {names} (sizes: {sizes})", names=", ".join(map(repr, unknown)), sizes=sizes
        )
        raise UnitSelectionError(Problem(message, field="--size"))


def screen_size(name: str) -> tuple[int, int] | None:
    """(width, height) of a screen size written `1080x1920` (or `1080×1920`), else None."""
    match = re.fullmatch(r"\s*(\d+)\s*[x×X]\s*(\d+)\s*(px)?\s*", name)
    return (int(match.group(1)), int(match.group(2))) if match else None


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


def screen_path(unit: str, kind: AssetKind, template: str, size: str) -> tuple[str, str]:
    """(folder, file stem) of a screen: `kiosk/1080x1920/idle` (a template `kiosk_idle` of the
    kind `kiosk`), or for a template whose sizes are not screens (a button's states),
    `kiosk/button/button-pressed`."""
    stem = slugify(template.removeprefix(f"{kind.name}_"))
    if screen_size(size):
        return f"{unit}/{kind.folder}/{size}", stem
    return f"{unit}/{kind.folder}/{stem}", f"{stem}-{slugify(size)}" if size else stem


class Planner:
    """Turns asset kinds into jobs for one build, reading each list at most once."""

    def __init__(
        self, spec_file: SpecFile, registry: Registry, options: Options, assets: tuple[str, ...]
    ) -> None:
        self.spec_file = spec_file
        self.registry = registry
        self.options = options
        self.warnings: list[BuildWarning] = []
        self.units = select_units(spec_file, options.units)
        # Asked for staff assets alone (badges, desk plates), a missing list is an error.
        self.strict_staff = all(registry[a].repeats == ("staff",) for a in assets)
        self._staff: dict[str, list[Staff]] | None = None
        self._staff_display = ""
        self._procedures: list[Procedure] | None = None

    def warn(self, text: str) -> None:
        self.warnings.append(BuildWarning(text))

    def building(self) -> set[str] | None:
        """The ids of the units a subset build makes (None when it makes every unit)."""
        return {u.id for u in self.units} if self.options.units else None

    def has_staff(self) -> bool:
        return self.options.staff is not None or self.spec_file.spec.data.staff is not None

    def staff(self) -> dict[str, list[Staff]]:
        """The staff list, by unit id."""
        if self._staff is None:
            path, display = staff_file(self.spec_file, self.options)
            one = len(self.units) == 1 and self.options.units
            people = read_staff(
                path, self.spec_file, display, self.units[0].id if one else None, self.building()
            )
            for notice in people.notices:
                self.warn(notice)
            if not people:
                self.warn(Message("{file}: the list has nobody in it; no badges", file=display))
            self._staff = {}
            for person in people:
                self._staff.setdefault(person.unit, []).append(person)
            self._staff_display = display
        return self._staff

    def procedures(self) -> list[Procedure]:
        """The procedure list (empty, with a warning, when the spec and options name none)."""
        if self._procedures is None:
            if self.options.procedures is not None:
                path, display = self.options.procedures, str(self.options.procedures)
            elif self.spec_file.spec.data.procedures is not None:
                display = self.spec_file.spec.data.procedures.file
                path = self.spec_file.resolve(display)
            else:
                self.warn(
                    Message(
                        "no procedure list (data.procedures.file in the spec, or --procedures): "
                        "no procedure boards"
                    )
                )
                self._procedures = []
                return []
            listed = read_procedures(path, self.spec_file, display, self.building())
            for notice in listed.notices:
                self.warn(notice)
            self._procedures = listed
        return self._procedures

    def templates(self, asset: str) -> list[tuple[str, Template]]:
        wanted = self.options.templates
        return [
            (n, t) for n, t in templates_for(self.spec_file, asset) if not wanted or n in wanted
        ]

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

    def jobs(self, asset: str) -> Iterator[Job]:
        """One job (one PDF, or a screen's PNGs) per unit, template and size of `asset`."""
        templates = self.templates(asset)
        if not templates:
            return
        kind = self.registry[asset]
        repeat = templates[0][1].repeat
        if repeat == "staff" and not self.has_staff() and not self.strict_staff:
            self.warn(
                Message(
                    "no staff list (data.staff.file in the spec, or --staff): no {assets}s",
                    assets=asset.replace("_", " "),
                )
            )
            return
        if repeat == "procedures":
            yield from self._board_jobs(kind, templates)
            return
        missing_counters = []
        for unit in self.units:
            records, labels = self._records(unit, repeat, asset)
            if repeat == "counter" and not records:
                missing_counters.append(unit.id)
            if records:
                for name, template in templates:
                    for size in self.sizes(template):
                        yield self._job(kind, unit, name, template, size, records, labels)
        if missing_counters and (self.options.units or len(missing_counters) < len(self.units)):
            shown = ", ".join(missing_counters[:5]) + (" …" if len(missing_counters) > 5 else "")
            self.warn(
                Message(
                    "{count} unit(s) have no counters in the spec, so no counter signs: {units}",
                    count=len(missing_counters), units=shown,
                )
            )  # fmt: skip

    def _records(self, unit: Unit, repeat: str, asset: str) -> tuple[tuple[Record, ...], list[str]]:
        """The records a unit's pages repeat over, and the label of each in file names."""
        if repeat == "staff":
            members = self.staff().get(unit.id, [])
            if not members and self.options.units:
                self.warn(
                    Message(
                        "{file}: nobody belongs to {unit} ({id}); no {assets}s",
                        file=self._staff_display, unit=unit.name, id=unit.id,
                        assets=asset.replace("_", " "),
                    )
                )  # fmt: skip
            at = unit_origin(self.spec_file, unit)
            spec = self.spec_file.spec
            shared = unit_values(unit, spec)
            records = tuple(staff_record(p, unit, spec, at, shared) for p in members)
            return records, [f"{slugify(p.id)}-{slugify(p.name)}" for p in members]
        if repeat == "counter":
            records = tuple(counter_records(self.spec_file, unit))
            return records, [f"{c.number:02d}-{slugify(c.name)}" for c in unit.counters]
        return (unit_record(self.spec_file, unit),), [""]

    def _job(
        self,
        kind: AssetKind,
        unit: Unit,
        name: str,
        template: Template,
        size: str,
        records: tuple[Record, ...],
        labels: list[str],
    ) -> Job:
        stem = page_stem(name, size)
        stems = unique_stems(f"{stem}-{label}" if label else stem for label in labels)
        pdf = f"{unit.id}/{kind.folder}/{unit.id}-{kind.pdf_stem(name, size)}.pdf"
        if template.medium == "screen":  # PNGs only: <folder>/<stem>.png
            where, stem = screen_path(unit.id, kind, name, size)
            pdf, stems = f"{where}/{stem}.pdf", (stem,)
        back = layout_key(template.back, size) if template.back else None
        if back:  # a PNG per side: badge-nv001-an, badge-nv001-an-back
            stems = tuple(s for stem in stems for s in (stem, f"{stem}-back"))
        return self._make_job(
            unit=unit.id, template=name, layout=layout_key(name, size), asset=kind.name,
            records=records, stems=stems, pdf_path=pdf, back=back,
            screen=template.medium == "screen",
        )  # fmt: skip

    def _make_job(self, **values: object) -> Job:
        options = self.options
        return Job(
            formats=options.formats, dpi=options.dpi, png_trim=options.png_trim,
            **values,  # type: ignore[arg-type]
        )  # fmt: skip

    def _board_jobs(self, kind: AssetKind, templates: list[tuple[str, Template]]) -> Iterator[Job]:
        """Procedure boards: a unit's list, grouped by field, set at the largest size that
        takes no more boards than the smallest readable one, cut into those boards; a PDF per
        unit and template, a page per board."""
        procedures = self.procedures()
        if not procedures:
            return
        spec = self.spec_file.spec
        fonts = load_fonts(self.spec_file)
        inks = make_inks(spec)
        # Most units list the same procedures: a list is fitted to a template once.
        fitted: dict[tuple[str, str, tuple[int, ...]], tuple[Table, list[list[Entry]]]] = {}
        for unit in self.units:
            listed = procedures_for(procedures, unit.id)
            if not listed:
                if self.options.units:
                    self.warn(
                        Message(
                            "no procedures are listed for {unit} ({id})", unit=unit.name, id=unit.id
                        )
                    )
                continue
            green = sum(1 for p in listed if p.green_lane)
            extra: dict[str, object] = {"procedures": len(listed), "green_lane": green}
            for name, template in templates:
                for size in self.sizes(template):
                    key = (name, size, tuple(id(p) for p in listed))
                    if key not in fitted:
                        layout = Layout(name, template, inks, fonts, size)
                        fitted[key] = board_pages(self.spec_file, layout, listed)
                    set_at, pages = fitted[key]
                    stem = page_stem(name, size)
                    yield self._make_job(
                        unit=unit.id, template=name, layout=layout_key(name, size),
                        asset=kind.name, records=self._board_records(unit, set_at, pages),
                        stems=tuple(f"{stem}-{i:02d}" for i in range(1, len(pages) + 1)),
                        pdf_path=f"{unit.id}/{kind.folder}/{unit.id}-{stem}.pdf", extra=extra,
                    )  # fmt: skip

    def _board_records(
        self, unit: Unit, table: Table, pages: list[list[Entry]]
    ) -> tuple[Record, ...]:
        """A record per board: the unit's values, the board's number and its rows, and what
        the table is set at. `{page.label}` ("Bảng 2/3") is empty on a list's only board."""
        spec = self.spec_file.spec
        file, line = unit_origin(self.spec_file, unit)
        base = {"unit": unit_values(unit, spec), "link": dict(spec.links)}
        count = len(pages)
        return tuple(
            Record(
                {**base, "page": {
                    "number": str(i), "count": str(count),
                    "label": f"Bảng {i}/{count}" if count > 1 else "",
                }},
                f"{unit.name} ({unit.id}), bảng {i}/{count}",
                file, line, rows=tuple(page), table=table.setting,
            )
            for i, page in enumerate(pages, start=1)
        )  # fmt: skip


def board_pages(
    spec_file: SpecFile, layout: Layout, listed: list[Procedure]
) -> tuple[Table, list[list[Entry]]]:
    """A unit's procedures on a board template: its table set for them (at the largest size
    that takes no more boards than the smallest readable one) and the boards' entries."""
    template = layout.template
    table = next(e for e in template.elements if isinstance(e, TableElement))
    entries = board_entries(listed, table.qr)
    cap = reading_cap(template, spec_file.spec.rules)
    return fit_table(table, layout.fonts, layout.inks, entries, cap)


def impose_jobs(
    spec_file: SpecFile,
    registry: Registry,
    jobs: list[Job],
    sheet: SheetSize,
    warnings: list[BuildWarning],
) -> list[Job]:
    """`jobs` with the press-sheet imposition of every printed piece that fits `sheet`; one
    warning per piece too big for it."""
    impositions: dict[str, Imposition | None] = {}
    too_big: dict[str, int] = {}
    out = []
    for job in jobs:
        template = spec_file.spec.templates[job.template]
        if template.medium != "print" or not registry[job.asset].press:
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
        warning = TooBigForSheet(
            f"{key} ({to_mm(w):g} × {to_mm(h):g} mm with {to_mm(template.bleed):g} mm "
            f"bleed) does not fit the {sheet.label} sheet: "
            + ("its PDF is" if count == 1 else f"its {count} PDFs are")
            + " not imposed; print them from their own pages"
        )
        warning.piece, warning.sheet = f"{key} ({to_mm(w):g} × {to_mm(h):g} mm)", sheet.label
        warnings.append(warning)
    return out
