"""Hostile PDFs, generated here (a few kilobytes each), fail preflight through a finding that
names the limit they pass: exit status 1, no traceback, and the run stays inside an address
space limit and a timeout (tests/preflight/test_preflight.py keeps real files passing)."""

from __future__ import annotations

import io
import re
import resource
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from brandkit.preflight import preflight_pdf
from brandkit.preflight.limits import (
    MAX_FORM_DEPTH,
    MAX_STREAM_BYTES,
    MIB,
    LimitExceeded,
    bounded_bytes,
    decoded_size,
)
from tests.preflight.test_preflight import make_pdf

MEMORY = 1536 * MIB  # address space of the preflight process under test
TIMEOUT = 60  # seconds

Build = Callable[[pikepdf.Pdf], None]
# A table line of a limits finding: "  page 1    limits         error    the forms on …".
LIMITS_LINE = re.compile(r"  (document|page \d+) +limits +")


def hostile(build: Build) -> bytes:
    """A clean PDF whose first page is then changed by `build`."""
    with pikepdf.open(io.BytesIO(make_pdf())) as pdf:
        build(pdf)
        out = io.BytesIO()
        pdf.save(
            out,
            compress_streams=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            fix_metadata_version=False,
        )
        return out.getvalue()


def nested_forms(levels: int, draws: int, *, own_resources: bool) -> Build:
    """`levels` forms, each drawing the next `draws` times, the page drawing the first: with
    their own /Resources, or (PDF 1.1) borrowing the page's, which names them all."""

    def build(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0].obj
        names = [pikepdf.Name(f"/L{i}") for i in range(levels)]
        forms = []
        for i in range(levels):
            if i + 1 < levels:
                body = b"".join(
                    b"q 0.9 0 0 0.9 %d 0 cm /L%d Do Q\n" % (k, i + 1) for k in range(draws)
                )
            else:
                body = b"0.1 w 0 0 m 10 10 l S\n"
            forms.append(
                pdf.make_stream(body, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form)
            )
            forms[-1].BBox = pikepdf.Array([0, 0, 100, 100])
        for i, form in enumerate(forms[:-1]):
            if own_resources:
                form.Resources = pikepdf.Dictionary(
                    XObject=pikepdf.Dictionary({str(names[i + 1]): forms[i + 1]})
                )
        resources = page.Resources
        xobjects = resources.get("/XObject", pikepdf.Dictionary())
        for name, form in zip(names, forms, strict=True):
            xobjects[name] = form
        resources.XObject = xobjects
        page.Contents = pdf.make_stream(b"q /L0 Do Q\n")

    return build


def cycle(pdf: pikepdf.Pdf) -> None:
    """A form that draws itself (through the page's resources)."""
    page = pdf.pages[0].obj
    form = pdf.make_stream(b"/Me Do\n", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form)
    form.BBox = pikepdf.Array([0, 0, 10, 10])
    xobjects = page.Resources.get("/XObject", pikepdf.Dictionary())
    xobjects.Me = form
    page.Resources.XObject = xobjects
    page.Contents = pdf.make_stream(b"/Me Do\n")


