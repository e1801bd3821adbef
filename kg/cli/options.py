"""Option bundles shared by several commands, declared once, and the one way output is written.

Every command that writes a file given with ``-o`` goes through :func:`write_output` (or
:func:`emit`, which also serves stdout), so three rules hold everywhere:

- **Inputs are never outputs.** ``-o`` may not name a file the command reads: a meeting record
  (under ``data/meetings/`` or given with ``--only``), anything under ``data/sources/`` or
  ``data/reference/``, the ontology, or a file the command was given (the ``.rq`` query, the
  report to ingest). Paths are compared after resolving symbolic links, ``.`` and ``..``, and
  by inode when the file exists (hard links). Refused before anything is written: one line,
  exit 1.
- **Never half-written.** Files are written atomically (:func:`kg.graph.write_atomic`).
- **Failures are one line.** No permission, a full disk, a file too large, a closed or full
  standard output: ``Error: cannot write PATH: REASON``, exit 1, no temporary file left.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from kg.errors import KGError
from kg.graph import write_atomic

STDOUT = "standard output"


class OutputError(KGError):
    """An output cannot be written, or would overwrite an input."""


def output_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``-o/--output FILE``: write there (atomically) instead of stdout.

    The path is checked against the data inputs as soon as it is parsed, before any work."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        callback=_checked,
        help="Write to FILE instead of stdout (never half-written).",
    )(f)


def _checked(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    check_output(value)
    return value


def _inputs_of_context() -> tuple[Path | None, list[tuple[Path, str]]]:
    """The data folder and the meeting records, from the global options of this command."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    data_dir = getattr(obj, "data_dir", None)
    only = getattr(obj, "only", None) or ()
    files = [(Path(p), "a meeting record given with --only") for p in only]
    if data_dir is None:
        return None, files
    data_dir = Path(data_dir)
    files += [(p, "a meeting record") for p in sorted((data_dir / "meetings").glob("*.yaml"))]
    return data_dir, files


def _same(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except (OSError, RuntimeError):  # unreadable, or a symlink loop: compare as written
        return os.path.abspath(a) == os.path.abspath(b)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def check_output(output: Path | None, inputs: Iterable[tuple[Path, str]] = ()) -> None:
    """Refuse ``-o`` when it names an input of the command (see the module docstring).

    Args:
        output: the ``-o`` path, or ``None`` for stdout (always fine).
        inputs: further files the command reads, each with what it is (``"the query file"``).

    Raises:
        OutputError: one line naming the path and the input it would overwrite.
    """
    if output is None:
        return
    data_dir, files = _inputs_of_context()
    if data_dir is not None:
        for folder, what in (("sources", "the source reports"), ("reference", "reference data")):
            if _inside(output, data_dir / folder):
                raise OutputError(
                    f"refusing to write {output}: it is inside {data_dir / folder}, "
                    f"which holds {what} (inputs); write elsewhere"
                )
    from kg.resources import ontology_files

    files += [(Path(str(f)), "part of the ontology") for f in ontology_files()]
    for path, what in [*inputs, *files]:
        if _same(output, path):
            shown = "" if str(path) == str(output) else f" ({path})"
            raise OutputError(
                f"refusing to write {output}: it is {what}, an input of this command{shown}"
            )


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def write_output(output: Path, data: bytes, inputs: Iterable[tuple[Path, str]] = ()) -> None:
    """Write ``data`` to the ``-o`` file atomically, after :func:`check_output`.

    Raises:
        OutputError: ``output`` is an input, or cannot be written (``cannot write PATH: why``).
    """
    check_output(output, inputs)
    try:
        write_atomic(output, data)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {_reason(exc)}") from None


def write_stdout(text: str | bytes) -> None:
    """Write command output to stdout; a closed or full stdout is an ``OutputError``."""
    if sys.stdout is None or isinstance(sys.stdout, io.TextIOBase) and sys.stdout.closed:
        raise OutputError(f"cannot write {STDOUT}: it is closed")
    try:
        click.echo(text, nl=False)  # bytes go to the binary buffer, flushed
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # `kg … | head`: the reader has what it wanted (not an error, see KGGroup)
    except (OSError, ValueError) as exc:  # ValueError: the stream was closed under us
        from kg.cli import _silence_stdout

        _silence_stdout()
        reason = _reason(exc) if isinstance(exc, OSError) else "it is closed"
        raise OutputError(f"cannot write {STDOUT}: {reason}") from None


def emit(text: str | bytes, output: Path | None, inputs: Iterable[tuple[Path, str]] = ()) -> None:
    """Send command output to stdout, or atomically to ``output`` (see :func:`write_output`)."""
    if output is None:
        write_stdout(text)
        return
    write_output(output, text.encode("utf-8") if isinstance(text, str) else text, inputs)
    say(f"Wrote {output}")


def say(message: str) -> None:
    """A status line on stderr, unless ``kg --quiet``."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or not ctx.find_root().params.get("quiet"):
        click.echo(message, err=True)


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    """``-p name=value`` pairs → dict; a malformed pair is a usage error (exit 2)."""
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="-p/--param")
        params[name.strip()] = value.strip()
    return params


def format_choice(
    choices: Sequence[str], default: str | None = None, help: str = "Output format."
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The one ``-f/--format`` option: ``choices`` (the first is the default unless
    ``default`` says otherwise), passed to the command as ``fmt``."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help=help,
    )
