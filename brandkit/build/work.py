"""The worker: an explicit context (spec, fonts, layouts, renderers) and what it does for one
job: lay out, render, preflight, impose, and write to a temporary file."""

from __future__ import annotations

import hashlib
import io
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from brandkit.build.assets import Registry, registry_for
from brandkit.build.manifest import Entry
from brandkit.build.plan import Job
from brandkit.colour import OutputIntent, output_intent_for
from brandkit.errors import BrandkitError, Problem
from brandkit.fonts import FontMetrics, font_paths, load_fonts
from brandkit.i18n import Message
from brandkit.layout.impose import SHEET_MARGIN, Imposition
from brandkit.layout.marks import media_margin
from brandkit.layout.page import ImageItem, Page
from brandkit.layout.template import (
    Layout,
    Record,
    layout_page,
    layouts_for,
    make_inks,
    monochrome_inks,
    monochrome_logo,
)
from brandkit.spec.load import SpecFile, load_spec
from brandkit.text.words import Words
from brandkit.units import to_mm

if TYPE_CHECKING:  # the renderer (and reportlab) is imported only where pages are drawn
    from brandkit.brand_files import BrandFile
    from brandkit.check import Observations
    from brandkit.preflight.content import Summary
    from brandkit.render.impose import SheetJob
    from brandkit.render.pdf import PdfRenderer

MIN_IMAGE_DPI = 300  # below this a photo prints visibly soft at reading distance

# A proof of a 3 m signboard at 300 dpi would be 35,000 pixels wide (a gigabyte of RGB): PNG
# proofs are capped at 16 megapixels, which still shows a sign's smallest text legibly.
MAX_PROOF_PIXELS = 16_000_000


@dataclass(frozen=True, kw_only=True)
class WorkContext:
    """What a worker process needs to prepare itself (picklable: a spawned process gets it)."""

    spec: Path  # as the user gave it, so messages name the file as they know it
    templates: frozenset[str] | None  # the templates the jobs use (None: all)
    tmp_dir: str  # where results are written before the build commits them


@dataclass
class JobResult:
    files: list[tuple[Entry, str]] = field(default_factory=list)  # (what, temporary file)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0
    # What the brand rules measured of a job's front and of its back (see run_job).
    front: Observations | None = None
    back: Observations | None = None


