"""The review desk over HTTP (``kg.web.review``) and its library (``kg.review``): decisions
saved into the draft exactly, the checks of ``kg validate`` placed on items, conflicts between
two pages, the token and Origin check on every write, and a save killed half-way."""

from __future__ import annotations

import difflib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from kg.review.draft import Draft
from kg.web.review import TOKEN_HEADER, review_app

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "tests" / "fixtures" / "reports" / "desg-variant.txt"
TOKEN = "test-token"
ORIGIN = "http://testserver"
NON_BMP = "🌏"  # U+1F30F: two UTF-16 code units, one code point


def make_draft(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder (the real reference data, no meetings) and a draft of the variant report
    (with a non-BMP character in its title line, so offsets differ between UTF-16 and code
    points), as ``kg ingest`` writes them."""
    from kg.graph import write_atomic
    from kg.ingest import ingest

    data = tmp_path / "data"
    (data / "meetings").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "reference", data / "reference")
    (data / "sources").mkdir()
    text = REPORT.read_text(encoding="utf-8").replace("重要結論", f"重要結論{NON_BMP}", 1)
    report = tmp_path / "desg-variant.txt"
    report.write_text(text, encoding="utf-8")
    result = ingest(report, "desg-2022-02", data)
    write_atomic(data / "sources" / f"{result.source_id}.txt", result.source_text.encode("utf-8"))
    draft = data / "meetings" / "desg-2022-02.yaml"
    draft.write_text(result.yaml_text, encoding="utf-8")
    return data, draft


@pytest.fixture
def desk(tmp_path: Path):  # type: ignore[no-untyped-def]
    data, draft = make_draft(tmp_path)
    app = review_app(Draft(draft, data), "Lin Mei", ["testserver"], token=TOKEN)
    client = TestClient(app)
    return client, data, draft


def post(client: TestClient, body: object, **headers: str):  # type: ignore[no-untyped-def]
    sent = {TOKEN_HEADER: TOKEN, "origin": ORIGIN, "content-type": "application/json"}
    sent.update(headers)
    return client.post("/review/api/save", json=body, headers=sent)


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def expected_changes(text: str, stamp: str, quote: str) -> list[str]:
    """The diff lines of the draft after the decisions of both the HTTP and the browser test:
    accept au-supports-1.2, AU for NZ as holder of nz-supports-4.1, reject ca-says-2.2, add
    MX opposing the sunset clause on ``quote``, register new-desg-2022-02-t1."""
    start = text.index(quote)
    return [
        "-# Needs review: 3 proposed new issue(s) in new_issues.",
        f"+{stamp}",
        "-- id: new-desg-2022-02-t1",
        "-  item: '4.1'",
        "-  parent: new-desg-2022-02-4.1",
        "-  label: {zh-Hant: 建立數位身分互通試行架構, en: '(draft: translate)'}",
        "-  quote: 建立數位身分互通試行架構",
        f"-  start: {text.index('建立數位身分互通試行架構')}",
        "-  review: 'proposed from what a stance is about: register it in data/reference/issues.yaml (or add this phrase as an alias of an existing issue), then run `kg ingest` again'",
        "-- id: au-supports-1.2",
        "+- id: au-supports-1.2  # reviewed: accepted",
        "-- id: ca-says-2.2",
        "-  item: '2.2'",
        "-  holder: CA",
        "-  responds_to: [us-proposes-2.1]",
        "-  rule: zh.subject",
        "-  confidence: 0.9",
        "-  quote: 加拿大感謝美方的說明",
        f"-  start: {text.index('加拿大感謝美方的說明')}",
        "+- id: mx-opposes-2.3-2  # reviewed: accepted",
        "+  item: '2.3'",
        "+  holder: MX",
        "+  stance: opposes",
        "+  target: tor-sunset-clause",
        f"+  quote: {quote}",
        f"+  start: {start}",
        "-  target: new-desg-2022-02-t1",
        "+  target: digital-identity-pilot",
        "-- id: nz-supports-4.1",
        "+- id: nz-supports-4.1  # reviewed: edited",
        "-  holder: NZ",
        "+  holder: AU",
        "-  target: new-desg-2022-02-t1",
        "+  target: digital-identity-pilot",
    ]


def test_view_lists_items_in_report_order_with_exact_spans(desk) -> None:
    client, data, draft = desk
    view = client.get("/review/api/draft").json()
    text = view["text"]
    assert NON_BMP in text
    quoted = [i for i in view["items"] if i["start"] is not None]
    starts = [i["start"] for i in quoted]
    assert starts == sorted(starts)
    assert len(view["items"]) == 28
    # the two proposed issues drawn from a heading quote nothing: they come last
    assert [i["key"] for i in view["items"][len(quoted) :]] == [
        "new_issues/new-desg-2022-02-4",
        "new_issues/new-desg-2022-02-4.1",
    ]
    for item in quoted:
        assert text[item["start"] : item["end"]] == item["quote"]
    assert {i["state"] for i in view["items"]} == {"to review"}
    kinds = {i["key"]: i["kind"] for i in view["items"]}
    assert kinds["statements/au-supports-1.2"] == "position"
    assert kinds["statements/apec-secretariat-says-1.1"] == "statement"
    assert kinds["outcomes/tor-sunset-clause-consensus"] == "outcome"
    assert kinds["new_issues/new-desg-2022-02-t1"] == "issue"
    outline = {o["id"]: o for o in view["outline"]}
    assert text[outline["2"]["start"] :].startswith("二、DESG職權範圍")
    holders = {h["id"]: h for h in view["registry"]["holders"]}
    assert holders["TW"]["label"]["zh-Hant"] == "中華台北"
    assert "supports" in view["registry"]["stances"]
    assert view["version"] and view["reviewer"] == "Lin Mei"


def test_page_and_static_files_carry_a_strict_policy(desk) -> None:
    client, _, _ = desk
    page = client.get("/review")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "default-src 'none'" in policy
    assert f'content="{TOKEN}"' in page.text
    assert "<script>" not in page.text  # no inline script: the code is a file
    assert (
        client.get("/review/static/review.js").headers["content-type"].startswith("text/javascript")
    )
    for path in ("/review/static/review.html", "/review/static/..%2F..%2Freview.py"):
        assert client.get(path).status_code == 404
    assert client.get("/review", headers={"host": "evil.example"}).status_code == 400


def test_save_writes_exactly_the_decisions(desk) -> None:
    client, data, draft = desk
    before = draft.read_text(encoding="utf-8")
    issues_before = (data / "reference" / "issues.yaml").read_text(encoding="utf-8")
    view = client.get("/review/api/draft").json()
    text = view["text"]
    quote = "認為現行文字已足夠"
    start = text.index(quote)  # code points, as Python counts
    ops = [
        {"op": "accept", "key": "statements/au-supports-1.2"},
        {"op": "edit", "key": "statements/nz-supports-4.1", "fields": {"holder": "AU"}},
        {"op": "reject", "key": "statements/ca-says-2.2"},
        {
            "op": "add",
            "quote": quote,
            "start": start,
            "fields": {"holder": "MX", "stance": "opposes", "target": "tor-sunset-clause"},
        },
        {
            "op": "register",
            "key": "new_issues/new-desg-2022-02-t1",
            "issue": "digital-identity-pilot",
            "label": {"en": "Digital identity pilot framework", "zh-Hant": "數位身分互通試行架構"},
            "aliases": ["建立數位身分互通試行架構"],
        },
    ]
    answer = post(client, {"version": view["version"], "ops": ops})
    assert answer.status_code == 200, answer.text
    saved = answer.json()
    assert saved["conforms"] is True and saved["violations"] == []
    assert saved["status"] == "draft"  # most items are still to review
    after = draft.read_text(encoding="utf-8")
    stamp = after.splitlines()[2]
    assert stamp.startswith("# Review: 3 of 27 items decided; saved by Lin Mei at ")
    assert changed_lines(before, after) == expected_changes(text, stamp, quote)
    assert changed_lines(
        issues_before, (data / "reference" / "issues.yaml").read_text(encoding="utf-8")
    ) == [
        "+  - id: digital-identity-pilot",
        "+    label: {en: Digital identity pilot framework, zh-Hant: 數位身分互通試行架構}",
        "+    parent: null",
        "+    forum: desg",
        "+    documents: []",
        "+    kfas: []",
        "+    aliases: [建立數位身分互通試行架構]",
    ]
    # every quote is the source's text at its offset, the added one included
    record = yaml.safe_load(after)
    source = (data / "sources" / f"{record['source']['id']}.txt").read_text(encoding="utf-8")
    for name in ("proposals", "statements", "outcomes", "projects", "figures"):
        for item in record.get(name) or []:
            assert source[item["start"] : item["start"] + len(item["quote"])] == item["quote"]
    states = {i["key"]: i["state"] for i in saved["items"]}
    assert states["statements/au-supports-1.2"] == "accepted"
    assert states["statements/nz-supports-4.1"] == "edited"
    assert states["statements/mx-opposes-2.3-2"] == "accepted"
    assert "statements/ca-says-2.2" not in states
    assert saved["version"] != view["version"]


def test_a_second_page_with_an_old_version_gets_409_and_writes_nothing(desk) -> None:
    client, _, draft = desk
    version = client.get("/review/api/draft").json()["version"]
    first = post(
        client,
        {
            "version": version,
            "ops": [{"op": "accept", "key": "outcomes/tor-sunset-clause-consensus"}],
        },
    )
    assert first.status_code == 200
    saved = draft.read_bytes()
    second = post(
        client,
        {"version": version, "ops": [{"op": "reject", "key": "statements/jp-no-position-1.5"}]},
    )
    assert second.status_code == 409
    assert "reload the page" in second.json()["error"]
    assert draft.read_bytes() == saved
    # after reloading, the second page's decision goes through on top of the first
    again = post(
        client,
        {
            "version": first.json()["version"],
            "ops": [{"op": "reject", "key": "statements/jp-no-position-1.5"}],
        },
    )
    assert again.status_code == 200
    after = draft.read_text(encoding="utf-8")
    assert "tor-sunset-clause-consensus  # reviewed: accepted" in after
    assert "jp-no-position-1.5" not in after


@pytest.mark.parametrize(
    ("headers", "status", "words"),
    [
        ({TOKEN_HEADER: ""}, 403, "X-KG-Token"),
        ({TOKEN_HEADER: "guess"}, 403, "X-KG-Token"),
        ({"origin": "http://evil.example"}, 403, "refused"),
        ({"content-type": "text/plain"}, 415, "application/json"),
    ],
    ids=["no-token", "wrong-token", "other-origin", "form-post"],
)
def test_every_write_needs_the_token_and_the_page_origin(desk, headers, status, words) -> None:
    client, _, draft = desk
    before = draft.read_bytes()
    version = client.get("/review/api/draft").json()["version"]
    answer = post(
        client,
        {"version": version, "ops": [{"op": "accept", "key": "statements/au-supports-1.2"}]},
        **headers,
    )
    assert answer.status_code == status
    assert words in answer.json()["error"]
    assert draft.read_bytes() == before


@pytest.mark.parametrize(
    ("op", "words"),
    [
        ({"op": "accept", "key": "statements/nope"}, "has no item 'statements/nope'"),
        ({"op": "fly", "key": "statements/au-supports-1.2"}, "unknown op 'fly'"),
        (
            {"op": "edit", "key": "statements/au-supports-1.2", "fields": {"quote": "x"}},
            "'quote' cannot be edited",
        ),
        (
            {"op": "add", "quote": "澳方", "start": 3, "fields": {"holder": "AU"}},
            "not the source's text at offset 3",
        ),
        (
            {
                "op": "register",
                "key": "new_issues/new-desg-2022-02-t1",
                "issue": "Bad Id",
                "label": {"en": "x", "zh-Hant": "y"},
            },
            "lower-case slug",
        ),
        (
            {
                "op": "register",
                "key": "new_issues/new-desg-2022-02-t1",
                "issue": "tor-sunset-clause",
                "label": {"en": "x", "zh-Hant": "y"},
            },
            "already registered",
        ),
        (
            {"op": "map", "key": "new_issues/new-desg-2022-02-t1", "issue": "no-such-issue"},
            "no registered issue",
        ),
        (
            {"op": "accept", "key": "new_issues/new-desg-2022-02-t1"},
            "registering it, mapping it or rejecting it",
        ),
    ],
    ids=[
        "unknown-item",
        "unknown-op",
        "fixed-field",
        "wrong-offset",
        "bad-id",
        "taken-id",
        "unknown-map",
        "accept-issue",
    ],
)
def test_an_operation_the_draft_cannot_take_is_refused_whole(desk, op, words) -> None:
    client, data, draft = desk
    before = draft.read_bytes()
    issues = (data / "reference" / "issues.yaml").read_bytes()
    version = client.get("/review/api/draft").json()["version"]
    ops = [{"op": "accept", "key": "statements/au-supports-1.2"}, op]
    answer = post(client, {"version": version, "ops": ops})
    assert answer.status_code == 400
    assert "operation 2" in answer.json()["error"] and words in answer.json()["error"]
    assert draft.read_bytes() == before
    assert (data / "reference" / "issues.yaml").read_bytes() == issues


def test_violations_are_shown_on_their_item(desk) -> None:
    client, _, draft = desk
    version = client.get("/review/api/draft").json()["version"]
    ops = [{"op": "edit", "key": "statements/sg-reserves-1.3", "fields": {"holder": "XX"}}]
    answer = post(client, {"version": version, "ops": ops})
    assert answer.status_code == 200
    body = answer.json()
    assert body["conforms"] is False
    [problem] = body["violations"]
    assert problem["key"] == "statements/sg-reserves-1.3"
    assert "Unknown holder 'XX'" in problem["message"]
    assert str(draft) in problem["message"]  # the draft's own name, not a staging file's
    assert "holder: XX" in draft.read_text(encoding="utf-8")  # saved all the same: it is a draft


def test_the_record_is_reviewed_when_every_item_is_decided_and_it_validates(desk) -> None:
    client, data, draft = desk
    view = client.get("/review/api/draft").json()
    ops = []
    for item in view["items"]:
        if item["list"] == "new_issues":
            ops.append({"op": "map", "key": item["key"], "issue": "aider-measurable-indicators"})
        else:
            ops.append({"op": "accept", "key": item["key"]})
    # all but one decided: still a draft
    partial = post(client, {"version": view["version"], "ops": ops[:-1]})
    assert partial.status_code == 200 and partial.json()["status"] == "draft"
    final = post(client, {"version": partial.json()["version"], "ops": ops[-1:]})
    assert final.status_code == 200, final.text
    assert final.json()["status"] == "reviewed", final.json()["violations"]
    text = draft.read_text(encoding="utf-8")
    assert text.startswith("# Reviewed by Lin Mei at ")
    assert "\nstatus: reviewed\n" in text
    assert "\nreviewed:\n  by: Lin Mei\n  at: '20" in text  # who and when, for tools too
    assert "# reviewed:" not in text and "new_issues:" not in text
    from kg.validate import validate

    report = validate(data, [draft])
    assert report.conforms and report.drafts == []


def test_a_malformed_draft_is_named_with_its_line(tmp_path: Path, runner, kg_args) -> None:
    from kg.cli import cli

    bad = tmp_path / "bad.yaml"
    bad.write_text("status: draft\nsource: {id: x\nmeeting: 1\n", encoding="utf-8")
    result = runner.invoke(cli, [*kg_args, "review", str(bad), "--no-browser"])
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "invalid YAML" in result.output


def test_a_save_killed_before_the_file_is_replaced_leaves_the_old_file(tmp_path: Path) -> None:
    """A real server process, stopped by SIGKILL while its save is half done: the temporary
    file is written and flushed, the draft not yet replaced."""
    data, draft = make_draft(tmp_path)
    before = draft.read_bytes()
    marker = tmp_path / "in-save"
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        import kg.review.yamlfile as yamlfile

        def stop(tmp):
            Path({str(marker)!r}).write_text(str(tmp))
            time.sleep(600)

        yamlfile.before_replace = stop
        from kg.cli import main
        sys.argv = ["kg", "--data", {str(data)!r}, "review", {str(draft)!r},
                    "--port", "0", "--no-browser", "--reviewer", "Lin Mei"]
        main()
        """
    )
    server = subprocess.Popen(
        [sys.executable, "-c", script], stderr=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        line = server.stderr.readline()
        url = line.split(" at ", 1)[1].split(" ", 1)[0]
        base = url.rsplit("/review", 1)[0]
        import httpx2 as httpx

        page = httpx.get(url).text
        token = page.split('name="kg-token" content="', 1)[1].split('"', 1)[0]
        version = httpx.get(f"{base}/review/api/draft").json()["version"]
        ops = [
            {"op": "reject", "key": f"statements/{i}"}
            for i in ("ca-says-2.2", "jp-no-position-1.5")
        ]
        import threading

        def save() -> None:
            try:
                httpx.post(
                    f"{base}/review/api/save",
                    json={"version": version, "ops": ops},
                    headers={TOKEN_HEADER: token, "origin": base},
                    timeout=60,
                )
            except httpx.HTTPError:
                pass  # the server is killed before it answers

        saving = threading.Thread(target=save, daemon=True)
        saving.start()
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the save never reached the replace"
        staged = Path(marker.read_text())
        assert b"ca-says-2.2" not in staged.read_bytes()  # the new text was written in full
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        saving.join(10)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
        server.stderr.close()
    assert draft.read_bytes() == before
    Draft(draft, data)  # and it still reads


def test_review_items_become_statements_of_a_chosen_or_registered_holder(tmp_path: Path) -> None:
    """An unresolved 該國 gets a holder from the registry; an unknown group is registered as an
    organisation (in both languages) and holds the statement; a review item accepted as it
    stands is refused."""
    from kg.graph import write_atomic
    from kg.ingest import ingest

    data = tmp_path / "data"
    (data / "meetings").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "reference", data / "reference")
    (data / "sources").mkdir()
    result = ingest(
        ROOT / "data" / "devset" / "un-hrc-zh.txt", "un-hrc-2023-07", data, forum="un-hrc"
    )
    write_atomic(data / "sources" / f"{result.source_id}.txt", result.source_text.encode("utf-8"))
    draft = data / "meetings" / "un-hrc-2023-07.yaml"
    draft.write_text(result.yaml_text, encoding="utf-8")
    organisations = (data / "reference" / "organisations.yaml").read_text(encoding="utf-8")
    client = TestClient(review_app(Draft(draft, data), "Lin Mei", ["testserver"], token=TOKEN))
    view = client.get("/review/api/draft").json()
    reviews = {i["fields"]["note"].split(":")[0]: i for i in view["items"] if i["list"] == "review"}
    anaphora = next(i for i in view["items"] if "該國" in i["fields"].get("note", ""))
    group = next(i for i in view["items"] if "北極人權觀察聯盟" in i["fields"].get("note", ""))
    assert reviews and anaphora["kind"] == "review"
    refused = post(
        client, {"version": view["version"], "ops": [{"op": "accept", "key": group["key"]}]}
    )
    assert refused.status_code == 400 and "making it a statement" in refused.json()["error"]
    ops = [
        {
            "op": "edit",
            "key": anaphora["key"],
            "fields": {"holder": "CR", "stance": "", "target": ""},
        },
        {
            "op": "holder",
            "key": group["key"],
            "holder": "arctic-human-rights-watch",
            "kind": "group",
            "name": {"en": "Arctic Human Rights Watch Alliance", "zh-Hant": "北極人權觀察聯盟"},
            "aliases": ["北極人權觀察聯盟"],
            "fields": {},
        },
    ]
    answer = post(client, {"version": view["version"], "ops": ops})
    assert answer.status_code == 200, answer.text
    assert answer.json()["conforms"] is True, answer.json()["violations"]
    record = yaml.safe_load(draft.read_text(encoding="utf-8"))
    made = {
        s["holder"]: s
        for s in record["statements"]
        if s["quote"] in (anaphora["quote"], group["quote"])
    }
    assert made["CR"]["quote"] == anaphora["quote"] and made["CR"]["start"] == anaphora["start"]
    assert made["arctic-human-rights-watch"]["quote"] == group["quote"]
    left = {r["id"] for r in record.get("review") or []}
    assert anaphora["id"] not in left and group["id"] not in left
    assert changed_lines(
        organisations, (data / "reference" / "organisations.yaml").read_text(encoding="utf-8")
    ) == [
        "+  - id: arctic-human-rights-watch",
        "+    name: {en: Arctic Human Rights Watch Alliance, zh-Hant: 北極人權觀察聯盟}",
        "+    kind: group",
        "+    aliases: [北極人權觀察聯盟]",
        "+    economy: null",
    ]


