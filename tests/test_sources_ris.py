"""RIS reader: litstudy, Scopus, Ovid, Web of Science and rispy's corner cases."""
from __future__ import annotations

import pytest

from graphkit.errors import InputError
from graphkit.sources import ReadContext, detect_format
from graphkit.sources.ris import read

from .conftest import FIXTURES

RIS = FIXTURES / "ris"


def records(path, **kw):
    ctx = ReadContext(**kw)
    return list(read(str(path), ctx)), ctx


def test_litstudy_example():
    recs, ctx = records(RIS / "litstudy-example.ris")
    assert len(recs) == 25 and not ctx.issues  # 25 TY...ER records; CR, CRLF and LF line ends
    r = next(x for x in recs if x.title == "The European Approach to the Exascale Challenge")
    assert r.year == 2019 and r.date == "2019"  # Y1 "1 Jan.-Feb. 2019" adds nothing precise
    assert len(r.authors) == 2 and r.authors[0].name == "G. Kalbe"  # AU written twice in the file
    assert (r.authors[0].given, r.authors[0].family) == ("G.", "Kalbe")
    assert dict(r.ids) == {"doi": "10.1109/MCSE.2018.2884139"}
    assert r.venue == "Computing in Science & Engineering" and r.kind == "article"
    assert [t.label for t in r.topics] == ["Exascale computing", "Industries", "Investment",
                                          "Technological innovation", "Ecosystems", "High performance computing"]
    assert r.abstract.startswith("An integrated European exascale computing")
    kinds = [x.kind for x in recs]
    assert kinds.count("article") == 8 and kinds.count("inproceedings") == 17  # TY JOUR / TY CONF
    second = recs[1]
    assert second.title == "Reference Exascale Architecture" and len(second.authors) == 14
    # "ER  - \r\n", "\n", "\r", "TY  - CONF": a lone CR ends a line too, so TY is on line 27
    assert second.authors[0].name == "M. Bobák" and second.line == 27


def test_scopus_ris():
    recs, _ = records(RIS / "asreview-scopus.ris")
    assert len(recs) == 6
    r = recs[0]
    assert r.title.startswith("Stress and the brain-gut axis")
    assert [a.name for a in r.authors] == ["A. Labanski", "J. Langhorst", "H. Engler", "S. Elsenbruch"]
    assert dict(r.ids) == {"doi": "10.1016/j.psyneuen.2019.104501", "scopus": "2-s2.0-85074596690"}
    assert len(r.institutions) == 3 and r.institutions[0].name.startswith("Institute of Medical Psychology")
    assert len(r.topics) == 9 and r.topics[0].label == "Brain-gut axis"
    assert r.year == 2020 and r.venue == "Psychoneuroendocrinology"


def test_ovid_export_with_numbering_between_records():
    recs, ctx = records(RIS / "asreview-ovid_psycinfo.ris")
    assert len(recs) == 6 and ctx.skipped == 0
    r = recs[0]
    assert r.line == 2  # "1." on line 1
    assert dict(r.ids) == {"doi": "10.1002/cpp.2398"}  # from http://dx.doi.org/...
    assert [a.name for a in r.authors][:2] == ["Ines A Trindade", "Chris Irons"] and len(r.authors) == 5
    assert r.year == 2019 and r.venue == "Clinical Psychology & Psychotherapy"  # Y1 2019//, JF
    assert r.abstract.startswith("Considering that self-criticism")  # N2
    assert r.institutions == ()  # AD holds an e-mail address, not an institution


def test_web_of_science_tagged_format():
    recs, _ = records(RIS / "rispy-example_wos.ris")
    assert len(recs) == 2
    r = recs[0]
    assert r.title == ("Interactions stabilizing the structure of the core light-harvesting complex (LHl) "
                       "of photosynthetic bacteria and its subunit (B820)")  # continuation line joined
    assert [a.name for a in r.authors] == ["PS Parkes-Loach", "AP Majeed", "CJ Law", "PA Loach"]
    assert r.date == "2004-06-08" and r.venue == "BIOCHEMISTRY"  # PY 2004, PD JUN 8
    assert dict(r.ids) == {"doi": "10.1021/bi049798f", "pmid": "15170338"}
    assert r.institutions[0].name == "Northwestern Univ, Dept Biochem Mol Biol & Cell Biol, Evanston, IL 60208 USA"
    assert [t.label for t in r.topics][:2] == ["CHEMICALLY SYNTHESIZED POLYPEPTIDES", "IN-VITRO RECONSTITUTION"]
    assert detect_format(str(RIS / "rispy-example_wos.ris")).name == "ris"


