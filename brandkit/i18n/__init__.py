"""Message catalogues: every message a person reads, from the command line or the studio, in
Vietnamese (the default) or English.

Messages are written in the code in English as gettext message ids and translated through the
`.po` catalogues beside this file (`vi/*.po`, `en/*.po`; one file per domain: `cli.po`,
`studio.po` …, merged). A message id is a `str.format` template; its fields are filled after
translation, so a translation may reorder them:

    from brandkit.i18n import translator
    _ = translator("vi")
    _("Unit not found: {unit}", unit="phuong-xyz")

The language: `--lang vi|en`, else the environment variable BRANDKIT_LANG, else the locale
(LC_ALL, LC_MESSAGES, LANG), else Vietnamese.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
CATALOGUES = Path(__file__).parent


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
                    messages[message.id] = str(message.string)
    return messages


def translator(lang: str | None = None) -> Callable[..., str]:
    """`_(message_id, **fields)`: the message in `lang` (see `language`), fields filled in.
    A message with no translation is shown as written (English)."""
    code = language(lang)

    def _(message_id: str, /, **fields: object) -> str:
        text = catalogue(code).get(message_id, message_id)
        return text.format(**fields) if fields else text

    return _
