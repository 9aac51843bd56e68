"""CSV and TSV tables: any layout with a column mapping, and two layouts without one.

``--map FIELD=COLUMN,...`` names the columns (``ctx.options["csv"]["map"]``); fields:

========== ==========================================================================
title      the title (required)
authors    names separated by ``;`` (or ``|``, `` and ``, or ``,``), "Last, First" or
           "First Last"; separated by commas only, "Smith, John, Doe, Jane" (every part
           one word, an even count) and "Smith, J., Doe, J. C." (surnames and initials in
           turn) are read as "Last, First" pairs; other one-word parts between commas are
           read as one author each, with a warning (file, lines)
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

Placeholders are nobody: an author item in square brackets (Scopus' "[No author name
available]", Web of Science's "[Anonymous]") or "Anonymous" is left out, so such a row has
no authors.
"""
from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
from itertools import repeat
from operator import itemgetter, methodcaller
from typing import Iterator
from unicodedata import is_normalized

from ..errors import InputError
from ..model import RawAuthor, RawInstitution, RawTopic, Record
from . import ReadContext
from ._text import (FileProgress, arxiv_from, doi_from, iter_text_lines, pair_initials, parse_date,
                    person_name, placeholder_name)

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
_UNQUOTE = methodcaller("replace", '""', '"')
_UNEMPTY = dict.fromkeys(_EMPTY, "").get  # (value, value): "" for the markers above, else value
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


def split_list(text: str, comma: bool = True) -> list[str]:
    """Items of a list cell: ``;`` or ``|`` separated, else `` and ``, else commas."""
    if not text:
        return []
    if ";" in text:  # the items stripped, the empty ones dropped
        return list(filter(None, map(str.strip, text.split(";"))))
    if "|" in text:
        return list(filter(None, map(str.strip, text.split("|"))))
    if "and" in text and _RX_AND.search(text):
        return [t for t in (t.strip(" ,") for t in _RX_AND_OR_COMMA.split(text)) if t]
    if comma and "," in text:
        return list(filter(None, map(str.strip, text.split(","))))
    return [text.strip()]


def _comma_names(names: list[str]) -> tuple[list[str], bool]:
    """The author items of a cell split at commas (no ``;`` or ``|``), and whether one-word
    items are left that may be halves of "Family, Given" names. Read as "Family, Given" pairs:
    an even number of one-word items ("Smith, John, Doe, Jane"), or surnames and initials in
    turn ("Smith, J. C., Doe, J."); a trailing "et al." stays an item of its own."""
    core = names
    while core and core[-1].lower().rstrip(".") in ("et al", "others"):
        core = core[:-1]
    n = len(core)
    if n < 2:
        return names, False
    one_word = [" " not in x for x in core]
    if not n & 1:
        if all(one_word) and not any(_RX_INITIALS.match(x) for x in core[::2]):
            return [f"{f}, {g}" for f, g in zip(core[::2], core[1::2])] + names[n:], False
        paired = pair_initials(core)
        if paired is not None:
            return paired + names[n:], False
    return names, any(w and not _RX_INITIALS.match(x) for w, x in zip(one_word, core))


