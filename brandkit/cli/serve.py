"""`brandkit serve` (the web studio) and `brandkit users` (its accounts)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from brandkit.cli.common import _global_options, _settings
from brandkit.cli.language import Command, Group, tr
from brandkit.errors import BrandkitError


def _database(ctx: click.Context, params: dict[str, Any]) -> tuple[Path, Path, Path]:
    from brandkit.studio.accounts import database_for

    settings = _settings(ctx, **params)
    spec, out = Path(settings["spec"]), Path(settings["out"])
    return spec, out, database_for(out)


@click.command(cls=Command)
@click.option("--host", default="127.0.0.1", help="Address to listen on. Default: 127.0.0.1.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, help="Port. Default: 8080.")
@_global_options(hidden=True)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, **params: Any) -> None:
    """The web studio: office managers, designers and print shops, in a browser.

    \b
    On 127.0.0.1 (the default) it serves the one person at this computer; on any other
    address it needs accounts (`brandkit users add`), kept beside the output folder in
    <out>.studio.sqlite.
    Example:
      brandkit serve --port 8080
    """
    from brandkit.studio import StudioConfig, create_app, is_loopback
    from brandkit.studio.accounts import Accounts

    _ = tr(ctx)
    spec, out, database = _database(ctx, params)
    if not is_loopback(host) and not (database.is_file() and Accounts(database).exists()):
        click.echo(
            _(
                "The studio does not listen on {host} without accounts: anyone on the network "
                "could open it. Add accounts first (brandkit users add NAME --role …), or "
                "serve on 127.0.0.1.",
                host=host,
            ),
            err=True,
        )
        ctx.exit(1)
    if not spec.is_file():
        click.echo(_("No specification file at {path}.", path=spec), err=True)
        ctx.exit(1)
    import uvicorn

    out.mkdir(parents=True, exist_ok=True)
    app = create_app(StudioConfig(spec=spec, out=out, database=database, host=host))
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        _("The studio is at http://{host}:{port}/ (Ctrl-C stops it).", host=shown, port=port)
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.group(cls=Group)
def users() -> None:
    """The studio's accounts: office managers, designers, print shops."""


@users.command("add", cls=Command)
@click.argument("name")
@click.option(
    "--role", type=click.Choice(["manager", "designer", "printshop"]), required=True,
    help="manager: the units given with --unit; designer: previews and every unit; "
    "printshop: bundles only.",
)  # fmt: skip
@click.option("--unit", "units", multiple=True, metavar="ID", help="A manager's unit (repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@_global_options(hidden=True)
@click.pass_context
def users_add(
    ctx: click.Context,
    name: str,
    role: str,
    units: tuple[str, ...],
    password_stdin: bool,
    **params: Any,
) -> None:
    """Add an account (or change its role, units and password)."""
    from brandkit.spec.load import load_spec
    from brandkit.studio.accounts import AccountError, Accounts

    _ = tr(ctx)
    spec, _out, database = _database(ctx, params)
    try:
        known = {u.id for u in load_spec(spec).spec.units}
    except BrandkitError as exc:
        shown = "\n".join(p.in_language(_) for p in exc.problems)
        raise click.ClickException(shown) from None
    unknown = [u for u in units if u not in known]
    if unknown:
        raise click.BadParameter(
            _("no unit {unit} in the spec", unit=unknown[0]), param_hint="--unit"
        )
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        Accounts(database).add(name, role, password, units)
    except AccountError as exc:
        raise click.ClickException(_(str(exc))) from None
    click.echo(_("Account {name} saved in {path}.", name=name, path=database))


@users.command("list", cls=Command)
@_global_options(hidden=True)
@click.pass_context
def users_list(ctx: click.Context, **params: Any) -> None:
    """The accounts: name, role and units."""
    from brandkit.studio.accounts import Accounts

    _spec, _out, database = _database(ctx, params)
    if not database.is_file():
        return
    for user in Accounts(database).users():
        click.echo(f"{user.name}\t{user.role}\t{' '.join(user.units)}")


@users.command("remove", cls=Command)
@click.argument("name")
@_global_options(hidden=True)
@click.pass_context
def users_remove(ctx: click.Context, name: str, **params: Any) -> None:
    """Remove an account."""
    from brandkit.studio.accounts import Accounts

    _ = tr(ctx)
    _spec, _out, database = _database(ctx, params)
    if not database.is_file() or not Accounts(database).remove(name):
        raise click.ClickException(_("There is no account {name}.", name=name))
    click.echo(_("Account {name} removed.", name=name))
