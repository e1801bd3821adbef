"""The ``kg`` command line: a thin layer over the library.

Commands parse options, call one library function, format the result and echo it. Every
error becomes one ``Error: …`` line, in one place (``KGGroup``): library errors (``KGError``)
and failed reads or writes exit 1, usage errors 2; long values are cut and control characters
shown visibly, so no message runs over several lines or acts on the terminal.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg import __version__
from kg.errors import KGError
from kg.progress import Progress

if TYPE_CHECKING:
    from kg.store import Store, StoreConfig

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
DEFAULT_TIMEOUT = 60.0
"""Seconds one query may run unless ``--timeout`` says otherwise."""


@dataclass
class KGContext:
    """Global options, and the store opened lazily on first use."""

    data_dir: Path
    build_dir: Path
    only: tuple[Path, ...]
    engine: str
    progress: Progress
    store_path: Path | None = None
    endpoint: str | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    """Seconds one query may run (``--timeout``; 0 on the command line: no limit)."""
    _store: Store | None = field(default=None, repr=False)

    @property
    def only_or_none(self) -> list[Path] | None:
        return list(self.only) if self.only else None

    @property
    def config(self) -> StoreConfig:
        from kg.store import StoreConfig

        return StoreConfig(
            self.data_dir,
            self.build_dir,
            self.only,
            self.engine,
            self.store_path,
            self.endpoint,
            self.timeout,
        )

    def store(self) -> Store:
        """Open the store for read commands once (building the cached N-Quads first if needed)."""
        if self._store is None:
            from kg.store import open as open_store

            self._store = open_store(self.config, self.progress)
        return self._store


pass_ctx = click.make_pass_decorator(KGContext)


MESSAGE_LIMIT = 400
"""Characters an error message may take; longer ones are cut with an ellipsis."""
VALUE_LIMIT = 200
"""Characters one unbroken value (a parameter, an id, a path) may take in a message."""


def one_line(message: str) -> str:
    """An error message fit for a terminal: one line, control characters shown visibly, long
    values cut (a 100 kB parameter echoed back becomes its first 200 characters and "…")."""
    import re

    from kg.output import visible

    def cut(match: re.Match[str]) -> str:
        text = match.group()
        if text[0] == text[-1] == "'":  # a quoted value: cut inside the quotes
            return text[: VALUE_LIMIT - 1] + "…'"
        return text[: VALUE_LIMIT - 1] + "…"

    text = visible(" ".join(message.split()))
    text = re.sub(rf"'[^']{{{VALUE_LIMIT},}}'|\S{{{VALUE_LIMIT + 1},}}", cut, text)
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


class Failure(click.ClickException):
    """What the user sees of any error: ``Error: <one line>`` on stderr and the exit code."""

    def __init__(self, message: str, exit_code: int = 1, hint: str = "") -> None:
        super().__init__(one_line(message) + hint)
        # click declares exit_code on each exception class; a Failure carries the code of
        # the error it stands for (1, or a usage error's 2), so it is set per instance
        self.exit_code = exit_code  # type: ignore[misc]


def _failure(exc: BaseException) -> Failure | None:
    """The one-line ``Failure`` for an exception, or ``None`` to let it pass as it is."""
    if isinstance(exc, Failure) or isinstance(exc, click.exceptions.NoArgsIsHelpError):
        return None
    if isinstance(exc, click.UsageError):  # exit 2, with the way to help on the same line
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        return Failure(exc.format_message(), exc.exit_code, hint)
    if isinstance(exc, click.ClickException):
        return Failure(exc.format_message(), exc.exit_code)
    if isinstance(exc, KGError):
        return Failure(str(exc))
    if isinstance(exc, OSError):  # a file or stream the library did not expect to fail
        reason = exc.strerror or exc.__class__.__name__
        if exc.filename:
            return Failure(f"{exc.filename}: {reason}")
        if isinstance(exc, _StdoutClosed) or _stdout_fails(exc):
            _silence_stdout()  # or the flush at exit fails again, with a traceback of its own
            return Failure(f"cannot write standard output: {reason}")
        return Failure(reason)
    return None


def _stdout_fails(exc: OSError) -> bool:
    """Whether ``exc`` came from writing command output (``click.echo``) to standard output."""
    import traceback

    return any(
        frame.f_code.co_name == "echo" and "click" in frame.f_code.co_filename
        for frame, _ in traceback.walk_tb(exc.__traceback__)
    )


class _ClosedStdout(io.TextIOBase):
    """Stands for a standard output the command was started without (``kg … >&-``), so
    writing to it is an error instead of output silently lost."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise _StdoutClosed(errno.EBADF, "it is closed")


