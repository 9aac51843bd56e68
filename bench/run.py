"""graphkit benchmark suite: speed, memory and scale against baselines, in one run.

    python3 bench/run.py                      # arxiv, synthetic-10k, synthetic-100k
    python3 bench/run.py --quick              # synthetic-10k only, fewer repetitions
    python3 bench/run.py --corpus arxiv --corpus synthetic-1m
    python3 bench/run.py --corpus synthetic-10k --sections ingest,open,check

Writes ``bench/results/<date>-<corpora>.{md,json}`` and ``bench/results/latest.{md,json}``
(with the machine's details, library versions and the date) and prints the Markdown table.

Every measured step runs in its own Python process (peak RSS from ``wait4``); ingest runs the
real CLI (``python -m graphkit ingest``). A step whose module is not installed is recorded as
"not available"; a step that runs past its time bound is recorded as such.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

ARXIV = Path(os.environ.get("GRAPHKIT_BENCH_ARXIV")
             or ROOT.parent / "shared" / "data" / "bench" / "arxiv" / "arxiv-metadata-1989-2019.jsonl.gz")
CORPORA = ("arxiv", "synthetic-10k", "synthetic-100k", "synthetic-1m")
DEFAULT_CORPORA = ("arxiv", "synthetic-10k", "synthetic-100k")
SECTIONS = ("parse", "ingest", "open", "analysis", "topics", "sparql", "rdflib", "viz", "report",
            "check")
AS_OF = "2026-11-26"
RESULT_TAG = "BENCH-RESULT "

# targets of the benchmark issue (2-core machine); keyed by (corpus kind, step)
TARGETS = {
    ("arxiv", "ingest end to end"): ("<= 60 s", lambda v: v <= 60),
    ("arxiv", "ingest / bare parse"): ("<= 10x", lambda v: v <= 10),
    ("arxiv", "ingest peak RSS"): ("<= 4096 MB", lambda v: v <= 4096),
    ("synthetic-1m", "ingest end to end"): ("<= 300 s", lambda v: v <= 300),
    ("synthetic-1m", "ingest peak RSS"): ("<= 12288 MB", lambda v: v <= 12288),
    ("arxiv", "open + coauthor graph"): ("<= 10 s", lambda v: v <= 10),
}
for _m in ("degree", "weighted-degree", "pagerank", "eigenvector", "components", "communities"):
    TARGETS[("arxiv", f"centrality: {_m}")] = ("<= 30 s", lambda v: v <= 30)
TARGETS[("arxiv", "communities")] = ("<= 30 s", lambda v: v <= 30)
TARGETS[("arxiv", "centrality: betweenness")] = ("<= 60 s", lambda v: v <= 60)


# ================================================================== measuring children
def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc; just ``pid`` elsewhere)."""
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                for c in fh.read().split():
                    out += _tree(int(c))
    except OSError:
        pass
    return out


def _tree_pss_mb(pids: list[int]) -> float:
    """Proportional set size of processes (a process and its descendants, MB): pages that
    forked processes still share count once in the sum, unlike their RSS."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total / 1024


def run_child(argv: list[str], *, timeout: float, env: dict | None = None,
              cwd: str | None = None) -> dict:
    """Run a command; return wall time, peak RSS (MB), exit code, its JSON result (the last
    ``BENCH-RESULT`` line of stdout, if any) and the tail of its output. ``tree_pss_mb``: the
    peak of the summed PSS of the command and the processes it forks (sampled each second
    while it has any; 0 when it never had), as ``wait4``'s peak RSS is of one process."""
    out = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=cwd or str(ROOT),
                            env={**os.environ, **(env or {})}, start_new_session=True)
    timed_out = False
    tree_pss, next_sample = 0.0, t0 + 1.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - t0 > timeout:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        if time.perf_counter() >= next_sample:
            next_sample += 1.0
            pids = _tree(proc.pid)
            if len(pids) > 1:
                tree_pss = max(tree_pss, _tree_pss_mb(pids))
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    text = out.read().decode("utf-8", "replace")
    result = None
    for line in text.splitlines():
        if line.startswith(RESULT_TAG):
            result = json.loads(line[len(RESULT_TAG):])
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024, "tree_pss_mb": tree_pss, "rc": proc.returncode,
            "timed_out": timed_out, "result": result, "tail": text[-3000:]}


def child(section: str, args: dict, *, timeout: float) -> dict:
    return run_child([sys.executable, str(BENCH / "run.py"), "--child", section,
                      "--child-args", json.dumps(args)], timeout=timeout)


def emit(result) -> None:
    print(RESULT_TAG + json.dumps(result, default=str), flush=True)


class StepTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise StepTimeout()


def timed(fn, *a, limit: float | None = None, **kw):
    """(seconds, result) of ``fn``; (None, 'timeout') past ``limit`` seconds."""
    if limit:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    t = time.perf_counter()
    try:
        r = fn(*a, **kw)
    except StepTimeout:
        return None, "timeout"
    finally:
        if limit:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - t, r


def have(module: str) -> bool:
    import importlib.util
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


# ================================================================== child sections
def c_parse(a: dict) -> dict:
    """Bare parse: decompress and json.loads every line (the floor any reader pays)."""
    opener = gzip.open if a["path"].endswith(".gz") else open
    t = time.perf_counter()
    n = 0
    loads = json.loads
    with opener(a["path"], "rb") as fh:
        for line in fh:
            loads(line)
            n += 1
    return {"records": n, "seconds": time.perf_counter() - t}


def c_reader(a: dict) -> dict:
    """The real reader alone: records streamed, nothing resolved."""
    from graphkit.sources import ReadContext, read_records
    ctx = ReadContext(as_of=dt.date.fromisoformat(AS_OF))
    t = time.perf_counter()
    n = sum(1 for _ in read_records(a["path"], ctx, "arxiv"))
    return {"records": n, "seconds": time.perf_counter() - t, "skipped": ctx.skipped}


def c_wsstats(a: dict) -> dict:
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(a["ws"])
    st = ws.store()
    default = sum(1 for _ in st.quads_for_pattern(None, None, None, None)) if False else None
    n = len(st)
    m = ws.manifest
    return {"quads": n, "counts": m.get("counts", {}), "default_graph": default}


