"""Author lookup, collaborators, pairs and paths: small corpora by hand and the seed profile."""
from __future__ import annotations

import pytest

from graphkit.analysis.collaboration import (collaboration_path, collaboration_paths, collaborators,
                                             find_author, pairs)
from graphkit.errors import AmbiguousError, NotFoundError
from graphkit.graph import coauthor_graph
from graphkit.model import Author, Authorship, Corpus, Paper, PaperTopic, Topic


def small_corpus() -> Corpus:
    """p1 (2019): José Núñez, Ann Lee, Bo Chen; p2 (2021): Ann Lee, Bo Chen; p3 (2020): Bo Chen,
    Cy Dorn; p4 (2022): Ann Lee (alone); p5 (2020): Dee Lee, Ed Moss (a separate pair)."""
    authors = {
        "author-jose-nunez": Author("author-jose-nunez", "José Núñez"),
        "author-ann-lee": Author("author-ann-lee", "Ann Lee"),
        "author-bo-chen": Author("author-bo-chen", "Bo Chen", variants=("B. Chen",)),
        "author-cy-dorn": Author("author-cy-dorn", "Cy Dorn"),
        "author-dee-lee": Author("author-dee-lee", "Dee Lee"),
        "author-ed-moss": Author("author-ed-moss", "Ed Moss"),
    }
    papers = {"p1": Paper("p1", "First", 2019), "p2": Paper("p2", "Second", 2021),
              "p3": Paper("p3", "Third", 2020), "p4": Paper("p4", "Alone", 2022),
              "p5": Paper("p5", "Elsewhere", 2020)}
    lists = {"p1": ["author-jose-nunez", "author-ann-lee", "author-bo-chen"],
             "p2": ["author-ann-lee", "author-bo-chen"], "p3": ["author-bo-chen", "author-cy-dorn"],
             "p4": ["author-ann-lee"], "p5": ["author-dee-lee", "author-ed-moss"]}
    ships = tuple(Authorship(p, a, i + 1, authors[a].name) for p, keys in lists.items()
                  for i, a in enumerate(keys))
    topics = {"t-ml": Topic("t-ml", "arxiv", "cs.LG", "Machine Learning"),
              "t-ir": Topic("t-ir", "arxiv", "cs.IR", "Information Retrieval")}
    pts = (PaperTopic("p1", "t-ml"), PaperTopic("p2", "t-ml"), PaperTopic("p2", "t-ir"),
           PaperTopic("p3", "t-ir"))
    return Corpus(papers=papers, authors=authors, authorships=ships, topics=topics, paper_topics=pts)


# ---------------------------------------------------------------- find_author
@pytest.mark.parametrize("text", ["Ann Lee", "ann lee", "  ANN   LEE ", "author-ann-lee", "ann-lee"])
def test_find_author_by_name_or_key(text):
    assert find_author(small_corpus(), text) == "author-ann-lee"


@pytest.mark.parametrize("text", ["José Núñez", "jose nunez", "JOSE NUNEZ", "Nunez", "núñez josé"])
def test_find_author_ignores_case_and_accents(text):
    assert find_author(small_corpus(), text) == "author-jose-nunez"


def test_find_author_keys_in_any_case_and_the_kept_index():
    """Keys match whatever their case ("AUTHOR-ANN-LEE", "Ann-Lee"); a name is compared with the
    authors whose names hold its words only; the index of every name (for suggestions) is
    built once per corpus, not reused for another, and goes with its corpus."""
    from graphkit.analysis import collaboration as CO
    c = small_corpus()
    assert find_author(c, "AUTHOR-ANN-LEE") == find_author(c, "Ann-Lee") == "author-ann-lee"
    assert CO._folded_keys(c)["author-jose-nunez"] == ["author-jose-nunez"]
    assert sorted(CO._names_with(c, ["lee"])) == ["author-ann-lee", "author-dee-lee"]
    assert CO._names_with(c, ["nunez"]) == {"author-jose-nunez": {"jose nunez"}}  # (José Núñez)
    index = CO._author_index(c)
    assert CO._author_index(c) is index and index["author-jose-nunez"] == {"jose nunez"}
    assert {k: v for k, v in index.items() if k in ("author-ann-lee", "author-dee-lee")} == \
        CO._names_with(c, ["lee"])
    other = small_corpus()
    assert CO._author_index(other) is not index and CO._author_index(other) == index
    del c, index
    assert CO._LAST[0]() is other
    del other  # the corpus gone, its index goes with it
    assert CO._LAST == [None, {}]


