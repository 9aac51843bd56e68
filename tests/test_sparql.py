"""The SPARQL query library, parameter binding and the `queries` / `query` commands, on the
seed workspace (real Oxigraph store). Expected values are read off the seed profile
(data/profiles/maxim-naumov.txt) or recomputed from the resolved corpus in Python."""
from __future__ import annotations

import json
import re
from collections import Counter

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.errors import AmbiguousError, NotFoundError, QueryError
from graphkit.rdf import queries as Q
from graphkit.rdf.vocab import ANALYSIS, GK, PROV, RDF, XSD

MAXIM = "https://w3id.org/graphkit/id/author-maxim-naumov"
JONGSOO = "https://w3id.org/graphkit/id/author-jongsoo-park"
EVIL = 'x" } ; DROP ALL ; #'


def invoke(*args):
    r = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    r.out = r.stdout  # data only (notes go to stderr)
    return r


def select(ws, name, **params):
    return Q.run_library_query(ws, name, params)


# ----------------------------------------------------------------------------- the library
def test_library_has_at_least_14_documented_queries():
    lib = Q.load_library()
    assert len(lib) >= 14
    for name, q in lib.items():
        assert q.title and q.title != name, name
        assert len(q.description) > 20, name
        assert q.form in Q.FORMS, name
        for p in q.params:
            assert p.type in Q.PARAM_TYPES, (name, p)
            assert re.search(r"[?$]" + p.name + r"\b", q.text) or p.type == "limit", (name, p.name)
    for needed in ("author-profile", "coauthors", "paper-authors", "topic-papers", "topic-evolution",
                   "top-authors", "top-institutions", "institution-pairs", "shared-papers",
                   "bridging-authors", "papers-with-code", "data-quality", "papers-in-years",
                   "collaborative-topics"):
        assert needed in lib


def test_every_library_query_runs_on_the_seed(seed_ws):
    for name, q in Q.load_library().items():
        res = Q.run(seed_ws, q)
        assert res.form in ("select", "ask", "graph"), name
        if name != "bridging-authors":  # needs saved analysis results
            assert len(res) > 0, name


def test_header_parsing():
    q = Q.parse_query_text('# title: T\n# description: one\n# description: two\n'
                           '# param: ?who author "Ada Lovelace"\n# param: $n limit 5\n# param: ?s string\n'
                           'SELECT * WHERE { ?who ?p ?s }', "t")
    assert (q.title, q.description) == ("T", "one two")
    assert q.params == (Q.Param("who", "author", "Ada Lovelace"), Q.Param("n", "limit", "5"),
                        Q.Param("s", "string", None))
    with pytest.raises(QueryError, match="unknown param type 'person'"):
        Q.parse_query_text("# param: ?x person\nSELECT * {}", "bad", "bad.rq")


def test_unknown_query_name_lists_the_library():
    with pytest.raises(NotFoundError) as e:
        Q.get_query("coauthor")
    assert "coauthors" in str(e.value) and "top-authors" in str(e.value)


# ----------------------------------------------------------------------------- answers on the seed
def test_coauthors_of_jongsoo_park(seed_ws, seed_corpus):
    rows = select(seed_ws, "coauthors", author="Jongsoo Park")
    joint = Counter()
    for paper, ships in seed_corpus.by_paper().items():
        keys = {a.author for a in ships}
        if "author-jongsoo-park" in keys:
            joint.update(keys - {"author-jongsoo-park"})
    assert {r["coauthor"].rsplit("/", 1)[1]: r["joint_papers"] for r in rows} == dict(joint)
    assert rows[0] == {"coauthor": MAXIM, "name": "Maxim Naumov", "joint_papers": 4,
                       "first_year": 2018, "last_year": 2021}


def test_author_list_is_ordered_by_position(seed_ws):
    rows = select(seed_ws, "paper-authors", paper="The Llama 3 Herd of Models")
    assert [(r["position"], r["name"]) for r in rows] == [
        (1, "Aaron Grattafiori"), (2, "Abhimanyu Dubey"), (3, "Abhinav Jauhri"), (None, "Maxim Naumov")]
    assert {r["list_complete"] for r in rows} == {False}


def test_author_profile(seed_ws):
    rows = select(seed_ws, "author-profile", author="maxim NAUMOV")  # case folded
    assert {(r["papers"], r["first_year"], r["last_year"]) for r in rows} == {(25, 2017, 2026)}
    by_code = {r["code"]: r["topic_papers"] for r in rows}
    assert by_code["cs.LG"] == 16 and by_code["cs.DC"] == 3 and by_code["cs.IR"] == 3
    assert rows[0]["coauthors"] == 44  # every other author of the seed


def test_topics(seed_ws, seed_corpus):
    lg = select(seed_ws, "topic-papers", topic="cs.LG")
    assert len(lg) == 16 and lg[0]["year"] >= lg[-1]["year"]
    arxiv_papers = {pt.paper for pt in seed_corpus.paper_topics if pt.topic.startswith("topic-arxiv-")}
    assert len(select(seed_ws, "topic-papers", topic="Computer Science")) == len(arxiv_papers) == 25
    evo = select(seed_ws, "topic-evolution", scheme="arxiv")
    assert sum(r["papers"] for r in evo if r["code"] == "cs.LG") == 16
    assert [(r["year"], r["papers"]) for r in evo if r["code"] == "cs.IR"] == [(2019, 1), (2020, 1), (2022, 1)]
    assert len(evo) == 16 and len(select(seed_ws, "topic-evolution")) == 114  # 98 rows of phrases


