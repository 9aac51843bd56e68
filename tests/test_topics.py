"""Topic analyses on hand-checkable corpora, the burst detector on series with known bursts,
and what the seed profile must show."""
from __future__ import annotations

import math

import networkx as nx
import pytest

from graphkit.analysis import topics as T
from graphkit.errors import GraphkitError
from graphkit.model import Author, Authorship, Corpus, Paper, PaperTopic, Topic


def make(papers, topics, about, authors=None) -> Corpus:
    """papers: {key: year}; topics: {key: (label, broader)}; about: {paper: [topic keys]};
    authors: {paper: [author keys]}."""
    authors = authors or {}
    names = sorted({a for v in authors.values() for a in v})
    return Corpus(
        papers={k: Paper(k, f"Paper {k}", y) for k, y in papers.items()},
        authors={a: Author(a, a.upper()) for a in names},
        authorships=tuple(Authorship(p, a, i + 1, a.upper()) for p, v in sorted(authors.items())
                          for i, a in enumerate(v)),
        topics={k: Topic(k, "x" if not k.startswith("c") else "cat", k, lab, up)
                for k, (lab, up) in topics.items()},
        paper_topics=tuple(PaperTopic(p, t) for p, ts in sorted(about.items()) for t in ts))


@pytest.fixture
def small():
    # 2018: p1 (a); 2019: p2 (a, b), p3 (b); 2020: -; 2021: p4 (c), p5 (b, c)
    return make({"p1": 2018, "p2": 2019, "p3": 2019, "p4": 2021, "p5": 2021},
                {"a": ("Alpha", None), "b": ("Beta", None), "c": ("Gamma <c>", "a")},
                {"p1": ["a"], "p2": ["a", "b"], "p3": ["b"], "p4": ["c"], "p5": ["b", "c"]})


# ---------------------------------------------------------------- counts, periods
def test_periods_cover_the_years_and_the_last_one_ends_with_the_data(small):
    assert [(p["period"], p["start"], p["end"], p["papers"]) for p in T.periods(small, 1)] == [
        ("2018", 2018, 2018, 1), ("2019", 2019, 2019, 2), ("2020", 2020, 2020, 0),
        ("2021", 2021, 2021, 2)]
    assert [(p["period"], p["papers"]) for p in T.periods(small, 3)] == [("2018-2020", 3), ("2021", 2)]
    with pytest.raises(GraphkitError):
        T.periods(small, 0)


def test_counts_overall(small):
    rows = T.topic_counts(small)
    assert [(r["rank"], r["label"], r["papers"], r["share"], r["first_year"], r["last_year"])
            for r in rows] == [(1, "Beta", 3, 0.6, 2019, 2021), (2, "Alpha", 2, 0.4, 2018, 2019),
                               (3, "Gamma <c>", 2, 0.4, 2021, 2021)]
    assert [r["label"] for r in T.topic_counts(small, top=1)] == ["Beta"]


def test_counts_rollup_and_match(small):
    up = {r["label"]: r["papers"] for r in T.topic_counts(small, rollup=True)}
    assert up == {"Alpha": 4, "Beta": 3, "Gamma <c>": 2}  # c's papers count for a
    assert [r["label"] for r in T.topic_counts(small, match="^(al|gam)")] == ["Alpha", "Gamma <c>"]
    with pytest.raises(GraphkitError, match="not a regular expression"):
        T.topic_counts(small, match="(")
    with pytest.raises(GraphkitError, match="no topics of scheme 'nope'"):
        T.topic_counts(small, scheme="nope")


def test_counts_per_period(small):
    rows = T.topic_counts(small, period=2)
    assert [(r["period"], r["period_papers"], r["label"], r["papers"], r["share"]) for r in rows] == [
        ("2018-2019", 3, "Alpha", 2, 0.666667), ("2018-2019", 3, "Beta", 2, 0.666667),
        ("2020-2021", 2, "Gamma <c>", 2, 1.0), ("2020-2021", 2, "Beta", 1, 0.5)]


