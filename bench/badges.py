"""Benchmark: the same CR80 staff badges made by brandkit, by plain reportlab and by Typst.

Usage (from the repository root)::

    python bench/badges.py [--count 2000] [--ways brandkit,reportlab,typst] [--keep DIR]

Every way runs as its own subprocess, timed from start to exit (interpreter start-up
included), with the peak memory of its whole process tree sampled from /proc. See
bench/README.md for what is measured and how; this script prints figures, it is not a test.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = Path("specs/hanoi-one-stop.yaml")
WAYS = ("brandkit", "reportlab", "typst")
SEED = 2026

# Targets for brandkit (from the Performance notes of the project's design notes).
TARGET_TIME_RATIO = 1.0  # brandkit wall time / Typst wall time, at most
TARGET_PEAK_MB = 200.0  # brandkit peak memory of the whole process tree, below
TARGET_KB_PER_BADGE = 2.5  # brandkit output size per badge, below

MB = 1_000_000  # memory and sizes are reported in decimal units: 1 MB = 10^6 B, 1 KB = 10^3 B
KB = 1_000
SAMPLE_INTERVAL = 0.02  # seconds between two samples of the process tree's memory

# The badge design, read from the sample spec's `badge` template (mm, origin at the trim's
# top-left corner, y downwards) so the baselines draw exactly what brandkit draws; colours, fonts
# and the logo come from the spec too. The photo-less variant is used: nobody has a photo.
MARK_GAP, MARK_LENGTH, MARK_WIDTH_PT = 1.0, 5.0, 0.3
LINE_HEIGHT = 1.3
SIZE_STEP = 0.25  # pt; text shrinks in quarter points, as brandkit does


def _length_mm(value: str) -> float:
    number, unit = re.fullmatch(r"\s*([\d.]+)\s*(mm|cm|pt|in)\s*", value).groups()  # type: ignore[union-attr]
    return float(number) * {"mm": 1.0, "cm": 10.0, "pt": 25.4 / 72, "in": 25.4}[unit]


def _badge_design(spec_path: Path) -> dict[str, object]:
    spec = yaml.load(spec_path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    badge = spec["templates"]["badge"]
    named = {
        e["name"]: e for e in badge["elements"] if "name" in e and "when" not in e
    }  # the variant without a photo
    box = {
        k: tuple(_length_mm(named[k][a]) for a in ("x", "y", "w", "h"))
        for k in named
        if named[k]["type"] in ("text", "rect", "logo")
    }
    texts = {
        key: (
            *box[element],
            named[element]["font"],
            _length_mm(named[element]["size"]) * 72 / 25.4,
            _length_mm(named[element]["min_size"]) * 72 / 25.4,
            named[element]["colour"],
            named[element].get("valign", "top"),
        )
        for key, element in (
            ("unit", "unit"),
            ("name", "name"),
            ("title", "title"),
            ("id", "staff_id"),
        )
    }
    qr = named["qr"]
    return {
        "trim": (_length_mm(badge["size"]["width"]), _length_mm(badge["size"]["height"])),
        "bleed": _length_mm(badge.get("bleed", "3mm")),
        "band_h": box["band"][3],
        "stripe_h": box["stripe"][3],
        "footer_y": box["footer"][1],
        "logo": box["logo"],
        "qr": (_length_mm(qr["x"]), _length_mm(qr["y"]), _length_mm(qr["size"])),
        "qr_url": qr["data"].replace("{staff.id}", "{id}"),
        "texts": texts,
    }


_DESIGN = _badge_design(ROOT / DEFAULT_SPEC)
TRIM_W, TRIM_H = _DESIGN["trim"]  # type: ignore[misc]
BLEED: float = _DESIGN["bleed"]  # type: ignore[assignment]
MEDIA_MARGIN = BLEED + MARK_GAP + MARK_LENGTH + 1.0
BAND_H, STRIPE_H, FOOTER_Y = _DESIGN["band_h"], _DESIGN["stripe_h"], _DESIGN["footer_y"]
LOGO = _DESIGN["logo"]  # x, y, w, h
QR_X, QR_Y, QR_SIZE = _DESIGN["qr"]  # type: ignore[misc]
QR_URL: str = _DESIGN["qr_url"]  # type: ignore[assignment]
# name: (x, y, w, h, font role, size pt, minimum size pt, colour, vertical alignment)
TEXTS: dict[str, tuple] = _DESIGN["texts"]  # type: ignore[assignment]


# ---------------------------------------------------------------------------------------------
# The staff list: fictional people spread over the spec's units as real staff are

FAMILY = [
    ("Nguyễn", 31), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 3),
    ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 3), ("Bùi", 3), ("Đỗ", 3), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 2), ("Lý", 1), ("Đinh", 2), ("Trịnh", 2), ("Đoàn", 1), ("Lưu", 1),
    ("Tạ", 1), ("Khổng", 1), ("Quách", 1), ("Mạc", 1), ("Kiều", 1), ("Ứng", 1), ("Chu", 1),
]  # fmt: skip
MIDDLE = {
    "m": ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Mạnh", "Tiến", "Quốc",
          "Trọng", "Đình", "Thế", "Ngọc"],
    "f": ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Kim", "Thúy", "Diệu", "Bích", "Hồng", "Phương",
          "Thùy", "Mỹ", "Hải"],
}  # fmt: skip
GIVEN = {
    "m": ["Anh", "Dũng", "Tuấn", "Quyết", "Lộc", "Nghĩa", "Trường", "Hùng", "Long", "Sơn",
          "Khoa", "Quang", "Hiếu", "Thắng", "Cường", "Đạt", "Bình", "Toàn", "Khánh", "Hải",
          "Phong", "Việt", "Thành", "Kiên", "Duy", "Tùng", "Hưng", "Huy", "Lực", "Tiến", "Vũ"],
    "f": ["Anh", "Hà", "Hương", "Ngọc", "Phương", "Thảo", "Hạnh", "Huyền", "Khánh", "Yến",
          "Lan", "Mai", "Trang", "Linh", "Nhung", "Hằng", "Diễm", "Quỳnh", "Oanh", "Thủy",
          "Nguyệt", "Vân", "Giang", "Ánh", "Uyên", "Loan", "Thư", "Ngân", "Trâm", "Dương"],
}  # fmt: skip
SECOND_MIDDLE = {"m": ["Minh", "Ngọc", "Hoàng", "Thế", "Bảo"], "f": ["Thu", "Ngọc", "Minh", "Mỹ"]}
DOUBLE_FAMILY = {
    "m": ["Tôn Thất", "Âu Dương", "Nguyễn Huỳnh", "Trần Lê"],
    "f": ["Tôn Nữ", "Công Tôn Nữ", "Âu Dương", "Trần Lê"],
}

CENTRE_TITLES = [
    "Giám đốc Trung tâm",
    "Phó Giám đốc Trung tâm",
    "Phó Giám đốc Trung tâm",
    "Trưởng phòng Tổng hợp – Hành chính",
    "Phó Trưởng phòng Tổng hợp – Hành chính",
    "Trưởng phòng Kiểm soát thủ tục hành chính",
    "Trưởng phòng Công nghệ thông tin và Chuyển đổi số",
]
CENTRE_STAFF = [
    "Chuyên viên",
    "Chuyên viên chính",
    "Chuyên viên Kiểm soát thủ tục hành chính",
    "Viên chức Công nghệ thông tin",
    "Kế toán viên",
    "Viên chức tiếp nhận và trả kết quả",
]
BRANCH_TITLES = ["Giám đốc Chi nhánh", "Phó Giám đốc Chi nhánh"]
BRANCH_STAFF = [
    "Viên chức hướng dẫn thủ tục hành chính",
    "Viên chức tiếp nhận và trả kết quả",
    "Viên chức tiếp nhận và trả kết quả",
    "Chuyên viên",
    "Nhân viên hỗ trợ dịch vụ công trực tuyến",
]
LOCAL_TITLES = ["Trưởng Bộ phận Một cửa", "Phó Trưởng Bộ phận Một cửa"]
LOCAL_STAFF = [
    "Công chức tiếp nhận hồ sơ",
    "Chuyên viên",
    "Công chức Tư pháp – Hộ tịch",
    "Công chức Văn phòng – Thống kê",
    "Công chức Địa chính – Xây dựng",
    "Công chức Tài chính – Kế toán",
    "Công chức Văn hóa – Xã hội",
    "Viên chức hướng dẫn thủ tục hành chính",
    "Công chức Văn hóa – Xã hội kiêm tiếp nhận và trả kết quả giải quyết thủ tục hành chính",
]
# Relative head counts: the centre is the largest office, then the branches; wards (urban)
# are busier than communes. Each unit's count is jittered by ±40 %.
KIND_WEIGHT = {"centre": 40.0, "branch": 20.0, "ward": 12.0, "commune": 9.0}


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    title: str
    unit: str


def _name(rng: random.Random) -> str:
    sex = rng.choice("mf")
    families, weights = zip(*FAMILY, strict=True)
    family = rng.choices(families, weights)[0]
    if rng.random() < 0.02:
        family = rng.choice(DOUBLE_FAMILY[sex])
    parts = [family, rng.choice(MIDDLE[sex])]
    if rng.random() < 0.12:
        parts.append(rng.choice(SECOND_MIDDLE[sex]))
    parts.append(rng.choice(GIVEN[sex]))
    return " ".join(parts)


def head_counts(units: list[dict[str, str]], count: int, rng: random.Random) -> list[int]:
    """`count` people over `units` by weight and jitter (largest remainders)."""
    weights = [KIND_WEIGHT.get(u.get("kind", ""), 9.0) * rng.uniform(0.6, 1.4) for u in units]
    total = sum(weights)
    exact = [count * w / total for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(units)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: count - sum(counts)]:
        counts[i] += 1
    return counts


def make_staff(units: list[dict[str, str]], count: int, seed: int = SEED) -> list[Person]:
    """A deterministic staff list of `count` people, grouped by unit as lists are kept."""
    rng = random.Random(seed)
    people: list[Person] = []
    for unit, n in zip(units, head_counts(units, count, rng), strict=True):
        kind = unit.get("kind", "")
        heads, staff = {
            "centre": (CENTRE_TITLES, CENTRE_STAFF),
            "branch": (BRANCH_TITLES, BRANCH_STAFF),
        }.get(kind, (LOCAL_TITLES, LOCAL_STAFF))
        for i in range(n):
            title = heads[i] if i < len(heads) else rng.choice(staff)
            people.append(Person(f"CB{len(people) + 1:05d}", _name(rng), title, unit["id"]))
    return people


def write_staff_csv(path: Path, people: list[Person]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Mã cán bộ", "Họ và tên", "Chức danh", "Đơn vị"])
        for p in people:
            writer.writerow([p.id, p.name, p.title, p.unit])


def read_staff_csv(path: Path) -> list[Person]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return [Person(*row) for row in rows[1:]]


# ---------------------------------------------------------------------------------------------
# The spec, read with pyyaml only (the baselines do not use brandkit's code)


@dataclass(frozen=True)
class Brand:
    colours: dict[str, tuple[tuple[float, float, float, float], str]]  # cmyk 0–1, hex
    fonts: dict[str, Path]
    logo: Path
    units: list[dict[str, str]]


def roboto_dir() -> Path:
    import font_roboto

    return Path(font_roboto.__file__).parent / "files"


def read_brand(spec_path: Path) -> Brand:
    spec = yaml.load(spec_path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    folder = spec_path.parent
    colours = {
        name: (tuple(v / 100 for v in c["cmyk"]), c["hex"].upper())
        for name, c in spec["colours"].items()
    }
    fonts = {
        role: roboto_dir() / f"Roboto-{f['roboto']}.ttf" if "roboto" in f else folder / f["file"]
        for role, f in spec["fonts"].items()
    }
    logo = folder / spec["logos"]["emblem"]
    units = [{k: str(v) for k, v in u.items()} for u in spec["units"]]
    return Brand(colours, fonts, logo, units)  # type: ignore[arg-type]


_DARK = re.compile(rb"\x00+")  # zxing-cpp's bitmaps: dark modules 0, light ones 255


def qr_runs(data: str) -> tuple[int, list[tuple[int, int, int]]]:
    """A QR code from zxing-cpp: its width in modules and its dark runs (row, column, length).

    The bitmap keeps its light quiet zone, so every row starts and ends light and one scan of
    the whole bitmap finds each row's runs.
    """
    import zxingcpp

    code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(code.to_image(scale=1, add_quiet_zones=True))
    cols = image.shape[1]
    pixels = image.tobytes()
    quiet = pixels.find(0) % cols  # the first dark module is the top-left finder's corner
    runs = [
        (start // cols - quiet, start % cols - quiet, end - start)
        for start, end in (m.span() for m in _DARK.finditer(pixels))
    ]
    return cols - 2 * quiet, runs


def by_unit(people: list[Person], units: list[dict[str, str]]) -> list[tuple[dict, list[Person]]]:
    groups: dict[str, list[Person]] = {}
    for p in people:
        groups.setdefault(p.unit, []).append(p)
    return [(u, groups[u["id"]]) for u in units if u["id"] in groups]


# ---------------------------------------------------------------------------------------------
# Way 2: plain reportlab, one process


def run_reportlab(spec_path: Path, staff: Path, out: Path) -> None:
    from reportlab.graphics import renderPDF, shapes
    from reportlab.graphics.shapes import Drawing, Group
    from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from svglib.svglib import svg2rlg

    brand = read_brand(spec_path)
    ink = {n: CMYKColor(*cmyk) for n, (cmyk, _) in brand.colours.items()}
    by_hex = {h: ink[n] for n, (_, h) in brand.colours.items()}
    registration = CMYKColorSep(1, 1, 1, 1, spotName="All")

    fonts: dict[str, str] = {}
    metrics: dict[str, tuple[float, float]] = {}  # ascent, descent in em
    for role, path in brand.fonts.items():
        name = f"bench-{path.stem}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        fonts[role] = name
        face = pdfmetrics.getFont(name).face
        metrics[role] = (face.ascent / 1000, -face.descent / 1000)
    shapes.STATE_DEFAULTS["fontName"] = fonts["body"]  # no unembedded Helvetica in the form

    logo = svg2rlg(str(brand.logo))

    def recolour(node: object) -> None:  # the logo's RGB colours become the brand's CMYK inks
        for attr in ("fillColor", "strokeColor"):
            colour = getattr(node, attr, None)
            if isinstance(colour, Color) and not isinstance(colour, CMYKColor):
                r, g, b = (round(v * 255) for v in colour.rgb())
                setattr(node, attr, by_hex.get(f"#{r:02X}{g:02X}{b:02X}", colour))
        if isinstance(node, Group | Drawing):
            for child in node.contents:
                recolour(child)

    recolour(logo)
    string_width = pdfmetrics.stringWidth

    def fit(text: str, role: str, w: float, h: float, size: float, low: float):
        """The largest size (quarter-point steps) at which `text` wraps into w × h, and lines."""
        font = fonts[role]
        asc, desc = metrics[role]
        while True:
            lines: list[str] = []
            for word in text.split(" "):
                if lines and string_width(f"{lines[-1]} {word}", font, size) <= w:
                    lines[-1] = f"{lines[-1]} {word}"
                else:
                    lines.append(word)
            block = (len(lines) - 1) * LINE_HEIGHT * size + (asc + desc) * size
            widest = max(string_width(line, font, size) for line in lines)
            if (block <= h and widest <= w) or size - SIZE_STEP < low - 1e-9:
                return size, lines, block
            size -= SIZE_STEP

    margin = MEDIA_MARGIN * mm
    page_w, page_h = (TRIM_W + 2 * MEDIA_MARGIN) * mm, (TRIM_H + 2 * MEDIA_MARGIN) * mm
    top = margin + TRIM_H * mm  # layout y runs down from the trim's top edge
    bleed = BLEED * mm
    qr_module_base = QR_SIZE * mm

    def draw_text(canvas: Canvas, key: str, text: str) -> None:
        x, y, w, h, role, size, low, colour, valign = TEXTS[key]
        size, lines, block = fit(text, role, w * mm, h * mm, size, low)
        y0 = y * mm + ((h * mm - block) / 2 if valign == "middle" else 0)
        canvas.setFillColor(ink[colour])
        canvas.setFont(fonts[role], size)
        for i, line in enumerate(lines):
            baseline = y0 + metrics[role][0] * size + i * LINE_HEIGHT * size
            canvas.drawCentredString(margin + (x + w / 2) * mm, top - baseline, line)

    def badge(canvas: Canvas, unit_name: str, person: Person) -> None:
        canvas.setTrimBox((margin, margin, margin + TRIM_W * mm, top))
        canvas.setBleedBox((margin - bleed, margin - bleed, page_w - margin + bleed, top + bleed))
        canvas.setArtBox((margin, margin, margin + TRIM_W * mm, top))
        full_w = TRIM_W * mm + 2 * bleed
        canvas.setFillColor(ink["primary"])
        canvas.rect(margin - bleed, top - BAND_H * mm, full_w, BAND_H * mm + bleed, 0, 1)
        canvas.rect(margin - bleed, margin - bleed, full_w, (TRIM_H - FOOTER_Y) * mm + bleed, 0, 1)
        canvas.setFillColor(ink["accent"])
        canvas.rect(margin - bleed, top - (BAND_H + STRIPE_H) * mm, full_w, STRIPE_H * mm, 0, 1)
        x, y, w, h = LOGO  # scaled to fit its box, centred in it
        scale = min(w * mm / logo.width, h * mm / logo.height)
        dx, dy = (w * mm - logo.width * scale) / 2, (h * mm - logo.height * scale) / 2
        canvas.saveState()
        canvas.transform(scale, 0, 0, scale, margin + x * mm + dx, top - (y + h) * mm + dy)
        canvas.doForm("logo")
        canvas.restoreState()
        draw_text(canvas, "unit", unit_name.upper())
        draw_text(canvas, "name", person.name)
        draw_text(canvas, "title", person.title)
        draw_text(canvas, "id", f"Mã cán bộ: {person.id}")
        modules, runs = qr_runs(QR_URL.format(id=person.id))
        module = qr_module_base / modules
        x0, y0 = margin + QR_X * mm, top - QR_Y * mm
        path = canvas.beginPath()
        for r, c, n in runs:
            path.rect(x0 + c * module, y0 - (r + 1) * module, n * module, module)
        canvas.setFillColor(ink["primary"])
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setStrokeColor(registration)
        canvas.setLineWidth(MARK_WIDTH_PT)
        x1, y1, x2, y2 = margin, margin, margin + TRIM_W * mm, top
        a, b = (BLEED + MARK_GAP) * mm, (BLEED + MARK_GAP + MARK_LENGTH) * mm
        marks = []
        for cx, sx in ((x1, -1), (x2, 1)):
            for cy, sy in ((y1, -1), (y2, 1)):
                marks.append((cx + sx * a, cy, cx + sx * b, cy))
                marks.append((cx, cy + sy * a, cx, cy + sy * b))
        canvas.lines(marks)
        canvas.showPage()

    people = read_staff_csv(staff)
    for unit, members in by_unit(people, brand.units):
        folder = out / unit["id"]
        folder.mkdir(parents=True, exist_ok=True)
        canvas = Canvas(
            str(folder / f"{unit['id']}-badges.pdf"),
            pagesize=(page_w, page_h),
            invariant=1,
            pageCompression=1,
            initialFontName=fonts["body"],
        )
        canvas.setTitle(f"Thẻ tên cán bộ – {unit['name']}")
        canvas.beginForm("logo", 0, 0, logo.width, logo.height)
        renderPDF.draw(logo, canvas, 0, 0)
        canvas.endForm()
        for person in members:
            badge(canvas, unit["name"], person)
        canvas.save()


# ---------------------------------------------------------------------------------------------
# Way 3: Typst (the typst wheel), one compile per unit

TYPST_TEMPLATE = """\
#let data = json(sys.inputs.data)
#let bleed = {bleed}mm
#let margin = {margin}mm
#let trim-w = {trim_w}mm
#let trim-h = {trim_h}mm
{colours}
#let registration = cmyk(100%, 100%, 100%, 100%)
#set page(width: trim-w + 2 * margin, height: trim-h + 2 * margin, margin: 0pt)
// Lines 1.3 em apart from ascender to descender, as in the other two ways.
#set text(font: "Roboto", lang: "vi", hyphenate: false,
  top-edge: "ascender", bottom-edge: "descender")
