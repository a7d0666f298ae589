"""The studio's message ids, found in its code and templates (what studio.po must translate)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import brandkit.cli.serve
import brandkit.studio

STUDIO = Path(brandkit.studio.__file__).parent
SOURCES = [*sorted(STUDIO.glob("*.py")), Path(brandkit.cli.serve.__file__)]
TABLES = {
    "_STATUS_TEXT",
    "_WHAT",
    "_RULES",
    "_REFUSED",
    "_MESSAGES",
}  # dicts whose values are message ids
_TEMPLATE_CALL = re.compile(r"""_\(\s*(?:"([^"]*)"|'([^']*)')""")


def _python_ids(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):  # click's help= texts
            found |= {
                k.value.value
                for k in node.keywords
                if k.arg == "help" and isinstance(k.value, ast.Constant)
            }
        if isinstance(node, ast.FunctionDef) and any(
            isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
            and d.func.attr in ("command", "group")
            for d in node.decorator_list
        ):  # fmt: skip
            found.add(ast.get_docstring(node, clean=True) or "")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in TABLES for t in targets):
                found |= {
                    v.value
                    for v in node.value.values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                }
    return found - {""}


def message_ids() -> set[str]:
    """Every message id the studio and its commands may show."""
    found: set[str] = set()
    for path in SOURCES:
        found |= _python_ids(path)
    for path in sorted((STUDIO / "templates").glob("*.html")):
        for match in _TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) if match.group(1) is not None else match.group(2))
    return found
