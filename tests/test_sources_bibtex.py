"""BibTeX reader: real files (DBLP's three export styles, a CV with "and others", MathSciNet,
bibtexparser's corner cases); counts taken from the files (grep -c '^@')."""
from __future__ import annotations

import pytest

from graphkit.errors import InputError
from graphkit.sources import ReadContext, detect_format
from graphkit.sources.bibtex import read

from .conftest import FIXTURES

BIB = FIXTURES / "bibtex"


def records(path, **kw):
    ctx = ReadContext(**kw)
    return list(read(str(path), ctx)), ctx


def by_key(recs):
    return {dict(r.ids).get("dblp"): r for r in recs}


def test_three_dblp_styles_read_alike():
    condensed, c1 = records(BIB / "dblp-condensed.bib")
    standard, c2 = records(BIB / "dblp-standard.bib")
    xref, c3 = records(BIB / "dblp-withcrossref.bib")
    # grep -c '^@': 118, 118 and 157; the crossref export's 39 @proceedings are the parents its
    # 41 crossref fields name (grep -ci '^@proceedings', grep -ci 'crossref *='): no records
    assert (len(condensed), len(standard), len(xref)) == (118, 118, 118)
    assert not c1.issues and not c2.issues and not c3.issues
    assert not any(r.kind == "proceedings" for r in xref)
    a, b, c = by_key(condensed), by_key(standard), by_key(xref)
    assert set(a) == set(b) == set(c)
    for k in a:
        assert a[k].title == b[k].title == c[k].title
        assert [x.name for x in a[k].authors] == [x.name for x in b[k].authors] == [x.name for x in c[k].authors]
    kinds = {}
    for r in standard:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    assert kinds == {"article": 59, "inproceedings": 41, "preprint": 18}  # 18 CoRR entries


def test_dblp_entry_details_and_crossref_inheritance():
    xref = by_key(records(BIB / "dblp-withcrossref.bib")[0])
    stoc = xref["conf/stoc/FournierL0T24"]
    assert [a.name for a in stoc.authors] == ["Hervé Fournier", "Nutan Limaye", "Srikanth Srinivasan",
                                             "Sébastien Tavenas"]
    assert [a.position for a in stoc.authors] == [1, 2, 3, 4]
    assert (stoc.authors[0].given, stoc.authors[0].family) == ("Hervé", "Fournier")
    assert stoc.kind == "inproceedings" and stoc.year == 2024 and stoc.line == 35
    assert stoc.venue.startswith("Proceedings of the 56th Annual ACM Symposium on Theory of Computing")
    # the child's own DOI, never the proceedings volume's (10.1145/3618260)
    assert dict(stoc.ids)["doi"] == "10.1145/3618260.3649760"
    assert "conf/stoc/2024" not in xref  # the proceedings volume (line 2066) only gives its fields
    condensed = by_key(records(BIB / "dblp-condensed.bib")[0])
    assert condensed["conf/stoc/FournierL0T24"].venue == "STOC"  # {STOC}: braces decoded
    assert "doi" not in dict(condensed["conf/stoc/FournierL0T24"].ids)


def test_corr_entries_are_arxiv_preprints_with_latex_decoded():
    std = by_key(records(BIB / "dblp-standard.bib")[0])
    sat = std["journals/corr/abs-1809-05932"]
    assert sat.title == "A #SAT Algorithm for Small Constant-Depth Circuits with PTF gates"  # {\#}, {PTF}
    assert sat.kind == "preprint" and dict(sat.ids)["arxiv"] == "1809.05932" and sat.venue == "CoRR"
    geo = std["journals/corr/abs-2408-03465"]
    assert geo.title == "On the geometry of k-SAT solutions: what more can PPZ and Schöning's algorithms do?"
    assert dict(geo.ids) == {"doi": "10.48550/ARXIV.2408.03465", "arxiv": "2408.03465",
                             "dblp": "journals/corr/abs-2408-03465"}
    # condensed style: no eprint field, the CoRR volume abs/... still gives the arXiv id
    condensed = by_key(records(BIB / "dblp-condensed.bib")[0])
    assert dict(condensed["journals/corr/abs-2408-03465"].ids)["arxiv"] == "2408.03465"


def test_cv_with_others_last_first_names_and_duplicates():
    recs, ctx = records(BIB / "artpoon-publications.bib")
    assert len(recs) == 125  # grep -c '^@' (a duplicated key is kept; merging happens later)
    truncated = [r.line for r in recs if not r.authors_complete]
    assert truncated == [73, 122, 250, 262, 402, 1983]  # the six "and others" lists
    first_trunc = next(r for r in recs if r.line == 73)
    assert first_trunc.authors[0].name == "Patrick M D'Aoust" and first_trunc.authors[0].family == "D'Aoust"
    assert len(first_trunc.authors) == 11 and first_trunc.authors[-1].name == "Art Poon"
    msgs = [(i.line, i.kind, i.message) for i in ctx.issues]
    assert (26, "warning", "entry gill2024canadian: duplicate field note (the first is used)") in msgs
    assert any(line == 1983 and "duplicate entry key" in m for line, _, m in msgs)
    assert ctx.skipped == 0


def test_mathscinet_export():
    recs, ctx = records(BIB / "mathscinet.bib")
    assert len(recs) == 56  # 60 '@' blocks, 4 of them @preamble
    kinds = {}
    for r in recs:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    assert kinds == {"article": 19, "incollection": 19, "book": 14, "inproceedings": 4}


