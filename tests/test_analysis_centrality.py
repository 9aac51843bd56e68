"""Centrality: hand-computed values on small graphs, igraph == networkx, sampling vs exact,
the seed profile."""
from __future__ import annotations

import networkx as nx
import pytest
from scipy.stats import spearmanr

from graphkit.analysis import centrality as C
from graphkit.analysis.centrality import MEASURES, centrality, scores
from graphkit.errors import GraphkitError
from graphkit.graph import coauthor_graph


def by_key(rows):
    return {r["key"]: r for r in rows}


def score_map(g, measure, **kw):
    return {r["key"]: r["score"] for r in centrality(g, measure=measure, **kw)}


def two_triangles():
    """a-b-c triangle, d-e-f triangle, bridge c-d."""
    return nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")])


# ---------------------------------------------------------------- hand-computed values
def test_path_graph_by_hand():
    g = nx.path_graph(4)  # 0-1-2-3
    assert score_map(g, "degree") == {0: 1, 1: 2, 2: 2, 3: 1}
    # 1 lies on the paths 0-2 and 0-3: 2 of the 3 pairs not involving it
    assert score_map(g, "betweenness") == pytest.approx({0: 0, 1: 2 / 3, 2: 2 / 3, 3: 0})
    # closeness of 0: 3 / (1+2+3); of 1: 3 / (1+1+2)
    assert score_map(g, "closeness") == pytest.approx({0: 0.5, 1: 0.75, 2: 0.75, 3: 0.5})
    assert score_map(g, "harmonic") == pytest.approx({0: 11 / 6, 1: 2.5, 2: 2.5, 3: 11 / 6})
    # PageRank: x = .15/4 + .85 y/2 and x + y = 1/2  ->  y = .4625 / 1.425
    y = 0.4625 / 1.425
    assert score_map(g, "pagerank") == pytest.approx({0: 0.5 - y, 1: y, 2: y, 3: 0.5 - y}, abs=1e-9)
    # eigenvector of the path: (1, phi, phi, 1) normalised, phi the golden ratio
    phi = (1 + 5 ** 0.5) / 2
    norm = (2 + 2 * phi ** 2) ** 0.5
    assert score_map(g, "eigenvector") == pytest.approx(
        {0: 1 / norm, 1: phi / norm, 2: phi / norm, 3: 1 / norm}, abs=1e-8)


def test_star_by_hand():
    g = nx.star_graph(4)  # centre 0, leaves 1..4
    rows = centrality(g, measure="degree")
    assert [(r["key"], r["score"], r["rank"]) for r in rows] == [
        (0, 4, 1), (1, 1, 2), (2, 1, 2), (3, 1, 2), (4, 1, 2)]
    assert score_map(g, "betweenness") == pytest.approx({0: 1.0, 1: 0, 2: 0, 3: 0, 4: 0})
    assert score_map(g, "closeness") == pytest.approx({0: 1.0, **{i: 4 / 7 for i in range(1, 5)}})
    assert score_map(g, "harmonic") == pytest.approx({0: 4.0, **{i: 2.5 for i in range(1, 5)}})
    # PageRank: c = .03 + .85 (1 - c)
    c = 0.88 / 1.85
    assert score_map(g, "pagerank") == pytest.approx({0: c, **{i: (1 - c) / 4 for i in range(1, 5)}},
                                                     abs=1e-9)
    assert score_map(g, "eigenvector") == pytest.approx(
        {0: 2 ** -0.5, **{i: 8 ** -0.5 for i in range(1, 5)}}, abs=1e-8)


def test_two_triangles_with_a_bridge_by_hand():
    g = two_triangles()
    assert score_map(g, "degree") == {"a": 2, "b": 2, "c": 3, "d": 3, "e": 2, "f": 2}
    # c carries the 2 x 3 pairs between {a, b} and {d, e, f}: 6 of C(5, 2) = 10
    assert score_map(g, "betweenness") == pytest.approx({"a": 0, "b": 0, "c": 0.6, "d": 0.6, "e": 0, "f": 0})
    assert score_map(g, "closeness") == pytest.approx(
        {"a": 0.5, "b": 0.5, "c": 5 / 7, "d": 5 / 7, "e": 0.5, "f": 0.5})
    assert score_map(g, "harmonic") == pytest.approx(
        {"a": 19 / 6, "b": 19 / 6, "c": 4.0, "d": 4.0, "e": 19 / 6, "f": 19 / 6})
    rows = centrality(g, measure="betweenness")
    assert [(r["key"], r["rank"]) for r in rows] == [("c", 1), ("d", 1), ("a", 3), ("b", 3), ("e", 3), ("f", 3)]


