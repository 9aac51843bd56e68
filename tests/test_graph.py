"""NetworkX views: knowledge graph, coauthor projection (full and fractional), caps, years."""
from __future__ import annotations

import pytest

from graphkit.graph import coauthor_graph, institution_graph, knowledge_graph, topic_graph
from graphkit.model import Author, Authorship, Corpus, Paper

NAUMOV, MUDIGERE, PARK = "author-maxim-naumov", "author-dheevatsa-mudigere", "author-jongsoo-park"


def test_seed_knowledge_graph(seed_corpus):
    g = knowledge_graph(seed_corpus)
    kinds = {}
    for _, k in g.nodes(data="kind"):
        kinds[k] = kinds.get(k, 0) + 1
    assert kinds["paper"] == 25 and kinds["institution"] == 2 and kinds["author"] == 45
    # six arXiv categories and their archive "cs"
    assert sum(1 for _, d in g.nodes(data=True) if d["kind"] == "topic" and d["scheme"] == "arxiv") == 7
    authored = [(u, v, d["position"]) for u, v, d in g.edges(data=True) if d["kind"] == "authored"]
    assert len(authored) == len(seed_corpus.authorships)
    assert sum(1 for u, _, _ in authored if u == NAUMOV) == 25
    about = [(u, v) for u, v, d in g.edges(data=True) if d["kind"] == "about" and v.startswith("topic-arxiv")]
    assert len(about) == 25
    assert ("topic-arxiv-cs.lg", "topic-arxiv-cs") in {(u, v) for u, v, d in g.edges(data=True) if d["kind"] == "broader"}


def test_seed_coauthor_graph(seed_corpus):
    g = coauthor_graph(seed_corpus)
    assert g.nodes[NAUMOV]["papers"] == 25 and g.nodes[NAUMOV]["label"] == "Maxim Naumov"
    # every other author wrote with the owner
    assert g.degree(NAUMOV) == g.number_of_nodes() - 1
    e = g.edges[NAUMOV, MUDIGERE]
    assert e["count"] == 4 and e["weight"] == 4
    assert e["first_year"] == 2019 and e["last_year"] == 2021
    # papers of 4, 3, 3 and 3 authors: 1/3 + 3 * 1/2
    assert e["fractional"] == pytest.approx(1 / 3 + 1.5)
    assert g.edges[NAUMOV, PARK]["count"] == 4
    frac = coauthor_graph(seed_corpus, counting="fractional")
    assert frac.edges[NAUMOV, MUDIGERE]["weight"] == pytest.approx(1 / 3 + 1.5)


def test_year_filter_and_institutions(seed_corpus):
    sub = seed_corpus.filter_years(2017, 2017)
    assert len(sub.papers) == 3
    g = coauthor_graph(sub)
    assert sorted(g.nodes) == ["author-aditya-devarakonda", NAUMOV, "author-michael-garland"]
    ig = institution_graph(seed_corpus)
    assert list(ig.edges(data="count")) == [("inst-allen-ai", "inst-berkeley", 1)]
    tg = topic_graph(seed_corpus, scheme="arxiv")
    assert tg.number_of_edges() == 0 and tg.number_of_nodes() == 6


def _team(n_small=2):
    papers = {"big": Paper("big", "Big", 2020), "small": Paper("small", "Small", 2021)}
    authors = {f"a{i}": Author(f"a{i}", f"A{i}") for i in range(6)}
    ships = [Authorship("big", f"a{i}", i + 1, f"A{i}") for i in range(6)]
    ships += [Authorship("small", f"a{i}", i + 1, f"A{i}") for i in range(n_small)]
    return Corpus(papers=papers, authors=authors, authorships=tuple(ships))


def test_team_size_cap_leaves_big_papers_out_and_says_so():
    c = _team()
    full = coauthor_graph(c, max_authors=None)
    assert full.number_of_edges() == 15
    assert full.edges["a0", "a1"]["count"] == 2
    assert full.edges["a0", "a1"]["fractional"] == pytest.approx(1 / 5 + 1)
    capped = coauthor_graph(c, max_authors=5)
    assert capped.graph["excluded_papers"] == ["big"]
    assert capped.number_of_nodes() == 6 and capped.number_of_edges() == 1
    assert capped.nodes["a5"]["papers"] == 1


@pytest.mark.parametrize("max_authors", [100, 5, None])
def test_links_touching_some_authors_are_those_of_the_whole_graph(seed_corpus, max_authors):
    """``coauthor_graph(..., touching=S)`` (a view's top authors) gives each author of S the
    same neighbours, in the same order, with the same link and node attributes as the whole
    graph; S keeps its relative order; the notes (left-out papers, paper count) are the whole
    graph's; no link without an end in S."""
    import random
    r = random.Random(3)
    for c in (seed_corpus, _team()):
        full = coauthor_graph(c, max_authors=max_authors)
        nodes = sorted(full)
        for size in (1, 3, len(nodes) // 2, len(nodes)):
            s = set(r.sample(nodes, size))
            part = coauthor_graph(c, max_authors=max_authors, touching=s)
            for n in s:
                assert list(part[n].items()) == list(full[n].items())
                assert part.nodes[n] == full.nodes[n]
            assert [n for n in part if n in s] == [n for n in full if n in s]
            assert part.graph == full.graph
            assert {frozenset(e) for e in part.edges} == {frozenset(e) for e in full.edges if s & set(e)}
    # by hand: the big paper's six authors, capped at five, leave a0-a1 (the small paper) only
    part = coauthor_graph(_team(), max_authors=5, touching={"a1"})
    assert list(part.edges(data="count")) == [("a0", "a1", 1)] and part.graph["excluded_papers"] == ["big"]