def test_faulty_year_empty_values_and_bom():
    recs, ctx = records(RIS / "asreview-faulty_year.ris")
    assert len(recs) == 1 and recs[0].year is None
    assert [i.message for i in ctx.issues] == ["year '10 15' is not a year; left empty"]
    recs, ctx = records(RIS / "asreview-baseline_empty_values.ris")
    assert [r.title for r in recs] == ["Title of reference", "Title of reference"]
    assert [(i.kind, i.line) for i in ctx.issues] == [("skipped", 7), ("skipped", 18)]  # TI empty / absent
    recs, ctx = records(RIS / "rispy-example_bom.ris")  # BOM before TY; no title
    assert recs == [] and ctx.skipped == 1 and ctx.issues[0].line == 1


def test_extraneous_text_and_first_authors():
    recs, _ = records(RIS / "rispy-example_extraneous_data.ris")
    assert [r.title for r in recs] == ["Title of reference", "The title of the reference"]
    assert [a.name for a in recs[0].authors] == ["Karl Marx", "Astrid Lindgren"]  # A1; A2 is an editor
    assert (recs[0].year, recs[1].year) == (2014, 2006)


def test_multiline_values(tmp_path):
    text = (RIS / "rispy-example_multiline.ris").read_text(encoding="utf-8")
    f = tmp_path / "multi.ris"
    f.write_text(text.replace("TY  - JOUR\n", "TY  - JOUR\nTI  - T\n"), encoding="utf-8")
    recs, _ = records(f)
    assert [r.abstract for r in recs] == [
        "first line, ER then second line and at the end the last line",
        "first line, ER then second line and at the end the last line",
        "first line, ER then second line and at the end the last line"]


def test_missing_er_and_strict(tmp_path):
    f = tmp_path / "cut.ris"
    f.write_text("TY  - JOUR\nTI  - One\nAU  - Doe, Jane\nPY  - 2020/05/03/\n"
                 "TY  - JOUR\nAU  - Nobody\nER  - \n"
                 "TY  - BOOK\nTI  - Two\nDA  - 2021/02//\nAU  - Roe, R.\nAU  - et al.\n", encoding="utf-8")
    recs, ctx = records(f)
    assert [(r.title, r.date, r.kind) for r in recs] == [("One", "2020-05-03", "article"),
                                                        ("Two", "2021-02", "book")]
    assert [a.name for a in recs[1].authors] == ["R. Roe"] and not recs[1].authors_complete
    assert [(i.kind, i.line) for i in ctx.issues] == [("warning", 1), ("skipped", 5), ("warning", 8)]
    with pytest.raises(InputError) as e:
        records(f, strict=True)
    assert e.value.line == 5


def test_not_ris(tmp_path):
    f = tmp_path / "x.ris"
    f.write_text("no records here\n", encoding="utf-8")
    with pytest.raises(InputError, match="no RIS records"):
        records(f)


def test_names_urls_and_addresses_as_the_general_rules_read_them(tmp_path):
    """The reader's shortcuts ("Family, Given" names, arXiv abstract URLs, repeated addresses,
    long values) give what ``person_name``, ``arxiv_from`` and whitespace squashing give."""
    from graphkit.model import RawInstitution
    from graphkit.sources._text import arxiv_from, person_name
    names = ["Smith, John", "Smith, Jr.", "Smith, iii", "Smith, Jr", "Smith, Jrx", "Smith,", ",John",
             "Smith, ,John", "Smith ; , John", "Smith,John", "Smith , J. R.", "de la Cruz, María",
             "Smith, J.\tR.", "van  Dijk, A.", "Smith, v", "Smith, V.", "Single"]
    urls = ["https://arxiv.org/abs/1234.5678", "http://arxiv.org/abs/1234.56789v3", "https://arxiv.org/abs/cmp-lg/9404003",
            "https://arxiv.org/abs/math.AG/0101001v2", "https://arxiv.org/abs/hep-th/01234567",
            "https://arxiv.org/abs/1234.567890", "https://arxiv.org/pdf/1234.5678", "https://ARXIV.org/abs/1234.5678",
            "https://arxiv.org/abs/706.3009", "https://arxiv.org/abs/70.3", "https://arxiv.org/abs/706.", "https://arxiv.org/abs/706.3009v2"]
    long = "word " * 30
    lines = []
    for i, u in enumerate(urls):
        lines += ["TY  - JOUR", f"TI  - t{i}", *(f"AU  - {n}" for n in names), f"UR  - {u}", "PY  - 2001",
                  "AD  - Some University", "AD  - Some  University", f"AB  - {long}x", f"T2  - {long}\ty",
                  "ER  - ", ""]
    path = tmp_path / "a.ris"
    path.write_text("\n".join(lines), encoding="utf-8")
    recs, ctx = records(path)
    assert len(recs) == len(urls) and not ctx.issues
    expected = [person_name(n) for n in names]
    for r, u in zip(recs, urls):
        assert [(a.name, a.given, a.family) for a in r.authors] == [x for x in expected if x[0]]
        assert dict(r.ids).get("arxiv") == arxiv_from(u)
        assert r.institutions == (RawInstitution("Some University"),)
        assert r.abstract == " ".join((long + "x").split()) and r.venue == " ".join((long + "\ty").split())


