"""The YAML parser's commonest reasons (libyaml's and PyYAML's words) as catalogued messages,
so a designer reads a broken spec's syntax error in their language; other reasons are shown as
the parser gives them."""

from __future__ import annotations

import re

from brandkit.i18n import Message

_PHRASES: dict[str, str] = {
    phrase: phrase
    for phrase in (
        Message("mapping values are not allowed in this context"),
        Message("mapping values are not allowed here"),
        Message("while scanning a plain scalar"),
        Message("found a tab character that violates indentation"),
        Message("while scanning for the next token"),
        Message("found character that cannot start any token"),
        Message("while parsing a block mapping"),
        Message("did not find expected key"),
        Message("while parsing a block collection"),
        Message("did not find expected '-' indicator"),
        Message("while parsing a flow sequence"),
        Message("did not find expected ',' or ']'"),
        Message("while parsing a flow mapping"),
        Message("did not find expected ',' or {bracket!r}", bracket="}"),  # a '}' is a field's
        Message("while scanning a quoted scalar"),
        Message("while parsing a quoted scalar"),
        Message("found unexpected end of stream"),
        Message("found unknown escape character"),
        Message("found undefined alias"),
        Message("while scanning a simple key"),
        Message("could not find expected ':'"),
        Message("did not find expected <document start>"),
        Message("expected a single document in the stream"),
        Message("but found another document"),
    )
}
_TAG = re.compile(r"could not determine a constructor for the tag (?P<tag>'[^']*')\Z")


def yaml_phrase(text: str) -> str:
    """One part of the parser's reason (its context or its problem), catalogued if known."""
    tag = _TAG.match(text)
    if tag:
        return Message("could not determine a constructor for the tag {tag}", tag=tag["tag"])
    return _PHRASES.get(text, text)


def yaml_reason(context: str | None, problem: str | None) -> str:
    """The parser's context and problem as one reason ("while … found …")."""
    parts = [yaml_phrase(part) for part in (context, problem) if part]
    if len(parts) == 2:
        return Message("{context} {problem}", context=parts[0], problem=parts[1])
    return parts[0] if parts else Message("malformed YAML")
