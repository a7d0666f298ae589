"""What every command shares: global options, the options of commands that write, the one
place errors become exit codes, and the build's progress bar and summary."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from brandkit.build.options import Options, Report, TooBigForSheet
from brandkit.cli.language import UsageError, lang_option, language_of, tr
from brandkit.errors import BrandkitError
from brandkit.i18n import N_, os_reason
from brandkit.layout.impose import SheetSize, parse_sheet

DEFAULT_SPEC = Path("specs/hanoi-one-stop.yaml")
DEFAULT_OUT = Path("output")
FORMATS = ("pdf", "png")

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _global_options(hidden: bool) -> Callable[[Any], Any]:
    """--spec/--out/--jobs/--quiet/--lang, accepted before the command and (hidden) after it."""

    def decorate(func: Any) -> Any:
        for option in reversed(
            [
                click.option(
                    "--spec",
                    type=click.Path(path_type=Path, dir_okay=False),
                    default=None,
                    hidden=hidden,
                    help=N_("Brand spec (YAML). Default: specs/hanoi-one-stop.yaml"),
                ),
                click.option(
                    "--out",
                    type=click.Path(path_type=Path, file_okay=False),
                    default=None,
                    hidden=hidden,
                    help=N_("Output folder. Default: output/"),
                ),
                click.option(
                    "--jobs",
                    "-j",
                    type=click.IntRange(min=1, max=64),
                    default=None,
                    hidden=hidden,
                    help=N_("Worker processes. Default: the number of cores."),
                ),
                click.option(
                    "--quiet",
                    "-q",
                    is_flag=True,
                    default=None,
                    hidden=hidden,
                    help=N_("No progress bar or summary; errors are still printed."),
                ),
                lang_option(hidden),
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
            tr()(
                "expected a comma-separated list of {formats}, got {value!r}",
                formats=", ".join(FORMATS), value=value,
            )
        )  # fmt: skip
    return frozenset(parts)


def _fail(error: BrandkitError, what: str = N_("nothing was written")) -> NoReturn:
    """Print `error`'s problems in the command line's language and exit with its code: the one
    place errors become exits. Only a usage error (exit 2) shows click's usage lines."""
    _ = tr()
    if error.exit_code == EXIT_USAGE:
        raise UsageError("; ".join(_(p.message) for p in error.problems))
    for problem in error.problems:
        shown = problem.in_language(_)
        click.echo(shown if problem.file else _("error: {problem}", problem=shown), err=True)
    count = len(error.problems)
    what = _(what)
    # A broken brand rule can only come from the brand rules' module, so it is imported
    # already when the error is one (a command that never checked them does not import it).
    rules = sys.modules.get("brandkit.check")
    if rules is not None and isinstance(error, rules.RuleError):
        what = _("{what} (see `brandkit check`; --force writes anyway)", what=what)
    if count == 1:
        click.echo(_("brandkit: 1 problem; {what}.", what=what), err=True)
    else:
        click.echo(_("brandkit: {count} problems; {what}.", count=count, what=what), err=True)
    sys.exit(error.exit_code)


def _run_build(options: Options, assets: tuple[str, ...] | None, summary: bool = True) -> Report:
    """Build `assets` with a progress bar; print the warnings and (unless `summary` is off or
    the run is quiet) the summary; exit with the error's code on a problem."""
    started = time.perf_counter()
    bar: Any = None
    _ = tr()

    def on_total(total: int) -> None:
        nonlocal bar
        if not options.quiet and total:
            bar = click.progressbar(
                length=total, label=_("Building"), file=sys.stderr, show_pos=True,
                item_show_func=lambda unit: unit or "",
            )  # fmt: skip
            bar.__enter__()

    def progress(step: int, unit: str) -> None:
        if bar is not None:
            bar.update(step, unit)

    def on_wait() -> None:
        click.echo(
            _("Another build is writing to {out}/: waiting for it…", out=options.out), err=True
        )

    from brandkit.build.quick import nothing_changed

    try:
        # A build with nothing to do says so without the build (or its imports) at all.
        report = nothing_changed(options, (assets, True), on_wait)
        if report is None:
            from brandkit.build.pipeline import build
            from brandkit.documents import Documents

            report = build(
                options, assets, progress, on_total, on_wait, extras=Documents.of,
                quick_checked=True,
            )  # fmt: skip
    except OSError as exc:
        _close(bar)
        reason = _(os_reason(exc)) + (f": {exc.filename}" if exc.filename else "")
        click.echo(_("error: cannot write output: {reason}", reason=reason), err=True)
        sys.exit(EXIT_INPUT)
    except BrandkitError as exc:
        _close(bar)
        _fail(exc)
    _close(bar)
    _warn(report.warnings)
    if not options.quiet and summary:
        _summary(options, report, time.perf_counter() - started)
    return report


