"""A SPARQL 1.1 endpoint as a workspace: ``--kg http(s)://host/sparql``.

``RemoteWorkspace`` offers the Workspace interface where it makes sense: ``query()`` (SPARQL
1.1 Protocol), ``corpus()`` (rebuilt from SELECT results by ``corpus_from_store``),
``manifest``/``issues()``, ``replace_named_graph()`` (saved analyses) and ``ingest()``.

Where the data goes on the server:

* the knowledge graph: the named graph ``https://w3id.org/graphkit/graph/knowledge`` (or the
  graph named by ``GRAPHKIT_SPARQL_GRAPH``; ``default`` writes to the default graph);
* provenance: one named graph per source file, as in the embedded store;
* the workspace description (sources, warnings) as JSON in ``https://w3id.org/graphkit/graph/workspace``.

Queries expect the server's default graph to be the union of its graphs, as in the embedded
store (Virtuoso, GraphDB and QLever do this out of the box; Fuseki with
``tdb2:unionDefaultGraph true``; ``oxigraph serve --union-default-graph``).

Ingest resolves the new files together with everything ingested before, exactly as the
embedded workspace does: the parsed records live in a local folder (``GRAPHKIT_REMOTE_STATE``,
default ``~/.cache/graphkit/remote/<host-port-path>``), and the resolved graphs are written to
the server in batches (SPARQL Update ``INSERT DATA``, or the Graph Store Protocol when
``GRAPHKIT_SPARQL_GSP_URL`` is set). The server is not transactional across batches: the
workspace description is written last, so an interrupted ingest is visible as a missing one.

Environment:

=============================== =======================================================
``GRAPHKIT_SPARQL_UPDATE_URL``  update endpoint (default: the query URL)
``GRAPHKIT_SPARQL_GSP_URL``     Graph Store Protocol endpoint (writes use it when set)
``GRAPHKIT_SPARQL_USER``        user name for every request (with the password below)
``GRAPHKIT_SPARQL_PASSWORD``    password
``GRAPHKIT_SPARQL_AUTH``        ``basic`` (default) or ``digest`` (Virtuoso's /sparql-auth)
``GRAPHKIT_SPARQL_GRAPH``       graph for the knowledge graph (IRI, or ``default``)
``GRAPHKIT_SPARQL_BATCH``       triples per write request (default 2000)
``GRAPHKIT_SPARQL_TIMEOUT``     seconds per request (default 300)
``GRAPHKIT_REMOTE_STATE``       local folder for the parsed records
=============================== =======================================================
"""
from __future__ import annotations

import itertools
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import GraphkitError, QueryError, WorkspaceError
from ..model import Issue
from .vocab import ANALYSIS, DECISIONS, GK, PROV, RDF, SOURCE

KNOWLEDGE_GRAPH = "https://w3id.org/graphkit/graph/knowledge"
WORKSPACE_GRAPH = "https://w3id.org/graphkit/graph/workspace"
RESULTS_XML = "application/sparql-results+xml"  # Virtuoso's JSON writes booleans as "1": XML is faithful


def _slug(url: str) -> str:
    p = urllib.parse.urlsplit(url)
    return re.sub(r"[^A-Za-z0-9.]+", "-", f"{p.hostname}-{p.port or ''}-{p.path}").strip("-") or "endpoint"


