"""The print order: dates as people write them, the file's fields over the spec's, problems
located on their lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brandkit.errors import SpecError
from brandkit.spec.load import load_spec
from brandkit.spec.order import Order, load_order, merge_orders, parse_date
from tests.conftest import SpecCopy


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2026-12-20", "2026-12-20"),
        ("20/12/2026", "2026-12-20"),
        ("1/2/2027", "2027-02-01"),
        (" 29/02/2028 ", "2028-02-29"),
        (dt.date(2026, 12, 6), "2026-12-06"),  # YAML reads an unquoted ISO date as a date
    ],
)
def test_dates_iso_or_day_month_year(written: object, iso: str) -> None:
    assert parse_date(written) == iso


@pytest.mark.parametrize(
    "written", ["31/02/2026", "2026-13-01", "12/20/2026", "20.12.2026", "tomorrow", "", 20261220]
)
def test_anything_else_is_not_a_date(written: object) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(written)


def test_the_order_file_wins_field_by_field() -> None:
    spec = Order(customer="Trung tâm", number="ĐH-1", deadline="2026-12-20")
    given = Order(number="ĐH-2", notes="Gấp")
    merged = merge_orders(spec, given)
    assert merged is not None
    assert (merged.customer, merged.number, merged.deadline, merged.notes) == (
        "Trung tâm", "ĐH-2", "2026-12-20", "Gấp",
    )  # fmt: skip
    assert merge_orders(None, given) == given and merge_orders(spec, None) == spec
    assert merge_orders(None, None) is None


def test_every_problem_of_an_order_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "order.yaml"
    path.write_text("number: ĐH-1\nordered: 32/12/2026\nphone: 912345678\ndate: x\n", "utf-8")
    with pytest.raises(SpecError) as caught:
        load_order(path, "order.yaml")
    lines = sorted(str(p) for p in caught.value.problems)
    assert lines[0].startswith("order.yaml:2: ordered: '32/12/2026' is not a date")
    assert lines[1].startswith("order.yaml:3: phone: expected text")
    assert lines[2].startswith("order.yaml:4: date: unknown key 'date'")


def test_the_spec_may_carry_an_order(spec_copy: SpecCopy) -> None:
    spec_copy.edit(
        "\nlanguage: vi\n", "\nlanguage: vi\norder: {number: ĐH-9, deadline: 1/3/2027}\n"
    )
    order = load_spec(spec_copy.path).spec.order
    assert order is not None and (order.number, order.deadline) == ("ĐH-9", "2027-03-01")
    spec_copy.edit("deadline: 1/3/2027", "deadline: 30/2/2027")
    with pytest.raises(SpecError) as caught:
        load_spec(spec_copy.path)
    assert "order.deadline" in str(caught.value) and "is not a date" in str(caught.value)
