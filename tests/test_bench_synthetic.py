"""The benchmark's synthetic corpus generator (bench/synthetic.py): determinism and shape."""
from __future__ import annotations

import gzip
import importlib.util
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load():
    spec = importlib.util.spec_from_file_location("bench_synthetic", ROOT / "bench" / "synthetic.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


synthetic = _load()


def _lines(path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    d = tmp_path_factory.mktemp("synthetic")
    path, gold = d / "s200.jsonl.gz", d / "s200.gold.tsv.gz"
    stats = synthetic.write(path, 200, seed=0, gold=gold)
    return path, gold, stats


@pytest.fixture(scope="module")
def medium(tmp_path_factory):
    """1,000 papers: enough for hyper-authored papers, homonyms and name variants."""
    d = tmp_path_factory.mktemp("synthetic-1k")
    path, gold = d / "s1k.jsonl.gz", d / "s1k.gold.tsv.gz"
    synthetic.write(path, 1000, seed=0, gold=gold)
    rows = [ln.rstrip("\n").split("\t") for ln in gzip.open(gold, "rt", encoding="utf-8")]
    return _lines(path), rows


def test_same_seed_same_bytes_other_seed_other_bytes(small, tmp_path):
    path, gold, _ = small
    again = tmp_path / "again.jsonl.gz"
    again_gold = tmp_path / "again.gold.tsv.gz"
    synthetic.write(again, 200, seed=0, gold=again_gold)
    assert again.read_bytes() == path.read_bytes()
    assert again_gold.read_bytes() == gold.read_bytes()
    other = tmp_path / "other.jsonl.gz"
    synthetic.write(other, 200, seed=1)
    assert other.read_bytes() != path.read_bytes()


def test_records_have_the_arxiv_snapshot_layout(small):
    path, _, stats = small
    recs = _lines(path)
    assert len(recs) == 200 == stats["papers"]
    keys = {"id", "submitter", "authors", "title", "comments", "journal-ref", "doi", "report-no",
            "categories", "license", "abstract", "versions", "update_date", "authors_parsed"}
    assert all(set(r) == keys for r in recs)
    assert len({r["id"] for r in recs}) == 200
    from graphkit.sources.arxiv_taxonomy import CATEGORIES
    for r in recs:
        assert re.match(r"^(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})$", r["id"]), r["id"]
        assert r["title"] and r["abstract"]
        assert all(c in CATEGORIES for c in r["categories"].split())
        created = r["versions"][0]["created"]
        assert re.match(r"^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$", created)
        assert synthetic.FIRST_YEAR <= int(created[12:16]) <= synthetic.LAST_YEAR
        assert r["update_date"] >= f"{created[12:16]}"
        # the raw string lists the same people as authors_parsed, in order, " and " before the last
        n = len(r["authors_parsed"])
        assert n >= 1
        assert r["authors"].count(" and ") == (1 if n > 1 else 0)
        assert len(r["authors"].split(", ")) == max(1, n - 1)


def test_gold_file_names_every_occurrence(small):
    path, gold, stats = small
    recs = {r["id"]: r for r in _lines(path)}
    rows = [ln.rstrip("\n").split("\t") for ln in gzip.open(gold, "rt", encoding="utf-8")]
    assert len(rows) == stats["occurrences"] == sum(len(r["authors_parsed"]) for r in recs.values())
    by_paper = defaultdict(list)
    for aid, pos, person, written in rows:
        by_paper[aid].append(int(pos))
        assert person.startswith("person-")
        assert written.split(" (")[0] in recs[aid]["authors"]
    assert all(sorted(p) == list(range(1, len(p) + 1)) for p in by_paper.values())


def test_team_sizes_are_mostly_small_with_a_few_hyper_authored_papers(medium):
    recs, _ = medium
    sizes = [len(r["authors_parsed"]) for r in recs]
    small_teams = sum(1 for s in sizes if s <= 6) / len(sizes)
    assert 0.85 <= small_teams <= 0.99
    assert sum(1 for s in sizes if s >= 500) == 2  # max(2, papers / 50,000) from 1,000 papers on
    assert any(10 <= s < 500 for s in sizes)  # the long tail


def test_productivity_is_heavy_tailed(medium):
    _, rows = medium
    per_person = defaultdict(set)
    for aid, _, person, _ in rows:
        per_person[person].add(aid)
    counts = sorted((len(v) for v in per_person.values()), reverse=True)
    once = sum(1 for c in counts if c == 1) / len(counts)
    assert once >= 0.3  # many people with one paper ...
    assert counts[0] >= 10 * (sum(counts) / len(counts))  # ... and a few with very many


def test_name_variants_and_homonyms(medium):
    recs, rows = medium
    spellings = defaultdict(set)  # person -> names as written
    people = defaultdict(set)  # name as written -> people
    for _, _, person, written in rows:
        name = written.split(" (")[0]
        spellings[person].add(name)
        people[name].add(person)
    assert any(len(s) > 1 for s in spellings.values())  # one person, several spellings
    assert any(len(p) > 1 for p in people.values())  # one name, several people
    raw = " ".join(r["authors"] for r in recs)
    assert re.search(r"\\[\"'`^~c]", raw)  # LaTeX accents, as arXiv writes them
    assert any(re.search(r"\b[A-Z]\. [A-Z]", n) for n in people)  # initials
    affiliated = [r for r in recs if any(len(a) > 3 for a in r["authors_parsed"])]
    assert affiliated and all("(" in r["authors"] for r in affiliated)


def test_the_arxiv_reader_reads_the_corpus(small):
    pytest.importorskip("graphkit.sources.arxiv")
    from graphkit.sources import ReadContext, detect_format, read_records
    path, _, _ = small
    assert detect_format(str(path)).name == "arxiv"
    ctx = ReadContext()
    records = list(read_records(str(path), ctx))
    recs = _lines(path)
    assert len(records) == 200 and ctx.skipped == 0
    assert [len(r.authors) for r in records] == [len(r["authors_parsed"]) for r in recs]