@dataclass
class Worker:
    """A process's prepared state: passed to every job, never kept in a module global."""

    context: WorkContext
    spec_file: SpecFile
    registry: Registry
    fonts: dict[str, FontMetrics]
    layouts: dict[str, Layout]
    intent: OutputIntent
    _renderers: dict[bool, PdfRenderer] = field(default_factory=dict)
    _logo_text: bool | None = None

    @classmethod
    def prepare(cls, context: WorkContext, spec_file: SpecFile | None = None) -> Worker:
        """Fonts and layouts of the templates the context names (and their backs)."""
        spec_file = spec_file or load_spec(context.spec)
        spec = spec_file.spec
        fonts = load_fonts(spec_file)
        inks = make_inks(spec)
        used = context.templates
        if used is not None:  # and the templates printed on their backs
            used = used | {b for name in used if (b := spec.templates[name].back) is not None}
        layouts: dict[str, Layout] = {}
        words = Words(tuple(spec.typography.keep))
        for name, template in spec.templates.items():
            if used is None or name in used:
                layouts.update(layouts_for(name, template, inks, fonts, words))
        intent = cls.output_intent(spec_file)
        return cls(context, spec_file, registry_for(spec_file), fonts, layouts, intent)

    @staticmethod
    def output_intent(spec_file: SpecFile) -> OutputIntent:
        """The printing condition the spec's PDFs are made for, with its ICC profile."""
        profile = spec_file.spec.colour_profile
        return output_intent_for(
            profile.identifier,
            profile.condition,
            profile.registry,
            spec_file.base_dir / profile.file if profile.file else None,
        )

    def renderer(self, screen: bool = False) -> PdfRenderer:
        """The renderer for print (CMYK) or for screens (sRGB), made once per process."""
        if screen not in self._renderers:
            self._renderers[screen] = self._make_renderer(screen)
        return self._renderers[screen]

    def _make_renderer(self, screen: bool) -> PdfRenderer:
        from brandkit.render.logos import load_logo
        from brandkit.render.pdf import PdfRenderer

        spec_file = self.spec_file
        inks = make_inks(spec_file.spec)
        logos = {
            name: load_logo(spec_file.resolve(p), inks, p, screen)
            for name, p in spec_file.spec.logos.items()
        }
        if not screen and any(t.monochrome for t in spec_file.spec.templates.values()):
            black_or_paper = monochrome_inks(inks)
            for name, p in spec_file.spec.logos.items():
                logos[monochrome_logo(name)] = load_logo(spec_file.resolve(p), black_or_paper, p)
        profile = None if screen else self.intent.profile
        return PdfRenderer(font_paths(spec_file), logos, screen, profile)

    @property
    def font_files(self) -> dict[str, Path]:
        """Each font role's TrueType file."""
        return {role: metrics.path for role, metrics in self.fonts.items()}

    @property
    def logo_text(self) -> bool:
        """Whether a logo holds text of its own (whose glyphs only a PDF reader can place)."""
        if self._logo_text is None:
            self._logo_text = self.renderer().logos_hold_text()
        return self._logo_text

    def write_temp(self, data: bytes) -> str:
        """`data` in a new temporary file of the build, with an output file's permissions."""
        fd, name = tempfile.mkstemp(dir=self.context.tmp_dir)
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return name


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()  # mkstemp makes 0600 files; outputs get the usual permissions


def lay_out(worker: Worker, job: Job) -> tuple[list[Page], list[Problem], list[str]]:
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
        warnings += _low_dpi_warnings(page, record)
    return pages, problems, warnings


def _low_dpi_warnings(page: Page, record: Record) -> list[str]:
    out: list[str] = []
    for item in page.items:
        if isinstance(item, ImageItem) and item.dpi is not None and item.dpi < MIN_IMAGE_DPI:
            where = f"{record.file}:{record.row}: " if record.file else ""
            out.append(
                Message(
                    "{where}{who}: {field} {name} is {dpi} dpi at its placed size (below {min} "
                    "dpi; it may print blurred)",
                    where=where, who=record.who, field=item.field, name=item.path.name,
                    dpi=f"{item.dpi:.0f}", min=MIN_IMAGE_DPI,
                )
            )  # fmt: skip
    return out


def observe_job(worker: Worker, job: Job) -> tuple[Observations, Observations | None]:
    """What the brand rules measure of the job's front, and of its back if it has one."""
    from brandkit.check import Observations, observe

    faces: list[Observations] = []
    for key in (job.layout, job.back):
        if key:
            observed = Observations()
            observe(observed, worker.spec_file, worker.layouts, [(key, job.unit, job.records)])
            faces.append(observed)
    return faces[0], faces[1] if len(faces) > 1 else None


def check_job(worker: Worker, job: Job) -> JobResult:
    """Lay out every page of `job` and draw nothing: what `validate` does."""
    pages, problems, warnings = lay_out(worker, job)
    return JobResult(problems=problems, warnings=warnings, pages=len(pages))


def run_job(worker: Worker, job: Job) -> JobResult:
    """Lay out and render one job into temporary files of the build, and measure what the
    brand rules judge of its front and back (after the layout, whose fitted texts and QR
    codes the measuring reuses); the build judges them over all its jobs together."""
    pages, problems, warnings = lay_out(worker, job)
    result = JobResult(problems=problems, warnings=warnings, pages=len(pages))
    result.front, result.back = observe_job(worker, job)
    if result.problems:
        return result
    if job.screen:
        render_screens(worker, job, pages, result)
    else:
        render_print(worker, job, pages, result)
    return result


