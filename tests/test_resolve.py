"""Paper clustering across records."""
from graphkit.model import RawAuthor, Record
from graphkit.resolve import cluster_papers


def rec(line, title, year, ids=()):
    return Record("f.txt", line, title, (RawAuthor("Ann Example", 1),), year=year, ids=ids)


def test_title_and_year_merge_unless_strong_ids_differ():
    a = rec(1, "Same Title", 2019, (("arxiv", "1901.00001"),))
    b = rec(2, "Same Title", 2019, (("arxiv", "1901.00002"),))  # another arXiv record: kept apart
    c = rec(3, "Same  title!", 2019)  # no identifier: joins the first
    d = rec(4, "Same Title", 2020)  # another year
    e = rec(5, "Other", 2019, (("doi", "10.1/X"),))
    f = rec(6, "Renamed", 2019, (("doi", "https://doi.org/10.1/x"),))  # same DOI, other title
    g = rec(7, "Same Title", 2019, (("doi", "10.1/y"), ("arxiv", "1901.00001")))  # same arXiv id as a
    assert cluster_papers([a, b, c, d, e, f, g]) == [[0, 2, 6], [1], [3], [4, 5]]


def by(line, title, year, names, ids=()):
    return Record("f.bib", line, title, tuple(RawAuthor(n, i) for i, n in enumerate(names, 1)),
                  year=year, ids=ids)


def test_same_title_and_year_needs_a_shared_author_name():
    # two editorials in two journals by different people are two papers; a record with no
    # authors, or one that shares a name word ("M. Naumov" / "Maxim Naumov"), still joins
    a = by(1, "Editorial", 2020, ["Ann Editor"])
    b = by(2, "Editorial", 2020, ["Bob Other"])
    c = by(3, "Editorial", 2020, [])
    d = by(4, "Editorial", 2020, ["A. Editor", "Cy Third"])
    e = by(5, "Editorial", 2020, ["Bob Other"])
    assert cluster_papers([a, b, c, d, e]) == [[0, 2, 3], [1, 4]]
    m = by(1, "Deep Learning Recommendation Model", 2019, ["Maxim Naumov", "Dheevatsa Mudigere"])
    n = by(2, "Deep learning recommendation model.", 2019, ["M. Naumov"])
    assert cluster_papers([m, n]) == [[0, 1]]


def test_a_record_without_identifier_joins_the_record_it_can_be():
    # the first same-titled record has another DOI's author: the record goes on to the second
    e3 = by(1, "Editorial", 2020, ["Carl Third"], (("doi", "10.1000/ed3"),))
    e4 = by(2, "Editorial", 2020, ["Dan Fourth"])
    e5 = by(3, "Editorial", 2020, ["Dan Fourth"], (("doi", "10.1000/ed5"),))
    assert cluster_papers([e3, e4, e5]) == [[0], [1, 2]]


def test_different_scopus_eids_or_pubmed_ids_are_different_papers_but_dblp_keys_are_not():
    # four LNCS volumes of one title and year (litstudy-scopus.csv lines 41-44: EIDs differ)
    vols = [by(i, "Lecture Notes in Computer Science", 2010, [], (("scopus", eid),))
            for i, eid in enumerate(["2-s2.0-77952412778", "2-s2.0-77952395878",
                                     "2-s2.0-77952380739", "2-s2.0-77952335527"], 41)]
    assert cluster_papers(vols) == [[0], [1], [2], [3]]
    p = [by(i, "A trial", 2001, ["Ann Lee"], (("pmid", str(100 + i)),)) for i in (1, 2)]
    assert cluster_papers(p) == [[0], [1]]
    # one paper's CoRR and ECCC reports carry two DBLP keys (dblp-standard.bib lines 862, 880)
    corr = by(862, "A #SAT Algorithm", 2018, ["Nutan Limaye"], (("dblp", "journals/corr/abs-1809-05932"),))
    eccc = by(880, "A #SAT Algorithm", 2018, ["Nutan Limaye"], (("dblp", "journals/eccc/BajpaiKKLS18"),))
    assert cluster_papers([corr, eccc]) == [[0, 1]]


def test_a_list_without_marker_does_not_complete_a_truncated_one():
    from graphkit.resolve import resolve

    def paper(recs):
        c = resolve(recs)
        (p,) = c.papers.values()
        return [s.name for s in c.authors_of(p.key)], p.authors_complete
    names = ["Ann Lee", "Bo Wu", "Cy Ng", "Di Xu"]
    trunc = Record("a.bib", 1, "T", tuple(RawAuthor(n, i) for i, n in enumerate(names, 1)), year=2020,
                   ids=(("doi", "10.1/t"),), authors_complete=False)  # "... and Di Xu and others"
    same = Record("a.ris", 1, "T", trunc.authors, year=2020, ids=(("doi", "10.1/t"),))
    more = Record("b.ris", 1, "T", trunc.authors + (RawAuthor("Ed Po", 5),), year=2020, ids=(("doi", "10.1/t"),))
    assert paper([trunc, same]) == (names, False)  # four names, and "others": five or more
    assert paper([trunc, more]) == (names + ["Ed Po"], True)
    assert paper([same]) == (names, True) and paper([trunc]) == (names, False)


def test_an_ampersand_and_the_word_and_do_not_count():
    # BibTeX "Nodes \& Edges" (read as "&") and a CSV's "Nodes and Edges" were two papers
    a = rec(1, "Nodes & Edges: Learning on Graphs", 2021)
    b = rec(2, "Nodes and Edges: Learning on Graphs", 2021)
    c = rec(3, "Nodes &amp; Edges: Learning on Graphs", 2021)
    d = rec(4, "Nodes Edges: Learning on Graphs", 2021)  # "&" dropped by an export
    e = rec(5, "Nodes Edges: Learning on Trees", 2021)
    assert cluster_papers([a, b, c, d, e]) == [[0, 1, 2, 3], [4]]


def test_a_record_without_a_year_joins_the_one_dated_paper_of_its_title():
    a = by(1, "On the Robustness of Link Prediction", 2021, ["John Smith", "Li Chen"], (("arxiv", "2103.04567"),))
    b = by(2, "On the robustness of link prediction", 2021, ["J. Smith", "L. Chen"])
    c = by(3, "On the robustness of link prediction: ", None, ["Smith, John", "Chen, Li"])  # no year
    d = by(4, "On the Robustness of Link Prediction", None, ["Ann Other"])  # no shared name
    assert cluster_papers([a, b, c, d]) == [[0, 1, 2], [3]]
    # one title in two years: which paper a year-less record is, is not known
    e = by(5, "On the Robustness of Link Prediction", 2023, ["John Smith"])
    assert cluster_papers([a, c, e]) == [[0], [1], [2]]
    # another arXiv id: another paper
    f = by(6, "On the Robustness of Link Prediction", None, ["John Smith"], (("arxiv", "2201.00001"),))
    assert cluster_papers([a, f]) == [[0], [1]]
