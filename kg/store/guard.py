"""What a query may do, and for how long: checked before any engine sees it.

Every store runs its queries through :func:`check` and :func:`limited`, so the rules hold for
the embedded Oxigraph store, rdflib's engine, a persistent store and a remote endpoint alike:

- **No reaching out.** ``SERVICE`` (federation), ``FROM`` / ``FROM NAMED`` (a dataset loaded
  from an IRI: ``http://…`` is a request, ``file:///…`` a read of a local file) and ``LOAD``
  are refused, whatever the IRI, as are the update forms (``INSERT``, ``DELETE``, ``CLEAR`` …):
  the graph is read-only to queries. The keywords are found by a lexical scan that skips
  comments, string literals and IRIs, so ``"from"`` in a literal or ``ex:service`` as a name
  pass, and ``# SERVICE`` in a comment does not count.
- **No runaway parse.** Groups and brackets may nest :data:`MAX_DEPTH` levels deep; 10,000
  nested groups would otherwise overflow the parser's stack.
- **No runaway run.** A query runs in a worker thread (Oxigraph releases the interpreter while it
  evaluates, rdflib yields it every few milliseconds) and the caller waits at most ``timeout``
  seconds, and stays responsive: Ctrl-C ends the wait at once.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from kg.errors import QueryError

T = TypeVar("T")

MAX_DEPTH = 50
"""Nesting of ``{`` and ``(`` a query may use; real queries stay under 10."""

REFUSED = {
    "SERVICE": "SERVICE (a query to another endpoint)",
    "FROM": "FROM / FROM NAMED (a dataset loaded from an IRI)",
    "LOAD": "LOAD",
    "INSERT": "updates (INSERT)",
    "DELETE": "updates (DELETE)",
    "CLEAR": "updates (CLEAR)",
    "DROP": "updates (DROP)",
    "CREATE": "updates (CREATE)",
    "ADD": "updates (ADD)",
    "MOVE": "updates (MOVE)",
    "COPY": "updates (COPY)",
    "WITH": "updates (WITH)",
}

_LEXEMES = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRIs (no blanks inside: `?x < 3` is a comparison)
    r"|#[^\n]*",  # comments
    re.DOTALL,
)
_BARE_WORD = re.compile(r"(?<![\w:?$@.\-])([A-Za-z]+)(?![\w:])")


def one_line(exc: BaseException, limit: int = 300) -> str:
    """An engine's message on one line, cut to ``limit`` characters."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def skeleton(query: str) -> str:
    """``query`` with its comments, string literals and IRIs blanked (one space each)."""
    return _LEXEMES.sub(" ", query)


def blanked(query: str) -> str:
    """``query`` with its comments, string literals and IRIs blanked character for character.

    Unlike :func:`skeleton` the text keeps its length (line breaks are kept too), so an offset
    found in the blanked text is the same offset in ``query``: a keyword matched here is a
    keyword of the query, never a word in a comment, a literal or an IRI.
    """
    return _LEXEMES.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), query)


def check(query: str) -> None:
    """Refuse a query that would reach outside the graph, change it, or nest too deep.

    Raises:
        QueryError: one line naming what was refused.
    """
    bare = skeleton(query)
    for match in _BARE_WORD.finditer(bare):
        word = match.group(1).upper()
        if word in REFUSED:
            raise QueryError(
                f"{REFUSED[word]} is not allowed: queries read only the project's graph"
            )
    depth = deepest = 0
    for ch in bare:
        if ch in "{(":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                raise QueryError(f"the query nests deeper than {MAX_DEPTH} groups")
        elif ch in "})":
            depth = max(0, depth - 1)


def limited(run: Callable[[], T], timeout: float | None) -> T:
    """``run()`` in a worker thread, waited for at most ``timeout`` seconds (None: no limit).

    The wait is in slices of a tenth of a second even without a limit: a query evaluated in
    the main thread would hold off Ctrl-C until the engine returns.

    Raises:
        QueryError: the time limit passed (the worker is abandoned; it dies with the process).
        KeyboardInterrupt: Ctrl-C during the wait, at once.
    """
    value: list[T] = []
    error: list[BaseException] = []

    def work() -> None:
        try:
            value.append(run())
        except BaseException as exc:  # handed to the caller below
            error.append(exc)

    worker = threading.Thread(target=work, name="kg-query", daemon=True)
    deadline = time.monotonic() + timeout if timeout is not None else float("inf")
    worker.start()
    while worker.is_alive():
        left = deadline - time.monotonic()
        if left <= 0 and timeout is not None:
            raise QueryError(
                f"the query ran longer than {timeout:g} s and was stopped (--timeout SECONDS)"
            )
        worker.join(min(left, 0.1))
    if error:
        raise error[0]
    return value[0]
