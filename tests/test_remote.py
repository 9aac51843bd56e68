"""`--kg http(s)://...`: a SPARQL 1.1 server as the workspace. Real servers started by the
tests on 127.0.0.1: Oxigraph's server (the `oxigraph` package; Graph Store Protocol writes) and
Debian's Virtuoso (own virtuoso.ini, own ports, passwords changed; SPARQL Update writes with
HTTP Digest credentials)."""
from __future__ import annotations

import json
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.errors import QueryError, WorkspaceError
from graphkit.rdf import queries as Q
from graphkit.rdf.remote import EndpointConfig, RemoteWorkspace

from .conftest import AS_OF, SEED
from .test_sparql import _save_communities


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"server not ready after {seconds} s: {log.read_text(errors='replace')[-2000:]}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def invoke(env: dict, *args):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def assert_same_corpus(a, b) -> None:
    """Equal corpora; paper_topics compared as sorted (the cached corpus keeps the order the
    topic extraction produced, a corpus rebuilt from RDF sorts them)."""
    import dataclasses
    assert dataclasses.replace(a, paper_topics=tuple(sorted(a.paper_topics, key=repr))) == \
        dataclasses.replace(b, paper_topics=tuple(sorted(b.paper_topics, key=repr)))


def info_without_location(env: dict, kg) -> dict:
    r = invoke(env, "info", "--kg", kg, "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    d.pop("workspace")
    return d


# ----------------------------------------------------------------------------- configuration
def test_endpoint_config_from_environment(tmp_path):
    c = EndpointConfig.from_env("http://127.0.0.1:8890/sparql", {
        "GRAPHKIT_SPARQL_UPDATE_URL": "http://127.0.0.1:8890/sparql-auth", "GRAPHKIT_SPARQL_USER": "u",
        "GRAPHKIT_SPARQL_PASSWORD": "p", "GRAPHKIT_SPARQL_AUTH": "digest", "GRAPHKIT_SPARQL_BATCH": "500",
        "GRAPHKIT_REMOTE_STATE": str(tmp_path)})
    assert (c.update_url, c.user, c.auth, c.batch, c.state_dir, c.gsp_url) == (
        "http://127.0.0.1:8890/sparql-auth", "u", "digest", 500, str(tmp_path), None)
    assert EndpointConfig.from_env("https://example.org/ds/query", {"XDG_CACHE_HOME": "/c"}).state_dir == \
        "/c/graphkit/remote/example.org-ds-query"
    with pytest.raises(WorkspaceError, match="not in the endpoint URL"):
        EndpointConfig.from_env("http://user:secret@127.0.0.1/sparql", {})
    with pytest.raises(WorkspaceError, match="basic or digest"):
        EndpointConfig.from_env("http://127.0.0.1/sparql", {"GRAPHKIT_SPARQL_AUTH": "token"})


def test_unreachable_endpoint_is_a_clear_error(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    r = invoke({"GRAPHKIT_REMOTE_STATE": str(tmp_path)}, "info", "--kg", url)
    assert r.exit_code == 1
    assert f"Error: cannot reach the SPARQL endpoint {url}" in r.output and "Traceback" not in r.output


# ----------------------------------------------------------------------------- Oxigraph server
@pytest.fixture(scope="module", params=["union", "default"])
def oxigraph_server(request, tmp_path_factory):
    """`oxigraph serve`: with --union-default-graph and the knowledge graph in its named graph,
    or without it and the knowledge graph in the default graph."""
    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    d = tmp_path_factory.mktemp("oxigraph-" + request.param)
    port = free_port()
    args = [exe, "serve", "--location", str(d / "data"), "--bind", f"127.0.0.1:{port}"]
    if request.param == "union":
        args.append("--union-default-graph")
    log = d / "server.log"
    proc = subprocess.Popen(args, stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/query?query=ASK%7B%7D", proc, log)
        env = {"GRAPHKIT_SPARQL_UPDATE_URL": base + "/update", "GRAPHKIT_SPARQL_GSP_URL": base + "/store",
               "GRAPHKIT_REMOTE_STATE": str(d / "state")}
        if request.param == "default":
            env["GRAPHKIT_SPARQL_GRAPH"] = "default"
        yield {"url": base + "/query", "env": env, "mode": request.param}
    finally:
        stop(proc)


def test_oxigraph_server_ingest_matches_embedded(oxigraph_server, seed_ws, seed_corpus):
    env, url = oxigraph_server["env"], oxigraph_server["url"]
    r = invoke(env, "ingest", "--kg", url, "--as-of", AS_OF.isoformat(), SEED)
    assert r.exit_code == 0, r.output
    assert "25 records read as profile" in r.stdout
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        ws = RemoteWorkspace(url)
        assert_same_corpus(ws.corpus(), seed_corpus)  # every paper, author, position, topic, warning
        for name in ("coauthors", "paper-authors", "data-quality", "topic-evolution", "top-institutions"):
            assert Q.run_library_query(ws, name) == Q.run_library_query(seed_ws, name), name
        assert ws.quad_count() > 1000
    assert info_without_location(env, url) == info_without_location({}, seed_ws.path)
    r = invoke(env, "ingest", "--kg", url, "--as-of", AS_OF.isoformat(), SEED)
    assert "unchanged (25 records already ingested)" in r.stdout


def test_merge_on_an_endpoint_says_where_decisions_go(oxigraph_server):
    # (was an AttributeError traceback: an endpoint has no workspace directory)
    env, url = oxigraph_server["env"], oxigraph_server["url"]
    assert invoke(env, "ingest", "--kg", url, "--as-of", AS_OF.isoformat(), SEED).exit_code == 0
    for args in (("merge", "Bita Rouhani", "Jongsoo Park"), ("split", "Bita Rouhani")):
        r = invoke(env, args[0], "--kg", url, *args[1:])
        assert r.exit_code == 1 and "Traceback" not in r.output, r.output
        assert ("record decisions in a workspace directory; for a SPARQL endpoint, write them in "
                f"{env['GRAPHKIT_REMOTE_STATE']}/decisions.yaml and run 'graphkit rebuild --kg URL'") in r.output


def test_oxigraph_server_errors_come_back_readable(oxigraph_server):
    with pytest.MonkeyPatch.context() as mp:
        for k, v in oxigraph_server["env"].items():
            mp.setenv(k, v)
        ws = RemoteWorkspace(oxigraph_server["url"])
        with pytest.raises(QueryError, match="refused the query: HTTP 400"):
            ws.query("SELECT * WHERE { ?s ?p }")
        with pytest.raises(QueryError, match="read-only"):
            Q.run(ws, "DROP ALL")


def test_oxigraph_server_of_an_earlier_format_is_rebuilt(oxigraph_server, seed_ws):
    """Graphs pushed by an earlier graphkit (manifest format 2) are refused with a message, and
    `graphkit rebuild --kg URL` rewrites them from the records kept beside the endpoint."""
    import pyoxigraph as ox

    from graphkit.rdf.remote import GK, WORKSPACE_GRAPH
    env, url = oxigraph_server["env"], oxigraph_server["url"]
    r = invoke(env, "ingest", "--kg", url, "--as-of", AS_OF.isoformat(), SEED)
    assert r.exit_code == 0, r.output
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        ws = RemoteWorkspace(url)
        m = dict(ws.manifest, format_version=4)
        ws.drop_graph(WORKSPACE_GRAPH)
        ws.write_graph(WORKSPACE_GRAPH, [f"<{WORKSPACE_GRAPH}> <{GK}manifest> {ox.Literal(json.dumps(m))} ."])
    r = invoke(env, "query", "top-authors", "--kg", url)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert (f"the graphs at {url} were written by an earlier graphkit (workspace format 4; this one "
            f"reads 5): rewrite them with 'graphkit rebuild --kg {url}'") in r.stderr
    r = invoke(env, "rebuild", "--kg", url)
    assert r.exit_code == 0, r.output
    assert r.stdout == f"rebuilt {url}\nworkspace: 25 papers, 45 authors, 2 institutions, 62 topics\n"
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        ws = RemoteWorkspace(url)
        assert ws.manifest["format_version"] == 5
        assert Q.run_library_query(ws, "top-authors") == Q.run_library_query(seed_ws, "top-authors")


# ----------------------------------------------------------------------------- Virtuoso
VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 5
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
AllowOSCalls = 0
DirsAllowed = {d}
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxQueryMem = 512M
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}/vsp
MaxClientConnections = 5
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 5
MaxKeepAlives = 5
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 0

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """Our own Virtuoso on 127.0.0.1 (fresh database in tmp, own ports). The dba password is
    changed and a writer account with SPARQL_UPDATE is created; anonymous users may only read."""
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if exe is None or isql is None:
        pytest.skip("virtuoso-t / isql-vt not installed (apt-get install virtuoso-opensource)")
    d = tmp_path_factory.mktemp("virtuoso")
    (d / "vsp").mkdir()
    sql, http = free_port(), free_port()
    (d / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=d, sql=sql, http=http))
    log = d / "console.log"
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    try:
        wait_http(base + "/sparql?query=ASK%7B%7D", proc, log)
        dba_pw, writer_pw = secrets.token_hex(12), secrets.token_hex(12)
        sql_cmds = (f"user_set_password('dba', '{dba_pw}'); DB.DBA.USER_CREATE('gkwriter', '{writer_pw}'); "
                    "GRANT SPARQL_UPDATE TO \"gkwriter\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 1); "
                    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('gkwriter', 3);")
        out = subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", f"exec={sql_cmds}"],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and "Error" not in out.stdout + out.stderr, out.stdout + out.stderr
        env = {"GRAPHKIT_SPARQL_UPDATE_URL": base + "/sparql-auth", "GRAPHKIT_SPARQL_USER": "gkwriter",
               "GRAPHKIT_SPARQL_PASSWORD": writer_pw, "GRAPHKIT_SPARQL_AUTH": "digest",
               "GRAPHKIT_REMOTE_STATE": str(d / "state")}
        yield {"url": base + "/sparql", "env": env, "dir": d, "sql": sql}
    finally:
        stop(proc)


def remote_ws(server) -> RemoteWorkspace:
    return RemoteWorkspace(server["url"], EndpointConfig.from_env(server["url"], server["env"]))


@pytest.mark.virtuoso
def test_virtuoso_refuses_writes_without_credentials(virtuoso, tmp_path):
    env = {"GRAPHKIT_REMOTE_STATE": str(tmp_path / "state")}  # no user: anonymous
    r = CliRunner().invoke(cli, ["ingest", "--kg", virtuoso["url"], "--as-of", AS_OF.isoformat(), str(SEED)], env=env)
    assert r.exit_code == 1 and "refused the update" in r.output and "Traceback" not in r.output
    wrong = {**virtuoso["env"], "GRAPHKIT_SPARQL_PASSWORD": "wrong", "GRAPHKIT_REMOTE_STATE": str(tmp_path / "s2")}
    r = CliRunner().invoke(cli, ["ingest", "--kg", virtuoso["url"], "--as-of", AS_OF.isoformat(), str(SEED)], env=wrong)
    assert r.exit_code == 1 and "HTTP 401" in r.output
    # the out-of-the-box dba password no longer works
    out = subprocess.run([shutil.which("isql-vt"), f"127.0.0.1:{virtuoso['sql']}", "dba", "dba", "exec=select 1;"],
                         capture_output=True, text=True, timeout=60)
    assert "Bad login" in out.stdout + out.stderr or out.returncode != 0


@pytest.mark.virtuoso
def test_virtuoso_ingest_info_and_queries_match_embedded(virtuoso, seed_ws, seed_corpus):
    env, url = virtuoso["env"], virtuoso["url"]
    r = invoke(env, "ingest", "--kg", url, "--as-of", AS_OF.isoformat(), SEED)
    assert r.exit_code == 0, r.output
    assert "workspace: 25 papers" in r.stdout
    assert info_without_location(env, url) == info_without_location({}, seed_ws.path)
    ws = remote_ws(virtuoso)
    assert_same_corpus(ws.corpus(), seed_corpus)  # abstracts with non-ASCII text included
    for name, q in Q.load_library().items():
        ours, theirs = Q.run(seed_ws, q), Q.run(ws, q)
        if q.form == "select":
            assert Q.rows_as_dicts(theirs) == Q.rows_as_dicts(ours), name
        elif q.form == "ask":
            assert theirs.boolean == ours.boolean, name
        elif q.form == "construct":
            assert sorted(map(str, theirs.triples)) == sorted(map(str, ours.triples)), name
        else:  # DESCRIBE is up to each engine; Virtuoso adds the statements about the author
            assert set(map(str, ours.triples)) <= set(map(str, theirs.triples)), name
    r = invoke(env, "query", "--kg", url, "coauthors", "-p", "author=Jongsoo Park", "--format", "csv")
    assert r.stdout.splitlines()[1] == "https://w3id.org/graphkit/id/author-maxim-naumov,Maxim Naumov,4,2018,2021"
    # ingesting the same file again writes nothing
    r = invoke(env, "ingest", "--kg", url, "--as-of", AS_OF.isoformat(), SEED)
    assert "unchanged (25 records already ingested)" in r.stdout and "added:" not in r.stdout


@pytest.mark.virtuoso
def test_virtuoso_saved_analysis(virtuoso, seed_ws_copy):
    """Analysis results saved to the server (replace_named_graph) answer the bridging query
    as they do in the embedded store."""
    from graphkit.rdf.store import Workspace
    ws = remote_ws(virtuoso)
    if not ws.exists():
        invoke(virtuoso["env"], "ingest", "--kg", virtuoso["url"], "--as-of", AS_OF.isoformat(), SEED)
    _save_communities(seed_ws_copy)
    local = Workspace.open(seed_ws_copy)
    st = local.store()
    for g in st.named_graphs():
        if "/analysis/" in g.value:
            lines = [f"{q.subject} {q.predicate} {q.object} ." for q in st.quads_for_pattern(None, None, None, g)]
            assert ws.replace_named_graph(g.value, lines) == len(lines)
            ws.replace_named_graph(g.value, lines)  # replacing twice leaves one copy
    params = {"run": "communities-leiden-coauthor", "measure": "betweenness"}
    assert Q.run_library_query(ws, "bridging-authors", params) == Q.run_library_query(local, "bridging-authors", params)
    assert Q.saved_analyses(ws) == ["centrality-betweenness-coauthor", "communities-leiden-coauthor"]
    local.close()
