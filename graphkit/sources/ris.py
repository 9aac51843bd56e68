"""RIS (Zotero, EndNote, Scopus, Ovid, PubMed exports) and the Web of Science tagged format.

Lines are split into tags with rispy's parsers (``RisParser`` / ``WokParser``); records are
streamed one at a time (``TY`` ... ``ER``; ``PT`` ... ``ER`` for Web of Science), so memory
does not grow with the file.

* authors: ``AU``/``A1`` in file order ("Kalbe, G." -> "G. Kalbe"; Web of Science full names
  from ``AF``); "et al." marks a truncated list; placeholders are no authors (Scopus'
  "[No author name available]", "[Anonymous]": any name in square brackets, and "Anonymous",
  ``placeholder_name``), so a record with only a placeholder has none (its list complete);
* dates: ``PY``, ``DA``, ``Y1`` (``2019``, ``2019/03/07/``, ``2019//``); an unreadable year is
  left empty with a warning;
* ``KW`` keywords become topics; ``AD`` addresses become the paper's institutions (Web of
  Science ``C1 [Author; Author] Institution`` links them to authors); ``DO`` DOIs, arXiv and
  Scopus ids from ``UR``, ``PM`` PubMed ids;
* a byte-order mark, CR/CRLF line ends, multi-line values and text between records
  (Ovid's numbering and links) are accepted.

A record without a title is skipped with its line; a file without any record is an error.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from typing import Iterator

from ..errors import InputError
from ..model import RawAuthor, RawInstitution, RawTopic, Record
from . import ReadContext
from ._text import (_JR, arxiv_from, doi_from, fast_factory, field_template, iso_date, iter_text_batches,
                    month_number, parse_date, person_name, placeholder_name)

KINDS = {
    "JOUR": "article", "JFULL": "article", "ABST": "article", "INPR": "article",
    "MGZN": "article", "NEWS": "article", "EJOUR": "article", "CONF": "inproceedings",
    "CPAPER": "inproceedings", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
    "CHAP": "incollection", "ECHAP": "incollection", "THES": "thesis",
}
WOS_KINDS = {"J": "article", "B": "book", "S": "incollection", "P": "inproceedings"}
_RX_LOOSE_TAG = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$")
_RX_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2\d\d\d)(?!\d)")
_RX_SCOPUS_EID = re.compile(r"eid=(2-s2\.0-\d+)")
# an arXiv abstract page's URL: the id arxiv_from finds in it (no digits before the id, whose
# digits have no dot after them where it is an old-style id), or none where the id is digits
# with fewer than four before the dot (a number that lost its leading zero: no id for arxiv_from)
_RX_ARXIV_ABS = re.compile(r"https?://arxiv\.org/abs/(?:(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
                           r"|\d{1,3}\.\d*)")
_Record, _Author, _Topic = (fast_factory(c) for c in (Record, RawAuthor, RawTopic))
_LIST_JOIN = {"AU", "A1", "A2", "A3", "A4", "KW", "AD", "UR", "N1", "AF", "C1", "DE", "ID", "OI", "RI"}


_KEYWORDS: dict[str, RawTopic] = {}
_INSTITUTIONS: dict[str, RawInstitution] = {}
_RECORD_T = field_template(Record)
_new, _set = object.__new__, object.__setattr__
assert field_template(RawAuthor) == {"given": None, "family": None, "ids": (), "affiliations": ()}, \
    "RawAuthor's fields changed: update ris._record's authors"
_parse_date = lru_cache(maxsize=1 << 15)(parse_date)  # the same dates recur (days of decades)


_ASCII_CONTROLS = bytes([*range(32), 127])


def _squash(text: str) -> str:
    """``" ".join(text.split())``, without splitting text whose only whitespace is single spaces."""
    if len(text) > 64 and text.isascii():  # (long ASCII text: no control character is printable)
        if "  " not in text and len(text.encode().translate(None, _ASCII_CONTROLS)) == len(text):
            return text.strip(" ")
    elif "  " not in text and text.isprintable():  # every other whitespace is not printable
        return text.strip(" ")
    return " ".join(text.split())


def sniff(path: str, head: bytes) -> bool:
    text = head.decode("utf-8", "ignore").lstrip("\ufeff")
    if re.search(r"(?m)^\s*TY {1,2}- ", text) and re.search(r"(?m)^ER {1,2}-", text + "\nER  -"):
        return True
    return bool(re.match(r"\s*(FN |VR |PT [A-Z]\s*$)", text, re.M)) and bool(
        re.search(r"(?m)^PT [A-Z]", text))


def _wok_line(line: str):
    """(tag, content) of a Web of Science line: the rule of rispy's ``WokParser.parse_line``."""
    if line[0:2] == "  ":
        return None, line[3:].strip()
    return line[0:2], line[3:].strip()


