"""The commands that report and write nothing: validate, check, changes, preflight, units,
tokens, schema."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from brandkit.build.options import Options, TooBigForSheet
from brandkit.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    _comparing,
    _fail,
    _global_options,
    _output_format,
    _planning,
    _settings,
    _warn,
    staff_option,
    unit_option,
)
from brandkit.cli.language import Command, UsageError, tr
from brandkit.errors import BrandkitError
from brandkit.i18n import N_


def _parse_length(ctx: click.Context, param: click.Parameter, value: str) -> float:
    from brandkit.units import parse_length

    try:
        return parse_length(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command(cls=Command)
@_output_format(["json", "css"], N_("W3C Design Tokens (JSON) or CSS custom properties."))
@_global_options(hidden=True)
@click.pass_context
def tokens(ctx: click.Context, output_format: str, **local: Any) -> None:
    """Print the brand as design tokens for web interfaces (colours, font families, weights).

    \b
    Example:
      brandkit tokens --format css > brand.css
      brandkit tokens --format json > tokens.json
    `brandkit build` also writes both to <out>/brand/.
    """
    from brandkit.fonts import load_fonts
    from brandkit.spec.load import load_spec
    from brandkit.tokens import design_tokens, tokens_css

    s = _settings(ctx, **local)
    try:
        spec_file = load_spec(s["spec"])
        fonts = load_fonts(spec_file)
    except BrandkitError as exc:
        _fail(exc, N_("nothing was printed"))
        return
    if output_format == "css":
        click.echo(tokens_css(spec_file.spec, fonts), nl=False)
    else:
        document = design_tokens(spec_file.spec, fonts)
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@click.command(cls=Command)
@staff_option
@_output_format(["table", "json"], N_("A table for people or JSON for scripts."))
@_global_options(hidden=True)
@click.pass_context
def units(ctx: click.Context, staff: Path | None, output_format: str, **local: Any) -> None:
    """The units of the spec: id, name, kind, parent, people in the staff list, counters.

    \b
    Example:
      brandkit units
      brandkit units --format json > units.json
    """
    from brandkit.build import list_units

    s = _settings(ctx, **local)
    options = Options(spec=s["spec"], out=s["out"], staff=staff)
    rows = _planning(lambda: list_units(options), N_("the spec or its data need fixing"))
    if output_format == "json":
        document = [dataclasses.asdict(row) for row in rows]
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    click.echo(_units_table(rows, tr()))


@click.command(cls=Command)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--safe-margin",
    default="3mm",
    show_default=True,
    callback=_parse_length,
    help="No glyph may lie this close inside the trim (text outside the trim is not checked).",
)
@click.option(
    "--min-dpi", type=click.FloatRange(1, 2400), default=300, show_default=True,
    help="Lowest resolution of an image at its placed size.",
)  # fmt: skip
@_output_format(["table", "json"], N_("A table for people or JSON for scripts."))
def preflight(
    files: tuple[Path, ...], safe_margin: float, min_dpi: float, output_format: str
) -> None:
    """Check PDFs for print, as a print shop's preflight would: any PDF, ours or a designer's.

    A folder stands for every PDF below it; a zip (a print bundle) for every PDF inside it,
    read in memory. A PDF marked not for press (a bundle's job ticket and proof sheet: Info
    /BrandkitRole) is checked as a document: fonts embedded, no missing glyphs.

    \b
    Checks:
      limits         the file asks for bounded work: forms nested at most 32 deep and
                     at most 10 million operators drawn a page, streams at most 64 MiB
                     (256 MiB a file) decompressed (a bomb fails, it never hangs)
      pdfx           PDF/X version in the Info dictionary and the XMP metadata
      output_intent  a GTS_PDFX output intent with a CMYK output ICC profile
      boxes          TrimBox on every page, inside the BleedBox and the MediaBox
      fonts          every font that shows text is embedded
      colour         no DeviceRGB (ICC-based RGB and Lab: warnings)
      images         every image at --min-dpi or more at its placed size
      hairlines      no line thinner than 0.25 pt
      safe_margin    no glyph within --safe-margin of the trim
    Exit status 1 when any file fails.
    \b
    Example:
      brandkit preflight poster.pdf output/trung-tam/signs/*.pdf
      brandkit preflight output/          # every PDF a build wrote
      brandkit preflight output/trung-tam/trung-tam-print-bundle.zip
      brandkit preflight --safe-margin 5mm --format json poster.pdf > preflight.json
    """
    from brandkit.preflight import as_json, format_table
    from brandkit.preflight.bundle import is_bundle, preflight_bundle
    from brandkit.preflight.documents import preflight_file

    paths = [p for f in files for p in (sorted(f.rglob("*.pdf")) if f.is_dir() else [f])]
    if not paths:
        raise UsageError(tr()("no PDF in {files}", files=", ".join(map(str, files))))
    reports = [
        report
        for path in paths
        for report in (
            preflight_bundle(path, str(path), safe_margin=safe_margin, min_dpi=min_dpi)
            if path.suffix.lower() == ".zip" or is_bundle(path)
            else [preflight_file(path, str(path), safe_margin=safe_margin, min_dpi=min_dpi)]
        )
    ]
    if output_format == "json":
        click.echo(json.dumps(as_json(reports), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(reports, tr()))
    sys.exit(EXIT_OK if all(r.ok for r in reports) else EXIT_INPUT)


@click.command(cls=Command, name="changes")
@staff_option
@click.option("--bundle", is_flag=True, help="Also list the print-shop bundles to remake.")
@_comparing
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def changes_command(ctx: click.Context, as_json: bool, **params: Any) -> None:
    """List what `brandkit build` (with the same options) would write, and why.

    \b
    brandkit remembers what each file was made from (output/manifest.json). Unless
    --format, --dpi or --png-trim/--png-full is given, PNGs are compared as the last
    build made them (with or without PNGs, at its resolution). A file is listed when
    it is new, when something it is made from changed (the spec, a staff row, a photo,
    a font, brandkit itself), or when it was deleted or edited by hand;
    for a PDF of many pages (badges, desk plates) the pages that change are named.
    Nothing is written. Example, after adding a person to the staff list:
      brandkit changes
      changed  trung-tam/badges/trung-tam-badges.pdf
               new: Nguyễn Văn An (CB00099), pages 13–14
    """
    from brandkit.build import changes
    from brandkit.build.incremental import CHANGE_WORDS
    from brandkit.documents import Documents

    s = _settings(ctx, **{k: params.pop(k) for k in ("spec", "out", "jobs", "quiet")})
    options = Options(spec=s["spec"], out=s["out"], jobs=s["jobs"], quiet=True, **params)
    given = ("formats", "dpi", "png_trim")
    like_last = all(ctx.get_parameter_source(k) == ParameterSource.DEFAULT for k in given)
    found, unchanged, warnings = _planning(
        lambda: changes(options, None, like_last_build=like_last, extras=Documents.of),
        N_("the spec or its data need fixing"),
    )
    _warn(w for w in warnings if not isinstance(w, TooBigForSheet))  # what build says
    if as_json:
        document = {"changes": [c.entry() for c in found], "unchanged": unchanged}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    _ = tr()
    for change in found:
        click.echo(f"{_(CHANGE_WORDS.get(change.status, change.status)):8} {change.path}")
        for page in change.pages[:20]:
            click.echo(f"{'':8} {_(page)}")
        if len(change.pages) > 20:
            click.echo(f"{'':8} " + _("… and {count} more", count=len(change.pages) - 20))
    if any(c.status == "interrupted" for c in found):
        click.echo(
            _("A build was stopped while it put its files in place: the next build ends it.")
        )
    fields = {"count": f"{len(found):,}", "unchanged": f"{unchanged:,}", "out": options.out}
    if found:
        click.echo(_("{count} file(s) to write; {unchanged} up to date in {out}/.", **fields))
    else:
        click.echo(_("Nothing to write; {unchanged} up to date in {out}/.", **fields))


@click.command(cls=Command, name="check")
@unit_option
@staff_option
@_output_format(["table", "json"], N_("A table for people or JSON for scripts."))
@_global_options(hidden=True)
@click.pass_context
def check_command(
    ctx: click.Context,
    units: tuple[str, ...],
    staff: Path | None,
    output_format: str,
    **local: Any,
) -> None:
    """Check the brand rules on every asset before anything is printed.

    \b
    Rules:
      contrast       WCAG 2 ratio of each text colour on what lies under it
                     (AA: 4.5:1; 3:1 for text from 18 pt, or 14 pt bold)
      letter_height  cap height of each sign text at its smallest against its
                     viewing distance (default rule: 25 mm for every 3 m)
      fit            every text of every record fits at or above its minimum size
      glyphs         every character is in its font
    Exit status 1 when any rule fails. Nothing is written.
    \b
    Example:
      brandkit check --unit "Phường Tây Hồ"
      brandkit check --format json > check.json
    """
    from brandkit.build import check
    from brandkit.check import format_report

    s = _settings(ctx, **local)
    options = Options(spec=s["spec"], out=s["out"], jobs=s["jobs"], units=units, staff=staff)
    report, warnings = _planning(
        lambda: check(options),
        N_("the spec or its data need fixing before the rules can be checked"),
    )
    _warn(warnings)
    if output_format == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report, tr()))
    sys.exit(EXIT_OK if report.ok else EXIT_INPUT)


@click.command(cls=Command)
@click.option(
    "--staff",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also check this staff list. Default: data.staff.file of the spec.",
)
@_global_options(hidden=True)
@click.pass_context
def validate(ctx: click.Context, staff: Path | None, **local: Any) -> None:
    """Check the spec and its data: every problem as `file:line: field: message`.

    Runs every check `build` runs before it draws: the spec, the staff and procedure
    lists, the brand rules (see `brandkit check`), and every record laid out, so text
    that cannot fit and characters a font lacks are found too. Nothing is written.
    """
    from brandkit.build import validate as validate_spec

    s = _settings(ctx, **local)
    options = Options(spec=s["spec"], out=s["out"], jobs=s["jobs"], quiet=True, staff=staff)
    report = _planning(lambda: validate_spec(options), N_("the spec or its data need fixing"))
    _warn(report.warnings)
    if not s["quiet"]:
        click.echo(
            tr()("{spec}: ok ({pages} pages laid out)", spec=options.spec, pages=report.items)
        )


@click.command(cls=Command)
def schema() -> None:
    """Print the spec's JSON Schema (for editors that complete and check YAML)."""
    from brandkit.spec.model import Spec

    document = Spec.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "brandkit spec"
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _units_table(rows: list[Any], _: Callable[..., str]) -> str:
    header = (_("id"), _("name"), _("kind"), _("parent"), _("people"), _("counters"))
    cells = [
        (r.id, r.name, r.kind, r.parent or "–", "–" if r.people is None else str(r.people),
         str(r.counters))
        for r in rows
    ]  # fmt: skip
    widths = [max(len(str(c)) for c in column) for column in zip(header, *cells, strict=True)]
    numeric = {4, 5}
    lines = []
    for row in (header, *cells):
        parts = [
            str(c).rjust(w) if i in numeric else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(parts).rstrip())
    lines.append(_("{count} units", count=len(rows)))
    return "\n".join(lines)
