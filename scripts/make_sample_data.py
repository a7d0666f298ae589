"""Generate the sample data that ships with the Hanoi one-stop spec.

Writes, relative to the repository root:

* the branch and commune/ward entries of the ``units:`` list in ``specs/hanoi-one-stop.yaml``
  (everything from the line ``  - id: chi-nhanh-01`` onwards is rewritten; the part above,
  including the ``trung-tam`` unit, is kept byte for byte);
* ``specs/data/staff.xlsx`` and ``specs/data/staff.csv``, a list of fictional staff;
* ``specs/data/photos/<id>.jpg``, flat placeholder avatars for a few of them.

Communes and wards come from ``specs/data/hanoi-communes.csv``. Everything is deterministic:
running the script twice produces byte-identical files.

Usage: ``python scripts/make_sample_data.py``
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.writer.excel import ExcelWriter
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "hanoi-one-stop.yaml"
DATA = ROOT / "specs" / "data"
COMMUNES_CSV = DATA / "hanoi-communes.csv"
STAFF_XLSX = DATA / "staff.xlsx"
STAFF_CSV = DATA / "staff.csv"
PHOTOS = DATA / "photos"

SEED = 2026
FIXED_TIME = dt.datetime(2026, 1, 1, 8, 0, 0)
CENTRE_ID = "trung-tam"
FIRST_GENERATED_LINE = "  - id: chi-nhanh-01\n"

BRANCH_COUNT = 12
BRANCH_ADDRESSES = {
    1: "258 Võ Chí Công, phường Tây Hồ, Hà Nội",
    3: "126 Hàng Trống, phường Hoàn Kiếm, Hà Nội",
}
KINDS = {"phường": "ward", "xã": "commune"}

# Reception counters by kind of unit, named as the departments are since their 2025 merger
# (labour went to Home Affairs; natural resources and environment joined agriculture). Written
# once in the spec under a YAML anchor and referred to by every other unit of that kind.
# Communes and wards share one set.
COUNTER_SETS = {
    "branch": [
        "Đất đai – Đăng ký biến động",
        "Đăng ký kinh doanh",
        "Tư pháp – Chứng thực",
        "Thu phí, lệ phí – Trả kết quả",
    ],
    "point": [
        "Tư pháp – Hộ tịch",
        "Đất đai – Xây dựng – Đô thị",
        "Nội vụ – Lao động – Việc làm",
        "Văn hóa – Xã hội – Y tế",
        "Trả kết quả",
    ],
}
COUNTER_SET_OF_KIND = {"branch": "branch", "ward": "point", "commune": "point"}
STAFF_PER_KIND = {"centre": 6, "branch": 4, "ward": 3, "commune": 3}

XLSX_SHEET = "Danh sách cán bộ"
XLSX_HEADER = [
    "STT", "Mã cán bộ", "Họ và tên", "Chức danh", "Chức danh rút gọn", "Đơn vị", "Ảnh",
    "Điện thoại", "Thư điện tử",
]  # fmt: skip
CSV_HEADER = [
    "Mã số", "Họ tên", "Chức vụ", "Chức vụ rút gọn", "Đơn vị", "Ảnh", "Số điện thoại", "Email"
]  # fmt: skip
UNIT_AS_ID_ROWS = 10
UNIT_UPPER_ROWS = 5

# --- fictional people ---------------------------------------------------------------------------

FAMILY_NAMES = [
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 3),
    ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 3), ("Bùi", 3), ("Đỗ", 3), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 2), ("Lý", 1), ("Đinh", 2), ("Trịnh", 2), ("Đoàn", 1), ("Lưu", 1),
    ("Tạ", 1), ("Khổng", 1), ("Quách", 1), ("Mạc", 1), ("Kiều", 1), ("Ứng", 1),
]  # fmt: skip
MIDDLE_NAMES = {
    "m": ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Mạnh", "Tiến", "Quốc"],
    "f": ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Kim", "Thúy", "Diệu", "Bích", "Hồng", "Phương"],
}
GIVEN_NAMES = {
    "m": [
        "Anh", "Dũng", "Tuấn", "Quyết", "Lộc", "Nghĩa", "Trường", "Hùng", "Long", "Sơn",
        "Khoa", "Quang", "Hiếu", "Thắng", "Cường", "Đạt", "Bình", "Toàn", "Khánh", "Hải",
        "Phong", "Việt", "Thành", "Kiên", "Duy", "Tùng", "Hưng", "Huy",
    ],
    "f": [
        "Anh", "Hà", "Hương", "Ngọc", "Phương", "Thảo", "Hạnh", "Huyền", "Khánh", "Yến",
        "Lan", "Mai", "Trang", "Linh", "Nhung", "Hằng", "Diễm", "Quỳnh", "Oanh", "Thủy",
        "Nguyệt", "Vân", "Giang", "Ánh", "Uyên", "Loan",
    ],
}  # fmt: skip
SECOND_MIDDLE = {
    "m": ["Minh", "Ngọc", "Hoàng", "Thế", "Bảo"],
    "f": ["Thu", "Ngọc", "Minh", "Hải", "Bảo", "Mỹ"],
}
# Deliberately long names, pinned to (unit id, position in unit) so layouts get tested.
LONG_NAMES = {
    ("phuong-tay-ho", 0): "Công Tôn Nữ Thị Hoàng Phương Thảo Nguyên",
    ("chi-nhanh-03", 2): "Tôn Thất Nguyễn Hoàng Khánh Linh",
    (CENTRE_ID, 4): "Âu Dương Nguyễn Thị Diễm Quỳnh",
    ("xa-dong-anh", 1): "Nguyễn Huỳnh Thượng Quốc Trường",
    ("phuong-van-mieu-quoc-tu-giam", 2): "Trần Lê Nguyễn Phước Bảo Ngọc Uyên",
}

# --- titles -------------------------------------------------------------------------------------

CENTRE_TITLES = [
    "Giám đốc Trung tâm",
    "Phó Giám đốc Trung tâm",
    "Phó Giám đốc Trung tâm",
    "Trưởng phòng Tổng hợp – Hành chính",
    "Chuyên viên",
    "Chuyên viên",
]
BRANCH_TITLES = [
    "Giám đốc Chi nhánh",
    "Phó Giám đốc Chi nhánh",
    "Viên chức hướng dẫn thủ tục hành chính",
    "Viên chức tiếp nhận và trả kết quả",
]
LOCAL_TITLES = [
    "Công chức tiếp nhận hồ sơ",
    "Chuyên viên",
    "Công chức Tư pháp – Hộ tịch",
    "Công chức Văn phòng – Thống kê",
    "Công chức Địa chính – Xây dựng",
    "Công chức Tài chính – Kế toán",
    "Viên chức hướng dẫn thủ tục hành chính",
]
LONG_TITLE = (
    "Công chức Văn hóa – Xã hội kiêm tiếp nhận và trả kết quả giải quyết thủ tục hành chính"
)
# What a badge or desk plate sets where the long title does not fit (column "Chức danh rút gọn").
SHORT_TITLES = {LONG_TITLE: "Công chức Văn hóa – Xã hội kiêm Một cửa"}
LONG_TITLE_AT = {("phuong-tay-ho", 0), ("xa-ung-hoa", 1), ("phuong-hoang-liet", 2)}
PHOTO_AT = {(CENTRE_ID, 0), ("chi-nhanh-03", 0), ("phuong-tay-ho", 0)}

# --- photos -------------------------------------------------------------------------------------

PHOTO_SIZE = (300, 400)  # 3:4 portrait; over 400 dpi when placed 19 mm wide
PHOTO_SUPERSAMPLE = 4
PHOTO_BACKGROUND = (0xD6, 0xDC, 0xE6)
PHOTO_BLUES = [(0x0B, 0x4A, 0x8B), (0x12, 0x55, 0x9A), (0x0A, 0x40, 0x7A), (0x1A, 0x5C, 0x9E)]


@dataclass(frozen=True)
class Unit:
    """One entry of the spec's ``units:`` list."""

    id: str
    name: str
    kind: str
    parent: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Person:
    """One row of the staff list."""

    id: str
    name: str
    title: str
    unit: Unit
    photo: str


