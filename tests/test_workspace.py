"""The workspace: resolved corpus, RDF of record, transactions, re-ingest, provenance."""
from __future__ import annotations

import pickle
import shutil

import pytest

from graphkit import ids as K
from graphkit.errors import InputError
from graphkit.rdf.read import corpus_from_store
from graphkit.rdf.store import Workspace
from graphkit.sources import ReadContext

from .conftest import AS_OF, FIXTURES, SEED

NAUMOV = "author-maxim-naumov"


def test_seed_corpus_facts(seed_corpus):
    c = seed_corpus
    assert len(c.papers) == 25
    assert all(NAUMOV in {s.author for s in ships} for ships in c.by_paper().values())
    used_topics = {pt.topic for pt in c.paper_topics if c.topics[pt.topic].scheme == "arxiv"}
    assert sorted(c.topics[t].code for t in used_topics) == ["cs.AI", "cs.AR", "cs.CV", "cs.DC", "cs.IR", "cs.LG"]
    assert c.topics["topic-arxiv-cs.lg"].broader == "topic-arxiv-cs"
    llama = next(p for p in c.papers.values() if p.title == "The Llama 3 Herd of Models")
    assert sorted(c.institutions[i].name for p, i in c.paper_institutions if p == llama.key) == ["allen-ai", "berkeley"]
    assert not llama.authors_complete
    owner = c.authors[NAUMOV]
    assert dict(owner.attributes)["h_index"] == 25 and dict(owner.attributes)["citations"] == 18245
    assert sorted(p.date for p in c.papers.values() if p.date_inferred) == ["2026-01-30", "2026-05-11"]
    # paper 12 in file order: Zhaoxia Deng, Jongsoo Park, then the owner at an unknown position
    p12 = next(p for p in c.papers.values() if p.title.startswith("Low-Precision Hardware"))
    assert [(s.name, s.position) for s in c.authors_of(p12.key)] == [
        ("Zhaoxia Deng", 1), ("Jongsoo Park", 2), ("Maxim Naumov", None)]


def test_store_holds_the_same_corpus(seed_ws):
    c = seed_ws.corpus()
    again = corpus_from_store(seed_ws.query, issues=c.issues)
    assert again == c


def test_sparql_sees_ordered_authorship_and_years(seed_ws):
    q = """PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX pro: <http://purl.org/spar/pro/>
    PREFIX gk: <https://w3id.org/graphkit/ontology#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
    SELECT ?t ?name WHERE { ?p dcterms:title ?t . ?r pro:relatesToDocument ?p ; pro:isHeldBy ?a ;
      gk:authorPosition ?pos . ?a foaf:name ?name } ORDER BY ?pos"""
    import pyoxigraph as ox
    rows = [s["name"].value for s in seed_ws.query(q, substitutions={"t": ox.Literal("Bandana: Using Non-volatile Memory for Storing Deep Learning Models")})]
    assert rows == ["Assaf Eisenman", "Maxim Naumov", "Darryl Gardner"]
    years = seed_ws.query("""PREFIX fabio: <http://purl.org/spar/fabio/>
        SELECT ?y (COUNT(?p) AS ?n) WHERE { ?p fabio:hasPublicationYear ?y } GROUP BY ?y ORDER BY DESC(?n) LIMIT 1""")
    top = next(iter(years))
    assert (top["y"].value, int(top["n"].value)) == ("2019", 6)


def test_provenance_graph_per_source(seed_ws):
    rows = list(seed_ws.query("""PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX gk: <https://w3id.org/graphkit/ontology#>
        SELECT ?g ?line WHERE { GRAPH ?g { ?p prov:wasDerivedFrom ?g ; gk:sourceLine ?line } }"""))
    assert len(rows) == 25
    assert sorted(int(r["line"].value) for r in rows)[:3] == [12, 19, 26]
    assert len({r["g"].value for r in rows}) == 1


def test_reingest_same_file_changes_nothing(seed_ws_copy):
    ws = Workspace.open(seed_ws_copy)
    gen = ws.manifest["generation"]
    before = sorted(map(str, ws.store()))
    ws.close()
    summary = ws.ingest([str(SEED)], ctx=ReadContext(as_of=AS_OF))
    assert not summary["changed"] and summary["files"][0]["status"] == "unchanged"
    assert ws.manifest["generation"] == gen
    assert sorted(map(str, ws.store())) == before


