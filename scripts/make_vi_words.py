"""Regenerate brandkit/text/vi-words.txt.gz, the Vietnamese word list line breaking keeps
whole, from the word list underthesea publishes on PyPI (its corpus Viet74K.txt, Apache-2.0).

    python scripts/make_vi_words.py [--version 9.5.0]

Only words of two to six syllables are kept (a break is never inside a one-syllable word; the
longer entries are proverbs), one per line, NFC, sorted. A proper name (a place, a person) keeps
its capitals, so line breaking can tell "Chính Công" (a place) from words in "hành chính công";
a word that is also written in lower case is kept in lower case only. gzip with a fixed mtime, so
the same list gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

MEMBER = "underthesea/corpus/data/Viet74K.txt"
OUT = Path(__file__).resolve().parent.parent / "brandkit" / "text" / "vi-words.txt.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="9.5.0", help="underthesea release to read")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", tmp,
             f"underthesea=={args.version}"],
            check=True,
        )  # fmt: skip
        wheel = next(Path(tmp).glob("underthesea-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            text = archive.read(MEMBER).decode("utf-8")
    entries = {" ".join(unicodedata.normalize("NFC", line).split()) for line in text.splitlines()}
    entries = {e for e in entries if 2 <= len(e.split(" ")) <= 6}
    lower = {e for e in entries if e == e.lower()}
    words = lower | {e for e in entries if e.lower() not in lower}
    data = ("\n".join(sorted(words)) + "\n").encode("utf-8")
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(data)
    print(f"{len(words)} words, {OUT.stat().st_size / 1024:.0f} KB: {OUT}")


if __name__ == "__main__":
    main()
