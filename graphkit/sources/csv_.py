"""CSV and TSV tables: any layout with a column mapping, and two layouts without one.

``--map FIELD=COLUMN,...`` names the columns (``ctx.options["csv"]["map"]``); fields:

========== ==========================================================================
title      the title (required)
authors    names separated by ``;`` (or ``|``, `` and ``, or ``,``), "Last, First" or
           "First Last"
year/date  the year; an ISO date (``2019-03-07``, ``2019-03``)
doi, arxiv, pmid, scopus, openalex   identifiers
venue      journal or conference; ``abstract``; ``keywords`` (``;``-separated)
kind       the document type (article, conference paper, book chapter, preprint, ...)
affiliations   one per author, separated like the authors (or all for the paper)
orcids, author_ids   one per author, aligned with the authors (ORCIDs; Scopus/OpenAlex ids)
========== ==========================================================================

Recognised without a mapping: Scopus exports (``Authors``, ``Title``, ``Year``, ``EID``, ...;
full names and Scopus author ids from ``Author full names``/``Author(s) ID``, affiliations from
``Authors with affiliations``) and the OpenAlex CSV layout (``display_name``,
``authorships.author.display_name`` ... with ``|`` between authors).
"""
from __future__ import annotations

import csv
import re
from typing import Iterator

from ..errors import InputError
from ..model import RawAuthor, RawInstitution, RawTopic, Record
from . import ReadContext
from ._text import arxiv_from, doi_from, fast_factory, iter_text_lines, parse_date, person_name

FIELDS = ("title", "authors", "year", "date", "doi", "arxiv", "pmid", "scopus", "openalex",
          "venue", "abstract", "keywords", "kind", "affiliations", "orcids", "author_ids")
SCOPUS = {"title": "Title", "authors": "Authors", "year": "Year", "venue": "Source title",
          "doi": "DOI", "abstract": "Abstract", "keywords": "Author Keywords", "kind": "Document Type",
          "scopus": "EID", "pmid": "PubMed ID"}
OPENALEX = {"title": "display_name", "authors": "authorships.author.display_name",
            "author_ids": "authorships.author.id", "orcids": "authorships.author.orcid",
            "year": "publication_year", "date": "publication_date", "doi": "doi", "openalex": "id",
            "venue": "primary_location.source.display_name", "kind": "type", "pmid": "ids.pmid",
            "abstract": "abstract"}
KINDS = {"article": "article", "journal article": "article", "journal-article": "article",
         "review": "article", "letter": "article", "note": "article", "editorial": "article",
         "short survey": "article", "article in press": "article", "data paper": "article",
         "conference paper": "inproceedings", "proceedings paper": "inproceedings",
         "proceedings-article": "inproceedings", "inproceedings": "inproceedings",
         "conference review": "proceedings", "proceedings": "proceedings", "book": "book",
         "monograph": "book", "book chapter": "incollection", "book-chapter": "incollection",
         "incollection": "incollection", "chapter": "incollection", "thesis": "thesis",
         "dissertation": "thesis", "phdthesis": "thesis", "preprint": "preprint",
         "posted-content": "preprint", "misc": "misc", "erratum": "misc", "retracted": "misc"}
_EMPTY = {"", "NA", "N/A", "null", "None", "[No abstract available]"}
_RX_INITIALS = re.compile(r"^(?:[A-Z]\.)+(?:-[A-Z]\.)*$|^[A-Z]{1,3}$")
_RX_SCOPUS_FULL = re.compile(r"^(.*?)\s*\((\d+)\)\s*$")
_RX_AND = re.compile(r"\s+and\s+")
_RX_AND_OR_COMMA = re.compile(r"\s+and\s+|,\s*(?=\S)")
_RX_AFF_NAME = re.compile(r"^[^,]+,\s*(?:(?:[A-Z]\.)+(?:-[A-Z]\.)*\s*,\s*)?")
_RX_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", re.I)
_RX_OPENALEX_AUTHOR = re.compile(r"A\d+", re.I)
_RX_OPENALEX_WORK = re.compile(r"W\d+", re.I)
_RX_YEAR = re.compile(r"^\s*(\d{4})(?:\.0)?\s*$")
_RX_TRAILING_NUMBER = re.compile(r"(\d+)\s*$")
_Record, _Author, _Topic, _Inst = (fast_factory(c) for c in (Record, RawAuthor, RawTopic, RawInstitution))


def _is_scopus(header: list[str]) -> bool:
    h = set(header)
    return {"Authors", "Title", "Year"} <= h and bool(h & {"EID", "Source title", "Link"})


def _is_openalex(header: list[str]) -> bool:
    return {"display_name", "authorships.author.display_name"} <= set(header)


