"""``graphkit serve``: a read-only SPARQL 1.1 Protocol endpoint over a workspace, a page to run
queries and the workspace's HTML visuals; standard library only (``http.server``).

Queries run in worker processes that open the store read-only; a query that passes the time
limit is stopped by killing its worker (pyoxigraph cannot interrupt a query in a thread) and a
fresh worker takes its place. A result larger than ``max_rows`` is refused (never cut
silently). Updates are refused with 403. The server listens on 127.0.0.1 unless told
otherwise and, on loopback, answers only requests whose Host is a loopback name (a guard
against DNS rebinding).
"""
from __future__ import annotations

import html
import json
import os
import queue
import re
import secrets
import select
import subprocess
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .errors import GraphkitError, QueryError

RESULT_TYPES = {  # media type -> format name
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/ld+json": "jsonld", "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
CONTENT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
                 "turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples",
                 "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
FORMAT_ALIASES = {"json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", None),
                  "tsv": ("tsv", None), "turtle": (None, "turtle"), "ttl": (None, "turtle"), "n3": (None, "turtle"),
                  "ntriples": (None, "ntriples"), "nt": (None, "ntriples"), "jsonld": (None, "jsonld"),
                  "json-ld": (None, "jsonld"), "rdfxml": (None, "rdfxml"), "rdf+xml": (None, "rdfxml"),
                  "rdf": (None, "rdfxml")}
MAX_BODY = 1 << 20  # bytes of a request body
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}


