"""The commands that write assets: one per family of kinds, `make` for any kind, `build`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from brandkit.cli.common import (
    _generating,
    _global_options,
    _make,
    _of_command,
    procedures_option,
    staff_option,
)
from brandkit.cli.language import Command


@click.command(cls=Command)
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


@click.command(cls=Command)
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


@click.command(cls=Command)
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


@click.command(cls=Command)
@_generating
@click.pass_context
def folders(ctx: click.Context, **params: Any) -> None:
    """A4 presentation folders laid flat, with the die line in its spot colour.

    \b
    Example:
      brandkit folders --unit trung-tam --format pdf,png
    """
    _make(ctx, _of_command("folders"), **params)


@click.command(cls=Command)
@procedures_option
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


@click.command(cls=Command)
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


@click.command(cls=Command)
@_global_options(hidden=True)
@click.pass_context
def icons(ctx: click.Context, **local: Any) -> None:
    """The logo as a favicon/app-icon set: PNGs from 16 to 512 px and a multi-size .ico.

    \b
    Writes <out>/brand/icons/. Example:
      brandkit icons --out site/
    """
    _make(ctx, _of_command("icons"), **local)


@click.command(cls=Command)
@click.argument("assets", nargs=-1, required=True, metavar="ASSET...")
@click.option(
    "--template",
    "templates",
    multiple=True,
    metavar="NAME",
    help="Only this template of the kinds asked for (repeatable). Default: all of them.",
)
@staff_option
@procedures_option
@_generating
@click.pass_context
def make(ctx: click.Context, assets: tuple[str, ...], **params: Any) -> None:
    """Any asset kind, built in or declared in the spec (a template's `asset:`).

    \b
    Built-in kinds: badge, signboard, door_sign, counter_sign, desk_plate,
    envelope, folder, procedure_board, procedure_handout, kiosk, ticket_proof,
    ticket_logo, tokens, icon, manual, office, attire; and every kind the
    spec's templates declare.
    Examples:
      brandkit make desk_plate --unit phuong-tay-ho
      brandkit make poster --format pdf,png
      brandkit make counter_sign --template counter_sign_desk --unit trung-tam
    """
    _make(ctx, tuple(dict.fromkeys(assets)), **params)


@click.command(cls=Command, name="build")
@staff_option
@click.option(
    "--bundle",
    is_flag=True,
    help="Also zip each unit's print PDFs and sheets for the print shop, with a job ticket "
    "(PDF and JSON) and a proof sheet: <unit>/<unit>-print-bundle.zip.",
)
@click.option(
    "--order",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    metavar="FILE.yaml",
    help="The print order for the job tickets (customer, contact, phone, number, dates, "
    "delivery, notes; the spec's order: fields), its fields replacing the spec's.",
)
@_generating
@click.pass_context
def build_command(ctx: click.Context, bundle: bool, order: Path | None, **params: Any) -> None:
    """Everything, for every unit (or the units given): the main job.

    \b
    Only files whose inputs changed are written again (see `brandkit changes`); every
    PDF written is preflighted first.
    Example:
      brandkit build                      # the whole kit into output/
      brandkit build --sheet SRA3 --bundle   # and press sheets and print-shop zips
      brandkit build --sheet 79x109cm --bundle --order order.yaml
      brandkit --jobs 2 build --unit chi-nhanh-03 --format pdf,png
    """
    _make(ctx, None, bundle=bundle, order=order, **params)