@dataclass(frozen=True)
class EndpointConfig:
    """Where and how to talk to the server (see the module docstring for the variables)."""

    query_url: str
    update_url: str
    gsp_url: str | None = None
    user: str | None = None
    password: str | None = None
    auth: str = "basic"
    graph: str = KNOWLEDGE_GRAPH
    batch: int = 2000
    timeout: float = 300.0
    state_dir: str = ""

    @classmethod
    def from_env(cls, url: str, env=None) -> "EndpointConfig":
        env = os.environ if env is None else env
        parts = urllib.parse.urlsplit(url)
        if parts.username or parts.password:
            raise WorkspaceError("put credentials in GRAPHKIT_SPARQL_USER and GRAPHKIT_SPARQL_PASSWORD, "
                                 "not in the endpoint URL")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise WorkspaceError(f"{url!r} is not an http(s) SPARQL endpoint URL")
        auth = (env.get("GRAPHKIT_SPARQL_AUTH") or "basic").lower()
        if auth not in ("basic", "digest"):
            raise WorkspaceError(f"GRAPHKIT_SPARQL_AUTH must be basic or digest, not {auth!r}")
        try:
            batch = int(env.get("GRAPHKIT_SPARQL_BATCH") or 2000)
            timeout = float(env.get("GRAPHKIT_SPARQL_TIMEOUT") or 300)
        except ValueError as exc:
            raise WorkspaceError(f"GRAPHKIT_SPARQL_BATCH / GRAPHKIT_SPARQL_TIMEOUT: {exc}") from None
        cache = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        state = env.get("GRAPHKIT_REMOTE_STATE") or str(cache / "graphkit" / "remote" / _slug(url))
        graph = env.get("GRAPHKIT_SPARQL_GRAPH") or KNOWLEDGE_GRAPH
        return cls(query_url=url, update_url=env.get("GRAPHKIT_SPARQL_UPDATE_URL") or url,
                   gsp_url=env.get("GRAPHKIT_SPARQL_GSP_URL") or None,
                   user=env.get("GRAPHKIT_SPARQL_USER") or None,
                   password=env.get("GRAPHKIT_SPARQL_PASSWORD") or None, auth=auth, graph=graph,
                   batch=max(1, batch), timeout=timeout, state_dir=state)


def ascii_ntriples(line: str) -> str:
    """N-Triples with every non-ASCII character as a \\u or \\U escape (valid N-Triples,
    Turtle and SPARQL; immune to servers that mangle UTF-8 request bodies).

    >>> ascii_ntriples('<urn:a> <urn:b> "Máxim 𝔊" .')
    '<urn:a> <urn:b> "M\\\\u00E1xim \\\\U0001D50A" .'
    """
    if line.isascii():
        return line
    return "".join(c if ord(c) < 128 else (f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}")
                   for c in line)


