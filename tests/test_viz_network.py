"""Network pages without a browser: what the views hold, escaping, offline, determinism, CLI."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.errors import GraphkitError, NotFoundError
from graphkit.graph import coauthor_graph, knowledge_graph, topic_graph
from graphkit.model import Author, Authorship, Corpus, Institution, Paper, PaperTopic, Topic
from graphkit.viz import network as N

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "viz" / "hostile-profile.txt"


def small_corpus() -> Corpus:
    """p1 (2019): A, B, C; p2 (2020): A, B; p3 (2021): C, D; p4 (2022): E alone.
    Coauthor links: A-B (2 papers), A-C, B-C, C-D (1 each); E has none."""
    papers = {
        "p1": Paper("p1", "First paper", 2019, "2019-05-01", abstract="x" * 400),
        "p2": Paper("p2", "Second paper", 2020, "2020-01-02", authors_complete=False),
        "p3": Paper("p3", "Third paper", 2021),
        "p4": Paper("p4", "Solo paper", 2022),
    }
    authors = {k: Author(k, k.upper()) for k in "abcde"}
    ships = (Authorship("p1", "c", 3, "C."), Authorship("p1", "a", 1, "A."), Authorship("p1", "b", 2, "B."),
             Authorship("p2", "a", 1, "A."), Authorship("p2", "b", 2, "B."),
             Authorship("p3", "c", 1, "C."), Authorship("p3", "d", 2, "D."),
             Authorship("p4", "e", 1, "E."))
    topics = {"t1": Topic("t1", "arxiv", "cs.LG", "Learning"), "t2": Topic("t2", "arxiv", "cs.DC", "Clusters")}
    pts = (PaperTopic("p1", "t1"), PaperTopic("p2", "t1"), PaperTopic("p3", "t2"))
    return Corpus(papers=papers, authors=authors, authorships=ships, topics=topics, paper_topics=pts)


def by_id(items):
    return {i["id"]: i for i in items}


def rows(tip):
    return dict(tip["r"])


def script_tags(html: str) -> int:
    """``<script`` tags in a page, not counting the string literal inside vis-network's code."""
    return html.count("<script") - N.asset("vis-network.min.js").count("<script")


def page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" class="gk-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


# ------------------------------------------------------------------ views
def test_coauthor_view_encodings():
    v = N.build_view(small_corpus(), "coauthors", size_by="papers", color_by="none")
    nodes, edges = by_id(v.nodes), {(e["from"], e["to"]): e for e in v.edges}
    assert sorted(nodes) == list("abcde") and len(edges) == 4
    assert nodes["a"]["value"] == 1.0 and nodes["d"]["value"] == round(0.5 ** 0.5, 4)
    assert edges[("a", "b")]["width"] == 6.0 and edges[("a", "b")]["n"] == 2
    assert edges[("a", "c")]["width"] == round(1 + 5 * 0.5 ** 0.5, 2)
    assert edges[("a", "b")]["years"] == [2019, 2020] and edges[("c", "d")]["years"] == [2021]
    assert nodes["a"]["years"] == [2019, 2020] and nodes["e"]["years"] == [2022]
    assert v.years == (2019, 2022) and v.physics is True  # small: the browser relaxes the layout
    t = rows(nodes["a"]["t"])
    assert nodes["a"]["t"]["h"] == "A"
    assert t["Papers"] == "2" and t["Years"] == "2019\u20132020"
    assert t["Top topics"] == "Learning (2)" and t["Top coauthors"] == "B (2), C (1)"
    assert t["Size"] == "papers 2 (rank 1)"
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in v.nodes)
    assert v.notes[-1].startswith("Positions computed by graphkit")


def test_max_nodes_cut_is_noted():
    v = N.build_view(small_corpus(), "coauthors", size_by="papers", color_by="none", max_nodes=3)
    assert sorted(by_id(v.nodes)) == ["a", "b", "c"] and len(v.edges) == 3
    assert v.notes[0] == ("Showing the top 3 of 5 authors by number of papers (--max-nodes 3): "
                          "2 authors and 1 of 4 links are not shown. Use --max-nodes 0 to show everything.")
    assert v.total_nodes == 5 and v.total_edges == 4
    html = N.page_html(v)
    assert "Showing the top 3 of 5 authors" in html
    assert len(page_data(html)["nodes"]) == 3


def test_max_links_draws_the_strongest():
    # A-B share 2 papers; A-C, B-C and C-D one each: the tie goes by keys, so A-C stays
    v = N.build_view(small_corpus(), "coauthors", size_by="papers", color_by="none", max_links=2)
    assert sorted(by_id(v.nodes)) == list("abcde")  # every node stays
    assert sorted((e["from"], e["to"]) for e in v.edges) == [("a", "b"), ("a", "c")]
    assert v.subtitle == "5 authors, 2 links" and v.total_edges == 4
    assert ("Drawing the 2 strongest of the 4 links between the shown authors (--max-links 2); "
            "communities and tooltips count them all. Use --max-links 0 to draw every link.") in v.notes
    assert rows(by_id(v.nodes)["c"]["t"])["Top coauthors"] == "A (1), B (1), D (1)"  # all links
    for limit in (None, 0, 4, 10):  # at or above the number of links: nothing changes
        w = N.build_view(small_corpus(), "coauthors", size_by="papers", color_by="none", max_links=limit)
        assert len(w.edges) == 4 and not any(n.startswith("Drawing") for n in w.notes)
        assert N.page_html(w) == N.page_html(N.build_view(small_corpus(), "coauthors", size_by="papers",
                                                          color_by="none"))