# ----------------------------------------------------------------------------- content negotiation
def _accept(header: str | None) -> list[tuple[str, float]]:
    out = []
    for i, part in enumerate((header or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        out.append((bits[0].lower(), q - i * 1e-6))  # earlier wins among equals
    return sorted(out, key=lambda x: -x[1])


def _format_param(values) -> tuple[str | None, str | None] | None:
    """A ``format``/``output`` parameter (a name such as json, turtle, or a media type; the
    first value that is understood wins); None if none is."""
    for v in values:
        v = (v or "").strip().lower()
        if v in FORMAT_ALIASES:
            return FORMAT_ALIASES[v]
        media = v.split(";")[0].strip()
        if media in RESULT_TYPES or media in GRAPH_TYPES:
            return RESULT_TYPES.get(media), GRAPH_TYPES.get(media)
    return None


def negotiate(accept: str | None, fmt=None) -> tuple[str | None, str | None]:
    """(results format, graph format) for an Accept header, or for explicit ``format`` values
    (which win); None where nothing acceptable is offered.

    >>> negotiate("text/csv, application/sparql-results+json;q=0.5")
    ('csv', None)
    >>> negotiate("application/ld+json")
    (None, 'jsonld')
    >>> negotiate("text/turtle", ["xml"])
    ('xml', 'rdfxml')
    >>> negotiate(None)
    ('json', 'turtle')
    """
    if fmt:
        chosen = _format_param([fmt] if isinstance(fmt, str) else fmt)
        if chosen is not None:
            return chosen
    ranges = _accept(accept)
    if not ranges:
        return "json", "turtle"
    res = graph = None
    for media, q in ranges:
        if q <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            res = res or ("csv" if media == "text/*" else "json")
            graph = graph or "turtle"
        res = res or RESULT_TYPES.get(media)
        graph = graph or GRAPH_TYPES.get(media)
    return res, graph


# ----------------------------------------------------------------------------- worker processes
class _Worker:
    """One process with the store open read-only, answering one query at a time."""

    def __init__(self, store_path: str):
        import graphkit
        root = str(Path(graphkit.__file__).resolve().parents[1])
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.store_path = store_path
        import tempfile
        self._err = tempfile.TemporaryFile()  # a file, not a pipe: a chatty worker never blocks
        self.proc = subprocess.Popen([sys.executable, "-m", "graphkit.server", "--worker", store_path],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._err,
                                     env=env)
        self._buf = b""
        self.ready = False

    def _read_until(self, deadline: float, need) -> bool:
        fd = self.proc.stdout.fileno()
        while not need():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                return False
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise EOFError("worker ended")
            self._buf += chunk
        return True

    def _line(self, deadline: float) -> dict | None:
        if not self._read_until(deadline, lambda: b"\n" in self._buf):
            return None
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line)

    def wait_ready(self, deadline: float) -> None:
        try:
            msg = self._line(deadline)
        except EOFError:
            msg = None
        if not msg or not msg.get("ready"):
            err = self.stderr_text()
            self.kill()
            raise GraphkitError(f"the query worker did not start: {msg and msg.get('error') or err or 'timeout'}")
        self.ready = True

    def ask(self, job: dict, deadline: float):
        """(status, content type, body) or None when the deadline passed."""
        self.proc.stdin.write(json.dumps(job).encode() + b"\n")
        self.proc.stdin.flush()
        head = self._line(deadline)
        if head is None:
            return None
        n = head["length"]
        if not self._read_until(deadline + 5, lambda: len(self._buf) >= n):
            return None
        body, self._buf = self._buf[:n], self._buf[n:]
        return head["status"], head["type"], body

    def stderr_text(self) -> str:
        try:
            self._err.seek(0)
            return self._err.read().decode("utf-8", "replace").strip()[-500:]
        except (OSError, ValueError):
            return ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for f in (self.proc.stdin, self.proc.stdout, self._err):
            try:
                f.close()
            except OSError:
                pass


def _open_workspace(path):
    """The served workspace; its corpus is read without abstracts, as the CLI reads it (the
    knowledge view asks for them)."""
    from .rdf.store import Workspace
    ws = Workspace.open(path)
    ws.read_abstracts = False
    return ws


class QueryPool:
    """Worker processes over the live generation of a workspace."""

    def __init__(self, ws_path, size: int = 2, timeout: float = 30.0, max_rows: int = 10000):
        self.ws = _open_workspace(ws_path)
        self.timeout = float(timeout)
        self.max_rows = int(max_rows)
        self.size = max(1, int(size))
        self._free: queue.Queue = queue.Queue()
        for _ in range(self.size):
            self._free.put(None)  # a slot; workers start on first use
        self._closed = False

    def store_path(self) -> str:
        gen = self.ws.generation
        if gen is None:
            raise GraphkitError(f"the workspace {self.ws.path} is empty")
        return str(gen / "store")

    def _take(self, deadline: float) -> _Worker | None:
        try:
            w = self._free.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            return None
        path = self.store_path()
        if w is not None and (not w.alive() or w.store_path != path):
            w.kill()  # dead, or the workspace moved to a new generation
            w = None
        if w is None:
            try:
                w = _Worker(path)
                w.wait_ready(time.monotonic() + max(30.0, self.timeout))
            except BaseException:
                self._free.put(None)
                raise
        return w

    def run(self, text: str, results_format: str | None, graph_format: str | None, *,
            original: str | None = None, prefix_chars: int = 0, default_graphs=(), named_graphs=(),
            max_rows: int | None = -1):
        """(status, content type, body) of one query, within the time limit; at most
        ``max_rows`` rows (-1: the pool's limit, None: no limit)."""
        if self._closed:
            return 503, "text/plain; charset=utf-8", b"the server is shutting down\n"
        deadline = time.monotonic() + self.timeout
        w = self._take(deadline)
        if w is None:
            return 503, "text/plain; charset=utf-8", (
                f"all {self.size} query workers are busy; try again later\n").encode()
        job = {"text": text, "original": original if original is not None else text,
               "prefix_chars": prefix_chars, "results": results_format, "graph": graph_format,
               "max_rows": self.max_rows if max_rows == -1 else max_rows, "default_graphs": list(default_graphs),
               "named_graphs": list(named_graphs)}
        try:
            answer = w.ask(job, deadline)
        except (EOFError, OSError, ValueError) as exc:
            err = w.stderr_text()
            w.kill()
            self._free.put(None)
            return 500, "text/plain; charset=utf-8", f"the query worker failed: {err or exc}\n".encode()
        if answer is None:
            w.kill()
            self._free.put(None)
            return 503, "text/plain; charset=utf-8", (
                f"the query was stopped at the time limit of {self.timeout:g} s; "
                "narrow it down (LIMIT, more specific patterns) or raise 'graphkit serve --timeout'\n").encode()
        self._free.put(w)
        return answer

    def query(self, text: str):
        """Workspace-like ``query(text)`` through the workers (pyoxigraph results), so that
        library parameters resolve under the same time limit (not the row limit: a name is
        compared with every label of the workspace)."""
        import pyoxigraph as ox
        status, ctype, body = self.run(text, "xml", "ntriples", max_rows=None)
        if status != 200:
            raise QueryError(body.decode("utf-8", "replace").strip())
        if ctype.startswith("application/n-triples"):
            return [ox.Triple(q.subject, q.predicate, q.object)
                    for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                w = self._free.get_nowait()
            except queue.Empty:
                break
            if w is not None:
                w.kill()
        self.ws.close()


def _worker_main(store_path: str) -> None:
    """Worker loop: one JSON job per line on stdin; answers a JSON header line + body."""
    out = sys.stdout.buffer
    try:
        import pyoxigraph as ox

        from .rdf import queries as Q
        store = ox.Store.read_only(store_path)
    except Exception as exc:  # report why, then stop
        out.write(json.dumps({"ready": False, "error": str(exc)}).encode() + b"\n")
        out.flush()
        return
    out.write(b'{"ready": true}\n')
    out.flush()

    class _Store:
        def __init__(self, job):
            # the dataset: the request's graphs (default-graph-uri, named-graph-uri: those and
            # no others, an empty default graph when only named graphs are given), else the
            # query's FROM / FROM NAMED, else the union of all graphs
            defaults, named = job.get("default_graphs") or [], job.get("named_graphs") or []
            try:
                if defaults or named:
                    self.kw = {"default_graph": [ox.NamedNode(g) for g in defaults],
                               "named_graphs": [ox.NamedNode(g) for g in named]}
                elif Q.uses_keyword(job["text"], "from"):
                    self.kw = {}
                else:
                    self.kw = {"use_default_graph_as_union": True}
            except ValueError as exc:
                raise GraphkitError(f"default-graph-uri / named-graph-uri: not an IRI ({exc})") from None

        def query(self, text):
            return store.query(text, **self.kw)

    for line in sys.stdin.buffer:
        job = json.loads(line)
        try:
            prepared = Q.Prepared(job["text"], job["original"], job["prefix_chars"])
            res = Q.execute(_Store(job), prepared, max_rows=job["max_rows"] or None)
            if res.form == "graph":
                if not job["graph"]:
                    raise _NotAcceptable("a CONSTRUCT/DESCRIBE result is a graph; accept text/turtle, "
                                         "application/n-triples or application/ld+json")
                status, ctype, body = 200, CONTENT_TYPES[job["graph"]], Q.serialize_graph(res.triples, job["graph"])
            else:
                if not job["results"]:
                    raise _NotAcceptable("a SELECT/ASK result is a table; accept application/sparql-results+json, "
                                         "application/sparql-results+xml, text/csv or text/tab-separated-values")
                status, ctype, body = 200, CONTENT_TYPES[job["results"]], Q.serialize_results(res, job["results"])
        except _NotAcceptable as exc:
            status, ctype, body = 406, "text/plain; charset=utf-8", (str(exc) + "\n").encode()
        except Q.ResultTooLarge as exc:
            status, ctype, body = 400, "text/plain; charset=utf-8", (
                f"{exc} or raise 'graphkit serve --max-rows'\n").encode()
        except GraphkitError as exc:
            status, ctype, body = 400, "text/plain; charset=utf-8", (str(exc) + "\n").encode()
        except Exception as exc:  # keep serving
            status, ctype, body = 500, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode()
        out.write(json.dumps({"status": status, "type": ctype, "length": len(body)}).encode() + b"\n")
        out.write(body)
        out.flush()


class _NotAcceptable(Exception):
    pass


# ----------------------------------------------------------------------------- HTTP
class GraphkitHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, pool: QueryPool, cors: tuple[str, ...] = ()):
        super().__init__(address, Handler)
        self.pool = pool
        self.cors = tuple(cors)  # origins whose pages may read the answers ("*": any)
        self.loopback = address[0] in ("127.0.0.1", "localhost", "::1") or address[0].startswith("127.")
        self._cache: dict = {}
        self._cache_lock = threading.Lock()

    def cached(self, key, make):
        gen = str(self.pool.ws.generation)
        with self._cache_lock:
            if self._cache.get("gen") != gen:
                if "gen" in self._cache:  # a new generation: a fresh Workspace (its corpus cache is per object)
                    self.pool.ws = _open_workspace(self.pool.ws.path)
                self._cache = {"gen": gen}
            if key in self._cache:
                return self._cache[key]
        value = make()
        with self._cache_lock:
            self._cache[key] = value
        return value


class Handler(BaseHTTPRequestHandler):
    server_version = "graphkit"
    protocol_version = "HTTP/1.1"
    server: GraphkitHTTPServer

    def log_message(self, fmt, *args):  # one line per request on stderr
        sys.stderr.write(f"{self.address_string()} {fmt % args}\n")

    # -- responses
    def _send(self, status: int, ctype: str, body: bytes, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Accept, Origin" if self.server.cors else "Accept")
        allowed = self._cors_origin()
        if allowed:
            self.send_header("Access-Control-Allow-Origin", allowed)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, extra: dict | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"), extra)

    def _html(self, status: int, page: str, csp: str | None = None) -> None:
        self._send(status, "text/html; charset=utf-8", page.encode("utf-8"),
                   {"Content-Security-Policy": csp} if csp else None)

    # -- guards
    def _host_ok(self) -> bool:
        if not self.server.loopback:
            return True
        host = (self.headers.get("Host") or "").strip()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        if name.lower() in LOOPBACK_NAMES or re.fullmatch(r"127(\.\d{1,3}){3}", name):
            return True
        self._text(403, f"unexpected Host {host!r}: this server answers loopback names only")
        return False

    def _body(self) -> bytes | None:
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if n < 0 or n > MAX_BODY:
            self.close_connection = True  # the unread body must not be taken for the next request
            self._text(413, f"the request body must be at most {MAX_BODY} bytes", {"Connection": "close"})
            return None
        return self.rfile.read(n) if n else b""

    def _cors_origin(self) -> str | None:
        """The Access-Control-Allow-Origin answer for this request's Origin (``--cors``)."""
        origin = self.headers.get("Origin")
        if not origin or not self.server.cors:
            return None
        if "*" in self.server.cors:
            return "*"
        return origin if origin.rstrip("/") in self.server.cors else None

    # -- methods
    def do_OPTIONS(self):  # a browser's CORS preflight
        if not self._host_ok():
            return
        extra = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self._cors_origin():
            extra.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                          "Access-Control-Allow-Headers": "Accept, Content-Type",
                          "Access-Control-Max-Age": "600"})
        self._send(204, "text/plain; charset=utf-8", b"", extra)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        if not self._host_ok():
            return
        url = urlsplit(self.path)
        args = parse_qs(url.query, keep_blank_values=True)
        try:
            self._route_get(url.path, args)
        except BrokenPipeError:
            pass
        except Exception as exc:  # never take the server down
            traceback.print_exc()
            self._text(500, f"internal error: {exc}")

    def do_POST(self):
        if not self._host_ok():
            return
        url = urlsplit(self.path)
        body = self._body()
        if body is None:
            return
        args = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            if url.path in ("/update", "/sparql/update", "/store", "/data"):
                return self._refuse_update()
            if url.path != "/sparql":
                return self._text(404, f"no such endpoint {url.path}; POST queries to /sparql")
            if ctype == "application/sparql-update":
                return self._refuse_update()
            if ctype == "application/sparql-query":
                text = body.decode("utf-8", "replace")
            elif ctype in ("application/x-www-form-urlencoded", ""):
                form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                if "update" in form or "update" in args:
                    return self._refuse_update()
                for k, v in form.items():
                    args.setdefault(k, []).extend(v)
                text = (args.get("query") or [None])[0]
            else:
                return self._text(415, f"unsupported Content-Type {ctype!r}; use "
                                       "application/x-www-form-urlencoded or application/sparql-query")
            self._sparql(text, args)
        except BrokenPipeError:
            pass
        except Exception as exc:
            traceback.print_exc()
            self._text(500, f"internal error: {exc}")

    def do_PUT(self):
        if self._host_ok() and self._body() is not None:
            self._refuse_update()

    do_DELETE = do_PATCH = do_PUT

    def _refuse_update(self):
        self._text(403, "this endpoint is read-only: SPARQL updates and graph writes are refused "
                        "(change the workspace with 'graphkit ingest')")

    # -- routes
    def _route_get(self, path: str, args: dict) -> None:
        if path in ("/", "/index.html"):
            return self._page()
        if path == "/sparql":
            if "update" in args:
                return self._refuse_update()
            text = (args.get("query") or [None])[0]
            if text is None and "text/html" in (self.headers.get("Accept") or ""):
                return self._page()
            return self._sparql(text, args)
        if path in ("/update", "/sparql/update"):
            return self._refuse_update()
        if path == "/queries":
            return self._library()
        m = re.fullmatch(r"/queries/([A-Za-z0-9_.\-]+)", path)
        if m:
            return self._library_query(m.group(1), args)
        m = re.fullmatch(r"/viz/([A-Za-z0-9_\-]+)", path)
        if m:
            return self._viz(m.group(1), args)
        if path == "/report":
            return self._report()
        if path == "/favicon.ico":
            return self._send(204, "image/x-icon", b"")
        return self._text(404, f"no such page {path}; see / for the query page and /sparql for the endpoint")

    def _sparql(self, text: str | None, args: dict) -> None:
        from .rdf import queries as Q
        if text is None or not text.strip():
            return self._text(400, "missing query: send ?query=SPARQL (GET) or a form field query= (POST)")
        fmt = (args.get("format") or []) + (args.get("output") or [])
        res_fmt, graph_fmt = negotiate(self.headers.get("Accept"), fmt)
        if fmt and _format_param(fmt) is None:
            return self._text(400, f"unknown format {fmt!r}; use json, xml, csv, tsv, turtle, ntriples or jsonld")
        if res_fmt is None and graph_fmt is None:
            return self._text(406, "none of the accepted media types is offered; use "
                                   "application/sparql-results+json|xml, text/csv, text/tab-separated-values, "
                                   "text/turtle, application/n-triples or application/ld+json")
        if len(args.get("query") or []) > 1:
            return self._text(400, "more than one query parameter; send one query per request")
        form = Q.query_form(text)
        if form == "update":
            return self._refuse_update()
        if Q.may_use_service(text):
            return self._text(403, "federated queries (SERVICE) are not run by this endpoint: it makes no "
                                   "requests to other servers")
        if form in ("construct", "describe") and graph_fmt is None:
            return self._text(406, "a CONSTRUCT/DESCRIBE result is a graph; accept text/turtle, "
                                   "application/n-triples, application/ld+json or application/rdf+xml")
        if form in ("select", "ask") and res_fmt is None:
            return self._text(406, "a SELECT/ASK result is a table; accept application/sparql-results+json, "
                                   "application/sparql-results+xml, text/csv or text/tab-separated-values")
        full, added = Q.with_prefixes(text)
        status, ctype, body = self.server.pool.run(
            full, res_fmt, graph_fmt, original=text, prefix_chars=added,
            default_graphs=args.get("default-graph-uri", []), named_graphs=args.get("named-graph-uri", []))
        self._send(status, ctype, body)

    def _library(self) -> None:
        from .rdf.queries import load_library
        data = [{"name": q.name, "title": q.title, "description": q.description, "form": q.form,
                 "params": [{"name": p.name, "type": p.type, "default": p.default} for p in q.params],
                 "text": q.text} for q in load_library().values()]
        self._send(200, "application/json", json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))

    def _library_query(self, name: str, args: dict) -> None:
        from .rdf import queries as Q
        fmt = (args.get("format") or []) + (args.get("output") or [])
        params = {k: v[-1] for k, v in args.items() if k not in ("format", "output", "results")}
        try:
            prepared = Q.prepare(self.server.pool, Q.get_query(name), params)
        except GraphkitError as exc:
            return self._text(404 if "no query named" in str(exc) else 400, str(exc))
        res_fmt, graph_fmt = negotiate(self.headers.get("Accept"), fmt)
        status, ctype, body = self.server.pool.run(prepared.text, res_fmt, graph_fmt,
                                                   original=prepared.original, prefix_chars=prepared.prefix_chars)
        self._send(status, ctype, body)

    _VIZ_INT = ("depth", "max_nodes", "max_authors", "seed", "year_from", "year_to")
    _VIZ_STR = ("author", "size_by", "color_by", "counting")

    def _viz(self, view: str, args: dict) -> None:
        from .errors import NotFoundError
        try:
            from .viz import network
        except ImportError as exc:
            return self._text(404, f"HTML visuals are not available in this installation ({exc})")
        if not hasattr(network, "render"):
            return self._text(404, "HTML visuals are not available in this installation "
                                   "(graphkit.viz.network has no render())")
        views = _views()
        if views and view not in views:
            return self._text(404, f"no view {view!r}; views: {', '.join(views)}")
        options = {}
        for k, v in args.items():
            key = {"from": "year_from", "to": "year_to"}.get(k, k).replace("-", "_")
            if key in self._VIZ_INT:
                try:
                    options[key] = int(v[-1])
                except ValueError:
                    return self._text(400, f"{k} must be an integer, not {v[-1]!r}")
            elif key in self._VIZ_STR:
                options[key] = v[-1]
            else:
                return self._text(400, f"unknown option {k!r}; options: "
                                       + ", ".join(self._VIZ_STR + self._VIZ_INT))
        try:
            page = self.server.cached(("viz", view, tuple(sorted(options.items()))),
                                      lambda: network.render(self.server.pool.ws, view=view, **options))
        except NotFoundError as exc:
            return self._text(404, str(exc))
        except (GraphkitError, ValueError) as exc:
            return self._text(400, str(exc))
        self._html(200, page)

    def _report(self) -> None:
        try:
            from .viz import report
        except ImportError as exc:
            return self._text(404, f"the HTML report is not available in this installation ({exc})")
        if not hasattr(report, "report_html"):
            return self._text(404, "the HTML report is not available in this installation "
                                   "(graphkit.viz.report has no report_html())")
        try:
            page = self.server.cached(("report",), lambda: report.report_html(self.server.pool.ws))
        except GraphkitError as exc:
            return self._text(400, str(exc))
        self._html(200, page)

    def _page(self) -> None:
        nonce = secrets.token_urlsafe(16)
        examples = self.server.cached(("examples",), self._examples)
        page = render_page(examples, self.server.pool, nonce)
        csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
               "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'")
        self._html(200, page, csp)

    def _examples(self) -> list[dict]:
        """The library queries with their default parameters bound (when they resolve)."""
        from .rdf import queries as Q
        out = []
        for q in Q.load_library().values():
            try:
                text = Q.prepare(self.server.pool, q, {}, thorough=False).text
                note = ""
            except GraphkitError as exc:
                text, note = q.text, f"defaults not bound: {exc}"
            out.append({"name": q.name, "title": q.title, "description": q.description, "text": text,
                        "form": q.form, "params": [p.describe() for p in q.params], "note": note})
        return out