def _title(worker: Worker, job: Job) -> str:
    template = worker.layouts[job.layout].template
    return f"{template.title or job.template} – {job.records[0].values['unit']['name']}"


def render_print(worker: Worker, job: Job, pages: list[Page], result: JobResult) -> None:
    """A print job: its PDF/X-4 file, preflighted; its press sheets; its PNG proofs."""
    from brandkit.preflight.drawn import cleared_pages
    from brandkit.render.words import words

    layout = worker.layouts[job.layout]
    template = layout.template
    trim = (to_mm(layout.sheet[0]), to_mm(layout.sheet[1]))
    bleed = to_mm(template.bleed)
    title, author = _title(worker, job), worker.spec_file.spec.name
    subject = words(
        worker.spec_file.spec.language, "print_subject", asset=template.title or job.asset,
        w=f"{trim[0]:g}", h=f"{trim[1]:g}", bleed=f"{bleed:g}",
    )  # fmt: skip
    buffer = io.BytesIO()
    rendered = worker.renderer().render(pages, buffer, title, author, subject, worker.intent)
    result.warnings += rendered.warnings
    pdf = buffer.getvalue()
    cleared = cleared_pages(pages, template.safe_margin, worker.font_files, worker.logo_text)
    summaries: list[Summary | None] = []  # what each page draws, for its press sheets
    preflight(
        pdf, job.pdf_path, template.safe_margin, result, cleared, rendered.page_keys, summaries
    )
    if "pdf" in job.formats:
        entry = Entry(
            path=job.pdf_path, unit=job.unit, asset=job.asset, format="pdf",
            pages=rendered.pages, trim_mm=trim, bleed_mm=bleed,
            sha256=hashlib.sha256(pdf).hexdigest(), inputs=job.inputs, template=job.template,
            records=_page_records(job), sides=2 if job.back else None,
            procedures=job.extra.get("procedures"), green_lane=job.extra.get("green_lane"),  # type: ignore[arg-type]
        )  # fmt: skip
        result.files.append((entry, worker.write_temp(pdf)))
        if job.imposition is not None:
            impose_sheets(worker, job, pdf, title, author, result, pages, summaries)
    if "png" in job.formats:
        render_proofs(worker, job, pdf, result)


def _page_records(job: Job) -> tuple[tuple[str, str], ...] | None:
    """What each page shows, so `brandkit changes` can name the pages that change."""
    if not job.record_digests:
        return None
    pairs = zip(job.record_digests, job.records, strict=True)
    return tuple((digest[:16], record.who) for digest, record in pairs)


def render_proofs(worker: Worker, job: Job, pdf: bytes, result: JobResult) -> None:
    """PNG proofs: each page of the very PDF, rasterised."""
    from brandkit.render.png import png_bytes, rasterise

    layout = worker.layouts[job.layout]
    template = layout.template
    trim = (to_mm(layout.sheet[0]), to_mm(layout.sheet[1]))
    margin = 0.0 if job.png_trim else media_margin(template.bleed)
    dpi = proof_dpi(job.dpi, layout.sheet, margin)
    images = rasterise(pdf, dpi, job.png_trim)
    for path, image in zip(job.png_paths(), images, strict=True):
        data = png_bytes(image, dpi)
        entry = Entry(
            path=path, unit=job.unit, asset=job.asset, format="png", pages=1, trim_mm=trim,
            bleed_mm=0.0 if job.png_trim else to_mm(template.bleed),
            sha256=hashlib.sha256(data).hexdigest(), inputs=job.png_inputs, dpi=dpi,
            pixels=(image.size[0], image.size[1]),
        )  # fmt: skip
        result.files.append((entry, worker.write_temp(data)))


