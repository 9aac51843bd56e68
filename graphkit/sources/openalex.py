"""OpenAlex works: API result pages (``{"meta": ..., "results": [...]}``), JSON arrays of
works, single works, JSON lines (a work or a page per line), optionally gzipped; streamed.

* authorships in order with OpenAlex author ids and ORCIDs; each authorship's institutions
  with ROR, OpenAlex id and country code;
* topics of the current schema (``topics``: topic, with subfield as the broader topic) and
  concepts of the 2022 schema (``concepts``), both with scores; ``keywords`` as keyword topics;
* the abstract rebuilt from ``abstract_inverted_index``;
* DOI, OpenAlex, PubMed ids, arXiv ids (from arXiv locations or arXiv DOIs); publication date;
  venue from ``primary_location.source`` (``host_venue`` in the 2022 schema).

>>> abstract_from_index({"graphs": [1], "Knowledge": [0], "rock": [2]})
'Knowledge graphs rock'
"""
from __future__ import annotations

import re
from typing import Iterator

from ..errors import InputError
from ..model import RawAuthor, RawInstitution, RawTopic, Record
from . import ReadContext
from ._text import JsonItems, arxiv_from, clean, doi_from, fast_factory, parse_date

KINDS = {
    "article": "article", "journal-article": "article", "review": "article", "letter": "article",
    "editorial": "article", "book": "book", "monograph": "book", "edited-book": "book",
    "reference-book": "book", "book-chapter": "incollection", "reference-entry": "incollection",
    "book-section": "incollection", "book-part": "incollection", "proceedings": "proceedings",
    "proceedings-article": "inproceedings", "dissertation": "thesis", "preprint": "preprint",
    "posted-content": "preprint",
}
_Record, _Author, _Inst, _Topic = (fast_factory(c) for c in (Record, RawAuthor, RawInstitution, RawTopic))
_INSTITUTIONS: dict = {}  # (id, name, ror, country) -> RawInstitution
_RX_WORK_ID = re.compile(r"^(?:https?://openalex\.org/)?(W\d+)$", re.I)


def sniff(path: str, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] not in (b"{", b"["):
        return False
    if b'"categories"' in head and b'"versions"' in head:
        return False  # arXiv metadata
    return bool(re.search(rb'"id"\s*:\s*"(?:https?://openalex\.org/)?W\d+"', head)) or (
        b'"authorships"' in head and b'"publication_year"' in head) or (
        b'"meta"' in head and b'"results"' in head and b'"count"' in head)


def abstract_from_index(index) -> str | None:
    """The abstract text from OpenAlex's ``abstract_inverted_index`` (word -> positions)."""
    if not index or not isinstance(index, dict):
        return None
    try:  # the usual index: lists of the integers 0 .. n-1 (a word at each position)
        flat = [p for positions in index.values() for p in positions]
        if flat and min(flat) >= 0:
            words = [None] * len(flat)
            for word, positions in index.items():
                for p in positions:
                    words[p] = word  # not an integer: TypeError; a gap (p >= n): IndexError
            return clean(" ".join([w for w in words if w is not None]))
    except (TypeError, IndexError):
        pass  # anything else: position by position, as below
    return _abstract_slow(index)


def _abstract_slow(index: dict) -> str | None:
    slots: dict[int, str] = {}
    for word, positions in index.items():
        if type(positions) is list and len(positions) == 1:  # most words occur once
            p = positions[0]
            if isinstance(p, int):
                slots[p] = word
            continue
        for p in positions or ():
            if isinstance(p, int):
                slots[p] = word
    if not slots:
        return None
    return clean(" ".join([slots[i] for i in sorted(slots)]))


def _short(value) -> str | None:
    """``https://openalex.org/A123`` -> ``A123``."""
    if not value:
        return None
    return str(value).rstrip("/").rsplit("/", 1)[-1] or None


