#!/usr/bin/env bash
# Installs the Debian packages the browser, font and Word-conversion tests need, if missing
# (chromium, a CJK font, LibreOffice Writer, and poppler-utils for pdftotext and pdftoppm).
# Needs root (CI runs as root); skips quietly what is already there.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -iE 'wqy|noto sans cjk' >/dev/null || need+=(fonts-wqy-microhei)  # no -q: an early exit would fail the pipe
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)  # pdftotext/pdftoppm: Word brief read-back
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "Missing Debian packages: ${need[*]} (run as root: apt-get install ${need[*]})" >&2
    exit 1
  fi
  echo "Installing ${need[*]}…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
