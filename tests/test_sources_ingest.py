"""Ingest through the CLI for every format (happy path, errors, --strict, --map, --format) and
across formats: one paper per work with the union of facts and per-source provenance."""
from __future__ import annotations

import gzip
import shutil

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graphkit import ids as K
from graphkit.cli import cli
from graphkit.rdf.store import Workspace
from graphkit.rdf.vocab import GK

from .conftest import FIXTURES

PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def corpus(kg):
    ws = Workspace.open(kg)
    try:
        return ws.corpus()
    finally:
        ws.close()


@pytest.mark.parametrize("rel, fmt, n", [
    ("bibtex/dblp-withcrossref.bib", "bibtex", 118),
    ("ris/litstudy-example.ris", "ris", 25),
    ("openalex/herreio-first30.json", "openalex", 30),
    ("dblp/dblp.xml", "dblp", 131),
    ("arxiv/arxiv-head200.jsonl", "arxiv", 200),
    ("csv/bibliometrix-scopus_sample.csv", "csv", 8),
])
def test_ingest_each_format(tmp_path, rel, fmt, n):
    kg = tmp_path / "w.kg"
    f = FIXTURES / rel
    r = run("ingest", "--kg", kg, f)
    assert r.exit_code == 0, r.output
    assert f"{f}: {n} records read as {fmt}\n" in r.stdout
    assert "skipped records: 0" in r.stdout
    c = corpus(kg)
    assert len(c.papers) <= n and all(p.sources for p in c.papers.values())


def test_arxiv_topics_and_counts_in_the_workspace(tmp_path):
    kg = tmp_path / "w.kg"
    assert run("ingest", "--kg", kg, FIXTURES / "arxiv" / "arxiv-head200.jsonl").exit_code == 0
    c = corpus(kg)
    assert len(c.papers) == 200
    cl = c.topics["topic-arxiv-cs.cl"]
    assert (cl.label, cl.broader) == ("Computation and Language", "topic-arxiv-cs")
    assert sum(1 for pt in c.paper_topics if pt.topic == "topic-arxiv-cs.cl") == 200
    first = c.papers["paper-arxiv-cmp-lg-9404001"]
    assert first.date == "1994-04-03" and first.kind == "preprint"
    assert [s.name for s in c.authors_of(first.key)] == ["Yves Schabes", "Stuart M. Shieber"]


def test_keywords_c_cpp_and_csharp_are_three_topics(tmp_path):
    bib = tmp_path / "langs.bib"
    bib.write_text("@article{a, title={On C}, author={Ann Lee}, year={2020}, keywords={C}}\n"
                   "@article{b, title={On C++}, author={Bo Wu}, year={2021}, keywords={C++; Rust}}\n"
                   "@article{c, title={On C sharp}, author={Cy Ng}, year={2022}, keywords={C#}}\n"
                   "@article{d, title={More C++}, author={Di Xu}, year={2022}, keywords={c++}}\n",
                   encoding="utf-8")
    kg = tmp_path / "w.kg"
    assert run("ingest", "--kg", kg, bib).exit_code == 0
    c = corpus(kg)
    kw = {k: t.label for k, t in c.topics.items() if t.scheme == "keyword"}
    assert kw == {"topic-keyword-c": "C", "topic-keyword-c-plus-plus": "C++",
                  "topic-keyword-c-sharp": "C#", "topic-keyword-rust": "Rust"}
    titles = {k: sorted(c.papers[pt.paper].title for pt in c.paper_topics if pt.topic == k) for k in kw}
    assert titles == {"topic-keyword-c": ["On C"], "topic-keyword-c-plus-plus": ["More C++", "On C++"],
                      "topic-keyword-c-sharp": ["On C sharp"], "topic-keyword-rust": ["On C++"]}


