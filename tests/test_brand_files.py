"""Brand-wide files: the expected paths once each, right sizes, same bytes every time."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import PurePosixPath

import pytest
from PIL import Image

from brandkit.brand_files import BrandFile, brand_files
from brandkit.errors import AssetError
from brandkit.fonts import load_fonts
from brandkit.render.raster import ICO_SIZES, ICON_SIZES
from brandkit.spec import load_spec
from brandkit.tokens import design_tokens, tokens_css


@pytest.fixture(scope="module")
def files(sample_spec) -> list[BrandFile]:
    return brand_files(sample_spec)


def by_path(files: list[BrandFile]) -> dict[str, BrandFile]:
    return {f.path: f for f in files}


def test_paths_are_the_expected_ones_once_each(sample_spec, files: list[BrandFile]) -> None:
    paths = [f.path for f in files]
    assert len(paths) == len(set(paths))
    logo = next(iter(sample_spec.spec.logos))
    assert logo == "emblem"
    expected = [
        "brand/tokens.json",
        "brand/tokens.css",
        *(f"brand/icons/emblem-{size}.png" for size in ICON_SIZES),
        "brand/icons/emblem.ico",
        "brand/ticket/emblem-line-58mm-384px.png",
        "brand/ticket/emblem-line-58mm-384px.bmp",
        "brand/ticket/emblem-line-80mm-576px.png",
        "brand/ticket/emblem-line-80mm-576px.bmp",
    ]
    assert paths == expected
    for path in paths:
        pure = PurePosixPath(path)
        assert not pure.is_absolute() and ".." not in pure.parts


def test_assets_and_formats(files: list[BrandFile]) -> None:
    kinds = {(f.asset, f.format) for f in files}
    assert kinds == {
        ("tokens", "json"),
        ("tokens", "css"),
        ("icon", "png"),
        ("icon", "ico"),
        ("ticket_logo", "png"),
        ("ticket_logo", "bmp"),
    }
    for f in files:
        assert f.path.endswith(f".{f.format}")


def test_images_have_the_sizes_they_claim(files: list[BrandFile]) -> None:
    for f in files:
        if f.format in ("png", "bmp"):
            with Image.open(io.BytesIO(f.data)) as image:
                assert image.format == f.format.upper()
                assert image.size == f.pixels, f.path
                assert image.mode == ("RGBA" if f.asset == "icon" else "1"), f.path
        else:
            assert f.pixels is None, f.path
    found = by_path(files)
    for size in ICON_SIZES:
        assert found[f"brand/icons/emblem-{size}.png"].pixels == (size, size)
    assert found["brand/ticket/emblem-line-58mm-384px.png"].pixels[0] == 384  # type: ignore[index]
    assert found["brand/ticket/emblem-line-80mm-576px.bmp"].pixels[0] == 576  # type: ignore[index]
    with Image.open(io.BytesIO(found["brand/icons/emblem.ico"].data)) as ico:
        assert ico.info["sizes"] == {(s, s) for s in ICO_SIZES}


def test_tokens_are_the_spec_tokens(sample_spec, files: list[BrandFile]) -> None:
    found = by_path(files)
    fonts = load_fonts(sample_spec)
    document = json.loads(found["brand/tokens.json"].data.decode("utf-8"))
    assert document == design_tokens(sample_spec.spec, fonts)
    assert found["brand/tokens.json"].data.endswith(b"}\n")
    assert (
        sample_spec.spec.name.encode("utf-8") in found["brand/tokens.json"].data
    )  # not \u escapes
    assert found["brand/tokens.css"].data.decode("utf-8") == tokens_css(sample_spec.spec, fonts)


def test_everything_is_deterministic(sample_spec, files: list[BrandFile]) -> None:
    assert brand_files(sample_spec) == files


def test_no_logos_no_icons(sample_spec) -> None:
    bare = dataclasses.replace(sample_spec, spec=sample_spec.spec.model_copy(update={"logos": {}}))
    assert [f.path for f in brand_files(bare)] == ["brand/tokens.json", "brand/tokens.css"]


def test_dithered_tickets_change_only_the_tickets(sample_spec, files: list[BrandFile]) -> None:
    dithered = by_path(brand_files(sample_spec, ticket_method="dither"))
    for f in files:
        changed = dithered[f.path].data != f.data
        assert changed == (f.asset == "ticket_logo"), f.path


def test_a_bad_logo_points_at_the_spec_line(spec_copy) -> None:
    logo = spec_copy.dir / "logos" / "mot-cua.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
        "<script>alert(1)</script></svg>\n",
        encoding="utf-8",
    )
    spec_file = load_spec(spec_copy.path)
    with pytest.raises(AssetError) as caught:
        brand_files(spec_file)
    (problem,) = caught.value.problems
    assert problem.line == spec_copy.line_of("emblem: logos/mot-cua.svg")
    assert problem.field == "logos.emblem"
    assert "logos/mot-cua.svg" in problem.message and "<script>" in problem.message
