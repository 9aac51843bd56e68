"""The SPARQL query library (``queries/*.rq``) and safe parameter binding.

A library query is one ``.rq`` file headed by comment lines::

    # title: Coauthors of an author
    # description: Each coauthor with the number of joint papers and the first and last year.
    # param: ?author author "Maxim Naumov"

A parameter line is ``# param: ?name type [default]``; without a default the variable stays
unbound unless a value is given (the query then matches any value). Types:

=============== ==============================================================================
``author``      an author's name, key (``author-maxim-naumov``), IRI, or ORCID/DBLP/OpenAlex
                IRI; resolved to the author's IRI (an unknown or ambiguous name is an error)
``paper``       key, IRI, DOI, arXiv id or exact title -> the paper's IRI
``topic``       code (``cs.LG``), key, IRI or label -> the topic's IRI
``institution`` key, IRI, ROR IRI or name -> the institution's IRI
``analysis``    name of a saved analysis (``communities-leiden-coauthor``) -> its graph IRI
``iri``         any absolute IRI
``string`` ``integer`` ``decimal`` ``double`` ``boolean`` ``date`` ``year``   typed literals
``limit``       a positive integer: sets the query's ``LIMIT`` clauses (subqueries included;
                appended where there is none)
=============== ==============================================================================

Values are turned into RDF terms by pyoxigraph and bound with a ``VALUES`` block that this
module serialises from those terms and places at the start of the query's top-level
``WHERE`` group and of every subquery that mentions the variable. User text is never pasted
into a query: ``x" } ; DROP ALL ; #`` stays one harmless string literal. The same bound text
runs on the embedded store, on a SPARQL endpoint and on rdflib.

>>> import pyoxigraph as ox
>>> bind_values('SELECT ?t WHERE { ?p <urn:title> ?t }', {"t": ox.Literal('x" } ; DROP ALL ; #')})
'SELECT ?t WHERE { VALUES (?t) { ("x\\\\" } ; DROP ALL ; #") } ?p <urn:title> ?t }'
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as _sax_escape

_XML_CR = {"\r": "&#13;"}  # (an XML parser reads a bare CR as a line end: "a\r" came back "a\n")


def _xml_escape(text: str) -> str:
    return _sax_escape(text, _XML_CR) if "\r" in text else _sax_escape(text)
from xml.sax.saxutils import quoteattr as _xml_attr

from .. import _gc
from .. import ids as K
from ..errors import AmbiguousError, NotFoundError, QueryError
from .vocab import ANALYSIS, PREFIXES, XSD

PARAM_TYPES = ("author", "paper", "topic", "institution", "analysis", "iri", "string", "integer",
               "decimal", "double", "boolean", "date", "year", "gyear", "limit")
ENTITY_TYPES = ("author", "paper", "topic", "institution")
FORMS = ("select", "ask", "construct", "describe")

RESULT_FORMATS = {  # name -> media type (SELECT / ASK results)
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {  # name -> media type (CONSTRUCT / DESCRIBE results)
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


# ----------------------------------------------------------------------------- library files
@dataclass(frozen=True)
class Param:
    """One ``# param:`` line: variable name (without ``?``), type and default (or None)."""

    name: str
    type: str
    default: str | None = None

    def describe(self) -> str:
        return f"?{self.name} {self.type}" + ("" if self.default is None else f" = {self.default}")


@dataclass(frozen=True)
class LibraryQuery:
    """A query file: its name (file stem), header and text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: str | None = None
    form: str = field(default="select")
    graphs: str = "all"  # "knowledge": reads the knowledge graph alone (see parse_query_text)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


_HEADER = re.compile(r"^#\s*(title|description|param|graphs)\s*:\s*(.*?)\s*$", re.I)
GRAPHS = ("all", "knowledge")
_PARAM = re.compile(r"^[?$]?([A-Za-z_][A-Za-z0-9_]*)\s+([A-Za-z]+)(?:\s+(.*))?$")


def _default_value(raw: str | None) -> str | None:
    if raw is None or raw == "":
        return None
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        try:
            return json.loads(raw)
        except ValueError:
            return raw[1:-1]
    return raw


def parse_query_text(text: str, name: str = "query", path: str | None = None) -> LibraryQuery:
    """Read the header comments of a query text (title, description, params, graphs).

    ``# graphs: knowledge`` says the query reads the knowledge graph alone (the store's
    default graph), not the provenance, analysis and decision graphs: the embedded store then
    runs it on the default graph, which makes lookups 1.3-1.7x faster than on the union of all
    graphs. Without it (``all``) the default graph is the union of every graph.

    >>> q = parse_query_text('# title: T\\n# param: ?who author "Ada Lovelace"\\nSELECT * {}')
    >>> q.title, q.params[0]
    ('T', Param(name='who', type='author', default='Ada Lovelace'))
    """
    title, desc, params, graphs = name, [], [], "all"
    where = path or name
    for lineno, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s:
            continue
        if not s.startswith("#"):
            break
        m = _HEADER.match(s)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2)
        if key == "title":
            title = value
        elif key == "description":
            desc.append(value)
        elif key == "graphs":
            graphs = value.lower()
            if graphs not in GRAPHS:
                raise QueryError(f"{where}:{lineno}: unknown graphs {value!r}; use one of {', '.join(GRAPHS)}")
        else:
            pm = _PARAM.match(value)
            if not pm:
                raise QueryError(f"{where}:{lineno}: bad param line {value!r}; "
                                 "write '# param: ?name type default'")
            ptype = pm.group(2).lower()
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{where}:{lineno}: unknown param type {ptype!r}; "
                                 f"use one of {', '.join(PARAM_TYPES)}")
            params.append(Param(pm.group(1), ptype, _default_value(pm.group(3))))
    return LibraryQuery(name=name, title=title, description=" ".join(desc), params=tuple(params),
                        text=text, path=path, form=query_form(text) or "select", graphs=graphs)


def library_dirs() -> list[Path]:
    """Folders searched for ``*.rq`` files, first wins: ``GRAPHKIT_QUERIES`` (one or more
    folders separated by ``os.pathsep``), the project's ``queries/`` and the packaged copy."""
    dirs = [Path(p) for p in os.environ.get("GRAPHKIT_QUERIES", "").split(os.pathsep) if p]
    here = Path(__file__).resolve()
    dirs += [here.parents[2] / "queries", here.parents[1] / "queries"]
    return [d for d in dirs if d.is_dir()]


