"""Font subset tags: derived from each subset's glyphs, so two different subsets of one font
never share a name, and the same inputs still give the same bytes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pikepdf
import pytest

from brandkit.render.subsets import subset_tag
from tests.cli.conftest import invoke
from tests.conftest import SAMPLE_SPEC

UNITS = ("trung-tam", "phuong-tay-ho")


def subset_names(path: Path) -> dict[str, str]:
    """Each embedded font's name without its tag → its tag; fails on a font named twice."""
    names: dict[str, str] = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font:
                match = re.fullmatch(r"/([A-Z]{6})\+(.+)", str(obj.BaseFont))
                assert match, obj.BaseFont
                assert str(obj.FontDescriptor.FontName) == str(obj.BaseFont)
                tag, font = match.groups()
                assert font not in names or names[font] == tag, (path, font)
                names[font] = tag
    return names


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    outs = []
    for n in range(2):
        out = tmp_path_factory.mktemp(f"tags{n}") / "out"
        args = ["--spec", SAMPLE_SPEC, "--out", out, "-j", "1", "badges", "--sheet", "SRA3"]
        result = invoke(*args, *(a for u in UNITS for a in ("--unit", u)))
        assert result.exit_code == 0, result.output
        outs.append(out)
    return outs[0], outs[1]


def test_different_subsets_have_different_tags(two_builds: tuple[Path, Path]) -> None:
    out = two_builds[0]
    tags = [subset_names(out / u / "badges" / f"{u}-badges.pdf") for u in UNITS]
    # Different people's names: different glyphs of Roboto-Bold, so different tags.
    assert tags[0]["Roboto-Bold"] != tags[1]["Roboto-Bold"]
    assert "AAAAAA" not in {t for names in tags for t in names.values()}


def test_a_sheet_keeps_its_pieces_tags(two_builds: tuple[Path, Path]) -> None:
    out = two_builds[0]
    piece = subset_names(out / UNITS[0] / "badges" / f"{UNITS[0]}-badges.pdf")
    with pikepdf.open(out / UNITS[0] / "sheets" / f"{UNITS[0]}-badges-sra3.pdf") as pdf:
        names = {
            str(o.BaseFont)
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and "/BaseFont" in o
        }
    for font, tag in piece.items():
        assert f"/{tag}+{font}" in names


def test_the_same_inputs_give_the_same_bytes(two_builds: tuple[Path, Path]) -> None:
    first, second = two_builds
    pdfs = sorted(p.relative_to(first) for p in first.rglob("*.pdf"))
    assert len(pdfs) >= 4
    for path in pdfs:
        a = hashlib.sha256((first / path).read_bytes()).hexdigest()
        assert a == hashlib.sha256((second / path).read_bytes()).hexdigest(), path


def test_a_tag_is_six_capitals_from_its_parts() -> None:
    tag = subset_tag(b"Roboto-Bold", b"glyphs")
    assert re.fullmatch(r"[A-Z]{6}", tag)
    assert tag == subset_tag(b"Roboto-Bold", b"glyphs")
    assert tag != subset_tag(b"Roboto-Bold", b"other glyphs")