def test_top_authors_and_limit(seed_ws):
    rows = select(seed_ws, "top-authors", limit="3")
    assert len(rows) == 3
    assert rows[0] == {"author": MAXIM, "name": "Maxim Naumov", "papers": 25}
    # two authors have 4 papers (Dheevatsa Mudigere, Jongsoo Park): ties are ordered by name
    assert [(r["name"], r["papers"]) for r in rows[1:]] == [("Dheevatsa Mudigere", 4), ("Jongsoo Park", 4)]
    assert [r["name"] for r in select(seed_ws, "top-authors", limit="2")] == ["Maxim Naumov", "Dheevatsa Mudigere"]


def test_institutions(seed_ws):
    # "· allen-ai, berkeley" on the Llama 3 paper: two institutions, one shared paper
    assert [(r["name"], r["papers"]) for r in select(seed_ws, "top-institutions")] == [("allen-ai", 1), ("berkeley", 1)]
    assert [(r["name1"], r["name2"], r["papers"]) for r in select(seed_ws, "institution-pairs")] == [
        ("allen-ai", "berkeley", 1)]


def test_shared_papers_and_ask(seed_ws):
    rows = select(seed_ws, "shared-papers", author1="Maxim Naumov", author2="Jongsoo Park")
    assert [r["year"] for r in rows] == [2021, 2019, 2018, 2018]
    assert {(r["position1"], r["position2"]) for r in rows if r["year"] == 2019} == {(3, 2)}
    assert select(seed_ws, "are-coauthors", author1="Jongsoo Park", author2="Maxim Naumov") is True
    assert select(seed_ws, "are-coauthors", author1="Jongsoo Park", author2="Aaron Grattafiori") is False


def test_papers_with_code_and_years(seed_ws, seed_corpus):
    assert [(r["year"], r["first_author"]) for r in select(seed_ws, "papers-with-code")] == [(2019, "Udit Gupta")]
    rows = select(seed_ws, "papers-in-years", **{"from": "2019", "to": "2021"})
    expected = sorted((p.year, p.title) for p in seed_corpus.papers.values() if 2019 <= p.year <= 2021)
    assert [(r["year"], r["title"]) for r in rows] == expected


def test_data_quality_matches_info(seed_ws):
    from graphkit.cli.info import workspace_info
    dq = workspace_info(seed_ws)["data_quality"]
    counts = {r["issue"]: r["count"] for r in select(seed_ws, "data-quality")}
    assert counts.get("incomplete author list", 0) == dq["incomplete_author_lists"] == 20
    assert counts.get("inferred date", 0) == dq["inferred_dates"] == 2
    assert counts.get("unknown author position", 0) == dq["unknown_author_positions"]
    assert counts.get("author identified by name only", 0) == dq["authors_identified_by_name_only"]
    assert counts.get("ambiguous name", 0) == dq["ambiguous_names"]
    details = select(seed_ws, "data-quality-details", issue="inferred date")
    assert len(details) == 2 and all(re.fullmatch(r"\d{4}-\d\d-\d\d", r["detail"]) for r in details)
    everything = select(seed_ws, "data-quality-details", limit="100000")
    assert Counter(r["issue"] for r in everything) == {k: v for k, v in counts.items() if v}
    # authorships without a position (13 on the seed): the author's name and the paper's title
    unplaced = [r for r in everything if r["issue"] == "unknown author position"]
    corpus = seed_ws.corpus()
    expected = sorted((corpus.authors[s.author].name, corpus.papers[s.paper].title)
                      for s in corpus.authorships if s.position is None)
    assert len(expected) == 13
    assert [(r["label"], r["detail"]) for r in unplaced] == expected


def test_papers_without_year_listed(tmp_path):
    from graphkit.rdf.store import Workspace
    bib = tmp_path / "years.bib"
    bib.write_text("@article{a, title={No Year Here}, author={Doe, Jane and Roe, Rick}, journal={J}}\n"
                   "@article{b, title={Dated}, author={Doe, Jane}, year={2020}, journal={J}}\n", encoding="utf-8")
    ws = Workspace(tmp_path / "years.kg")
    ws.ingest([str(bib)])
    counts = {r["issue"]: r["count"] for r in select(ws, "data-quality")}
    assert counts["paper without year"] == 1
    rows = select(ws, "data-quality-details", issue="paper without year")
    assert [r["label"] for r in rows] == ["No Year Here"]
    ws.close()


def test_collaborative_topics(seed_ws, seed_corpus):
    rows = select(seed_ws, "collaborative-topics", min_papers="3", limit="50")
    # 17 topics have at least 3 papers; cs.DC's three papers each list three coauthors and the
    # owner; cs.LG's 16 papers list 48
    assert len(rows) == 17
    assert [(r["code"], r["papers"], r["mean_team_size"]) for r in rows[:2]] == [
        ("cs.DC", 3, 4.0), ("large scale", 4, 3.75)]
    assert next((r["papers"], r["mean_team_size"]) for r in rows if r["code"] == "cs.LG") == (16, 3.0)
    ships = Counter(a.paper for a in seed_corpus.authorships)
    for r in rows:
        assert r["papers"] >= 3
        key = r["topic"].rsplit("/", 1)[1]
        papers = [pt.paper for pt in seed_corpus.paper_topics if pt.topic == key]
        assert r["mean_team_size"] == pytest.approx(round(100 * sum(ships[p] for p in papers) / len(papers)) / 100)
    assert [r["mean_team_size"] for r in rows] == sorted((r["mean_team_size"] for r in rows), reverse=True)


