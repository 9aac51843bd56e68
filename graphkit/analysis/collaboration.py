"""Who works with whom: author lookup, collaborators, strongest pairs, collaboration paths.

All functions take the coauthor graph (``graphkit.graph.coauthor_graph``) first; the corpus is
optional and adds paper titles and topics.

>>> from graphkit.model import Corpus, Paper, Author, Authorship
>>> from graphkit.graph import coauthor_graph
>>> c = Corpus(papers={"p1": Paper("p1", "One", 2020), "p2": Paper("p2", "Two", 2021)},
...            authors={"a": Author("a", "Ann Lee"), "b": Author("b", "Bo Chen"),
...                     "c": Author("c", "Cy Dorn")},
...            authorships=(Authorship("p1", "a", 1, "Ann Lee"), Authorship("p1", "b", 2, "Bo Chen"),
...                         Authorship("p2", "b", 1, "Bo Chen"), Authorship("p2", "c", 2, "Cy Dorn")))
>>> find_author(c, "ANN lee")
'a'
>>> [(h["from"], h["to"], h["papers"]) for h in collaboration_path(coauthor_graph(c), "a", "c")]
[('a', 'b', ['p1']), ('b', 'c', ['p2'])]
"""
from __future__ import annotations

import difflib
import weakref
from collections import Counter

import networkx as nx

from ..errors import AmbiguousError, NotFoundError
from ..ids import fold, normalize_name


# ---------------------------------------------------------------- finding an author
def _papers_count(corpus) -> Counter:
    return Counter(a.author for a in corpus.authorships)


def _describe(corpus, keys, counts=None) -> list[str]:
    counts = counts if counts is not None else _papers_count(corpus)
    out = []
    for k in keys:
        a = corpus.authors[k]
        n = counts.get(k, 0)
        out.append(f"{a.name} ({k}, {n} paper{'s' if n != 1 else ''})")
    return out


_LAST: list = [None, {}]  # (a weak reference to the last corpus looked into, what is kept of it)


def _memo(corpus) -> dict:
    """A dict kept for the last corpus asked (a fresh one for another corpus; dropped with its
    corpus): what finding authors in it found and built."""
    ref, memo = _LAST
    if ref is None or ref() is not corpus:
        memo = {}
        try:
            _LAST[:] = [weakref.ref(corpus, _forget), memo]
        except TypeError:  # (not weakly referable: not kept)
            pass
    return memo


def _forget(ref) -> None:
    """The corpus of the kept memo is gone: the memo goes too."""
    if _LAST[0] is ref:
        _LAST[:] = [None, {}]


def _author_index(corpus) -> dict[str, set[str]]:
    """Key -> normalised name and variants of every author of ``corpus`` (arXiv: ~3 s; kept
    for the last corpus, for the suggestions of a name that matches no one)."""
    memo = _memo(corpus)
    if "index" not in memo:
        memo["index"] = {k: {normalize_name(a.name)} | {normalize_name(v) for v in a.variants}
                         for k, a in corpus.authors.items()}
    return memo["index"]


def _folded_keys(corpus) -> dict[str, list[str]]:
    """Folded key -> keys (a key without whitespace folds to its lower case, as ``fold``
    gives, without its work)."""
    out: dict[str, list[str]] = {}
    for k in corpus.authors:
        out.setdefault(k.lower() if k.isascii() and k.isprintable() and " " not in k else fold(k),
                       []).append(k)
    return out


def _names_with(corpus, words: list[str]) -> dict[str, set[str]]:
    """``_author_index`` for the authors whose name or a variant holds each of ``words`` (in
    its folded form): the only ones whose normalised names can equal them or contain them as
    words (normalising keeps a folded name's word characters in runs), found without
    normalising every name."""
    out: dict[str, set[str]] = {}
    for k, a in corpus.authors.items():
        for t in (a.name, *a.variants):
            f = t.lower() if t.isascii() else fold(t)  # (``fold`` but for whitespace)
            if all(w in f for w in words):
                out[k] = {normalize_name(a.name)} | {normalize_name(v) for v in a.variants}
                break
    return out


def find_author(corpus, text: str) -> str:
    """The key of the one author that ``text`` names.

    ``text`` may be a key (``author-maxim-naumov``) or a name, compared case- and
    accent-insensitively (``graphkit.ids.normalize_name``) with each author's name and name
    variants; when no name is equal, a name containing all the words of ``text`` (in order of
    appearance or not: ``"naumov"``, ``"naumov maxim"``) matches.

    Raises ``AmbiguousError`` (``candidates``: the keys) when several authors match, and
    ``NotFoundError`` suggesting close names when none does.
    """
    text = (text or "").strip()
    if not text:
        raise NotFoundError("no author given")
    if text in corpus.authors:
        return text
    found = _memo(corpus).setdefault("found", {})  # (a view looks its author up more than once)
    if text not in found:
        found[text] = _find_author(corpus, text)
    return found[text]