def read(path: str, ctx: ReadContext) -> Iterator[Record]:
    items = JsonItems(path, ctx, "OpenAlex")
    if items.first not in (b"{", b"["):
        raise InputError(path, "not OpenAlex JSON: expected a results page, an array of works, "
                         "a work or JSON lines", 1)
    found = 0
    others: dict[str, int] = {}
    skipped_before = ctx.skipped
    for where, value, err in items:
        if err:
            ctx.skip(path, where, err)
            continue
        if isinstance(value, dict) and isinstance(value.get("results"), list):  # an API page
            if items.mode == "document" and not value["results"]:
                ctx.warn(path, None, "the results page holds no works")
            for i, w in enumerate(value["results"], 1):
                line = i if items.mode == "document" else where
                label = f"record {i}" if items.mode == "document" else f"line {where}, record {i}"
                rec = _work(path, line, label, w, ctx, others)
                if rec is not None:
                    found += 1
                    yield rec
            continue
        label = f"{items.unit} {where}"
        rec = _work(path, where, label, value, ctx, others)
        if rec is not None:
            found += 1
            yield rec
    if found == 0:
        if others:
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(others.items()))
            raise InputError(path, f"no OpenAlex works in this file (found {kinds}); graphkit reads "
                             "works (ids W...)", 1)
        skipped = ctx.skipped - skipped_before
        if skipped:
            raise InputError(path, f"no readable OpenAlex works ({skipped} skipped: "
                             f"{ctx.issues[-1].message})", 1)


_ENTITY = {"A": "authors", "I": "institutions", "S": "sources", "C": "concepts", "T": "topics",
           "F": "funders", "P": "publishers", "V": "venues"}


