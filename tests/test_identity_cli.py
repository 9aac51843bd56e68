"""graphkit identities / merge / split through the CLI, decisions replayed on ingest, RDF."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.rdf.store import Workspace

from .conftest import SEED

DECISIONS_GRAPH = "https://w3id.org/graphkit/graph/decisions"
EXTRA = """Maxim Naumov

LG
h-index25 / 25papers / 18,245citations / Novelty49% / AI Score51

1 Papers

LGMar 3, 2024
A Further Study of Shared Microexponents

B. Rouhani, Ritchie Zhao, Maxim Naumov

An abstract.
"""


def run(*args):
    r = CliRunner().invoke(cli, [str(a) for a in args])
    return r


def authors_of(kg, name):
    ws = Workspace.open(kg)
    c = ws.corpus()
    keys = sorted({s.author for s in c.authorships if s.name == name})
    ws.close()
    return keys


def test_identities_lists_the_seed_merge(seed_ws_path):
    r = run("identities", "--kg", seed_ws_path, "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    (row,) = [x for x in rows if x["status"] == "merged"]
    assert (row["author"], row["name"], row["other"], row["score"]) == (
        "author-bita-darvish-rouhani", "Bita Rouhani", "Bita Darvish Rouhani", 1.65)
    assert "Ritchie Zhao" in row["detail"]
    assert "merges: 1, kept apart: 0, shared names: 0, decisions: 0" in r.stderr


def test_explain_table_and_csv(seed_ws_path):
    r = run("identities", "--kg", seed_ws_path, "--explain", "Bita Rouhani")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "people in the block of 'Bita Rouhani'" in out
    assert "author-bita-darvish-rouhani  Bita Darvish Rouhani  Bita Darvish Rouhani; Bita Rouhani  2" in out
    assert "Bita Rouhani  Bita Darvish Rouhani  middle name present/absent  1.65   merged" in out
    r = run("identities", "--kg", seed_ws_path, "--explain", "Zhaoxia Deng", "--format", "csv")
    assert r.exit_code == 0 and r.stdout == "a,b,names,score,decision,evidence\n"
    r = run("identities", "--kg", seed_ws_path, "--explain", "Deng, Zhaoxia", "--format", "json")
    ex = json.loads(r.stdout)
    assert [p["author"] for p in ex["people"]] == ["author-zhaoxia-deng"] and ex["steps"] == []


def test_explain_unknown_name_is_an_error(seed_ws_path):
    r = run("identities", "--kg", seed_ws_path, "--explain", "Nobody Atall")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: no author named 'Nobody Atall'") and "Traceback" not in r.output


def test_split_then_merge_then_ingest_keeps_the_decision(seed_ws_copy, tmp_path):
    kg = seed_ws_copy
    r = run("split", "--kg", kg, "Bita Rouhani", "--note", "checking")
    assert r.exit_code == 0, r.output
    assert "author-bita-rouhani" in r.stdout and "author-bita-darvish-rouhani" in r.stdout
    assert authors_of(kg, "Bita Rouhani") == ["author-bita-rouhani"]
    assert authors_of(kg, "Bita Darvish Rouhani") == ["author-bita-darvish-rouhani"]
    text = (kg / "decisions.yaml").read_text()
    assert "split:\n- names:\n  - Bita Rouhani\n  note: checking\n" in text

    r = run("merge", "--kg", kg, "Bita Rouhani", "author-bita-darvish-rouhani", "--label", "Bita Darvish Rouhani")
    assert r.exit_code == 0, r.output
    assert "removed the contradicting decision Bita Rouhani" in r.stderr
    assert authors_of(kg, "Bita Rouhani") == authors_of(kg, "Bita Darvish Rouhani") == ["author-bita-darvish-rouhani"]
    assert "\nsplit:" not in (kg / "decisions.yaml").read_text()

    # a new file: the decision is replayed, and the new spelling joins by its evidence
    extra = tmp_path / "extra.txt"
    extra.write_text(EXTRA)
    r = run("ingest", "--kg", kg, "--as-of", "2026-11-26", extra)
    assert r.exit_code == 0, r.output
    assert authors_of(kg, "Bita Rouhani") == ["author-bita-darvish-rouhani"]
    ws = Workspace.open(kg)
    a = ws.corpus().authors["author-bita-darvish-rouhani"]
    assert (a.name, a.variants) == ("Bita Darvish Rouhani", ("B. Rouhani", "Bita Rouhani"))
    # the decision in RDF, with provenance, carried into the new generation
    rows = list(ws.query(f"""SELECT ?kind ?n ?who ?line WHERE {{ GRAPH <{DECISIONS_GRAPH}> {{
        ?d a <https://w3id.org/graphkit/ontology#IdentityDecision>, <http://www.w3.org/ns/prov#Activity> ;
           <https://w3id.org/graphkit/ontology#decisionKind> ?kind ;
           <https://w3id.org/graphkit/ontology#nameReference> ?n ;
           <https://w3id.org/graphkit/ontology#sourceLine> ?line ;
           <https://w3id.org/graphkit/ontology#concerns> ?who ;
           <http://www.w3.org/ns/prov#endedAtTime> ?t }} }} ORDER BY ?n"""))
    ws.close()
    assert [(x["kind"].value, x["n"].value, x["who"].value.rsplit("/", 1)[1], x["line"].value) for x in rows] == [
        ("merge", "Bita Rouhani", "author-bita-darvish-rouhani", "9")]
    r = run("identities", "--kg", kg)
    assert "decision" in r.stdout and "Bita Rouhani + author-bita-darvish-rouhani" in r.stdout


def test_split_a_name_by_paper(seed_ws_copy):
    kg = seed_ws_copy
    ws = Workspace.open(kg)
    c = ws.corpus()
    papers = c.papers_of("author-jongsoo-park")
    ws.close()
    r = run("split", "--kg", kg, "Jongsoo Park", "--paper", papers[0])
    assert r.exit_code == 0, r.output
    keys = authors_of(kg, "Jongsoo Park")
    assert len(keys) == 2
    ws = Workspace.open(kg)
    c = ws.corpus()
    assert sorted(len(c.papers_of(k)) for k in keys) == [1, 3]
    assert all(c.authors[k].ambiguous for k in keys)  # one name, two people
    ws.close()
    assert f"papers:\n  - {papers[0]}" in (kg / "decisions.yaml").read_text()
    # merging the two again (by their keys) drops the split
    other = next(k for k in keys if len(c.papers_of(k)) == 1)
    r = run("merge", "--kg", kg, other, "author-jongsoo-park")
    assert r.exit_code == 0, r.output
    assert "removed the contradicting decision Jongsoo Park on " in r.stderr
    assert authors_of(kg, "Jongsoo Park") == ["author-jongsoo-park"]
    text = (kg / "decisions.yaml").read_text()
    assert "\nsplit:" not in text and f"- name: Jongsoo Park\n    papers:\n    - {papers[0]}" in text


def test_a_failed_rebuild_leaves_the_decisions_file_as_it_was(seed_ws_copy):
    ws = Workspace(seed_ws_copy)
    with ws.lock():  # another command is writing
        r = run("merge", "--kg", seed_ws_copy, "Bita Rouhani", "Ritchie Zhao")
    assert r.exit_code == 1 and "is busy" in r.stderr
    assert not (seed_ws_copy / "decisions.yaml").exists()


@pytest.mark.parametrize("args, message", [
    (("merge", "Bita Rouhani", "Nobody Atall"), "Error: no author named 'Nobody Atall'"),
    (("merge", "Bita Rouhani", "bita  rouhani"), "Error: 'Bita Rouhani' and 'bita  rouhani' are one name once accents, case and spacing are set aside"),
    (("merge", "author-bita-darvish-rouhani", "author-nope"), "Error: no author with key 'author-nope'"),
    (("split", "Zhaoxia Deng"), "Error: 'Zhaoxia Deng' is one person without name variants"),
    (("split", "Jongsoo Park", "--paper", "paper-nope"), "Error: no paper with key 'paper-nope'"),
    (("split", "Jongsoo Park", "Zhaoxia Deng", "--paper", "x"), "Error: --paper splits one name"),
    (("split", "Zhaoxia Deng", "--paper",
      "paper-2021-low-precision-hardware-architectures-meet-recommendation-mod-1af913-cf4736"),
     "Error: those are all the papers of 'Zhaoxia Deng'"),
])
def test_cli_error_paths(seed_ws_copy, args, message):
    before = sorted(p.name for p in seed_ws_copy.iterdir())
    r = run(*args[:1], "--kg", seed_ws_copy, *args[1:])
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith(message) and "Traceback" not in r.output
    assert sorted(p.name for p in seed_ws_copy.iterdir()) == before  # nothing written


def test_errors_without_a_workspace_or_with_a_bad_decisions_file(tmp_path, seed_ws_copy):
    r = run("identities", "--kg", tmp_path / "none.kg")
    assert r.exit_code == 1 and r.stderr.startswith("Error: no workspace at")
    (seed_ws_copy / "decisions.yaml").write_text("merge:\n- names: [Only One]\n")
    r = run("ingest", "--kg", seed_ws_copy, "--as-of", "2026-11-26", SEED.parent / "maxim-naumov.txt")
    assert r.exit_code == 0  # unchanged file: nothing to resolve
    extra = tmp_path / "extra.txt"
    extra.write_text(EXTRA)
    gen = (seed_ws_copy / "CURRENT").read_text()
    r = run("ingest", "--kg", seed_ws_copy, "--as-of", "2026-11-26", extra)
    assert r.exit_code == 1
    assert r.stderr.strip() == f"Error: {seed_ws_copy / 'decisions.yaml'}:2: a merge entry needs at least two names"
    assert (seed_ws_copy / "CURRENT").read_text() == gen
    r = run("merge", "--kg", seed_ws_copy, "Bita Rouhani", "Ritchie Zhao")
    assert r.exit_code == 1 and "decisions.yaml:2" in r.stderr


def test_help_texts_have_examples():
    for cmd in ("identities", "merge", "split"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Examples:" in r.stdout and "--kg" in r.stdout


def test_merging_two_authors_of_one_paper_warns(seed_ws_copy):
    # paper 12 of the seed profile lists Zhaoxia Deng, Jongsoo Park (and the owner)
    r = run("merge", "--kg", seed_ws_copy, "Zhaoxia Deng", "Jongsoo Park")
    assert r.exit_code == 0, r.output
    assert ("warning: 'Zhaoxia Deng' and 'Jongsoo Park' are both authors of 1 paper (the first: "
            "paper-2021-low-precision-hardware-architectures-meet-recommendation-mod") in r.stderr
    assert "If that is wrong: graphkit split 'Zhaoxia Deng' 'Jongsoo Park'" in r.stderr
    # Venmugil Elango and Dheevatsa Mudigere share no paper of the seed: no warning
    r = run("merge", "--kg", seed_ws_copy, "Venmugil Elango", "Dheevatsa Mudigere")
    assert r.exit_code == 0, r.output
    assert "are both authors" not in r.stderr


def test_explain_names_a_person_as_the_workspace_does(tmp_path):
    # three papers as "Q. Zygmuntowicz", one as "Quentin Zygmuntowicz", merged: the person is
    # "Quentin Zygmuntowicz" everywhere, --explain too (it showed the most frequent spelling)
    bib = tmp_path / "q.bib"
    bib.write_text("".join(f"@article{{k{i}, title={{T{i}}}, author={{{n} and Ann Lee}}, year={{2020}}}}\n"
                           for i, n in enumerate(["Q. Zygmuntowicz"] * 3 + ["Quentin Zygmuntowicz"])),
                   encoding="utf-8")
    kg = tmp_path / "q.kg"
    assert run("ingest", "--kg", kg, bib).exit_code == 0
    assert run("merge", "--kg", kg, "Q. Zygmuntowicz", "Quentin Zygmuntowicz").exit_code == 0
    r = run("identities", "--kg", kg, "--explain", "Q. Zygmuntowicz", "--format", "json")
    assert r.exit_code == 0, r.output
    people = json.loads(r.stdout)["people"]
    assert [(p["author"], p["name"], p["names"], p["papers"]) for p in people] == [
        ("author-quentin-zygmuntowicz", "Quentin Zygmuntowicz", ["Q. Zygmuntowicz", "Quentin Zygmuntowicz"], 4)]


HOMONYMS = """@article{a1, title={Cuprate Phonons}, author={Wei Zhang and Hans Obst}, year={1995}, journal={Phys}}
@article{a2, title={Cuprate Phonons Again}, author={Wei Zhang and Hans Obst}, year={1997}, journal={Phys}}
@article{b1, title={Parsing With Transformers}, author={Wei Zhang and Lena Kraus}, year={2021}, journal={ACL}}
@article{b2, title={Parsing Again}, author={Wei Zhang and Lena Kraus}, year={2023}, journal={ACL}}
@article{c1, title={Twin Studies of Gait}, author={Li Wang and Li Wang and Ann Berg}, year={2020}, journal={Gait}}
"""


def test_a_merge_of_a_name_several_people_bear_is_refused(tmp_path):
    """"Wei Zhang" (two people, 24 years apart) merged with another name joined both of them
    (and both Li Wangs of one paper) into one person, silently; now refused, listing them."""
    bib = tmp_path / "h.bib"
    bib.write_text(HOMONYMS)
    kg = tmp_path / "h.kg"
    assert run("ingest", "--kg", kg, bib).exit_code == 0
    before = (kg / "CURRENT").read_text()
    r = run("merge", "--kg", kg, "Wei Zhang", "Lena Kraus")
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert r.stderr.startswith("Error: 'Wei Zhang' names 2 people: author-wei-zhang (Wei Zhang, 2 papers, "
                               "1995-1997), author-wei-zhang-")
    assert "(Wei Zhang, 2 papers, 2021-2023); give the author key of the one you mean" in r.stderr
    assert (kg / "CURRENT").read_text() == before and not (kg / "decisions.yaml").exists()
    # by key: the one meant
    nlp = next(k for k in authors_of(kg, "Wei Zhang") if k != "author-wei-zhang")
    r = run("merge", "--kg", kg, nlp, "Ann Berg")
    assert r.exit_code == 0 and "are both authors" not in r.stderr
    zhangs, (berg,) = authors_of(kg, "Wei Zhang"), authors_of(kg, "Ann Berg")
    assert len(zhangs) == 2 and "author-wei-zhang" in zhangs and berg in zhangs
    # the merge is named by its line, as after a rebuild (was "decisions.yaml:None")
    r = run("identities", "--kg", kg, "--format", "csv")
    assert "decision in decisions.yaml:9" in r.stdout and "None" not in r.stdout
    assert [p.name for p in kg.iterdir() if p.name.startswith(".decisions")] == []


def test_merging_one_person_with_themselves_records_nothing(seed_ws_copy):
    # "Bita Rouhani" is already Bita Darvish Rouhani: no warning about shared papers, no decision
    r = run("merge", "--kg", seed_ws_copy, "Bita Rouhani", "Bita Darvish Rouhani")
    assert r.exit_code == 0 and "are both authors" not in r.stderr
    assert ("'Bita Rouhani' and 'Bita Darvish Rouhani' are already one person (author-bita-darvish-rouhani): "
            "nothing to merge, nothing recorded") in r.stderr
    assert not (seed_ws_copy / "decisions.yaml").exists()


def test_undoing_a_split_by_paper_warns_of_no_shared_paper(seed_ws_copy):
    kg = seed_ws_copy
    ws = Workspace.open(kg)
    paper = ws.corpus().papers_of("author-jongsoo-park")[0]
    ws.close()
    assert run("split", "--kg", kg, "Jongsoo Park", "--paper", paper).exit_code == 0
    other = next(k for k in authors_of(kg, "Jongsoo Park") if k != "author-jongsoo-park")
    r = run("merge", "--kg", kg, "author-jongsoo-park", other)
    assert r.exit_code == 0 and "are both authors" not in r.stderr  # (each paper has one Park)


def test_a_killed_merge_leaves_the_decisions_file_as_it_was(seed_ws_copy, tmp_path):
    """The decisions file is written when the new generation goes live: a merge killed while
    it rebuilds (SIGKILL: no clean-up runs) leaves no decision behind for a later ingest to
    apply unasked."""
    import os
    import signal
    import subprocess
    import sys
    import time
    marker = tmp_path / "rebuilding"
    script = f"""
import time, pathlib
from graphkit.rdf import store
real = store.Workspace._write_generation
def slow(self, *a, **k):
    pathlib.Path({str(marker)!r}).write_text("x")
    time.sleep(60)
    return real(self, *a, **k)
store.Workspace._write_generation = slow
from graphkit.identity import record_merge
record_merge(store.Workspace.open({str(seed_ws_copy)!r}), "Venmugil Elango", "Dheevatsa Mudigere")
"""
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=str(SEED.parent.parent.parent),
                            env={**os.environ, "PYTHONPATH": str(SEED.parent.parent.parent)})
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert marker.exists()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (seed_ws_copy / "decisions.yaml").exists()
    assert authors_of(seed_ws_copy, "Venmugil Elango") != authors_of(seed_ws_copy, "Dheevatsa Mudigere")


def test_explain_takes_an_author_key_or_part_of_a_name(seed_ws_path):
    for who in ("author-bita-darvish-rouhani", "rouhani"):  # (part of a name: as collaborators takes it)
        r = run("identities", "--kg", seed_ws_path, "--explain", who)
        assert r.exit_code == 0, r.output
        assert "author-bita-darvish-rouhani  Bita Darvish Rouhani  Bita Darvish Rouhani; Bita Rouhani  2" in r.stdout


def test_a_name_split_by_paper_lets_variants_join_either_side(tmp_path):
    """split NAME --paper P separates the name on P from the same name on its other papers;
    a variant ("X. Quillfeather", 2023, sharing the 2022 paper's coauthor) was kept apart from
    both sides, and now joins the side its evidence points to."""
    bib = tmp_path / "q.bib"
    bib.write_text(
        "@article{m, title={Medieval Monastic Manuscripts}, author={Xanthe Quillfeather and Aidan ORourke}, year={1972}}\n"
        "@article{g, title={Graph Neural Networks for Molecules}, author={Xanthe Quillfeather and Kaito Yamashiro}, year={2022}}\n"
        "@article{a, title={Attention for Molecules}, author={X. Quillfeather and Kaito Yamashiro}, year={2023}}\n")
    kg = tmp_path / "q.kg"
    assert run("ingest", "--kg", kg, bib).exit_code == 0
    ws = Workspace.open(kg)
    c = ws.corpus()
    paper = next(k for k, p in c.papers.items() if p.year == 2022)
    ws.close()
    r = run("split", "--kg", kg, "Xanthe Quillfeather", "--paper", paper)
    assert r.exit_code == 0, r.output
    ws = Workspace.open(kg)
    c = ws.corpus()
    by_year = {c.papers[s.paper].year: s.author for s in c.authorships if "Quillfeather" in s.name}
    ws.close()
    assert by_year[2022] == by_year[2023] != by_year[1972]


def test_rebuild_says_which_decisions_name_nobody(seed_ws_copy):
    (seed_ws_copy / "decisions.yaml").write_text("merge:\n- names: [Nobody Here, Maxim Naumov]\n")
    r = run("rebuild", "--kg", seed_ws_copy)
    assert r.exit_code == 0, r.output
    assert (f"warning: {seed_ws_copy / 'decisions.yaml'}:2: decision merges Nobody Here + Maxim Naumov "
            "but Nobody Here names no author") in r.stderr


def test_a_decision_names_a_homonym_by_papers_not_by_a_key_that_can_move(tmp_path):
    """Of two Wei Zhangs, which gets the plain key author-wei-zhang depends on the others: a
    decision that named it by that key could point at the other one after a rebuild. It is
    recorded by the name and the person's papers."""
    bib = tmp_path / "h.bib"
    bib.write_text(HOMONYMS)
    kg = tmp_path / "h.kg"
    assert run("ingest", "--kg", kg, bib).exit_code == 0
    ws = Workspace.open(kg)
    physicist = sorted(ws.corpus().papers_of("author-wei-zhang"))
    ws.close()
    r = run("merge", "--kg", kg, "author-wei-zhang", "Ann Berg")
    assert r.exit_code == 0, r.output
    text = (kg / "decisions.yaml").read_text()
    assert "- name: Wei Zhang\n    papers:\n" in text and "author-wei-zhang" not in text
    assert all(p in text for p in physicist)


def test_a_decisions_file_of_another_version_or_a_folder_is_refused(seed_ws_copy):
    f = seed_ws_copy / "decisions.yaml"
    f.write_text("version: 2\nmerge:\n- names: [Bita Rouhani, Jongsoo Park]\n")
    r = run("rebuild", "--kg", seed_ws_copy)
    assert r.exit_code == 1 and f"Error: {f}:1: version 2: this graphkit reads version 1" in r.stderr
    f.unlink()
    f.mkdir()  # (was taken for no decisions at all)
    r = run("rebuild", "--kg", seed_ws_copy)
    assert r.exit_code == 1 and f"Error: {f}: is a directory, not a decisions file" in r.stderr


def test_rebuild_warns_of_a_hand_written_merge_of_a_shared_name(tmp_path):
    """A merge written by hand with a name two people bear joins both (the CLI refuses it;
    the file is read as written): the rebuild that applies it says so."""
    bib = tmp_path / "h.bib"
    bib.write_text(HOMONYMS)
    kg = tmp_path / "h.kg"
    assert run("ingest", "--kg", kg, bib).exit_code == 0
    (kg / "decisions.yaml").write_text("merge:\n- names: [Wei Zhang, Ann Berg]\n")
    r = run("rebuild", "--kg", kg)
    assert r.exit_code == 0, r.output
    assert ("decisions.yaml:2: the merge names 'Wei Zhang', which 2 people bore before it "
            "(author-wei-zhang, author-wei-zhang-") in r.stderr
    assert "warning" not in run("rebuild", "--kg", kg).stderr  # (once joined, nothing more to say)


def test_ingest_warns_of_a_hand_written_merge_of_a_shared_name(tmp_path):
    """The ingest that first applies such a merge says so too (only rebuild did)."""
    bib = tmp_path / "h.bib"
    bib.write_text(HOMONYMS)
    kg = tmp_path / "h.kg"
    assert run("ingest", "--kg", kg, bib).exit_code == 0
    (kg / "decisions.yaml").write_text("merge:\n- names: [Wei Zhang, Ann Berg]\n")
    more = tmp_path / "more.bib"
    more.write_text("@article{d1, title={Gait Again}, author={Ann Berg}, year={2022}, journal={Gait}}\n")
    r = run("ingest", "--kg", kg, more)
    assert r.exit_code == 0, r.output
    assert ("decisions.yaml:2: the merge names 'Wei Zhang', which 2 people bore before it "
            "(author-wei-zhang, author-wei-zhang-") in r.stderr
    assert len(authors_of(kg, "Wei Zhang")) == 1  # (applied as written: all of them joined)
    r = run("ingest", "--kg", kg, more)  # nothing changed: nothing applied, nothing said
    assert r.exit_code == 0 and "warning" not in r.stderr
    more.write_text(more.read_text() + "@article{d2, title={Gait Still}, author={Ann Berg}, "
                                       "year={2023}, journal={Gait}}\n")
    r = run("ingest", "--kg", kg, more)  # (once joined, nothing more to say)
    assert r.exit_code == 0 and "warning" not in r.stderr


def _work(wid, doi, title, year, *authors):
    """A minimal OpenAlex work; ``authors``: (openalex id, name, orcid)."""
    return {"id": f"https://openalex.org/{wid}", "doi": f"https://doi.org/{doi}", "title": title,
            "publication_year": year, "type": "article",
            "authorships": [{"author_position": "first" if i == 0 else "last",
                             "author": {"id": f"https://openalex.org/{aid}", "display_name": name,
                                        "orcid": f"https://orcid.org/{orcid}"},
                             "institutions": [], "raw_author_name": name}
                            for i, (aid, name, orcid) in enumerate(authors)]}


JOHN = ("A5000000002", "John Smith", "0000-0001-5109-3700")
JANE = ("A5000000009", "Jane Smith", "0000-0002-9999-0001")
ANA = ("A5000000001", "Ana Müller", "0000-0002-1825-0097")


def test_a_merge_by_key_joins_only_the_occurrences_of_the_person_who_holds_it(tmp_path):
    """Scopus' "Smith, J." of Jane's paper is Jane's (same paper, same coauthor); a bibtex-only
    "Smith, J." is kept apart as author-j-smith. Merging author-j-smith with John moved Jane's
    "Smith, J." to John too (the key was read as "every occurrence whose name gives that key"):
    the paper got a third author and John 3 papers instead of 2."""
    (tmp_path / "w.json").write_text(json.dumps([
        _work("W3000000001", "10.1000/john.2021.1", "Graph Sampling at Scale", 2022, JOHN, ANA),
        _work("W3000000008", "10.1000/jane.2022.1", "Sparse Attention for Citation Recommendation", 2022,
              JANE, ANA)]), encoding="utf-8")
    (tmp_path / "s.ris").write_text("TY  - JOUR\nAU  - Smith, J.\nAU  - Müller, A.\n"
                                    "TI  - Sparse attention for citation recommendation\nPY  - 2022\n"
                                    "DO  - 10.1000/jane.2022.1\nER  - \n", encoding="utf-8")
    (tmp_path / "x.bib").write_text("@article{x1, title={Citation Intent Classification with Graph Context}, "
                                    "author={Smith, J. and Kraus, L.}, journal={Scientometrics}, "
                                    "year={2022}}\n", encoding="utf-8")
    kg = tmp_path / "h.kg"
    r = run("ingest", "--kg", kg, tmp_path / "w.json", tmp_path / "s.ris", tmp_path / "x.bib")
    assert r.exit_code == 0, r.output
    john, jane = "author-orcid-0000-0001-5109-3700", "author-orcid-0000-0002-9999-0001"
    jane_paper = "paper-doi-10.1000-jane.2022.1"

    def people():
        ws = Workspace.open(kg)
        c = ws.corpus()
        out = (sorted((s.position, s.author, s.name) for s in c.authorships if s.paper == jane_paper),
               len(c.papers_of(john)), len(c.papers_of(jane)), "author-j-smith" in c.authors)
        ws.close()
        return out

    ana = "author-orcid-0000-0002-1825-0097"
    assert people() == ([(1, jane, "Jane Smith"), (2, ana, "Ana Müller")], 1, 1, True)
    r = run("merge", "--kg", kg, "author-j-smith", john)
    assert r.exit_code == 0, r.output
    after = people()
    # Jane's "Smith, J." stays Jane's (John was at position 1 too, with 3 papers); John has his
    # paper and the bibtex one, and author-j-smith is gone
    assert after == ([(1, jane, "Jane Smith"), (2, ana, "Ana Müller")], 2, 1, False)  # John: his paper and the bibtex one; author-j-smith is John
    # recorded by the name and the papers of the one meant, as for a key that has namesakes
    text = (kg / "decisions.yaml").read_text()
    assert "- name: J. Smith\n    papers:\n    - paper-2022-citation-intent" in text and "author-j-smith" not in text