def _collapse(text: str) -> str:
    """``" ".join(text.split())``, without the work when the only whitespace is single inner
    spaces already."""
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    if len(text) > 200 and text.isascii():  # a search per other whitespace character beats a scan
        if ("\n" in text or "\r" in text or "\t" in text or "\x0b" in text or "\x0c" in text
                or "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text):
            return " ".join(text.split())
        return text
    # every whitespace character but the space is unprintable
    return text if text.isprintable() else " ".join(text.split())


def _name(raw: str) -> tuple[str, str | None, str | None]:
    """Display, given and family of "Last, First", "First Last" or Scopus' "Phillips J.C."."""
    # "Family, Given" in plain ASCII, single-spaced and trimmed: what the general path gives
    if (raw.isascii() and raw[:1] not in " ,;" and raw[-1:] not in " ,;" and raw.count(",") == 1
            and raw.isprintable() and "  " not in raw):
        family, _, given = raw.partition(",")
        family, given = family.strip(), given.strip()
        if given.lower() not in _JR_WORDS:
            return f"{given} {family}", given, family
    raw = " ".join(raw.split())
    if "," not in raw:
        bits = raw.split(" ")
        if len(bits) >= 2 and _RX_INITIALS.match(bits[-1]) and not _RX_INITIALS.match(bits[0]):
            family, given = " ".join(bits[:-1]), bits[-1]
            return f"{given} {family}", given, family
    return person_name(raw)


_JR_WORDS = frozenset(("jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"))  # person_name's suffixes


def _scopus_full(item: str) -> tuple[str, str]:
    """Name and author id of an ``Author full names`` item, "Noord, Gertjan van (57650425084)"
    (the item itself and "" without an id)."""
    if item.endswith(")") and "\n" not in item:  # the id is in the last parentheses
        i = item.rfind("(")
        digits = item[i + 1:-1]
        if i >= 0 and digits.isdecimal():
            return item[:i].rstrip(), digits
    m = _RX_SCOPUS_FULL.match(item)
    return (m.group(1), m.group(2)) if m else (item, "")


def _aff_of(part: str) -> str:
    """The affiliation in an ``Authors with affiliations`` item, "Noord G.v., Univ..., BR"."""
    i = part.find(",")
    if i <= 0:
        return part
    rest = part[i + 1:].lstrip()
    if rest[1:2] == "." and "A" <= rest[:1] <= "Z":  # initials may follow: the full pattern
        return _RX_AFF_NAME.sub("", part)
    return rest


# the cells read from each row, in this order: the mapped fields, then the layout's extras
_EXTRAS = ("Author full names", "Author(s) ID", "Authors with affiliations", "Index Keywords",
           "institutions")
_CACHE_MAX = 1 << 12  # spellings remembered per file (names, keywords), then forgotten
_DOUBT_LINES = 5  # lines named in the warning about doubtful authors cells
_new = object.__new__


def _dict_setter(cls, fields: str):
    """``set(obj, values)`` for a bare ``object.__new__(cls)`` of a frozen dataclass: the state
    ``fast_factory`` leaves, without its per-call work. ``values`` names every field in the
    order given here: those with defaults, then the others (checked against the class)."""
    order = [f.name for f in dataclasses.fields(cls)
             if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING]
    order += [f.name for f in dataclasses.fields(cls) if f.name not in order]
    if order != fields.split():
        raise RuntimeError(f"csv_: the fields of {cls.__name__} changed ({', '.join(order)}); "
                           "update the records made in graphkit/sources/csv_.py")
    descr = vars(cls).get("__dict__")
    if descr is not None:
        return descr.__set__

    def set_fields(obj, values, setattr_=object.__setattr__):  # a class with __slots__
        for k, v in values.items():
            setattr_(obj, k, v)
    return set_fields


_set_record = _dict_setter(Record, "authors authors_complete date year date_inferred ids abstract "
                                   "venue kind has_code topics institutions source line title")
_set_author = _dict_setter(RawAuthor, "given family ids affiliations name position")
_set_inst = _dict_setter(RawInstitution, "ids country name")
_set_topic = _dict_setter(RawTopic, "label broader score scheme code")


_CHUNK = 1 << 20  # bytes decoded at a time by _text_lines (a multiple of io's 8 KiB reads)


def _text_lines(path: str, ctx: ReadContext) -> Iterator[tuple[int, str]]:
    """``iter_text_lines(path, ctx, "CSV", keepends=True)``, without the per-character work of
    its universal-newline decoding for an uncompressed file: UTF-8 (BOM dropped), "\\r\\n" and
    "\\r" read as "\\n". A chunk that does not decode (or read) hands over to
    ``iter_text_lines``, past the lines given already (it gives those too, and then its error
    for the line at fault)."""
    if path.lower().endswith(".gz"):
        yield from iter_text_lines(path, ctx, "CSV", keepends=True)
        return
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below, or by the fallback's own
    except OSError:  # iter_text_lines says why
        yield from iter_text_lines(path, ctx, "CSV", keepends=True)
        return
    bar = FileProgress(path, ctx, "CSV")
    decode = codecs.getincrementaldecoder("utf-8-sig")().decode
    n = 0
    rest = cr = ""
    try:
        with raw:
            while True:
                try:
                    data = raw.read(_CHUNK)
                    text = decode(data, not data)
                except (UnicodeDecodeError, OSError):
                    break
                final = not data
                del data
                if cr:
                    text, cr = cr + text, ""
                if not final and text[-1:] == "\r":  # "\r\n" may go on in the next chunk
                    text, cr = text[:-1], "\r"
                if "\r" in text:
                    lines = text.split("\r\n")
                    joined = "".join(lines)
                    if "\r" in joined or "\n" in joined:  # not only "\r\n" line ends
                        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
                    del joined
                else:
                    lines = text.split("\n")
                del text
                if rest:  # the line the chunk before ended in goes on
                    lines[0] = rest + lines[0]
                rest = lines.pop()
                for line in lines:
                    n += 1
                    yield n, line + "\n"
                if final:
                    if rest:
                        yield n + 1, rest
                    return
                bar.to(raw.tell())
    finally:
        bar.close()
    for m, line in iter_text_lines(path, ctx, "CSV", keepends=True):
        if m > n:
            yield m, line


class _Feed:
    """The lines the csv module reads: the one put back, then those after it, counted. The
    lines after the one put back are kept (``taken``) so that a row found broken can give them
    back to be read again (``_Lines.give_back``)."""

    __slots__ = ("line", "lines", "next_line", "taken")

    def __init__(self, lines: Iterator[tuple[int, str]]):
        self.lines, self.next_line, self.line, self.taken = lines, None, 0, []

    def put(self, number: int, line: str) -> None:
        self.line, self.next_line = number, line
        self.taken = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.next_line
        if line is not None:
            self.next_line = None
            return line
        self.line, line = item = next(self.lines)
        self.taken.append(item)
        return line


class _Lines:
    """An iterator of ``(number, line)`` to which lines can be given back, read again first."""

    __slots__ = ("back", "lines")

    def __init__(self, lines: Iterator[tuple[int, str]]):
        self.lines, self.back = lines, []

    def give_back(self, items: list) -> None:
        self.back.extend(reversed(items))

    def __iter__(self):
        return self

    def __next__(self) -> tuple[int, str]:
        if self.back:
            return self.back.pop()
        return next(self.lines)


def _runs_to_the_end(text: str, delim: str) -> bool:
    """Whether a quoted field opened in ``text`` is never closed."""
    try:
        for _ in csv.reader(io.StringIO(text), delimiter=delim, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def read(path: str, ctx: ReadContext) -> Iterator[Record]:
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))
    limit = csv.field_size_limit()
    lines = _Lines(_text_lines(path, ctx))
    first = next(lines, None)
    if first is None:
        raise InputError(path, "file is empty", 1)
    delim = "\t" if path.lower().endswith((".tsv", ".tsv.gz")) else _delimiter(first[1])
    feed = _Feed(lines)
    feed.put(*first)
    reader = csv.reader(feed, delimiter=delim)
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
    # every cell _record reads, by one C call per row; an absent column reads the empty
    # cell appended after the row's last one
    cells = itemgetter(*[width if i is None else i
                         for i in [idx.get(f) for f in FIELDS] + [extra.get(n) for n in _EXTRAS]])
    # caches, each bounded, of: Author full names items, author names, keyword cells, keywords;
    # then the count and first lines of the authors cells _comma_names doubts
    doubts = [0]
    opts = (layout == "scopus", layout == "openalex", "Author(s) ID" in extra,
            "Authors with affiliations" in extra, "institutions" in extra, ({}, {}, {}, {}, doubts))
    long_rows = 0
    sep = f'"{delim}"'
    for start, line in lines:
        # a row on one line with every field quoted (as Scopus writes them): its fields lie
        # between the separators, as the csv module reads them, when every quote in them is
        # doubled
        row = None
        if line[:1] == '"' and len(line) <= limit:
            row = line.split(sep)
            last = row[-1]
            if last[-2:] == '"\n' and len(last) > (1 if len(row) > 1 else 2):
                row[-1] = last[:-2]
            elif last[-1:] == '"' and len(last) > (0 if len(row) > 1 else 1):
                row[-1] = last[:-1]  # the last line, without a line end
            else:
                row = None
            if row is not None:
                first = row[0]
                if first[:1] == '"':
                    row[0] = first[1:]
                    if '"' in "".join(row):  # quotes in a field are doubled, or it is no such row
                        if '"' in ",".join(row).replace('""', ""):
                            row = None
                        else:
                            row = list(map(_UNQUOTE, row))
                else:  # a separator took the opening quote
                    row = None
        if row is None:  # the csv module reads the row, and the lines that continue it
            feed.put(start, line)
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise InputError(path, f"malformed CSV ({exc})", feed.line) from None
            if feed.taken:  # a row over several lines: is it one a stray '"' made?
                text = line + "".join(t for _, t in feed.taken)
                open_end = _runs_to_the_end(text, delim)
                if open_end or len(row) < width:
                    # the quote opened on this line took the lines after it into one field,
                    # never closing or leaving the row short of fields: the row is skipped and
                    # the lines after it are read again as rows of their own
                    how = ("runs to the end of the file" if open_end else
                           f"takes in line{f's {start + 1}-' if feed.line > start + 1 else ' '}{feed.line}, "
                           f"leaving {len(row)} of {width} fields")
                    ctx.skip(path, start, f"a quote opened on line {start} {how}; the row is "
                             "skipped (a stray '\"'?)")
                    lines.give_back(feed.taken)
                    feed.taken = []
                    continue
        if not (row and row[0].strip()) and not any(c.strip() for c in row):
            continue
        n = len(row)
        if n != width:
            if n > width:
                long_rows += 1
                if split is not None:
                    k = n - width
                    row = row[: split + 1] + row[split + 1 + k:]
                else:  # the extra fields are not read
                    row = row[:width]
            else:  # the missing fields read as empty cells
                row = row + [""] * (width - n)
        row.append("")
        vals = list(map(str.strip, cells(row)))
        rec = _record(path, start, list(map(_UNEMPTY, vals, vals)), opts, ctx)
        if rec is not None:
            yield rec
    if long_rows:
        how = ("the columns after 'Funding Details' were read from the right (a known Scopus "
               "export fault)" if split is not None else "the extra fields were ignored")
        ctx.warn(path, None, f"{long_rows} rows have more fields than the header ({width}); {how}")
    if doubts[0]:
        lines_ = ", ".join(map(str, doubts[1:])) + (", ..." if doubts[0] > len(doubts) - 1 else "")
        many = doubts[0] > 1
        ctx.warn(path, doubts[1], f"{doubts[0]} authors cell{'s' if many else ''} separated only by "
                 f"commas {'hold' if many else 'holds'} one-word names (line{'s' if many else ''} "
                 f"{lines_}): each part was read as one author; if they are \"Family, Given\" "
                 "names, separate the people with ';'")