#set par(leading: {leading}em, spacing: 0pt)

// Wrap at spaces, then shrink in quarter points down to `low` until the block fits w × h.
#let fit(body, x, y, w, h, size, low, weight, fill, valign) = place(
  dx: margin + x, dy: margin + y,
  context {{
    let s = size
    let set-at(s) = block(width: w, text(size: s, weight: weight, fill: fill, body))
    while s - 0.25pt >= low and measure(set-at(s)).height > h {{
      s -= 0.25pt
    }}
    block(width: w, height: h, align(center + valign, set-at(s)))
  }},
)

#let marks = {{
  let a = bleed + {mark_gap}mm
  let b = a + {mark_length}mm
  let s = {mark_width}pt + registration
  for (cx, sx) in ((margin, -1), (margin + trim-w, 1)) {{
    for (cy, sy) in ((margin, -1), (margin + trim-h, 1)) {{
      place(line(start: (cx + sx * a, cy), end: (cx + sx * b, cy), stroke: s))
      place(line(start: (cx, cy + sy * a), end: (cx, cy + sy * b), stroke: s))
    }}
  }}
}}

#for (i, p) in data.people.enumerate() {{
  if i > 0 {{ pagebreak() }}
  place(dx: margin - bleed, dy: margin - bleed,
    rect(width: trim-w + 2 * bleed, height: {band_h}mm + bleed, fill: primary))
  place(dx: margin - bleed, dy: margin + {band_h}mm,
    rect(width: trim-w + 2 * bleed, height: {stripe_h}mm, fill: accent))
  place(dx: margin - bleed, dy: margin + {footer_y}mm,
    rect(width: trim-w + 2 * bleed, height: trim-h - {footer_y}mm + bleed, fill: primary))
  place(dx: margin + {logo_x}mm, dy: margin + {logo_y}mm,
    image("logo.svg", width: {logo_w}mm, height: {logo_h}mm, fit: "contain"))
  fit(upper(data.unit), {unit_args})
  fit(p.name, {name_args})
  fit(p.title, {title_args})
  fit("Mã cán bộ: " + p.id, {id_args})
  place(dx: margin + {qr_x}mm, dy: margin + {qr_y}mm,
    image(bytes(p.qr), width: {qr_size}mm, height: {qr_size}mm))
  marks
}}
"""
TYPST_WEIGHTS = {"heading": '"bold"', "strong": '"medium"', "body": '"regular"'}


def font_extent(path: Path) -> float:
    """Ascender + descender of the font in em (Typst's line box with those edges)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    return (font["hhea"].ascent - font["hhea"].descent) / font["head"].unitsPerEm


def typst_template(brand: Brand) -> str:
    def colour(name: str) -> str:
        cmyk = ", ".join(f"{round(v * 100, 2):g}%" for v in brand.colours[name][0])
        return f"#let {name} = cmyk({cmyk})"

    def args(key: str) -> str:
        x, y, w, h, role, size, low, fill, valign = TEXTS[key]
        align = "horizon" if valign == "middle" else valign
        weight = TYPST_WEIGHTS[role]
        return f"{x}mm, {y}mm, {w}mm, {h}mm, {size}pt, {low}pt, {weight}, {fill}, {align}"

    return TYPST_TEMPLATE.format(
        bleed=BLEED, margin=MEDIA_MARGIN, trim_w=TRIM_W, trim_h=TRIM_H,
        colours="\n".join(colour(n) for n in brand.colours),
        leading=round(LINE_HEIGHT - font_extent(brand.fonts["body"]), 4), mark_gap=MARK_GAP,
        mark_length=MARK_LENGTH,
        mark_width=MARK_WIDTH_PT, band_h=BAND_H, stripe_h=STRIPE_H, footer_y=FOOTER_Y,
        logo_x=LOGO[0], logo_y=LOGO[1], logo_w=LOGO[2], logo_h=LOGO[3],
        unit_args=args("unit"), name_args=args("name"), title_args=args("title"),
        id_args=args("id"), qr_x=QR_X, qr_y=QR_Y, qr_size=QR_SIZE,
    )  # fmt: skip


def qr_svg(data: str, colour: str) -> str:
    """A compact SVG of the QR code: one path of row runs in `colour`, no quiet zone."""
    modules, runs = qr_runs(data)
    d = "".join([f"M{c} {r}h{n}v1h-{n}z" for r, c, n in runs])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {modules} {modules}" '
        f'shape-rendering="crispEdges"><path fill="{colour}" d="{d}"/></svg>'
    )