def test_a_draft_whose_source_is_missing_is_refused(tmp_path: Path, runner, kg_args) -> None:
    from kg.cli import cli

    data, draft = make_draft(tmp_path)
    for source in (data / "sources").iterdir():
        source.unlink()
    result = runner.invoke(cli, ["--data", str(data), "review", str(draft), "--no-browser"])
    assert result.exit_code == 1
    assert f"Error: {draft}: source '" in result.output and "not found" in result.output


def test_a_reviewed_record_opens_with_every_item_accepted(tmp_path: Path) -> None:
    data, draft = make_draft(tmp_path)
    record = Draft(draft, data)
    view = record.view()
    ops = [
        {"op": "map", "key": i["key"], "issue": "aider-measurable-indicators"}
        if i["list"] == "new_issues"
        else {"op": "accept", "key": i["key"]}
        for i in view["items"]
    ]
    assert record.save(view["version"], ops, "Lin Mei").status == "reviewed"
    again = Draft(draft, data).view()
    assert again["status"] == "reviewed"
    assert {i["state"] for i in again["items"]} == {"accepted"}


def test_problems_of_the_file_as_it_is_are_shown_when_the_page_opens(desk) -> None:
    client, _, draft = desk
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("  holder: JP\n", "  holder: JX\n", 1), encoding="utf-8")
    view = client.get("/review/api/draft").json()
    [problem] = view["violations"]
    assert problem["key"] == "statements/jp-no-position-1.5"
    assert "Unknown holder 'JX'" in problem["message"] and "'JP'" in problem["message"]