def _record(path, line, vals, opts, ctx) -> Record | None:
    """The record of one row's cells (stripped, empty markers emptied; see ``cells``)."""
    (title, authors_text, ytext, dtext, doi_text, arxiv_text, pmid_text, scopus_text, oa_text,
     venue, abstract, kw_text, kind_text, aff_text, orcid_text, aid_text,
     full_text, sid_text, authaff_text, ikw_text, inst_text) = vals
    scopus, _, _, has_authaff, _, caches = opts
    title = _collapse(title)
    if not title:
        ctx.skip(path, line, "row has no title; skipped")
        return None
    # ---- authors
    got = _scopus_authors(full_text, authaff_text if has_authaff else "", caches) if scopus else None
    if got is not None:  # no other author columns in this layout
        authors, complete = got
        insts: tuple[RawInstitution, ...] = ()
    else:
        authors, complete, insts, doubtful = _authors(authors_text, sid_text, aff_text, orcid_text,
                                                      aid_text, authaff_text, inst_text, opts)
        if doubtful:  # told once per file, after the rows (read)
            doubts = caches[4]
            doubts[0] += 1
            if len(doubts) <= _DOUBT_LINES:
                doubts.append(line)
    # ---- dates
    date, year = parse_date(dtext) if dtext else (None, None)
    if ytext:
        if len(ytext) == 4 and ytext.isascii() and ytext.isdigit():
            y = int(ytext)
        else:
            m = _RX_YEAR.match(ytext)
            y = int(m.group(1)) if m else None
        if y is not None:
            if year != y:
                date, year = str(y), y
        elif year is None:
            ctx.warn(path, line, f"year {ytext!r} is not a year; left empty")
    # ---- identifiers
    ids = []
    if doi_text:
        doi = doi_from(doi_text)
        if doi:
            ids.append(("doi", doi))
        elif doi_text.strip():
            ctx.warn(path, line, f"DOI {doi_text.strip()[:60]!r} is not a DOI (10.NNNN/...); left out")
    if arxiv_text:
        ids.append(("arxiv", arxiv_from(arxiv_text) or arxiv_text))
    if oa_text:
        oa = oa_text.rsplit("/", 1)[-1]
        if _RX_OPENALEX_WORK.fullmatch(oa):
            ids.append(("openalex", oa.upper()))
    if pmid_text:
        pm = _RX_TRAILING_NUMBER.search(pmid_text)
        if pm:
            ids.append(("pmid", pm.group(1)))
    if scopus_text:
        ids.append(("scopus", scopus_text))
    # ---- the rest
    kind = KINDS.get(kind_text.lower(), "misc") if kind_text else "article"
    if not scopus:
        ikw_text = ""
    topic_cache = caches[2]
    topics = topic_cache.get((kw_text, ikw_text))
    if topics is None:
        topics = _topics(kw_text, ikw_text, caches[3])
        if len(topic_cache) >= _CACHE_MAX:
            topic_cache.clear()
        topic_cache[kw_text, ikw_text] = topics
    rec = _new(Record)
    _set_record(rec, {
        "authors": authors, "authors_complete": complete, "date": date, "year": year,
        "date_inferred": False, "ids": tuple(ids), "abstract": _collapse(abstract) or None,
        "venue": venue or None, "kind": kind, "has_code": None, "topics": topics,
        "institutions": insts, "source": path, "line": line, "title": title})
    return rec


