"""What each output is made from, as digests: a rebuild writes only what its inputs change."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from brandkit.layout.template import Record

PACKAGE = Path(__file__).resolve().parent


@cache
def code_digest() -> str:
    """brandkit's own code and data: a new version of the tool may draw differently."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".icc", ".json", ".svg", ".ttf"):
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(file_digest(path).encode())
    return digest.hexdigest()


_file_digests: dict[Path, tuple[float, int, str]] = {}


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes (remembered while its size and mtime stay)."""
    stat = path.stat()
    known = _file_digests.get(path)
    if known is not None and known[:2] == (stat.st_mtime, stat.st_size):
        return known[2]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    _file_digests[path] = (stat.st_mtime, stat.st_size, digest)
    return digest


def _plain(value: Any) -> Any:
    """`value` as JSON-able data, leaving out where a record came from (its file and row): a
    row that moves down the staff list prints the same badge."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Path):
        return file_digest(value) if value.is_file() else str(value)
    if hasattr(value, "__dataclass_fields__"):
        fields = {
            name: _plain(getattr(value, name))
            for name in value.__dataclass_fields__
            if name not in ("file", "row")
        }
        return {"type": type(value).__name__, **fields}
    return value


def record_digest(record: Record) -> str:
    """What one page shows: its values, its files' contents (a photo), its table rows. A file
    counts by its bytes, not its path: a staff list moved to another folder prints the same."""
    files = {text: _plain(path) for text, path in record.files.items()}
    values = {
        root: {k: files.get(v, v) if isinstance(v, str) else v for k, v in fields.items()}
        for root, fields in record.values.items()
    }
    data = {
        "values": _plain(values),
        "files": sorted(files.values()),
        "pixels": sorted([files.get(k, k), _plain(v)] for k, v in record.pixels.items()),
        "rows": _plain(record.rows),
    }
    return _digest(data)


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Digests:
    """Digests of a build's shared inputs, computed once per build."""

    shared: str  # code, colours, fonts, logos, colour profile, spec name
    templates: dict[str, str] = field(default_factory=dict)

    def job(self, template: Any, back: Any, params: dict[str, Any], records: Iterable[str]) -> str:
        """The digest of one job: its template (and back), its parameters, its records."""
        return _digest(
            {
                "shared": self.shared,
                "template": template.model_dump(mode="json"),
                "back": back.model_dump(mode="json") if back is not None else None,
                "params": _plain(params),
                "records": list(records),
            }
        )


def shared_digest(spec: Any, fonts: dict[str, Path], logos: dict[str, Path], profile: str) -> str:
    """The inputs every output shares."""
    return _digest(
        {
            "code": code_digest(),
            "name": spec.name,
            "colours": spec.model_dump(mode="json")["colours"],
            "fonts": {role: file_digest(path) for role, path in sorted(fonts.items())},
            "logos": {name: file_digest(path) for name, path in sorted(logos.items())},
            "profile": profile,  # the ICC profile's bytes; the condition is in the spec's dump
            "colour_profile": spec.model_dump(mode="json")["colour_profile"],
        }
    )


def record_changes(
    before: list[tuple[str, str]], now: list[tuple[str, str]], sides: int
) -> list[dict[str, Any]]:
    """How a PDF's pages changed, from its records before and now ((digest, who) each, in page
    order): each new, changed or removed record with its pages in the new PDF (first, last)."""
    old = {who: digest for digest, who in before}
    pages = {who: [i * sides + 1, (i + 1) * sides] for i, (_, who) in enumerate(now)}
    out: list[dict[str, Any]] = []
    for digest, who in now:
        if who not in old:
            out.append({"change": "new", "who": who, "pages": pages[who]})
        elif old[who] != digest:
            out.append({"change": "changed", "who": who, "pages": pages[who]})
    current = {who for _, who in now}
    out += [
        {"change": "removed", "who": who, "pages": None} for _, who in before if who not in current
    ]
    return out


def page_range(pages: list[int], word: str = "page", plural: str = "pages") -> str:
    """`page 4` or `pages 7–8`."""
    first, last = pages
    return f"{word} {first}" if first == last else f"{plural} {first}–{last}"
