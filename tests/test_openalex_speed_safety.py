"""The OpenAlex reader's fast path (``_work_fast``, the abstract rebuild, ``_clean``) gives
exactly what the general code gives: same records, field for field and in the same order,
for the fixture works and for works with odd values; where it cannot, it leaves the work to
the general code."""
from __future__ import annotations

import copy
import json
import random

import pytest

from graphkit.ids import nfc
from graphkit.sources import ReadContext
from graphkit.sources import openalex as oa

from .conftest import FIXTURES

OA = FIXTURES / "openalex"


def _works() -> list[dict]:
    works = []
    for path in sorted(OA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            data = data["results"]
        works += [w for w in (data if isinstance(data, list) else [data]) if isinstance(w, dict)]
    return works


def _deep(obj):
    """A record as nested (field, value) lists in ``__dict__`` order (repr for the leaves)."""
    if hasattr(obj, "__dict__"):
        return type(obj).__name__, [(k, _deep(v)) for k, v in obj.__dict__.items()]
    if isinstance(obj, tuple):
        return tuple(_deep(x) for x in obj)
    return repr(obj)


def _abstract_reference(index):
    """The abstract as the reader rebuilt it before the fast path (kept here as the spec)."""
    if not index or not isinstance(index, dict):
        return None
    try:
        flat = [p for positions in index.values() for p in positions]
        if flat and min(flat) >= 0:
            words = [None] * len(flat)
            for word, positions in index.items():
                for p in positions:
                    words[p] = word
            return nfc(" ".join([w for w in words if w is not None]))
    except (TypeError, IndexError):
        pass
    slots = {}
    for word, positions in index.items():
        for p in positions or ():
            if isinstance(p, int):
                slots[p] = word
    return nfc(" ".join([slots[i] for i in sorted(slots)])) if slots else None


@pytest.mark.parametrize("index", [
    {"Knowledge": [0], "graphs": [1], "rock": [2]},
    {"the": [0, 2], "cat": [1], "mat": [3]},
    {"a": [0], "b": [0], "c": [1]},          # a position held twice: a slot left empty
    {"a": [0], "b": [5]},                     # a gap past the end
    {"a": [-1], "b": [0]},                    # a negative position
    {"a": [1.0], "b": [0]},                   # not an integer
    {"a": [True], "b": [0]},                  # JSON true is 1 here, as before
    {"a": [], "b": []},
    {"a": "xy", "b": [0]},
    {"a": None, "b": [0]},
    {" a ": [0], "b\u00a0c": [1], "e\u0301": [2]},  # whitespace and combining accents: cleaned
    {"x" * 40 + "\x01": [0], "y" * 40: [1]},  # long text with a control character
    {}, None, [], "abc",
])
def test_abstract_as_before(index):
    assert oa.abstract_from_index(index) == _abstract_reference(index)


@pytest.mark.parametrize("text", [
    "Plain title", " padded ", "two  spaces", "tab\there", "Åström", "A\u030angstr\u00f6m", "\ufeffBOM",
    "nb\u00a0space", "x" * 100, ("word " * 40) + "\x7f", ("word " * 40).strip(), "line\u2028sep", "",
])
def test_clean_is_nfc(text):
    assert oa._clean(text) == nfc(text)


def _odd(value, rng: random.Random, depth: int = 0):
    odd = [None, 0, 1, -1, 2.5, -0.0, True, "", "  x  ", "\u00e9", {}, [], [1], {"a": 1},
           "https://openalex.org/", "W12", "A1", "2019", 2019, [None], [[1]]]
    if rng.random() < 0.08:
        return rng.choice(odd)
    if isinstance(value, dict):
        return {k: _odd(v, rng, depth + 1) if rng.random() < 0.2 else v for k, v in value.items()
                if rng.random() > 0.03}
    if isinstance(value, list):
        return [_odd(v, rng, depth + 1) if rng.random() < 0.2 else v for v in value]
    return value


def test_fast_path_same_record_as_general_code():
    rng = random.Random(7)
    works = _works()
    assert len(works) > 30
    tried = fast = 0
    for round_ in range(12):
        for w in works:
            w = copy.deepcopy(w) if round_ == 0 else _odd(copy.deepcopy(w), rng)
            if not isinstance(w, dict):
                continue
            tried += 1
            ctx = ReadContext()
            try:
                general = oa._work("f.json", 3, "record 3", w, ctx, {})
            except Exception as exc:  # noqa: BLE001 - the general code fails on some odd values
                try:  # the fast path leaves the work to the general code, or fails as it does
                    assert oa._work_fast("f.json", 3, w) is None
                except Exception as fast_exc:  # noqa: BLE001
                    assert (type(fast_exc), str(fast_exc)) == (type(exc), str(exc))
                continue
            rec = oa._work_fast("f.json", 3, w)
            if rec is None:
                continue
            fast += 1
            assert not ctx.issues  # the fast path only takes works the general code has nothing to say about
            assert _deep(rec) == _deep(general) and rec == general and repr(rec) == repr(general)
    assert fast > len(works)  # all plain fixture works and many odd ones went the fast way


def test_caches_stay_bounded(monkeypatch):
    monkeypatch.setattr(oa, "_CACHE_MAX", 2)
    monkeypatch.setattr(oa, "_DATES", {})
    monkeypatch.setattr(oa, "_KEYWORDS", {})
    monkeypatch.setattr(oa, "_CODES", {})
    recs = list(oa.read(str(OA / "herreio-first30.json"), ReadContext()))
    assert len(recs) == 30
    assert len(oa._DATES) <= 2 and len(oa._KEYWORDS) <= 2 and len(oa._CODES) <= 2


def test_json_lines_read_in_chunks(tmp_path, monkeypatch):
    """The lines of a JSON-lines file (``_text.iter_byte_lines``, found with ``bytes.find``) are
    ``bytes.split(b"\\n")``'s: BOM dropped, CRLF's ``\\r`` kept, blank and broken lines, no final
    newline, lines across read chunks, gzip with several members; ``JsonItems`` numbers them."""
    import gzip

    from graphkit.sources import _text

    works = [json.dumps({"id": f"https://openalex.org/W{i}", "title": "t" * (i % 7) + " x" * i})
             for i in range(400)]
    text = "\r\n".join(works[:50]) + "\n\n  \n{broken\n" + "\n".join(works[50:]) + "\n" + works[0]
    lines = text.encode().split(b"\n")
    assert len(lines) == 404
    plain = tmp_path / "w.jsonl"
    plain.write_bytes(b"\xef\xbb\xbf" + text.encode())
    packed = tmp_path / "w.jsonl.gz"
    half = len(text) // 2
    packed.write_bytes(gzip.compress(text[:half].encode()) + gzip.compress(text[half:].encode()))
    real_open = open

    class SmallReads:  # 1 kB reads: many lines cross a chunk
        def __init__(self, fh):
            self.fh = fh

        def read(self, n=-1):
            return self.fh.read(min(n, 1024) if n and n > 0 else 1024)

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    for path in (plain, packed):
        assert list(_text.iter_byte_lines(str(path), ReadContext(), "x")) == lines
        items = list(_text.JsonItems(str(path), ReadContext(), "x"))
        assert len(items) == 402  # two blank lines skipped
        assert [n for n, _, err in items if err] == [53]  # "{broken"
        assert items[-1][:2] == (404, json.loads(works[0]))
        monkeypatch.setattr("builtins.open", lambda p, mode="r", *a, **k: SmallReads(real_open(p, mode, *a, **k)))
        assert list(_text.iter_byte_lines(str(path), ReadContext(), "x")) == lines
        monkeypatch.setattr("builtins.open", real_open)
