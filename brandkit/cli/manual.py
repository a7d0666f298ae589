"""`brandkit manual` (the brand manual, one PDF/X-4), `brandkit office` (Word letterheads and
e-mail signatures) and `brandkit attire` (the embroiderer's files), made from the spec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from brandkit.cli.common import _fail, _global_options, _settings, staff_option, unit_option
from brandkit.cli.language import Command, tr
from brandkit.errors import BrandkitError


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
    Example:
      brandkit manual
      brandkit --out dist manual --unit phuong-tay-ho
    """
    from brandkit.manual import make_manual

    s = _settings(ctx, **local)
    try:
        made = make_manual(s["spec"], s["out"], unit)
    except BrandkitError as exc:
        _fail(exc)
    if not s["quiet"]:
        click.echo(tr()("Wrote {path} ({pages} pages)", path=made.path, pages=made.pages))


@click.command(cls=Command)
@unit_option
@staff_option
@_global_options(hidden=True)
@click.pass_context
def office(ctx: click.Context, units: tuple[str, ...], staff: Path | None, **local: Any) -> None:
    """Office documents: a Word letterhead per unit, an HTML e-mail signature per person.

    \b
    Writes <out>/<unit>/office/<unit>-letterhead.docx and
    <out>/<unit>/office/signatures/<id>-<name>.html.
    Example:
      brandkit office --unit phuong-tay-ho
    """
    from brandkit.office import make_office

    s = _settings(ctx, **local)
    try:
        made = make_office(s["spec"], s["out"], units, staff)
    except BrandkitError as exc:
        _fail(exc)
    if not s["quiet"]:
        message = "Wrote {letterheads} letterheads and {signatures} e-mail signatures to {out}"
        click.echo(
            tr()(message, letterheads=len(made.letterheads),
                 signatures=len(made.signatures), out=s["out"])
        )  # fmt: skip


@click.command(cls=Command)
@unit_option
@_global_options(hidden=True)
@click.pass_context
def attire(ctx: click.Context, units: tuple[str, ...], **local: Any) -> None:
    """The embroiderer's files: each attire item's mark and unit name at their sizes (PDF/X-4).

    \b
    Writes <out>/<unit>/attire/<unit>-<item>.pdf, every colour a named spot (a thread).
    Example:
      brandkit attire --unit phuong-tay-ho
    """
    from brandkit.attire import make_attire

    s = _settings(ctx, **local)
    try:
        made = make_attire(s["spec"], s["out"], units)
    except BrandkitError as exc:
        _fail(exc)
    if not s["quiet"]:
        click.echo(tr()("Wrote {count} attire files to {out}", count=len(made.paths), out=s["out"]))