_LIBRARY_CACHE: dict[tuple, dict[str, LibraryQuery]] = {}


def load_library(dirs=None) -> dict[str, LibraryQuery]:
    """All library queries by name (sorted)."""
    dirs = [Path(d) for d in dirs] if dirs is not None else library_dirs()
    files = {}
    for d in dirs:
        for f in sorted(d.glob("*.rq")):
            files.setdefault(f.stem, f)
    key = tuple((str(f), f.stat().st_mtime_ns) for f in files.values())
    if key not in _LIBRARY_CACHE:
        _LIBRARY_CACHE.clear()
        _LIBRARY_CACHE[key] = {name: parse_query_text(f.read_text(encoding="utf-8"), name, str(f))
                               for name, f in sorted(files.items())}
    return _LIBRARY_CACHE[key]


def get_query(name: str, dirs=None) -> LibraryQuery:
    """A library query by name; ``NotFoundError`` lists the available names."""
    lib = load_library(dirs)
    if name in lib:
        return lib[name]
    raise NotFoundError(f"no query named {name!r} in the library; available: {', '.join(lib) or '(none)'}"
                        " (see 'graphkit queries')")


def load_query(spec: str) -> LibraryQuery:
    """A library query name or a path to a ``.rq`` file."""
    p = Path(spec)
    if spec.endswith(".rq") or p.is_file():
        if not p.is_file():
            raise NotFoundError(f"{spec}: no such query file")
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{spec}: cannot read: {exc}") from None
        return parse_query_text(text, p.stem, str(p))
    return get_query(spec)


