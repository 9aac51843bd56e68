"""The ingest path as it was before the bench's optimisations: frozen copies of
``graphkit.resolve.cluster_papers``, ``graphkit.rdf.convert.triples``, ``graphkit.ids.fold``
and ``graphkit.ids.normalize_id``. ``bench/run.py`` (section ``check``) compares the optimised
code with them, and with ``resolve()`` run with its memo caches off (``unoptimised()``): same
paper clusters, same corpus, same triples, same store contents, same top-20 PageRank.
Do not "fix" this file: it is the yardstick. (If the writer or the clustering gains new
behaviour on purpose, copy the new plain version here.)
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from contextlib import contextmanager
from typing import Iterator

from graphkit import ids as K
from graphkit.ids import _FOLD_EXTRA, _WS
from graphkit.model import Corpus, Record
from graphkit.rdf.convert import TYPE, ent, lit, scheme_iri
from graphkit.rdf.vocab import (DCTERMS, FABIO, FOAF, GK, ORG, PAPER_CLASS, PERSON_ATTRIBUTES,
                                PRISM, PRO, SCHEMA, SCHEME_TITLES, SKOS, XSD)
from graphkit.resolve import _ids, _UnionFind


def fold(text: str) -> str:
    """Fold for comparison only: case, accents, whitespace. Labels keep the original."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _WS.sub(" ", text.casefold()).strip()


def normalize_id(kind: str, value: str) -> str:
    """Canonical form of an external identifier (lower-case DOI without resolver prefix, ...)."""
    v = value.strip()
    if kind == "doi":
        v = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", v, flags=re.I).lower()
    elif kind == "orcid":
        v = re.sub(r"^https?://orcid\.org/", "", v, flags=re.I).upper()
    elif kind == "openalex":
        v = re.sub(r"^https?://openalex\.org/", "", v, flags=re.I).upper()
    elif kind == "ror":
        v = re.sub(r"^https?://ror\.org/", "", v, flags=re.I).lower()
    elif kind == "arxiv":
        v = re.sub(r"^(https?://arxiv\.org/abs/|arxiv:)", "", v, flags=re.I)
        v = re.sub(r"v\d+$", "", v)
    return v


@contextmanager
def jobs(n: int):
    """``GRAPHKIT_JOBS`` set to ``n`` for the block (the name blocks in ``n`` processes,
    whatever the collection's size), as it was afterwards."""
    before = os.environ.get("GRAPHKIT_JOBS")
    os.environ["GRAPHKIT_JOBS"] = str(n)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("GRAPHKIT_JOBS", None)
        else:
            os.environ["GRAPHKIT_JOBS"] = before


@contextmanager
def unoptimised():
    """``graphkit.resolve.resolve`` without the memoisation: the paper loop's key caches off,
    the ids helpers unwrapped from their caches, the original ``fold`` and ``normalize_id``,
    the name blocks resolved in one process (``GRAPHKIT_JOBS=1``)."""
    import graphkit.resolve as R
    names = ("normalize_name", "author_key_from_name", "topic_key", "fold", "normalize_id")
    saved = {n: getattr(K, n) for n in names}
    memo = R.MEMOISE
    try:
        R.MEMOISE = False
        for n in ("normalize_name", "author_key_from_name", "topic_key"):
            setattr(K, n, getattr(saved[n], "__wrapped__", saved[n]))
        K.fold = fold
        K.normalize_id = normalize_id
        with jobs(1):
            yield
    finally:
        R.MEMOISE = memo
        for n, f in saved.items():
            setattr(K, n, f)


