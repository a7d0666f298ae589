"""Safe YAML loading that keeps the line of every value and bounds alias expansion."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from brandkit.errors import Problem, SpecError
from brandkit.i18n import Message, os_reason
from brandkit.spec.yaml_messages import yaml_phrase, yaml_reason

Path_ = tuple[str | int, ...]

# A spec with every unit and template of a city is a few thousand nodes. Aliases may point at
# shared pieces, but a "billion laughs" document expands to 10^9 nodes: refuse past this bound.
MAX_NODES = 200_000
MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64  # a spec nests five or six levels; deeper is a mistake or an attack


class LocatedYaml:
    """Plain Python data from a YAML file plus the 1-based line of each path in it."""

    def __init__(self, data: Any, lines: dict[Path_, int], file: str) -> None:
        self.data = data
        self.lines = lines
        self.file = file

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


_ALIAS_BOMB = Message(
    "the document expands to more than {count} values through YAML aliases; refusing it "
    "(an alias bomb?)",
    count=f"{MAX_NODES:,}",
)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.count = 0
        self.active: set[int] = set()  # nodes being built: an alias to one of them is a cycle
        self.scalars = yaml.constructor.SafeConstructor()

    def error(self, message: str, node: yaml.Node) -> SpecError:
        """The spec refused at `node`'s line."""
        return SpecError(Problem(message, self.file, _line(node)))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.active:
            raise self.error(Message("a YAML alias refers to a value that contains it"), node)
        if len(path) > MAX_DEPTH:
            message = Message("values are nested more than {depth} levels deep", depth=MAX_DEPTH)
            raise self.error(message, node)
        self.active.add(id(node))
        try:
            return self._build(node, path)
        finally:
            self.active.discard(id(node))

    def _build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(_ALIAS_BOMB, node)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            merged: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    # `<<: *defaults` copies keys the mapping does not set itself.
                    sources = (
                        value_node.value
                        if isinstance(value_node, yaml.SequenceNode)
                        else [value_node]
                    )
                    for source in sources:
                        value = self.build(source, path)
                        if not isinstance(value, dict):
                            raise self.error(Message("'<<' must merge a mapping"), value_node)
                        for k, v in value.items():
                            merged.setdefault(k, v)
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.error(Message("mapping keys must be plain text"), key_node)
                key = str(self.scalars.construct_object(key_node))
                if key in result:
                    raise self.error(Message("duplicate key {key!r}", key=key), key_node)
                child = (*path, key)
                self.lines[child] = _line(key_node)
                result[key] = self.build(value_node, child)
            for key, value in merged.items():
                result.setdefault(key, value)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalars.construct_object(node)


# libyaml's parser (in PyYAML's wheels) composes the sample spec four times faster than the
# pure-Python one; both are safe loaders, and libyaml refuses nesting past 1,000 levels itself.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _read_bounded(path: Path, name: str) -> bytes:
    """The bytes of `path`, refused before reading when it is not a regular file (a FIFO would
    block for ever, /dev/zero never end, a folder is a mistake) or is over MAX_BYTES."""
    limit = f"{MAX_BYTES // 2**20} MB"
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one. The checks
        # are made on the open file, so what is read is what was checked.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise SpecError(Problem(Message("the spec is a folder, not a YAML file"), name)) from None
    except OSError as exc:
        raise SpecError(Problem(_unreadable(exc), name)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SpecError(Problem(Message("the spec is a folder, not a YAML file"), name))
        if not stat.S_ISREG(info.st_mode):
            raise SpecError(
                Problem(Message("the spec is not a regular file (a device, pipe or socket?)"), name)
            )
        if info.st_size > MAX_BYTES:
            raise SpecError(Problem(Message("the spec is larger than {limit}", limit=limit), name))
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the file may grow between the check and the read
    except OSError as exc:
        raise SpecError(Problem(_unreadable(exc), name)) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise SpecError(Problem(Message("the spec is larger than {limit}", limit=limit), name))
    return raw


def _unreadable(exc: OSError) -> str:
    return Message("cannot read the spec: {reason}", reason=os_reason(exc))


def load_yaml(path: Path, display: str | None = None) -> LocatedYaml:
    """Load `path` safely (no Python tags, bounded aliases), keeping line numbers."""
    name = display or str(path)
    raw = _read_bounded(path, name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = Message("the spec is not UTF-8 text (byte {byte})", byte=exc.start)
        raise SpecError(Problem(message, name)) from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except RecursionError:
        raise SpecError(Problem(Message("values are nested too deeply"), name)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = yaml_reason(exc.context, exc.problem)
        raise SpecError(Problem(_malformed(reason), name, line)) from None
    except yaml.YAMLError as exc:
        raise SpecError(Problem(_malformed(exc), name)) from None
    if node is None:
        raise SpecError(Problem(Message("the spec is empty"), name, 1))
    builder = _Builder(name)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise SpecError(Problem(Message("values are nested too deeply"), name)) from None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        message = Message(
            "unsupported YAML: {reason}",
            reason=yaml_phrase(exc.problem) if exc.problem else exc.problem,
        )
        raise SpecError(Problem(message, name, line)) from None
    return LocatedYaml(data, builder.lines, name)


def _malformed(reason: object) -> str:
    return Message("malformed YAML: {reason}", reason=reason)