def test_weighted_degree_uses_the_weight_and_unweighted_ignores_it():
    g = nx.Graph()
    g.add_edge("x", "y", weight=3)
    g.add_edge("x", "z", weight=0.5)
    assert score_map(g, "weighted-degree") == {"x": 3.5, "y": 3.0, "z": 0.5}
    assert score_map(g, "weighted-degree", weight=None) == {"x": 2, "y": 1, "z": 1}
    pr_w = score_map(g, "pagerank")
    pr_u = score_map(g, "pagerank", weight=None)
    assert pr_w["y"] > pr_w["z"] and pr_u["y"] == pytest.approx(pr_u["z"])


def test_rows_carry_name_papers_and_top():
    g = nx.Graph()
    g.add_node("author-a", label="Ann", papers=3, kind="author")
    g.add_node("author-b", label="Bo", papers=1, kind="author")
    g.add_edge("author-a", "author-b", weight=1)
    rows = centrality(g, measure="degree", top=1)
    assert rows == [{"key": "author-a", "name": "Ann", "kind": "author", "papers": 3, "score": 1,
                     "rank": 1, "estimate": False}]
    assert rows.meta["measure"] == "degree" and rows.meta["estimate"] is False


def test_unknown_measure_and_negative_samples_are_errors():
    with pytest.raises(GraphkitError, match="unknown measure"):
        centrality(nx.path_graph(3), measure="fame")
    with pytest.raises(GraphkitError, match="samples"):
        centrality(nx.path_graph(3), measure="betweenness", samples=-1)


def test_empty_graph_gives_no_rows():
    assert centrality(nx.Graph(), measure="betweenness") == []


def test_knowledge_graph_is_analysed_as_undirected_simple_graph(seed_corpus):
    from graphkit.graph import knowledge_graph
    kg = knowledge_graph(seed_corpus)
    rows = centrality(kg, measure="degree", top=3)
    assert rows[0]["key"] == "author-maxim-naumov" and rows[0]["kind"] == "author"
    assert rows[0]["papers"] == 25  # papers linked to him in the knowledge graph


# ---------------------------------------------------------------- engines agree
def awkward_graph():
    """Weighted, disconnected: a barbell, a pair, a path of three and an isolate."""
    g = nx.barbell_graph(5, 3)
    g.add_edge(100, 101)
    g.add_edges_from([(300, 301), (301, 302)])
    g.add_node(200)
    for u, v, d in g.edges(data=True):
        d["weight"] = 1 + (7 * u + v) % 3
    return g


@pytest.mark.parametrize("measure", MEASURES)
def test_igraph_engine_equals_networkx_on_small_graphs(measure):
    for g in (awkward_graph(), nx.karate_club_graph(), two_triangles()):
        a, meta_a = scores(g, measure=measure, engine="networkx")
        b, meta_b = scores(g, measure=measure, engine="igraph")
        assert meta_a["estimate"] is meta_b["estimate"] is False
        assert b == pytest.approx(a, abs=1e-8)


def test_auto_engine_switches_to_igraph_above_the_threshold(monkeypatch):
    g = nx.path_graph(10)
    assert centrality(g, measure="pagerank").meta["engine"] == "networkx"
    monkeypatch.setattr(C, "SAMPLE_THRESHOLD", 5)
    rows = centrality(g, measure="pagerank")
    assert rows.meta["engine"] == "igraph"
    rows = centrality(g, measure="betweenness")
    assert rows.meta["estimate"] is False  # 10 nodes <= DEFAULT_SAMPLES sources: exact
    assert centrality(g, measure="pagerank", backend=None, engine="networkx").meta["engine"] == "networkx"


def test_pivot_sampling_is_exact_when_every_component_fits_the_sample():
    g = nx.disjoint_union(nx.path_graph(8), nx.star_graph(6))  # components of 8 and 7 nodes
    for measure, ref in (("closeness", nx.closeness_centrality(g)), ("harmonic", nx.harmonic_centrality(g))):
        est, meta = scores(g, measure=measure, samples=8)  # 8 < 15 nodes: the sampled path
        assert meta["samples"] == 8
        assert est == pytest.approx(ref)
        assert meta["estimate"] is False


def test_pivot_sampling_samples_only_the_large_component():
    g = nx.disjoint_union_all([nx.barabasi_albert_graph(300, 2, seed=1), nx.path_graph(5),
                               nx.star_graph(3), nx.empty_graph(1)])
    small = range(300, 310)
    for measure, ref in (("closeness", nx.closeness_centrality(g)), ("harmonic", nx.harmonic_centrality(g))):
        est, meta = scores(g, measure=measure, samples=50, seed=1)
        assert meta["estimate"] is True
        assert {n: est[n] for n in small} == pytest.approx({n: ref[n] for n in small})
        assert est[309] == 0.0  # the isolate
        big = sorted(range(300), key=lambda n: -ref[n])[:5]
        for n in big:
            assert est[n] == pytest.approx(ref[n], rel=0.15)