@dataclass
class Sheets:
    """A job's press sheets as made, and what their preflight need not read again."""

    job: SheetJob
    data: bytes
    sheets: int
    cleared: set[int]  # pages whose glyphs are proved clear of the sheet's margin
    forms: list[dict[str, Summary]]  # per page, what its pieces' forms draw


def impose_sheets(
    worker: Worker,
    job: Job,
    pdf: bytes,
    title: str,
    author: str,
    result: JobResult,
    pages: list[Page],
    summaries: list[Summary | None],
) -> None:
    """The job's pieces imposed on press sheets: an extra PDF beside the single pieces.
    `pages`: the pieces as laid out; `summaries`: what each page of `pdf` draws, as its
    preflight read it (preflight_pdf(summaries=…))."""
    imposition = job.imposition
    if imposition is None:
        return
    made = make_sheets(worker, job, imposition, pdf, title, author, pages, summaries)
    preflight(made.data, job.sheet_path(), SHEET_MARGIN, result, made.cleared, forms=made.forms)
    sheet_job, data, sheets = made.job, made.data, made.sheets
    entry = Entry(
        path=job.sheet_path(), unit=job.unit, asset=job.asset, format="pdf",
        pages=sheets * job.sides, trim_mm=(to_mm(imposition.width), to_mm(imposition.height)),
        bleed_mm=0.0, sha256=hashlib.sha256(data).hexdigest(),
        # The sheet depends on its imposition too; `pieces` says which PDF's pieces it holds,
        # so a bundle can tell a current sheet from one left by an older build.
        inputs=job.sheet_inputs, pieces=job.inputs, imposes=job.pdf_path,
        sheet=imposition.sheet.name, orientation=imposition.orientation, up=imposition.up,
        sheets=sheets,
        # Step and repeat (a piece ordered by the hundred fills its own sheet): each sheet is
        # printed `runs` times; `press_sheets` is what the press prints in all.
        step_and_repeat=sheet_job.repeat, runs=sheet_job.runs(),
        press_sheets=sheets * sheet_job.runs(), sides=job.sides,
        positions_mm=tuple(
            (round(to_mm(x), 3), round(to_mm(y), 3)) for x, y in imposition.positions
        ),
    )  # fmt: skip
    result.files.append((entry, worker.write_temp(data)))


def make_sheets(
    worker: Worker,
    job: Job,
    imposition: Imposition,
    pdf: bytes,
    title: str,
    author: str,
    pages: list[Page],
    summaries: list[Summary | None],
) -> Sheets:
    """The sheets of `job`'s PDF `pdf`, and what their preflight need not read again: the
    pieces' forms, read in the pieces' own PDF (`summaries`), and the glyphs of the pieces'
    text (`pages`) and of the slug line, which the build drew (preflight.drawn)."""
    from brandkit.preflight.drawn import cleared_sheet_pages
    from brandkit.render.impose import SheetJob, brand_inks, impose_pdf

    spec = worker.spec_file.spec
    inks = brand_inks(
        [
            (tuple(v / 100 for v in c.cmyk), c.spot)  # type: ignore[misc]
            for c in spec.colours.values()
            if not c.technical and any(c.cmyk)
        ]
    )
    name = job.pdf_path.rsplit("/", 1)[1]
    copies = spec.templates[job.template].print.copies
    folds = worker.layouts[job.layout].folds()
    sheet_job = SheetJob(imposition, job.sides, folds, name, inks, copies, spec.language)
    renderer = worker.renderer()
    role = "body" if "body" in renderer.font_names else next(iter(renderer.font_names))
    sheet_title = f"{title} – {imposition.sheet.name}"
    imposed = impose_pdf(
        pdf, sheet_job, renderer.font_names[role], worker.intent, sheet_title, author
    )
    fonts = worker.font_files
    cleared = cleared_sheet_pages(
        imposed.pages, pages, (imposition.width, imposition.height), SHEET_MARGIN,
        fonts[role], fonts, worker.logo_text,
    )  # fmt: skip
    forms = imposed.forms(summaries)
    return Sheets(sheet_job, imposed.data, imposed.sheets, cleared, forms)