class _StdoutClosed(OSError):
    """Raised by writes to a standard output that was closed from the start."""


def _silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null (stdout failed or its reader left)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


class KGGroup(click.Group):
    """Maps every error to one line: library errors (``KGError``) and failed reads or writes
    exit 1, usage errors 2; long values are cut and control characters shown (:func:`one_line`).
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:  # errors in the global options
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            failure = _failure(exc)
            if failure is None:
                raise
            raise failure from exc

    def invoke(self, ctx: click.Context) -> Any:
        if sys.stdout is None:
            sys.stdout = _ClosedStdout()
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `kg … | head` closed the pipe: not an error
            _silence_stdout()
            ctx.exit(0)
        except (KGError, click.ClickException, OSError) as exc:
            failure = _failure(exc)
            if failure is None:
                raise
            raise failure from exc


@click.group(cls=KGGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="kg")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="data",
    envvar="KG_DATA",
    show_default=True,
    help="Folder with reference/, meetings/ and sources/.",
)
@click.option(
    "--build-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="build",
    envvar="KG_BUILD",
    show_default=True,
    help="Where generated files and caches go.",
)
@click.option(
    "--only",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Use this meeting record instead of data/meetings/*.yaml (repeatable): preview a draft.",
)
@click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default="oxigraph",
    envvar="KG_ENGINE",
    show_default=True,
    help="SPARQL engine for the embedded store.",
)
@click.option(
    "--store",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KG_STORE",
    help="Persistent local store folder (Oxigraph on disk), kept in step with data/.",
)
@click.option(
    "--endpoint",
    envvar="KG_ENDPOINT",
    metavar="URL",
    help="Query this SPARQL 1.1 endpoint instead of a local store (e.g. http://host:3030/ds/sparql).",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="No progress messages or 'Wrote FILE' lines on stderr."
)
@click.option("-v", "--verbose", is_flag=True, help="Debug logging on stderr.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds one SPARQL query may run before it is stopped (0: no limit).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    data_dir: Path,
    build_dir: Path,
    only: tuple[Path, ...],
    engine: str,
    store_path: Path | None,
    endpoint: str | None,
    quiet: bool,
    verbose: bool,
    timeout: float,
) -> None:
    """Knowledge graph of multilateral meeting reports: build it, check it, ask it.

    \b
    Example:
      kg build                      # write build/graph.trig from data/
      kg validate                   # SHACL, quotes at their offsets, references
      kg query positions_on_issue -p issue=tor-subsidiary-bodies
      kg brief issue tor-subsidiary-bodies --format json
    """
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(name)s: %(message)s"
    )
    if store_path is not None and endpoint:
        raise click.UsageError("--store and --endpoint exclude each other: choose one store.")
    ctx.obj = KGContext(
        data_dir,
        build_dir,
        only,
        engine,
        Progress(False if quiet else None),
        store_path,
        endpoint,
        timeout or None,
    )


def main() -> None:
    """Console-script entry point: arguments must be valid UTF-8 (a message, exit 2, if not)."""
    for n, arg in enumerate(sys.argv[1:], 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape")[:60]
            click.echo(f"Error: argument {n} is not valid UTF-8: {shown!r}", err=True)
            sys.exit(2)
    cli(prog_name="kg")


# Command modules register themselves on `cli` when imported; explicit, no discovery.
from kg.cli import brief, core, ingest, network, scale, serve  # noqa: E402
from kg.cli import listing as listing  # noqa: E402
from kg.cli import review as review  # noqa: E402

__all__ = [
    "cli",
    "main",
    "KGContext",
    "pass_ctx",
    "core",
    "network",
    "brief",
    "ingest",
    "scale",
    "serve",
]