# ---------------------------------------------------------------- sampling vs exact
@pytest.fixture(scope="module")
def ba_graph():
    return nx.barabasi_albert_graph(2000, 2, seed=1)


@pytest.mark.parametrize("measure", ["betweenness", "closeness", "harmonic"])
def test_sampled_top20_agrees_with_exact(ba_graph, measure):
    """500 sampled sources on 2,000 nodes rank the exact top-20 with Spearman >= 0.9.

    The exact reference is igraph's, which equals networkx's (test above)."""
    exact, _ = scores(ba_graph, measure=measure, engine="igraph", samples=0)
    est, meta = scores(ba_graph, measure=measure, engine="igraph", samples=500, seed=0)
    assert meta["estimate"] is True and meta["samples"] == 500
    top = sorted(exact, key=lambda n: (-exact[n], n))[:20]
    rho = spearmanr([exact[n] for n in top], [est[n] for n in top])[0]
    assert rho >= 0.9
    top_est = set(sorted(est, key=lambda n: (-est[n], n))[:20])
    assert len(top_est & set(top)) >= 16


def test_sampled_betweenness_igraph_equals_networkx_for_the_same_sources():
    """Nodes 0..n-1 in order: both engines draw the same sources from random.Random(seed), so
    igraph's estimate must equal nx.betweenness_centrality(k=..., seed=...)."""
    g = nx.barabasi_albert_graph(500, 2, seed=2)
    a, meta_a = scores(g, measure="betweenness", engine="networkx", samples=100, seed=3)
    b, meta_b = scores(g, measure="betweenness", engine="igraph", samples=100, seed=3)
    assert meta_a["estimate"] and meta_b["estimate"]
    assert b == pytest.approx(a, abs=1e-12)
    assert a == pytest.approx(nx.betweenness_centrality(g, k=100, seed=3), abs=1e-12)


def test_sampling_is_deterministic_and_flagged(ba_graph):
    r1 = centrality(ba_graph, measure="closeness", samples=50, seed=7)
    r2 = centrality(ba_graph, measure="closeness", samples=50, seed=7)
    r3 = centrality(ba_graph, measure="closeness", samples=50, seed=8)
    assert r1 == r2 and r1 != r3
    assert all(r["estimate"] for r in r1) and r1.meta["seed"] == 7


# ---------------------------------------------------------------- the seed profile
def test_seed_profile_naumov_first_by_degree_and_betweenness(seed_corpus):
    from graphkit.ids import normalize_name
    me = "author-maxim-naumov"
    g = coauthor_graph(seed_corpus)
    deg = centrality(g, measure="degree")
    assert deg[0]["key"] == me and deg[0]["name"] == "Maxim Naumov" and deg[0]["papers"] == 25
    # His coauthors as written in data/profiles/maxim-naumov.txt, counted by hand: 45 distinct
    # names on his 25 papers (3 listed names per truncated list, repeats removed; "Zhaoxia,
    # Deng" is one name). How many people they are depends on identity resolution (namesakes
    # kept apart, variants merged): his degree is the number of distinct people.
    mine = set(seed_corpus.papers_of(me))
    ships = [s for s in seed_corpus.authorships if s.paper in mine and s.author != me]
    assert len({normalize_name(s.name) for s in ships}) == 45
    assert deg[0]["score"] == len({s.author for s in ships})
    btw = centrality(g, measure="betweenness")
    assert btw[0]["key"] == me and btw[0]["rank"] == 1
    assert btw[1]["score"] < 0.01 < 0.9 < btw[0]["score"]
    for m in MEASURES:
        assert centrality(g, measure=m)[0]["key"] == me


def test_seed_profile_results_are_deterministic(seed_corpus):
    for m in MEASURES:
        a = centrality(coauthor_graph(seed_corpus), measure=m)
        b = centrality(coauthor_graph(seed_corpus), measure=m)
        assert a == b


def test_centrality_table_puts_measures_side_by_side():
    rows = C.centrality_table(two_triangles(), measures=["degree", "betweenness"], sort_by="degree")
    assert rows[0] == {"key": "c", "name": "c", "kind": None, "papers": None, "rank": 1,
                       "degree": 3, "betweenness": 0.6}


