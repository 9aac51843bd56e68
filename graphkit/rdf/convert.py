"""Corpus -> RDF as N-Quads lines (fast to bulk-load, sortable for deterministic output).

The default graph holds the resolved knowledge graph. Each source file has a named graph
(``https://w3id.org/graphkit/source/<sha>``) holding its provenance: the file's description
and ``prov:wasDerivedFrom`` / ``gk:sourceLine`` for every paper it contributed.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from .. import ids as K
from ..model import Corpus
from .vocab import (DCTERMS, FABIO, FOAF, GK, ORG, PAPER_CLASS, PERSON_ATTRIBUTES, PRISM,
                    PRO, PROV, RDF, SCHEMA, SCHEME_TITLES, SKOS, SOURCE, XSD)

TYPE = f"<{RDF}type>"


def iri(value: str) -> str:
    return f"<{value}>"


_ESC = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def lit(value, datatype: str | None = None) -> str:
    """An N-Triples literal; bools and ints get their XSD types."""
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int) and datatype is None:
        return f'"{value}"^^<{XSD}integer>'
    text = str(value).translate(_ESC)
    if datatype and datatype != XSD + "string":
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


def ent(key: str) -> str:
    return f"<{K.iri(key)}>"


def scheme_iri(scheme: str) -> str:
    return f"<{K.BASE}scheme-{K.slug(scheme)}>"


def source_graph(path_sha: str) -> str:
    return SOURCE + path_sha


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


def provenance_quads(corpus: Corpus, sources: Iterable[dict]) -> Iterator[str]:
    """N-Quads of one named graph per source file (``sources``: manifest entries with
    ``sha``, ``path``, ``name``, ``format``, ``as_of``)."""
    by_file: dict[str, list[tuple[str, int]]] = {}
    for p in corpus.papers.values():
        for f, line in p.sources:
            by_file.setdefault(f, []).append((p.key, line))
    for src in sources:
        g = iri(source_graph(src["sha"][:16]))
        s = g
        yield f"{s} {TYPE} <{PROV}Entity> {g} ."
        yield f"{s} <{DCTERMS}title> {lit(src['name'])} {g} ."
        yield f"{s} <{GK}sourcePath> {lit(src['path'])} {g} ."
        yield f"{s} <{GK}sha256> {lit(src['sha'])} {g} ."
        yield f"{s} <{GK}sourceFormat> {lit(src['format'])} {g} ."
        if src.get("as_of"):
            yield f"{s} <{GK}asOf> {lit(src['as_of'], XSD + 'date')} {g} ."
        for key, line in by_file.get(src["path"], []):
            yield f"{ent(key)} <{PROV}wasDerivedFrom> {s} {g} ."
            yield f"{ent(key)} <{GK}sourceLine> {lit(line)} {g} ."
