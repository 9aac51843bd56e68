"""BibTeX (.bib), parsed with bibtexparser 2, streamed in batches of entries.

* values: ``@string`` macros (case-insensitive, with ``#`` concatenation), the standard
  month macros (``month = jan``), LaTeX accents, escapes and braces decoded
  (``{\\"u}`` -> ü, ``\\'{e}`` -> é, ``{\\o}`` -> ø, ``\\&`` -> &);
* authors in order: "Last, First", "First Last", "von Last, Jr., First"; ``and others`` marks
  a truncated list; DBLP homonym numbers ("Manish Singh 0001") identify the DBLP person and
  are dropped from the name;
* ``crossref``: a child inherits the fields it lacks from its parent (the parent's title
  becomes the child's ``booktitle``), but never the parent's identifiers;
* identifiers: ``doi``, arXiv (``eprint`` with ``archivePrefix``/``eprinttype`` arXiv, CoRR
  volumes ``abs/...``, arxiv.org URLs), DBLP record keys (``DBLP:conf/...``), ``pmid``;
* all three DBLP export styles (condensed, standard, with crossref) read alike.

A malformed entry is skipped with its line; a file without any entry is an error.
"""
from __future__ import annotations

import functools
import re
from typing import Iterator

from ..errors import InputError
from ..model import RawAuthor, RawInstitution, RawTopic, Record
from . import ReadContext
from ._text import arxiv_from, doi_from, fast_factory, iso_date, iter_text_lines, latex_to_text, month_number

BATCH_LINES = 4000  # parse this many lines at a time (cut at entry boundaries)

_MONTH_MACROS = {m: name for m, name in zip(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    ("January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"))}
KINDS = {
    "article": "article", "inproceedings": "inproceedings", "conference": "inproceedings",
    "proceedings": "proceedings", "mvproceedings": "proceedings", "book": "book",
    "mvbook": "book", "inbook": "incollection", "incollection": "incollection",
    "bookinbook": "incollection", "suppbook": "incollection", "inreference": "incollection",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
}
# fields a child never inherits through crossref: they identify the parent
_NOT_INHERITED = {"doi", "url", "ee", "eprint", "eprinttype", "archiveprefix", "biburl",
                  "bibsource", "timestamp", "isbn", "issn", "pmid", "crossref", "abstract",
                  "keywords", "pages", "note", "key", "title", "author"}
_RX_ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]")
_RX_CROSSREF = re.compile(r"\bcrossref\s*=\s*[{\"]\s*([^}\",\s]+)", re.I)
_RX_HOMONYM = re.compile(r"^(.*\S)\s+(\d{4})$")
_RX_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
_RX_COMMA_JR = re.compile(r",\s*(jr|sr|ii|iii|iv)\.?\s*,", re.I)
_RX_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RX_DBLP_REC = re.compile(r"dblp\.org/rec/(.+?)(?:\.bib)?$")
_RX_KEYWORD_SEP = re.compile(r"[;,]")
_Record, _Author, _Topic = (fast_factory(c) for c in (Record, RawAuthor, RawTopic))


