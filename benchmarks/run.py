"""``make bench``: every configuration in its own process, then a table and build/bench.json.

Configurations: the seed, sessions 60–74 and the full UN General Assembly set, each on the
in-memory store, the persistent store and an Oxigraph server on loopback (the full set is not
pushed to the server: a Graph Store PUT loads ~14k triples/s, about 20 minutes for it; nor
loaded into memory for every command). ``BENCH_SCALES=seed,s60-74`` runs a subset; the parts
``ingest`` and ``web`` (``kg serve``, :mod:`benchmarks.web`) are named the same way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks import web

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
    drafts = ingest_timings() if not scales or "ingest" in scales.split(",") else {}
    web_result = web.measure() if not scales or "web" in scales.split(",") else {}
    out = ROOT / "build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps({"stores": results, "ingest_s": drafts, "web": web_result}, indent=1) + "\n",
        encoding="utf-8",
    )
    print(table(results))  # noqa: T201
    if drafts:
        print("\nkg ingest, one report, whole process (s; target <= 3):")  # noqa: T201
        for name, seconds in drafts.items():
            print(f"  {name:28}{seconds:6.2f}")  # noqa: T201
    if web_result:
        print("\n" + web.report(web_result))  # noqa: T201
    print(f"\nWrote {out.relative_to(ROOT)}", file=sys.stderr)  # noqa: T201
    return 0


def ingest_timings() -> dict[str, float]:
    """Seconds for ``kg ingest`` of the seed and of each development-set text, whole process
    (start-up, jieba's dictionary, the draft and its check), into a scratch data folder."""
    import shutil
    import tempfile
    import time

    import yaml

    from kg.ingest.devset import forum_of

    fora = {
        str(f["id"])
        for f in yaml.safe_load(
            (ROOT / "data" / "reference" / "fora.yaml").read_text(encoding="utf-8")
        )["fora"]
    }
    reports = [(ROOT / "data" / "sources" / "000_c517f4e9d3fbb5d0.txt", "desg-2021-08", None)]
    for gold in sorted((ROOT / "data" / "devset").glob("*.gold.yaml")):
        doc = yaml.safe_load(gold.read_text(encoding="utf-8"))
        text = gold.with_name(gold.name.replace(".gold.yaml", ".txt"))
        reports.append((text, doc["meeting"], forum_of(doc, fora)))
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data" / "reference", data / "reference")
        (data / "sources").mkdir()
        (data / "meetings").mkdir()
        for report, meeting, forum in reports:
            args = ["-q", "--data", str(data), "ingest", str(report), "--meeting", str(meeting)]
            if forum:
                args += ["--forum", forum]
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "kg", *args, "-o", str(Path(tmp) / "draft.yaml")],
                cwd=ROOT,
                capture_output=True,
            )
            seconds = time.perf_counter() - start
            out[report.stem] = round(seconds, 2) if done.returncode == 0 else float("nan")
    return out


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