def test_cli_viz_max_links(seed_ws_path, seed_corpus, tmp_path):
    g = coauthor_graph(seed_corpus)
    out = tmp_path / "c.html"
    r = run("viz", "coauthors", "--kg", seed_ws_path, "-o", out, "--max-links", 10)
    assert r.exit_code == 0, r.output
    assert f"({len(g)} nodes, 10 links," in r.stderr
    assert f"Drawing the 10 strongest of the {g.number_of_edges()} links between the shown authors" in r.stderr
    assert len(page_data(out.read_text())["edges"]) == 10
    r = run("viz", "knowledge", "--kg", seed_ws_path, "-o", out, "--max-links", 10)
    assert r.exit_code == 0 and "--max-links does not apply to the knowledge view" in r.stderr
    assert len(page_data(out.read_text())["edges"]) > 10
    r = run("viz", "knowledge", "--kg", seed_ws_path, "-o", out)
    assert "--max-links" not in r.stderr


def test_ego_view_depths():
    c = small_corpus()
    v1 = N.build_view(c, "ego", author="d", depth=1, size_by="papers", color_by="none")
    v2 = N.build_view(c, "ego", author="d", depth=2, size_by="papers", color_by="none")
    assert sorted(by_id(v1.nodes)) == ["c", "d"] and sorted(by_id(v2.nodes)) == ["a", "b", "c", "d"]
    assert by_id(v1.nodes)["d"]["borderWidth"] == 4 and v1.title == "Coauthors of D"
    assert v1.notes[0] == "Coauthors of D up to distance 1."
    with pytest.raises(GraphkitError, match="needs an AUTHOR"):
        N.build_view(c, "ego", size_by="papers")
    with pytest.raises(GraphkitError, match="only the ego view"):
        N.build_view(c, "coauthors", author="d")
    with pytest.raises(GraphkitError, match="--depth must be 1 or 2"):
        N.build_view(c, "ego", author="d", depth=3)


def test_ego_view_keeps_its_centre_when_cut():
    v = N.build_view(small_corpus(), "ego", author="d", depth=2, size_by="papers", color_by="none",
                     max_nodes=2)
    # the nearest first: the centre and its coauthor c (a and b, 2 papers each, are farther;
    # a cut by papers alone kept a, who never wrote with d)
    assert sorted(by_id(v.nodes)) == ["c", "d"]
    assert v.notes[1].startswith("Showing the top 2 of 4 authors by distance, then number of papers")
    v = N.build_view(small_corpus(), "ego", author="d", depth=2, size_by="papers", color_by="none",
                     max_nodes=3)
    assert sorted(by_id(v.nodes)) == ["a", "c", "d"]  # then by papers within a distance


def test_ego_view_finds_author_by_name(seed_corpus):
    pytest.importorskip("graphkit.analysis.collaboration")
    from graphkit.graph import coauthor_graph
    v = N.build_view(seed_corpus, "ego", author="maxim naumov", depth=1, size_by="papers", color_by="none")
    assert v.title == "Coauthors of Maxim Naumov"
    g = coauthor_graph(seed_corpus)
    assert sorted(by_id(v.nodes)) == sorted(["author-maxim-naumov", *g["author-maxim-naumov"]])
    with pytest.raises(NotFoundError):
        N.build_view(seed_corpus, "ego", author="Nobody Atall", size_by="papers")


def test_knowledge_view_kinds_and_paper_tooltip():
    v = N.build_view(small_corpus(), "knowledge", size_by="papers")
    nodes = by_id(v.nodes)
    assert sorted(n["kind"] for n in v.nodes).count("paper") == 4
    assert {n["kind"] for n in v.nodes} == {"paper", "author", "topic"}
    assert nodes["p1"]["shape"] == "square" and nodes["t1"]["shape"] == "triangle"
    assert nodes["p1"]["color"] == N.KIND_STYLE["paper"][0]
    assert [item["label"] for item in v.legend] == ["authors (5)", "papers (4)", "topics (2)"]
    tip = nodes["p1"]["t"]
    assert tip["h"] == "First paper" and tip["k"] == "paper"
    assert rows(tip)["Authors"] == "A., B., C."  # in author order, as written on the paper
    assert rows(tip)["Date"] == "2019-05-01"
    assert len(tip["p"]) == N.ABSTRACT_CHARS and tip["p"].endswith("\u2026")
    assert rows(nodes["p2"]["t"])["Authors"] == "A., B. (author list truncated in the source)"
    links = {(e["from"], e["to"]): e for e in v.edges}
    assert links[("a", "p1")]["k"] == "wrote" and links[("a", "p1")]["years"] == [2019]
    assert len(v.edges) == 8 + 3  # authorships + paper topics


