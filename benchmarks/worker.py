"""One benchmark configuration (scale × store) in a process of its own; prints one JSON object.

Run by ``benchmarks/run.py``; peak memory is this process's ``ru_maxrss`` (the server of the
remote configuration is a separate process and is not counted).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNGA = Path(os.environ.get("KG_UNGA_DIR", ROOT / "data" / "external" / "unga-votes"))
SCALES = {"seed": None, "s60-74": (60, 74), "full": (1, 10**6)}


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kg_wall(args: list[str], timeout: float = 60) -> float | str:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "kg"), "-q", *args],
            cwd=ROOT,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"
    if done.returncode:
        return "error: " + done.stderr.decode()[-200:].strip()
    return round(time.perf_counter() - start, 3)


QUERY_TIMEOUT = 30.0
"""Seconds one named query may take at scale before it is reported as over the limit."""

CHILD = """
import json, statistics, sys, time
from pathlib import Path
from kg import queries
from kg.store.disk import DiskStore
store = DiskStore.open(Path(sys.argv[1]))
name, params = sys.argv[2], json.loads(sys.argv[3])
t = time.perf_counter(); queries.run(store, name, **params); cold = time.perf_counter() - t
warm = []
for _ in range(2):
    t = time.perf_counter(); queries.run(store, name, **params); warm.append(time.perf_counter() - t)
print(json.dumps({"cold_ms": round(cold * 1000, 1), "warm_ms": round(statistics.median(warm) * 1000, 1)}))
"""


def query_in_child(root: Path, name: str, params: dict) -> dict:  # type: ignore[type-arg]
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(root), name, json.dumps(params)],
            capture_output=True,
            text=True,
            timeout=QUERY_TIMEOUT,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return {"cold_ms": None, "warm_ms": None, "note": f"> {QUERY_TIMEOUT:.0f} s"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(scale: str, kind: str) -> dict:  # type: ignore[type-arg]
    from kg import competency, queries
    from kg.adapters.unga import import_unga, read_economy_codes
    from kg.graph import compiled_nquads
    from kg.network import alignment_matrix, alignment_observations
    from kg.store import StoreConfig, disk
    from kg.store import open as open_store

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    data, build = ROOT / "data", work / "build"
    out: dict = {"scale": scale, "store": kind}  # type: ignore[type-arg]
    server = None
    try:
        sessions = SCALES[scale]
        economies = read_economy_codes(data / "reference")
        t0 = time.perf_counter()
        nq = compiled_nquads(data, build)
        graphs = []
        if sessions:
            report = import_unga(UNGA, build / "imports", sessions, economies)
            out["votes"] = report.votes
            graphs = report.graphs
        out["convert_s"] = round(time.perf_counter() - t0, 2)
        config = StoreConfig(data, build)
        if kind == "memory":  # what a read command opens: data/ and the graphs `kg import` wrote
            store = open_store(config)
        elif kind == "disk":
            config = replace(config, store_path=work / "store")
            open_store(config)
            if graphs:
                srcs = [
                    disk.GraphSource(g.graph, g.path, g.sha256, g.quads, g.table) for g in graphs
                ]
                disk.sync(work / "store", "unga", srcs, "bench")
            out["reopen_s"], store = timed(lambda: open_store(config))
            out["reopen_s"] = round(out["reopen_s"], 4)
        else:
            from kg.store.remote import gsp_url, push_graph

            port = free_port()
            server = subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "oxigraph"),
                    "serve",
                    "--location",
                    str(work / "server"),
                    "--bind",
                    f"127.0.0.1:{port}",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            url = f"http://127.0.0.1:{port}/query"
            for _ in range(200):
                try:
                    urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.05)
            for s in disk.split_nquads(nq, build / "split"):
                push_graph(gsp_url(url), s.graph, s.path)
            for g in graphs:
                push_graph(gsp_url(url), g.graph, g.path)
            store = open_store(replace(config, endpoint=url))
        out["build_s"] = round(time.perf_counter() - t0, 2)
        out["quads"] = int(
            store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"].value
        )
        lat = {}
        if scale == "seed":
            for cq in competency.load_all():
                if cq.query in lat:
                    continue
                cold, _ = timed(lambda cq=cq: queries.run(store, cq.query, **cq.params))
                warm = [
                    timed(lambda cq=cq: queries.run(store, cq.query, **cq.params))[0]
                    for _ in range(3)
                ]
                lat[cq.query] = {
                    "cold_ms": round(cold * 1000, 1),
                    "warm_ms": round(statistics.median(warm) * 1000, 1),
                }
        elif kind == "disk":
            # each query in a process of its own (reopening is cheap), so a slow one can be cut off
            for cq in competency.load_all():
                if cq.query in lat:
                    continue
                lat[cq.query] = query_in_child(work / "store", cq.query, cq.params)
        out["queries"] = lat
        # what `kg network alignment` does: position tables where an import wrote them,
        # position_edges for the rest, then the matrix
        extract, obs = timed(lambda: alignment_observations(store))
        core, m = timed(lambda: alignment_matrix(obs))
        out["alignment"] = {
            "positions": len(obs),
            "holders": len(m.holders),
            "extract_s": round(extract, 2),
            "matrix_s": round(core, 3),
            "total_s": round(extract + core, 2),
        }
        if kind == "disk":
            base = ["--data", str(data), "--build-dir", str(build), "--store", str(work / "store")]
            out["cli"] = {
                "brief_economy_US_s": kg_wall(
                    [*base, "brief", "economy", "US", "-o", str(work / "b.md")]
                ),
                "brief_economy_US_DESG_s": kg_wall(
                    [*base, "brief", "economy", "US", "--forum", "DESG", "-o", str(work / "d.md")]
                ),
                "brief_issue_s": kg_wall(
                    [*base, "brief", "issue", "tor-subsidiary-bodies", "-o", str(work / "i.md")]
                ),
                "brief_prep_DESG_s": kg_wall(
                    [*base, "brief", "prep", "--forum", "DESG", "-o", str(work / "p.md")]
                ),
                "network_alignment_US_CN_s": kg_wall(
                    [*base, "network", "alignment", "--holders", "US,CN"]
                ),
                "view_issues_meeting_s": kg_wall(
                    [*base, "view", "--meeting", "desg-2021-08", "-o", str(work / "v.html")]
                ),
            }
        elif kind == "memory" and scale == "seed":
            base = ["--data", str(data), "--build-dir", str(build)]
            out["cli"] = {
                "brief_economy_US_s": kg_wall(
                    [*base, "brief", "economy", "US", "-o", str(work / "b.md")]
                ),
                "brief_issue_s": kg_wall(
                    [*base, "brief", "issue", "tor-subsidiary-bodies", "-o", str(work / "i.md")]
                ),
                "network_alignment_US_CN_s": kg_wall(
                    [*base, "network", "alignment", "--holders", "US,CN"]
                ),
                "view_issues_s": kg_wall([*base, "view", "-o", str(work / "v.html")]),
            }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))  # noqa: T201 - the parent reads it
