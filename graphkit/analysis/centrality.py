"""Centrality: who is central in a coauthor (or institution, or knowledge) graph.

``centrality(g, measure=...)`` returns ranked rows (``key``, ``name``, ``kind``, ``papers``,
``score``, ``rank``, ``estimate``). Measures:

=================  ==========================================================================
degree             number of neighbours (coauthors)
weighted-degree    sum of edge weights (joint papers, or Newman's fractional counts)
betweenness        share of shortest paths through a node (Brandes 2001; ``nx.betweenness_centrality``)
closeness          inverse mean hop distance, Wasserman-Faust scaled for disconnected graphs
harmonic           sum of inverse hop distances (Marchiori & Latora 2000)
eigenvector        principal eigenvector of the weighted adjacency matrix (Bonacich 1972), unit norm
pagerank           PageRank with damping 0.85 over weighted edges (Brin & Page 1998)
=================  ==========================================================================

Path-based measures (betweenness, closeness, harmonic) count hops and ignore weights: a
coauthor weight is a strength, not a distance.

Size policy. Up to ``SAMPLE_THRESHOLD`` (5,000) nodes every measure is computed exactly with
NetworkX (eigenvector: NetworkX's power iteration, each step one sparse product; with a
``backend``, ``nx.eigenvector_centrality`` itself). Above it, the default engine is igraph (C; results checked equal to NetworkX on small
graphs in the tests) and betweenness, closeness and harmonic are *estimated* from
``DEFAULT_SAMPLES`` (500) source nodes per connected component, drawn with ``seed``:
betweenness by Brandes-Pich source sampling (the estimator of ``nx.betweenness_centrality(k=...)``;
networkx itself, with ``engine="networkx"``, samples the whole graph rather than each
component), closeness and harmonic by Eppstein-Wang pivot sampling; components no larger than
the sample are computed exactly. Rows of an estimate carry ``estimate=True``. ``samples=0`` forces the
exact computation at any size; ``engine="networkx"`` (or a NetworkX ``backend``) forces
NetworkX.

>>> import networkx as nx
>>> [(r["key"], r["score"], r["rank"]) for r in centrality(nx.star_graph(3), measure="degree")]
[(0, 3, 1), (1, 1, 2), (2, 1, 2), (3, 1, 2)]
"""
from __future__ import annotations

import math
import random
import warnings
import weakref

import networkx as nx

from .. import _gc
from ..errors import GraphkitError

MEASURES = ("degree", "weighted-degree", "betweenness", "closeness", "harmonic", "eigenvector",
            "pagerank")
SAMPLED = ("betweenness", "closeness", "harmonic")
WEIGHTED = ("weighted-degree", "eigenvector", "pagerank")  # the measures that use ``weight``
SAMPLE_THRESHOLD = 5000  # nodes; above it: igraph by default, and sampling for SAMPLED measures
DEFAULT_SAMPLES = 500
ENGINES = ("auto", "networkx", "igraph")
# networkx's power iterations stop when the L1 change is below n * tol: its default 1e-6 left
# PageRank 10% off on a 283k-node coauthor graph; 1e-10 agrees with igraph's exact solvers.
NX_TOL = 1e-10

DESCRIPTION = {
    "degree": "degree (number of neighbours)",
    "weighted-degree": "weighted degree (sum of edge weights)",
    "betweenness": "betweenness centrality",
    "closeness": "closeness centrality",
    "harmonic": "harmonic centrality",
    "eigenvector": "eigenvector centrality",
    "pagerank": "PageRank",
}


class Rows(list):
    """A list of row dicts with a ``meta`` dict describing how they were computed."""

    def __init__(self, rows=(), meta: dict | None = None):
        super().__init__(rows)
        self.meta = dict(meta or {})


# ---------------------------------------------------------------- graph helpers
def simple_graph(g) -> nx.Graph:
    """An undirected simple view of ``g``: a Graph as is; a (Multi)DiGraph such as the knowledge
    graph becomes an undirected Graph whose edges join any two linked nodes (no weights)."""
    if not g.is_directed() and not g.is_multigraph():
        return g
    h = nx.Graph()
    h.add_nodes_from(g.nodes(data=True))
    h.add_edges_from((u, v) for u, v in g.edges() if u != v)
    h.graph.update(g.graph)
    return h


def node_papers(g, node) -> int | None:
    """Papers of a node: the ``papers`` attribute of projections; in a knowledge graph the
    number of linked papers (None for a paper itself)."""
    d = g.nodes[node]
    if "papers" in d:
        return d["papers"]
    if d.get("kind") == "paper":
        return None
    if d.get("kind") is not None:
        return sum(1 for n in g.neighbors(node) if g.nodes[n].get("kind") == "paper")
    return None


