"""CLI: ingest, info, export, version and help; happy and error paths."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import cli

from .conftest import FIXTURES, SEED


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def test_ingest_and_info(tmp_path):
    kg = tmp_path / "w.kg"
    r = run("ingest", "--kg", kg, "--as-of", "2026-11-26", SEED)
    assert r.exit_code == 0, r.output
    assert "25 records read as profile" in r.stdout
    # 46 names, 45 people: "Bita Rouhani" and "Bita Darvish Rouhani" are one person
    assert "added: 25 papers, 45 authors, 2 institutions, " in r.stdout
    assert re.search(r"workspace: 25 papers, 45 authors, 2 institutions, \d+ topics \(6 arxiv, \d+ phrase\)", r.stdout)
    assert "warnings: 1, skipped records: 0" in r.stdout
    assert "maxim-naumov.txt:92" in r.stderr and "Zhaoxia Deng" in r.stderr
    r = run("info", "--kg", kg, "--format", "json")
    d = json.loads(r.stdout)
    assert d["counts"]["papers"] == 25 and d["counts"]["institutions"] == 2
    assert d["counts"]["topics_by_scheme"]["arxiv"] == 6
    assert d["years"] == {"first": 2017, "last": 2026}
    assert d["top_topics"][0] == {"scheme": "arxiv", "topic": "cs.LG", "label": "Machine Learning", "papers": 16}
    assert d["data_quality"]["incomplete_author_lists"] == 20
    assert d["data_quality"]["inferred_dates"] == 2
    r = run("info", "--kg", kg)
    assert "inferred dates" in r.stdout and "cs.LG  Machine Learning" in r.stdout
    assert "merged \"Bita Rouhani\" and \"Bita Darvish Rouhani\"" in r.stdout
    # again: nothing changes
    r = run("ingest", "--kg", kg, "--as-of", "2026-11-26", SEED)
    assert "unchanged (25 records already ingested)" in r.stdout


def test_workspace_from_environment(tmp_path):
    kg = tmp_path / "env.kg"
    r = run("ingest", SEED, env={"GRAPHKIT_KG": str(kg)})
    assert r.exit_code == 0 and (kg / "CURRENT").is_file()


def test_kg_before_the_command(tmp_path, monkeypatch):
    import os
    monkeypatch.delenv("GRAPHKIT_KG", raising=False)
    kg, other = tmp_path / "a.kg", tmp_path / "b.kg"
    r = run("--kg", kg, "ingest", "--as-of", "2026-11-26", SEED)
    assert r.exit_code == 0, r.output
    assert (kg / "CURRENT").is_file() and "GRAPHKIT_KG" not in os.environ  # restored
    assert run("--kg", kg, "info").stdout.startswith(f"workspace       {kg}\npapers          25\n")
    r = run("--kg", kg, "info", "--kg", other)  # the command's own --kg wins
    assert r.exit_code == 1 and f"no workspace at {other}" in r.output


def test_info_columns_fit_long_scheme_names(tmp_path):
    from .conftest import FIXTURES
    kg = tmp_path / "oa.kg"
    assert run("ingest", "--kg", kg, FIXTURES / "openalex" / "herreio-first30.json").exit_code == 0
    out = run("info", "--kg", kg).stdout.splitlines()
    # herreio-first30.json: "Computer science" (C41008148) is a concept of 14 of the 30 works
    assert "     14  openalex-concept  C41008148  Computer science" in out
    assert any(re.fullmatch(r"  openalex-concept  \d+", line) for line in out)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_rdf_export_parses_back_to_the_same_count(seed_ws_path, tmp_path, fmt):
    import rdflib
    out = tmp_path / f"kg.{fmt}"
    r = run("export", "--kg", seed_ws_path, "--format", fmt, "-o", out)
    assert r.exit_code == 0, r.output
    n = int(r.stderr.split()[1])
    ds = rdflib.Dataset()
    ds.parse(out, format={"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt])
    total = sum(1 for _ in ds.quads((None, None, None, None)))
    assert total == n
    # export is deterministic
    out2 = tmp_path / f"again.{fmt}"
    run("export", "--kg", seed_ws_path, "--format", fmt, "-o", out2)
    assert out.read_bytes() == out2.read_bytes()


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
@pytest.mark.parametrize("which", ["coauthor", "knowledge"])
def test_graph_exports_load_back(seed_ws, seed_ws_path, tmp_path, fmt, reader, which):
    from graphkit.graph import coauthor_graph, knowledge_graph
    out = tmp_path / f"g.{fmt}"
    r = run("export", "--kg", seed_ws_path, "--format", fmt, "--graph", which, "-o", out)
    assert r.exit_code == 0, r.output
    g = reader(out)
    ref = coauthor_graph(seed_ws.corpus()) if which == "coauthor" else knowledge_graph(seed_ws.corpus())
    assert set(g.nodes) == set(ref.nodes)
    assert g.number_of_edges() == ref.number_of_edges()
    if which == "coauthor":
        assert g.nodes["author-maxim-naumov"]["label"] == "Maxim Naumov"
        assert g.degree("author-maxim-naumov") == ref.degree("author-maxim-naumov")


def test_graphml_edge_ids_are_unique_and_gexf_carries_no_date(seed_ws_path, tmp_path):
    """GraphML asks each edge id to be unique in its graph (the knowledge view's multigraph
    keys, "authored", "about", ..., were the ids of hundreds of edges); GEXF carries no
    writing date (the same workspace gave another file the next day); an output path that
    cannot be made is an error, not a traceback."""
    import re
    out = tmp_path / "k.graphml"
    assert run("export", "--kg", seed_ws_path, "--format", "graphml", "--graph", "knowledge", "-o", out).exit_code == 0
    ids = re.findall(r'<edge [^>]*\bid="([^"]*)"', out.read_text(encoding="utf-8"))
    assert len(ids) == len(set(ids)) > 200
    assert sum(i.startswith("author-maxim-naumov|paper-") and i.endswith("|authored") for i in ids) == 25
    out = tmp_path / "k.gexf"
    assert run("export", "--kg", seed_ws_path, "--format", "gexf", "-o", out).exit_code == 0
    head = out.read_text(encoding="utf-8")[:600]
    assert "<meta>" in head and "<creator>graphkit</creator>" in head and "lastmodifieddate" not in head
    blocked = tmp_path / "file"
    blocked.write_text("x")
    for fmt in ("gexf", "ttl"):
        r = run("export", "--kg", seed_ws_path, "--format", fmt, "-o", blocked / "sub" / f"x.{fmt}")
        assert r.exit_code == 1 and "Error: cannot write" in r.output and "Traceback" not in r.output


def test_export_to_standard_output(seed_ws_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["export", "--kg", str(seed_ws_path), "--format", "csv", "-o", "-"])
    assert r.exit_code == 0 and r.stdout.startswith("source,target,source_label,target_label,count,")
    assert "to standard output" in r.stderr and not (tmp_path / "-").exists()


def test_export_into_a_pipe_keeps_the_pipe(seed_ws_path, tmp_path):
    """A device or a FIFO given as the output is written into (it was replaced by a regular
    file: as root, -o /dev/full replaced the device)."""
    import os
    import stat
    import threading
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
    reader.start()
    r = run("export", "--kg", seed_ws_path, "--format", "nt", "-o", fifo)
    reader.join(30)
    assert r.exit_code == 0 and stat.S_ISFIFO(fifo.stat().st_mode)
    assert got and got[0].count(b"\n") > 1000


def test_csv_and_json_exports(seed_ws_path, tmp_path):
    out = tmp_path / "e.csv"
    assert run("export", "--kg", seed_ws_path, "--format", "csv", "-o", out).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("source,target,source_label,target_label,count,")
    assert any("Jiecao Yu" in ln and "Jongsoo Park" in ln for ln in lines)
    out = tmp_path / "g.json"
    assert run("export", "--kg", seed_ws_path, "--format", "json", "-o", out).exit_code == 0
    g = nx.node_link_graph(json.loads(out.read_text()), edges="edges")
    assert "author-maxim-naumov" in g


def test_version_help_and_module_entry():
    r = run("--version")
    assert r.exit_code == 0 and r.output.startswith("graphkit, version ")
    top = run("--help")
    assert "Quick start" in top.output
    for name, cmd in cli.commands.items():
        h = run(name, "--help")
        assert h.exit_code == 0, name
        assert "Example" in h.output, f"{name} --help has no example"
    p = subprocess.run([sys.executable, "-m", "graphkit", "--help"], capture_output=True, text=True)
    assert p.returncode == 0 and "ingest" in p.stdout


@pytest.mark.parametrize("content, fragment", [
    (b"", "file is empty"),
    (b"\x00\x01\x02binary\xff\xfe", "binary file"),
    (b"Dear colleague,\n\nplease find attached.\n", "unrecognised format"),
])
def test_bad_files_are_one_line_errors_and_write_nothing(tmp_path, content, fragment):
    kg = tmp_path / "w.kg"
    f = tmp_path / "in.txt"
    f.write_bytes(content)
    r = run("ingest", "--kg", kg, f)
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: {f}") and fragment in r.stderr
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1
    assert not (kg / "CURRENT").exists()


def test_malformed_date_line_skip_and_strict(tmp_path):
    kg = tmp_path / "w.kg"
    f = tmp_path / "p.txt"
    f.write_text(SEED.read_text(encoding="utf-8").replace("DCJun 6, 2019Code", "DCFoo 99, 2019Code"), encoding="utf-8")
    r = run("ingest", "--kg", kg, "--strict", f)
    assert r.exit_code == 1 and f"Error: {f}:54: malformed date line" in r.stderr
    assert not (kg / "CURRENT").exists()
    r = run("ingest", "--kg", kg, f)
    assert r.exit_code == 0
    assert "24 records read as profile, 1 skipped" in r.stdout
    assert f"skipped: {f}:54: malformed date line" in r.stderr
    assert json.loads(run("info", "--kg", kg, "--format", "json").stdout)["counts"]["papers"] == 24


def test_truncated_profile_and_missing_things(tmp_path):
    kg = tmp_path / "w.kg"
    f = tmp_path / "cut.txt"
    f.write_text("\n".join(SEED.read_text(encoding="utf-8").split("\n")[:9]) + "\n", encoding="utf-8")
    r = run("ingest", "--kg", kg, "--format", "profile", f)
    assert r.exit_code == 1 and "Traceback" not in r.output and r.stderr.startswith("Error: ")
    r = run("ingest", "--kg", kg, tmp_path / "nope.txt")
    assert r.exit_code == 1 and "no such file" in r.stderr
    r = run("info", "--kg", tmp_path / "none.kg")
    assert r.exit_code == 1 and "no workspace at" in r.stderr and "graphkit ingest" in r.stderr
    r = run("ingest", "--kg", kg, "--as-of", "yesterday", SEED)
    assert r.exit_code == 2 and "is not a date" in r.output


def test_map_for_files_that_are_not_csv_says_so(tmp_path):
    bib = tmp_path / "a.bib"
    bib.write_text("@article{a, title={On C}, author={Ann Lee}, year={2020}}\n", encoding="utf-8")
    r = run("ingest", "--kg", tmp_path / "w.kg", "--map", "title=Title", bib)
    assert r.exit_code == 0 and f"{bib}: 1 record read as bibtex" in r.stdout
    assert "note: --map applies to CSV files, and none of these was read as CSV" in r.stderr
    t = tmp_path / "a.csv"
    t.write_text("Title,Authors\nOn D,Bo Wu\n", encoding="utf-8")
    r = run("ingest", "--kg", tmp_path / "w.kg", "--map", "title=Title,authors=Authors", t)
    assert r.exit_code == 0 and "--map applies" not in r.stderr


def test_a_file_read_by_an_earlier_reader_revision_is_read_again(tmp_path, monkeypatch):
    from graphkit import sources
    bib = tmp_path / "a.bib"
    bib.write_text("@article{a, title={On C}, author={Ann Lee}, year={2020}}\n", encoding="utf-8")
    kg = tmp_path / "w.kg"
    monkeypatch.setitem(sources.READER_REVISIONS, "bibtex", 1)
    assert run("ingest", "--kg", kg, bib).stdout.startswith(f"{bib}: 1 record read as bibtex\n")
    assert run("ingest", "--kg", kg, bib).stdout.startswith(f"{bib}: unchanged (1 record already ingested)")
    monkeypatch.setitem(sources.READER_REVISIONS, "bibtex", 2)  # the reader was fixed since
    r = run("ingest", "--kg", kg, bib)
    assert r.stdout.startswith(f"{bib}: 1 record read as bibtex (read again: the bibtex reader has "
                               "changed since it was ingested)\n")
    assert "workspace: 1 paper, 1 author" in r.stdout  # replaced, not added twice
    assert run("ingest", "--kg", kg, bib).stdout.startswith(f"{bib}: unchanged")
    # read again under another spelling of its path: the old record is replaced all the same
    monkeypatch.setitem(sources.READER_REVISIONS, "bibtex", 3)
    monkeypatch.chdir(tmp_path)
    r = run("ingest", "--kg", kg, "a.bib")
    assert r.stdout.startswith("a.bib: 1 record read as bibtex (read again: the bibtex reader has changed")
    assert "workspace: 1 paper, 1 author" in r.stdout


def test_a_doi_field_that_holds_no_doi_is_a_warning(tmp_path):
    bib = tmp_path / "d.bib"
    bib.write_text("@article{e3, author={Carl Third}, title={Editorial}, year={2020}, doi={10.1/ed3}}\n"
                   "@article{e4, author={Dan Fourth}, title={Other}, year={2020}, doi={10.1000/ok}}\n",
                   encoding="utf-8")
    csv = tmp_path / "d.csv"
    csv.write_text("Title,Authors,DOI\nA,Ann Lee,10.1/bad\nB,Bo Wu,https://doi.org/10.1000/fine\n", encoding="utf-8")
    ris = tmp_path / "d.ris"
    ris.write_text("TY  - JOUR\nTI  - C\nAU  - Lee, Ann\nPY  - 2020\nDO  - 10.1/ris\nER  - \n", encoding="utf-8")
    kg = tmp_path / "w.kg"
    r = run("ingest", "--kg", kg, "--map", "title=Title,authors=Authors,doi=DOI", bib, csv, ris)
    assert r.exit_code == 0, r.output
    assert f"warning: {bib}:1: entry e3: doi '10.1/ed3' is not a DOI (10.NNNN/...); left out" in r.stderr
    assert f"warning: {csv}:2: DOI '10.1/bad' is not a DOI (10.NNNN/...); left out" in r.stderr
    assert f"warning: {ris}:1: DOI '10.1/ris' is not a DOI (10.NNNN/...); left out" in r.stderr
    assert "warnings: 3, skipped records: 0" in r.stdout
    d = json.loads(run("info", "--kg", kg, "--format", "json").stdout)
    assert d["counts"]["papers"] == 5


def test_as_of_rereads_profile_pages_only_and_says_why(tmp_path):
    """--as-of (today by default) places dates without a year on profile pages: another day
    made every file read again, "because the reader changed"."""
    bib = tmp_path / "a.bib"
    bib.write_text("@article{a, title={On C}, author={Ann Lee}, year={2020}}\n", encoding="utf-8")
    kg = tmp_path / "w.kg"
    assert run("ingest", "--kg", kg, "--as-of", "2026-11-26", bib, SEED).exit_code == 0
    r = run("ingest", "--kg", kg, "--as-of", "2026-11-29", bib, SEED)
    assert r.stdout.startswith(f"{bib}: unchanged (1 record already ingested)\n"
                               f"{SEED}: 25 records read as profile (read again: --as-of 2026-11-29 "
                               "(it was 2026-11-26), which dates without a year depend on)\n")


def test_records_of_replaced_files_are_not_kept(tmp_path):
    """The records saved for a file go when no source lists it (a new version replaced it, or
    an ingest was killed before its switch)."""
    bib = tmp_path / "a.bib"
    bib.write_text("@article{a, title={On C}, author={Ann Lee}, year={2020}}\n", encoding="utf-8")
    kg = tmp_path / "w.kg"
    assert run("ingest", "--kg", kg, bib).exit_code == 0
    (first,) = (kg / "sources").glob("*.pickle")
    (kg / "sources" / "0123456789abcdef0123.pickle").write_bytes(b"left by a killed ingest")
    bib.write_text("@article{a, title={On D}, author={Ann Lee}, year={2021}}\n", encoding="utf-8")
    r = run("ingest", "--kg", kg, bib)
    assert r.exit_code == 0
    # (the summary said "added: 1 paper" and no more while the total stayed 1)
    assert "added: 1 paper, 0 authors" in r.stdout and "removed: 1 paper, 0 authors" in r.stdout
    (second,) = (kg / "sources").glob("*.pickle")
    assert second.name != first.name


def test_a_warning_names_its_line_once(tmp_path):
    works = json.loads((FIXTURES / "openalex" / "herreio-first30.json").read_text(encoding="utf-8"))
    f = tmp_path / "w.jsonl"
    f.write_text("\n".join(json.dumps(w) for w in works) + "\n", encoding="utf-8")
    r = run("ingest", "--kg", tmp_path / "w.kg", "--no-phrases", f)
    assert r.exit_code == 0
    assert f"warning: {f}:17: authorship 1 names 5 people" in r.stderr  # (was "17: line 17: ...")
