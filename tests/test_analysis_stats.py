"""Network statistics: hand-computed figures on small graphs and the seed profile."""
from __future__ import annotations

import networkx as nx
import pytest

from graphkit.analysis import stats as S
from graphkit.analysis.stats import corpus_stats, network_stats, stats_rows
from graphkit.graph import coauthor_graph


def test_two_triangles_with_a_bridge_by_hand():
    g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")])
    s = network_stats(g)
    assert s["nodes"] == 6 and s["edges"] == 7
    assert s["density"] == round(7 / 15, 6)
    assert (s["components"], s["giant_component_nodes"], s["giant_component_share"], s["isolates"]) == (1, 6, 1.0, 0)
    # a, b, e, f: clustering 1; c, d: 1 of 3 neighbour pairs linked
    assert s["average_clustering"] == round((4 + 2 / 3) / 6, 6)
    # 2 triangles x 3 / (4 x C(2,2) + 2 x C(3,2)) connected triples
    assert s["transitivity"] == 0.6
    assert (s["degree_min"], s["degree_median"], s["degree_mean"], s["degree_max"]) == (2, 2.0, round(14 / 6, 6), 3)
    # 15 pairs: 6 at distance 1 inside the triangles, c-d 1, 4 at 2, 4 at 3 -> 27 / 15
    assert s["average_path_length"] == 1.8 and s["average_path_length_estimated"] is False


def test_star_and_path():
    s = network_stats(nx.star_graph(4))
    assert (s["average_clustering"], s["transitivity"], s["degree_max"], s["degree_median"]) == (0.0, 0.0, 4, 1)
    # centre-leaf 4 pairs at 1, leaf-leaf 6 pairs at 2 -> 16 / 10
    assert s["average_path_length"] == 1.6
    s = network_stats(nx.path_graph(4))
    assert s["average_path_length"] == round(10 / 6, 6) and s["density"] == 0.5


def test_components_isolates_and_the_giant_share():
    g = nx.disjoint_union_all([nx.path_graph(5), nx.path_graph(2), nx.empty_graph(3)])
    s = network_stats(g, components_listed=3)
    assert (s["components"], s["largest_components"], s["isolates"]) == (5, [5, 2, 1], 3)
    assert s["giant_component_share"] == 0.5
    assert s["average_path_length"] == 2.0  # within the giant path of 5: 20 / 10


def test_empty_graph():
    s = network_stats(nx.Graph())
    assert s["nodes"] == 0 and s["components"] == 0 and s["average_path_length"] is None


def test_large_graphs_use_igraph_and_sampling(monkeypatch):
    g = nx.barabasi_albert_graph(600, 2, seed=4)
    exact = network_stats(g)
    monkeypatch.setattr(S, "SAMPLE_THRESHOLD", 100)
    est = network_stats(g, samples=200, seed=1)
    assert est["average_clustering"] == exact["average_clustering"]  # igraph == networkx
    assert est["transitivity"] == exact["transitivity"]
    assert est["average_path_length_estimated"] is True and est["average_path_length_samples"] == 200
    assert est["average_path_length"] == pytest.approx(exact["average_path_length"], rel=0.03)
    assert network_stats(g, samples=200, seed=1) == est
    assert network_stats(g, samples=0)["average_path_length"] == exact["average_path_length"]


def test_seed_profile_stats(seed_corpus):
    g = coauthor_graph(seed_corpus)
    s = network_stats(g, corpus=seed_corpus)
    assert s["components"] == 1 and s["giant_component_share"] == 1.0  # he is on every paper
    assert s["degree_max"] == g.degree("author-maxim-naumov")
    assert s["papers_left_out"] == 0
    # by hand from the profile: 12 truncated lists of 3 names without him (4 authors with him),
    # "Zhaoxia, Deng, Jongsoo Park et al." (2 names + him: 3), 7 truncated lists naming him (3),
    # 2 complete lists of 3 and 3 single-author papers: 81 authorships on 25 papers
    assert s["papers"] == 25 and s["single_author_share"] == 0.12
    assert s["papers_with_incomplete_author_lists"] == 20
    assert s["mean_team_size"] == 3.24 and s["max_team_size"] == 4
    assert s["papers_per_author"] == round(len(seed_corpus.authorships) / len(seed_corpus.authors), 6)


def test_corpus_stats_and_rows():
    from graphkit.model import Author, Authorship, Corpus, Paper
    c = Corpus(papers={p: Paper(p, p) for p in ("p1", "p2", "p3")},
               authors={a: Author(a, a) for a in "abc"},
               authorships=(Authorship("p1", "a", 1, "a"), Authorship("p2", "a", 1, "a"),
                            Authorship("p2", "b", 2, "b"), Authorship("p3", "a", 1, "a"),
                            Authorship("p3", "b", 2, "b"), Authorship("p3", "c", 3, "c")))
    cs = corpus_stats(c)
    assert (cs["mean_team_size"], cs["median_team_size"], cs["single_author_share"]) == (2.0, 2, round(1 / 3, 6))
    assert cs["papers_per_author"] == 2.0
    rows = stats_rows({"nodes": 3, "largest_components": [2, 1]})
    assert rows == [{"metric": "nodes", "value": 3}, {"metric": "largest_components", "value": "2, 1"}]