def preflight(
    pdf: bytes,
    path: str,
    safe_margin: float,
    result: JobResult,
    cleared: set[int] | None = None,
    same: list[bytes] | None = None,
    summaries: list[Summary | None] | None = None,
    forms: list[dict[str, Summary]] | None = None,
) -> None:
    """Preflight a PDF before it is written: its errors stop the build, as a print shop's
    preflight would send the file back; its warnings are passed on. `cleared`: the pages
    whose text the build has proved clear of the safe margin from what it drew; `same`:
    each page's key from the renderer (pages alike but for their text are read once);
    `summaries`, a list to fill with what each page draws; `forms`, per page, what the forms
    it names draw (a press sheet's pieces, from their own PDF's `summaries`)."""
    from brandkit.preflight import preflight_pdf

    report = preflight_pdf(
        pdf, path, safe_margin=safe_margin, cleared=cleared, same=same, summaries=summaries,
        forms=forms,
    )  # fmt: skip
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


def render_screens(worker: Worker, job: Job, pages: list[Page], result: JobResult) -> None:
    """A screen template: drawn in sRGB and written as PNGs of exactly its pixel size."""
    from brandkit.render.png import SCREEN_DPI, screen_pngs

    layout = worker.layouts[job.layout]
    buffer = io.BytesIO()
    renderer = worker.renderer(screen=True)
    rendered = renderer.render(pages, buffer, _title(worker, job), worker.spec_file.spec.name)
    result.warnings += rendered.warnings
    size = (to_mm(layout.sheet[0]), to_mm(layout.sheet[1]))
    for path, (data, pixels) in zip(job.png_paths(), screen_pngs(buffer.getvalue()), strict=True):
        entry = Entry(
            path=path, unit=job.unit, asset=job.asset, format="png", pages=1, trim_mm=size,
            bleed_mm=0.0, sha256=hashlib.sha256(data).hexdigest(), inputs=job.png_inputs,
            dpi=SCREEN_DPI, pixels=pixels, colour="sRGB",
        )  # fmt: skip
        result.files.append((entry, worker.write_temp(data)))


def brand_result(worker: Worker, assets: tuple[str, ...], inputs: str | None = None) -> JobResult:
    """The brand-wide files among `assets`: tokens, icons, thermal ticket logos; `inputs`,
    the digest of what they are made from."""
    result = JobResult()
    for file in brand_files_of(worker.spec_file, assets):
        entry = Entry(
            path=file.path, unit=None, asset=file.asset, format=file.format, pages=1,
            trim_mm=None, bleed_mm=0.0, sha256=hashlib.sha256(file.data).hexdigest(),
            pixels=file.pixels, inputs=inputs,
        )  # fmt: skip
        result.files.append((entry, worker.write_temp(file.data)))
    return result


def brand_files_of(spec_file: SpecFile, assets: tuple[str, ...]) -> list[BrandFile]:
    """The brand-wide files of the kinds among `assets` (made in a second or two)."""
    registry = registry_for(spec_file)
    if not any(registry[a].brand_wide for a in assets if a in registry):
        return []
    from brandkit.brand_files import brand_files

    return [f for f in brand_files(spec_file) if f.asset in assets]


def proof_dpi(dpi: float, sheet: tuple[float, float], margin: float) -> float:
    """`dpi`, lowered for big pieces so the PNG stays within MAX_PROOF_PIXELS (whole dpi)."""
    w_in, h_in = (sheet[0] + 2 * margin) / 72, (sheet[1] + 2 * margin) / 72
    if w_in * h_in * dpi * dpi <= MAX_PROOF_PIXELS:
        return dpi
    return float(math.floor(math.sqrt(MAX_PROOF_PIXELS / (w_in * h_in))))
