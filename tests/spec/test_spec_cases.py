"""Invalid specs as data: each file in cases/ says in its header what the error must say."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from brandkit.errors import Problem, SpecError
from brandkit.spec import load_spec
from brandkit.spec.load import SpecFile
from brandkit.validate import validate_spec

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases").glob("*.yaml"))
HEADER = re.compile(r"^# (expect|line|field): (.*)$")
# Only a guard against hangs: every case, the alias bomb included, fails in a fraction of that.
HANG_GUARD_S = 5.0


@dataclass
class Expectation:
    texts: list[str] = field(default_factory=list)
    line: int | None = None
    field: str | None = None


def expectation(path: Path) -> Expectation:
    out = Expectation()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "expect":
            out.texts.append(value.strip())
        elif key == "line":
            out.line = int(value)
        else:
            out.field = value.strip()
    assert out.texts, f"{path.name} has no '# expect:' line"
    return out


def load_and_validate(path: Path, display: str | None = None) -> SpecFile:
    """What `brandkit validate` does with a spec: load it, then check its geometry."""
    spec_file = load_spec(path, display=display)
    validate_spec(spec_file)
    return spec_file


def test_there_are_cases() -> None:
    assert len(CASES) >= 20


def test_the_base_of_the_cases_is_valid() -> None:
    spec_file = load_and_validate(HERE / "valid" / "minimal.yaml")
    assert [u.id for u in spec_file.spec.units] == ["phuong-a", "phuong-b"]


def test_the_sample_spec_passes_validation(sample_spec: SpecFile) -> None:
    validate_spec(sample_spec)  # every element of every size inside its safe area or bleed


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_invalid_spec(case: Path) -> None:
    expected = expectation(case)
    display = f"cases/{case.name}"
    started = time.perf_counter()
    with pytest.raises(SpecError) as info:
        load_and_validate(case, display=display)
    elapsed = time.perf_counter() - started
    assert elapsed < HANG_GUARD_S
    problems: list[Problem] = info.value.problems
    report = "\n".join(str(p) for p in problems)
    matching = [p for p in problems if all(t in p.message or t in str(p) for t in expected.texts)]
    assert matching, f"no problem says {expected.texts!r}; got:\n{report}"
    problem = matching[0]
    assert problem.file == display
    assert str(problem).startswith(display + ":")
    if expected.line is not None:
        assert problem.line == expected.line, report
        assert str(problem).startswith(f"{display}:{expected.line}: ")
    if expected.field is not None:
        assert problem.field == expected.field, report
    assert "Traceback" not in report
