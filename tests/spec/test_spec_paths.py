"""Files a spec names lie inside its folder (symlinks and `..` resolved) unless the spec says
`allow_paths_outside: true`; the per-kind cases are in cases/path-outside-*.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandkit.errors import SpecError
from brandkit.spec import load_spec
from brandkit.validate import validate_spec

MINIMAL = Path(__file__).resolve().parent / "valid" / "minimal.yaml"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    '<rect width="10" height="10" fill="#0B4A8B"/></svg>'
)
OUTSIDE = "lies outside the spec's folder; move it in or set allow_paths_outside: true"


def write_spec(folder: Path, logo: str, *, allow: bool = False) -> tuple[Path, int]:
    """The minimal spec in `folder` with the logo `emblem: <logo>`; and the logo's line."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = MINIMAL.read_text(encoding="utf-8").splitlines()
    at = lines.index("templates:")
    lines[at:at] = ["logos:", f"  emblem: {logo}"]
    if allow:
        lines.insert(1, "allow_paths_outside: true")
    path = folder / "brand.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, at + 2 + (1 if allow else 0)


def test_a_symlink_escaping_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.svg").write_text(SVG, encoding="utf-8")
    spec_dir = tmp_path / "spec"
    (spec_dir / "logos").mkdir(parents=True)
    (spec_dir / "logos" / "emblem.svg").symlink_to(tmp_path / "secret.svg")
    path, line = write_spec(spec_dir, "logos/emblem.svg")
    with pytest.raises(SpecError) as info:
        load_spec(path, display="brand.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (line, "logos.emblem")
    assert problem.message == f"logos/emblem.svg {OUTSIDE}"


def test_a_symlinked_folder_escaping_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "emblem.svg").write_text(SVG, encoding="utf-8")
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    (spec_dir / "logos").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    path, _ = write_spec(spec_dir, "logos/emblem.svg")
    with pytest.raises(SpecError, match="lies outside the spec's folder"):
        load_spec(path)


def test_an_absolute_path_outside_is_refused(tmp_path: Path) -> None:
    (tmp_path / "emblem.svg").write_text(SVG, encoding="utf-8")
    path, _ = write_spec(tmp_path / "spec", str(tmp_path / "emblem.svg"))
    with pytest.raises(SpecError, match="lies outside the spec's folder"):
        load_spec(path)


def test_paths_that_stay_inside_are_fine(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    (spec_dir / "logos").mkdir(parents=True)
    (spec_dir / "logos" / "real.svg").write_text(SVG, encoding="utf-8")
    (spec_dir / "logos" / "emblem.svg").symlink_to("real.svg")
    path, _ = write_spec(spec_dir, "logos/../logos/emblem.svg")
    validate_spec(load_spec(path))


def test_allow_paths_outside_lets_the_spec_name_them(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "emblem.svg").write_text(SVG, encoding="utf-8")
    (tmp_path / "spec" / "logos").mkdir(parents=True)
    (tmp_path / "spec" / "logos" / "emblem.svg").symlink_to(shared / "emblem.svg")
    path, _ = write_spec(tmp_path / "spec", "../shared/emblem.svg", allow=True)
    spec_file = load_spec(path)
    assert spec_file.spec.allow_paths_outside
    validate_spec(spec_file)  # the logo outside is read, checked and drawn


def test_allowed_paths_outside_must_still_exist(tmp_path: Path) -> None:
    path, line = write_spec(tmp_path / "spec", "../missing.svg", allow=True)
    with pytest.raises(SpecError) as info:
        load_spec(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.message) == (line, "no such file: ../missing.svg")
