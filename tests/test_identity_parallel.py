"""Name blocks resolved in several processes (``jobs``): the same people, keys, labels and
notes as in one process, also when a child process fails."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from graphkit import identity as I
from graphkit.errors import GraphkitError
from graphkit.resolve import build_occurrences, cluster_papers
from graphkit.sources import ReadContext, arxiv

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="processes are forked")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """3,000 synthetic papers (bench/synthetic.py, seed 1): name variants, homonyms, initials."""
    spec = importlib.util.spec_from_file_location("bench_synthetic", ROOT / "bench" / "synthetic.py")
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    path = tmp_path_factory.mktemp("parallel") / "s3000.jsonl.gz"
    synthetic.write(path, 3000, seed=1)
    return [r for r in arxiv.read(str(path), ReadContext()) if hasattr(r, "title")]


def run(records, jobs):
    occurrences = build_occurrences(records, cluster_papers(records))
    r = I._Resolver(occurrences, None, (), jobs=jobs)
    r.run()
    out = I.AuthorResolution(r.keys, frozenset(r.ambiguous), r.person_keys, r.labels)
    return out, [(n.kind, n.message) for n in r.notes], r.parallel_stats


@pytest.fixture(scope="module")
def one(records):
    return run(records, 1)


def test_the_sample_has_merges_doubts_and_people_in_several_blocks(records, one):
    res, notes, stats = one
    assert stats is None  # one process: the usual loop
    assert len(records) == 3000
    kinds = [k for k, _ in notes]
    assert kinds.count("merge") > 50 and kinds.count("ambiguous") > 50
    _, _, stats2 = run(records, 2)
    assert stats2["shared_blocks"] > 0  # blocks tied by a person go to one process


@pytest.mark.parametrize("jobs", [2, 3])
def test_several_processes_give_the_same_outcome(records, one, jobs):
    res, notes, stats = run(records, jobs)
    assert stats["failed"] == 0 and len(stats["blocks"]) == jobs
    assert all(n > 0 for n in stats["blocks"])
    assert stats["replayed"] > 0  # merges made in the children, replayed here
    assert res.keys == one[0].keys
    assert res.ambiguous == one[0].ambiguous
    assert res.labels == one[0].labels
    assert notes == one[1]  # the same notes in the same order


def test_a_failed_child_has_its_blocks_run_here(records, one, monkeypatch):
    parent = os.getpid()
    real = I._Resolver._run_blocks

    def failing_in_children(self, *args):
        if os.getpid() != parent:
            raise MemoryError("a child that runs out of memory")
        return real(self, *args)
    monkeypatch.setattr(I._Resolver, "_run_blocks", failing_in_children)
    res, notes, stats = run(records, 2)
    assert stats["failed"] == 1 and stats["replayed"] == 0
    assert res.keys == one[0].keys and notes == one[1]


def test_default_jobs(monkeypatch):
    monkeypatch.delenv("GRAPHKIT_JOBS", raising=False)
    assert I.default_jobs(I.PARALLEL_MIN - 1) == 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert I.default_jobs(I.PARALLEL_MIN) == min(I.MAX_JOBS, cores)
    monkeypatch.setenv("GRAPHKIT_JOBS", "3")
    assert I.default_jobs(10) == 3
    monkeypatch.setenv("GRAPHKIT_JOBS", "0")
    assert I.default_jobs(10) == 1
    monkeypatch.setenv("GRAPHKIT_JOBS", "two")
    with pytest.raises(GraphkitError, match="GRAPHKIT_JOBS must be a whole number, not 'two'"):
        I.default_jobs(10)


def test_a_child_that_cannot_be_forked_has_its_blocks_run_here(records, one, monkeypatch):
    def no_fork():
        raise OSError(12, "Cannot allocate memory")
    monkeypatch.setattr(os, "fork", no_fork)
    res, notes, stats = run(records, 3)
    assert stats["failed"] == 2 and stats["replayed"] == 0
    assert res.keys == one[0].keys and res.labels == one[0].labels and notes == one[1]