def _warn(warnings: Iterable[object]) -> None:
    """Print each warning in the command line's language; the pieces too big for the press
    sheet in one line (they are expected on every build with a sheet: not errors)."""
    _ = tr()
    too_big: list[TooBigForSheet] = []
    for warning in warnings:
        if isinstance(warning, TooBigForSheet) and warning.piece:
            too_big.append(warning)
            continue
        shown = warning.in_language(_) if hasattr(warning, "in_language") else _(str(warning))
        click.echo(_("warning: {warning}", warning=shown), err=True)
    if too_big:
        line = _(
            "not imposed on the {sheet} sheet, too big for it (print them from their own "
            "pages): {pieces}",
            sheet=too_big[0].sheet, pieces=", ".join(w.piece for w in too_big),
        )  # fmt: skip
        click.echo(_("note: {note}", note=line), err=True)


def _figures(report: Any, elapsed: float) -> dict[str, str]:
    """The summary's numbers as the reader writes them: Vietnamese groups thousands with a
    dot and writes a decimal comma ("6.827 tệp", "78,7 giây"), English "6,827" and "78.7"."""
    if language_of() == "vi":
        from babel.numbers import format_decimal  # only to print the summary

        return {
            "pages": format_decimal(report.items, locale="vi"),
            "unchanged": format_decimal(report.unchanged, locale="vi"),
            "seconds": format_decimal(round(elapsed, 1), format="0.0", locale="vi"),
        }
    return {
        "pages": str(report.items), "unchanged": f"{report.unchanged:,}",
        "seconds": f"{elapsed:.1f}",
    }  # fmt: skip


def _summary(options: Options, report: Any, elapsed: float) -> None:
    _ = tr()
    rewritten = set(report.rewritten)
    counts = Counter(w.format for w in report.written if w.path in rewritten)
    parts = [
        _("{count} {format}", count=n, format=fmt.upper())
        if n == 1
        else _("{count} {format}s", count=n, format=fmt.upper())
        for fmt, n in counts.items()
    ]
    fields = {
        "written": ", ".join(parts) or _("nothing new"), "out": options.out,
        "manifest": options.out / "manifest.json", **_figures(report, elapsed),
    }  # fmt: skip
    if report.unchanged and report.items == 1:
        text = _(
            "Wrote {written} ({pages} page laid out; {unchanged} unchanged) to {out}/ in "
            "{seconds} s; see {manifest}",
            **fields,
        )
    elif report.unchanged:
        text = _(
            "Wrote {written} ({pages} pages laid out; {unchanged} unchanged) to {out}/ in "
            "{seconds} s; see {manifest}",
            **fields,
        )
    elif report.items == 1:
        text = _(
            "Wrote {written} ({pages} page laid out) to {out}/ in {seconds} s; see {manifest}",
            **fields,
        )
    else:
        text = _(
            "Wrote {written} ({pages} pages laid out) to {out}/ in {seconds} s; see {manifest}",
            **fields,
        )
    click.echo(text, err=True)
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
procedures_option = click.option(
    "--procedures",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Procedure list (.csv or .xlsx). Default: data.procedures.file of the spec.",
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
    metavar="A4|A3|SRA3|SRA2|65x86|79x109|WxHmm",
    default=None,
    callback=_parse_sheet,
    help="Also impose the print pieces N-up on this press sheet, each with its own bleed and "
    "crop marks, a slug line and a colour bar: <unit>/sheets/*.pdf.",
)


wait_option = click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="When another build is writing to the same output folder: wait for it, or stop at "
    "once with exit code 1.",
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
        rebuild_option, wait_option,
    )  # fmt: skip
    for option in options:
        func = option(func)
    return unit_option(format_option(func))


def _comparing(func: Any) -> Any:
    """The options of `changes`: a build's selection, the PNG settings defaulting to what the
    last build used (recorded in its manifest)."""
    options = (
        _global_options(hidden=True),
        sheet_option,
        click.option(
            "--png-trim/--png-full", default=True,
            help=N_("PNG proofs cut to the trim, or the whole sheet. Default: as the last build "
                    "(else --png-trim)."),
        ),
        click.option(
            "--dpi", type=click.IntRange(36, 1200), default=300,
            help=N_("Resolution of PNG proofs. Default: as the last build (else 300)."),
        ),
        click.option(
            "--format", "formats", default="pdf", callback=_parse_formats,
            help=N_("Comma-separated: pdf and/or png. Default: as the last build (else pdf)."),
        ),
    )  # fmt: skip
    for option in options:
        func = option(func)
    return unit_option(func)


def _of_command(command: str) -> tuple[str, ...]:
    """The built-in kinds a shorthand command makes (from the registry: nothing lists them)."""
    from brandkit.build.assets import BUILT_IN

    return tuple(kind.name for kind in BUILT_IN if kind.command == command)


def _make(ctx: click.Context, assets: tuple[str, ...] | None, **params: Any) -> None:
    """Build `assets` (every kind when None) with the command's options."""
    s = _settings(ctx, **{k: params.pop(k) for k in ("spec", "out", "jobs", "quiet")})
    options = Options(spec=s["spec"], out=s["out"], jobs=s["jobs"], quiet=s["quiet"], **params)
    _run_build(options, assets)


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
