"""``kg review``: the review desk on a draft record, in the browser."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import KGContext, cli, pass_ctx
from kg.cli.serve import listen, listen_options, reviewer_name


@cli.command()
@click.argument("draft", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@listen_options(8766)
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
    New issues are registered in reference/issues.yaml of --data. `kg serve --review DRAFT`
    serves the same desk beside the explorer.

    \b
    Example:
      kg ingest report.txt --meeting desg-2022-02 -o data/meetings/desg-2022-02.yaml
      kg review data/meetings/desg-2022-02.yaml --reviewer "Lin Mei"
      kg review build/draft.yaml --port 0 --no-browser    # prints the address
    """
    import threading
    import webbrowser

    from kg.review.draft import Draft
    from kg.web.review import review_app

    name = reviewer_name(reviewer)
    desk = Draft(draft, obj.data_dir)
    listener = listen(host, port, "the report (writes still need the page's token)")
    url = f"{listener.url}/review"
    click.echo(f"Reviewing {draft} at {url} (Ctrl-C to stop)", err=True)
    if not no_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    listener.run(review_app(desk, name, listener.allowed_hosts))