def test_an_analysts_comments_and_layout_survive_a_save(desk) -> None:
    client, _, draft = desk
    text = draft.read_text(encoding="utf-8").replace(
        "- id: cn-opposes-1.4\n", "# checked against the audio, 3 March\n- id: cn-opposes-1.4\n", 1
    )
    draft.write_text(text, encoding="utf-8")
    version = client.get("/review/api/draft").json()["version"]
    ops = [{"op": "edit", "key": "statements/cn-opposes-1.4", "fields": {"stance": "reserves"}}]
    assert post(client, {"version": version, "ops": ops}).status_code == 200
    after = draft.read_text(encoding="utf-8")
    assert (
        "# checked against the audio, 3 March\n- id: cn-opposes-1.4  # reviewed: edited\n" in after
    )
    assert changed_lines(text, after)[2:] == [
        "-- id: cn-opposes-1.4",
        "+- id: cn-opposes-1.4  # reviewed: edited",
        "-  stance: opposes",
        "+  stance: reserves",
    ]


def test_a_selected_passage_may_become_an_outcome_or_an_action(desk) -> None:
    client, data, draft = desk
    view = client.get("/review/api/draft").json()
    text = view["text"]
    ops = [
        {
            "op": "add",
            "list": "outcomes",
            "quote": "經討論後達成共識",
            "start": text.index("經討論後達成共識"),
            "fields": {"target": "tor-sunset-clause", "status": "consensus"},
        },
        {
            "op": "add",
            "list": "actions",
            "quote": "未獲共識之部分將於下次會議再行檢討",
            "start": text.index("未獲共識之部分將於下次會議再行檢討"),
            "fields": {
                "actor": ["AU", "CN"],
                "target": "aider-measurable-indicators",
                "text": {"en": "Review the rest at the next meeting.", "zh-Hant": ""},
            },
        },
    ]
    answer = post(client, {"version": view["version"], "ops": ops})
    assert answer.status_code == 200, answer.text
    assert answer.json()["conforms"] is True, answer.json()["violations"]
    record = yaml.safe_load(draft.read_text(encoding="utf-8"))
    outcome = next(o for o in record["outcomes"] if o["quote"] == "經討論後達成共識")
    assert outcome["id"] == "tor-sunset-clause-consensus-2"  # the drafted one keeps its id
    assert outcome["item"] == "2.5" and outcome["status"] == "consensus"
    [action] = record["actions"]
    assert action["id"] == "action-1.6" and action["actor"] == ["AU", "CN"]
    assert action["text"] == {"en": "Review the rest at the next meeting."}
    assert "actions:\n- id: action-1.6  # reviewed: accepted\n" in draft.read_text(encoding="utf-8")