def test_strings_concatenation_and_month_macros():
    (r,), _ = records(BIB / "bp-article_with_strings.bib")
    assert [a.name for a in r.authors] == ["Jean César"]  # jean # " " # cesar
    assert r.venue == "Nice Journal" and r.date == "2013-01" and r.year == 2013  # month = jan
    (r,), _ = records(BIB / "bp-features2.bib")
    assert r.title == "Cool Stuff" and r.venue == "My International Conference"
    assert [a.name for a in r.authors] == ["John Doe"] and r.year == 2014 and r.kind == "inproceedings"


def test_names_accents_and_capital_and():
    (r,), _ = records(BIB / "bp-book_capital_AND.bib")
    assert [a.name for a in r.authors] == ["R.B. Bird", "R.C. Armstrong", "O. Hassager"]
    assert r.kind == "book"
    (r,), _ = records(BIB / "bp-article_with_special_characters.bib")
    assert [a.name for a in r.authors] == ["Jean Césarü"]  # C{\'e}sar{\"u}
    (r,), _ = records(BIB / "bp-traps.bib")
    assert r.title == "An amazing title" and r.date == "2013-01"  # {An} amazing {title}, "jan"
    (r,), _ = records(BIB / "bp-article_start_with_bom.bib")
    assert [a.name for a in r.authors] == ["Jean César"] and r.line == 2  # BOM, blank line, entry


def test_crossref_entries_missing_and_cycle():
    recs, ctx = records(BIB / "bp-crossref_entries.bib")
    # 14 entries, 6 of them (cr_m, crt, crn, cr6i, cr7i, cr8i) the parents of the other 8
    assert [r.title for r in recs] == [
        "Great and Good Graphs", "Fabulous Fourier Forms", "Arrangements of All Articles",
        "Enterprising Entities", "Questionable Quidities", "Title of inproceeding", "Title of Book bit",
        "Title of Collection bit"]
    assert [r.venue for r in recs] == [
        "Graphs of the Continent", "Graphs of the Continent", "Beasts of the Burbling Burns",
        "Vanquished, Victor, Vandal", "Vanquished, Victor, Vandal", "Manual booktitle", "Book Title",
        "Book Title"]
    assert not ctx.issues
    cr1 = next(r for r in recs if r.title == "Great and Good Graphs")
    assert cr1.year == 1974 and cr1.venue == "Graphs of the Continent"  # from cr_m
    assert [a.name for a in cr1.authors] == ["Graham Gullam"]
    recs, ctx = records(BIB / "bp-crossref_missing_entries.bib")
    assert [r.title for r in recs] == ["Lumbering Lunatics"]
    assert [i.message for i in ctx.issues] == ["entry mcr: crossref 'missing1' not found in the file"]
    recs, ctx = records(BIB / "bp-crossref_cascading_cycle.bib")  # no titles: both skipped
    assert recs == [] and ctx.skipped == 2


def test_homonym_numbers_others_and_a_broken_entry(tmp_path):
    f = tmp_path / "mixed.bib"
    f.write_text(
        "@article{DBLP:journals/x/SinghW14,\n"
        "  author = {Manish Singh 0001 and Tien{-}Tsin Wong and others},\n"
        "  title = {Transparency and Translucency},\n  year = {2014}, month = {mar},\n"
        "  doi = {10.1007/978-0-387-31439-6_559}\n}\n\n"
        "@article{broken,\n  title = {Never closed,\n  year = 2001\n\n"
        "@misc{ok, author = {Ford, Jr., Henry and {\\O}ystein {\\v{S}}koda}, title = {Fine}, year = {in press}}\n",
        encoding="utf-8")
    recs, ctx = records(f)
    assert [r.title for r in recs] == ["Transparency and Translucency", "Fine"]
    a = recs[0].authors
    assert [x.name for x in a] == ["Manish Singh", "Tien-Tsin Wong"] and not recs[0].authors_complete
    assert a[0].ids == (("dblp", "Manish Singh 0001"),) and a[1].ids == ()
    assert recs[0].date == "2014-03" and dict(recs[0].ids)["dblp"] == "journals/x/SinghW14"
    assert [x.name for x in recs[1].authors] == ["Henry Ford Jr.", "Øystein Škoda"]
    assert recs[1].year is None and recs[1].kind == "misc"
    assert [(i.kind, i.line) for i in ctx.issues] == [("skipped", 8), ("warning", 12)]
    assert "not closed" in ctx.issues[0].message and "'in press' is not a year" in ctx.issues[1].message
    with pytest.raises(InputError) as e:
        records(f, strict=True)
    assert e.value.line == 8 and "--strict" in str(e.value)


def test_detection_and_files_without_entries(tmp_path):
    assert detect_format(str(BIB / "dblp-standard.bib")).name == "bibtex"
    moved = tmp_path / "refs.txt"  # content, not the extension
    moved.write_bytes((BIB / "bp-features2.bib").read_bytes())
    assert detect_format(str(moved)).name == "bibtex"
    with pytest.raises(InputError, match="no BibTeX entries"):
        records(BIB / "bp-comments_only.bib")


def test_streams_in_batches(monkeypatch):
    """Batches cut at entry boundaries give the same records with the same lines."""
    import graphkit.sources.bibtex as B
    whole, _ = records(BIB / "dblp-withcrossref.bib")
    monkeypatch.setattr(B, "BATCH_LINES", 40)
    batched, _ = records(BIB / "dblp-withcrossref.bib")
    assert batched == whole