def slugify(text: str) -> str:
    """ASCII slug: strip accents, đ→d, lowercase, runs of other characters → one hyphen."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def contacts(people: list[Person]) -> list[tuple[str, str]]:
    """Each person's work phone and e-mail (fictional, derived from the id, no random draws, so
    the other columns stay as they were): some people give neither, to show a business card
    without them."""
    taken: set[str] = set()
    found = []
    for person in people:
        n = int(person.id[2:])
        phone = "" if n % 4 == 3 else f"0912 {n:03d} {n * 37 % 1000:03d}"
        words = slugify(person.name).split("-")
        local = words[-1] + "".join(w[0] for w in words[:-1])
        email = local
        while email in taken:
            email = f"{local}{len([t for t in taken if t.startswith(local)]) + 1}"
        taken.add(email)
        found.append((phone, "" if n % 7 == 6 else f"{email}@hanoi.gov.vn"))
    return found


def yaml_scalar(value: str) -> str:
    """Plain YAML scalar when unambiguous, otherwise a double-quoted one."""
    plain = (
        re.fullmatch(r"\w[\w .,/()–-]*", value)
        and re.search(r"[^\W\d_]", value)
        and not value.endswith(" ")
        and value.lower() not in {"yes", "no", "true", "false", "null", "on", "off"}
    )
    if plain:
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def flow_scalar(value: str) -> str:
    """A scalar for inside a flow mapping, where a comma would end the value."""
    if "," not in value:
        return yaml_scalar(value)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def read_spec_head() -> tuple[str, Unit]:
    """Return the spec text above the generated units, and the centre unit found in it."""
    text = SPEC.read_text(encoding="utf-8")
    cut = text.find(FIRST_GENERATED_LINE)
    head = text if cut < 0 else text[:cut]
    if not head.endswith("\n"):
        head += "\n"
    block = re.search(rf"^  - id: {CENTRE_ID}\n((?:    .*\n)+)", head, flags=re.MULTILINE)
    if block is None:
        raise SystemExit(f"{SPEC.name}: no '{CENTRE_ID}' unit found under units:")
    fields = dict(
        line.strip().split(": ", 1) for line in block.group(1).splitlines() if ": " in line
    )
    if not head.endswith(block.group(0)):
        raise SystemExit(
            f"{SPEC.name}: the '{CENTRE_ID}' unit must be the last block before the generated units"
        )
    centre = Unit(CENTRE_ID, fields["name"], fields["kind"], address=fields.get("address"))
    return head, centre


def read_communes() -> list[Unit]:
    """Communes and wards from the reference CSV, in file order."""
    with COMMUNES_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    units: list[Unit] = []
    for row in rows:
        name = unicodedata.normalize("NFC", row["name"].strip())
        kind = row["kind"].strip()
        if kind not in KINDS:
            raise SystemExit(f"{COMMUNES_CSV.name}: unknown kind {kind!r} for {name!r}")
        # The reception point of a commune or ward sits in its People's Committee building.
        address = f"Trụ sở Ủy ban nhân dân {name[0].lower()}{name[1:]}, Hà Nội"
        units.append(Unit(slugify(name), name, KINDS[kind], parent=CENTRE_ID, address=address))
    return units


def build_units(centre: Unit) -> list[Unit]:
    """Centre, branches, then communes and wards; fails if any id repeats."""
    branches = [
        Unit(
            f"chi-nhanh-{n:02d}",
            f"Chi nhánh số {n}",
            "branch",
            parent=CENTRE_ID,
            address=BRANCH_ADDRESSES.get(n),
        )
        for n in range(1, BRANCH_COUNT + 1)
    ]
    units = [centre, *branches, *read_communes()]
    seen: dict[str, str] = {}
    for unit in units:
        if unit.id in seen:
            raise SystemExit(f"duplicate unit id {unit.id!r}: {seen[unit.id]!r} and {unit.name!r}")
        seen[unit.id] = unit.name
    return units


def units_yaml(units: list[Unit]) -> str:
    """The generated tail of the ``units:`` list."""
    lines: list[str] = []
    anchored: set[str] = set()
    for unit in units:
        lines.append(f"  - id: {unit.id}")
        lines.append(f"    name: {yaml_scalar(unit.name)}")
        lines.append(f"    kind: {unit.kind}")
        if unit.parent:
            lines.append(f"    parent: {unit.parent}")
        if unit.address:
            lines.append(f"    address: {yaml_scalar(unit.address)}")
        counter_set = COUNTER_SET_OF_KIND.get(unit.kind)
        if counter_set is None:
            continue
        if counter_set in anchored:
            lines.append(f"    counters: *{counter_set}-counters")
            continue
        anchored.add(counter_set)
        lines.append(f"    counters: &{counter_set}-counters")
        for number, name in enumerate(COUNTER_SETS[counter_set], start=1):
            lines.append(f"      - {{number: {number}, name: {flow_scalar(name)}}}")
    return "\n".join(lines) + "\n"


def write_spec(head: str, units: list[Unit]) -> None:
    generated = units_yaml([u for u in units if u.id != CENTRE_ID])
    assert generated.startswith(FIRST_GENERATED_LINE)
    with SPEC.open("w", encoding="utf-8", newline="\n") as f:
        f.write(head + generated)


def make_name(rng: random.Random, taken: set[str]) -> str:
    """A plausible, not yet used, Vietnamese full name."""
    families = [name for name, _ in FAMILY_NAMES]
    weights = [weight for _, weight in FAMILY_NAMES]
    while True:
        sex = "f" if rng.random() < 0.55 else "m"
        parts = [rng.choices(families, weights)[0], rng.choice(MIDDLE_NAMES[sex])]
        if rng.random() < 0.2:
            parts.append(rng.choice(SECOND_MIDDLE[sex]))
        parts.append(rng.choice(GIVEN_NAMES[sex]))
        if len(set(parts[1:])) != len(parts[1:]):
            continue
        name = " ".join(parts)
        if name not in taken:
            return name


def make_staff(rng: random.Random, units: list[Unit]) -> list[Person]:
    """Staff for every unit, numbered CB00001… in unit order."""
    taken = set(LONG_NAMES.values())
    people: list[Person] = []
    for unit in units:
        count = STAFF_PER_KIND[unit.kind]
        if unit.kind == "centre":
            titles = CENTRE_TITLES[:count]
        elif unit.kind == "branch":
            titles = BRANCH_TITLES[:count]
        else:
            titles = rng.sample(LOCAL_TITLES, count)
        for slot, title in enumerate(titles):
            key = (unit.id, slot)
            name = LONG_NAMES.get(key) or make_name(rng, taken)
            taken.add(name)
            staff_id = f"CB{len(people) + 1:05d}"
            photo = f"photos/{staff_id}.jpg" if key in PHOTO_AT else ""
            title = LONG_TITLE if key in LONG_TITLE_AT else title
            people.append(Person(staff_id, name, title, unit, photo))
    slots = {(unit.id, n) for unit in units for n in range(STAFF_PER_KIND[unit.kind])}
    if missing := (set(LONG_NAMES) | LONG_TITLE_AT | PHOTO_AT) - slots:
        raise SystemExit(f"pinned rows refer to unknown units: {sorted(missing)}")
    return people


def messy_unit_cells(rng: random.Random, people: list[Person]) -> list[str]:
    """The "Đơn vị" column as people type it: mostly names, a few ids, a few in capitals."""
    cells = [p.unit.name for p in people]
    picked = rng.sample(range(len(people)), UNIT_AS_ID_ROWS + UNIT_UPPER_ROWS)
    for i in picked[:UNIT_AS_ID_ROWS]:
        cells[i] = people[i].unit.id
    for i in picked[UNIT_AS_ID_ROWS:]:
        cells[i] = people[i].unit.name.upper()
    return cells


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed timestamps so identical content gives identical bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_xlsx(people: list[Person], unit_cells: list[str]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = XLSX_SHEET
    ws.append(XLSX_HEADER)
    rows = zip(people, unit_cells, contacts(people), strict=True)
    for n, (person, unit_cell, (phone, email)) in enumerate(rows, start=1):
        short = SHORT_TITLES.get(person.title)
        cells = [person.photo, phone, email]
        ws.append(
            [n, person.id, person.name, person.title, short, unit_cell, *(c or None for c in cells)]
        )
    header_fill = PatternFill("solid", fgColor="0B4A8B")
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for column, width in zip("ABCDEFGHI", [6, 12, 42, 60, 40, 52, 20, 16, 30], strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions

    wb.properties.creator = "brandkit sample data"
    wb.properties.lastModifiedBy = "brandkit sample data"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save(), which stamps the current time as "modified".
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    STAFF_XLSX.write_bytes(deterministic_zip(buffer.getvalue()))


def write_csv(people: list[Person]) -> None:
    with STAFF_CSV.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for p, (phone, email) in zip(people, contacts(people), strict=True):
            short = SHORT_TITLES.get(p.title, "")
            writer.writerow([p.id, p.name, p.title, short, p.unit.id, p.photo, phone, email])


def shade(colour: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    """Blend a colour towards white (factor > 0) or black (factor < 0)."""
    target = 255 if factor > 0 else 0
    r, g, b = (round(c + (target - c) * abs(factor)) for c in colour)
    return (r, g, b)


def draw_avatar(rng: random.Random) -> Image.Image:
    """A flat, anonymous head-and-shoulders portrait on a light blue-grey ground."""
    s = PHOTO_SUPERSAMPLE
    w, h = PHOTO_SIZE[0] * s, PHOTO_SIZE[1] * s
    image = Image.new("RGB", (w, h), PHOTO_BACKGROUND)
    draw = ImageDraw.Draw(image)
    body = rng.choice(PHOTO_BLUES)
    skin = shade(body, rng.uniform(0.30, 0.40))
    cx = w / 2 + rng.uniform(-4, 4) * s
    head_r = rng.uniform(68, 74) * s
    head_cy = rng.uniform(158, 166) * s
    shoulder_top = head_cy + head_r + rng.uniform(14, 20) * s
    shoulder_half = rng.uniform(124, 134) * s
    # Shoulders: a rounded block running off the bottom edge.
    draw.rounded_rectangle(
        (cx - shoulder_half, shoulder_top, cx + shoulder_half, h + 200 * s),
        radius=rng.uniform(92, 104) * s,
        fill=body,
    )
    # Neck, then a light shirt collar in a V below it.
    neck_half = head_r * 0.34
    draw.rectangle(
        (cx - neck_half, head_cy, cx + neck_half, shoulder_top + 10 * s), fill=shade(skin, -0.08)
    )
    collar_depth = rng.uniform(52, 62) * s
    draw.polygon(
        [
            (cx - neck_half * 1.6, shoulder_top),
            (cx + neck_half * 1.6, shoulder_top),
            (cx, shoulder_top + collar_depth),
        ],
        fill=shade(body, 0.82),
    )
    draw.polygon(
        [
            (cx - neck_half, shoulder_top),
            (cx + neck_half, shoulder_top),
            (cx, shoulder_top + collar_depth * 0.62),
        ],
        fill=shade(skin, -0.08),
    )
    draw.ellipse((cx - head_r, head_cy - head_r, cx + head_r, head_cy + head_r), fill=skin)
    return image.resize(PHOTO_SIZE, Image.Resampling.LANCZOS)


def write_photos(rng: random.Random, people: list[Person]) -> None:
    PHOTOS.mkdir(parents=True, exist_ok=True)
    for person in people:
        if person.photo:
            avatar = draw_avatar(rng)
            avatar.save(DATA / person.photo, "JPEG", quality=85)


def main() -> None:
    rng = random.Random(SEED)
    head, centre = read_spec_head()
    units = build_units(centre)
    write_spec(head, units)
    people = make_staff(rng, units)
    write_xlsx(people, messy_unit_cells(rng, people))
    write_csv(people)
    write_photos(rng, people)
    counts: dict[str, int] = {}
    for unit in units:
        counts[unit.kind] = counts.get(unit.kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    print(f"{len(units)} units ({summary}); {len(people)} staff")


if __name__ == "__main__":
    main()
