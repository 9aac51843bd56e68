"""arXiv metadata reader: the head of the benchmark corpus and lines picked for corner cases."""
from __future__ import annotations

import gzip
import json

import pytest

from graphkit.errors import InputError
from graphkit.sources import ReadContext, detect_format
from graphkit.sources.arxiv import read, repair_id, split_authors

from .conftest import FIXTURES

AX = FIXTURES / "arxiv"


def records(path, **kw):
    ctx = ReadContext(**kw)
    return list(read(str(path), ctx)), ctx


def test_head_of_the_corpus():
    recs, ctx = records(AX / "arxiv-head200.jsonl")
    assert len(recs) == 200 and not ctx.issues
    assert [r.line for r in recs[:3]] == [1, 2, 3]
    r = recs[0]
    assert dict(r.ids) == {"arxiv": "cmp-lg/9404001"}
    assert r.title == "An Alternative Conception of Tree-Adjoining Derivation"
    assert [(a.name, a.position) for a in r.authors] == [("Yves Schabes", 1), ("Stuart M. Shieber", 2)]
    assert r.date == "1994-04-03" and r.year == 1994 and r.kind == "preprint"  # first version's date
    assert [(t.scheme, t.code, t.label) for t in r.topics] == [("arxiv", "cmp-lg", "cmp-lg"),
                                                              ("arxiv", "cs.CL", "Computation and Language")]
    assert r.topics[1].broader == (("cs", "Computer Science"),)
    assert r.abstract.startswith("The precise formulation of derivation") and not r.abstract.endswith(" ")
    last = recs[-1]
    assert dict(last.ids) == {"arxiv": "cmp-lg/9411017"} and last.date == "1994-11-10"
    assert [a.name for a in last.authors] == ["Ralph Grishman", "Catherine Macleod", "Adam Meyers"]
    assert detect_format(str(AX / "arxiv-head200.jsonl")).name == "arxiv"


def test_corner_cases():
    recs, ctx = records(AX / "arxiv-selected.jsonl")
    assert len(recs) == 15
    ids = [dict(r.ids)["arxiv"] for r in recs]
    assert ids == ["0704.0967", "1608.08427", "1608.08427", "1104.3208", "1304.0640", "0912.2381",
                   "1811.06841", "1809.05932", "1911.12520", "1710.05481", "1303.1716", "1102.5597",
                   "1711.01981", "1501.07420", "1002.0939"]
    assert [i.message for i in ctx.issues] == [
        "8 arXiv ids had been stored as numbers and were repaired (e.g. '704.0967' -> '0704.0967')"]
    by = {dict(r.ids)["arxiv"] + f"@{r.line}": r for r in recs}
    assert [a.name for a in by["1104.3208@4"].authors] == ["Aleksandar Ilić", "Dragan Stevanović"]
    assert [a.name for a in by["1304.0640@5"].authors] == [
        "Louis-Charles Caron", "Michiel D'Haene", "Frédéric Mailhot", "Benjamin Schrauwen", "Jean Rouat"]
    lago = [a.name for a in by["0912.2381@6"].authors]
    assert lago[0] == "R. Camacho" and lago[-1] == "LAGO Collaboration" and len(lago) == 13
    assert [a.name for a in by["1811.06841@7"].authors][-2:] == ["Guihai Yan", "Xiaowei Li"]  # ", and"
    assert [a.name for a in by["1303.1716@11"].authors][2] == "Kim Nguyễn"  # Nguy\~ên
    assert [a.name for a in by["1102.5597@12"].authors] == ["Radim Řehůřek"]  # {ů}
    indigo = [a.name for a in by["1711.01981@13"].authors]
    assert indigo[:2] == ["INDIGO-DataCloud Collaboration", "Davide Salomoni"]  # the ":" token is dropped
    doi = by["1002.0939@15"]
    assert dict(doi.ids)["doi"].startswith("10.4204/EPTCS.") and len(doi.authors) == 7


def test_parsing_helpers():
    assert split_authors("A. Smith (MIT), B. Jones (Harvard, Boston)") == (
        ["A. Smith", "B. Jones"], True, [("MIT",), ("Harvard, Boston",)])
    assert split_authors("A. Smith (1), B. Jones (1 and 2) ((1) MIT, (2) Harvard)") == (
        ["A. Smith", "B. Jones"], True, [("MIT",), ("MIT", "Harvard")])
    assert split_authors("A. Smith and B. Jones et al.") == (["A. Smith", "B. Jones"], False, [(), ()])
    assert [repair_id(x) for x in ("1001.2262", "1501.00579", "706.113", "cs/0607041")] == [
        "1001.2262", "1501.00579", "0706.1130", "cs/0607041"]