def _topics(keywords: str, index_keywords: str, known: dict) -> tuple[RawTopic, ...]:
    """The keyword topics of the two keyword cells (topics are frozen: shared between records)."""
    topics = []
    seen = set()
    for k in split_list(keywords, comma=False) + split_list(index_keywords, comma=False):
        got = known.get(k)
        if got is None:
            label = _collapse(k)
            code = topic = label.lower()
            if label:
                topic = _new(RawTopic)
                _set_topic(topic, {"label": label, "broader": (), "score": None, "scheme": "keyword",
                                   "code": code})
            got = (code, topic or None)
            if len(known) >= _CACHE_MAX:
                known.clear()
            known[k] = got
        code, topic = got
        if topic is not None and code not in seen:
            seen.add(code)
            topics.append(topic)
    return tuple(topics)


def _authors(authors_text, sid_text, aff_text, orcid_text, aid_text, authaff_text, inst_text, opts):
    """Authors, whether the list is complete, the paper's institutions, and whether the cell
    was separated by commas only and left one-word names that may be halves of "Family,
    Given" names (``_comma_names``): any layout."""
    scopus, openalex, has_sids, has_authaff, has_insts, caches = opts
    name_cache = caches[1]
    complete = True
    scopus_ids: list[str] = []
    names = split_list(authors_text)
    doubtful = False
    if (len(names) > 1 and not scopus and not openalex and ";" not in authors_text
            and "|" not in authors_text and "," in authors_text):
        names, doubtful = _comma_names(names)
    if scopus and has_sids:
        scopus_ids = split_list(sid_text)
    orcids = split_list(orcid_text) if orcid_text else ()
    author_ids = (split_list(aid_text) if aid_text else None) or scopus_ids
    affs = split_list(aff_text, comma=False) if aff_text else []
    n_names = len(names)
    if scopus and has_authaff:
        parts = split_list(authaff_text, comma=False) if authaff_text else []
        if len(parts) == n_names:
            affs = [_aff_of(p) for p in parts]
    per_author = len(affs) == n_names
    n_orcids, n_aids = len(orcids), len(author_ids)
    authors: list[RawAuthor] = []
    for i, raw in enumerate(names):
        parsed = name_cache.get(raw)
        if parsed is None:  # False for "et al.", () for a placeholder
            parsed = raw.lower().rstrip(".") not in ("et al", "others") and (
                () if placeholder_name(raw) else _name(raw))
            if len(name_cache) >= _CACHE_MAX:
                name_cache.clear()
            name_cache[raw] = parsed
        if not parsed:
            if parsed is False:
                complete = False
            continue
        name, given, family = parsed
        if not name:
            continue
        ids = ()
        if i < n_orcids:
            m = _RX_ORCID.search(orcids[i])
            if m:
                ids = (("orcid", m.group(0).upper()),)
        if i < n_aids:
            aid = author_ids[i]
            if aid:
                if "/" in aid:
                    aid = aid.rsplit("/", 1)[-1]
                if aid.isdigit():
                    ids += (("scopus", aid),)
                elif _RX_OPENALEX_AUTHOR.fullmatch(aid):
                    ids += (("openalex", aid.upper()),)
        aff = _affiliation(affs[i]) if per_author else ()
        author = _new(RawAuthor)
        _set_author(author, {"given": given, "family": family, "ids": ids, "affiliations": aff,
                             "name": name, "position": len(authors) + 1})
        authors.append(author)
    insts: tuple[RawInstitution, ...] = ()
    if affs and not per_author:
        insts = tuple(RawInstitution(a) for a in dict.fromkeys(affs))
    elif openalex and has_insts:
        insts = tuple(RawInstitution(a) for a in dict.fromkeys(split_list(inst_text, comma=False)))
    return tuple(authors), complete, insts, doubtful