# ---------------------------------------------------------------- saving
def test_analysis_lines_use_the_agreed_vocabulary():
    lines = C.analysis_lines("centrality-degree-coauthor", measure="degree", title="t",
                             parameters={"graph": "coauthor", "seed": 0},
                             started="2026-01-01T00:00:00Z", ended="2026-01-01T00:00:01Z",
                             results=[("author-a", 2, 1, None)])
    act = "<https://w3id.org/graphkit/analysis/centrality-degree-coauthor>"
    res = "<https://w3id.org/graphkit/analysis/centrality-degree-coauthor/author-a>"
    gk = "https://w3id.org/graphkit/ontology#"
    assert f"{act} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/prov#Activity> ." in lines
    assert f'{act} <{gk}parameter> "graph=coauthor" .' in lines
    assert f'{act} <{gk}parameter> "seed=0" .' in lines
    assert (f'{act} <http://www.w3.org/ns/prov#startedAtTime> '
            f'"2026-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .') in lines
    assert f"{res} <{gk}node> <https://w3id.org/graphkit/id/author-a> ." in lines
    assert f'{res} <{gk}score> "2.0"^^<http://www.w3.org/2001/XMLSchema#double> .' in lines
    assert f'{res} <{gk}rank> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .' in lines
    assert f"{res} <http://www.w3.org/ns/prov#wasGeneratedBy> {act} ." in lines


def test_sampled_betweenness_is_exact_on_small_components_and_samples_the_large_one():
    g = nx.disjoint_union_all([nx.barabasi_albert_graph(400, 2, seed=5), nx.path_graph(5),
                               two_triangles(), nx.empty_graph(2)])
    exact = nx.betweenness_centrality(g)
    est, meta = scores(g, measure="betweenness", engine="igraph", samples=100, seed=0)
    assert meta["estimate"] is True
    small = range(400, g.number_of_nodes())  # disjoint_union_all numbers the nodes in order
    assert {n: est[n] for n in small} == pytest.approx({n: exact[n] for n in small}, abs=1e-12)
    hubs = sorted(range(400), key=lambda n: -exact[n])[:5]
    for n in hubs:
        assert est[n] == pytest.approx(exact[n], rel=0.2)


def test_sampled_betweenness_split_over_processes_equals_one_process(monkeypatch):
    """Many sources on a large graph are split into four chunks run in forked processes; the
    result equals the one-process computation, and is bit-identical with one core."""
    import os

    import graphkit.analysis.centrality as C
    g = nx.barabasi_albert_graph(2000, 2, seed=1)
    one, _ = scores(g, measure="betweenness", engine="igraph", samples=300, seed=5)
    monkeypatch.setattr(C, "PARALLEL_SOURCES", 50)
    monkeypatch.setattr(C, "SAMPLE_THRESHOLD", 100)
    split, meta = scores(g, measure="betweenness", engine="igraph", samples=300, seed=5)
    assert meta["estimate"] and split == pytest.approx(one, rel=1e-12, abs=1e-15)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    sequential, _ = scores(g, measure="betweenness", engine="igraph", samples=300, seed=5)
    assert sequential == split


def test_igraph_pagerank_runs_in_one_thread():
    """igraph's PageRank sums in OpenMP threads (its scores varied in the last bits from run
    to run on the arXiv graph); graphkit runs it in one thread, then restores the limit."""
    import igraph  # noqa: F401  (loads igraph's OpenMP runtime)
    from threadpoolctl import threadpool_info
    from graphkit.analysis.centrality import _one_thread
    openmp = lambda: [i["num_threads"] for i in threadpool_info() if i["user_api"] == "openmp"]  # noqa: E731
    before = openmp()
    with _one_thread():
        assert openmp() and set(openmp()) == {1}
    assert openmp() == before


def test_eigenvector_matches_networkx_power_iteration():
    # the sparse power iteration is NetworkX's algorithm (A + I from a uniform start, same
    # stopping rule): the same scores on a weighted graph with a self-loop, and the same
    # failure to converge where NetworkX fails
    import random as _random
    from graphkit.analysis.centrality import NX_TOL, _eigenvector_power
    rnd = _random.Random(3)
    g = nx.gnm_random_graph(400, 1200, seed=3)
    for u, v in g.edges:
        g[u][v]["weight"] = rnd.randint(1, 5)
    g.add_edge(7, 7, weight=2)
    for weight in ("weight", None):
        want = nx.eigenvector_centrality(g, weight=weight, max_iter=1000, tol=NX_TOL)
        got = _eigenvector_power(g, weight, max_iter=1000, tol=NX_TOL)
        assert list(got) == list(want)
        assert max(abs(got[v] - want[v]) for v in g) < 1e-12
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(nx.path_graph(3), max_iter=1)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        _eigenvector_power(nx.path_graph(3), None, max_iter=1, tol=NX_TOL)
    # through scores(): the networkx engine below the size threshold, unit norm
    got, meta = scores(g, measure="eigenvector")
    assert meta["engine"] == "networkx"
    assert sum(x * x for x in got.values()) == pytest.approx(1.0)