def _json_for_script(data) -> str:
    """JSON safe inside <script>: no '<', '>', '&' or line separators left raw."""
    s = json.dumps(data, ensure_ascii=False)
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _views() -> list[str]:
    try:
        from .viz import network
    except ImportError:
        return []
    views = getattr(network, "VIEWS", None) or ("coauthors",)
    return [str(v) for v in (views.keys() if isinstance(views, dict) else views)]


def render_page(examples: list[dict], pool: QueryPool, nonce: str) -> str:
    """The query page (every string from data escaped; scripts carry ``nonce``)."""
    e = html.escape
    ws_name = e(str(pool.ws.path))
    options = "\n".join(f'<option value="{i}">{e(x["name"])} — {e(x["title"])}</option>'
                        for i, x in enumerate(examples))
    views = " · ".join(f'<a href="/viz/{e(v)}">{e(v)}</a>' for v in _views() if v != "ego")
    visuals = (f"Visuals: {views} · <a href=\"/report\">report</a>" if views
               else "Visuals: <a href=\"/report\">report</a> (network views need graphkit.viz)")
    first = examples[0]["text"] if examples else "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>graphkit SPARQL — {ws_name}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }}
textarea {{ width: 100%; height: 18em; font: 13px/1.35 ui-monospace, monospace; }}
table {{ border-collapse: collapse; margin-top: .8em; font-size: 13px; }}
th, td {{ border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }} #status {{ margin-left: 1em; color: #555; }}
.error {{ color: #a00; white-space: pre-wrap; }} pre {{ background: #f8f8f8; padding: .6em; overflow: auto; }}
#desc {{ color: #555; margin: .4em 0; }}
</style></head>
<body>
<h1>graphkit SPARQL</h1>
<p>Workspace <code>{ws_name}</code> · endpoint <code>/sparql</code> (read-only; default graph = union of all graphs;
the usual prefixes are declared) · <a href="/queries">query library (JSON)</a> · {visuals}</p>
<label>Example: <select id="examples">{options}</select></label>
<div id="desc"></div>
<form id="form" method="post" action="/sparql">
<textarea id="query" name="query" spellcheck="false">{e(first)}</textarea><br>
<button type="submit">Run</button>
<label>as <select id="format" name="format">
<option value="">table</option><option value="json">SPARQL JSON</option><option value="xml">SPARQL XML</option>
<option value="csv">CSV</option><option value="tsv">TSV</option><option value="turtle">Turtle</option>
<option value="jsonld">JSON-LD</option></select></label>
<span id="status"></span>
</form>
<div id="out"></div>
<script type="application/json" id="example-data">{_json_for_script(examples)}</script>
<script nonce="{nonce}">
const examples = JSON.parse(document.getElementById('example-data').textContent);
const q = document.getElementById('query'), sel = document.getElementById('examples');
const out = document.getElementById('out'), status = document.getElementById('status');
const desc = document.getElementById('desc');
function show(i) {{
  const x = examples[i]; if (!x) return;
  q.value = x.text;
  desc.textContent = x.description + (x.params.length ? ' Parameters: ' + x.params.join(', ') + '.' : '')
                   + (x.note ? ' (' + x.note + ')' : '');
}}
sel.addEventListener('change', () => show(sel.value));
if (examples.length) show(0);
function cell(b) {{
  if (!b) return '';
  if (b.type === 'uri') return b.value;
  if (b.type === 'bnode') return '_:' + b.value;
  if (b.type === 'triple') return '<< ' + cell(b.value.subject) + ' ' + cell(b.value.predicate) + ' ' + cell(b.value.object) + ' >>';
  return b.value + (b['xml:lang'] ? '@' + b['xml:lang'] : '');
}}
document.getElementById('form').addEventListener('submit', async (ev) => {{
  const fmt = document.getElementById('format').value;
  if (fmt) return;  // a plain form post: the browser shows or downloads the result
  ev.preventDefault();
  out.textContent = ''; status.textContent = 'running…';
  const t0 = performance.now();
  try {{
    const r = await fetch('/sparql', {{method: 'POST',
      headers: {{'Content-Type': 'application/x-www-form-urlencoded',
                'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}},
      body: new URLSearchParams({{query: q.value}})}});
    const text = await r.text();
    const ms = Math.round(performance.now() - t0);
    if (!r.ok) {{ status.textContent = r.status + ' in ' + ms + ' ms';
      const p = document.createElement('div'); p.className = 'error'; p.textContent = text; out.appendChild(p); return; }}
    if ((r.headers.get('Content-Type') || '').startsWith('application/sparql-results+json')) {{
      const data = JSON.parse(text);
      if ('boolean' in data) {{ status.textContent = 'ASK in ' + ms + ' ms'; out.textContent = String(data.boolean); return; }}
      const vars = data.head.vars, rows = data.results.bindings;
      status.textContent = rows.length + ' rows in ' + ms + ' ms';
      const table = document.createElement('table'), head = table.insertRow();
      for (const v of vars) {{ const th = document.createElement('th'); th.textContent = v; head.appendChild(th); }}
      for (const b of rows) {{ const tr = table.insertRow(); for (const v of vars) tr.insertCell().textContent = cell(b[v]); }}
      out.appendChild(table);
    }} else {{
      status.textContent = 'graph in ' + ms + ' ms';
      const pre = document.createElement('pre'); pre.textContent = text; out.appendChild(pre);
    }}
  }} catch (err) {{ status.textContent = 'failed'; out.textContent = String(err); }}
}});
</script>
</body></html>
"""


def make_server(ws_path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
                max_rows: int = 10000, workers: int = 2, cors=()) -> GraphkitHTTPServer:
    """A ready-to-run server (call ``serve_forever()``; ``server_close()`` and
    ``server.pool.close()`` to stop)."""
    from . import _gc
    _gc.never_freeze()  # pages and generations come and go: what they build must stay collectable
    pool = QueryPool(ws_path, size=workers, timeout=timeout, max_rows=max_rows)
    try:
        return GraphkitHTTPServer((host, port), pool, tuple(o.rstrip("/") for o in cors))
    except OSError as exc:
        pool.close()
        raise GraphkitError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve(ws_path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
          max_rows: int = 10000, workers: int = 2, cors=(), announce=print) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    import signal
    srv = make_server(ws_path, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers,
                      cors=cors)
    h, p = srv.server_address[:2]
    shown = f"[{h}]" if ":" in h else h
    announce(f"serving {ws_path} at http://{shown}:{p}/ (SPARQL endpoint http://{shown}:{p}/sparql; "
             f"read-only, time limit {timeout:g} s, at most {max_rows} rows); Ctrl-C to stop")
    if not srv.loopback:
        announce(f"warning: listening on {host}: anyone who can reach this machine can query the workspace")

    def _stop(signum, frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, _stop)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, old)
        srv.server_close()
        srv.pool.close()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        _worker_main(sys.argv[2])
    else:
        sys.exit("usage: python -m graphkit.server --worker STORE_PATH (started by 'graphkit serve')")