def test_construct_and_describe(seed_ws):
    res = Q.run(seed_ws, Q.get_query("coauthor-network"), {"author": "Jongsoo Park"})
    knows = {(t.subject.value, t.object.value) for t in res.triples if t.predicate.value.endswith("knows")}
    assert len(knows) == 10 and (JONGSOO, MAXIM) in knows and (MAXIM, JONGSOO) in knows
    desc = Q.run(seed_ws, Q.get_query("describe-author"), {})
    assert ox.Triple(ox.NamedNode(MAXIM), ox.NamedNode("http://xmlns.com/foaf/0.1/name"),
                     ox.Literal("Maxim Naumov")) in desc.triples


def _save_communities(path):
    """A saved community run on the seed copy, as 'graphkit communities --save' writes it:
    Maxim Naumov in community 0, Jongsoo Park and Aaron Grattafiori in 1, Udit Gupta in 2;
    a betweenness run scores Maxim 0.9 and Jongsoo 0.2."""
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(path)
    run = ANALYSIS + "communities-leiden-coauthor"
    lines = [f"<{run}> <{RDF}type> <{PROV}Activity> .", f'<{run}> <{GK}measure> "leiden" .',
             f'<{run}> <{GK}parameter> "seed=0" .']
    for i, (key, comm) in enumerate([("author-maxim-naumov", 0), ("author-jongsoo-park", 1),
                                     ("author-aaron-grattafiori", 1), ("author-udit-gupta", 2)]):
        r = f"https://w3id.org/graphkit/id/result-test-{i}"
        lines += [f"<{r}> <{RDF}type> <{GK}AnalysisResult> .", f"<{r}> <{GK}node> <https://w3id.org/graphkit/id/{key}> .",
                  f'<{r}> <{GK}measure> "leiden" .', f'<{r}> <{GK}community> "{comm}"^^<{XSD}integer> .',
                  f"<{r}> <{PROV}wasGeneratedBy> <{run}> ."]
    ws.replace_named_graph(run, lines)
    crun = ANALYSIS + "centrality-betweenness-coauthor"
    lines = [f"<{crun}> <{RDF}type> <{PROV}Activity> .", f'<{crun}> <{GK}measure> "betweenness" .']
    for i, (key, score) in enumerate([("author-maxim-naumov", 0.9), ("author-jongsoo-park", 0.2)]):
        r = f"https://w3id.org/graphkit/id/result-test-c{i}"
        lines += [f"<{r}> <{RDF}type> <{GK}AnalysisResult> .", f"<{r}> <{GK}node> <https://w3id.org/graphkit/id/{key}> .",
                  f'<{r}> <{GK}measure> "betweenness" .', f'<{r}> <{GK}score> "{score}"^^<{XSD}double> .',
                  f'<{r}> <{GK}rank> "{i + 1}"^^<{XSD}integer> .', f"<{r}> <{PROV}wasGeneratedBy> <{crun}> ."]
    ws.replace_named_graph(crun, lines)
    ws.close()


def test_bridging_authors_from_saved_results(seed_ws_copy):
    from graphkit.rdf.store import Workspace
    _save_communities(seed_ws_copy)
    ws = Workspace.open(seed_ws_copy)
    rows = select(ws, "bridging-authors", run="communities-leiden-coauthor", measure="betweenness")
    got = [(r["name"], r["community"], r["communities_reached"], r["outside_coauthors"], r["score"]) for r in rows]
    # Maxim (0) wrote with Jongsoo and Aaron (1) and Udit (2); Jongsoo and Aaron (1) only with Maxim (0)
    # among the labelled authors; Udit (2) with Maxim (0).
    assert got == [("Maxim Naumov", 0, 2, 3, 0.9), ("Jongsoo Park", 1, 1, 1, 0.2),
                   ("Aaron Grattafiori", 1, 1, 1, None), ("Udit Gupta", 2, 1, 1, None)]
    assert len(select(ws, "bridging-authors")) == 4  # every saved run
    with pytest.raises(NotFoundError, match="saved: centrality-betweenness-coauthor, communities-leiden-coauthor"):
        select(ws, "bridging-authors", run="communities-louvain-coauthor")
    ws.close()


def test_bridging_authors_after_communities_save(seed_ws_copy, seed_corpus):
    """End to end with 'graphkit communities --save': the query's counts agree with the saved
    membership and the coauthorships of the corpus."""
    from graphkit.rdf.store import Workspace
    r = CliRunner().invoke(cli, ["communities", "--kg", str(seed_ws_copy), "--save"])
    if r.exit_code == 2 and "No such command" in r.output:
        pytest.skip("graphkit communities is not available in this build")
    assert r.exit_code == 0, r.output
    ws = Workspace.open(seed_ws_copy)
    saved = Q.saved_analyses(ws)
    run = next(n for n in saved if n.startswith("communities-"))
    member = {row["n"]: row["c"] for row in Q.rows_as_dicts(Q.run(ws, (
        "SELECT ?n ?c WHERE { ?r a gk:AnalysisResult ; gk:node ?n ; gk:community ?c ; prov:wasGeneratedBy ?g }"),
        {"g:analysis": run}))}
    co = {}
    for ships in seed_corpus.by_paper().values():
        keys = {"https://w3id.org/graphkit/id/" + a.author for a in ships}
        for k in keys:
            co.setdefault(k, set()).update(keys - {k})
    expected = {}
    for a, c in member.items():
        outside = {b for b in co.get(a, ()) if b in member and member[b] != c}
        if outside:
            expected[a] = (c, len({member[b] for b in outside}), len(outside))
    rows = select(ws, "bridging-authors", run=run, limit="1000")
    assert {r["author"]: (r["community"], r["communities_reached"], r["outside_coauthors"]) for r in rows} == expected
    ws.close()