def test_find_author_remembers_the_last_corpus_lookups():
    from graphkit.analysis import collaboration as CO
    c = small_corpus()
    assert find_author(c, "ann lee") == "author-ann-lee"
    assert CO._LAST[0]() is c and CO._LAST[1]["found"] == {"ann lee": "author-ann-lee"}
    other = small_corpus()
    assert find_author(other, "jose nunez") == "author-jose-nunez"
    assert CO._LAST[0]() is other and CO._LAST[1]["found"] == {"jose nunez": "author-jose-nunez"}
    with pytest.raises(AmbiguousError):  # failures are not remembered
        find_author(other, "Lee")
    assert "Lee" not in CO._LAST[1]["found"]


def test_find_author_by_variant_and_by_unique_word():
    c = small_corpus()
    assert find_author(c, "B. Chen") == "author-bo-chen"
    assert find_author(c, "dorn") == "author-cy-dorn"


def test_find_author_ambiguous_lists_the_candidates():
    with pytest.raises(AmbiguousError) as exc:
        find_author(small_corpus(), "Lee")
    # most papers first
    assert exc.value.candidates == ["author-ann-lee", "author-dee-lee"]
    msg = str(exc.value)
    assert "'Lee' matches 2 authors" in msg
    assert "Ann Lee (author-ann-lee, 3 papers)" in msg and "Dee Lee (author-dee-lee, 1 paper)" in msg


def test_find_author_unknown_suggests_close_names():
    with pytest.raises(NotFoundError, match=r"no author matches 'Ann Leo'; did you mean: Ann Lee \(author-ann-lee"):
        find_author(small_corpus(), "Ann Leo")
    with pytest.raises(NotFoundError) as exc:
        find_author(small_corpus(), "Zyxw Qqq")
    assert "did you mean" not in str(exc.value)
    with pytest.raises(NotFoundError, match="no author given"):
        find_author(small_corpus(), "  ")


# ---------------------------------------------------------------- collaborators and pairs
def test_collaborators_by_hand():
    c = small_corpus()
    rows = collaborators(coauthor_graph(c), "author-ann-lee", corpus=c)
    # Bo Chen: p1 (3 authors: 1/2) + p2 (2 authors: 1); José Núñez: p1 only
    assert rows == [
        {"key": "author-bo-chen", "name": "Bo Chen", "papers": 2, "fractional": 1.5,
         "first_year": 2019, "last_year": 2021,
         "shared_topics": ["Machine Learning", "Information Retrieval"]},
        {"key": "author-jose-nunez", "name": "José Núñez", "papers": 1, "fractional": 0.5,
         "first_year": 2019, "last_year": 2019, "shared_topics": ["Machine Learning"]},
    ]
    assert collaborators(coauthor_graph(c), "author-ann-lee", top=1)[0]["key"] == "author-bo-chen"


def test_collaborators_respect_max_authors_and_years():
    c = small_corpus()
    rows = collaborators(coauthor_graph(c, max_authors=2), "author-ann-lee", corpus=c)
    assert [(r["key"], r["papers"]) for r in rows] == [("author-bo-chen", 1)]  # p1 left out
    later = c.filter_years(2020, None)
    rows = collaborators(coauthor_graph(later), "author-ann-lee", corpus=later)
    assert [(r["key"], r["first_year"]) for r in rows] == [("author-bo-chen", 2021)]
    with pytest.raises(NotFoundError):
        collaborators(coauthor_graph(c.filter_years(2022, 2022)), "author-bo-chen")


def test_pairs_sorted_by_weight():
    c = small_corpus()
    rows = pairs(coauthor_graph(c))
    assert [(r["a"], r["b"], r["papers"]) for r in rows] == [
        ("author-ann-lee", "author-bo-chen", 2),
        ("author-ann-lee", "author-jose-nunez", 1), ("author-bo-chen", "author-cy-dorn", 1),
        ("author-bo-chen", "author-jose-nunez", 1), ("author-dee-lee", "author-ed-moss", 1)]
    frac = pairs(coauthor_graph(c, counting="fractional"), top=3)
    # fractional: 2-author papers weigh 1, 3-author papers 1/2 per pair
    assert [(r["a"], r["b"], r["weight"]) for r in frac] == [
        ("author-ann-lee", "author-bo-chen", 1.5), ("author-bo-chen", "author-cy-dorn", 1.0),
        ("author-dee-lee", "author-ed-moss", 1.0)]


