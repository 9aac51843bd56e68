"""Identity resolution: raw records -> one immutable ``Corpus``.

Papers: records sharing a strong identifier (DOI, arXiv id, OpenAlex id, DBLP key, ...) are one
paper; then records with the same normalised title and year, unless they carry different
identifiers of one kind or both list authors and share no name word. The
merged paper keeps the union of what the records say, with every (file, line) as provenance.

Authors: an occurrence with a strong identifier (ORCID, OpenAlex, DBLP person, Scopus) is keyed
by it; an occurrence with only a name joins the one identified person of that normalised name,
else the name key. Name-variant merging and homonym splitting live in ``graphkit.identity``
when present (``author_resolver``); this module's default is exact normalised names.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from . import ids as K
from .model import (Author, Authorship, Corpus, Institution, Issue, Paper, PaperTopic,
                    PersonFacts, RawAuthor, Record, Topic)

# Memoise the key minting of raw institutions and topics in the paper loop (same results;
# bench/run.py turns it off to check that).
MEMOISE = True


@dataclass(slots=True)
class Occurrence:
    """One author name on one record, with context for identity decisions."""

    index: int  # running number of the occurrence
    record: int  # index of the record
    author: RawAuthor
    topics: tuple[str, ...]  # topic codes of the record
    year: int | None
    institutions: tuple[str, ...]  # normalised institution names
    source: str = ""  # file of the record
    line: int | None = None  # line of the record in its file
    title: str = ""  # title of the record (for explanations)
    paper: int = -1  # index of the paper group (records describing one paper share it)
    record_ids: tuple = ()  # identifiers of the record, as stated
    record_authors: tuple = ()  # every RawAuthor of the record (shared by its occurrences)
    slot: int = 0  # place of this occurrence in record_authors

    @property
    def coauthors(self) -> tuple[str, ...]:
        """Normalised names of the other authors on the record (computed when asked)."""
        return tuple(K.normalize_name(a.name) for j, a in enumerate(self.record_authors) if j != self.slot)


@dataclass(frozen=True)
class AuthorResolution:
    """What an author resolver may return instead of a plain list of keys.

    ``keys``: one author key per occurrence (indexed by ``Occurrence.index``); ``ambiguous``:
    keys of people whose name is shared by people kept apart, or whose merge was in doubt;
    ``persons``: key of each ``PersonFacts`` (by position in the facts list), where known;
    ``labels``: display name of a key, where the resolver chose one (otherwise the most
    frequent spelling).
    """

    keys: list
    ambiguous: frozenset = frozenset()
    persons: dict = None  # type: ignore[assignment]
    labels: dict = None  # type: ignore[assignment]


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _ids(pairs) -> dict[str, str]:
    out: dict[str, str] = {}
    for kind, value in pairs:
        if value and kind not in out:
            out[kind] = K.normalize_id(kind, str(value))
    return out


_DISTINCT_IDS = ("doi", "arxiv", "openalex", "pmid", "scopus")  # one each per paper


def _complete(recs: list[Record]) -> bool:
    """Whether a paper's author list is known in full: some record says so and lists as many
    authors as a truncated one shows there are (its listed names and one more: "A and B and
    others" means three or more), so that a record listing the same names as a truncated one,
    without its marker, does not pass for the whole list."""
    if len(recs) == 1:
        return recs[0].authors_complete
    need = max((max(sum(a.position is not None for a in r.authors) + 1, len(r.authors))
                for r in recs if not r.authors_complete), default=0)
    return any(r.authors_complete and len(r.authors) >= need for r in recs)


def _name_words(record: Record) -> frozenset:
    """The words of two letters or more in the normalised names of a record's authors."""
    return frozenset(w for a in record.authors for w in K.normalize_name(a.name).split() if len(w) > 1)


def cluster_papers(records: list[Record], record_ids: list[dict] | None = None) -> list[list[int]]:
    """Groups of record indices that describe the same paper, in first-seen order.
    ``record_ids``: ``_ids`` of each record, when the caller has them already."""
    uf = _UnionFind(len(records))
    first: dict[tuple[str, str], int] = {}
    rids = [_ids(r.ids) for r in records] if record_ids is None else record_ids
    for i, ids in enumerate(rids):
        for kind, value in ids.items():
            if kind in K.PAPER_ID_ORDER:
                j = first.setdefault((kind, value), i)
                uf.union(i, j)
    # title + year, unless the two sides carry different identifiers of one kind (same title
    # and year with different arXiv ids, DOIs or Scopus EIDs are different records: errata,
    # editorials, proceedings volumes; not DBLP keys, which differ for one paper's CoRR and
    # ECCC reports), or both list authors and share no name: "Editorial" by one person in one
    # journal is not "Editorial" by another in another
    strong_ids: dict[int, dict[str, set]] = {}  # cluster -> kind -> its ids of that kind
    for i, ids in enumerate(rids):
        for kind in _DISTINCT_IDS:
            if ids.get(kind):
                strong_ids.setdefault(uf.find(i), {}).setdefault(kind, set()).add(ids[kind])
    by_title: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        t = K.title_match_key(r.title)
        if t:
            by_title[(t, r.year)].append(i)
    for members in by_title.values():
        if len(members) < 2:
            continue
        # the clusters this title forms, each with the name words of its records' authors; a
        # record joins the first it does not conflict with (so one that conflicts with the
        # first can still join a later one)
        clusters: list[list] = []  # [record index, name words]
        for i in members:
            words = _name_words(records[i])
            b = uf.find(i)
            for c in clusters:
                a = uf.find(c[0])
                if a != b:
                    da, db = strong_ids.get(a, {}), strong_ids.get(b, {})
                    if any(da[k] != db[k] for k in da.keys() & db.keys()):
                        continue
                    if words and c[1] and not words & c[1]:
                        continue
                    uf.union(a, b)
                    strong_ids[uf.find(a)] = {k: da.get(k, set()) | db.get(k, set())
                                              for k in da.keys() | db.keys()}
                c[1] = c[1] | words
                break
            else:
                clusters.append([i, words])
    # a record without a year joins the one paper of its title that has a year, when they
    # share an author's name word and no identifier tells them apart (a CSV row without its
    # year was a second paper beside the same title from three other files); with two such
    # papers (one title in two years) it stays apart: which one is meant is not known
    undated = {t: members for (t, year), members in by_title.items() if year is None}
    dated: dict[str, set] = defaultdict(set)
    if undated:  # (most collections: every record has its year)
        for (t, year), members in by_title.items():
            if year is not None and t in undated:
                dated[t].update(uf.find(i) for i in members)
    for t, members in undated.items():
        if t not in dated:
            continue
        roots = {uf.find(j) for j in dated[t]}
        if len(roots) != 1:
            continue
        (a,) = roots
        words_a = set().union(*(_name_words(records[j]) for j in dated[t]))
        for i in members:
            b = uf.find(i)
            if b == a:
                continue
            da, db = strong_ids.get(a, {}), strong_ids.get(b, {})
            if any(da[k] != db[k] for k in da.keys() & db.keys()):
                continue
            words = _name_words(records[i])
            if not (words and words_a and words & words_a):
                continue
            uf.union(a, b)
            a = uf.find(a)
            strong_ids[a] = {k: da.get(k, set()) | db.get(k, set()) for k in da.keys() | db.keys()}
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(records)):
        groups[uf.find(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def exact_name_resolver(occurrences: list[Occurrence], issues: list[Issue]) -> list[str]:
    """Default author resolver: strong ids first, then exact normalised names."""
    keys: list[str] = [""] * len(occurrences)
    id_people: dict[str, set[str]] = defaultdict(set)  # normalised name -> id-based keys
    for o in occurrences:
        ids = _ids(o.author.ids)
        if any(k in ids for k in K.AUTHOR_ID_ORDER):
            key = K.author_key(ids, o.author.name)
            keys[o.index] = key
            id_people[K.normalize_name(o.author.name)].add(key)
    for o in occurrences:
        if keys[o.index]:
            continue
        norm = K.normalize_name(o.author.name)
        people = id_people.get(norm, set())
        if len(people) == 1:
            keys[o.index] = next(iter(people))
        else:
            keys[o.index] = K.author_key_from_name(o.author.name)
    return keys


def _given_family(parts, label: str) -> tuple:
    """A person's given and family name: those of the spelling chosen as the label, else of the
    fullest given name (most whole words, then most words), whatever order the records came in.
    ``parts``: (name as written, given, family), one or a set.

    >>> _given_family({("L. Chen", "L.", "Chen"), ("Li Chen", "Li", "Chen")}, "Li Chen")
    ('Li', 'Chen')
    >>> _given_family({("Chen, L.", "L.", "Chen"), ("Chen, Li", "Li", "Chen")}, "Li Chen")
    ('Li', 'Chen')
    """
    if parts is None:
        return None, None
    if parts.__class__ is tuple:
        return parts[1:]

    def words(text):
        return (text or "").replace("-", " ").split()
    own = [p for p in parts if p[0] == label]
    if own:  # (one spelling read two ways: the longer family name, "van der Berg")
        return min(own, key=lambda p: (-len(words(p[2])), p[1] or "", p[2]))[1:]
    return min(parts, key=lambda p: (-sum(len(w.rstrip(".")) > 1 and not w.endswith(".") for w in words(p[1])),
                                     -len(words(p[1])), -len(words(p[2])), p[1] or "", p[2]))[1:]


def resolve(items: Iterable[Record | PersonFacts], *, issues: Iterable[Issue] = (),
            author_resolver: Callable[[list[Occurrence], list[Issue]], list[str]] | None = None,
            decisions=None, source_ids: dict | None = None) -> Corpus:
    """Build the corpus from raw records and person facts.

    ``author_resolver`` maps occurrences to author keys (default: exact normalised names, or
    ``graphkit.identity.resolve_authors`` when that module is installed). ``decisions`` are the
    workspace's curated identity decisions, passed to the resolver. ``source_ids`` (source
    path -> content id): what stands for a source in the keys that tell apart entities
    sharing a key (the path itself when absent), so that they do not depend on the path.
    """
    source_ids = source_ids or {}
    records: list[Record] = []
    facts: list[PersonFacts] = []
    for it in items:
        (facts if isinstance(it, PersonFacts) else records).append(it)
    notes: list[Issue] = list(issues)
    if author_resolver is None:
        author_resolver = _default_resolver(decisions, facts, source_ids)
    record_ids = [_ids(r.ids) for r in records]  # normalised once, for clustering and paper keys
    paper_groups = cluster_papers(records, record_ids)

    # ---- author occurrences
    occurrences = build_occurrences(records, paper_groups)
    resolution = author_resolver(occurrences, notes)
    person_keys: dict = {}
    labels: dict = {}
    if isinstance(resolution, AuthorResolution):
        occ_keys, ambiguous = resolution.keys, set(resolution.ambiguous)
        person_keys = dict(resolution.persons or {})
        labels = dict(resolution.labels or {})
    else:
        occ_keys, ambiguous = resolution, set()
    # ---- author entities (and the author keys of each record, in the same walk)
    rec_author_keys: list[list[str]] = [[] for _ in records]
    names_seen: dict[str, dict[str, int]] = {}  # author key -> {name as written: occurrences}
    author_ids: dict[str, set] = defaultdict(set)  # author key -> {(kind, value)}: every id, not the first
    # author key -> (name as written, given, family), or a set of them when they differ
    given_family: dict[str, object] = {}
    for o in occurrences:
        key = occ_keys[o.index]
        rec_author_keys[o.record].append(key)
        a = o.author
        counts = names_seen.get(key)
        if counts is None:
            names_seen[key] = {a.name: 1}
        else:
            counts[a.name] = counts.get(a.name, 0) + 1
        if a.ids:  # most occurrences have none: skip the call
            author_ids[key].update(_ids(a.ids).items())
        if a.family:
            t = (a.name, a.given, a.family)
            gf = given_family.get(key)
            if gf is None:
                given_family[key] = t
            elif gf.__class__ is tuple:
                if gf != t:
                    given_family[key] = {gf, t}
            else:
                gf.add(t)

    attrs: dict[str, dict[str, object]] = defaultdict(dict)
    for fi, f in enumerate(facts):
        key = person_keys.get(fi) or _key_for_person(f, names_seen)
        names_seen.setdefault(key, {}).setdefault(f.name, 0)
        for k, v in f.attributes:
            attrs[key][k] = v
        author_ids[key].update(_ids(f.ids).items())

    authors: dict[str, Author] = {}
    no_ids: dict = {}
    for key in sorted(names_seen):
        counts = names_seen[key]
        if len(counts) == 1:  # one spelling (most people): it is the label, no variants
            label = next(iter(counts))
            variants = ()
        else:
            # label: the resolver's choice, else the most frequent spelling, ties to the longest
            label = labels.get(key) if labels.get(key) in counts else None
            if label is None:
                label = min(counts, key=lambda n: (-counts[n], -len(n), n))
            variants = tuple(sorted(n for n in counts if n != label))
        given, family = _given_family(given_family.get(key), label)
        kids = author_ids.get(key, no_ids)
        authors[key] = Author(
            key=key, name=label, given=given, family=family,
            ids=tuple(sorted(kids)) if kids else (),
            attributes=tuple(sorted(attrs[key].items())) if key in attrs else (),
            variants=variants,
            ambiguous=key in ambiguous,
            key_from_name=not kids or not any(k in K.AUTHOR_ID_ORDER for k, _ in kids),
        )

    # ---- papers
    papers: dict[str, Paper] = {}
    authorships: list[Authorship] = []
    institutions: dict[str, Institution] = {}
    topics: dict[str, Topic] = {}
    paper_insts: set[tuple[str, str]] = set()

    # raw institution / topic -> key; processing an equal raw value again changes nothing, so
    # the first answer is the answer (saves the key minting on every record)
    inst_keys: dict = {}
    inst_alias = institution_aliases(records)
    topic_keys: dict = {}
    # the same by object identity first: readers share RawTopic objects between records, and
    # id() spares the dataclass's Python-level __hash__ (the records, and so these objects,
    # live through this function: an id is not reused)
    topic_keys_by_id: dict = {}

    def inst_key(ri) -> str:
        key = inst_keys.get(ri) if MEMOISE else None
        if key is None:
            key = inst_keys[ri] = _inst_key(ri)
        return key

    def topic_key(t) -> str:
        if not MEMOISE:
            return _topic_key(t)
        key = topic_keys_by_id.get(id(t))
        if key is None:
            key = topic_keys.get(t)
            if key is None:
                key = topic_keys[t] = _topic_key(t)
            topic_keys_by_id[id(t)] = key
        return key

    def _inst_key(ri) -> str:
        ids = _ids(ri.ids)
        key = None if "ror" in ids else (inst_alias.get(("openalex", ids.get("openalex")))
                                         or inst_alias.get(("name", K.normalize_name(ri.name))))
        if key is None and "ror" not in ids and "," in ri.name and inst_alias:
            # an address ("University of Stuttgart, Stuttgart, Germany"; "Dept. of Physics,
            # University of Stuttgart, ..."): the one part that names a ROR institution
            found = {inst_alias.get(("name", K.normalize_name(part))) for part in ri.name.split(",")}
            found.discard(None)
            if len(found) == 1:
                key = found.pop()
        key = key or K.institution_key(ids, ri.name)
        old = institutions.get(key)
        if old is None:  # labelled as the first occurrence with ROR says, when there is one
            institutions[key] = Institution(key, inst_alias.get(("label", key), ri.name),
                                            tuple(sorted(ids.items())), ri.country)
        elif (ri.country and not old.country) or not ids.keys() <= dict(old.ids).keys():
            institutions[key] = Institution(key, old.name, tuple(sorted({**ids, **dict(old.ids)}.items())),
                                            old.country or ri.country)
        return key

    def _topic_key(t) -> str:
        key = K.topic_key(t.scheme, t.code)
        parent = None
        for code, label in t.broader[:1]:
            parent = K.topic_key(t.scheme, code)
            if parent not in topics:
                topics[parent] = Topic(parent, t.scheme, code, label or code, None)
        if key not in topics or (parent and topics[key].broader is None):
            topics[key] = Topic(key, t.scheme, t.code, t.label or t.code, parent)
        return key

    # a paper's authorships and topics, in their final order (the corpus lists them by paper key)
    ships_of: dict[str, list[Authorship]] = {}
    topics_of: dict[str, dict[str, float | None]] = {}
    for group in paper_groups:
        if len(group) > 1:  # the records of several sources: in an order of their own, not
            # the order of ingest (the same files give the same paper whatever their order)
            group = sorted(group, key=lambda i: _record_rank(records[i], record_ids[i], source_ids))
        recs = [records[i] for i in group]
        ids: dict[str, str] = {}  # the first of each kind, for the key
        every: set = set()  # all of them (a DOI of each version, DBLP's CoRR and venue keys)
        for i in group:
            for kind, value in record_ids[i].items():
                ids.setdefault(kind, value)
                every.add((kind, value))
        # the year: of the published version (an arXiv preprint's earlier year is not the
        # paper's), stated (not inferred); the date: the most precise one of that year
        if len(recs) == 1:
            best = recs[0]
        else:
            year = min(recs, key=lambda r: (r.year is None, r.kind == "preprint", r.date_inferred)).year
            best = min((r for r in recs if r.year == year),
                       key=lambda r: (r.date_inferred, -(len(r.date or ""))))
        base = recs[0]  # title and kind: the best-ranked record
        key = K.paper_key(ids, base.title, best.year)
        if key in papers:  # same key from a separate cluster: keep apart, flag it
            key = K.suffixed(key, source_ids.get(base.source, base.source) + str(base.line), papers)
            notes.append(Issue("warning", f"two papers share the key of {base.title[:60]!r}; kept apart",
                               base.source, base.line))
        papers[key] = Paper(
            key=key, title=base.title, year=best.year, date=best.date,
            date_inferred=best.date_inferred,
            abstract=next((r.abstract for r in recs if r.abstract), None),
            venue=next((r.venue for r in recs if r.venue), None),
            kind=base.kind,
            has_code=True if any(r.has_code for r in recs) else (
                False if any(r.has_code is False for r in recs) else None),
            authors_complete=_complete(recs),
            ids=tuple(sorted(every)),
            sources=tuple(sorted({(r.source, r.line) for r in recs})),
        )
        # authorships: union; records with complete lists first, then in rank order (a
        # published version's author order before a preprint's)
        order = group if len(group) == 1 else sorted(
            group, key=lambda i: not records[i].authors_complete)
        pos: dict[str, int | None] = {}
        written: dict[str, str] = {}
        insts: dict[str, list[str]] = defaultdict(list)
        ptopics: dict[str, float | None] = {}  # topic key -> score
        for ri in order:
            r = records[ri]
            for a, akey in zip(r.authors, rec_author_keys[ri]):
                if akey not in pos or (pos[akey] is None and a.position is not None
                                       and a.position not in pos.values()):
                    pos[akey] = a.position
                    written.setdefault(akey, a.name)
                for inst in a.affiliations:
                    ik = inst_key(inst)
                    if ik not in insts[akey]:
                        insts[akey].append(ik)
            for inst in r.institutions:
                paper_insts.add((key, inst_key(inst)))
            for t in r.topics:
                tk = topic_key(t)
                old = ptopics.get(tk)
                ptopics[tk] = t.score if old is None else max(old, t.score or old)
        rows = sorted(pos.items(), key=_position_order) if len(pos) > 1 else pos.items()
        ships_of[key] = [Authorship(key, akey, p, written[akey], tuple(insts.get(akey, ()))) for akey, p in rows]
        topics_of[key] = ptopics

    # ordered by (paper, position, author) and by (paper, topic): the paper keys are sorted
    # once, each paper's rows are in order already (cheaper than sorting all the rows; same
    # order, as a paper has each author and each topic once)
    paper_topics: list[PaperTopic] = []
    for key in sorted(papers):
        authorships.extend(ships_of[key])
        ptopics = topics_of[key]
        if ptopics:
            paper_topics.extend(PaperTopic(key, tk, sc) for tk, sc in sorted(ptopics.items()))
    return Corpus(
        papers=papers,
        authors=authors,
        authorships=tuple(authorships),
        institutions=dict(sorted(institutions.items())),
        topics=dict(sorted(topics.items())),
        paper_topics=tuple(paper_topics),
        paper_institutions=tuple(sorted(paper_insts)),
        issues=tuple(notes),
    )


def _record_rank(r: Record, ids: dict, source_ids: dict) -> tuple:
    """Which of a paper's records speaks first (title, kind, venue, author order): the
    published version (not a preprint, with a DOI, a known kind), then by the source's content
    id and line, which do not depend on the order or the paths the files were ingested in."""
    return (r.kind == "preprint", "doi" not in ids, r.kind == "misc",
            source_ids.get(r.source, r.source), r.line)


def _position_order(row) -> tuple:
    """Order of a paper's ``(author key, position)`` rows: known positions, then unknown ones,
    then by author key."""
    akey, p = row
    return (p is None, p or 0, akey)


def institution_aliases(records) -> dict:
    """Institutions met with a ROR id: their OpenAlex ids and (unambiguous) normalised names
    -> the ROR-based key, so that an occurrence without ROR joins the same institution;
    ``("label", key)`` -> the name stated with the ROR id."""
    alias: dict = {}
    names: dict[str, set] = defaultdict(set)
    for r in records:
        for ri in (*r.institutions, *(i for a in r.authors for i in a.affiliations)):
            ids = _ids(ri.ids)
            if "ror" in ids:
                key = K.institution_key({"ror": ids["ror"]}, ri.name)
                alias.setdefault(("label", key), ri.name)
                if ids.get("openalex"):
                    alias[("openalex", ids["openalex"])] = key
                names[K.normalize_name(ri.name)].add(key)
    for norm, keys in names.items():
        if len(keys) == 1:
            alias[("name", norm)] = next(iter(keys))
    return alias


def _key_for_person(f: PersonFacts, names_seen) -> str:
    ids = _ids(f.ids)
    if any(k in ids for k in K.AUTHOR_ID_ORDER):
        return K.author_key(ids, f.name)
    norm = K.normalize_name(f.name)
    matches = sorted(k for k, names in names_seen.items()
                     if any(K.normalize_name(n) == norm for n in names))
    return matches[0] if matches else K.author_key_from_name(f.name)


def build_occurrences(records: list[Record], paper_groups: list[list[int]] | None = None) -> list[Occurrence]:
    """One ``Occurrence`` per author name per record, with the context identity decisions use."""
    if paper_groups is None:
        paper_groups = cluster_papers(records)
    group_of = [0] * len(records)
    for gi, group in enumerate(paper_groups):
        for i in group:
            group_of[i] = gi
    occurrences: list[Occurrence] = []
    append = occurrences.append
    for ri, r in enumerate(records):
        topics = tuple(t.code for t in r.topics)
        insts = tuple(K.normalize_name(i.name) for a in r.authors for i in a.affiliations) if any(
            a.affiliations for a in r.authors) else ()
        g = group_of[ri]
        for ai, a in enumerate(r.authors):
            append(Occurrence(len(occurrences), ri, a, topics, r.year, insts, r.source, r.line, r.title, g,
                              r.ids, r.authors, ai))
    return occurrences


def _default_resolver(decisions, facts=(), source_ids=None):
    try:
        from . import identity  # noqa: F401  (name-variant resolution, when installed)
    except ImportError:
        return exact_name_resolver
    return lambda occ, notes: identity.resolve_authors(occ, notes, decisions=decisions, persons=facts,
                                                       source_ids=source_ids)
