"""Score ``kg ingest`` on a development set: reports with hand-written gold facts.

Each text ``<name>.txt`` of the set folder has ``<name>.gold.yaml`` beside it (format in
``data/devset/README.md``): the meeting slug to draft it under and the facts it states, each a
holder, a stance, one to four key phrases that name the target, and the exact quote. The text
is drafted into a scratch copy of the data folder (nothing under ``data/`` is written) and
the draft's positions are compared with the facts:

- *holders*: holders of drafted positions vs holders of gold facts;
- *holder+stance*: (holder, stance) pairs;
- *holder+stance+target*: a gold fact is found when a drafted position has its holder and
  stance and a target whose label (a registry issue's labels and aliases, a proposal's issue,
  or the phrase of a proposed new issue) contains one of the fact's key phrases or is
  contained in one; a drafted position counts as right when it finds some gold fact;
- *misattributed*: drafted positions whose quote overlaps gold facts none of which has the
  drafted holder, or whose holder takes no position anywhere in the gold facts;
- *spans*: matched (holder, stance) positions whose quote overlaps a gold quote of that pair.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.records import load_yaml


@dataclass
class TextScore:
    name: str
    language: str
    counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """Per measure: (gold, drafted, matched); for targets, matched is (gold found, drafted right)."""
    target_right: int = 0
    misattributed: list[str] = field(default_factory=list)
    spans: tuple[int, int] = (0, 0)
    review_items: int = 0
    seconds: float = 0.0

    def pr(self, name: str) -> tuple[float, float]:
        gold, drafted, matched = self.counts[name]
        right = self.target_right if name == "target" else matched
        return (right / drafted if drafted else 1.0, matched / gold if gold else 1.0)


def _labels(record: dict[str, Any], reference: dict[str, Any]) -> dict[str, list[str]]:
    """Every target id a draft may name → the texts that label it."""
    out: dict[str, list[str]] = {}
    for issue in reference.get("issues") or []:
        label = issue.get("label") or {}
        out[str(issue["id"])] = [str(v) for v in label.values()] + [
            str(a) for a in issue.get("aliases") or []
        ]
    for new in record.get("new_issues") or []:
        out[str(new["id"])] = [str(v) for v in (new.get("label") or {}).values()]
    for prop in record.get("proposals") or []:
        out[str(prop["id"])] = out.get(str(prop.get("issue")), []) + [
            str(v) for v in (prop.get("label") or {}).values()
        ]
    return out


def _matches(phrases: list[str], labels: list[str]) -> bool:
    for phrase in phrases:
        p = phrase.strip().lower()
        for label in labels:
            lab = label.strip().lower()
            if len(p) >= 2 and len(lab) >= 2 and (p in lab or lab in p):
                return True
    return False


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_text(
    record: dict[str, Any], gold: dict[str, Any], text: str, reference: dict[str, Any], name: str
) -> TextScore:
    facts = [f for f in gold.get("facts") or [] if f.get("stance")]
    drafted = [s for s in record.get("statements") or [] if s.get("stance")]
    result = TextScore(name, str((gold.get("source") or {}).get("language", "")))
    result.review_items = len(record.get("review") or []) + sum(
        1 for s in record.get("statements") or [] if s.get("review")
    )
    gold_holders = {str(f["holder"]) for f in facts}
    result.counts["holders"] = _counts(gold_holders, {str(s["holder"]) for s in drafted})
    gold_pairs = {_pair(f) for f in facts}
    result.counts["holder+stance"] = _counts(gold_pairs, {_pair(s) for s in drafted})
    labels = _labels(record, reference)
    found = [any(_same_target(s, f, labels) for s in drafted) for f in facts]
    right = [any(_same_target(s, f, labels) for f in facts) for s in drafted]
    result.counts["target"] = (len(facts), len(drafted), sum(found))
    result.target_right = sum(right)
    inside, total = 0, 0
    for s in drafted:
        span = _span(s, text)
        near = [f for f in facts if _overlaps(span, _span(f, text))]
        holder = str(s["holder"])
        if (near and holder not in {str(f["holder"]) for f in near}) or holder not in gold_holders:
            result.misattributed.append(f"{holder} {s['stance']}: {str(s.get('quote'))[:50]}")
        if _pair(s) in gold_pairs:
            total += 1
            inside += any(_overlaps(span, _span(f, text)) for f in facts if _pair(f) == _pair(s))
    result.spans = (inside, total)
    return result


def _pair(node: dict[str, Any]) -> tuple[str, str]:
    """(holder, stance) of a gold fact or a drafted statement."""
    return (str(node["holder"]), str(node["stance"]))


def _counts(gold: set[Any], drafted: set[Any]) -> tuple[int, int, int]:
    return (len(gold), len(drafted), len(gold & drafted))


def _same_target(s: dict[str, Any], f: dict[str, Any], labels: dict[str, list[str]]) -> bool:
    """Whether drafted statement ``s`` has gold fact ``f``'s holder and stance, and a target
    labelled by one of its key phrases."""
    return _pair(s) == _pair(f) and _matches(
        [str(p) for p in f.get("target") or []], labels.get(str(s.get("target")), [])
    )


def _span(node: dict[str, Any], text: str) -> tuple[int, int]:
    """Where a node's quote is: from its ``start``, else where the text first has it."""
    quote = str(node.get("quote") or "")
    start = node.get("start")
    if not isinstance(start, int):
        start = text.find(quote)
    return (start, start + len(quote))


