"""Architecture rules from DESIGN.md that a grep can check."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "brandkit"
RENDER = PACKAGE / "render"
PDF_LIBRARIES = ("reportlab", "svglib", "rlPyCairo")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):  # also imports inside functions
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module",)
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def test_only_render_talks_to_reportlab_and_svglib() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 10
    offenders = []
    for path in modules:
        if path.is_relative_to(RENDER):
            continue
        for line, module in imported_modules(path):
            if module.split(".")[0] in PDF_LIBRARIES:
                offenders.append(f"{path.relative_to(REPO_ROOT)}:{line}: imports {module}")
        text = path.read_text(encoding="utf-8")
        for library in PDF_LIBRARIES:
            if f"__import__('{library}" in text or f'__import__("{library}' in text:
                offenders.append(f"{path.relative_to(REPO_ROOT)}: __import__ {library}")
    assert offenders == []


def test_the_render_package_does_use_them() -> None:
    # Guards the test above against checking nothing (e.g. after a move of the renderer).
    used = {m.split(".")[0] for p in RENDER.rglob("*.py") for _, m in imported_modules(p)}
    assert "reportlab" in used


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n    from reportlab.pdfgen import canvas\n    import svglib.svglib\n",
        encoding="utf-8",
    )
    assert [m for _, m in imported_modules(sample)] == ["reportlab.pdfgen", "svglib.svglib"]