def c_open(a: dict) -> dict:
    t0 = time.perf_counter()
    from graphkit.graph import coauthor_graph, coauthor_graph_of
    from graphkit.rdf.store import Workspace
    t_import = time.perf_counter() - t0
    t = time.perf_counter()
    ws = Workspace.open(a["ws"])
    ws.store()
    t_store = time.perf_counter() - t
    t = time.perf_counter()
    corpus = ws.corpus(abstracts=False)  # as the CLI's commands open it (views of papers add them)
    t_corpus = time.perf_counter() - t
    t = time.perf_counter()
    g = coauthor_graph(corpus) if a.get("build") else coauthor_graph_of(ws)  # built / saved
    t_graph = time.perf_counter() - t
    return {"import": t_import, "store": t_store, "corpus": t_corpus, "graph": t_graph,
            "total": time.perf_counter() - t0, "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(), "excluded": len(g.graph.get("excluded_papers", []))}


def _load_graph(ws_path):
    from graphkit.graph import coauthor_graph
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(ws_path)
    corpus = ws.corpus()
    return ws, corpus, coauthor_graph(corpus)


def c_analysis(a: dict) -> dict:
    import networkx as nx
    ws, corpus, g = _load_graph(a["ws"])
    limit = a.get("limit", 300)
    rows = {"graph": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}, "steps": {}}
    steps = rows["steps"]
    backend = a.get("backend")

    def rec(name, secs, res, note=""):
        steps[name] = {"seconds": secs, "note": note if secs is not None else
                       f"stopped after {limit} s"}
        return res

    if have("graphkit.analysis.centrality"):
        from graphkit.analysis import centrality as C
        for m in C.MEASURES:
            secs, res = timed(C.centrality, g, measure=m, backend=backend, limit=limit)
            meta = getattr(res, "meta", {}) if secs is not None else {}
            note = ", ".join(f"{k}={meta[k]}" for k in ("engine", "samples", "backend")
                             if meta.get(k) not in (None, False))
            rec(f"centrality: {m}", secs, res, note)
            if m == "pagerank" and secs is not None:
                rows["top20_pagerank"] = [r["key"] for r in list(res)[:20]]
    else:
        steps["centrality"] = {"seconds": None, "note": "not available (graphkit.analysis.centrality)"}
    if have("graphkit.analysis.communities"):
        from graphkit.analysis import communities as CM
        fn = getattr(CM, "communities", None) or getattr(CM, "detect_communities", None)
        for algo in ("leiden", "louvain"):
            secs, res = timed(fn, g, algorithm=algo, seed=0, limit=limit)
            meta = getattr(res, "meta", {}) if secs is not None else {}
            note = ", ".join(f"{k}={meta[k]}" for k in ("engine", "modularity", "communities")
                             if meta.get(k) is not None)
            rec(f"communities: {algo}", secs, res, note)
    else:
        steps["communities"] = {"seconds": None, "note": "not available (graphkit.analysis.communities)"}
    if have("graphkit.analysis.stats"):
        from graphkit.analysis import stats as S
        fn = getattr(S, "network_stats", None) or getattr(S, "stats", None)
        if fn:
            secs, res = timed(fn, g, limit=limit)
            rec("network stats", secs, res)
    # ---- baselines: networkx against igraph on the same graph
    import igraph as ig
    t = time.perf_counter()
    nodes = list(g)
    index = {v: i for i, v in enumerate(nodes)}
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in g.edges()])
    h.es["weight"] = [d.get("weight", 1.0) for _, _, d in g.edges(data=True)]
    rec("baseline: networkx -> igraph conversion", time.perf_counter() - t, None)
    secs, pr_nx = timed(nx.pagerank, g, weight="weight", limit=limit)
    rec("baseline: nx.pagerank", secs, None)
    secs, pr_ig = timed(h.pagerank, weights="weight", limit=limit)
    rec("baseline: igraph pagerank", secs, None)
    if isinstance(pr_nx, dict) and isinstance(pr_ig, list):
        top_nx = sorted(pr_nx, key=lambda v: (-pr_nx[v], v))[:20]
        top_ig = sorted(nodes, key=lambda v: (-pr_ig[index[v]], v))[:20]
        rows["pagerank_top20_overlap"] = len(set(top_nx) & set(top_ig))
    secs, comps = timed(lambda: sorted(map(len, nx.connected_components(g)), reverse=True), limit=limit)
    rec("baseline: nx.connected_components", secs, None)
    secs, comps_ig = timed(lambda: sorted(h.connected_components().sizes(), reverse=True), limit=limit)
    rec("baseline: igraph components", secs, None,
        "same sizes" if comps == comps_ig else "sizes DIFFER")
    rows["giant_component"] = comps[0] if isinstance(comps, list) and comps else None
    return rows


def c_topics(a: dict) -> dict:
    limit = a.get("limit", 300)
    steps = {}
    if not have("graphkit.analysis.topics"):
        return {"steps": {"topics": {"seconds": None, "note": "not available (graphkit.analysis.topics)"}}}
    from graphkit.analysis import topics as TP
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(a["ws"])
    corpus = ws.corpus()
    candidates = [("topic counts per period", ("topic_counts", "topics_by_period", "topic_table")),
                  ("emerging/declining topics", ("emerging_topics", "trends", "topic_trends")),
                  ("burst detection", ("bursts", "topic_bursts", "detect_bursts")),
                  ("thematic evolution", ("thematic_evolution", "evolution")),
                  ("topic co-occurrence", ("topic_network", "cooccurrence"))]
    for label, names in candidates:
        fn = next((getattr(TP, n) for n in names if callable(getattr(TP, n, None))), None)
        if fn is None:
            steps[label] = {"seconds": None, "note": "not available"}
            continue
        try:
            secs, _ = timed(fn, corpus, limit=limit)
            steps[label] = {"seconds": secs, "note": fn.__name__ if secs is not None
                            else f"{fn.__name__}: stopped after {limit} s"}
        except Exception as exc:  # an API the bench does not know how to call
            steps[label] = {"seconds": None, "note": f"{fn.__name__}: {type(exc).__name__}: {exc}"[:160]}
    return {"steps": steps}


