"""OpenAlex works: API result pages (``{"meta": ..., "results": [...]}``), JSON arrays of
works, single works, JSON lines (a work or a page per line), optionally gzipped; streamed.

* authorships in order with OpenAlex author ids and ORCIDs; each authorship's institutions
  with ROR, OpenAlex id and country code; an authorship without a name (an empty ``author``)
  is left out and marks the list incomplete, the others keeping their places (positions);
* author names as text ("Given Family"): a name written "Family, Given" (one comma, something
  on each side, no suffix such as "Jr." or "PhD" after it: "Wagner, Adina S.") is turned round,
  with given and family names set; a name that lists several people ("Fahad Seemab, Maximilian
  Schmidt, Josef Hegger") is those people, with a warning; author and institution names lose markup and character
  references as titles do ("Sorbonne Universit&#x00E9;" is "Sorbonne Université");
* topics of the current schema (``topics``: topic, with subfield as the broader topic) and
  concepts of the 2022 schema (``concepts``), both with scores; ``keywords`` as keyword topics;
* the abstract rebuilt from ``abstract_inverted_index``;
* DOI, OpenAlex, PubMed ids, arXiv ids (from arXiv locations or arXiv DOIs); publication date;
  venue from ``primary_location.source`` (``host_venue`` in the 2022 schema);
* titles as text: the inline markup OpenAlex keeps from Crossref (``<i>``, ``<sub>``,
  ``<scp>``, ``<mml:math ...>``, ...) removed and character references (``&amp;``,
  ``&#x2013;``) decoded, so "Growth of <i>E. coli</i> &amp; more" is the title BibTeX gives
  as ``Growth of \\emph{E. coli} \\& more``.

Speed: a work of the usual shape is read by ``_work_fast`` (the same record as ``_work``, the
general code, which reads everything else); JSON lines are split with ``bytes.find``. Decoding
the JSON (orjson) is about half of the time left: ~10 kB a work, ~60 us, whatever is read.

>>> abstract_from_index({"graphs": [1], "Knowledge": [0], "rock": [2]})
'Knowledge graphs rock'
>>> family_given("Wagner, Adina S."), family_given("Smith, Jr."), family_given("Adina S. Wagner")
(('Adina S. Wagner', 'Adina S.', 'Wagner'), None, None)
>>> markup_to_text('H<sub>2</sub>O &amp; <mml:math xmlns:mml="x"><mml:mi>x</mml:mi></mml:math> &#x2013; a<b')
'H2O & x – a<b'
"""
from __future__ import annotations

import re
from html import unescape as _unescape
from itertools import chain
from typing import Iterator
from unicodedata import is_normalized as _is_normalized

from ..errors import InputError
from ..model import RawAuthor, RawInstitution, RawTopic, Record
from . import ReadContext
from ._text import (JsonItems, arxiv_from, clean, doi_from, fast_factory, field_template,
                    parse_date)

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
_DATES: dict = {}  # publication_date string -> parse_date(...)
_KEYWORDS: dict = {}  # (label as found, score) -> RawTopic
_CACHE_MAX = 10_000  # entries per cache below: each stops growing there (a few MB at most)
_chain = chain.from_iterable
_RX_WORK_ID = re.compile(r"^(?:https?://openalex\.org/)?(W\d+)$", re.I)


# an OpenAlex entity's id near the start: any entity (an author, an institution, a keyword...),
# so that the reader, not detection, tells a file of other entities that it reads works
_RX_ENTITY_ID = re.compile(rb'"id"\s*:\s*"https?://openalex\.org/(?:[A-Za-z]\d+|keywords/[^"/\s]+)"')
_ENTITY_NEAR = 2048  # bytes from the first "{" or "[" where an entity's id is looked for


def sniff(path: str, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] not in (b"{", b"["):
        return False
    if b'"categories"' in head and b'"versions"' in head:
        return False  # arXiv metadata
    return bool(re.search(rb'"id"\s*:\s*"(?:https?://openalex\.org/)?W\d+"', head)) or (
        b'"authorships"' in head and b'"publication_year"' in head) or (
        b'"meta"' in head and b'"results"' in head and b'"count"' in head) or bool(
        _RX_ENTITY_ID.search(text, 0, _ENTITY_NEAR))


