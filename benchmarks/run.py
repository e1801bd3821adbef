"""``make bench``: every configuration in its own process, then a table and build/bench.json.

Configurations: the seed, sessions 60–74 and the full UN General Assembly set, each on the
in-memory store, the persistent store and an Oxigraph server on loopback (the full set is not
pushed to the server: a Graph Store PUT loads ~14k triples/s, about 20 minutes for it; nor
loaded into memory for every command). ``BENCH_SCALES=seed,s60-74`` runs a subset.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = [
    ("seed", "memory"),
    ("seed", "disk"),
    ("seed", "remote"),
    ("s60-74", "memory"),
    ("s60-74", "disk"),
    ("full", "disk"),
]


def main() -> int:
    scales = os.environ.get("BENCH_SCALES")
    plan = [p for p in PLAN if not scales or p[0] in scales.split(",")]
    results = []
    for scale, kind in plan:
        print(f"… {scale} on {kind}", file=sys.stderr, flush=True)  # noqa: T201
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.worker", scale, kind],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            print(done.stderr[-2000:], file=sys.stderr)  # noqa: T201
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        (ROOT / "build").mkdir(exist_ok=True)
        (ROOT / "build" / "bench.partial.json").write_text(json.dumps(results, indent=1) + "\n")
    out = ROOT / "build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table(results))  # noqa: T201
    print(f"\nWrote {out.relative_to(ROOT)}", file=sys.stderr)  # noqa: T201
    return 0


def table(results: list[dict]) -> str:  # type: ignore[type-arg]
    head = [
        "scale",
        "store",
        "quads",
        "build s",
        "reopen s",
        "peak MB",
        "query warm max ms (name)",
        "query cold max ms",
        "align extract s",
        "align matrix s",
        "queries over cut-off",
    ]
    rows = []
    for r in results:
        q = {n: v for n, v in r["queries"].items() if v["warm_ms"] is not None} or {
            "-": {"warm_ms": "", "cold_ms": ""}
        }
        over = [n for n, v in r["queries"].items() if v["warm_ms"] is None]
        worst = max(q, key=lambda n: q[n]["warm_ms"] or 0)
        rows.append(
            [
                r["scale"],
                r["store"],
                f"{r['quads']:,}",
                r["build_s"],
                r.get("reopen_s", ""),
                r["peak_rss_mb"],
                f"{q[worst]['warm_ms']} ({worst})",
                max(v["cold_ms"] for v in q.values()),
                r["alignment"]["extract_s"],
                r["alignment"]["matrix_s"],
                len(over),
            ]
        )
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)) for row in rows]
    for r in results:
        slow = {n: v for n, v in r["queries"].items() if v["warm_ms"] is None or v["warm_ms"] > 100}
        if slow:
            lines.append(
                f"{r['scale']}/{r['store']} queries over 100 ms warm: "
                + ", ".join(
                    f"{n} {v['warm_ms'] if v['warm_ms'] is not None else v['note']}"
                    for n, v in sorted(slow.items())
                )
            )
    for r in results:
        if "cli" in r:
            lines.append(
                f"{r['scale']}/{r['store']}: " + ", ".join(f"{k} {v}" for k, v in r["cli"].items())
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