# ----------------------------------------------------------------------------- safe parameters
def test_injection_stays_a_literal(seed_ws):
    before = seed_ws.quad_count()
    assert select(seed_ws, "search-papers", text=EVIL) == []
    prepared = Q.prepare(seed_ws, Q.get_query("search-papers"), {"text": EVIL})
    assert 'VALUES (?text) { ("x\\" } ; DROP ALL ; #") }' in prepared.text
    # a quote in a value is matched as text, not syntax
    rows = select(seed_ws, "search-papers", text="Facebook's")
    assert [r["title"] for r in rows] == ["The Architectural Implications of Facebook's DNN-based Personalized Recommendation"]
    with pytest.raises(NotFoundError, match="no author named"):
        select(seed_ws, "coauthors", author=EVIL)
    with pytest.raises(QueryError, match="not a valid IRI|not an absolute IRI"):
        Q.run(seed_ws, "SELECT * WHERE { ?s ?p ?o }", {"s:iri": "<urn:x> } DROP ALL { <urn:y>"})
    assert seed_ws.quad_count() == before


def test_knowledge_graph_queries_read_nothing_else(seed_ws_copy):
    """Library queries headed '# graphs: knowledge' run on the knowledge graph alone (the
    store's default graph) and answer exactly as over the union of all graphs, with saved
    analysis results and the provenance graph beside it; bridging-authors, which reads the
    saved results, runs over the union."""
    import dataclasses

    from graphkit.rdf.store import Workspace
    _save_communities(seed_ws_copy)
    ws = Workspace.open(seed_ws_copy)
    lib = Q.load_library()
    knowledge = sorted(n for n, q in lib.items() if q.graphs == "knowledge")
    assert len(knowledge) == 18 and "bridging-authors" not in knowledge and "describe-author" not in knowledge
    for name in knowledge:
        p = Q.prepare(ws, lib[name])
        assert not p.union
        alone, union = Q.execute(ws, p), Q.execute(ws, dataclasses.replace(p, union=True))
        assert (alone.variables, alone.rows, alone.boolean, alone.triples) == \
            (union.variables, union.rows, union.boolean, union.triples), name
    p = Q.prepare(ws, lib["bridging-authors"])
    assert p.union
    # the four authors of the saved run, each with coauthors in another community
    assert sorted(r[0].value.rsplit("/", 1)[1] for r in Q.execute(ws, p).rows) == [
        "author-aaron-grattafiori", "author-jongsoo-park", "author-maxim-naumov", "author-udit-gupta"]
    assert Q.execute(ws, dataclasses.replace(p, union=False)).rows == []  # not in the knowledge graph
    with pytest.raises(QueryError, match=r"q.rq:2: unknown graphs 'some'"):
        Q.parse_query_text("# title: t\n# graphs: some\nSELECT * {}", path="q.rq")


def test_values_binding_is_the_same_through_rdflib(seed_ws_copy):
    """The same bound text gives the same answers on rdflib's in-memory store."""
    from graphkit.rdf.store import Workspace
    _save_communities(seed_ws_copy)  # (rdflib answers a GROUP BY over no solutions with one empty group)
    ws = Workspace.open(seed_ws_copy)
    rdf = Q.RdflibWorkspace.from_workspace(ws)
    for name, q in Q.load_library().items():
        if q.form == "describe":  # DESCRIBE is left to each engine
            continue
        ours = Q.run(ws, q)
        theirs = Q.run(rdf, q)
        if ours.form == "select":
            assert Q.rows_as_dicts(ours) == Q.rows_as_dicts(theirs), name
        elif ours.form == "ask":
            assert ours.boolean == theirs.boolean, name
        else:
            assert sorted(map(str, ours.triples)) == sorted(map(str, theirs.triples)), name
    ws.close()


def test_bind_values_places_values_in_subqueries():
    text = ("SELECT ?a ?n WHERE { ?a <urn:name> ?n { SELECT ?a (COUNT(*) AS ?c) WHERE { ?p <urn:by> ?a } GROUP BY ?a } "
            "{ SELECT ?x WHERE { ?x ?y ?z } } }")
    out = Q.bind_values(text, {"a": ox.NamedNode("urn:me")})
    assert out.count("VALUES (?a) { (<urn:me>) }") == 2  # outer group + the subquery using ?a
    construct = Q.bind_values("CONSTRUCT { ?a <urn:p> ?b } WHERE { ?a <urn:q> ?b }", {"a": ox.NamedNode("urn:me")})
    assert construct == "CONSTRUCT { ?a <urn:p> ?b } WHERE { VALUES (?a) { (<urn:me>) } ?a <urn:q> ?b }"
    with pytest.raises(QueryError, match="short form"):
        Q.bind_values("CONSTRUCT WHERE { ?a ?b ?c }", {"a": ox.NamedNode("urn:me")})
    # braces, '#' and keywords inside strings, IRIs and comments do not confuse the scanner
    tricky = 'SELECT ?t WHERE { # { SELECT\n ?p <urn:t#x> "a { SELECT } b" ; <urn:u> ?t . FILTER(?t != """}""") }'
    assert Q.bind_values(tricky, {"t": ox.Literal("v")}).startswith('SELECT ?t WHERE { VALUES (?t) { ("v") } # {')


