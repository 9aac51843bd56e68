"""Corpus -> RDF as N-Quads lines (fast to bulk-load, sortable for deterministic output).

The default graph holds the resolved knowledge graph. Each source file has a named graph
(``https://w3id.org/graphkit/source/<sha>``) holding its provenance: the file's description
and ``prov:wasDerivedFrom`` / ``gk:sourceLine`` for every paper it contributed.
"""
from __future__ import annotations

import re
from collections import Counter
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


_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri_ref(value: str) -> str:
    """``<value>`` with the characters N-Triples forbids in an IRI percent-encoded (real DOIs
    contain quotes, angle brackets and backslashes).

    >>> iri_ref('https://doi.org/10.1002/(sici)3:3<139::aid>3.0.co;2-2')
    '<https://doi.org/10.1002/(sici)3:3%3C139::aid%3E3.0.co;2-2>'
    >>> iri_ref('https://doi.org/10.1/50%off')
    '<https://doi.org/10.1/50%25off>'
    """
    if _IRI_BAD.search(value) is not None:
        value = _IRI_BAD.sub(lambda m: "%{:02X}".format(ord(m.group())), value)
    import pyoxigraph as ox
    try:
        ox.NamedNode(value)  # RFC 3987 check (e.g. a '%' that starts no escape)
    except ValueError:
        from urllib.parse import quote
        value = quote(value, safe=":/?#[]@!$&'()*+,;=-._~")
    return f"<{value}>"


def _needs_escape(text: str) -> bool:
    return '"' in text or "\\" in text or "\n" in text or "\r" in text or "\t" in text


def listed_counts(corpus: Corpus) -> tuple[dict, dict]:
    """Listed authors per paper key and papers per author key: the distinct (paper, author)
    pairs of the authorships, i.e. the ``dcterms:creator`` statements the store will hold
    (written as ``gk:authorCount`` and ``gk:paperCount``)."""
    pairs = {(s.paper, s.author) for s in corpus.authorships}
    listed = Counter(p for p, _ in pairs)
    papers_of = Counter(a for _, a in pairs)
    return listed, papers_of


def subject_pairs(corpus: Corpus) -> set[tuple[str, str]]:
    """The distinct (paper key, topic key) pairs of the topic assignments, i.e. the
    ``dcterms:subject`` statements the store will hold."""
    return {(pt.paper, pt.topic) for pt in corpus.paper_topics}


def topic_counts(pairs, listed: dict) -> tuple[Counter, Counter]:
    """Per topic key: the papers among its subjects that list at least one author, and the
    listed authors summed over them (``pairs``: from :func:`subject_pairs`, ``listed``: from
    :func:`listed_counts`); written as ``gk:authoredPaperCount`` and ``gk:authorshipCount``
    (collaborative-topics reads them)."""
    authored: Counter = Counter()
    authorships: Counter = Counter()
    for paper, topic in pairs:
        n = listed.get(paper)
        if n:
            authored[topic] += 1
            authorships[topic] += n
    return authored, authorships


def topic_year_counts(pairs, papers: dict) -> dict[str, list[tuple[int, int]]]:
    """Per topic key: (year, papers) sorted by year, counting the distinct papers with a
    publication year that have the topic as a subject (``pairs``: from :func:`subject_pairs`,
    ``papers``: the corpus's papers by key); written as ``gk:yearCount`` nodes
    (topic-evolution reads them)."""
    per: Counter = Counter()
    for paper, topic in pairs:
        p = papers.get(paper)
        if p is not None and p.year is not None:
            per[(topic, p.year)] += 1
    out: dict[str, list[tuple[int, int]]] = {}
    for (topic, year), n in sorted(per.items()):
        out.setdefault(topic, []).append((year, n))
    return out


