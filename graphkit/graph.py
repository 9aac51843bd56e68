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

from .model import Corpus

DEFAULT_MAX_AUTHORS = 100


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
             node_attrs) -> nx.Graph:
    """Clique projection of ``groups`` (paper key -> ordered member keys)."""
    if counting not in ("full", "fractional"):
        raise ValueError("counting must be 'full' or 'fractional'")
    g = nx.Graph()
    excluded = []
    papers_per_node: Counter = Counter()
    for paper, members in groups.items():
        members = list(dict.fromkeys(members))
        for m in members:
            papers_per_node[m] += 1
        if max_members is not None and len(members) > max_members:
            excluded.append(paper)
            continue
        n = len(members)
        year = corpus.papers[paper].year if paper in corpus.papers else None
        frac = 1.0 / (n - 1) if n > 1 else 0.0
        for u, v in combinations(sorted(members), 2):
            d = g.get_edge_data(u, v)
            if d is None:
                g.add_edge(u, v, papers=[paper], count=1, fractional=frac,
                           first_year=year, last_year=year)
            else:
                d["papers"].append(paper)
                d["count"] += 1
                d["fractional"] += frac
                if year is not None:
                    d["first_year"] = year if d["first_year"] is None else min(d["first_year"], year)
                    d["last_year"] = year if d["last_year"] is None else max(d["last_year"], year)
    for node, count in papers_per_node.items():
        g.add_node(node, papers=count, **node_attrs(node))
    for _, _, d in g.edges(data=True):
        d["papers"].sort()
        d["fractional"] = round(d["fractional"], 12)
        d["weight"] = d["count"] if counting == "full" else d["fractional"]
    g.graph.update(counting=counting, max_authors=max_members, excluded_papers=sorted(excluded),
                   papers=len(groups))
    return g


def coauthor_graph(corpus: Corpus, *, counting: str = "full",
                   max_authors: int | None = DEFAULT_MAX_AUTHORS) -> nx.Graph:
    """Undirected coauthor graph; papers with more than ``max_authors`` listed authors are
    left out of the projection (listed in ``g.graph['excluded_papers']``) but their authors
    stay as nodes. ``max_authors=None`` keeps every paper.

    >>> from graphkit.model import Corpus, Paper, Author, Authorship
    >>> c = Corpus(papers={"p": Paper("p", "T", 2020)},
    ...            authors={k: Author(k, k) for k in "abc"},
    ...            authorships=tuple(Authorship("p", k, i + 1, k) for i, k in enumerate("abc")))
    >>> g = coauthor_graph(c, counting="fractional")
    >>> sorted(g.edges(data="weight"))
    [('a', 'b', 0.5), ('a', 'c', 0.5), ('b', 'c', 0.5)]
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for s in corpus.authorships:
        groups[s.paper].append(s.author)
    for p in corpus.papers:
        groups.setdefault(p, [])
    authors = corpus.authors
    return _project(dict(groups), corpus, counting=counting, max_members=max_authors,
                    node_attrs=lambda k: {"label": authors[k].name if k in authors else k,
                                          "kind": "author"})


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