def _scopus_authors(full_text: str, authaff_text: str, caches):
    """Authors and whether the list is complete, from the ``Author full names`` cell and (when
    it names one affiliation per author) the ``Authors with affiliations`` cell: the general
    path's result; None when there are no full names."""
    plain = _plain_full_names(full_text)
    if plain is not None:
        families, givens, ids = plain
        n = len(families)
    else:
        full = split_list(full_text, comma=False)
        if not full:
            return None
        known = caches[0]
        people = []
        for item in full:
            person = known.get(item)
            if person is None:
                person = _scopus_person(item)
                if len(known) >= _CACHE_MAX:
                    known.clear()
                known[item] = person
            people.append(person)
        n = len(people)
    parts = split_list(authaff_text, comma=False) if authaff_text else None
    affs = _scopus_affiliations(parts, authaff_text) if parts and len(parts) == n else repeat(())
    authors = []
    if plain is not None:  # "Given Family" and the Scopus id, as _scopus_person gives them
        for k, (given, family, sid, aff) in enumerate(zip(givens, families, ids, affs), 1):
            author = _new(RawAuthor)
            _set_author(author, {"given": given, "family": family, "ids": (("scopus", sid),),
                                 "affiliations": aff, "name": f"{given} {family}", "position": k})
            authors.append(author)
        return tuple(authors), True
    complete = True
    for person, aff in zip(people, affs):
        if not person:  # False for "et al.", () without a name
            if person is False:
                complete = False
            continue
        author = _new(RawAuthor)
        _set_author(author, {"given": person[1], "family": person[2], "ids": person[3],
                             "affiliations": aff, "name": person[0], "position": len(authors) + 1})
        authors.append(author)
    return tuple(authors), complete