def _sample_params(corpus) -> dict:
    """Realistic parameter values: the most productive author, a coauthor, a busy topic."""
    from collections import Counter
    per_author = Counter(s.author for s in corpus.authorships)
    top_author = per_author.most_common(1)[0][0] if per_author else None
    by_paper = corpus.by_paper()
    coauthor = None
    for s in corpus.authorships:
        if s.author == top_author:
            others = [x.author for x in by_paper[s.paper] if x.author != top_author]
            if others:
                coauthor = others[0]
                break
    topics = Counter(pt.topic for pt in corpus.paper_topics)
    topic = topics.most_common(1)[0][0] if topics else None
    paper = max(by_paper, key=lambda p: (len(by_paper[p]) <= 30, len(by_paper[p]), p)) if by_paper else None
    years = [p.year for p in corpus.papers.values() if p.year]
    return {"author": top_author, "author_name": corpus.authors[top_author].name if top_author else None,
            "coauthor": coauthor, "coauthor_name": corpus.authors[coauthor].name if coauthor else None,
            "topic": topic, "topic_code": corpus.topics[topic].code if topic else None,
            "topic_scheme": corpus.topics[topic].scheme if topic else None,
            "paper": paper, "year": max(years) - 1 if years else None}


def _param_values(params, sample: dict) -> dict:
    """Values for a library query's parameters on this corpus: author parameters get the most
    productive author (a second one gets a coauthor of theirs), paper and topic parameters a
    busy paper and topic; others keep their declared defaults."""
    out = {}
    authors_used = 0
    for p in params:
        if p.type == "author":
            out[p.name] = sample["author"] if authors_used == 0 else sample["coauthor"]
            authors_used += 1
        elif p.type == "paper":
            out[p.name] = sample["paper"]
        elif p.type == "topic":
            out[p.name] = sample["topic_code"]
        elif p.name == "text":
            out[p.name] = "learning"
    return {k: v for k, v in out.items() if v is not None}


def _percentile(xs, q):
    xs = sorted(xs)
    if not xs:
        return None
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def c_sparql(a: dict) -> dict:
    """Every library query, each in its own process (a query runs inside the store's engine,
    where no signal reaches it, so only a process can be stopped at the time bound)."""
    if not have("graphkit.rdf.queries"):
        return {"queries": {}, "note": "not available (graphkit.rdf.queries)"}
    from graphkit.rdf import queries as Q
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(a["ws"])
    sample = _sample_params(ws.corpus())
    reps, limit = a.get("reps", 10), a.get("limit", 60)
    out = {}
    only = set(a.get("only") or ())
    runs = []
    for name, q in sorted(Q.load_library().items()):
        if only and name not in only:
            continue
        runs.append((name, name, q, _param_values(q.params, sample)))
        # A query with an optional topic scheme runs over every scheme (the arXiv corpus: 69k
        # topic-year rows, phrases included) and again over the busiest topic's scheme.
        if any(p.name == "scheme" for p in q.params) and sample.get("topic_scheme"):
            runs.append((f"{name} (scheme={sample['topic_scheme']})", name, q,
                         {**_param_values(q.params, sample), "scheme": sample["topic_scheme"]}))
    for label, name, q, params in runs:
        if any(p.type in ("author", "paper") for p in q.params):
            kind = "author-level"
        elif re.search(r"\b(GROUP\s+BY|COUNT|SUM|AVG|MIN|MAX)\b", q.text, re.I):
            kind = "corpus-wide"  # an aggregation: the issue's <= 2 s target
        else:
            kind = "corpus-wide listing"  # every matching row returned: no target, rows reported
        r = child("sparql-one", {"ws": a["ws"], "name": name, "params": params, "reps": reps,
                                 "limit": limit}, timeout=limit * 2 + 60)
        d = r["result"] or {"times": [], "rows": None,
                            "error": f"stopped after {limit} s" if r["timed_out"] else _fail(r)}
        times = d["times"]
        out[label] = {"kind": kind, "params": params, "runs": len(times), "rows": d["rows"],
                     "p50": _percentile(times, 0.5), "p95": _percentile(times, 0.95), "error": d["error"]}
    return {"queries": out, "sample": sample}


def c_sparql_one(a: dict) -> dict:
    """One library query, repeated until ``reps`` runs or ``limit`` seconds in all."""
    from graphkit.rdf import queries as Q
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(a["ws"])
    q = Q.get_query(a["name"])
    times, rows, err = [], None, None
    for _ in range(a["reps"]):
        try:
            t = time.perf_counter()
            rows = len(Q.run(ws, q, a["params"]))
            times.append(time.perf_counter() - t)
        except Exception as exc:
            err = f"{type(exc).__name__}: {exc}"[:200]
            break
        if sum(times) > a["limit"]:
            break
    return {"times": times, "rows": rows, "error": err}


def _consume(res):
    """Number of rows/triples of a query result (forces full evaluation)."""
    if isinstance(res, (bool, int)):
        return int(res)
    if hasattr(res, "rows"):
        res = res.rows
    try:
        return sum(1 for _ in res)
    except TypeError:
        return None


