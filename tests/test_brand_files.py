"""Brand-wide files: the expected paths once each, right sizes, same bytes every time."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import PurePosixPath

import pytest
from PIL import Image

from brandkit import brand_files as brand_files_module
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


@pytest.fixture
def own_cache(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """A user cache of the test's own, and a count of the times the icons are drawn."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    drawn: list[int] = []
    real = brand_files_module.icon_set

    def counted(*args, **kwargs):
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(brand_files_module, "icon_set", counted)
    return tmp_path / "cache" / "brandkit" / "brand", drawn


def test_icons_and_tickets_are_drawn_once_per_logo(
    spec_copy, files: list[BrandFile], own_cache
) -> None:
    folder, drawn = own_cache
    first = brand_files(load_spec(spec_copy.path))
    assert first == files  # path, kind, format, bytes and pixel size each
    # Another spec edit than the logos (a colour): the icons are read back, not drawn.
    text = spec_copy.path.read_text(encoding="utf-8")
    spec_copy.path.write_text(text.replace('hex: "#F6C443"', 'hex: "#F6C444"'), encoding="utf-8")
    again = brand_files(load_spec(spec_copy.path))
    assert again[0] != files[0]  # the tokens show the new colour
    assert again[2:] == files[2:]
    assert len(drawn) == 1
    (entry,) = folder.glob("*.json")
    assert entry.stat().st_mode & 0o077 == 0  # the user's alone
    dithered = brand_files(load_spec(spec_copy.path), ticket_method="dither")
    assert len(drawn) == 2  # another way of drawing the tickets: drawn again
    assert dithered != files
    logo = spec_copy.dir / "logos" / "mot-cua.svg"
    logo.write_bytes(logo.read_bytes().replace(b"</svg>", b"<!-- edited --></svg>"))
    edited = brand_files(load_spec(spec_copy.path))
    assert edited[2:] == files[2:]  # the same drawing, drawn again
    assert len(drawn) == 3


def test_a_damaged_entry_is_drawn_again(sample_spec, files: list[BrandFile], own_cache) -> None:
    folder, drawn = own_cache
    brand_files(sample_spec)
    (entry,) = folder.glob("*.json")
    damaged = json.loads(entry.read_text(encoding="utf-8"))
    damaged[2]["data"] = "not base64!"
    entry.write_text(json.dumps(damaged), encoding="utf-8")
    assert brand_files(sample_spec) == files
    assert len(drawn) == 2
    entry.write_text('{"files": "none"}', encoding="utf-8")
    assert brand_files(sample_spec) == files
    assert len(drawn) == 3


def test_files_that_fail_are_not_kept(spec_copy, own_cache) -> None:
    folder, _ = own_cache
    logo = spec_copy.dir / "logos" / "mot-cua.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
        "<script>alert(1)</script></svg>\n",
        encoding="utf-8",
    )
    with pytest.raises(AssetError):
        brand_files(load_spec(spec_copy.path))
    assert not list(folder.glob("*.json"))