def sniff(path: str, head: bytes) -> bool:
    first = head.decode("utf-8", "ignore").lstrip("\ufeff").split("\n", 1)[0]
    try:
        header = next(csv.reader([first], delimiter=_delimiter(first)))
    except (csv.Error, StopIteration):
        return False
    if _is_scopus(header) or _is_openalex(header):
        return True
    return path.lower().endswith((".csv", ".tsv", ".csv.gz", ".tsv.gz")) and len(header) >= 2


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _val(row: list[str], idx: int | None) -> str:
    if idx is None or idx >= len(row):
        return ""
    v = row[idx].strip()
    return "" if v in _EMPTY else v


def split_list(text: str, comma: bool = True) -> list[str]:
    """Items of a list cell: ``;`` or ``|`` separated, else `` and ``, else commas."""
    if not text:
        return []
    for sep in (";", "|"):
        if sep in text:
            return [t.strip() for t in text.split(sep) if t.strip()]
    if _RX_AND.search(text):
        return [t.strip(" ,") for t in _RX_AND_OR_COMMA.split(text) if t.strip(" ,")]
    if comma and "," in text:
        return [t.strip() for t in text.split(",") if t.strip()]
    return [text.strip()]


def _name(raw: str) -> tuple[str, str | None, str | None]:
    """Display, given and family of "Last, First", "First Last" or Scopus' "Phillips J.C."."""
    raw = " ".join(raw.split())
    if "," not in raw:
        bits = raw.split(" ")
        if len(bits) >= 2 and _RX_INITIALS.match(bits[-1]) and not _RX_INITIALS.match(bits[0]):
            family, given = " ".join(bits[:-1]), bits[-1]
            return f"{given} {family}", given, family
    return person_name(raw)


def read(path: str, ctx: ReadContext) -> Iterator[Record]:
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))
    lines = iter_text_lines(path, ctx, "CSV", keepends=True)
    first = next(lines, None)
    if first is None:
        raise InputError(path, "file is empty", 1)
    delim = "\t" if path.lower().endswith((".tsv", ".tsv.gz")) else _delimiter(first[1])
    state = {"line": 1}

    def text_lines():
        yield first[1]
        for n, ln in lines:
            state["line"] = n
            yield ln
    reader = csv.reader(text_lines(), delimiter=delim)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except csv.Error as exc:
        raise InputError(path, f"not a readable CSV header ({exc})", 1) from None
    user_map = (ctx.options.get("csv") or {}).get("map") or None
    layout = "mapped"
    if user_map:
        unknown = sorted(set(user_map) - set(FIELDS))
        if unknown:
            raise InputError(path, f"--map names unknown field(s) {', '.join(unknown)}; "
                             f"fields: {', '.join(FIELDS)}")
        mapping = dict(user_map)
    elif _is_scopus(header):
        layout, mapping = "scopus", {k: v for k, v in SCOPUS.items() if v in header}
    elif _is_openalex(header):
        layout, mapping = "openalex", {k: v for k, v in OPENALEX.items() if v in header}
    else:
        raise InputError(path, "a CSV file needs a column mapping, e.g. --map title=Title,"
                         f"authors=Authors,year=Year (columns here: {', '.join(header[:12])}"
                         f"{', ...' if len(header) > 12 else ''})", 1)
    col = {h: i for i, h in enumerate(header)}
    missing = [c for c in mapping.values() if c not in col]
    if missing:
        raise InputError(path, f"column(s) {', '.join(repr(m) for m in missing)} not in the header "
                         f"(columns: {', '.join(header[:20])}{', ...' if len(header) > 20 else ''})", 1)
    if "title" not in mapping:
        raise InputError(path, "the column mapping needs title=COLUMN")
    idx = {f: col[c] for f, c in mapping.items()}
    extra = {}
    if layout == "scopus":
        for name in ("Author full names", "Author(s) ID", "Authors with affiliations", "Index Keywords",
                     "Affiliations"):
            if name in col:
                extra[name] = col[name]
    if layout == "openalex" and "authorships.institutions.display_name" in col:
        extra["institutions"] = col["authorships.institutions.display_name"]
    # Scopus sometimes writes more fields per row than header names (an unnamed second
    # "Funding Text" column): the columns after "Funding Details" are then read from the right.
    split = col.get("Funding Details") if layout == "scopus" else None
    width = len(header)
    long_rows = 0
    prev_end = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(path, f"malformed CSV ({exc})", state["line"]) from None
        start, prev_end = prev_end + 1, reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) > width:
            long_rows += 1
            if split is not None:
                k = len(row) - width
                row = row[: split + 1] + row[split + 1 + k:]
        rec = _record(path, start, row, idx, extra, layout, ctx)
        if rec is not None:
            yield rec
    if long_rows:
        how = ("the columns after 'Funding Details' were read from the right (a known Scopus "
               "export fault)" if split is not None else "the extra fields were ignored")
        ctx.warn(path, None, f"{long_rows} rows have more fields than the header ({width}); {how}")