@pytest.mark.parametrize("name, content, fmt, line, fragment", [
    ("bad.xml", b'<?xml version="1.0"?>\n<dblp>\n<article key="k">\n</dblp>\n', None, 4, "not well-formed"),
    ("bad.json", b'[{"id": "https://openalex.org/W1", "title": "x"},\n{"id": ', None, 2, "not valid JSON"),
    ("people.json", (FIXTURES / "openalex" / "bvitamins-author-A2150889177.json").read_bytes(), "openalex",
     1, "no OpenAlex works"),
    ("t.csv", b"Title,Who\nA,B\n", None, 1, "needs a column mapping"),
    ("c.bib", b"@comment{nothing here}\n", None, 1, "no BibTeX entries"),
    ("x.ris", b"TY  - JOUR\xff\xfe\nER  - \n", None, 1, "not UTF-8"),
    # the bad byte 9,000+ lines (over 8 KB) in, after CRLF and lone-CR line ends: its own line
    ("late.ris", b"TY  - JOUR\r\nTI  - a\r\nER  - \r\n" + b"TY  - JOUR\rTI  - b\rER  - \r" * 3000
     + b"TY  - JOUR\nTI  - caf\xe9\nER  - \n", None, 9005, "not UTF-8"),
    ("late.bib", b"@article{a, title={A}, author={B, C}}\n" * 400 + b"@article{x, title={caf\xe9}}\n",
     None, 401, "not UTF-8"),
    ("a.jsonl.gz", b"not gzip at all", "arxiv", None, "gzip"),
])
def test_unreadable_files_are_errors_and_write_nothing(tmp_path, name, content, fmt, line, fragment):
    kg = tmp_path / "w.kg"
    f = tmp_path / name
    f.write_bytes(content)
    args = ["ingest", "--kg", kg, f] + (["--format", fmt] if fmt else [])
    r = run(*args)
    assert r.exit_code == 1, r.output
    where = f"{f}:{line}: " if line else f"{f}"
    assert r.stderr.startswith(f"Error: {where}") and fragment in r.stderr, r.stderr
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1
    assert not (kg / "CURRENT").exists()


@pytest.mark.parametrize("rel, line", [
    ("ris/asreview-baseline_empty_values.ris", 7),
    ("dblp/dblp-constructed.xml", 71),
    ("bibtex/bp-crossref_cascading_cycle.bib", 6),
])
def test_skips_are_counted_and_strict_fails(tmp_path, rel, line):
    kg = tmp_path / "w.kg"
    f = FIXTURES / rel
    r = run("ingest", "--kg", kg, "--strict", f)
    assert r.exit_code == 1 and r.stderr.startswith(f"Error: {f}:{line}: ") and "--strict" in r.stderr
    assert not (kg / "CURRENT").exists()
    r = run("ingest", "--kg", kg, f)
    assert r.exit_code == 0 and f"skipped: {f}:{line}: " in r.stderr
    skipped = int(r.stdout.rsplit("skipped records: ", 1)[1])
    assert skipped >= 1 and f"{skipped} skipped" in r.stdout
    # the same file again with --strict: already ingested, but its skips fail this run too
    current = (kg / "CURRENT").read_text()
    r = run("ingest", "--kg", kg, "--strict", f)
    assert r.exit_code == 1 and "Traceback" not in r.output, r.output
    assert r.stderr.startswith(f"Error: {f}:{line}: ingested before with {skipped} skipped record")
    assert r.stderr.rstrip().endswith("(--strict: nothing was ingested)")
    assert (kg / "CURRENT").read_text() == current
    assert run("ingest", "--kg", kg, f).stdout.startswith(f"{f}: unchanged")


def test_arxiv_and_openalex_skips_in_json_lines(tmp_path):
    kg = tmp_path / "w.kg"
    lines = (FIXTURES / "arxiv" / "arxiv-head200.jsonl").read_text(encoding="utf-8").splitlines()[:5]
    lines[3] = "{broken"
    f = tmp_path / "few.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run("ingest", "--kg", kg, f)
    assert r.exit_code == 0 and f"{f}: 4 records read as arxiv, 1 skipped" in r.stdout
    assert f"skipped: {f}:4: not valid JSON" in r.stderr
    assert run("ingest", "--kg", tmp_path / "s.kg", "--strict", f).exit_code == 1


