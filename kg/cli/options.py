"""Option bundles shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.graph import write_atomic


def output_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``-o/--output FILE``: write there (atomically) instead of stdout."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to FILE instead of stdout (never half-written).",
    )(f)


def emit(text: str | bytes, output: Path | None) -> None:
    """Send command output to stdout, or atomically to ``output``."""
    if output is None:
        if isinstance(text, bytes):
            click.get_binary_stream("stdout").write(text)
        else:
            click.echo(text, nl=False)
        return
    write_atomic(output, text.encode("utf-8") if isinstance(text, str) else text)
    ctx = click.get_current_context(silent=True)
    if ctx is None or not ctx.find_root().params.get("quiet"):
        click.echo(f"Wrote {output}", err=True)


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    """``-p name=value`` pairs → dict; a malformed pair is a usage error (exit 2)."""
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="-p/--param")
        params[name.strip()] = value.strip()
    return params
