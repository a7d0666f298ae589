"""The language the command line speaks (`--lang`, BRANDKIT_LANG, the locale; Vietnamese by
default), and click commands whose help is shown in it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from inspect import cleandoc
from typing import Any

import click

from brandkit.i18n import LANGUAGES, N_, Message, language, translator

LANG_KEY = "brandkit.lang"  # in click's context meta, which every nested context shares


def _remember(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.meta[LANG_KEY] = value
    return value


def lang_option(hidden: bool) -> Callable[[Any], Any]:
    """`--lang vi|en`, eager so that `--lang en --help` shows English help."""
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=None,
        is_eager=True,
        expose_value=False,
        callback=_remember,
        hidden=hidden,
        help=N_("Language of messages and help: vi or en. Default: BRANDKIT_LANG, else the "
                "locale, else vi."),
    )  # fmt: skip


def language_of(ctx: click.Context | None = None) -> str:
    """The language of the running command: vi or en."""
    ctx = ctx or click.get_current_context(silent=True)
    return language(ctx.meta.get(LANG_KEY) if ctx is not None else None)


def tr(ctx: click.Context | None = None) -> Callable[..., str]:
    """The translator of the running command (see `brandkit.i18n.translator`)."""
    ctx = ctx or click.get_current_context(silent=True)
    return translator(ctx.meta.get(LANG_KEY) if ctx is not None else None)


@contextmanager
def _help_in(command: click.Command, ctx: click.Context) -> Iterator[None]:
    """The help of `command`, of its options and (a group's) of its commands, in the language
    of `ctx`, while it is shown: help texts are English message ids."""
    _ = tr(ctx)
    saved: list[tuple[object, str, str]] = []

    def swap(owner: object, attribute: str) -> None:
        text = getattr(owner, attribute, None)
        if isinstance(text, str) and text:
            saved.append((owner, attribute, text))
            # a docstring is looked up as click shows it: without its indentation
            setattr(owner, attribute, _(text if isinstance(text, Message) else cleandoc(text)))

    swap(command, "help")
    for param in command.get_params(ctx):
        swap(param, "help")
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            swap(sub, "help")
            swap(sub, "short_help")
    try:
        yield
    finally:
        for owner, attribute, text in reversed(saved):
            setattr(owner, attribute, text)


class Command(click.Command):
    """A click command whose help, usage and usage errors speak the command line's language."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:  # click's own (an unknown option, a bad value)
            if isinstance(exc, UsageError):
                raise
            raise UsageError(exc.format_message(), exc.ctx) from None

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _help_in(self, ctx):
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), tr(ctx)("Usage: "))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [
            record
            for param in self.get_params(ctx)
            if not isinstance(param, click.Argument) and (record := _help_record(param, ctx))
        ]
        if records:
            with formatter.section(tr(ctx)("Options")):
                formatter.write_dl(records)


def _help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """click's help line of an option, its bracketed notes ("default: …", "required") in the
    command line's language."""
    record = param.get_help_record(ctx)
    if record is None or not isinstance(param, click.Option):
        return record
    _ = tr(ctx)
    extra = param.get_help_extra(ctx)
    notes = []
    if "envvars" in extra:
        notes.append(_("env var: {var}", var=", ".join(extra["envvars"])))
    if "default" in extra:
        notes.append(_("default: {default}", default=extra["default"]))
    if "range" in extra:
        notes.append(extra["range"])
    if "required" in extra:
        notes.append(_("required"))
    help_text = param.help or ""
    if notes:
        shown = "; ".join(notes)
        help_text = f"{help_text}  [{shown}]" if help_text else f"[{shown}]"
    return record[0], help_text


class Group(Command, click.Group):
    """The root command: its commands listed under a heading in the command line's language."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            rows = [(name, command.get_short_help_str(limit)) for name, command in commands]
            with formatter.section(tr(ctx)("Commands")):
                formatter.write_dl(rows)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        Command.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)


class UsageError(click.UsageError):
    """A usage error (exit 2) shown with click's usage lines, in the command line's language."""

    def show(self, file: Any = None) -> None:
        _ = tr(self.ctx)
        if self.ctx is not None:
            command = f"{self.ctx.command_path} {self.ctx.help_option_names[0]}"
            hint = _("Try {command!r} for help.", command=command)
            usage = f"{self.ctx.get_usage()}\n{hint}\n"
            click.echo(usage, file=file, err=True, color=self.ctx.color)
        click.echo(_("Error: {message}", message=self.format_message()), file=file, err=True)