# ----------------------------------------------------------------------------- scanning SPARQL
_TOKEN = re.compile(r'''
  (?P<ws>\s+)
| (?P<comment>\#[^\n]*)
| (?P<str>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
| (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
| (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
| (?P<word>[A-Za-z_\u00C0-\uFFFF][\w\-.\u00B7-\uFFFF]*(?::(?:[\w\-.%:\u00B7-\uFFFF]|\\[_~.\-!$&'()*+,;=/?#@%])*)?|:(?:[\w\-.%:]|\\[_~.\-!$&'()*+,;=/?#@%])*)
| (?P<num>\d+(?![\w.]))
| (?P<open>\{)
| (?P<close>\})
| (?P<other>.)
''', re.X | re.S)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Significant tokens (kind, start, end): no whitespace or comments."""
    return [(m.lastgroup, m.start(), m.end()) for m in _TOKEN.finditer(text)
            if m.lastgroup not in ("ws", "comment")]


_UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}


def query_form(text: str) -> str | None:
    """``select``, ``ask``, ``construct``, ``describe``, ``update`` or None (unknown).

    >>> query_form("PREFIX x: <urn:x#> # comment\\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'construct'
    >>> query_form('PREFIX x: <urn:x#> DROP ALL')
    'update'
    """
    toks = _tokens(text)
    i = 0
    while i < len(toks):
        kind, s, e = toks[i]
        word = text[s:e].lower() if kind == "word" else None
        if word == "prefix":
            i += 3
            continue
        if word == "base":
            i += 2
            continue
        if word in FORMS:
            return word
        if word in _UPDATE_WORDS:
            return "update"
        return None
    return None


# the keyword SERVICE where the grammar would read a service clause, found in the raw text (a
# second check beside the tokens: a request is refused when either finds one)
_RX_SERVICE = re.compile(r"(?<![\w:?$/#])SERVICE\s+(?:SILENT\s+)?(?:<|[?$]|[A-Za-z_][\w.\-]*:|:)", re.I)


def may_use_service(text: str) -> bool:
    """Whether the query may hold a SERVICE clause (a federated query): the token check, and
    a plain search of the text (a literal that reads "SERVICE <x>" is taken for one too: a
    false alarm costs a refusal, a miss a request to any server)."""
    return uses_keyword(text, "service") or _RX_SERVICE.search(text) is not None


def uses_keyword(text: str, word: str) -> bool:
    """Whether the keyword ``word`` (lower case) is in the query, outside strings, IRIs and
    comments: ``from`` (a dataset clause), ``service`` (a federated query).

    >>> uses_keyword('SELECT * FROM <urn:g> WHERE { ?s ?p "from" } # FROM', "from")
    True
    >>> uses_keyword('SELECT * WHERE { ?s ex:from <urn:from> } # FROM <x>', "from")
    False
    """
    return any(kind == "word" and e - s == len(word) and text[s:e].lower() == word
               for kind, s, e in _tokens(text))


def _match_brace(toks, i: int) -> int:
    depth = 0
    for j in range(i, len(toks)):
        if toks[j][0] == "open":
            depth += 1
        elif toks[j][0] == "close":
            depth -= 1
            if depth == 0:
                return j
    raise QueryError("SPARQL syntax error: unbalanced braces")


def _pattern_groups(text: str) -> list[tuple[int, int, bool]]:
    """(index of '{' token, index of matching '}' token, is_top_level) for the query's WHERE
    group and every subquery's WHERE group."""
    toks = _tokens(text)
    groups = []
    depth = 0
    top_seen = False
    i = 0
    while i < len(toks):
        kind, s, e = toks[i]
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word":
            w = text[s:e].lower()
            if w in FORMS and (depth == 0 and not top_seen or depth > 0 and w == "select"):
                top = depth == 0
                top_seen = top_seen or top
                j = i + 1
                if w == "construct":
                    if j < len(toks) and toks[j][0] == "word" and text[toks[j][1]:toks[j][2]].lower() == "where":
                        raise QueryError("parameters cannot be bound in the short form 'CONSTRUCT WHERE "
                                         "{ ... }'; write 'CONSTRUCT { template } WHERE { pattern }'")
                    if j < len(toks) and toks[j][0] == "open":
                        j = _match_brace(toks, j) + 1
                while j < len(toks) and toks[j][0] != "open":
                    j += 1
                if j < len(toks):
                    k = j + 1  # a group that is just a subquery ('{ SELECT ... }') takes no VALUES
                    if not (k < len(toks) and toks[k][0] == "word" and text[toks[k][1]:toks[k][2]].lower() == "select"):
                        groups.append((j, _match_brace(toks, j), top))
                elif top and w == "describe":
                    raise QueryError("parameters need a WHERE clause: write 'DESCRIBE ?x WHERE { ... }'")
        i += 1
    return [(toks[a][1], toks[b][2], top) for a, b, top in groups]


def term_text(term) -> str:
    """A pyoxigraph term in SPARQL / N-Triples syntax (escaped by pyoxigraph)."""
    return str(term)


def values_block(bindings: dict) -> str:
    """``VALUES (?a ?b) { (<x> "y") }`` for ``{"a": term, "b": term}``."""
    names = list(bindings)
    return ("VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
            + " ".join(term_text(bindings[n]) for n in names) + ") }")


def _bind(text: str, bindings: dict) -> tuple[str, list[tuple[int, int]]]:
    """(bound text, [(offset in ``text``, inserted length), ...])."""
    bindings = {k.lstrip("?$"): v for k, v in (bindings or {}).items() if v is not None}
    if not bindings:
        return text, []
    inserts = []
    for start, end, top in _pattern_groups(text):
        body = text[start:end]
        used = {n: t for n, t in bindings.items()
                if top or re.search(r"[?$]" + re.escape(n) + r"(?![\w\u00B7-\uFFFF])", body)}
        if used:
            inserts.append((start + 1, " " + values_block(used)))
    if not inserts:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    out = text
    for pos, s in sorted(inserts, reverse=True):
        out = out[:pos] + s + out[pos:]
    return out, sorted((pos, len(s)) for pos, s in inserts)


def bind_values(text: str, bindings: dict) -> str:
    """``text`` with a VALUES block for ``bindings`` (variable name -> pyoxigraph term) at the
    start of the top-level WHERE group and of each subquery group mentioning a variable."""
    return _bind(text, bindings)[0]


def declared_prefixes(text: str) -> set[str]:
    toks = _tokens(text)
    out = set()
    for i, (kind, s, e) in enumerate(toks[:-1]):
        if kind == "word" and text[s:e].lower() == "prefix":
            _, s2, e2 = toks[i + 1]
            out.add(text[s2:e2].split(":")[0])
    return out


def with_prefixes(text: str) -> tuple[str, int]:
    """``text`` with PREFIX lines for graphkit's usual prefixes (foaf, dcterms, gk, ...) that
    it uses without declaring; returns (text, characters added in front).

    >>> with_prefixes("SELECT * WHERE { ?a foaf:name ?n }")[0].splitlines()[0]
    'PREFIX foaf: <http://xmlns.com/foaf/0.1/>'
    """
    declared = declared_prefixes(text)
    used = {text[s:e].split(":")[0] for kind, s, e in _tokens(text) if kind == "word" and ":" in text[s:e]}
    missing = [p for p in PREFIXES if p in used and p not in declared]
    if not missing:
        return text, 0
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing)
    return head + text, len(head)


_ERR_POS = re.compile(r"error at (\d+):(\d+)")


def _offset(text: str, line: int, col: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[:line - 1]) + col - 1


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


# ----------------------------------------------------------------------------- terms
def _lit(value: str, dtype: str | None = None):
    import pyoxigraph as ox
    return ox.Literal(value, datatype=ox.NamedNode(XSD + dtype)) if dtype else ox.Literal(value)


def _strip_iri(value: str) -> str:
    v = value.strip()
    return v[1:-1] if v.startswith("<") and v.endswith(">") else v


def _named(value: str):
    import pyoxigraph as ox
    v = _strip_iri(value)
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", v):
        raise QueryError(f"{value!r} is not an absolute IRI")
    try:
        return ox.NamedNode(v)
    except ValueError as exc:
        raise QueryError(f"{value!r} is not a valid IRI: {exc}") from None


