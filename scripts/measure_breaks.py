"""How well the kit's text is broken into lines: the share of line breaks that fall inside a
word (between two syllables of one word, "đơn / vị") and of breaks that tear a number from its
unit or label ("30.000 / đồng", "Quầy / 3"), over every text of the chosen units' pieces.

    python scripts/measure_breaks.py [--spec specs/hanoi-one-stop.yaml] [--unit ID]…

The pages are laid out as a build lays them out (nothing is written); a break is judged with
the Vietnamese word list and the spec's `typography.keep` terms. Prints one row per asset kind
and a total.
"""

from __future__ import annotations

import argparse
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from brandkit.build.options import Options
from brandkit.build.pipeline import load_and_validate, prepare
from brandkit.build.plan import plan
from brandkit.build.work import lay_out
from brandkit.layout.page import Item, TextItem, leaves
from brandkit.text.words import Words

KINDS = (
    "badge", "signboard", "door_sign", "counter_sign", "desk_plate", "procedure_board",
    "procedure_handout", "envelope", "folder",
)  # fmt: skip
NUMBER = re.compile(r"^\(?[0-9][0-9.,:/hH–-]*%?[).,;:]?$")


def texts(items: tuple[Item, ...]) -> Iterator[TextItem]:
    return (item for item in leaves(items) if isinstance(item, TextItem))


def judge(lines: list[str], words: Words) -> tuple[int, int, int]:
    """(breaks, breaks inside a word, breaks tearing a number) of one text's lines."""
    inside = torn = 0
    pieces = words.split(" ".join(lines))
    ends = set()  # after how many space-separated pieces each word ends
    position = 0
    for word in pieces:
        position += word.count(" ") + 1
        ends.add(position)
    position = 0
    for first, second in itertools.pairwise(lines):
        position += first.count(" ") + 1
        if position not in ends:
            left, right = first.split(" ")[-1], second.split(" ")[0]
            if NUMBER.match(left) or NUMBER.match(right):
                torn += 1
            else:
                inside += 1
    return len(lines) - 1, inside, torn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=Path("specs/hanoi-one-stop.yaml"))
    parser.add_argument("--unit", action="append", default=[])
    parser.add_argument("--all", action="store_true", help="every unit of the spec")
    args = parser.parse_args()
    units = tuple(args.unit) or ("trung-tam", "chi-nhanh-03", "phuong-van-mieu-quoc-tu-giam")
    units = () if args.all else units
    spec_file, registry = load_and_validate(args.spec, None)
    words = Words(tuple(getattr(getattr(spec_file.spec, "typography", None), "keep", ())))
    options = Options(spec=args.spec, out=Path("/nonexistent"), units=units)
    kinds = tuple(k for k in KINDS if k in registry.names)
    planned = plan(spec_file, registry, options, kinds)
    worker = prepare(planned)
    totals: dict[str, Counter[str]] = {}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for job in planned.jobs:
        pages, _, _ = lay_out(worker, job)
        count = totals.setdefault(job.asset, Counter())
        for page in pages:
            for item in texts(page.background + page.items):
                lines = [line.text for line in item.lines]
                if (job.template, tuple(lines)) in seen:
                    continue  # a text repeated on every page counts once
                seen.add((job.template, tuple(lines)))
                breaks, inside, torn = judge(lines, words)
                count.update(texts=1, breaks=breaks, inside=inside, torn=torn)
    print(f"{'asset':20} {'texts':>6} {'breaks':>7} {'in a word':>10} {'torn numbers':>13}")
    total: Counter[str] = Counter()
    for asset, count in totals.items():
        total.update(count)
        _row(asset, count)
    _row("all", total)


def _row(name: str, count: Counter[str]) -> None:
    breaks = count["breaks"] or 1
    print(
        f"{name:20} {count['texts']:6d} {count['breaks']:7d} "
        f"{count['inside']:4d} ({100 * count['inside'] / breaks:4.1f} %) "
        f"{count['torn']:5d} ({100 * count['torn'] / breaks:4.1f} %)"
    )


if __name__ == "__main__":
    main()