def test_csv_map_option_and_format_override(tmp_path):
    kg = tmp_path / "w.kg"
    t = tmp_path / "mine.csv"
    t.write_text("Titel,Autoren,Jahr\nGraphs,Anna Müller; Bo Li,2021\n", encoding="utf-8")
    r = run("ingest", "--kg", kg, "--map", "title=Titel,authors=Autoren,year=Jahr", t)
    assert r.exit_code == 0, r.output
    assert f"{t}: 1 record read as csv" in r.stdout
    assert "added: 1 paper, 2 authors, 0 institutions, " in r.stdout
    c = corpus(kg)
    (p,) = c.papers.values()
    assert p.year == 2021 and [s.name for s in c.authors_of(p.key)] == ["Anna Müller", "Bo Li"]
    r = run("ingest", "--kg", kg, "--map", "title", t)
    assert r.exit_code == 2 and "FIELD=COLUMN" in r.output
    # RIS in a .txt file, named with --format; a wrong --format is an error naming the file
    ris = tmp_path / "export.txt"
    shutil.copy(FIXTURES / "ris" / "rispy-example_extraneous_data.ris", ris)
    r = run("ingest", "--kg", kg, "--format", "ris", ris)
    assert r.exit_code == 0 and f"{ris}: 2 records read as ris" in r.stdout
    r = run("ingest", "--kg", kg, "--format", "arxiv", FIXTURES / "openalex" / "openalexpro-page1.json")
    assert r.exit_code == 1 and "Error: " in r.stderr and "Traceback" not in r.output


def test_gzipped_arxiv_and_reingest(tmp_path):
    kg = tmp_path / "w.kg"
    gz = tmp_path / "head.jsonl.gz"
    gz.write_bytes(gzip.compress((FIXTURES / "arxiv" / "arxiv-head200.jsonl").read_bytes()))
    assert f"{gz}: 200 records read as arxiv" in run("ingest", "--kg", kg, gz).stdout
    assert "unchanged (200 records already ingested)" in run("ingest", "--kg", kg, gz).stdout


# ---------------------------------------------------------------- across sources
def test_one_paper_from_arxiv_bibtex_and_dblp_xml(tmp_path):
    """arXiv stored 1809.05932 as the number 1809.0593199999998; DBLP's BibTeX and XML name it
    by its CoRR volume / ee link: one paper, the union of identifiers, three provenance graphs."""
    kg = tmp_path / "w.kg"
    ax = FIXTURES / "arxiv" / "arxiv-selected.jsonl"
    bib = FIXTURES / "bibtex" / "dblp-standard.bib"
    xml = FIXTURES / "dblp" / "dblp-constructed.xml"
    r = run("ingest", "--kg", kg, ax, bib, xml)
    assert r.exit_code == 0, r.output
    c = corpus(kg)
    key = "paper-arxiv-1809.05932"
    p = c.papers[key]
    # every identifier of the records, the ECCC report's DBLP key too
    assert p.ids == (("arxiv", "1809.05932"), ("dblp", "journals/corr/abs-1809-05932"),
                     ("dblp", "journals/eccc/BajpaiKKLS18"))
    # lines: arXiv line 8; BibTeX: the CoRR entry (862) and the ECCC report of the same title
    # and year (880); DBLP XML line 41
    assert p.sources == ((str(ax), 8), (str(bib), 862), (str(bib), 880), (str(xml), 41))
    assert p.date == "2018-09-16" and p.year == 2018  # the arXiv record's first-version date
    assert p.abstract.startswith("We show that there is a randomized algorithm")  # only arXiv has one
    # the venue of the record that ranks first: the ECCC report (an article) before the
    # CoRR preprints, whatever the order of the files
    assert p.venue == "Electron. Colloquium Comput. Complex."
    ships = c.authors_of(key)
    assert [(s.name, s.position) for s in ships] == [
        ("Swapnam Bajpai", 1), ("Vaibhav Krishan", 2), ("Deepanshu Kush", 3), ("Nutan Limaye", 4),
        ("Srikanth Srinivasan", 5)]
    assert [pt.topic for pt in c.paper_topics if pt.paper == key and c.topics[pt.topic].scheme == "arxiv"] == [
        "topic-arxiv-cs.cc"]
    # the store: one named graph per source file derives the paper
    ws = Workspace.open(kg)
    try:
        rows = list(ws.query(
            f"SELECT ?p ?path ?line WHERE {{ GRAPH ?g {{ ?p <{PROV}wasDerivedFrom> ?src . "
            f"?p <{GK}sourceLine> ?line . ?src <{GK}sourcePath> ?path }} }}",
            substitutions={"p": ox.NamedNode(K.iri(key))}))
        assert sorted((r["path"].value, int(r["line"].value)) for r in rows) == [
            (str(ax), 8), (str(bib), 862), (str(bib), 880), (str(xml), 41)]
        same = {row["o"].value for row in ws.query(
            f"SELECT ?p ?o WHERE {{ ?p <{SCHEMA}sameAs> ?o }}", substitutions={"p": ox.NamedNode(K.iri(key))})}
        assert "https://arxiv.org/abs/1809.05932" in same
    finally:
        ws.close()