def node_order(node):
    """Sort key for node ids: numbers numerically, then strings."""
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return (0, node, "")
    return (1, 0, str(node))


_SORTED_NODES = "graphkit.sorted_nodes"  # key in networkx's per-graph cache


def sorted_nodes(g) -> list:
    """The nodes of ``g`` in ``node_order`` (string keys, the usual case, sort as they are);
    read from ``g``'s cache when ``remember_sorted`` put them there."""
    cache = getattr(g, "__networkx_cache__", None)
    saved = cache.get(_SORTED_NODES) if cache else None
    if saved is not None and len(saved) == len(g):
        return list(saved)
    nodes = list(g)
    if all(type(n) is str for n in nodes):
        nodes.sort()
    else:
        nodes.sort(key=node_order)
    return nodes


def remember_sorted(g) -> None:
    """Keep ``g``'s sorted nodes and edge count in networkx's cache of ``g``: pickled with it,
    emptied by networkx whenever ``g`` changes. The ingest does this for the coauthor graph it
    saves (arXiv: 340k nodes sorted once at ingest, not at every read: 0.4 s)."""
    from ..graph import EDGE_COUNT, edge_count
    nodes, edges = sorted_nodes(g), edge_count(g)
    g.__networkx_cache__[_SORTED_NODES] = nodes
    g.__networkx_cache__[EDGE_COUNT] = edges


def node_name(g, node) -> str:
    return str(g.nodes[node].get("label", node))


def _sig(x, digits: int = 10):
    """Round a float to ``digits`` significant digits (stable output); ints pass."""
    if isinstance(x, int):
        return x
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return 0.0 if x == 0 else x
    return float(f"{x:.{digits}g}")


def rank_rows(g, scores: dict, *, estimate: bool = False, top: int | None = None) -> list[dict]:
    """Rows sorted by score (descending, ties by key), with competition ranks (1, 2, 2, 4)."""
    items = sorted(((_sig(s), node_order(n), n) for n, s in scores.items()), key=lambda t: (-t[0], t[1]))
    rows = []
    rank, prev = 0, None
    for i, (score, _, node) in enumerate(items):
        if score != prev:
            rank, prev = i + 1, score
        if top is not None and i >= top:
            break
        rows.append({"key": node, "name": node_name(g, node), "kind": g.nodes[node].get("kind"),
                     "papers": node_papers(g, node), "score": score, "rank": rank,
                     "estimate": estimate})
    return rows


def to_igraph(g, weight: str | None = None):
    """(node list, igraph.Graph) of an undirected simple graph (``simple_graph``) with nodes in
    sorted key order and edges in ``g.edges()`` order, self-loops left out; edge attribute
    ``w`` holds ``weight`` (1 where missing) when ``weight`` is given. A workspace's saved
    coauthor graph comes with these arrays (``attach_arrays``): read, not walked."""
    import igraph as ig
    nodes = sorted_nodes(g)
    saved = _saved_arrays(g, weight)
    with _gc.paused(freeze=False):  # a million edge pairs, dropped once igraph has them
        if saved is not None:
            edges, ws = saved
        else:
            edges, ws = _edge_arrays(g, nodes, weight)
        h = ig.Graph(n=len(nodes), edges=edges, directed=False)
        if weight is not None:
            h.es["w"] = ws
        del edges, ws
    return nodes, h


def _edge_arrays(g, nodes: list, weight: str | None, each=None) -> tuple[list, list]:
    """The (edges as index pairs over ``nodes``, weights) of ``to_igraph``; ``each(d)``, when
    given, is called with each of those edges' attributes, in the same order."""
    index = {n: i for i, n in enumerate(nodes)}
    edges, ws = [], []
    done = set()  # read the adjacency as g.edges() does (each edge from its first end), faster
    for u, nbrs in g._adj.items():
        i = index[u]
        for v, d in nbrs.items():
            if v not in done and v != u:
                edges.append((i, index[v]))
                if weight is not None:
                    ws.append(float(d.get(weight, 1)))
                if each is not None:
                    each(d)
        done.add(u)
    return edges, ws


# graph -> file of its saved edge arrays; weak keys: a graph's entry goes with the graph
_ARRAYS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
ARRAY_WEIGHT = "weight"  # the edge attribute saved as weights


SAVED_SCORES = ("pagerank",)  # measures saved with the arrays (default weight, auto engine)


