"""Communities: hand-checked partitions, modularity, determinism, topics, the seed profile."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import networkx as nx
import pytest

from graphkit.analysis.communities import communities, partition
from graphkit.errors import GraphkitError
from graphkit.graph import coauthor_graph


def two_triangles():
    return nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")])


@pytest.mark.parametrize("algorithm", ["leiden", "louvain"])
def test_two_triangles_split_at_the_bridge(algorithm):
    r = communities(two_triangles(), algorithm=algorithm)
    assert [(c["id"], c["members"], c["size"], c["internal_edges"], c["density"]) for c in r["communities"]] == [
        (1, ["c", "a", "b"], 3, 3, 1.0), (2, ["d", "e", "f"], 3, 3, 1.0)]
    # by hand: m = 7; each side has 3 internal edges and degree sum 7: 2 (3/7 - (7/14)^2)
    assert r["modularity"] == pytest.approx(2 * (3 / 7 - 0.25), abs=1e-6)
    assert r["membership"] == {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 2}


def test_disconnected_cliques_and_an_isolate():
    g = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(3))
    g.add_node("solo")
    r = communities(g)
    assert [c["size"] for c in r["communities"]] == [4, 3, 1]
    assert r["communities"][2]["density"] is None and r["communities"][2]["members"] == ["solo"]
    # each clique its own community: Q = sum(l_c/m - (d_c/2m)^2), m = 9
    assert r["modularity"] == pytest.approx(6 / 9 - (12 / 18) ** 2 + 3 / 9 - (6 / 18) ** 2, abs=1e-6)


def test_leiden_finds_the_karate_club_optimum():
    g = nx.Graph(nx.karate_club_graph().edges())  # unweighted
    r = communities(g, algorithm="leiden", weight=None)
    # the best known modularity of Zachary's karate club (unweighted) is 0.4198 (4 groups)
    assert r["modularity"] == pytest.approx(0.419790, abs=1e-6)
    assert len(r["communities"]) == 4
    louvain = communities(g, algorithm="louvain", weight=None)
    assert louvain["modularity"] > 0.40
    assert r["modularity"] == pytest.approx(nx.community.modularity(
        g, [set(c["members"]) for c in r["communities"]]), abs=1e-6)


@pytest.mark.parametrize("algorithm", ["leiden", "louvain"])
def test_same_seed_same_communities(algorithm):
    g = nx.les_miserables_graph()
    a = communities(g, algorithm=algorithm, seed=5)
    b = communities(g, algorithm=algorithm, seed=5)
    assert a == b
    # seeding does not disturb the global random state users rely on
    import random
    random.seed(1)
    x = random.random()
    random.seed(1)
    communities(g, algorithm=algorithm, seed=5)
    assert random.random() == x


def test_leiden_is_the_same_in_a_fresh_process():
    code = ("import json, networkx as nx; from graphkit.analysis.communities import communities; "
            "r = communities(nx.les_miserables_graph(), seed=3); print(json.dumps(r['membership'], sort_keys=True))")
    outs = set()
    for hashseed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hashseed)
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True).stdout)
    assert len(outs) == 1
    assert json.loads(outs.pop()) == communities(nx.les_miserables_graph(), seed=3)["membership"]


def test_resolution_changes_granularity():
    g = nx.les_miserables_graph()
    coarse = communities(g, resolution=0.5)
    fine = communities(g, resolution=2.0)
    assert len(fine["communities"]) > len(coarse["communities"])


def test_members_ordered_by_degree_then_weighted_degree_then_key():
    g = nx.Graph()
    g.add_edge("z", "y", weight=3)
    g.add_edge("z", "x", weight=1)
    g.add_edge("y", "x", weight=1)
    g.add_edge("x", "w", weight=1)  # x has degree 3
    r = communities(g, algorithm="louvain", resolution=0.1)  # low resolution: one community
    assert r["communities"][0]["members"] == ["x", "y", "z", "w"]  # y, z: degree 2, weight 4


def test_bad_options():
    with pytest.raises(GraphkitError, match="unknown algorithm"):
        partition(two_triangles(), algorithm="magic")
    with pytest.raises(GraphkitError, match="resolution"):
        partition(two_triangles(), resolution=0)
    assert communities(nx.Graph())["communities"] == []


def test_seed_profile_communities_with_topics(seed_corpus):
    g = coauthor_graph(seed_corpus)
    r = communities(g, corpus=seed_corpus)
    comms = r["communities"]
    assert sum(c["size"] for c in comms) == g.number_of_nodes()
    assert set(r["membership"]) == set(g)
    first = comms[0]
    assert first["members"][0] == "author-maxim-naumov"  # most coauthors first
    assert first["top_topics"][0]["label"] == "Machine Learning"
    # The Llama 3 trio only meets the rest through Naumov: a triangle of its own
    llama = {"author-aaron-grattafiori", "author-abhimanyu-dubey", "author-abhinav-jauhri"}
    ids = {r["membership"][k] for k in llama}
    assert len(ids) == 1
    c = next(c for c in comms if c["id"] in ids)
    assert set(c["members"]) == llama and c["density"] == 1.0
    assert r == communities(coauthor_graph(seed_corpus), corpus=seed_corpus)
    assert 0.3 < r["modularity"] < 0.5


def test_leiden_iterations_above_the_threshold(monkeypatch):
    from graphkit.analysis import communities as M
    g = nx.les_miserables_graph()
    stable = communities(g, iterations=-1)
    assert communities(g) == stable  # 77 nodes: until stable by default
    monkeypatch.setattr(M, "SAMPLE_THRESHOLD", 10)
    one = communities(g, seed=0)  # LARGE_GRAPH_ITERATIONS passes
    assert one == communities(g, seed=0, iterations=M.LARGE_GRAPH_ITERATIONS)
    assert one["modularity"] <= stable["modularity"] + 1e-9