def test_doi_merge_across_bibtex_and_dblp_xml(tmp_path):
    kg = tmp_path / "w.kg"
    bib = FIXTURES / "bibtex" / "dblp-withcrossref.bib"
    xml = FIXTURES / "dblp" / "dblp-constructed.xml"
    assert run("ingest", "--kg", kg, bib, xml).exit_code == 0
    c = corpus(kg)
    p = c.papers["paper-doi-10.1145-3618260.3649760"]
    assert p.sources == ((str(bib), 35), (str(xml), 17))
    assert dict(p.ids) == {"doi": "10.1145/3618260.3649760", "dblp": "conf/stoc/FournierL0T24"}
    assert [s.name for s in c.authors_of(p.key)] == ["Hervé Fournier", "Nutan Limaye", "Srikanth Srinivasan",
                                                    "Sébastien Tavenas"]
    # the proceedings volume: a record of the XML file; in the .bib (line 2066) the entries that
    # crossref it take its fields, and it is no record itself
    proc = c.papers["paper-doi-10.1145-3618260"]
    assert proc.kind == "proceedings" and proc.sources == ((str(xml), 30),)


def test_title_and_year_merge_without_shared_ids(tmp_path):
    """The arXiv record and DBLP's ECCC report share no identifier, only title and year."""
    kg = tmp_path / "w.kg"
    ax = FIXTURES / "arxiv" / "arxiv-selected.jsonl"
    bib = FIXTURES / "bibtex" / "dblp-standard.bib"
    assert run("ingest", "--kg", kg, ax, bib).exit_code == 0
    c = corpus(kg)
    schur = [p for p in c.papers.values() if p.title.startswith("Schur Polynomials")]
    # 2019: arXiv, CoRR and ECCC are one paper; the CCC 2020 paper and the Comput. Complex.
    # 2023 article (other years, other DOIs) stay apart
    assert sorted(p.year for p in schur) == [2019, 2020, 2023]
    schur = [p for p in schur if p.year == 2019]
    assert schur[0].sources == ((str(ax), 9), (str(bib), 706), (str(bib), 725))
    assert len(c.authors_of(schur[0].key)) == 6


def test_openalex_json_and_csv_give_one_paper_and_one_institution_per_ror(tmp_path):
    kg = tmp_path / "w.kg"
    page = FIXTURES / "openalex" / "openalexpro-page1.json"
    work = FIXTURES / "openalex" / "bvitamins-W2741809807.json"
    table = FIXTURES / "csv" / "bibliometrix-openalex_sample.csv"
    r = run("ingest", "--kg", kg, page, work, table)
    assert r.exit_code == 0, r.output
    c = corpus(kg)
    bib = c.papers["paper-doi-10.1016-j.joi.2017.08.007"]
    assert bib.sources == ((str(table), 2), (str(page), 1))
    assert dict(bib.ids) == {"doi": "10.1016/j.joi.2017.08.007", "openalex": "W2755950973"}
    ships = c.authors_of(bib.key)
    assert [(s.author, s.position) for s in ships] == [("author-orcid-0000-0002-8517-9411", 1),
                                                       ("author-orcid-0000-0002-7401-8575", 2)]
    assert ships[0].institutions == ("inst-ror-05290cv24",)
    naples = c.institutions["inst-ror-05290cv24"]
    assert (naples.name, naples.country) == ("University of Naples Federico II", "IT")
    assert dict(naples.ids) == {"ror": "05290cv24", "openalex": "I71267560"}
    # the CSV names the institution without ROR: it joins the ROR-identified one of that name
    assert not [k for k, i in c.institutions.items() if i.name == "University of Naples Federico II"
                and k != "inst-ror-05290cv24"]
    assert ("paper-doi-10.1016-j.joi.2017.08.007", "inst-ror-05290cv24") in c.paper_institutions
    oa = c.papers["paper-doi-10.7717-peerj.4375"]  # in the page and as a single work: one paper
    assert oa.sources == ((str(work), 1), (str(page), 2))
    assert len(c.authors_of(oa.key)) == 9
    rors = [dict(i.ids).get("ror") for i in c.institutions.values() if dict(i.ids).get("ror")]
    assert len(rors) == len(set(rors))