def cluster_papers(records: list[Record]) -> list[list[int]]:
    """Groups of record indices that describe the same paper, in first-seen order."""
    uf = _UnionFind(len(records))
    first: dict[tuple[str, str], int] = {}
    for i, r in enumerate(records):
        for kind, value in _ids(r.ids).items():
            if kind in K.PAPER_ID_ORDER:
                j = first.setdefault((kind, value), i)
                uf.union(i, j)
    # title + year, unless the two sides carry different DOIs, arXiv, OpenAlex, PubMed or
    # Scopus ids, or both list authors and share no name word (of two letters or more); a
    # record joins the first cluster of its title it does not conflict with
    ids_of: dict[int, set] = {}
    for i, r in enumerate(records):
        ids = _ids(r.ids)
        for kind in ("doi", "arxiv", "openalex", "pmid", "scopus"):
            if ids.get(kind):
                ids_of.setdefault(uf.find(i), set()).add((kind, ids[kind]))
    by_title: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        t = K.title_match_key(r.title)
        if t:
            by_title[(t, r.year)].append(i)
    for members in by_title.values():
        clusters: list[tuple[int, set]] = []
        for i in members:
            words = {w for a in records[i].authors for w in K.normalize_name(a.name).split() if len(w) >= 2}
            for n, (first_i, cwords) in enumerate(clusters):
                a, b = uf.find(first_i), uf.find(i)
                if a != b:
                    da, db = ids_of.get(a, set()), ids_of.get(b, set())
                    if any({v for k, v in da if k == kind} != {v for k, v in db if k == kind}
                           for kind in {k for k, _ in da} & {k for k, _ in db}):
                        continue
                    if words and cwords and not words & cwords:
                        continue
                    uf.union(a, b)
                    ids_of[uf.find(a)] = da | db
                clusters[n] = (first_i, cwords | words)
                break
            else:
                clusters.append((i, words))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(records)):
        groups[uf.find(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def triples(corpus: Corpus) -> Iterator[str]:
    """N-Triples lines (without the final newline) of the knowledge graph."""
    P = lambda ns, t: f"<{ns}{t}>"  # noqa: E731
    creator, subject = P(DCTERMS, "creator"), P(DCTERMS, "subject")
    same_as = P(SCHEMA, "sameAs")
    listed: dict[str, int] = defaultdict(int)  # distinct (paper, author) pairs
    papers_of: dict[str, int] = defaultdict(int)
    for paper, author in {(s.paper, s.author) for s in corpus.authorships}:
        listed[paper] += 1
        papers_of[author] += 1
    authored: dict[str, int] = defaultdict(int)  # per topic, over distinct (paper, topic) pairs
    authorships: dict[str, int] = defaultdict(int)
    for paper, topic in {(pt.paper, pt.topic) for pt in corpus.paper_topics}:
        if listed[paper] > 0:
            authored[topic] += 1
            authorships[topic] += listed[paper]
    in_year: dict[str, dict[int, int]] = defaultdict(dict)  # per topic and year, distinct papers
    for paper, topic in {(pt.paper, pt.topic) for pt in corpus.paper_topics}:
        year = corpus.papers[paper].year
        if year is not None:
            in_year[topic][year] = in_year[topic].get(year, 0) + 1
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
        yield f"{s} {P(GK, 'authorCount')} {lit(listed[p.key])} ."
        if p.venue:
            yield f"{s} {P(PRISM, 'publicationName')} {lit(p.venue)} ."
        for kind, value in p.ids:
            if kind == "doi":
                yield f"{s} {P(PRISM, 'doi')} {lit(value)} ."
            elif kind == "arxiv":
                yield f"{s} {P(GK, 'arxivId')} {lit(value)} ."
            elif kind == "dblp":
                yield f"{s} {P(GK, 'dblpKey')} {lit(value)} ."
            target = K.paper_same_as_iri(kind, value)
            if target:
                yield f"{s} {same_as} <{target}> ."
    for a in corpus.authors.values():
        s = ent(a.key)
        yield f"{s} {TYPE} {P(FOAF, 'Person')} ."
        yield f"{s} {TYPE} {P(SCHEMA, 'Person')} ."
        yield f"{s} {P(DCTERMS, 'identifier')} {lit(a.key)} ."
        yield f"{s} {P(FOAF, 'name')} {lit(a.name)} ."
        yield f"{s} {P(GK, 'paperCount')} {lit(papers_of[a.key])} ."
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
        yield f"{s} {P(GK, 'authoredPaperCount')} {lit(authored[t.key])} ."
        yield f"{s} {P(GK, 'authorshipCount')} {lit(authorships[t.key])} ."
        for year, n in sorted(in_year[t.key].items()):
            node = f"<{K.iri(t.key)}#{year}>"
            yield f"{s} {P(GK, 'yearCount')} {node} ."
            yield f"{node} {P(GK, 'year')} {lit(year)} ."
            yield f"{node} {P(GK, 'papersInYear')} {lit(n)} ."
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


