"""PDF through LibreOffice: the Word brief converted by ``soffice --headless``.

The only module that runs LibreOffice. It runs in a temporary directory with its own
profile, so it neither reads nor changes the user's. The bytes are made reproducible:
LibreOffice stamps the clock into ``/CreationDate`` and derives ``/ID`` and
``/DocChecksum`` from it; all three are rewritten (same length, so the cross-reference
offsets stay right) from the brief's date and a digest of the Word file.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from kg.errors import KGError

TIMEOUT = 180
"""Seconds LibreOffice may take to convert one brief."""


def soffice() -> str:
    """The LibreOffice executable.

    Raises:
        KGError: LibreOffice is not installed (with what to do).
    """
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise KGError(
            "PDF output needs LibreOffice (soffice) on PATH: install it (Debian: "
            "apt-get install libreoffice-writer, or scripts/system-deps.sh), or write "
            "-f docx and convert it yourself."
        )
    return found


def docx_to_pdf(docx: bytes, date: str = "") -> bytes:
    """Convert Word bytes to PDF bytes; equal input gives equal bytes.

    Args:
        docx: a .docx file's bytes (``kg.briefing.docx.render_docx``).
        date: ``YYYY[-MM[-DD]]`` written as the PDF's creation and modification date
            (2000-01-01 when empty); never the clock.

    Raises:
        KGError: LibreOffice is missing, fails or gives no PDF.
    """
    exe = soffice()
    with tempfile.TemporaryDirectory(prefix="kg-pdf-") as tmp:
        work = Path(tmp)
        src = work / "brief.docx"
        src.write_bytes(docx)
        profile = (work / "profile").as_uri()
        env = {**os.environ, "HOME": str(work)}
        try:
            subprocess.run(
                [
                    exe,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work),
                    str(src),
                ],
                check=True,
                capture_output=True,
                timeout=TIMEOUT,
                env=env,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise KGError(f"LibreOffice could not convert the brief to PDF: {exc}") from exc
        out = work / "brief.pdf"
        if not out.exists():
            raise KGError("LibreOffice gave no PDF for the brief.")
        return reproducible(out.read_bytes(), date, hashlib.sha256(docx).hexdigest())


_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\((D:[^)]*)\)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def reproducible(pdf: bytes, date: str, digest: str) -> bytes:
    """``pdf`` with its dates set from ``date`` and its ``/ID`` from ``digest``, each
    rewritten at the same length."""
    parts = [p for p in date.split("-") if p.isdigit()] if date else []
    y, m, d = (parts + ["2000", "01", "01"][len(parts) :])[:3] if parts else ("2000", "01", "01")
    stamp = f"D:{int(y):04d}{int(m):02d}{int(d):02d}000000Z".encode()

    def fix_date(match: re.Match[bytes]) -> bytes:
        old = match.group(2)
        new = stamp[: len(old)].ljust(len(old), b" ")
        return match.group(0).replace(old, new)

    def fix_id(match: re.Match[bytes]) -> bytes:
        a, b = match.group(1), match.group(2)
        hexed = (digest * 4).upper().encode()
        return match.group(0).replace(a, hexed[: len(a)]).replace(b, hexed[: len(b)])

    def fix_checksum(match: re.Match[bytes]) -> bytes:
        old = match.group(1)
        return match.group(0).replace(old, (digest * 4).upper().encode()[: len(old)])

    return _CHECKSUM.sub(fix_checksum, _ID.sub(fix_id, _DATE.sub(fix_date, pdf)))