# the markup of titles: tags of HTML's inline elements, JATS and MathML (any name with a
# namespace prefix: mml:, jats:), with attributes only in name="value" form (so "a<b and c>d"
# is no tag), and character references with their semicolon (so "R&D" and "S&P" stay)
_TAG_NAMES = ("i|b|u|s|em|strong|sub|sup|sc|scp|span|small|big|tt|br|p|div|font|a|italic|bold|"
              "underline|strike|code|var|math|mi|mo|mn|ms|mtext|mrow|msub|msup|msubsup|mfrac|"
              "msqrt|mroot|mover|munder|munderover|mstyle|mspace|mfenced|mtable|mtr|mtd|"
              "semantics|annotation|inline-formula|tex-math|abbr|cite|q|dfn|del|ins|mark|wbr|"
              "named-content|styled-content|monospace|overline|roman|sans-serif")
_RX_TAG = re.compile(r"<(/?)(?:[A-Za-z][\w.\-]*:[A-Za-z][\w.\-]*|(?i:" + _TAG_NAMES + r"))"
                     r"((?:\s+[A-Za-z_:][\w:.\-]*\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))*)\s*/?>")
_RX_CHARREF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BREAKS = frozenset(("br", "p", "div"))


def _untag(m: re.Match) -> str:
    name = m.group(0)[1 + len(m.group(1)):].split(None, 1)[0].rstrip("/>").lower()
    return " " if name in _BREAKS else ""


def markup_to_text(text: str) -> str:
    """``text`` without inline tags and with its character references decoded (one level:
    an escaped tag, ``&lt;i&gt;``, stays as text); whitespace as it was (callers clean it).
    Worth calling only when the text holds ``<`` or ``&``."""
    if "<" in text:
        text = _RX_TAG.sub(_untag, text)
    if "&" in text:
        text = _RX_CHARREF.sub(_charref, text)
    return text


def _charref(m: re.Match) -> str:
    return _unescape(m.group(0))  # an unknown name stays as it is


# what may follow a family name after a comma and is no given name: "Smith, Jr.", "Doe, PhD"
# (compared without dots and spaces, in any case; "Md", a given name, is no "MD"); a lone
# "V" is read as an initial ("Kumar, V")
_NAME_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv", "phd", "md", "dphil", "esq", "dds", "dmd",
                            "dvm", "mph", "mba", "rn"))


def _author_name(name: str, cleaner) -> tuple[str, str | None, str | None]:
    """(name, given, family) of an author's name as OpenAlex gives it: markup removed,
    cleaned by ``cleaner`` (the general or the fast ``clean``), "Family, Given" turned round;
    the name is empty when nothing is left."""
    if "<" in name or "&" in name:
        name = markup_to_text(name)
    name = cleaner(name)
    if "," in name:
        parts = family_given(name)
        if parts is not None:
            return parts
    return name, None, None


_RX_FOOTNOTE = re.compile(r"(?<=[^\W\d_])\d{1,2}$")


def several_people(name: str) -> list[str] | None:
    """The people of a display name that lists several, as OpenAlex sometimes gives one
    authorship ("Fahad Seemab, Maximilian Schmidt, Josef Hegger, Martin Classen5": two commas or
    more, each part two words or more; a footnote number after a name dropped); None for a
    name ("Afshari Moein, Mohammad, J.", "Smith, John, Jr.").

    >>> several_people("Fahad Seemab, Maximilian Schmidt, Martin Classen5")
    ['Fahad Seemab', 'Maximilian Schmidt', 'Martin Classen']
    """
    parts = [p.strip() for p in name.split(",")]
    if len(parts) < 3 or not all(_person_like(p) for p in parts):
        return None
    return [_RX_FOOTNOTE.sub("", p) for p in parts]


_NOT_PEOPLE = frozenset(("university", "universität", "université", "universidad", "institute", "institut",
                         "department", "hospital", "college", "school", "laboratory", "center", "centre",
                         "inc", "ltd", "gmbh", "corporation", "company", "group", "faculty"))