def run_typst(spec_path: Path, staff: Path, out: Path) -> None:
    import typst

    brand = read_brand(spec_path)
    people = read_staff_csv(staff)
    work = Path(tempfile.mkdtemp(prefix="typst-", dir=out))
    local = threading.local()
    primary = brand.colours["primary"][1]

    def unit_pdf(unit: dict, members: list) -> None:
        compiler = getattr(local, "compiler", None)
        if compiler is None:
            compiler = local.compiler = typst.Compiler(
                str(work / "badge.typ"),
                root=str(work),
                font_paths=[str(roboto_dir())],
                ignore_system_fonts=True,
            )
        # QR SVGs travel inside the unit's JSON file: measured faster than one SVG file each.
        records = [
            {"id": p.id, "name": p.name, "title": p.title,
             "qr": qr_svg(QR_URL.format(id=p.id), primary)}
            for p in members
        ]  # fmt: skip
        data = f"{unit['id']}.json"
        document = {"unit": unit["name"], "people": records}
        (work / data).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        folder = out / unit["id"]
        folder.mkdir(parents=True, exist_ok=True)
        compiler.compile(
            output=str(folder / f"{unit['id']}-badges.pdf"),
            sys_inputs={"data": data},
            pdf_tags=False,  # brandkit and reportlab write untagged PDFs too
        )

    try:
        shutil.copyfile(brand.logo, work / "logo.svg")
        (work / "badge.typ").write_text(typst_template(brand), encoding="utf-8")
        # Big units first, one thread per core: typst releases the GIL while it compiles, so
        # one thread's compile overlaps the other's QR encoding.
        groups = sorted(by_unit(people, brand.units), key=lambda g: -len(g[1]))
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            for future in [pool.submit(unit_pdf, u, m) for u, m in groups]:
                future.result()
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Measuring a process tree


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _tree(pid: int) -> list[int]:
    children = _children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the memory of a process and all its descendants while it runs.

    Summed RSS every ~20 ms. Finding new descendants (a scan of /proc, ~2 ms) happens every
    5th sample and summed PSS (smaps_rollup, ~3 ms per 100 MB process) every 10th, so the
    sampler itself takes only a few per cent of one core away from what it measures.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_procs = 0
        self.samples = 0
        self._done = threading.Event()

    def run(self) -> None:
        pids: list[int] = [self.pid]
        while not self._done.is_set():
            if self.samples % 5 == 0:
                pids = _tree(self.pid)
            self.peak_rss = max(self.peak_rss, sum(_rss(p) for p in pids))
            if self.samples % 10 == 0:
                self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in pids))
            self.peak_procs = max(self.peak_procs, len(pids))
            self.samples += 1
            self._done.wait(SAMPLE_INTERVAL)

    def stop(self) -> None:
        self._done.set()
        self.join()