def test_empty_first_values_fall_back_to_the_next(tmp_path):
    """A tag's first value empty: the next non-empty value, then the next tag (``_first``)."""
    path = tmp_path / "a.ris"
    path.write_text("TY  - \nTI  - \nTI  - Real title\nPY  - \nPY  - 2003\nDO  - \nDI  - 10.1000/x\n"
                    "AB  - \nN2  - An abstract\nT2  - \nJO  - A Journal\nPM  - \nPM  - 123\nER  - \n",
                    encoding="utf-8")
    (r,), ctx = records(path)
    assert (r.title, r.year, r.kind, r.abstract, r.venue) == ("Real title", 2003, "misc", "An abstract", "A Journal")
    assert dict(r.ids) == {"doi": "10.1000/x", "pmid": "123"}


def test_placeholders_are_no_authors(tmp_path):
    """Scopus' "[No author name available]", "[Anonymous]" (any name in square brackets) and
    "Anonymous" name nobody: no author (the CSV reader's rule); a record with only such names
    has no authors, its list complete; the people around them are numbered 1, 2, ..."""
    text = (RIS / "asreview-scopus.ris").read_text(encoding="utf-8")
    first = text[:text.index("ER  -")]  # Scopus' first record: Labanski, Langhorst, Engler, Elsenbruch
    f = tmp_path / "p.ris"
    f.write_text(first.replace("AU  - Labanski, A.\n", "AU  - [No author name available]\nAU  - Labanski, A.\n")
                 .replace("AU  - Engler, H.\n", "AU  - [Anonymous]\nAU  - Engler, H.\n") + "ER  - \n"
                 "TY  - CONF\nTI  - Proceedings of the 11th conference\nAU  - [No author name available]\n"
                 "PY  - 2019\nER  - \n"
                 "TY  - JOUR\nTI  - An editorial\nA1  - Anonymous\nER  - \n"
                 "TY  - JOUR\nTI  - A letter\nAU  - anon.\nAU  - Doe, Jane\nAU  - [Anonymous]\nAU  - et al.\nER  - \n",
                 encoding="utf-8")
    recs, ctx = records(f)
    assert not ctx.issues
    assert [[(a.name, a.position) for a in r.authors] for r in recs] == [
        [("A. Labanski", 1), ("J. Langhorst", 2), ("H. Engler", 3), ("S. Elsenbruch", 4)], [], [],
        [("Jane Doe", 1)]]
    assert [r.authors_complete for r in recs] == [True, True, True, False]  # "et al." in the last


def test_web_of_science_anonymous(tmp_path):
    """Web of Science's "AU [Anonymous]" (and "AF [Anonymous]"): no author; the people after it
    keep their C1 institutions and OI ORCIDs."""
    f = tmp_path / "wos.txt"
    f.write_text("FN Clarivate Analytics Web of Science\nVR 1.0\n"
                 "PT J\nAU [Anonymous]\nAF [Anonymous]\nTI Editorial note\nSO BIOCHEMISTRY\nPY 2004\nER\n\n"
                 "PT J\nAU [Anonymous]\n   Loach, PA\nAF [Anonymous]\n   Loach, Paul A.\nTI A note\n"
                 "C1 [Loach, Paul A.] Northwestern Univ, Evanston, IL 60208 USA.\n"
                 "OI Loach, Paul A./0000-0002-1825-0097\nPY 2004\nER\n\nEF\n", encoding="utf-8")
    assert detect_format(str(f)).name == "ris"
    recs, ctx = records(f)
    assert [r.title for r in recs] == ["Editorial note", "A note"] and not ctx.issues
    assert recs[0].authors == () and recs[0].authors_complete
    (loach,) = recs[1].authors
    assert (loach.name, loach.position, loach.given, loach.family) == ("Paul A. Loach", 1, "Paul A.", "Loach")
    assert [i.name for i in loach.affiliations] == ["Northwestern Univ, Evanston, IL 60208 USA"]
    assert loach.ids == (("orcid", "0000-0002-1825-0097"),)


def test_text_without_a_letter_is_no_author(tmp_path):
    f = tmp_path / "x.ris"
    f.write_text("TY  - JOUR\nAU  - [\nAU  - -\nAU  - Lee, Ann\nTI  - T\nER  - \n", encoding="utf-8")
    (r,) = list(read(str(f), ReadContext()))
    assert [(a.name, a.position) for a in r.authors] == [("Ann Lee", 1)]
