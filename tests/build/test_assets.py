"""The registry of asset kinds: the built-in kinds, and those a spec declares in a template.

Small specs are made from `tests/spec/valid/minimal.yaml` with a template or two added, in
`tmp_path`; the minimal spec has no logos or data files, so a copy loads where it lies and the
line numbers it reports are the lines of the copy. A mistake is marked in the YAML with a
`# <-` comment on the line the problem must be reported at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brandkit.build.assets import BUILT_IN_REGISTRY, Registry, registry_for
from brandkit.errors import Problem, SpecError
from brandkit.spec import load_spec
from tests.cli.conftest import invoke

MINIMAL = Path(__file__).resolve().parents[1] / "spec" / "valid" / "minimal.yaml"
MARK = "# <-"

SIGN_KINDS = ("signboard", "door_sign", "counter_sign", "desk_plate")
UNIT_KINDS = ("signboard", "door_sign", "envelope", "folder", "kiosk", "ticket_proof")
BRAND_WIDE = ("ticket_logo", "tokens", "icon")

# A template of a new kind, in the minimal spec's style (its colours and fonts).
POSTER = """\
  poster:
    asset: poster
    repeat: unit
    label: Áp phích giờ làm việc
    title: Áp phích
    size: {width: 297mm, height: 420mm}
    elements:
      - {type: rect, x: 0mm, y: 0mm, w: 297mm, h: 80mm, fill: primary, bleed: true}
      - {type: text, text: "GIỜ LÀM VIỆC", x: 20mm, y: 120mm, w: 257mm, h: 40mm,
         font: heading, size: 60pt, colour: primary, align: center}