def literal_term(ptype: str, value: str, name: str = "value"):
    """A typed literal for a scalar parameter type; ``QueryError`` for a malformed value."""
    v = str(value).strip()
    try:
        if ptype == "string":
            return _lit(str(value))
        if ptype in ("integer", "year", "gyear", "limit"):
            n = int(v)
            if ptype in ("year", "gyear") and not 1 <= n <= 9999:
                raise ValueError
            if ptype == "limit" and n < 1:
                raise ValueError
            if ptype == "gyear":  # as fabio:hasPublicationYear holds it ("year" is an integer)
                return _lit(f"{n:04d}", "gYear")
            return _lit(str(n), "integer")
        if ptype in ("decimal", "double"):
            x = float(v)
            if x != x or x in (float("inf"), float("-inf")):
                raise ValueError
            return _lit(repr(x) if ptype == "double" else format(__import__("decimal").Decimal(v), "f"), ptype)
        if ptype == "boolean":
            b = {"true": "true", "yes": "true", "1": "true", "false": "false", "no": "false", "0": "false"}[v.lower()]
            return _lit(b, "boolean")
        if ptype == "date":
            import datetime as dt
            return _lit(dt.date.fromisoformat(v).isoformat(), "date")
    except (ValueError, KeyError, ArithmeticError):
        what = {"year": "a year like 2019", "gyear": "a year like 2019", "limit": "a positive integer", "boolean": "true or false",
                "date": "a date like 2019-06-30"}.get(ptype, f"an {ptype}" if ptype[0] in "aeiou" else f"a {ptype}")
        raise QueryError(f"parameter {name}: {value!r} is not {what}") from None
    raise QueryError(f"parameter {name}: unknown type {ptype!r}")


def _rows(ws, text: str, bindings: dict | None = None) -> list[dict]:
    res = ws.query(bind_values(text, bindings or {}))
    names = [v.value for v in res.variables]
    return [{n: sol[n] for n in names} for sol in res]


_PFX = ("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nPREFIX gk: <https://w3id.org/graphkit/ontology#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\nPREFIX schema: <https://schema.org/>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX org: <http://www.w3.org/ns/org#>\n"
        "PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>\n")

_CLASS = {"author": "foaf:Person", "paper": "schema:ScholarlyArticle", "topic": "skos:Concept",
          "institution": "org:Organization"}
_LABEL = {"author": "foaf:name|gk:nameVariant", "paper": "dcterms:title",
          "topic": "skos:prefLabel|skos:notation", "institution": "schema:name"}
_SHOWN = {"author": "foaf:name", "paper": "dcterms:title", "topic": "skos:prefLabel", "institution": "schema:name"}


def _exists(ws, kind: str, iri) -> bool:
    return bool(ws.query(bind_values(_PFX + f"ASK {{ ?e a {_CLASS[kind]} }}", {"e": iri})))


def _candidates(ws, kind: str, rows: list[dict]) -> list[str]:
    out = []
    for r in rows[:10]:
        e = r["e"].value
        label = r.get("label")
        out.append(f"{K.key_of(e)} ({label.value})" if label is not None else K.key_of(e))
    return out


