"""Loading specs: the sample is valid, problems are located, hostile YAML is refused quickly."""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandkit.errors import Problem, SpecError
from brandkit.spec import load_spec
from brandkit.spec.model import Spec
from brandkit.units import mm, parse_length
from tests.conftest import SPECS_DIR

HERE = Path(__file__).resolve().parent
MINIMAL = HERE / "valid" / "minimal.yaml"


def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_spec_loads(sample_spec) -> None:
    spec = sample_spec.spec
    assert isinstance(spec, Spec)
    assert len(spec.units) == 139
    assert len({u.id for u in spec.units}) == 139
    badge = spec.templates["badge"]
    assert badge.size.width == pytest.approx(mm(54))
    assert badge.size.height == pytest.approx(mm(85.6))
    assert badge.bleed == pytest.approx(mm(3))
    assert set(spec.fonts) >= {"heading", "body"}
    tay_ho = next(u for u in spec.units if u.id == "phuong-tay-ho")
    assert tay_ho.name == "Phường Tây Hồ"


def test_sample_paths_resolve_inside_its_folder(sample_spec, sample_spec_path) -> None:
    logo = sample_spec.resolve(sample_spec.spec.logos["emblem"])
    assert logo.is_file()
    assert logo.is_relative_to(sample_spec_path.parent.resolve())


def test_a_copied_spec_folder_resolves_to_the_copy(spec_copy) -> None:
    spec_file = load_spec(spec_copy.path)
    staff = spec_file.resolve(spec_file.spec.data.staff.file)
    assert staff.is_file()
    assert staff.is_relative_to(spec_copy.dir.resolve())


def test_text_in_the_spec_is_normalised(tmp_path: Path) -> None:
    text = minimal_text().replace(
        "name: Phường A", "name: " + unicodedata.normalize("NFD", "Phường   Ấ")
    )
    spec_file = load_spec(write(tmp_path, text))
    assert spec_file.spec.units[0].name == "Phường Ấ"


def test_problem_string_format() -> None:
    problem = Problem("no colour named 'x'", "specs/a.yaml", 12, "templates.badge.elements[0].fill")
    assert str(problem) == "specs/a.yaml:12: templates.badge.elements[0].fill: no colour named 'x'"
    assert str(Problem("oops", "a.csv")) == "a.csv: oops"
    assert str(Problem("oops")) == "oops"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        minimal_text()
        .replace("size: 13pt", "size: 13")  # a type error
        .replace("fill: primary", "fill: primray")  # an unknown name
        .replace("{staff.title}", "{staff.titel}")  # an unknown field
    )
    path = write(tmp_path, text)
    with pytest.raises(SpecError) as info:
        load_spec(path, display="spec.yaml")
    messages = [str(p) for p in info.value.problems]
    assert any("expected a length with a unit" in m for m in messages), messages
    assert any("no colour named 'primray'" in m for m in messages), messages
    assert any("unknown field staff.titel" in m for m in messages), messages
    lines = [p.line for p in info.value.problems]
    assert all(isinstance(line, int) and line > 1 for line in lines)
    assert lines == sorted(lines)  # in file order


def test_shared_pieces_through_aliases_are_fine(tmp_path: Path) -> None:
    text = minimal_text().replace(
        "  - id: phuong-b\n    name: Phường B\n    kind: ward\n",
        "  - &ward {id: phuong-b, name: Phường B, kind: ward, hotline: '1022'}\n",
    )
    spec_file = load_spec(write(tmp_path, text))
    assert spec_file.spec.units[1].hotline == "1022"


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    rows = ["laughs:", f"  l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels + 1):
        rows.append(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(rows) + "\n"


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_text() + billion_laughs())  # 9^9 ≈ 387 million values
    started = time.perf_counter()
    with pytest.raises(SpecError, match="through YAML aliases") as info:
        load_spec(path)
    elapsed = time.perf_counter() - started
    # Typically ~0.1 s; the bound only guards against expanding the document.
    assert elapsed < 5.0
    assert info.value.problems[0].line is not None


def test_recursive_alias_is_a_spec_error(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_text() + "loop: &loop [*loop]\n")
    with pytest.raises(SpecError):
        load_spec(path)


def test_deeply_nested_yaml_is_a_spec_error(tmp_path: Path) -> None:
    depth = 1000
    path = write(tmp_path, minimal_text() + "deep: " + "[" * depth + "]" * depth + "\n")
    with pytest.raises(SpecError):
        load_spec(path)


def test_missing_spec_file(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cannot read the spec") as info:
        load_spec(tmp_path / "nowhere.yaml", display="nowhere.yaml")
    assert info.value.problems[0].file == "nowhere.yaml"


def test_spec_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(minimal_text().encode("utf-16"))
    with pytest.raises(SpecError, match="not UTF-8"):
        load_spec(path)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + minimal_text().encode("utf-8"))
    assert load_spec(path).spec.name == "Trung tâm thử nghiệm"


def test_json_schema_describes_the_model() -> None:
    schema = Spec.model_json_schema()
    json.dumps(schema)  # serialisable
    assert set(schema["required"]) >= {"brandkit", "name", "colours", "fonts", "templates"}
    text = json.dumps(schema)
    assert "85.6mm" in text  # lengths are documented as strings with units
    assert '"additionalProperties": false' in text  # unknown keys are refused


@pytest.mark.parametrize("length", ["54mm", "5.4cm", "153.07pt", "2.126in"])
def test_sizes_in_any_unit_agree(tmp_path: Path, length: str) -> None:
    text = minimal_text().replace("size: {width: 54mm,", f"size: {{width: {length},")
    spec_file = load_spec(write(tmp_path, text))
    width = spec_file.spec.templates["badge"].size.width
    assert width == pytest.approx(parse_length(length))
    assert width == pytest.approx(mm(54), abs=0.05)


def test_the_committed_schema_is_current() -> None:
    # specs/brandkit.schema.json lets editors complete and check the sample spec as designers
    # type (see the yaml-language-server line at its top). Regenerate it with
    # `brandkit schema > specs/brandkit.schema.json` after changing the model.
    from brandkit.cli import cli

    result = CliRunner().invoke(cli, ["schema"])
    committed = (SPECS_DIR / "brandkit.schema.json").read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(result.output)


def test_the_sample_spec_validates_against_its_schema() -> None:
    import jsonschema
    import yaml

    schema = json.loads((SPECS_DIR / "brandkit.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((SPECS_DIR / "hanoi-one-stop.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