def test_institutions_without_ror_join_the_ror_one_of_that_name_or_openalex_id():
    """resolve(): the union of institution facts across sources (whatever the author resolver)."""
    from graphkit.model import RawAuthor, RawInstitution, Record
    from graphkit.resolve import exact_name_resolver, resolve
    ror = RawInstitution("Technical University of Berlin", (("ror", "03v4gjf40"), ("openalex", "I4577782")), "DE")
    by_name = RawInstitution("Technical  University of BERLIN")
    by_oa = RawInstitution("TU Berlin", (("openalex", "https://openalex.org/I4577782"),))
    twin_a = RawInstitution("Institute of Physics", (("ror", "0000000a1"),))
    twin_b = RawInstitution("Institute of Physics", (("ror", "0000000b2"),))
    twin_c = RawInstitution("Institute of Physics")
    recs = [Record("a.json", 1, "One", (RawAuthor("A B", 1, affiliations=(by_name,)),)),
            Record("b.json", 1, "Two", (RawAuthor("C D", 1, affiliations=(ror, twin_a)),)),
            Record("c.csv", 2, "Three", (RawAuthor("E F", 1, affiliations=(by_oa, twin_b)),), institutions=(twin_c,))]
    c = resolve(recs, author_resolver=exact_name_resolver)
    tub = c.institutions["inst-ror-03v4gjf40"]
    assert dict(tub.ids) == {"ror": "03v4gjf40", "openalex": "I4577782"} and tub.country == "DE"
    assert tub.name == "Technical University of Berlin"  # the name stated with the ROR id
    assert [s.institutions[0] for s in c.authorships] == ["inst-ror-03v4gjf40"] * 3
    # one name, two RORs: the name alone stays its own institution
    assert sorted(c.institutions) == ["inst-institute-of-physics", "inst-ror-0000000a1", "inst-ror-0000000b2",
                                      "inst-ror-03v4gjf40"]


