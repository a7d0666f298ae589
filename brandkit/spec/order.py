"""The print order a job ticket carries: who ordered, by when, where to deliver (spec `order:`
or `build --order FILE.yaml`, the file winning field by field)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from brandkit.errors import Problem, SpecError
from brandkit.i18n import Message
from brandkit.spec.yamlfile import load_yaml
from brandkit.text import normalise_text

NOT_A_DATE = "{value!r} is not a date: expected 2026-12-06 or 06/12/2026"
_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def parse_date(value: object) -> object:
    """A date written ISO (2026-12-06) or as Vietnamese write it (06/12/2026), as ISO text;
    ValueError for anything else (what YAML already read as a date passes)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day).isoformat()
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise ValueError(NOT_A_DATE.format(value=text))


def _text(value: object) -> object:
    return normalise_text(value) if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_text)]  # as the spec's (spec/model.py imports this)
Date = Annotated[str, BeforeValidator(parse_date)]
"""A calendar date, held as ISO text (2026-12-06)."""


class Order(BaseModel):
    """A print order: what the job ticket's header says besides the unit's files."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    customer: Text | None = Field(default=None, description="who orders: the unit or office")
    contact: Text | None = Field(default=None, description="the contact person's name")
    phone: Text | None = Field(default=None, description="the contact person's phone")
    number: Text | None = Field(default=None, description="the order number, e.g. 'ĐH-2026-041'")
    ordered: Date | None = Field(default=None, description="date ordered: ISO or dd/mm/yyyy")
    deadline: Date | None = Field(default=None, description="date wanted: ISO or dd/mm/yyyy")
    delivery: Text | None = Field(default=None, description="the delivery address")
    notes: Text | None = Field(default=None, description="anything else the print shop needs")


ORDER_FIELDS = tuple(Order.model_fields)


def merge_orders(spec: Order | None, given: Order | None) -> Order | None:
    """The spec's order with every field the order file gives replacing the spec's."""
    if given is None:
        return spec
    if spec is None:
        return given
    return spec.model_copy(update=given.model_dump(exclude_none=True))


def load_order(path: Path, display: str | None = None) -> Order:
    """Read an order file (the schema of the spec's `order:`); every problem located."""
    source = load_yaml(path, display or str(path))
    if not isinstance(source.data, dict):
        raise SpecError(Problem(Message("an order must be a mapping of keys"), source.file, 1))
    try:
        return Order.model_validate(source.data)
    except ValidationError as exc:
        problems = [
            Problem(_message(error), source.file, source.line_of(loc), ".".join(map(str, loc)))
            for error in exc.errors(include_url=False)
            for loc in [tuple(error["loc"])]
        ]
        raise SpecError(problems) from None


def _message(error: Any) -> str:
    """A validation error of an order file as a person reads it."""
    kind, value = error["type"], error.get("input")
    if kind == "extra_forbidden":
        return Message(
            "unknown key {key!r} (expected one of: {keys})",
            key=str(error["loc"][-1]), keys=", ".join(ORDER_FIELDS),
        )  # fmt: skip
    if error["loc"][-1] in ("ordered", "deadline") and kind == "value_error":
        return Message(
            "{value!r} is not a date: expected 2026-12-06 or 06/12/2026", value=str(value).strip()
        )
    if kind == "string_type":
        return Message("expected text, got {value!r}", value=value)
    return str(error["msg"])


def order_fields(order: Order | None) -> dict[str, Any]:
    """The order as the job ticket's JSON carries it: every field, None where not given."""
    if order is None:
        return {}
    return order.model_dump()