def _scopus_affiliations(parts: list[str], cell: str) -> list[tuple[RawInstitution, ...]]:
    """The affiliations of each author from the items of ``Authors with affiliations``
    ("Noord G.v., Universidade de São Paulo, BR": what _aff_of reads, whitespace collapsed)."""
    plain = cell.isprintable() and "  " not in cell  # each affiliation in it is collapsed already
    affs = []
    for part in parts:
        head, comma, text = part.partition(",")
        if head and comma:
            text = text.lstrip()
            if text[1:2] == "." and "A" <= text[:1] <= "Z":  # initials may follow
                text = _RX_AFF_NAME.sub("", part)
        else:
            text = part
        if text:
            inst = _new(RawInstitution)
            _set_inst(inst, {"ids": (), "country": None, "name": text if plain else _collapse(text)})
            affs.append((inst,))
        else:
            affs.append(())
    return affs


# "Family, Given (id)": words without ";,()|" between single spaces, and a given name that
# person_name does not take for a suffix ("Ford, Jr."; the same case rules as its pattern)
_FULL_WORDS = r"[^ ;,()|]+(?: [^ ;,()|]+)*"
_RX_FULL_ITEM = re.compile(
    rf"({_FULL_WORDS}), (?!(?i:jr\.?|sr\.?|ii|iii|iv|v) \()({_FULL_WORDS}) \(([0-9]+)\)")


