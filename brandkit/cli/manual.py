"""`brandkit manual` (the brand manual, one PDF/X-4), `brandkit office` (Word letterheads and
e-mail signatures) and `brandkit attire` (the embroiderer's files), made from the spec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from brandkit.build.options import Options
from brandkit.cli.common import _global_options, _run_build, _settings, staff_option, unit_option
from brandkit.cli.language import Command, tr


@click.command(cls=Command)
@click.option(
    "--unit",
    "-u",
    "unit",
    default=None,
    metavar="ID-OR-NAME",
    help="The unit whose pieces the manual shows. Default: the spec's first unit.",
)
@_global_options(hidden=True)
@click.pass_context
def manual(ctx: click.Context, unit: str | None, **local: Any) -> None:
    """The brand manual: logo, colours, type, rules and a page per asset kind (PDF/X-4).

    \b
    Writes <out>/brand/brand-manual.pdf, as `brandkit build` does (`brandkit make manual`);
    left as it is when nothing it is made from changed.
    Example:
      brandkit manual
      brandkit --out dist manual --unit phuong-tay-ho
    """
    from brandkit.documents import MANUAL_PATH

    s = _settings(ctx, **local)
    options = Options(spec=s["spec"], out=s["out"], jobs=s["jobs"], quiet=s["quiet"],
                      sample_unit=unit)  # fmt: skip
    report = _run_build(options, ("manual",), summary=False)
    if s["quiet"]:
        return
    path = s["out"] / MANUAL_PATH
    entry = next((e for e in report.written if e.path == MANUAL_PATH), None)
    if entry is not None:
        click.echo(tr()("Wrote {path} ({pages} pages)", path=path, pages=entry.pages))
    else:
        click.echo(tr()("{path} is up to date", path=path))


@click.command(cls=Command)
@unit_option
@staff_option
@_global_options(hidden=True)
@click.pass_context
def office(ctx: click.Context, units: tuple[str, ...], staff: Path | None, **local: Any) -> None:
    """Office documents: a Word letterhead per unit, an HTML e-mail signature per person.

    \b
    Writes <out>/<unit>/office/<unit>-letterhead.docx and
    <out>/<unit>/office/signatures/<id>-<name>.html, as `brandkit build` does
    (`brandkit make office`).
    Example:
      brandkit office --unit phuong-tay-ho
    """
    s = _settings(ctx, **local)
    options = Options(spec=s["spec"], out=s["out"], jobs=s["jobs"], quiet=s["quiet"],
                      units=units, staff=staff)  # fmt: skip
    _run_build(options, ("office",))


@click.command(cls=Command)
@unit_option
@_global_options(hidden=True)
@click.pass_context
def attire(ctx: click.Context, units: tuple[str, ...], **local: Any) -> None:
    """The embroiderer's files: each attire item's mark and unit name at their sizes.

    \b
    Writes <out>/<unit>/attire/<unit>-<item>.pdf (PDF/X-4) and .svg, every colour a named
    spot (a thread), as `brandkit build` does (`brandkit make attire`).
    Example:
      brandkit attire --unit phuong-tay-ho
    """
    s = _settings(ctx, **local)
    options = Options(spec=s["spec"], out=s["out"], jobs=s["jobs"], quiet=s["quiet"],
                      units=units)  # fmt: skip
    _run_build(options, ("attire",))