def _records(path: str, ctx: ReadContext) -> Iterator[tuple[int, dict[str, list[str]], bool]]:
    """(start line, tag -> values, closed) of each record."""
    batches = iter_text_batches(path, ctx, "RIS")
    for n, lines in batches:
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            head = line.lstrip("\ufeff")
            if head.startswith(("FN ", "VR ")) or re.match(r"PT [A-Z]\s*$", head):  # Web of Science
                flat = ((m, line) for m0, batch in chain(((n, lines),), batches)
                        for m, line in enumerate(batch, m0))
                yield from _records_wos(path, ctx, flat)
            else:
                yield from _records_ris(path, ctx, chain(((n + i, lines[i:]),), batches))
            return


def _tag_ok(known: dict[str, bool], tag: str) -> bool:
    ok = tag[0:1].isalpha() and tag.isupper()  # the rule of rispy's RisParser.parse_line
    if len(known) < 4096:
        known[tag] = ok
    return ok


def _records_ris(path: str, ctx: ReadContext, batches) -> Iterator[tuple[int, dict[str, list[str]], bool]]:
    """(start line, tag -> values, closed) of each record of RIS lines, in batches: a tag line
    is ``XY  - value`` (rispy's ``RisParser.parse_line``) or, failing that, a looser
    ``XY - value``; other lines continue the last value; text between records is ignored."""
    rec: dict[str, list[str]] | None = None
    start = 0
    last = None
    loose = _RX_LOOSE_TAG.match
    tag_ok: dict[str, bool] = {}  # tag -> the rule's "letter first, upper case" (few tags recur)
    for n, lines in batches:
        n -= 1
        for line in lines:
            n += 1
            tag = line[:2]
            if line.startswith("  -", 2) and (tag_ok.get(tag) or _tag_ok(tag_ok, tag)):  # "XY  - value"
                content = line[6:].strip()
                if rec is not None and tag != "ER" and tag != "TY":  # (most lines: a value of the record)
                    vals = rec.get(tag)
                    if vals is None:
                        rec[tag] = [content]
                    else:
                        vals.append(content)
                    last = tag
                    continue
            else:  # BOM, blank lines, loose tags, continuation lines
                if line[-1:] == "\r":
                    line = line.rstrip("\r")
                if line[:1] == "\ufeff":
                    line = line.lstrip("\ufeff")
                if not line or (line[0].isspace() and not line.strip()):
                    continue
                if line[2:5] == "  -" and line[:2].isupper() and line[0:1].isalpha():
                    tag, content = line[0:2], line[6:].strip()
                else:
                    tag, content = None, line.strip()
                    m = loose(line)
                    if m:
                        tag, content = m.group(1), (m.group(2) or "").strip()
            if tag is None:
                if last is not None:
                    vals = rec[last]
                    vals[-1] = (vals[-1] + " " + content).strip() if vals[-1] else content
                continue
            if tag == "TY":
                if rec is not None:
                    ctx.warn(path, start, "record has no ER line; it ends where the next record starts")
                    yield start, rec, False
                rec, start, last = {"TY": [content]}, n, "TY"
                continue
            if rec is None:
                continue  # text between records: numbering, links, headers
            if tag == "ER":
                yield start, rec, True
                rec, last = None, None
                continue
            vals = rec.get(tag)
            if vals is None:
                rec[tag] = [content]
            else:
                vals.append(content)
            last = tag
    if rec is not None:
        ctx.warn(path, start, "the last record has no ER line; read to the end of the file")
        yield start, rec, False