SECOND = """Ritchie Zhao

LG
h-index10

2 Papers

LGFeb 16, 2023
With Shared Microexponents, A Little Shifting Goes a Long Way

Bita Rouhani, Ritchie Zhao, Venmugil Elango, Maxim Naumov

Abstract as seen from the second profile.

ARMar 5, 2020Code
A Paper Only On The Second Profile

Ritchie Zhao, Ann Other

Another abstract.
"""


def test_same_paper_on_two_profiles_is_one_paper_with_the_union(seed_ws_copy, tmp_path):
    p = tmp_path / "ritchie-zhao.txt"
    p.write_text(SECOND, encoding="utf-8")
    ws = Workspace.open(seed_ws_copy)
    summary = ws.ingest([str(p)], ctx=ReadContext(as_of=AS_OF))
    assert summary["added"]["papers"] == 1 and summary["added"]["authors"] == 1  # Ann Other
    c = ws.corpus()
    assert len(c.papers) == 26
    mx = next(x for x in c.papers.values() if x.title.startswith("With Shared Microexponents"))
    # the complete list of the second profile gives the owner of the first one a position
    assert [(s.name, s.position) for s in c.authors_of(mx.key)] == [
        ("Bita Rouhani", 1), ("Ritchie Zhao", 2), ("Venmugil Elango", 3), ("Maxim Naumov", 4)]
    assert mx.authors_complete
    assert sorted(f.rsplit("/", 1)[-1] for f, _ in mx.sources) == ["maxim-naumov.txt", "ritchie-zhao.txt"]
    assert dict(c.authors["author-ritchie-zhao"].attributes)["h_index"] == 10
    graphs = {r["g"].value for r in ws.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?g } }")}
    assert len(graphs) == 2


def test_failed_ingest_leaves_the_workspace_as_it_was(seed_ws_copy, tmp_path, monkeypatch):
    ws = Workspace.open(seed_ws_copy)
    before = sorted(map(str, ws.store()))
    gen = ws.manifest["generation"]
    ws.close()
    bad = tmp_path / "bad.txt"
    bad.write_text(SEED.read_text(encoding="utf-8").replace("LGOct 16, 2023", "LGFoo 99, 2024"), encoding="utf-8")
    with pytest.raises(InputError):
        ws.ingest([str(bad)], ctx=ReadContext(as_of=AS_OF, strict=True))
    # a crash while the new generation is being written (fault injected into the RDF writer)
    from graphkit.rdf import convert

    orig = convert.triples

    def exploding(corpus):
        for i, line in enumerate(orig(corpus)):
            if i == 100:
                raise RuntimeError("disk on fire")
            yield line
    good = tmp_path / "second.txt"
    good.write_text(SECOND, encoding="utf-8")
    monkeypatch.setattr(convert, "triples", exploding)
    with pytest.raises(RuntimeError):
        ws.ingest([str(good)], ctx=ReadContext(as_of=AS_OF))
    monkeypatch.undo()
    ws = Workspace.open(seed_ws_copy)
    assert ws.manifest["generation"] == gen
    assert sorted(map(str, ws.store())) == before
    assert not list(seed_ws_copy.glob(".tmp-*"))
    assert sorted(p.name for p in seed_ws_copy.glob("gen-*")) == [f"gen-{gen:06d}"]


def test_killed_ingest_leftovers_are_ignored_and_cleaned(seed_ws_copy, tmp_path):
    # a killed ingest leaves a half-written temporary generation; the live one is untouched
    ws = Workspace.open(seed_ws_copy)
    shutil.copytree(ws.generation, seed_ws_copy / ".tmp-killed")
    (seed_ws_copy / ".tmp-killed" / "manifest.json").write_text("{half")
    assert len(ws.corpus().papers) == 25
    good = tmp_path / "second.txt"
    good.write_text(SECOND, encoding="utf-8")
    ws.ingest([str(good)], ctx=ReadContext(as_of=AS_OF))
    assert not (seed_ws_copy / ".tmp-killed").exists()
    assert len(Workspace.open(seed_ws_copy).corpus().papers) == 26