@functools.cache
def _bibtexparser_names():
    """bibtexparser's name functions, imported on first use."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
    return parse_single_name_into_parts, split_multiple_persons_names


@functools.lru_cache(maxsize=1 << 16)  # a bibliography repeats its names: parse each spelling once
def _name_parts(n: str) -> tuple[str | None, str | None, str]:
    """(given, family, display name) of one name as written."""
    try:
        parts = _bibtexparser_names()[0](n, strict=False)
        first = latex_to_text(" ".join(parts.first)) or None
        family = latex_to_text(" ".join(parts.von + parts.last)) or None
        jr = latex_to_text(" ".join(parts.jr))
    except Exception:  # bibtexparser refuses some odd names: keep the text as written
        first, family, jr = None, latex_to_text(n) or None, ""
    return first, family, " ".join(x for x in (first, family, jr) if x)


def sniff(path: str, head: bytes) -> bool:
    text = head.decode("utf-8", "ignore")
    if path.lower().endswith((".bib", ".bibtex")) and re.search(r"(?m)^\s*@\s*[A-Za-z]+\s*[{(]", text):
        return True
    return bool(re.search(r"(?m)^\s*@\s*(?!comment\b)[A-Za-z]+\s*[{(]\s*[^\s,]*\s*,", text)
                or re.search(r"(?mi)^\s*@\s*string\s*[{(]", text))


# ---------------------------------------------------------------- values
def _split_concat(raw: str) -> list[str]:
    """Parts of ``a # "b" # {c}`` (``#`` outside braces and quotes)."""
    parts, depth, quote, cur = [], 0, False, []
    for ch in raw:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quote = not quote
        if ch == "#" and depth == 0 and not quote:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def evaluate(raw, strings: dict[str, str], undefined: list | None = None) -> str:
    """The text of a raw BibTeX value: enclosing braces/quotes removed, macros expanded."""
    raw = str(raw).strip()
    if not raw:
        return ""
    if "#" not in raw:
        parts = [raw]
    else:
        parts = _split_concat(raw)
    out = []
    for p in parts:
        p = p.strip()
        if len(p) >= 2 and ((p[0] == "{" and p[-1] == "}") or (p[0] == '"' and p[-1] == '"')):
            out.append(p[1:-1])
        elif p.isdigit():
            out.append(p)
        else:
            key = p.lower()
            if key in strings:
                out.append(strings[key])
            elif key in _MONTH_MACROS:
                out.append(_MONTH_MACROS[key])
            else:
                if undefined is not None and p:
                    undefined.append(p)
                out.append(p)
    return "".join(out)


# ---------------------------------------------------------------- names
def parse_authors(raw: str, path: str, line: int, ctx: ReadContext, key: str
                  ) -> tuple[list[RawAuthor], bool]:
    """Authors (in order) of a raw ``author`` value and whether the list is complete."""
    split_multiple_persons_names = _bibtexparser_names()[1]
    raw = " ".join(raw.split())
    if not raw:
        return [], True
    names = split_multiple_persons_names(raw)
    if len(names) == 1 and names[0].count(",") >= 2 and not _RX_COMMA_JR.search(names[0]):
        # "A. Smith, B. Jones, C. Brown": a comma-separated list instead of "and"
        ctx.warn(path, line, f"entry {key}: author list separated by commas instead of 'and'; "
                 "read as one name per comma")
        names = [n.strip() for n in names[0].split(",") if n.strip()]
    authors: list[RawAuthor] = []
    complete = True
    for n in names:
        n = n.strip()
        if n.lower() in ("others", "{others}", "et al.", "et al"):
            complete = False
            continue
        number = None
        m = _RX_HOMONYM.match(n)
        if m and "," not in n:  # DBLP: "Manish Singh 0001"
            n, number = m.group(1), m.group(2)
        first, family, display = _name_parts(n)
        if not display:
            continue
        # the DBLP person as DBLP writes it: name + homonym number
        ids = (("dblp", f"{display} {number}"),) if number else ()
        authors.append(_Author(name=display, position=len(authors) + 1, given=first, family=family, ids=ids))
    return authors, complete


# ---------------------------------------------------------------- file
def _batches(path: str, ctx: ReadContext) -> Iterator[tuple[int, str]]:
    """(0-based line offset, text) batches of whole entries. A batch is cut at an entry start
    outside braces, or at any entry start once it is four batches long: an unbalanced brace
    (a malformed entry) would otherwise hold the rest of the file in one batch."""
    buf: list[str] = []
    start = 0
    depth = 0
    for n, line in iter_text_lines(path, ctx, "BibTeX", keepends=True):
        if ((depth <= 0 and len(buf) >= BATCH_LINES) or len(buf) >= 4 * BATCH_LINES) \
                and _RX_ENTRY_START.match(line):
            yield start, "".join(buf)
            buf, start, depth = [], n - 1, 0
        buf.append(line)
        if "{" in line or "}" in line:
            esc_open, esc_close = line.count("\\{"), line.count("\\}")
            depth += (line.count("{") - esc_open) - (line.count("}") - esc_close)
    if buf:
        yield start, "".join(buf)