def test_authors_parsed_json_array_and_gzip(tmp_path):
    lines = (AX / "arxiv-head200.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    objs = [json.loads(x) for x in lines]
    objs[0]["authors_parsed"] = [["Schabes", "Yves", ""], ["Shieber", "Stuart M.", "Jr"]]
    arr = tmp_path / "arxiv.json"
    arr.write_text(json.dumps(objs, indent=1), encoding="utf-8")
    assert detect_format(str(arr)).name == "arxiv"
    recs, _ = records(arr)
    assert [r.line for r in recs] == [1, 2, 3]  # element index in the array
    assert [(a.name, a.given, a.family) for a in recs[0].authors] == [
        ("Yves Schabes", "Yves", "Schabes"), ("Stuart M. Shieber Jr", "Stuart M.", "Shieber")]
    gz = tmp_path / "arxiv.jsonl.gz"
    gz.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    assert [r.title for r in records(gz)[0]] == [json.loads(x)["title"] for x in lines]


def test_bad_lines_skip_and_strict(tmp_path):
    lines = (AX / "arxiv-head200.jsonl").read_text(encoding="utf-8").splitlines()[:4]
    lines[1] = lines[1][:40]  # cut off
    lines[2] = json.dumps({**json.loads(lines[2]), "title": "  "})
    f = tmp_path / "cut.jsonl"
    f.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    recs, ctx = records(f)
    assert [r.line for r in recs] == [1, 4]
    assert [(i.line, i.kind) for i in ctx.issues] == [(2, "skipped"), (3, "skipped")]
    assert "not valid JSON" in ctx.issues[0].message and "has no title" in ctx.issues[1].message
    with pytest.raises(InputError) as e:
        records(f, strict=True)
    assert e.value.line == 2
    only_bad = tmp_path / "bad.jsonl"
    only_bad.write_text('{"id": "x y", "title": "t", "authors": "A", "categories": "cs.AI"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="no readable arXiv records"):
        records(only_bad)


def test_progress_bar_only_when_asked_or_on_a_terminal(monkeypatch, capsys):
    import graphkit.sources._text as T
    monkeypatch.setattr(T, "LARGE_INPUT", 1)  # every input counts as large
    records(AX / "arxiv-head200.jsonl")  # stderr is not a terminal here: no bar
    assert capsys.readouterr().err == ""
    recs, _ = records(AX / "arxiv-head200.jsonl", progress=True)
    assert len(recs) == 200 and "arXiv" in capsys.readouterr().err


def test_a_broken_first_line_is_skipped_not_taken_for_a_document(tmp_path):
    """A JSON-lines file whose first record is cut off: that line is skipped with its number
    and the rest is read (before, the file was read as one pretty-printed document and
    rejected); a pretty-printed document that does not parse is still an error."""
    lines = (AX / "arxiv-head200.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    lines[0] = lines[0][:40]
    f = tmp_path / "first-cut.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs, ctx = records(f)
    assert [r.line for r in recs] == [2, 3]
    assert [(i.line, i.kind) for i in ctx.issues] == [(1, "skipped")]
    doc = tmp_path / "doc.json"
    doc.write_text('{\n  "id": "0704.0001",\n  "title": "A"\n', encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as err:
        records(doc)
    assert err.value.line == 3  # the last line, not the end of the data after it
    one = tmp_path / "one.jsonl"  # a single record, cut off: its own line
    one.write_text(lines[0] + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="ends before the value does") as err:
        records(one)
    assert err.value.line == 1


def test_collaboration_before_a_colon_and_family_initials_pairs():
    """A colon ends a group's name ("The ATLAS Collaboration: G. Aad"): the collaboration is an
    author of its own, as "the LAGO Collaboration" is; "Family, Initials" parts in turn are
    one author each; a list that does not alternate so is left as it is."""
    assert split_authors("The ATLAS Collaboration: G. Aad, B. Abbott, et al.") == (
        ["ATLAS Collaboration", "G. Aad", "B. Abbott"], False, [(), (), ()])
    assert split_authors("Smith, J., Doe, J.") == (["J. Smith", "J. Doe"], True, [(), ()])
    assert split_authors("Smith, J. C. (MIT) and van Dijk, K.-P.") == (
        ["J. C. Smith", "K.-P. van Dijk"], True, [("MIT",), ()])
    assert split_authors("A. Smith (Dept: Physics), B. Jones") == (
        ["A. Smith", "B. Jones"], True, [("Dept: Physics",), ()])  # a colon in parentheses
    assert split_authors("Smith, Li, Doe, Wu")[0] == ["Smith", "Li", "Doe", "Wu"]  # not initials
    assert split_authors("Smith, J., Doe")[0] == ["Smith", "J.", "Doe"]  # odd: no pairs
    assert split_authors("Ann Lee, J., Bob Ray, K.")[0] == ["Ann Lee", "J.", "Bob Ray", "K."]


def test_collaboration_record_in_a_file(tmp_path):
    f = tmp_path / "atlas.jsonl"
    f.write_text(json.dumps({
        "id": "1207.7214", "title": "Observation of a new particle", "categories": "hep-ex",
        "authors": "The ATLAS Collaboration: G. Aad, B. Abbott, et al.",
        "versions": [{"version": "v1", "created": "Tue, 31 Jul 2012 12:00:00 GMT"}]}) + "\n",
        encoding="utf-8")
    (r,), ctx = records(f)
    assert [(a.name, a.position) for a in r.authors] == [
        ("ATLAS Collaboration", 1), ("G. Aad", 2), ("B. Abbott", 3)]
    assert not r.authors_complete and not ctx.issues


def test_family_initials_pairs_in_the_corpus():
    """Real arXiv lines whose authors are "Family, Initials" pairs: one author per pair (each
    part was an author before); names followed by degrees are no such pairs."""
    recs, ctx = records(AX / "arxiv-family-initials.jsonl")
    assert [dict(r.ids)["arxiv"] for r in recs] == ["1311.4116", "1801.04110", "1010.6098", "1104.1690"]
    assert [i.message for i in ctx.issues] == [
        "1 arXiv ids had been stored as numbers and were repaired (e.g. '1801.0411' -> '1801.04110')"]
    takano, wang, duran, petkovic = ([a.name for a in r.authors] for r in recs)
    assert takano == ["Y. Takano", "K. Marumo", "T. Ebashi", "L. P. Gupta", "H. Kawahata",
                      "K. Kobayashi", "A. Yamagishi", "T. Kuwabara"]  # "Kuwabara, T": the dot added
    assert duran == ["J. J. Fernández-Durán", "M. M. Gregorio-Domínguez"]
    assert petkovic == ["M. D. Petković", "P. S. Stanimirović", "M. B. Tasić"]
    # "Jin Wang, Ph. D., Javier Cabrera, Ph. D., ...": full names do not pair with degrees, and
    # the degrees are no authors
    assert wang == ["Jin Wang", "Javier Cabrera", "Kwok-Leung Tsui", "Hainan Guo", "Monique Bakker",
                    "John B. Kostis"]
    assert [r.authors[0].position for r in recs] == [1, 1, 1, 1]
    assert [a.position for a in recs[0].authors] == list(range(1, 9))


def test_degrees_and_editors_marks_are_no_authors():
    # the author strings of arXiv 1910.10622, cs/9809051 and cmp-lg/9506008 (1801.04110: above)
    assert split_authors("Zadid Khan, Sakib Mahmud Khan, Ph. D., Mashrur Chowdhury, Ph. D., P. E., "
                         "F. ASCE")[0] == ["Zadid Khan", "Sakib Mahmud Khan", "Mashrur Chowdhury"]
    assert split_authors("Niels Ole Bernsen, Laila Dybkjaer, eds.")[0] == ["Niels Ole Bernsen", "Laila Dybkjaer"]
    assert split_authors(" Editors, :, Matthew Stone, Libby Levison")[0] == ["Matthew Stone", "Libby Levison"]
    # initials of a "Family, Initials" list stay initials
    assert split_authors("Smith, M. D., Doe, J.")[0] == ["M. D. Smith", "J. Doe"]


def test_a_suffix_written_apart_joins_the_name_before_it():
    # "Jr." between commas was an author of its own
    assert split_authors("Maria de la Cruz, Jr., Bob Li")[0] == ["Maria de la Cruz Jr.", "Bob Li"]
    assert split_authors("John Smith, III, Ann Lee, Sr.")[0] == ["John Smith III", "Ann Lee Sr."]
    # with affiliations (the slower path): the suffix's affiliation is the name's
    names, _, affs = split_authors("M. Smith (MIT), Jr. (Harvard), Bob Li")
    assert names == ["M. Smith Jr.", "Bob Li"] and affs == [("MIT", "Harvard"), ()]
    # a degree after a suffix is still dropped
    assert split_authors("Maria de la Cruz, Jr., Ph. D., Bob Li")[0] == ["Maria de la Cruz Jr.", "Bob Li"]
