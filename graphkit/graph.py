"""NetworkX views of a corpus.

* ``knowledge_graph``: ``nx.MultiDiGraph`` of papers, authors, institutions and topics
  (node attribute ``kind``), edges ``authored`` (author -> paper, ``position``),
  ``affiliated`` (author -> institution, ``paper``), ``about`` (paper -> topic, ``score``),
  ``mentions`` (paper -> institution), ``broader`` (topic -> topic).
* ``coauthor_graph``: undirected ``nx.Graph`` of authors; edge attributes ``papers`` (sorted
  keys), ``count`` (joint papers), ``fractional`` (Newman: each paper adds 1/(n-1)),
  ``weight`` (per the counting policy), ``first_year``, ``last_year``.
* ``institution_graph`` and ``topic_graph``: co-occurrence projections of the same shape.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

from . import _gc
from .model import DEFAULT_MAX_AUTHORS, Corpus


EDGE_COUNT = "graphkit.edge_count"  # key in networkx's per-graph cache (remember_sorted)


def edge_count(g) -> int:
    """``g.number_of_edges()`` of a simple graph from its adjacency sizes (networkx sums the
    degree view: 0.2 s on the arXiv coauthor graph, 0.02 s here), or from ``g``'s cache.

    >>> g = nx.Graph([(1, 2), (2, 3), (3, 3)])
    >>> edge_count(g) == g.number_of_edges() == 3
    True
    """
    cache = getattr(g, "__networkx_cache__", None)
    if cache and EDGE_COUNT in cache:
        return cache[EDGE_COUNT]
    if g.is_multigraph() or g.is_directed():
        return g.number_of_edges()
    adj = g._adj
    ends = sum(map(len, adj.values()))  # each edge twice, a self-loop once
    loops = sum(map(dict.__contains__, adj.values(), adj))
    return (ends + loops) // 2


def knowledge_graph(corpus: Corpus) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for p in corpus.papers.values():
        g.add_node(p.key, kind="paper", label=p.title, year=p.year, date=p.date,
                   date_inferred=p.date_inferred, has_code=p.has_code,
                   authors_complete=p.authors_complete)
    for a in corpus.authors.values():
        g.add_node(a.key, kind="author", label=a.name, ambiguous=a.ambiguous)
    for i in corpus.institutions.values():
        g.add_node(i.key, kind="institution", label=i.name, country=i.country)
    for t in corpus.topics.values():
        g.add_node(t.key, kind="topic", label=t.label, scheme=t.scheme, code=t.code)
    for t in corpus.topics.values():
        if t.broader:
            g.add_edge(t.key, t.broader, key="broader", kind="broader")
    for s in corpus.authorships:
        g.add_edge(s.author, s.paper, key="authored", kind="authored", position=s.position)
        for inst in s.institutions:
            g.add_edge(s.author, inst, key=f"affiliated:{s.paper}", kind="affiliated", paper=s.paper)
    for pt in corpus.paper_topics:
        g.add_edge(pt.paper, pt.topic, key="about", kind="about", score=pt.score)
    for paper, inst in corpus.paper_institutions:
        g.add_edge(paper, inst, key="mentions", kind="mentions")
    return g


def _project(groups, corpus: Corpus, *, counting: str, max_members: int | None,
             node_attrs, touching: set | None = None, within: bool = False) -> nx.Graph:
    """Clique projection of ``groups`` (paper key -> ordered member keys).

    Pairs are tallied in a plain dict and the adjacency is filled in one pass (the same nodes,
    edges and insertion order as ``add_edge`` one pair at a time, about 3x faster at a million
    edges), with the garbage collector paused.

    With ``touching``, only the edges with an end in ``touching`` are kept, and only the nodes
    on those edges or in ``touching``; only the nodes of ``touching`` get attributes. A node of
    ``touching`` has the same neighbours in the same order with the same attributes as in the
    whole projection, and the nodes of ``touching`` keep their order relative to each other (the
    pairs are the same sequence, thinned), as long as ``groups`` holds every group with a
    member in ``touching``, in the same order. With ``within`` as well, only the edges with
    both ends in ``touching`` are kept (those edges as in the whole projection), and only the
    nodes of ``touching``.
    """
    if counting not in ("full", "fractional"):
        raise ValueError("counting must be 'full' or 'fractional'")
    with _gc.paused():
        excluded = []
        papers_per_node: Counter = Counter()
        tally: dict[tuple, list] = {}
        get = tally.get
        papers = corpus.papers
        for paper, members in groups.items():
            if len(members) > 1:
                members = list(dict.fromkeys(members))
            if touching is None:
                papers_per_node.update(members)
            else:  # (only the paper counts of ``touching`` are kept below)
                mine = [m for m in members if m in touching]
                if not mine:
                    continue
                papers_per_node.update(mine)
            n = len(members)
            if max_members is not None and n > max_members:
                excluded.append(paper)
                continue
            if n < 2:
                continue
            p = papers.get(paper)
            year = p.year if p is not None else None
            frac = 1.0 / (n - 1)
            if touching is None:
                pairs = combinations(sorted(members), 2)
            elif within:  # (the pairs below, thinned: the same order)
                pairs = combinations(sorted(mine), 2)
            else:
                pairs = [(u, v) for u, v in combinations(sorted(members), 2)
                         if u in touching or v in touching]
            for pair in pairs:
                d = get(pair)
                if d is None:
                    tally[pair] = [[paper], 1, frac, year, year]
                else:
                    d[0].append(paper)
                    d[1] += 1
                    d[2] += frac
                    if year is not None:
                        if d[3] is None or year < d[3]:
                            d[3] = year
                        if d[4] is None or year > d[4]:
                            d[4] = year
        g = nx.Graph()
        adj, node = g._adj, g._node  # filled as add_edge would, without its per-call overhead
        full = counting == "full"
        for (u, v), (ps, c, f, fy, ly) in tally.items():
            ps.sort()
            f = round(f, 12)
            d = {"papers": ps, "count": c, "fractional": f, "first_year": fy, "last_year": ly,
                 "weight": c if full else f}
            au = adj.get(u)
            if au is None:
                au = adj[u] = {}
                node[u] = {}
            av = adj.get(v)
            if av is None:
                av = adj[v] = {}
                node[v] = {}
            au[v] = d
            av[u] = d
        del tally
        for key, count in papers_per_node.items():
            if touching is not None and key not in touching:
                continue  # (its papers were not all seen: see coauthor_graph)
            attrs = node.get(key)
            if attrs is None:
                adj[key] = {}
                attrs = node[key] = {}
            attrs["papers"] = count
            attrs.update(node_attrs(key))
        nx._clear_cache(g)
        g.graph.update(counting=counting, max_authors=max_members, excluded_papers=sorted(excluded),
                       papers=len(groups))
    return g


def coauthor_graph(corpus: Corpus, *, counting: str = "full",
                   max_authors: int | None = DEFAULT_MAX_AUTHORS, touching: set | None = None,
                   within: bool = False) -> nx.Graph:
    """Undirected coauthor graph; papers with more than ``max_authors`` listed authors are
    left out of the projection (listed in ``g.graph['excluded_papers']``) but their authors
    stay as nodes. ``max_authors=None`` keeps every paper. ``touching`` (a set of author keys):
    only the links of these authors, as in the whole graph (see ``_project``); with ``within``,
    only the links among them (the subgraph of the whole graph they induce, but for the order
    of nodes and neighbours).

    >>> from graphkit.model import Corpus, Paper, Author, Authorship
    >>> c = Corpus(papers={"p": Paper("p", "T", 2020)},
    ...            authors={k: Author(k, k) for k in "abc"},
    ...            authorships=tuple(Authorship("p", k, i + 1, k) for i, k in enumerate("abc")))
    >>> g = coauthor_graph(c, counting="fractional")
    >>> sorted(g.edges(data="weight"))
    [('a', 'b', 0.5), ('a', 'c', 0.5), ('b', 'c', 0.5)]
    """
    groups: dict[str, list[str]] = defaultdict(list)
    ships = corpus.authorships
    if touching is None:
        for s in ships:
            groups[s.paper].append(s.author)
        for p in corpus.papers:
            groups.setdefault(p, [])
    else:  # the papers of those authors only; the graph's notes still count every paper
        for s in ships:
            groups[s.paper].append(s.author)
        every = groups
        groups = {p: m for p, m in every.items() if not touching.isdisjoint(m)}
    authors = corpus.authors
    g = _project(dict(groups), corpus, counting=counting, max_members=max_authors,
                 node_attrs=lambda k: {"label": authors[k].name if k in authors else k,
                                       "kind": "author"}, touching=touching, within=within)
    if touching is not None:
        excluded = [] if max_authors is None else \
            [p for p, m in every.items() if len(m) > max_authors and len(set(m)) > max_authors]
        g.graph.update(excluded_papers=sorted(excluded), papers=len(set(corpus.papers) | every.keys()))
    return g


def coauthor_nodes(corpus: Corpus) -> list[str]:
    """The nodes of ``coauthor_graph(corpus)`` (every author with a paper), sorted."""
    return sorted({s.author for s in corpus.authorships})


def coauthor_graph_of(source, corpus: Corpus | None = None, *, counting: str = "full",
                      max_authors: int | None = DEFAULT_MAX_AUTHORS, arrays: bool = False) -> nx.Graph:
    """The coauthor graph of ``corpus``, or of the whole corpus of ``source`` (a workspace or
    a corpus) when ``corpus`` is None: then a workspace's saved graph is read, not built
    (``arrays``: see ``Workspace.coauthor_graph``)."""
    if corpus is None:
        if hasattr(source, "coauthor_graph"):
            return source.coauthor_graph(counting=counting, max_authors=max_authors, arrays=arrays)
        corpus = source if isinstance(source, Corpus) else source.corpus()
    return coauthor_graph(corpus, counting=counting, max_authors=max_authors)


def institution_graph(corpus: Corpus, *, counting: str = "full",
                      max_authors: int | None = DEFAULT_MAX_AUTHORS) -> nx.Graph:
    """Institutions linked when they appear on the same paper (author affiliations and
    institutions stated on the paper)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for s in corpus.authorships:
        groups[s.paper].extend(s.institutions)
    for paper, inst in corpus.paper_institutions:
        groups[paper].append(inst)
    insts = corpus.institutions
    return _project(dict(groups), corpus, counting=counting, max_members=max_authors,
                    node_attrs=lambda k: {"label": insts[k].name, "kind": "institution"})


def topic_graph(corpus: Corpus, *, scheme: str | None = None, counting: str = "full") -> nx.Graph:
    """Topics linked when they are subjects of the same paper."""
    groups: dict[str, list[str]] = defaultdict(list)
    topics = corpus.topics
    for pt in corpus.paper_topics:
        if scheme is None or topics[pt.topic].scheme == scheme:
            groups[pt.paper].append(pt.topic)
    return _project(dict(groups), corpus, counting=counting, max_members=None,
                    node_attrs=lambda k: {"label": topics[k].label, "kind": "topic"})
