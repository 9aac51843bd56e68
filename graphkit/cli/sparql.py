"""graphkit queries | query | serve"""
from __future__ import annotations

import json
import sys

import click

from ..errors import QueryError
from .base import cli, kg_option, open_ws
from .output import emit, note

QUERY_FORMATS = ("table", "csv", "tsv", "json", "sparql-json", "sparql-xml", "turtle", "ntriples", "jsonld")


def _params(values) -> dict:
    out = {}
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"{v!r}: write NAME=VALUE (or NAME:TYPE=VALUE)", param_hint="-p")
        name, value = v.split("=", 1)
        name = name.strip().lstrip("?$")
        if not name:
            raise click.BadParameter(f"{v!r}: the parameter name is empty", param_hint="-p")
        out[name] = value
    return out


@cli.command()
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format (data goes to stdout).")
def queries(name, fmt):
    """List the SPARQL query library (queries/*.rq), or show one query.

    Each query has a title, a description and parameters (name, type, default); run one with
    'graphkit query NAME -p name=value'.

    \b
    Examples:
      graphkit queries
      graphkit queries coauthors            # header and SPARQL text of one query
      graphkit queries --format json
    """
    from ..rdf.queries import get_query, load_library

    lib = load_library()
    if name:
        q = get_query(name)
        if fmt == "json":
            click.echo(json.dumps(_query_info(q), indent=2, ensure_ascii=False))
        else:
            click.echo(q.text.rstrip("\n"))
        return
    if fmt == "json":
        click.echo(json.dumps([_query_info(q) for q in lib.values()], indent=2, ensure_ascii=False))
        return
    emit([{"name": q.name, "form": q.form.upper(),
           "params": ", ".join(p.describe() for p in q.params), "title": q.title} for q in lib.values()],
         "table", ["name", "form", "params", "title"])


def _query_info(q) -> dict:
    return {"name": q.name, "title": q.title, "description": q.description, "form": q.form,
            "params": [{"name": p.name, "type": p.type, "default": p.default} for p in q.params],
            "path": q.path, "text": q.text}


@cli.command()
@click.argument("spec", required=False, metavar="NAME|FILE.rq")
@click.option("-e", "--expression", "expr", metavar="SPARQL", help="Run this SPARQL text.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter (repeatable). Typed: NAME:TYPE=VALUE, e.g. year:integer=2019, "
                   "or y:gyear=2019 to match fabio:hasPublicationYear (an xsd:gYear).")
@kg_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True,
              help="SELECT: table, csv, tsv, json (plain values), sparql-json or sparql-xml (W3C). "
                   "ASK: true/false. CONSTRUCT/DESCRIBE: turtle (default), ntriples, jsonld.")
