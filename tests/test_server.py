"""`graphkit serve` over real HTTP: the server runs as its own process (the CLI), clients are
SPARQLWrapper, rdflib's SPARQLStore and plain urllib with explicit Accept headers."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_TITLE = '<script>alert("title")</script> & friends'
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MAX_ROWS = 30  # (fewer than the seed workspace's author names: lookups must not count)
CORS_ORIGIN = "https://yasgui.example"
EXTRA_PROFILE = """Ada Example

LG
1papers

1 Papers

LGMar 3, 2020
A Paper Added While Serving

Ada Example, Maxim Naumov

An abstract.
"""


def _start(kg: Path, env: dict, *args) -> tuple[subprocess.Popen, str, list[str]]:
    """Start 'graphkit serve' on a free loopback port; returns (process, base URL, stderr lines)."""
    proc = subprocess.Popen([sys.executable, "-m", "graphkit", "serve", "--kg", str(kg), "--port", "0", *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        m = re.search(r"at (http://127\.0\.0\.1:\d+)/ ", line)
        if m:
            threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True).start()
            return proc, m.group(1), lines
    proc.kill()
    raise AssertionError("the server did not start: " + "".join(lines))


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _workers_of(path: Path) -> list[int]:
    out = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "graphkit.server --worker" in cmd and str(path) in cmd:
                out.append(int(pid))
    return out


@pytest.fixture(scope="module")
def server(seed_ws_path, tmp_path_factory):
    base = tmp_path_factory.mktemp("serve")
    kg = base / "served.kg"
    shutil.copytree(seed_ws_path, kg)
    extra = base / "extra-queries"
    extra.mkdir()
    (extra / "hostile.rq").write_text(
        f"# title: {HOSTILE_TITLE}\n# description: a title that must stay text </script><b>bold</b>\n"
        "SELECT ?x WHERE { BIND(\"</script><script>alert(1)</script>\" AS ?x) }\n")
    env = {**os.environ, "GRAPHKIT_QUERIES": str(extra), "PYTHONPATH": str(ROOT)}
    proc, url, log = _start(kg, env, "--timeout", "3", "--max-rows", str(MAX_ROWS), "--workers", "2",
                            "--cors", CORS_ORIGIN)
    yield {"url": url, "kg": kg, "proc": proc, "log": log, "base": base}
    _stop(proc)
    time.sleep(0.5)
    assert _workers_of(kg) == [], "query workers outlived the server"


def http(url, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def post_query(server, query, accept=None, **extra):
    body = urllib.parse.urlencode({"query": query, **extra}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return http(server["url"] + "/sparql", body, headers)


COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count_quads(server) -> int:
    status, _, body = post_query(server, COUNT_QUADS, "application/sparql-results+json")
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# ----------------------------------------------------------------------------- SPARQLWrapper
def test_sparqlwrapper_select_get_and_post(server):
    from SPARQLWrapper import GET, JSON, POST, XML, SPARQLWrapper
    sw = SPARQLWrapper(server["url"] + "/sparql")
    sw.setQuery("SELECT ?name (COUNT(?p) AS ?papers) WHERE { ?p dcterms:creator ?a . ?a foaf:name ?name } "
                "GROUP BY ?name ORDER BY DESC(?papers) ?name LIMIT 3")
    sw.setReturnFormat(JSON)
    sw.setMethod(GET)
    rows = sw.queryAndConvert()["results"]["bindings"]
    assert [(r["name"]["value"], r["papers"]["value"]) for r in rows] == [
        ("Maxim Naumov", "25"), ("Dheevatsa Mudigere", "4"), ("Jongsoo Park", "4")]
    sw.setMethod(POST)
    sw.setReturnFormat(XML)
    doc = sw.queryAndConvert()
    assert len(doc.getElementsByTagName("result")) == 3
    assert doc.getElementsByTagName("literal")[0].firstChild.data == "Maxim Naumov"


def test_sparqlwrapper_ask_csv_tsv_and_graphs(server):
    from SPARQLWrapper import CSV, JSON, TSV, TURTLE, SPARQLWrapper
    sw = SPARQLWrapper(server["url"] + "/sparql")
    sw.setQuery("ASK { ?a foaf:name 'Jongsoo Park' }")
    sw.setReturnFormat(JSON)
    assert sw.queryAndConvert()["boolean"] is True
    sw.setQuery("SELECT ?n WHERE { ?a foaf:name ?n } ORDER BY ?n LIMIT 2")
    sw.setReturnFormat(CSV)
    assert sw.queryAndConvert().decode().split("\r\n")[:3] == ["n", "Aaron Grattafiori", "Abhimanyu Dubey"]
    sw.setReturnFormat(TSV)
    assert sw.queryAndConvert().decode().splitlines() == ["?n", '"Aaron Grattafiori"', '"Abhimanyu Dubey"']
    sw.setQuery("CONSTRUCT { ?a foaf:name ?n } WHERE { ?a foaf:name ?n . FILTER(?n = 'Jongsoo Park') }")
    sw.setReturnFormat(TURTLE)
    ttl = sw.queryAndConvert()
    g = list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))
    assert [str(t.object) for t in g] == ['"Jongsoo Park"']


def test_rdflib_sparqlstore(server):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    g = Graph(store=SPARQLStore(server["url"] + "/sparql"))
    rows = list(g.query("SELECT ?t WHERE { ?p <http://purl.org/dc/terms/title> ?t . "
                        "FILTER(CONTAINS(?t, 'Llama')) }"))
    assert [str(r[0]) for r in rows] == ["The Llama 3 Herd of Models"]


# ----------------------------------------------------------------------------- protocol details
@pytest.mark.parametrize("accept, ctype, first", [
    ("application/sparql-results+json", "application/sparql-results+json", '{"head": {"vars": ["n"]}'),
    ("application/sparql-results+xml", "application/sparql-results+xml", '<?xml version="1.0"'),
    ("text/csv", "text/csv", "n\r\nAaron Grattafiori\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", '?n\n"Aaron Grattafiori"\n'),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", "<?xml"),
    (None, "application/sparql-results+json", "{"),
])
def test_select_content_negotiation(server, accept, ctype, first):
    status, headers, body = post_query(server, "SELECT ?n WHERE { ?a foaf:name ?n } ORDER BY ?n LIMIT 1", accept)
    assert status == 200 and headers["Content-Type"].startswith(ctype)
    assert body.decode().startswith(first)


@pytest.mark.parametrize("accept, ctype, fmt", [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_graph_content_negotiation(server, accept, ctype, fmt):
    q = "DESCRIBE ?a WHERE { ?a foaf:name 'Jongsoo Park' }"
    status, headers, body = post_query(server, q, accept)
    assert status == 200 and headers["Content-Type"].startswith(ctype)
    triples = list(ox.parse(body, format=fmt))
    assert any(str(t.object) == '"Jongsoo Park"' for t in triples)
    assert all(t.subject.value.endswith("author-jongsoo-park") for t in triples)


def test_get_with_format_parameter_and_not_acceptable(server):
    q = urllib.parse.quote("SELECT ?n WHERE { ?a foaf:name ?n } LIMIT 1")
    status, headers, _ = http(f"{server['url']}/sparql?query={q}&format=csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, _, body = http(f"{server['url']}/sparql?query={q}", headers={"Accept": "image/png"})
    assert status == 406
    status, _, body = post_query(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")
    assert status == 406 and b"graph" in body


def test_updates_are_refused(server):
    from SPARQLWrapper import POST, SPARQLWrapper
    before = count_quads(server)
    sw = SPARQLWrapper(server["url"] + "/sparql")
    sw.setMethod(POST)
    sw.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as e:
        sw.query()
    assert e.value.code == 403
    url = server["url"]
    for status, _, body in (
        http(url + "/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"}),
        http(url + "/sparql", urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
             {"Content-Type": "application/x-www-form-urlencoded"}),
        post_query(server, "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }"),
        http(url + "/sparql?update=" + urllib.parse.quote("DROP ALL")),
        http(url + "/update", b"DROP ALL", {"Content-Type": "application/sparql-update"}),
        http(url + "/sparql", b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"}, method="PUT"),
    ):
        assert status == 403 and b"read-only" in body
    assert count_quads(server) == before


def test_time_limit_stops_a_runaway_query(server):
    status, _, body = post_query(server, EXPENSIVE, "application/sparql-results+json")
    assert status == 503
    assert b"time limit of 3 s" in body
    # the stopped worker was replaced: the endpoint keeps answering
    assert count_quads(server) > 1000


def test_result_size_limit(server):
    status, _, body = post_query(server, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
    assert status == 400 and f"more than {MAX_ROWS} rows".encode() in body
    status, _, body = post_query(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}", "text/csv")
    assert status == 200 and body.count(b"\r\n") == MAX_ROWS + 1
    status, _, body = post_query(server, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "text/turtle")
    assert status == 400 and b"rows" in body


def test_syntax_error_names_line_and_column(server):
    status, _, body = post_query(server, "SELECT ?s\nWHERE {\n  ?s ?p }")
    assert status == 400
    assert b"error at line 3, column" in body


def test_dataset_parameters(server):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, _, body = post_query(server, q, "text/csv", **{"default-graph-uri": "urn:no-such-graph"})
    assert status == 200 and body.decode().split("\r\n")[1] == "0"


def test_a_querys_own_dataset_is_used(server):
    """FROM / FROM NAMED in the query choose the graphs (the union of all graphs replaced them:
    FROM <urn:nothing> counted every quad); the request's graphs are the dataset when given,
    named graphs alone leaving the default graph empty; a bad graph IRI is the client's error."""
    prov = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), " \
           "'https://w3id.org/graphkit/source/')) } GROUP BY ?g"
    status, _, body = post_query(server, prov, "text/csv")
    (graph, n), = [line.split(",") for line in body.decode().split("\r\n")[1:] if line]
    counts = {}
    for label, q, extra in (
            ("nothing", "SELECT (COUNT(*) AS ?n) FROM <urn:nothing> WHERE { ?s ?p ?o }", {}),
            ("from", f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}", {}),
            ("named", f"SELECT (COUNT(*) AS ?n) FROM NAMED <{graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
            ("named-param", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"named-graph-uri": graph})):
        status, _, body = post_query(server, q, "text/csv", **extra)
        assert status == 200, body
        counts[label] = int(body.decode().split("\r\n")[1])
    assert counts == {"nothing": 0, "from": int(n), "named": int(n), "named-param": 0} and int(n) > 10
    # default-graph-uri alone: no named graphs either (GRAPH ?g saw every graph)
    status, _, body = post_query(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv",
                                 **{"default-graph-uri": graph})
    assert status == 200 and body.decode().split("\r\n")[1] == "0"
    status, _, body = post_query(server, "ASK {}", "text/csv", **{"default-graph-uri": "not an iri"})
    assert status == 400 and b"not an IRI" in body


