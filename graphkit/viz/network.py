"""Interactive network views as one self-contained HTML page that works offline.

Views (``VIEWS``):

* ``coauthors``: authors linked by joint papers; node size by a centrality measure, colour by
  community, line width by collaboration weight;
* ``knowledge``: papers, authors, institutions and topics; colour and shape by kind;
* ``ego``: one author's coauthors up to distance 1 or 2;
* ``institutions`` and ``topics``: co-occurrence networks, coloured by community.

Every page inlines vis-network (the build that the pyvis package ships) and its own script and
styles:
nothing is fetched from the network and nothing is written beside the page. Every string that
comes from input travels as JSON inside a ``<script type="application/json">`` block (with
``<``, ``>`` and ``&`` escaped) or through autoescaped templates, and the page script only ever
puts it into the document with ``textContent``: a title such as ``<script>...`` shows as text.

Large graphs: positions are always computed here (igraph's Fruchterman-Reingold, seeded,
components packed around the largest one); above ``PHYSICS_MAX_NODES`` nodes the browser's
physics is off, and ``max_nodes`` keeps the top nodes by the size measure, with a note in the
page saying what was cut.

>>> from graphkit.model import Corpus, Paper, Author, Authorship
>>> c = Corpus(papers={"p": Paper("p", "T", 2020)},
...            authors={k: Author(k, k.upper()) for k in "abc"},
...            authorships=tuple(Authorship("p", k, i + 1, k) for i, k in enumerate("abc")))
>>> v = build_view(c, "coauthors", size_by="papers", color_by="none")
>>> [n["label"] for n in v.nodes], len(v.edges)
(['A', 'B', 'C'], 3)
>>> render(c, "coauthors", size_by="papers", color_by="none").startswith("<!DOCTYPE html>")
True
"""
from __future__ import annotations

import heapq
import json
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain
from pathlib import Path

import networkx as nx

from .. import _gc
from ..errors import GraphkitError, NotFoundError
from ..model import DEFAULT_MAX_AUTHORS, Corpus

VIEWS = ("coauthors", "knowledge", "ego", "institutions", "topics")
SIZE_MEASURES = ("pagerank", "degree", "weighted-degree", "betweenness", "closeness", "harmonic",
                 "eigenvector", "papers")
DEFAULT_SIZE_BY = "pagerank"
DEFAULT_MAX_NODES = 1000
# links drawn at most (the strongest): past this a page is a hairball that takes a browser
# seconds to draw (synthetic-100k's 5,000 busiest authors share 104,649 links)
DEFAULT_MAX_LINKS = 20_000
PHYSICS_MAX_NODES = 200
EDGE_LENGTH = 110.0  # median link length of the computed layout, in page pixels
GRID_FROM = 500  # components from this size use the grid variant of Fruchterman-Reingold
LABEL_ALL_MAX = 100  # up to this many nodes every node is labelled; above, the page labels
LABEL_BUDGET = 40  # ... the most central nodes in view, this many at a time (more as you zoom)
NODE_RADIUS = {False: (8, 42), True: (5, 28)}  # (smallest, largest) for small and big views

# Tableau 10 (grey left out) and two more; communities beyond these share OTHER_COLOUR.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#8c564b")
OTHER_COLOUR = "#b8b8b8"
PLAIN_COLOUR = "#4e79a7"
KIND_STYLE = {  # knowledge view: colour, vis shape, legend name
    "author": ("#f28e2b", "dot", "authors"),
    "paper": ("#4e79a7", "square", "papers"),
    "topic": ("#59a14f", "triangle", "topics"),
    "institution": ("#e15759", "diamond", "institutions"),
}
EDGE_KIND_NAMES = {"authored": "wrote", "about": "is about", "affiliated": "affiliated with",
                   "mentions": "mentions", "broader": "narrower than"}
NOUNS = {"coauthors": "authors", "ego": "authors", "institutions": "institutions",
         "topics": "topics", "knowledge": "nodes"}
TITLES = {"coauthors": "Coauthor network", "knowledge": "Knowledge graph",
          "institutions": "Institution network", "topics": "Topic network"}
LINK_MEANING = {"coauthors": "joint papers", "ego": "joint papers",
                "institutions": "papers naming both", "topics": "papers about both"}
ABSTRACT_CHARS = 320
TIP_AUTHORS = 25


@dataclass
class View:
    """What a page shows: vis-network nodes and edges plus the words around them."""

    view: str
    title: str
    subtitle: str
    nodes: list
    edges: list
    legend: list = field(default_factory=list)  # {"colour", "shape", "label"}
    encodings: list = field(default_factory=list)  # lines: what size, colour, width mean
    notes: list = field(default_factory=list)  # what was cut, left out, how laid out
    physics: bool = False
    years: tuple | None = None  # (first, last) over the shown nodes
    size_by: str = DEFAULT_SIZE_BY
    total_nodes: int = 0
    total_edges: int = 0
    seed: int = 0
    scores: dict = field(default_factory=dict)  # key -> score of the size measure (shown nodes)
    communities: list = field(default_factory=list)  # [{"id", "colour", "size", "members"}]

    def data(self) -> dict:
        """The JSON the page script reads."""
        managed = len(self.nodes) > LABEL_ALL_MAX
        return {"view": self.view, "nodes": self.nodes, "edges": self.edges,
                "physics": self.physics, "years": list(self.years) if self.years else None,
                "options": vis_options(self.physics, len(self.nodes)),
                "labels": {"budget": LABEL_BUDGET, "px": [11, 17], "radius": list(NODE_RADIUS[managed])}
                if managed else None,
                "linkMeaning": LINK_MEANING.get(self.view, "")}


