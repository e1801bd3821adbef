"""Exceptions raised by the library. The CLI maps every ``KGError`` to exit code 1."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class KGError(Exception):
    """Base class: a domain failure the user can fix (bad data, unknown id, bad query)."""


class RecordError(KGError):
    """A data file is malformed or inconsistent.

    Args:
        path: the file, as the user should see it.
        line: 1-based line number, or ``None`` when it cannot be known.
        message: what is wrong and what to do.
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class UnknownEntity(KGError):
    """An id that names nothing, with the closest known ids as suggestions."""

    def __init__(self, kind: str, value: str, known: Iterable[str], where: str = "") -> None:
        self.kind = kind
        self.value = value
        self.suggestions = difflib.get_close_matches(value, sorted(set(known)), n=3, cutoff=0.5)
        hint = (
            f" Did you mean {', '.join(repr(s) for s in self.suggestions)}?"
            if self.suggestions
            else ""
        )
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}Unknown {kind} {value!r}.{hint}")


class QueryError(KGError):
    """A query is unknown, malformed, or was given wrong parameters."""


class StoreError(KGError):
    """A store cannot be opened, read or written (including a remote SPARQL server)."""


class NotConformant(KGError):
    """The built graph fails validation; carries the report."""

    def __init__(self, report: object, message: str) -> None:
        self.report = report
        super().__init__(message)