def test_a_selected_number_becomes_a_figure(desk) -> None:
    client, _, draft = desk
    view = client.get("/review/api/draft").json()
    assert view["registry"]["figure_kinds"] == ["substantive", "logistics"]
    text = view["text"]
    ops = [
        {"op": "reject", "key": "figures/figure-5.1.1-1"},
        {
            "op": "add",
            "list": "figures",
            "quote": "共有120人參加",
            "start": text.index("共有120人參加"),
            "fields": {
                "value": 120,
                "unit": "people",
                "kind": "logistics",
                "label": {"en": "Participants", "zh-Hant": "參加人數"},
            },
        },
    ]
    answer = post(client, {"version": view["version"], "ops": ops})
    assert answer.status_code == 200, answer.text
    assert answer.json()["conforms"] is True, answer.json()["violations"]
    [figure] = yaml.safe_load(draft.read_text(encoding="utf-8"))["figures"]
    assert figure == {
        "id": "figure-5.1.1",
        "item": "5.1.1",
        "quote": "共有120人參加",
        "start": text.index("共有120人參加"),
        "value": 120,
        "unit": "people",
        "kind": "logistics",
        "label": {"en": "Participants", "zh-Hant": "參加人數"},
    }
    assert "  value: 120\n  unit: people\n  kind: logistics\n" in draft.read_text(encoding="utf-8")


