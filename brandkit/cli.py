"""The command line: click parses, builds an Options object, calls the build, prints, exits."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from click.core import ParameterSource

from brandkit import __version__
from brandkit.build import (
    BUILT_IN,
    Options,
    TooBigForSheet,
    build,
    check,
    default_jobs,
)
from brandkit.build import (
    validate as validate_spec,
)
from brandkit.check import RuleError, format_report
from brandkit.errors import BrandkitError
from brandkit.layout.impose import SheetSize, parse_sheet

DEFAULT_SPEC = Path("specs/hanoi-one-stop.yaml")
DEFAULT_OUT = Path("output")
FORMATS = ("pdf", "png")

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _global_options(hidden: bool) -> Callable[[Any], Any]:
    """--spec/--out/--jobs/--quiet, accepted before the command and (hidden) after it."""

    def decorate(func: Any) -> Any:
        for option in reversed(
            [
                click.option(
                    "--spec",
                    type=click.Path(path_type=Path, dir_okay=False),
                    default=None,
                    hidden=hidden,
                    help=f"Brand spec (YAML). Default: {DEFAULT_SPEC}",
                ),
                click.option(
                    "--out",
                    type=click.Path(path_type=Path, file_okay=False),
                    default=None,
                    hidden=hidden,
                    help=f"Output folder. Default: {DEFAULT_OUT}/",
                ),
                click.option(
                    "--jobs",
                    "-j",
                    type=click.IntRange(min=1, max=64),
                    default=None,
                    hidden=hidden,
                    help=f"Worker processes. Default: the number of cores ({default_jobs()}).",
                ),
                click.option(
                    "--quiet",
                    "-q",
                    is_flag=True,
                    default=None,
                    hidden=hidden,
                    help="No progress bar or summary; errors are still printed.",
                ),
            ]
        ):
            func = option(func)
        return func

    return decorate


def _settings(ctx: click.Context, **local: Any) -> dict[str, Any]:
    """Global options, those written after the command winning over those before it."""
    root = ctx.find_root().params
    merged = {k: (local.get(k) if local.get(k) is not None else root.get(k)) for k in root}
    return {
        "spec": merged["spec"] or DEFAULT_SPEC,
        "out": merged["out"] or DEFAULT_OUT,
        "jobs": merged["jobs"] or 0,
        "quiet": bool(merged["quiet"]),
    }


def _parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> frozenset[str]:
    parts = {p.strip().lower() for p in value.split(",") if p.strip()}
    unknown = parts - set(FORMATS)
    if unknown or not parts:
        raise click.BadParameter(
            f"expected a comma-separated list of {', '.join(FORMATS)}, got {value!r}"
        )
    return frozenset(parts)


def _fail(error: BrandkitError, what: str = "nothing was written") -> NoReturn:
    """Print `error`'s problems and exit with its code: the one place errors become exits."""
    if error.exit_code == EXIT_USAGE:
        raise click.UsageError("; ".join(p.message for p in error.problems))
    for problem in error.problems:
        click.echo(f"error: {problem}" if not problem.file else str(problem), err=True)
    count = len(error.problems)
    noun = "problem" if count == 1 else "problems"
    if isinstance(error, RuleError):
        what += " (see `brandkit check`; --force writes anyway)"
    click.echo(f"brandkit: {count} {noun}; {what}.", err=True)
    sys.exit(error.exit_code)