def _edge_years(paper_years: dict):
    """``(each, flat, ends)``: ``each(d)`` adds the sorted distinct years of an edge's ``papers``
    (years from ``paper_years``, papers without one left out) to ``flat`` and where they end
    to ``ends`` (``_edge_arrays``'s ``each``)."""
    flat, ends = [], []
    get = paper_years.get
    add, add_all, end = flat.append, flat.extend, ends.append

    def each(d):
        papers = d.get("papers", ())
        if len(papers) == 1:  # (most links: one joint paper)
            year = get(papers[0])
            if year is not None:
                add(year)
        else:
            years = {get(p) for p in papers}
            years.discard(None)
            add_all(sorted(years))
        end(len(flat))
    return each, flat, ends


def _text_array(text: str):
    import numpy as np
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def save_arrays(g, path, paper_years: dict | None = None) -> None:
    """Write the edge arrays ``to_igraph`` builds for ``g`` (weights from ``weight``) to
    ``path`` (.npz), for ``attach_arrays`` on the same graph read back later, with the
    ``SAVED_SCORES`` of ``scores(g, measure=...)`` at its defaults (over the sorted nodes),
    the sorted node keys (``saved_nodes``) and, for a coauthor graph whose papers have the
    years ``paper_years`` (paper key -> year), what a view of some of its nodes needs without
    the graph (``saved_links``): each edge's years, each node's ``papers``, ``g.graph``."""
    import json

    import numpy as np
    nodes = sorted_nodes(g)
    keyed = all(type(n) is str and "\n" not in n for n in nodes)  # (``saved_nodes``)
    each, years, ends = _edge_years(paper_years) if keyed and paper_years is not None else (None, None, None)
    with _gc.paused(freeze=False):
        edges, ws = _edge_arrays(g, nodes, ARRAY_WEIGHT, each)
        e = np.array(edges, dtype=np.int32).reshape(-1, 2)
        del edges
    arrays = {"edges": e, "weights": np.array(ws, dtype=np.float64),
              "counts": np.array([len(nodes), g.number_of_edges()], dtype=np.int64)}
    if nodes:  # the saved scores, computed from the edges as written
        with open(path, "wb") as fh:
            np.savez(fh, **arrays)
        known = _ARRAYS.get(g)
        attach_arrays(g, path)
        try:
            for measure in SAVED_SCORES:
                values, meta = scores(g, measure=measure)
                arrays[f"score_{measure}"] = np.array([values[n] for n in nodes], dtype=np.float64)
                arrays[f"engine_{measure}"] = np.array(meta["engine"])
        finally:
            if known is None:
                del _ARRAYS[g]
            else:
                _ARRAYS[g] = known
    if keyed:
        arrays["nodes"] = _text_array("\n".join(nodes))
        if each is not None:
            arrays["edge_years"] = np.array(years, dtype=np.int32)
            arrays["edge_years_end"] = np.array(ends, dtype=np.int64)
            node = g._node
            arrays["node_papers"] = np.array([node[n].get("papers") or 0 for n in nodes], dtype=np.int64)
            arrays["graph_meta"] = _text_array(json.dumps(g.graph, default=str))
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)


def attach_arrays(g, path) -> None:
    """Let ``to_igraph`` read ``g``'s edges from ``path`` (written by ``save_arrays`` for the
    graph ``g`` was pickled from). Used only while ``g`` still has the same number of nodes
    and edges; a graph that is changed should be copied first."""
    _ARRAYS[g] = str(path)


def _read_saved(g, read):
    """``read(npz)`` of the arrays saved with ``g`` (``attach_arrays``), or None: none
    attached, the graph changed since (its node or edge count differs), the file is gone or
    damaged, or it lacks what ``read`` asks for."""
    path = _ARRAYS.get(g)
    if path is None:
        return None
    from ..graph import edge_count
    return _load_saved(path, read, lambda counts: counts == [g.number_of_nodes(), edge_count(g)])


def _load_saved(path, read, check):
    """``read(npz)`` of the arrays file ``path`` when ``check([nodes, edges])`` of the graph
    it was saved for holds; None when not, or when the file is gone, damaged or lacks what
    ``read`` asks for."""
    import numpy as np
    try:
        with np.load(path) as data:
            return read(data) if check(data["counts"].tolist()) else None
    except (OSError, ValueError, KeyError):
        return None


def saved_scores_file(path, measure: str, nodes: int):
    """``(scores over the sorted nodes, [nodes, edges])`` of ``measure`` saved in ``path`` by
    ``save_arrays`` for a graph of ``nodes`` nodes, when ``scores(g, measure=measure)`` at its
    defaults would read them from there (see ``_saved_scores``); else None. For a caller that
    has the saved graph's node list without the graph (a view's cut)."""
    if measure not in SAVED_SCORES:
        return None
    saved = _load_saved(path, lambda data: (data[f"score_{measure}"].tolist(), str(data[f"engine_{measure}"]),
                                            data["counts"].tolist()),
                        lambda counts: counts[0] == nodes)
    if saved is None or saved[1] != _auto_engine(nodes, None):
        return None
    return saved[0], saved[2]


