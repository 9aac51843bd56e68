"""The ingest pipeline as it was before the bench's optimisations (frozen copies of
``graphkit.resolve.cluster_papers``, ``graphkit.resolve.resolve`` and
``graphkit.rdf.convert.triples``), so that ``bench/run.py`` can check that the optimised path
gives the same corpus and the same triples. The author part still calls the live resolver.
Do not "fix" this file: it is the yardstick.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Iterator

from graphkit import ids as K
from graphkit.model import (Author, Authorship, Corpus, Institution, Issue, Paper, PaperTopic,
                            PersonFacts, Record, Topic)
from graphkit.rdf.convert import TYPE, ent, lit, scheme_iri
from graphkit.rdf.vocab import (DCTERMS, FABIO, FOAF, GK, ORG, PAPER_CLASS, PERSON_ATTRIBUTES,
                                PRISM, PRO, SCHEMA, SCHEME_TITLES, SKOS, XSD)
from graphkit.resolve import (AuthorResolution, Occurrence, _UnionFind, _default_resolver, _ids,  # noqa: F401
                              _key_for_person, build_occurrences)

def cluster_papers(records: list[Record]) -> list[list[int]]:
    """Groups of record indices that describe the same paper, in first-seen order."""
    uf = _UnionFind(len(records))
    first: dict[tuple[str, str], int] = {}
    for i, r in enumerate(records):
        for kind, value in _ids(r.ids).items():
            if kind in K.PAPER_ID_ORDER:
                j = first.setdefault((kind, value), i)
                uf.union(i, j)
    # title + year, unless the two sides carry different DOIs
    dois: dict[int, set] = {}
    for i, r in enumerate(records):
        d = _ids(r.ids).get("doi")
        if d:
            dois.setdefault(uf.find(i), set()).add(d)
    by_title: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        t = K.normalize_title(r.title)
        if t:
            by_title[(t, r.year)].append(i)
    for members in by_title.values():
        for i in members[1:]:
            a, b = uf.find(members[0]), uf.find(i)
            if a == b:
                continue
            da, db = dois.get(a, set()), dois.get(b, set())
            if da and db and da != db:
                continue
            uf.union(a, b)
            dois[uf.find(a)] = da | db
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(records)):
        groups[uf.find(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def resolve(items: Iterable[Record | PersonFacts], *, issues: Iterable[Issue] = (),
            author_resolver: Callable[[list[Occurrence], list[Issue]], list[str]] | None = None,
            decisions=None) -> Corpus:
    """Build the corpus from raw records and person facts.

    ``author_resolver`` maps occurrences to author keys (default: exact normalised names, or
    ``graphkit.identity.resolve_authors`` when that module is installed). ``decisions`` are the
    workspace's curated identity decisions, passed to the resolver.
    """
    records: list[Record] = []
    facts: list[PersonFacts] = []
    for it in items:
        (facts if isinstance(it, PersonFacts) else records).append(it)
    notes: list[Issue] = list(issues)
    if author_resolver is None:
        author_resolver = _default_resolver(decisions, facts)
    paper_groups = cluster_papers(records)

    # ---- author occurrences
    occurrences = build_occurrences(records, paper_groups)
    resolution = author_resolver(occurrences, notes)
    person_keys: dict = {}
    if isinstance(resolution, AuthorResolution):
        occ_keys, ambiguous = resolution.keys, set(resolution.ambiguous)
        person_keys = dict(resolution.persons or {})
    else:
        occ_keys, ambiguous = resolution, set()
    rec_author_keys: list[list[str]] = [[] for _ in records]
    for o in occurrences:
        rec_author_keys[o.record].append(occ_keys[o.index])

    # ---- author entities
    names_seen: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    author_ids: dict[str, dict[str, str]] = defaultdict(dict)
    given_family: dict[str, tuple] = {}
    for o in occurrences:
        key = occ_keys[o.index]
        names_seen[key][o.author.name] += 1
        for kind, value in _ids(o.author.ids).items():
            author_ids[key].setdefault(kind, value)
        if o.author.family and key not in given_family:
            given_family[key] = (o.author.given, o.author.family)

    attrs: dict[str, dict[str, object]] = defaultdict(dict)
    for fi, f in enumerate(facts):
        key = person_keys.get(fi) or _key_for_person(f, names_seen)
        names_seen.setdefault(key, defaultdict(int))[f.name] += 0
        for k, v in f.attributes:
            attrs[key][k] = v
        for kind, value in _ids(f.ids).items():
            author_ids[key].setdefault(kind, value)

    authors: dict[str, Author] = {}
    for key in sorted(names_seen):
        counts = names_seen[key]
        # label: the most frequent spelling, ties to the longest, then alphabetical
        label = sorted(counts, key=lambda n: (-counts[n], -len(n), n))[0]
        given, family = given_family.get(key, (None, None))
        authors[key] = Author(
            key=key, name=label, given=given, family=family,
            ids=tuple(sorted(author_ids[key].items())),
            attributes=tuple(sorted(attrs[key].items())),
            variants=tuple(sorted(n for n in counts if n != label)),
            ambiguous=key in ambiguous,
            key_from_name=not any(k in author_ids[key] for k in K.AUTHOR_ID_ORDER),
        )

    # ---- papers
    papers: dict[str, Paper] = {}
    authorships: list[Authorship] = []
    institutions: dict[str, Institution] = {}
    topics: dict[str, Topic] = {}
    paper_topics: dict[tuple[str, str], float | None] = {}
    paper_insts: set[tuple[str, str]] = set()

    def inst_key(ri) -> str:
        ids = _ids(ri.ids)
        key = K.institution_key(ids, ri.name)
        old = institutions.get(key)
        if old is None:
            institutions[key] = Institution(key, ri.name, tuple(sorted(ids.items())), ri.country)
        elif ri.country and not old.country:
            institutions[key] = Institution(key, old.name, old.ids, ri.country)
        return key

    def topic_key(t) -> str:
        key = K.topic_key(t.scheme, t.code)
        parent = None
        for code, label in t.broader[:1]:
            parent = K.topic_key(t.scheme, code)
            if parent not in topics:
                topics[parent] = Topic(parent, t.scheme, code, label or code, None)
        if key not in topics or (parent and topics[key].broader is None):
            topics[key] = Topic(key, t.scheme, t.code, t.label or t.code, parent)
        return key

    for group in paper_groups:
        recs = [records[i] for i in group]
        ids: dict[str, str] = {}
        for r in recs:
            for kind, value in _ids(r.ids).items():
                ids.setdefault(kind, value)
        # the record with the best date: stated (not inferred), most precise
        dated = sorted(recs, key=lambda r: (r.date_inferred, -(len(r.date or "")), r.year is None))
        best = dated[0]
        base = recs[0]
        key = K.paper_key(ids, base.title, best.year)
        if key in papers:  # same key from a separate cluster: keep apart, flag it
            key = f"{key}-{K.digest(base.source + str(base.line), 6)}"
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
            authors_complete=any(r.authors_complete for r in recs),
            ids=tuple(sorted(ids.items())),
            sources=tuple(sorted({(r.source, r.line) for r in recs})),
        )
        # authorships: union; records with complete lists first, then in source order
        order = sorted(group, key=lambda i: (not records[i].authors_complete, group.index(i)))
        pos: dict[str, int | None] = {}
        written: dict[str, str] = {}
        insts: dict[str, list[str]] = defaultdict(list)
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
                old = paper_topics.get((key, tk))
                paper_topics[(key, tk)] = t.score if old is None else max(old, t.score or old)
        for akey, p in pos.items():
            authorships.append(Authorship(key, akey, p, written[akey], tuple(insts[akey])))

    authorships.sort(key=lambda a: (a.paper, a.position is None, a.position or 0, a.author))
    return Corpus(
        papers=papers,
        authors=authors,
        authorships=tuple(authorships),
        institutions=dict(sorted(institutions.items())),
        topics=dict(sorted(topics.items())),
        paper_topics=tuple(PaperTopic(p, t, s) for (p, t), s in sorted(paper_topics.items())),
        paper_institutions=tuple(sorted(paper_insts)),
        issues=tuple(notes),
    )


def triples(corpus: Corpus) -> Iterator[str]:
    """N-Triples lines (without the final newline) of the knowledge graph."""
    P = lambda ns, t: f"<{ns}{t}>"  # noqa: E731
    creator, subject = P(DCTERMS, "creator"), P(DCTERMS, "subject")
    same_as = P(SCHEMA, "sameAs")
    for p in corpus.papers.values():
        s = ent(p.key)
        yield f"{s} {TYPE} <{PAPER_CLASS.get(p.kind, FABIO + 'Expression')}> ."
        yield f"{s} {TYPE} {P(SCHEMA, 'ScholarlyArticle')} ."
        yield f"{s} {P(DCTERMS, 'identifier')} {lit(p.key)} ."
        yield f"{s} {P(DCTERMS, 'title')} {lit(p.title)} ."
        if p.abstract:
            yield f"{s} {P(DCTERMS, 'abstract')} {lit(p.abstract)} ."
        if p.date and len(p.date) == 10:
            yield f"{s} {P(PRISM, 'publicationDate')} {lit(p.date, XSD + 'date')} ."
        if p.year is not None:
            yield f"{s} {P(FABIO, 'hasPublicationYear')} {lit(f'{p.year:04d}', XSD + 'gYear')} ."
        if p.date_inferred:
            yield f"{s} {P(GK, 'dateInferred')} {lit(True)} ."
        if p.has_code is not None:
            yield f"{s} {P(GK, 'hasCode')} {lit(p.has_code)} ."
        yield f"{s} {P(GK, 'authorListComplete')} {lit(p.authors_complete)} ."
        if p.venue:
            yield f"{s} {P(PRISM, 'publicationName')} {lit(p.venue)} ."
        for kind, value in p.ids:
            if kind == "doi":
                yield f"{s} {P(PRISM, 'doi')} {lit(value)} ."
            elif kind == "arxiv":
                yield f"{s} {P(GK, 'arxivId')} {lit(value)} ."
            target = K.same_as_iri(kind, value)
            if target:
                yield f"{s} {same_as} <{target}> ."
            elif kind == "dblp":
                yield f"{s} {P(GK, 'dblpKey')} {lit(value)} ."
    for a in corpus.authors.values():
        s = ent(a.key)
        yield f"{s} {TYPE} {P(FOAF, 'Person')} ."
        yield f"{s} {TYPE} {P(SCHEMA, 'Person')} ."
        yield f"{s} {P(DCTERMS, 'identifier')} {lit(a.key)} ."
        yield f"{s} {P(FOAF, 'name')} {lit(a.name)} ."
        if a.given:
            yield f"{s} {P(FOAF, 'givenName')} {lit(a.given)} ."
        if a.family:
            yield f"{s} {P(FOAF, 'familyName')} {lit(a.family)} ."
        for v in a.variants:
            yield f"{s} {P(GK, 'nameVariant')} {lit(v)} ."
        if a.ambiguous:
            yield f"{s} {P(GK, 'ambiguousName')} {lit(True)} ."
        if a.key_from_name:
            yield f"{s} {P(GK, 'identifiedByName')} {lit(True)} ."
        for kind, value in a.ids:
            target = K.same_as_iri(kind, value)
            if target:
                yield f"{s} {same_as} <{target}> ."
            else:
                yield f"{s} {P(GK, kind + 'Id')} {lit(value)} ."
        for name, value in a.attributes:
            prop, dtype = PERSON_ATTRIBUTES.get(name, (GK + name, None))
            yield f"{s} <{prop}> {lit(value, dtype)} ."
    for i in corpus.institutions.values():
        s = ent(i.key)
        yield f"{s} {TYPE} {P(ORG, 'Organization')} ."
        yield f"{s} {TYPE} {P(SCHEMA, 'Organization')} ."
        yield f"{s} {P(DCTERMS, 'identifier')} {lit(i.key)} ."
        yield f"{s} {P(SCHEMA, 'name')} {lit(i.name)} ."
        if i.country:
            yield f"{s} {P(SCHEMA, 'addressCountry')} {lit(i.country)} ."
        for kind, value in i.ids:
            target = K.same_as_iri(kind, value)
            if target:
                yield f"{s} {same_as} <{target}> ."
    schemes = sorted({t.scheme for t in corpus.topics.values()})
    for sc in schemes:
        s = scheme_iri(sc)
        yield f"{s} {TYPE} {P(SKOS, 'ConceptScheme')} ."
        yield f"{s} {P(DCTERMS, 'title')} {lit(SCHEME_TITLES.get(sc, sc))} ."
        yield f"{s} {P(DCTERMS, 'identifier')} {lit(sc)} ."
    for t in corpus.topics.values():
        s = ent(t.key)
        yield f"{s} {TYPE} {P(SKOS, 'Concept')} ."
        yield f"{s} {P(DCTERMS, 'identifier')} {lit(t.key)} ."
        yield f"{s} {P(SKOS, 'prefLabel')} {lit(t.label)} ."
        yield f"{s} {P(SKOS, 'notation')} {lit(t.code)} ."
        yield f"{s} {P(SKOS, 'inScheme')} {scheme_iri(t.scheme)} ."
        if t.broader:
            yield f"{s} {P(SKOS, 'broader')} {ent(t.broader)} ."
        else:
            yield f"{scheme_iri(t.scheme)} {P(SKOS, 'hasTopConcept')} {s} ."
    for s_ in corpus.authorships:
        node = ent(K.authorship_key(s_.paper, s_.author))
        yield f"{node} {TYPE} {P(PRO, 'RoleInTime')} ."
        yield f"{node} {P(PRO, 'withRole')} {P(PRO, 'author')} ."
        yield f"{node} {P(PRO, 'isHeldBy')} {ent(s_.author)} ."
        yield f"{node} {P(PRO, 'relatesToDocument')} {ent(s_.paper)} ."
        yield f"{node} {P(GK, 'nameAsWritten')} {lit(s_.name)} ."
        if s_.position is not None:
            yield f"{node} {P(GK, 'authorPosition')} {lit(s_.position, XSD + 'positiveInteger')} ."
        for inst in s_.institutions:
            yield f"{node} {P(PRO, 'relatesToOrganization')} {ent(inst)} ."
        yield f"{ent(s_.paper)} {creator} {ent(s_.author)} ."
    for pt in corpus.paper_topics:
        yield f"{ent(pt.paper)} {subject} {ent(pt.topic)} ."
        if pt.score is not None:
            node = ent("assignment-" + K.digest(pt.paper + "|" + pt.topic, 16))
            yield f"{node} {TYPE} {P(GK, 'TopicAssignment')} ."
            yield f"{node} {P(GK, 'paper')} {ent(pt.paper)} ."
            yield f"{node} {P(GK, 'topic')} {ent(pt.topic)} ."
            yield f"{node} {P(GK, 'score')} {lit(repr(float(pt.score)), XSD + 'double')} ."
    for paper, inst in corpus.paper_institutions:
        yield f"{ent(paper)} {P(GK, 'institution')} {ent(inst)} ."