class RemoteWorkspace:
    """A workspace held by a SPARQL 1.1 server."""

    remote = True

    def __init__(self, url: str, config: EndpointConfig | None = None):
        self.url = url
        self.config = config or EndpointConfig.from_env(url)
        self._opener = self._make_opener()
        self._corpus = None
        self._manifest = None

    def __repr__(self) -> str:
        return f"RemoteWorkspace({self.url!r})"

    # ------------------------------------------------------------ HTTP
    def _make_opener(self):
        c = self.config
        handlers = []
        if c.user:
            urls = [u for u in (c.query_url, c.update_url, c.gsp_url) if u]
            if c.auth == "digest":
                mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                for u in urls:
                    mgr.add_password(None, u, c.user, c.password or "")
                handlers.append(urllib.request.HTTPDigestAuthHandler(mgr))
            else:
                mgr = urllib.request.HTTPPasswordMgrWithPriorAuth()
                for u in urls:
                    mgr.add_password(None, u, c.user, c.password or "", is_authenticated=True)
                handlers.append(urllib.request.HTTPBasicAuthHandler(mgr))
        return urllib.request.build_opener(*handlers)

    def _request(self, url: str, data: bytes | None, headers: dict, method: str | None = None,
                 what: str = "request") -> tuple[str, bytes]:
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self._opener.open(req, timeout=self.config.timeout) as r:
                return r.headers.get("Content-Type") or "", r.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()
            if exc.code in (401, 403):
                hint = (" (set GRAPHKIT_SPARQL_USER / GRAPHKIT_SPARQL_PASSWORD"
                        + (", and GRAPHKIT_SPARQL_AUTH=digest for Virtuoso's /sparql-auth" if exc.code == 401 else "")
                        + "; writes may need GRAPHKIT_SPARQL_UPDATE_URL)")
            else:
                hint = ""
            raise QueryError(f"the SPARQL endpoint {url} refused the {what}: HTTP {exc.code} "
                             f"{exc.reason}: {body[:800]}{hint}") from None
        except urllib.error.URLError as exc:
            raise WorkspaceError(f"cannot reach the SPARQL endpoint {url}: {exc.reason}") from None
        except (TimeoutError, OSError) as exc:
            raise WorkspaceError(f"the SPARQL endpoint {url} did not answer: {exc}") from None

    def query(self, sparql: str, substitutions: dict | None = None):
        """Run SPARQL on the server; returns pyoxigraph results like ``Workspace.query``
        (``substitutions`` are bound as a VALUES block)."""
        import pyoxigraph as ox

        from .queries import bind_values, query_form
        if substitutions:
            sparql = bind_values(sparql, substitutions)
        form = query_form(sparql)
        accept = ("application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
                  if form in ("construct", "describe") else f"{RESULTS_XML}, application/sparql-results+json;q=0.5")
        ctype, body = self._request(self.config.query_url, urllib.parse.urlencode({"query": sparql}).encode(),
                                    {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
                                    what="query")
        media = ctype.split(";")[0].strip().lower()
        try:
            if media in (RESULTS_XML, "application/xml", "text/xml"):
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
            if media in ("application/sparql-results+json", "application/json"):
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            rdf = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
                   "text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML,
                   "application/ld+json": ox.RdfFormat.JSON_LD}.get(media)
            if rdf is not None:
                return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=rdf)]
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"cannot read the answer of {self.config.query_url} ({media}): {exc}") from None
        raise QueryError(f"the SPARQL endpoint {self.config.query_url} answered with {media or 'no type'}, "
                         "not SPARQL results")

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the update endpoint."""
        self._request(self.config.update_url, urllib.parse.urlencode({"update": sparql}).encode(),
                      {"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"}, what="update")

    # ------------------------------------------------------------ reading
    def exists(self) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{WORKSPACE_GRAPH}> {{ ?s ?p ?o }} }}")) or bool(
            self.query("ASK { ?p a <https://schema.org/ScholarlyArticle> }"))

    @property
    def manifest(self) -> dict:
        """The workspace description written by the last ingest (sources, warnings, counts);
        for data loaded by other means, the sources found in the provenance graphs."""
        if self._manifest is None:
            rows = list(self.query(f"SELECT ?m WHERE {{ GRAPH <{WORKSPACE_GRAPH}> "
                                   f"{{ <{WORKSPACE_GRAPH}> <{GK}manifest> ?m }} }}"))
            if rows:
                self._manifest = json.loads(rows[0]["m"].value)
            else:
                srcs = self.query(f"SELECT ?g ?path ?fmt WHERE {{ GRAPH ?g {{ ?g a <{PROV}Entity> ; "
                                  f"<{GK}sourcePath> ?path . OPTIONAL {{ ?g <{GK}sourceFormat> ?fmt }} }} }} ORDER BY ?path")
                self._manifest = {"sources": [{"path": s["path"].value, "format": s["fmt"].value if s["fmt"] else None,
                                               "records": None, "skipped": None, "warnings": None} for s in srcs],
                                  "issues": [], "generation": 0}
        return self._manifest

    @property
    def generation(self):
        return None

    def issues(self) -> list[Issue]:
        return [Issue(**i) for i in self.manifest.get("issues", [])]

    def corpus(self, abstracts: bool | None = None):  # (read from the server with abstracts)
        """The corpus, rebuilt from the server with SPARQL SELECTs (cached on this object)."""
        if self._corpus is None:
            from .read import corpus_from_store
            self._corpus = corpus_from_store(self.query, issues=self.issues())
        return self._corpus

    def quad_count(self) -> int:
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"))
        return int(rows[0]["n"].value)

    def store(self, write: bool = False):
        raise GraphkitError(f"{self.url} is a SPARQL endpoint, not a local store: use 'graphkit query' "
                            "(CONSTRUCT) or the server's own export to get RDF out of it")

    def close(self) -> None:
        pass

    @contextmanager
    def lock(self):
        yield

    def decisions(self):
        return self._mirror().decisions() if self._mirror().exists() else None

    # ------------------------------------------------------------ writing
    def _graph_ref(self, graph: str | None) -> str:
        return "DEFAULT" if graph in (None, "default") else f"GRAPH <{graph}>"

    def drop_graph(self, graph: str | None) -> None:
        """Remove a graph (``None``/``"default"``: the default graph) from the server."""
        c = self.config
        if c.gsp_url:
            url = c.gsp_url + ("&" if "?" in c.gsp_url else "?") + (
                "default" if graph in (None, "default") else urllib.parse.urlencode({"graph": graph}))
            try:
                self._request(url, None, {"Accept": "*/*"}, method="DELETE", what="graph deletion")
            except QueryError as exc:
                if "HTTP 404" not in str(exc):
                    raise
            return
        if graph in (None, "default"):
            self.update("CLEAR SILENT DEFAULT")
        else:
            self.update(f"DROP SILENT GRAPH <{graph}>")

    def write_graph(self, graph: str | None, lines) -> int:
        """Add N-Triples ``lines`` (without newlines) to a graph, in batches. Returns the count."""
        c = self.config
        n = 0
        it = iter(lines)
        while True:
            chunk = [ascii_ntriples(ln) for ln in itertools.islice(it, c.batch)]
            if not chunk:
                return n
            body = "\n".join(chunk) + "\n"
            if c.gsp_url:
                url = c.gsp_url + ("&" if "?" in c.gsp_url else "?") + (
                    "default" if graph in (None, "default") else urllib.parse.urlencode({"graph": graph}))
                self._request(url, body.encode("ascii"), {"Content-Type": "text/turtle", "Accept": "*/*"},
                              method="POST", what="graph write")
            elif graph in (None, "default"):
                self.update("INSERT DATA {\n" + body + "}")
            else:
                self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")
            n += len(chunk)

    def replace_named_graph(self, graph_iri: str, nquad_lines) -> int:
        """Replace one named graph (analysis results, decisions) with N-Triples lines."""
        lines = [ln.rstrip("\n").rstrip() for ln in nquad_lines]
        self.drop_graph(graph_iri)
        n = self.write_graph(graph_iri, (ln for ln in lines if ln))
        self._corpus = None
        return n

    def _mirror(self):
        from .store import Workspace
        return Workspace(self.config.state_dir)

    def _server_graphs(self) -> list[str]:
        """graphkit's own graphs on the server (other data is left alone)."""
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{PROV}Entity> }} "
                          f"FILTER(STRSTARTS(STR(?g), \"{SOURCE}\")) }}")
        return [r["g"].value for r in rows]

    def push(self, ws) -> dict:
        """Replace graphkit's graphs on the server with those of the local workspace ``ws``
        (knowledge graph, provenance, decisions; saved analyses on the server are kept).
        Returns triples written per graph."""
        import pyoxigraph as ox
        st = ws.store()
        written = {}
        self.drop_graph(WORKSPACE_GRAPH)
        kg = None if self.config.graph == "default" else self.config.graph
        self.drop_graph(kg)
        for g in self._server_graphs() + [DECISIONS]:
            self.drop_graph(g)

        def lines(quads):
            for q in quads:
                yield f"{q.subject} {q.predicate} {q.object} ."
        written[kg or "default"] = self.write_graph(kg, lines(st.quads_for_pattern(None, None, None, ox.DefaultGraph())))
        for g in sorted(st.named_graphs(), key=str):
            if g.value.startswith(ANALYSIS):
                continue
            written[g.value] = self.write_graph(g.value, lines(st.quads_for_pattern(None, None, None, g)))
        manifest = json.dumps(ws.manifest, ensure_ascii=False, sort_keys=True)
        self.write_graph(WORKSPACE_GRAPH, [
            f"<{WORKSPACE_GRAPH}> <{RDF}type> <{PROV}Collection> .",
            f"<{WORKSPACE_GRAPH}> <{GK}manifest> {ox.Literal(manifest)} ."])
        ws.close()
        self._manifest = None
        self._corpus = None
        return written

    def in_sync(self, ws) -> bool:
        """True when the server holds what the local workspace ``ws`` last wrote."""
        try:
            m = self.manifest
        except GraphkitError:
            return False
        mine = ws.manifest
        return (m.get("generation") == mine.get("generation")
                and [s.get("id") for s in m.get("sources", [])] == [s.get("id") for s in mine.get("sources", [])])

    def ingest(self, paths, *, ctx=None, fmt: str | None = None, progress=None) -> dict:
        """Read ``paths``, resolve them with everything ingested before (records kept in
        ``GRAPHKIT_REMOTE_STATE``) and write the result to the server. Same summary as
        ``Workspace.ingest``."""
        mirror = self._mirror()
        summary = mirror.ingest(paths, ctx=ctx, fmt=fmt, progress=progress)
        if summary["changed"] or not self.in_sync(mirror):
            self.push(mirror)
            summary["changed"] = True
        mirror.close()
        return summary

    def rebuild(self) -> dict:
        """Resolve the stored records again and rewrite the server's graphs."""
        mirror = self._mirror()
        if not mirror.exists():
            raise WorkspaceError(f"no records of {self.url} in {self.config.state_dir}; ingest the files again")
        counts = mirror.rebuild()
        self.push(mirror)
        return counts


__all__ = ["RemoteWorkspace", "EndpointConfig", "KNOWLEDGE_GRAPH", "WORKSPACE_GRAPH", "ascii_ntriples"]