def saved_nodes(path) -> list | None:
    """The sorted nodes (string keys) of the graph whose arrays ``save_arrays`` wrote to
    ``path``, or None (not saved: older files, other keys; or unreadable). Reading 340k keys
    this way takes ~0.05 s, against ~0.4 s to collect and sort them from a corpus."""
    def read(data):
        blob = data["nodes"].tobytes().decode("utf-8")
        nodes = blob.split("\n") if blob else []
        return nodes if len(nodes) == int(data["counts"][0]) else None
    return _load_saved(path, read, lambda counts: True)


def saved_links(path, nodes: list):
    """What ``save_arrays`` wrote to ``path`` for a view of some nodes of a coauthor graph
    (``nodes``: its sorted nodes, ``saved_nodes``): ``(edges, weights, edge_years,
    edge_years_end, node_papers, graph_meta)``, or None (not saved: older files; unreadable)."""
    import json

    def read(data):
        return (data["edges"], data["weights"], data["edge_years"], data["edge_years_end"],
                data["node_papers"], json.loads(data["graph_meta"].tobytes().decode("utf-8")))
    return _load_saved(path, read, lambda counts: counts[0] == len(nodes))


def _saved_arrays(g, weight: str | None):
    """``(edges, weights)`` of ``to_igraph`` saved with ``g``, or None."""
    if weight not in (None, ARRAY_WEIGHT):
        return None
    return _read_saved(g, lambda data: (data["edges"],
                                        data["weights"].tolist() if weight is not None else None))


def _saved_scores(g, measure: str):
    """``(scores, engine)`` of ``measure`` saved with ``g``'s arrays (``save_arrays``), or None."""
    if measure not in SAVED_SCORES:
        return None
    saved = _read_saved(g, lambda data: (data[f"score_{measure}"].tolist(),
                                         str(data[f"engine_{measure}"])))
    if saved is None:
        return None
    return dict(zip(sorted_nodes(g), saved[0])), saved[1]


def _nx(func, g, backend, **kw):
    if backend:
        kw["backend"] = backend
    try:
        return func(g, **kw)
    except (ImportError, ValueError, TypeError, NotImplementedError) as exc:
        # not installed, failing to import (a backend built for another networkx) or lacking
        # this algorithm: a clear error, not a traceback
        if backend and (isinstance(exc, (ImportError, NotImplementedError)) or "backend" in str(exc).lower()):
            raise GraphkitError(f"NetworkX backend {backend!r} is not available: {exc}") from None
        raise


def _components(g):
    """Connected components as lists of node indices over ``sorted(g)`` (scipy, fast)."""
    from scipy.sparse.csgraph import connected_components
    nodes = sorted_nodes(g)
    # float64 CSR once: scipy's csgraph routines would otherwise convert it on every call
    a = nx.to_scipy_sparse_array(g, nodelist=nodes, weight=None, dtype=float, format="csr")
    k, labels = connected_components(a, directed=False)
    comps: list[list[int]] = [[] for _ in range(k)]
    for i, c in enumerate(labels):
        comps[c].append(i)
    return nodes, a, comps