"""


def spec_with(tmp_path: Path, templates: str, name: str = "spec.yaml") -> Path:
    """The minimal spec with `templates` (YAML, indented as entries of `templates:`) added
    after its own badge template."""
    text = MINIMAL.read_text(encoding="utf-8")
    assert "\nunits:\n" in text, "minimal.yaml changed; update the test"
    path = tmp_path / name
    path.write_text(text.replace("\nunits:\n", "\n" + templates + "units:\n", 1), encoding="utf-8")
    return path


def marked_line(path: Path) -> int:
    """The 1-based line carrying the `# <-` mark."""
    lines = path.read_text(encoding="utf-8").splitlines()
    marked = [i for i, line in enumerate(lines, start=1) if MARK in line]
    assert len(marked) == 1, marked
    return marked[0]


def registry_problems(path: Path) -> list[Problem]:
    """What loading `path` and making its registry reports: [] when it is fine. (Loading the
    spec may already refuse it: the registry's rules may run as one of the spec's checks.)"""
    try:
        registry_for(load_spec(path))
    except SpecError as error:
        return error.problems
    return []


# --- the built-in kinds ----------------------------------------------------------------------


def test_every_kind_the_sample_uses_is_in_its_registry(sample_spec) -> None:
    registry = registry_for(sample_spec)
    assert isinstance(registry, Registry)
    used = {t.asset for t in sample_spec.spec.templates.values()}
    assert used <= set(registry.names)
    # The sample declares kinds of its own: the opening-hours poster and the office stationery
    # (business card, letterhead); the rest are built in.
    assert used - set(BUILT_IN_REGISTRY.names) == {"poster", "business_card", "letterhead"}
    # The registry lists the built-in kinds first, in the order `build` makes them.
    assert registry.names[: len(BUILT_IN_REGISTRY.names)] == BUILT_IN_REGISTRY.names


def test_the_built_in_kinds() -> None:
    names = BUILT_IN_REGISTRY.names
    assert set(names) == {
        "badge", "signboard", "door_sign", "counter_sign", "desk_plate", "envelope", "folder",
        "procedure_board", "procedure_handout", "kiosk", "ticket_proof", "ticket_logo", "tokens",
        "icon", "manual", "office", "attire",
    }  # fmt: skip
    assert len(names) == len(set(names))
    for kind in BUILT_IN_REGISTRY:
        assert kind.name in BUILT_IN_REGISTRY and BUILT_IN_REGISTRY[kind.name] is kind
        assert not kind.declared
        assert kind.label and kind.label == kind.label.strip(), kind.name
        assert kind.command, kind.name
        if kind.brand_wide or kind.document:  # made from the whole spec, not templates
            assert kind.repeats == () and not kind.press, kind.name
        else:
            assert kind.repeats and kind.folder, kind.name
    assert "poster" not in BUILT_IN_REGISTRY
    with pytest.raises(KeyError):
        BUILT_IN_REGISTRY["poster"]


def test_what_each_built_in_kind_repeats_over() -> None:
    repeats = {k.name: k.repeats for k in BUILT_IN_REGISTRY}
    assert repeats["badge"] == ("staff",)
    assert repeats["desk_plate"] == ("staff",)
    assert repeats["counter_sign"] == ("counter",)
    assert repeats["procedure_board"] == repeats["procedure_handout"] == ("procedures",)
    for name in UNIT_KINDS:
        assert repeats[name] == ("unit",), name
    for name in BRAND_WIDE:
        assert BUILT_IN_REGISTRY[name].brand_wide, name


def test_folders_labels_and_presses_of_built_in_kinds() -> None:
    folders = {k.name: k.folder for k in BUILT_IN_REGISTRY if not k.brand_wide}
    assert folders == {
        "badge": "badges", "signboard": "signs", "door_sign": "signs", "counter_sign": "signs",
        "desk_plate": "signs", "envelope": "envelopes", "folder": "folders",
        "procedure_board": "boards", "procedure_handout": "boards", "kiosk": "kiosk",
        "ticket_proof": "ticket", "manual": "brand", "office": "office", "attire": "attire",
    }  # fmt: skip
    assert BUILT_IN_REGISTRY["badge"].label == "Thẻ tên cán bộ"
    assert BUILT_IN_REGISTRY["desk_plate"].label == "Biển tên để bàn"
    # Screens, the thermal ticket and the documents (manual, office, attire) go to no print
    # shop: never imposed or bundled.
    pressed = {k.name for k in BUILT_IN_REGISTRY if k.press}
    assert pressed == {
        "badge", "signboard", "door_sign", "counter_sign", "desk_plate", "envelope", "folder",
        "procedure_board", "procedure_handout",
    }  # fmt: skip


def test_the_shorthand_commands() -> None:
    assert BUILT_IN_REGISTRY.of_command("signs") == SIGN_KINDS
    assert BUILT_IN_REGISTRY.of_command("badges") == ("badge",)
    assert BUILT_IN_REGISTRY.of_command("boards") == ("procedure_board", "procedure_handout")
    assert BUILT_IN_REGISTRY.of_command("envelopes") == ("envelope",)
    assert BUILT_IN_REGISTRY.of_command("folders") == ("folder",)
    assert set(BUILT_IN_REGISTRY.of_command("kiosk")) == {"kiosk", "ticket_proof", "ticket_logo"}
    assert BUILT_IN_REGISTRY.of_command("nonsense") == ()


def test_unknown_names_are_listed_in_the_order_given() -> None:
    assert BUILT_IN_REGISTRY.unknown(("badge", "poster", "nonsense")) == ["poster", "nonsense"]


# --- declared kinds --------------------------------------------------------------------------


def test_the_samples_poster_is_a_declared_kind(sample_spec) -> None:
    poster = registry_for(sample_spec)["poster"]
    assert poster.declared
    assert poster.folder == "posters"  # the default: the kind's name and "s"
    assert poster.label == "Áp phích giờ làm việc"
    assert poster.repeats == ("unit",)
    assert poster.press and not poster.brand_wide
    assert poster.command == "make"
    # Nothing but the sample's own templates is declared.
    declared = [k.name for k in registry_for(sample_spec) if k.declared]
    assert declared == ["poster", "business_card", "letterhead"]


def test_a_declared_kind_takes_its_folder_and_label_from_the_template(tmp_path) -> None:
    path = spec_with(tmp_path, POSTER)
    registry = registry_for(load_spec(path))
    poster = registry["poster"]
    assert (poster.folder, poster.label, poster.repeats) == (
        "posters", "Áp phích giờ làm việc", ("unit",),
    )  # fmt: skip
    assert poster.declared and poster.press
    assert registry.names == (*BUILT_IN_REGISTRY.names, "poster")

    own_folder = POSTER.replace("    repeat: unit\n", "    repeat: unit\n    folder: ap-phich\n")
    other = spec_with(tmp_path, own_folder, "other.yaml")
    assert registry_for(load_spec(other))["poster"].folder == "ap-phich"


def test_a_kind_declared_by_two_templates_is_one_kind(tmp_path) -> None:
    second = POSTER.replace("  poster:\n", "  poster_a4:\n").replace(
        "{width: 297mm, height: 420mm}", "{width: 210mm, height: 297mm}"
    )
    second = second.replace("w: 297mm, h: 80mm", "w: 210mm, h: 80mm").replace(
        "w: 257mm", "w: 170mm"
    )
    registry = registry_for(load_spec(spec_with(tmp_path, POSTER + second)))
    assert [k.name for k in registry if k.declared] == ["poster"]


def test_a_declared_kind_may_repeat_over_staff_or_counters(tmp_path) -> None:
    card = """\
  name_card:
    asset: name_card
    repeat: staff
    label: Danh thiếp
    size: {width: 90mm, height: 55mm}
    elements:
      - {type: text, text: "{staff.name}", x: 5mm, y: 5mm, w: 80mm, h: 12mm,
         font: heading, size: 12pt, colour: primary}
