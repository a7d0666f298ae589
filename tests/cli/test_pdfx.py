"""Every print PDF declares PDF/X-4: version, Info keys, XMP, the output intent and its profile.

One real build of the Trung tâm with SRA3 sheets (module-scoped) is checked file by file; a
second build into another folder must give the same bytes. A spec may name its own profile;
one that is not a CMYK output profile, or named without its condition, is refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from brandkit.colour import BUNDLED_PROFILE
from tests.cli.conftest import invoke, written_files
from tests.cli.sample_builds import FULL_SRA3, build_once
from tests.conftest import REPO_ROOT, SAMPLE_SPEC, SpecCopy

UNIT = "trung-tam"
PROFILE = REPO_ROOT / "brandkit" / "profiles" / "FOGRA39-brandkit.icc"


def manifest_entries(out: Path) -> list[dict[str, Any]]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]


def pdfs(out: Path) -> list[str]:
    """The PDFs the manifest lists (single pieces and sheets), checked against the disk."""
    listed = sorted(e["path"] for e in manifest_entries(out) if e["format"] == "pdf")
    on_disk = sorted(p for p in written_files(out) if p.endswith(".pdf"))
    assert listed == on_disk
    return listed


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory, *FULL_SRA3).out


def test_the_build_made_pieces_and_sheets(built: Path) -> None:
    paths = pdfs(built)
    sheets = [p for p in paths if p.startswith(f"{UNIT}/sheets/")]
    pieces = [p for p in paths if p not in sheets]
    # Badges, signs, envelopes, folders, boards, the ticket proof; and their sheets.
    assert f"{UNIT}/badges/{UNIT}-badges.pdf" in pieces
    assert f"{UNIT}/sheets/{UNIT}-badges-sra3.pdf" in sheets
    assert f"{UNIT}/sheets/{UNIT}-desk-plates-sra3.pdf" in sheets
    assert len(pieces) >= 10 and len(sheets) >= 5
    assert any(p.endswith(".png") for p in written_files(built))  # not checked as PDFs


def version(pdf: pikepdf.Pdf) -> tuple[int, ...]:
    return tuple(int(part) for part in pdf.pdf_version.split("."))


def check_pdfx(path: Path, profile: bytes, identifier: str = "FOGRA39") -> None:
    """Everything a PDF/X-4 file declares, as the preflight of a print shop reads it."""
    with pikepdf.open(path) as pdf:
        assert version(pdf) >= (1, 6), pdf.pdf_version
        info = pdf.docinfo
        assert str(info.get("/GTS_PDFXVersion")) == "PDF/X-4"
        trapped = info.get("/Trapped")
        assert isinstance(trapped, pikepdf.Name) and trapped == pikepdf.Name("/False")
        assert str(info.get("/Title", "")).strip()
        assert str(info.get("/CreationDate", "")).startswith("D:")
        assert str(info.get("/ModDate", "")).startswith("D:")
        assert "/ID" in pdf.trailer and len(pdf.trailer.ID) == 2
        assert not pdf.is_encrypted
        # XMP: the same version, and the document's identity.
        metadata_stream = pdf.Root.Metadata
        assert metadata_stream.Type == pikepdf.Name.Metadata
        assert metadata_stream.Subtype == pikepdf.Name.XML
        meta = pdf.open_metadata()
        assert meta.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
        assert str(meta.get("xmpMM:DocumentID", "")).startswith("uuid:")
        assert str(meta.get("xmpMM:InstanceID", "")).startswith("uuid:")
        assert meta.get("pdf:Trapped") == "False"
        # The Info dictionary and the XMP say the same of the document.
        assert meta.get("dc:title") == str(info.Title)
        assert meta.get("dc:creator") == [str(info.Author)]
        assert meta.get("pdf:Producer") == str(info.Producer)
        assert meta.get("xmp:CreatorTool") == str(info.Creator)
        if "/Subject" in info:
            assert meta.get("dc:description") == str(info.Subject)
        assert "/Keywords" not in info or meta.get("pdf:Keywords") == str(info.Keywords)
        d = str(info.CreationDate)  # D:YYYYMMDDHHmmSS…, the same instant as the XMP's
        when = f"{d[2:6]}-{d[6:8]}-{d[8:10]}T{d[10:12]}:{d[12:14]}:{d[14:16]}"
        assert str(meta.get("xmp:CreateDate", "")).startswith(when)
        assert str(meta.get("xmp:ModifyDate", "")).startswith(when)
        # The output intent: the printing condition and its ICC profile.
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        intent = intents[0]
        assert intent.get("/Type") == pikepdf.Name.OutputIntent
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == identifier
        assert str(intent.get("/OutputCondition", "")).strip()
        destination = intent.DestOutputProfile
        assert int(destination.N) == 4
        assert destination.read_bytes() == profile
        # Every page says where it is trimmed and how far its bleed runs.
        assert len(pdf.pages) >= 1
        for number, page in enumerate(pdf.pages, start=1):
            assert "/TrimBox" in page.obj and "/BleedBox" in page.obj, f"page {number}"
            assert "/Trans" not in page.obj  # no slide-show transitions in a print file
            media = [float(v) for v in page.MediaBox]
            bleed = [float(v) for v in page.BleedBox]
            trim = [float(v) for v in page.TrimBox]
            for outer, inner in ((media, bleed), (bleed, trim)):
                assert outer[0] <= inner[0] + 0.01 and outer[1] <= inner[1] + 0.01
                assert inner[2] <= outer[2] + 0.01 and inner[3] <= outer[3] + 0.01


def test_every_pdf_declares_pdfx4(built: Path) -> None:
    profile = BUNDLED_PROFILE.read_bytes()
    assert profile == PROFILE.read_bytes()
    checked = []
    for path in pdfs(built):
        try:
            check_pdfx(built / path, profile)
        except AssertionError as exc:
            raise AssertionError(f"{path}: {exc}") from exc
        checked.append(path)
    assert len(checked) >= 15


def test_the_xmp_packet_is_readable_without_decompressing(built: Path) -> None:
    # Tools that do not parse PDF find the packet by scanning the bytes.
    for path in pdfs(built):
        data = (built / path).read_bytes()
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in data, path


def test_two_builds_give_the_same_bytes(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = invoke("--spec", SAMPLE_SPEC, "--out", again, "-j", "2", *FULL_SRA3)
    assert result.exit_code == 0, result.output
    first, second = pdfs(built), pdfs(again)
    assert first == second
    different = [p for p in first if (built / p).read_bytes() != (again / p).read_bytes()]
    assert different == []
    # And the manifests agree on every file's digest.
    digests = {e["path"]: e["sha256"] for e in manifest_entries(built)}
    assert {e["path"]: e["sha256"] for e in manifest_entries(again)} == digests


def test_each_document_has_its_own_id(built: Path) -> None:
    ids = {}
    for path in pdfs(built):
        with pikepdf.open(built / path) as pdf:
            ids[path] = str(pdf.open_metadata().get("xmpMM:DocumentID"))
    assert len(set(ids.values())) == len(ids)


# ---------------------------------------------------------------------------------------------
# The spec's own profile


def use_profile(spec_copy: SpecCopy, setting: str) -> None:
    spec_copy.edit("\ndata:\n", f"\ncolour_profile: {setting}\ndata:\n")


def shop_profile() -> bytes:
    """A CMYK output profile that is not the bundled one: the bundled one with another
    profile ID (header bytes 84–99), which no header check looks at."""
    data = bytearray(BUNDLED_PROFILE.read_bytes())
    data[84:100] = bytes(range(1, 17))
    assert bytes(data) != BUNDLED_PROFILE.read_bytes()
    return bytes(data)


def test_a_spec_names_its_own_profile(run, spec_copy: SpecCopy, tmp_path: Path) -> None:
    profile = shop_profile()
    (spec_copy.dir / "shop.icc").write_bytes(profile)
    use_profile(spec_copy, "{file: shop.icc, identifier: Custom}")
    out = tmp_path / "out"
    result = run(
        "--spec", spec_copy.path, "--out", out, "badges", "--unit", "phuong-tay-ho",
        "--sheet", "A4",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    paths = pdfs(out)
    assert paths == [
        "phuong-tay-ho/badges/phuong-tay-ho-badges.pdf",
        "phuong-tay-ho/sheets/phuong-tay-ho-badges-a4.pdf",
    ]
    for path in paths:
        check_pdfx(out / path, profile, identifier="Custom")
        with pikepdf.open(out / path) as pdf:
            intent = pdf.Root.OutputIntents[0]
            # The condition defaults to the identifier: the sample's words describe FOGRA39.
            assert str(intent.OutputCondition) == "Custom"
            assert intent.DestOutputProfile.read_bytes() != BUNDLED_PROFILE.read_bytes()


def rgb_profile() -> bytes:
    """The 128-byte header (and an empty tag table) of an RGB display profile."""
    header = bytearray(132)
    header[0:4] = (132).to_bytes(4, "big")
    header[8:12] = bytes([2, 0x10, 0, 0])
    header[12:16] = b"mntr"
    header[16:20] = b"RGB "
    header[20:24] = b"XYZ "
    header[36:40] = b"acsp"
    return bytes(header)


SYSTEM_SRGB = Path("/usr/share/color/icc/sRGB.icc")


@pytest.mark.parametrize("source", ["crafted", "system"])
def test_an_rgb_profile_is_refused(run, spec_copy: SpecCopy, tmp_path: Path, source: str) -> None:
    if source == "system":
        if not SYSTEM_SRGB.is_file():
            pytest.skip(f"no {SYSTEM_SRGB} here")
        data = SYSTEM_SRGB.read_bytes()
    else:
        data = rgb_profile()
    (spec_copy.dir / "screen.icc").write_bytes(data)
    use_profile(spec_copy, "{file: screen.icc, identifier: Custom}")
    out = tmp_path / "out"
    result = run("--spec", spec_copy.path, "--out", out, "badges", "--unit", "phuong-tay-ho")
    assert result.exit_code == 1, result.output
    line = spec_copy.line_of("colour_profile:")
    assert f"{spec_copy.path}:{line}: colour_profile.file:" in result.stderr, result.stderr
    assert "screen.icc" in result.stderr and "not CMYK" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_profile_that_is_not_icc_is_refused(run, spec_copy: SpecCopy, tmp_path: Path) -> None:
    (spec_copy.dir / "notes.icc").write_bytes(b"not a profile at all\n" * 10)
    use_profile(spec_copy, "{file: notes.icc, identifier: Custom}")
    out = tmp_path / "out"
    result = run("--spec", spec_copy.path, "--out", out, "badges", "--unit", "phuong-tay-ho")
    assert result.exit_code == 1
    assert "colour_profile.file" in result.stderr and "not an ICC profile" in result.stderr
    assert not out.exists()


def test_a_missing_profile_file_is_refused(run, spec_copy: SpecCopy, tmp_path: Path) -> None:
    use_profile(spec_copy, "{file: nowhere.icc, identifier: Custom}")
    out = tmp_path / "out"
    result = run("--spec", spec_copy.path, "--out", out, "badges", "--unit", "phuong-tay-ho")
    assert result.exit_code == 1
    assert "colour_profile.file" in result.stderr and "nowhere.icc" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_profile_file_needs_its_identifier(run, spec_copy: SpecCopy, tmp_path: Path) -> None:
    (spec_copy.dir / "shop.icc").write_bytes(shop_profile())
    use_profile(spec_copy, "{file: shop.icc}")
    out = tmp_path / "out"
    result = run("--spec", spec_copy.path, "--out", out, "badges", "--unit", "phuong-tay-ho")
    assert result.exit_code == 1
    line = spec_copy.line_of("colour_profile:")
    assert f"{spec_copy.path}:{line}: colour_profile" in result.stderr, result.stderr
    assert "'identifier'" in result.stderr
    assert not out.exists()