def c_rdflib(a: dict) -> dict:
    """rdflib's default in-memory store: load the knowledge graph's N-Triples, then the same
    library queries with the same parameters (the same prepared text, values bound in VALUES),
    each against the embedded store on that text."""
    import rdflib
    import pyoxigraph as ox
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(a["ws"])
    limit = a.get("limit", 240)
    st = ws.store()
    t = time.perf_counter()
    nt = st.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    t_dump = time.perf_counter() - t
    g = rdflib.Graph()
    secs, _ = timed(g.parse, data=nt.decode("utf-8"), format="nt", limit=limit)
    del nt
    res = {"dump": t_dump, "load": secs, "triples": len(g) if secs else None, "queries": {}}
    if secs is None:
        res["note"] = f"load stopped after {limit} s"
        return res
    from graphkit.rdf import queries as Q
    sample = _sample_params(ws.corpus())
    for name, q in sorted(Q.load_library().items()):
        params = _param_values(q.params, sample)
        try:  # the same text the embedded store runs: parameters bound as a VALUES block
            prepared = Q.prepare(ws, q, params)
            text = prepared.text
            # the embedded store on that same text, in this process: engine against engine,
            # without graphkit's preparation (finding the author, binding) in either time. As
            # graphkit runs it: a '# graphs: knowledge' query on the default graph (the graph
            # rdflib loaded), any other on the union of all graphs.
            kw = {"use_default_graph_as_union": True} if prepared.union else {}
            ox_times = []
            for _ in range(5):
                t = time.perf_counter()
                _consume(st.query(text, **kw))
                ox_times.append(time.perf_counter() - t)
            times = []
            for _ in range(a.get("reps", 3)):
                qs, n = timed(lambda: _consume(g.query(text)), limit=a.get("query_limit", 60))
                if qs is None:
                    break
                times.append(qs)
                if sum(times) > a.get("query_limit", 60):
                    break
            res["queries"][name] = {"p50": _percentile(times, 0.5), "runs": len(times),
                                    "oxigraph_p50": _percentile(ox_times, 0.5),
                                    "error": None if times else f"stopped after {a.get('query_limit', 60)} s"}
        except Exception as exc:
            res["queries"][name] = {"p50": None, "runs": 0, "error": f"{type(exc).__name__}: {exc}"[:200]}
    return res


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def c_viz(a: dict) -> dict:
    """Coauthor views cut to 100, 1,000 and 5,000 nodes: generation time, HTML size, and the
    time headless Chromium takes from navigation until the page marks itself stable
    (``data-gk-stable``)."""
    if not have("graphkit.viz.network"):
        return {"steps": {}, "note": "not available (graphkit.viz.network)"}
    from graphkit.viz import network as N
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(a["ws"])
    ws.corpus()  # loaded once, outside the timings (render reuses it)
    out_dir = Path(a["out"])
    out_dir.mkdir(parents=True, exist_ok=True)
    steps = {}
    pages = []
    for n in (100, 1000, 5000):
        path = out_dir / f"coauthors-{n}.html"
        label = f"view {n} nodes"
        try:
            secs, html = timed(N.render, ws, "coauthors", max_nodes=n, seed=0,  # as `graphkit viz`
                               limit=a.get("limit", 300))
        except Exception as exc:
            steps[label] = {"seconds": None, "note": f"{type(exc).__name__}: {exc}"[:200]}
            continue
        if secs is None:
            steps[label] = {"seconds": None, "note": "stopped"}
            continue
        path.write_text(html, encoding="utf-8")
        steps[label] = {"seconds": secs, "bytes": len(html.encode("utf-8"))}
        pages.append((label, path))
    if pages and os.path.exists(CHROMIUM) and have("playwright"):
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
            ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM,
                                                       args=CHROMIUM_ARGS, headless=True,
                                                       viewport={"width": 1400, "height": 900})
            for label, path in pages:
                page = ctx.new_page()
                t = time.perf_counter()
                try:
                    page.goto(path.resolve().as_uri())
                    page.wait_for_selector("[data-gk-stable]", state="attached", timeout=120000)
                    steps[label]["stable"] = time.perf_counter() - t
                except Exception as exc:
                    steps[label]["stable_note"] = f"{type(exc).__name__}: {exc}"[:120]
                page.close()
            ctx.close()
    return {"steps": steps}


def c_report(a: dict) -> dict:
    if not have("graphkit.viz.report"):
        return {"seconds": None, "note": "not available (graphkit.viz.report)"}
    from graphkit.rdf.store import Workspace
    from graphkit.viz import report as R
    ws = Workspace.open(a["ws"])
    ws.read_abstracts = False  # as `graphkit report` opens it (the report shows no abstracts)
    secs, html = timed(R.report_html, ws, limit=a.get("limit", 300))
    if secs is None:
        return {"seconds": None, "note": "stopped"}
    size = len(html.encode("utf-8")) if isinstance(html, str) else None
    return {"seconds": secs, "bytes": size}


def c_check(a: dict) -> dict:
    """The optimised ingest path against the unoptimised one on the same records (see
    bench/reference.py): same paper clusters, same corpus (resolve with its name blocks in two
    processes against resolve in one, its caches off and the original helpers), same
    N-Triples (frozen writer), same top-20 PageRank, and a store written by the streamed
    lenient bulk load that holds exactly what a strict load of the same corpus holds."""
    import networkx as nx
    import pyoxigraph as ox
    import reference
    from graphkit.graph import coauthor_graph
    from graphkit.rdf import convert
    from graphkit.rdf.store import Workspace
    from graphkit.resolve import cluster_papers, resolve
    from graphkit.sources import ReadContext, read_records
    recs = list(read_records(a["path"], ReadContext(as_of=dt.date.fromisoformat(AS_OF)), "arxiv"))
    res = {"clusters_equal": cluster_papers(recs) == reference.cluster_papers(recs)}
    t = time.process_time()
    with reference.jobs(2):
        new = resolve(recs)
    res["resolve_new"] = time.process_time() - t
    with reference.unoptimised():
        t = time.process_time()
        ref = resolve(recs)
        res["resolve_ref"] = time.process_time() - t
    res["corpus_equal"] = new == ref
    t = time.process_time()
    new_t = list(convert.triples(new))
    res["triples_new"] = time.process_time() - t
    t = time.process_time()
    ref_t = list(reference.triples(new))
    res["triples_ref"] = time.process_time() - t
    res["triples_equal"] = new_t == ref_t
    res["triples"] = len(new_t)

    def top20(c):
        pr = nx.pagerank(coauthor_graph(c), weight="weight")
        return sorted(pr, key=lambda v: (-pr[v], v))[:20]
    res["top20_equal"] = top20(new) == top20(ref)
    if a.get("ws"):  # the workspace the real ingest wrote vs a strict load of its corpus
        ws = Workspace.open(a["ws"])
        corpus = ws.corpus()
        strict = ox.Store()
        strict.bulk_load("".join(ln + "\n" for ln in reference.triples(corpus)).encode(),
                         format=ox.RdfFormat.N_TRIPLES)
        strict.bulk_load("".join(ln + "\n" for ln in convert.provenance_quads(
            corpus, ws.manifest["sources"])).encode(), format=ox.RdfFormat.N_QUADS)
        got = ws.store()
        res["store_quads"] = len(got)
        res["store_equal"] = (len(got) == len(strict)
                              and all(q in strict for q in got.quads_for_pattern(None, None, None)))
    return res


CHILDREN = {"parse": c_parse, "reader": c_reader, "wsstats": c_wsstats, "open": c_open,
            "analysis": c_analysis, "topics": c_topics, "sparql": c_sparql, "sparql-one": c_sparql_one,
            "rdflib": c_rdflib, "viz": c_viz, "report": c_report, "check": c_check}


# ================================================================== the parent
class Table:
    def __init__(self):
        self.rows: list[dict] = []
        self.on_add = None  # called after every row (results are written as they come)

    def add(self, corpus, step, value=None, unit="s", note="", target_key=None):
        tgt = TARGETS.get((corpus, target_key or step))
        ok = None
        if tgt and value is not None:
            ok = bool(tgt[1](value))
        row = {"corpus": corpus, "step": step, "value": value, "unit": unit,
               "target": tgt[0] if tgt else "", "ok": ok, "note": note}
        self.rows.append(row)
        print(f"  {step:<44} {fmt(value, unit):>14}  {row['target']:<12} "
              f"{'' if ok is None else ('met' if ok else 'MISSED'):<6} {note}", flush=True)
        if self.on_add:
            self.on_add()
        return row


