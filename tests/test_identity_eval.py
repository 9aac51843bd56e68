"""The identity evaluation: B-cubed and pairwise scores, and the resolver on the real gold sets."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).resolve().parent / "fixtures" / "identity"


@pytest.fixture(scope="module")
def ev():
    spec = importlib.util.spec_from_file_location("identity_eval", ROOT / "bench" / "identity_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bcubed_by_hand(ev):
    # gold: {0,1,2} {3}; found: {0,1} {2,3}
    m = ev.bcubed(["a", "a", "b", "b"], ["x", "x", "x", "y"])
    # precision per occurrence: 1, 1, 1/2, 1/2 -> 3/4; recall: 2/3, 2/3, 1/3, 1 -> 2/3
    assert m["bcubed_precision"] == pytest.approx(0.75)
    assert m["bcubed_recall"] == pytest.approx(2 / 3)
    assert m["bcubed_f1"] == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))
    # pairs found: (0,1) (2,3); gold pairs: (0,1) (0,2) (1,2); one in common
    assert (m["pairwise_precision"], m["pairwise_recall"]) == (0.5, 0.3333)
    assert (m["people_gold"], m["people_found"]) == (2, 2)
    perfect = ev.bcubed([1, 1, 2], ["p", "p", "q"])
    assert perfect["bcubed_f1"] == 1.0 and perfect["pairwise_f1"] == 1.0


def test_gold_labels_join_adjudicated_ids(ev, tmp_path):
    recs = [{"authors": [{"name": "A", "gold": "A1"}, {"name": "B", "gold": "B1"}]},
            {"authors": [{"name": "A", "gold": "A2"}]}]
    adj = tmp_path / "adj.tsv"
    adj.write_text("# header\nid_a\tid_b\treason\nA1\tA2\tsame name\n")
    assert ev.gold_labels(recs) == ["A1", "B1", "A2"]
    assert ev.gold_labels(recs, adj) == ["A1", "B1", "A1"]


def test_variants_are_seeded_rewrites(ev):
    import random
    rng = random.Random(3)
    out = [ev.vary("Wagner, Adina S.", rng) for _ in range(12)]
    assert out == [ev.vary("Wagner, Adina S.", r) for r in [random.Random(3)] for _ in range(12)]
    assert any("A. S." in v for v in out) and any(v.startswith("Adina") for v in out)


@pytest.mark.parametrize("name, adjudicated, variants", [
    ("openalex-herreio.gold.jsonl", "openalex-herreio.adjudicated.tsv", False),
    ("openalex-herreio.gold.jsonl", "openalex-herreio.adjudicated.tsv", True),
    ("dblp.gold.jsonl", None, False),
    ("dblp.gold.jsonl", None, True),
])
def test_resolver_meets_the_targets_on_real_gold(ev, name, adjudicated, variants):
    recs = ev.load_gold(GOLD / name)
    m, keys, gold, occ = ev.evaluate(recs, variants=variants, adjudicated=GOLD / adjudicated if adjudicated else None)
    assert m["bcubed_precision"] >= 0.98
    assert m["bcubed_f1"] >= 0.95
    base, *_ = ev.evaluate(recs, variants=variants, resolver="exact-names",
                           adjudicated=GOLD / adjudicated if adjudicated else None)
    assert m["bcubed_f1"] >= base["bcubed_f1"]


def test_gold_files_are_what_the_build_says(ev):
    oa = ev.load_gold(GOLD / "openalex-herreio.gold.jsonl")
    assert len(oa) == 409 and sum(len(r["authors"]) for r in oa) == 1784
    assert max(len(r["authors"]) for r in oa) <= 100
    db = ev.load_gold(GOLD / "dblp.gold.jsonl")
    golds = {a["gold"] for r in db for a in r["authors"]}
    assert "Xiaogang Wang 0001" in golds
    assert all(not a["name"][-4:].isdigit() for r in db for a in r["authors"])  # numbers hidden