# ------------------------------------------------------------------ corpus facts
class _Facts:
    """Lookups over a corpus that tooltips and the year filter need, each built on first use
    (a coauthor view never needs the institution or topic tables)."""

    def __init__(self, corpus: Corpus):
        self.c = corpus
        self._years: dict[tuple[str, str], list[int]] = {}
        self._authors: set | None = None  # ``focus``: the authors whose papers are asked for

    def focus(self, authors) -> None:
        """Build the author tables for ``authors`` only (the nodes a view shows: a 5,000-node
        view of the arXiv corpus needs a 50th of its authorships); asking for another author
        later builds them for everyone."""
        self._set_focus(set(authors))

    def _set_focus(self, authors: set | None) -> None:
        self._authors = authors
        for name in ("author_papers", "paper_topics"):
            self.__dict__.pop(name, None)

    @cached_property
    def by_paper(self):
        return self.c.by_paper()

    @cached_property
    def year(self) -> dict:
        return {k: p.year for k, p in self.c.papers.items()}

    @cached_property
    def author_papers(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        want = self._authors
        ships = self.c.authorships
        for s in ships if want is None else [s for s in ships if s.author in want]:
            out[s.author].append(s.paper)
        return out

    @cached_property
    def _institutions(self) -> tuple[dict, dict]:
        inst_papers: dict[str, set] = defaultdict(set)
        inst_authors: dict[str, Counter] = defaultdict(Counter)
        for s in self.c.authorships:
            for i in s.institutions:
                inst_papers[i].add(s.paper)
                inst_authors[i][s.author] += 1
        for paper, inst in self.c.paper_institutions:
            inst_papers[inst].add(paper)
        return inst_papers, inst_authors

    @property
    def inst_papers(self) -> dict[str, set]:
        return self._institutions[0]

    @property
    def inst_authors(self) -> dict[str, Counter]:
        return self._institutions[1]

    @cached_property
    def paper_topics(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        if self._authors is None:
            for pt in self.c.paper_topics:
                out[pt.paper].append(pt.topic)
        else:  # the papers of the focused authors (tooltips of other papers ask for all)
            want = self._papers = {p for ps in self.author_papers.values() for p in ps}
            for pt in [pt for pt in self.c.paper_topics if pt.paper in want]:
                out[pt.paper].append(pt.topic)
        return out

    def _topics_covering(self, papers) -> dict[str, list[str]]:
        """``paper_topics``, built whole first when ``papers`` are not all among the focused
        authors' papers."""
        table = self.paper_topics
        if self._authors is not None and not self._papers.issuperset(papers):
            self._set_focus(None)
            table = self.paper_topics
        return table

    def topics_of(self, paper: str) -> list[str]:
        """The topic keys of ``paper``, in corpus order."""
        return self._topics_covering((paper,)).get(paper, ())

    @cached_property
    def topic_papers_direct(self) -> dict[str, set]:
        """The papers about each topic itself (as ``graphkit topics`` and ``info`` count them)."""
        out: dict[str, set] = defaultdict(set)
        for pt in self.c.paper_topics:
            out[pt.topic].add(pt.paper)
        return out

    @cached_property
    def topic_papers(self) -> dict[str, set]:
        corpus = self.c
        out: dict[str, set] = defaultdict(set, {k: set(v) for k, v in self.topic_papers_direct.items()})
        # a broader topic covers the papers of its narrower ones (for years and counts)
        for t in corpus.topics.values():
            seen = set()
            parent = t.broader
            while parent and parent not in seen:
                seen.add(parent)
                out[parent] |= out.get(t.key, set())
                parent = corpus.topics[parent].broader if parent in corpus.topics else None
        return out

    def papers_of(self, kind: str, key: str):
        if kind == "author":
            if self._authors is not None and key not in self._authors:
                self._set_focus(None)
            return self.author_papers.get(key, ())
        if kind == "institution":
            return self.inst_papers.get(key, ())
        if kind == "topic":
            return self.topic_papers.get(key, ())
        if kind == "paper":
            return (key,)
        return ()

    def years_in(self, papers) -> list[int]:
        """The sorted distinct years of ``papers`` (papers without a year left out)."""
        found = set(map(self.year.get, papers))
        found.discard(None)
        return sorted(found)

    def years_of(self, kind: str, key: str) -> list[int]:
        """``years_in`` of a node's papers, kept (the node's year filter and its tooltip both
        ask)."""
        years = self._years.get((kind, key))
        if years is None:
            years = self._years[kind, key] = self.years_in(self.papers_of(kind, key))
        return years

    def topic_label(self, key: str) -> str:
        t = self.c.topics.get(key)
        return t.label if t else key

    def top_topics(self, papers, n: int = 3) -> str:
        table = self._topics_covering(papers)
        cnt = Counter(chain.from_iterable([table.get(p, ()) for p in papers]))
        return ", ".join(f"{self.topic_label(t)} ({k})" for t, k in _most(cnt, n, self.topic_label))

    def name(self, key: str) -> str:
        c = self.c
        for table in (c.authors, c.institutions):
            if key in table:
                return table[key].name
        if key in c.topics:
            return c.topics[key].label
        if key in c.papers:
            return c.papers[key].title
        return key


def _years_text(years) -> str:
    if not years:
        return "unknown"
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}\u2013{years[-1]}"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def _most(counts: dict, n: int, name) -> list[tuple]:
    """The ``n`` (key, count) items of ``counts`` with the highest counts, ties by ``name(key)``
    and then by order in ``counts``: ``sorted(counts.items(), ...)[:n]``, with names looked up
    only for the items that can make the cut."""
    items = counts.items()
    if len(counts) > n:
        least = heapq.nlargest(n, counts.values())[-1]
        items = [x for x in items if x[1] >= least]
    return heapq.nsmallest(n, items, key=lambda x: (-x[1], name(x[0])))


TIP_NEIGHBOURS = 3  # top coauthors (partners, related topics) named in a tooltip


def _top_neighbours(g: nx.Graph | None, key: str, names, n: int = TIP_NEIGHBOURS) -> str:
    if g is None or key not in g:
        return ""
    adj = g._adj[key] if not g.is_multigraph() else g[key]  # (g[key] is a view: 3x slower)
    counts = {v: d.get("count", 1) for v, d in adj.items()}  # ties: by name, then key
    return ", ".join(f"{names(v)} ({k})" for v, k in _most(counts, n, lambda v: (names(v), str(v))))


def _tip(facts: _Facts, kind: str, key: str, *, links: nx.Graph | None = None,
         score: tuple | None = None, community: int | None = None) -> dict:
    """Tooltip content: ``h`` heading, ``k`` kind line, ``r`` rows of (label, text), ``p`` text."""
    c = facts.c
    rows: list[list[str]] = []
    tip: dict = {"h": facts.name(key), "k": kind}
    if kind == "paper":
        p = c.papers[key]
        if p.date or p.year:
            rows.append(["Date", (p.date or str(p.year)) + (" (day inferred)" if p.date_inferred else "")])
        ships = facts.by_paper.get(key, [])
        names = [s.name for s in ships[:TIP_AUTHORS]]
        more = len(ships) - len(names)
        text = ", ".join(names) + (f", \u2026 and {more} more" if more > 0 else "")
        if not p.authors_complete:
            text += " (author list truncated in the source)"
        if ships:
            rows.append(["Authors", text])
        if p.venue:
            rows.append(["Venue", p.venue])
        topics = sorted({facts.topic_label(t) for t in facts.topics_of(key)})
        if topics:
            rows.append(["Topics", ", ".join(topics)])
        if p.abstract:
            tip["p"] = _short(p.abstract, ABSTRACT_CHARS)
    else:
        papers = facts.papers_of(kind, key)
        if kind == "topic":  # its own papers, as graphkit topics counts them; then with the
            # narrower topics' (which years and top authors cover)
            own, every = len(facts.topic_papers_direct.get(key, ())), len(set(papers))
            rows.append(["Papers", str(own)])
            if every != own:
                rows.append(["With narrower topics", str(every)])
        else:
            rows.append(["Papers", str(len(set(papers)))])
        rows.append(["Years", _years_text(facts.years_of(kind, key))])
        if kind == "institution" and c.institutions.get(key) and c.institutions[key].country:
            rows.append(["Country", c.institutions[key].country])
        if kind != "topic":
            tt = facts.top_topics(set(papers))
            if tt:
                rows.append(["Top topics", tt])
        if kind == "author":
            top = _top_neighbours(links, key, facts.name)
            if top:
                rows.append(["Top coauthors", top])
        elif kind == "institution":
            top = _most(facts.inst_authors.get(key, {}), 3, facts.name)
            if top:
                rows.append(["Top authors", ", ".join(f"{facts.name(a)} ({k})" for a, k in top)])
            top = _top_neighbours(links, key, facts.name)
            if top:
                rows.append(["Top partners", top])
        elif kind == "topic":
            t = c.topics.get(key)
            if t is not None:
                tip["k"] = f"topic ({t.scheme} {t.code})"
            cnt = Counter(s.author for p in papers for s in facts.by_paper.get(p, ()))
            top = _most(cnt, 3, facts.name)
            if top:
                rows.append(["Top authors", ", ".join(f"{facts.name(a)} ({k})" for a, k in top)])
            top = _top_neighbours(links, key, facts.name)
            if top:
                rows.append(["Related topics", top])
    if community is not None:
        rows.append(["Community", str(community)])
    if score is not None:
        measure, value, rank = score
        rows.append(["Size", f"{measure} {value:.4g} (rank {rank})"])
    tip["r"] = rows
    return tip


# ------------------------------------------------------------------ analysis hooks
def node_scores(g: nx.Graph, measure: str = DEFAULT_SIZE_BY, *, seed: int = 0) -> dict:
    """Node -> score of ``measure`` (``papers``: the node's paper count; the others come from
    ``graphkit.analysis.centrality.centrality``, rounded to 10 significant digits)."""
    raw = _raw_scores(g, measure, seed)
    if measure == "papers" or not raw:
        return raw
    _sig = _rounding()
    return {n: float(_sig(raw[n])) for n in g}


def _rounding():
    """The analysis module's score rounding (10 significant digits); without that module
    only paper counts size nodes, which need none."""
    try:
        from ..analysis.centrality import _sig
    except ImportError:
        return lambda x: x
    return _sig


def _raw_scores(g: nx.Graph, measure: str, seed: int) -> dict:
    """``node_scores`` before rounding (every node of ``g``; ``_ranked`` rounds those it keeps)."""
    if measure not in SIZE_MEASURES:
        raise GraphkitError(f"unknown size measure {measure!r}; choose one of {', '.join(SIZE_MEASURES)}")
    if g.number_of_nodes() == 0:
        return {}
    if measure == "papers":
        return {n: float(d.get("papers") or 0) for n, d in g.nodes(data=True)}
    try:
        from ..analysis.centrality import scores as centrality_scores
    except ImportError:
        raise GraphkitError(f"sizing nodes by {measure} needs graphkit.analysis.centrality, which "
                            "is not installed; use --size-by papers") from None
    values, _ = centrality_scores(g, measure=measure, seed=seed)  # no ranked rows: not needed
    if len(values) == g.number_of_nodes() and all(map(values.__contains__, g)):
        return values  # every node scored (the usual case): no copy of 340k entries
    return {n: values.get(n) or 0.0 for n in g}


def _ranked(g: nx.Graph, measure: str, *, seed: int, limit: int | None) -> tuple[dict, list]:
    """``(scores, order)``: the nodes of ``g`` by ``node_scores`` (highest first, ties by key),
    only the first ``limit`` when given, and their scores. Equal to ``_by_score(g,
    node_scores(g, measure), limit)``, rounding only the scores that can make the cut: the
    rounding keeps the order of the raw scores, so the top ``limit`` lie among the nodes up to
    the last whose rounded score equals that of the ``limit``-th by raw score."""
    return _rank(_raw_scores(g, measure, seed), limit)


def _rank(raw: dict, limit: int | None) -> tuple[dict, list]:
    """``_ranked`` of the raw scores ``raw`` (node -> score)."""
    _sig = _rounding()
    keys = list(raw)
    if limit and limit < len(keys):
        import numpy as np
        vals = np.fromiter(raw.values(), dtype=float, count=len(keys))
        by_raw = np.argsort(-vals, kind="stable")
        last = float(_sig(float(vals[by_raw[limit - 1]])))
        end = limit
        while end < len(keys) and float(_sig(float(vals[by_raw[end]]))) == last:
            end += 1
        keys = [keys[i] for i in by_raw[:end].tolist()]
    scores = {n: float(_sig(raw[n])) for n in keys}
    order = sorted(keys, key=lambda n: (-scores[n], str(n)))
    return scores, (order[:limit] if limit else order)


def node_communities(g: nx.Graph, *, seed: int = 0) -> dict:
    """Node -> community number (1 = largest), from
    ``graphkit.analysis.communities.communities`` (Leiden), renumbered by size so that the
    numbering and colours do not depend on the algorithm's own labels."""
    if g.number_of_nodes() == 0:
        return {}
    try:
        from ..analysis.communities import partition
    except ImportError:
        raise GraphkitError("colouring by community needs graphkit.analysis.communities, which is "
                            "not installed; use --color-by none") from None
    # the partition alone: the description ``communities()`` adds (modularity, internal links,
    # names) is not shown, and on a 5,000-node view with 100k links it cost ~0.5 s
    membership = {n: i for i, part in enumerate(partition(g, algorithm="leiden", seed=seed)) for n in part}
    groups: dict = defaultdict(list)
    for node in g:
        groups[membership.get(node, ("isolated", node))].append(node)
    ordered = sorted(groups.values(), key=lambda ms: (-len(ms), min(ms)))
    return {n: i + 1 for i, ms in enumerate(ordered) for n in ms}


def _lookup_author(corpus: Corpus, text: str) -> str:
    if text in corpus.authors:
        return text
    try:
        from ..analysis.collaboration import find_author
    except ImportError:
        raise NotFoundError(f"no author with key {text!r} (name lookup needs "
                            "graphkit.analysis.collaboration, which is not installed)") from None
    return find_author(corpus, text)


# ------------------------------------------------------------------ layout
def layout_positions(g: nx.Graph, *, seed: int = 0, weight: str | None = "weight") -> dict:
    """Deterministic 2-D positions in page pixels: each connected component laid out with
    igraph's Fruchterman-Reingold (grid variant from ``GRID_FROM`` nodes; stronger links pull closer),
    scaled so that links are about ``EDGE_LENGTH`` long, then packed in rows under the largest
    component (isolated nodes last, on a grid) so that small pieces do not crush the view.

    >>> pos = layout_positions(nx.path_graph(3), seed=1)
    >>> sorted(pos) == [0, 1, 2] and pos == layout_positions(nx.path_graph(3), seed=1)
    True
    """
    import igraph

    comps = sorted((sorted(c, key=str) for c in nx.connected_components(g)),
                   key=lambda c: (-len(c), str(c[0])))
    boxes = []  # (nodes, {node: (x, y)}, width, height)
    isolates = [c[0] for c in comps if len(c) == 1]
    index = {n: (ci, i) for ci, comp in enumerate(comps) for i, n in enumerate(comp)}
    comp_edges: dict = defaultdict(list)  # one pass over the edges (subgraph views are slow)
    for u, v, d in g.edges(data=True):
        (ci, a), (_, b) = index[u], index[v]
        w = d.get(weight, 1.0) if weight else 1.0
        comp_edges[ci].append((min(a, b), max(a, b), 1.0 + math.log1p(max(float(w or 0.0), 0.0))))
    igraph.set_random_number_generator(random.Random(seed))
    try:
        for ci, comp in enumerate(comps):
            if len(comp) == 1:
                continue
            rows = sorted(comp_edges[ci])
            edges = [(a, b) for a, b, _ in rows]
            weights = [w for _, _, w in rows]
            ig = igraph.Graph(n=len(comp), edges=edges)
            # igraph's own random start, drawn from the seeded generator set above (a start
            # matrix of another spread made the grid variant several times slower)
            coords = ig.layout_fruchterman_reingold(weights=weights, niter=500,
                                                    grid=len(comp) >= GRID_FROM).coords
            lengths = sorted(math.dist(coords[a], coords[b]) for a, b in edges)
            median = lengths[len(lengths) // 2] or 1.0
            scale = EDGE_LENGTH / median
            xs = [x * scale for x, _ in coords]
            ys = [y * scale for _, y in coords]
            x0, y0 = min(xs), min(ys)
            pos = {n: (xs[i] - x0, ys[i] - y0) for i, n in enumerate(comp)}
            boxes.append((pos, max(xs) - x0, max(ys) - y0))
    finally:
        igraph.set_random_number_generator(random)
    if isolates:
        step = EDGE_LENGTH * 0.7
        cols = max(1, math.ceil(math.sqrt(len(isolates) * 2)))
        pos = {n: ((i % cols) * step, (i // cols) * step) for i, n in enumerate(isolates)}
        boxes.append((pos, (min(cols, len(isolates)) - 1) * step,
                      ((len(isolates) - 1) // cols) * step))
    # shelf packing: the largest component on top, the rest in rows below it
    gap = EDGE_LENGTH * 1.5
    row_width = max([boxes[0][1]] + [math.sqrt(sum((w + gap) * (h + gap) for _, w, h in boxes))]) if boxes else 0
    out: dict = {}
    x = y = row_h = 0.0
    for i, (pos, w, h) in enumerate(boxes):
        if i > 0 and x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        for n, (px, py) in pos.items():
            out[n] = (px + x, py + y)
        x += w + gap
        row_h = max(row_h, h)
        if i == 0:  # nothing beside the largest component
            x, y, row_h = 0.0, y + row_h + gap, 0.0
    if out:
        cx = (min(p[0] for p in out.values()) + max(p[0] for p in out.values())) / 2
        cy = (min(p[1] for p in out.values()) + max(p[1] for p in out.values())) / 2
        out = {n: (round(px - cx, 1), round(py - cy, 1)) for n, (px, py) in out.items()}
    return out


# ------------------------------------------------------------------ building views
def _by_score(g: nx.Graph, scores: dict, limit: int | None = None) -> list:
    """The nodes of ``g`` from the highest score (ties by key); only the first ``limit`` when
    given (0 or None: all)."""
    key = lambda n: (-scores.get(n, 0.0), str(n))  # noqa: E731
    if limit and limit < g.number_of_nodes():
        return heapq.nsmallest(limit, g, key=key)  # sorted(...)[:limit] without sorting all
    return sorted(g, key=key)


def _cut(g: nx.Graph, order: list, max_nodes: int | None, keep_node=None, total: int | None = None):
    """The top ``max_nodes`` nodes of ``order`` (``_by_score``); ``keep_node`` always stays.
    ``total``: the number of nodes ranked when ``g`` holds only the links of the top ones
    (``SavedCut``)."""
    if not max_nodes or (g.number_of_nodes() if total is None else total) <= max_nodes:
        return g, False
    keep = order[:max_nodes]
    if keep_node is not None and keep_node not in keep:
        keep = keep[:-1] + [keep_node]
    return _induced(g, keep), True


def _induced(g: nx.Graph, keep) -> nx.Graph:
    """``g.subgraph(keep).copy()`` for a simple undirected graph, read from the kept nodes'
    adjacency (the subgraph view filters every node of ``g``), with nodes and neighbours in
    ``g``'s order."""
    if g.is_multigraph() or g.is_directed():
        return g.subgraph(keep).copy()
    keep = set(keep)
    h = g.__class__()
    h.graph.update(g.graph)
    node, adj, g_adj = h._node, h._adj, g._adj
    for n, d in g._node.items():
        if n in keep:
            node[n] = d.copy()
            adj[n] = {}
    for u in node:
        au = adj[u]
        for v, d in g_adj[u].items():
            if v in keep and v not in au:
                dd = au[v] = dict(d)
                adj[v][u] = dd
    return h


def _sizes(scores: dict, nodes) -> dict:
    top = max((scores.get(n, 0.0) for n in nodes), default=0.0)
    if top <= 0:
        return {n: 0.5 for n in nodes}
    return {n: round(math.sqrt(max(scores.get(n, 0.0), 0.0) / top), 4) for n in nodes}


def _ranks(order: list, scores: dict) -> dict:
    """Competition ranks (1, 2, 2, 4) of ``order`` (highest score first), as the CLI gives
    them: nodes of equal score share a rank."""
    out, rank, prev = {}, 0, None
    for i, n in enumerate(order):
        s = scores.get(n, 0.0)
        if s != prev:
            rank, prev = i + 1, s
        out[n] = rank
    return out


@lru_cache(maxsize=256)  # a few palette colours, thousands of links
def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _width(w: float, top: float) -> float:
    return round(1.0 + 5.0 * math.sqrt(max(w, 0.0) / top), 2) if top > 0 else 1.0


def _check_options(view: str, size_by: str, color_by: str | None, max_nodes, depth: int):
    if view not in VIEWS:
        raise GraphkitError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    if size_by not in SIZE_MEASURES:
        raise GraphkitError(f"unknown size measure {size_by!r}; choose one of {', '.join(SIZE_MEASURES)}")
    if color_by not in (None, "community", "kind", "none"):
        raise GraphkitError(f"unknown colouring {color_by!r}; choose community, kind or none")
    if max_nodes is not None and max_nodes < 0:
        raise GraphkitError("--max-nodes must be 0 (no limit) or a positive number")
    if depth not in (1, 2):
        raise GraphkitError("--depth must be 1 or 2")


@_gc.paused_in  # (its many small objects make no cycles and go with the page)
def build_view(corpus: Corpus, view: str = "coauthors", *, size_by: str = DEFAULT_SIZE_BY,
               color_by: str | None = None, max_nodes: int | None = DEFAULT_MAX_NODES,
               seed: int = 0, author: str | None = None, depth: int = 1,
               counting: str = "full", max_authors: int | None = DEFAULT_MAX_AUTHORS,
               physics: bool | None = None, title: str | None = None,
               graph: nx.Graph | None = None, max_links: int | None = DEFAULT_MAX_LINKS) -> View:
    """Nodes, edges, legend and notes of one view of ``corpus``.

    Parameters: ``view`` one of ``VIEWS``; ``size_by`` one of ``SIZE_MEASURES``;
    ``color_by`` ``community`` (default for network views), ``kind`` (default for
    ``knowledge``) or ``none``; ``max_nodes`` keep the top nodes by ``size_by`` (0 or None:
    all); ``author`` and ``depth`` (1 or 2) for ``ego``; ``counting`` and ``max_authors`` as in
    ``graphkit.graph.coauthor_graph``; ``physics`` force the browser's physics on or off
    (default: on up to ``PHYSICS_MAX_NODES`` nodes); ``seed`` for layout and communities;
    ``graph`` the coauthor graph of ``corpus`` with these ``counting``/``max_authors`` when the
    caller has it already (``Workspace.coauthor_graph()``), for the coauthors and ego views;
    ``max_links`` draw at most this many links between the shown nodes, the strongest (0 or
    None: all); communities and tooltips still count every link, positions follow the drawn ones.
    """
    from .. import graph as G

    _check_options(view, size_by, color_by, max_nodes, depth)
    if view == "ego" and not author:
        raise GraphkitError("the ego view needs an AUTHOR (a name or an author key)")
    if view != "ego" and author:
        raise GraphkitError(f"only the ego view takes an AUTHOR, not the {view} view")
    facts = _Facts(corpus)
    if view == "knowledge":
        return _knowledge_view(corpus, facts, size_by=size_by, color_by=color_by or "kind",
                               max_nodes=max_nodes, seed=seed, physics=physics, title=title)
    links = None
    cut = graph if isinstance(graph, SavedCut) else None
    if cut is not None and (view, size_by, max_nodes) != ("coauthors", cut.size_by, cut.max_nodes):
        cut = graph = None  # made for other settings: build the graph
    if isinstance(graph, SavedEgo):  # the people near one centre: only for that ego view
        graph = graph.graph if (view == "ego" and depth <= graph.depth
                                and _lookup_author(corpus, author) == graph.centre) else None
    if view in ("coauthors", "ego"):
        g = cut.graph if cut is not None else graph if graph is not None else \
            G.coauthor_graph(corpus, counting=counting, max_authors=max_authors)
        links, kind = g, "author"
        if view == "ego":
            centre = _lookup_author(corpus, author)
            if centre not in g:
                raise NotFoundError(f"{author!r} has no papers in the workspace")
            g = nx.ego_graph(g, centre, radius=depth)
    elif view == "institutions":
        g = links = G.institution_graph(corpus, counting=counting, max_authors=max_authors)
        kind = "institution"
    else:
        g = links = G.topic_graph(corpus, counting=counting)
        kind = "topic"
    if g.number_of_nodes() == 0:
        raise GraphkitError(f"nothing to show: the workspace has no {NOUNS[view]}"
                            + (" linked to papers" if view in ("institutions", "topics") else ""))
    if cut is not None:
        total_nodes, total_edges, scores, order = cut.total_nodes, cut.total_edges, cut.scores, cut.order
    else:
        total_nodes, total_edges = g.number_of_nodes(), G.edge_count(g)
        scores, order = _ranked(g, size_by, seed=seed,  # ego: every node (the centre's rank)
                                limit=None if view == "ego" else max_nodes)
    cut_order = order
    if view == "ego" and max_nodes and g.number_of_nodes() > max_nodes:
        # the nearest first (the centre, its coauthors, theirs, ...), by score within a
        # distance: a cut by score alone kept 6 of an author's 23 coauthors and 13 people who
        # never wrote with them
        dist = nx.single_source_shortest_path_length(g, centre)
        cut_order = sorted(order, key=lambda n, at={n: i for i, n in enumerate(order)}: (dist.get(n, depth + 1), at[n]))
    shown, was_cut = _cut(g, cut_order, max_nodes, keep_node=centre if view == "ego" else None,
                          total=total_nodes)
    if kind == "author":
        facts.focus(shown)
    color_by = color_by or "community"
    membership = node_communities(shown, seed=seed) if color_by == "community" else {}
    sizes = _sizes(scores, shown)
    ranks = _ranks(order, scores)
    noun = NOUNS[view]

    nodes = []
    for n in sorted(shown, key=str):
        comm = membership.get(n)
        colour = (PALETTE[comm - 1] if comm and comm <= len(PALETTE) else OTHER_COLOUR) \
            if color_by == "community" else KIND_STYLE[kind][0] if color_by == "kind" else PLAIN_COLOUR
        node = {"id": n, "label": _short(facts.name(n), 40), "value": sizes[n], "color": colour,
                "shape": "dot", "years": facts.years_of(kind, n),
                "t": _tip(facts, kind, n, links=links, community=comm,
                          score=(size_by, scores.get(n, 0.0), ranks.get(n)))}
        if view == "ego" and n == centre:
            node["borderWidth"] = 4
            node["color"] = {"background": colour, "border": "#222222"}
            node["font"] = {"size": 20}
        nodes.append(node)
    drawn = _strongest_links(shown, max_links)
    top_w = max((d.get("weight", 1.0) or 0.0 for _, _, d in drawn.edges(data=True)), default=0.0)
    edges = []
    for i, (u, v, d) in enumerate(sorted(((min(u, v), max(u, v), d) for u, v, d in drawn.edges(data=True)),
                                         key=lambda e: (str(e[0]), str(e[1])))):
        cu, cv = membership.get(u), membership.get(v)
        colour = _rgba(PALETTE[cu - 1], 0.5) if cu and cu == cv and cu <= len(PALETTE) \
            else "rgba(140,140,140,0.45)"
        years = d["years"] if "years" in d else facts.years_in(d.get("papers", ()))
        edges.append({"id": f"e{i}", "from": u, "to": v,
                      "width": _width(float(d.get("weight", 1.0) or 0.0), top_w),
                      "color": colour, "n": d.get("count", 1),
                      "w": round(float(d.get("weight", 1.0) or 0.0), 4), "years": years})

    legend, communities_out = [], []
    if color_by == "community":
        groups: dict = defaultdict(list)
        for n, comm in membership.items():
            groups[comm].append(n)
        for comm in sorted(groups):
            members = sorted(groups[comm], key=lambda n: (-scores.get(n, 0.0), str(n)))
            colour = PALETTE[comm - 1] if comm <= len(PALETTE) else OTHER_COLOUR
            communities_out.append({"id": comm, "colour": colour, "size": len(members),
                                    "members": [facts.name(m) for m in members[:5]]})
            if comm <= len(PALETTE):
                legend.append({"colour": colour, "shape": "dot",
                               "label": f"Community {comm}: {len(members)} "
                                        f"{noun if len(members) != 1 else noun[:-1]}"
                                        f" \u2014 {', '.join(facts.name(m) for m in members[:3])}"})
        rest = [c for c in communities_out if c["id"] > len(PALETTE)]
        if rest:
            legend.append({"colour": OTHER_COLOUR, "shape": "dot",
                           "label": f"{len(rest)} smaller communities ({sum(c['size'] for c in rest)} {noun})"})
    encodings = [f"Node size: {_measure_name(size_by)}",
                 ("Colour: community (Leiden, seed %d)" % seed
                  + (" of the drawn nodes (graphkit communities partitions the whole graph)"
                     if was_cut else "")) if color_by == "community" else
                 "Colour: none",
                 f"Line width: {LINK_MEANING[view]}"
                 + (" (fractional counting)" if counting == "fractional" else "")]
    shown_edges = G.edge_count(shown)
    notes = _notes(view, noun, total_nodes, total_edges, shown.number_of_nodes(),
                   shown_edges, was_cut, size_by, max_nodes,
                   g.graph if view != "ego" else links.graph, max_authors)
    if drawn is not shown:
        notes.append(f"Drawing the {len(edges)} strongest of the {shown_edges} links between the "
                     f"shown {noun} (--max-links {max_links}); communities and tooltips count "
                     "them all. Use --max-links 0 to draw every link.")
    if view == "ego":
        notes.insert(0, f"Coauthors of {facts.name(centre)} up to distance {depth}.")
    heading = title or (f"Coauthors of {facts.name(centre)}" if view == "ego" else TITLES[view])
    out = _finish(View(view=view, title=heading,
                       subtitle=f"{shown.number_of_nodes()} {noun}, {len(edges)} links",
                       nodes=nodes, edges=edges, legend=legend, encodings=encodings, notes=notes,
                       size_by=size_by, total_nodes=total_nodes, total_edges=total_edges, seed=seed,
                       scores={n: scores.get(n, 0.0) for n in shown},
                       communities=communities_out), drawn, physics, seed)
    _uncycle(shown, drawn)
    return out


def _uncycle(*graphs: nx.Graph) -> None:
    """Drop the views a NetworkX graph caches on itself (``G.edges``, ``G.degree``, ...: each
    holds the graph, a reference cycle), so that a graph the view no longer needs is freed as
    soon as it is dropped rather than by the cyclic collector, which otherwise walks everything
    the view built to find it (a 5,000-node view: two graphs, 240k objects, ~0.5 s). The views
    are built again on next use."""
    for g in graphs:
        for name in ("edges", "degree", "nodes", "adj"):
            g.__dict__.pop(name, None)


def _strongest_links(g: nx.Graph, max_links: int | None) -> nx.Graph:
    """``g`` itself when it has at most ``max_links`` links (or no limit); else a copy with
    every node and only the ``max_links`` strongest links: by weight, then joint papers, then
    the two keys (so the same graph always keeps the same links)."""
    if not max_links or g.number_of_edges() <= max_links:
        return g
    edges = list(g.edges(data=True))
    strength = [(float(d.get("weight", 1.0) or 0.0), int(d.get("count", 1) or 0)) for _, _, d in edges]
    # the weakest (weight, joint papers) that makes the cut; links above it are all kept, links
    # at it by their keys (building the keys of every link cost more than the rest)
    cutoff = heapq.nlargest(max_links, strength)[-1]

    def rank(i):  # strongest first, then by keys, then as listed (a multigraph's parallel links)
        (u, v, _), (w, c) = edges[i], strength[i]
        return (-w, -c, *sorted((str(u), str(v))), i)
    kept = [rank(i) for i, s in enumerate(strength) if s > cutoff]
    tied = [rank(i) for i, s in enumerate(strength) if s == cutoff]
    kept += heapq.nsmallest(max_links - len(kept), tied)
    kept.sort()  # the strongest first
    h = g.__class__()
    h.graph.update(g.graph)
    h.add_nodes_from(g.nodes(data=True))
    h.add_edges_from(edges[k[-1]] for k in kept)
    return h


def _measure_name(measure: str) -> str:
    return {"pagerank": "PageRank", "papers": "number of papers", "degree": "degree (coauthors)",
            "weighted-degree": "weighted degree"}.get(measure, f"{measure} centrality")


def _notes(view, noun, total_nodes, total_edges, shown_nodes, shown_edges, was_cut, size_by,
           max_nodes, graph_meta, max_authors) -> list[str]:
    notes = []
    if was_cut:
        notes.append(f"Showing the top {shown_nodes} of {total_nodes} {noun} by "
                     + ("distance, then " if view == "ego" else "")
                     + f"{_measure_name(size_by)} (--max-nodes {max_nodes}): "
                     f"{total_nodes - shown_nodes} {noun} and "
                     f"{total_edges - shown_edges} of {total_edges} links are not shown. "
                     "Use --max-nodes 0 to show everything.")
    excluded = (graph_meta or {}).get("excluded_papers") or []
    if excluded and view in ("coauthors", "ego", "institutions"):
        one = len(excluded) == 1
        notes.append(f"{len(excluded)} paper{'' if one else 's'} with more than {max_authors} authors "
                     f"{'is' if one else 'are'} left out of the links (--max-authors); "
                     f"{'its' if one else 'their'} authors stay.")
    return notes


def _finish(v: View, shown: nx.Graph, physics: bool | None, seed: int) -> View:
    n = len(v.nodes)
    pos = layout_positions(shown, seed=seed)
    for node in v.nodes:
        node["x"], node["y"] = pos[node["id"]]
    v.physics = (n <= PHYSICS_MAX_NODES) if physics is None else bool(physics)
    years = [y for node in v.nodes for y in node["years"]]
    v.years = (min(years), max(years)) if years else None
    v.notes.append(f"Positions computed by graphkit (Fruchterman\u2013Reingold, seed {seed}); "
                   + ("the browser relaxes them briefly, then stops." if v.physics else
                      f"physics off (it is on only up to {PHYSICS_MAX_NODES} nodes)."))
    if n > LABEL_ALL_MAX:  # the page script labels the most central nodes in view
        for node in v.nodes:
            node["lb"] = node.pop("label")
        v.notes.append(f"Labels show the {LABEL_BUDGET} most central nodes in view; zoom in for more.")
    return v


class _KnowledgeLinks:
    """The links of ``graphkit.graph.knowledge_graph(corpus)`` without building that
    multigraph: ``kinds`` node -> kind, in its node order; ``out`` source -> {target: link
    kind}, in its edge order; ``affiliations`` (author, institution) -> the papers that state
    the affiliation (one ``affiliated`` edge each). Keys of different kinds are assumed
    distinct, as the corpus makes them (``paper-``, ``author-``, ...)."""

    def __init__(self, corpus: Corpus):
        kinds = dict.fromkeys(corpus.papers, "paper")
        for table, kind in ((corpus.authors, "author"), (corpus.institutions, "institution"),
                            (corpus.topics, "topic")):
            kinds.update(dict.fromkeys(table, kind))
        out: dict[str, dict[str, str]] = {}
        affiliations: dict[tuple[str, str], set] = defaultdict(set)
        for t in corpus.topics.values():  # the order in which knowledge_graph adds its edges
            if t.broader:
                out.setdefault(t.key, {})[t.broader] = "broader"
        for s in corpus.authorships:
            o = out.get(s.author)
            if o is None:
                o = out[s.author] = {}
            o[s.paper] = "authored"
            for inst in s.institutions:
                o[inst] = "affiliated"
                affiliations[s.author, inst].add(s.paper)
        for pt in corpus.paper_topics:
            out.setdefault(pt.paper, {})[pt.topic] = "about"
        for paper, inst in corpus.paper_institutions:
            out.setdefault(paper, {})[inst] = "mentions"
        self.kinds, self.out, self.affiliations = kinds, out, affiliations

    def count(self) -> int:
        """Distinct (source, target, kind) links."""
        return sum(map(len, self.out.values()))

    def record(self, u: str, v: str, kind: str) -> tuple[int, set]:
        """(number of knowledge-graph edges, their papers) of the link ``u`` -> ``v``."""
        if kind == "affiliated":
            papers = self.affiliations[u, v]
            return len(papers), papers
        if kind == "broader":
            return 1, set()
        return 1, {v if kind == "authored" else u}

    def simple_graph(self, facts: _Facts) -> nx.Graph:
        """The links as an undirected simple graph: node attributes ``kind`` and ``papers``,
        edge ``weight`` the number of knowledge-graph edges between the two nodes; nodes and
        adjacency in the order that adding those edges one by one would give."""
        g = nx.Graph()
        adj, node = g._adj, g._node  # filled as add_edge would, without its per-call overhead
        for n, kind in self.kinds.items():
            adj[n] = {}
            node[n] = {"kind": kind, "papers": len(set(facts.papers_of(kind, n)))}
        for u in self.kinds:
            au = adj[u]
            for v, kind in self.out.get(u, {}).items():
                w = self.record(u, v, kind)[0] if kind == "affiliated" else 1
                d = au.get(v)
                if d is None:
                    au[v] = adj[v][u] = {"weight": w}
                else:
                    d["weight"] += w
        nx._clear_cache(g)
        return g


def _knowledge_view(corpus, facts, *, size_by, color_by, max_nodes, seed, physics, title) -> View:
    from .. import graph as G

    with _gc.paused(freeze=False):  # millions of small objects, dropped with the page
        kl = _KnowledgeLinks(corpus)
        simple = kl.simple_graph(facts)
    if not kl.kinds:
        raise GraphkitError("nothing to show: the workspace is empty")
    total_nodes, total_edges = simple.number_of_nodes(), kl.count()
    scores = node_scores(simple, size_by, seed=seed)
    order = _by_score(simple, scores, max_nodes)
    shown, was_cut = _cut(simple, order, max_nodes)
    sizes = _sizes(scores, shown)
    ranks = _ranks(order, scores)
    # the coauthor graph of the shown authors' papers: for those authors the same coauthors,
    # counts and order as the whole corpus's graph, at a fraction of the cost
    shown_authors = [n for n, kind in shown.nodes(data="kind") if kind == "author"]
    links = G.coauthor_graph(corpus.subset(p for a in shown_authors
                                           for p in facts.author_papers.get(a, ())))
    membership = node_communities(shown, seed=seed) if color_by == "community" else {}
    nodes = []
    for n in sorted(shown, key=str):
        kind = shown.nodes[n]["kind"]
        colour, shape, _ = KIND_STYLE[kind]
        comm = membership.get(n)
        if color_by == "community":
            colour = PALETTE[comm - 1] if comm and comm <= len(PALETTE) else OTHER_COLOUR
        elif color_by == "none":
            colour = PLAIN_COLOUR
        label = _short(facts.name(n), 28 if kind == "paper" else 40)
        nodes.append({"id": n, "label": label, "value": sizes[n], "color": colour, "shape": shape,
                      "kind": kind, "years": facts.years_of(kind, n),
                      "t": _tip(facts, kind, n, links=links if kind == "author" else None,
                                community=comm, score=(size_by, scores.get(n, 0.0), ranks.get(n)))})
    keep = set(shown)
    edges = []
    rows = sorted(((u, v, k) for u in keep for v, k in kl.out.get(u, {}).items() if v in keep),
                  key=lambda e: (str(e[0]), str(e[1]), e[2]))
    records = [kl.record(*row) for row in rows]
    top = max((n for n, _ in records), default=1)
    for i, ((u, v, k), (n, papers)) in enumerate(zip(rows, records)):
        edges.append({"id": f"e{i}", "from": u, "to": v, "k": EDGE_KIND_NAMES.get(k, k), "n": n,
                      "width": _width(n, top) if top > 1 else 1.0,
                      "color": "rgba(120,120,120,0.35)", "years": facts.years_in(papers)})
    counts = Counter(shown.nodes[n]["kind"] for n in shown)
    legend = []
    if color_by == "kind":
        legend = [{"colour": colour, "shape": shape, "label": f"{name} ({counts.get(kind, 0)})"}
                  for kind, (colour, shape, name) in KIND_STYLE.items() if counts.get(kind)]
    encodings = [f"Node size: {_measure_name(size_by)} (links taken as undirected)",
                 "Colour and shape: kind" if color_by == "kind" else
                 ("Colour: community (Leiden, seed %d%s); shape: kind"
                  % (seed, " of the drawn nodes" if was_cut else "") if color_by == "community"
                  else "Shape: kind"),
                 "Line width: number of links between the two nodes"]
    notes = _notes("knowledge", "nodes", total_nodes, total_edges, len(keep), len(edges), was_cut,
                   size_by, max_nodes, None, None)
    subtitle = ", ".join(f"{counts[k]} {KIND_STYLE[k][2]}" for k in KIND_STYLE if counts.get(k)) \
        + f"; {len(edges)} links"
    broader_only = sum(1 for n in shown if shown.nodes[n]["kind"] == "topic"
                       and not facts.topic_papers_direct.get(n))
    if broader_only:  # (graphkit info counts the topics papers are about)
        notes.append(f"{broader_only} of the {counts['topic']} topics are broader topics no paper is "
                     "directly about (e.g. an arXiv archive above its categories).")
    return _finish(View(view="knowledge", title=title or TITLES["knowledge"], subtitle=subtitle,
                        nodes=nodes, edges=edges, legend=legend, encodings=encodings, notes=notes,
                        size_by=size_by, total_nodes=total_nodes, total_edges=total_edges, seed=seed,
                        scores={n: scores.get(n, 0.0) for n in shown}), shown, physics, seed)


# ------------------------------------------------------------------ HTML
def vis_options(physics: bool, n: int) -> dict:
    """vis-network options: straight lines, computed positions, physics only for small views."""
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"size": 14, "face": "system-ui, -apple-system, Segoe UI, Arial, sans-serif",
                           "color": "#1f2328", "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "scaling": {"min": NODE_RADIUS[n > LABEL_ALL_MAX][0], "max": NODE_RADIUS[n > LABEL_ALL_MAX][1],
                              "label": {"enabled": n <= LABEL_ALL_MAX, "min": 14, "max": 30,
                                        "drawThreshold": 4, "maxVisible": 40}}},
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 0.5},
        "physics": ({"enabled": True, "solver": "forceAtlas2Based",
                     "forceAtlas2Based": {"gravitationalConstant": -120, "springLength": 100,
                                          "springConstant": 0.05, "avoidOverlap": 0.8},
                     "stabilization": {"enabled": True, "iterations": 250, "fit": True}}
                    if physics else {"enabled": False, "stabilization": {"enabled": False}}),
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n > 1000,
                        "hideEdgesOnZoom": n > 3000, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
    }


_ASSET_DIR = Path(__file__).resolve().parent / "assets"
_TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


VIS_NETWORK = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")  # inside the pyvis package


def _vis_network_path() -> Path:
    """vis-network as shipped by pyvis (found without importing pyvis, whose import pulls in
    IPython). pyvis's own page writer is not used: its ``add_edge`` scans every edge, its
    template links Bootstrap from a CDN and its local mode writes ``./lib``."""
    import importlib.util
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise GraphkitError("the pyvis package is not installed; run: pip install pyvis")
    path = Path(spec.origin).parent.joinpath(*VIS_NETWORK)
    if not path.is_file():
        raise GraphkitError(f"vis-network is missing from the pyvis package ({path}); reinstall pyvis 0.3.2")
    return path


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of an inlined asset (``vis-network.min.js`` from pyvis; ``network.js`` and
    ``network.css`` from ``assets/``)."""
    path = _vis_network_path() if name == "vis-network.min.js" else _ASSET_DIR / name
    text = path.read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise GraphkitError(f"asset {name} cannot be inlined (it contains a closing tag)")
    return text


def json_script(obj) -> str:
    """JSON safe to place inside ``<script type="application/json">``: ``<``, ``>``, ``&``
    and the line separators are escaped, so no input text can close the block.

    >>> json_script({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=None)
def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    env = Environment(loader=FileSystemLoader(str(_TEMPLATE_DIR)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    return env


def _sha256(text: str) -> str:
    import base64
    import hashlib
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def content_security_policy(*scripts: str) -> str:
    """The page's policy: no requests of any kind; only the inlined scripts whose hashes are
    listed may run (an injected ``<script>`` or ``onerror=`` would be refused even if some
    text escaped the escaping)."""
    return ("default-src 'none'; script-src " + " ".join(_sha256(s) for s in scripts)
            + "; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
            "base-uri 'none'; form-action 'none'")


def render_template(name: str, **context) -> str:
    """Render one of ``templates/`` with the inlined assets (``assets``), ``json_script`` and
    the content security policy (``csp``) available."""
    from markupsafe import Markup
    vis_js, app_js = asset("vis-network.min.js"), asset("network.js")
    assets = {"vis_js": Markup(vis_js), "app_js": Markup(app_js), "css": Markup(asset("network.css"))}
    extra = context.pop("extra_scripts", ())
    return _env().get_template(name).render(
        assets=assets, json_script=lambda o: Markup(json_script(o)),
        csp=content_security_policy(vis_js, app_js, *extra), **context)


def page_html(view: View) -> str:
    """A full, self-contained HTML document for ``view``."""
    return render_template("network.html", v=view)


ABSTRACT_VIEWS = ("knowledge",)  # views whose paper tooltips show abstracts


def _corpus_of(ws_or_corpus, abstracts: bool | None = None) -> Corpus:
    if isinstance(ws_or_corpus, Corpus):
        return ws_or_corpus
    if hasattr(ws_or_corpus, "corpus"):
        return ws_or_corpus.corpus() if abstracts is None else ws_or_corpus.corpus(abstracts=abstracts)
    raise TypeError("expected a Workspace or a Corpus")


def render(ws_or_corpus, view: str = "coauthors", *, year_from: int | None = None,
           year_to: int | None = None, **options) -> str:
    """One view of a workspace (or corpus) as a full, self-contained HTML document.

    ``options`` are those of ``build_view``; ``year_from``/``year_to`` restrict the corpus to
    papers of those years first (the page also has an interactive year filter).
    """
    return view_page(ws_or_corpus, view, year_from=year_from, year_to=year_to, **options)[1]


@_gc.paused_in  # one collection after the page instead of passes over each step's objects
def view_page(ws_or_corpus, view: str = "coauthors", *, year_from: int | None = None,
              year_to: int | None = None, **options) -> tuple[View, str]:
    """``render``'s view and page: (the ``View``, its HTML document)."""
    corpus = _corpus_of(ws_or_corpus, True if view in ABSTRACT_VIEWS else None).filter_years(year_from, year_to)
    if (year_from is not None or year_to is not None) and not corpus.papers:
        years = (f"in {year_from}-{year_to}" if year_from is not None and year_to is not None
                 else f"from {year_from} on" if year_from is not None else f"up to {year_to}")
        raise GraphkitError(f"nothing to show: no papers {years}")  # (not "the workspace has no ...")
    if "graph" not in options:
        options["graph"] = whole_corpus_graph(ws_or_corpus, view, year_from, year_to,
                                              counting=options.get("counting", "full"),
                                              max_authors=options.get("max_authors", DEFAULT_MAX_AUTHORS),
                                              size_by=options.get("size_by", DEFAULT_SIZE_BY),
                                              max_nodes=options.get("max_nodes", DEFAULT_MAX_NODES),
                                              author=options.get("author"), depth=options.get("depth", 1))
    v = build_view(corpus, view, **options)
    return v, page_html(v)


@_gc.paused_in
def whole_corpus_graph(source, view: str, year_from: int | None, year_to: int | None, *,
                       counting: str, max_authors: int | None, size_by: str = DEFAULT_SIZE_BY,
                       max_nodes: int | None = None, author: str | None = None, depth: int = 1):
    """``build_view``'s ``graph`` for a coauthor or ego view of the whole corpus of ``source``
    (a workspace: the graph its ingest saved, or a ``SavedCut`` or ``SavedEgo`` when that is
    enough); None when the view needs no coauthor graph or covers some years only
    (``build_view`` builds it then)."""
    from ..graph import coauthor_graph_of
    if view not in ("coauthors", "ego") or year_from is not None or year_to is not None:
        return None
    if view == "coauthors" and max_nodes:
        cut = saved_cut(source, counting=counting, max_authors=max_authors, size_by=size_by,
                        max_nodes=max_nodes, share=SAVED_CUT_SHARE)
        if cut is not None:
            return cut
    if view == "ego" and author and counting == "full":
        ego = saved_ego(source, author, depth, max_authors=max_authors)
        if ego is not None:
            return ego
    return coauthor_graph_of(source, counting=counting, max_authors=max_authors, arrays=True)


@dataclass
class SavedEgo:
    """What an ego view of ``centre`` up to ``depth`` needs of the whole coauthor graph,
    without reading it: ``graph`` holds the people within ``depth`` of ``centre`` and their
    links as ``SavedCut.graph`` does (read from the arrays saved with the graph)."""

    graph: nx.Graph
    centre: str
    depth: int


def saved_ego(source, author: str, depth: int, *, max_authors: int | None) -> SavedEgo | None:
    """A ``SavedEgo`` from the arrays a workspace's ingest saved with its coauthor graph (full
    counting), or None (not a workspace, no such arrays, an unknown author)."""
    arrays = getattr(source, "coauthor_arrays", None)
    path = arrays("full", max_authors) if arrays is not None else None
    if path is None:
        return None
    try:
        from ..analysis.centrality import saved_links, saved_nodes
    except ImportError:
        return None
    corpus = source.corpus()
    try:
        centre = _lookup_author(corpus, author)
    except GraphkitError:
        return None  # (build_view says why)
    nodes = saved_nodes(path)
    saved = saved_links(path, nodes) if nodes else None
    if saved is None:
        return None
    import numpy as np
    at = _top_mask(nodes, [centre])
    if not at.any():
        return None  # (no papers: not a node)
    a, b = saved[0][:, 0], saved[0][:, 1]
    near = at
    for _ in range(depth):  # the people within ``depth`` links of the centre
        hit = near[a] | near[b]
        near[a[hit]] = True
        near[b[hit]] = True
    order = [nodes[i] for i in np.flatnonzero(near).tolist()]
    return SavedEgo(_saved_cut_graph(saved, nodes, order, corpus), centre, depth)


@dataclass
class SavedCut:
    """What a coauthor view cut to its top ``max_nodes`` authors by ``size_by`` needs of the
    whole coauthor graph, without reading that graph: ``graph`` holds the links of the top
    authors only (the links among them as in the whole graph, or with their papers' distinct
    ``years`` instead of the papers when read from the saved arrays; of their links to other
    authors those that can be among their top coauthors, with ``count`` and ``weight``),
    ``scores``/``order`` the ranking ``_ranked`` gives on the whole graph, and its node and
    link counts."""

    graph: nx.Graph
    scores: dict
    order: list
    total_nodes: int
    total_edges: int
    size_by: str
    max_nodes: int
    nodes: list | None = None  # the whole graph's sorted nodes (when read from its arrays)


# A view keeping at most this share of the authors reads their links from the arrays saved
# with the graph (``saved_cut``) rather than reading the whole saved graph. arXiv (340k
# authors, 2 cores): the cut takes 0.44 s at 1,000 nodes, 0.46 s at 5,000, 1.1 s at 20,000,
# against ~2.2 s to read the graph (and its ranking) at any size.
SAVED_CUT_SHARE = 1 / 20


def saved_cut(source, *, counting: str, max_authors: int | None, size_by: str,
              max_nodes: int, share: float = 1.0) -> SavedCut | None:
    """A ``SavedCut`` from the scores a workspace's ingest saved with its coauthor graph
    (PageRank at its defaults), or None: not a workspace, no saved scores for ``size_by``,
    nothing to cut, or ``max_nodes`` over ``share`` of the authors."""
    arrays = getattr(source, "coauthor_arrays", None)
    path = arrays(counting, max_authors) if arrays is not None else None
    if path is None:
        return None
    try:
        from ..analysis.centrality import SAVED_SCORES, saved_links, saved_nodes, saved_scores_file
    except ImportError:
        return None
    if size_by not in SAVED_SCORES:
        return None
    from ..graph import coauthor_graph, coauthor_nodes
    corpus = source.corpus()
    if max_nodes > share * len(corpus.authors):  # (authors: the nodes, and any without papers)
        return None
    nodes = saved_nodes(path) or coauthor_nodes(corpus)
    if len(nodes) <= max_nodes or max_nodes > share * len(nodes):
        return None
    saved = saved_scores_file(path, size_by, len(nodes))
    if saved is None:
        return None
    values, (total_nodes, total_edges) = saved
    scores, order = _rank(dict(zip(nodes, values)), max_nodes)
    top = set(order)
    g = None
    if counting == "full":  # the saved weights are the links' paper counts
        links = saved_links(path, nodes)
        if links is not None:
            g = _saved_cut_graph(links, nodes, order, corpus)
        else:  # (arrays saved without the links' years: build those links)
            g = coauthor_graph(corpus, counting=counting, max_authors=max_authors, touching=top,
                               within=True)
            if not _add_saved_links(g, path, nodes, order):
                g = None
    if g is None:
        g = coauthor_graph(corpus, counting=counting, max_authors=max_authors, touching=top)
    return SavedCut(g, scores, order, total_nodes, total_edges, size_by, max_nodes, nodes)


def _top_mask(nodes: list, order: list):
    """A boolean array over ``nodes`` (in ``node_order``): True for the nodes of ``order``
    (those that are among ``nodes``)."""
    import numpy as np
    from bisect import bisect_left
    from ..analysis.centrality import node_order
    top = np.zeros(len(nodes), dtype=bool)
    if all(type(n) is str for n in nodes):
        found = [bisect_left(nodes, n) for n in order]
    else:
        found = [bisect_left(nodes, node_order(n), key=node_order) for n in order]
    top[[i for i, n in zip(found, order) if i < len(nodes) and nodes[i] == n]] = True
    return top


def _saved_cut_graph(saved: tuple, nodes: list, order: list, corpus: Corpus) -> nx.Graph:
    """``SavedCut.graph`` from the arrays saved with the whole graph (``saved``: what
    ``saved_links`` reads): the authors of ``order`` with their attributes, the links among
    them (``count``, ``weight``, ``years``, ``first_year``, ``last_year``: the sorted distinct
    years of their papers instead of the papers) and their links to others that can be among
    their top coauthors."""
    import numpy as np
    edges, weights, years, years_end, node_papers, meta = saved
    top = _top_mask(nodes, order)
    a, b = edges[:, 0], edges[:, 1]
    g = nx.Graph()
    g.graph.update(meta)
    authors = corpus.authors
    adj, node = g._adj, g._node
    for i in np.flatnonzero(top).tolist():
        n = nodes[i]
        node[n] = {"papers": int(node_papers[i]), "label": authors[n].name if n in authors else n,
                   "kind": "author"}
        adj[n] = {}
    rows = np.flatnonzero(top[a] & top[b])
    starts = np.where(rows > 0, years_end[rows - 1], 0).tolist()
    for r, x, y, w, start, end in zip(rows.tolist(), a[rows].tolist(), b[rows].tolist(),
                                      weights[rows].tolist(), starts, years_end[rows].tolist()):
        ys = years[start:end].tolist()
        c = int(w)
        d = {"count": c, "weight": c, "years": ys, "first_year": ys[0] if ys else None,
             "last_year": ys[-1] if ys else None}
        u, v = nodes[x], nodes[y]
        adj[u][v] = d
        adj[v][u] = d
    _add_candidates(g, nodes, top, a, b, weights)
    return g


def _add_saved_links(g: nx.Graph, path, nodes: list, order: list) -> bool:
    """Add to ``g`` (the links among the authors of ``order``) those of their links to other
    authors that can name them among an author's ``TIP_NEIGHBOURS`` top coauthors, read from
    the edge arrays saved with the whole graph (over its sorted ``nodes``). False, with ``g``
    unchanged, when the arrays cannot be read or their links among ``order`` are not the
    edges of ``g``."""
    from ..analysis.centrality import _load_saved
    from ..graph import edge_count
    arrays = _load_saved(path, lambda data: (data["edges"], data["weights"]),
                         lambda counts: counts[0] == len(nodes))
    if arrays is None:
        return False
    edges, weights = arrays
    top = _top_mask(nodes, order)
    a, b = edges[:, 0], edges[:, 1]
    if int((top[a] & top[b]).sum()) != edge_count(g):
        return False
    _add_candidates(g, nodes, top, a, b, weights)
    return True


def _add_candidates(g: nx.Graph, nodes: list, top, a, b, weights) -> None:
    """Add to ``g`` the links (``a``, ``b``: indexes into ``nodes``; ``weights``: paper counts)
    from a node of ``top`` to one outside it whose count is at least that of the node's
    ``TIP_NEIGHBOURS``-th link (all it takes to name its top coauthors, ties included), with
    ``count`` and ``weight``."""
    import numpy as np
    in_a, in_b = top[a], top[b]
    # every link of a top author, seen from that author (a link between two: twice)
    ends = np.concatenate([a[in_a], b[in_b]])
    others = np.concatenate([b[in_a], a[in_b]])
    counts = np.concatenate([weights[in_a], weights[in_b]])
    by = np.lexsort((-counts, ends))  # per author, the highest counts first
    ends, others, counts = ends[by], others[by], counts[by]
    first = np.searchsorted(ends, ends, side="left")
    last = np.searchsorted(ends, ends, side="right") - 1
    least = counts[np.minimum(first + TIP_NEIGHBOURS - 1, last)]
    keep = (counts >= least) & ~top[others]
    adj, node = g._adj, g._node
    for x, y, w in zip(ends[keep].tolist(), others[keep].tolist(), counts[keep].tolist()):
        u, v = nodes[x], nodes[y]
        c = int(w)
        d = {"count": c, "weight": c}
        adj[u][v] = d
        av = adj.get(v)
        if av is None:
            av = adj[v] = {}
            node[v] = {}
        av[u] = d
    nx._clear_cache(g)


def write_html(html: str, path) -> Path:
    """Write ``html`` to ``path`` (parent folders created) whole or not at all; nothing else is
    written (``graphkit._io.write_output``)."""
    from .._io import write_output
    path = Path(path)
    if path.exists() and path.is_dir():
        raise GraphkitError(f"{path} is a directory; give a file name such as {path / 'view.html'}")
    write_output(html.encode("utf-8"), path)
    return path


__all__ = ["VIEWS", "SIZE_MEASURES", "View", "SavedCut", "SavedEgo", "build_view", "render", "saved_cut",
           "saved_ego",
           "page_html", "write_html", "layout_positions", "node_scores", "node_communities",
           "json_script"]
