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

# Targets for brandkit (issue 15 and the Performance notes of the design notes).
TARGET_TIME_RATIO = 1.0  # brandkit wall time / Typst wall time, at most
MOONSHOT_TIME_RATIO = 0.8  # what issue 15 hopes for
TARGET_PEAK_MB = 200.0  # brandkit peak memory of the whole process tree, at most
TARGET_KB_PER_BADGE = 2.5  # brandkit output per badge (front + back), ICC profile apart, at most

MB = 1_000_000  # memory and sizes are reported in decimal units: 1 MB = 10^6 B, 1 KB = 10^3 B
KB = 1_000
SAMPLE_INTERVAL = 0.02  # seconds between two samples of the process tree's memory

# The badge design, read from the sample spec's `badge` template (the front) and the template
# its `back:` names (mm, origin at the trim's top-left corner, y downwards), so the baselines
# draw what brandkit draws on both sides; colours, fonts, the logo and the units' texts come
# from the spec too. The photo-less variant is used: nobody has a photo.
MARK_GAP, MARK_LENGTH, MARK_WIDTH_PT = 1.0, 5.0, 0.3
LINE_HEIGHT = 1.3
SIZE_STEP = 0.25  # pt; text shrinks in quarter points, as brandkit does
FIELD = re.compile(r"\{(\w+)\.(\w+)\}")  # {staff.name}, {unit.hotline}


def _length_mm(value: str) -> float:
    number, unit = re.fullmatch(r"\s*([\d.]+)\s*(mm|cm|pt|in)\s*", value).groups()  # type: ignore[union-attr]
    return float(number) * {"mm": 1.0, "cm": 10.0, "pt": 25.4 / 72, "in": 25.4}[unit]


def fill_fields(text: str, values: dict[str, dict[str, str]]) -> str:
    """`text` with its {root.field} fields filled from `values` (a missing field is empty)."""
    return FIELD.sub(lambda m: values.get(m[1], {}).get(m[2], ""), text)


@dataclass(frozen=True)
class TextBox:
    x: float  # mm
    y: float
    w: float
    h: float
    role: str  # font role
    size: float  # pt
    low: float  # pt, the smallest size it may shrink to
    colour: str
    valign: str
    text: str  # with {staff.…} and {unit.…} fields
    short: str  # set instead when `text` does not fit even at `low` ("" for none)
    upper: bool


@dataclass(frozen=True)
class Side:
    rects: tuple[tuple[float, float, float, float, str], ...]  # x, y, w, h mm (bleed in), fill
    logo: tuple[float, float, float, float] | None  # x, y, w, h mm
    qr: tuple[float, float, float, str, str] | None  # x, y, size mm, data, colour
    texts: tuple[TextBox, ...]


def _side(template: dict, trim: tuple[float, float], bleed: float) -> Side:
    rects, texts, logo, qr = [], [], None, None
    for e in template["elements"]:
        if "when" in e:  # the variant with a photo
            continue
        kind = e["type"]
        if kind == "rect":
            x, y, w, h = (_length_mm(e[a]) for a in ("x", "y", "w", "h"))
            if e.get("bleed"):  # into the bleed on every trim edge it touches
                x0 = x - bleed if x <= 0 else x
                y0 = y - bleed if y <= 0 else y
                x1 = x + w + bleed if x + w >= trim[0] else x + w
                y1 = y + h + bleed if y + h >= trim[1] else y + h
                x, y, w, h = x0, y0, x1 - x0, y1 - y0
            rects.append((x, y, w, h, e["fill"]))
        elif kind == "logo":
            logo = tuple(_length_mm(e[a]) for a in ("x", "y", "w", "h"))
        elif kind == "qr":
            qr = (_length_mm(e["x"]), _length_mm(e["y"]), _length_mm(e["size"]), e["data"],
                  e.get("colour", "black"))  # fmt: skip
        elif kind == "text":
            size = _length_mm(e["size"]) * 72 / 25.4
            texts.append(TextBox(
                *(_length_mm(e[a]) for a in ("x", "y", "w", "h")), e["font"], size,
                _length_mm(e["min_size"]) * 72 / 25.4 if "min_size" in e else size,
                e["colour"], e.get("valign", "top"), e["text"], e.get("short", ""),
                e.get("transform") == "upper",
            ))  # fmt: skip
        else:
            raise SystemExit(f"bench: the badge's {kind} element is not drawn by the baselines")
    return Side(tuple(rects), logo, qr, tuple(texts))  # type: ignore[arg-type]