def test_kg_serve_review_mounts_the_desk_beside_the_explorer(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    """`kg serve --review DRAFT`: the desk's page (with its own policy: scripts from the
    server), its reads and its token-checked saves, next to the explorer and /sparql."""
    from kg.cli.serve import review_routes_for
    from kg.store import StoreConfig
    from kg.store import open as open_store
    from kg.web.app import create_app

    data, draft = make_draft(tmp_path)
    store = open_store(StoreConfig(ROOT / "data", tmp_path / "build"))
    routes = review_routes_for(draft, data, "Lin Mei")
    app = create_app(store, allowed_hosts=["testserver"], data_dir=data, extra_routes=routes)
    client = TestClient(app)
    page = client.get("/review")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    token = page.text.split('name="kg-token" content="', 1)[1].split('"', 1)[0]
    view = client.get("/review/api/draft").json()
    assert client.get("/").status_code == 200  # the explorer is still there
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    refused = post(client, {"version": view["version"], "ops": []}, **{TOKEN_HEADER: "x"})
    assert refused.status_code == 403
    saved = post(
        client,
        {"version": view["version"], "ops": [{"op": "reject", "key": "statements/ca-says-2.2"}]},
        **{TOKEN_HEADER: token},
    )
    assert saved.status_code == 200, saved.text
    assert "ca-says-2.2" not in draft.read_text(encoding="utf-8")


def test_kg_serve_review_refuses_read_only(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    data, draft = make_draft(tmp_path)
    result = runner.invoke(
        cli, ["--data", str(data), "serve", "--review", str(draft), "--read-only"]
    )
    assert result.exit_code == 2
    assert "--review writes the draft" in result.output