"""
    registry = registry_for(load_spec(spec_with(tmp_path, card)))
    kind = registry["name_card"]
    # A folder name is written like a file stem: the kind's underscores become hyphens.
    assert (kind.repeats, kind.folder, kind.label) == (("staff",), "name-cards", "Danh thiếp")


# --- mistakes, located ---------------------------------------------------------------------

WRONG_REPEAT = """\
  badge_wall:
    asset: badge
    repeat: unit  # <-
    size: {width: 54mm, height: 85.6mm}
    elements:
      - {type: text, text: "{unit.name}", x: 4mm, y: 34mm, w: 46mm, h: 12mm,
         font: heading, size: 12pt, colour: primary}
"""

TWO_REPEATS = (
    POSTER
    + """\
  poster_staff:
    asset: poster
    repeat: staff  # <-
    size: {width: 297mm, height: 420mm}
    elements:
      - {type: text, text: "{staff.name}", x: 20mm, y: 20mm, w: 257mm, h: 40mm,
         font: heading, size: 40pt, colour: primary}
"""
)

FOLDER_ON_BUILT_IN = """\
  folder_a4:
    asset: folder
    repeat: unit
    folder: kep-file  # <-
    size: {width: 474mm, height: 410mm}
    elements:
      - {type: text, text: "{unit.name}", x: 20mm, y: 20mm, w: 200mm, h: 20mm,
         font: heading, size: 20pt, colour: primary}
"""

LABEL_ON_BUILT_IN = """\
  door:
    asset: door_sign
    repeat: unit
    label: Biển cửa  # <-
    size: {width: 600mm, height: 400mm}
    elements:
      - {type: text, text: "{unit.name}", x: 20mm, y: 20mm, w: 500mm, h: 80mm,
         font: heading, size: 60pt, colour: primary}
"""

BRAND_WIDE_KIND = """\
  my_tokens:
    asset: tokens  # <-
    repeat: unit
    size: {width: 100mm, height: 100mm}
    elements:
      - {type: text, text: "{unit.name}", x: 10mm, y: 10mm, w: 80mm, h: 20mm,
         font: heading, size: 20pt, colour: primary}
"""

MISTAKES = {
    "a badge repeating over units": (WRONG_REPEAT, ("a badge repeats over staff, not 'unit'",)),
    "one declared kind, two repeats": (TWO_REPEATS, ("poster", "'unit'", "'staff'")),
    "folder on a built-in kind": (FOLDER_ON_BUILT_IN, ("folder",)),
    "label on a built-in kind": (LABEL_ON_BUILT_IN, ("door_sign", "label")),
    "a brand-wide kind in a template": (BRAND_WIDE_KIND, ("tokens",)),
}


@pytest.mark.parametrize("case", list(MISTAKES))
def test_a_mistake_in_a_kind_is_located_at_its_template(tmp_path, case) -> None:
    templates, expected = MISTAKES[case]
    path = spec_with(tmp_path, templates)
    problems = registry_problems(path)
    assert problems, f"{case}: accepted"
    line = marked_line(path)
    located = [p for p in problems if p.line == line]
    assert located, [str(p) for p in problems]
    assert all(p.file == str(path) for p in located), [p.file for p in located]
    message = " ".join(str(p) for p in located)
    for text in expected:
        assert text in message, (case, message)


@pytest.mark.parametrize("case", list(MISTAKES))
def test_validate_refuses_a_mistake_in_a_kind(tmp_path, case) -> None:
    templates, expected = MISTAKES[case]
    path = spec_with(tmp_path, templates)
    result = invoke("--spec", path, "validate")
    assert result.exit_code == 1, result.output
    assert f"{path}:{marked_line(path)}: " in result.stderr, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


@pytest.mark.parametrize("name", ["Poster", "áp_phích", "2poster", "poster-a3", "poster kind"])
def test_a_kind_name_is_lower_case_ascii(tmp_path, name) -> None:
    path = spec_with(
        tmp_path, POSTER.replace("    asset: poster\n", f"    asset: {name}  {MARK}\n")
    )
    with pytest.raises(SpecError) as caught:
        registry_for(load_spec(path))
    assert any(p.line == marked_line(path) for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]
