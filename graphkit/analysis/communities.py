"""Communities: groups of people who work together more than with others.

``communities(g, algorithm="leiden" | "louvain", seed=0, resolution=1.0)`` partitions the
graph by maximising modularity (Newman & Girvan 2004) with

* Leiden (Traag, Waltman & van Eck, "From Louvain to Leiden: guaranteeing well-connected
  communities", Sci. Rep. 9, 5233, 2019) through igraph's ``community_leiden`` (modularity
  objective; iterated until stable up to 5,000 nodes, 5 passes above; igraph's random
  generator seeded with ``seed``);
* Louvain (Blondel et al., J. Stat. Mech. 2008) through ``nx.community.louvain_communities``.

With a NetworkX ``backend`` (e.g. ``cugraph`` on a GPU) both run through NetworkX's dispatch:
``nx.community.leiden_communities`` (which NetworkX leaves to backends) and
``nx.community.louvain_communities``; a backend that lacks the algorithm is an error naming it.

The same graph and seed give the same communities. Communities are numbered 1, 2, ... from the
largest (ties: by the smallest member key); members are listed by degree in the whole graph
(then weighted degree, then key).

>>> import networkx as nx
>>> g = nx.Graph([(1, 2), (2, 3), (1, 3), (3, 4), (4, 5), (5, 6), (4, 6)])
>>> r = communities(g, algorithm="louvain")
>>> [c["members"] for c in r["communities"]], round(r["modularity"], 4)
([[3, 1, 2], [4, 5, 6]], 0.3571)
"""
from __future__ import annotations

import random
from collections import Counter

import networkx as nx

from ..errors import GraphkitError
from .centrality import SAMPLE_THRESHOLD, _nx, node_name, node_order, simple_graph, to_igraph

ALGORITHMS = ("leiden", "louvain")
# Leiden passes above SAMPLE_THRESHOLD nodes (below: until a pass no longer improves). On the
# 283k-author arXiv coauthor graph 5 passes took 8 s for modularity 0.8798, until-stable 85 s
# for 0.8812.
LARGE_GRAPH_ITERATIONS = 5


def _leiden(g, *, seed: int, resolution: float, weight: str | None, iterations: int | None = None) -> list[set]:
    import igraph as ig
    nodes, h = to_igraph(g, weight)
    if iterations is None:
        iterations = -1 if g.number_of_nodes() <= SAMPLE_THRESHOLD else LARGE_GRAPH_ITERATIONS
    previous = random  # igraph's default generator is Python's random module
    ig.set_random_number_generator(random.Random(seed))
    try:
        part = h.community_leiden(objective_function="modularity", weights="w" if weight else None,
                                  resolution=resolution, beta=0.01, n_iterations=iterations)
    finally:
        ig.set_random_number_generator(previous)
    groups: dict[int, set] = {}
    for i, c in enumerate(part.membership):
        groups.setdefault(c, set()).add(nodes[i])
    return list(groups.values())


def partition(g, *, algorithm: str = "leiden", seed: int = 0, resolution: float = 1.0,
              weight: str | None = "weight", backend: str | None = None,
              iterations: int | None = None) -> list[set]:
    """The raw partition (a list of node sets) found by ``algorithm``. ``iterations``: Leiden
    passes (None: until stable up to ``SAMPLE_THRESHOLD`` nodes, ``LARGE_GRAPH_ITERATIONS``
    above; -1: until stable)."""
    if algorithm not in ALGORITHMS:
        raise GraphkitError(f"unknown algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}")
    if resolution <= 0:
        raise GraphkitError("--resolution must be positive")
    g = simple_graph(g)
    if g.number_of_nodes() == 0:
        return []
    if algorithm == "leiden" and not backend:
        return _leiden(g, seed=seed, resolution=resolution, weight=weight, iterations=iterations)
    func = nx.community.leiden_communities if algorithm == "leiden" else nx.community.louvain_communities
    return [set(c) for c in _nx(func, g, backend, weight=weight, resolution=resolution, seed=seed)]


class _TopicIndex:
    """Papers per author and topics per paper, built once per call."""

    def __init__(self, corpus):
        self.corpus = corpus
        self.papers: dict[str, list[str]] = {}
        for a in corpus.authorships:
            self.papers.setdefault(a.author, []).append(a.paper)
        self.topics: dict[str, list[str]] = {}
        for pt in corpus.paper_topics:
            self.topics.setdefault(pt.paper, []).append(pt.topic)

    def top(self, members, limit: int) -> list[dict]:
        """Most frequent topics over the distinct papers of ``members``."""
        papers = {p for m in members for p in self.papers.get(m, ())}
        counts = Counter(t for p in papers for t in self.topics.get(p, ()))
        out = []
        for t, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:limit]:
            topic = self.corpus.topics.get(t)
            out.append({"key": t, "label": topic.label if topic else t,
                        "code": topic.code if topic else None, "papers": n})
        return out


def communities(g, *, algorithm: str = "leiden", seed: int = 0, resolution: float = 1.0,
                weight: str | None = "weight", corpus=None, top_topics: int = 5,
                backend: str | None = None, iterations: int | None = None) -> dict:
    """Partition ``g`` into communities and describe them.

    Returns ``{"algorithm", "seed", "resolution", "modularity", "communities", "membership"}``:
    ``communities`` is a list of dicts (``id``, ``size``, ``members`` ordered by degree,
    ``names``, ``internal_edges``, ``density`` = internal edges / possible pairs, None for a
    single member, ``top_topics`` = the ``top_topics`` most frequent topics of the members'
    papers when a ``corpus`` is given); ``membership`` maps each node to its community id;
    ``modularity`` is ``nx.community.modularity`` of the partition (same weight and
    resolution).
    """
    sg = simple_graph(g)
    parts = partition(sg, algorithm=algorithm, seed=seed, resolution=resolution, weight=weight,
                      backend=backend, iterations=iterations)
    deg = dict(sg.degree())
    wdeg = dict(sg.degree(weight=weight)) if weight else deg
    order = lambda n: (-deg[n], -wdeg[n], node_order(n))  # noqa: E731
    ranked = sorted((sorted(p, key=order) for p in parts),
                    key=lambda ms: (-len(ms), min(node_order(m) for m in ms)))
    q = (nx.community.modularity(sg, [set(p) for p in ranked], weight=weight, resolution=resolution)
         if sg.number_of_edges() else 0.0)
    membership = {m: cid for cid, members in enumerate(ranked, start=1) for m in members}
    internal = Counter(membership[u] for u, v in sg.edges() if u != v and membership[u] == membership[v])
    index = _TopicIndex(corpus) if corpus is not None and top_topics > 0 else None
    out = []
    for cid, members in enumerate(ranked, start=1):
        s = len(members)
        out.append({"id": cid, "size": s, "members": members,
                    "names": [node_name(sg, m) for m in members],
                    "internal_edges": internal[cid],
                    "density": round(2 * internal[cid] / (s * (s - 1)), 6) if s > 1 else None,
                    "top_topics": index.top(members, top_topics) if index else []})
    return {"algorithm": algorithm, "seed": seed, "resolution": resolution,
            "modularity": round(float(q), 6), "communities": out, "membership": membership}
