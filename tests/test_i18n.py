"""The message catalogue: every message the code shows has a Vietnamese translation that fills
in, the .po files parse, and messages made in the library keep their id and fields."""

from __future__ import annotations

import ast
import inspect
import pickle
import string
from pathlib import Path
from typing import Literal

import pytest
from babel.messages.pofile import read_po

from brandkit.errors import Problem
from brandkit.i18n import CATALOGUES, Message, catalogue, language, translator

PACKAGE = Path(__file__).resolve().parents[1] / "brandkit"
OWN_DOMAIN = ("studio",)  # the studio's messages are checked with the studio
# Fields a translation may use that its English message id leaves out: a field's Vietnamese
# label, a list's own header, and the bare number (`…_count`) of an English "3 files".
EXTRA_FIELDS = {"label", "header", "field"}


def _constant(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_translation(call: ast.Call) -> bool:
    """`_("…")`, `N_("…")`, `Message("…")` or `tr()("…")`."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in ("_", "N_", "Message")
    if isinstance(func, ast.Call):
        return isinstance(func.func, ast.Name) and func.func.id == "tr"
    return False


def _is_click_command(node: ast.FunctionDef) -> bool:
    return any(
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and d.func.attr in ("command", "group")
        for d in node.decorator_list
    )


def message_ids() -> dict[str, str]:
    """Every message id of the package (not the studio's) → where it is first used: the
    arguments of `_`, `N_`, `Message` and `tr()`, `help=` texts, and click commands' docstrings
    (as click shows them, without indentation)."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if any(part in OWN_DOMAIN for part in path.relative_to(PACKAGE).parts):
            continue
        where = path.relative_to(PACKAGE.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            texts: list[str | None] = []
            if isinstance(node, ast.Call):
                if _is_translation(node) and node.args:
                    first = node.args[0]
                    assert not isinstance(first, ast.JoinedStr), f"{where}:{node.lineno}: f-string"
                    texts.append(_constant(first))
                texts += [_constant(k.value) for k in node.keywords if k.arg == "help"]
            elif isinstance(node, ast.FunctionDef) and _is_click_command(node):
                texts.append(ast.get_docstring(node, clean=True))
            for text in texts:
                if text:
                    found.setdefault(text, f"{where}:{getattr(node, 'lineno', 0)}")
    return found


def fields_of(template: str) -> set[str]:
    return {
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    }


def words_of(template: str) -> str:
    """The text of `template` outside its fields."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(template))


def test_the_scan_finds_the_messages_of_each_kind():
    ids = message_ids()
    assert "{file}: row {line}, column {header}: {message}" in ids  # _(…)
    assert "no unit {unit!r} in the spec{hint}" in ids  # Message(…)
    assert "Output folder. Default: output/" in ids  # N_(…)
    assert "Only this unit, by id or name (repeatable). Default: every unit." in ids  # help=
    from brandkit.cli.make import badges

    assert inspect.cleandoc(badges.help or "") in ids  # a command's docstring
    assert len(ids) > 150


def test_every_message_has_a_vietnamese_translation():
    vi = catalogue("vi")
    missing = [f"{where}: {text!r}" for text, where in message_ids().items() if text not in vi]
    assert not missing, "no Vietnamese for:\n" + "\n".join(missing)


def test_every_translation_fills_in_with_the_fields_of_its_message():
    vi = catalogue("vi")
    wrong = []
    for text in message_ids():
        extra = {f for f in fields_of(vi.get(text, "")) if f.endswith("_count")}
        if text in vi and not fields_of(vi[text]) <= fields_of(text) | EXTRA_FIELDS | extra:
            wrong.append(f"{text!r}: {vi[text]!r}")
        if text in vi and vi[text] == text and any(c.isalpha() for c in words_of(text)):
            wrong.append(f"{text!r} is not translated")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "path", sorted(CATALOGUES.glob("*/*.po")), ids=lambda p: p.parent.name + "/" + p.name
)
def test_the_po_files_parse_without_duplicates(path):
    with path.open("rb") as handle:
        messages = list(read_po(handle, locale=path.parent.name, abort_invalid=True))
    ids = [m.id for m in messages if m.id]
    assert len(ids) == len(set(ids))
    text = path.read_text(encoding="utf-8")
    assert f'"Language: {path.parent.name}\\n"' in text


def test_language_resolution():
    assert language(None, {}) == "vi"
    assert language(None, {"LANG": "C"}) == "vi"
    assert language(None, {"LC_ALL": "POSIX"}) == "vi"
    assert language(None, {"LANG": "C.UTF-8"}) == "vi"
    assert language(None, {"LANG": "en_US.UTF-8"}) == "en"
    assert language(None, {"LANG": "fr_FR.UTF-8"}) == "vi"
    assert language(None, {"BRANDKIT_LANG": "en", "LANG": "vi_VN.UTF-8"}) == "en"
    assert language("vi", {"BRANDKIT_LANG": "en"}) == "vi"


def test_a_message_is_english_text_that_translates_with_its_fields():
    hint = Message("; did you mean {name!r}?", name="Phường Yên Sở")
    message = Message("no unit {unit!r} in the spec{hint}", unit="phuong-xyz", hint=hint)
    assert message == "no unit 'phuong-xyz' in the spec; did you mean 'Phường Yên Sở'?"
    shown = translator("vi")(message)
    assert shown.startswith('không có đơn vị "phuong-xyz" trong bộ nhận diện (có phải')
    assert "Phường Yên Sở" in shown and "did you mean" not in shown
    assert translator("en")(message) == message
    copy = pickle.loads(pickle.dumps(message))  # a worker process sends it whole
    assert (copy.id, translator("vi")(copy)) == (message.id, shown)


def test_a_message_without_translation_or_with_a_broken_one_shows_as_written(monkeypatch):
    assert translator("vi")("A sentence nobody translated: {n}", n=3) == (
        "A sentence nobody translated: 3"
    )
    broken = {"x {a}": "y {b}"}
    monkeypatch.setattr("brandkit.i18n.catalogue", lambda lang: broken)
    assert translator("vi")("x {a}", a=1) == "x 1"


def test_a_problem_in_a_row_is_placed_by_the_lists_header():
    problem = Problem(Message("the file is empty"), "staff.xlsx", 7, "unit", "Đơn vị công tác")
    assert str(problem) == "staff.xlsx:7: unit: the file is empty"
    assert problem.in_language(translator("en")) == str(problem)
    assert (
        problem.in_language(translator("vi"))
        == 'staff.xlsx: dòng 7, cột "Đơn vị công tác": tệp trống'
    )
    spec = Problem(Message("the file is empty"), "spec.yaml", 3, "logos.main")
    assert spec.in_language(translator("vi")) == "spec.yaml:3: logos.main: tệp trống"


def test_pydantics_messages_have_vietnamese_translations():
    from brandkit.spec.messages import PYDANTIC_MESSAGES

    vi = catalogue("vi")
    missing = [text for text in PYDANTIC_MESSAGES.values() if text not in vi]
    assert not missing, missing


def test_a_pydantic_error_keeps_its_english_and_its_expected_values():
    from pydantic import BaseModel, Field, ValidationError

    from brandkit.spec.messages import error_message

    class Model(BaseModel):
        size: float = Field(le=100)
        kind: Literal["a", "b", "c"] = "a"

    with pytest.raises(ValidationError) as raised:
        Model.model_validate({"size": 188, "kind": "d"})
    size, kind = (error_message(e) for e in raised.value.errors(include_url=False))
    assert (size, kind) == (
        "Input should be less than or equal to 100",
        "Input should be 'a', 'b' or 'c'",
    )
    _ = translator("vi")
    assert _(size) == "giá trị phải nhỏ hơn hoặc bằng 100"
    assert _(kind) == "giá trị phải là 'a', 'b' hoặc 'c'"


def test_a_link_too_long_for_a_qr_code_is_told_in_vietnamese():
    from brandkit.i18n import said
    from brandkit.layout.qr import QrDataError, qr_modules

    with pytest.raises(QrDataError) as raised:
        qr_modules("x" * 5000, "M")
    message = Message("the link {link!r} {reason}", link="x…", reason=said(raised.value))
    assert message.startswith("the link 'x…' needs a QR code larger than version 40")
    assert translator("vi")(message) == (
        'đường dẫn "x…": cần mã QR lớn hơn phiên bản 40 (lớn nhất): 5,000 ký tự không vừa ở mức '
        "sửa lỗi M; hãy rút ngắn; hoặc hạ mức sửa lỗi (ec)"
    )