def _crossref_targets(path: str, ctx: ReadContext) -> set[str]:
    out = set()
    for _, line in iter_text_lines(path, ctx, "BibTeX (crossref scan)"):
        if "rossref" in line or "ROSSREF" in line:
            for m in _RX_CROSSREF.finditer(line):
                out.add(m.group(1).lower())
    return out


def _blocks(path: str, ctx: ReadContext, strings: dict[str, str], warn: bool):
    """(line, entry type, key, raw fields) of every entry; @string blocks update ``strings``."""
    import logging
    from bibtexparser import parse_string
    # skipped blocks are reported with file:line by this reader, not by bibtexparser's log
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    from bibtexparser.model import (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry,
                                    ParsingFailedBlock, String)
    for offset, text in _batches(path, ctx):
        lib = parse_string(text, parse_stack=[])
        for b in lib.blocks:
            line = offset + (b.start_line or 0) + 1
            if isinstance(b, String):
                strings[b.key.lower()] = evaluate(b.value, strings)
                continue
            if isinstance(b, (DuplicateFieldKeyBlock, DuplicateBlockKeyBlock)):
                entry = b.ignore_error_block
                if warn:
                    what = (f"duplicate field {', '.join(sorted(b.duplicate_keys))} (the first is used)"
                            if isinstance(b, DuplicateFieldKeyBlock)
                            else "duplicate entry key (kept: records are merged later by identifiers and titles)")
                    ctx.warn(path, line, f"entry {getattr(entry, 'key', '?')}: {what}")
                b = entry
            elif isinstance(b, ParsingFailedBlock):
                if warn:
                    reason = str(b.error).splitlines()[0] if str(b.error) else type(b.error).__name__
                    if "aborted" in type(b.error).__name__.lower() or not str(b.error):
                        reason = "the entry is not closed or has a syntax error"
                    ctx.skip(path, line, f"malformed BibTeX entry skipped: {reason}")
                continue
            if not isinstance(b, Entry):
                continue  # comments, preambles
            fields: dict[str, str] = {}
            for f in b.fields:
                k = f.key.lower()
                if k not in fields:
                    fields[k] = f.value
            yield line, b.entry_type.lower(), b.key, fields


def read(path: str, ctx: ReadContext) -> Iterator[Record]:
    targets = _crossref_targets(path, ctx)
    parents: dict[str, tuple[str, dict[str, str]]] = {}
    if targets:  # first pass: the entries others crossref (usually proceedings and books)
        strings: dict[str, str] = {}
        for _, etype, key, raw in _blocks(path, ctx, strings, warn=False):
            if key.lower() in targets:
                parents[key.lower()] = (etype, {k: evaluate(v, strings) for k, v in raw.items()})
    strings = {}
    found = 0
    entries = 0
    for line, etype, key, raw in _blocks(path, ctx, strings, warn=True):
        entries += 1
        undefined: list[str] = []
        fields = {k: evaluate(v, strings, undefined) for k, v in raw.items()}
        if undefined and any(k in raw for k in ("title", "author", "year")):
            ctx.warn(path, line, f"entry {key}: undefined macro(s) {', '.join(sorted(set(undefined)))} "
                     "kept as written")
        xref = fields.get("crossref", "").strip().lower()
        seen = set()
        while xref and xref not in seen:
            seen.add(xref)
            parent = parents.get(xref)
            if parent is None:
                ctx.warn(path, line, f"entry {key}: crossref {xref!r} not found in the file")
                break
            ptype, pfields = parent
            for k, v in pfields.items():
                if k not in fields and k not in _NOT_INHERITED:
                    fields[k] = v
            if "booktitle" not in fields and pfields.get("title"):
                fields["booktitle"] = pfields["title"]
            xref = pfields.get("crossref", "").strip().lower()
        rec = _record(path, line, etype, key, fields, ctx)
        if rec is not None:
            found += 1
            yield rec
    if entries == 0:
        raise InputError(path, "no BibTeX entries found (expected @article{key, ...} blocks)", 1)