@click.option("--show", is_flag=True, help="Print the query with its parameters bound instead of running it.")
def query(spec, expr, params, kg, fmt, show):
    """Run a SPARQL query: a library query by name, a .rq file, or text with -e.

    Parameters are bound as RDF terms (a VALUES block), never pasted into the query text; an
    author parameter accepts a name ("Maxim Naumov"), a key or an IRI. The usual prefixes
    (dcterms, foaf, gk, pro, schema, skos, ...) are declared for you. The default graph is the
    union of all graphs (knowledge graph, provenance, saved analyses).

    \b
    Examples:
      graphkit query coauthors -p author="Maxim Naumov"
      graphkit query top-authors -p limit=5 --format csv
      graphkit query paper-authors -p paper="The Llama 3 Herd of Models"
      graphkit query my-query.rq -p year:integer=2019
      graphkit query -e 'SELECT ?name WHERE { ?a a foaf:Person ; foaf:name ?name } LIMIT 5'
      graphkit query describe-author --format jsonld
      graphkit query coauthors --show        # the SPARQL that would run
    """
    from ..rdf import queries as Q

    if bool(spec) == bool(expr):
        raise click.UsageError("give a query NAME, a FILE.rq or -e 'SPARQL' (exactly one)")
    q = Q.parse_query_text(expr, "expression") if expr else Q.load_query(spec)
    ws = open_ws(kg)
    prepared = Q.prepare(ws, q, _params(params))
    if show:
        click.echo(prepared.text.rstrip("\n"))
        return
    res = Q.execute(ws, prepared)
    if prepared.union and ("AnalysisResult" in prepared.text or Q.ANALYSIS in prepared.text):
        for name, gen, now in Q.stale_analyses(ws):
            note(f"warning: the saved analysis {name!r} was computed on generation {gen} of the "
                 f"workspace, which is at {now} now (ingests, merges or splits since): its results "
                 "miss what changed; run it again with --save")
    out = sys.stdout
    if res.form == "ask":
        if fmt == "sparql-json":
            out.write(Q.serialize_results(res, "json").decode() + "\n")
        elif fmt == "sparql-xml":
            out.write(Q.serialize_results(res, "xml").decode())
        elif fmt == "json":
            out.write(json.dumps(res.boolean) + "\n")
        else:
            out.write(("true" if res.boolean else "false") + "\n")
        return
    if res.form == "graph":
        if fmt in ("sparql-json", "sparql-xml"):
            raise QueryError(f"{q.name}: a CONSTRUCT/DESCRIBE result is a graph; use --format turtle, "
                             "ntriples or jsonld")
        if fmt in ("csv", "tsv"):
            emit([{"subject": str(t.subject), "predicate": str(t.predicate), "object": str(t.object)}
                  for t in sorted(res.triples, key=str)], fmt, ["subject", "predicate", "object"])
        else:
            g = {"json": "jsonld", "table": "turtle"}.get(fmt, fmt)
            sys.stdout.flush()
            data = Q.serialize_graph(res.triples, g)
            out.write(data.decode("utf-8"))
            if data and not data.endswith(b"\n"):
                out.write("\n")
        note(f"{len(res.triples)} triples")
        return
    if fmt in ("turtle", "ntriples", "jsonld"):
        raise QueryError(f"{q.name}: a SELECT result is a table; use --format table, csv, tsv, json, "
                         "sparql-json or sparql-xml")
    if fmt in ("sparql-json", "sparql-xml"):
        data = Q.serialize_results(res, "json" if fmt == "sparql-json" else "xml").decode("utf-8")
        out.write(data if data.endswith("\n") else data + "\n")
    else:
        emit(Q.rows_as_dicts(res, compact=(fmt == "table")), fmt, res.variables)
    note(f"{len(res.rows)} rows")


@cli.command()
@kg_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on. Anything but loopback exposes the workspace to the network.")
@click.option("--port", default=7878, show_default=True, type=int, help="Port (0: any free port).")
@click.option("--timeout", "timeout", default=30.0, show_default=True, type=float,
              help="Time limit per query in seconds (the query is stopped, answer 503).")
@click.option("--max-rows", default=10000, show_default=True, type=int,
              help="Largest result (rows or triples) returned; a larger one is refused with a 400.")
@click.option("--workers", default=2, show_default=True, type=int,
              help="Queries run at the same time (each in its own process).")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let pages from ORIGIN (e.g. https://yasgui.triply.cc; '*': any site) read the "
                   "answers: browser SPARQL clients on another origin need it. Repeatable. Default: none.")
def serve(kg, host, port, timeout, max_rows, workers, cors):
    """Serve the workspace over HTTP: a read-only SPARQL 1.1 endpoint, a query page and the
    workspace's HTML visuals.

    \b
    Endpoints:
      /sparql          SPARQL 1.1 Protocol (GET ?query=, POST form or application/sparql-query);
                       results as SPARQL JSON/XML, CSV, TSV; graphs as Turtle, N-Triples,
                       JSON-LD (content negotiation, or ?format=json|xml|csv|tsv|turtle|...)
      /                a page to type and run queries, with the library's queries as examples
      /queries         the query library as JSON; /queries/NAME?param=value runs one
      /viz/VIEW        interactive network views; /report  the workspace report
    Updates and federated queries (SERVICE) are refused (403). Each query runs in a worker
    process that is stopped at the time limit. A query's FROM / FROM NAMED, or the request's
    default-graph-uri / named-graph-uri, choose the graphs; otherwise the default graph is the
    union of all graphs.

    \b
    Examples:
      graphkit serve
      graphkit serve --kg team.kg --port 8000 --timeout 10
      graphkit serve --cors https://yasgui.triply.cc    # YASGUI in the browser
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:7878/sparql
    """
    from ..server import serve as run_server

    if kg.startswith(("http://", "https://")):
        raise QueryError(f"{kg} is already a SPARQL endpoint; serve a workspace directory")
    ws = open_ws(kg)
    run_server(ws.path, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers,
               cors=cors, announce=note)