def pivot_distances(g, *, samples: int, seed: int = 0, measure: str = "closeness"):
    """Closeness or harmonic centrality from BFS distances of sampled pivots (Eppstein & Wang,
    "Fast approximation of centrality", 2004), per connected component: a component with at
    most ``samples`` nodes uses all of them (exact), a larger one ``samples`` pivots drawn with
    ``seed``. Returns ``({node: score}, exact)``.

    Closeness is Wasserman-Faust scaled like ``nx.closeness_centrality`` (``(r-1)/(n-1)`` for a
    component of ``r`` nodes in a graph of ``n``); harmonic is the sum of ``1/d``.
    """
    import numpy as np
    from scipy.sparse.csgraph import shortest_path

    from ..progress import progress
    nodes, a, comps = _components(g)
    n = len(nodes)
    rng = random.Random(seed)
    acc = np.zeros(n)  # sum of d (closeness) or of 1/d (harmonic) over a node's pivots
    cnt = np.zeros(n)  # pivots in the node's component, the node itself excluded
    exact = True
    small = [c for c in comps if 1 < len(c) <= samples]
    bar = progress(total=sum(min(len(c), samples) for c in comps if len(c) > 1),
                   desc=f"{measure} (BFS)", unit="source")
    exact_vals: dict = {}
    if small:  # every node a pivot: networkx on the small components (each BFS stays inside one)
        sub = g.subgraph([nodes[i] for c in small for i in c]).copy()
        if measure == "harmonic":
            exact_vals = nx.harmonic_centrality(sub)
        else:  # rescale Wasserman-Faust from the subgraph's size to the graph's
            f = (sub.number_of_nodes() - 1) / max(n - 1, 1)
            exact_vals = {v: x * f for v, x in nx.closeness_centrality(sub).items()}
        bar.update(sub.number_of_nodes())
    for comp in comps:
        r = len(comp)
        if r <= samples:
            continue
        exact = False
        comp_idx = np.asarray(comp)
        pivots = sorted(rng.sample(comp, samples))
        cnt[comp_idx] = len(pivots)
        cnt[pivots] -= 1  # a pivot does not count itself
        for start in range(0, len(pivots), 64):  # scipy's C BFS over the whole matrix
            chunk = pivots[start:start + 64]
            d = shortest_path(a, method="D", unweighted=True, directed=True, indices=chunk)[:, comp_idx]
            if measure == "harmonic":
                with np.errstate(divide="ignore"):
                    acc[comp_idx] += np.where(d > 0, 1.0 / d, 0.0).sum(axis=0)
            else:
                acc[comp_idx] += d.sum(axis=0)
            bar.update(len(chunk))
    bar.close()
    size = np.zeros(n)
    for comp in comps:
        size[comp] = len(comp)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "harmonic":  # scale the pivot sum to all r-1 other nodes
            out = np.where(cnt > 0, acc * (size - 1) / np.maximum(cnt, 1), 0.0)
        else:  # Wasserman-Faust: (r-1)/(n-1) * (r-1)/sum(d), sum(d) ~ (r-1)/cnt * acc
            out = np.where(acc > 0, cnt / acc, 0.0) * (size - 1) / max(n - 1, 1)
    res = {nodes[i]: float(out[i]) for i in range(n)}
    res.update(exact_vals)
    return res, exact


def _betweenness_igraph(g, samples: int | None, seed: int) -> tuple[dict, bool]:
    """Betweenness from igraph, normalised like networkx.

    With ``samples``: stratified by connected component. A component of at most ``samples``
    nodes uses all of them as sources (exact); a larger one ``samples`` sources drawn with
    ``seed``, and a node's sum over them is scaled by (r-1)/k_v, k_v the sampled sources other
    than the node in its component of r nodes: Brandes-Pich source sampling with networkx 3.6's
    unbiased source/non-source scaling. On a connected graph it draws the sources that
    ``nx.betweenness_centrality(k=samples, seed=seed)`` draws and gives the same values; on a
    fragmented one no source is wasted on a small component.
    """
    nodes, h = to_igraph(g)
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0), True
    norm = 2.0 / ((n - 1) * (n - 2))
    if samples is None or samples >= n:
        raw = h.betweenness(directed=False)  # unordered pairs
        return {nodes[i]: raw[i] * norm for i in range(n)}, True
    rng = random.Random(seed)
    exact = True
    strata = []
    sources: list[int] = []
    for comp in sorted((sorted(c) for c in h.connected_components()), key=lambda c: c[0]):
        r = len(comp)
        if r <= 2:
            continue
        if r <= samples:
            chosen = comp
        else:
            chosen = rng.sample(comp, samples)
            exact = False
        strata.append((comp, set(chosen)))
        sources.extend(chosen)
    raw = _source_betweenness(h, sorted(sources)) if sources else [0.0] * n
    out = dict.fromkeys(nodes, 0.0)
    for comp, chosen in strata:
        r, k = len(comp), len(chosen)
        for v in comp:
            kv = k - 1 if v in chosen else k
            out[nodes[v]] = raw[v] * (r - 1) / kv * norm if kv > 0 else 0.0
    return out, exact


PARALLEL_SOURCES = 200  # sampled sources from which betweenness is split over processes
_CHUNKS = 4  # fixed split (sources[i::4]): the sums do not depend on the number of cores
_SHARED_GRAPH = None  # the igraph graph, inherited by forked workers


def _betweenness_chunk(sources):
    return _SHARED_GRAPH.betweenness(directed=False, sources=sources)


