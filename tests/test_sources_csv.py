"""CSV reader: Scopus exports and the OpenAlex CSV layout without a mapping; any table with one."""
from __future__ import annotations

import random

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


SCOPUS_HEADER = ('"Authors","Author full names","Author(s) ID","Title","Year","Source title","DOI",'
                 '"Authors with affiliations","Abstract","Author Keywords","Index Keywords","EID"')


def test_scopus_rows_in_every_form(tmp_path):
    """Rows the csv module reads the same as the common quoted one-line form; names and
    affiliations in the plain forms and in the others."""
    rows = [
        # doubled quotes in fields; a row over two lines; CR/LF line ends inside a field
        ('"Hoffman B.","Hoffman, Beryl (56306479534)","56306479534","Integrating ""Free"" Word Order",'
         '"1995","arXiv","","Hoffman B., Univ of X, US","""Natural"" languages\r\nare, ""really"",'
         ' programs","a; B","b","2-s2.0-1"'),
        # suffixes, non-ASCII and et al. in the full names; initials after the comma
        ('"Ford H.; Kalé L.; et al.","Ford, Jr. (1); Kalé, Laxmikant (2); et al.","1;2","Two",'
         '"2001","J","10.1000/x","Ford H., J.R., MIT, US; Kalé L., Univ  of  Illinois, US; x","",'
         '"","","2-s2.0-2"'),
        # unquoted fields, a quote inside an unquoted field
        'Smith J.,"Smith, John (3)",3,Plain "title",2002,J,,,,kw,,2-s2.0-3',
        # a field that starts with a separator's worth of quotes
        ('"Li X.","Li, Xin (4)","4",""",""title","2003","J","","Li X., Peking U, CN","","","",'
         '"2-s2.0-4"'),
    ]
    for end in ("\r\n", "\n", "\r"):
        f = tmp_path / "scopus.csv"
        f.write_bytes((SCOPUS_HEADER + end + end.join(rows) + end).encode("utf-8"))
        recs, ctx = records(f)
        assert not ctx.issues
        assert [r.line for r in recs] == [2, 4, 5, 6]
        a, b, c, d = recs
        assert a.title == 'Integrating "Free" Word Order'
        assert a.abstract == '"Natural" languages are, "really", programs'
        assert [(x.name, x.ids, [i.name for i in x.affiliations]) for x in a.authors] == [
            ("Beryl Hoffman", (("scopus", "56306479534"),), ["Univ of X, US"])]
        assert [t.label for t in a.topics] == ["a", "B"]  # "b" is "B" again
        assert [(x.name, x.given, x.family, x.ids) for x in b.authors] == [
            ("Ford Jr.", None, "Ford", (("scopus", "1"),)),
            ("Laxmikant Kalé", "Laxmikant", "Kalé", (("scopus", "2"),))]
        assert not b.authors_complete
        assert [[i.name for i in x.affiliations] for x in b.authors] == [["MIT, US"],
                                                                         ["Univ of Illinois, US"]]
        assert c.title == 'Plain "title"' and [x.name for x in c.authors] == ["John Smith"]
        assert d.title == '","title' and d.authors[0].affiliations[0].name == "Peking U, CN"