def zeros_deflated(size: int, chunk: int = 8 * MIB) -> bytes:
    """`size` zero bytes, deflated a chunk at a time (the test never holds them inflated)."""
    deflater = zlib.compressobj(9)
    zeros = bytes(chunk)
    parts = [deflater.compress(zeros) for _ in range(size // chunk)]
    parts.append(deflater.flush())
    return b"".join(parts)


def flate_bomb(target: str) -> Build:
    """A 1 GiB Flate stream of zeros (about 1 MB compressed) as the page's content, or as
    the program of the font its text uses (which pdfium would inflate)."""

    def build(pdf: pikepdf.Pdf) -> None:
        bomb = pdf.make_stream(b"")
        bomb.write(zeros_deflated(1024 * MIB), filter=pikepdf.Name.FlateDecode)
        if target == "content":
            pdf.pages[0].obj.Contents = bomb
            return
        for font in pdf.pages[0].obj.Resources.Font.values():
            font = font.get("/DescendantFonts", [font])[0]
            font.FontDescriptor.FontFile2 = bomb

    return build


def many_operators(pdf: pikepdf.Pdf) -> None:
    """Three million stroke operators (6 MB inflated, about 10 KB deflated)."""
    stream = pdf.make_stream(b"")
    deflater = zlib.compressobj(9)
    data = b"".join(deflater.compress(b"S\n" * 1_000_000) for _ in range(3)) + deflater.flush()
    stream.write(data, filter=pikepdf.Name.FlateDecode)
    pdf.pages[0].obj.Contents = stream


CASES: dict[str, tuple[Build, str]] = {
    "nested forms with resources": (
        nested_forms(9, 10, own_resources=True),
        "form-expansion limit",
    ),
    "nested forms without resources": (
        nested_forms(9, 10, own_resources=False),
        "form-expansion limit",
    ),
    "forms nested too deep": (
        nested_forms(MAX_FORM_DEPTH + 8, 1, own_resources=False),
        "form-depth limit",
    ),
    "flate bomb in the content": (flate_bomb("content"), "limit per stream"),
    "flate bomb as a font program": (flate_bomb("font"), "limit per stream"),
    "millions of operators": (many_operators, "limit per content stream"),
}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def preflight_bounded(path: Path) -> subprocess.CompletedProcess[str]:
    """`brandkit preflight path` in a child process with MEMORY of address space."""
    return subprocess.run(
        [sys.executable, "-m", "brandkit", "preflight", str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
        check=False,
    )


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_pdf_fails_on_the_limit_it_passes(case: str, tmp_path: Path) -> None:
    build, limit = CASES[case]
    path = tmp_path / "hostile.pdf"
    path.write_bytes(hostile(build))
    assert path.stat().st_size < 4 * MIB
    result = preflight_bounded(path)
    assert "Traceback" not in result.stderr + result.stdout
    assert "MemoryError" not in result.stderr + result.stdout
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if LIMITS_LINE.match(line)]
    assert lines, result.stdout
    assert all(" error " in line for line in lines)
    assert any(limit in line for line in lines), result.stdout


def test_a_form_that_draws_itself_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "cycle.pdf"
    path.write_bytes(hostile(cycle))
    result = preflight_bounded(path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    assert "a form draws itself" in result.stdout


def test_nested_forms_are_each_visited_once() -> None:
    """10^9 nominal draws of the innermost form cost one visit per form (with and without
    /Resources): the report comes back fast, with the limit as its only error."""
    for own in (True, False):
        report = preflight_pdf(hostile(nested_forms(9, 10, own_resources=own)))
        errors = [f for f in report.findings if f.severity == "error"]
        assert [f.check for f in errors] == ["limits"], report.findings
        assert "MAX_FORM_EXPANSION" in errors[0].message


def test_forms_under_the_expansion_limit_are_summed_not_drawn() -> None:
    """Six levels of ten draws (10^6 strokes, under the limit) of a hairline: every nominal
    stroke is counted, the file is checked in full, and nothing is over a limit."""
    report = preflight_pdf(hostile(nested_forms(6, 10, own_resources=False)))
    checks = {f.check for f in report.findings}
    assert "limits" not in checks, report.findings
    hairlines = [f for f in report.findings if f.check == "hairlines"]
    assert hairlines and hairlines[0].message.startswith("100000 strokes"), hairlines


def test_bounded_reading_refuses_a_bomb_without_inflating_it() -> None:
    with pikepdf.new() as pdf:
        bomb = pdf.make_stream(b"")
        bomb.write(zeros_deflated(128 * MIB), filter=pikepdf.Name.FlateDecode)
        with pytest.raises(LimitExceeded, match="MAX_STREAM_BYTES"):
            decoded_size(bomb, MAX_STREAM_BYTES)
        assert decoded_size(bomb, 256 * MIB) == 128 * MIB
        small = pdf.make_stream(b"")
        small.write(zlib.compress(b"hello " * 1000), filter=pikepdf.Name.FlateDecode)
        assert bounded_bytes(small) == b"hello " * 1000
        assert decoded_size(pdf.make_stream(b"plain")) == 5
