"""Render the README's pictures of each asset kind from the sample spec.

Builds PNG proofs of a few units with brandkit itself (the very pages the print PDFs hold),
then scales them down into ``docs/``. Run it after a visible change to a template:

    .venv/bin/python scripts/make_readme_pictures.py
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from PIL import Image

from brandkit.build import ASSETS, Options, build
from brandkit.layout.impose import parse_sheet
from brandkit.render.png import rasterise

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "hanoi-one-stop.yaml"
DOCS = ROOT / "docs"

# Picture name → (unit, PNG path under the output folder, width in the README in pixels).
PICTURES = {
    "signboard": ("chi-nhanh-03", "signs/png/signboard.png", 1200),
    "door-sign": ("chi-nhanh-03", "signs/png/door-sign.png", 600),
    "counter-sign-hanging": (
        "phuong-van-mieu-quoc-tu-giam",
        "signs/png/counter-sign-hanging-03-noi-vu-lao-dong-viec-lam.png",
        700,
    ),
    "counter-sign-desk": (
        "phuong-van-mieu-quoc-tu-giam",
        "signs/png/counter-sign-desk-01-tu-phap-ho-tich.png",
        450,
    ),
    "desk-plate": (
        "chi-nhanh-03",
        "signs/png/desk-plate-cb00017-ton-that-nguyen-hoang-khanh-linh.png",
        450,
    ),
    "envelope-dl": ("trung-tam", "envelopes/png/envelope-dl.png", 600),
    "envelope-c4": ("trung-tam", "envelopes/png/envelope-c4.png", 600),
    "folder": ("phuong-van-mieu-quoc-tu-giam", "folders/png/folder.png", 700),
    "kiosk-home": ("phuong-tay-ho", "kiosk/1920x1080/home.png", 480),
    "kiosk-idle": ("phuong-tay-ho", "kiosk/1080x1920/idle.png", 270),
    "kiosk-rate": ("phuong-tay-ho", "kiosk/1280x800/rate.png", 480),
    "kiosk-button-normal": ("phuong-tay-ho", "kiosk/button/button-normal.png", 240),
    "kiosk-button-pressed": ("phuong-tay-ho", "kiosk/button/button-pressed.png", 240),
    "kiosk-button-disabled": ("phuong-tay-ho", "kiosk/button/button-disabled.png", 240),
    "kiosk-button-text-area": ("phuong-tay-ho", "kiosk/button/button-text-area.png", 240),
    "ticket-proof": ("phuong-tay-ho", "ticket/png/ticket-proof.png", 240),
    "procedure-board": ("phuong-tay-ho", "boards/png/procedure-board-01.png", 700),
    "procedure-handout": ("phuong-tay-ho", "boards/png/procedure-handout-01.png", 420),
    # A kind the sample spec declares itself (`asset: poster`), not a built-in one.
    "poster": ("trung-tam", "posters/png/poster.png", 600),
}
# Brand-wide files copied as they are (already small): the 58 mm thermal ticket logo.
AS_IS = {"ticket-logo-58mm": "brand/ticket/emblem-line-58mm-384px.png"}


def save_small(image: Image.Image, name: str, width: int) -> None:
    """`image` scaled to `width` pixels wide, as docs/NAME.png."""
    image = image.convert("RGB")
    height = round(image.height * width / image.width)
    small = image.resize((width, height), Image.Resampling.LANCZOS)
    target = DOCS / f"{name}.png"
    small.save(target, optimize=True)
    print(f"{target.relative_to(ROOT)}: {width} × {height} px")


def main() -> None:
    units = tuple(sorted({unit for unit, _, _ in PICTURES.values()}))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        options = Options(
            spec=SPEC, out=out, quiet=True, units=units, formats=frozenset({"png"}), dpi=150
        )
        build(options, (*(a for a in ASSETS if a != "badge"), "poster"))
        for name, (unit, png, width) in PICTURES.items():
            with Image.open(out / unit / png) as image:
                save_small(image, name, width)
        for name, path in AS_IS.items():
            target = DOCS / f"{name}.png"
            target.write_bytes((out / path).read_bytes())
            print(f"{target.relative_to(ROOT)}: as built")
    with tempfile.TemporaryDirectory() as tmp:
        print_shop(Path(tmp))
    badges()


# The badge of Phường Tây Hồ's first person (with a photo): trimmed, and as printed with its
# bleed and crop marks; picture name → (trimmed?, width in pixels).
BADGE = "phuong-tay-ho/badges/png/badge-cb00076-cong-ton-nu-thi-hoang-phuong-thao-nguyen.png"
BADGES = {"badge": (True, 318), "badge-proof": (False, 438)}


def badges() -> None:
    for name, (trimmed, width) in BADGES.items():
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            options = Options(
                spec=SPEC, out=out, quiet=True, units=("phuong-tay-ho",),
                formats=frozenset({"png"}), dpi=300, png_trim=trimmed,
            )  # fmt: skip
            build(options, ("badge",))
            with Image.open(out / BADGE) as image:
                save_small(image, name, width)


# The print shop's view: the centre's badges imposed on SRA3 (front side) and the first page
# of its bundle's job ticket; picture name → (file in the bundle, page, width in pixels).
PRINT_SHOP = {
    "sheet-badges-sra3": ("sheets/trung-tam-badges-sra3.pdf", 0, 1200),
    "job-ticket": ("job-ticket.pdf", 0, 700),
    "proof-sheet": ("proof.pdf", 0, 900),
}


def print_shop(out: Path) -> None:
    options = Options(
        spec=SPEC, out=out, quiet=True, units=("trung-tam",), sheet=parse_sheet("SRA3"),
        bundle=True, order=SPEC.parent / "order-trung-tam.yaml",
    )  # fmt: skip
    build(options, tuple(a for a in ASSETS if a not in ("kiosk", "icon", "tokens")))
    with zipfile.ZipFile(out / "trung-tam" / "trung-tam-print-bundle.zip") as bundle:
        for name, (member, page, width) in PRINT_SHOP.items():
            images = list(rasterise(bundle.read(member), 100, trim=False))
            save_small(images[page], name, width)


if __name__ == "__main__":
    main()