def fmt(value, unit) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "x":
        return f"{value:.1f}x"
    if unit in ("papers/s", "triples", "count", "bytes", "records/s"):
        return f"{value:,.0f}" + ("" if unit in ("count",) else f" {unit}")
    return f"{value} {unit}"


def du(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def cpu_model() -> str:
    """The CPU's model name (Linux), or ''."""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def package_versions(names) -> dict:
    """Installed version of each package (None when it is not installed)."""
    import importlib.metadata as md
    out = {}
    for pkg in names:
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = None
    return out


def machine() -> dict:
    cpu = cpu_model()
    mem = None
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = package_versions(("graphkit", "networkx", "igraph", "pyoxigraph", "rdflib", "oxrdflib",
                                 "pyvis", "numpy", "scipy"))
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = None
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": mem, "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions, "commit": commit,
            "load_average_at_start": os.getloadavg(),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "gpu": "none on this machine; nx-cugraph on a GPU: bench/gpu.py, bench/results/gpu-*.md"}


def corpus_path(name: str, work: Path) -> Path | None:
    if name == "arxiv":
        return ARXIV if ARXIV.is_file() else None
    import synthetic
    t = time.perf_counter()
    p = synthetic.ensure(name, work / "corpora")
    print(f"  corpus {name}: {p} ({time.perf_counter() - t:.1f} s to make or find)", flush=True)
    return p