def _person_like(part: str) -> bool:
    """A part of a display name that reads as one person's name: two to five words, each
    capitalised but for name particles ("de", "van"), no word of an institution or place
    ("University of Somewhere", "Boston MA" has a word in capitals only)."""
    from ..identity import PARTICLES  # (only for names with two commas or more)
    words = part.split()
    if not 2 <= len(words) <= 5:
        return False
    for w in words:
        low = w.lower().strip(".")
        if low in _NOT_PEOPLE:
            return False
        if low in PARTICLES:
            continue
        if not w[:1].isupper() or (len(w) > 1 and w.isupper() and "." not in w):
            return False
    return True


def family_given(name: str) -> tuple[str, str, str] | None:
    """(``"Given Family"``, given, family) of an author name written ``"Family, Given"``
    (``name`` cleaned: single spaces); None for any other name: no comma or more than one,
    nothing on one side, or a suffix after the comma (``"Smith, Jr."``)."""
    family, _, given = name.partition(",")
    if "," in given:
        return None
    family, given = family.strip(" "), given.strip(" ")
    if not family or not given:
        return None
    if len(given) <= 8:  # ("D.Phil.", "Ph. D.")
        key = given.replace(".", "").replace(" ", "")
        if key.lower() in _NAME_SUFFIXES and key != "Md":
            return None
    return f"{given} {family}", given, family


def abstract_from_index(index) -> str | None:
    """The abstract text from OpenAlex's ``abstract_inverted_index`` (word -> positions)."""
    if not index or not isinstance(index, dict):
        return None
    try:  # the usual index: lists of the integers 0 .. n-1 (a word at each position)
        flat = list(_chain(index.values()))
        if flat and min(flat) >= 0:
            words = [None] * len(flat)
            for word, positions in index.items():
                for p in positions:
                    words[p] = word  # not an integer: TypeError; a gap (p >= n): IndexError
            try:
                text = " ".join(words)
            except TypeError:  # a position held twice left a slot empty (or a word is no string)
                text = " ".join([w for w in words if w is not None])
            return _clean(text)
    except (TypeError, IndexError):
        pass  # anything else: position by position, as below
    return _abstract_slow(index)


_CONTROL = bytes(range(32)) + b"\x7f"  # the ASCII characters that are not printable


def _clean(text: str) -> str:
    """``clean(text)`` (``ids.nfc``), without its Unicode work for text that needs none: no
    whitespace but single spaces, nothing unprintable, already NFC (most titles, names and
    abstracts, ASCII or not)."""
    if "  " not in text:
        if text.isascii():
            if len(text) > 64:  # long text (an abstract): the bytes are checked faster
                data = text.encode("ascii")
                if len(data.translate(None, _CONTROL)) == len(data):
                    return text.strip(" ")
            elif text.isprintable():
                return text.strip(" ")
        elif text.isprintable() and _is_normalized("NFC", text):
            return text.strip(" ")  # printable text has no whitespace but U+0020
    return clean(text)


def _abstract_slow(index: dict) -> str | None:
    slots: dict[int, str] = {}
    for word, positions in index.items():
        if type(positions) is list and len(positions) == 1:  # most words occur once
            p = positions[0]
            if isinstance(p, int):
                slots[p] = word
            continue
        if not isinstance(positions, list):
            continue  # (a number or text where the positions belong)
        for p in positions:
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
                try:
                    rec = _work_fast(path, line, w) if type(w) is dict else None
                except _UNREADABLE:
                    rec = None  # the general code skips it, saying why
                if rec is None:
                    label = f"record {i}" if items.mode == "document" else f"line {where}, record {i}"
                    rec = _work_or_skip(path, line, label, w, ctx, others)
                if rec is not None:
                    found += 1
                    yield rec
            continue
        try:
            rec = _work_fast(path, where, value) if type(value) is dict else None
        except _UNREADABLE:
            rec = None  # the general code skips it, saying why
        if rec is None:
            label = f"{items.unit} {where}"
            rec = _work_or_skip(path, where, label, value, ctx, others)
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


