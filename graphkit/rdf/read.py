"""RDF -> Corpus: rebuild the resolved corpus from any SPARQL-queryable store.

Used when a workspace has no corpus cache (and for SPARQL endpoint workspaces); the result
equals the corpus that was written (tested on the seed profile).
"""
from __future__ import annotations

from collections import defaultdict

from ..ids import key_of
from ..model import Author, Authorship, Corpus, Institution, Paper, PaperTopic, Topic
from .vocab import PAPER_CLASS, PERSON_ATTRIBUTES, sparql_prefixes

_KIND = {v: k for k, v in PAPER_CLASS.items()}
_ATTR = {prop: name for name, (prop, _) in PERSON_ATTRIBUTES.items()}
_SAME_AS = (("https://doi.org/", "doi"), ("https://orcid.org/", "orcid"),
            ("https://openalex.org/", "openalex"), ("https://dblp.org/pid/", "dblp"),
            ("https://ror.org/", "ror"), ("https://arxiv.org/abs/", "arxiv"))


def _v(term):
    """Python value of a pyoxigraph (or rdflib) term; None for unbound."""
    if term is None:
        return None
    value = term.value if hasattr(term, "value") else str(term)
    dtype = getattr(getattr(term, "datatype", None), "value", None) or str(getattr(term, "datatype", "") or "")
    if dtype.endswith("#boolean"):
        return value == "true"
    if dtype.endswith(("#integer", "#positiveInteger", "#int", "#long")):
        return int(value)
    if dtype.endswith(("#decimal", "#double", "#float")):
        f = float(value)
        return int(f) if dtype.endswith("#decimal") and f == int(f) else f
    return value


def _rows(query_fn, text: str):
    res = query_fn(sparql_prefixes() + text)
    names = [v.value if hasattr(v, "value") else str(v) for v in res.variables]
    for sol in res:
        yield {n: _v(sol[n]) for n in names}


def _ids_from_same_as(values) -> list[tuple[str, str]]:
    """(kind, id) of ``schema:sameAs`` IRIs, undoing the percent-encoding the writer applies
    to characters an IRI cannot hold (``convert.iri_ref``).

    >>> _ids_from_same_as(["https://doi.org/10.1002/(sici)3:3%3C139::aid%3E3.0.co;2-2"])
    [('doi', '10.1002/(sici)3:3<139::aid>3.0.co;2-2')]
    """
    from urllib.parse import unquote
    out = []
    for v in values:
        for prefix, kind in _SAME_AS:
            if v.startswith(prefix):
                v = v[len(prefix):]
                out.append((kind, unquote(v) if "%" in v else v))
                break
    return out


