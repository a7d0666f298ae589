"""Derive the sample procedure list `specs/data/procedures.csv` from the reference CSV.

Reads ``specs/data/hanoi-procedures-sample.csv`` (code, name, field of 16 real procedures) and
writes ``specs/data/procedures.csv`` with the Vietnamese headers offices use, adding to each
procedure the processing time, fee and green-lane mark given in ``DETAILS`` below. Those values
are plausible, not authoritative. The output is deterministic: UTF-8 without a byte-order mark,
``\\n`` line ends, the reference's order.

Usage: ``python scripts/make_procedures_sample.py``
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "specs" / "data"
REFERENCE_CSV = DATA / "hanoi-procedures-sample.csv"
PROCEDURES_CSV = DATA / "procedures.csv"

HEADER = [
    "Mã thủ tục",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Làn xanh",
]

SAME_DAY = "Trong ngày"
FREE = "Miễn phí"
GREEN = "x"

# code → (processing time, fee, green-lane mark)
DETAILS: dict[str, tuple[str, str, str]] = {
    "1.001193": (SAME_DAY, FREE, GREEN),
    "1.000689": ("03 ngày làm việc", FREE, ""),
    "1.004884": ("05 ngày làm việc", "5.000 đồng", ""),
    "1.000894": (SAME_DAY, FREE, GREEN),
    "2.000806": ("10 ngày làm việc", "1.500.000 đồng", ""),
    "1.004746": ("05 ngày làm việc", "30.000 đồng", ""),
    "1.000656": (SAME_DAY, FREE, GREEN),
    "1.005461": ("05 ngày làm việc", "5.000 đồng", ""),
    "1.004873": ("03 ngày làm việc", "3.000 đồng", ""),
    "2.000635": (SAME_DAY, "8.000 đồng/bản", GREEN),
    "1.004222": ("07 ngày làm việc", "20.000 đồng", ""),
    "1.001612": ("03 ngày làm việc", "100.000 đồng", GREEN),
    "2.000720": ("03 ngày làm việc", "50.000 đồng", ""),
    "1.001266": ("03 ngày làm việc", FREE, ""),
    "2.001019": ("02 ngày làm việc", "50.000 đồng", ""),
    "2.000908": (SAME_DAY, "8.000 đồng/bản", ""),
}


def main() -> None:
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as f:
        reference = list(csv.DictReader(f))
    codes = [row["code"] for row in reference]
    missing = sorted(set(codes) - set(DETAILS))
    unused = sorted(set(DETAILS) - set(codes))
    if missing or unused:
        raise SystemExit(f"DETAILS is out of step: missing {missing}, not in reference {unused}")
    with PROCEDURES_CSV.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        for row in reference:
            writer.writerow([row["code"], row["name"], row["field"], *DETAILS[row["code"]]])
    green = sum(1 for code in codes if DETAILS[code][2])
    print(f"{len(reference)} procedures ({green} green lane) → {PROCEDURES_CSV.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
