"""OpenAlex reader: API pages, arrays, single works, JSON lines, gzip; current and 2022 schema."""
from __future__ import annotations

import gzip
import json

import pytest

from graphkit.errors import InputError
from graphkit.sources import ReadContext, detect_format
from graphkit.sources.openalex import read

from .conftest import FIXTURES

OA = FIXTURES / "openalex"


def records(path, **kw):
    ctx = ReadContext(**kw)
    return list(read(str(path), ctx)), ctx


def test_api_page_current_schema():
    recs, ctx = records(OA / "openalexpro-page1.json")
    assert [r.line for r in recs] == [1, 2] and not ctx.issues  # record index within the page
    bib, oa = recs
    assert bib.title == "bibliometrix : An R-tool for comprehensive science mapping analysis"
    assert dict(bib.ids) == {"doi": "10.1016/j.joi.2017.08.007", "openalex": "W2755950973"}
    assert bib.date == "2017-09-12" and bib.year == 2017 and bib.kind == "article"
    assert bib.venue == "Journal of Informetrics" and bib.abstract is None
    aria, cuccurullo = bib.authors
    assert (aria.name, aria.position) == ("Massimo Aria", 1)
    assert aria.ids == (("orcid", "0000-0002-8517-9411"), ("openalex", "A5069892096"))
    (naples,) = aria.affiliations
    assert naples.name == "University of Naples Federico II" and naples.country == "IT"
    assert naples.ids == (("ror", "05290cv24"), ("openalex", "I71267560"))
    assert (cuccurullo.name, cuccurullo.position) == ("Corrado Cuccurullo", 2)
    schemes = [t.scheme for t in bib.topics]
    assert (schemes.count("openalex-topic"), schemes.count("openalex-concept"), schemes.count("keyword")) == (3, 10, 1)
    t = bib.topics[0]
    assert (t.code, t.label, t.score) == ("T13398", "Data Analysis with R", 0.994)
    assert t.broader[0] == ("subfields/1702", "Artificial Intelligence")
    assert [a.name for a in oa.authors] == ["Heather Piwowar", "Jason Priem", "Vincent Larivière",
                                            "Juan Pablo Alperín", "Lisa Matthias", "Bree Norlander",
                                            "Ashley Farley", "Jevin D. West", "Stefanie Haustein"]
    assert oa.abstract.startswith("Despite growing interest in Open Access (OA) to scholarly literature")
    assert dict(oa.ids)["pmid"] == "29456894"


def test_single_work_and_2022_schema_array():
    (w,), _ = records(OA / "bvitamins-W2741809807.json")
    assert w.title.startswith("The state of OA") and len(w.authors) == 9 and w.date == "2018-02-13"
    recs, ctx = records(OA / "herreio-first30.json")
    assert len(recs) == 30 and not ctx.issues
    kinds = [r.kind for r in recs]
    assert (kinds.count("book"), kinds.count("proceedings"), kinds.count("thesis")) == (13, 15, 2)
    assert sum(len(r.authors) for r in recs) == 145
    assert sum(r.abstract is not None for r in recs) == 7
    first = recs[0]
    assert first.title == "Handbook of Random Forests" and first.venue == "Series in computer vision"  # host_venue
    assert [t.label for t in first.topics] == ["Random forest", "Environmental science", "Geography", "Forestry"]
    assert all(t.scheme == "openalex-concept" for t in first.topics) and first.topics[0].score == 0.47714
    (tub,) = first.authors[0].affiliations
    assert tub.ids == (("ror", "03v4gjf40"), ("openalex", "I4577782")) and tub.country == "DE"


def test_json_lines_gzip_and_a_bad_line(tmp_path):
    works = json.loads((OA / "herreio-first30.json").read_text(encoding="utf-8"))
    f = tmp_path / "works.jsonl.gz"
    lines = [json.dumps(w) for w in works[:5]]
    lines.insert(2, '{"id": "https://openalex.org/W1", "title": ')  # cut off
    f.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    assert detect_format(str(f)).name == "openalex"
    recs, ctx = records(f)
    assert [r.line for r in recs] == [1, 2, 4, 5, 6]
    assert [r.title for r in recs] == [w["title"] for w in works[:5]]
    assert ctx.skipped == 1 and ctx.issues[0].line == 3 and "not valid JSON" in ctx.issues[0].message
    with pytest.raises(InputError) as e:
        records(f, strict=True)
    assert e.value.line == 3


def test_pages_as_json_lines(tmp_path):
    page = (OA / "openalexpro-page1.json").read_text(encoding="utf-8")
    f = tmp_path / "pages.jsonl"
    f.write_text(json.dumps(json.loads(page)) + "\n" + json.dumps(json.loads(page)) + "\n", encoding="utf-8")
    recs, _ = records(f)
    assert len(recs) == 4 and [r.line for r in recs] == [1, 1, 2, 2]


