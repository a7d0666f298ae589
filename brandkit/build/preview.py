"""Previews: the pages a build would make, laid out and drawn as small PNGs in memory, with
nothing written to the output folder (the studio's thumbnails and contact sheets)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from brandkit.build.options import BuildWarning, Options
from brandkit.build.pipeline import load_and_validate, prepare
from brandkit.build.plan import Job, plan
from brandkit.build.work import Worker, lay_out
from brandkit.errors import BrandkitError, Problem
from brandkit.layout.page import Page

THUMBNAIL_WIDTH_PX = 360  # wide enough to read a badge's name, small enough for a grid
MAX_THUMBNAIL_PX = 1_000_000  # a 3 m signboard drawn 360 px wide stays well under this


@dataclass(frozen=True, kw_only=True)
class Thumbnail:
    """One page as a PNG: which job and record it shows, and its pixels."""

    unit: str
    template: str
    asset: str
    page: int  # 1-based, within its PDF
    who: str  # the record the page shows (a person, a counter, the unit)
    png: bytes
    size: tuple[int, int]  # width, height in pixels


@dataclass
class Preview:
    """What a preview made: the thumbnails in build order and the planning warnings."""

    thumbnails: list[Thumbnail]
    warnings: list[BuildWarning]


def preview(
    options: Options,
    assets: tuple[str, ...] | None = None,
    width_px: int = THUMBNAIL_WIDTH_PX,
) -> Preview:
    """Every page `build(options, assets)` would make for the chosen units, drawn `width_px`
    wide (trimmed; screens as they are shown), written nowhere. Every layout problem of every
    page is raised together, as `validate` would report it."""
    spec_file, registry = load_and_validate(options.spec, assets)
    planned = plan(spec_file, registry, options, assets or registry.names)
    worker = prepare(planned)
    thumbnails: list[Thumbnail] = []
    problems: list[Problem] = []
    for job in planned.jobs:
        pages, found, _ = lay_out(worker, job)
        problems += found
        if not found:
            thumbnails += draw_job(worker, job, pages, width_px)
    if problems:
        raise BrandkitError(problems)
    return Preview(thumbnails, list(planned.warnings))


def draw_job(worker: Worker, job: Job, pages: list[Page], width_px: int) -> list[Thumbnail]:
    """The laid-out `pages` of `job` drawn to PDF in memory, then each page to a PNG."""
    from brandkit.render.png import page_image, page_size, png_bytes
    from brandkit.render.png import pages as pdf_pages

    buffer = io.BytesIO()
    title = f"{job.template} – {job.unit}"
    worker.renderer(screen=job.screen).render(pages, buffer, title, worker.spec_file.spec.name)
    out = []
    for index, page in enumerate(pdf_pages(buffer.getvalue())):
        trim = not job.screen
        width_pt, height_pt = page_size(page, trim)
        scale = min(width_px / width_pt, (MAX_THUMBNAIL_PX / (width_pt * height_pt)) ** 0.5)
        image = page_image(page, scale, trim)
        record = job.records[min(index // job.sides, len(job.records) - 1)]
        out.append(
            Thumbnail(
                unit=job.unit,
                template=job.template,
                asset=job.asset,
                page=index + 1,
                who=record.who,
                png=png_bytes(image, 72 * scale),
                size=image.size,
            )
        )
    return out
