"""DBLP XML (``dblp.xml`` dumps and excerpts, optionally gzipped), streamed with lxml's
``iterparse`` so that memory stays flat on the full dump.

* records: ``article``, ``inproceedings``, ``proceedings``, ``book``, ``incollection``,
  ``phdthesis``, ``mastersthesis`` (``www`` person pages and ``data`` items are not papers);
* ordered ``author`` elements; a homonym number ("Manish Singh 0001") identifies the DBLP
  person (kept as the author's DBLP id) and is dropped from the name; ``orcid`` attributes;
* the record key (``conf/stoc/FournierL0T24``) as DBLP id, ``ee`` links to DOIs and arXiv ids,
  ``year``/``month``, venue from ``journal``/``booktitle``/``series``/``publisher``,
  ``school`` as the thesis' institution;
* ISO-8859-1 and the DTD's character entities (``&uuml;``): the DTD next to the file is used;
  without it the standard (HTML Latin-1 and symbol) entities are supplied.
"""
from __future__ import annotations

import html.entities
import os
import re
from typing import Iterator

from ..errors import InputError
from ..model import RawAuthor, RawInstitution, Record
from . import ReadContext
from ._text import FileProgress, arxiv_from, clean, doi_from, fast_factory, iso_date, month_number, open_binary

KINDS = {"article": "article", "inproceedings": "inproceedings", "proceedings": "proceedings",
         "book": "book", "incollection": "incollection", "phdthesis": "thesis",
         "mastersthesis": "thesis"}
SKIPPED = ("www", "data", "person")
_RX_HOMONYM = re.compile(r"^(.*\S)\s+(\d{4})$")
_Record, _Author = fast_factory(Record), fast_factory(RawAuthor)


def sniff(path: str, head: bytes) -> bool:
    text = head[:4096]
    return b"<dblp" in text or b"<!DOCTYPE dblp" in text


def _entity_dtd() -> bytes:
    """A DTD declaring the named character entities DBLP uses (all of HTML's)."""
    lines = [f'<!ENTITY {name} "&#{cp};">' for name, cp in sorted(html.entities.name2codepoint.items())
             if name not in ("amp", "lt", "gt", "quot", "apos")]
    return ("\n".join(lines) + "\n").encode("ascii")


def _parser_resolver(path: str):
    from lxml import etree

    class _Resolver(etree.Resolver):
        def resolve(self, url, pubid, context):
            local = os.path.join(os.path.dirname(os.path.abspath(path)), os.path.basename(url or ""))
            if url and os.path.isfile(local):
                return self.resolve_filename(local, context)
            return self.resolve_string(_entity_dtd(), context)
    return _Resolver()


def _split_person(text: str) -> tuple[str, str | None]:
    """Name without the homonym number, and the DBLP person ("Name 0001" or the name)."""
    if not text[-1:].isdigit():
        return text, text
    m = _RX_HOMONYM.match(text)
    if m:
        return m.group(1), text
    return text, text


def read(path: str, ctx: ReadContext) -> Iterator[Record]:
    from lxml import etree
    raw, stream = open_binary(path)
    bar = FileProgress(path, ctx, "DBLP")
    tags = tuple(KINDS) + SKIPPED
    events = etree.iterparse(stream, events=("end",), tag=tags, load_dtd=True,
                             resolve_entities=True, no_network=True, huge_tree=True,
                             recover=False)
    events.resolvers.add(_parser_resolver(path))
    found = 0
    n = 0
    try:
        for _event, el in events:
            n += 1
            if el.tag not in SKIPPED:
                rec = _record(path, el, ctx)
                if rec is not None:
                    found += 1
                    yield rec
            el.clear()
            if n % 64 == 0:  # drop the cleared records before this one, a batch at a time
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
                if n % 2048 == 0:
                    bar.to(raw.tell())
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else getattr(exc, "lineno", None)
        msg = str(exc.msg if hasattr(exc, "msg") else exc).split(", line")[0]
        raise InputError(path, f"not well-formed DBLP XML: {msg} (records after this point "
                         "cannot be read)", line) from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc})") from None
    finally:
        bar.close()
        raw.close()
    if n == 0:
        raise InputError(path, "no DBLP records found (expected <article>, <inproceedings>, ... "
                         "elements inside <dblp>)", 1)


def _text(el) -> str:
    if not len(el):  # no child nodes: its text is all there is
        return clean(el.text or "")
    return clean("".join(el.itertext()))


def _record(path: str, el, ctx: ReadContext) -> Record | None:
    key = el.get("key") or ""
    line = el.sourceline or 0
    fields: dict[str, list] = {}
    for child in el:
        tag = child.tag  # (a new string at each access)
        if type(tag) is str:  # not a comment or processing instruction
            same = fields.get(tag)
            if same is None:
                fields[tag] = [child]
            else:
                same.append(child)
    title = _text(fields["title"][0]) if fields.get("title") else ""
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]  # DBLP ends every title with a period
    if not title:
        ctx.skip(path, line, f"DBLP record {key or el.tag} has no title; skipped")
        return None
    authors = []
    for a in fields.get("author", []):
        text = _text(a)
        if not text:
            continue
        name, person = _split_person(text)
        ids = [("dblp", person)]
        if a.get("orcid"):
            ids.insert(0, ("orcid", a.get("orcid").strip().upper()))
        authors.append(_Author(name=name, position=len(authors) + 1, ids=tuple(ids)))
    year = None
    if fields.get("year"):
        y = _text(fields["year"][0])
        if y.isdigit():
            year = int(y)
        else:
            ctx.warn(path, line, f"DBLP record {key}: year {y!r} is not a year; left empty")
    date = None
    if year:
        month = _text(fields["month"][0]) if fields.get("month") else ""
        date = iso_date(year, month_number(month.split()[0]) if month else None)
    ids: list[tuple[str, str]] = []
    doi = arx = None
    for ee in fields.get("ee", []):
        url = _text(ee)
        if doi is None and "doi.org/" in url:
            doi = doi_from(url)
        if arx is None and "arxiv.org" in url.lower():
            arx = arxiv_from(url)
    journal = _text(fields["journal"][0]) if fields.get("journal") else None
    if arx is None and journal == "CoRR" and fields.get("volume"):
        arx = arxiv_from(_text(fields["volume"][0]))
    if doi:
        ids.append(("doi", doi))
    if arx:
        ids.append(("arxiv", arx))
    if key:
        ids.append(("dblp", key))
    kind = KINDS[el.tag]
    if kind == "article" and (journal == "CoRR" or el.get("publtype") == "informal"):
        kind = "preprint" if journal == "CoRR" else kind
    venue = journal
    for tag in ("booktitle", "series", "publisher"):
        if venue:
            break
        if fields.get(tag):
            venue = _text(fields[tag][0])
    insts = tuple(RawInstitution(_text(s)) for s in fields.get("school", []) if _text(s))
    return _Record(source=path, line=line, title=title, authors=tuple(authors), date=date,
                  year=year, ids=tuple(ids), venue=venue or None, kind=kind, institutions=insts)
