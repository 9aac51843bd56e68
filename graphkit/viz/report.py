"""A one-page HTML report of a workspace: summary numbers, top authors, the coauthor network,
its communities, the topic evolution chart and data-quality warnings.

Self-contained and offline like the network pages (``graphkit.viz.network``): the same
inlined vis-network and page script, the same escaping rules, no requests. The topic chart
(``graphkit.viz.charts``) is its own small page, embedded escaped in a sandboxed
``<iframe srcdoc>``; it inherits the report's policy, which lists its script's hash.
"""
from __future__ import annotations

import heapq
import re
from collections import Counter

import networkx as nx

from ..graph import edge_count
from ..model import DEFAULT_MAX_AUTHORS, Corpus
from . import network as N

TOP_AUTHORS = 20
REPORT_MAX_NODES = 500
MAX_ISSUES = 200


def data_quality(corpus: Corpus) -> list[tuple[str, int]]:
    """(label, count) pairs describing what the sources left unknown or uncertain."""
    years = sum(1 for p in corpus.papers.values() if p.year is not None)
    return [
        ("papers with a truncated author list", sum(1 for p in corpus.papers.values() if not p.authors_complete)),
        ("papers whose date was inferred", sum(1 for p in corpus.papers.values() if p.date_inferred)),
        ("papers without a year", len(corpus.papers) - years),
        ("authorships at an unknown position", sum(1 for a in corpus.authorships if a.position is None)),
        ("authors identified by name only", sum(1 for a in corpus.authors.values() if a.key_from_name)),
        ("ambiguous author names", sum(1 for a in corpus.authors.values() if a.ambiguous)),
        ("warnings", sum(1 for i in corpus.issues if i.kind == "warning")),
        ("skipped records", sum(1 for i in corpus.issues if i.kind == "skipped")),
    ]


def summary(corpus: Corpus, g: nx.Graph) -> list[tuple[str, str]]:
    comps = sorted((len(c) for c in nx.connected_components(g)), reverse=True) if len(g) else []
    return _summary(corpus, edge_count(g), comps, g.graph)


def _summary(corpus: Corpus, links: int, comps: list[int], meta: dict) -> list[tuple[str, str]]:
    """``summary`` from the coauthor graph's link count, component sizes (largest first) and
    ``graph`` attributes."""
    from ..rdf.store import corpus_counts
    counts = corpus_counts(corpus)
    years = [p.year for p in corpus.papers.values() if p.year is not None]
    rows = [("papers", counts["papers"]), ("authors", counts["authors"]),
            ("institutions", counts["institutions"]), ("topics", counts["topics"]),
            ("authorships", counts["authorships"]),
            ("years", f"{min(years)}\u2013{max(years)}" if years else "unknown"),
            ("coauthor links", links),
            ("connected groups", len(comps)),
            ("largest group", f"{comps[0]} authors" if comps else "none")]
    excluded = meta.get("excluded_papers") or []
    if excluded:
        rows.append(("papers left out of links", f"{len(excluded)} (more than "
                                                 f"{meta.get('max_authors')} authors)"))
    return [(k, str(v)) for k, v in rows]


def top_authors(g: nx.Graph, scores: dict, corpus: Corpus, n: int = TOP_AUTHORS) -> list[dict]:
    return _top_authors(g, g.degree, scores, corpus, n)


def _top_authors(nodes, degree, scores: dict, corpus: Corpus, n: int = TOP_AUTHORS) -> list[dict]:
    """``top_authors`` over the coauthor graph's ``nodes`` with their ``degree(node)``."""
    order = heapq.nsmallest(n, nodes, key=lambda k: (-scores.get(k, 0.0), str(k)))  # keys unique: = sorted()[:n]
    papers = Counter(a.author for a in corpus.authorships)
    ranks, rank, prev = [], 0, None  # competition ranks (1, 2, 2, 4), as the CLI's
    for i, k in enumerate(order):
        if scores.get(k, 0.0) != prev:
            rank, prev = i + 1, scores.get(k, 0.0)
        ranks.append(rank)
    # four significant digits: on a large corpus every PageRank is under 0.001 (four decimals
    # showed the top 20 of arXiv as 0.0009, 0.0007, 0.0006, 0.0006, 0.0005 x 5, ...)
    return [{"rank": r, "name": corpus.authors[k].name if k in corpus.authors else k,
             "papers": papers.get(k, 0), "coauthors": degree(k), "pagerank": f"{scores.get(k, 0.0):.4g}"}
            for r, k in zip(ranks, order)]


