"""OpenAlex reader: API pages, arrays, single works, JSON lines, gzip; current and 2022 schema."""
from __future__ import annotations

import copy
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
    assert len(recs) == 30 and [(i.line, i.message) for i in ctx.issues] == [
        (17, "record 17: authorship 1 names 5 people (Fahad Seemab, Maximilian Schmidt, Abedulgader "
             "Baktheer, Josef Hegger, Martin Classen5); read as 5 authors, without the authorship's ids")]
    kinds = [r.kind for r in recs]
    assert (kinds.count("book"), kinds.count("proceedings"), kinds.count("thesis")) == (13, 15, 2)
    # (record 17's one authorship, which lists five people, is five authors: 141 + 5)
    assert sum(len(r.authors) for r in recs) == 149
    assert [(a.name, a.position, a.ids) for a in recs[16].authors] == [
        ("Fahad Seemab", 1, ()), ("Maximilian Schmidt", 2, ()), ("Abedulgader Baktheer", 3, ()),
        ("Josef Hegger", 4, ()), ("Martin Classen", 5, ())]
    assert recs[16].authors[4].affiliations[0].name == "RWTH Aachen University"
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


def _ingest(tmp_path, *files):
    """``graphkit ingest`` of ``files`` into a new workspace: the CLI result and the corpus."""
    from click.testing import CliRunner

    from graphkit.cli import cli
    from graphkit.rdf.store import Workspace
    kg = tmp_path / "w.kg"
    r = CliRunner().invoke(cli, ["ingest", "--kg", str(kg), *map(str, files)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    ws = Workspace.open(kg)
    try:
        return r, ws.corpus()
    finally:
        ws.close()


def test_markup_title_and_bibtex_give_one_paper(tmp_path):
    """The same paper from OpenAlex ("<i>E. coli</i> ... &amp;") and from BibTeX
    ("\\emph{E. coli} ... \\&"), same year, no shared identifier: one paper by title + year."""
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
    r, c = _ingest(tmp_path, work, bib)
    assert "added: 1 paper, 1 author, " in r.stdout
    (p,) = c.papers.values()
    assert p.title == "Growth of E. coli in water & more" and p.year == 2020
    assert sorted(p.sources) == [(str(bib), 1), (str(work), 1)]
    assert len(c.authors_of(p.key)) == 1 and len(c.authors) == 1


def _both(w, line=1):
    """The record of work ``w`` from the fast path and from the general code (equal)."""
    from graphkit.sources import openalex as oa
    fast = oa._work_fast("x.json", line, w)
    ctx = ReadContext()
    slow = oa._work("x.json", line, f"record {line}", w, ctx, {})
    assert fast == slow and not ctx.issues
    return slow


def test_family_given_display_names_are_turned_round():
    """herreio's works (2022 schema) write 108 of their 145 author names (149 people) "Family, Given"
    ("Wagner, Adina S."): each is read "Given Family" with given and family names set, so it
    is the name other sources give; other names stay as they are (given and family unset)."""
    recs, ctx = records(OA / "herreio-first30.json")
    assert [i.line for i in ctx.issues] == [17]  # (record 17: below)
    people = [a for r in recs for a in r.authors]
    assert len(people) == 149 and sum(a.family is not None for a in people) == 108
    handbook = recs[27]
    assert handbook.title == "The DataLad Handbook" and len(handbook.authors) == 42
    assert [a.name for a in handbook.authors[:3]] == ["Adina S. Wagner", "Laura K. Waite", "Kyle Meyer"]
    wagner = handbook.authors[0]
    assert (wagner.name, wagner.given, wagner.family, wagner.position) == ("Adina S. Wagner", "Adina S.", "Wagner", 1)
    assert wagner.ids == (("openalex", "A4223977135"),)
    ikko = handbook.authors[37]  # written "Ikko Ashimine" in the file
    assert (ikko.name, ikko.given, ikko.family, ikko.position) == ("Ikko Ashimine", None, None, 38)
    assert [(a.name, a.given, a.family) for a in recs[1].authors] == [
        ("Muhammad Haris", "Muhammad", "Haris"), ("Markus Stocker", "Markus", "Stocker"),
        ("Sören Auer", "Sören", "Auer")]
    # a list of five people in one name (four commas) is no "Family, Given" name: five people
    assert [a.name for a in recs[16].authors][::4] == ["Fahad Seemab", "Martin Classen"]
    assert [a.name for a in people if "," in a.name] == []


FAMILY_GIVEN = [  # (name as OpenAlex gives it, name read, given, family)
    ("Wagner, Adina S.", "Adina S. Wagner", "Adina S.", "Wagner"),
    ("van den Brom, H.E.", "H.E. van den Brom", "H.E.", "van den Brom"),
    ("Baden, S", "S Baden", "S", "Baden"),
    ("Kumar, V", "V Kumar", "V", "Kumar"),          # a lone V: an initial
    ("Rahman, Md", "Md Rahman", "Md", "Rahman"),    # "Md" (Mohammad): a given name
    ("Smith, Jr.", "Smith, Jr.", None, None),       # suffixes: no given name
    ("Smith, III", "Smith, III", None, None),
    ("Doe, PhD", "Doe, PhD", None, None),
    ("Roe, M.D.", "Roe, M.D.", None, None),
    ("Roe, MD", "Roe, MD", None, None),
    ("Bloggs, D.Phil.", "Bloggs, D.Phil.", None, None),
    ("Bloggs, Ph. D.", "Bloggs, Ph. D.", None, None),
    ("Bloggs, sr", "Bloggs, sr", None, None),
    ("Smith,", "Smith,", None, None),               # nothing on one side
    (", John", ", John", None, None),
    ("Afshari Moein, Mohammad, J.", "Afshari Moein, Mohammad, J.", None, None),  # two commas
    ("Ada  Lovelace", "Ada Lovelace", None, None),
    ("  Lovelace ,  Ada ", "Ada Lovelace", "Ada", "Lovelace"),
]


def test_family_given_rule_in_both_paths():
    """One comma, something on each side, no suffix after it: "Family, Given"; the fast path
    and the general code read each name alike (from ``display_name`` or, without one, from
    ``raw_author_name``)."""
    for i, (raw, name, given, family) in enumerate(FAMILY_GIVEN, 1):
        for ship in ({"author": {"display_name": raw}}, {"author": {}, "raw_author_name": raw}):
            w = {"id": f"https://openalex.org/W{i}", "title": "T", "authorships": [ship]}
            (a,) = _both(w, i).authors
            assert (a.name, a.given, a.family, a.position) == (name, given, family, 1), raw


def test_markup_in_institution_and_author_names():
    """herreio's work W3105885823 names its second author's institution
    "Sorbonne Universit&#x00E9;": its text is "Sorbonne Université"; author names lose markup
    and character references too, before the "Family, Given" rule."""
    (w,), ctx = records(OA / "herreio-W3105885823.json")
    assert not ctx.issues
    assert [(a.name, a.position, [i.name for i in a.affiliations]) for a in w.authors] == [
        ("Frédéric Monier", 1, ["University of Avignon"]), ("Olivier Dard", 2, ["Sorbonne Université"]),
        ("Jens Ivo Engels", 3, ["TU Darmstadt"])]
    assert w.authors[1].affiliations[0].ids == ()  # no id, no ROR in the file
    w = {"id": "https://openalex.org/W9", "title": "T", "authorships": [
        {"author": {"display_name": "Garc&#237;a, Jos&eacute;"},
         "institutions": [{"display_name": "Universit&eacute; <i>Paris</i> &amp; Co", "ror": "https://ror.org/02en5vm52"}]},
        {"author": {"display_name": "<b>Anna</b> M&uuml;ller"},
         "institutions": [{"display_name": "William & Mary"}, {"display_name": "R&D Lab &unknown;"}]}]}
    a, b = _both(w).authors
    assert (a.name, a.given, a.family) == ("José García", "José", "García")
    assert [i.name for i in a.affiliations] == ["Université Paris & Co"]
    assert (b.name, [i.name for i in b.affiliations]) == ("Anna Müller", ["William & Mary", "R&D Lab &unknown;"])


def test_authorships_without_a_name_make_the_list_incomplete():
    """An authorship whose ``author`` is empty or has no name (and no ``raw_author_name``) is
    left out; the list is then incomplete, and the others keep their places."""
    works = json.loads((OA / "herreio-first30.json").read_text(encoding="utf-8"))
    w = works[1]  # Haris, Stocker, Auer
    full = _both(w)
    assert [a.position for a in full.authors] == [1, 2, 3] and full.authors_complete
    for blank in ({}, {"id": "https://openalex.org/A4288270584", "display_name": None, "orcid": None},
                  {"display_name": ""}, {"display_name": "   "}, None):
        v = copy.deepcopy(w)
        v["authorships"][1]["author"] = blank
        r = _both(v)
        assert [a.position for a in r.authors] == [1, 3] and not r.authors_complete, blank
        assert [a.name for a in r.authors] == ["Muhammad Haris", "Sören Auer"]
        if blank and blank.get("display_name") == "   ":
            continue  # (a name of spaces is the name given: no name, raw_author_name unread)
        v["authorships"][1]["raw_author_name"] = "Stocker, Markus"  # the name as written on the paper
        r = _both(v)
        assert [(a.name, a.position) for a in r.authors] == [
            ("Muhammad Haris", 1), ("Markus Stocker", 2), ("Sören Auer", 3)] and r.authors_complete
    v = copy.deepcopy(w)
    v["authorships"] = [{"author": {}, "institutions": []}]
    r = _both(v)
    assert r.authors == () and not r.authors_complete
    v["authorships"] = [None, w["authorships"][2]]  # (not an authorship object: the general code)
    from graphkit.sources import openalex as oa
    assert oa._work_fast("x.json", 1, v) is None
    r = oa._work("x.json", 1, "record 1", v, ReadContext(), {})
    assert [(a.name, a.position) for a in r.authors] == [("Sören Auer", 2)] and not r.authors_complete


def test_other_entities_are_detected_and_told_apart_from_works(tmp_path):
    """A file of OpenAlex authors, institutions or keywords (an entity's id near the start) is
    detected as OpenAlex, so that ingest says what it holds instead of "unrecognised format";
    arXiv's JSON lines stay arXiv."""
    from click.testing import CliRunner

    from graphkit.cli import cli
    author = OA / "bvitamins-author-A2150889177.json"
    keyword = OA / "bvitamins-keyword-cardiac-imaging.json"
    assert detect_format(str(author)).name == "openalex" and detect_format(str(keyword)).name == "openalex"
    inst = tmp_path / "inst.json"
    inst.write_text('{\n  "id": "https://openalex.org/I27837315",\n  "ror": "https://ror.org/00jmfr291",\n'
                    '  "display_name": "University of Michigan"\n}\n', encoding="utf-8")
    people = tmp_path / "authors.jsonl"
    one = json.dumps(json.loads(author.read_text(encoding="utf-8")))
    people.write_text(one + "\n" + one.replace("A2150889177", "A2150889178") + "\n", encoding="utf-8")
    far = tmp_path / "far.json"  # an id far from the start is not looked for
    far.write_text('{"note": "' + "x" * 3000 + '", "id": "https://openalex.org/A1"}', encoding="utf-8")
    for path in (inst, people):
        assert detect_format(str(path)).name == "openalex"
    for rel in ("arxiv-head200.jsonl", "arxiv-selected.jsonl", "arxiv-family-initials.jsonl"):
        assert detect_format(str(FIXTURES / "arxiv" / rel)).name == "arxiv"
    for path, found in ((author, "1 authors"), (inst, "1 institutions"), (people, "2 authors"),
                        (keyword, "1 keywords"), (far, None)):
        r = CliRunner().invoke(cli, ["ingest", "--kg", str(tmp_path / "w.kg"), str(path)])
        assert r.exit_code == 1 and "Traceback" not in r.output, r.output
        if found:
            assert r.stderr == (f"Error: {path}:1: no OpenAlex works in this file (found {found}); "
                                "graphkit reads works (ids W...)\n")
        else:
            assert r.stderr.startswith(f"Error: {path}: unrecognised format; pass --format")


def test_values_of_unexpected_types_skip_the_work(tmp_path):
    """A work whose fields hold numbers where text or lists belong is skipped with the reason
    (with --strict: fails), never a traceback; the other works are read."""
    works = json.loads((OA / "herreio-first30.json").read_text(encoding="utf-8"))[:3]
    works[1]["type"] = 5
    works[2]["concepts"] = 3
    works[0]["authorships"][0]["author"]["display_name"] = 7  # a name that is no text: left out
    works[0]["abstract_inverted_index"] = {"a": 1.5, "b": [0]}
    f = tmp_path / "odd.json"
    f.write_text(json.dumps(works), encoding="utf-8")
    recs, ctx = records(f)
    assert [r.title for r in recs] == ["Handbook of Random Forests"]
    assert recs[0].authors == () and not recs[0].authors_complete and recs[0].abstract == "b"
    assert [(i.kind, i.line) for i in ctx.issues] == [("skipped", 2), ("skipped", 3)]
    assert ctx.issues[0].message == ("record 2: a field holds a value of an unexpected type "
                                     "('int' object has no attribute 'lower'); skipped")
    with pytest.raises(InputError) as e:
        records(f, strict=True)
    assert e.value.line == 2


def test_family_given_name_is_the_name_in_the_workspace(tmp_path):
    """herreio's "Haris, Muhammad; Stocker, Markus; Auer, Sören" and a BibTeX paper by
    "Auer, S{\\"o}ren and Stocker, Markus": three people, named "Given Family" (before, the
    workspace called the first "Haris, Muhammad")."""
    work = tmp_path / "haris.json"
    work.write_text(json.dumps(json.loads((OA / "herreio-first30.json").read_text(encoding="utf-8"))[1]),
                    encoding="utf-8")
    bib = tmp_path / "auer.bib"
    bib.write_text('@article{auer2020,\n  author = {Auer, S{\\"o}ren and Stocker, Markus},\n'
                   "  title = {Another paper on scholarly knowledge graphs},\n  journal = {J. Test},\n"
                   "  year = {2020}\n}\n", encoding="utf-8")
    r, c = _ingest(tmp_path, work, bib)
    assert "added: 2 papers, 3 authors, " in r.stdout, r.output
    assert sorted(a.name for a in c.authors.values()) == ["Markus Stocker", "Muhammad Haris", "Sören Auer"]
    papers = {a.name: len(c.papers_of(k)) for k, a in c.authors.items()}
    assert papers == {"Markus Stocker": 2, "Muhammad Haris": 1, "Sören Auer": 2}


def test_a_page_wrapped_by_hand_is_one_document(tmp_path):
    # a results page wrapped at each authorship: some lines are whole objects (the last
    # authorship of a work has no comma after it), most are not: one document, not JSON lines
    from graphkit.sources import ReadContext
    from graphkit.sources.openalex import read

    def work(i):
        ships = [json.dumps({"author": {"display_name": n}}) for n in (f"Ann Lee{i}", f"Bo Wu{i}")]
        return (f'{{"id":"https://openalex.org/W{i}","title":"Paper {i}","publication_year":2020,'
                f'"authorships":[\n' + ",\n".join(ships) + "\n]}")
    f = tmp_path / "page.json"
    f.write_text('{"results":[' + ",\n".join(work(i) for i in range(1, 4)) + "]}\n", encoding="utf-8")
    ctx = ReadContext()
    recs = list(read(str(f), ctx))
    assert [r.title for r in recs] == ["Paper 1", "Paper 2", "Paper 3"] and ctx.skipped == 0
    assert [a.name for a in recs[2].authors] == ["Ann Lee3", "Bo Wu3"]


def test_several_people_in_one_name_only_when_each_part_is_a_name():
    from graphkit.sources.openalex import several_people
    assert several_people("Ana de la Cruz, Jan van Dijk, Li Wei") == ["Ana de la Cruz", "Jan van Dijk", "Li Wei"]
    # a name, an institution and a place: one author as written (was three "people")
    assert several_people("John Smith, University of Somewhere, Boston MA") is None
    assert several_people("John Smith, Jane Doe, Boston MA") is None
    assert several_people("Afshari Moein, Mohammad, J.") is None  # one person, "Family, Given, Initial"


def test_a_doi_that_is_no_doi_is_left_out_with_a_warning(tmp_path):
    """As BibTeX, RIS and CSV say it (OpenAlex dropped it silently); a doi.org URL with its
    slash escaped is a DOI."""
    import json as _json
    f = tmp_path / "w.json"
    f.write_text(_json.dumps({"results": [
        {"id": "https://openalex.org/W1", "title": "One", "doi": "https://doi.org/10.1/ed3"},
        {"id": "https://openalex.org/W2", "title": "Two", "doi": "https://doi.org/10.1145%2F3394486.3403001"}]}))
    ctx = ReadContext()
    recs = list(read(str(f), ctx))
    assert [dict(r.ids).get("doi") for r in recs] == [None, "10.1145/3394486.3403001"]
    assert [(i.kind, i.line, i.message) for i in ctx.issues] == [
        ("warning", 1, "record 1: DOI 'https://doi.org/10.1/ed3' is not a DOI (10.NNNN/...); left out")]