def _source_betweenness(h, sources: list[int]) -> list[float]:
    """igraph's betweenness summed over ``sources``. Many sources on a large graph are split
    into four interleaved chunks computed in forked worker processes (one per core, up to
    four) and added in chunk order, so the result is the same with one core or four."""
    import multiprocessing as mp
    import os
    if len(sources) < PARALLEL_SOURCES or h.vcount() < 2 * SAMPLE_THRESHOLD:
        return h.betweenness(directed=False, sources=sources)
    import numpy as np
    global _SHARED_GRAPH
    chunks = [sources[i::_CHUNKS] for i in range(_CHUNKS)]
    workers = min(_CHUNKS, os.cpu_count() or 1)
    if workers > 1 and "fork" in mp.get_all_start_methods():
        _SHARED_GRAPH = h
        try:
            with mp.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_betweenness_chunk, chunks)
        finally:
            _SHARED_GRAPH = None
    else:
        parts = [h.betweenness(directed=False, sources=c) for c in chunks]
    total = np.array(parts[0], dtype=float)
    for part in parts[1:]:
        total += np.asarray(part, dtype=float)
    return total.tolist()


def _closeness_igraph(g) -> dict:
    nodes, h = to_igraph(g)
    n = len(nodes)
    comp_size = [0] * n
    for comp in h.connected_components():
        for v in comp:
            comp_size[v] = len(comp)
    vals = h.closeness(normalized=True)
    return {nodes[i]: (0.0 if comp_size[i] <= 1 or vals[i] != vals[i] else
                       vals[i] * (comp_size[i] - 1) / (n - 1)) for i in range(n)}


class _one_thread:
    """igraph's PageRank (PRPACK) sums in OpenMP threads, so the last bits of its scores
    changed from run to run (arXiv coauthor graph: up to 4e-11 relative; 318 of 340k scores
    differed at the 10 significant digits kept): in one thread they repeat exactly (and it
    was not slower on 2 cores: 1.4 s). Also around ARPACK (eigenvector), whose BLAS may thread."""

    def __enter__(self):
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # (a dependency; without it, results may vary in the last bits)
            self._limit = None
        else:
            self._limit = threadpool_limits(1)
        return self

    def __exit__(self, *exc):
        if self._limit is not None:
            self._limit.restore_original_limits()
        return False


def _eigenvector_igraph(g, weight) -> dict:
    nodes, h = to_igraph(g, weight)
    with warnings.catch_warnings(), _one_thread():
        warnings.simplefilter("ignore", RuntimeWarning)
        vals = h.eigenvector_centrality(scale=True, weights="w" if weight else None)
    norm = math.sqrt(sum(x * x for x in vals)) or 1.0
    return {nodes[i]: abs(vals[i]) / norm for i in range(len(nodes))}


def _eigenvector_power(g, weight, max_iter: int, tol: float) -> dict:
    """``nx.eigenvector_centrality`` (power iteration on A + I from a uniform start, the same
    stopping rule), each step one sparse product instead of a Python loop over the edges: the
    same scores to the tolerance, and 811 steps on a 635-node graph in milliseconds, not 8.8 s."""
    import numpy as np
    nodes = list(g)
    n = len(nodes)
    a = nx.to_scipy_sparse_array(g, nodelist=nodes, weight=weight, dtype=float, format="csr")
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + a @ last
        norm = math.sqrt(float(x @ x)) or 1.0
        x = x / norm
        if float(np.abs(x - last).sum()) < n * tol:
            return dict(zip(nodes, x.tolist()))
    raise nx.PowerIterationFailedConvergence(max_iter)


def _pagerank_igraph(g, weight) -> dict:
    nodes, h = to_igraph(g, weight)
    with _one_thread():
        vals = h.pagerank(damping=0.85, weights="w" if weight else None, directed=False)
    return {nodes[i]: vals[i] for i in range(len(nodes))}


def choose_engine(g, engine: str = "auto", backend: str | None = None) -> str:
    if engine not in ENGINES:
        raise GraphkitError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    return _auto_engine(g.number_of_nodes(), backend)


def _auto_engine(nodes: int, backend: str | None) -> str:
    return "igraph" if backend is None and nodes > SAMPLE_THRESHOLD else "networkx"