@dataclass
class Result:
    way: str
    wall: float
    peak_rss: int  # bytes, summed over the tree, max of the samples (and of the largest process)
    peak_pss: int
    largest: int  # bytes: peak RSS of the largest single process (wait4's ru_maxrss)
    procs: int
    samples: int
    pdfs: int
    out_bytes: int
    pages: int


def measure(way: str, cmd: list[str], out: Path, count: int) -> Result:
    """Run `cmd` and measure its wall time, peak memory and output."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    # wait4's rusage covers the child and every descendant it waited for: ru_maxrss is then the
    # peak RSS of the largest single process in the tree (KiB on Linux).
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{way}: exited with {proc.returncode}: {' '.join(cmd)}")
    largest = usage.ru_maxrss * 1024
    pdfs = sorted(out.rglob("*.pdf"))
    return Result(
        way, wall, max(sampler.peak_rss, largest), sampler.peak_pss, largest,
        sampler.peak_procs, sampler.samples, len(pdfs), sum(p.stat().st_size for p in pdfs),
        count_pages(pdfs),
    )  # fmt: skip


def best(runs: list[Result]) -> Result:
    """The fastest run, with the highest memory figures seen in any run."""
    fastest = min(runs, key=lambda r: r.wall)
    return Result(
        fastest.way, fastest.wall, max(r.peak_rss for r in runs), max(r.peak_pss for r in runs),
        max(r.largest for r in runs), max(r.procs for r in runs), fastest.samples, fastest.pdfs,
        fastest.out_bytes, fastest.pages,
    )  # fmt: skip


def count_pages(pdfs: list[Path]) -> int:
    import pypdfium2

    total = 0
    for path in pdfs:
        document = pypdfium2.PdfDocument(path)
        total += len(document)
        document.close()
    return total


# ---------------------------------------------------------------------------------------------
# Report


def report(results: dict[str, Result], count: int, units: int) -> None:
    print()
    print(f"{count:,} badges over {units} units, one PDF per unit; {os.cpu_count()} cores")
    head = (
        f"{'way':<10} {'wall s':>7} {'badges/s':>9} {'peak MB':>8} {'PSS MB':>7} "
        f"{'1 proc MB':>9} {'procs':>5} {'PDFs':>5} {'output MB':>9} {'B/badge':>8} "
        f"{'KB/badge':>8} {'pages':>6}"
    )
    print(head)
    print("-" * len(head))
    for r in results.values():
        ok = "" if r.pages == count else f"  (expected {count:,} pages)"
        print(
            f"{r.way:<10} {r.wall:>7.2f} {count / r.wall:>9.0f} {r.peak_rss / MB:>8.1f} "
            f"{r.peak_pss / MB:>7.1f} {r.largest / MB:>9.1f} {r.procs:>5} {r.pdfs:>5} "
            f"{r.out_bytes / MB:>9.2f} {r.out_bytes / count:>8.0f} "
            f"{r.out_bytes / count / KB:>8.2f} {r.pages:>6,}{ok}"
        )
    print(
        "wall: process start to exit, interpreter start-up included; peak MB: summed RSS of the "
        "process tree (sampled every 20 ms, at least the largest process's ru_maxrss); PSS MB: "
        "summed proportional set size, shared pages split (every 200 ms); 1 proc MB: largest "
        "single process (ru_maxrss from wait4)."
    )
    pages_ok = all(r.pages == count for r in results.values())
    print(f"pages: {'every way made' if pages_ok else 'NOT every way made'} {count:,} pages")
    bk = results.get("brandkit")
    if bk is None:
        return
    print()
    for peer in ("typst", "reportlab"):
        if peer in results:
            print(f"time ratio brandkit/{peer}: {bk.wall / results[peer].wall:.2f}")
    checks = []
    if "typst" in results:
        ratio = bk.wall / results["typst"].wall
        checks.append((f"time ratio brandkit/Typst {ratio:.2f} ≤ {TARGET_TIME_RATIO:g}",
                       ratio <= TARGET_TIME_RATIO))  # fmt: skip
    else:
        checks.append(("time ratio brandkit/Typst: no Typst run", False))
    peak = bk.peak_rss / MB
    checks.append((f"brandkit peak memory {peak:.1f} MB < {TARGET_PEAK_MB:g} MB",
                   peak < TARGET_PEAK_MB))  # fmt: skip
    # Every brandkit PDF is PDF/X-4 and so carries its output intent's ICC profile (the other
    # ways make plain PDFs): the size target is for the badges, the profile is counted apart.
    profile = len(zlib.compress((ROOT / "brandkit/profiles/FOGRA39-brandkit.icc").read_bytes(), 9))
    per = (bk.out_bytes - bk.pdfs * profile) / count / KB
    print(f"brandkit: {profile / KB:.1f} KB of ICC profile in each of its {bk.pdfs} PDF/X-4 files")
    checks.append((f"brandkit {per:.2f} KB/badge < {TARGET_KB_PER_BADGE:g} KB, the profile apart",
                   per < TARGET_KB_PER_BADGE))  # fmt: skip
    checks.append((f"brandkit made {bk.pages:,} pages = {count:,}", bk.pages == count))
    for text, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}  {text}")
    passed = all(ok for _, ok in checks)
    print(f"{'PASS' if passed else 'MISS'}: brandkit {'meets' if passed else 'misses'} its targets")


# ---------------------------------------------------------------------------------------------


def typst_available() -> bool:
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


def front_only(spec: Path, base: Path) -> Path:
    """A copy of the spec whose badges have no back: the other ways draw the front only, so
    brandkit is measured on the same work (the copy sits beside the spec's own files)."""
    folder = base / "spec"
    shutil.copytree(spec.parent, folder, dirs_exist_ok=True)
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    templates = data["templates"]
    for back in [t.pop("back") for t in list(templates.values()) if "back" in t]:
        del templates[back]
    copy = folder / spec.name
    copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="badges to make (default 2000)")
    parser.add_argument(
        "--ways", default=",".join(WAYS), help=f"comma-separated, of {', '.join(WAYS)}"
    )
    parser.add_argument("--keep", type=Path, help="keep the staff list and outputs in DIR")
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="run each way N times; report its fastest run and its highest peak memory",
    )  # fmt: skip
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="brand spec (YAML)")
    # Internal: run one baseline way in this process (the benchmark re-invokes itself).
    parser.add_argument("--way", choices=WAYS[1:], help=argparse.SUPPRESS)
    parser.add_argument("--staff", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    spec = args.spec if args.spec.is_absolute() else ROOT / args.spec

    if args.way:
        {"reportlab": run_reportlab, "typst": run_typst}[args.way](spec, args.staff, args.out)
        return

    ways = [w.strip() for w in args.ways.split(",") if w.strip()]
    unknown = set(ways) - set(WAYS)
    if unknown or not ways:
        parser.error(f"--ways: expected some of {', '.join(WAYS)}, got {args.ways!r}")
    if "typst" in ways and not typst_available():
        print("typst: the typst wheel is not installed (pip install typst); skipping that way")
        ways.remove("typst")

    base = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="bench-badges-"))
    if args.keep:
        base.mkdir(parents=True, exist_ok=True)
    try:
        brand = read_brand(spec)
        people = make_staff(brand.units, args.count)
        staff = base / "staff.csv"
        write_staff_csv(staff, people)
        units = len({p.unit for p in people})
        print(f"staff list: {len(people):,} people in {units} units -> {staff.name}")
        repeat = max(1, args.repeat)
        runs: dict[str, list[Result]] = {way: [] for way in ways}
        front = front_only(spec, base)
        for n in range(repeat):  # rounds interleave the ways, so drifts in speed hit each alike
            for way in ways:
                out = base / way
                shutil.rmtree(out, ignore_errors=True)
                out.mkdir(parents=True)
                if way == "brandkit":
                    cmd = [
                        sys.executable, "-m", "brandkit", "--spec", str(front), "--out", str(out),
                        "--quiet", "badges", "--staff", str(staff),
                    ]  # fmt: skip
                else:
                    cmd = [
                        sys.executable, str(Path(__file__).resolve()), "--way", way, "--spec",
                        str(spec), "--staff", str(staff), "--out", str(out),
                    ]  # fmt: skip
                print(f"running {way} ({n + 1}/{repeat}) ...", flush=True)
                runs[way].append(measure(way, cmd, out, len(people)))
        results = {way: best(r) for way, r in runs.items()}
        report(results, len(people), units)
        if args.keep:
            print(f"\noutputs kept in {base}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
