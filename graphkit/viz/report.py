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
from ..model import Corpus
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
    from ..rdf.store import corpus_counts
    counts = corpus_counts(corpus)
    years = [p.year for p in corpus.papers.values() if p.year is not None]
    comps = sorted((len(c) for c in nx.connected_components(g)), reverse=True) if len(g) else []
    rows = [("papers", counts["papers"]), ("authors", counts["authors"]),
            ("institutions", counts["institutions"]), ("topics", counts["topics"]),
            ("authorships", counts["authorships"]),
            ("years", f"{min(years)}\u2013{max(years)}" if years else "unknown"),
            ("coauthor links", edge_count(g)),
            ("connected groups", len(comps)),
            ("largest group", f"{comps[0]} authors" if comps else "none")]
    excluded = g.graph.get("excluded_papers") or []
    if excluded:
        rows.append(("papers left out of links", f"{len(excluded)} (more than "
                                                 f"{g.graph.get('max_authors')} authors)"))
    return [(k, str(v)) for k, v in rows]


def top_authors(g: nx.Graph, scores: dict, corpus: Corpus, n: int = TOP_AUTHORS) -> list[dict]:
    order = heapq.nsmallest(n, g, key=lambda k: (-scores.get(k, 0.0), str(k)))  # keys unique: = sorted()[:n]
    papers = Counter(a.author for a in corpus.authorships)
    return [{"rank": i + 1, "name": corpus.authors[k].name if k in corpus.authors else k,
             "papers": papers.get(k, 0), "coauthors": g.degree(k), "pagerank": f"{scores.get(k, 0.0):.4f}"}
            for i, k in enumerate(order)]


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
    g = coauthor_graph_of(ws)  # a workspace's saved graph; built for a bare corpus
    view = None
    scores: dict = {}
    communities: list = []
    if g.number_of_nodes():
        view = N.build_view(corpus, "coauthors", seed=seed, max_nodes=max_nodes, graph=g)
        scores = view.scores  # the cut keeps the top authors by PageRank, so these hold the top
        communities = view.communities
    chart, chart_note = topic_chart(corpus)
    issues = [str(i) for i in corpus.issues]
    name = getattr(ws, "path", None)
    title = f"graphkit report: {name.name}" if name is not None else "graphkit report"
    return N.render_template(
        "report.html", title=title, v=view, embedded=True,
        summary=summary(corpus, g), authors=top_authors(g, scores, corpus) if scores else [],
        communities=communities[:20], more_communities=max(0, len(communities) - 20),
        chart=chart, chart_note=chart_note,
        quality=data_quality(corpus), issues=issues[:MAX_ISSUES],
        more_issues=max(0, len(issues) - MAX_ISSUES), extra_scripts=_scripts(chart or ""))


__all__ = ["report_html", "data_quality", "summary", "top_authors", "topic_chart"]
