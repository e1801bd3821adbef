"""YAML files read and written round trip (ruamel.yaml): comments, key order, quoting, flow
style and indentation stay as they were, so a saved file differs only where a value changed.

Every write is atomic: the text goes to a temporary file beside the target, is flushed to disk,
then replaces the target (``os.replace``). A process killed at any moment leaves either the old
file or the new one, never a part.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from kg.errors import RecordError

INDENTS = ((2, 2, 0), (2, 4, 2))
"""The two layouts of the project's files: lists flush with their key (drafts of ``kg ingest``)
or indented by two (hand-written records and reference files)."""

before_replace: Callable[[Path], None] | None = None
"""Called with the temporary file just before it replaces the target (tests stop a save there)."""


def _yaml(indent: tuple[int, int, int]) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long quote or label onto a second line
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


class YamlFile:
    """One YAML file in memory: ``data`` (ruamel's commented mappings and lists), the text it
    was read from and its version (the SHA-256 of its bytes)."""

    def __init__(self, path: Path, text: str, data: Any, indent: tuple[int, int, int]) -> None:
        self.path = path
        self.text = text
        self.data = data
        self.indent = indent

    @property
    def version(self) -> str:
        return version_of(self.text.encode("utf-8"))

    @classmethod
    def read(cls, path: Path, display: str | None = None) -> YamlFile:
        shown = display or str(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise RecordError(shown, None, "file not found") from None
        except OSError as exc:
            raise RecordError(shown, None, f"cannot read the file: {exc.strerror}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RecordError(
                shown, None, f"not UTF-8 ({exc.reason} at byte {exc.start})"
            ) from None
        return cls.parse(path, text, shown)

    @classmethod
    def parse(cls, path: Path, text: str, display: str) -> YamlFile:
        try:
            data = _yaml(INDENTS[0]).load(text)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark is not None else None
            problem = getattr(exc, "problem", None) or "malformed"
            raise RecordError(display, line, f"invalid YAML: {problem}") from None
        if not isinstance(data, CommentedMap):
            raise RecordError(display, None, "a record must be a mapping of keys")
        for indent in INDENTS:
            if _dump(data, indent) == text:
                return cls(path, text, data, indent)
        return cls(path, text, data, _guess_indent(text))

    def dumps(self) -> str:
        return _dump(self.data, self.indent)

    def write(self) -> str:
        """Write ``data`` atomically; returns the new version."""
        text = self.dumps()
        write_atomic(self.path, text.encode("utf-8"))
        self.text = text
        return self.version


def _dump(data: Any, indent: tuple[int, int, int]) -> str:
    out = io.StringIO()
    _yaml(indent).dump(data, out)
    return out.getvalue()


def _guess_indent(text: str) -> tuple[int, int, int]:
    """The layout of the first list item under a top-level key."""
    lines = text.splitlines()
    for before, line in zip(lines, lines[1:], strict=False):
        if before.endswith(":") and not before.startswith((" ", "#")):
            stripped = line.lstrip()
            if stripped.startswith("- "):
                return INDENTS[1] if line.startswith("  ") else INDENTS[0]
    return INDENTS[0]


def version_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def write_atomic(path: Path, raw: bytes) -> None:
    """Write ``raw`` to ``path`` through a temporary file in the same folder and ``os.replace``."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        if before_replace is not None:
            before_replace(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def flow_map(pairs: dict[str, Any]) -> CommentedMap:
    """A mapping written on one line, like the labels ``{en: …, zh-Hant: …}``."""
    node = CommentedMap(pairs)
    node.fa.set_flow_style()
    return node


def flow_list(values: list[Any]) -> CommentedSeq:
    node = CommentedSeq(values)
    node.fa.set_flow_style()
    return node


def append_item(listing: CommentedSeq, node: CommentedMap) -> None:
    """Append, moving the blank line that ends the list onto the new last item."""
    if listing:
        move_tail(listing[-1], node)
    listing.append(node)


def move_tail(old: Any, new: CommentedMap) -> None:
    if not isinstance(old, CommentedMap) or not old:
        return
    last = list(old)[-1]
    token = old.ca.items.get(last)
    if token and len(token) > 2 and token[2] is not None:
        new_last = list(new)[-1]
        new.ca.items[new_last] = [None, None, token[2], None]
        token[2] = None
        if not any(token):
            old.ca.items.pop(last)
