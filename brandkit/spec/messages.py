"""pydantic's validation errors as catalogued messages: each error type is a message id in
pydantic's own English words, so English output is unchanged, with the expected values kept as
fields for the reader's language."""

from __future__ import annotations

import difflib
from typing import Any

from brandkit.i18n import Message

# pydantic's message of each error type, with its context's fields (pydantic 2's wording).
PYDANTIC_MESSAGES = {
    "string_pattern_mismatch": "String should match pattern '{pattern}'",
    "greater_than": "Input should be greater than {gt}",
    "greater_than_equal": "Input should be greater than or equal to {ge}",
    "less_than": "Input should be less than {lt}",
    "less_than_equal": "Input should be less than or equal to {le}",
    "multiple_of": "Input should be a multiple of {multiple_of}",
    "finite_number": "Input should be a finite number",
    "literal_error": "Input should be {expected}",
    "enum": "Input should be {expected}",
    "int_parsing": "Input should be a valid integer, unable to parse string as an integer",
    "int_type": "Input should be a valid integer",
    "int_from_float": "Input should be a valid integer, got a number with a fractional part",
    "float_parsing": "Input should be a valid number, unable to parse string as a number",
    "float_type": "Input should be a valid number",
    "string_type": "Input should be a valid string",
    "bool_parsing": "Input should be a valid boolean, unable to interpret input",
    "bool_type": "Input should be a valid boolean",
    "dict_type": "Input should be a valid dictionary",
    "model_type": "Input should be a valid dictionary or instance of {class_name}",
    "model_attributes_type": "Input should be a valid dictionary or object to extract fields from",
    "list_type": "Input should be a valid list",
    "tuple_type": "Input should be a valid tuple",
    "string_too_short": "String should have at least {min_length} character{s}",
    "string_too_long": "String should have at most {max_length} character{s}",
    "too_short": "{field_type} should have at least {min_length} item{s} after validation, "
    "not {actual_length}",
    "too_long": "{field_type} should have at most {max_length} item{s} after validation, "
    "not {actual_length}",
}


def error_message(error: Any) -> str:
    """The message of one pydantic error (from `ValidationError.errors()`): a `Message` where
    its type is known and its English is pydantic's own, else pydantic's text."""
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    if kind == "value_error":
        raised = ctx.get("error")
        if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], Message):
            return raised.args[0]
        text = str(error["msg"])
        return text[len("Value error, ") :] if text.startswith("Value error, ") else text
    template = PYDANTIC_MESSAGES.get(kind)
    if template is None:
        return str(error["msg"])
    if "expected" in ctx:
        ctx["expected"] = _choices(str(ctx["expected"]))
    for key, value in ctx.items():  # pydantic writes a bound of 100.0 as 100
        if isinstance(value, float) and value.is_integer():
            ctx[key] = int(value)
    size = ctx.get("min_length", ctx.get("max_length"))
    ctx["s"] = "" if size == 1 else "s"
    try:
        message = Message(template, **{k: v for k, v in ctx.items() if "{" + k in template})
    except (KeyError, IndexError, ValueError):
        return str(error["msg"])
    return message if message == error["msg"] else str(error["msg"])


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" with its 'or' said in the reader's language."""
    first, sep, last = expected.rpartition(" or ")
    return Message("{first} or {last}", first=first, last=last) if sep else expected


def with_input(message: str, value: object) -> str:
    """`message` followed by the value the spec wrote."""
    return Message("{message} (got {value!r})", message=message, value=value)


def unknown_key(key: str, allowed: list[str]) -> str:
    """An unknown key, with the closest known one or the keys allowed there."""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return Message("unknown key {key!r}; did you mean {close!r}?", key=key, close=close[0])
    if allowed:
        return Message(
            "unknown key {key!r} (expected one of: {keys})",
            key=key,
            keys=", ".join(sorted(allowed)),
        )
    return Message("unknown key {key!r}", key=key)


def tag_hint(error: Any) -> str:
    """The element types a union expects, for an unknown or missing `type`."""
    tags = error.get("ctx", {}).get("expected_tags", "")
    return (
        Message("expected one of: {tags}", tags=tags) if tags else Message("see `brandkit schema`")
    )