def _more_ids(ids: list, arx: str | None, wid: str | None, id_map: dict) -> None:
    """Append the identifiers after the DOI (arXiv, OpenAlex, PubMed) to ``ids``: shared by
    ``_work`` and its fast path ``_work_fast``."""
    if arx:
        ids.append(("arxiv", arx))
    if wid:
        ids.append(("openalex", wid.upper()))
    pmid = id_map.get("pmid")
    if pmid:
        m = re.search(r"(\d+)\s*$", str(pmid))
        if m:
            ids.append(("pmid", m.group(1)))


_UNREADABLE = (TypeError, AttributeError, ValueError, KeyError, IndexError)


def _work_or_skip(path: str, line: int, label: str, w, ctx: ReadContext, others: dict) -> Record | None:
    """``_work``; a work whose fields hold values of types it cannot read (a number where a
    list or text belongs) is skipped with the reason, not a traceback."""
    try:
        return _work(path, line, label, w, ctx, others)
    except _UNREADABLE as exc:
        ctx.skip(path, line, f"{label}: a field holds a value of an unexpected type ({exc}); skipped")
        return None


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
    if isinstance(title, str):
        title = clean(markup_to_text(title) if "<" in title or "&" in title else title)
    else:
        title = ""
    if not title:
        ctx.skip(path, line, f"{label}: work {wid or '?'} has no title")
        return None
    # ---- identifiers
    ids: list[tuple[str, str]] = []
    id_map = w.get("ids") if isinstance(w.get("ids"), dict) else {}
    doi_text = w.get("doi") or id_map.get("doi")
    doi = doi_from(doi_text)
    if doi:
        ids.append(("doi", doi))
    elif doi_text:  # (said like the other readers say it)
        ctx.warn(path, line, f"{label}: DOI {str(doi_text).strip()[:60]!r} is not a DOI "
                 "(10.NNNN/...); left out")
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
    _more_ids(ids, arx, wid, id_map)
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
    unnamed = False  # an authorship without a usable name: left out, the list incomplete
    ships = w.get("authorships") or []
    more = 0  # people beyond one of authorships that list several (their positions follow)
    for i, a in enumerate(ships if isinstance(ships, list) else [], 1):
        i += more
        if not isinstance(a, dict):
            unnamed = True
            continue
        person = a.get("author") if isinstance(a.get("author"), dict) else {}
        name = person.get("display_name") or a.get("raw_author_name")
        if not name or not isinstance(name, str):
            unnamed = True
            continue
        name, given, family = _author_name(name, clean)
        if not name:
            unnamed = True
            continue
        people = several_people(name) if name.count(",") >= 2 else None
        if people:
            ctx.warn(path, line, f"{label}: authorship {i - more} names {len(people)} people "
                     f"({name}); read as {len(people)} authors, without the authorship's ids")
            insts = tuple(_institution(inst) for inst in a.get("institutions") or []
                          if isinstance(inst, dict) and inst.get("display_name"))
            for k, person_name in enumerate(people):
                authors.append(_Author(name=person_name, position=i + k, affiliations=insts))
            more += len(people) - 1
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
            insts.append(_institution(inst))
        authors.append(_Author(name=name, position=i, given=given, family=family, ids=tuple(aids),
                               affiliations=tuple(insts)))
    complete = not w.get("is_authors_truncated", False) and not unnamed
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


# ---------------------------------------------------------------- the usual work, fast
# ``_work_fast`` reads a work of the usual shape (the value types OpenAlex writes) to the same
# record ``_work`` makes, faster; for anything else (a work to skip or warn about, a value of
# another type) it returns None before touching ``ctx``, and ``_work`` reads the work.
_new, _set_dict = object.__new__, object.__setattr__
_T_RECORD, _T_AUTHOR, _T_TOPIC = (field_template(c) for c in (Record, RawAuthor, RawTopic))
_LEVELS = ("subfield", "field", "domain")
_EMPTY: dict = {}
_CODES: dict = {}  # OpenAlex id string -> _code(...)


def _code_of(value) -> str:
    c = _CODES.get(value) if type(value) is str else None
    if c is None:
        c = _code(value)
        if type(value) is str and len(_CODES) < _CACHE_MAX:
            _CODES[value] = c
    return c


