"""The review desk in headless Chromium, as a new user would use it: ``kg ingest`` a report,
``kg review`` the draft, accept one statement, change the holder of another, reject a third,
undo a decision, add a missed statement by selecting its text (after a character outside the
Basic Multilingual Plane, so UTF-16 and code-point offsets differ), register a proposed issue,
save; then the file validates, changed exactly so, and ``kg brief`` shows the new statement.
A screenshot is kept under build/test-artefacts/.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_review import changed_lines, expected_changes, make_draft

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ARTEFACTS = ROOT / "build" / "test-artefacts"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]

SELECT = """
(needle) => {
  // select `needle` in the report as a mouse would: a DOM range over the text nodes
  const segs = Array.from(document.querySelectorAll('#text .seg'));
  const full = segs.map(s => s.textContent).join('');
  const at = full.indexOf(needle);
  if (at < 0) { return false; }
  const end = at + needle.length;
  const range = document.createRange();
  let pos = 0;
  for (const seg of segs) {
    const len = seg.textContent.length;
    if (pos <= at && at < pos + len) { range.setStart(seg.firstChild, at - pos); }
    if (pos < end && end <= pos + len) { range.setEnd(seg.firstChild, end - pos); }
    pos += len;
  }
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  return true;
}
"""


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    data, draft = make_draft(tmp_path)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "--data",
            str(data),
            "--build-dir",
            str(tmp_path / "build"),
            "review",
            str(draft),
            "--port",
            "0",
            "--no-browser",
            "--reviewer",
            "Lin Mei",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stderr.readline()
        assert " at http://127.0.0.1:" in line, line
        url = line.split(" at ", 1)[1].split(" ", 1)[0]
        yield url, data, draft
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()


def test_a_review_in_the_browser(server, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    url, data, draft = server
    before = draft.read_text(encoding="utf-8")
    issues_before = (data / "reference" / "issues.yaml").read_text(encoding="utf-8")
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.on("pageerror", lambda e: problems.append(f"error: {e}"))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(url)
        page.wait_for_selector("body[data-ready='1']")
        assert page.inner_text("#progress").startswith("0 of 28 reviewed")

        def card(key: str):  # type: ignore[no-untyped-def]
            return page.locator(f'#item-list li[data-key="{key}"]')

        # accept with the mouse
        card("statements/au-supports-1.2").locator("button.accept").click()
        # change a holder: the edit form, the holder from the pick list
        card("statements/nz-supports-4.1").locator("button.edit").click()
        holder = card("statements/nz-supports-4.1").locator("input[name=holder]")
        holder.fill("")
        holder.press_sequentially("澳洲")  # the pick list is searched in Chinese and English
        suggest = card("statements/nz-supports-4.1").locator("ul.suggest li")
        assert suggest.first.get_attribute("data-id") == "AU"
        assert "Australia" in suggest.first.inner_text()
        holder.fill("")
        holder.press_sequentially("austral")
        suggest.first.click()
        assert holder.input_value() == "AU"
        card("statements/nz-supports-4.1").locator("button.done").click()
        # reject with the keyboard: select the item, then r
        card("statements/ca-says-2.2").locator("blockquote").click()
        page.keyboard.press("r")
        # a decision undone leaves no trace
        card("statements/jp-no-position-1.5").locator("blockquote").click()
        page.keyboard.press("a")
        assert "4 of 28 reviewed" in page.inner_text("#progress")
        page.keyboard.press("u")
        assert page.inner_text("#progress").startswith("3 of 28 reviewed · 3 unsaved")
        assert "state-to-review" in card("statements/jp-no-position-1.5").get_attribute("class")
        # add a missed statement by selecting its text
        assert page.evaluate(SELECT, "認為現行文字已足夠")
        page.locator("#add").click()
        adding = page.locator("#item-list li.adding")
        assert (
            adding.locator(".id").inner_text() == "offsets 353–362"
        )  # code points; UTF-16 would say 354
        adding.locator("input[name=holder]").fill("MX")
        adding.locator("select[name=stance]").select_option("opposes")
        adding.locator("input[name=target]").fill("tor-sunset-clause")
        adding.locator("button.done").click()
        # register the proposed new issue with its labels
        issue = card("new_issues/new-desg-2022-02-t1")
        issue.locator("button.edit").click()
        issue.locator("input[name=issue]").fill("digital-identity-pilot")
        issue.locator("input[name=en]").fill("Digital identity pilot framework")
        assert issue.locator("input[name=zh-Hant]").input_value() == "建立數位身分互通試行架構"
        issue.locator("input[name=zh-Hant]").fill("數位身分互通試行架構")
        issue.locator("button.register-issue").click()
        assert page.inner_text("#progress").startswith("5 of 29 reviewed · 5 unsaved")
        page.keyboard.press("Control+s")
        page.wait_for_selector("body[data-saved='1']")
        assert page.inner_text("#message") == "Saved; it validates."
        assert page.inner_text("#progress").startswith("3 of 27 reviewed")
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / "review-desk.png"))
        browser.close()
    assert problems == []

    after = draft.read_text(encoding="utf-8")
    text = yaml.safe_load(after)
    source = (data / "sources" / f"{text['source']['id']}.txt").read_text(encoding="utf-8")
    start = source.index("認為現行文字已足夠")
    assert start == 353  # code points: the 🌏 before it counts one (two in UTF-16)
    stamp = after.splitlines()[2]
    assert stamp.startswith("# Review: 3 of 27 items decided; saved by Lin Mei at ")
    assert changed_lines(before, after) == expected_changes(source, stamp, "認為現行文字已足夠")
    assert changed_lines(
        issues_before, (data / "reference" / "issues.yaml").read_text(encoding="utf-8")
    )[:2] == [
        "+  - id: digital-identity-pilot",
        "+    label: {en: Digital identity pilot framework, zh-Hant: 數位身分互通試行架構}",
    ]
    for name in ("proposals", "statements", "outcomes", "projects", "figures"):
        for item in text.get(name) or []:
            assert source[item["start"] : item["start"] + len(item["quote"])] == item["quote"]

    runner = CliRunner()
    base = [
        "--data",
        str(data),
        "--build-dir",
        str(tmp_path / "build"),
        "--quiet",
        "--only",
        str(draft),
    ]
    checked = runner.invoke(cli, [*base, "validate"])
    assert checked.exit_code == 0, checked.output
    assert "conforms: 0 violation(s)" in checked.output
    brief = runner.invoke(cli, [*base, "brief", "issue", "tor-sunset-clause", "--format", "json"])
    assert brief.exit_code == 0, brief.output
    assert "認為現行文字已足夠" in brief.output
    new_issue = runner.invoke(
        cli, [*base, "brief", "issue", "digital-identity-pilot", "--format", "json"]
    )
    assert new_issue.exit_code == 0, new_issue.output
    assert "紐方表示支持" in new_issue.output


def test_two_tabs_on_one_draft_lose_no_decision(server) -> None:
    from playwright.sync_api import sync_playwright

    url, data, draft = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        first, second = browser.new_page(), browser.new_page()
        for page in (first, second):
            page.goto(url)
            page.wait_for_selector("body[data-ready='1']")
        first.locator('li[data-key="statements/au-supports-1.2"] button.accept').click()
        second.locator('li[data-key="statements/ca-says-2.2"] button.reject').click()
        first.locator("#save").click()
        first.wait_for_selector("body[data-saved='1']")
        second.locator("#save").click()
        second.wait_for_selector("#message button.reload")
        message = second.inner_text("#message")
        assert "was saved elsewhere" in message and "your 1 unsaved decision(s) are kept" in message
        assert "ca-says-2.2" in draft.read_text(encoding="utf-8")
        second.locator("#message button.reload").click()
        # the first tab's decision now shows, the second's is still pending
        second.wait_for_selector('li[data-key="statements/au-supports-1.2"].state-accepted')
        assert "1 unsaved" in second.inner_text("#progress")
        second.locator("#save").click()
        second.wait_for_selector("body[data-saved='1']")
        browser.close()
    text = draft.read_text(encoding="utf-8")
    assert "- id: au-supports-1.2  # reviewed: accepted" in text
    assert "ca-says-2.2" not in text


def test_markup_in_a_draft_is_shown_as_text(server) -> None:
    """Labels and notes are the analyst's (or a report's) text: markup in them is shown, never
    run, and nothing breaks the page's Content-Security-Policy."""
    from playwright.sync_api import sync_playwright

    url, _, draft = server
    text = draft.read_text(encoding="utf-8")
    text = text.replace(
        "{zh-Hant: 建立數位身分互通試行架構, en: '(draft: translate)'}",
        "{zh-Hant: '<img src=x onerror=document.body.dataset.xss=1>', en: x}",
    ).replace(
        "  holder: SG\n", "  holder: SG\n  en: '<script>document.body.dataset.xss=2</script>'\n", 1
    )
    draft.write_text(text, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective));"
        )
        page.goto(url)
        page.wait_for_selector("body[data-ready='1']")
        issue = page.locator('li[data-key="new_issues/new-desg-2022-02-t1"]')
        assert "<img src=x onerror=document.body.dataset.xss=1>" in issue.inner_text()
        assert page.locator("#item-list img, #item-list script").count() == 0
        page.locator('li[data-key="statements/sg-reserves-1.3"] button.edit').click()
        english = page.locator('li[data-key="statements/sg-reserves-1.3"] input[name=en]')
        assert english.input_value() == "<script>document.body.dataset.xss=2</script>"
        assert page.evaluate("document.body.dataset.xss") is None
        assert page.evaluate("window.__csp") == []
        browser.close()