def _record(path: str, line: int, etype: str, key: str, f: dict[str, str], ctx: ReadContext) -> Record | None:
    title = latex_to_text(f.get("title", ""))
    if not title:
        ctx.skip(path, line, f"entry {key} has no title; skipped")
        return None
    authors, complete = parse_authors(f.get("author", ""), path, line, ctx, key)
    # ---- date
    year = None
    date = None
    if f.get("date"):
        m = _RX_DATE.match(f["date"])
        if m:
            year = int(m.group(1))
            date = iso_date(year, m.group(2), m.group(3))
    if year is None and f.get("year"):
        m = _RX_YEAR.search(f["year"])
        if m:
            year = int(m.group(1))
            date = iso_date(year, month_number(latex_to_text(f.get("month", ""))) if f.get("month") else None,
                            f.get("day"))
        else:
            ctx.warn(path, line, f"entry {key}: year {f['year']!r} is not a year; left empty")
    # ---- identifiers
    ids: list[tuple[str, str]] = []
    doi = doi_from(f.get("doi")) or (doi_from(f.get("url")) if "doi.org" in f.get("url", "") else None)
    if doi:
        ids.append(("doi", latex_to_text(doi).replace(" ", "")))
    arx = None
    prefix = (f.get("archiveprefix") or f.get("eprinttype") or "").strip().lower()
    if f.get("eprint") and (prefix == "arxiv" or (not prefix and arxiv_from(f["eprint"]))):
        arx = arxiv_from(f["eprint"]) or (f["eprint"].strip() if prefix == "arxiv" else None)
    if arx is None and latex_to_text(f.get("journal", "")).lower() == "corr" and f.get("volume"):
        arx = arxiv_from(f["volume"])
    if arx is None:
        for fld in ("url", "doi"):
            if "arxiv" in f.get(fld, "").lower():
                arx = arxiv_from(f[fld])
                if arx:
                    break
    if arx:
        ids.append(("arxiv", arx))
    if key.startswith("DBLP:"):
        ids.append(("dblp", key[5:]))
    elif "dblp.org/rec/" in f.get("biburl", ""):
        m = _RX_DBLP_REC.search(f["biburl"].strip())
        if m:
            ids.append(("dblp", m.group(1)))
    if f.get("pmid", "").strip().isdigit():
        ids.append(("pmid", f["pmid"].strip()))
    # ---- kind and venue
    kind = KINDS.get(etype, "misc")
    journal = latex_to_text(f.get("journal") or f.get("journaltitle") or "")
    if kind == "article" and (journal.lower() in ("corr", "arxiv", "arxiv preprint")
                              or journal.lower().startswith("arxiv")):
        kind = "preprint"
    venue = journal or latex_to_text(f.get("booktitle") or f.get("series") or "") or None
    insts = tuple(RawInstitution(latex_to_text(f[k])) for k in ("school", "institution")
                  if f.get(k) and latex_to_text(f[k]))
    topics = []
    kw = f.get("keywords") or f.get("keyword")
    if kw:
        seen = set()
        for k in _RX_KEYWORD_SEP.split(latex_to_text(kw)):
            k = k.strip()
            if k and k.lower() not in seen:
                seen.add(k.lower())
                topics.append(_Topic(scheme="keyword", code=k.lower(), label=k))
    abstract = latex_to_text(f["abstract"]) if f.get("abstract") else None
    return _Record(
        source=path, line=line, title=title, authors=tuple(authors), authors_complete=complete,
        date=date, year=year, ids=tuple(ids), abstract=abstract or None, venue=venue, kind=kind,
        topics=tuple(topics), institutions=insts,
    )
