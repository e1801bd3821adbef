"""Typed drafting results → the items of a draft record, and the draft's review summary.

Shared by the Chinese and English readers: review items (what a reader would not guess),
proposed new issues (what stances are about when no registry issue is named) and the header
lines that say what needs review before the record can be set to ``status: reviewed``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kg.ingest.model import ReviewItem

TRANSLATE = "(draft: translate)"


def review_records(items: list[ReviewItem], text: str) -> list[dict[str, Any]]:
    """One record item per review item, in report order, each quoting its span."""
    out = []
    for n, item in enumerate(sorted(items, key=lambda r: (r.start, r.end, r.message)), 1):
        record: dict[str, Any] = {"id": f"review-{n}"}
        if item.section is not None:
            record["item"] = item.section
        record["note"] = item.message
        record["rule"] = item.rule
        record["quote"] = text[item.start : item.end]
        record["start"] = item.start
        out.append(record)
    return out


def new_issue_records(
    found: list[dict[str, Any]], text: str, language: str
) -> list[dict[str, Any]]:
    """Proposed new issues, each labelled by the verbatim phrase a stance is about."""
    other = "en" if language == "zh-Hant" else "zh-Hant"
    out = []
    for new in found:
        record: dict[str, Any] = {"id": new["id"]}
        if new.get("item") is not None:
            record["item"] = new["item"]
        if new.get("parent"):
            record["parent"] = new["parent"]
        record["label"] = {language: new["label"], other: TRANSLATE}
        record["quote"] = text[new["start"] : new["start"] + len(new["label"])]
        record["start"] = new["start"]
        record["review"] = (
            "proposed from what a stance is about: register it in data/reference/issues.yaml "
            "(or add this phrase as an alias of an existing issue), then run `kg ingest` again"
        )
        out.append(record)
    return out


def review_summary(record: dict[str, Any]) -> str:
    """Header comment lines that sum up what needs review in a draft."""
    notes: Counter[str] = Counter()
    for item in record.get("review") or []:
        notes[str(item["rule"]).split(".")[-1].replace("-", " ")] += 1
    unsure = sum(1 for s in record.get("statements") or [] if s.get("review"))
    new = len(record.get("new_issues") or [])
    lines = []
    if unsure:
        lines.append(f"{unsure} statement(s) marked `review:`")
    if new:
        lines.append(f"{new} proposed new issue(s) in new_issues")
    lines += [f"{n} {what} (in the `review` list)" for what, n in sorted(notes.items())]
    if not lines:
        return "# Needs review: nothing flagged; still check every item against the report.\n"
    return "# Needs review: " + "; ".join(lines) + ".\n"