def bench_corpus(name: str, args, table: Table, work: Path) -> None:
    print(f"\n== {name}", flush=True)
    path = corpus_path(name, work)
    if path is None:
        table.add(name, "corpus", None, note=f"input not found ({ARXIV}); skipped")
        return
    sections = set(args.sections)
    quick = args.quick
    ws = work / "ws" / f"{name}.kg"
    n_papers = None
    bare = None
    # ---- parse
    if "parse" in sections or "ingest" in sections:
        r = child("parse", {"path": str(path)}, timeout=1800)
        if r["result"]:
            n_papers = r["result"]["records"]
            bare = r["result"]["seconds"]
            table.add(name, "bare parse (gzip + json.loads)", bare,
                      note=f"{n_papers:,} records, {n_papers / bare:,.0f} records/s, CPU {r['cpu']:.1f} s, "
                           f"peak RSS {r['rss_mb']:,.0f} MB")
        if have("graphkit.sources.arxiv"):
            r = child("reader", {"path": str(path)}, timeout=1800)
            if r["result"]:
                s = r["result"]["seconds"]
                table.add(name, "reader alone (records, no resolve)", s,
                          note=f"{r['result']['records'] / s:,.0f} records/s, peak RSS {r['rss_mb']:,.0f} MB")
            else:
                table.add(name, "reader alone (records, no resolve)", None, note=_fail(r))
        else:
            table.add(name, "reader alone (records, no resolve)", None,
                      note="not available (graphkit.sources.arxiv)")
    # ---- ingest
    if "ingest" in sections:
        if ws.exists():
            shutil.rmtree(ws)
        ws.parent.mkdir(parents=True, exist_ok=True)
        r = run_child([sys.executable, "-m", "graphkit", "ingest", "--kg", str(ws), "--format", "arxiv",
                       "--as-of", AS_OF, "--json", str(path)], timeout=args.ingest_limit)
        how = "CLI `graphkit ingest --format arxiv`"
        timings = peaks = None
        try:
            summary = json.loads(r["tail"][r["tail"].index("{"):]) if r["rc"] == 0 else None
            timings = (summary or {}).get("timings")
            peaks = (summary or {}).get("peak_rss_mb")
        except ValueError:
            summary = None
        if r["rc"] != 0:
            table.add(name, "ingest end to end", None, note=_fail(r))
        else:
            wall = r["wall"]
            table.add(name, "ingest end to end", wall,
                      note=f"{how}; CPU {r['cpu']:.1f} s (user+sys, all threads)")
            if n_papers:
                table.add(name, "ingest throughput", n_papers / wall, unit="papers/s")
            if bare:
                table.add(name, "ingest / bare parse", wall / bare, unit="x")
            from graphkit.identity import PARALLEL_MIN, default_jobs
            jobs = default_jobs(PARALLEL_MIN)
            # with name blocks resolved in forked processes, the larger of the ingest's own
            # peak RSS and the peak summed PSS of it and its children
            peak = max(r["rss_mb"], r["tree_pss_mb"])
            table.add(name, "ingest peak RSS", peak, unit="MB",
                      note=f"name blocks resolved in up to {jobs} process{'es' if jobs > 1 else ''} "
                           f"(from {PARALLEL_MIN:,} occurrences on); the process's own peak "
                           f"{r['rss_mb']:,.0f} MB; "
                           + (f"with its children (PSS) {r['tree_pss_mb']:,.0f} MB" if r["tree_pss_mb"]
                              else "no child process seen"))
            if timings:
                table.add(name, "ingest phases", None, unit="",
                          note=", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
                          + (" (compaction alongside saving the corpus and records)"
                             if "compact store" in timings else "")
                          + ("; peak RSS after " + ", ".join(f"{k} {v:,} MB" for k, v in peaks.items())
                             if peaks else ""))
            table.add(name, "workspace size on disk", du(ws) / 1e6, unit="MB")
            s = child("wsstats", {"ws": str(ws)}, timeout=600)
            if s["result"]:
                c = s["result"]["counts"]
                table.add(name, "workspace contents", s["result"]["quads"], unit="count",
                          note="quads; " + ", ".join(f"{v:,} {k}" for k, v in c.items()
                                                     if isinstance(v, int)))
    if not ws.exists() or not (ws / "CURRENT").exists():
        if sections - {"parse", "ingest"}:
            table.add(name, "later steps", None, note="no workspace (ingest failed or not run)")
        return
    # ---- open
    if "open" in sections:
        # commands read the coauthor graph the ingest saved; building it from the corpus (what
        # a year filter or other counting needs) is measured too
        r = child("open", {"ws": str(ws), "build": True}, timeout=600)
        if r["result"]:
            o = r["result"]
            table.add(name, "open + coauthor graph, built", r["wall"],
                      note=f"graph built from the corpus: imports {o['import']:.2f} s, store "
                           f"{o['store']:.2f} s, corpus {o['corpus']:.2f} s, graph {o['graph']:.2f} s; "
                           f"peak RSS {r['rss_mb']:,.0f} MB")
        times, last = [], None
        for _ in range(1 if quick else 3):
            r = child("open", {"ws": str(ws)}, timeout=600)
            if r["result"]:
                times.append(r["wall"])
                last = (r, r["result"])
        if last:
            r, o = last
            table.add(name, "open + coauthor graph", statistics.median(times),
                      note=f"median of {len(times)} process runs (start-up and imports included), the "
                           f"graph saved by the ingest: imports {o['import']:.2f} s, store {o['store']:.2f} s, "
                           f"corpus {o['corpus']:.2f} s, graph {o['graph']:.2f} s; {o['nodes']:,} nodes, "
                           f"{o['edges']:,} edges, {o['excluded']} papers over 100 authors left out; "
                           f"peak RSS {r['rss_mb']:,.0f} MB")
        else:
            table.add(name, "open + coauthor graph", None, note=_fail(r))
    # ---- analysis
    if "analysis" in sections:
        r = child("analysis", {"ws": str(ws), "limit": args.step_limit, "backend": args.backend},
                  timeout=args.step_limit * 14 + 600)
        if r["result"]:
            res = r["result"]
            for step, d in res["steps"].items():
                table.add(name, step, d["seconds"], note=d.get("note", ""),
                          target_key=step if step != "communities: leiden" else "communities")
            if "pagerank_top20_overlap" in res:
                table.add(name, "PageRank top-20: networkx vs igraph", res["pagerank_top20_overlap"],
                          unit="count", note="nodes in common (of 20)")
            table.add(name, "analysis backend", None, unit="",
                      note=(f"NetworkX backend {args.backend}" if args.backend else
                            "plain networkx/igraph on CPU") + "; nx-cugraph on a GPU: bench/gpu.py, "
                      f"bench/results/gpu-*.md; peak RSS {r['rss_mb']:,.0f} MB")
        else:
            table.add(name, "analysis", None, note=_fail(r))
    # ---- topics
    if "topics" in sections:
        r = child("topics", {"ws": str(ws), "limit": args.step_limit}, timeout=args.step_limit * 6 + 300)
        if r["result"]:
            for step, d in r["result"]["steps"].items():
                table.add(name, f"topics: {step}", d["seconds"], note=d.get("note", ""))
        else:
            table.add(name, "topics", None, note=_fail(r))
    # ---- SPARQL library and rdflib baseline
    if "sparql" in sections:
        r = child("sparql", {"ws": str(ws), "reps": 5, "limit": args.query_limit,
                             "only": args.queries.split(",") if args.queries else None},
                  timeout=3 * 3600)
        if r["result"] and r["result"]["queries"]:
            for q, d in r["result"]["queries"].items():
                tgt_ok = None
                target = {"author-level": "<= 50 ms", "corpus-wide": "<= 2 s"}.get(d["kind"], "")
                if d["p50"] is not None and name == "arxiv" and target:
                    tgt_ok = d["p50"] <= (0.05 if d["kind"] == "author-level" else 2.0)
                row = table.add(name, f"SPARQL {q} (p50)", d["p50"],
                                note=(f"{d['kind']}; p95 {fmt(d['p95'], 's')}; {d['runs']} runs; "
                                      f"{d['rows']} rows" + (f"; {d['error']}" if d["error"] else "")))
                if name == "arxiv":
                    row["target"], row["ok"] = target, tgt_ok
        else:
            table.add(name, "SPARQL library", None,
                      note=(r["result"] or {}).get("note") or _fail(r))
    if "rdflib" in sections:
        quads = None
        s = child("wsstats", {"ws": str(ws)}, timeout=600)
        if s["result"]:
            quads = s["result"]["quads"]
        if quads and quads > args.rdflib_max_triples:
            table.add(name, "rdflib Memory store: load", None,
                      note=f"skipped: {quads:,} quads; rdflib loads ~35k triples/s here (DESIGN.md: "
                           f"2M triples in ~60 s, 2.5 GB), so it would run past "
                           f"{args.rdflib_max_triples / 35000 / 60:.0f} min")
        else:
            r = child("rdflib", {"ws": str(ws), "limit": args.rdflib_limit, "reps": 1 if quick else 2,
                                   "query_limit": 20}, timeout=args.rdflib_limit + 1200)
            if r["result"]:
                d = r["result"]
                table.add(name, "rdflib Memory store: load", d["load"],
                          note=(f"{d['triples']:,} triples; peak RSS {r['rss_mb']:,.0f} MB"
                                if d["load"] else d.get("note", "")))
                for q, qd in d["queries"].items():
                    ox = qd.get("oxigraph_p50")  # the same prepared text in the same process
                    ratio = (qd["p50"] / ox) if qd["p50"] and ox else None
                    row = table.add(name, f"rdflib {q} (p50)", qd["p50"],
                                    note=(f"{ratio:.2g}x the Oxigraph time on the same text "
                                          f"({fmt(ox, 's')})" if ratio else "")
                                    + (f" {qd['error']}" if qd["error"] else ""))
                    if name == "arxiv" and ratio is not None:
                        row["target"], row["ok"] = ">= 20x slower", ratio >= 20
            else:
                table.add(name, "rdflib Memory store", None, note=_fail(r))
    # ---- viz and report
    if "viz" in sections:
        r = child("viz", {"ws": str(ws), "out": str(work / "viz" / name)}, timeout=1800)
        if r["result"] and r["result"].get("steps"):
            for step, d in r["result"]["steps"].items():
                note = (f"{d['bytes'] / 1e6:.2f} MB HTML" if d.get("bytes") else d.get("note", ""))
                row = table.add(name, f"viz: {step}, generation", d["seconds"], note=note)
                if step.endswith("5000 nodes"):
                    row["target"] = "<= 5 s"
                    row["ok"] = d["seconds"] <= 5 if d["seconds"] is not None else None
                if d.get("seconds") is not None:
                    row = table.add(name, f"viz: {step}, stable in headless Chromium", d.get("stable"),
                                    note=d.get("stable_note", "from navigation to data-gk-stable"))
                    if step.endswith("5000 nodes"):
                        row["target"] = "<= 5 s"
                        row["ok"] = d["stable"] <= 5 if d.get("stable") is not None else None
        else:
            table.add(name, "viz", None, note=(r["result"] or {}).get("note") or _fail(r))
    if "report" in sections:
        r = child("report", {"ws": str(ws)}, timeout=900)
        if r["result"] and r["result"].get("seconds") is not None:
            table.add(name, "report", r["result"]["seconds"],
                      note=f"{r['result']['bytes'] / 1e6:.2f} MB HTML; peak RSS {r['rss_mb']:,.0f} MB")
        else:
            table.add(name, "report", None, note=(r["result"] or {}).get("note") or _fail(r))
    # ---- correctness of the optimised path
    if "check" in sections and name == "synthetic-10k":
        r = child("check", {"path": str(path), "ws": str(ws)}, timeout=1800)
        if r["result"]:
            c = r["result"]
            keys = ("clusters_equal", "corpus_equal", "triples_equal", "top20_equal", "store_equal")
            ok = all(c.get(k, True) for k in keys)
            row = table.add(name, "optimised path = unoptimised path", None, unit="",
                            note=("same paper clusters, same corpus (name blocks in two processes vs one), "
                                  "same N-Triples ({:,}), same store "
                                  "({:,} quads), same top-20 PageRank; CPU resolve {:.1f} s (this process) vs {:.1f} s, "
                                  "N-Triples {:.2f} s vs {:.2f} s (optimised vs unoptimised)").format(
                                c["triples"], c.get("store_quads", 0), c["resolve_new"], c["resolve_ref"],
                                c["triples_new"], c["triples_ref"]) if ok else
                            "DIFFERENCE: " + ", ".join(f"{k}={c.get(k)}" for k in keys))
            row["ok"] = ok
            row["target"] = "identical"
        else:
            table.add(name, "optimised path = unoptimised path", None, note=_fail(r))