def resolve_entity(ws, kind: str, value: str, name: str | None = None, *, thorough: bool = True):
    """The IRI (pyoxigraph NamedNode) of an author, paper, topic or institution given by name,
    key, IRI or external identifier. Raises ``NotFoundError`` or ``AmbiguousError``. With
    ``thorough`` (default), a name with no exact match is compared, folded, with every label
    (a scan of all names: slower on large workspaces)."""
    import pyoxigraph as ox
    pname = name or kind
    v = str(value).strip()
    if not v:
        raise QueryError(f"parameter {pname}: empty {kind}")
    cls, label = _CLASS[kind], _LABEL[kind]
    doi_url = re.match(r"^<?https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/.+?)>?$", v, re.I)
    if kind == "paper" and doi_url:  # (a DOI in a URL, escaped or not: looked up as the DOI)
        from urllib.parse import unquote
        v = unquote(doi_url.group(1))
    # an IRI: ours directly, another (ORCID, DOI, ROR, ...) through schema:sameAs
    elif v.startswith("<") or re.match(r"^https?://", v):
        iri = _named(v)
        if iri.value.startswith(K.BASE):
            if _exists(ws, kind, iri):
                return iri
            raise NotFoundError(f"no {kind} {iri.value} in the workspace")
        found = _rows(ws, _PFX + f"SELECT DISTINCT ?e WHERE {{ ?e a {cls} ; schema:sameAs ?x }}", {"x": iri})
        if len(found) == 1:
            return found[0]["e"]
        if found:
            raise AmbiguousError(f"{v} is the same as several {kind}s", _candidates(ws, kind, found))
        raise NotFoundError(f"no {kind} with the identifier {v} in the workspace")
    # a key
    if re.match(r"^[a-z]+-[a-z0-9.\-]+$", v) and v.startswith(("author-", "paper-", "topic-", "inst-")):
        iri = ox.NamedNode(K.iri(v))
        if _exists(ws, kind, iri):
            return iri
    # identifiers written without resolver
    if kind == "paper":
        for idkind, rx in (("doi", r"^(doi:)?10\.\d{4,9}/\S+$"), ("arxiv", r"^(arxiv:)?(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")):
            if re.match(rx, v, re.I):
                iri = ox.NamedNode(K.same_as_iri(idkind, K.normalize_id(idkind, v)))
                found = _rows(ws, _PFX + "SELECT DISTINCT ?e WHERE { ?e a schema:ScholarlyArticle ; schema:sameAs ?x }", {"x": iri})
                if len(found) == 1:
                    return found[0]["e"]
    if kind == "author" and re.match(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$", v):
        return resolve_entity(ws, kind, "https://orcid.org/" + v, name, thorough=thorough)
    # exact label
    q = _PFX + f"SELECT DISTINCT ?e ?label WHERE {{ ?e a {cls} ; {label} ?x ; {_SHOWN[kind]} ?label }}"
    found = _rows(ws, q, {"x": _lit(v)})
    if kind == "topic" and not found:  # a code is also matched case-insensitively (cs.lg -> cs.LG)
        found = _rows(ws, _PFX + "SELECT DISTINCT ?e ?label WHERE { ?e a skos:Concept ; skos:notation ?c ; "
                      "skos:prefLabel ?label FILTER(LCASE(STR(?c)) = LCASE(STR(?x))) }", {"x": _lit(v)})
    if kind == "author" and not found:  # the key a name would get (case, accents, spacing folded)
        iri = ox.NamedNode(K.iri(K.author_key_from_name(v)))
        if _exists(ws, kind, iri):
            return iri
    if not found and not thorough:
        raise NotFoundError(f"no {kind} named {v!r} in the workspace")
    if not found:  # folded comparison over all labels (case, accents, spacing)
        want = K.fold(v) if kind != "paper" else K.normalize_title(v)
        norm = K.fold if kind != "paper" else K.normalize_title
        allrows = _rows(ws, _PFX + f"SELECT DISTINCT ?e ?x ?label WHERE {{ ?e a {cls} ; {label} ?x ; {_SHOWN[kind]} ?label }}")
        found = [r for r in allrows if norm(r["x"].value) == want]
        found = list({r["e"].value: r for r in found}.values())
        if not found and kind == "author" and v.count(",") == 1:  # "Family, Given" turned round
            family, given = (part.strip() for part in v.split(","))
            turned = K.fold(f"{given} {family}")
            found = list({r["e"].value: r for r in allrows if norm(r["x"].value) == turned}.values())
        if not found:
            # other names with the name's last word as a word of theirs (a family name)
            last = (want.split(",")[0] if "," in want else want).split()[-1:] if kind != "paper" else []
            close = sorted({f"{K.key_of(r['e'].value)} ({r['label'].value})" for r in allrows
                            if last and last[0] in norm(r["x"].value).replace(",", " ").split()})[:8]
            hint = f"; similar: {', '.join(close)}" if close else ""
            raise NotFoundError(f"no {kind} named {v!r} in the workspace{hint}")
    if len(found) > 1:
        raise AmbiguousError(f"{v!r} matches {len(found)} {kind}s; give the key instead: "
                             + ", ".join(_candidates(ws, kind, found)), _candidates(ws, kind, found))
    return found[0]["e"]


def saved_analyses(ws) -> list[str]:
    """Names of the saved analyses (named graphs under ``vocab.ANALYSIS`` that are a
    ``prov:Activity``)."""
    rows = _rows(ws, "SELECT DISTINCT ?g WHERE { ?g a <http://www.w3.org/ns/prov#Activity> "
                     "FILTER(STRSTARTS(STR(?g), STR(?ns))) }", {"ns": _lit(ANALYSIS)})
    return sorted(r["g"].value[len(ANALYSIS):] for r in rows)


def stale_analyses(ws) -> list[tuple[str, int, int]]:
    """Saved analyses computed on an earlier generation of the workspace than its current
    one: ``(name, their generation, the current one)``."""
    current = (getattr(ws, "manifest", None) or {}).get("generation")
    if not current:
        return []
    rows = _rows(ws, "SELECT ?g ?gen WHERE { ?g a <http://www.w3.org/ns/prov#Activity> ; "
                     "<https://w3id.org/graphkit/ontology#workspaceGeneration> ?gen "
                     "FILTER(STRSTARTS(STR(?g), STR(?ns))) }", {"ns": _lit(ANALYSIS)})
    out = []
    for r in rows:
        gen = int(r["gen"].value)
        if gen < current:
            out.append((r["g"].value[len(ANALYSIS):], gen, current))
    return sorted(out)


def resolve_analysis(ws, value: str, name: str = "analysis"):
    """The graph IRI of a saved analysis (``communities-leiden-coauthor`` or its IRI)."""
    v = str(value).strip()
    iri = _named(v) if (v.startswith("<") or "://" in v) else _named(ANALYSIS + v)
    saved = saved_analyses(ws)
    if iri.value.startswith(ANALYSIS) and iri.value[len(ANALYSIS):] in saved:
        return iri
    raise NotFoundError(f"parameter {name}: no saved analysis {v!r} (saved: {', '.join(saved) or 'none yet'}); "
                        "save one with 'graphkit communities --save' or 'graphkit centrality --save'")


def param_term(ws, ptype: str, value: str, name: str = "value", *, thorough: bool = True):
    """The RDF term for one parameter value (entity types are looked up in ``ws``)."""
    if ptype in ENTITY_TYPES:
        return resolve_entity(ws, ptype, value, name, thorough=thorough)
    if ptype == "analysis":
        return resolve_analysis(ws, value, name)
    if ptype == "iri":
        return _named(value)
    return literal_term(ptype, value, name)


def untyped_term(value: str):
    """A parameter of a query without a ``# param:`` line: ``<iri>`` is an IRI, anything else
    a string literal (give a type with ``-p name:type=value``)."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        return _named(v)
    return _lit(value)


def bind_params(ws, query: LibraryQuery, params: dict | None, *, thorough: bool = True) -> tuple[dict, int | None]:
    """Terms for ``params`` (name -> text; a name may carry a type: ``year:integer``) plus the
    declared defaults. Returns (bindings, limit)."""
    params = dict(params or {})
    typed = {}
    for raw, value in params.items():
        n, _, t = raw.lstrip("?$").partition(":")
        typed[n] = (t.lower() or None, value)
    declared = {p.name: p for p in query.params}
    bindings, limit = {}, None
    for n, (t, value) in typed.items():
        p = declared.get(n)
        if t and t not in PARAM_TYPES:
            raise QueryError(f"parameter {n}: unknown type {t!r}; use one of {', '.join(PARAM_TYPES)}")
        ptype = t or (p.type if p else None)
        if p is None and query.params and not t:
            raise QueryError(f"query {query.name!r} has no parameter {n!r}; its parameters: "
                             + ", ".join(x.describe() for x in query.params))
        if ptype != "limit" and p is None and not re.search(r"[?$]" + re.escape(n) + r"(?![\w\u00B7-\uFFFF])", query.text):
            raise QueryError(f"the query has no variable ?{n} to bind"
                             + (f"; its parameters: {', '.join(x.describe() for x in query.params)}" if query.params else ""))
        if ptype == "limit":
            limit = int(literal_term("limit", value, n).value)
        elif ptype is None:
            bindings[n] = untyped_term(value)
        else:
            bindings[n] = param_term(ws, ptype, value, n, thorough=thorough)
    for p in query.params:
        if p.name in typed or p.default is None:
            continue
        if p.type == "limit":
            limit = int(literal_term("limit", p.default, p.name).value)
        else:
            bindings[p.name] = param_term(ws, p.type, p.default, p.name, thorough=thorough)
    return bindings, limit


@dataclass(frozen=True)
class Prepared:
    """A query ready to send: ``text`` and how it was made from ``original`` (to report syntax
    errors at the user's line and column)."""

    text: str
    original: str
    prefix_chars: int = 0
    inserts: tuple = ()
    union: bool = True  # False: the knowledge graph alone (``# graphs: knowledge``)

    def locate(self, message: str) -> str:
        """Rewrite 'error at L:C' (a position in ``text``) as the line and column in ``original``."""
        m = _ERR_POS.search(message)
        if not m:
            return message
        off = _offset(self.text, int(m.group(1)), int(m.group(2)))
        for pos, length in reversed(self.inserts):
            if off >= pos + length:
                off -= length
            elif off >= pos:
                off = pos
        off = min(max(off - self.prefix_chars, 0), len(self.original))
        line, col = _line_col(self.original, off)
        rest = message[m.end():]
        if "Prefix not found" in rest:  # (the engine lists every character it could have read)
            declared = declared_prefixes(self.text)
            unknown = sorted({self.text[a:b].split(":")[0] for kind, a, b in _tokens(self.text)
                              if kind == "word" and ":" in self.text[a:b]} - set(declared))
            if unknown:
                rest = (f": unknown prefix {', '.join(u + ':' for u in unknown)} (declare it: PREFIX "
                        f"{unknown[0]}: <IRI>; known without declaring: {', '.join(PREFIXES)})")
        return message[:m.start()] + f"error at line {line}, column {col}" + rest


def prepare(ws, query: LibraryQuery | str, params: dict | None = None, *, thorough: bool = True) -> Prepared:
    """Bind ``params`` (VALUES), apply a ``limit`` parameter and add the usual prefixes."""
    if isinstance(query, str):
        query = parse_query_text(query)
    if query_form(query.text) == "update":
        raise QueryError("updates are not run here: graphkit queries are read-only "
                         "(change the workspace with 'graphkit ingest')")
    bindings, limit = bind_params(ws, query, params, thorough=thorough)
    text, added = with_prefixes(query.text)
    text, inserts = _bind(text, bindings)
    if limit is not None:
        text = set_limit(text, limit)
    return Prepared(text, query.text, added, tuple(inserts), union=query.graphs != "knowledge")


def set_limit(text: str, limit: int) -> str:
    """Every ``LIMIT n`` clause of ``text`` (outer query and subqueries) set to ``limit``; a
    ``LIMIT`` is appended where the query has none.

    >>> set_limit("SELECT * WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 20 } } LIMIT 20", 5)
    'SELECT * WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 5 } } LIMIT 5'
    >>> print(set_limit("SELECT * WHERE { ?a ?b ?c }", 5))
    SELECT * WHERE { ?a ?b ?c }
    LIMIT 5
    <BLANKLINE>
    """
    n = int(limit)
    toks = _tokens(text)
    spans = [(toks[i + 1][1], toks[i + 1][2]) for i in range(len(toks) - 1)
             if toks[i][0] == "word" and text[toks[i][1]:toks[i][2]].lower() == "limit" and toks[i + 1][0] == "num"]
    if not spans:
        return text.rstrip() + f"\nLIMIT {n}\n"
    for a, b in reversed(spans):
        text = text[:a] + str(n) + text[b:]
    return text


# ----------------------------------------------------------------------------- running
@dataclass
class Result:
    """A query result: ``form`` is ``select``, ``ask`` or ``graph``."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # pyoxigraph terms (None when unbound)
    boolean: bool | None = None
    triples: list = field(default_factory=list)  # pyoxigraph Triples

    def __len__(self) -> int:
        return len(self.rows) if self.form == "select" else len(self.triples) if self.form == "graph" else 1


class ResultTooLarge(QueryError):
    """The result has more rows (or triples) than allowed."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"the result has more than {limit} rows; add a LIMIT (at most {limit})")


def execute(ws, prepared: Prepared | str, *, max_rows: int | None = None) -> Result:
    """Run prepared SPARQL on ``ws`` (anything with ``query(text)`` returning pyoxigraph
    results). Syntax errors name the line and column of the text the user wrote."""
    import pyoxigraph as ox
    if isinstance(prepared, str):
        prepared = Prepared(prepared, prepared)
    try:
        # the knowledge graph alone (``# graphs: knowledge``), or the dataset a FROM clause names
        # (over the union of all graphs the query's own FROM would be ignored)
        on_default = (None if prepared.union and not uses_keyword(prepared.text, "from")
                      else getattr(ws, "query_default_graph", None))
        res = on_default(prepared.text) if on_default is not None else ws.query(prepared.text)
        if isinstance(res, (ox.QueryBoolean, bool)):
            return Result("ask", boolean=bool(res))
        if hasattr(res, "variables"):
            names = [v.value for v in res.variables]
            # a solution iterates over its values in the order of ``names`` (None where
            # unbound): 3x faster than looking each value up by name (69k rows: 0.35 s, 1.0 s).
            # The terms make no cycles: the collector is paused while they pile up (with a
            # corpus loaded, its passes over it cost more than reading the rows).
            with _gc.paused(freeze=False):
                if max_rows is None:
                    rows = [tuple(sol) for sol in res]
                else:
                    rows = []
                    for sol in res:
                        if len(rows) >= max_rows:
                            raise ResultTooLarge(max_rows)
                        rows.append(tuple(sol))
            return Result("select", variables=names, rows=rows)
        triples = []
        for t in res:
            if max_rows is not None and len(triples) >= max_rows:
                raise ResultTooLarge(max_rows)
            triples.append(t)
        return Result("graph", triples=triples)
    except ResultTooLarge:
        raise
    except QueryError as exc:
        raise QueryError(prepared.locate(str(exc))) from None
    except SyntaxError as exc:
        raise QueryError(prepared.locate(f"SPARQL syntax error: {exc}")) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from None


def run(ws, query: LibraryQuery | str, params: dict | None = None, *, max_rows: int | None = None) -> Result:
    """Bind ``params`` and run a library query (or SPARQL text) on ``ws``."""
    return execute(ws, prepare(ws, query, params), max_rows=max_rows)


def run_library_query(ws, name: str, params: dict | None = None):
    """Run the library query ``name`` with ``params`` (name -> text) on a workspace.

    Returns a list of dicts of Python values for SELECT, a bool for ASK, a list of pyoxigraph
    Triples for CONSTRUCT/DESCRIBE. Works on a ``Workspace``, a ``RemoteWorkspace`` or any
    object with ``query(text)`` returning pyoxigraph results.
    """
    res = run(ws, get_query(name), params)
    if res.form == "select":
        return rows_as_dicts(res)
    if res.form == "ask":
        return res.boolean
    return res.triples


# ----------------------------------------------------------------------------- values and output
def term_python(t, compact: bool = False):
    """Python value of a term: bool/int/float for numeric and boolean literals, str otherwise
    (IRIs as strings; with ``compact``, graphkit's own and known namespaces as prefix:local)."""
    if t is None:
        return None
    literal, named, blank = _term_types()
    if isinstance(t, literal):  # most values: read the datatype once, convert by table
        v = t.value
        dt = t.datatype
        if dt is None:
            return v
        dt = dt.value
        if dt == _XSD_STRING:
            return v
        convert = _CONVERT.get(dt)
        if convert is None:
            return v in ("true", "1") if dt.endswith("#boolean") else v
        try:
            return convert(v)
        except ValueError:
            return v
    if isinstance(t, named):
        return compact_iri(t.value) if compact else t.value
    if isinstance(t, blank):
        return "_:" + t.value
    return str(t)


_XSD_STRING = XSD + "string"
_CONVERT = {XSD + n: int for n in ("integer", "int", "long", "short", "positiveInteger",
                                   "nonNegativeInteger", "negativeInteger", "nonPositiveInteger",
                                   "unsignedInt", "unsignedLong")}
_CONVERT.update({XSD + n: float for n in ("double", "float", "decimal")})
_CONVERT[XSD + "gYear"] = int  # fabio:hasPublicationYear: a year, as papers-in-years gives it
_TERM_TYPES: tuple = ()


def _term_types() -> tuple:
    """(Literal, NamedNode, BlankNode) of pyoxigraph, imported at first use."""
    global _TERM_TYPES
    if not _TERM_TYPES:
        import pyoxigraph as ox
        _TERM_TYPES = (ox.Literal, ox.NamedNode, ox.BlankNode)
    return _TERM_TYPES


def compact_iri(iri: str) -> str:
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and re.fullmatch(r"[\w\-.]*", iri[len(ns):]):
            return f"{p}:{iri[len(ns):]}"
    return iri


@_gc.paused_in  # one dict per row, no cycles
def rows_as_dicts(res: Result, compact: bool = False) -> list[dict]:
    return [{n: term_python(t, compact) for n, t in zip(res.variables, row)} for row in res.rows]


def _json_term(t) -> dict:
    import pyoxigraph as ox
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype is not None and t.datatype.value != XSD + "string":
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject),
                                            "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    raise TypeError(f"not an RDF term: {t!r}")


def _xml_term(t) -> str:
    import pyoxigraph as ox
    if isinstance(t, ox.NamedNode):
        return f"<uri>{_xml_escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{_xml_escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={_xml_attr(t.language)}>{_xml_escape(t.value)}</literal>"
        if t.datatype is not None and t.datatype.value != XSD + "string":
            return f"<literal datatype={_xml_attr(t.datatype.value)}>{_xml_escape(t.value)}</literal>"
        return f"<literal>{_xml_escape(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>{_xml_term(t.predicate)}"
                f"</predicate><object>{_xml_term(t.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {t!r}")