def _institution(inst: dict) -> RawInstitution:
    """The institution of an authorship (``inst`` a dict with a display name); the same
    institutions recur on many works: each is built once (``_INSTITUTIONS``)."""
    ck = (inst.get("id"), inst["display_name"], inst.get("ror"), inst.get("country_code"))
    try:
        raw_inst = _INSTITUTIONS.get(ck)
    except TypeError:  # a value that is not a string: no caching
        ck, raw_inst = None, None
    if raw_inst is None:
        iids = []
        if inst.get("ror"):
            iids.append(("ror", str(inst["ror"]).rsplit("/", 1)[-1].lower()))
        if inst.get("id"):
            iids.append(("openalex", _short(inst["id"]).upper()))
        name = str(inst["display_name"])
        if "<" in name or "&" in name:  # markup and character references, as in titles
            name = markup_to_text(name)
        raw_inst = _Inst(name=clean(name), ids=tuple(iids), country=inst.get("country_code") or None)
        if ck is not None and len(_INSTITUTIONS) < 100_000:
            _INSTITUTIONS[ck] = raw_inst
    return raw_inst


def _work_fast(path: str, line: int, w: dict) -> Record | None:
    """The record of work ``w`` (a dict) as ``_work`` makes it, or None: then ``_work`` reads it."""
    if _T_RECORD is None or _T_AUTHOR is None or _T_TOPIC is None:
        return None  # the model's classes cannot be built from a dict: the general code only
    get = w.get
    # ---- id and title
    value = get("id")
    if type(value) is str:
        s = value.rstrip("/")
        wid = s[s.rfind("/") + 1:] or None
        if wid and not _RX_WORK_ID.match(wid):
            return None  # not a work: skipped by _work
    elif value is None:
        wid = None
    else:
        return None
    title = get("title") or get("display_name")
    if type(title) is not str:
        return None
    if "<" in title or "&" in title:
        title = markup_to_text(title)
    title = _clean(title)
    if not title:
        return None  # skipped by _work
    # ---- identifiers
    id_map = get("ids")
    if type(id_map) is not dict:
        if id_map is not None:
            return None
        id_map = _EMPTY
    doi_text = get("doi") or id_map.get("doi")
    doi = doi_from(doi_text)
    if doi_text and not doi:
        return None  # the general code warns
    ids = [("doi", doi)] if doi else []
    arx = None
    if doi and doi.lower().startswith("10.48550/arxiv."):
        arx = arxiv_from(doi)
    primary = get("primary_location")
    if arx is None:
        locations = get("locations") or []
        if type(locations) is not list:
            return None
        for loc in [primary] + locations:
            if type(loc) is dict:
                url = loc.get("landing_page_url") or loc.get("pdf_url") or ""
                if type(url) is not str:
                    return None
                if "arxiv.org" in url:
                    arx = arxiv_from(url)
                    if arx:
                        break
            elif loc is not None:
                return None
    _more_ids(ids, arx, wid, id_map)
    # ---- date
    value = get("publication_date")
    if type(value) is str:
        parsed = _DATES.get(value)
        if parsed is None:
            parsed = parse_date(value)
            if len(_DATES) < _CACHE_MAX:
                _DATES[value] = parsed
        date, year = parsed
    else:
        date, year = parse_date(value)
    py = get("publication_year")
    if isinstance(py, int) and (year is None or year != py):
        if year is not None:
            return None  # _work warns about the disagreement
        date, year = str(py), py
    # ---- authors
    authors: list[RawAuthor] = []
    unnamed = False
    ships = get("authorships")
    if type(ships) is not list:
        if ships:
            return None
        ships = ()
    position = 0
    for a in ships:
        position += 1
        if type(a) is not dict:
            return None
        person = a.get("author")
        if type(person) is not dict:
            if person is not None:
                return None
            person = _EMPTY
        name = person.get("display_name") or a.get("raw_author_name")
        if not name:
            unnamed = True
            continue
        if type(name) is not str:
            return None
        name, given, family = _author_name(name, _clean)
        if not name:
            unnamed = True
            continue
        if name.count(",") >= 2 and several_people(name):
            return None  # (read by _work, which warns)
        orcid = person.get("orcid")
        value = person.get("id")
        if orcid:
            if type(orcid) is not str:
                return None
            aids = [("orcid", orcid.rsplit("/", 1)[-1].upper())]
        else:
            aids = []
        if value:
            if type(value) is not str:
                return None
            s = value.rstrip("/")
            s = s[s.rfind("/") + 1:]
            if s:
                aids.append(("openalex", s.upper()))
        insts = a.get("institutions")
        if insts:
            if type(insts) is not list:
                return None
            affiliations = []
            for inst in insts:
                if type(inst) is dict:
                    if inst.get("display_name"):
                        affiliations.append(_institution(inst))
                elif inst is not None:
                    return None
            affiliations = tuple(affiliations)
        else:
            affiliations = ()
        author = _new(RawAuthor)
        _set_dict(author, "__dict__", {**_T_AUTHOR, "name": name, "position": position, "given": given,
                                       "family": family, "ids": tuple(aids), "affiliations": affiliations})
        authors.append(author)
    complete = not get("is_authors_truncated", False) and not unnamed
    # ---- topics
    topics: list[RawTopic] = []
    listed = get("topics")
    if listed:
        if type(listed) is not list:
            return None
        for t in listed:
            if type(t) is not dict:
                return None
            value = t.get("id")
            if not value:
                continue
            broader = []
            for level in _LEVELS:
                b = t.get(level)
                if type(b) is dict:
                    bid = b.get("id")
                    if bid:
                        broader.append((_code_of(bid), b.get("display_name")))
                elif b is not None:
                    return None
            topic = _new(RawTopic)
            _set_dict(topic, "__dict__", {**_T_TOPIC, "scheme": "openalex-topic", "code": _code_of(value),
                                          "label": t.get("display_name"), "broader": tuple(broader),
                                          "score": _score(t.get("score"))})
            topics.append(topic)
    listed = get("concepts")
    if listed:
        if type(listed) is not list:
            return None
        for c in listed:
            if type(c) is not dict:
                return None
            value = c.get("id")
            if value:
                topic = _new(RawTopic)
                _set_dict(topic, "__dict__", {**_T_TOPIC, "scheme": "openalex-concept", "code": _code_of(value),
                                              "label": c.get("display_name"), "score": _score(c.get("score"))})
                topics.append(topic)
    listed = get("keywords")
    if listed:
        if type(listed) is not list:
            return None
        for k in listed:
            if type(k) is not dict:
                return None
            value = k.get("display_name") or k.get("keyword")
            if not value:
                continue
            if type(value) is not str:
                return None
            score = k.get("score")
            if score is None or (type(score) is float and score > 0.0):  # a key that equals only itself
                ck = (value, score)
                topic = _KEYWORDS.get(ck)
                if topic is None:
                    label = _clean(value)
                    topic = RawTopic("keyword", label.lower(), label, (), _score(score))
                    if len(_KEYWORDS) < _CACHE_MAX:
                        _KEYWORDS[ck] = topic
            else:
                label = _clean(value)
                topic = RawTopic("keyword", label.lower(), label, (), _score(score))
            topics.append(topic)
    # ---- kind and venue
    value = get("type")
    wtype = get("type_crossref") or value or ""
    if type(wtype) is not str:
        return None
    kind = KINDS.get(wtype.lower())
    if kind is None:
        value = value or ""
        if type(value) is not str:
            return None
        kind = KINDS.get(value.lower()) or "misc"
    venue = None
    if type(primary) is dict:
        src = primary.get("source")
        if type(src) is dict:
            venue = src.get("display_name")
            if kind == "article" and src.get("type") == "repository" and arx:
                kind = "preprint"
        elif src is not None:
            return None
    elif primary is not None:
        return None
    if not venue:
        host = get("host_venue")
        if type(host) is dict:
            venue = host.get("display_name")
        elif host is not None:
            return None
    if venue:
        if type(venue) is not str:
            return None
        venue = _clean(venue)
    else:
        venue = None
    record = _new(Record)
    _set_dict(record, "__dict__", {
        **_T_RECORD, "source": path, "line": line, "title": title, "authors": tuple(authors),
        "authors_complete": complete, "date": date, "year": year, "ids": tuple(ids),
        "abstract": abstract_from_index(get("abstract_inverted_index")), "venue": venue, "kind": kind,
        "topics": tuple(topics)})
    return record


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
