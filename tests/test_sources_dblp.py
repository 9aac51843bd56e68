"""DBLP XML reader: a genuine dblp.xml excerpt (ISO-8859-1, DTD entities, homonym numbers)
and a small file in DBLP's layout covering the other record types."""
from __future__ import annotations

import gzip
import shutil

import pytest

from graphkit.errors import InputError
from graphkit.sources import ReadContext, detect_format
from graphkit.sources.dblp import read

from .conftest import FIXTURES

DBLP = FIXTURES / "dblp"


def records(path, **kw):
    ctx = ReadContext(**kw)
    return list(read(str(path), ctx)), ctx


def test_genuine_excerpt():
    recs, ctx = records(DBLP / "dblp.xml")
    assert len(recs) == 131 and not ctx.issues  # 131 <incollection> records
    assert {r.kind for r in recs} == {"incollection"}
    assert sum(len(r.authors) for r in recs) == 73  # grep -c '<author'
    assert sum(1 for r in recs if not r.authors) == 76
    singh = next(r for r in recs if dict(r.ids)["dblp"] == "reference/vision/Singh14")
    assert singh.line == 11 and singh.title == "Transparency and Translucency"  # DBLP's final '.' dropped
    (a,) = singh.authors
    assert a.name == "Manish Singh" and a.ids == (("dblp", "Manish Singh 0001"),)
    assert dict(singh.ids)["doi"] == "10.1007/978-0-387-31439-6_559" and singh.year == 2014
    assert singh.venue == "Computer Vision, A Reference Guide"
    pont = next(r for r in recs if dict(r.ids)["dblp"] == "reference/vision/Pont14b")
    assert pont.authors[0].ids == (("orcid", "0000-0002-9834-9600"), ("dblp", "Sylvia C. Pont"))
    names = {a.name for r in recs for a in r.authors}
    assert {"Jürgen Beyerer", "Matti Pietikäinen", "François Chaumette"} <= names  # &uuml; &auml; &ccedil;
    assert not any(n[-4:].isdigit() for n in names)


def test_without_the_dtd_the_standard_entities_are_supplied(tmp_path):
    shutil.copy(DBLP / "dblp.xml", tmp_path / "dblp.xml")  # dblp.dtd not copied
    recs, _ = records(tmp_path / "dblp.xml")
    assert recs == [r.__class__(**{**r.__dict__, "source": str(tmp_path / "dblp.xml")})
                    for r in records(DBLP / "dblp.xml")[0]]


def test_record_types():
    recs, ctx = records(DBLP / "dblp-constructed.xml")
    assert [(r.kind, r.line) for r in recs] == [("article", 4), ("inproceedings", 17), ("proceedings", 30),
                                                ("preprint", 41), ("book", 59), ("thesis", 65)]
    art, inproc, proc, corr, book, thesis = recs
    assert art.date == "2024-07" and dict(art.ids)["doi"] == "10.1007/S00453-024-01221-8"
    assert [a.name for a in inproc.authors] == ["Hervé Fournier", "Nutan Limaye", "Srikanth Srinivasan",
                                               "Sébastien Tavenas"]
    assert inproc.authors[2].ids == (("dblp", "Srikanth Srinivasan 0001"),)
    assert proc.authors == () and proc.venue == "STOC"  # editors are not authors
    assert dict(corr.ids) == {"arxiv": "1809.05932", "dblp": "journals/corr/abs-1809-05932"}
    assert book.title == "A Constructed Book Record with Markup" and book.venue == "Constructed Press"
    assert [i.name for i in thesis.institutions] == ["Universität Constructed"]
    assert [(i.kind, i.line) for i in ctx.issues] == [("skipped", 71)]  # no title; the www record is no paper


def test_gzip_and_detection(tmp_path):
    f = tmp_path / "dblp.xml.gz"
    f.write_bytes(gzip.compress((DBLP / "dblp-constructed.xml").read_bytes()))
    shutil.copy(DBLP / "dblp.dtd", tmp_path / "dblp.dtd")
    assert detect_format(str(f)).name == "dblp"
    assert len(records(f)[0]) == 6


def test_broken_xml_names_the_line(tmp_path):
    f = tmp_path / "bad.xml"
    f.write_text('<?xml version="1.0"?>\n<dblp>\n<article key="a/b/c">\n<title>T.</title>\n'
                 '<year>2001</year>\n</articel>\n</dblp>\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        records(f)
    assert e.value.line == 6 and "not well-formed" in str(e.value)
    empty = tmp_path / "empty.xml"
    empty.write_text("<dblp>\n</dblp>\n", encoding="utf-8")
    with pytest.raises(InputError, match="no DBLP records"):
        records(empty)


def test_a_record_key_links_to_its_dblp_page(tmp_path):
    """A paper's DBLP key is kept (gk:dblpKey) and links to its page on dblp.org (schema:sameAs
    https://dblp.org/rec/KEY), as DOIs link to doi.org; DBLP people named with a homonym
    number get no link (their pid is not in the file)."""
    from graphkit.rdf.store import Workspace
    ws = Workspace(tmp_path / "d.kg")
    ws.ingest([str(DBLP / "dblp.xml")], ctx=ReadContext())
    q = ("SELECT ?key ?x WHERE { ?p <https://w3id.org/graphkit/ontology#dblpKey> ?key ; "
         "<https://schema.org/sameAs> ?x FILTER(STRSTARTS(STR(?x), 'https://dblp.org/')) }")
    rows = {(r[0].value, r[1].value) for r in ws.query(q)}
    assert len(rows) == 131
    assert ("reference/vision/Singh14", "https://dblp.org/rec/reference/vision/Singh14") in rows
    people = "SELECT ?x WHERE { ?a a <http://xmlns.com/foaf/0.1/Person> ; <https://schema.org/sameAs> ?x }"
    assert not [r for r in ws.query(people) if "dblp.org" in r[0].value]
    ws.close()