def _plain_full_names(cell: str):
    """Families, givens and ids of an ``Author full names`` cell of such items only, separated
    by "; ", in printable NFC text (each item gives "Given Family" and the Scopus id on the
    general path too); else None."""
    if (not cell or (";" not in cell and " and " in cell)  # one item: split_list's " and "
            or not cell.isprintable() or not (cell.isascii() or is_normalized("NFC", cell))):
        return None
    pieces = _RX_FULL_ITEM.split(cell)  # around the items, then family, given, id of each
    if pieces[0] or pieces[-1] or pieces[4:-1:4] != ["; "] * (len(pieces) // 4 - 1):
        return None
    return pieces[1::4], pieces[2::4], pieces[3::4]


def _scopus_person(item: str):
    """(name, given, family, ids) of an ``Author full names`` item; False for "et al.", ()
    for an item without a name."""
    # "Family, Given (id)" in plain ASCII, single-spaced: what the general path gives
    if item[-1:] == ")" and item.isascii() and item.isprintable() and "  " not in item:
        head, _, sid = item.rpartition(" (")
        sid = sid[:-1]
        if (sid.isdigit() and head.count(",") == 1 and head[:1] not in " ,;"
                and head[-1:] not in " ,;"):
            family, _, given = head.partition(",")
            family, given = family.rstrip(), given.lstrip()
            if given.lower() not in _JR_WORDS:
                return f"{given} {family}", given, family, (("scopus", sid),)
    raw, sid = _scopus_full(item)
    if raw.lower().rstrip(".") in ("et al", "others"):
        return False
    if placeholder_name(raw):  # "[No author name available]"
        return ()
    name, given, family = _name(raw)
    if not name:
        return ()
    ids = ()
    if sid:
        aid = sid.rsplit("/", 1)[-1]
        if aid.isdigit():
            ids = (("scopus", aid),)
        elif _RX_OPENALEX_AUTHOR.fullmatch(aid):
            ids = (("openalex", aid.upper()),)
    return name, given, family, ids


def _affiliation(aff: str) -> tuple[RawInstitution, ...]:
    """The affiliations of an author with the affiliation text ``aff`` (none when empty)."""
    if not aff:
        return ()
    inst = _new(RawInstitution)
    _set_inst(inst, {"ids": (), "country": None, "name": _collapse(aff)})
    return (inst,)
