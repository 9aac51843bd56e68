"""A minimal arXiv-metadata reader for the bench, used only where ``graphkit.sources.arxiv``
is not installed (so the resolve/convert/store part of ingest can be measured on its own).

It yields the same kind of ``Record`` a real reader would: authors from ``authors_parsed``
when present, else from the raw string split on commas and "and" (parenthesised affiliations
dropped), a handful of LaTeX accents decoded, categories as arXiv-taxonomy topics, the first
version's date. Results that use it are labelled "stand-in reader" in the bench output.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re

from graphkit.ids import nfc
from graphkit.model import RawAuthor, RawInstitution, RawTopic, Record
from graphkit.sources.arxiv_taxonomy import ARCHIVES, lookup

_LATEX = [(re.compile(r'\\"\{?([a-zA-Z])\}?'), "\u0308"), (re.compile(r"\\'\{?([a-zA-Z])\}?"), "\u0301"),
          (re.compile(r"\\`\{?([a-zA-Z])\}?"), "\u0300"), (re.compile(r"\\\^\{?([a-zA-Z])\}?"), "\u0302"),
          (re.compile(r"\\~\{?([a-zA-Z])\}?"), "\u0303"), (re.compile(r"\\c\{([a-zA-Z])\}"), "\u0327")]
_SPECIAL = {"{\\o}": "ø", "{\\O}": "Ø", "{\\aa}": "å", "{\\AA}": "Å", "{\\l}": "ł", "{\\L}": "Ł",
            "{\\ss}": "ß", "{\\i}": "ı"}
_PAREN = re.compile(r"\s*\([^()]*\)")
_SPLIT = re.compile(r",\s*|\s+and\s+")
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def delatex(text: str) -> str:
    if "\\" not in text:
        return text
    for k, v in _SPECIAL.items():
        text = text.replace(k, v)
    for rx, mark in _LATEX:
        text = rx.sub(lambda m: m.group(1) + mark, text)
    return nfc(text.replace("{", "").replace("}", ""))


def read(path: str):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            r = json.loads(line)
            authors = []
            if r.get("authors_parsed"):
                for pos, row in enumerate(r["authors_parsed"], 1):
                    family, given = delatex(row[0]), delatex(row[1])
                    affs = tuple(RawInstitution(delatex(a)) for a in row[3:] if a)
                    name = nfc(f"{given} {family}" if given else family)
                    authors.append(RawAuthor(name, pos, given or None, family, (), affs))
            else:
                raw = _PAREN.sub("", r["authors"].replace("\n", " "))
                for pos, name in enumerate((n for n in _SPLIT.split(raw) if n.strip()), 1):
                    authors.append(RawAuthor(nfc(delatex(name)), pos))
            created = r["versions"][0]["created"]  # "Mon, 02 Apr 2007 19:18:42 GMT"
            d = dt.date(int(created[12:16]), _MONTHS[created[8:11]], int(created[5:7]))
            topics = []
            for code in r["categories"].split():
                full, label, archive = lookup(code)
                topics.append(RawTopic("arxiv", full, label,
                                       ((archive, ARCHIVES.get(archive)),) if archive else ()))
            ids = [("arxiv", r["id"])]
            if r.get("doi"):
                ids.append(("doi", r["doi"].split()[0]))
            yield Record(source=path, line=lineno, title=nfc(delatex(r["title"])),
                         authors=tuple(authors), date=d.isoformat(), year=d.year,
                         ids=tuple(ids), abstract=nfc(r.get("abstract") or "") or None,
                         kind="preprint", topics=tuple(topics))