def _record(path, line, row, idx, extra, layout, ctx) -> Record | None:
    vals = {f: _val(row, i) for f, i in idx.items()}  # each mapped field read once
    g = lambda f: vals.get(f, "")  # noqa: E731
    title = " ".join(g("title").split())
    if not title:
        ctx.skip(path, line, "row has no title; skipped")
        return None
    # ---- authors
    authors: list[RawAuthor] = []
    complete = True
    names = split_list(g("authors"))
    scopus_ids: list[str] = []
    if layout == "scopus":
        full = split_list(_val(row, extra.get("Author full names")), comma=False)
        if full:
            names, scopus_ids = [], []
            for f in full:
                m = _RX_SCOPUS_FULL.match(f)
                names.append(m.group(1) if m else f)
                scopus_ids.append(m.group(2) if m else "")
        elif extra.get("Author(s) ID") is not None:
            scopus_ids = split_list(_val(row, extra["Author(s) ID"]))
    orcids = split_list(g("orcids"))
    author_ids = split_list(g("author_ids")) or scopus_ids
    affs = split_list(g("affiliations"), comma=False)
    if layout == "scopus" and extra.get("Authors with affiliations") is not None:
        parts = split_list(_val(row, extra["Authors with affiliations"]), comma=False)
        if len(parts) == len(names):
            affs = [_RX_AFF_NAME.sub("", p) for p in parts]
    for i, raw in enumerate(names):
        if raw.lower().rstrip(".") in ("et al", "others"):
            complete = False
            continue
        name, given, family = _name(raw)
        if not name:
            continue
        ids = []
        if i < len(orcids):
            m = _RX_ORCID.search(orcids[i])
            if m:
                ids.append(("orcid", m.group(0).upper()))
        if i < len(author_ids) and author_ids[i]:
            aid = author_ids[i].rsplit("/", 1)[-1]
            if aid.isdigit():
                ids.append(("scopus", aid))
            elif _RX_OPENALEX_AUTHOR.fullmatch(aid):
                ids.append(("openalex", aid.upper()))
        aff = ()
        if len(affs) == len(names) and affs[i]:
            aff = (_Inst(name=" ".join(affs[i].split())),)
        authors.append(_Author(name=name, position=len(authors) + 1, given=given, family=family,
                               ids=tuple(ids), affiliations=aff))
    insts: tuple[RawInstitution, ...] = ()
    if affs and len(affs) != len(names):
        insts = tuple(RawInstitution(a) for a in dict.fromkeys(affs))
    elif layout == "openalex" and extra.get("institutions") is not None:
        insts = tuple(RawInstitution(a) for a in dict.fromkeys(split_list(_val(row, extra["institutions"]), comma=False)))
    # ---- dates
    date, year = parse_date(g("date"))
    ytext = g("year")
    if ytext:
        m = _RX_YEAR.match(ytext)
        if m:
            y = int(m.group(1))
            if year != y:
                date, year = str(y), y
        elif year is None:
            ctx.warn(path, line, f"year {ytext!r} is not a year; left empty")
    # ---- identifiers
    ids: list[tuple[str, str]] = []
    doi = doi_from(g("doi"))
    if doi:
        ids.append(("doi", doi))
    arx = arxiv_from(g("arxiv")) or (g("arxiv").strip() or None)
    if arx:
        ids.append(("arxiv", arx))
    oa = g("openalex").rsplit("/", 1)[-1]
    if _RX_OPENALEX_WORK.fullmatch(oa):
        ids.append(("openalex", oa.upper()))
    pm = _RX_TRAILING_NUMBER.search(g("pmid"))
    if pm:
        ids.append(("pmid", pm.group(1)))
    if g("scopus"):
        ids.append(("scopus", g("scopus")))
    # ---- the rest
    kind_text = g("kind").lower()
    kind = KINDS.get(kind_text, "misc") if kind_text else "article"
    topics = []
    seen = set()
    kws = split_list(g("keywords"), comma=False)
    if layout == "scopus":
        kws += split_list(_val(row, extra.get("Index Keywords")), comma=False)
    for k in kws:
        k = " ".join(k.split())
        if k and k.lower() not in seen:
            seen.add(k.lower())
            topics.append(_Topic(scheme="keyword", code=k.lower(), label=k))
    abstract = " ".join(g("abstract").split()) or None
    return _Record(source=path, line=line, title=title, authors=tuple(authors),
                  authors_complete=complete, date=date, year=year, ids=tuple(ids),
                  abstract=abstract, venue=g("venue") or None, kind=kind, topics=tuple(topics),
                  institutions=insts)
