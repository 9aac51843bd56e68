"""Topics over time: counts and shares per period, emerging and declining topics, bursts,
an author's trajectory, co-occurrence, topics of collaboration communities and thematic
evolution between periods.

Every function takes the corpus first (topics live on papers), keyword-only options after,
and returns plain rows (lists of dicts) in a deterministic order. Common options:

* ``scheme``: only topics of one concept scheme (``"arxiv"``, ``"phrase"``, ``"theme"``,
  ...); ``None`` takes every scheme;
* ``rollup``: a paper about a topic is also about its broader topics (``cs.LG`` -> ``cs``;
  ``recommendation system`` -> ``recommendation``);
* ``match``: a regular expression; only topics whose label or code matches (case-insensitive).

Periods are consecutive blocks of ``period`` years starting at the first year of the corpus
(or ``start``); a paper without a year is in no period.

>>> from graphkit.model import Corpus, Paper, Topic, PaperTopic
>>> c = Corpus(papers={f"p{i}": Paper(f"p{i}", "t", y) for i, y in enumerate([2018, 2019, 2019])},
...            topics={"t-a": Topic("t-a", "x", "a", "A"), "t-b": Topic("t-b", "x", "b", "B")},
...            paper_topics=(PaperTopic("p0", "t-a"), PaperTopic("p1", "t-a"), PaperTopic("p2", "t-b")))
>>> [(r["label"], r["papers"], r["share"], r["first_year"]) for r in topic_counts(c)]
[('A', 2, 0.666667, 2018), ('B', 1, 0.333333, 2019)]
>>> [(r["period"], r["label"], r["papers"], r["period_papers"]) for r in topic_counts(c, period=1)]
[('2018', 'A', 1, 1), ('2019', 'A', 1, 2), ('2019', 'B', 1, 2)]
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from ..errors import GraphkitError

ROUND = 6


def _r(x: float) -> float:
    return round(float(x), ROUND)


# ---------------------------------------------------------------- selection
def schemes(corpus) -> list[str]:
    """The concept schemes that papers of ``corpus`` are about."""
    used = {pt.topic for pt in corpus.paper_topics}
    return sorted({corpus.topics[t].scheme for t in used if t in corpus.topics})


def _ancestors(corpus, key: str) -> list[str]:
    out, seen = [], set()
    while key and key not in seen and key in corpus.topics:
        out.append(key)
        seen.add(key)
        key = corpus.topics[key].broader
    return out


def topic_papers(corpus, *, scheme: str | None = None, rollup: bool = False,
                 match: str | None = None) -> dict[str, set[str]]:
    """Topic key -> the keys of the papers about it (only papers of ``corpus``)."""
    if scheme is not None and scheme not in schemes(corpus):
        known = ", ".join(schemes(corpus)) or "none"
        raise GraphkitError(f"no topics of scheme {scheme!r} in the workspace (schemes: {known})")
    pattern = None
    if match:
        try:
            pattern = re.compile(match, re.IGNORECASE)
        except re.error as exc:
            raise GraphkitError(f"--match {match!r} is not a regular expression: {exc}") from None
    out: dict[str, set[str]] = defaultdict(set)
    for pt in corpus.paper_topics:
        if pt.paper not in corpus.papers or pt.topic not in corpus.topics:
            continue
        keys = _ancestors(corpus, pt.topic) if rollup else [pt.topic]
        for k in keys:
            t = corpus.topics[k]
            if scheme is not None and t.scheme != scheme:
                continue
            if pattern and not (pattern.search(t.label) or pattern.search(t.code)):
                continue
            out[k].add(pt.paper)
    return dict(out)


def _topic_fields(corpus, key: str) -> dict:
    t = corpus.topics[key]
    return {"topic": key, "code": t.code, "label": t.label, "scheme": t.scheme}


# ---------------------------------------------------------------- periods
def periods(corpus, size: int = 1, *, start: int | None = None, end: int | None = None) -> list[dict]:
    """Consecutive periods of ``size`` years covering the corpus years: dicts with
    ``period`` (label: ``"2019"`` or ``"2017-2018"``), ``start``, ``end`` and ``papers``.

    >>> from graphkit.model import Corpus, Paper
    >>> c = Corpus(papers={f"p{y}": Paper(f"p{y}", "t", y) for y in (2017, 2018, 2021)})
    >>> [(p["period"], p["papers"]) for p in periods(c, 2)]
    [('2017-2018', 2), ('2019-2020', 0), ('2021', 1)]
    """
    if size is None or size < 1:
        raise GraphkitError("--period must be a positive number of years")
    years = Counter(p.year for p in corpus.papers.values() if p.year is not None)
    if not years:
        return []
    first = start if start is not None else min(years)
    last = end if end is not None else max(years)
    out = []
    y = first
    while y <= last:
        hi = min(y + size - 1, last)  # the last period ends with the data
        out.append({"period": str(y) if hi == y else f"{y}-{hi}", "start": y, "end": hi,
                    "papers": sum(n for yr, n in years.items() if y <= yr <= hi)})
        y += size
    return out


def _period_index(plist: list[dict]):
    size = (plist[1]["start"] - plist[0]["start"]) if len(plist) > 1 else None

    def of(year):
        if year is None or not plist or year < plist[0]["start"] or year > plist[-1]["end"]:
            return None
        return 0 if size is None else (year - plist[0]["start"]) // size
    return of


# ---------------------------------------------------------------- counts and shares
def topic_counts(corpus, *, scheme: str | None = None, period: int | None = None,
                 top: int | None = None, rollup: bool = False, match: str | None = None) -> list[dict]:
    """Topics by number of papers, overall or per period.

    Overall rows: ``rank``, ``topic``, ``code``, ``label``, ``scheme``, ``broader``,
    ``papers``, ``share`` (of all papers), ``first_year``, ``last_year``. With ``period``
    (years per period) one block of rows per period: ``period``, ``start``, ``end``,
    ``period_papers`` (all papers of the period), ``rank``, the topic fields, ``papers``,
    ``share`` (of the period's papers). ``top`` keeps the first N topics (per period).
    """
    tp = topic_papers(corpus, scheme=scheme, rollup=rollup, match=match)
    P = corpus.papers
    if period is None:
        n = len(P)
        ranked = sorted(tp.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        if top:
            ranked = ranked[:top]
        rows = []
        for rank, (k, ps) in enumerate(ranked, 1):
            years = [P[p].year for p in ps if P[p].year is not None]
            rows.append({"rank": rank, **_topic_fields(corpus, k),
                         "broader": corpus.topics[k].broader, "papers": len(ps),
                         "share": _r(len(ps) / n) if n else 0.0,
                         "first_year": min(years) if years else None,
                         "last_year": max(years) if years else None})
        return rows
    plist = periods(corpus, period)
    of = _period_index(plist)
    per: list[Counter] = [Counter() for _ in plist]
    for k, ps in tp.items():
        for p in ps:
            i = of(P[p].year)
            if i is not None:
                per[i][k] += 1
    rows = []
    for pd, counts in zip(plist, per):
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if top:
            ranked = ranked[:top]
        for rank, (k, c) in enumerate(ranked, 1):
            rows.append({"period": pd["period"], "start": pd["start"], "end": pd["end"],
                         "period_papers": pd["papers"], "rank": rank, **_topic_fields(corpus, k),
                         "papers": c, "share": _r(c / pd["papers"]) if pd["papers"] else 0.0})
    return rows


def topic_shares(corpus, *, scheme: str | None = None, period: int = 1, top: int = 8,
                 rollup: bool = False, match: str | None = None) -> dict:
    """Shares of the ``top`` topics (by papers overall) in every period, for charts:
    ``{"periods": [labels], "papers": [per period], "series": [{"topic", "label", "papers",
    "counts": [...], "shares": [...]}], "mentions": [per period], "other": {"counts",
    "shares"}}``. A series counts a topic's papers in each period (its share: of the period's
    papers); ``mentions`` counts the (paper, topic) pairs of the selection per period, and
    ``other`` those of the topics outside the ``top`` (its share: of the period's mentions),
    the units the 100 % chart stacks."""
    tp = topic_papers(corpus, scheme=scheme, rollup=rollup, match=match)
    plist = periods(corpus, period)
    of = _period_index(plist)
    P = corpus.papers
    ranked = sorted(tp.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    chosen = ranked[:top] if top else ranked
    chosen_keys = {k for k, _ in chosen}
    series = []
    for k, ps in chosen:
        counts = [0] * len(plist)
        for p in ps:
            i = of(P[p].year)
            if i is not None:
                counts[i] += 1
        series.append({"topic": k, "label": corpus.topics[k].label, "papers": len(ps),
                       "counts": counts,
                       "shares": [_r(c / pd["papers"]) if pd["papers"] else 0.0
                                  for c, pd in zip(counts, plist)]})
    # the rest, in the units the chart stacks: topic mentions (a paper with three topics
    # outside the top counts three times, as it counts once in each top topic it has)
    other_counts = [0] * len(plist)
    mentions = [0] * len(plist)
    index = {}  # paper -> period (each paper asked once, not once per topic)
    for k, ps in tp.items():
        rest = k not in chosen_keys
        for p in ps:
            i = index.get(p, -1)
            if i == -1:
                i = index[p] = of(P[p].year)
            if i is not None:
                mentions[i] += 1
                if rest:
                    other_counts[i] += 1
    return {"periods": [pd["period"] for pd in plist], "papers": [pd["papers"] for pd in plist],
            "series": series, "mentions": mentions,
            "other": {"counts": other_counts,
                      "shares": [_r(c / m) if m else 0.0 for c, m in zip(other_counts, mentions)]}}


# ---------------------------------------------------------------- emerging and declining
def topic_trends(corpus, *, scheme: str | None = None, window: int = 3, end: int | None = None,
                 min_papers: int = 2, top: int | None = None, rollup: bool = False,
                 match: str | None = None) -> list[dict]:
    """Change of share between two windows of ``window`` years: the recent one ends at
    ``end`` (default: the last year), the earlier one just before it.

    Rows (by change, largest rise first): topic fields, ``papers_before``, ``share_before``,
    ``papers_after``, ``share_after``, ``change`` (share after - share before) and ``trend``
    (``emerging``, ``declining`` or ``stable``). Topics with fewer than ``min_papers``
    papers in the two windows together are left out.
    """
    if window < 1:
        raise GraphkitError("--window must be a positive number of years")
    years = [p.year for p in corpus.papers.values() if p.year is not None]
    if not years:
        raise GraphkitError("no papers with a year")
    last = end if end is not None else max(years)
    after = (last - window + 1, last)
    before = (last - 2 * window + 1, last - window)
    P = corpus.papers
    n_before = sum(1 for y in years if before[0] <= y <= before[1])
    n_after = sum(1 for y in years if after[0] <= y <= after[1])
    rows = []
    for k, ps in topic_papers(corpus, scheme=scheme, rollup=rollup, match=match).items():
        b = sum(1 for p in ps if P[p].year is not None and before[0] <= P[p].year <= before[1])
        a = sum(1 for p in ps if P[p].year is not None and after[0] <= P[p].year <= after[1])
        if a + b < min_papers:
            continue
        sb = b / n_before if n_before else 0.0
        sa = a / n_after if n_after else 0.0
        ch = _r(sa - sb)
        rows.append({**_topic_fields(corpus, k),
                     "before": f"{before[0]}-{before[1]}", "papers_before": b, "share_before": _r(sb),
                     "after": f"{after[0]}-{after[1]}", "papers_after": a, "share_after": _r(sa),
                     "change": ch,
                     "trend": "emerging" if ch > 0 else "declining" if ch < 0 else "stable"})
    rows.sort(key=lambda r: (-r["change"], r["topic"]))
    return rows[:top] if top else rows


# ---------------------------------------------------------------- bursts
def kleinberg(relevant, total, *, s: float = 2.0, gamma: float = 1.0) -> dict:
    """Kleinberg's two-state burst automaton over batches (Kleinberg, "Bursty and
    hierarchical structure in streams", KDD 2002 / Data Min. Knowl. Disc. 7, 2003, sec. 4).

    ``relevant[t]`` of ``total[t]`` documents in batch ``t`` are about the topic. The base
    state emits relevant documents at rate ``p0 = sum(relevant) / sum(total)``, the burst
    state at ``p1 = s * p0`` (capped below 1); entering the burst state costs
    ``gamma * ln(n)`` (``n`` batches), leaving it is free. The cheapest state sequence
    (Viterbi) gives the bursts; a burst's strength is the sum over its batches of
    ``cost(base) - cost(burst)`` (the weight of the burst in Kleinberg's paper).

    Returns ``{"states": [0/1 per batch], "bursts": [{"start", "end", "strength"}]}`` with
    batch indices.

    >>> r = kleinberg([0, 0, 0, 10, 10, 0, 0, 0], [10] * 8)
    >>> r["states"], [(b["start"], b["end"], round(b["strength"], 4)) for b in r["bursts"]]
    ([0, 0, 0, 1, 1, 0, 0, 0], [(3, 4, 13.8629)])
    """
    if len(relevant) != len(total):
        raise ValueError("relevant and total must have the same length")
    if s <= 1:
        raise GraphkitError("the burst rate factor s must be greater than 1")
    if gamma < 0:
        raise GraphkitError("gamma must not be negative")
    n = len(total)
    if any(r < 0 or r > d for r, d in zip(relevant, total)):
        raise ValueError("every relevant count must lie between 0 and its total")
    R, D = sum(relevant), sum(total)
    if n == 0 or D == 0 or R == 0 or R == D:
        return {"states": [0] * n, "bursts": []}
    p = [R / D, min(s * R / D, 0.9999)]

    def cost(i, r, d):
        return -(r * math.log(p[i]) + (d - r) * math.log(1 - p[i]))

    enter = gamma * math.log(n) if n > 1 else 0.0
    best = [cost(0, relevant[0], total[0]), enter + cost(1, relevant[0], total[0])]
    back: list[list[int]] = []
    for t in range(1, n):
        c0, c1 = cost(0, relevant[t], total[t]), cost(1, relevant[t], total[t])
        from0 = (best[0], 0) if best[0] <= best[1] else (best[1], 1)  # leaving is free
        from1 = (best[0] + enter, 0) if best[0] + enter < best[1] else (best[1], 1)
        back.append([from0[1], from1[1]])
        best = [from0[0] + c0, from1[0] + c1]
    state = 0 if best[0] <= best[1] else 1
    states = [state]
    for t in range(n - 2, -1, -1):
        state = back[t][state]
        states.append(state)
    states.reverse()
    bursts = []
    t = 0
    while t < n:
        if states[t] == 1:
            u = t
            while u + 1 < n and states[u + 1] == 1:
                u += 1
            a, b = t, u
            while a < b and total[a] == 0:  # batches without documents do not start or end it
                a += 1
            while b > a and total[b] == 0:
                b -= 1
            strength = sum(cost(0, relevant[k], total[k]) - cost(1, relevant[k], total[k])
                           for k in range(a, b + 1))
            bursts.append({"start": a, "end": b, "strength": strength})
            t = u + 1
        else:
            t += 1
    return {"states": states, "bursts": bursts}


def topic_bursts(corpus, *, scheme: str | None = None, s: float = 2.0, gamma: float = 1.0,
                 min_papers: int = 2, top: int | None = None, rollup: bool = False,
                 match: str | None = None) -> list[dict]:
    """Bursts of every topic over the yearly series (years without papers count as empty
    batches), as CiteSpace reports them.

    Rows (strongest first): topic fields, ``start``, ``end`` (years), ``strength``,
    ``burst_papers`` (papers about the topic in the burst years) and ``papers`` (all years).
    Topics with fewer than ``min_papers`` papers are not tested.
    """
    plist = periods(corpus, 1)
    if not plist:
        raise GraphkitError("no papers with a year")
    totals = [pd["papers"] for pd in plist]
    first = plist[0]["start"]
    P = corpus.papers
    rows = []
    for k, ps in topic_papers(corpus, scheme=scheme, rollup=rollup, match=match).items():
        years = [P[p].year for p in ps if P[p].year is not None]
        if len(years) < min_papers:
            continue
        rel = [0] * len(plist)
        for y in years:
            rel[y - first] += 1
        for b in kleinberg(rel, totals, s=s, gamma=gamma)["bursts"]:
            rows.append({**_topic_fields(corpus, k), "start": first + b["start"],
                         "end": first + b["end"], "strength": _r(b["strength"]),
                         "burst_papers": sum(rel[b["start"]:b["end"] + 1]), "papers": len(years)})
    rows.sort(key=lambda r: (-r["strength"], r["start"], r["topic"]))
    return rows[:top] if top else rows


# ---------------------------------------------------------------- an author's trajectory
def author_trajectory(corpus, author: str, *, scheme: str | None = None, period: int = 1,
                      top: int | None = None, rollup: bool = False,
                      match: str | None = None) -> list[dict]:
    """Topics of one author's papers per period.

    ``author`` is an author key or a name (or part of one), looked up as the CLI does
    (``graphkit.analysis.collaboration.find_author``). Rows per period (in order) and topic (most papers first): ``period``, ``start``,
    ``end``, ``author_papers`` (the author's papers in the period), topic fields, ``papers``,
    ``share``, ``first_year`` (the author's first paper on the topic) and ``status``
    (``new`` in the period of that first year, else ``continuing``).
    """
    if author not in corpus.authors:
        from .collaboration import find_author
        author = find_author(corpus, author)  # (NotFoundError with close names when none)
    own = corpus.subset(corpus.papers_of(author))
    plist = periods(own, period)
    of = _period_index(plist)
    P = own.papers
    tp = topic_papers(own, scheme=scheme, rollup=rollup, match=match) if own.paper_topics else {}
    first_year = {k: min((P[p].year for p in ps if P[p].year is not None), default=None)
                  for k, ps in tp.items()}
    per = [Counter() for _ in plist]
    for k, ps in tp.items():
        for p in ps:
            i = of(P[p].year)
            if i is not None:
                per[i][k] += 1
    rows = []
    for pd, counts in zip(plist, per):
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if top:
            ranked = ranked[:top]
        for k, c in ranked:
            fy = first_year[k]
            rows.append({"period": pd["period"], "start": pd["start"], "end": pd["end"],
                         "author_papers": pd["papers"], **_topic_fields(corpus, k), "papers": c,
                         "share": _r(c / pd["papers"]) if pd["papers"] else 0.0,
                         "first_year": fy,
                         "status": "new" if fy is not None and pd["start"] <= fy <= pd["end"]
                         else "continuing"})
    return rows


def author_shifts(corpus, author: str, *, scheme: str | None = None, period: int = 1,
                  rollup: bool = False, match: str | None = None) -> list[dict]:
    """How an author's topics change from one period (with papers) to the next: ``from``,
    ``to``, ``similarity`` (cosine of the two topic count vectors, 1 = same mix), ``kept``,
    ``entered`` and ``left`` (topic labels)."""
    rows = author_trajectory(corpus, author, scheme=scheme, period=period, rollup=rollup,
                             match=match)
    by: dict[str, dict] = {}
    order: list[str] = []
    for r in rows:
        if r["period"] not in by:
            by[r["period"]] = {}
            order.append(r["period"])
        by[r["period"]][r["topic"]] = (r["papers"], r["label"])
    out = []
    for a, b in zip(order, order[1:]):
        A, B = by[a], by[b]
        dot = sum(A[k][0] * B[k][0] for k in A.keys() & B.keys())
        na = math.sqrt(sum(v[0] ** 2 for v in A.values()))
        nb = math.sqrt(sum(v[0] ** 2 for v in B.values()))
        lab = lambda d, ks: sorted(d[k][1] for k in ks)  # noqa: E731
        out.append({"from": a, "to": b, "similarity": _r(dot / (na * nb)) if na and nb else 0.0,
                    "kept": lab(B, A.keys() & B.keys()), "entered": lab(B, B.keys() - A.keys()),
                    "left": lab(A, A.keys() - B.keys())})
    return out


# ---------------------------------------------------------------- co-occurrence
def cooccurrence(corpus, *, scheme: str | None = None, min_papers: int = 1, top: int | None = None,
                 rollup: bool = False, match: str | None = None) -> list[dict]:
    """Pairs of topics that are subjects of the same papers (the topic co-occurrence network,
    ``graphkit.graph.topic_graph``). Rows (most shared papers first): ``topic_a``,
    ``label_a``, ``topic_b``, ``label_b``, ``papers`` (shared), ``jaccard`` (shared / papers
    of either) and ``association`` (shared * N / (papers_a * papers_b), van Eck & Waltman's
    association strength scaled by the N papers with topics)."""
    import networkx as nx

    from ..graph import topic_graph
    from ..model import PaperTopic
    from dataclasses import replace
    tp = topic_papers(corpus, scheme=scheme, rollup=rollup, match=match)
    pts = tuple(PaperTopic(p, k) for k, ps in sorted(tp.items()) for p in sorted(ps))
    g = topic_graph(replace(corpus, paper_topics=pts))
    n = len({p for ps in tp.values() for p in ps})
    size = nx.get_node_attributes(g, "papers")
    rows = []
    for u, v, d in g.edges(data=True):
        a, b = sorted((u, v))
        c = d["count"]
        if c < min_papers:
            continue
        rows.append({"topic_a": a, "label_a": corpus.topics[a].label,
                     "topic_b": b, "label_b": corpus.topics[b].label, "papers": c,
                     "jaccard": _r(c / (size[a] + size[b] - c)),
                     "association": _r(c * n / (size[a] * size[b]))})
    rows.sort(key=lambda r: (-r["papers"], -r["jaccard"], r["topic_a"], r["topic_b"]))
    return rows[:top] if top else rows


# ---------------------------------------------------------------- communities
def community_topics(g, corpus, *, scheme: str | None = None, algorithm: str = "leiden",
                     seed: int = 0, resolution: float = 1.0, top: int = 5, min_size: int = 2,
                     rollup: bool = False, match: str | None = None) -> list[dict]:
    """Which groups work on what: collaboration communities of the coauthor graph ``g``
    (``graphkit.analysis.communities.communities``) with their most frequent topics.

    Rows per community (largest first, ids as ``communities`` numbers them) and topic:
    ``community``, ``authors`` (members), ``members`` (up to three names, most connected
    first), ``community_papers`` (papers with a member), ``rank``, topic fields, ``papers``,
    ``share`` (of the community's papers) and ``lift`` (share / the topic's share of all
    papers: above 1, the group works on it more than the corpus does).
    """
    from .communities import communities
    res = communities(g, algorithm=algorithm, seed=seed, resolution=resolution)
    tp = topic_papers(corpus, scheme=scheme, rollup=rollup, match=match)
    n = len(corpus.papers)
    by_paper: dict[str, list[str]] = defaultdict(list)
    for k, ps in tp.items():
        for p in ps:
            by_paper[p].append(k)
    papers_of: dict[str, set[str]] = defaultdict(set)
    for a in corpus.authorships:
        papers_of[a.author].add(a.paper)
    rows = []
    for com in res["communities"]:
        if com["size"] < min_size:
            continue
        ps = set().union(*(papers_of.get(m, set()) for m in com["members"]))
        counts = Counter(k for p in ps for k in by_paper.get(p, ()))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top] if top else \
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        for rank, (k, c) in enumerate(ranked, 1):
            share = c / len(ps)
            overall = len(tp[k]) / n if n else 0.0
            rows.append({"community": com["id"], "authors": com["size"],
                         "members": com["names"][:3], "community_papers": len(ps), "rank": rank,
                         **_topic_fields(corpus, k), "papers": c, "share": _r(share),
                         "lift": _r(share / overall) if overall else None})
    return rows


# ---------------------------------------------------------------- thematic evolution
def thematic_evolution(corpus, *, scheme: str | None = None, period: int = 2, top: int = 10,
                       min_weight: float = 0.3, max_links: int | None = 3, rollup: bool = False,
                       match: str | None = None) -> dict:
    """Which topics of one period flow into the next (the thematic evolution map of SciMAT:
    Cobo, López-Herrera, Herrera-Viedma & Herrera, J. Informetrics 5, 2011).

    In every period the ``top`` topics (by papers) are nodes; a topic's context in a period
    is the set of topics its papers are about (itself included). Topic ``a`` of one period
    links to topic ``b`` of the next when their contexts overlap, with the inclusion index
    ``|A & B| / min(|A|, |B|)`` as weight (1: one context contains the other); links below
    ``min_weight`` are dropped, and each topic keeps its ``max_links`` strongest links to
    the next period (None: all).

    Returns ``{"periods": [{"period", "start", "end", "papers"}], "nodes": [{"id", "period",
    "topic", "label", "papers"}], "links": [{"source", "target", "from", "to", "topic_a",
    "label_a", "topic_b", "label_b", "weight", "shared", "shared_topics"}]}``; node ids are
    ``"<period>|<topic>"``.
    """
    tp = topic_papers(corpus, scheme=scheme, rollup=rollup, match=match)
    plist = [pd for pd in periods(corpus, period)]
    of = _period_index(plist)
    P = corpus.papers
    paper_topics: dict[str, set[str]] = defaultdict(set)
    for k, ps in tp.items():
        for p in ps:
            paper_topics[p].add(k)
    per_papers: list[dict[str, set[str]]] = [defaultdict(set) for _ in plist]
    for p, ks in paper_topics.items():
        i = of(P[p].year)
        if i is None:
            continue
        for k in ks:
            per_papers[i][k].add(p)
    nodes, contexts = [], []
    for pd, tpp in zip(plist, per_papers):
        ranked = sorted(tpp.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
        ctx = {}
        for k, ps in ranked:
            ctx[k] = set().union(*(paper_topics[p] for p in ps))
            nodes.append({"id": f"{pd['period']}|{k}", "period": pd["period"], "topic": k,
                          "label": corpus.topics[k].label, "papers": len(ps)})
        contexts.append(ctx)
    links = []
    for i in range(len(plist) - 1):
        A, B = contexts[i], contexts[i + 1]
        for a in sorted(A):
            cand = []
            for b in sorted(B):
                shared = A[a] & B[b]
                if not shared:
                    continue
                w = len(shared) / min(len(A[a]), len(B[b]))
                if w < min_weight:
                    continue
                cand.append({"source": f"{plist[i]['period']}|{a}",
                              "target": f"{plist[i + 1]['period']}|{b}",
                              "from": plist[i]["period"], "to": plist[i + 1]["period"],
                              "topic_a": a, "label_a": corpus.topics[a].label,
                              "topic_b": b, "label_b": corpus.topics[b].label,
                              "weight": _r(w), "shared": len(shared),
                              "shared_topics": sorted(corpus.topics[k].label for k in shared)})
            cand.sort(key=lambda l: (-l["weight"], -l["shared"], l["topic_b"]))
            links.extend(cand[:max_links] if max_links else cand)
    links.sort(key=lambda l: (l["from"], -l["weight"], l["topic_a"], l["topic_b"]))
    return {"periods": plist, "nodes": nodes, "links": links}


__all__ = ["schemes", "topic_papers", "periods", "topic_counts", "topic_shares", "topic_trends",
           "kleinberg", "topic_bursts", "author_trajectory", "author_shifts", "cooccurrence",
           "community_topics", "thematic_evolution"]
