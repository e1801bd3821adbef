"""Compare a draft record with a curated one: precision, recall and F1, and where spans fall.

What is compared (sets, so one fact stated twice counts once):

- holders: every holder of a statement;
- holders by item: (agenda item, holder) pairs, a stricter view;
- positions: (holder, stance, target) of every statement with a stance;
- outcomes: (target, status).

Proposal ids are the drafter's and the analyst's own inventions and never agree, so a target
that is a proposal is compared as ``proposal(issue, proposer)``; issues and documents compare
by id. Span overlap is the share of matched positions and outcomes for which a draft quote lies inside
the sentence (or sentences) of a curated quote of the same fact; draft quotes of a matched fact
found in other sentences as well (a summary paragraph restating it) are counted separately.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.ingest import segment
from kg.records import load_yaml


@dataclass
class Score:
    name: str
    gold: int
    draft: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.draft if self.draft else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    scores: list[Score]
    span_total: int = 0
    span_inside: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    spans_elsewhere: int = 0
    """Extra draft quotes of a matched fact outside the curated sentences (the same fact read twice)."""

    @property
    def span_overlap(self) -> float:
        return self.span_inside / self.span_total if self.span_total else 1.0

    def score(self, name: str) -> Score:
        return next(s for s in self.scores if s.name == name)

    def text(self, details: bool = False) -> str:
        lines = [f"{'':18}{'gold':>6}{'draft':>7}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}"]
        for s in self.scores:
            lines.append(
                f"{s.name:18}{s.gold:>6}{s.draft:>7}{s.matched:>7}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
            )
        lines.append(
            f"{'span overlap':18}{self.span_overlap:>8.3f}  {self.span_inside}/{self.span_total} matched facts quoted within a curated sentence"
            f" (plus {self.spans_elsewhere} further draft quote(s) elsewhere)"
        )
        if details:
            lines += (
                [f"missed: {m}" for m in self.missed]
                + [f"extra:  {x}" for x in self.extra]
                + [f"outside: {o}" for o in self.outside]
            )
        return "\n".join(lines) + "\n"


def _load(path: Path) -> dict[str, Any]:
    doc = load_yaml(path, str(path))
    if not isinstance(doc, dict):
        from kg.ingest.source import IngestError

        raise IngestError(f"{path}: not a meeting record")
    return doc


def _targets(doc: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {
        str(p["id"]): ("proposal", str(p.get("issue")), str(p.get("by")))
        for p in doc.get("proposals") or []
    }


def _norm(value: Any, proposals: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return proposals.get(str(value), (str(value),))


def _facts(doc: dict[str, Any]) -> dict[str, dict[tuple[Any, ...], list[tuple[int, int]]]]:
    props = _targets(doc)
    out: dict[str, dict[tuple[Any, ...], list[tuple[int, int]]]] = {
        "holders": {},
        "holders by item": {},
        "positions": {},
        "outcomes": {},
    }

    def span(node: dict[str, Any]) -> tuple[int, int]:
        start = node.get("start")
        quote = str(node.get("quote") or "")
        return (int(start), int(start) + len(quote)) if isinstance(start, int) else (-1, -1)

    for node in doc.get("statements") or []:
        holder = str(node.get("holder"))
        out["holders"].setdefault((holder,), []).append(span(node))
        out["holders by item"].setdefault((str(node.get("item")), holder), []).append(span(node))
        if node.get("stance"):
            position = (holder, str(node["stance"]), _norm(node.get("target"), props))
            out["positions"].setdefault(position, []).append(span(node))
    for node in doc.get("outcomes") or []:
        outcome = (_norm(node.get("target"), props), str(node.get("status")))
        out["outcomes"].setdefault(outcome, []).append(span(node))
    return out


def _sentence_range(bounds: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    first = next((s for s, e in bounds if s <= start < e or start < s), start)
    last = next((e for s, e in reversed(bounds) if s < end), end)
    return min(first, start), max(last, end)


def evaluate(gold_path: Path, draft_path: Path, data_dir: Path) -> Evaluation:
    """Score ``draft_path`` against ``gold_path`` (both meeting records of the same source)."""
    gold, draft = _load(gold_path), _load(draft_path)
    g, d = _facts(gold), _facts(draft)
    scores = [
        Score(name, len(g[name]), len(d[name]), len(set(g[name]) & set(d[name])))
        for name in ("holders", "holders by item", "positions", "outcomes")
    ]
    result = Evaluation(scores)
    source_id = str((gold.get("source") or {}).get("id"))
    path = data_dir / "sources" / f"{source_id}.txt"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    bounds = segment.sentences(text, 0, len(text)) if text else []
    for name in ("positions", "outcomes"):
        for key in sorted(set(g[name]) & set(d[name]), key=str):
            ranges = [_sentence_range(bounds, s, e) for s, e in g[name][key] if s >= 0]
            inside = [any(rs <= ds and de <= re for rs, re in ranges) for ds, de in d[name][key]]
            result.span_total += 1
            result.span_inside += any(inside)
            result.spans_elsewhere += inside.count(False)
            for (ds, de), ok in zip(d[name][key], inside, strict=True):
                if not ok:
                    result.outside.append(
                        f"{name} {key} {'also ' if any(inside) else ''}at {ds}: {text[ds:de][:40]}"
                    )
        result.missed += [f"{name} {k}" for k in sorted(set(g[name]) - set(d[name]), key=str)]
        result.extra += [f"{name} {k}" for k in sorted(set(d[name]) - set(g[name]), key=str)]
    result.missed += [
        f"holders {k}" for k in sorted(set(g["holders"]) - set(d["holders"]), key=str)
    ]
    result.extra += [f"holders {k}" for k in sorted(set(d["holders"]) - set(g["holders"]), key=str)]
    return result