def test_an_unbalanced_brace_does_not_hold_the_rest_of_the_file(tmp_path, monkeypatch):
    """A malformed entry with an unclosed brace early in a large file: batches stay bounded
    (the reader streams) and the entries after it are still read."""
    import graphkit.sources.bibtex as B
    monkeypatch.setattr(B, "BATCH_LINES", 10)
    entries = ["@article{broken,\n  title = {Never {closed},\n  year = {2001}\n}\n"]
    entries += [f"@article{{e{i},\n  author = {{Doe, Jane}},\n  title = {{Paper {i}}},\n  year = {{2020}}\n}}\n"
                for i in range(200)]
    f = tmp_path / "big.bib"
    f.write_text("".join(entries), encoding="utf-8")
    sizes = [text.count("\n") for _, text in B._batches(str(f), ReadContext())]
    assert sum(sizes) == 4 + 200 * 5  # every line once
    assert max(sizes) <= 4 * 10 + 5  # before: one batch of the whole file after the broken entry
    recs, ctx = records(f)
    titles = {r.title for r in recs}
    assert "Paper 199" in titles and len(titles) >= 190


def _read_text(tmp_path, text, name="t.bib"):
    f = tmp_path / name
    f.write_bytes(text.encode("utf-8"))
    recs, ctx = records(f)
    return ([(r.line, r.title, [a.name for a in r.authors]) for r in recs],
            [(i.kind, i.line, i.message) for i in ctx.issues])


def test_braces_concatenation_and_string_order(tmp_path):
    recs, issues = _read_text(tmp_path, (
        "@article{a,\n  title = {The {RNA} of {\\em {deep} nesting} {{{x}}}},\n"
        "  author = {M{\\\"u}ller, J{\\'{e}}r{\\^o}me and {\\O}stergaard, Bo and "
        "de la Vall{\\'e}e Poussin, Charles},\n  year = 2001\n}\n"
        "@string{ pub = \"Springer\" }\n@string{J = {Jour} # \"nal\"}\n"
        "@article{b, title = \"A\" # { B } # pub, journal = j, author = \"Doe, J.\", year = \"19\" # \"99\", "
        "month = dec # {~1}}\n"
        "@article{c1, title = {Uses } # later, journal = later, year = 2000}\n"
        "@string{later = {Defined Later}}\n"
        "@article{c2, title = {Uses } # later, journal = later, year = 2000}\n"
        "@STRING{Later = {Redefined}}\n@article{c3, title = later, year = 2000}\n"))
    assert recs == [
        (1, "The RNA of deep nesting x", ["Jérôme Müller", "Bo Østergaard", "Charles de la Vallée Poussin"]),
        (8, "A B Springer", ["J. Doe"]),
        (9, "Uses later", []), (11, "Uses Defined Later", []), (13, "Redefined", [])]
    assert issues == [("warning", 9, "entry c1: undefined macro(s) later kept as written")]


def test_parentheses_at_signs_comments_and_unclosed_entries(tmp_path):
    broken = "malformed BibTeX entry skipped: the entry is not closed or has a syntax error"
    recs, issues = _read_text(tmp_path, (
        "@article(p1,\n  title = {Paren (entry)},\n  author = {Roe, R.},\n  year = {2010}\n)\n"
        "@inproceedings(p2, title = \"x ) y\", year = 2011)\n"
        "@misc{e1, title = {LeQua @ {CLEF} 2022}, note = {mail a@b.org}, year = 2022}\n"
        "@misc{e2, title = {Email @in value\n@notablock and more}, year = 2020}\n"
        "@misc{e3, title = {Line start\n@misc{inner, title = {x}}\n}, year = 2021}\n"
        "@article{broken,\n  title = {Never closed,\n  year = 2002\n\n"
        "@article{ok2, title = {Second}, year = 2003}\n"
        "@article{broken2, title = \"unterminated, year = 2004}\n"
        "% a comment line @article{fake, title={read all the same}}\n"
        "@comment{ @article{c, title={in comment}} }\n"
        "@preamble{ \"\\newcommand{\\noop}[1]{}\" }\n"
        "@article{real, title = {Real % not a comment}, year = 1999}\n"))
    assert recs == [(1, "Paren (entry)", ["R. Roe"]), (6, "x ) y", []), (7, "LeQua @ CLEF 2022", []),
                    (8, "Email @in value @notablock and more", []), (11, "x", []), (17, "Second", []),
                    (22, "Real % not a comment", [])]  # the open quote of broken2 ran over "fake"
    assert issues == [("skipped", 10, broken), ("skipped", 13, broken), ("skipped", 18, broken)]


