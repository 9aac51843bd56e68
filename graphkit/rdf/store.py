"""The workspace: an on-disk Oxigraph store of record, plus what rebuilds it.

Layout of a workspace directory (default ``./graphkit.kg``)::

    CURRENT                 name of the live generation (replaced atomically)
    gen-000003/store/       Oxigraph store: knowledge graph (default graph), one named graph
                            per source file (provenance), analysis results (named graphs)
    gen-000003/manifest.json   sources, counts, warnings
    gen-000003/corpus.pickle   cache of the resolved corpus (NetworkX views are built from it),
                               paper abstracts left out
    gen-000003/abstracts.pickle   the paper abstracts (paper key -> text), read when asked for
    sources/<id>.pickle     parsed records of each ingested file, replayed on every ingest
    decisions.yaml          curated identity decisions (replayed on every ingest)

An ingest reads the new files, resolves them together with the stored records, writes a new
generation beside the live one and only then switches ``CURRENT``: an ingest that fails or is
killed leaves the workspace as it was.
"""
from __future__ import annotations

import fcntl
import gc
import hashlib
import io
import itertools
import json
import operator
import os
import pickle
import re
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from .. import __version__, _gc
from ..errors import GraphkitError, InputError, QueryError, WorkspaceError
from ..model import DEFAULT_MAX_AUTHORS, Corpus, Issue
from . import convert
from .vocab import ANALYSIS, DECISIONS

DEFAULT_PATH = "graphkit.kg"
# 2: people carry gk:paperCount and papers gk:authorCount (the library's rankings read them)
# 3: topics carry gk:authoredPaperCount and gk:authorshipCount (collaborative-topics reads them)
# 4: topics carry gk:yearCount nodes, papers per year (topic-evolution reads them)
# 5: keyword topics keep "+" and "#" in their keys (C, C++ and C# were one topic)
FORMAT_VERSION = 5


