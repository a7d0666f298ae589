"""No import cycles between brandkit's modules, counting imports inside functions too.

A function-level import hides a cycle from Python at import time but not from the reader: the
layers (spec below layout below render below build) only hold if no module reaches back up.
Imports under `if TYPE_CHECKING:` are left out: they never run, and naming a type is how a
lower layer may refer to what a higher one passes down. A package's `__init__` stands for the
package; importing `pkg.mod` is an edge to `pkg.mod` only (Python runs `pkg/__init__` first,
but that is how packages work, not a cycle of ours).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "brandkit"


def module_names(root: Path) -> dict[Path, str]:
    """Every module under the package folder `root`, by file: `pkg/a/__init__.py` is `pkg.a`."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[path] = ".".join(parts)
    return out


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the import nodes inside `if TYPE_CHECKING:` blocks."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
        if name == "TYPE_CHECKING":
            for inner in node.body:
                skipped |= {id(n) for n in ast.walk(inner)}
    return skipped


def imports_of(path: Path, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules of `known` that `module` (at `path`) imports anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _type_checking_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):  # also imports inside functions and methods
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                package = module.split(".") if is_package else module.split(".")[:-1]
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                # `from pkg import mod` imports the module pkg.mod; `from mod import name` mod.
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else base)
    return {name for name in found if name in known and name != module}


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → the package's modules it imports."""
    names = module_names(root)
    known = set(names.values())
    return {
        module: imports_of(path, module, path.name == "__init__.py", known)
        for path, module in names.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan), as a path that
    returns to its start; sorted, so a failure reads the same every run."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(_cycle_in(graph, group) for group in groups)


def _cycle_in(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest cycle through the alphabetically first module of a strongly connected group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for other in sorted(graph[node] & group):
                if other == start:
                    return [*paths[node], start]
                if other not in paths:
                    paths[other] = [*paths[node], other]
                    following.append(other)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover


def test_brandkit_has_no_import_cycles() -> None:
    graph = import_graph(PACKAGE)
    assert len(graph) > 20
    found = [" → ".join(cycle) for cycle in cycles(graph)]
    assert found == [], "import cycles:\n" + "\n".join(found)


def layer_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph between brandkit's sub-packages and top-level modules (its layers)."""
    out: dict[str, set[str]] = {}
    for module, imported in graph.items():
        layer = ".".join(module.split(".")[:2])
        others = {".".join(name.split(".")[:2]) for name in imported}
        out.setdefault(layer, set()).update(others - {layer})
    return out


def test_brandkit_layers_have_no_import_cycles() -> None:
    # Stricter than modules: spec.load → colour → spec.model is no module cycle, but it
    # makes the spec package and colour depend on each other.
    found = [" → ".join(cycle) for cycle in cycles(layer_graph(import_graph(PACKAGE)))]
    assert found == [], "import cycles between packages:\n" + "\n".join(found)


def test_the_graph_sees_the_layers() -> None:
    # Guards the test above against checking nothing (e.g. if module names stopped matching).
    graph = import_graph(PACKAGE)
    assert "brandkit.spec.model" in graph["brandkit.layout.template"]
    assert "brandkit.preflight.run" in graph["brandkit.preflight"]
    assert "brandkit.spec" in layer_graph(graph)["brandkit.layout"]


def test_the_checker_finds_cycles_through_function_level_imports(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "a.py": "from pkg.sub import b\n",
        "sub/__init__.py": "from .b import thing\n",
        "sub/b.py": "def thing():\n    from ..c import other\n",
        "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.a\n"
        "def other():\n    import pkg.a\n",
        "d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n",
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    graph = import_graph(root)
    assert graph["pkg.sub"] == {"pkg.sub.b"}
    assert graph["pkg.sub.b"] == {"pkg.c"}
    assert graph["pkg.d"] == set()  # TYPE_CHECKING-only imports do not count
    assert cycles(graph) == [["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]]
