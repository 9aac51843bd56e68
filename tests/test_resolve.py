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