def corpus_from_store(query_fn, issues=()) -> Corpus:
    """Rebuild a Corpus with ``query_fn(sparql) -> results`` (pyoxigraph-style results)."""
    papers = {}
    extra_ids: dict[str, list] = defaultdict(list)
    for r in _rows(query_fn, """
        SELECT ?p ?key ?title ?abstract ?date ?year ?inferred ?code ?complete ?venue
               (GROUP_CONCAT(STR(?type); SEPARATOR=" ") AS ?types)
        WHERE { ?p a schema:ScholarlyArticle ; dcterms:identifier ?key ; dcterms:title ?title ; a ?type .
          OPTIONAL { ?p dcterms:abstract ?abstract } OPTIONAL { ?p prism:publicationDate ?date }
          OPTIONAL { ?p fabio:hasPublicationYear ?year } OPTIONAL { ?p gk:dateInferred ?inferred }
          OPTIONAL { ?p gk:hasCode ?code } OPTIONAL { ?p gk:authorListComplete ?complete }
          OPTIONAL { ?p prism:publicationName ?venue } }
        GROUP BY ?p ?key ?title ?abstract ?date ?year ?inferred ?code ?complete ?venue"""):
        kind = next((_KIND[t] for t in (r["types"] or "").split() if t in _KIND), "misc")
        ids = []
        papers[r["key"]] = dict(key=r["key"], title=r["title"],
                                year=int(str(r["year"])[:4]) if r["year"] else None,
                                date=r["date"] if r["date"] else (None), date_inferred=bool(r["inferred"]),
                                abstract=r["abstract"], venue=r["venue"], kind=kind, has_code=r["code"],
                                authors_complete=r["complete"] if r["complete"] is not None else True,
                                ids=ids)
    # identifiers: a paper may hold several of one kind (a DOI of each version, DBLP's CoRR
    # and conference keys)
    for r in _rows(query_fn, """SELECT ?key ?k ?v WHERE { ?p a schema:ScholarlyArticle ;
                                dcterms:identifier ?key .
          { ?p prism:doi ?v BIND("doi" AS ?k) } UNION { ?p gk:arxivId ?v BIND("arxiv" AS ?k) }
          UNION { ?p gk:dblpKey ?v BIND("dblp" AS ?k) } UNION { ?p fabio:hasPubMedId ?v BIND("pmid" AS ?k) }
          UNION { ?p gk:scopusEid ?v BIND("scopus" AS ?k) } }"""):
        papers[r["key"]]["ids"].append((r["k"], r["v"]))
    for r in _rows(query_fn, """SELECT ?key ?s WHERE { ?p a schema:ScholarlyArticle ;
                                dcterms:identifier ?key ; schema:sameAs ?s }"""):
        extra_ids[r["key"]].append(r["s"])
    for r in _rows(query_fn, """SELECT ?key ?path ?line WHERE { GRAPH ?g { ?p prov:wasDerivedFrom ?g ;
                                gk:sourceLine ?line . ?g gk:sourcePath ?path } ?p dcterms:identifier ?key }"""):
        papers[r["key"]].setdefault("sources", []).append((r["path"], r["line"]))
    out_papers = {}
    for key, d in papers.items():
        ids = set(d.pop("ids"))
        ids.update((kind, v) for kind, v in _ids_from_same_as(extra_ids.get(key, []))
                   if kind not in ("doi", "arxiv", "dblp", "pmid"))  # (those were read above)
        if d["date"] is None and d["year"] is not None and not d["date_inferred"]:
            d["date"] = str(d["year"])
        d["sources"] = tuple(sorted(set(d.get("sources", []))))
        out_papers[key] = Paper(ids=tuple(sorted(ids)), **d)

    authors = {}
    for r in _rows(query_fn, """SELECT ?key ?name ?given ?family ?amb ?byname WHERE {
            ?a a foaf:Person ; dcterms:identifier ?key ; foaf:name ?name .
            OPTIONAL { ?a foaf:givenName ?given } OPTIONAL { ?a foaf:familyName ?family }
            OPTIONAL { ?a gk:ambiguousName ?amb } OPTIONAL { ?a gk:identifiedByName ?byname } }"""):
        authors[r["key"]] = dict(key=r["key"], name=r["name"], given=r["given"], family=r["family"],
                                 ambiguous=bool(r["amb"]), key_from_name=bool(r["byname"]),
                                 ids=[], attributes=[], variants=[])
    for r in _rows(query_fn, """SELECT ?key ?p ?o WHERE { ?a a foaf:Person ; dcterms:identifier ?key ; ?p ?o .
            FILTER(?p IN (schema:sameAs, gk:nameVariant, gk:hIndex, gk:declaredPaperCount, gk:citationCount,
                          gk:noveltyPercent, gk:aiScore, gk:primaryCategory, gk:orcidId, gk:scopusId, gk:dblpId)) }"""):
        a = authors[r["key"]]
        p = r["p"]
        if p.endswith("sameAs"):
            a["ids"].extend(_ids_from_same_as([r["o"]]))
        elif p.endswith("nameVariant"):
            a["variants"].append(r["o"])
        elif p in _ATTR:
            a["attributes"].append((_ATTR[p], r["o"]))
        else:
            a["ids"].append((p.rsplit("#", 1)[1][:-2], r["o"]))
    out_authors = {k: Author(**{**d, "ids": tuple(sorted(d["ids"])), "attributes": tuple(sorted(d["attributes"])),
                                "variants": tuple(sorted(d["variants"]))}) for k, d in authors.items()}

    insts = {}
    for r in _rows(query_fn, """SELECT ?key ?name ?country ?s WHERE { ?i a org:Organization ;
            dcterms:identifier ?key ; schema:name ?name . OPTIONAL { ?i schema:addressCountry ?country }
            OPTIONAL { ?i schema:sameAs ?s } }"""):
        d = insts.setdefault(r["key"], dict(key=r["key"], name=r["name"], country=r["country"], ids=[]))
        if r["s"]:
            d["ids"].extend(_ids_from_same_as([r["s"]]))
    out_insts = {k: Institution(**{**d, "ids": tuple(sorted(d["ids"]))}) for k, d in sorted(insts.items())}

    topics = {}
    for r in _rows(query_fn, """SELECT ?key ?scheme ?code ?label ?broader WHERE { ?t a skos:Concept ;
            dcterms:identifier ?key ; skos:prefLabel ?label ; skos:notation ?code ; skos:inScheme ?s .
            ?s dcterms:identifier ?scheme . OPTIONAL { ?t skos:broader ?b . ?b dcterms:identifier ?broader } }"""):
        topics[r["key"]] = Topic(r["key"], r["scheme"], r["code"], r["label"], r["broader"])

    ships = []
    institutions_of = defaultdict(list)
    for r in _rows(query_fn, """SELECT ?node ?i WHERE { ?node a pro:RoleInTime ; pro:relatesToOrganization ?o .
            ?o dcterms:identifier ?i }"""):
        institutions_of[r["node"]].append(r["i"])
    for r in _rows(query_fn, """SELECT ?node ?paper ?author ?pos ?name WHERE { ?node a pro:RoleInTime ;
            pro:relatesToDocument ?p ; pro:isHeldBy ?a ; gk:nameAsWritten ?name .
            ?p dcterms:identifier ?paper . ?a dcterms:identifier ?author .
            OPTIONAL { ?node gk:authorPosition ?pos } }"""):
        ships.append(Authorship(r["paper"], r["author"], r["pos"], r["name"],
                                tuple(sorted(institutions_of.get(r["node"], [])))))
    ships.sort(key=lambda a: (a.paper, a.position is None, a.position or 0, a.author))

    scores = {}
    for r in _rows(query_fn, """SELECT ?paper ?topic ?score WHERE { ?x a gk:TopicAssignment ; gk:paper ?p ;
            gk:topic ?t ; gk:score ?score . ?p dcterms:identifier ?paper . ?t dcterms:identifier ?topic }"""):
        scores[(r["paper"], r["topic"])] = r["score"]
    pts = sorted({(r["paper"], r["topic"]) for r in _rows(query_fn, """SELECT ?paper ?topic WHERE {
            ?p a schema:ScholarlyArticle ; dcterms:identifier ?paper ; dcterms:subject ?t .
            ?t dcterms:identifier ?topic }""")})
    pis = sorted({(r["paper"], r["inst"]) for r in _rows(query_fn, """SELECT ?paper ?inst WHERE {
            ?p gk:institution ?i ; dcterms:identifier ?paper . ?i dcterms:identifier ?inst }""")})
    return Corpus(
        papers=out_papers, authors=dict(sorted(out_authors.items())), authorships=tuple(ships),
        institutions=out_insts, topics=dict(sorted(topics.items())),
        paper_topics=tuple(PaperTopic(p, t, scores.get((p, t))) for p, t in pts),
        paper_institutions=tuple(pis), issues=tuple(issues))


__all__ = ["corpus_from_store", "key_of"]