def test_crlf_bom_escapes_and_duplicates(tmp_path):
    recs, issues = _read_text(tmp_path, (
        "\ufeff@article{cr1,\r\n  title = {CRLF {Title}},\r\n  author = {Smith, A. and Jones, B.},\r\n"
        "  year = {2015}\r\n}\r\n\r\n@article{cr2,\r\n  title = {Second},\r\n  year = 2016\r\n}\r\n"
        "@article{x1, title = {Back\\\\slash \\} brace}, year = 2001}\n"
        "@article{x2, title = {Esc \\{ open}, year = 2002}\n"
        "@article{x5, title = \"quote \\\" inside\", year = 2005}\n"
        "@article{x6, title = \"brace {\\\"o} in quotes\", year = 2006}\n"
        "@article{d, title = {One}, Title = {Two}, title = {Three}, year = 2000}\n"
        "@article{e, title = {Dup key}, year = 2001}\n@article{e, title = {Dup key}, year = 2001}\n"
        "@string{s = {x}}\n@string{s = {y}}\n@article{f, title = s, author = {A, B, C}}\n"
        "@article{g,}\n@article{j, title={Trailing comma},}\n"))
    assert recs == [(1, "CRLF Title", ["A. Smith", "B. Jones"]), (7, "Second", []),
                    (11, "Back slash } brace", []), (12, "Esc { open", []), (13, "quote ïnside", []),
                    (14, "brace ö in quotes", []), (15, "One", []), (16, "Dup key", []), (17, "Dup key", []),
                    (20, "x", ["A", "B", "C"]), (22, "Trailing comma", [])]
    assert issues == [
        ("warning", 15, "entry d: duplicate field title (the first is used)"),
        ("warning", 17, "entry e: duplicate entry key (kept: records are merged later by identifiers and titles)"),
        ("warning", 19, "entry s: duplicate entry key (kept: records are merged later by identifiers and titles)"),
        ("warning", 20, "entry f: author list separated by commas instead of 'and'; read as one name per comma"),
        ("skipped", 21, "entry g has no title; skipped")]


def _raw_fields(block):
    """A block of ``_split`` with the fields of a simple entry as (name, raw value) pairs."""
    import graphkit.sources.bibtex as B
    if block[0] == "entry" and type(block[4]) is B._Simple:
        names, contents, bares, _ = block[4]
        return block[:4] + ([(n, b or "{" + c + "}") for n, c, b in zip(names, contents, bares)],) + block[5:]
    return block


def test_splitter_and_names_agree_with_bibtexparser(tmp_path):
    """The reader's own splitter, name splitting and LaTeX decoding give what bibtexparser's
    splitter and name functions and ``latex_to_text`` give (on every fixture file)."""
    import graphkit.sources.bibtex as B
    from bibtexparser.middlewares.names import split_multiple_persons_names
    from graphkit.sources._text import latex_to_text
    if not B._splitter_ok():
        pytest.skip("another bibtexparser version: its own splitter is used")
    texts = [p.read_text(encoding="utf-8-sig").replace("\r\n", "\n") for p in sorted(BIB.glob("*.bib"))]
    texts.append("@article{a, title = {x}, title = {y}}\n@article(b, title = {z})\n@misc{c, note = {a@b}"
                 "\n@misc{d, x = \"{\"}\"}\n@string{s = \"t\"}\n@comment{x}\n@article{e, k = {\\}}, y = 1}\n")
    names = set()
    for text in texts:
        assert [_raw_fields(b) for b in B._split(text)] == B._split_bibtexparser(text)
        for b in B._split_bibtexparser(text):
            for k, v in (b[4] if b[0] == "entry" else ()):
                assert B._latex(v) == latex_to_text(v)
                if k.lower() in ("author", "editor"):
                    raw = " ".join(v.strip("{}").split())
                    if raw:
                        assert B._split_names(raw) == split_multiple_persons_names(raw)
                        names.update(n.strip() for n in split_multiple_persons_names(raw))
    names.update(["de la Fontaine Jean", "Jean de la fontaine", "van Beethoven, Ludwig", "a, b, c, d",
                  "Ford, Jr., Henry", "ALL CAPS NAME", "x", ",", "Smith,", ", John", "Ab~Cd ef"])
    for n in names:
        assert B._name_parts(n) == _bibtexparser_name_parts(n), n