# ---------------------------------------------------------------- paths
def test_path_with_papers_per_hop():
    c = small_corpus()
    hops = collaboration_path(coauthor_graph(c), "author-jose-nunez", "author-cy-dorn", corpus=c)
    assert [(h["step"], h["from"], h["to"], h["papers"], h["titles"]) for h in hops] == [
        (1, "author-jose-nunez", "author-bo-chen", ["p1"], ["First"]),
        (2, "author-bo-chen", "author-cy-dorn", ["p3"], ["Third"])]
    assert collaboration_path(coauthor_graph(c), "author-ann-lee", "author-ann-lee") == []


def test_no_path_is_a_clear_error():
    c = small_corpus()
    with pytest.raises(NotFoundError, match="no collaboration path between Ann Lee and Ed Moss"):
        collaboration_path(coauthor_graph(c), "author-ann-lee", "author-ed-moss")


def test_several_shortest_paths():
    c = small_corpus()
    # Ann Lee -> Cy Dorn: only via Bo Chen; José Núñez -> Cy Dorn likewise
    assert len(collaboration_paths(coauthor_graph(c), "author-ann-lee", "author-cy-dorn", limit=5)) == 1
    import networkx as nx
    g = nx.Graph([("a", "b"), ("b", "d"), ("a", "c"), ("c", "d")])
    paths = collaboration_paths(g, "a", "d", limit=5)
    assert sorted(tuple(h["to"] for h in p) for p in paths) == [("b", "d"), ("c", "d")]


# ---------------------------------------------------------------- seed profile
def test_seed_collaborators_of_naumov(seed_corpus):
    me = find_author(seed_corpus, "maxim naumov")
    assert me == "author-maxim-naumov"
    g = coauthor_graph(seed_corpus)
    rows = collaborators(g, me, corpus=seed_corpus)
    assert len(rows) == g.degree(me)
    mudigere = next(r for r in rows if r["name"] == "Dheevatsa Mudigere")
    # by hand: 2021 (4 listed authors: 1/3), 2019 x 3 (3 listed authors: 1/2 each)
    assert (mudigere["papers"], mudigere["fractional"], mudigere["first_year"], mudigere["last_year"]) == (
        4, round(1 / 3 + 1.5, 6), 2019, 2021)
    assert "Machine Learning" in mudigere["shared_topics"]
    assert rows[0]["papers"] == 4  # nobody shares more than 4 of his papers


def test_seed_ambiguous_first_name(seed_corpus):
    with pytest.raises(AmbiguousError) as exc:
        find_author(seed_corpus, "michael")
    names = {seed_corpus.authors[k].name for k in exc.value.candidates}
    assert {"Michael Tsang", "Michael Garland", "Hao-Jun Michael Shi"} <= names


def test_python_functions_take_names_as_the_cli_does(seed_corpus):
    """collaborators(g, "Maxim Naumov") said he was not in the graph; the path example of the
    README failed the same way; author_trajectory did not take part of a name."""
    from graphkit.analysis import topics as T
    from graphkit.analysis.collaboration import collaboration_path, collaborators
    from graphkit.errors import NotFoundError
    from graphkit.graph import coauthor_graph
    g = coauthor_graph(seed_corpus)
    by_key = collaborators(g, "author-maxim-naumov")
    assert collaborators(g, "Maxim Naumov") == by_key and len(by_key) == 44
    assert [r["key"] for r in collaborators(g, "naumov", corpus=seed_corpus)] == [r["key"] for r in by_key]
    assert collaboration_path(g, "Jiecao Yu", "Aaron Grattafiori") == collaboration_path(
        g, "author-jiecao-yu", "author-aaron-grattafiori")
    assert T.author_trajectory(seed_corpus, "naumov") == T.author_trajectory(seed_corpus, "author-maxim-naumov")
    with pytest.raises(NotFoundError, match="'Nobody Here' is not a node of the graph"):
        collaborators(g, "Nobody Here")
