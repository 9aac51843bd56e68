"""graphkit centrality | collaborators | pairs | path | communities | stats through click's
CliRunner on the seed workspace: happy paths, error paths, --save into the store."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from graphkit.cli import cli

ME = "author-maxim-naumov"


@pytest.fixture
def run(seed_ws_path):
    def go(*args, kg=None):
        runner = CliRunner()
        return runner.invoke(cli, [*args, "--kg", str(kg or seed_ws_path)], catch_exceptions=False)
    return go


def rows_of(result, fmt="csv"):
    if fmt == "json":
        return json.loads(result.stdout)
    return list(csv.DictReader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))


# ---------------------------------------------------------------- centrality
def test_centrality_degree_csv(run, seed_corpus):
    r = run("centrality", "--measure", "degree", "--format", "csv", "--top", "3")
    assert r.exit_code == 0, r.output
    rows = rows_of(r)
    assert len(rows) == 3
    assert rows[0]["name"] == "Maxim Naumov" and rows[0]["key"] == ME and rows[0]["rank"] == "1"
    assert rows[0]["papers"] == "25"
    from graphkit.graph import coauthor_graph
    assert int(rows[0]["score"]) == coauthor_graph(seed_corpus).degree(ME)
    assert list(rows[0]) == ["rank", "name", "key", "papers", "score"]
    assert r.stderr == ""  # nothing left out, nothing estimated


def test_centrality_json_and_table(run):
    r = run("centrality", "--measure", "betweenness", "--format", "json", "--top", "2")
    rows = rows_of(r, "json")
    assert [x["key"] for x in rows][:1] == [ME] and rows[0]["estimate"] is False
    t = run("centrality", "--top", "1")
    lines = t.stdout.splitlines()
    assert lines[0].split() == ["rank", "name", "key", "papers", "score"]
    assert lines[2].startswith("1") and "Maxim Naumov" in lines[2]


def test_centrality_all_measures_side_by_side(run):
    r = run("centrality", "--measure", "all", "--format", "tsv", "--top", "2")
    rows = rows_of(r, "tsv")
    assert list(rows[0])[:4] == ["rank", "name", "key", "papers"]
    assert {"degree", "weighted-degree", "betweenness", "closeness", "harmonic", "eigenvector",
            "pagerank"} <= set(rows[0])
    assert rows[0]["key"] == ME and rows[0]["closeness"] == "1" and "estimated" not in rows[0]
    # sampled measures are named with the rows (on stderr only before)
    r = run("centrality", "--measure", "all", "--samples", "10", "--format", "csv", "--top", "1")
    assert rows_of(r)[0]["estimated"] == "betweenness;closeness;harmonic"


def test_centrality_sampled_says_it_is_an_estimate(run):
    r = run("centrality", "--measure", "closeness", "--samples", "10", "--seed", "2", "--format", "csv")
    assert r.exit_code == 0
    assert "closeness is an estimate from 10 sampled sources (seed 2)" in r.stderr
    assert all(row["estimate"] == "true" for row in rows_of(r))  # (as SPARQL and JSON write it)


def test_centrality_max_authors_and_years(run):
    r = run("centrality", "--measure", "degree", "--max-authors", "3", "--format", "csv", "--top", "0")
    # by hand: 12 truncated lists of 3 names that do not name him (with him: 4 authors)
    assert "12 papers with more than 3 authors left out of the coauthor graph" in r.stderr
    r = run("centrality", "--measure", "degree", "--from", "2017", "--to", "2017", "--format", "csv")
    rows = rows_of(r)  # 2017: AdaBatch (a triangle of 3 authors) and two single-author papers
    assert [(x["rank"], x["name"], x["score"], x["papers"]) for x in rows] == [
        ("1", "Aditya Devarakonda", "2", "1"), ("1", "Maxim Naumov", "2", "3"),
        ("1", "Michael Garland", "2", "1")]


def test_centrality_institution_and_knowledge_graphs(run):
    r = run("centrality", "--graph", "institution", "--measure", "degree", "--format", "csv")
    assert {x["name"] for x in rows_of(r)} == {"allen-ai", "berkeley"}
    r = run("centrality", "--graph", "knowledge", "--measure", "degree", "--format", "csv", "--top", "1")
    row = rows_of(r)[0]
    assert row["key"] == ME and row["kind"] == "author"


def test_centrality_errors(run, tmp_path):
    r = run("centrality", "--from", "2030", "--to", "2020")
    assert r.exit_code == 1 and "Error: --from 2030 is after --to 2020" in r.stderr
    r = run("centrality", "--from", "1990", "--to", "1991")
    assert r.exit_code == 1 and "no papers in the years 1990-1991" in r.stderr
    r = run("centrality", "--measure", "fame")
    assert r.exit_code == 2
    r = run("centrality", kg=tmp_path / "missing.kg")
    assert r.exit_code == 1 and "Error: no workspace at" in r.stderr
    r = run("centrality", "--backend", "no-such-backend", "--measure", "pagerank")
    assert r.exit_code == 1 and "Error:" in r.stderr and "no-such-backend" in r.stderr
    assert "Traceback" not in r.output


# ---------------------------------------------------------------- collaborators / pairs / path
def test_collaborators_happy_path(run, seed_corpus):
    r = run("collaborators", "maxim NAUMOV", "--format", "csv")
    assert r.exit_code == 0
    rows = rows_of(r)
    from graphkit.graph import coauthor_graph
    assert len(rows) == coauthor_graph(seed_corpus).degree(ME)
    assert f"Maxim Naumov ({ME}): {len(rows)} coauthors, 25 papers" in r.stderr
    m = next(x for x in rows if x["name"] == "Dheevatsa Mudigere")
    assert (m["papers"], m["fractional"], m["first_year"], m["last_year"]) == ("4", "1.83333", "2019", "2021")
    assert list(rows[0]) == ["name", "key", "papers", "fractional", "first_year", "last_year", "shared_topics"]
    r = run("collaborators", ME, "--top", "2", "--format", "json")
    assert len(rows_of(r, "json")) == 2


def test_collaborators_ambiguous_author_lists_candidates_and_exits_1(run):
    r = run("collaborators", "Michael")
    assert r.exit_code == 1
    assert "Error: 'Michael' matches" in r.stderr
    for name in ("Michael Tsang", "Michael Garland", "Hao-Jun Michael Shi"):
        assert name in r.stderr
    assert r.stdout == ""


def test_collaborators_unknown_author_suggests(run):
    r = run("collaborators", "Maxim Naumow")
    assert r.exit_code == 1
    assert "Error: no author matches 'Maxim Naumow'; did you mean: Maxim Naumov (author-maxim-naumov" in r.stderr
    assert r.stdout == ""


def test_pairs(run):
    r = run("pairs", "--format", "csv", "--top", "3")
    rows = rows_of(r)
    assert len(rows) == 3
    assert all(ME in (x["a"], x["b"]) for x in rows[:2])
    assert int(rows[0]["papers"]) >= int(rows[1]["papers"]) >= int(rows[2]["papers"])
    r = run("pairs", "--counting", "fractional", "--format", "json", "--top", "1")
    top = rows_of(r, "json")[0]
    assert top["weight"] == top["fractional"]


def test_path_with_papers(run):
    r = run("path", "Jiecao Yu", "aaron grattafiori", "--format", "json")
    assert r.exit_code == 0
    hops = rows_of(r, "json")
    assert [(h["from_name"], h["to_name"]) for h in hops] == [
        ("Jiecao Yu", "Maxim Naumov"), ("Maxim Naumov", "Aaron Grattafiori")]
    assert hops[0]["titles"] == ["Spatial-Winograd Pruning Enabling Sparse Winograd Convolution"]
    assert hops[1]["titles"] == ["The Llama 3 Herd of Models"]
    assert "2 hops from Jiecao Yu to Aaron Grattafiori" in r.stderr


def test_path_top_0_lists_every_shortest_path(run):
    # Jiecao Yu - Protonu Basu: through Jongsoo Park (Spatial-Winograd 2019, Facebook data
    # centers 2018) or through Maxim Naumov (the same two papers); --top 0 showed one
    r = run("path", "Jiecao Yu", "Protonu Basu", "--top", "0", "--format", "json")
    hops = rows_of(r, "json")
    assert [(h["path"], h["from_name"], h["to_name"]) for h in hops] == [
        (1, "Jiecao Yu", "Jongsoo Park"), (1, "Jongsoo Park", "Protonu Basu"),
        (2, "Jiecao Yu", "Maxim Naumov"), (2, "Maxim Naumov", "Protonu Basu")]
    r = run("pairs", "--top", "-1")
    assert r.exit_code == 2 and "-1 is not in the range x>=0" in r.output


def test_an_author_without_papers_in_the_years_is_named(run):
    # Jiecao Yu's one paper is of 2019: found, and said to have none later ("no author
    # matches" before)
    for args in (("collaborators", "Jiecao Yu", "--from", "2022"), ("path", ME, "jiecao yu", "--from", "2022"),
                 ("topics", "--author", "Jiecao Yu", "--from", "2022")):
        r = run(*args)
        assert r.exit_code == 1 and "Error: Jiecao Yu (author-jiecao-yu) has no papers from 2022 on" in r.output, args
    r = run("collaborators", "Jiecao Yu", "--from", "2019", "--to", "2019", "--format", "csv")
    assert r.exit_code == 0 and [row["name"] for row in rows_of(r)] == ["Jongsoo Park", "Maxim Naumov"]


def test_path_none_is_a_clear_message(run):
    # with --max-authors 3 the 4-author Llama 3 paper leaves the projection: no path remains
    r = run("path", "Jiecao Yu", "Aaron Grattafiori", "--max-authors", "3")
    assert r.exit_code == 1
    assert ("Error: no collaboration path between Jiecao Yu and Aaron Grattafiori: they are in "
            "different components of the coauthor graph") in r.stderr
    assert "Traceback" not in r.output and r.stdout == ""


def test_path_same_person_and_unknown(run):
    r = run("path", "Maxim Naumov", ME)
    assert r.exit_code == 0 and "same person" in r.stderr and r.stdout == ""
    r = run("path", "Nobody Atall", ME)
    assert r.exit_code == 1 and "no author matches 'Nobody Atall'" in r.stderr


# ---------------------------------------------------------------- communities / stats
def test_communities_table_and_json(run):
    r = run("communities", "--format", "json")
    assert r.exit_code == 0
    d = rows_of(r, "json")
    assert d["algorithm"] == "leiden" and d["seed"] == 0 and 0.3 < d["modularity"] < 0.5
    first = d["communities"][0]
    assert first["id"] == 1 and first["members"][0] == {"key": ME, "name": "Maxim Naumov"}
    assert "modularity" in r.stderr
    again = run("communities", "--format", "json")
    assert again.stdout == r.stdout  # same seed, same communities
    t = run("communities", "--algorithm", "louvain", "--format", "csv", "--top", "2", "--members", "2")
    rows = rows_of(t)
    assert len(rows) == 2 and rows[0]["members"].startswith("Maxim Naumov; ")
    assert rows[0]["members"].endswith("more")


def test_communities_errors(run):
    r = run("communities", "--resolution", "0")
    assert r.exit_code == 1 and "Error: --resolution must be positive" in r.stderr
    r = run("communities", "--backend", "parallel")
    # Leiden goes to the backend too (nx.community.leiden_communities); none is installed here
    assert r.exit_code == 1 and "NetworkX backend 'parallel' is not available" in r.stderr
    r = run("communities", "--iterations", "0")
    assert r.exit_code == 1 and "--iterations must be a positive number" in r.stderr


def test_stats(run):
    r = run("stats", "--format", "json")
    d = json.loads(r.stdout)
    assert d["papers"] == 25 and d["components"] == 1 and d["single_author_share"] == 0.12
    t = run("stats", "--format", "csv")
    metrics = {x["metric"]: x["value"] for x in rows_of(t)}
    assert metrics["mean_team_size"] == "3.24" and metrics["giant_component_share"] == "1"
    r = run("stats", "--from", "2017", "--to", "2017", "--format", "json")
    d = json.loads(r.stdout)
    assert (d["papers"], d["nodes"], d["edges"]) == (3, 3, 3)


# ---------------------------------------------------------------- --save
def test_save_centrality_and_communities_into_the_store(seed_ws_copy):
    runner = CliRunner()
    kg = str(seed_ws_copy)
    r = runner.invoke(cli, ["centrality", "--measure", "pagerank", "--save", "--top", "1", "--kg", kg])
    assert r.exit_code == 0, r.output
    assert "saved" in r.stderr and "centrality-pagerank-coauthor" in r.stderr
    r = runner.invoke(cli, ["communities", "--save", "--top", "1", "--kg", kg])
    assert r.exit_code == 0, r.output
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(kg)
    n_authors = len(ws.corpus().authors)
    q = """
    PREFIX gk: <https://w3id.org/graphkit/ontology#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX foaf: <http://xmlns.com/foaf/0.1/>
    SELECT ?name ?score ?rank ?measure ?title WHERE {
      GRAPH <https://w3id.org/graphkit/analysis/centrality-pagerank-coauthor> {
        ?r a gk:AnalysisResult ; gk:node ?person ; gk:score ?score ; gk:rank ?rank ;
           gk:measure ?measure ; prov:wasGeneratedBy ?run .
        ?run a prov:Activity ; dcterms:title ?title ; prov:startedAtTime ?t0 ; prov:endedAtTime ?t1 .
      }
      ?person foaf:name ?name .
    } ORDER BY ?rank"""
    res = list(ws.query(q))
    assert len(res) == n_authors  # every node is saved, not only --top
    assert res[0]["name"].value == "Maxim Naumov" and int(res[0]["rank"].value) == 1
    assert res[0]["measure"].value == "pagerank"
    assert res[0]["score"].datatype.value == "http://www.w3.org/2001/XMLSchema#double"
    params = {b["p"].value for b in ws.query(
        "PREFIX gk: <https://w3id.org/graphkit/ontology#> SELECT ?p WHERE { "
        "<https://w3id.org/graphkit/analysis/centrality-pagerank-coauthor> gk:parameter ?p }")}
    assert {"graph=coauthor", "counting=full", "max_authors=100", "weight=weight", "engine=networkx"} <= params
    q = """
    PREFIX gk: <https://w3id.org/graphkit/ontology#>
    SELECT ?c (COUNT(?r) AS ?n) WHERE {
      GRAPH <https://w3id.org/graphkit/analysis/communities-leiden-coauthor> { ?r gk:community ?c }
    } GROUP BY ?c ORDER BY ?c"""
    sizes = [int(b["n"].value) for b in ws.query(q)]
    assert sum(sizes) == n_authors and sizes == sorted(sizes, reverse=True)
    mod = list(ws.query("PREFIX gk: <https://w3id.org/graphkit/ontology#> SELECT ?q WHERE { "
                        "<https://w3id.org/graphkit/analysis/communities-leiden-coauthor> gk:modularity ?q }"))
    assert 0.3 < float(mod[0]["q"].value) < 0.5
    ws.close()
    # saving again replaces the run instead of adding to it
    r = runner.invoke(cli, ["centrality", "--measure", "pagerank", "--save", "--kg", kg])
    ws = Workspace.open(kg)
    n = list(ws.query("PREFIX gk: <https://w3id.org/graphkit/ontology#> SELECT (COUNT(*) AS ?n) WHERE { "
                      "GRAPH <https://w3id.org/graphkit/analysis/centrality-pagerank-coauthor> "
                      "{ ?r a gk:AnalysisResult } }"))
    assert int(n[0]["n"].value) == n_authors
    ws.close()


def test_every_command_has_help_with_examples():
    runner = CliRunner()
    for cmd in ("centrality", "collaborators", "pairs", "path", "communities", "stats"):
        r = runner.invoke(cli, [cmd, "--help"])
        assert r.exit_code == 0 and "Examples:" in r.output and "--kg" in r.output


def test_centrality_reads_no_corpus_for_the_saved_graph(seed_ws_path):
    """An analysis that needs only the whole coauthor graph reads the one the ingest saved and
    no corpus; other graphs and year ranges still read the corpus. Same table either way."""
    from graphkit.cli.analysis import load_graph
    ws, corpus, g = load_graph(str(seed_ws_path), need_corpus=False)
    assert corpus is None and ws._corpus is None and g.number_of_nodes() == 45
    ws2, corpus2, g2 = load_graph(str(seed_ws_path))
    assert len(corpus2.papers) == 25 and list(g2.edges(data=True)) == list(g.edges(data=True))
    _, corpus3, _ = load_graph(str(seed_ws_path), year_from=2019, need_corpus=False)
    assert corpus3 is not None and min(p.year for p in corpus3.papers.values()) == 2019
    _, corpus4, _ = load_graph(str(seed_ws_path), which="knowledge", need_corpus=False)
    assert corpus4 is not None
    r = CliRunner().invoke(cli, ["centrality", "--top", "3", "--kg", str(seed_ws_path), "--format", "csv"])
    assert [row["name"] for row in rows_of(r)] == ["Maxim Naumov", "Dheevatsa Mudigere", "Liang Luo"]


def test_path_top_0_stops_at_1000_paths(tmp_path):
    """Alpha - 4 layers of 6 people, each joined to all 6 of the next - Omega: 6^4 = 1,296
    shortest paths; --top 0 lists the first 1,000 and says there are more (a denser graph
    held millions, listed without end)."""
    layers = [["Alpha Start"]] + [[f"Person{chr(65 + i)} Layer{chr(65 + j)}" for i in range(6)]
                                  for j in range(4)] + [["Omega End"]]
    entries = []
    for left, right in zip(layers, layers[1:]):
        for a in left:
            for b in right:
                entries.append(f"@article{{e{len(entries)}, title={{Paper {len(entries)}}}, "
                               f"author={{{a} and {b}}}, year={{2020}}}}\n")
    bib = tmp_path / "ladder.bib"
    bib.write_text("".join(entries))
    kg = tmp_path / "l.kg"
    r = CliRunner().invoke(cli, ["ingest", "--kg", str(kg), "--no-phrases", str(bib)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["path", "Alpha Start", "Omega End", "--top", "0", "--format", "json",
                                 "--kg", str(kg)])
    hops = json.loads(r.stdout)
    assert len({h["path"] for h in hops}) == 1000 and len(hops) == 5000
    assert "showing the first 1,000 shortest paths; there are more" in r.stderr


def test_communities_options_out_of_range_or_unused_are_said(run):
    r = run("communities", "--members", "-1")
    assert r.exit_code == 2 and "-1 is not in the range x>=0" in r.output
    r = run("communities", "--algorithm", "louvain", "--iterations", "3", "--top", "1")
    assert r.exit_code == 0 and "note: --iterations counts Leiden's passes; Louvain runs until stable" in r.stderr
