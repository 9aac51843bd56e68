"""Namespaces and the project's own terms (see ``graphkit/rdf/ontology.ttl``)."""
from __future__ import annotations

from ..ids import BASE

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
FABIO = "http://purl.org/spar/fabio/"
PRO = "http://purl.org/spar/pro/"
PRISM = "http://prismstandard.org/namespaces/basic/2.0/"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
GK = "https://w3id.org/graphkit/ontology#"
ID = BASE
SOURCE = "https://w3id.org/graphkit/source/"
ANALYSIS = "https://w3id.org/graphkit/analysis/"
DECISIONS = "https://w3id.org/graphkit/graph/decisions"

PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "dcterms": DCTERMS, "fabio": FABIO, "pro": PRO,
    "prism": PRISM, "foaf": FOAF, "org": ORG, "schema": SCHEMA, "skos": SKOS, "prov": PROV,
    "gk": GK, "id": ID,
}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


PAPER_CLASS = {
    "preprint": FABIO + "Preprint",
    "article": FABIO + "JournalArticle",
    "inproceedings": FABIO + "ConferencePaper",
    "proceedings": FABIO + "ConferenceProceedings",
    "book": FABIO + "Book",
    "incollection": FABIO + "BookChapter",
    "thesis": FABIO + "Thesis",
    "misc": FABIO + "Expression",
}

# Person attributes stated by sources (profile header metrics) -> own properties.
PERSON_ATTRIBUTES = {
    "h_index": (GK + "hIndex", XSD + "integer"),
    "paper_count": (GK + "declaredPaperCount", XSD + "integer"),
    "citations": (GK + "citationCount", XSD + "integer"),
    "novelty_percent": (GK + "noveltyPercent", XSD + "decimal"),
    "ai_score": (GK + "aiScore", XSD + "decimal"),
    "primary_category": (GK + "primaryCategory", XSD + "string"),
}

SCHEME_TITLES = {
    "arxiv": "arXiv category taxonomy",
    "openalex-topic": "OpenAlex topics",
    "openalex-concept": "OpenAlex concepts",
    "keyword": "Author keywords",
    "phrase": "Key phrases extracted from titles and abstracts",
}