def _records_wos(path: str, ctx: ReadContext, lines) -> Iterator[tuple[int, dict[str, list[str]], bool]]:
    """(start line, tag -> values, closed) of each record of Web of Science lines (``PT`` ...
    ``ER``; rispy's ``WokParser.parse_line``): list tags (AU, AF, C1, ...) keep one value per
    continuation line, others join them."""
    rec: dict[str, list[str]] | None = None
    start = 0
    last = None
    for n, line in lines:
        if line[-1:] == "\r":
            line = line.rstrip("\r")
        if line[:1] == "\ufeff":
            line = line.lstrip("\ufeff")
        if not line or (line[0].isspace() and not line.strip()):  # a blank line
            continue
        if line.startswith("   "):
            tag, content = None, line.strip()
        else:
            tag, content = _wok_line(line)
            if tag in ("FN", "VR", "EF"):
                continue
        if tag == "PT":
            if rec is not None:
                ctx.warn(path, start, "record has no ER line; it ends where the next record starts")
                yield start, rec, False
            rec, start, last = {"PT": [content]}, n, "PT"
            continue
        if rec is None:
            continue  # text between records: numbering, links, headers
        if tag == "ER":
            yield start, rec, True
            rec, last = None, None
            continue
        if tag is None:
            if last is None:
                continue
            if last in _LIST_JOIN:
                rec[last].append(content)
            else:
                vals = rec[last]
                vals[-1] = (vals[-1] + " " + content).strip() if vals[-1] else content
            continue
        vals = rec.get(tag)
        if vals is None:
            rec[tag] = [content]
        else:
            vals.append(content)
        last = tag
    if rec is not None:
        ctx.warn(path, start, "the last record has no ER line; read to the end of the file")
        yield start, rec, False


def read(path: str, ctx: ReadContext) -> Iterator[Record]:
    n_records = 0
    for start, tags, _closed in _records(path, ctx):
        n_records += 1
        rec = _record(path, start, tags, ctx)
        if rec is not None:
            yield rec
    if n_records == 0:
        raise InputError(path, "no RIS records found (expected 'TY  - ' ... 'ER  - ' blocks)", 1)


def _first(tags: dict[str, list[str]], *names: str) -> str | None:
    """The first non-empty value of the first of ``names`` that has one (values are stripped
    when the lines are read)."""
    for t in names:
        vals = tags.get(t)
        if vals:
            for v in vals:
                if v:
                    return v
    return None