def test_lines_as_iter_text_lines(tmp_path, monkeypatch):
    """The reader's own decoding gives the lines iter_text_lines gives (CR, LF and CRLF line
    ends, BOM, characters and line ends across chunk ends), and its error for bytes that are
    not UTF-8."""
    from graphkit.sources import csv_
    from graphkit.sources._text import iter_text_lines

    def lines(it):
        out = []
        try:
            out.extend(it)
        except InputError as exc:
            out.append(str(exc))
        return out

    monkeypatch.setattr(csv_, "_CHUNK", 8192)
    rnd = random.Random(7)
    pieces = [b"a", b"bc,", b'"', b"\n", b"\r", b"\r\n", b"\xc3\xa9", b"\xe2\x82\xac", b"x" * 300]
    f = tmp_path / "t.csv"
    for trial in range(80):
        weights = [1, 1, 1, rnd.random(), rnd.random(), 1, 1, 1, 1]
        data = bytearray(b"\xef\xbb\xbf" if trial % 3 == 0 else b"")
        size = rnd.choice([10, 9000, 20000])
        while len(data) < size:
            data += rnd.choices(pieces, weights)[0]
        at = 8192 - rnd.randint(0, 2)  # something across the first chunk end
        data[at:at] = rnd.choice([b"\r\n", b"\r", b"\xe2\x82\xac", b"\xf0\x9f\x98\x80"])
        if trial % 4 == 1:  # not UTF-8, before, at or after the chunk end
            at = rnd.choice([5, 8191, len(data) - 1])
            data[at:at] = b"\xff"
        f.write_bytes(bytes(data))
        assert lines(csv_._text_lines(str(f), ReadContext())) == lines(
            iter_text_lines(str(f), ReadContext(), "CSV", keepends=True)), trial


def test_scopus_placeholders_are_no_authors(tmp_path):
    """Scopus writes "[No author name available]" (ids "[No author id available]") for works
    without authors: such a row has no authors, as a row with an empty Authors cell."""
    recs, ctx = records(CSV / "litstudy-scopus-no-author.csv")
    assert [r.line for r in recs] == [2, 3, 4]
    front, paper, cmsb = recs
    assert front.title == "11th International Conference on Bioinformatics and Computational Biology, BICOB 2019"
    assert front.authors == () and front.authors_complete
    assert cmsb.title.startswith("Computational Methods in Systems Biology - 10th International Conference")
    assert cmsb.authors == () and cmsb.authors_complete
    assert [(a.name, a.position) for a in paper.authors] == [
        ("S.T. Ashraf", 1), ("A. Obaid", 2), ("M.T. Saeed", 3), ("A. Naz", 4), ("F. Shahid", 5),
        ("J. Ahmad", 6), ("A. Ali", 7)]
    assert [i.message for i in ctx.issues] == [
        ("3 rows have more fields than the header (45); the columns after 'Funding Details' were "
         "read from the right (a known Scopus export fault)")]
    # the layout with full names; Web of Science's "[Anonymous]" and "Anonymous" in any table
    f = tmp_path / "scopus.csv"
    rows = [('"[No author name available]","[No author name available]","[No author id available]",'
             '"Front matter","2019","J","","","","","","2-s2.0-9"'),
            ('"Li X.; [No author name available]","Li, Xin (4); [No author name available]",'
             '"4; [No author id available]","Two","2020","J","","","","","","2-s2.0-8"')]
    f.write_text(f"{SCOPUS_HEADER}\n{rows[0]}\n{rows[1]}\n", encoding="utf-8")
    (a, b), ctx = records(f)
    assert a.authors == () and [(x.name, x.ids, x.position) for x in b.authors] == [
        ("Xin Li", (("scopus", "4"),), 1)]
    assert not ctx.issues
    t = tmp_path / "wos.csv"
    t.write_text('TI,AU\nAn editorial,[Anonymous]\nA letter,Anonymous\nA note,"[Anonymous]; Doe, Jane"\n',
                 encoding="utf-8")
    recs, _ = records(t, {"title": "TI", "authors": "AU"})
    assert [[x.name for x in r.authors] for r in recs] == [[], [], ["Jane Doe"]]


