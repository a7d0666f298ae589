"""The spec file is checked before it is read: regular files only, and at most MAX_BYTES."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from brandkit.errors import SpecError
from brandkit.spec import load_spec
from brandkit.spec.yamlfile import MAX_BYTES, load_yaml
from tests.cli.conftest import invoke


def test_a_spec_over_the_limit_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: 3 GB on paper, nothing on disk
        handle.truncate(3 * 2**30)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    started = time.monotonic()
    with pytest.raises(SpecError, match=f"larger than {MAX_BYTES // 2**20} MB"):
        load_yaml(path, "huge.yaml")
    assert time.monotonic() - started < 1.0
    assert read == []


def test_a_spec_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (MAX_BYTES - 6) + b"\n")
    assert load_yaml(path).data == {"a": 1}


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="the spec is a folder"):
        load_yaml(tmp_path, "specs")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(SpecError, match="not a regular file"):
        load_yaml(Path("/dev/zero"))
    assert time.monotonic() - started < 1.0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def load() -> None:
        try:
            load_yaml(fifo)
            outcome.append(None)
        except BaseException as exc:  # handed over to the test's thread
            outcome.append(exc)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(5)
    if thread.is_alive():  # unblock it before failing, so the test run does not hang
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("loading a FIFO as the spec hung")
    (exc,) = outcome
    assert isinstance(exc, SpecError)
    assert "not a regular file" in str(exc)


def test_a_missing_spec_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cannot read the spec"):
        load_yaml(tmp_path / "nowhere.yaml", "nowhere.yaml")


def test_the_command_line_refuses_dev_zero_and_a_folder(tmp_path: Path) -> None:
    for spec in ("/dev/zero", str(tmp_path)):
        if not Path(spec).exists():
            continue
        result = invoke("--spec", spec, "validate")
        assert result.exit_code in (1, 2), result.output
        assert "Traceback" not in result.output


def test_a_sample_spec_still_loads() -> None:
    from tests.conftest import SAMPLE_SPEC

    assert load_spec(SAMPLE_SPEC).spec.units