def test_a_long_lived_workspace_object_follows_the_live_generation(seed_ws_copy, tmp_path):
    """Another Workspace object (another process) ingests: this one's queries read the new
    generation as its corpus() does (its store stayed on the old one: 25 papers by SPARQL,
    26 in the corpus)."""
    reader = Workspace.open(seed_ws_copy)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://schema.org/ScholarlyArticle> }"
    assert int(next(iter(reader.query(count)))["n"].value) == len(reader.corpus().papers) == 25
    good = tmp_path / "second.txt"
    good.write_text(SECOND, encoding="utf-8")
    Workspace.open(seed_ws_copy).ingest([str(good)], ctx=ReadContext(as_of=AS_OF))
    assert int(next(iter(reader.query(count)))["n"].value) == len(reader.corpus().papers) == 26


def test_corpus_cache_is_rebuilt_from_the_store_when_missing(seed_ws_copy):
    ws = Workspace.open(seed_ws_copy)
    cached = ws.corpus()
    (ws.generation / "corpus.pickle").unlink()
    fresh = Workspace.open(seed_ws_copy).corpus()
    assert fresh.papers == cached.papers and fresh.authorships == cached.authorships


def test_keys_are_node_ids_and_iri_segments(seed_ws):
    c = seed_ws.corpus()
    subjects = {r["s"].value for r in seed_ws.query(
        "SELECT DISTINCT ?s WHERE { ?s a <http://xmlns.com/foaf/0.1/Person> }")}
    assert subjects == {K.iri(k) for k in c.authors}
    assert all(k.startswith("author-") for k in c.authors)
    assert pickle.loads(pickle.dumps(c)) == c


def test_coauthor_graph_is_saved_with_each_generation(seed_ws_copy):
    """The ingest saves the default coauthor graph with the generation; reading it gives the
    graph built from the corpus (nodes, edges, attributes and order); other settings are built
    and nothing is written; a damaged file is ignored; a rebuild saves a new one."""
    from graphkit.graph import coauthor_graph
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(seed_ws_copy)
    saved = list((ws.generation / "graphs").glob("*.pickle"))
    assert [p.name.split("-nx")[0] for p in saved] == ["coauthor-full-100"]
    built = coauthor_graph(ws.corpus())
    read = Workspace.open(seed_ws_copy).coauthor_graph()
    assert list(read.nodes(data=True)) == list(built.nodes(data=True))
    assert list(read.edges(data=True)) == list(built.edges(data=True))
    assert read.graph == built.graph
    assert read.number_of_nodes() == 45 and read.degree("author-maxim-naumov") == 44
    frac = ws.coauthor_graph(counting="fractional", max_authors=None)
    assert frac.graph["counting"] == "fractional" and frac.graph["max_authors"] is None
    assert list((ws.generation / "graphs").glob("*.pickle")) == saved  # nothing written
    saved[0].write_bytes(b"not a pickle")
    assert list(Workspace.open(seed_ws_copy).coauthor_graph().edges(data=True)) == list(built.edges(data=True))
    ws.rebuild()
    assert [p.name.split("-nx")[0] for p in (ws.generation / "graphs").glob("*.pickle")] == ["coauthor-full-100"]


def test_saved_graph_comes_with_its_igraph_edge_arrays(seed_ws_copy):
    """The ingest also saves the edge arrays igraph is built from; the graph read back reads
    them instead of walking its adjacency: same nodes, edges (in order) and weights, same
    PageRank; a graph changed after reading is walked again (its counts differ)."""
    from graphkit.analysis import centrality as C
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(seed_ws_copy)
    graphs = ws.generation / "graphs"
    assert sorted(p.name.split("-nx")[0] for p in graphs.iterdir()) == ["coauthor-full-100"] * 2
    g = ws.coauthor_graph(arrays=True)
    assert g in C._ARRAYS and C._ARRAYS[g].endswith("-edges.npz")
    nodes, h = C.to_igraph(g, "weight")
    walked_edges, walked_w = C._edge_arrays(g, nodes, "weight")
    assert nodes == sorted(g) and len(nodes) == 45
    assert h.get_edgelist() == [(min(e), max(e)) for e in walked_edges] and h.es["w"] == walked_w
    _, h_walked = C.to_igraph(g.copy(), "weight")  # a copy has no arrays: walked
    assert h.get_edgelist() == h_walked.get_edgelist() and h.es["w"] == h_walked.es["w"]
    assert h.ecount() == g.number_of_edges() == len(walked_edges)
    pr_saved, _ = C.scores(g, measure="pagerank", engine="igraph")
    pr_walked, _ = C.scores(ws.coauthor_graph().copy(), measure="pagerank", engine="igraph")  # a copy: no arrays
    assert pr_saved == pr_walked
    g.add_edge("author-maxim-naumov", "someone-new", weight=3.0)
    nodes2, h2 = C.to_igraph(g, "weight")
    assert len(nodes2) == 46 and h2.ecount() == h.ecount() + 1 and 3.0 in h2.es["w"]