def find_author_in(whole, part, text: str, year_from: int | None = None, year_to: int | None = None) -> str:
    """``find_author`` over the ``whole`` corpus, for a command that works on ``part`` of it
    (the years ``year_from``-``year_to``): an author found with no papers there is named as
    such (not "no author matches"); ``NotFoundError``."""
    key = find_author(whole, text)
    if part is not whole and key not in part.authors:
        years = (f"in {year_from}-{year_to}" if year_from is not None and year_to is not None
                 else f"from {year_from} on" if year_from is not None else f"up to {year_to}")
        raise NotFoundError(f"{whole.authors[key].name} ({key}) has no papers {years}")
    return key


def _find_author(corpus, text: str) -> str:
    folded = fold(text)
    by_folded_key = _folded_keys(corpus)
    keyed = by_folded_key.get(folded, []) + by_folded_key.get("author-" + folded, [])
    if len(keyed) == 1:
        return keyed[0]
    want = normalize_name(text)
    if not want:
        raise NotFoundError(f"no author matches {text!r}")
    names = _names_with(corpus, want.split())
    exact = sorted(k for k, ns in names.items() if want in ns)
    matches = exact
    if not matches:
        words = want.split()
        matches = sorted(k for k, ns in names.items()
                         if any(all(w in n.split() for w in words) for n in ns))
    if len(matches) == 1:
        return matches[0]
    counts = _papers_count(corpus)
    if matches:
        matches.sort(key=lambda k: (-counts.get(k, 0), k))
        listed = _describe(corpus, matches[:20], counts)
        more = f"\n  ... and {len(matches) - 20} more" if len(matches) > 20 else ""
        raise AmbiguousError(f"{text!r} matches {len(matches)} authors; name one by its key:\n  "
                             + "\n  ".join(listed) + more, candidates=matches)
    by_name: dict[str, list[str]] = {}
    for k, ns in _author_index(corpus).items():  # (every name, for the closest ones)
        for n in ns:
            by_name.setdefault(n, []).append(k)
    close = difflib.get_close_matches(want, list(by_name), n=5, cutoff=0.6)
    keys = list(dict.fromkeys(k for n in close for k in sorted(by_name[n])))[:5]
    hint = ("; did you mean: " + "; ".join(_describe(corpus, keys, counts))) if keys else ""
    raise NotFoundError(f"no author matches {text!r}{hint}")


# ---------------------------------------------------------------- rows
def _year_range(d):
    return d.get("first_year"), d.get("last_year")


def _topic_index(corpus) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for pt in corpus.paper_topics:
        out.setdefault(pt.paper, []).append(pt.topic)
    return out


def _topics_of(corpus, index, papers, limit: int = 3) -> list[str]:
    """Labels of the ``limit`` most frequent topics of ``papers`` (ties by topic key)."""
    if corpus is None or not papers:
        return []
    c = Counter(t for p in papers for t in index.get(p, ()))
    out = []
    for t, _ in sorted(c.items(), key=lambda x: (-x[1], x[0]))[:limit]:
        topic = corpus.topics.get(t)
        out.append(topic.label if topic else t)
    return out


def _name(g, node) -> str:
    return str(g.nodes[node].get("label", node))


def _node_of(g, author: str, corpus=None) -> str:
    """The node of ``g`` that ``author`` names: a node key, or (as the CLI reads names) a
    name or part of one, looked up with ``find_author`` in ``corpus`` when given, else among
    the nodes' labels. ``NotFoundError`` / ``AmbiguousError`` otherwise."""
    if author in g:
        return author
    if corpus is not None:
        key = find_author(corpus, author)
    else:
        want = normalize_name(str(author))
        keys = [n for n, label in g.nodes(data="label") if label and normalize_name(label) == want]
        if len(keys) > 1:
            raise AmbiguousError(f"{author!r} names {len(keys)} nodes: {', '.join(map(str, sorted(keys)))}; "
                                 "give the key of the one you mean", candidates=sorted(keys))
        if not keys:
            raise NotFoundError(f"{author!r} is not a node of the graph (an author key, or a name "
                                "as written; pass corpus= to look names up as the CLI does)")
        key = keys[0]
    if key not in g:
        raise NotFoundError(f"{author} is not in the graph (no papers in the selected years?)")
    return key