def test_author_resolution(seed_ws):
    iri = ox.NamedNode(MAXIM)
    for value in ("Maxim Naumov", "  maxim   naumov ", "MÁXIM NAUMOV", "author-maxim-naumov", MAXIM, f"<{MAXIM}>"):
        assert Q.resolve_entity(seed_ws, "author", value) == iri, value
    # a merged name variant resolves to the merged author
    assert Q.resolve_entity(seed_ws, "author", "Bita Rouhani").value.endswith("author-bita-darvish-rouhani")
    with pytest.raises(NotFoundError) as e:
        Q.resolve_entity(seed_ws, "author", "Jongsoo Parker")
    assert "author-jongsoo-park" not in str(e.value) or "similar" in str(e.value)
    assert Q.resolve_entity(seed_ws, "topic", "cs.lg").value.endswith("topic-arxiv-cs.lg")
    assert Q.resolve_entity(seed_ws, "topic", "Machine Learning").value.endswith("topic-arxiv-cs.lg")
    assert Q.resolve_entity(seed_ws, "paper", "the llama 3 herd of models").value.endswith("the-llama-3-herd-of-models-3f509d")
    assert Q.resolve_entity(seed_ws, "institution", "Berkeley").value.endswith("inst-berkeley")


def test_author_lookup_family_given_and_hints(seed_ws):
    """ "Naumov, Maxim" is Maxim Naumov; the names offered for an unknown one share its family
    name as a word (was: any label holding its last word's letters, "Nobody Here" -> "Theresa")."""
    assert Q.resolve_entity(seed_ws, "author", "Naumov, Maxim") == ox.NamedNode(MAXIM)
    with pytest.raises(NotFoundError) as e:
        Q.resolve_entity(seed_ws, "author", "Jane Naumov")
    assert str(e.value) == "no author named 'Jane Naumov' in the workspace; similar: author-maxim-naumov (Maxim Naumov)"
    with pytest.raises(NotFoundError) as e:
        Q.resolve_entity(seed_ws, "author", "Naumov, Jane")
    assert str(e.value).endswith("similar: author-maxim-naumov (Maxim Naumov)")
    with pytest.raises(NotFoundError) as e:
        Q.resolve_entity(seed_ws, "author", "Ma Park")  # ("park" is a word of Jongsoo Park only)
    assert str(e.value).endswith("similar: author-jongsoo-park (Jongsoo Park)")