def _csv_value(t) -> str:
    import pyoxigraph as ox
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    if isinstance(t, ox.Triple):
        return str(t)
    return t.value


def serialize_results(res: Result, fmt: str) -> bytes:
    """SPARQL results (SELECT or ASK) in a W3C format: ``json``, ``xml``, ``csv`` or ``tsv``."""
    if res.form == "graph":
        raise QueryError("a CONSTRUCT/DESCRIBE result is a graph: use turtle, ntriples or jsonld")
    if fmt == "json":
        if res.form == "ask":
            return json.dumps({"head": {}, "boolean": res.boolean}).encode()
        doc = {"head": {"vars": res.variables},
               "results": {"bindings": [{n: _json_term(t) for n, t in zip(res.variables, row) if t is not None}
                                        for row in res.rows]}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        if res.form == "ask":
            out.append(f"</head>\n<boolean>{'true' if res.boolean else 'false'}</boolean>\n</sparql>\n")
            return "".join(out).encode("utf-8")
        out += [f"<variable name={_xml_attr(n)}/>" for n in res.variables]
        out.append("</head>\n<results>")
        for row in res.rows:
            out.append("<result>" + "".join(f"<binding name={_xml_attr(n)}>{_xml_term(t)}</binding>"
                                            for n, t in zip(res.variables, row) if t is not None) + "</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        if res.form == "ask":
            w.writerow(["boolean"])
            w.writerow(["true" if res.boolean else "false"])
        else:
            w.writerow(res.variables)
            for row in res.rows:
                w.writerow([_csv_value(t) for t in row])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        if res.form == "ask":
            return f"?boolean\n{'true' if res.boolean else 'false'}\n".encode()
        lines = ["\t".join("?" + n for n in res.variables)]
        for row in res.rows:
            lines.append("\t".join("" if t is None else str(t) for t in row))
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise QueryError(f"unknown results format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")


def serialize_graph(triples, fmt: str) -> bytes:
    """Triples as ``turtle``, ``ntriples``, ``jsonld`` or ``rdfxml`` (sorted: deterministic)."""
    import pyoxigraph as ox
    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
    if fmt not in formats:
        raise QueryError(f"unknown graph format {fmt!r}; use one of {', '.join(formats)}")
    items = sorted(triples, key=str)
    prefixes = PREFIXES if fmt in ("turtle", "jsonld", "rdfxml") else None
    return ox.serialize(items, format=formats[fmt], prefixes=prefixes) if items or fmt != "jsonld" else b"[]\n"


class RdflibWorkspace:
    """An rdflib in-memory Dataset (default graph = union of all graphs) with the ``query(text)``
    interface of a Workspace, for comparing engines on the same data:
    ``RdflibWorkspace.from_workspace(ws)`` loads a workspace's N-Quads into rdflib's default store.
    """

    remote = False

    def __init__(self, dataset):
        self.dataset = dataset

    @classmethod
    def from_workspace(cls, ws) -> "RdflibWorkspace":
        import pyoxigraph as ox
        import rdflib
        data = ox.serialize(ws.store(), format=ox.RdfFormat.N_QUADS)
        ds = rdflib.Dataset(default_union=True)
        ds.parse(data=data.decode("utf-8"), format="nquads")
        return cls(ds)

    def query(self, sparql: str, substitutions=None):
        import pyoxigraph as ox
        if substitutions:
            sparql = bind_values(sparql, substitutions)
        try:
            res = self.dataset.query(sparql)
        except Exception as exc:  # rdflib raises pyparsing errors and others
            raise QueryError(f"SPARQL error (rdflib): {exc}") from None
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            return [ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in res.graph]
        if res.type == "ASK":
            return bool(res.askAnswer)
        return _Solutions([str(v) for v in res.vars],
                          [{str(k): _ox_term(v) for k, v in row.asdict().items() if v is not None} for row in res])


class _Solutions:
    """Query solutions shaped like pyoxigraph's (``variables``; rows indexable by name and
    iterating over their values in the order of the variables, None where unbound)."""

    def __init__(self, names, rows):
        import pyoxigraph as ox
        self.variables = [ox.Variable(n) for n in names]
        self._names = list(names)
        self._rows = rows

    def __iter__(self):
        return (_Row(r, self._names) for r in self._rows)


class _Row:
    """One solution: indexed by variable (or its name), iterated in the variables' order."""

    __slots__ = ("_values", "_names")

    def __init__(self, values: dict, names: list):
        self._values, self._names = values, names

    def __getitem__(self, key):
        return self._values.get(key.value if hasattr(key, "value") else key)

    def __iter__(self):
        return (self._values.get(n) for n in self._names)


def _ox_term(t):
    import pyoxigraph as ox
    import rdflib
    if isinstance(t, rdflib.URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, rdflib.BNode):
        return ox.BlankNode(str(t))
    if t.language:
        return ox.Literal(str(t), language=t.language)
    return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype))) if t.datatype else ox.Literal(str(t))


__all__ = ["LibraryQuery", "Param", "Result", "ResultTooLarge", "RdflibWorkspace", "bind_params",
           "bind_values", "execute", "get_query", "library_dirs", "load_library", "load_query",
           "parse_query_text", "prepare", "query_form", "resolve_entity", "rows_as_dicts", "run",
           "run_library_query", "serialize_graph", "serialize_results", "term_python", "values_block"]