def _bibtexparser_name_parts(n):
    """``bibtex._name_parts`` as bibtexparser's name function gives it."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts
    from graphkit.sources._text import latex_to_text
    try:
        parts = parse_single_name_into_parts(n, strict=False)
        first = latex_to_text(" ".join(parts.first)) or None
        family = latex_to_text(" ".join(parts.von + parts.last)) or None
        jr = latex_to_text(" ".join(parts.jr))
    except Exception:
        first, family, jr = None, latex_to_text(n) or None, ""
    return first, family, " ".join(x for x in (first, family, jr) if x)


def test_names_with_braces_and_escapes_agree_with_bibtexparser():
    """The reader splits and parses names with braces and escapes itself where bibtexparser's
    state machines give the same (flat brace groups, no escaped spaces or braces): checked on
    the cases where they would not, and on random names."""
    import random
    import graphkit.sources.bibtex as B
    from bibtexparser.middlewares.names import split_multiple_persons_names
    if not B._names_ok():
        pytest.skip("another bibtexparser version")
    cases = ['Nordstr{\\"o}m, Magnus and Wahrol{\\\'e}n, Bengt', "Boland, Jean-Fran{\\c{c}}ois",
             "Ba{\\~n}os, R. A.", "A \\xand B", "A a\\xnd B", "A and\\x B", "x and \\'Eric Smith",
             "x and {\\'E}ric", "{Simon and Schuster}", "{a~b}, c", "a~b, c", "a\\~n, b", "{a,b}, c",
             "a\\,b, c", "{a} and {b}", "x {and} y", "{x}}, y", "{{x}, y", "a\\ b, c", "\\{x, y",
             "M\\\"uller, J\\\"org", "{\\\"U}nl{\\\"u}yurt, Tongu{\\c{c}}", "x AND \\o y", "{{{x}}}, y"]
    rng = random.Random(7)
    alphabet = ["a", "n", "d", "A", " ", " ", "\\", "{", "}", ",", "~", "x", "'", '"', " and ", "{\\\"o}",
                "{\\c{c}}", "\\o", "Smith", "de", "\t"]
    cases += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    for s in cases:
        raw = " ".join(s.split())
        if raw:
            assert B._split_names(raw) == split_multiple_persons_names(raw), raw
        n = s.strip()
        if n:
            assert B._name_parts.__wrapped__(n) == _bibtexparser_name_parts(n), n


def test_fast_text_helpers_agree():
    """``_nfc`` is ``nfc``, ``_private`` is ``_RX_PRIVATE.search`` and the byte scan for
    crossref targets finds what the line walk finds (CR, CRLF, BOM, gzip)."""
    import gzip
    import random
    import graphkit.sources.bibtex as B
    from graphkit.ids import nfc
    rng = random.Random(3)
    alphabet = ["a", " ", "  ", "\t", "\n", "\x1f", "\x7f", "\xa0", "\ufeff", "e\u0301", "é", "α", "\u2000",
                "\u2028", "\x85", "\u212b", "\ue000", "\ue006"]
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert B._nfc(s) == nfc(s), repr(s)
        assert B._private(s) == bool(B._RX_PRIVATE.search(s)), repr(s)
    bits = ["crossref = {A}", "CROSSREF={b}", "Crossref = \"C\"", "\r\n", "\r", "\n", "x", " ", "é",
            "crossref =\n{d}", "\x0bcrossref\x0c=\x1c{e}", "\u2028crossref = {f}"]
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        for i in range(300):
            text = "".join(rng.choice(bits) for _ in range(rng.randint(0, 12)))
            data = ("\ufeff" if i % 5 == 0 else "").encode() + text.encode()
            path = f"{d}/a{i}.bib" + (".gz" if i % 3 == 0 else "")
            with (gzip.open(path, "wb") if path.endswith(".gz") else open(path, "wb")) as fh:
                fh.write(data)
            walk: set[str] = set()
            pending = False
            for lines, _ in B._line_lists(path, ReadContext(), "x"):
                for line in lines:
                    if "rossref" in line or "ROSSREF" in line or pending:
                        pending = B._crossref_line(line, walk, pending)
            assert B._crossref_targets_bytes(path) == walk, repr(text)
        open(f"{d}/bad.bib", "wb").write(b"@misc{a, title = {\xff}}")
        assert B._crossref_targets_bytes(f"{d}/bad.bib") is None  # (the line walk reports it)


# ---------------------------------------------------------------- crossref parents
def test_three_dblp_exports_give_the_same_papers():
    """DBLP's condensed, standard and crossref exports of one list: the crossref export's
    @proceedings are no papers (before: 131 papers from it against 92 from the standard
    export). The standard and crossref exports give the same records; the condensed one, which
    has no DOIs, merges two conference papers with their CoRR versions, which the others keep
    apart by their different DOIs."""
    from graphkit.resolve import cluster_papers, resolve
    papers, groups, recs = {}, {}, {}
    for style in ("condensed", "standard", "withcrossref"):
        rs, _ = records(BIB / f"dblp-{style}.bib")
        recs[style] = by_key(rs)
        papers[style] = len(resolve(rs).papers)
        groups[style] = {frozenset(dict(rs[i].ids)["dblp"] for i in g) for g in cluster_papers(rs)}
    assert papers == {"condensed": 90, "standard": 92, "withcrossref": 92}
    assert groups["withcrossref"] == groups["standard"]
    assert groups["condensed"] - groups["standard"] == {
        frozenset({"conf/coco/FournierLM0T23", "journals/corr/abs-2302-06984", "journals/eccc/FournierLM0T23"}),
        frozenset({"conf/stoc/HakoniemiLT24", "journals/corr/abs-2412-20114", "journals/eccc/HakoniemiLT24"})}
    assert groups["standard"] - groups["condensed"] == {
        frozenset({"conf/coco/FournierLM0T23", "journals/eccc/FournierLM0T23"}),
        frozenset({"journals/corr/abs-2302-06984"}),
        frozenset({"conf/stoc/HakoniemiLT24", "journals/eccc/HakoniemiLT24"}),
        frozenset({"journals/corr/abs-2412-20114"})}
    fields = ("title", "authors", "authors_complete", "date", "year", "ids", "abstract", "venue", "kind",
              "topics", "institutions")
    for key, r in recs["standard"].items():  # the same records but for where they were read
        assert [getattr(r, f) for f in fields] == [getattr(recs["withcrossref"][key], f) for f in fields], key


def test_crossref_parents_are_not_records(tmp_path):
    recs, issues = _read_text(tmp_path, (
        "@inproceedings{c1, author = {Ann Lee}, title = {Child One}, crossref = {proc1}}\n"
        "@inproceedings{c2, author = {Bo Wu}, title = {Child Two}, crossref = {PROC1}, year = 2011}\n"
        "@proceedings{proc1, title = {Proceedings of X}, year = 2010, doi = {10.1/p}}\n"
        "@proceedings{lonely, title = {Proceedings Nobody Cites}, year = 2012}\n"
        "@incollection{ch, title = {Chapter}, author = {Cy Ng}, crossref = {vol}}\n"
        "@book{vol, title = {Volume Two}, crossref = {mv}}\n"
        "@mvbook{mv, title = {All Volumes}, year = 1999}\n"
        "@set{s, crossref = {m1}, entryset = {m1,m2}}\n"
        "@article{m1, title = {Member One}, author = {Di Xu}, year = 2005}\n"
        "@article{self, title = {Self}, crossref = {self}, year = 2001}\n"
        "@book{selfp, title = {Self Parent}, crossref = {selfp}}\n"
        "@inbook{kid, title = {Kid}, crossref = {selfp}}\n"
        "@inbook{k1, title = {Cycle One}, crossref = {k2}}\n"
        "@inbook{k2, title = {Cycle Two}, crossref = {k1}}\n"))
    # proc1 (named twice, in two spellings), vol and mv (a cascade), selfp (named by kid) are
    # parents only; lonely is named by no entry; m1 is named by a biblatex @set (its first
    # member), self by itself; k1 and k2, each the other's parent, are both read
    assert recs == [(1, "Child One", ["Ann Lee"]), (2, "Child Two", ["Bo Wu"]),
                    (4, "Proceedings Nobody Cites", []), (5, "Chapter", ["Cy Ng"]),
                    (9, "Member One", ["Di Xu"]), (10, "Self", []), (12, "Kid", []), (13, "Cycle One", []),
                    (14, "Cycle Two", [])]
    assert issues == [("skipped", 8, "entry s has no title; skipped")]
    by_line = {r.line: r for r in records(tmp_path / "t.bib")[0]}
    assert (by_line[1].venue, by_line[1].year, by_line[1].ids) == ("Proceedings of X", 2010, ())
    assert (by_line[2].venue, by_line[2].year) == ("Proceedings of X", 2011)
    assert (by_line[4].kind, by_line[5].venue, by_line[5].year) == ("proceedings", "Volume Two", 1999)


def test_crossref_value_on_the_next_line(tmp_path):
    """``crossref =`` with its value on a later line (and a bare key) names a parent too; the
    parent was read as a record of its own and its children inherited nothing."""
    recs, issues = _read_text(tmp_path, (
        "@inproceedings{c1,\n  author = {Ann Lee},\n  title = {Child One},\n  crossref =\n\n"
        "     {conf/x/2020},\n}\n"
        "@inproceedings{c2, author = {Bo Wu}, title = {Child Two}, crossref =\n\"conf/x/2020\"}\n"
        "@proceedings{conf/x/2020,\n  title = {Proceedings of X},\n  year = {2020},\n}\n"))
    assert recs == [(1, "Child One", ["Ann Lee"]), (8, "Child Two", ["Bo Wu"])] and issues == []
    by_line = {r.line: r for r in records(tmp_path / "t.bib")[0]}
    assert [(by_line[n].venue, by_line[n].year) for n in (1, 8)] == [("Proceedings of X", 2020)] * 2


# ---------------------------------------------------------------- names
def _authors(tmp_path, author_values):
    """[(name, given, family)...] of each author value, and the issues."""
    text = "".join(f"@article{{a{i}, title = {{T{i}}}, author = {{{a}}}}}\n" for i, a in enumerate(author_values))
    f = tmp_path / "names.bib"
    f.write_text(text, encoding="utf-8")
    recs, ctx = records(f)
    return ([[(a.name, a.given, a.family) for a in r.authors] for r in recs],
            [(i.line, i.message) for i in ctx.issues])


def test_unbraced_accents_in_names(tmp_path):
    """``\\~n`` outside braces is ñ, not a tie between two words; an escape after " and "
    keeps its backslash; every spelling of a name gives the same name."""
    got, issues = _authors(tmp_path, [
        r"Jos\'{e} N\'u\~nez and \AA{}ngstr\"om, Anders",
        r"Luis Pe\~na and Luis Pe\~{n}a and Luis Pe{\~n}a and Pe\~na, Luis and Luis~Pe\~na",
        r"Fran\c{c}ois M\"uller and \'Eric Dupont and Bj\o rn Ny and Jean~Pierre Dupont and \L ukasz Nowak"
        r" and Ren\'{e}e de la Fontaine and Mej\'{\i}a, Carlos and \v{S}koda, \O ystein and Wei\ss, Karl"])
    assert got == [
        [("José Núñez", "José", "Núñez"), ("Anders Ångström", "Anders", "Ångström")],
        [("Luis Peña", "Luis", "Peña")] * 5,
        [("François Müller", "François", "Müller"), ("Éric Dupont", "Éric", "Dupont"),
         ("Bjørn Ny", "Bjørn", "Ny"), ("Jean Pierre Dupont", "Jean Pierre", "Dupont"),  # "~" alone: a space
         ("Łukasz Nowak", "Łukasz", "Nowak"), ("Renée de la Fontaine", "Renée", "de la Fontaine"),
         ("Carlos Mejía", "Carlos", "Mejía"), ("Øystein Škoda", "Øystein", "Škoda"),
         ("Karl Weiß", "Karl", "Weiß")]]
    assert issues == []
    # the same in a real CV: "Mu\~noz-Baena" (the entry at line 297) and "Mu{\~n}oz-Baena"
    # (line 172), "Qui\~nones-Mateu" (line 354) and "Qui{\~n}ones-Mateu" (line 640), each the
    # 13th author there (before: "Laura Mu noz-Baena", "Miguel E Qui nones-Mateu")
    recs = {r.line: r for r in records(BIB / "artpoon-publications.bib")[0]}
    assert recs[297].authors[0].name == recs[172].authors[0].name == "Laura Muñoz-Baena"
    assert recs[297].authors[0].family == "Muñoz-Baena"
    assert recs[354].authors[12].name == recs[640].authors[12].name == "Miguel E Quiñones-Mateu"
    # a CV's marks after names (here: students, "Joy*, Jeffrey B") are no part of them
    assert [a.name for a in recs[774].authors[12:]] == ["Jeffrey B Joy", "Art F Y Poon", "Zabrina L Brumme"]
    assert [(a.given, a.family) for a in recs[134].authors[:2]] == [("Abayomi S", "Olabode"), ("Mitchell J", "Mumby")]
    # an accent before " and " takes no letter of "and": two names stay two (was "Peãnd Xu Li")
    got, _ = _authors(tmp_path, [r"Luis Pe\~ and Xu Li", r"Luis Pe\~ na and Xu Li"])
    assert [[n for n, _, _ in names] for names in got] == [["Luis Pe", "Xu Li"], ["Luis Peña", "Xu Li"]]


def test_brace_specials_keep_the_text():
    """Putting special characters in braces changes how a name splits, never its text (where
    every backslash starts a special character or an escape); odd input raises nothing."""
    import random
    import graphkit.sources.bibtex as B
    from graphkit.sources._text import latex_to_text
    rng = random.Random(11)
    specials = ["\\~n", "\\'{e}", "\\c c", "\\c{c}", "\\o ", "\\o", "\\AA{}", '\\"o', "\\'\\i", "\\{",
                "\\}", "\\&", "{\\~n}", "\\~{}"]
    alphabet = specials + ["~", "{", "}", "'", '"', "c", "n", "A", "o", "i", " ", " and ", ",", "{}", "x"]
    for _ in range(10000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        t = B._brace_specials(s)
        assert latex_to_text(t) == latex_to_text(s), s
        assert B._depth(t) == B._depth(s), s
    ctx = ReadContext()
    alphabet += ["\\", "\\\\", "AA", "and", "u", "\\u", "\\c", "0001"]
    for _ in range(5000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        B.parse_authors(s, "x.bib", 1, ctx, "k")


def test_comma_list_of_family_names_and_initials(tmp_path):
    """A list separated by commas instead of "and" whose parts are all "Family Initials" (a
    real one: 4C-multiphysics/website _bibliography/papers.bib line 2979) is read as family
    names and initials; other comma lists, and BibTeX's "Last, First and Last, First", as
    before."""
    got, issues = _authors(tmp_path, [
        "Rasthofer U., Wall W.A., Gravemeier V.",
        "van der Berg J.-P., M{\\\"u}ller W. A., Dupont J-P.",
        "A. Smith, B. Jones, C. Brown",
        "Rasthofer U., Wall W.A., Gravemeier",
        "Wall, W.A. and Rasthofer, U."])
    assert got == [
        [("U. Rasthofer", "U.", "Rasthofer"), ("W.A. Wall", "W.A.", "Wall"),
         ("V. Gravemeier", "V.", "Gravemeier")],
        [("J.-P. van der Berg", "J.-P.", "van der Berg"), ("W. A. Müller", "W. A.", "Müller"),
         ("J-P. Dupont", "J-P.", "Dupont")],
        [("A. Smith", "A.", "Smith"), ("B. Jones", "B.", "Jones"), ("C. Brown", "C.", "Brown")],
        # (not all of that shape: one name per comma, each "Surname Initials" still read so)
        [("U. Rasthofer", "U.", "Rasthofer"), ("W.A. Wall", "W.A.", "Wall"), ("Gravemeier", None, "Gravemeier")],
        [("W.A. Wall", "W.A.", "Wall"), ("U. Rasthofer", "U.", "Rasthofer")]]
    sep = "author list separated by commas instead of 'and'; read as one name per comma"
    assert issues == [(1, f"entry a0: {sep}, each a family name and initials"),
                      (2, f"entry a1: {sep}, each a family name and initials"),
                      (3, f"entry a2: {sep}"), (4, f"entry a3: {sep}")]


def test_comma_list_of_two_names():
    """Two names of one shape on either side of one comma are two people ("Rasthofer U., Wall
    W.A." was the one person "Wall W.A. Rasthofer U."); "Family, Given" keeps its reading."""
    import graphkit.sources.bibtex as B
    ctx = ReadContext()
    read = [[(a.name, a.given, a.family) for a in B.parse_authors(raw, "x.bib", 1, ctx, "k")[0]]
            for raw in ("Rasthofer U., Wall W.A.", "A. Smith, B. Jones",
                        "Smith, J.", "Smith J., John", "van der Berg, J.-P.", "Martin Luther King, Jr.")]
    assert read == [
        [("U. Rasthofer", "U.", "Rasthofer"), ("W.A. Wall", "W.A.", "Wall")],
        [("A. Smith", "A.", "Smith"), ("B. Jones", "B.", "Jones")],
        [("J. Smith", "J.", "Smith")], [("John Smith J.", "John", "Smith J.")],
        [("J.-P. van der Berg", "J.-P.", "van der Berg")],
        [("Martin Luther King Jr.", "Martin Luther", "King")]]
    sep = "entry k: author list separated by commas instead of 'and'; read as one name per comma"
    assert [i.message for i in ctx.issues] == [f"{sep}, each a family name and initials", sep]


# ---------------------------------------------------------------- LaTeX in titles
def test_math_macros_with_arguments_in_titles(tmp_path, capfd, caplog, monkeypatch):
    """``\\frac{1}{2}`` is 1/2 and ``\\overline{x}`` is x (before: "%s/%s12", "%sx", and
    pylatexenc's "failed its substitution" warnings on stderr); biber's example entry t2
    (``W$\\frac{o}{a}$nder``) included."""
    from graphkit.sources import _text
    monkeypatch.setattr(_text, "_macro_cache", {})  # (macros are looked up once a process)
    caplog.set_level("WARNING")
    recs, issues = _read_text(tmp_path, (
        "@misc{f, title = {Half $\\frac{1}{2}$, $\\frac12$, $\\dfrac{a+b}{2}$, $\\frac{n}{\\log n}$}}\n"
        "@misc{o, title = {$\\overline{x}$ $\\widetilde{y}$ $\\widehat{z}$ $\\overrightarrow{AB}$ "
        "\\underline{u} $\\sqrt{2}$}}\n"
        "@MISC{t2, AUTHOR = {Bill Brown}, TITLE = {Signs of W$\\frac{o}{a}$nder}, YEAR = {1994}}\n"
        "@misc{c, title = {\\textcolor{red}{Hot} \\href{https://x.org}{Link} $\\alpha$}}\n"))
    assert [r.getMessage() for r in caplog.records] == []  # (pytest's handler, else stderr)
    out, err = capfd.readouterr()
    assert err == "" and out == ""
    assert recs == [(1, "Half 1/2, 1/2, (a+b)/2, n/(log n)", []), (2, "x y z AB u √2", []),
                    (3, "Signs of Wo/ander", ["Bill Brown"]), (4, "Hot Link α", [])]
    assert issues == []


def _records(tmp_path, text: str) -> list:
    """The records of ``text`` written to a .bib file."""
    f = tmp_path / "t.bib"
    f.write_text(text, encoding="utf-8")
    return list(read(str(f), ReadContext()))


def test_first_last_comma_suffix_names(tmp_path):
    # "Martin Luther King, Jr." is BibTeX's family "Martin Luther King", given "Jr."; written
    # so, it is a First Last name with its suffix, as "King, Jr., Martin Luther" is
    recs = _records(tmp_path, "@article{a, title={T}, author={Martin Luther King, Jr. and King, Jr., "
                              "Martin Luther and Sammy Davis, III and King, Martin and Ford, Jr}, year={1963}}\n"
                              "@article{b, title={U}, author={Martin Luther King, Jr.}, year={1964}}\n")
    assert [(a.name, a.given, a.family) for a in recs[0].authors] == [
        ("Martin Luther King Jr.", "Martin Luther", "King"), ("Martin Luther King Jr.", "Martin Luther", "King"),
        ("Sammy Davis III", "Sammy", "Davis"), ("Martin King", "Martin", "King"), ("Jr Ford", "Jr", "Ford")]
    assert [(a.name, a.given, a.family) for a in recs[1].authors] == [("Martin Luther King Jr.", "Martin Luther", "King")]


def test_surname_initials_in_an_and_list_and_pubmed_suffixes(tmp_path):
    # 4C-multiphysics bibliography line 1135: "... and Gee, M. and Wall W.A."; 3c-lab line 794:
    # PubMed's "Kelleher, R. J., 3rd" (Last, First, Jr)
    a, b = _records(tmp_path, "@article{a, title={T}, author={Gee, M. and Wall W.A. and Lee HK and Ann Lee}, "
                              "year={2010}}\n@article{b, title={U}, author={Kelleher, R. J., 3rd and "
                              "Kelleher, 3rd, R. J.}, year={2011}}\n")
    assert [(x.name, x.given, x.family) for x in a.authors] == [
        ("M. Gee", "M.", "Gee"), ("W.A. Wall", "W.A.", "Wall"), ("HK Lee", "HK", "Lee"), ("Ann Lee", "Ann", "Lee")]
    assert [(x.name, x.given, x.family) for x in b.authors] == [("R. J. Kelleher 3rd", "R. J.", "Kelleher")] * 2


def test_anonymous_is_nobody_and_a_suffix_after_surname_initials(tmp_path):
    a, b = _records(tmp_path, "@book{a, title={Beowulf}, author={Anonymous}, year={1000}}\n@article{b, "
                              "title={T}, author={[Anonymous] and Wall W.A., Jr. and {Anonymous}}, year={2010}}\n")
    assert (a.authors, a.authors_complete) == ((), True)
    assert [(x.name, x.given, x.family, x.position) for x in b.authors] == [("W.A. Wall Jr.", "W.A.", "Wall", 1)]


def test_inline_math_in_parentheses_is_read_as_dollars_are():
    """DBLP writes math as \\( ... \\): "#NC(^1)" and "AC(^0)[(⊕)]" kept the parentheses, so a
    search for NC^1 missed them."""
    by_line = {r.line: r.title for r in records(FIXTURES / "bibtex" / "dblp-standard.bib")[0]}
    assert by_line[1803] == "Counting Paths in VPA Is Complete for #NC^1"
    assert by_line[684] == "A fixed-depth size-hierarchy theorem for AC^0[⊕] via the coin problem"
    assert by_line[1211].startswith("An Almost Cubic Lower Bound for ΣΠΣ Circuits")


def test_bidirectional_overrides_are_dropped_from_names_and_titles(tmp_path):
    """An author written "\\u202eevil\\u202c Name" showed as "live Name" on every page."""
    f = tmp_path / "b.bib"
    f.write_text("@article{a, title={\u202eTitle\u202c Two}, author={\u202eevil\u202c Name and "
                 "\u2067Ada\u2069 Lovelace}, year={2020}}\n", encoding="utf-8")
    (r,), _ = records(f)
    assert r.title == "Title Two" and [a.name for a in r.authors] == ["evil Name", "Ada Lovelace"]