def forum_of(gold: dict[str, Any], fora: set[str]) -> str | None:
    """The registry forum a gold file's ``source.forum`` names (apec-som → som, unfccc-cop → unfccc)."""
    forum = str((gold.get("source") or {}).get("forum") or "")
    for candidate in (forum, forum.removeprefix("apec-"), forum.rsplit("-", 1)[0]):
        if candidate in fora:
            return candidate
    return None


def run(devset: Path, data_dir: Path) -> list[TextScore]:
    """Draft and score every text of ``devset`` (sorted by name)."""
    import time

    from kg.ingest import ingest
    from kg.records import load_reference

    reference, _ = load_reference(data_dir)
    fora = {str(f["id"]) for f in reference["fora"]}
    scores = []
    with tempfile.TemporaryDirectory(prefix="kg-devset-") as tmp:
        scratch = Path(tmp) / "data"
        shutil.copytree(data_dir / "reference", scratch / "reference")
        (scratch / "sources").mkdir()
        (scratch / "meetings").mkdir()
        for gold_path in sorted(devset.glob("*.gold.yaml")):
            name = gold_path.name.removesuffix(".gold.yaml")
            gold = load_yaml(gold_path, str(gold_path))
            text_path = devset / f"{name}.txt"
            t0 = time.perf_counter()
            result = ingest(text_path, str(gold["meeting"]), scratch, forum=forum_of(gold, fora))
            seconds = time.perf_counter() - t0
            score = score_text(result.record, gold, result.source_text, reference, name)
            score.seconds = seconds
            scores.append(score)
    return scores


def table(scores: list[TextScore], timings: bool = True) -> str:
    """Per text and per language: precision/recall of each measure, misattributions, spans,
    review items and (with ``timings``) the longest drafting time in seconds."""
    head = (
        f"{'text':16}{'lang':>6}{'facts':>6}{'holders P/R':>13}{'h+stance P/R':>14}"
        f"{'+target P/R':>13}{'misattr':>8}{'spans':>7}{'review':>7}"
    ) + (f"{'secs':>6}" if timings else "")
    lines = [head]

    def row(label: str, lang: str, group: list[TextScore]) -> str:
        def pr(name: str) -> str:
            gold = sum(s.counts[name][0] for s in group)
            drafted = sum(s.counts[name][1] for s in group)
            matched = sum(s.counts[name][2] for s in group)
            right = sum(s.target_right for s in group) if name == "target" else matched
            p = right / drafted if drafted else 1.0
            r = matched / gold if gold else 1.0
            return f"{p:.2f}/{r:.2f}"

        inside = sum(s.spans[0] for s in group)
        total = sum(s.spans[1] for s in group)
        return (
            f"{label:16}{lang:>6}{sum(s.counts['target'][0] for s in group):>6}"
            f"{pr('holders'):>13}{pr('holder+stance'):>14}{pr('target'):>13}"
            f"{sum(len(s.misattributed) for s in group):>8}"
            f"{(inside / total if total else 1.0):>7.2f}"
            f"{sum(s.review_items for s in group):>7}"
        ) + (f"{max((s.seconds for s in group), default=0.0):>6.1f}" if timings else "")

    for s in scores:
        lines.append(row(s.name, s.language, [s]))
    for lang in sorted({s.language for s in scores}):
        lines.append(row("all", lang, [s for s in scores if s.language == lang]))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    devset = Path(args[0]) if args else Path("data/devset")
    data_dir = Path(args[1]) if len(args) > 1 else Path("data")
    details = "--details" in args
    scores = run(devset, data_dir)
    sys.stdout.write(table(scores))
    if details:
        for s in scores:
            for m in s.misattributed:
                sys.stdout.write(f"misattributed in {s.name}: {m}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
