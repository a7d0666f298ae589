"""Real builds of the sample spec shared by several test modules: each made once per session."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import invoke
from tests.conftest import SAMPLE_SPEC


@dataclass(frozen=True)
class Built:
    out: Path
    stdout: str
    stderr: str

    def manifest(self) -> dict[str, dict[str, Any]]:
        """The manifest's entries by path."""
        document = json.loads((self.out / "manifest.json").read_text(encoding="utf-8"))
        return {e["path"]: e for e in document["files"]}


_built: dict[tuple[str, ...], Built] = {}


def build_once(factory: pytest.TempPathFactory, *args: str) -> Built:
    """`brandkit --spec <sample> --out <new folder> -j 1 ARGS…`, made once per session."""
    if args not in _built:
        out = factory.mktemp("sample") / "out"
        result = invoke("--spec", SAMPLE_SPEC, "--out", out, "-j", "1", *args)
        assert result.exit_code == 0, result.output
        _built[args] = Built(out, result.stdout, result.stderr)
    return _built[args]


FULL_SRA3 = ("build", "--unit", "trung-tam", "--sheet", "SRA3")
"""Everything for the Trung tâm, imposed on SRA3 (the PDF/X and sheet tests read it)."""
