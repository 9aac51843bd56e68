"""Network statistics of a coauthor (or institution, or knowledge) graph and its corpus.

``network_stats(g, corpus=...)`` returns an ordered dict of named figures: size, density,
components and the giant component's share, isolates, average clustering (Watts & Strogatz
1998; nodes of degree < 2 count as 0, as in ``nx.average_clustering``), transitivity, a
degree summary, the average shortest-path length within the giant component (exact up to
``centrality.SAMPLE_THRESHOLD`` nodes, estimated from ``samples`` BFS sources above), and
from the corpus: mean and median team size, share of single-author papers, papers per author.

>>> import networkx as nx
>>> s = network_stats(nx.path_graph(4))
>>> s["nodes"], s["edges"], s["components"], s["average_path_length"]
(4, 3, 1, 1.666667)
"""
from __future__ import annotations

import random
import statistics
from collections import Counter

import networkx as nx

from .centrality import DEFAULT_SAMPLES, SAMPLE_THRESHOLD, node_order, simple_graph, to_igraph


def _r(x, digits: int = 6):
    return None if x is None else round(float(x), digits)


def _mean_distance(g, nodes, *, samples: int | None, seed: int) -> tuple[float | None, bool]:
    """Mean hop distance over ordered pairs of ``nodes`` (one connected component): exact when
    ``samples`` is None or not smaller than the component, else from ``samples`` sources."""
    import numpy as np
    from scipy.sparse.csgraph import shortest_path
    nodes = sorted(nodes, key=node_order)
    r = len(nodes)
    if r < 2:
        return None, False
    if samples is None or samples >= r:
        if r <= 1000:  # networkx is the reference; above, the same sums from scipy's C BFS
            sub = g if r == g.number_of_nodes() else g.subgraph(nodes).copy()
            return nx.average_shortest_path_length(sub), False
        sources, estimate = list(range(r)), False
    else:
        sources, estimate = sorted(random.Random(seed).sample(range(r), samples)), True
    a = nx.to_scipy_sparse_array(g, nodelist=nodes, weight=None, dtype=float, format="csr")
    total = 0.0
    for i in range(0, len(sources), 64):
        d = shortest_path(a, method="D", unweighted=True, directed=True, indices=sources[i:i + 64])
        total += float(np.sum(d))
    return total / (len(sources) * (r - 1)), estimate


def network_stats(g, *, corpus=None, samples: int | None = None, seed: int = 0,
                  components_listed: int = 5) -> dict:
    """Figures describing ``g`` (and ``corpus`` when given).

    ``samples``: BFS sources for the average path length (None: exact up to
    ``SAMPLE_THRESHOLD`` nodes in the giant component, ``DEFAULT_SAMPLES`` above; 0: exact);
    ``seed`` draws them. ``components_listed``: how many of the largest component sizes to list.
    Keys ending in ``_estimated`` say whether the figure before it is an estimate.
    """
    g = simple_graph(g)
    n, m = g.number_of_nodes(), g.number_of_edges()
    comps = sorted(((len(c), min(node_order(x) for x in c), c) for c in nx.connected_components(g)),
                   key=lambda t: (-t[0], t[1]))
    giant = comps[0][2] if comps else set()
    degrees = sorted(d for _, d in g.degree())
    if n > SAMPLE_THRESHOLD:
        nodes, h = to_igraph(g)
        clustering = h.transitivity_avglocal_undirected(mode="zero")
        transitivity = h.transitivity_undirected()
    else:
        clustering = nx.average_clustering(g) if n else None
        transitivity = nx.transitivity(g) if n else None
    if samples is None:
        samples = DEFAULT_SAMPLES if len(giant) > SAMPLE_THRESHOLD else 0
    apl, apl_est = _mean_distance(g, giant, samples=samples or None, seed=seed)
    out = {
        "nodes": n,
        "edges": m,
        "density": _r(nx.density(g)) if n else None,
        "components": len(comps),
        "largest_components": [c[0] for c in comps[:components_listed]],
        "giant_component_nodes": len(giant),
        "giant_component_share": _r(len(giant) / n) if n else None,
        "isolates": sum(1 for d in degrees if d == 0),
        "average_clustering": _r(clustering),
        "transitivity": _r(transitivity),
        "degree_min": degrees[0] if degrees else None,
        "degree_median": statistics.median(degrees) if degrees else None,
        "degree_mean": _r(2 * m / n) if n else None,
        "degree_max": degrees[-1] if degrees else None,
        "average_path_length": _r(apl),
        "average_path_length_estimated": apl_est,
    }
    if apl_est:
        out["average_path_length_samples"] = samples
    if g.graph.get("max_authors") is not None or "excluded_papers" in g.graph:
        out["papers_left_out"] = len(g.graph.get("excluded_papers") or [])
    if corpus is not None:
        out.update(corpus_stats(corpus))
    return out


def corpus_stats(corpus) -> dict:
    """Team sizes and productivity: papers, authors, mean/median authors per paper (papers with
    at least one author), share of single-author papers, papers per author, and how many papers
    have a truncated author list (their team size is a lower bound)."""
    team = Counter(a.paper for a in corpus.authorships)
    sizes = sorted(team.values())
    per_author = Counter(a.author for a in corpus.authorships)
    return {
        "papers": len(corpus.papers),
        "authors": len(corpus.authors),
        "mean_team_size": _r(sum(sizes) / len(sizes)) if sizes else None,
        "median_team_size": statistics.median(sizes) if sizes else None,
        "max_team_size": sizes[-1] if sizes else None,
        "single_author_share": _r(sum(1 for s in sizes if s == 1) / len(sizes)) if sizes else None,
        "papers_per_author": _r(sum(per_author.values()) / len(per_author)) if per_author else None,
        "papers_with_incomplete_author_lists": sum(1 for p in corpus.papers.values()
                                                   if not p.authors_complete),
    }


def stats_rows(stats: dict) -> list[dict]:
    """``network_stats`` as ``metric``/``value`` rows (lists joined), for tables."""
    return [{"metric": k, "value": ", ".join(map(str, v)) if isinstance(v, list) else v}
            for k, v in stats.items()]
