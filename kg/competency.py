"""Competency questions: a named query, its parameters and the exact rows it must return.

Each ``ontology/cq/*.yaml`` file holds::

    question: Who opposed naming the DPS in the ToR?
    query: holders_with_stance
    params: {target: cn-name-dps, stance: opposes}
    columns: [holder]          # the columns compared (all when omitted)
    ordered: false             # compare as a list (true) or as a multiset (false)
    rows:
      - {holder: CL}

``kg cq`` and ``tests/test_cq.py`` both run them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from kg import queries
from kg.errors import KGError
from kg.resources import ontology_root
from kg.store import Store


@dataclass(frozen=True)
class CompetencyQuestion:
    id: str
    question: str
    query: str
    params: dict[str, str]
    columns: tuple[str, ...]
    ordered: bool
    rows: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Outcome:
    id: str
    question: str
    passed: bool
    diff: str


def load_all() -> list[CompetencyQuestion]:
    """Every packaged competency question, sorted by id."""
    root = ontology_root() / "cq"
    out = []
    for f in sorted(root.iterdir(), key=lambda f: f.name):
        if not f.name.endswith(".yaml"):
            continue
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        missing = {"question", "query", "rows"} - set(doc or {})
        if missing:
            raise KGError(f"ontology/cq/{f.name}: missing {sorted(missing)}")
        out.append(
            CompetencyQuestion(
                id=f.name[:-5],
                question=str(doc["question"]),
                query=str(doc["query"]),
                params={str(k): str(v) for k, v in (doc.get("params") or {}).items()},
                columns=tuple(doc.get("columns") or ()),
                ordered=bool(doc.get("ordered", False)),
                rows=tuple(doc["rows"] or ()),
            )
        )
    return out


def answer(store: Store, cq: CompetencyQuestion) -> list[dict[str, Any]]:
    """The rows the query returns now, restricted to the compared columns."""
    rows = queries.plain_rows(queries.run(store, cq.query, **cq.params))
    if cq.columns:
        rows = [{c: r.get(c) for c in cq.columns} for r in rows]
    return rows


def check(store: Store, cq: CompetencyQuestion) -> Outcome:
    got = answer(store, cq)
    expected = [{k: v for k, v in r.items()} for r in cq.rows]
    if cq.ordered:
        passed = got == expected
    else:
        key = lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False, default=str)  # noqa: E731
        passed = sorted(map(key, got)) == sorted(map(key, expected))
    diff = ""
    if not passed:
        diff = f"expected:\n{_dump(expected)}\ngot:\n{_dump(got)}"
    return Outcome(cq.id, cq.question, passed, diff)


def _dump(rows: list[dict[str, Any]]) -> str:
    return "\n".join("  " + json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)


def check_all(store: Store, only_id: str | None = None) -> Iterator[Outcome]:
    cqs = load_all()
    if only_id is not None:
        cqs = [c for c in cqs if c.id == only_id]
        if not cqs:
            from kg.errors import UnknownEntity

            raise UnknownEntity("competency question", only_id, [c.id for c in load_all()])
    for cq in cqs:
        yield check(store, cq)