def collaborators(g, author: str, *, corpus=None, top: int | None = None,
                  topics: int = 3) -> list[dict]:
    """Coauthors of ``author`` (a node key, or a name: see ``_node_of``) with the strength of
    each tie.

    Rows: ``key``, ``name``, ``papers`` (joint papers), ``fractional`` (Newman's sum of
    1/(n-1) over joint papers), ``first_year``, ``last_year``, ``shared_topics`` (the ``topics``
    most frequent topics of the joint papers, when ``corpus`` is given); sorted by joint papers,
    then fractional weight, then name. Papers left out of the projection (``--max-authors``)
    do not count.
    """
    author = _node_of(g, author, corpus)
    index = _topic_index(corpus) if corpus is not None else {}
    rows = []
    for nb, d in g[author].items():
        first, last = _year_range(d)
        rows.append({"key": nb, "name": _name(g, nb), "papers": d.get("count", 1),
                     "fractional": round(d.get("fractional", 0.0), 6),
                     "first_year": first, "last_year": last,
                     "shared_topics": _topics_of(corpus, index, d.get("papers", []), topics)})
    rows.sort(key=lambda r: (-r["papers"], -r["fractional"], r["name"], r["key"]))
    return rows[:top] if top is not None else rows


def pairs(g, *, top: int | None = None, weight: str = "weight", corpus=None,
          topics: int = 0) -> list[dict]:
    """The strongest ties: edges sorted by ``weight`` (the counting policy's weight), then
    joint papers, then keys. Rows: ``a``, ``a_name``, ``b``, ``b_name``, ``papers``,
    ``fractional``, ``weight``, ``first_year``, ``last_year`` (+ ``shared_topics`` when
    ``topics`` > 0 and a corpus is given)."""
    edges = []
    for u, v, d in g.edges(data=True):
        a, b = (u, v) if str(u) <= str(v) else (v, u)
        edges.append((-float(d.get(weight, 1)), -d.get("count", 1), str(a), str(b), a, b, d))
    edges.sort(key=lambda e: e[:4])
    index = _topic_index(corpus) if topics and corpus is not None else {}
    rows = []
    for _, _, _, _, a, b, d in (edges[:top] if top is not None else edges):
        first, last = _year_range(d)
        row = {"a": a, "a_name": _name(g, a), "b": b, "b_name": _name(g, b),
               "papers": d.get("count", 1), "fractional": round(d.get("fractional", 0.0), 6),
               "weight": round(float(d.get(weight, 1)), 6), "first_year": first, "last_year": last}
        if topics and corpus is not None:
            row["shared_topics"] = _topics_of(corpus, index, d.get("papers", []), topics)
        rows.append(row)
    return rows


def _hops(g, nodes, corpus) -> list[dict]:
    rows = []
    for i, (u, v) in enumerate(zip(nodes, nodes[1:]), start=1):
        d = g.edges[u, v]
        papers = list(d.get("papers", []))
        titles = [corpus.papers[p].title for p in papers if p in corpus.papers] if corpus else []
        first, last = _year_range(d)
        rows.append({"step": i, "from": u, "from_name": _name(g, u), "to": v, "to_name": _name(g, v),
                     "papers": papers, "titles": titles, "first_year": first, "last_year": last})
    return rows


def collaboration_path(g, source: str, target: str, *, corpus=None) -> list[dict]:
    """The shortest collaboration path from ``source`` to ``target`` (fewest hops; among equally
    short paths, the one ``nx.shortest_path`` returns), one row per hop with the joint papers
    (``papers`` keys, ``titles`` when a corpus is given). Same node: no hops.

    Raises ``NotFoundError`` when a node is missing or no path exists."""
    return collaboration_paths(g, source, target, corpus=corpus, limit=1)[0]


def collaboration_paths(g, source: str, target: str, *, corpus=None, limit: int | None = 1) -> list[list[dict]]:
    """Up to ``limit`` shortest paths (None: all; all of the same, minimal length), each as hop
    rows like ``collaboration_path``; the first is ``nx.shortest_path``'s, the others follow in
    the order of ``nx.all_shortest_paths``."""
    source, target = _node_of(g, source, corpus), _node_of(g, target, corpus)
    if source == target:
        return [[]]
    try:
        first = nx.shortest_path(g, source, target)
    except nx.NetworkXNoPath:
        raise NotFoundError(f"no collaboration path between {_name(g, source)} and {_name(g, target)}: "
                            "they are in different components of the coauthor graph") from None
    paths = [first]
    if limit is None or limit > 1:
        for p in nx.all_shortest_paths(g, source, target):
            if p != first:
                paths.append(p)
            if limit is not None and len(paths) >= limit:
                break
    return [_hops(g, p, corpus) for p in paths]
