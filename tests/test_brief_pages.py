"""Page limits of issue 14 on the seed, A4: issue brief ≤ 2 pages, economy ≤ 3, meeting ≤ 5,
prep pack ≤ 4, annexes excluded from the count (the brief is rendered without them) but
present in the full brief. Word and PDF are counted through LibreOffice, HTML as Chromium
prints it; Markdown is not paged (it holds what the HTML holds). Pages are counted with
pdfinfo (poppler-utils, installed by scripts/system-deps.sh)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kg import briefing
from kg.briefing.house import house_names
from kg.cli import cli
from kg.iris import ID_BASE

DATA = Path(__file__).resolve().parents[1] / "data"
LIMITS = {"issue": 2, "economy": 3, "meeting": 5, "prep": 4, "prep-tw": 4}


def build(store, kind: str):  # type: ignore[no-untyped-def]
    house = house_names(DATA)
    if kind == "issue":
        return briefing.build_issue_brief(
            store, ID_BASE + "issue/tor-subsidiary-bodies", house=house
        )
    if kind == "economy":
        return briefing.build_economy_brief(store, ID_BASE + "economy/RU", house=house)
    if kind == "meeting":
        return briefing.build_meeting_brief(store, ID_BASE + "meeting/desg-2021-08", house=house)
    if kind == "prep":
        return briefing.build_prep_brief(store, ID_BASE + "forum/desg", "2021", house=house)
    return briefing.build_prep_brief(
        store,
        perspective=ID_BASE + "economy/TW",
        next_meeting="DESG 2022-1",
        next_date="2022-02",
        house=house,
    )


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return next(
        int(line.split()[1]) for line in info.stdout.splitlines() if line.startswith("Pages:")
    )


def soffice_pdf(path: Path, work: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (scripts/system-deps.sh installs it)"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(work)},
    )
    return work / f"{path.stem}.pdf"


@pytest.mark.office
@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
@pytest.mark.parametrize("kind", list(LIMITS))
def test_word_and_pdf_briefs_meet_the_page_limits(store, tmp_path, kind: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    b = build(store, kind)
    body = tmp_path / f"{kind}-body.docx"
    body.write_bytes(briefing.render(b, "docx", lang, annexes=False))  # type: ignore[arg-type]
    n = pages(soffice_pdf(body, tmp_path))
    full = tmp_path / f"{kind}-full.docx"
    full.write_bytes(briefing.render(b, "docx", lang))  # type: ignore[arg-type]
    assert n <= LIMITS[kind], f"{kind} {lang}: {n} pages before the annexes"
    assert pages(soffice_pdf(full, tmp_path)) > n  # the annexes are there, after a page break


@pytest.mark.office
def test_pdf_output_is_reproducible_and_numbered(runner, kg_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    outs = []
    for n in range(2):
        out = tmp_path / f"{n}.pdf"
        args = ["issue", "tor-subsidiary-bodies", "-f", "pdf", "--lang", "en", "-o", str(out)]
        result = runner.invoke(cli, [*kg_args, "brief", *args, "--marking", "RESTRICTED"])
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
    assert outs[0].startswith(b"%PDF") and outs[0] == outs[1]
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "0.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first = text.split("\f")[0]
    assert "RESTRICTED" in first and "Page 1" in first and "Bottom line" in first
    assert "Record as of: 2021-08" in first


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
@pytest.mark.parametrize("kind", list(LIMITS))
def test_html_briefs_print_within_the_page_limits(store, tmp_path, kind: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    b = build(store, kind)
    page = tmp_path / f"{kind}.html"
    page.write_text(briefing.render(b, "html", lang, annexes=False), encoding="utf-8")  # type: ignore[arg-type]
    pdf = tmp_path / f"{kind}.pdf"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert pdf.exists()
    n = pages(pdf)
    assert n <= LIMITS[kind], f"{kind} {lang}: {n} pages before the annexes"