def _work(path: str, line: int, label: str, w, ctx: ReadContext, others: dict) -> Record | None:
    if not isinstance(w, dict):
        ctx.skip(path, line, f"{label}: not a JSON object")
        return None
    wid = _short(w.get("id"))
    if wid and not _RX_WORK_ID.match(wid):
        kind = _ENTITY.get(wid[:1].upper(), "other entities")
        if "/keywords/" in str(w.get("id")):
            kind = "keywords"
        others[kind] = others.get(kind, 0) + 1
        ctx.skip(path, line, f"{label}: {wid} is not an OpenAlex work")
        return None
    title = w.get("title") or w.get("display_name")
    title = clean(title) if isinstance(title, str) else ""
    if not title:
        ctx.skip(path, line, f"{label}: work {wid or '?'} has no title")
        return None
    # ---- identifiers
    ids: list[tuple[str, str]] = []
    id_map = w.get("ids") if isinstance(w.get("ids"), dict) else {}
    doi = doi_from(w.get("doi") or id_map.get("doi"))
    if doi:
        ids.append(("doi", doi))
    arx = None
    if doi and doi.lower().startswith("10.48550/arxiv."):
        arx = arxiv_from(doi)
    if arx is None:
        for loc in [w.get("primary_location")] + list(w.get("locations") or []):
            if isinstance(loc, dict):
                url = loc.get("landing_page_url") or loc.get("pdf_url") or ""
                if "arxiv.org" in url:
                    arx = arxiv_from(url)
                    if arx:
                        break
    if arx:
        ids.append(("arxiv", arx))
    if wid:
        ids.append(("openalex", wid.upper()))
    pmid = id_map.get("pmid")
    if pmid:
        m = re.search(r"(\d+)\s*$", str(pmid))
        if m:
            ids.append(("pmid", m.group(1)))
    # ---- date
    date, year = parse_date(w.get("publication_date"))
    py = w.get("publication_year")
    if isinstance(py, int) and (year is None or year != py):
        if year is not None:
            ctx.warn(path, line, f"{label}: publication_date {w.get('publication_date')} "
                     f"disagrees with publication_year {py}; the year is used")
        date, year = str(py), py
    # ---- authors
    authors: list[RawAuthor] = []
    ships = w.get("authorships") or []
    for i, a in enumerate(ships if isinstance(ships, list) else [], 1):
        if not isinstance(a, dict):
            continue
        person = a.get("author") if isinstance(a.get("author"), dict) else {}
        name = person.get("display_name") or a.get("raw_author_name")
        if not name:
            continue
        aids = []
        orcid = person.get("orcid")
        if orcid:
            aids.append(("orcid", str(orcid).rsplit("/", 1)[-1].upper()))
        aid = _short(person.get("id"))
        if aid:
            aids.append(("openalex", aid.upper()))
        insts = []
        for inst in a.get("institutions") or []:
            if not isinstance(inst, dict) or not inst.get("display_name"):
                continue
            ck = (inst.get("id"), inst["display_name"], inst.get("ror"), inst.get("country_code"))
            try:
                raw_inst = _INSTITUTIONS.get(ck)
            except TypeError:  # a value that is not a string: no caching
                ck, raw_inst = None, None
            if raw_inst is None:  # the same institutions recur on many works: build each once
                iids = []
                if inst.get("ror"):
                    iids.append(("ror", str(inst["ror"]).rsplit("/", 1)[-1].lower()))
                if inst.get("id"):
                    iids.append(("openalex", _short(inst["id"]).upper()))
                raw_inst = _Inst(name=clean(str(inst["display_name"])), ids=tuple(iids),
                                 country=inst.get("country_code") or None)
                if ck is not None and len(_INSTITUTIONS) < 100_000:
                    _INSTITUTIONS[ck] = raw_inst
            insts.append(raw_inst)
        authors.append(_Author(name=clean(name), position=len(authors) + 1, ids=tuple(aids),
                               affiliations=tuple(insts)))
    complete = not w.get("is_authors_truncated", False)
    # ---- topics
    topics: list[RawTopic] = []
    for t in w.get("topics") or []:
        if not isinstance(t, dict) or not t.get("id"):
            continue
        broader = []
        for level in ("subfield", "field", "domain"):
            b = t.get(level)
            if isinstance(b, dict) and b.get("id"):
                broader.append((_code(b["id"]), b.get("display_name")))
        topics.append(_Topic(scheme="openalex-topic", code=_code(t["id"]), label=t.get("display_name"),
                             broader=tuple(broader), score=_score(t.get("score"))))
    for c in w.get("concepts") or []:
        if isinstance(c, dict) and c.get("id"):
            topics.append(_Topic(scheme="openalex-concept", code=_code(c["id"]),
                                 label=c.get("display_name"), score=_score(c.get("score"))))
    for k in w.get("keywords") or []:
        if isinstance(k, dict) and (k.get("display_name") or k.get("keyword")):
            label = clean(k.get("display_name") or k.get("keyword"))
            topics.append(RawTopic("keyword", label.lower(), label, (), _score(k.get("score"))))
    # ---- kind and venue
    wtype = (w.get("type_crossref") or w.get("type") or "").lower()
    kind = KINDS.get(wtype) or KINDS.get((w.get("type") or "").lower()) or "misc"
    venue = None
    src = (w.get("primary_location") or {}).get("source") if isinstance(w.get("primary_location"), dict) else None
    if isinstance(src, dict):
        venue = src.get("display_name")
        if kind == "article" and src.get("type") == "repository" and arx:
            kind = "preprint"
    if not venue and isinstance(w.get("host_venue"), dict):
        venue = w["host_venue"].get("display_name")
    return _Record(
        source=path, line=line, title=title, authors=tuple(authors), authors_complete=complete,
        date=date, year=year, ids=tuple(ids), abstract=abstract_from_index(w.get("abstract_inverted_index")),
        venue=clean(venue) if venue else None, kind=kind, topics=tuple(topics),
    )


def _code(openalex_id) -> str:
    """``https://openalex.org/T13398`` -> ``T13398``; ``.../subfields/1702`` -> ``subfields/1702``."""
    s = str(openalex_id)
    if s.startswith("https://openalex.org/"):
        return s[21:]
    if s.startswith("http://openalex.org/"):
        return s[20:]
    return s


def _score(v) -> float | None:
    try:
        return round(float(v), 6) if v is not None else None
    except (TypeError, ValueError):
        return None