def scores(g, *, measure: str = "pagerank", weight: str | None = "weight", samples: int | None = None,
           seed: int = 0, engine: str = "auto", backend: str | None = None) -> tuple[dict, dict]:
    """``({node: score}, meta)`` for one measure; ``meta`` says engine, samples and whether the
    scores are an estimate. See the module docstring for the size policy."""
    if measure not in MEASURES:
        raise GraphkitError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURES)}")
    g = simple_graph(g)
    n = g.number_of_nodes()
    eng = choose_engine(g, engine, backend)
    if measure in SAMPLED:
        if samples is None:
            samples = DEFAULT_SAMPLES if n > SAMPLE_THRESHOLD else 0
        if samples < 0:
            raise GraphkitError("--samples must be 0 (exact) or a positive number of sources")
        k = samples if 0 < samples < n else None
    else:
        k = None
    meta = {"measure": measure, "engine": eng, "backend": backend, "nodes": n,
            "samples": k, "seed": seed if k else None, "weight": weight, "estimate": False}
    if n == 0:
        return {}, meta
    if measure == "degree":
        s = dict(g.degree())
        meta["engine"] = "networkx"
    elif measure == "weighted-degree":
        s = {v: _sig(x) for v, x in g.degree(weight=weight)}
        meta["engine"] = "networkx"
    elif measure == "betweenness":
        if eng == "igraph":
            s, exact = _betweenness_igraph(g, k, seed)
        else:
            s = _nx(nx.betweenness_centrality, g, backend, k=k, seed=seed if k else None)
            exact = k is None
        meta["estimate"] = not exact
    elif measure in ("closeness", "harmonic"):
        if k is not None:
            s, exact = pivot_distances(g, samples=k, seed=seed, measure=measure)
            meta["estimate"] = not exact
            meta["engine"] = "scipy"
        elif measure == "closeness":
            s = _closeness_igraph(g) if eng == "igraph" else _nx(nx.closeness_centrality, g, backend)
        else:
            if eng == "igraph":
                nodes, h = to_igraph(g)
                vals = h.harmonic_centrality(normalized=False)
                s = {nodes[i]: vals[i] for i in range(n)}
            else:
                s = _nx(nx.harmonic_centrality, g, backend)
    elif measure == "eigenvector":
        if g.number_of_edges() == 0:
            s = {v: 1 / math.sqrt(n) for v in g}
        elif eng == "igraph":
            s = _eigenvector_igraph(g, weight)
        else:
            try:
                if backend:
                    s = _nx(nx.eigenvector_centrality, g, backend, weight=weight, max_iter=1000,
                            tol=NX_TOL)
                else:
                    s = _eigenvector_power(g, weight, max_iter=1000, tol=NX_TOL)
            except nx.PowerIterationFailedConvergence:
                if backend:
                    raise GraphkitError("eigenvector centrality did not converge in 1000 "
                                        "iterations; try --engine igraph or PageRank") from None
                # components with nearly equal leading eigenvalues stall power iteration;
                # ARPACK (igraph) still finds the principal eigenvector
                s = _eigenvector_igraph(g, weight)
                meta["engine"] = "igraph"
    else:  # pagerank
        saved = (_saved_scores(g, measure) if engine == "auto" and backend is None
                 and weight == ARRAY_WEIGHT else None)
        if saved is not None and saved[1] == eng:  # computed by the ingest with these settings
            s = saved[0]
        elif eng == "igraph":
            s = _pagerank_igraph(g, weight)
        else:
            s = _nx(nx.pagerank, g, backend, weight=weight, tol=NX_TOL, max_iter=1000)
    return s, meta


def centrality(g, *, measure: str = "pagerank", weight: str | None = "weight", samples: int | None = None,
               seed: int = 0, top: int | None = None, engine: str = "auto",
               backend: str | None = None) -> Rows:
    """Rank the nodes of ``g`` by one centrality measure.

    Parameters: ``measure`` (one of ``MEASURES``); ``weight`` edge attribute for weighted
    degree, eigenvector and PageRank (None: unweighted); ``samples`` sources for the sampled
    estimate of betweenness/closeness/harmonic (None: exact up to ``SAMPLE_THRESHOLD`` nodes,
    ``DEFAULT_SAMPLES`` above; 0: always exact); ``seed`` for the sample; ``top`` keeps the
    first rows; ``engine`` auto|networkx|igraph; ``backend`` a NetworkX backend name passed to
    the ``nx.*`` calls (implies the networkx engine).

    Returns ``Rows`` (a list of dicts: key, name, kind, papers, score, rank, estimate) sorted
    by rank, ties by key; ``rows.meta`` tells the engine, samples and whether it is an estimate.

    >>> import networkx as nx
    >>> rows = centrality(nx.path_graph(3), measure="betweenness")
    >>> [(r["key"], r["score"]) for r in rows]
    [(1, 1.0), (0, 0.0), (2, 0.0)]
    """
    s, meta = scores(g, measure=measure, weight=weight, samples=samples, seed=seed, engine=engine,
                     backend=backend)
    return Rows(rank_rows(simple_graph(g), s, estimate=meta["estimate"], top=top), meta)