def test_knowledge_links_match_the_knowledge_graph():
    """The view's links, built straight from the corpus, are those of ``knowledge_graph``:
    same nodes, adjacency order and weights (edge order feeds the centrality engines), and the
    same (source, target, kind) records with their counts and papers."""
    c = small_corpus()
    ships = c.authorships + (Authorship("p1", "a", 1, "A."),  # a repeated authorship: one edge
                             Authorship("p2", "a", 1, "A.", ("i1", "i2")),
                             Authorship("p3", "a", None, "A.", ("i1",)),
                             Authorship("p3", "d", 2, "D.", ("i2",)))
    topics = {**c.topics, "t3": Topic("t3", "arxiv", "cs", "Computing"),
              "t1": Topic("t1", "arxiv", "cs.LG", "Learning", broader="t3")}
    c = Corpus(papers=c.papers, authors=c.authors, authorships=ships, topics=topics,
               institutions={k: Institution(k, k.upper()) for k in ("i1", "i2", "i3")},
               paper_topics=c.paper_topics + (PaperTopic("p1", "t1", 0.5), PaperTopic("p4", "t3")),
               paper_institutions=(("p4", "i3"), ("p1", "i2"), ("p4", "i3")))
    facts = N._Facts(c)
    kg = knowledge_graph(c)
    expected, grouped = nx.Graph(), {}
    for n, d in kg.nodes(data=True):
        expected.add_node(n, kind=d["kind"], papers=len(set(facts.papers_of(d["kind"], n))))
    for u, v, d in kg.edges(data=True):
        rec = grouped.setdefault((u, v, d["kind"]), [0, set()])
        rec[0] += 1
        paper = d.get("paper") or (v if kg.nodes[v]["kind"] == "paper" else
                                   u if kg.nodes[u]["kind"] == "paper" else None)
        if paper:
            rec[1].add(paper)
        if not expected.has_edge(u, v):
            expected.add_edge(u, v, weight=0)
        expected[u][v]["weight"] += 1
    kl = N._KnowledgeLinks(c)
    g = kl.simple_graph(facts)
    assert list(g.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(g.edges(data=True)) == list(expected.edges(data=True))
    assert {n: list(g[n]) for n in g} == {n: list(expected[n]) for n in expected}
    assert kl.count() == len(grouped)
    assert {(u, v, k): list(kl.record(u, v, k)) for u, o in kl.out.items() for v, k in o.items()} \
        == {key: rec for key, rec in grouped.items()}
    assert grouped["a", "i1", "affiliated"] == [2, {"p2", "p3"}]


def test_institution_and_topic_views(seed_corpus):
    v = N.build_view(seed_corpus, "institutions", size_by="papers", color_by="none")
    assert sorted(n["label"] for n in v.nodes) == ["allen-ai", "berkeley"] and len(v.edges) == 1
    v = N.build_view(seed_corpus, "topics", size_by="papers", color_by="none")
    assert len(v.nodes) == topic_graph(seed_corpus).number_of_nodes()
    assert {"Machine Learning", "Information Retrieval"} <= {n["label"] for n in v.nodes}
    with pytest.raises(GraphkitError, match="no institutions"):
        N.build_view(small_corpus(), "institutions", size_by="papers")


def test_bad_options():
    c = small_corpus()
    with pytest.raises(GraphkitError, match="unknown view"):
        N.build_view(c, "galaxy")
    with pytest.raises(GraphkitError, match="unknown size measure"):
        N.build_view(c, size_by="charisma")
    with pytest.raises(GraphkitError, match="max-nodes"):
        N.build_view(c, max_nodes=-1)


def test_layout_packs_components_and_is_seeded():
    import networkx as nx
    g = nx.Graph([(0, 1), (1, 2), (2, 0), (3, 4)])
    g.add_node(5)
    p = N.layout_positions(g, seed=3)
    assert p == N.layout_positions(g, seed=3) and p != N.layout_positions(g, seed=4)
    # the largest component lies above the others
    assert max(p[n][1] for n in (0, 1, 2)) < min(p[n][1] for n in (3, 4, 5))


@pytest.mark.parametrize("measure", ["degree", "pagerank", "papers"])
def test_ranked_equals_sorting_every_rounded_score(measure):
    """``_ranked`` rounds only the scores that can make the cut; its order and scores are those
    of sorting every node by its rounded score (ties by key), at every cut, ties included."""
    import random
    r = random.Random(5)
    g = nx.gnm_random_graph(120, 260, seed=5)  # degree: many ties
    g = nx.relabel_nodes(g, {i: f"n{r.randrange(10**6):06d}-{i}" for i in g})
    for n, d in g.nodes(data=True):
        d["papers"] = r.choice((1, 2, 2, 3, 7))
    for _, _, d in g.edges(data=True):
        d["weight"] = r.choice((1.0, 2.0, 0.5))
    full = N.node_scores(g, measure)
    expected = N._by_score(g, full)
    for limit in (None, 1, 2, 7, 30, 60, 119, 120, 500):
        scores, order = N._ranked(g, measure, seed=0, limit=limit)
        assert order == expected[:limit] if limit else order == expected
        assert scores == {n: full[n] for n in scores} and set(order) <= set(scores)


def test_facts_focus_gives_the_same_answers():
    """A view builds the author tables for the authors it shows only; asking about another
    author, or another paper's topics, rebuilds them whole: the answers never change."""
    c = small_corpus()
    whole, focused = N._Facts(c), N._Facts(c)
    focused.focus(["a"])
    assert focused.papers_of("author", "a") == whole.papers_of("author", "a") == ["p1", "p2"]
    assert dict(focused.author_papers) == {"a": ["p1", "p2"]}  # built for "a" only
    assert focused.top_topics({"p1", "p2"}) == whole.top_topics({"p1", "p2"}) == "Learning (2)"
    assert focused.topics_of("p3") == whole.topics_of("p3") == ["t2"]  # not a paper of "a"
    assert focused.papers_of("author", "c") == whole.papers_of("author", "c") == ["p1", "p3"]
    assert dict(focused.author_papers) == dict(whole.author_papers)  # rebuilt whole
    again = N._Facts(c)
    again.focus(["a"])
    assert again.top_topics({"p3"}) == whole.top_topics({"p3"}) == "Clusters (1)"


def test_induced_subgraph_equals_networkx_copy():
    g = nx.gnm_random_graph(50, 150, seed=2)
    g.add_edge(3, 3, weight=2.0)
    for u, v, d in g.edges(data=True):
        d.setdefault("weight", float(u + v))
    keep = [3, 7, 11, 20, 21, 22, 30, 41, 49]
    a, b = g.subgraph(keep).copy(), N._induced(g, keep)
    assert list(b) == [n for n in g if n in keep] and b.graph == a.graph
    assert sorted(map(sorted, b.edges())) == sorted(map(sorted, a.edges()))
    assert all(b.edges[u, v] == a.edges[u, v] for u, v in a.edges())
    b.edges[3, 3]["weight"] = 9.0  # a copy: the original keeps its data
    assert g.edges[3, 3]["weight"] == 2.0


# ------------------------------------------------------------------ with the analysis modules
def test_sizes_and_colours_from_analysis(seed_corpus):
    pytest.importorskip("graphkit.analysis.centrality")
    pytest.importorskip("graphkit.analysis.communities")
    from graphkit.analysis.centrality import centrality
    from graphkit.analysis.communities import communities
    from graphkit.graph import coauthor_graph
    v = N.build_view(seed_corpus, "coauthors")
    g = coauthor_graph(seed_corpus)
    top = centrality(g, measure="pagerank")[0]
    assert top["key"] == "author-maxim-naumov"
    nodes = by_id(v.nodes)
    assert nodes["author-maxim-naumov"]["value"] == 1.0
    assert rows(nodes["author-maxim-naumov"]["t"])["Size"].startswith("pagerank 0.24")
    membership = communities(g, seed=0)["membership"]
    colour_of = {}
    for key, comm in membership.items():  # same community, same colour; different, different
        colour_of.setdefault(comm, set()).add(nodes[key]["color"])
    assert all(len(cs) == 1 for cs in colour_of.values())
    named = [next(iter(cs)) for comm, cs in sorted(colour_of.items()) if comm <= len(N.PALETTE)]
    assert len(set(named)) == len(named)
    assert len(v.legend) == len(set(membership.values()))
    assert v.legend[0]["label"].startswith(f"Community 1: {sum(1 for c in membership.values() if c == 1)} authors")


# ------------------------------------------------------------------ page: offline, escaped, deterministic
def hostile_corpus(tmp_path):
    from graphkit.rdf.store import Workspace
    from graphkit.sources import ReadContext
    ws = Workspace(tmp_path / "hostile.kg")
    ws.ingest([str(HOSTILE)], ctx=ReadContext(as_of=dt.date(2026, 11, 26)))
    c = ws.corpus()
    ws.close()
    return c


@pytest.mark.parametrize("view", ["coauthors", "knowledge", "institutions"])
def test_hostile_text_is_escaped(tmp_path, view):
    c = hostile_corpus(tmp_path)
    html = N.render(c, view, size_by="papers", color_by="kind" if view == "knowledge" else "none")
    for raw in ("<script>window.__pwned", "<img src=x", "<b onmouseover", "<iframe", "</script><script>"):
        assert raw not in html
    # exactly the page's own script elements
    assert script_tags(html) == 3
    data = page_data(html)
    texts = json.dumps(data, ensure_ascii=False)
    if view == "knowledge":
        assert '<script>window.__pwned=1</script> Tags & \\"quotes\\"' in texts
        assert "&amp; &lt;b&gt;bold&lt;/b&gt;" in texts  # entities stay literally as written
    if view != "institutions":
        assert "<img src=x onerror=window.__pwned=2>" in [n["label"] for n in data["nodes"]]
    else:
        assert [n["t"]["h"] for n in data["nodes"]] == ["<b onmouseover=window.__pwned=3>Evil Lab</b>"]


def test_hostile_title_in_page_title_is_escaped(tmp_path):
    c = hostile_corpus(tmp_path)
    key = next(k for k, a in c.authors.items() if a.name.startswith("<img"))
    html = N.render(c, "ego", author=key, size_by="papers", color_by="none")
    assert "<title>Coauthors of &lt;img src=x onerror=window.__pwned=2&gt;</title>" in html


def test_page_is_self_contained_and_policy_matches_scripts(seed_corpus):
    html = N.render(seed_corpus, "coauthors", size_by="papers", color_by="none")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    csp = csp.replace("&#39;", "'")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2 and "vis-network" in scripts[0][:200]
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_same_seed_same_bytes(seed_corpus):
    a = N.render(seed_corpus, "coauthors", seed=5)
    assert a == N.render(seed_corpus, "coauthors", seed=5)
    assert a != N.render(seed_corpus, "coauthors", seed=6)
    k = N.render(seed_corpus, "knowledge", seed=5)
    assert k == N.render(seed_corpus, "knowledge", seed=5)


def test_same_seed_same_bytes_across_processes(seed_ws_path, tmp_path):
    """Hash randomisation differs between processes; the pages must not."""
    import subprocess
    import sys
    outs = []
    for hashseed in ("1", "2"):
        out = tmp_path / f"k{hashseed}.html"
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        r = subprocess.run([sys.executable, "-m", "graphkit", "viz", "knowledge", "--kg", str(seed_ws_path),
                            "-o", str(out), "--seed", "3"], env=env, capture_output=True, text=True,
                           cwd=Path(__file__).resolve().parent.parent)
        assert r.returncode == 0, r.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_year_restriction_before_building(seed_corpus):
    html = N.render(seed_corpus, "coauthors", size_by="papers", color_by="none", year_from=2024)
    data = page_data(html)
    assert data["years"][0] >= 2024
    assert all(min(n["years"]) >= 2024 for n in data["nodes"])


# ------------------------------------------------------------------ CLI
def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def snapshot(path: Path) -> dict:
    return {str(p.relative_to(path)): p.stat().st_mtime_ns for p in path.rglob("*")}


def test_cli_viz_writes_only_the_output(seed_ws_path, seed_corpus, tmp_path, monkeypatch):
    g = coauthor_graph(seed_corpus)
    before = snapshot(seed_ws_path)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    r = CliRunner().invoke(cli, ["viz", "coauthors", "--kg", str(seed_ws_path), "--size-by", "papers",
                                 "--color-by", "none"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert f"wrote exports/coauthors.html ({len(g)} nodes, {g.number_of_edges()} links" in r.stderr
    files = sorted(str(p.relative_to(cwd)) for p in cwd.rglob("*"))
    assert files == ["exports", "exports/coauthors.html"]
    assert snapshot(seed_ws_path) == before


def test_cli_viz_views_and_cut(seed_ws_path, seed_corpus, tmp_path):
    total = knowledge_graph(seed_corpus).number_of_nodes()
    out = tmp_path / "deep" / "k.html"
    r = run("viz", "knowledge", "--kg", seed_ws_path, "-o", out, "--size-by", "papers", "--max-nodes", 30)
    assert r.exit_code == 0, r.output
    assert "(30 nodes," in r.stderr and f"Showing the top 30 of {total} nodes" in r.stderr
    assert len(page_data(out.read_text())["nodes"]) == 30
    out = tmp_path / "ego.html"
    r = run("viz", "ego", "author-maxim-naumov", "--kg", seed_ws_path, "-o", out, "--depth", 1,
            "--size-by", "papers", "--color-by", "none")
    assert r.exit_code == 0, r.output
    assert "Coauthors of Maxim Naumov up to distance 1." in r.stderr


@pytest.mark.parametrize("args, message", [
    (["viz", "ego"], "the ego view needs an AUTHOR"),
    (["viz", "coauthors", "Someone"], "only the ego view takes an AUTHOR"),
    (["viz", "coauthors", "--max-nodes", "-5"], "--max-nodes must be 0"),
    (["viz", "coauthors", "--max-links", "-1"], "--max-links must be 0"),
    (["viz", "ego", "author-nobody-here", "--size-by", "papers"], "author"),
    (["viz", "institutions", "--size-by", "papers", "--from", "2030"], "nothing to show"),
])
def test_cli_viz_errors(seed_ws_path, tmp_path, args, message):
    out = tmp_path / "x.html"
    r = run(*args, "--kg", seed_ws_path, "-o", out)
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: ") and message in r.stderr
    assert "Traceback" not in r.output
    assert not out.exists()


def test_cli_viz_missing_workspace_and_directory_output(seed_ws_path, tmp_path):
    r = run("viz", "--kg", tmp_path / "none.kg", "-o", tmp_path / "x.html")
    assert r.exit_code == 1 and "no workspace" in r.stderr
    r = run("viz", "--kg", seed_ws_path, "-o", tmp_path, "--size-by", "papers", "--color-by", "none")
    assert r.exit_code == 1 and "is a directory" in r.stderr


def test_cli_report(seed_ws_path, tmp_path):
    pytest.importorskip("graphkit.analysis.centrality")
    pytest.importorskip("graphkit.analysis.communities")
    out = tmp_path / "r" / "report.html"
    r = run("report", "--kg", seed_ws_path, "-o", out)
    assert r.exit_code == 0, r.output
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and script_tags(html) == 3
    for section in ("Summary", "Top authors", "Coauthor network", "Communities", "Topic evolution",
                    "Data quality"):
        assert f">{section}</h2>" in html
    assert "<td>Maxim Naumov</td>" in html
    try:
        import graphkit.analysis.topics  # noqa: F401
        import graphkit.viz.charts  # noqa: F401
    except ImportError:
        assert "The topic evolution chart is not available in this build." in html
    else:  # the chart page, escaped into srcdoc, its script allowed by hash
        assert '<iframe class="gk-chart"' in html and "srcdoc=\"&lt;!DOCTYPE html&gt;" in html
    assert "repaired a name split by a stray comma" in html
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["r", "report.html"]


def test_cli_help_has_examples():
    for cmd in ("viz", "report"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Examples:" in r.stdout and f"graphkit {cmd}" in r.stdout


def test_saved_cut_gives_the_same_page_as_the_whole_graph(seed_ws):
    """A cut coauthor view built from the ingest's saved PageRank and the top authors' links
    (``saved_cut``) is the page the whole saved graph gives, byte for byte; other settings
    fall back to the whole graph."""
    corpus = seed_ws.corpus()
    whole = seed_ws.coauthor_graph()
    assert whole.number_of_nodes() == 45
    # the usual share (1 in 200 authors) leaves a 45-author workspace on the whole graph
    assert N.saved_cut(seed_ws, counting="full", max_authors=100, size_by="pagerank", max_nodes=10,
                       share=N.SAVED_CUT_SHARE) is None
    assert N.saved_cut(seed_ws, counting="full", max_authors=100, size_by="degree", max_nodes=10) is None
    assert N.saved_cut(seed_ws, counting="full", max_authors=100, size_by="pagerank", max_nodes=45) is None
    from graphkit.analysis.centrality import saved_nodes
    from graphkit.graph import coauthor_nodes
    nodes = saved_nodes(seed_ws.coauthor_arrays())  # the sorted keys saved with the arrays
    assert nodes == coauthor_nodes(corpus) and len(nodes) == 45
    assert nodes[:2] == ["author-aaron-grattafiori", "author-abhimanyu-dubey"]
    for n in (1, 5, 10, 44):
        cut = N.saved_cut(seed_ws, counting="full", max_authors=100, size_by="pagerank", max_nodes=n)
        assert cut.total_nodes == 45 and cut.total_edges == nx.number_of_edges(whole)
        assert len(cut.order) == n
        top = set(cut.order)
        assert {frozenset(e) for e in cut.graph.edges if set(e) <= top} == \
            {frozenset(e) for e in whole.edges if set(e) <= top}
        for u in top:  # links to others: those that can make the top 3 coauthors (ties kept)
            counts = sorted((d["count"] for d in whole[u].values()), reverse=True)
            least = counts[min(2, len(counts) - 1)] if counts else 0
            assert {v for v in cut.graph[u] if v not in top} == \
                {v for v, d in whole[u].items() if v not in top and d["count"] >= least}
            assert N._top_neighbours(cut.graph, u, str) == N._top_neighbours(whole, u, str)
        fast = N.page_html(N.build_view(corpus, "coauthors", max_nodes=n, graph=cut))
        slow = N.page_html(N.build_view(corpus, "coauthors", max_nodes=n, graph=whole))
        assert fast == slow
    cut = N.saved_cut(seed_ws, counting="full", max_authors=100, size_by="pagerank", max_nodes=10)
    assert N.page_html(N.build_view(corpus, "coauthors", max_nodes=20, graph=cut)) == \
        N.page_html(N.build_view(corpus, "coauthors", max_nodes=20, graph=whole))
    # Maxim Naumov (all 25 papers) ranks first; his links among the top 10 are those of the
    # whole graph, with the distinct years of their papers read from the saved arrays
    assert cut.order[0] == "author-maxim-naumov"
    mine, theirs = cut.graph["author-maxim-naumov"], whole["author-maxim-naumov"]
    top = set(cut.order)
    keys = ("count", "weight", "first_year", "last_year")
    assert {v: [d[k] for k in keys] + [d["years"]] for v, d in mine.items() if v in top} == \
        {v: [d[k] for k in keys] + [sorted({corpus.papers[p].year for p in d["papers"]})]
         for v, d in theirs.items() if v in top}
    assert mine["author-liang-luo"]["years"] == [2024, 2026]  # 3 joint papers: 2024, 2024, 2026
    assert cut.graph.nodes["author-maxim-naumov"] == whole.nodes["author-maxim-naumov"] == {
        "papers": 25, "label": "Maxim Naumov", "kind": "author"}
    assert cut.graph.graph == whole.graph
    # cut to him alone: his three most frequent coauthors (4, 4 and 3 joint papers), with
    # their counts read from the saved arrays
    cut = N.saved_cut(seed_ws, counting="full", max_authors=100, size_by="pagerank", max_nodes=1)
    assert dict(cut.graph["author-maxim-naumov"]) == {
        "author-jongsoo-park": {"count": 4, "weight": 4},
        "author-dheevatsa-mudigere": {"count": 4, "weight": 4},
        "author-liang-luo": {"count": 3, "weight": 3}}


def test_saved_cut_without_saved_link_years(seed_ws_copy):
    """Arrays saved before the links' years were (older workspaces): the cut builds the links
    among its authors from the corpus instead; the same page."""
    import numpy as np

    from graphkit.rdf.store import Workspace
    ws = Workspace.open(seed_ws_copy)
    path = ws.coauthor_arrays()
    with np.load(path) as data:
        kept = {k: data[k] for k in data.files if k not in ("edge_years", "edge_years_end")}
    with open(path, "wb") as fh:
        np.savez(fh, **kept)
    corpus = ws.corpus()
    cut = N.saved_cut(ws, counting="full", max_authors=100, size_by="pagerank", max_nodes=10)
    some = next(d for u, v, d in cut.graph.edges(data=True) if {u, v} <= set(cut.order))
    assert "papers" in some and "years" not in some
    assert N.page_html(N.build_view(corpus, "coauthors", max_nodes=10, graph=cut)) == \
        N.page_html(N.build_view(corpus, "coauthors", max_nodes=10, graph=ws.coauthor_graph()))


def test_report_from_the_saved_arrays_is_the_same_page(seed_ws, monkeypatch):
    """A report whose view keeps few enough authors takes the view's cut and the graph's
    figures (links, groups, degrees) from the arrays saved with the graph instead of reading
    the graph: the same page."""
    from graphkit.viz import report as R
    assert R._saved_graph_facts(seed_ws, 10) is None  # 10 of 45 authors: over 1 in 20
    whole = R.report_html(seed_ws, max_nodes=10)
    monkeypatch.setattr(N, "SAVED_CUT_SHARE", 1.0)
    cut, links, comps, meta, nodes, degree = R._saved_graph_facts(seed_ws, 10)
    g = seed_ws.coauthor_graph()
    assert links == g.number_of_edges() == 87 and comps == [45]  # everyone is linked to Naumov
    assert degree("author-maxim-naumov") == 44 and len(nodes) == 45
    assert meta["max_authors"] == 100 and meta["excluded_papers"] == []
    assert R.report_html(seed_ws, max_nodes=10) == whole


def test_saved_ego_gives_the_same_page_as_the_whole_graph(seed_ws):
    """An ego view built from the arrays saved with the graph (``saved_ego``: the people within
    DEPTH links and their links) is the page the whole saved graph gives."""
    corpus = seed_ws.corpus()
    whole = seed_ws.coauthor_graph()
    ego = N.saved_ego(seed_ws, "Liang Luo", 1, max_authors=100)
    assert ego.centre == "author-liang-luo"
    near = set(whole["author-liang-luo"]) | {"author-liang-luo"}
    assert {n for n in ego.graph if ego.graph.nodes[n]} == near  # (others: top-coauthor candidates)
    for author, depth in (("Liang Luo", 1), ("Liang Luo", 2), ("Maxim Naumov", 1), ("author-udit-gupta", 2)):
        saved = N.saved_ego(seed_ws, author, depth, max_authors=100)
        fast = N.page_html(N.build_view(corpus, "ego", author=author, depth=depth, graph=saved))
        slow = N.page_html(N.build_view(corpus, "ego", author=author, depth=depth, graph=whole))
        assert fast == slow
    # made for one centre and depth: another ego view builds its own graph
    saved = N.saved_ego(seed_ws, "Liang Luo", 1, max_authors=100)
    assert N.page_html(N.build_view(corpus, "ego", author="Liang Luo", depth=2, graph=saved)) == \
        N.page_html(N.build_view(corpus, "ego", author="Liang Luo", depth=2, graph=whole))
    assert N.saved_ego(seed_ws, "Nobody Atall", 1, max_authors=100) is None


def test_pages_get_the_mode_of_any_new_file(seed_ws_path, tmp_path):
    import os
    import stat
    old = os.umask(0o022)
    try:
        out, rep = tmp_path / "v.html", tmp_path / "r.html"
        assert run("viz", "coauthors", "--kg", seed_ws_path, "-o", out).exit_code == 0
        assert run("report", "--kg", seed_ws_path, "-o", rep).exit_code == 0
        assert [stat.S_IMODE(p.stat().st_mode) for p in (out, rep)] == [0o644, 0o644]  # not 0600
        out.chmod(0o640)  # a page written again keeps the mode it was given
        assert run("viz", "coauthors", "--kg", seed_ws_path, "-o", out).exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
    finally:
        os.umask(old)


@pytest.mark.parametrize("measure", ["pagerank", "betweenness"])
def test_tooltip_ranks_share_ties_as_the_cli_does(seed_corpus, measure):
    """The pages numbered tied nodes one after another (betweenness 0 "rank 12" where the CLI
    says 8, shared by 37 authors); now every node's rank is the CLI's."""
    pytest.importorskip("graphkit.analysis.centrality")
    from graphkit.analysis.centrality import centrality
    from graphkit.graph import coauthor_graph
    want = {r["key"]: r["rank"] for r in centrality(coauthor_graph(seed_corpus), measure=measure)}
    v = N.build_view(seed_corpus, "coauthors", size_by=measure)
    got = {n["id"]: int(re.search(r"\(rank (\d+)\)", rows(n["t"])["Size"]).group(1)) for n in v.nodes}
    assert got == want
    assert len(set(got.values())) < len(got)  # (the seed has ties)


def test_report_top_authors_keep_four_significant_digits_and_share_ties(seed_corpus):
    from graphkit.viz.report import top_authors
    g = coauthor_graph(seed_corpus)
    keys = sorted(g)[:4]
    scores = {keys[0]: 0.000908123, keys[1]: 0.000665, keys[2]: 0.000665, keys[3]: 0.0000123}
    rows = top_authors(g.subgraph(keys), scores, seed_corpus, n=4)
    assert [(r["rank"], r["pagerank"]) for r in rows] == [
        (1, "0.0009081"), (2, "0.000665"), (2, "0.000665"), (4, "1.23e-05")]


def test_the_legend_says_when_communities_are_those_of_the_drawn_nodes(seed_corpus):
    """A cut view partitions the nodes it draws (its numbers are not graphkit communities')."""
    whole = N.build_view(seed_corpus, "coauthors")
    cut = N.build_view(seed_corpus, "coauthors", max_nodes=10)
    assert "Colour: community (Leiden, seed 0)" in whole.encodings
    assert ("Colour: community (Leiden, seed 0) of the drawn nodes (graphkit communities "
            "partitions the whole graph)") in cut.encodings


def test_report_lists_the_warnings_it_counts_and_the_people_notes_as_one_line(seed_ws, seed_corpus):
    """The seed's summary said 1 warning and the list showed 2 (the second a merge note); on
    arXiv 1,725 notes on shared names made the page 7,700 px tall."""
    from graphkit.viz.report import report_html
    page = report_html(seed_ws)
    warned = [i for i in seed_corpus.issues if i.kind in ("warning", "skipped")]
    notes = [i for i in seed_corpus.issues if i.kind not in ("warning", "skipped")]
    assert len(warned) == 1 and len(notes) >= 1
    block = page.split("<h3>Warnings and skipped records</h3>")[1].split("</ul>")[0]
    assert block.count("<li>") == 1
    assert f"{len(notes)} notes on people (merged name variants, names shared by people kept apart): " \
           "graphkit identities." in page


def test_an_empty_year_selection_is_said_to_be_one(seed_ws_path, tmp_path):
    r = run("viz", "coauthors", "--kg", seed_ws_path, "--from", "2100", "-o", tmp_path / "x.html")
    assert r.exit_code == 1 and "Error: nothing to show: no papers from 2100 on" in r.stderr
    assert not (tmp_path / "x.html").exists()


def test_topic_tooltips_count_a_topics_own_papers_as_graphkit_topics_does(seed_corpus):
    """"recommendation" said 11 papers (its narrower topics' too) where info and topics say 6."""
    from graphkit.analysis import topics as T
    own = {r["topic"]: r["papers"] for r in T.topic_counts(seed_corpus)}
    v = N.build_view(seed_corpus, "topics")
    tips = {n["id"]: rows(n["t"]) for n in v.nodes}
    assert tips["topic-phrase-recommend"]["Papers"] == "6" == str(own["topic-phrase-recommend"])
    assert tips["topic-phrase-recommend"]["With narrower topics"] == "11"
    assert all(t["Papers"] == str(own[k]) for k, t in tips.items() if k in own)


def test_the_knowledge_view_says_which_topics_no_paper_is_about(seed_corpus):
    """It said 65 topics where info says 62: three broader topics ("Computer Science", ...)."""
    v = N.build_view(seed_corpus, "knowledge")
    assert v.subtitle.startswith("45 authors, 25 papers, 65 topics")
    assert len(seed_corpus.topics) - 3 == len({pt.topic for pt in seed_corpus.paper_topics})
    assert "3 of the 65 topics are broader topics no paper is directly about (e.g. an arXiv archive " \
           "above its categories)." in v.notes
