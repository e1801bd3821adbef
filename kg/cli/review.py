"""``kg review``: the review desk on a draft record, in the browser."""

from __future__ import annotations

import getpass
import socket
from pathlib import Path

import click

from kg.cli import KGContext, cli, pass_ctx

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


@cli.command()
@click.argument("draft", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (loopback by default).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8766,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option("--no-browser", is_flag=True, help="Do not open the page in a browser.")
@click.option(
    "--reviewer",
    metavar="NAME",
    help="Name recorded in the file as its reviewer (default: the login name).",
)
@pass_ctx
def review(
    obj: KGContext, draft: Path, host: str, port: int, no_browser: bool, reviewer: str | None
) -> None:
    """Review a draft record in the browser until Ctrl-C: accept, edit or reject each item
    beside the report, add what was missed by selecting its text, register proposed issues.

    The report is shown with every quoted span highlighted; Save writes the record atomically
    (comments and key order kept), checks it like `kg validate` and shows each problem on its
    item. The record becomes `status: reviewed` when every item is decided and it validates.
    New issues are registered in reference/issues.yaml of --data.

    \b
    Example:
      kg ingest report.txt --meeting desg-2022-02 -o data/meetings/desg-2022-02.yaml
      kg review data/meetings/desg-2022-02.yaml --reviewer "Lin Mei"
      kg review build/draft.yaml --port 0 --no-browser    # prints the address
    """
    import threading
    import webbrowser

    import uvicorn

    from kg.cli.serve import is_loopback
    from kg.review.draft import Draft
    from kg.web.review import review_app

    name = reviewer or _login()
    if not name.strip() or any(ch in name for ch in "\n\r#"):
        raise click.BadParameter("give a name on one line, without '#'", param_hint="--reviewer")
    desk = Draft(draft, obj.data_dir)
    loopback = is_loopback(host)
    if not loopback:
        click.echo(
            f"Warning: listening on {host}, not on loopback: anyone who can reach this machine "
            "can read the report (writes still need the page's token)",
            err=True,
        )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/review"
    allowed = [*LOOPBACK_NAMES, host] if loopback else None
    app = review_app(desk, name.strip(), allowed)
    click.echo(f"Reviewing {draft} at {url} (Ctrl-C to stop)", err=True)
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", server_header=False, lifespan="off")
    )
    if not no_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    server.run(sockets=[sock])


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown reviewer"