def _fail(r: dict) -> str:
    if r["timed_out"]:
        return f"stopped after {r['wall']:.0f} s"
    tail = r["tail"].strip().splitlines()
    return f"failed (exit {r['rc']}): " + (tail[-1][:200] if tail else "")


def markdown(meta: dict, table: Table, corpora) -> str:
    m = meta
    v = ", ".join(f"{k} {x}" for k, x in m["versions"].items() if x)
    lines = [f"Run {m['date']} on {m['cpu']} ({m['cores']} cores, {m['ram_gb']} GB RAM), "
             f"Python {m['python']}; {v}; commit {m['commit']}. Load average at start "
             f"{', '.join(f'{x:.1f}' for x in m['load_average_at_start'])}"
             + (" (the cores were shared with other work: figures are noisy)"
                if m["load_average_at_start"][0] > 1.0 else "") + f". GPU: {m['gpu']}.", ""]
    for c in corpora:
        rows = [r for r in table.rows if r["corpus"] == c]
        if not rows:
            continue
        lines += [f"**{c}**", "", "| step | result | target | | note |", "|---|---:|---|---|---|"]
        for r in rows:
            status = "" if r["ok"] is None else ("met" if r["ok"] else "**missed**")
            note = str(r["note"]).replace("|", "\\|")
            lines.append(f"| {r['step']} | {fmt(r['value'], r['unit']) if r['value'] is not None or r['unit'] else ''} "
                         f"| {r['target']} | {status} | {note} |")
        lines.append("")
    return "\n".join(lines)


SUMMARY = (  # (label, step or prefix, how to combine several rows)
    ("ingest end to end", "ingest end to end", None),
    ("ingest throughput", "ingest throughput", None),
    ("ingest / bare parse", "ingest / bare parse", None),
    ("ingest peak RSS", "ingest peak RSS", None),
    ("workspace on disk", "workspace size on disk", None),
    ("open + coauthor graph", "open + coauthor graph", None),
    ("PageRank", "centrality: pagerank", None),
    ("betweenness (sampled)", "centrality: betweenness", None),
    ("communities (Leiden)", "communities: leiden", None),
    ("topic evolution", "topics: thematic evolution", None),
    ("SPARQL author-level, median p50", "SPARQL ", "author-level"),
    ("SPARQL corpus-wide, slowest p50", "SPARQL ", "corpus-wide"),
    ("rdflib load", "rdflib Memory store: load", None),
    ("5k-node view: generate / stable", "viz: view 5000 nodes", "viz"),
    ("report", "report", None),
)


