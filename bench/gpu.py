"""The analysis benchmark on other NetworkX backends: nx-cugraph on a GPU, nx-parallel on many cores.

The coauthor graph is exported once from a workspace as plain arrays (nodes numbered in
graphkit's node order, weighted edges), so the machine that runs the analyses needs only
numpy, networkx, igraph, the backend and this repository, not the workspace::

    python3 bench/gpu.py export --ws bench/out/ws/arxiv.kg --out bench/out/arxiv-coauthor.npz
    python3 bench/gpu.py run --graph bench/out/arxiv-coauthor.npz --out bench/out/gpu \\
        --backends default,cugraph,parallel

``run`` times graphkit's own calls (``graphkit.analysis.centrality.centrality`` and
``communities.communities``) with ``backend=None`` (graphkit's default engine: igraph above
5,000 nodes) and with each backend, on the same graph in the same process, and checks that the
answers agree (PageRank top 20, component sizes, modularity). It writes ``gpu.json`` and
``gpu.md`` (machine, GPU, versions, one row per step). Steps run past ``--limit`` seconds are
recorded as stopped.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from run import StepTimeout, cpu_model, package_versions, timed  # noqa: E402


def export(ws_path: str, out: str) -> None:
    import numpy as np

    from graphkit.analysis.centrality import node_order
    from graphkit.graph import coauthor_graph_of
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(ws_path)
    g = coauthor_graph_of(ws)
    nodes = sorted(g, key=node_order)
    index = {v: i for i, v in enumerate(nodes)}
    m = g.number_of_edges()
    u = np.empty(m, dtype=np.int32)
    v = np.empty(m, dtype=np.int32)
    w = np.empty(m, dtype=np.float64)
    for i, (a, b, d) in enumerate(g.edges(data="weight", default=1.0)):
        u[i], v[i], w[i] = index[a], index[b], d
    np.savez_compressed(out, u=u, v=v, w=w, n=np.int64(len(nodes)))
    print(f"{out}: {len(nodes):,} nodes, {m:,} edges, {os.path.getsize(out) / 2**20:.1f} MiB")


def load(path: str):
    import networkx as nx
    import numpy as np
    z = np.load(path)
    g = nx.Graph()
    g.add_nodes_from(range(int(z["n"])))
    g.add_weighted_edges_from(zip(z["u"].tolist(), z["v"].tolist(), z["w"].tolist()))
    return g


def gpu_name() -> str:
    try:
        r = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,driver_version",
                            "--format=csv,noheader"], capture_output=True, text=True, timeout=30)
        return r.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def run(args) -> int:
    import networkx as nx

    from graphkit.analysis import centrality as C
    from graphkit.analysis import communities as CM
    # the graph is never mutated here, so the backends' cached conversions stay valid
    nx.config.warnings_to_ignore.add("cache")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    g = load(args.graph)
    build = time.perf_counter() - t
    info = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpu": cpu_model(),
            "cores": os.cpu_count(), "gpu": gpu_name(), "python": platform.python_version(),
            "versions": package_versions(("networkx", "igraph", "numpy", "scipy", "nx-cugraph-cu13",
                                          "pylibcugraph-cu13", "cupy-cuda13x", "nx-parallel",
                                          "joblib")),
            "graph": {"file": Path(args.graph).name, "nodes": g.number_of_nodes(),
                      "edges": g.number_of_edges(), "build_s": round(build, 2)}}
    steps: list[dict] = []
    checks: dict = {}

    def step(who, name, fn, *a, **kw):
        secs, res = timed(fn, *a, limit=args.limit, **kw)
        err = None
        if secs is None:
            err = f"stopped after {args.limit:g} s"
        elif isinstance(res, dict) and "error" in res:
            err = res["error"]
        steps.append({"backend": who or "default", "step": name,
                      "seconds": None if secs is None else round(secs, 3), "note": err or ""})
        print(f"{who or 'default':10} {name:34} {'-' if secs is None else f'{secs:8.2f} s'} {err or ''}",
              flush=True)
        return res if secs is not None else None

    def safe(fn):
        def wrapped(*a, **kw):
            try:
                return fn(*a, **kw)
            except StepTimeout:
                raise
            except Exception as exc:  # recorded, the run goes on with the next step
                return {"error": f"{type(exc).__name__}: {exc}"[:300]}
        return wrapped

    def comps(backend):
        kw = {"backend": backend} if backend else {}
        return sorted(map(len, nx.connected_components(g, **kw)), reverse=True)

    if args.parallel_jobs and "parallel" in args.backends:
        try:
            nx.config.backends.parallel.n_jobs = args.parallel_jobs
        except AttributeError:
            pass
    results: dict = {}
    for backend in args.backends:
        b = None if backend == "default" else backend
        r = results.setdefault(backend, {})
        if b == "cugraph":
            # the first dispatched call starts CUDA and copies the graph to the GPU (cached after)
            step(b, "first call (CUDA init + graph to GPU)", safe(nx.pagerank), g, weight="weight",
                 backend="cugraph")
        measures = args.measures if b != "parallel" else ["betweenness"]
        for m in measures:
            res = step(b, f"centrality: {m}", safe(C.centrality), g, measure=m, backend=b)
            if res is not None and not isinstance(res, dict):
                r[m] = [row["key"] for row in list(res)[:20]]
                steps[-1]["note"] = ", ".join(f"{k}={res.meta[k]}" for k in ("engine", "samples")
                                              if res.meta.get(k) not in (None, False))
        if b != "parallel":
            res = step(b, "components", safe(comps), b)
            if isinstance(res, list):
                r["components"] = res[:5]
                r["n_components"] = len(res)
            for algo in args.communities:
                res = step(b, f"communities: {algo}", safe(CM.communities), g, algorithm=algo, seed=0,
                           backend=b)
                if res is not None and "error" not in res:
                    r[algo] = {"modularity": round(res["modularity"], 4),
                               "communities": len(res["communities"])}
                    steps[-1]["note"] = f"modularity {res['modularity']:.4f}, {len(res['communities']):,} communities"
    base = results.get("default", {})
    for backend, r in results.items():
        if backend == "default":
            continue
        c = {}
        for m in ("pagerank", "degree", "eigenvector"):
            if m in r and m in base:
                c[f"{m} top-20 overlap"] = len(set(r[m]) & set(base[m]))
        if "components" in r and "components" in base:
            c["components"] = ("same sizes" if (r["components"], r["n_components"]) ==
                               (base["components"], base["n_components"]) else "sizes DIFFER")
        for algo in args.communities:
            if algo in r and algo in base:
                c[f"{algo} modularity"] = f"{r[algo]['modularity']} (default {base[algo]['modularity']})"
        checks[backend] = c
    doc = {"info": info, "steps": steps, "checks": checks, "results": results}
    (out / "gpu.json").write_text(json.dumps(doc, indent=1))
    (out / "gpu.md").write_text(markdown(doc))
    print(markdown(doc))
    return 0


def markdown(doc) -> str:
    i = doc["info"]
    lines = [f"# graphkit analyses on NetworkX backends ({i['date']})", "",
             f"- GPU: {i['gpu'] or 'none'}", f"- CPU: {i['cpu']}, {i['cores']} cores; Python {i['python']}",
             "- versions: " + ", ".join(f"{k} {v}" for k, v in i["versions"].items() if v),
             f"- graph: {i['graph']['file']}, {i['graph']['nodes']:,} nodes, {i['graph']['edges']:,} "
             f"edges (built in {i['graph']['build_s']} s)", "",
             "| backend | step | seconds | note |", "|---|---|---:|---|"]
    for s in doc["steps"]:
        secs = "—" if s["seconds"] is None else f"{s['seconds']:.2f}"
        lines.append(f"| {s['backend']} | {s['step']} | {secs} | {s['note']} |")
    if doc["checks"]:
        lines += ["", "Agreement with the default engine:"]
        for b, c in doc["checks"].items():
            lines.append(f"- {b}: " + ("; ".join(f"{k}: {v}" for k, v in c.items())
                                       or "nothing to compare (no step finished that the default ran)"))
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export", help="write a workspace's coauthor graph as arrays (.npz)")
    e.add_argument("--ws", required=True)
    e.add_argument("--out", required=True)
    r = sub.add_parser("run", help="time the analyses on each backend")
    r.add_argument("--graph", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--backends", default="default,cugraph,parallel",
                   type=lambda s: [x for x in s.split(",") if x])
    r.add_argument("--measures", default="degree,pagerank,betweenness,eigenvector",
                   type=lambda s: [x for x in s.split(",") if x])
    r.add_argument("--communities", default="leiden,louvain",
                   type=lambda s: [x for x in s.split(",") if x])
    r.add_argument("--limit", type=float, default=120, help="time bound of one step (s)")
    r.add_argument("--parallel-jobs", type=int, default=0, help="nx-parallel n_jobs (0: its default)")
    a = ap.parse_args(argv)
    if a.cmd == "export":
        export(a.ws, a.out)
        return 0
    return run(a)


if __name__ == "__main__":
    sys.exit(main())