def _saved_graph_facts(ws, max_nodes: int | None):
    """``(cut, links, component sizes, graph attributes, nodes, degree)`` of a workspace's
    saved coauthor graph read from the arrays saved with it, for a report whose view keeps
    ``max_nodes`` authors (``network.saved_cut``), without reading the graph; None when those
    arrays are not there (then the report reads the graph)."""
    if not max_nodes:
        return None
    cut = N.saved_cut(ws, counting="full", max_authors=DEFAULT_MAX_AUTHORS, size_by="pagerank",
                      max_nodes=max_nodes, share=N.SAVED_CUT_SHARE)
    if cut is None or cut.nodes is None:
        return None
    from ..analysis.centrality import _load_saved
    nodes = cut.nodes
    edges = _load_saved(ws.coauthor_arrays(), lambda data: data["edges"],
                        lambda counts: counts[0] == len(nodes))
    if edges is None:
        return None
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    n = len(nodes)
    degrees = np.bincount(edges.ravel(), minlength=n).tolist()
    matrix = coo_matrix((np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])), shape=(n, n))
    _, labels = connected_components(matrix, directed=False)
    comps = sorted(np.bincount(labels).tolist(), reverse=True)
    index = {k: i for i, k in enumerate(nodes)}
    return cut, len(edges), comps, cut.graph.graph, nodes, lambda k: degrees[index[k]]


def chart_scheme(corpus: Corpus) -> str | None:
    """The topic scheme the report charts: the one that covers the most papers (ties: by name)."""
    papers: dict[str, set] = {}
    for pt in corpus.paper_topics:
        t = corpus.topics.get(pt.topic)
        if t is not None:
            papers.setdefault(t.scheme, set()).add(pt.paper)
    if not papers:
        return None
    return sorted(papers, key=lambda sc: (-len(papers[sc]), sc))[0]


def topic_chart(corpus: Corpus) -> tuple[str | None, str]:
    """(chart page, note): topic shares per year (``graphkit.analysis.topics.topic_shares``
    drawn by ``graphkit.viz.charts.shares_html``) for the scheme ``chart_scheme`` picks, or
    ``(None, why not)``."""
    try:
        from ..analysis.topics import topic_shares
        from .charts import shares_html
    except ImportError:
        return None, "The topic evolution chart is not available in this build."
    scheme = chart_scheme(corpus)
    if scheme is None or not any(p.year for p in corpus.papers.values()):
        return None, "No dated papers with topics to chart."
    data = topic_shares(corpus, scheme=scheme, period=1, top=8)
    if not data.get("series"):
        return None, "No dated papers with topics to chart."
    page = shares_html(data, title=f"Topic shares per year ({scheme} topics)",
                       note="The eight topics with the most papers; hover for the numbers, click "
                            "a legend entry to single it out.")
    return page, ""


def _scripts(page: str) -> list[str]:
    """The inline scripts of an embedded page (their hashes join the report's policy, which
    the embedded page inherits)."""
    return re.findall(r"<script>(.*?)</script>", page, re.S)


def report_html(ws, *, seed: int = 0, max_nodes: int | None = REPORT_MAX_NODES) -> str:
    """One self-contained HTML page describing ``ws`` (a workspace or a corpus)."""
    from ..graph import coauthor_graph_of
    corpus = N._corpus_of(ws)
    view = None
    scores: dict = {}
    communities: list = []
    # the view's cut and the graph's figures from the arrays saved with the graph, else the
    # workspace's saved graph (built for a bare corpus)
    saved = _saved_graph_facts(ws, max_nodes)
    g = coauthor_graph_of(ws, arrays=True) if saved is None else None
    if saved is not None or g.number_of_nodes():
        view = N.build_view(corpus, "coauthors", seed=seed, max_nodes=max_nodes,
                            graph=saved[0] if saved is not None else g)
        scores = view.scores  # the cut keeps the top authors by PageRank, so these hold the top
        communities = view.communities
    if saved is not None:
        _, links, comps, meta, nodes, degree = saved
        rows, authors = _summary(corpus, links, comps, meta), _top_authors(nodes, degree, scores, corpus)
    else:
        rows, authors = summary(corpus, g), top_authors(g, scores, corpus) if scores else []
    chart, chart_note = topic_chart(corpus)
    # the warnings and skipped records the summary counts; the resolver's notes on people
    # (merges, shared names: thousands on arXiv) as one line pointing to graphkit identities
    issues = [str(i) for i in corpus.issues if i.kind in ("warning", "skipped")]
    identity_notes = sum(1 for i in corpus.issues if i.kind not in ("warning", "skipped"))
    name = getattr(ws, "path", None)
    title = f"graphkit report: {name.name}" if name is not None else "graphkit report"
    return N.render_template(
        "report.html", title=title, v=view, embedded=True,
        summary=rows, authors=authors,
        communities=communities[:20], more_communities=max(0, len(communities) - 20),
        chart=chart, chart_note=chart_note,
        quality=data_quality(corpus), issues=issues[:MAX_ISSUES],
        more_issues=max(0, len(issues) - MAX_ISSUES), identity_notes=identity_notes,
        extra_scripts=_scripts(chart or ""))


__all__ = ["report_html", "data_quality", "summary", "top_authors", "topic_chart"]