def test_authors_separated_only_by_commas(tmp_path):
    """"Smith, John; Doe, Jane" is two people; so is "Smith, John, Doe, Jane" (every part one
    word, an even count: "Family, Given" pairs) and "Smith, J. C., Doe, J." (surnames and
    initials in turn); one-word parts that cannot be paired are each one author, with one
    warning that names the file and the lines."""
    f = tmp_path / "mine.csv"
    f.write_text("Title,Who\n"
                 'Semicolons,"Smith, John; Doe, Jane"\n'          # 2
                 'Commas,"Smith, John, Doe, Jane"\n'              # 3
                 'Initials,"Smith, J. C., Doe, J."\n'             # 4
                 'Odd,"Smith, John, Doe"\n'                       # 5: doubtful
                 'Particle,"van der Berg, Jan, Doe, Jane"\n'      # 6: doubtful
                 'Full names,"John Smith, Jane Doe and Bob Roe"\n'  # 7
                 'One,"Smith, John"\n'                            # 8
                 'Et al,"Smith, John, Doe, Jane, et al."\n'       # 9
                 'And,"Smith, John and Doe, Jane"\n',             # 10
                 encoding="utf-8")
    recs, ctx = records(f, {"title": "Title", "authors": "Who"})
    assert [(r.line, [(a.name, a.given, a.family) for a in r.authors]) for r in recs[:3]] == [
        (2, [("John Smith", "John", "Smith"), ("Jane Doe", "Jane", "Doe")]),
        (3, [("John Smith", "John", "Smith"), ("Jane Doe", "Jane", "Doe")]),
        (4, [("J. C. Smith", "J. C.", "Smith"), ("J. Doe", "J.", "Doe")])]
    assert [[a.name for a in r.authors] for r in recs[3:]] == [
        ["Smith", "John", "Doe"], ["van der Berg", "Jan", "Doe", "Jane"],
        ["John Smith", "Jane Doe", "Bob Roe"], ["John Smith"], ["John Smith", "Jane Doe"],
        ["John Smith", "Jane Doe"]]
    assert [r.authors_complete for r in recs] == [True] * 7 + [False, True]
    assert [(i.kind, i.source, i.line, i.message) for i in ctx.issues] == [
        ("warning", str(f), 5, ("2 authors cells separated only by commas hold one-word names "
                                "(lines 5, 6): each part was read as one author; if they are "
                                "\"Family, Given\" names, separate the people with ';'"))]


MAP = {"title": "Title", "authors": "Authors", "year": "Year", "abstract": "Abstract"}


def test_a_stray_quote_skips_its_row_and_the_rows_after_it_are_read(tmp_path):
    """A stray '"' took every following row into one title (4 rows read as 2, no warning,
    --strict passed); now its row is skipped with its line and the rest read as rows. A
    quoted field over several lines (an abstract) is still one field."""
    f = tmp_path / "q.csv"
    f.write_text('Title,Authors,Year,Abstract\n'
                 'A,"Li Chen",2020,"multi\nline abstract"\n'
                 '"B stray,Li Chen,2021,x\n'
                 'C,Li Chen,2019,y\n'
                 'D,Li Chen,2018,z\n')
    recs, ctx = records(f, MAP)
    assert [(r.title, r.line, r.year) for r in recs] == [("A", 2, 2020), ("C", 5, 2019), ("D", 6, 2018)]
    assert recs[0].abstract == "multi line abstract"  # (white space squashed)
    assert [(i.kind, i.line, i.message) for i in ctx.issues] == [
        ("skipped", 4, "a quote opened on line 4 runs to the end of the file; the row is skipped "
                       "(a stray '\"'?)")]
    with pytest.raises(InputError, match="q.csv:4: a quote opened on line 4"):
        records(f, MAP, strict=True)
    # closed by a later quote: the row it makes is short of fields
    f.write_text('Title,Authors,Year,Abstract\n'
                 '"B stray,Li Chen,2021,x\n'
                 'C,Li Chen,2019,"closed here"\n'
                 'D,Li Chen,2018,z\n')
    recs, ctx = records(f, MAP)
    assert [(r.title, r.line, r.abstract) for r in recs] == [("C", 3, "closed here"), ("D", 4, "z")]
    assert [(i.line, i.message) for i in ctx.issues] == [
        (2, "a quote opened on line 2 takes in line 3, leaving 1 of 4 fields; the row is skipped "
            "(a stray '\"'?)")]