def test_keys_do_not_depend_on_the_path_a_file_is_given_by(tmp_path, monkeypatch):
    """People who share a name are told apart by where the first of their names was read: the
    file's content (SHA-256), not the path it was given by, with the line and the name. Three
    homonyms on one paper get three keys."""
    import hashlib
    text = ("@article{a, author = {Wei Zhang and Wei Zhang and Wei Zhang and Li Wang},\n"
            "  title = {Three of a Name}, year = {2020}}\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "data" / "refs.bib").write_text(text)
    (tmp_path / "elsewhere" / "copy.bib").write_text(text)
    sha = hashlib.sha256(text.encode()).hexdigest()
    monkeypatch.chdir(tmp_path)
    keys = []
    for i, path in enumerate(("data/refs.bib", str(tmp_path / "data" / "refs.bib"), "elsewhere/copy.bib")):
        assert run("ingest", "--kg", f"ws{i}.kg", path).exit_code == 0
        c = corpus(tmp_path / f"ws{i}.kg")
        keys.append([s.author for s in sorted(c.authorships, key=lambda s: s.position)])
    assert keys[0] == keys[1] == keys[2]
    anchor = f"{sha}:1:Wei Zhang"  # the entry starts on line 1
    assert keys[0] == ["author-wei-zhang", f"author-wei-zhang-{K.digest(anchor, 6)}",
                       f"author-wei-zhang-{K.digest(anchor + '#1', 6)}", "author-li-wang"]


def test_arxiv_doi_of_an_openalex_work_finds_the_arxiv_record(tmp_path):
    """An OpenAlex work known only by its arXiv DOI (10.48550/arXiv.<id>) and the arXiv record
    of that id are one paper, although their titles differ."""
    import json
    work = {"id": "https://openalex.org/W4401234567", "doi": "https://doi.org/10.48550/arxiv.2408.03465",
            "title": "Gated Fusion Networks (preprint)", "publication_year": 2024,
            "publication_date": "2024-08-06",
            "authorships": [{"author_position": "first", "author": {"display_name": "Ana Lima"}}]}
    rec = {"id": "2408.03465", "authors": "Ana Lima", "title": "Gated fusion networks for sensor data",
           "categories": "cs.LG", "abstract": "A.", "doi": None,
           "versions": [{"version": "v1", "created": "Tue, 6 Aug 2024 10:00:00 GMT"}],
           "update_date": "2024-08-07"}
    (tmp_path / "w.json").write_text(json.dumps([work]))
    (tmp_path / "a.jsonl").write_text(json.dumps(rec) + "\n")
    kg = tmp_path / "ws.kg"
    assert run("ingest", "--kg", kg, tmp_path / "w.json", tmp_path / "a.jsonl").exit_code == 0
    c = corpus(kg)
    assert len(c.papers) == 1
    (paper,) = c.papers.values()
    assert ("arxiv", "2408.03465") in paper.ids and ("doi", "10.48550/arxiv.2408.03465") in paper.ids
    assert len(paper.sources) == 2


def test_a_failed_first_ingest_leaves_no_directory(tmp_path):
    (tmp_path / "empty.bib").write_text("")
    kg = tmp_path / "new.kg"
    r = run("ingest", "--kg", kg, tmp_path / "empty.bib")
    assert r.exit_code == 1 and "empty.bib:1: file is empty" in r.output
    assert not kg.exists()


def test_tex_subscripts_and_openalex_markup_give_one_title(tmp_path):
    # BibTeX's H$_2$O reads "H_2O", OpenAlex's H<sub>2</sub>O "H2O": one paper by title + year
    import json
    work = tmp_path / "w.json"
    work.write_text(json.dumps({"id": "https://openalex.org/W4000000002", "title": "Growth in H<sub>2</sub>O at "
                                "10<sup>3</sup> K", "publication_year": 2021, "type": "article",
                                "authorships": [{"author": {"display_name": "Ann Lee"}}]}), encoding="utf-8")
    bib = tmp_path / "b.bib"
    bib.write_text("@article{a, title={Growth in H$_2$O at 10$^3$ K}, author={Lee, Ann}, year={2021}}\n",
                   encoding="utf-8")
    kg = tmp_path / "k.kg"
    r = run("ingest", "--kg", kg, work, bib)
    assert r.exit_code == 0, r.output
    c = corpus(kg)
    (p,) = c.papers.values()
    assert sorted(p.sources) == [(str(bib), 1), (str(work), 1)]
    assert K.title_match_key(p.title) == "growthinh2oat103k"


PREPRINT = ('{"id": "2112.00042", "authors": "John Smith, Ana M\\\\\\"uller", "title": "Contrastive '
            'Pretraining for Author Disambiguation", "categories": "cs.DL", "abstract": "We pretrain.", '
            '"versions": [{"version": "v1", "created": "Fri, 3 Dec 2021 00:00:00 GMT"}]}\n')
PUBLISHED = ("@article{cpad, title={Contrastive Pretraining for Author Disambiguation},\n"
             "  author={M{\\\"u}ller, Ana and Smith, John and Chen, Li}, journal={JASIST}, year={2022},\n"
             "  doi={10.1234/cpad.2022}, eprint={2112.00042}, pmid={31415926}}\n"
             "@article{cpad2, title={Contrastive Pretraining, Again}, author={Chen, Li},\n"
             "  journal={JASIST}, year={2023}, doi={10.1234/cpad.2023}, eprint={2301.00001}}\n"
             "@misc{cpad2v, title={Contrastive Pretraining, Again: Erratum}, author={Chen, Li},\n"
             "  year={2023}, doi={10.1234/cpad.2023.err}, eprint={2301.00001}}\n")
SCOPUS_RIS = ("TY  - JOUR\nAU  - Chen, L.\nTI  - Scopus Only Paper\nPY  - 2020\nDO  - 10.1234/scopus.1\n"
              "UR  - https://www.scopus.com/inward/record.uri?eid=2-s2.0-85090000001&partnerID=40\n"
              "ER  - \n")


def test_the_same_files_in_any_order_give_the_same_graph(tmp_path):
    """A preprint and its published version: the published one gives the year, kind, venue and
    author order (ingested first or last, in one ingest or two), and the date is the most
    precise one of that year; every identifier of the records is kept."""
    ax, bib = tmp_path / "pre.jsonl", tmp_path / "pub.bib"
    ax.write_text(PREPRINT)
    bib.write_text(PUBLISHED)
    outs = []
    for n, steps in enumerate(([ax, bib], [bib, ax], [[ax, bib]], [[bib, ax]])):
        kg = tmp_path / f"w{n}.kg"
        for step in steps:
            r = run("ingest", "--kg", kg, *(step if isinstance(step, list) else [step]))
            assert r.exit_code == 0, r.output
        out = tmp_path / f"w{n}.nt"
        assert run("export", "--kg", kg, "--format", "nt", "-o", out).exit_code == 0
        outs.append(out.read_text())
        c = corpus(kg)
        p = c.papers["paper-doi-10.1234-cpad.2022"]
        assert (p.year, p.date, p.kind, p.venue) == (2022, "2022", "article", "JASIST")
        assert [s.name for s in c.authors_of(p.key)] == ["Ana Müller", "John Smith", "Li Chen"]
        assert p.abstract == "We pretrain."  # (only the preprint has one)
        # one arXiv id, two DOIs: the article and its erratum are one cluster through the id
        q = c.papers["paper-doi-10.1234-cpad.2023"]
        assert [v for k, v in q.ids if k == "doi"] == ["10.1234/cpad.2023", "10.1234/cpad.2023.err"]
        assert q.kind == "article" and q.title == "Contrastive Pretraining, Again"
    assert all(o == outs[0] for o in outs[1:])
    # PubMed and Scopus ids reach the RDF
    assert ("<https://w3id.org/graphkit/id/paper-doi-10.1234-cpad.2022> "
            "<http://purl.org/spar/fabio/hasPubMedId> \"31415926\" .") in outs[0]
    assert "<https://pubmed.ncbi.nlm.nih.gov/31415926/>" in outs[0]
    assert outs[0].count("<http://purl.org/dc/terms/identifier> \"paper-doi-10.1234-cpad.2022\"") == 1


def test_a_papers_scopus_eid_is_written(tmp_path):
    ris = tmp_path / "s.ris"
    ris.write_text(SCOPUS_RIS)
    kg = tmp_path / "s.kg"
    assert run("ingest", "--kg", kg, ris).exit_code == 0
    out = tmp_path / "s.nt"
    assert run("export", "--kg", kg, "--format", "nt", "-o", out).exit_code == 0
    assert ("<https://w3id.org/graphkit/id/paper-doi-10.1234-scopus.1> "
            "<https://w3id.org/graphkit/ontology#scopusEid> \"2-s2.0-85090000001\" .") in out.read_text()
    c = corpus(kg)
    assert ("scopus", "2-s2.0-85090000001") in c.papers["paper-doi-10.1234-scopus.1"].ids


def test_an_address_joins_the_ror_institution_it_names():
    """RIS/Scopus affiliations carry the address: "University of Stuttgart, Stuttgart, Germany"
    was a second institution beside the ROR-identified one."""
    from graphkit.model import RawAuthor, RawInstitution, Record
    from graphkit.resolve import exact_name_resolver, resolve
    ror = RawInstitution("University of Stuttgart", (("ror", "04vnq7t77"),), "DE")
    phys = RawInstitution("Institute of Physics", (("ror", "0000000a1"),))
    recs = [Record("a.json", 1, "One", (RawAuthor("A B", 1, affiliations=(ror, phys)),)),
            Record("b.ris", 1, "Two", (
                RawAuthor("C D", 1, affiliations=(RawInstitution("University of Stuttgart, Stuttgart, Germany"),)),
                RawAuthor("E F", 2, affiliations=(RawInstitution("Dept. of CS, University of Stuttgart, Germany"),)),
                # two known names in one address: which one is meant is not known
                RawAuthor("G H", 3, affiliations=(RawInstitution("Institute of Physics, University of Stuttgart"),)),
                RawAuthor("I J", 4, affiliations=(RawInstitution("Univ Stuttgart, D-70569 Stuttgart, Germany"),))))]
    c = resolve(recs, author_resolver=exact_name_resolver)
    by_author = {s.author: s.institutions for s in c.authorships}
    assert by_author["author-c-d"] == by_author["author-e-f"] == ("inst-ror-04vnq7t77",)
    assert by_author["author-g-h"] == ("inst-institute-of-physics-university-of-stuttgart",)
    assert by_author["author-i-j"] == ("inst-univ-stuttgart-d-70569-stuttgart-germany",)