def triples(corpus: Corpus) -> Iterator[str]:
    """N-Triples lines (without the final newline) of the knowledge graph."""
    # Written for speed (it runs once per ingest over every entity): predicates are bound
    # once, literals are built inline; the output equals the straightforward version
    # line for line (bench/reference.py keeps it, bench/run.py checks it).
    base = K.BASE
    same_as_iri, paper_same_as_iri = K.same_as_iri, K.paper_same_as_iri
    esc = _ESC

    def q(text: str) -> str:  # a plain literal
        return f'"{text.translate(esc)}"' if _needs_escape(text) else f'"{text}"'

    TRUE, FALSE = lit(True), lit(False)
    t_scholarly = f"{TYPE} <{SCHEMA}ScholarlyArticle> ."
    p_ident, p_title, p_abstract = f"<{DCTERMS}identifier>", f"<{DCTERMS}title>", f"<{DCTERMS}abstract>"
    p_date, p_year = f"<{PRISM}publicationDate>", f"<{FABIO}hasPublicationYear>"
    d_date, d_year = f"^^<{XSD}date>", f"^^<{XSD}gYear>"
    p_inferred, p_code, p_complete = (f"<{GK}dateInferred>", f"<{GK}hasCode>",
                                      f"<{GK}authorListComplete>")
    p_venue, p_doi, p_arxiv, p_dblp = (f"<{PRISM}publicationName>", f"<{PRISM}doi>", f"<{GK}arxivId>",
                                       f"<{GK}dblpKey>")
    p_pmid, p_scopus = f"<{FABIO}hasPubMedId>", f"<{GK}scopusEid>"
    same_as = f"<{SCHEMA}sameAs>"
    creator, subject = f"<{DCTERMS}creator>", f"<{DCTERMS}subject>"
    classes = {k: f"{TYPE} <{v}> ." for k, v in PAPER_CLASS.items()}
    default_class = f"{TYPE} <{FABIO}Expression> ."
    listed, papers_of = listed_counts(corpus)
    p_listed, p_papers, d_int = f"<{GK}authorCount>", f"<{GK}paperCount>", f"^^<{XSD}integer>"
    for p in corpus.papers.values():
        s = f"<{base}{p.key}>"
        yield f"{s} {classes.get(p.kind) or default_class}"
        yield f"{s} {t_scholarly}"
        yield f"{s} {p_ident} {q(p.key)} ."
        yield f"{s} {p_title} {q(p.title)} ."
        if p.abstract:
            yield f"{s} {p_abstract} {q(p.abstract)} ."
        if p.date and len(p.date) == 10:
            yield f"{s} {p_date} {q(p.date)}{d_date} ."
        if p.year is not None:
            yield f"{s} {p_year} {q(f'{p.year:04d}')}{d_year} ."
        if p.date_inferred:
            yield f"{s} {p_inferred} {TRUE} ."
        if p.has_code is not None:
            yield f"{s} {p_code} {TRUE if p.has_code else FALSE} ."
        yield f"{s} {p_complete} {TRUE if p.authors_complete else FALSE} ."
        yield f'{s} {p_listed} "{listed.get(p.key, 0)}"{d_int} .'
        if p.venue:
            yield f"{s} {p_venue} {q(p.venue)} ."
        for kind, value in p.ids:
            if kind == "doi":
                yield f"{s} {p_doi} {lit(value)} ."
            elif kind == "arxiv":
                yield f"{s} {p_arxiv} {lit(value)} ."
            elif kind == "dblp":
                yield f"{s} {p_dblp} {lit(value)} ."
            elif kind == "pmid":
                yield f"{s} {p_pmid} {lit(value)} ."
            elif kind == "scopus":
                yield f"{s} {p_scopus} {lit(value)} ."
            target = paper_same_as_iri(kind, value)
            if target:
                yield f"{s} {same_as} {iri_ref(target)} ."
    t_person = (f"{TYPE} <{FOAF}Person> .", f"{TYPE} <{SCHEMA}Person> .")
    p_name, p_given, p_family = f"<{FOAF}name>", f"<{FOAF}givenName>", f"<{FOAF}familyName>"
    p_variant, p_ambiguous, p_byname = (f"<{GK}nameVariant>", f"<{GK}ambiguousName>",
                                        f"<{GK}identifiedByName>")
    for a in corpus.authors.values():
        s = f"<{base}{a.key}>"
        yield f"{s} {t_person[0]}"
        yield f"{s} {t_person[1]}"
        yield f"{s} {p_ident} {q(a.key)} ."
        yield f"{s} {p_name} {lit(a.name)} ."
        yield f'{s} {p_papers} "{papers_of.get(a.key, 0)}"{d_int} .'
        if a.given:
            yield f"{s} {p_given} {lit(a.given)} ."
        if a.family:
            yield f"{s} {p_family} {lit(a.family)} ."
        for v in a.variants:
            yield f"{s} {p_variant} {lit(v)} ."
        if a.ambiguous:
            yield f"{s} {p_ambiguous} {TRUE} ."
        if a.key_from_name:
            yield f"{s} {p_byname} {TRUE} ."
        for kind, value in a.ids:
            target = same_as_iri(kind, value)
            if target:
                yield f"{s} {same_as} {iri_ref(target)} ."
            else:
                yield f"{s} <{GK}{kind}Id> {lit(value)} ."
        for name, value in a.attributes:
            prop, dtype = PERSON_ATTRIBUTES.get(name, (GK + name, None))
            yield f"{s} <{prop}> {lit(value, dtype)} ."
    for i in corpus.institutions.values():
        s = ent(i.key)
        yield f"{s} {TYPE} <{ORG}Organization> ."
        yield f"{s} {TYPE} <{SCHEMA}Organization> ."
        yield f"{s} {p_ident} {lit(i.key)} ."
        yield f"{s} <{SCHEMA}name> {lit(i.name)} ."
        if i.country:
            yield f"{s} <{SCHEMA}addressCountry> {lit(i.country)} ."
        for kind, value in i.ids:
            target = same_as_iri(kind, value)
            if target:
                yield f"{s} {same_as} {iri_ref(target)} ."
    schemes = sorted({t.scheme for t in corpus.topics.values()})
    pairs = subject_pairs(corpus)
    authored, authorships = topic_counts(pairs, listed)
    p_authored, p_authorships = f"<{GK}authoredPaperCount>", f"<{GK}authorshipCount>"
    by_year = topic_year_counts(pairs, corpus.papers)
    del pairs
    p_year_count, p_in_year, p_year_papers = (f"<{GK}yearCount>", f"<{GK}year>",
                                              f"<{GK}papersInYear>")
    for sc in schemes:
        s = scheme_iri(sc)
        yield f"{s} {TYPE} <{SKOS}ConceptScheme> ."
        yield f"{s} {p_title} {lit(SCHEME_TITLES.get(sc, sc))} ."
        yield f"{s} {p_ident} {lit(sc)} ."
    for t in corpus.topics.values():
        s = ent(t.key)
        yield f"{s} {TYPE} <{SKOS}Concept> ."
        yield f"{s} {p_ident} {lit(t.key)} ."
        yield f"{s} <{SKOS}prefLabel> {lit(t.label)} ."
        yield f"{s} <{SKOS}notation> {lit(t.code)} ."
        yield f"{s} <{SKOS}inScheme> {scheme_iri(t.scheme)} ."
        yield f'{s} {p_authored} "{authored.get(t.key, 0)}"{d_int} .'
        yield f'{s} {p_authorships} "{authorships.get(t.key, 0)}"{d_int} .'
        for year, n in by_year.get(t.key, ()):
            node = f"{s[:-1]}#{year}>"
            yield f"{s} {p_year_count} {node} ."
            yield f'{node} {p_in_year} "{year}"{d_int} .'
            yield f'{node} {p_year_papers} "{n}"{d_int} .'
        if t.broader:
            yield f"{s} <{SKOS}broader> {ent(t.broader)} ."
        else:
            yield f"{scheme_iri(t.scheme)} <{SKOS}hasTopConcept> {s} ."
    t_role = f"{TYPE} <{PRO}RoleInTime> ."
    p_role = f"<{PRO}withRole> <{PRO}author> ."
    p_held, p_doc, p_written = f"<{PRO}isHeldBy>", f"<{PRO}relatesToDocument>", f"<{GK}nameAsWritten>"
    p_pos, d_pos = f"<{GK}authorPosition>", f"^^<{XSD}positiveInteger>"
    p_org = f"<{PRO}relatesToOrganization>"
    digest = K.digest
    for s_ in corpus.authorships:
        node = f"<{base}authorship-{digest(s_.paper + '|' + s_.author, 16)}>"
        paper, author = f"<{base}{s_.paper}>", f"<{base}{s_.author}>"
        yield f"{node} {t_role}"
        yield f"{node} {p_role}"
        yield f"{node} {p_held} {author} ."
        yield f"{node} {p_doc} {paper} ."
        yield f"{node} {p_written} {q(s_.name)} ."
        if s_.position is not None:
            yield f'{node} {p_pos} "{s_.position}"{d_pos} .'
        for inst in s_.institutions:
            yield f"{node} {p_org} <{base}{inst}> ."
        yield f"{paper} {creator} {author} ."
    t_assign = f"{TYPE} <{GK}TopicAssignment> ."
    p_apaper, p_atopic, p_score, d_double = (f"<{GK}paper>", f"<{GK}topic>", f"<{GK}score>",
                                             f"^^<{XSD}double>")
    for pt in corpus.paper_topics:
        paper, topic = f"<{base}{pt.paper}>", f"<{base}{pt.topic}>"
        yield f"{paper} {subject} {topic} ."
        if pt.score is not None:
            node = f"<{base}assignment-{digest(pt.paper + '|' + pt.topic, 16)}>"
            yield f"{node} {t_assign}"
            yield f"{node} {p_apaper} {paper} ."
            yield f"{node} {p_atopic} {topic} ."
            yield f'{node} {p_score} "{float(pt.score)!r}"{d_double} .'
    p_inst = f"<{GK}institution>"
    for paper, inst in corpus.paper_institutions:
        yield f"<{base}{paper}> {p_inst} <{base}{inst}> ."


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