def test_shares_for_charts(small):
    d = T.topic_shares(small, period=1, top=2)
    assert d["periods"] == ["2018", "2019", "2020", "2021"] and d["papers"] == [1, 2, 0, 2]
    assert [(s["label"], s["counts"], s["shares"]) for s in d["series"]] == [
        ("Beta", [0, 2, 0, 1], [0.0, 1.0, 0.0, 0.5]), ("Alpha", [1, 1, 0, 0], [1.0, 0.5, 0.0, 0.0])]
    # mentions: 2018 a; 2019 a, b, b; 2021 b, c, c (p4 has only c)
    assert d["mentions"] == [1, 3, 0, 3]
    assert d["other"] == {"counts": [0, 0, 0, 2], "shares": [0.0, 0.0, 0.0, 0.666667]}


# ---------------------------------------------------------------- trends
def test_trends_compare_two_windows(small):
    rows = T.topic_trends(small, window=2, min_papers=1)
    # before 2018-2019 (3 papers), after 2020-2021 (2 papers)
    assert [(r["label"], r["papers_before"], r["share_before"], r["papers_after"], r["share_after"],
             r["change"], r["trend"]) for r in rows] == [
        ("Gamma <c>", 0, 0.0, 2, 1.0, 1.0, "emerging"),
        ("Beta", 2, 0.666667, 1, 0.5, -0.166667, "declining"),
        ("Alpha", 2, 0.666667, 0, 0.0, -0.666667, "declining")]
    assert [r["label"] for r in T.topic_trends(small, window=2, min_papers=3)] == ["Beta"]


# ---------------------------------------------------------------- bursts
def test_kleinberg_finds_the_known_burst_with_its_strength():
    r = T.kleinberg([0, 0, 0, 10, 10, 0, 0, 0], [10] * 8, s=2, gamma=1)
    assert r["states"] == [0, 0, 0, 1, 1, 0, 0, 0]
    # p0 = 1/4, p1 = 1/2: each burst batch saves 10 ln(1/2) - 10 ln(1/4) = 10 ln 2
    assert len(r["bursts"]) == 1
    b = r["bursts"][0]
    assert (b["start"], b["end"]) == (3, 4) and b["strength"] == pytest.approx(20 * math.log(2))


def test_kleinberg_two_bursts_and_the_cost_of_entering():
    rel = [1, 1, 8, 9, 1, 1, 1, 9, 8, 1]
    assert [(b["start"], b["end"]) for b in T.kleinberg(rel, [20] * 10)["bursts"]] == [(2, 3), (7, 8)]
    # a short weak rise is not worth entering the burst state at a high gamma
    assert T.kleinberg([2, 2, 4, 2, 2], [20] * 5, gamma=1)["bursts"] == []
    assert [(b["start"], b["end"]) for b in T.kleinberg([2, 2, 4, 2, 2], [20] * 5, gamma=0)["bursts"]] \
        == [(2, 2)]


def test_kleinberg_edge_cases():
    assert T.kleinberg([3, 3, 3], [3, 3, 3])["bursts"] == []  # every document relevant
    assert T.kleinberg([0, 0], [5, 5]) == {"states": [0, 0], "bursts": []}
    assert T.kleinberg([], []) == {"states": [], "bursts": []}
    # batches without documents neither start nor end a burst
    r = T.kleinberg([0, 5, 0, 5, 0], [5, 5, 0, 5, 5], gamma=0.5)
    assert [(b["start"], b["end"]) for b in r["bursts"]] == [(1, 3)]
    with pytest.raises(GraphkitError):
        T.kleinberg([1], [2], s=1)
    with pytest.raises(ValueError):
        T.kleinberg([1, 2], [2])
    with pytest.raises(ValueError):
        T.kleinberg([3], [2])


