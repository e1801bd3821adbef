"""Progress and status messages on stderr: shown on a terminal, silent in pipes or with --quiet."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Progress:
    """Reports steps of a long task to stderr.

    Args:
        enabled: force on or off; ``None`` means "only when stderr is a terminal".
    """

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled

    def note(self, message: str) -> None:
        if self.enabled:
            print(message, file=sys.stderr, flush=True)  # noqa: T201 - the one stderr writer

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        """Print ``label…`` then the elapsed time when the block ends."""
        start = time.perf_counter()
        if self.enabled:
            print(f"{label}…", end="", file=sys.stderr, flush=True)
        try:
            yield
        finally:
            if self.enabled:
                print(f" {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)

    def count(self, label: str, done: int, total: int) -> None:
        """Overwrite one status line with ``label done/total``."""
        if self.enabled:
            end = "\n" if done >= total else ""
            print(f"\r{label} {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)


SILENT = Progress(False)
