"""Message catalogues: every message a person reads, from the command line or the studio, in
Vietnamese (the default) or English.

Messages are written in the code in English as gettext message ids and translated through the
`.po` catalogues beside this file (`vi/*.po`, `en/*.po`; one file per domain: `cli.po`,
`studio.po` …, merged). A message id is a `str.format` template; its fields are filled after
translation, so a translation may reorder them, use another conversion (`{unit}` for the
English `{unit!r}`) or use a field the English leaves out:

    from brandkit.i18n import translator
    _ = translator("vi")
    _("Unit not found: {unit}", unit="phuong-xyz")

Library code cannot know the reader's language, so it says what it means as a `Message`: the
English text (it is a `str`, so logs, tests and `str()` read English) that keeps its id and
fields, for the command line or the studio to show in the reader's language with `_(message)`.
A field may itself be a `Message`, or an object with an `in_language(_)` method (a located
`Problem`); it is translated with the message holding it.

Help texts are marked with `N_("…")` (it returns its argument) so the catalogue test finds
them; click's no-rewrap marker `\\b` is written `\\b` in the `.po` files.

The language: `--lang vi|en`, else the environment variable BRANDKIT_LANG, else the locale
(LC_ALL, LC_MESSAGES, LANG), else Vietnamese.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
CATALOGUES = Path(__file__).parent


class Message(str):
    """An English message that keeps its message id and fields, to be shown in any language."""

    id: str
    fields: dict[str, object]

    def __new__(cls, message_id: str, /, **fields: object) -> Message:
        self = super().__new__(cls, message_id.format(**fields) if fields else message_id)
        self.id = message_id
        self.fields = fields
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # a worker process sends it whole
        return (_message, (self.id, self.fields))


def _message(message_id: str, fields: dict[str, object]) -> Message:
    return Message(message_id, **fields)


def N_(message_id: str) -> str:
    """Marks `message_id` for the catalogue where it is translated later (help texts)."""
    return message_id


def language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: `explicit`, else BRANDKIT_LANG, else the locale, else Vietnamese."""
    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get("BRANDKIT_LANG")):
        if candidate:
            code = _code(candidate)
            if code:
                return code
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return _code(value) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def _code(value: str) -> str | None:
    code = value.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return code if code in LANGUAGES else None


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(lang: str) -> Mapping[str, str]:
    """Message id → translation for `lang`, from every `.po` file of that language."""
    from babel.messages.pofile import read_po  # 20 ms; only when a message is translated

    messages: dict[str, str] = {}
    folder = CATALOGUES / lang
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else ():
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                if message.id and isinstance(message.id, str) and message.string:
                    key = message.id.replace("\\b", "\b")
                    messages[key] = str(message.string).replace("\\b", "\b")
    return messages


def translator(lang: str | None = None) -> Callable[..., str]:
    """`_(message_id, **fields)` or `_(message)`: the message in `lang` (see `language`), fields
    filled in (a `Message` field translated too). A message with no translation, or whose
    translation names a field the message lacks, is shown as written (English)."""
    code = language(lang)

    def _(message_id: str, /, **fields: object) -> str:
        if isinstance(message_id, Message) and not fields:
            message = message_id
            message_id, fields = message.id, message.fields
        text = catalogue(code).get(message_id, message_id)
        if not fields:
            return text
        shown = {k: _shown(v, _) for k, v in fields.items()}
        try:
            return text.format(**shown)
        except (KeyError, IndexError, ValueError):
            return message_id.format(**shown)

    return _


def _shown(value: object, _: Callable[..., str]) -> object:
    """A field's value as `_` shows it."""
    if isinstance(value, Message):
        return _(value)
    in_language = getattr(value, "in_language", None)
    return in_language(_) if callable(in_language) else value


# The system's words for the failures people meet most (Linux's, which the message ids are).
_OS_REASONS = {
    errno.ENOENT: Message("No such file or directory"),
    errno.EACCES: Message("Permission denied"),
    errno.EPERM: Message("Operation not permitted"),
    errno.ENOSPC: Message("No space left on device"),
    errno.EISDIR: Message("Is a directory"),
    errno.ENOTDIR: Message("Not a directory"),
}


def said(exc: BaseException) -> str:
    """What an exception says: the `Message` it was raised with, else its text."""
    return exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written: the system's words, as a `Message` when they
    are ones the catalogue translates."""
    text = exc.strerror or str(exc)
    known = _OS_REASONS.get(exc.errno or 0)
    return known if known is not None and known == text else text
