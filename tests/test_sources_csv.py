"""CSV reader: Scopus exports and the OpenAlex CSV layout without a mapping; any table with one."""
from __future__ import annotations

import pytest

from graphkit.errors import InputError
from graphkit.sources import ReadContext, detect_format
from graphkit.sources.csv_ import read

from .conftest import FIXTURES

CSV = FIXTURES / "csv"


def records(path, mapping=None, **kw):
    ctx = ReadContext(options={"csv": {"map": mapping}} if mapping else {}, **kw)
    return list(read(str(path), ctx)), ctx


def test_scopus_export_recognised():
    recs, ctx = records(CSV / "bibliometrix-scopus_sample.csv")
    assert len(recs) == 8 and not ctx.issues and [r.line for r in recs] == list(range(2, 10))
    r = recs[0]
    assert r.title.startswith("Quantitative analysis of studies that use artificial intelligence")
    assert [(a.name, a.ids) for a in r.authors] == [
        ("Fengyuan Liu", (("scopus", "60410297700"),)), ("Chunyun Li", (("scopus", "58862216200"),)),
        ("Yong Liu", (("scopus", "60409735200"),)), ("Yufei Li", (("scopus", "57193852372"),))]
    assert r.authors[0].affiliations[0].name == (
        "Department of Clinical Medicine, Hunan Normal University Health Science Center, Hunan, Changsha, China")
    assert dict(r.ids) == {"doi": "10.1177/20552076261415846", "scopus": "2-s2.0-105030721984"}  # PubMed "NA"
    assert r.year == 2026 and r.venue == "Digital Health" and r.kind == "article"
    assert [t.label for t in r.topics] == ["Artificial intelligence", "bibliometrics", "citeSpace",
                                          "spinal diseases", "VOSviewer"]
    assert detect_format(str(CSV / "bibliometrix-scopus_sample.csv")).name == "csv"


def test_scopus_rows_longer_than_the_header():
    recs, ctx = records(CSV / "litstudy-scopus-first8.csv")
    assert len(recs) == 8
    assert [i.message for i in ctx.issues] == [
        "6 rows have more fields than the header (45); the columns after 'Funding Details' were "
        "read from the right (a known Scopus export fault)"]
    assert [r.kind for r in recs] == ["article", "article", "article", "article", "incollection",
                                      "article", "article", "article"]  # Review, Article, ..., Book Chapter
    assert dict(recs[2].ids) == {"doi": "10.1038/s41598-022-04849-0", "pmid": "35064163",
                                 "scopus": "2-s2.0-85123480963"}
    namd = recs[0]
    assert namd.title == "Scalable molecular dynamics with NAMD" and namd.year == 2005
    assert [a.name for a in namd.authors][:2] == ["J.C. Phillips", "R. Braun"]  # "Phillips J.C., Braun R."
    assert namd.authors[0].ids == (("scopus", "57202138757"),)
    assert namd.authors[0].affiliations[0].name.startswith("Beckman Institute, University of Illinois")


def test_openalex_csv_layout():
    recs, _ = records(CSV / "bibliometrix-openalex_sample.csv")
    assert len(recs) == 8
    r = recs[0]
    assert dict(r.ids) == {"doi": "10.1016/j.joi.2017.08.007", "openalex": "W2755950973"}
    assert [(a.name, a.ids) for a in r.authors] == [
        ("Massimo Aria", (("orcid", "0000-0002-8517-9411"), ("openalex", "A5069892096"))),
        ("Corrado Cuccurullo", (("orcid", "0000-0002-7401-8575"), ("openalex", "A5049136342")))]
    assert r.date == "2017-09-12" and r.venue == "Journal of Informetrics"
    assert [i.name for i in r.institutions] == ["University of Naples Federico II",
                                               'University of Campania "Luigi Vanvitelli"']


def test_any_table_with_a_mapping(tmp_path):
    f = tmp_path / "mine.tsv"
    f.write_text("Titel\tAutoren\tJahr\tDOI\tSchlagworte\n"
                 "Graphs\tMüller, Anna; Bo Li\t2021\t10.1234/ABC\tgraphs; networks\n"
                 "\t\t\t\t\n"
                 "No authors\t\t2020\t\t\n"
                 "\tX\t2019\t\t\n", encoding="utf-8")
    mapping = {"title": "Titel", "authors": "Autoren", "year": "Jahr", "doi": "DOI", "keywords": "Schlagworte"}
    recs, ctx = records(f, mapping)
    assert [(r.title, r.year, r.line) for r in recs] == [("Graphs", 2021, 2), ("No authors", 2020, 4)]
    assert [(a.name, a.given, a.family) for a in recs[0].authors] == [("Anna Müller", "Anna", "Müller"),
                                                                     ("Bo Li", "Bo", "Li")]
    assert dict(recs[0].ids) == {"doi": "10.1234/ABC"} and [t.code for t in recs[0].topics] == ["graphs", "networks"]
    assert [(i.kind, i.line) for i in ctx.issues] == [("skipped", 5)]
    c = tmp_path / "comma.csv"
    c.write_text('title,authors\n"A, B and C",Ann Lee and Bob Ray\n', encoding="utf-8")
    (r,), _ = records(c, {"title": "title", "authors": "authors"})
    assert r.title == "A, B and C" and [a.name for a in r.authors] == ["Ann Lee", "Bob Ray"]


def test_mapping_errors(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("Title,Who\nA,B\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"needs a column mapping, e\.g\. --map title=Title.*columns here: Title, Who"):
        records(f)
    with pytest.raises(InputError, match=r"column\(s\) 'Authors' not in the header"):
        records(f, {"title": "Title", "authors": "Authors"})
    with pytest.raises(InputError, match=r"unknown field\(s\) writer"):
        records(f, {"title": "Title", "writer": "Who"})
    with pytest.raises(InputError, match="needs title=COLUMN"):
        records(f, {"authors": "Who"})
