"""The command line: click parses, builds an Options object, calls the build, prints, exits."""

from __future__ import annotations

import signal
from typing import Any

import click

from brandkit import __version__
from brandkit.cli import make, manual, report, serve
from brandkit.cli.common import _global_options
from brandkit.cli.language import Group


@click.group(
    cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@_global_options(hidden=False)
@click.version_option(__version__, prog_name="brandkit")
@click.pass_context
def cli(ctx: click.Context, **_: Any) -> None:
    """Make print-ready PDFs and screen PNGs for one-stop offices from one brand spec.

    \b
    Exit codes: 0 done, 1 bad spec or data (nothing written), 2 bad usage.
    """


for command in (
    make.badges, make.signs, make.envelopes, make.folders, make.boards, make.kiosk, make.make,
    make.build_command, make.icons, report.tokens, report.units, report.validate,
    report.check_command, report.changes_command, report.preflight, report.schema, manual.manual,
    manual.office, manual.attire, serve.serve, serve.users,
):  # fmt: skip
    cli.add_command(command)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM ends a build as Ctrl-C does: workers stopped, temporary files removed, the
    output folder as it was (or as the commit left it, finished by the next build)."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminated)
    cli(prog_name="brandkit")