def test_saved_graph_comes_with_its_pagerank(seed_ws_copy):
    """The ingest saves the graph's PageRank (default settings) with its arrays; ``scores``
    reads it: the values of computing it, which a changed graph computes again."""
    import numpy as np
    from graphkit.analysis import centrality as C
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(seed_ws_copy)
    g = ws.coauthor_graph(arrays=True)
    computed, meta = C.scores(g.copy(), measure="pagerank")  # a copy: no arrays, computed
    saved = C._saved_scores(g, "pagerank")
    assert saved == (computed, meta["engine"]) and meta["engine"] == "networkx"
    assert C.scores(g, measure="pagerank")[0] == computed
    top = max(computed, key=computed.get)
    assert top == "author-maxim-naumov" and round(computed[top], 3) == 0.247
    # read, not recomputed: a saved file with other values gives those values
    path = C._ARRAYS[g]
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["score_pagerank"] = arrays["score_pagerank"] * 2
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)
    doubled = C.scores(g, measure="pagerank")[0]
    assert doubled == {n: 2 * v for n, v in computed.items()}
    # other settings, and a changed graph, compute it
    assert C.scores(g, measure="pagerank", weight=None)[0] != doubled
    assert C.scores(g, measure="pagerank", engine="igraph")[0] != doubled
    g.add_edge("author-maxim-naumov", "someone-new", weight=3.0)
    again = C.scores(g, measure="pagerank")[0]
    assert len(again) == 46 and again != doubled


def test_saved_graph_remembers_its_sorted_nodes_and_edge_count(seed_ws_copy):
    """The saved graph carries its sorted nodes and edge count (networkx's per-graph cache):
    read back, they are the graph's own; any change through networkx drops them."""
    from graphkit.analysis import centrality as C
    from graphkit.graph import EDGE_COUNT, edge_count
    from graphkit.rdf.store import Workspace
    g = Workspace.open(seed_ws_copy).coauthor_graph()
    assert g.__networkx_cache__[EDGE_COUNT] == 87 == g.number_of_edges() == edge_count(g)
    assert C.sorted_nodes(g) == sorted(g) and len(C.sorted_nodes(g)) == 45
    C.sorted_nodes(g).append("x")  # a copy each time
    assert len(C.sorted_nodes(g)) == 45
    g.add_edge("author-maxim-naumov", "author-zz-new")
    assert EDGE_COUNT not in g.__networkx_cache__ and C._SORTED_NODES not in g.__networkx_cache__
    assert edge_count(g) == 88 and C.sorted_nodes(g)[-1] == "author-zz-new" and len(C.sorted_nodes(g)) == 46