def _badge_design(spec_path: Path) -> dict[str, object]:
    spec = yaml.load(spec_path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    badge = spec["templates"]["badge"]
    trim = (_length_mm(badge["size"]["width"]), _length_mm(badge["size"]["height"]))
    bleed = _length_mm(badge.get("bleed", "3mm"))
    sides = [_side(badge, trim, bleed)]
    if "back" in badge:
        sides.append(_side(spec["templates"][badge["back"]], trim, bleed))
    return {"trim": trim, "bleed": bleed, "sides": tuple(sides)}


_DESIGN = _badge_design(ROOT / DEFAULT_SPEC)
TRIM_W, TRIM_H = _DESIGN["trim"]  # type: ignore[misc]
BLEED: float = _DESIGN["bleed"]  # type: ignore[assignment]
MEDIA_MARGIN = BLEED + MARK_GAP + MARK_LENGTH + 1.0
SIDES: tuple[Side, ...] = _DESIGN["sides"]  # type: ignore[assignment]  # front, then back


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

    def fields(self) -> dict[str, str]:
        """The person's {staff.…} fields (the list has no short titles nor photos)."""
        return {"id": self.id, "name": self.name, "title": self.title}


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
    defaults = {k: str(v) for k, v in spec.get("unit_defaults", {}).items()}
    units = [
        {**defaults, **{k: str(v) for k, v in u.items() if not isinstance(v, list | dict)}}
        for u in spec["units"]
    ]
    by_id = {u["id"]: u for u in units}
    for unit in units:
        unit.setdefault("short_name", unit["name"])
    for unit in units:
        unit.update(
            hierarchy_fields(spec.get("hierarchy", {}), unit, by_id.get(unit.get("parent")))
        )
    return Brand(colours, fonts, logo, units)  # type: ignore[arg-type]


def hierarchy_fields(
    hierarchy: dict[str, list[dict[str, str]]], unit: dict[str, str], parent: dict | None
) -> dict[str, str]:
    """The unit's `hierarchy_parent` and `hierarchy_name` fields (and their `_short` forms):
    the spec's hierarchy lines for the unit's kind, filled with the unit's and its parent's
    values, as brandkit makes them (without its text normalisation)."""
    values = {"unit": unit, "parent": parent or {}}
    lines = hierarchy.get(unit.get("kind", ""))
    if lines is None:  # no lines for the kind: the parent (or the authority), then the unit
        top = (parent or {}).get("name") or unit.get("authority", "")
        pairs = [(top, top)] * bool(top) + [(unit["name"], unit["short_name"])]
    else:
        pairs = []
        for line in lines:
            full = fill_fields(line["text"], values).strip()
            short = fill_fields(line.get("short") or line["text"], values).strip()
            if full:
                pairs.append((full, short or full))
    out = {}
    for suffix, form in (("", 0), ("_short", 1)):
        texts = [pair[form] for pair in pairs]
        out["hierarchy_parent" + suffix] = "\n".join(texts[:-1])
        out["hierarchy_name" + suffix] = texts[-1] if texts else ""
    return out


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
        """The largest size (quarter-point steps) at which `text` wraps into w × h, its lines,
        their height and whether they fit (at `low` they may not)."""
        font = fonts[role]
        asc, desc = metrics[role]
        while True:
            lines: list[str] = []
            for paragraph in text.split("\n"):  # a newline forces a line break
                lines.append("")
                for word in paragraph.split(" "):
                    if not lines[-1]:
                        lines[-1] = word
                    elif string_width(f"{lines[-1]} {word}", font, size) <= w:
                        lines[-1] = f"{lines[-1]} {word}"
                    else:
                        lines.append(word)
            block = (len(lines) - 1) * LINE_HEIGHT * size + (asc + desc) * size
            widest = max(string_width(line, font, size) for line in lines)
            fits = block <= h + 1e-9 and widest <= w + 1e-9
            if fits or size - SIZE_STEP < low - 1e-9:
                return size, lines, block, fits
            size -= SIZE_STEP

    margin = MEDIA_MARGIN * mm
    page_w, page_h = (TRIM_W + 2 * MEDIA_MARGIN) * mm, (TRIM_H + 2 * MEDIA_MARGIN) * mm
    top = margin + TRIM_H * mm  # layout y runs down from the trim's top edge

    def draw_text(canvas: Canvas, box: TextBox, values: dict[str, dict[str, str]]) -> None:
        case = str.upper if box.upper else str
        text = case(fill_fields(box.text, values))
        w, h = box.w * mm, box.h * mm
        size, lines, block, fits = fit(text, box.role, w, h, box.size, box.low)
        short = case(fill_fields(box.short, values)) if box.short else ""
        if not fits and short:  # the short text instead, as brandkit sets it
            size, lines, block, _ = fit(short, box.role, w, h, box.size, box.low)
        space = {"middle": (h - block) / 2, "bottom": h - block}.get(box.valign, 0)
        y0 = box.y * mm + space
        canvas.setFillColor(ink[box.colour])
        canvas.setFont(fonts[box.role], size)
        for i, line in enumerate(lines):
            baseline = y0 + metrics[box.role][0] * size + i * LINE_HEIGHT * size
            canvas.drawCentredString(margin + (box.x + box.w / 2) * mm, top - baseline, line)

    def draw_side(canvas: Canvas, side: Side, values: dict[str, dict[str, str]]) -> None:
        canvas.setTrimBox((margin, margin, margin + TRIM_W * mm, top))
        canvas.setBleedBox((margin - bleed, margin - bleed, page_w - margin + bleed, top + bleed))
        canvas.setArtBox((margin, margin, margin + TRIM_W * mm, top))
        for x, y, w, h, colour in side.rects:
            canvas.setFillColor(ink[colour])
            canvas.rect(margin + x * mm, top - (y + h) * mm, w * mm, h * mm, 0, 1)
        if side.logo:
            x, y, w, h = side.logo  # scaled to fit its box, centred in it
            scale = min(w * mm / logo.width, h * mm / logo.height)
            dx, dy = (w * mm - logo.width * scale) / 2, (h * mm - logo.height * scale) / 2
            canvas.saveState()
            canvas.transform(scale, 0, 0, scale, margin + x * mm + dx, top - (y + h) * mm + dy)
            canvas.doForm("logo")
            canvas.restoreState()
        for box in side.texts:
            draw_text(canvas, box, values)
        if side.qr:
            qx, qy, qsize, data, colour = side.qr
            modules, runs = qr_runs(fill_fields(data, values))
            module = qsize * mm / modules
            x0, y0 = margin + qx * mm, top - qy * mm
            path = canvas.beginPath()
            for r, c, n in runs:
                path.rect(x0 + c * module, y0 - (r + 1) * module, n * module, module)
            canvas.setFillColor(ink[colour])
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

    bleed = BLEED * mm
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
            values = {"unit": unit, "staff": person.fields()}
            for side in SIDES:  # the front, then the back: a duplex badge
                draw_side(canvas, side, values)
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

// Wrap at spaces, then shrink in quarter points down to `low` until the block fits w × h;
// `short` ("" for none) is set instead when `body` does not fit even at `low`.
#let fit(body, short, x, y, w, h, size, low, weight, fill, valign) = place(
  dx: margin + x, dy: margin + y,
  context {{
    let set-at(s, t) = block(width: w, text(size: s, weight: weight, fill: fill, t))
    let t = if short != "" and measure(set-at(low, body)).height > h {{ short }} else {{ body }}
    let s = size
    while s - 0.25pt >= low and measure(set-at(s, t)).height > h {{
      s -= 0.25pt
    }}
    block(width: w, height: h, align(center + valign, set-at(s, t)))
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

{sides}

// A duplex badge per person: the front, then the back.
#for (i, p) in data.people.enumerate() {{
  if i > 0 {{ pagebreak() }}
  {pages}
}}
"""


def _typst_field(text: str, upper: bool) -> str:
    """A Typst expression for `text` with its fields read from `u` (the unit) and `p` (the
    person), e.g. `"Mã cán bộ: " + p.at("id", default: "")`."""
    parts, at = [], 0
    for m in FIELD.finditer(text):
        if m.start() > at:
            parts.append(json.dumps(text[at : m.start()], ensure_ascii=False))
        root = {"unit": "u", "staff": "p"}.get(m[1], "none")
        parts.append(f'{root}.at("{m[2]}", default: "")')
        at = m.end()
    if at < len(text) or not parts:
        parts.append(json.dumps(text[at:], ensure_ascii=False))
    expr = " + ".join(parts)
    return f"upper({expr})" if upper else expr


def _typst_side(name: str, side: Side, weights: dict[str, str]) -> str:
    lines = [f"#let {name}(u, p) = {{"]
    for x, y, w, h, fill in side.rects:
        lines.append(f"  place(dx: margin + {x:g}mm, dy: margin + {y:g}mm, "
                     f"rect(width: {w:g}mm, height: {h:g}mm, fill: c-{fill}))")  # fmt: skip
    if side.logo:
        x, y, w, h = side.logo
        lines.append(f'  place(dx: margin + {x:g}mm, dy: margin + {y:g}mm, image("logo.svg", '
                     f'width: {w:g}mm, height: {h:g}mm, fit: "contain"))')  # fmt: skip
    for b in side.texts:
        align = "horizon" if b.valign == "middle" else b.valign
        short = _typst_field(b.short, b.upper) if b.short else '""'
        lines.append(
            f"  fit({_typst_field(b.text, b.upper)}, {short}, {b.x:g}mm, {b.y:g}mm, {b.w:g}mm, "
            f"{b.h:g}mm, {b.size:g}pt, {b.low:g}pt, {weights[b.role]}, c-{b.colour}, {align})"
        )
    if side.qr:
        x, y, size, _, _ = side.qr
        lines.append(f"  place(dx: margin + {x:g}mm, dy: margin + {y:g}mm, "
                     f"image(bytes(p.qr), width: {size:g}mm, height: {size:g}mm))")  # fmt: skip
    lines.append("  marks")
    lines.append("}")
    return "\n".join(lines)


def font_extent(path: Path) -> float:
    """Ascender + descender of the font in em (Typst's line box with those edges)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    return (font["hhea"].ascent - font["hhea"].descent) / font["head"].unitsPerEm


def typst_template(brand: Brand) -> str:
    def colour(name: str) -> str:  # c-…: a colour named `text` must not hide Typst's text()
        cmyk = ", ".join(f"{round(v * 100, 2):g}%" for v in brand.colours[name][0])
        return f"#let c-{name} = cmyk({cmyk})"

    # Roboto-Bold.ttf: weight "bold" (Typst picks the face of that weight in the family)
    weights = {role: json.dumps(path.stem.rpartition("-")[2].lower() or "regular")
               for role, path in brand.fonts.items()}  # fmt: skip
    names = [("front", "back")[i] if i < 2 else f"side{i}" for i in range(len(SIDES))]
    return TYPST_TEMPLATE.format(
        bleed=BLEED, margin=MEDIA_MARGIN, trim_w=TRIM_W, trim_h=TRIM_H,
        colours="\n".join(colour(n) for n in brand.colours),
        leading=round(LINE_HEIGHT - font_extent(brand.fonts["body"]), 4), mark_gap=MARK_GAP,
        mark_length=MARK_LENGTH, mark_width=MARK_WIDTH_PT,
        sides="\n\n".join(_typst_side(n, s, weights) for n, s in zip(names, SIDES, strict=True)),
        pages="\n  pagebreak()\n  ".join(f"{n}(data.unit, p)" for n in names),
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
    front = SIDES[0]
    if front.qr is None:
        raise SystemExit("bench: the badge has no QR code")
    qr_data, qr_colour = front.qr[3], brand.colours[front.qr[4]][1]

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
            {**p.fields(), "qr": qr_svg(fill_fields(qr_data, {"staff": p.fields()}), qr_colour)}
            for p in members
        ]
        data = f"{unit['id']}.json"
        document = {"unit": unit, "people": records}
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
        with ThreadPoolExecutor(len(os.sched_getaffinity(0))) as pool:
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


def cores() -> str:
    """The machine's cores and those this process may run on (what default --jobs use)."""
    return f"os.cpu_count() {os.cpu_count()}, sched_getaffinity {len(os.sched_getaffinity(0))}"


def code_location() -> str:
    """Where the `brandkit` that `python -m brandkit` runs from the repository root lives,
    its modules compiled first as an installed package's are (`make compile`): where
    PYTHONDONTWRITEBYTECODE is set, each run would otherwise compile them again."""
    compile_args = [sys.executable, "-m", "compileall", "-q", str(ROOT / "brandkit")]
    subprocess.run(compile_args, cwd=ROOT, check=True, capture_output=True)
    args = [sys.executable, "-c", "import brandkit; print(brandkit.__file__)"]
    return subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def report(results: dict[str, Result], count: int, units: int) -> None:
    pages = len(SIDES) * count  # a badge is a front and a back
    print()
    print(f"{count:,} duplex badges ({pages:,} pages) over {units} units, one PDF per unit")
    print(f"cores: {cores()}")
    head = (
        f"{'way':<10} {'wall s':>7} {'badges/s':>9} {'peak MB':>8} {'PSS MB':>7} "
        f"{'1 proc MB':>9} {'procs':>5} {'PDFs':>5} {'output MB':>9} {'B/badge':>8} "
        f"{'KB/badge':>8} {'pages':>6}"
    )
    print(head)
    print("-" * len(head))
    for r in results.values():
        ok = "" if r.pages == pages else f"  (expected {pages:,} pages)"
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
        "single process (ru_maxrss from wait4); B/badge, KB/badge: all output bytes / badges "
        "(a badge = front + back)."
    )
    pages_ok = all(r.pages == pages for r in results.values())
    print(f"pages: {'every way made' if pages_ok else 'NOT every way made'} {pages:,} pages")
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
        for target, what in ((TARGET_TIME_RATIO, "target"), (MOONSHOT_TIME_RATIO, "moonshot")):
            checks.append((f"time ratio brandkit/Typst {ratio:.2f} ≤ {target:g} ({what})",
                           ratio <= target))  # fmt: skip
    else:
        checks.append(("time ratio brandkit/Typst: no Typst run", False))
    peak = bk.peak_rss / MB
    checks.append((f"brandkit peak memory {peak:.1f} MB ≤ {TARGET_PEAK_MB:g} MB",
                   peak <= TARGET_PEAK_MB))  # fmt: skip
    # Every brandkit PDF is PDF/X-4 and so carries its output intent's ICC profile (the other
    # ways make plain PDFs): the size target is for the badges, the profile is counted apart.
    profile = len(zlib.compress((ROOT / "brandkit/profiles/FOGRA39-brandkit.icc").read_bytes(), 9))
    per = (bk.out_bytes - bk.pdfs * profile) / count / KB
    print(f"brandkit: {profile / KB:.1f} KB of ICC profile in each of its {bk.pdfs} PDF/X-4 files")
    checks.append((f"brandkit {per:.2f} KB/badge ≤ {TARGET_KB_PER_BADGE:g} KB, the profile apart",
                   per <= TARGET_KB_PER_BADGE))  # fmt: skip
    checks.append((f"brandkit made {bk.pages:,} pages = 2 × {count:,}", bk.pages == pages))
    for text, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}  {text}")
    passed = all(ok for text, ok in checks if "moonshot" not in text)
    moonshot = [ok for text, ok in checks if "moonshot" in text]
    reached = "the moonshot too" if moonshot and all(moonshot) else "the moonshot apart"
    print(
        f"{'PASS' if passed else 'MISS'}: brandkit {'meets' if passed else 'misses'} its targets"
        f" ({reached})"
    )


# ---------------------------------------------------------------------------------------------


def typst_available() -> bool:
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


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
        if "brandkit" in ways:
            print(f"brandkit from {code_location()}")
        repeat = max(1, args.repeat)
        runs: dict[str, list[Result]] = {way: [] for way in ways}
        for n in range(repeat):  # rounds interleave the ways, so drifts in speed hit each alike
            for way in ways:
                out = base / way
                shutil.rmtree(out, ignore_errors=True)
                out.mkdir(parents=True)
                if way == "brandkit":
                    cmd = [
                        sys.executable, "-m", "brandkit", "--spec", str(spec), "--out", str(out),
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