def _record(path: str, line: int, tags: dict[str, list[str]], ctx: ReadContext) -> Record | None:
    wos = "PT" in tags
    v = tags.get("TI")  # (_first(tags, ...) without its call where the first value is there)
    title = v[0] if v and v[0] else _first(tags, "TI", "T1", "CT", "BT") if not wos else _first(tags, "TI")
    if not title:
        ctx.skip(path, line, "RIS record has no title (TI/T1); skipped")
        return None
    title = _squash(title)
    # ---- authors
    names: list[str] = []
    if wos:
        names = [v for v in tags.get("AF") or tags.get("AU") or [] if v.strip()]
    else:
        au, a1 = tags.get("AU"), tags.get("A1")
        names = [v for v in (au + a1 if au and a1 else au or a1 or ()) if v]  # (values are stripped)
    complete = True
    authors: list[RawAuthor] = []
    kept: list[str] = []  # (Web of Science) the value each author was read from
    for raw in names:
        if raw[-1] in ".lLsS" and raw.lower().rstrip(".") in ("et al", "others", "and others"):
            complete = False
            continue
        if placeholder_name(raw):
            continue  # a placeholder ("[Anonymous]", "[No author name available]"): nobody
        if raw.count(",") == 1 and raw.isascii() and raw.isprintable() and "  " not in raw:
            # person_name's "Family, Given" (nfc of printable ASCII without double spaces only
            # strips spaces), without its call
            family, _, given = raw.strip(" ,;").partition(",")
            family, given = family.strip(" "), given.strip(" ")
            if family and given and (len(given) > 3 or not _JR.match(given)):
                name = given + " " + family
            else:
                name, given, family = person_name(raw)
        else:
            name, given, family = person_name(raw)
        if name:  # RawAuthor(name=..., position=..., given=..., family=...), without its checks
            a = _new(RawAuthor)
            _set(a, "__dict__", {"given": given, "family": family, "ids": (), "affiliations": (),
                                 "name": name, "position": len(authors) + 1})
            authors.append(a)
            if wos:
                kept.append(raw)
    # ---- dates
    year = None
    date = None
    py, y1, da = tags.get("PY"), tags.get("Y1"), tags.get("DA")
    py = (py[0] or _first(tags, "PY")) if py else None
    y1 = (y1[0] or _first(tags, "Y1")) if y1 else None
    da = (da[0] or _first(tags, "DA")) if da else None
    for cand in (py, y1, da):
        if cand:
            m = _RX_YEAR.search(cand)
            if m:
                year = int(m.group(1))
                break
    if year is None and (py or y1):
        ctx.warn(path, line, f"year {(py or y1)!r} is not a year; left empty")
    if year is not None:
        date = str(year)
        for cand in (da, y1, py):
            if cand and len(cand) > 4:  # a shorter value gives at most the year itself
                d, y = _parse_date(cand)
                if d and y == year and len(d) > len(date):
                    date = d
        if wos and tags.get("PD") and len(date) == 4:  # "JUN 8", "2004 JUN"
            bits = tags["PD"][0].replace("-", " ").split()
            mon = next((month_number(b) for b in bits if b.isalpha() and month_number(b)), None)
            day = next((b for b in bits if b.isdigit() and len(b) <= 2), None)
            if mon:
                date = iso_date(year, mon, day)
    # ---- identifiers
    ids: list[tuple[str, str]] = []
    urls = tags.get("UR") or []
    v = tags.get("DO")
    doi_text = v[0] if v and v[0] else _first(tags, "DO", "DI")
    doi = doi_from(doi_text)
    if not doi:
        for u in urls:
            if "doi.org" in u:
                doi = doi_from(u)
                break
    if doi:
        ids.append(("doi", doi))
    elif doi_text and doi_text.strip():
        ctx.warn(path, line, f"DOI {doi_text.strip()[:60]!r} is not a DOI (10.NNNN/...); left out")
    for u in urls + tags["L2"] if "L2" in tags else urls:  # (UR and L2 are lists)
        if "arxiv.org" in u.lower():
            m = _RX_ARXIV_ABS.fullmatch(u)  # (the id arxiv_from finds in such a URL)
            a = m.group(1) if m else arxiv_from(u)
            if a:
                ids.append(("arxiv", a))
                break
    for u in urls:
        m = _RX_SCOPUS_EID.search(u)
        if m:
            ids.append(("scopus", m.group(1)))
            break
    pm = tags.get("PM")
    pm = (pm[0] or _first(tags, "PM")) if pm else None
    if pm and pm.isdigit():
        ids.append(("pmid", pm))
    # ---- kind, venue, abstract
    if wos:
        kind = WOS_KINDS.get((_first(tags, "PT") or "").upper(), "article")
        dt = (_first(tags, "DT") or "").lower()
        if "proceedings" in dt:
            kind = "inproceedings"
        elif "book chapter" in dt:
            kind = "incollection"
        venue = _first(tags, "SO", "SE", "BS")
    else:
        v = tags.get("TY")
        ty = (((v[0] or _first(tags, "TY")) if v else None) or "").upper()
        kind = KINDS.get(ty, "misc")
        v = tags.get("T2")
        venue = v[0] if v and v[0] else _first(tags, "T2", "JO", "JF", "JA", "J2", "BT", "T3")
        if kind == "article" and venue and venue.lower().startswith("arxiv"):
            kind = "preprint"
    v = tags.get("AB")
    abstract = v[0] if v and v[0] else _first(tags, "AB", "N2")
    # ---- keywords
    topics: list[RawTopic] = []
    seen = set()
    kws = tags.get("DE", []) + tags.get("ID", []) if wos else tags.get("KW", [])
    for v in kws:
        for k in (v.split(";") if ";" in v else [v]):
            k = _squash(k).strip(" *")
            low = k.lower()
            if k and low not in seen:
                seen.add(low)
                topic = _KEYWORDS.get(k)
                if topic is None:  # the same keywords recur: one (immutable) topic each
                    topic = _Topic(scheme="keyword", code=low, label=k)
                    if len(_KEYWORDS) < 50_000:
                        _KEYWORDS[k] = topic
                topics.append(topic)
    # ---- institutions
    insts: list[RawInstitution] = []
    if wos:
        by_author: dict[str, list[str]] = {}
        for c1 in tags.get("C1", []):
            m = re.match(r"^\[(.*?)\]\s*(.+)$", c1)
            if m:
                inst = m.group(2).strip().rstrip(".")
                for who in m.group(1).split(";"):
                    by_author.setdefault(" ".join(who.split()).lower(), []).append(inst)
            elif c1.strip():
                insts.append(RawInstitution(c1.strip().rstrip(".")))
        orcids: dict[str, str] = {}
        for oi in tags.get("OI", []):
            for pair in oi.split(";"):
                who, _, orcid = pair.rpartition("/")
                if who.strip() and re.fullmatch(r"\s*\d{4}-\d{4}-\d{4}-\d{3}[\dXx]\s*", orcid):
                    orcids[" ".join(who.split()).lower()] = orcid.strip().upper()
        if by_author or orcids:
            new = []
            for a, raw in zip(authors, kept):
                raw_key = " ".join(raw.split()).lower()
                aff = by_author.get(raw_key, [])
                ids = (("orcid", orcids[raw_key]),) if raw_key in orcids else a.ids
                new.append(RawAuthor(a.name, a.position, a.given, a.family, ids,
                                     tuple(RawInstitution(x) for x in dict.fromkeys(aff))))
            authors = new + authors[len(new):]
    else:
        for ad in tags.get("AD", []):
            ad = " ".join(ad.split()).strip(" .;")
            if ad and "@" not in ad:
                inst = _INSTITUTIONS.get(ad)
                if inst is None:  # the same addresses recur: one (immutable) institution each
                    inst = RawInstitution(ad)
                    if len(_INSTITUTIONS) < 50_000:
                        _INSTITUTIONS[ad] = inst
                insts.append(inst)
    if _RECORD_T is not None:  # _Record(...), without its checks
        r = _new(Record)
        _set(r, "__dict__", {
            **_RECORD_T, "source": path, "line": line, "title": title, "authors": tuple(authors),
            "authors_complete": complete, "date": date, "year": year, "ids": tuple(ids),
            "abstract": _squash(abstract) if abstract else None, "venue": _squash(venue) if venue else None,
            "kind": kind, "topics": tuple(topics), "institutions": tuple(dict.fromkeys(insts))})
        return r
    return _Record(
        source=path, line=line, title=title, authors=tuple(authors), authors_complete=complete,
        date=date, year=year, ids=tuple(ids), abstract=_squash(abstract) if abstract else None,
        venue=_squash(venue) if venue else None, kind=kind, topics=tuple(topics),
        institutions=tuple(dict.fromkeys(insts)),
    )