def default_path() -> str:
    return os.environ.get("GRAPHKIT_KG") or DEFAULT_PATH


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Workspace:
    """An on-disk workspace. Open an existing one with ``Workspace.open(path)``."""

    remote = False

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._write_timings: dict[str, float] = {}
        self._corpus: Corpus | None = None
        self._corpus_whole = False  # abstracts read (or never kept apart)
        self._corpus_gen: str | None = None  # the generation the corpus was read from
        self.read_abstracts = True  # what corpus() reads by default (the CLI sets False)
        self._store = None
        self._store_rw = False
        self._store_gen: str | None = None
        # one object used from several threads: opening, switching and closing the store and
        # reading the corpus happen under this lock, and callers get their own reference
        self._open_lock = threading.RLock()

    # ------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> "Workspace":
        ws = cls(path or default_path())
        if not ws.exists():
            raise WorkspaceError(f"no workspace at {ws.path}; create one with "
                                 f"'graphkit ingest FILE' (or point --kg / GRAPHKIT_KG at one)")
        found = ws.format_version
        if found < FORMAT_VERSION:
            raise WorkspaceError(f"workspace {ws.path} was written by an earlier graphkit (workspace format "
                                 f"{found}; this one reads {FORMAT_VERSION}): rewrite it from its stored records "
                                 f"with 'graphkit rebuild --kg {ws.path}'")
        return ws

    @property
    def format_version(self) -> int:
        """The workspace format of the live generation (the current one for an empty workspace).
        Read from the head of the manifest, which the issues list can make large."""
        gen = self.generation
        if gen is None:
            return FORMAT_VERSION
        with open(gen / "manifest.json", "rb") as fh:
            m = re.search(rb'"format_version": *(\d+)', fh.read(4096))
        return int(m.group(1)) if m else int(self.manifest.get("format_version", 1))

    def exists(self) -> bool:
        return (self.path / "CURRENT").is_file()

    @property
    def generation(self) -> Path | None:
        cur = self.path / "CURRENT"
        if not cur.is_file():
            return None
        name = cur.read_text().strip()
        gen = self.path / name
        if not (gen / "manifest.json").is_file():
            raise WorkspaceError(f"workspace {self.path} is damaged: {name} is missing")
        return gen

    @property
    def manifest(self) -> dict:
        gen = self.generation
        if gen is None:
            return {"sources": [], "issues": [], "generation": 0}
        return json.loads((gen / "manifest.json").read_text())

    def store(self, write: bool = False):
        """The pyoxigraph Store of the live generation (read-only unless ``write``)."""
        import pyoxigraph as ox
        with self._open_lock:
            st = self._store
            if st is not None and (self._store_rw or not write) and self._live_name() == self._store_gen:
                return st
            # none open, or another process switched the workspace to a new generation since:
            # open that one, as corpus() does (one object, one generation)
            gen = self.generation
            if gen is None:
                raise WorkspaceError(f"no workspace at {self.path}; run 'graphkit ingest FILE' first")
            self.close()
            try:
                st = ox.Store(str(gen / "store")) if write else ox.Store.read_only(str(gen / "store"))
            except OSError as exc:
                raise WorkspaceError(f"cannot open the store in {gen}: {exc} "
                                     "(is another graphkit command writing to it?)") from None
            self._store, self._store_rw, self._store_gen = st, write, gen.name
            return st

    def _live_name(self) -> str | None:
        try:
            return (self.path / "CURRENT").read_text().strip()
        except OSError:
            return None

    def close(self) -> None:
        with self._open_lock:
            st, self._store = self._store, None
            if st is not None:
                if self._store_rw:
                    try:
                        st.flush()
                    except OSError:  # its generation was removed since: nothing to keep
                        pass
                del st
                gc.collect()

    # ------------------------------------------------------------ reading
    def corpus(self, abstracts: bool | None = None) -> Corpus:
        """The resolved corpus (cached per generation; rebuilt from the store if the cache is
        gone). Paper abstracts are saved apart (on arXiv 251 MB of the corpus's 443 MB):
        ``abstracts=False`` says they are not needed: a first read leaves ``Paper.abstract``
        None and takes ~80 % of the time (a corpus already read whole stays whole); asking
        again with abstracts reads them then. The default is ``read_abstracts`` (True; the
        CLI's commands set it False and ask for abstracts where they show them)."""
        with self._open_lock:  # (one object, several threads: see store())
            want = self.read_abstracts if abstracts is None else abstracts
            if self._corpus is not None and self._corpus_gen != self._live_name():
                self._corpus = None  # another process switched the workspace to a new generation
            if self._corpus is None:
                gen = self.generation
                self._corpus_gen = gen.name if gen else None
                cache = gen / "corpus.pickle" if gen else None
                if cache and cache.is_file():
                    with open(cache, "rb") as fh, _gc.paused():  # millions of objects: 2x faster
                        self._corpus = pickle.load(fh)  # (a big one is frozen on the way out)
                    self._corpus_whole = not (gen / ABSTRACTS_FILE).is_file()  # (older workspaces)
                else:
                    from .read import corpus_from_store
                    self._corpus = corpus_from_store(self.query, issues=self.issues())
                    self._corpus_whole = True
            if want and not self._corpus_whole:
                with open(self.path / self._corpus_gen / ABSTRACTS_FILE, "rb") as fh, _gc.paused():
                    self._corpus = _with_abstracts(self._corpus, pickle.load(fh))
                self._corpus_whole = True
            return self._corpus

    def coauthor_graph(self, counting: str = "full", max_authors: int | None = DEFAULT_MAX_AUTHORS,
                       *, arrays: bool = False):
        """The coauthor graph of the whole corpus (``graph.coauthor_graph``). The default one
        (full counting, papers over 100 authors left out) is saved with each generation by
        the ingest and read back here (arXiv corpus: 2.4 s instead of 8.5 s to build); other
        settings are built. Reading never writes to the workspace.

        ``arrays=True`` also attaches the edge arrays and PageRank saved with it, which
        igraph-based measures and ``centrality(g, measure="pagerank")`` then read instead of
        walking the graph (arXiv PageRank: a read instead of 1.4 s): only for a graph you will
        not change (a graph changed in place, with the same numbers of nodes and edges, would
        get the saved results of the graph before)."""
        from ..graph import coauthor_graph
        cache = _graph_cache(self.generation, counting, max_authors) if self.generation else None
        if cache is not None and cache.is_file():
            try:
                with open(cache, "rb") as fh, _gc.paused():
                    g = pickle.load(fh)
            except Exception:  # unreadable (e.g. a damaged file): build it instead
                pass
            else:
                arrays_path = _arrays_file(cache)
                if arrays and arrays_path.is_file():  # its edges for igraph, saved with it
                    from ..analysis.centrality import attach_arrays
                    attach_arrays(g, arrays_path)
                return g
        return coauthor_graph(self.corpus(), counting=counting, max_authors=max_authors)

    def coauthor_arrays(self, counting: str = "full", max_authors: int | None = DEFAULT_MAX_AUTHORS):
        """The arrays file saved with the coauthor graph of these settings (edges and the
        default PageRank over its sorted nodes, ``centrality.save_arrays``), or None."""
        cache = _graph_cache(self.generation, counting, max_authors) if self.generation else None
        if cache is None or not cache.is_file():
            return None
        arrays = _arrays_file(cache)
        return arrays if arrays.is_file() else None

    def issues(self) -> list[Issue]:
        return [Issue(**i) for i in self.manifest.get("issues", [])]

    def query(self, sparql: str, substitutions: dict | None = None):
        """Run SPARQL against the store (default graph = union of all graphs).

        ``substitutions`` maps variable names to pyoxigraph terms; they are bound by the
        engine (never pasted into the text).
        """
        import pyoxigraph as ox
        subs = {ox.Variable(k.lstrip("?$")): v for k, v in (substitutions or {}).items()}
        return self._query(sparql, use_default_graph_as_union=True, substitutions=subs or None)

    def query_default_graph(self, sparql: str):
        """Run SPARQL against the default graph alone (the knowledge graph, without the
        provenance, analysis and decision graphs): for queries that read nothing else
        (``# graphs: knowledge``), lookups 1.3-1.7x faster than over the union."""
        return self._query(sparql)

    def _query(self, sparql: str, **options):
        try:
            return self.store().query(sparql, **options)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def quad_count(self) -> int:
        return len(self.store())

    # ------------------------------------------------------------ writing
    def replace_named_graph(self, graph_iri: str, nquad_lines) -> int:
        """Replace one named graph (analysis results, decisions) in the live store, in one
        transaction. Lines are N-Triples statements (graph added here). Returns triples written."""
        import pyoxigraph as ox
        data = "".join(ln[:-1].rstrip() + f" <{graph_iri}> .\n" for ln in nquad_lines)
        with self.lock():
            st = self.store(write=True)
            try:
                g = ox.NamedNode(graph_iri)
                if st.contains_named_graph(g):
                    st.remove_graph(g)
                st.load(data.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
                st.flush()
            finally:
                # the write handle is released at once: other processes (and other Workspace
                # objects) may write, and this one reads the live generation again
                del st
                self.close()
        return data.count("\n")

    @contextmanager
    def lock(self):
        created = not self.path.exists()
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            with open(self.path / ".lock", "w") as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise WorkspaceError(f"workspace {self.path} is busy: another graphkit command "
                                         "is writing to it") from None
                try:
                    yield
                finally:
                    fcntl.flock(fh, fcntl.LOCK_UN)
        finally:
            if created and not (self.path / "CURRENT").exists():
                # a first ingest that failed: no workspace (not even its lock file) is left
                shutil.rmtree(self.path, ignore_errors=True)

    # ------------------------------------------------------------ ingest
    def ingest(self, paths, *, ctx=None, fmt: str | None = None, progress=None) -> dict:
        """Read ``paths``, resolve them with everything already ingested and switch to the new
        generation in one step. Returns a summary dict. Raises ``InputError`` (nothing
        written) for an unreadable file or, with ``ctx.strict``, any skipped record.
        ``paths``: a list of paths, or one path."""
        from ..resolve import resolve
        from ..sources import READER_REVISIONS, ReadContext, detect_format, read_records
        if isinstance(paths, (str, os.PathLike)):  # one file (was read letter by letter)
            paths = [paths]
        if ctx is not None and not isinstance(ctx, ReadContext):
            raise TypeError(f"ctx must be a graphkit.sources.ReadContext, not {type(ctx).__name__}")
        ctx = ctx or ReadContext()
        timings: dict[str, float] = {}
        peaks: dict[str, int] = {}  # the process's peak RSS (MB) at the end of each phase
        with self.lock(), _gc.paused():
            old = self.manifest
            new_entries, new_items = [], {}
            report = []
            for path in paths:
                path = str(path)
                if not os.path.isfile(path):
                    raise InputError(path, "no such file" if not os.path.exists(path) else "not a regular file")
                f = detect_format(path, fmt)
                opts = {"format": f.name, "options": ctx.options.get(f.name)}
                if f.name == "profile":  # (the only reader that --as-of changes)
                    opts["as_of"] = ctx.as_of.isoformat()
                if READER_REVISIONS.get(f.name, 1) > 1:
                    opts["reader"] = READER_REVISIONS[f.name]
                sha = _sha256(path)
                sid = hashlib.sha256((sha + json.dumps(opts, sort_keys=True, default=str)).encode()).hexdigest()[:20]
                same = [s for s in old.get("sources", []) if s["id"] == sid]
                if same and ctx.strict and same[0].get("skipped"):
                    # ingested before without --strict: its skipped records fail this run too
                    skips = [i for i in old.get("issues", [])
                             if i.get("kind") == "skipped" and i.get("source") == same[0]["path"]]
                    first = skips[0] if skips else {}
                    n = same[0]["skipped"]
                    raise InputError(path, f"ingested before with {n} skipped record{'s' * (n != 1)}"
                                     + (f", the first: {first['message']}" if first else "")
                                     + " (--strict: nothing was ingested)", first.get("line"))
                if same:
                    report.append({"path": path, "format": f.name, "status": "unchanged",
                                   "records": same[0]["records"]})
                    continue
                before = len(ctx.issues)
                skipped_before = ctx.skipped
                t = time.perf_counter()
                items = list(read_records(path, ctx, f.name))
                timings["read"] = timings.get("read", 0.0) + time.perf_counter() - t
                peaks["read"] = _peak_mb()
                file_issues = ctx.issues[before:]
                entry = {"id": sid, "path": path, "name": os.path.basename(path), "sha": sha,
                         "format": f.name, "as_of": ctx.as_of.isoformat(),
                         "reader": READER_REVISIONS.get(f.name, 1), "options": opts["options"],
                         "records": sum(1 for i in items if hasattr(i, "title")),
                         "skipped": ctx.skipped - skipped_before,
                         "warnings": sum(1 for i in file_issues if i.kind == "warning")}
                new_entries.append(entry)
                new_items[sid] = (items, [i.__dict__ for i in file_issues])
                # the same file read before, by an earlier revision of its reader or with other
                # settings: read again (the reason said)
                prior = next((s for s in old.get("sources", [])
                              if s.get("sha") == sha and s.get("format") == f.name), None)
                why = None
                if prior is not None:
                    if prior.get("reader", 1) != entry["reader"] or "reader" not in prior:
                        why = f"the {f.name} reader has changed since it was ingested"
                    elif f.name == "profile" and prior.get("as_of") != entry["as_of"]:
                        why = (f"--as-of {entry['as_of']} (it was {prior.get('as_of')}), which dates "
                               "without a year depend on")
                    else:
                        why = "with other options"
                report.append({"path": path, "format": f.name, "status": "read again" if why else "read",
                               "why": why, **{k: entry[k] for k in ("records", "skipped", "warnings")}})
            if not new_entries and self.format_version >= FORMAT_VERSION:
                return {"files": report, "changed": False, "added": {}, "totals": self._counts(),
                        "issues": [], "skipped": 0}
            # keep old sources except those replaced by a new version of the same path, or
            # by the same file read again by a newer reader (under whatever path it was named)
            replaced = {e["path"] for e in new_entries}
            reread = {(e["sha"], e["format"]) for e in new_entries}
            sources = [s for s in old.get("sources", []) if s["path"] not in replaced
                       and (s.get("sha"), s.get("format")) not in reread] + new_entries
            src_dir = self.path / "sources"
            src_dir.mkdir(parents=True, exist_ok=True)
            all_items, all_issues = [], []
            for s in sources:
                if s["id"] in new_items:
                    items, issues = new_items[s["id"]]
                else:
                    with open(src_dir / f"{s['id']}.pickle", "rb") as fh:
                        items, issues = pickle.load(fh)
                all_items.extend(items)
                all_issues.extend(Issue(**i) for i in issues)
            decisions = self.decisions()
            # enrichment options stay with the workspace until an ingest names them again
            enrich_options = ({"phrases": ctx.options["phrases"]} if "phrases" in ctx.options
                              else old.get("enrich_options", {}))
            t = time.perf_counter()
            corpus = resolve(all_items, issues=all_issues, decisions=decisions,
                             source_ids=source_ids(sources))
            timings["resolve"] = time.perf_counter() - t
            peaks["resolve"] = _peak_mb()
            t = time.perf_counter()
            corpus = enrich(corpus, enrich_options)
            timings["enrich"] = time.perf_counter() - t
            peaks["enrich"] = _peak_mb()
            old_corpus = self.corpus() if self.exists() else Corpus()

            def save_records():  # raw records, for replay (written while the store compacts)
                t = time.perf_counter()
                for sid, payload in new_items.items():
                    _atomic_pickle(src_dir / f"{sid}.pickle", payload)
                timings["save records"] = time.perf_counter() - t
            self._write_generation(corpus, sources, old.get("generation", 0) + 1, enrich_options,
                                   also=save_records)
            timings.update(self._write_timings)
            peaks["write"] = _peak_mb()
            added = {k: len(set(getattr(corpus, k)) - set(getattr(old_corpus, k)))
                     for k in ("papers", "authors", "institutions")}
            added["topics"] = len({pt.topic for pt in corpus.paper_topics}
                                  - {pt.topic for pt in old_corpus.paper_topics})
            # what is gone: a new version of a file drops records, a re-read may key them anew
            removed = {k: len(set(getattr(old_corpus, k)) - set(getattr(corpus, k)))
                       for k in ("papers", "authors", "institutions")}
            removed["topics"] = len({pt.topic for pt in old_corpus.paper_topics}
                                    - {pt.topic for pt in corpus.paper_topics})
            return {"files": report, "changed": True, "added": added, "removed": removed,
                    "totals": self._counts(),
                    "issues": [i for s in new_items.values() for i in s[1]],
                    "skipped": sum(e["skipped"] for e in new_entries),
                    "timings": {k: round(v, 3) for k, v in timings.items()},
                    "peak_rss_mb": peaks}

    def decisions(self):
        """Curated identity decisions (``decisions.yaml``), or None."""
        f = self.path / "decisions.yaml"
        if not f.exists():
            return None  # (anything else there is read, and refused, by load_decisions)
        try:
            from ..identity import load_decisions
        except ImportError:
            return None
        return load_decisions(f)

    def rebuild(self, decisions=None, before_switch=None) -> dict:
        """Resolve all stored records again (after identity decisions changed). ``decisions``:
        those to resolve with instead of ``decisions.yaml``'s; ``before_switch``: a callable
        run under the lock once the new generation is written, just before it goes live (it
        writes the decisions file: a rebuild that fails or is killed leaves both as they were)."""
        from ..resolve import resolve
        with self.lock(), _gc.paused():
            old = self.manifest
            all_items, all_issues = [], []
            for s in old.get("sources", []):
                with open(self.path / "sources" / f"{s['id']}.pickle", "rb") as fh:
                    items, issues = pickle.load(fh)
                all_items.extend(items)
                all_issues.extend(Issue(**i) for i in issues)
            corpus = enrich(resolve(all_items, issues=all_issues,
                                    decisions=self.decisions() if decisions is None else decisions,
                                    source_ids=source_ids(old.get("sources", []))),
                            old.get("enrich_options", {}))
            self._write_generation(corpus, old.get("sources", []), old.get("generation", 0) + 1,
                                   old.get("enrich_options", {}), before_switch=before_switch)
        return self._counts()

    def _write_generation(self, corpus: Corpus, sources: list[dict], number: int,
                          enrich_options: dict | None = None, also=None, before_switch=None) -> None:
        """Write generation ``number`` beside the live one and switch to it. ``also`` (a
        callable) runs while the store compacts, as does saving the corpus cache: the
        compaction runs in the engine without the GIL, so Python work overlaps it."""
        import pyoxigraph as ox
        name = f"gen-{number:06d}"
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.path))
        self._write_timings = {}
        t = time.perf_counter()
        try:
            st = ox.Store(str(tmp / "store"))
            # one streamed bulk load of the knowledge graph (N-Triples lines are N-Quads in
            # the default graph) and the provenance graphs: the serialisation is never held
            # whole in memory. lenient: the lines come from our own writer (literals escaped,
            # IRIs minted or percent-encoded by convert), so the loader skips re-validating.
            stream = _LineStream(itertools.chain(convert.triples(corpus),
                                                 convert.provenance_quads(corpus, sources)))
            try:
                st.bulk_load(io.BufferedReader(stream, 1 << 20), format=ox.RdfFormat.N_QUADS,
                             lenient=True)
            except BaseException:
                if stream.error is not None:  # the writer failed: raise its error, not the loader's
                    raise stream.error from None
                raise
            # carry over saved analyses and decisions from the live generation
            if self.exists():
                old = self.store()
                kept = [q for g in old.named_graphs()
                        if g.value.startswith(ANALYSIS) or g.value == DECISIONS
                        for q in old.quads_for_pattern(None, None, None, g)]
                if kept:
                    st.extend(kept)
                self.close()
            st.flush()
            self._write_timings["write store"] = time.perf_counter() - t
            # the bulk loader leaves many overlapping files per index; one compaction makes
            # every later lookup cheap (arXiv: author-level queries 5-9x faster). It runs in a
            # thread while this one saves the corpus cache (and ``also``).
            compact_error: list[BaseException] = []

            def compact(store):
                t0 = time.perf_counter()
                try:
                    store.optimize()
                except BaseException as exc:  # raised below, in the ingesting thread
                    compact_error.append(exc)
                self._write_timings["compact store"] = time.perf_counter() - t0
            worker = threading.Thread(target=compact, args=(st,), name="graphkit-compact", daemon=True)
            worker.start()
            try:
                t = time.perf_counter()
                light, abstracts = _without_abstracts(corpus)
                with open(tmp / "corpus.pickle", "wb") as fh:
                    pickle.dump(light, fh, protocol=pickle.HIGHEST_PROTOCOL)
                with open(tmp / ABSTRACTS_FILE, "wb") as fh:
                    pickle.dump(abstracts, fh, protocol=pickle.HIGHEST_PROTOCOL)
                del light, abstracts
                self._write_timings["save corpus"] = time.perf_counter() - t
                if also is not None:
                    also()
                t = time.perf_counter()
                _save_default_graph(corpus, tmp)
                self._write_timings["save coauthor graph"] = time.perf_counter() - t
            finally:
                worker.join()
            if compact_error:
                raise compact_error[0]
            del st
            gc.collect()
            manifest = {
                "graphkit": __version__, "format_version": FORMAT_VERSION, "generation": number,
                "sources": sources,
                "issues": [i.__dict__ for i in corpus.issues],
                "counts": corpus_counts(corpus),
                "summary": corpus_summary(corpus),  # what `graphkit info` shows, without the corpus
                "enrich_options": enrich_options or {},
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
            final = self.path / name
            if final.exists():
                shutil.rmtree(final)
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if before_switch is not None:
            try:
                before_switch()
            except BaseException:
                shutil.rmtree(final, ignore_errors=True)
                raise
        old_gen = self.generation
        cur_tmp = self.path / ".CURRENT.tmp"
        cur_tmp.write_text(name + "\n")
        os.replace(cur_tmp, self.path / "CURRENT")  # the switch: atomic
        with self._open_lock:
            self._corpus = None
            self.close()
        if old_gen is not None and old_gen.name != name:
            shutil.rmtree(old_gen, ignore_errors=True)
        for stale in self.path.glob(".tmp-*"):  # leftovers of killed ingests
            shutil.rmtree(stale, ignore_errors=True)
        # the saved records of files no source lists any more (replaced, or saved by an ingest
        # killed before its switch)
        live = {f"{s['id']}.pickle" for s in sources}
        for f in (self.path / "sources").glob("*.pickle"):
            if f.name not in live:
                f.unlink(missing_ok=True)

    def _counts(self) -> dict:
        if not self.exists():
            return {}
        return dict(self.manifest.get("counts", {}))


ABSTRACTS_FILE = "abstracts.pickle"


def source_ids(sources) -> dict:
    """Source path -> content SHA-256 (``resolve``'s ``source_ids``): entities told apart by
    where they were read get the same keys whatever path the file was ingested by."""
    return {s["path"]: s["sha"] for s in sources if s.get("sha")}


def _with_abstract(paper, abstract):
    """``dataclasses.replace(paper, abstract=abstract)`` without re-running ``__init__`` (7x
    faster over the 248k papers of arXiv; the other fields are the paper's own)."""
    new = object.__new__(type(paper))
    new.__dict__.update(paper.__dict__)
    new.__dict__["abstract"] = abstract
    return new


def _without_abstracts(corpus: Corpus) -> tuple[Corpus, dict]:
    """``(corpus with every abstract None, {paper key: abstract})``, saved apart."""
    import dataclasses
    abstracts = {k: p.abstract for k, p in corpus.papers.items() if p.abstract is not None}
    papers = {k: _with_abstract(p, None) if k in abstracts else p for k, p in corpus.papers.items()}
    return dataclasses.replace(corpus, papers=papers), abstracts


def _with_abstracts(corpus: Corpus, abstracts: dict) -> Corpus:
    import dataclasses
    papers = {k: _with_abstract(p, abstracts[k]) if k in abstracts else p for k, p in corpus.papers.items()}
    return dataclasses.replace(corpus, papers=papers)


def enrich(corpus: Corpus, options: dict | None = None) -> Corpus:
    """Corpus-level enrichment after resolution (extracted key-phrase topics, when the
    ``graphkit.extract`` module is installed)."""
    import dataclasses
    try:
        from ..extract import add_phrase_topics
    except ImportError:
        return corpus
    out = add_phrase_topics(corpus, **((options or {}).get("phrases") or {}))
    # canonical order (as resolve() and the store reader give it); the key is built in C, not
    # by a Python call per row
    by_paper_topic = operator.attrgetter("paper", "topic")
    return dataclasses.replace(out, paper_topics=tuple(sorted(out.paper_topics, key=by_paper_topic)),
                               topics=dict(sorted(out.topics.items())))


def corpus_summary(corpus: Corpus) -> dict:
    """Year span, the top 10 topics of each scheme and data-quality counts of ``corpus`` (for
    ``graphkit info``; saved in each generation's manifest)."""
    from collections import Counter
    c = corpus
    years = [p.year for p in c.papers.values() if p.year is not None]
    topic_counts = Counter(pt.topic for pt in c.paper_topics)
    ranked = sorted(topic_counts.items(), key=lambda x: (-x[1], x[0]))
    top = []
    for scheme in sorted({c.topics[t].scheme for t in topic_counts}):  # the top 10 of each scheme
        top += [{"scheme": scheme, "topic": c.topics[t].code, "label": c.topics[t].label, "papers": n}
                for t, n in ranked if c.topics[t].scheme == scheme][:10]
    return {
        "years": {"first": min(years) if years else None, "last": max(years) if years else None},
        "top_topics": top,
        "data_quality": {
            "incomplete_author_lists": sum(1 for p in c.papers.values() if not p.authors_complete),
            "inferred_dates": sum(1 for p in c.papers.values() if p.date_inferred),
            "unknown_author_positions": sum(1 for a in c.authorships if a.position is None),
            "authors_identified_by_name_only": sum(1 for a in c.authors.values() if a.key_from_name),
            "ambiguous_names": sum(1 for a in c.authors.values() if a.ambiguous),
            "papers_without_year": len(c.papers) - len(years),
            "warnings": sum(1 for i in c.issues if i.kind == "warning"),
            "skipped_records": sum(1 for i in c.issues if i.kind == "skipped"),
        },
    }


def corpus_counts(corpus: Corpus) -> dict:
    """Counts by kind; ``topics`` are the topics papers are about, ``broader_topics`` the
    parents added by the hierarchy (e.g. ``cs`` above ``cs.LG``)."""
    used = {pt.topic for pt in corpus.paper_topics}
    by_scheme: dict[str, int] = {}
    for t in sorted(used):
        scheme = corpus.topics[t].scheme
        by_scheme[scheme] = by_scheme.get(scheme, 0) + 1
    return {"papers": len(corpus.papers), "authors": len(corpus.authors),
            "institutions": len(corpus.institutions), "topics": len(used),
            "topics_by_scheme": by_scheme,
            "broader_topics": len(set(corpus.topics) - used), "authorships": len(corpus.authorships)}


def _graph_cache(gen: Path, counting: str, max_authors) -> Path:
    import networkx as nx
    return gen / "graphs" / f"coauthor-{counting}-{max_authors or 'all'}-nx{nx.__version__}.pickle"


def _save_default_graph(corpus: Corpus, gen: Path) -> None:
    """Build the default coauthor graph and save it in the generation ``gen`` being written."""
    from ..graph import coauthor_graph
    g = coauthor_graph(corpus, counting="full", max_authors=DEFAULT_MAX_AUTHORS)
    path = _graph_cache(gen, "full", DEFAULT_MAX_AUTHORS)
    path.parent.mkdir(exist_ok=True)
    from ..analysis.centrality import remember_sorted, save_arrays
    remember_sorted(g)  # its sorted nodes and edge count travel with it
    with open(path, "wb") as fh:
        pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
    # igraph reads these instead of walking the graph; a view of some authors, with their links
    save_arrays(g, _arrays_file(path), paper_years={k: p.year for k, p in corpus.papers.items()})


def _arrays_file(graph_file: Path) -> Path:
    return graph_file.with_name(graph_file.stem + "-edges.npz")


def _peak_mb() -> int:
    """Peak resident memory of this process so far, in MB (Linux: ru_maxrss is in KB)."""
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


class _LineStream(io.RawIOBase):
    """A binary stream over text lines (without newlines), read in chunks of about 1 MB."""

    def __init__(self, lines, chunk: int = 1 << 20):
        self._lines = iter(lines)
        self._buf = memoryview(b"")
        self._pos = 0
        self._chunk = chunk
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def _fill(self) -> bool:
        part, size = [], 0
        try:
            for line in self._lines:
                part.append(line)
                size += len(line)
                if size >= self._chunk:
                    break
        except BaseException as exc:
            self.error = exc
            raise
        if not part:
            return False
        part.append("")
        self._buf = memoryview("\n".join(part).encode("utf-8"))
        self._pos = 0
        return True

    def readinto(self, b) -> int:
        if self._pos >= len(self._buf) and not self._fill():
            return 0
        n = min(len(b), len(self._buf) - self._pos)  # a short read is fine for a raw stream
        b[:n] = self._buf[self._pos:self._pos + n]
        self._pos += n
        return n


def _atomic_pickle(path: Path, obj) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def open_workspace(kg: str | None = None, *, must_exist: bool = True):
    """A workspace for ``kg``: a directory path (embedded store) or, where supported, a SPARQL
    endpoint URL (``http(s)://...``)."""
    kg = kg or default_path()
    if kg.startswith(("http://", "https://")):
        try:
            from .remote import RemoteWorkspace
        except ImportError:
            raise GraphkitError("SPARQL endpoint workspaces are not available in this build") from None
        ws = RemoteWorkspace(kg)
        if must_exist:  # graphs pushed by an earlier graphkit (data loaded otherwise: no manifest)
            found = ws.manifest.get("format_version", FORMAT_VERSION)
            if found < FORMAT_VERSION:
                raise WorkspaceError(f"the graphs at {kg} were written by an earlier graphkit (workspace "
                                     f"format {found}; this one reads {FORMAT_VERSION}): rewrite them with "
                                     f"'graphkit rebuild --kg {kg}'")
        return ws
    return Workspace.open(kg) if must_exist else Workspace(kg)


__all__ = ["Workspace", "open_workspace", "default_path"]