def test_array_read_in_small_chunks(monkeypatch):
    import graphkit.sources._text as T
    whole, _ = records(OA / "herreio-first30.json")
    monkeypatch.setattr(T, "JSON_CHUNK", 1000)  # works are larger than a chunk: refills
    assert records(OA / "herreio-first30.json")[0] == whole


def test_empty_page_other_entities_and_broken_json(tmp_path):
    recs, ctx = records(OA / "openalexpro-page2-empty.json")
    assert recs == [] and [i.message for i in ctx.issues] == ["the results page holds no works"]
    with pytest.raises(InputError, match=r"no OpenAlex works in this file \(found 1 authors\)"):
        records(OA / "bvitamins-author-A2150889177.json")
    bad = tmp_path / "bad.json"
    bad.write_text('[{"id": "https://openalex.org/W1", "title": "x"},\n {"id": ', encoding="utf-8")
    with pytest.raises(InputError) as e:
        records(bad)
    assert "element 2" in str(e.value) and e.value.line == 2


def test_detection_tells_openalex_from_arxiv():
    assert detect_format(str(OA / "openalexpro-page1.json")).name == "openalex"
    assert detect_format(str(OA / "herreio-first30.json")).name == "openalex"
    assert detect_format(str(FIXTURES / "arxiv" / "arxiv-head200.jsonl")).name == "arxiv"


MARKUP_TITLES = [  # (OpenAlex title, the title as text)
    ("Growth of <i>E. coli</i> in water &amp; more", "Growth of E. coli in water & more"),
    ("Photocatalytic H<sub>2</sub> evolution on TiO<sub>2</sub>", "Photocatalytic H2 evolution on TiO2"),
    ("<scp>CRISPR</scp>\u2010Cas9 screens &#x2013; a review", "CRISPR\u2010Cas9 screens \u2013 a review"),
    (('Bounds for <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:mi>k</mml:mi>'
      "</mml:math>-SAT"), "Bounds for k-SAT"),
    ("<b>Bold</b> claims<br/>about R&D, S&P 500 &amp; a<b and c>d", "Bold claims about R&D, S&P 500 & a<b and c>d"),
    ("An escaped tag &lt;i&gt; stays text; Caf&eacute; &unknown;", "An escaped tag <i> stays text; Café &unknown;"),
]


def test_titles_lose_markup_in_both_paths():
    """OpenAlex keeps Crossref's inline markup and character references in titles: the title is
    its text, the same from the fast path and from the general code."""
    from graphkit.sources import openalex as oa
    for i, (raw, text) in enumerate(MARKUP_TITLES, 1):
        w = {"id": f"https://openalex.org/W{i}", "title": raw, "publication_year": 2020}
        fast = oa._work_fast("x.json", i, w)
        slow = oa._work("x.json", i, f"record {i}", w, ReadContext(), {})
        assert (fast.title, slow.title) == (text, text), raw
        assert fast == slow


def test_markup_title_and_bibtex_give_one_paper(tmp_path):
    """The same paper from OpenAlex ("<i>E. coli</i> ... &amp;") and from BibTeX
    ("\\emph{E. coli} ... \\&"), same year, no shared identifier: one paper by title + year."""
    from click.testing import CliRunner

    from graphkit.cli import cli
    from graphkit.rdf.store import Workspace

    work = tmp_path / "work.json"
    work.write_text(json.dumps({
        "id": "https://openalex.org/W4000000001", "title": "Growth of <i>E. coli</i> in water &amp; more",
        "publication_year": 2020, "publication_date": "2020-05-01", "type": "article",
        "authorships": [{"author": {"id": "https://openalex.org/A5000000001", "display_name": "Ann Lee"},
                         "institutions": []}]}), encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{lee2020,\n  author = {Lee, Ann},\n"
                   "  title = {Growth of \\emph{E. coli} in water \\& more},\n"
                   "  journal = {J. Water},\n  year = {2020}\n}\n", encoding="utf-8")
    kg = tmp_path / "w.kg"
    r = CliRunner().invoke(cli, ["ingest", "--kg", str(kg), str(work), str(bib)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "added: 1 paper, 1 author, " in r.stdout
    ws = Workspace.open(kg)
    try:
        c = ws.corpus()
    finally:
        ws.close()
    (p,) = c.papers.values()
    assert p.title == "Growth of E. coli in water & more" and p.year == 2020
    assert sorted(p.sources) == [(str(bib), 1), (str(work), 1)]
    assert len(c.authors_of(p.key)) == 1 and len(c.authors) == 1