def summary_markdown(table: "Table", corpora) -> str:
    """Key figures, one column per corpus (the README's table)."""
    cols = [c for c in corpora if any(r["corpus"] == c for r in table.rows)]
    lines = ["| figure | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    for label, step, how in SUMMARY:
        cells = []
        for c in cols:
            rows = [r for r in table.rows if r["corpus"] == c]
            if how in ("author-level", "corpus-wide"):
                vals = [r["value"] for r in rows if r["step"].startswith(step) and r["value"] is not None
                        and str(r["note"]).startswith(how + ";")]
                if not vals:
                    cells.append("—")
                    continue
                v = statistics.median(vals) if how == "author-level" else max(vals)
                cells.append(fmt(v, "s"))
            elif how == "viz":
                gen = next((r for r in rows if r["step"] == f"{step}, generation"), None)
                st = next((r for r in rows if r["step"] == f"{step}, stable in headless Chromium"), None)
                cells.append(" / ".join(fmt(r["value"], r["unit"]) if r else "—" for r in (gen, st)))
            else:
                r = next((r for r in rows if r["step"] == step), None)
                cells.append(fmt(r["value"], r["unit"]) + (" (missed)" if r["ok"] is False else "")
                             if r and r["value"] is not None else "—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="graphkit benchmarks")
    ap.add_argument("--quick", action="store_true", help="synthetic-10k only, fewer repetitions")
    ap.add_argument("--corpus", action="append", choices=CORPORA, help="repeatable")
    ap.add_argument("--sections", default=",".join(SECTIONS),
                    help=f"comma-separated subset of {','.join(SECTIONS)}")
    ap.add_argument("--work", default=str(BENCH / "out"), help="corpora and workspaces (git-ignored)")
    ap.add_argument("--results", default=str(BENCH / "results"))
    ap.add_argument("--backend", default=None, help="NetworkX backend for the analyses (e.g. parallel)")
    ap.add_argument("--ingest-limit", type=float, default=1800)
    ap.add_argument("--step-limit", type=float, default=300, help="time bound of one analysis step")
    ap.add_argument("--rdflib-limit", type=float, default=240, help="time bound of rdflib's load")
    ap.add_argument("--rdflib-max-triples", type=int, default=3_000_000,
                    help="skip rdflib above this many quads")
    ap.add_argument("--queries", default="", help="only these library queries (comma-separated)")
    ap.add_argument("--query-limit", type=float, default=20, help="time bound of one library query")
    ap.add_argument("--note", default="", help="a line to put above the table")
    ap.add_argument("--update-readme", action="store_true",
                    help="rewrite the README's bench section from this run")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--child-args", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        emit(CHILDREN[args.child](json.loads(args.child_args or "{}")))
        return 0
    args.sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    corpora = args.corpus or (["synthetic-10k"] if args.quick else list(DEFAULT_CORPORA))
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    meta = machine()
    print(f"graphkit bench {meta['date']}: {meta['cpu']}, {meta['cores']} cores, {meta['ram_gb']} GB; "
          f"load average {meta['load_average_at_start']}", flush=True)
    table = Table()
    t0 = time.perf_counter()
    res_dir = Path(args.results)
    res_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M")
    base = res_dir / f"{stamp}-{'+'.join(corpora)}{'-quick' if args.quick else ''}"
    md = ""
    table.on_add = lambda: write_results(meta, table, corpora, args, base, res_dir, done=False)
    for i, c in enumerate(corpora):
        try:
            bench_corpus(c, args, table, work)
        except Exception as exc:  # a bench bug must not lose what was measured
            import traceback
            traceback.print_exc()
            table.add(c, "bench error", None, note=f"{type(exc).__name__}: {exc}"[:200])
        # written after every corpus, so that a long run that is cut short keeps what it measured
        meta["suite_seconds"] = time.perf_counter() - t0
        meta["load_average_at_end"] = os.getloadavg()
        md = write_results(meta, table, corpora, args, base, res_dir,
                           done=i + 1 == len(corpora))
    table.on_add = None
    print("\n" + md)
    print(f"written: {base}.md, {base}.json (and latest.*)")
    if args.update_readme:
        update_readme(res_dir / "latest.json")
        print("README.md section 'bench' updated")
    return 0


def write_results(meta, table, corpora, args, base, res_dir, *, done: bool) -> str:
    md = markdown(meta, table, corpora)
    if not done:
        md = "(run in progress or cut short: the rows below are what was measured)\n\n" + md
    if args.note:
        md = args.note + "\n\n" + md
    payload = {"machine": meta, "corpora": corpora, "quick": args.quick, "sections": args.sections,
               "rows": table.rows, "complete": done, "note": args.note}
    md = md + "\n**Key figures**\n\n" + summary_markdown(table, corpora) + "\n"
    for p in (base, res_dir / "latest"):
        p.with_suffix(".md").write_text(md + "\n", encoding="utf-8")
        p.with_suffix(".json").write_text(json.dumps(payload, indent=1, default=str) + "\n", encoding="utf-8")
    return md


README_INTRO = """\
`bench/` measures speed, memory and scale against baselines in one run (not part of the test
suite). Every step runs in its own process (peak RSS from `wait4`); ingest is the real CLI.

```bash
python3 bench/run.py --quick                       # synthetic-10k, a few minutes
python3 bench/run.py                               # arxiv + synthetic-10k + synthetic-100k
python3 bench/run.py --corpus synthetic-1m --sections parse,ingest,open
python3 bench/formats.py                           # each reader on 50,000 records of its format
python3 bench/synthetic.py --papers 100000 -o corpus.jsonl.gz --gold gold.tsv.gz   # a corpus alone
python3 bench/identity_eval.py eval                # author identity: B-cubed and pairwise F1
python3 bench/gpu.py export --ws bench/out/ws/arxiv.kg --out arxiv.npz   # the coauthor graph as arrays
python3 bench/gpu.py run --graph arxiv.npz --out gpu --backends cugraph,default,parallel
```

Corpora: the real arXiv metadata corpus (248,757 papers, `../shared/data/bench/arxiv`, or
`GRAPHKIT_BENCH_ARXIV=path`) and seeded synthetic corpora of 10k, 100k and 1M papers in the
arXiv metadata layout (`bench/synthetic.py`: heavy-tailed productivity, team sizes fitted to
arXiv with a long tail and a few 500+-author papers, growing yearly output, arXiv categories,
topic phrases that rise and fall, affiliations, name variants and homonyms, and a gold file of
who wrote each name occurrence). Figures per corpus: bare parse (the floor) and the reader
alone, ingest time, throughput, peak RSS and phases, workspace size, open + coauthor graph,
each centrality measure, communities, topic analyses, each library query (p50/p95) against
rdflib's in-memory store, networkx against igraph, view generation and time to a stable page
in headless Chromium, the report; and a check that the optimised ingest path gives the same
clusters, corpus, triples, store and top-20 PageRank as the unoptimised one (synthetic-10k).
Results: `bench/results/<date>-<corpora>.md|json` (machine, versions, date) and
`bench/results/latest.*`; `--update-readme` rewrites this section from the latest run (the
hand-written account of where the targets stand below the table is kept).
"""


def update_readme(latest_json: Path) -> None:
    """Rewrite README.md between the bench section markers with the latest key figures."""
    data = json.loads(latest_json.read_text())
    table = Table()
    table.rows = data["rows"]
    m = data["machine"]
    load = m.get("load_average_at_start") or [0]
    text = (README_INTRO + f"\nLatest run ({m['date']}, {m['cpu']}, {m['cores']} cores, "
            f"{m['ram_gb']} GB, Python {m['python']}, commit {m['commit']}"
            + (f"; load average {load[0]:.1f} at start: the cores were shared, so times are "
               "noisy" if load[0] > 1.0 else "") + f"; GPU: {m['gpu']}):\n\n"
            + summary_markdown(table, data["corpora"]) + "\n\n"
            + (data.get("note") + "\n\n" if data.get("note") else "")
            + "Every row with its notes and targets: `bench/results/latest.md`; how the figures "
            "moved, round by round: [`bench/HISTORY.md`](bench/HISTORY.md).\n")
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    start, end = "<!-- section: bench -->", "<!-- /section: bench -->"
    i, j = readme.index(start) + len(start), readme.index(end)
    # the hand-written account of where the targets stand is kept as it is
    s0, s1 = "<!-- bench-status -->", "<!-- /bench-status -->"
    a, b = readme.find(s0, i, j), readme.find(s1, i, j)
    if a >= 0 and b > a:
        text += "\n" + readme[a:b + len(s1)] + "\n"
    path.write_text(readme[:i] + "\n### bench — speed, memory and scale\n\n" + text + readme[j:],
                    encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