def test_abstracts_are_saved_apart_and_read_when_asked(tmp_path):
    """The corpus is saved without abstracts, which lie in abstracts.pickle: a corpus read
    without them has every abstract None and is otherwise the same; read with them (the
    default, or later), the abstracts are those of the store; a workspace saved before the
    split (no abstracts.pickle) reads whole either way; the CLI's views show abstracts in the
    knowledge view's paper tooltips."""
    import dataclasses
    import pickle

    from click.testing import CliRunner

    from graphkit.cli import cli
    from graphkit.rdf.read import corpus_from_store
    from graphkit.rdf.store import Workspace
    from .conftest import FIXTURES
    src = FIXTURES / "arxiv" / "arxiv-selected.jsonl"
    path = tmp_path / "abs.kg"
    Workspace(path).ingest([str(src)])
    ws = Workspace.open(path)
    assert sorted(p.name for p in ws.generation.glob("*.pickle")) == ["abstracts.pickle", "corpus.pickle"]
    light = ws.corpus(abstracts=False)
    # 15 records, 14 papers (1608.0842699999998 is 1608.08427 read as a float)
    assert len(light.papers) == 14 and all(p.abstract is None for p in light.papers.values())
    whole = ws.corpus()  # the default reads them now
    stored = corpus_from_store(ws.query)
    expected = {k: p.abstract for k, p in stored.papers.items()}
    assert sum(1 for a in expected.values() if a) == 14  # every selected record has one
    assert {k: p.abstract for k, p in whole.papers.items()} == expected
    assert expected["paper-arxiv-0704.0967"].startswith("MIMO technology is one of the most significant")
    assert {k: dataclasses.replace(p, abstract=None) for k, p in whole.papers.items()} == light.papers
    assert whole.authorships == light.authorships and whole.paper_topics == light.paper_topics
    # a workspace written before abstracts were kept apart
    with open(ws.generation / "corpus.pickle", "wb") as fh:
        pickle.dump(whole, fh)
    (ws.generation / "abstracts.pickle").unlink()
    old = Workspace.open(path).corpus(abstracts=False)
    assert {k: p.abstract for k, p in old.papers.items()} == expected
    # the CLI: the knowledge view shows an abstract, the coauthor view needs none
    Workspace(path).rebuild()
    out = tmp_path / "k.html"
    r = CliRunner().invoke(cli, ["viz", "knowledge", "--kg", str(path), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "MIMO technology is one of the most significant" in out.read_text(encoding="utf-8")
    # render (what `graphkit serve` calls) on a workspace opened without abstracts
    from graphkit.viz import network as N
    served = Workspace.open(path)
    served.read_abstracts = False
    assert all(p.abstract is None for p in served.corpus().papers.values())
    assert "MIMO technology is one of the most significant" in N.render(served, "knowledge", max_nodes=60)


def test_info_is_read_from_the_manifest(seed_ws_copy):
    """`graphkit info` reads what the ingest saved in the manifest (no corpus read): the same
    figures as computed from the corpus; a manifest without them computes them."""
    import json

    from graphkit.cli.info import workspace_info
    from graphkit.rdf.store import Workspace, corpus_counts, corpus_summary
    ws = Workspace.open(seed_ws_copy)
    saved = workspace_info(ws)
    assert ws._corpus is None  # read from the manifest only
    c = ws.corpus()
    assert saved["counts"] == json.loads(json.dumps(corpus_counts(c)))
    assert {k: saved[k] for k in ("years", "top_topics", "data_quality")} == corpus_summary(c)
    assert saved["counts"]["papers"] == 25 and saved["years"] == {"first": 2017, "last": 2026}
    assert saved["data_quality"]["incomplete_author_lists"] == 20
    path = ws.generation / "manifest.json"
    manifest = json.loads(path.read_text())
    del manifest["summary"]
    path.write_text(json.dumps(manifest))
    assert workspace_info(Workspace.open(seed_ws_copy)) == saved


GK_NS = "https://w3id.org/graphkit/ontology#"


def _count_of(ws, key: str, prop: str) -> int:
    import pyoxigraph as ox
    rows = list(ws.query(f"SELECT ?s ?n WHERE {{ ?s <{GK_NS}{prop}> ?n }}",
                         substitutions={"s": ox.NamedNode(K.iri(key))}))
    assert len(rows) == 1
    return int(rows[0]["n"].value)


def test_stored_paper_and_author_counts(seed_ws, seed_corpus):
    c = seed_corpus
    assert _count_of(seed_ws, NAUMOV, "paperCount") == 25
    assert _count_of(seed_ws, "author-jongsoo-park", "paperCount") == 4
    p12 = next(p for p in c.papers.values() if p.title.startswith("Low-Precision Hardware"))
    assert _count_of(seed_ws, p12.key, "authorCount") == 3  # Zhaoxia Deng, Jongsoo Park, the owner
    # "Aaron Grattafiori, Abhimanyu Dubey, Abhinav Jauhri et al." and the owner: 4 listed
    llama = next(p for p in c.papers.values() if p.title == "The Llama 3 Herd of Models")
    assert _count_of(seed_ws, llama.key, "authorCount") == 4
    # every stored count is the number of dcterms:creator statements it stands for
    creators = list(seed_ws.query("""PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?p ?a WHERE { ?p dcterms:creator ?a }"""))
    by_paper, by_author = {}, {}
    for r in creators:
        by_paper[r["p"].value] = by_paper.get(r["p"].value, 0) + 1
        by_author[r["a"].value] = by_author.get(r["a"].value, 0) + 1
    stored = {(r["s"].value, r["p"].value.rsplit("#", 1)[1]): int(r["n"].value) for r in seed_ws.query(
        f"SELECT ?s ?p ?n WHERE {{ VALUES ?p {{ <{GK_NS}paperCount> <{GK_NS}authorCount> }} ?s ?p ?n }}")}
    assert len(stored) == 25 + 45
    assert stored == {**{(s, "authorCount"): n for s, n in by_paper.items()},
                      **{(s, "paperCount"): n for s, n in by_author.items()}}


def test_stored_topic_counts(seed_ws):
    """Each topic carries its papers that list authors and their listed authors summed (what
    collaborative-topics reads), equal to what the subject and creator statements give."""
    import pyoxigraph as ox

    def counts(key):
        rows = list(seed_ws.query(
            f"SELECT ?t ?a ?s WHERE {{ ?t <{GK_NS}authoredPaperCount> ?a ; <{GK_NS}authorshipCount> ?s }}",
            substitutions={"t": ox.NamedNode(K.iri(key))}))
        assert len(rows) == 1
        return int(rows[0]["a"].value), int(rows[0]["s"].value)

    # three cs.DC papers, each with three coauthors listed and the owner
    assert counts("topic-arxiv-cs.dc") == (3, 12)
    assert counts("topic-arxiv-cs") == (0, 0)  # the archive: no paper has it as a subject
    derived = {r["t"].value: (int(r["a"].value), int(r["s"].value)) for r in seed_ws.query(
        f"""PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?t (COUNT(?p) AS ?a) (SUM(?n) AS ?s) WHERE {{
          ?p dcterms:subject ?t ; <{GK_NS}authorCount> ?n FILTER(?n > 0) }} GROUP BY ?t""")}
    stored = {r["t"].value: (int(r["a"].value), int(r["s"].value)) for r in seed_ws.query(
        f"SELECT ?t ?a ?s WHERE {{ ?t <{GK_NS}authoredPaperCount> ?a ; <{GK_NS}authorshipCount> ?s }}")}
    # 62 topics are subjects of papers; three more are only broader topics (cs, machine,
    # intelligence), with nothing to count
    assert len(stored) == 65 and len(derived) == 62
    assert {t: v for t, v in stored.items() if v != (0, 0)} == derived


def test_stored_topic_year_counts(seed_ws):
    """Each topic carries its papers per publication year (what topic-evolution reads), equal
    to what the subject and year statements give."""
    import pyoxigraph as ox
    q = f"SELECT ?t ?c ?y ?n WHERE {{ ?t <{GK_NS}yearCount> ?c . ?c <{GK_NS}year> ?y ; <{GK_NS}papersInYear> ?n }}"
    dc = K.iri("topic-arxiv-cs.dc")
    rows = seed_ws.query(q, substitutions={"t": ox.NamedNode(dc)})
    # cs.DC's three papers: 2019, 2021 and 2026; each year a node named by the topic and year
    assert sorted((r["c"].value, int(r["y"].value), int(r["n"].value)) for r in rows) == [
        (dc + "#2019", 2019, 1), (dc + "#2021", 2021, 1), (dc + "#2026", 2026, 1)]
    assert not list(seed_ws.query(q, substitutions={"t": ox.NamedNode(K.iri("topic-arxiv-cs"))}))
    stored = {(r["t"].value, int(r["y"].value)): int(r["n"].value) for r in seed_ws.query(q)}
    derived = {(r["t"].value, int(r["y"].value)): int(r["n"].value) for r in seed_ws.query(
        """PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX fabio: <http://purl.org/spar/fabio/>
        SELECT ?t ?y (COUNT(DISTINCT ?p) AS ?n) WHERE {
          ?p dcterms:subject ?t ; fabio:hasPublicationYear ?y } GROUP BY ?t ?y""")}
    assert len(stored) == 114 and stored == derived
    assert sum(n for (t, _), n in stored.items() if t == K.iri("topic-arxiv-cs.lg")) == 16


def test_every_own_term_is_declared(seed_corpus):
    """Each gk: predicate and class the knowledge graph uses is in ontology.ttl."""
    from pathlib import Path

    import rdflib

    import graphkit.rdf
    from graphkit.rdf.convert import triples
    onto = rdflib.Graph().parse(Path(graphkit.rdf.__file__).parent / "ontology.ttl")
    declared = {str(s) for s in onto.subjects() if str(s).startswith(GK_NS)}
    used = set()
    for line in triples(seed_corpus):
        used.update(t for t in line.replace("<", " <").split() if t.startswith(f"<{GK_NS}"))
    used = {t.strip("<>") for t in used}
    assert {GK_NS + "paperCount", GK_NS + "authorCount", GK_NS + "authorPosition",
            GK_NS + "authoredPaperCount", GK_NS + "authorshipCount", GK_NS + "yearCount",
            GK_NS + "year", GK_NS + "papersInYear"} <= used
    assert used - declared == set()


def test_older_workspace_format_asks_for_a_rewrite(seed_ws_copy):
    import json

    from click.testing import CliRunner

    from graphkit.cli import cli
    from graphkit.errors import WorkspaceError
    ws = Workspace.open(seed_ws_copy)
    gen = ws.generation
    m = json.loads((gen / "manifest.json").read_text())
    assert m["format_version"] == 5
    m["format_version"] = 4
    (gen / "manifest.json").write_text(json.dumps(m, indent=1))
    with pytest.raises(WorkspaceError, match=r"earlier graphkit \(workspace format 4; this one reads 5\)"):
        Workspace.open(seed_ws_copy)
    r = CliRunner().invoke(cli, ["query", "top-authors", "--kg", str(seed_ws_copy)])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert f"rewrite it from its stored records with 'graphkit rebuild --kg {seed_ws_copy}'" in r.output
    # ingesting the same file again rewrites it (an unchanged file would otherwise change nothing)
    r = CliRunner().invoke(cli, ["ingest", "--kg", str(seed_ws_copy), "--as-of", "2026-11-26", str(SEED)])
    assert r.exit_code == 0, r.output
    ws = Workspace.open(seed_ws_copy)
    assert ws.format_version == 5 and ws.manifest["generation"] == m["generation"] + 1
    assert _count_of(ws, NAUMOV, "paperCount") == 25


def test_rebuild_command_rewrites_from_stored_records(seed_ws_copy, tmp_path):
    import json

    from click.testing import CliRunner

    from graphkit.cli import cli
    ws = Workspace.open(seed_ws_copy)
    before = sorted(map(str, ws.store()))
    gen = ws.generation
    m = json.loads((gen / "manifest.json").read_text())
    m["format_version"] = 4
    (gen / "manifest.json").write_text(json.dumps(m, indent=1))
    ws.close()
    # the input file is not needed: the records come from the workspace
    r = CliRunner().invoke(cli, ["rebuild", "--kg", str(seed_ws_copy)])
    assert r.exit_code == 0, r.output
    assert r.stdout == (f"rebuilt {seed_ws_copy}: generation {m['generation'] + 1} (workspace format 4 -> 5)\n"
                        "workspace: 25 papers, 45 authors, 2 institutions, 62 topics\n")
    assert "rebuilding" in r.stderr and "stored records of 1 file" in r.stderr
    ws = Workspace.open(seed_ws_copy)
    assert ws.format_version == 5 and sorted(map(str, ws.store())) == before  # the same graph
    r = CliRunner().invoke(cli, ["rebuild", "--kg", str(tmp_path / "none.kg")])
    assert r.exit_code == 1 and "no workspace at" in r.output and not (tmp_path / "none.kg").exists()



def test_the_graph_read_back_carries_saved_results_only_when_asked(seed_ws_copy):
    """A graph from ws.coauthor_graph() is the user's to change: reweighted in place (the
    counts unchanged), its PageRank is computed, not the one saved for the graph before; with
    arrays=True (for a graph not to be changed) the saved one is read."""
    from graphkit.analysis import centrality as C
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(seed_ws_copy)
    g = ws.coauthor_graph()
    assert g not in C._ARRAYS
    before = C.scores(g, measure="pagerank")[0]
    for u, v, d in g.edges(data=True):
        d["weight"] = 1.0 if u < v else 7.0
    after = C.scores(g, measure="pagerank")[0]
    import networkx as nx
    assert after == C.scores(nx.Graph(g), measure="pagerank")[0] and after != before
    fast = ws.coauthor_graph(arrays=True)
    assert fast in C._ARRAYS and C.scores(fast, measure="pagerank")[0] == before


COUNT_PAPERS = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://schema.org/ScholarlyArticle> }"


def _papers(ws) -> int:
    return int(list(ws.query(COUNT_PAPERS))[0]["n"].value)


def test_saving_an_analysis_releases_the_write_handle(seed_ws_copy):
    """save_analysis left the store open read-write: another Workspace (or process) could not
    save, the object kept reading the generation it had written to after another ingest, and
    close() raised FileNotFoundError once that generation was gone."""
    import datetime as _dt
    from graphkit.analysis.centrality import centrality, save_analysis
    now = _dt.datetime(2026, 11, 28, tzinfo=_dt.timezone.utc).isoformat()
    ws = Workspace.open(seed_ws_copy)
    rows = centrality(ws.coauthor_graph(), measure="degree", top=3)
    args = dict(measure="degree", title="Degree", parameters={}, started=now, ended=now,
                results=[(r["key"], r["score"], r["rank"], None) for r in rows])
    save_analysis(ws, "centrality-degree-coauthor", **args)
    other = Workspace.open(seed_ws_copy)
    save_analysis(other, "centrality-degree-coauthor", **args)  # (was: lock held by this process)
    assert _papers(ws) == 25
    other.ingest([str(FIXTURES / "ris" / "rispy-example_extraneous_data.ris")], ctx=ReadContext(as_of=AS_OF))
    assert _papers(other) == 27 and _papers(ws) == 27 == len(ws.corpus().papers)
    save_analysis(ws, "centrality-degree-coauthor", **args)
    ws.close()
    other.close()


def test_one_workspace_object_used_from_two_threads(tmp_path):
    """A thread reading through the object while it ingests got AttributeError ('NoneType'
    object has no attribute 'query') about one run in two."""
    import threading
    ws = Workspace(tmp_path / "t.kg")
    ws.ingest([str(SEED)], ctx=ReadContext(as_of=AS_OF))
    errors, reads, stop = [], [0], threading.Event()

    def read():
        while not stop.is_set():
            try:
                assert _papers(ws) in (25, 27, 28, 30) and len(ws.corpus().papers) >= 25
                reads[0] += 1
            except Exception as exc:  # (collected: the test fails below, naming it)
                errors.append(repr(exc))
    t = threading.Thread(target=read)
    t.start()
    try:
        for name in ("rispy-example_extraneous_data.ris", "rispy-example_multiline.ris"):
            ws.ingest([str(FIXTURES / "ris" / name)], ctx=ReadContext(as_of=AS_OF))
    finally:
        stop.set()
        t.join()
    assert errors == [] and reads[0] > 0


def test_ingest_takes_one_path_as_well_as_a_list(tmp_path):
    """ws.ingest("file.bib") read the string letter by letter ("/: not a regular file")."""
    ws = Workspace(tmp_path / "one.kg")
    summary = ws.ingest(str(SEED), ctx=ReadContext(as_of=AS_OF))
    assert summary["totals"]["papers"] == 25
    assert Workspace(tmp_path / "two.kg").ingest(SEED, ctx=ReadContext(as_of=AS_OF))["totals"]["papers"] == 25
    with pytest.raises(TypeError, match="ctx must be a graphkit.sources.ReadContext, not dict"):
        ws.ingest([str(SEED)], ctx={"as_of": AS_OF})