def _run_build(options: Options, assets: tuple[str, ...] | None) -> None:
    started = time.perf_counter()
    bar: Any = None

    def on_total(total: int) -> None:
        nonlocal bar
        if not options.quiet and total:
            bar = click.progressbar(
                length=total, label="Building", file=sys.stderr, show_pos=True,
                item_show_func=lambda unit: unit or "",
            )  # fmt: skip
            bar.__enter__()

    def progress(step: int, unit: str) -> None:
        if bar is not None:
            bar.update(step, unit)

    try:
        report = build(options, assets, progress, on_total)
    except OSError as exc:
        _close(bar)
        click.echo(f"error: cannot write output: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    except BrandkitError as exc:
        _close(bar)
        _fail(exc)
    _close(bar)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not options.quiet:
        _summary(options, report, time.perf_counter() - started)


def _summary(options: Options, report: Any, elapsed: float) -> None:
    rewritten = set(report.rewritten)
    counts = Counter(w.format for w in report.written if w.path in rewritten)
    parts = [f"{n} {fmt.upper()}" + ("s" if n != 1 else "") for fmt, n in counts.items()]
    same = f"; {report.unchanged:,} unchanged" if report.unchanged else ""
    click.echo(
        f"Wrote {', '.join(parts) or 'nothing new'} ({report.items} pages laid out{same}) "
        f"to {options.out}/ in {elapsed:.1f} s; see {options.out / 'manifest.json'}",
        err=True,
    )
    if 0 < len(report.rewritten) <= 10 and report.unchanged:
        for path in report.rewritten:
            click.echo(f"  {path}", err=True)


T = TypeVar("T")


def _planning(plan: Callable[[], T], what: str) -> T:
    """`plan()`, for a command that writes nothing: a bad --unit or --size is a usage error,
    a bad spec or data is printed and exits 1."""
    try:
        return plan()
    except BrandkitError as exc:
        _fail(exc, what)


def _close(bar: Any) -> None:
    if bar is not None:
        bar.__exit__(None, None, None)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@_global_options(hidden=False)
@click.version_option(__version__, prog_name="brandkit")
@click.pass_context
def cli(ctx: click.Context, **_: Any) -> None:
    """Make print-ready PDFs and screen PNGs for one-stop offices from one brand spec.

    \b
    Exit codes: 0 done, 1 bad spec or data (nothing written), 2 bad usage.
    """


unit_option = click.option(
    "--unit",
    "-u",
    "units",
    multiple=True,
    metavar="ID-OR-NAME",
    help="Only this unit, by id or name (repeatable). Default: every unit.",
)
format_option = click.option(
    "--format",
    "formats",
    default="pdf",
    show_default=True,
    callback=_parse_formats,
    help="Comma-separated: pdf (print) and/or png (proofs).",
)
dpi_option = click.option(
    "--dpi", type=click.IntRange(36, 1200), default=300, show_default=True,
    help="Resolution of PNG proofs.",
)  # fmt: skip
trim_option = click.option(
    "--png-trim/--png-full",
    default=True,
    show_default=True,
    help="PNG proofs cut to the trim, or the whole sheet with bleed and crop marks.",
)


force_option = click.option(
    "--force",
    is_flag=True,
    help="Write assets even if they break a brand rule (contrast, letter height); "
    "see `brandkit check`.",
)
staff_option = click.option(
    "--staff",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Staff list (.xlsx or .csv). Default: data.staff.file of the spec.",
)


def _parse_sheet(ctx: click.Context, param: click.Parameter, value: str | None) -> SheetSize | None:
    if value is None:
        return None
    try:
        return parse_sheet(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


sheet_option = click.option(
    "--sheet",
    metavar="A4|A3|SRA3|SRA2|WxHmm",
    default=None,
    callback=_parse_sheet,
    help="Also impose the print pieces N-up on this press sheet, each with its own bleed and "
    "crop marks, a slug line and a colour bar: <unit>/sheets/*.pdf.",
)


rebuild_option = click.option(
    "--rebuild",
    is_flag=True,
    help="Make every file again. By default a file is remade only when something it is made "
    "from changed (see `brandkit changes`).",
)


def _generating(func: Any) -> Any:
    """The options every command that writes assets shares."""
    options = (
        _global_options(hidden=True), force_option, trim_option, dpi_option, sheet_option,
        rebuild_option,
    )  # fmt: skip
    for option in options:
        func = option(func)
    return unit_option(format_option(func))


def _of_command(command: str) -> tuple[str, ...]:
    """The built-in kinds a shorthand command makes (from the registry: nothing lists them)."""
    return tuple(kind.name for kind in BUILT_IN if kind.command == command)


def _make(ctx: click.Context, assets: tuple[str, ...] | None, **params: Any) -> None:
    """Build `assets` (every kind when None) with the command's options."""
    s = _settings(ctx, **{k: params.pop(k) for k in ("spec", "out", "jobs", "quiet")})
    options = Options(spec=s["spec"], out=s["out"], jobs=s["jobs"], quiet=s["quiet"], **params)
    _run_build(options, assets)


@cli.command()
@staff_option
@_generating
@click.pass_context
def badges(ctx: click.Context, **params: Any) -> None:
    """Staff name badges: one PDF per unit, a page per person.

    \b
    Example:
      brandkit badges --staff my-staff.xlsx --unit "Phường Tây Hồ" --format pdf,png
    """
    _make(ctx, _of_command("badges"), **params)


@cli.command()
@staff_option
@_generating
@click.pass_context
def signs(ctx: click.Context, **params: Any) -> None:
    """Signboard, door sign, counter signs (hanging and desk) and staff desk plates.

    \b
    Writes <out>/<unit>/signs/: <unit>-signboard.pdf, -door-sign.pdf,
    -counter-sign-hanging.pdf and -counter-sign-desk.pdf (a page per counter),
    -desk-plates.pdf (a folding tent card per person).
    Example:
      brandkit signs --unit chi-nhanh-03 --format pdf,png
    """
    _make(ctx, _of_command("signs"), **params)


@cli.command()
@click.option(
    "--size",
    "sizes",
    multiple=True,
    metavar="NAME",
    help="Only this envelope size, as named in the spec (DL, C5, C4 …; repeatable). "
    "Default: every size.",
)
@_generating
@click.pass_context
def envelopes(ctx: click.Context, **params: Any) -> None:
    """Envelopes with the unit's return address, in every size the spec names.

    \b
    Example:
      brandkit envelopes --unit "Phường Tây Hồ" --size DL --size C4
    """
    _make(ctx, _of_command("envelopes"), **params)


@cli.command()
@_generating
@click.pass_context
def folders(ctx: click.Context, **params: Any) -> None:
    """A4 presentation folders laid flat, with the die line in its spot colour.

    \b
    Example:
      brandkit folders --unit trung-tam --format pdf,png
    """
    _make(ctx, _of_command("folders"), **params)


@cli.command()
@click.option(
    "--procedures",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Procedure list (.csv or .xlsx). Default: data.procedures.file of the spec.",
)
@_generating
@click.pass_context
def boards(ctx: click.Context, procedures: Path | None, **params: Any) -> None:
    """Procedure-listing boards (A0 and any other board template) and the A4 handout.

    \b
    A unit's procedures, grouped by field, are set at the table's fixed size and run on to
    as many boards as they need ("Bảng 2/3"): the table header repeats, no row is split and
    no field heading is left at the foot of a board. Each procedure has a QR code to its page
    on the National Public Service Portal; green-lane procedures are marked.
    Writes <out>/<unit>/boards/<unit>-procedure-board.pdf (a page per board) and
    <unit>-procedure-handout.pdf.
    Example:
      brandkit boards --procedures thu-tuc.xlsx --unit "Phường Tây Hồ" --format pdf,png
    """
    _make(ctx, _of_command("boards"), procedures=procedures, **params)


@cli.command()
@click.option(
    "--screen",
    "screens",
    multiple=True,
    metavar="WxH",
    help="Only this screen size, e.g. 1080x1920 (repeatable). Default: every screen the spec "
    "lists.",
)
@_generating
@click.pass_context
def kiosk(ctx: click.Context, screens: tuple[str, ...], **params: Any) -> None:
    """Kiosk screen skins (sRGB PNGs at exactly each screen's size) and queue tickets.

    \b
    Writes <out>/<unit>/kiosk/<WxH>/home.png, idle.png, rate.png and
    <out>/<unit>/kiosk/button/button-{normal,pressed,disabled,text-area}.png;
    <out>/<unit>/ticket/<unit>-ticket-proof.pdf (80 mm roll); and, once for the brand,
    <out>/brand/ticket/: 1-bit logos for 58 mm (384 px) and 80 mm (576 px) thermal
    printers at 203 dpi, as PNG and BMP.
    Example:
      brandkit kiosk --unit "Phường Tây Hồ" --screen 1080x1920
    """
    _make(ctx, _of_command("kiosk"), screens=screens, **params)


def _output_format(choices: list[str], help_text: str) -> Callable[[Any], Any]:
    """`--format` for a command that prints a report or a document in one of `choices`."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help_text,
    )


@cli.command()
@_output_format(["json", "css"], "W3C Design Tokens (JSON) or CSS custom properties.")
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
        _fail(exc, "nothing was printed")
        return
    if output_format == "css":
        click.echo(tokens_css(spec_file.spec, fonts), nl=False)
    else:
        document = design_tokens(spec_file.spec, fonts)
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@cli.command()
@_global_options(hidden=True)
@click.pass_context
def icons(ctx: click.Context, **local: Any) -> None:
    """The logo as a favicon/app-icon set: PNGs from 16 to 512 px and a multi-size .ico.

    \b
    Writes <out>/brand/icons/. Example:
      brandkit icons --out site/
    """
    _make(ctx, _of_command("icons"), **local)


@cli.command()
@click.argument("assets", nargs=-1, required=True, metavar="ASSET...")
@click.option(
    "--template",
    "templates",
    multiple=True,
    metavar="NAME",
    help="Only this template of the kinds asked for (repeatable). Default: all of them.",
)
@staff_option
@click.option(
    "--procedures",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Procedure list (.csv or .xlsx). Default: data.procedures.file of the spec.",
)
@_generating
@click.pass_context
def make(ctx: click.Context, assets: tuple[str, ...], **params: Any) -> None:
    """Any asset kind, built in or declared in the spec (a template's `asset:`).

    \b
    Built-in kinds: badge, signboard, door_sign, counter_sign, desk_plate,
    envelope, folder, procedure_board, procedure_handout, kiosk, ticket_proof,
    ticket_logo, tokens, icon; and every kind the spec's templates declare.
    Examples:
      brandkit make desk_plate --unit phuong-tay-ho
      brandkit make poster --format pdf,png
      brandkit make counter_sign --template counter_sign_desk --unit trung-tam
    """
    _make(ctx, tuple(dict.fromkeys(assets)), **params)


@cli.command()
@staff_option
@_output_format(["table", "json"], "A table for people or JSON for scripts.")
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
    rows = _planning(lambda: list_units(options), "the spec or its data need fixing")
    if output_format == "json":
        document = [dataclasses.asdict(row) for row in rows]
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    click.echo(_units_table(rows))


def _units_table(rows: list[Any]) -> str:
    header = ("id", "name", "kind", "parent", "people", "counters")
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
    lines.append(f"{len(rows)} units")
    return "\n".join(lines)


@cli.command(name="build")
@staff_option
@click.option(
    "--bundle",
    is_flag=True,
    help="Also zip each unit's print PDFs and sheets for the print shop, with a job ticket "
    "(PDF and JSON) and a proof sheet: <unit>/<unit>-print-bundle.zip.",
)
@_generating
@click.pass_context
def build_command(ctx: click.Context, bundle: bool, **params: Any) -> None:
    """Everything, for every unit (or the units given): the main job.

    \b
    Only files whose inputs changed are written again (see `brandkit changes`); every
    PDF written is preflighted first.
    Example:
      brandkit build                      # the whole kit into output/
      brandkit build --sheet SRA3 --bundle   # and press sheets and print-shop zips
      brandkit --jobs 2 build --unit chi-nhanh-03 --format pdf,png
    """
    _make(ctx, None, bundle=bundle, **params)


def _parse_length(ctx: click.Context, param: click.Parameter, value: str) -> float:
    from brandkit.units import parse_length

    try:
        return parse_length(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
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
@_output_format(["table", "json"], "A table for people or JSON for scripts.")
def preflight(
    files: tuple[Path, ...], safe_margin: float, min_dpi: float, output_format: str
) -> None:
    """Check PDFs for print, as a print shop's preflight would: any PDF, ours or a designer's.

    A folder stands for every PDF below it.

    \b
    Checks:
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
      brandkit preflight --safe-margin 5mm --format json poster.pdf > preflight.json
    """
    from brandkit.preflight import as_json, format_table, preflight_pdf

    paths = [p for f in files for p in (sorted(f.rglob("*.pdf")) if f.is_dir() else [f])]
    if not paths:
        raise click.UsageError(f"no PDF in {', '.join(map(str, files))}")
    reports = [
        preflight_pdf(path, str(path), safe_margin=safe_margin, min_dpi=min_dpi) for path in paths
    ]
    if output_format == "json":
        click.echo(json.dumps(as_json(reports), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(reports))
    sys.exit(EXIT_OK if all(r.ok for r in reports) else EXIT_INPUT)


@cli.command(name="changes")
@staff_option
@click.option("--bundle", is_flag=True, help="Also list the print-shop bundles to remake.")
@_generating
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

    s = _settings(ctx, **{k: params.pop(k) for k in ("spec", "out", "jobs", "quiet")})
    params = {k: v for k, v in params.items() if k not in ("force", "rebuild")}
    options = Options(spec=s["spec"], out=s["out"], jobs=s["jobs"], quiet=True, **params)
    given = ("formats", "dpi", "png_trim")
    like_last = all(ctx.get_parameter_source(k) == ParameterSource.DEFAULT for k in given)
    found, unchanged, warnings = _planning(
        lambda: changes(options, None, like_last_build=like_last),
        "the spec or its data need fixing",
    )
    for warning in warnings:
        if not isinstance(warning, TooBigForSheet):  # what build says, not what changes
            click.echo(f"warning: {warning}", err=True)
    if as_json:
        document = {"changes": [c.entry() for c in found], "unchanged": unchanged}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for change in found:
        click.echo(f"{change.status:8} {change.path}")
        for page in change.pages[:20]:
            click.echo(f"{'':8} {page}")
        if len(change.pages) > 20:
            click.echo(f"{'':8} … and {len(change.pages) - 20} more")
    what = f"{len(found):,} file(s) to write" if found else "Nothing to write"
    click.echo(f"{what}; {unchanged:,} up to date in {options.out}/.")


@cli.command(name="check")
@unit_option
@staff_option
@_output_format(["table", "json"], "A table for people or JSON for scripts.")
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
    s = _settings(ctx, **local)
    options = Options(spec=s["spec"], out=s["out"], jobs=s["jobs"], units=units, staff=staff)
    report, warnings = _planning(
        lambda: check(options),
        "the spec or its data need fixing before the rules can be checked",
    )
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if output_format == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report))
    sys.exit(EXIT_OK if report.ok else EXIT_INPUT)


@cli.command()
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
    s = _settings(ctx, **local)
    options = Options(spec=s["spec"], out=s["out"], jobs=s["jobs"], quiet=True, staff=staff)
    report = _planning(lambda: validate_spec(options), "the spec or its data need fixing")
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not s["quiet"]:
        click.echo(f"{options.spec}: ok ({report.items} pages laid out)")


@cli.command()
def schema() -> None:
    """Print the spec's JSON Schema (for editors that complete and check YAML)."""
    from brandkit.spec.model import Spec

    document = Spec.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "brandkit spec"
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="brandkit")