def test_topic_bursts_report_years():
    years = {f"p{i}": 2010 + i // 4 for i in range(40)}  # 4 papers a year, 2010-2019
    about = {f"p{i}": ["t"] for i in (12, 13, 14, 15, 16, 17, 18, 19, 2, 30)}  # 2013-2014 burst
    c = make(years, {"t": ("Topic", None)}, about)
    rows = T.topic_bursts(c)
    assert [(r["label"], r["start"], r["end"], r["burst_papers"], r["papers"]) for r in rows] == [
        ("Topic", 2013, 2014, 8, 10)]
    assert rows[0]["strength"] > 0


# ---------------------------------------------------------------- one author
def test_author_trajectory_and_shifts():
    c = make({"p1": 2017, "p2": 2018, "p3": 2019, "p4": 2020, "p5": 2020},
             {"a": ("Alpha", None), "b": ("Beta", None), "c": ("Gamma", None)},
             {"p1": ["a"], "p2": ["a", "b"], "p3": ["b"], "p4": ["c"], "p5": ["c"]},
             authors={"p1": ["x"], "p2": ["x", "y"], "p3": ["x"], "p4": ["x"], "p5": ["y"]})
    rows = T.author_trajectory(c, "x", period=2)
    assert [(r["period"], r["author_papers"], r["label"], r["papers"], r["first_year"], r["status"])
            for r in rows] == [("2017-2018", 2, "Alpha", 2, 2017, "new"),
                               ("2017-2018", 2, "Beta", 1, 2018, "new"),
                               ("2019-2020", 2, "Beta", 1, 2018, "continuing"),
                               ("2019-2020", 2, "Gamma", 1, 2020, "new")]
    shifts = T.author_shifts(c, "x", period=2)
    assert shifts == [{"from": "2017-2018", "to": "2019-2020",
                       "similarity": round(1 / math.sqrt(5) / math.sqrt(2), 6),
                       "kept": ["Beta"], "entered": ["Gamma"], "left": ["Alpha"]}]
    with pytest.raises(GraphkitError):
        T.author_trajectory(c, "nobody")


# ---------------------------------------------------------------- co-occurrence, communities
def test_cooccurrence(small):
    rows = T.cooccurrence(small)
    # 5 papers with topics; a:2 b:3 c:2; a&b share p2, b&c share p5
    assert [(r["label_a"], r["label_b"], r["papers"], r["jaccard"], r["association"]) for r in rows] == [
        ("Alpha", "Beta", 1, 0.25, round(5 / 6, 6)), ("Beta", "Gamma <c>", 1, 0.25, round(5 / 6, 6))]
    assert T.cooccurrence(small, min_papers=2) == []


def test_community_topics_two_groups():
    authors = {"p1": ["a1", "a2", "a3"], "p2": ["a1", "a2"], "p3": ["a2", "a3"],
               "p4": ["b1", "b2", "b3"], "p5": ["b1", "b3"], "p6": ["b2", "b3"]}
    about = {"p1": ["x"], "p2": ["x"], "p3": ["x", "z"], "p4": ["y"], "p5": ["y"], "p6": ["z"]}
    c = make({f"p{i}": 2020 for i in range(1, 7)},
             {"x": ("X", None), "y": ("Y", None), "z": ("Z", None)}, about, authors)
    from graphkit.graph import coauthor_graph
    rows = T.community_topics(coauthor_graph(c), c, top=1)
    got = {(r["authors"], tuple(sorted(r["members"])), r["community_papers"], r["label"], r["papers"],
            r["share"], r["lift"]) for r in rows}
    assert got == {(3, ("A1", "A2", "A3"), 3, "X", 3, 1.0, 2.0),
                   (3, ("B1", "B2", "B3"), 3, "Y", 2, 0.666667, 2.0)}


# ---------------------------------------------------------------- thematic evolution
def test_thematic_evolution_inclusion_index():
    # period 1 (2018): p1 {a,b}, p2 {a}; period 2 (2019): p3 {a,c}, p4 {d}
    c = make({"p1": 2018, "p2": 2018, "p3": 2019, "p4": 2019},
             {k: (k.upper(), None) for k in "abcd"},
             {"p1": ["a", "b"], "p2": ["a"], "p3": ["a", "c"], "p4": ["d"]})
    ev = T.thematic_evolution(c, period=1, top=5, min_weight=0.1, max_links=None)
    assert [(n["id"], n["papers"]) for n in ev["nodes"]] == [
        ("2018|a", 2), ("2018|b", 1), ("2019|a", 1), ("2019|c", 1), ("2019|d", 1)]
    # contexts: 2018 a {a,b}, b {a,b}; 2019 a {a,c}, c {a,c}, d {d}
    assert [(l["source"], l["target"], l["weight"], l["shared_topics"]) for l in ev["links"]] == [
        ("2018|a", "2019|a", 0.5, ["A"]), ("2018|a", "2019|c", 0.5, ["A"]),
        ("2018|b", "2019|a", 0.5, ["A"]), ("2018|b", "2019|c", 0.5, ["A"])]
    assert T.thematic_evolution(c, period=1, min_weight=0.6)["links"] == []
    assert len(T.thematic_evolution(c, period=1, min_weight=0.1, max_links=1)["links"]) == 2


# ---------------------------------------------------------------- the seed profile
def test_seed_largest_phrase_topic_is_recommendation(seed_corpus):
    rows = T.topic_counts(seed_corpus, scheme="phrase", rollup=True)
    top = rows[0]
    assert (top["label"], top["papers"]) == ("recommendation", 11)
    assert top["first_year"] == 2019  # DLRM and the embedding papers; 2018 only mentions it
    assert rows[1]["papers"] < top["papers"]
    emb = next(r for r in rows if r["label"] == "embedding")
    assert emb["first_year"] == 2018  # Bandana: embeddings on non-volatile memory


def test_seed_low_precision_and_quantization_years(seed_corpus):
    rows = T.topic_counts(seed_corpus, scheme="phrase", period=1, match="precision|quantiz")
    assert sorted({r["start"] for r in rows}) == [2018, 2021, 2023, 2026]


def test_seed_language_models_from_2024_and_training_mathematics_in_2017(seed_corpus):
    rows = T.topic_counts(seed_corpus, scheme="phrase", rollup=True, match="language model|LLM")
    assert min(r["first_year"] for r in rows) == 2024
    first_2017 = {r["label"] for r in T.topic_counts(seed_corpus, scheme="phrase", period=1)
                  if r["period"] == "2017"}
    assert {"backward propagation", "batch", "matrix"} <= first_2017
    bp = next(r for r in T.topic_counts(seed_corpus, scheme="phrase") if r["label"] == "backward propagation")
    assert (bp["papers"], bp["first_year"], bp["last_year"]) == (2, 2017, 2017)


def test_seed_categories_and_years(seed_corpus):
    rows = T.topic_counts(seed_corpus, scheme="arxiv")
    assert (rows[0]["code"], rows[0]["label"], rows[0]["papers"]) == ("cs.LG", "Machine Learning", 16)
    busiest = max(T.periods(seed_corpus, 1), key=lambda p: p["papers"])
    assert (busiest["period"], busiest["papers"]) == ("2019", 6)


def test_seed_trends_and_author_trajectory(seed_corpus):
    trends = T.topic_trends(seed_corpus, scheme="phrase", rollup=True, window=3)
    assert trends[0]["after"] == "2024-2026" and trends[0]["trend"] == "emerging"
    assert "language model" in {r["label"] for r in trends[:3]}
    traj = T.author_trajectory(seed_corpus, "author-maxim-naumov", scheme="phrase", rollup=True,
                               period=3)
    rec = [r for r in traj if r["label"] == "recommendation"]
    assert [(r["period"], r["status"]) for r in rec] == [
        ("2017-2019", "new"), ("2020-2022", "continuing"), ("2023-2025", "continuing"),
        ("2026", "continuing")]


def test_seed_cooccurrence_is_the_topic_graph(seed_corpus):
    from graphkit.graph import topic_graph
    g = topic_graph(seed_corpus, scheme="arxiv")
    rows = T.cooccurrence(seed_corpus, scheme="arxiv")
    assert len(rows) == g.number_of_edges() == nx.number_of_edges(g)


def test_docstring_examples():
    import doctest

    import graphkit.analysis.topics as m
    r = doctest.testmod(m, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert r.attempted >= 6 and r.failed == 0