def test_federated_queries_and_two_queries_are_refused(server):
    status, _, body = post_query(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body
    status, _, body = post_query(server, "SELECT * WHERE { ?s <urn:service> 'SERVICE' } LIMIT 1", "text/csv")
    assert status == 200  # (the word in an IRI or a string is no SERVICE clause)
    # an escaped quote in a prefixed name hid the rest of the query from the check
    hidden = ("PREFIX ex: <http://example.org/> SELECT * WHERE { OPTIONAL { ?s ?p ex:a\\' } "
              "SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } FILTER(?o != 'x') }")
    status, _, body = post_query(server, hidden)
    assert status == 403 and b"SERVICE" in body
    body = urllib.parse.urlencode([("query", "ASK {}"), ("query", "ASK { ?s ?p ?o }")]).encode()
    status, _, answer = http(server["url"] + "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and b"more than one query" in answer


def test_cors_for_the_origins_given(server):
    pre = {"Origin": CORS_ORIGIN, "Access-Control-Request-Method": "POST",
           "Access-Control-Request-Headers": "content-type"}
    status, headers, _ = http(server["url"] + "/sparql", headers=pre, method="OPTIONS")
    assert status == 204 and headers["Access-Control-Allow-Origin"] == CORS_ORIGIN
    assert "POST" in headers["Access-Control-Allow-Methods"]
    status, headers, _ = http(server["url"] + "/sparql?query=ASK%7B%7D", headers={"Origin": CORS_ORIGIN,
                                                                                 "Accept": "text/csv"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == CORS_ORIGIN
    status, headers, _ = http(server["url"] + "/sparql?query=ASK%7B%7D", headers={"Origin": "https://evil.example",
                                                                                 "Accept": "text/csv"})
    assert status == 200 and headers.get("Access-Control-Allow-Origin") is None


def test_host_header_guard(server):
    status, _, body = http(server["url"] + "/", headers={"Host": "attacker.example:80"})
    assert status == 403 and b"loopback" in body


# ----------------------------------------------------------------------------- pages
def test_query_page_lists_the_library_escaped(server):
    status, headers, body = http(server["url"] + "/", headers={"Accept": "text/html"})
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    nonce = re.search(r"script-src 'nonce-([^']+)'", headers["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in page
    assert ">coauthors — Coauthors of an author</option>" in page
    # defaults are bound in the examples (Maxim Naumov -> his IRI)
    assert "VALUES (?author) { (\\u003chttps://w3id.org/graphkit/id/author-maxim-naumov\\u003e) }" in page
    # text from query files never becomes markup
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; friends" in page
    assert "<script>alert" not in page and "</script><b>" not in page
    assert page.count("<script") == 2


def test_library_over_http(server):
    status, _, body = http(server["url"] + "/queries")
    names = {q["name"] for q in json.loads(body)}
    assert status == 200 and {"coauthors", "paper-authors", "hostile"} <= names and len(names) >= 15
    status, headers, body = http(server["url"] + "/queries/coauthors?author=Jongsoo%20Park&format=csv")
    assert status == 200
    assert body.decode().split("\r\n")[1].startswith("https://w3id.org/graphkit/id/author-maxim-naumov,Maxim Naumov,4,")
    status, _, body = http(server["url"] + "/queries/paper-authors?paper=" + urllib.parse.quote('x" } ; DROP ALL ; #'))
    assert status == 400 and b"no paper named" in body
    status, _, body = http(server["url"] + "/queries/coauthor")
    assert status == 404 and b"available: are-coauthors" in body
    # a name found by the folded comparison with every label (more of them than --max-rows)
    status, _, body = http(server["url"] + "/queries/coauthors?author=JONGSOO%20park&format=csv")
    assert status == 200 and b"author-maxim-naumov" in body
    status, _, body = http(server["url"] + "/queries/coauthors?author=Nobody")
    assert status == 400 and b"no author named 'Nobody'" in body


def test_visuals(server):
    try:
        from graphkit.viz import network  # noqa: F401
    except ImportError:
        status, _, body = http(server["url"] + "/viz/coauthors")
        assert status == 404 and b"not available" in body
        return
    status, headers, body = http(server["url"] + "/viz/coauthors")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert body.lstrip().lower().startswith(b"<!doctype html")
    status, _, body = http(server["url"] + "/viz/ego?author=Jongsoo%20Park")
    assert status == 200 and b"Jongsoo Park" in body
    status, _, body = http(server["url"] + "/viz/nonsense")
    assert status == 404 and b"coauthors" in body
    status, _, body = http(server["url"] + "/viz/coauthors?depth=deep")
    assert status == 400
    status, headers, body = http(server["url"] + "/report")
    assert status == 200 and headers["Content-Type"].startswith("text/html")


def test_new_generation_is_served(server):
    """An ingest while serving switches the workspace; the next query sees the new data."""
    from graphkit.rdf.store import Workspace
    from graphkit.sources import ReadContext
    q = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://schema.org/ScholarlyArticle> }"
    status, _, body = post_query(server, q, "text/csv")
    assert body.decode().split("\r\n")[1] == "25"
    f = server["base"] / "extra-profile.txt"
    f.write_text(EXTRA_PROFILE)
    Workspace(server["kg"]).ingest([str(f)], ctx=ReadContext())
    status, _, body = post_query(server, q, "text/csv")
    assert status == 200 and body.decode().split("\r\n")[1] == "26"


def test_cli_serve_refuses_an_endpoint_url():
    r = subprocess.run([sys.executable, "-m", "graphkit", "serve", "--kg", "http://127.0.0.1:9/sparql"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 1 and "already a SPARQL endpoint" in r.stderr and "Traceback" not in r.stderr