def test_a_querys_from_clause_chooses_its_graphs(seed_ws):
    """FROM in the user's query is its dataset (over the union of all graphs, the default,
    FROM was ignored: FROM <urn:nothing> counted every quad)."""
    def count(q):
        return int(Q.run(seed_ws, q).rows[0][0].value)
    everything = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    knowledge = count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g = <urn:x>) }")
    assert knowledge == 0 and everything > 1000
    assert count("SELECT (COUNT(*) AS ?n) FROM <urn:nothing> WHERE { ?s ?p ?o }") == 0
    graphs = Q.run(seed_ws, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    (g, n), = [(g, n) for g, n in graphs if "/source/" in g.value]
    assert count(f"SELECT (COUNT(*) AS ?n) FROM <{g.value}> WHERE {{ ?s ?p ?o }}") == int(n.value)
    assert count(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{g.value}> WHERE {{ GRAPH ?h {{ ?s ?p ?o }} }}") == int(n.value)


def test_sici_dois_stay_whole(tmp_path):
    """DOIs with angle brackets and '#' (SICI, older Wiley journals): two articles of one issue
    were one paper (the DOI cut at '<'); a DOI parameter finds each; doi.org links escape
    what a URL would misread."""
    from graphkit.rdf.store import Workspace
    a = "10.1002/(SICI)1097-4636(199706)35:4<463::AID-JBM6>3.0.CO;2-A"
    b = "10.1002/(SICI)1097-4636(199706)35:4<470::AID-JBM7>3.0.CO;2-#"
    bib = tmp_path / "sici.bib"
    bib.write_text(f"@article{{s1, title={{First Article}}, author={{Ann Author}}, year={{1997}}, doi={{{a}}}}}\n"
                   f"@article{{s2, title={{Second Article}}, author={{Bob Writer}}, year={{1997}}, doi={{{b}}}}}\n",
                   encoding="utf-8")
    ws = Workspace(tmp_path / "sici.kg")
    ws.ingest([str(bib)])
    rows = Q.run(ws, "SELECT ?d ?x WHERE { ?p prism:doi ?d ; schema:sameAs ?x } ORDER BY ?d").rows
    assert [(d.value, x.value) for d, x in rows] == [
        (a.lower(), "https://doi.org/10.1002/(sici)1097-4636(199706)35:4%3C463::aid-jbm6%3E3.0.co;2-a"),
        (b.lower(), "https://doi.org/10.1002/(sici)1097-4636(199706)35:4%3C470::aid-jbm7%3E3.0.co;2-%23")]
    for doi, title in ((a, "First Article"), (b, "Second Article"),
                       ("https://doi.org/10.1002/(SICI)1097-4636(199706)35:4%3C463::AID-JBM6%3E3.0.CO;2-A",
                        "First Article")):
        assert [r["name"] for r in select(ws, "paper-authors", paper=doi)] == (
            ["Ann Author"] if title == "First Article" else ["Bob Writer"]), doi
    ws.close()


def test_ambiguous_name(seed_ws_copy):
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(seed_ws_copy)
    other = "https://w3id.org/graphkit/id/author-orcid-0000-0001-2345-6789"
    ws.replace_named_graph("https://w3id.org/graphkit/graph/test-homonym", [
        f"<{other}> <{RDF}type> <http://xmlns.com/foaf/0.1/Person> .",
        f'<{other}> <http://xmlns.com/foaf/0.1/name> "Jongsoo Park" .'])
    with pytest.raises(AmbiguousError) as e:
        select(ws, "coauthors", author="Jongsoo Park")
    assert "author-jongsoo-park" in str(e.value) and "author-orcid-0000-0001-2345-6789" in str(e.value)
    assert len(select(ws, "coauthors", author="author-jongsoo-park")) == 5
    ws.close()


@pytest.mark.parametrize("params, message", [
    ({"from": "last year"}, "parameter from: 'last year' is not a year like 2019"),
    ({"limit": "0"}, "is not a positive integer"),
    ({"nonsense": "1"}, "has no parameter 'nonsense'"),
    ({"from:weird": "1"}, "unknown type 'weird'"),
])
def test_bad_parameters(seed_ws, params, message):
    q = Q.get_query("papers-in-years") if "limit" not in params else Q.get_query("top-authors")
    with pytest.raises(QueryError, match=re.escape(message)):
        Q.run(seed_ws, q, params)


def test_syntax_errors_give_the_users_line_and_column(seed_ws):
    text = ("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nSELECT ?n\nWHERE {\n  ?a foaf:name ?n .\n"
            "  FILTER( }")
    with pytest.raises(SyntaxError) as raw:  # what Oxigraph says about the text as written
        ox.Store().query(text)
    line, col = re.search(r"error at (\d+):(\d+)", str(raw.value)).groups()
    assert (line, col) == ("5", "12")  # Oxigraph points just past the "}" it could not use
    with pytest.raises(QueryError) as e:
        Q.run(seed_ws, text)
    assert "error at line 5, column 12" in str(e.value)
    # the same position with a parameter bound (a VALUES block inserted before the error) and
    # with the usual prefixes added in front
    with pytest.raises(QueryError) as e:
        Q.run(seed_ws, text.replace("PREFIX foaf: <http://xmlns.com/foaf/0.1/>", "# no prefix"), {"n": "x"})
    assert "error at line 5, column 12" in str(e.value)


def test_updates_are_refused(seed_ws):
    with pytest.raises(QueryError, match="read-only"):
        Q.run(seed_ws, "PREFIX x: <urn:x#>\nDROP ALL")


def test_result_serialisers_round_trip(seed_ws):
    res = Q.run(seed_ws, Q.get_query("paper-authors"), {})
    for fmt, oxfmt in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                       ("tsv", ox.QueryResultsFormat.TSV)):
        back = list(ox.parse_query_results(Q.serialize_results(res, fmt), format=oxfmt))
        assert [tuple(s[v] for v in res.variables) for s in back] == res.rows
    csv_text = Q.serialize_results(res, "csv").decode()
    assert csv_text.split("\r\n")[:2] == ["position,author,name,name_as_written,list_complete",
                                          "1,https://w3id.org/graphkit/id/author-aaron-grattafiori,Aaron Grattafiori,Aaron Grattafiori,false"]
    ask = Q.run(seed_ws, Q.get_query("are-coauthors"), {})
    assert bool(ox.parse_query_results(Q.serialize_results(ask, "xml"), format=ox.QueryResultsFormat.XML))


# ----------------------------------------------------------------------------- the commands
def test_cli_queries_lists_the_library():
    r = invoke("queries")
    assert r.exit_code == 0
    for name in ("coauthors", "paper-authors", "bridging-authors"):
        assert name in r.output
    assert "?author author = Maxim Naumov" in r.output
    data = json.loads(invoke("queries", "--format", "json").out)
    assert {d["name"] for d in data} == set(Q.load_library())
    shown = invoke("queries", "coauthors")
    assert shown.output.startswith("# title: Coauthors of an author")


def test_cli_query_formats(seed_ws_path):
    kg = ["--kg", seed_ws_path]
    r = invoke("query", "paper-authors", *kg)
    assert r.exit_code == 0 and "id:author-aaron-grattafiori" in r.out.splitlines()[2]
    assert r.stderr == "4 rows\n"
    r = invoke("query", "paper-authors", *kg, "--format", "csv")
    lines = r.out.splitlines()
    assert lines[0] == "position,author,name,name_as_written,list_complete"
    assert lines[1] == "1,https://w3id.org/graphkit/id/author-aaron-grattafiori,Aaron Grattafiori,Aaron Grattafiori,false"  # (xsd:boolean as SPARQL CSV writes it)
    assert lines[-1].startswith(",https://w3id.org/graphkit/id/author-maxim-naumov")
    rows = json.loads(invoke("query", "top-authors", "-p", "limit=2", *kg, "--format", "json").out)
    assert rows[0] == {"author": MAXIM, "name": "Maxim Naumov", "papers": 25}
    doc = json.loads(invoke("query", "top-authors", "-p", "limit=2", *kg, "--format", "sparql-json").out)
    assert doc["head"]["vars"][:2] == ["author", "name"] and len(doc["results"]["bindings"]) == 2
    assert doc["results"]["bindings"][0]["papers"] == {"type": "literal", "value": "25",
                                                       "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert invoke("query", "are-coauthors", *kg).out == "true\n"
    ttl = invoke("query", "coauthor-network", "-p", "author=Jongsoo Park", *kg).out
    assert ttl.startswith("@prefix") and "foaf:knows" in ttl
    g = ox.Dataset(ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE))
    assert len(g) == 10 + 6  # knows both ways with 5 coauthors, and 6 names
    jsonld = json.loads(invoke("query", "describe-author", *kg, "--format", "jsonld").out)
    assert any(n.get("@id") == MAXIM for n in jsonld)


def test_cli_expression_file_and_params(seed_ws_path, tmp_path):
    kg = ["--kg", seed_ws_path]
    r = invoke("query", "-e", "SELECT ?n WHERE { ?a foaf:name ?n } ORDER BY ?n LIMIT 2", *kg, "--format", "tsv")
    assert r.out == "n\nAaron Grattafiori\nAbhimanyu Dubey\n"
    f = tmp_path / "mine.rq"
    f.write_text("# title: Mine\n# param: ?y integer 2019\nPREFIX fabio: <http://purl.org/spar/fabio/>\n"
                 "SELECT (COUNT(?p) AS ?n) WHERE { ?p fabio:hasPublicationYear ?g FILTER(xsd:integer(STR(?g)) = ?y) }\n")
    assert invoke("query", f, *kg, "--format", "csv").out == "n\n6\n"
    assert invoke("query", f, *kg, "-p", "y=2024", "--format", "csv").out == "n\n3\n"
    r = invoke("query", "-e", "SELECT ?p WHERE { ?p fabio:hasPublicationYear ?g FILTER(xsd:integer(STR(?g)) = ?y) }",
               "-p", "y:integer=2017", *kg, "--format", "csv")
    assert len(r.out.splitlines()) == 1 + 3
    shown = invoke("query", "coauthors", "-p", "author=Jongsoo Park", *kg, "--show").out
    assert f"VALUES (?author) {{ (<{JONGSOO}>) }}" in shown


@pytest.mark.parametrize("args, message", [
    (["query", "coauthor"], "no query named 'coauthor' in the library; available: are-coauthors"),
    (["query", "coauthors", "-p", "author=Nobody Atall"], "no author named 'Nobody Atall'"),
    (["query", "-e", "SELECT * WHERE {\n  ?s ?p\n}"], "error at line 3, column 2"),
    (["query", "-e", "DELETE WHERE { ?s ?p ?o }"], "read-only"),
    (["query", "missing.rq"], "missing.rq: no such query file"),
    (["query", "top-authors", "-p", "limit=many"], "'many' is not a positive integer"),
    (["query", "coauthors", "--format", "turtle"], "a SELECT result is a table"),
    (["query", "data-quality", "-p", "foo=1"], "the query has no variable ?foo to bind"),
    (["query", "coauthors", "-p", "author"], "write NAME=VALUE"),
    # (the engine listed every character it could have read there)
    (["query", "-e", "SELECT * WHERE {\n  ?s foo:bar ?o }"],
     "error at line 2, column 13: unknown prefix foo: (declare it: PREFIX foo: <IRI>; known without declaring: rdf, "),
])
def test_cli_query_errors(seed_ws_path, args, message):
    r = CliRunner().invoke(cli, args + ["--kg", str(seed_ws_path)])
    assert r.exit_code == 1 and r.output.startswith("Error: ") or r.exit_code == 2, r.output
    assert message in r.output
    assert "Traceback" not in r.output


def test_cli_query_needs_exactly_one_query(seed_ws_path):
    r = CliRunner().invoke(cli, ["query", "--kg", str(seed_ws_path)])
    assert r.exit_code == 2 and "exactly one" in r.output


# ----------------------------------------------------------------------------- listing order
def test_listings_order_by_whole_title_then_iri(tmp_path):
    """papers-in-years, search-papers and topic-papers sort by a key of the title's first 15
    characters, then the whole title, then the paper's IRI: titles that share their first 40
    characters, a lower-case title (after upper case, by code point) and two papers with the
    same title come out in the order of the whole title, then the IRI. author-papers sorts by
    the same key and title, newest first."""
    from graphkit.rdf.store import Workspace
    shared = "Sorting by a shared opening of forty-plus characters: "
    titles = {"2001.00001": shared + "zeta", "2001.00002": shared + "alpha", "2001.00003": "sorting in lower case",
              "2001.00004": "Equal titles", "2001.00005": "Equal titles", "1912.00006": "Zebra title"}
    lines = []
    for i, (aid, title) in enumerate(titles.items()):
        created = "Mon, 16 Dec 2019 10:00:00 GMT" if aid.startswith("19") else "Thu, 2 Jan 2020 10:00:00 GMT"
        lines.append(json.dumps({"id": aid, "authors": f"Ada Author{i}, Bo Second", "title": title,
                                 "categories": "cs.LG", "abstract": "x", "update_date": "2020-02-01",
                                 "versions": [{"version": "v1", "created": created}]}))
    src = tmp_path / "order.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ws = Workspace(tmp_path / "order.kg")
    ws.ingest([str(src)])
    iri = {aid: f"https://w3id.org/graphkit/id/paper-arxiv-{aid}" for aid in titles}
    year = {aid: 2019 if aid.startswith("19") else 2020 for aid in titles}
    by_title = sorted(titles, key=lambda a: (titles[a], iri[a]))
    # by hand: 2019 first, then "Equal titles" (00004, 00005), the two long ones (alpha, zeta),
    # then lower case last
    assert [a for a in by_title if year[a] == 2020] == ["2001.00004", "2001.00005", "2001.00002",
                                                        "2001.00001", "2001.00003"]
    rows = select(ws, "papers-in-years", **{"from": "2019", "to": "2020"})
    assert [r["paper"] for r in rows] == [iri[a] for a in sorted(by_title, key=lambda a: year[a])]
    assert [r["listed_authors"] for r in rows] == [2] * 6
    newest_first = [iri[a] for a in sorted(by_title, key=lambda a: -year[a])]
    assert [r["paper"] for r in select(ws, "topic-papers", topic="cs.LG")] == newest_first
    hits = select(ws, "search-papers", text="TITLE")
    assert [r["paper"] for r in hits] == [iri["2001.00004"], iri["2001.00005"], iri["1912.00006"]]
    mine = select(ws, "author-papers", author="Bo Second")
    assert [(r["year"], r["title"], r["listed_authors"]) for r in mine] == [
        (2020, "Equal titles", 2), (2020, "Equal titles", 2), (2020, shared + "alpha", 2),
        (2020, shared + "zeta", 2), (2020, "sorting in lower case", 2), (2019, "Zebra title", 2)]
    evo = select(ws, "topic-evolution", scheme="arxiv")
    assert [(r["code"], r["year"], r["papers"]) for r in evo] == [("cs.LG", 2019, 1), ("cs.LG", 2020, 5)]
    ws.close()


def test_every_listing_has_a_total_order():
    """The outermost ORDER BY of each SELECT in the library ends with a key that tells rows
    apart (an entity's IRI, or the one row per issue of data-quality), so rows tied on the
    earlier keys (homonyms, equal titles) do not come out in engine order."""
    unique_last = {"?paper", "?author", "?coauthor", "?topic", "?institution", "?institution2",
                   "?run", "?item", "?issue"}
    for name, q in Q.load_library().items():
        if q.form != "select" or "ORDER BY" not in q.text:
            continue
        last_order = q.text[q.text.rindex("ORDER BY"):].splitlines()[0]
        assert last_order.split()[-1] in unique_last, (name, last_order)


def test_coauthors_tied_by_count_and_name_come_by_key(tmp_path):
    """Three people named Wei Zhang on one paper with Li Wang: Li Wang's three coauthors tie on
    joint papers and name, and come in the order of their keys."""
    from graphkit.rdf.store import Workspace
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{a, author = {Wei Zhang and Wei Zhang and Wei Zhang and Li Wang},\n"
                   "  title = {Three of a Name}, year = {2020}}\n")
    kg = tmp_path / "w.kg"
    assert invoke("ingest", "--kg", kg, bib).exit_code == 0
    ws = Workspace.open(kg)
    rows = select(ws, "coauthors", author="https://w3id.org/graphkit/id/author-li-wang")
    keys = [r["coauthor"] for r in rows]
    assert len(keys) == 3 and {r["name"] for r in rows} == {"Wei Zhang"} and keys == sorted(keys)
    assert [r["joint_papers"] for r in rows] == [1, 1, 1]


def test_queries_over_saved_analyses_say_when_they_predate_the_data(seed_ws_copy, tmp_path):
    kg = str(seed_ws_copy)
    r = CliRunner().invoke(cli, ["communities", "--kg", kg, "--save"])
    assert r.exit_code == 0, r.output
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(seed_ws_copy)
    gen = ws.manifest["generation"]
    assert Q.stale_analyses(ws) == []
    (row,) = Q.rows_as_dicts(Q.run(ws, "SELECT ?gen WHERE { ?g gk:workspaceGeneration ?gen }"))
    assert row["gen"] == gen
    ws.close()
    r = CliRunner().invoke(cli, ["query", "bridging-authors", "--kg", kg])
    assert r.exit_code == 0 and "warning" not in r.stderr
    bib = tmp_path / "one.bib"
    bib.write_text("@article{a, title={On C}, author={Ann Lee}, year={2020}}\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["ingest", "--kg", kg, str(bib)]).exit_code == 0
    r = CliRunner().invoke(cli, ["query", "bridging-authors", "--kg", kg])
    assert r.exit_code == 0
    assert (f"warning: the saved analysis 'communities-leiden-coauthor' was computed on generation {gen} "
            f"of the workspace, which is at {gen + 1} now") in r.stderr
    r = CliRunner().invoke(cli, ["query", "top-authors", "--kg", kg])  # reads no saved analysis
    assert r.exit_code == 0 and "warning" not in r.stderr


def test_a_gyear_parameter_matches_the_stored_year(seed_ws_path):
    """-p y:year=2019 binds an integer, which fabio:hasPublicationYear (xsd:gYear) never
    equals: 0 rows, silently. y:gyear binds the year as stored; years read back are numbers."""
    kg = ["--kg", seed_ws_path]
    q = "SELECT ?p WHERE { ?p fabio:hasPublicationYear ?y }"
    assert len(invoke("query", "-e", q, "-p", "y:gyear=2019", *kg, "--format", "csv").out.splitlines()) == 1 + 6
    assert len(invoke("query", "-e", q, "-p", "y:year=2019", *kg, "--format", "csv").out.splitlines()) == 1
    rows = json.loads(invoke("query", "-e", "SELECT DISTINCT ?y WHERE { ?p fabio:hasPublicationYear ?y } "
                             "ORDER BY ?y LIMIT 2", *kg, "--format", "json").out)
    assert rows == [{"y": 2017}, {"y": 2018}]
    r = invoke("query", "-e", q, "-p", "y:gyear=19x", *kg)
    assert r.exit_code == 1 and "parameter y: '19x' is not a year like 2019" in r.stderr