def centrality_table(g, *, measures=MEASURES, sort_by: str = "pagerank", weight: str | None = "weight",
                     samples: int | None = None, seed: int = 0, top: int | None = None,
                     engine: str = "auto", backend: str | None = None) -> Rows:
    """Several measures side by side: one row per node with a score column per measure, sorted
    by ``sort_by`` (its rank in ``rank``). ``meta["measures"]`` holds each measure's meta."""
    measures = list(measures)
    if sort_by not in measures:
        measures.insert(0, sort_by)
    sg = simple_graph(g)
    per: dict[str, dict] = {}
    metas = {}
    for m in measures:
        per[m], metas[m] = scores(sg, measure=m, weight=weight, samples=samples, seed=seed,
                                  engine=engine, backend=backend)
    rows = rank_rows(sg, per[sort_by], estimate=metas[sort_by]["estimate"], top=top)
    for r in rows:
        r.pop("score")
        r.pop("estimate")
        for m in measures:
            r[m] = _sig(per[m][r["key"]])
    estimated = [m for m in measures if metas[m]["estimate"]]
    return Rows(rows, {"measures": metas, "sort_by": sort_by, "estimated": estimated})


# ---------------------------------------------------------------- saving results as RDF
def analysis_iri(name: str) -> str:
    """IRI of a saved analysis (named graph and prov:Activity): ``vocab.ANALYSIS + name``."""
    from ..rdf.vocab import ANALYSIS
    return ANALYSIS + name


def analysis_lines(name: str, *, measure: str, title: str, parameters: dict, started: str, ended: str,
                   results, estimate: bool | None = None, extra: dict | None = None,
                   generation: int | None = None):
    """N-Triples lines of one analysis run.

    The run ``<ANALYSIS+name>`` is a ``prov:Activity`` with ``dcterms:title``, ``gk:measure``,
    one ``gk:parameter "name=value"`` per parameter, ``prov:startedAtTime`` and
    ``prov:endedAtTime`` (xsd:dateTime), ``gk:estimate`` when sampled, ``gk:<extra>`` doubles
    (e.g. ``gk:modularity``) and ``gk:workspaceGeneration`` (xsd:integer), the generation of the
    workspace it was computed on (a later ingest, merge or split writes a new one). Each result ``(node key, score, rank, community or None)`` is
    ``<ANALYSIS+name/key>``, a ``gk:AnalysisResult`` with ``gk:node`` (the entity IRI),
    ``gk:measure``, ``gk:score`` (xsd:double), ``gk:rank`` (xsd:integer), ``gk:community``
    (xsd:integer, communities only) and ``prov:wasGeneratedBy`` the run.
    """
    from ..rdf.convert import ent, lit
    from ..rdf.vocab import DCTERMS, GK, PROV, RDF, XSD
    act = analysis_iri(name)
    a = f"<{act}>"
    m = lit(measure)
    lines = [f"{a} <{RDF}type> <{PROV}Activity> .",
             f"{a} <{DCTERMS}title> {lit(title)} .",
             f"{a} <{GK}measure> {m} ."]
    for k, v in sorted(parameters.items()):
        lines.append(f"{a} <{GK}parameter> {lit(f'{k}={v}')} .")
    lines.append(f"{a} <{PROV}startedAtTime> {lit(started, XSD + 'dateTime')} .")
    lines.append(f"{a} <{PROV}endedAtTime> {lit(ended, XSD + 'dateTime')} .")
    if estimate is not None:
        lines.append(f"{a} <{GK}estimate> {lit(bool(estimate))} .")
    if generation is not None:
        lines.append(f"{a} <{GK}workspaceGeneration> {lit(int(generation))} .")
    for k, v in sorted((extra or {}).items()):
        lines.append(f"{a} <{GK}{k}> {lit(repr(float(v)), XSD + 'double')} .")
    for key, score, rank, community in results:
        r = f"<{act}/{key}>"
        lines.append(f"{r} <{RDF}type> <{GK}AnalysisResult> .")
        lines.append(f"{r} <{GK}node> {ent(str(key))} .")
        lines.append(f"{r} <{GK}measure> {m} .")
        lines.append(f"{r} <{GK}score> {lit(repr(float(score)), XSD + 'double')} .")
        lines.append(f"{r} <{GK}rank> {lit(int(rank))} .")
        if community is not None:
            lines.append(f"{r} <{GK}community> {lit(int(community))} .")
        lines.append(f"{r} <{PROV}wasGeneratedBy> {a} .")
    return lines


def save_analysis(ws, name: str, **kw) -> int:
    """Write one analysis run into the workspace as the named graph ``analysis_iri(name)``
    (replacing an earlier run of the same name); ``kw`` as for ``analysis_lines``. Returns the
    number of triples written."""
    kw.setdefault("generation", (getattr(ws, "manifest", None) or {}).get("generation"))
    return ws.replace_named_graph(analysis_iri(name), analysis_lines(name, **kw))
