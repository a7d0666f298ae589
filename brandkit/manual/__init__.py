"""The brand manual (`brandkit manual`): one A4 landscape PDF/X-4 in Vietnamese, made from the
spec and drawn by the same layout code and renderer as every piece, so its numbers are the
pieces' own: <out>/brand/brand-manual.pdf."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from brandkit.attire import check_attire
from brandkit.build.assets import Registry
from brandkit.build.options import Options
from brandkit.build.pipeline import prepare
from brandkit.build.plan import Job, plan
from brandkit.build.records import unit_record
from brandkit.build.work import Worker, lay_out
from brandkit.data.staff import UnitIndex
from brandkit.errors import BrandkitError, Problem, UsageError
from brandkit.layout.page import Page
from brandkit.manual import brand
from brandkit.manual.attire import attire_page
from brandkit.manual.kinds import MAX_SCREENS, Sample, kind_page
from brandkit.manual.sheet import Sheet, Style
from brandkit.spec.load import SpecFile


def sample_unit(spec_file: SpecFile, unit: str | None) -> str:
    """The id of the unit whose pieces the manual shows: `unit` (an id or a name), else the
    spec's first; a UsageError naming --unit when there is no such unit."""
    units = spec_file.spec.units
    chosen = UnitIndex(units).find(unit) if unit else units[0]
    if chosen is None:
        raise UsageError([Problem(UnitIndex(units).not_found(unit or ""), field="--unit")])
    return chosen.id


@dataclass(frozen=True)
class Manual:
    """The manual's PDF/X-4 bytes and page count, and what its preflight need not read again
    (see `preflight_pdf`): the pages whose text is proved clear of the safe margin it was
    made for, from what was drawn, and each page's key from the renderer."""

    pdf: bytes
    pages: int
    cleared: set[int]
    keys: list[bytes]


def manual_pdf(
    spec_file: SpecFile,
    registry: Registry,
    unit: str,
    staff: Path | None = None,
    procedures: Path | None = None,
    safe_margin: float | None = None,
) -> Manual:
    """The manual, its pieces laid out for the unit `unit` (an id) from the spec's lists or
    those given; with `safe_margin`, the pages proved clear of it."""
    check_attire(spec_file.spec)
    kinds = tuple(k.name for k in registry if not k.brand_wide and not k.document)
    options = Options(
        spec=spec_file.path, out=Path("."), units=(unit,), jobs=1, staff=staff,
        procedures=procedures,
    )  # fmt: skip
    planned = plan(spec_file, registry, options, kinds)
    worker = prepare(planned)
    samples = _samples(worker, planned.jobs, kinds)
    pages = _pages(worker, samples, unit)
    pdf, keys = _render(worker, pages)
    cleared: set[int] = set()
    if safe_margin is not None:
        from brandkit.preflight.drawn import cleared_pages

        cleared = cleared_pages(pages, safe_margin, worker.font_files, worker.logo_text)
    return Manual(pdf, len(pages), cleared, keys)


def _samples(worker: Worker, jobs: tuple[Job, ...], kinds: tuple[str, ...]) -> dict[str, Sample]:
    """Each kind's first job laid out: its first page (a person's, a counter's, the unit's)."""
    samples: dict[str, Sample] = {}
    for job in jobs:
        known = samples.get(job.asset)
        if known is not None and not (job.screen and _another_screen(known, job.template)):
            continue
        pages, problems, _ = lay_out(worker, job)
        if problems:
            raise BrandkitError(problems)
        page = pages[0] if pages else None
        if known is None:
            samples[job.asset] = Sample(job.template, page, (job.template,))
        elif page is not None:  # a kind's screens: one of each template, side by side
            screens = (*known.screens, page)
            samples[job.asset] = Sample(
                known.template, known.page, (*known.names, job.template), screens
            )
    spec = worker.spec_file.spec
    for kind in kinds:  # a kind the sample unit has nothing of: its first template, undrawn
        if kind not in samples:
            first = next(n for n, t in spec.templates.items() if t.asset == kind)
            samples[kind] = Sample(first, None)
    return samples


def _another_screen(known: Sample, template: str) -> bool:
    """Whether a screen of `template` joins a kind's sample: one per template, three at most."""
    return template not in known.names and len(known.names) < MAX_SCREENS


def _pages(worker: Worker, samples: dict[str, Sample], unit_id: str) -> list[Page]:
    """Every page of the manual, in order: cover, contents, chapters, a page per kind."""
    spec_file = worker.spec_file
    spec = spec_file.spec
    style = Style.of(worker)
    logo = next(iter(spec.logos))
    chapters: list[tuple[str, object]] = [
        ("Logo: vùng an toàn và kích thước tối thiểu", lambda s: brand.logo_page(s, spec, logo)),
        ("Logo: những cách dùng sai", lambda s: brand.misuse_page(s, logo)),
        ("Màu sắc", lambda s: brand.colours_page(s, spec)),
        ("Độ tương phản", lambda s: brand.contrast_page(s, spec)),
        ("Kiểu chữ", lambda s: brand.type_page(s, spec)),
        ("Quy tắc trình bày chữ và tên đơn vị", lambda s: brand.rules_page(s, spec)),
    ]
    for name, sample in samples.items():
        kind = worker.registry[name]
        chapters.append(
            (f"{kind.label} ({kind.name})",
             lambda s, k=kind, p=sample: kind_page(s, spec, k, p))
        )  # fmt: skip
    record = unit_record(spec_file, next(u for u in spec.units if u.id == unit_id))
    for item in spec.attire.values():
        chapters.append(
            (f"Trang phục: {item.label}",
             lambda s, i=item: attire_page(s, spec, i, record))
        )  # fmt: skip
    cover = Sheet(worker, style, "cover")
    brand.cover(cover, spec, logo)
    contents = Sheet(worker, style, "contents")
    brand.contents(contents, [(n + 3, title) for n, (title, _) in enumerate(chapters)])
    sheets = [cover, contents]
    for n, (_, draw) in enumerate(chapters):
        sheet = Sheet(worker, style, f"page-{n + 3}")
        draw(sheet)  # type: ignore[operator]
        sheets.append(sheet)
    pages = []
    for n, sheet in enumerate(sheets):
        if n > 0:
            sheet.text(267, 198, 15, 5, str(n + 1), size=7, align="right")
        pages.append(sheet.page(record))
    return pages


def _render(worker: Worker, pages: list[Page]) -> tuple[bytes, list[bytes]]:
    """The pages drawn by the print renderer and declared PDF/X-4, as every print file is, and
    each page's key."""
    from brandkit.render.misuse import add_misuse_logos

    spec_file = worker.spec_file
    spec = spec_file.spec
    style = Style.of(worker)
    renderer = worker.renderer()
    logo = next(iter(spec.logos))
    path = spec_file.resolve(spec.logos[logo])
    add_misuse_logos(renderer, logo, path, style.inks, style.inks[style.accent])
    title = f"Cẩm nang nhận diện thương hiệu – {spec.name}"
    buffer = io.BytesIO()
    subject = "Cẩm nang nhận diện thương hiệu"
    rendered = renderer.render(pages, buffer, title, spec.name, subject, worker.intent)
    return buffer.getvalue(), rendered.page_keys
