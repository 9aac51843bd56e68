"""Researcher profile pages saved as text (the format of data/profiles/*.txt).

Layout::

    Maxim Naumov                         <- owner's name
                                         
    LG                                   <- primary category code
    h-index25 / 25papers / 18,245citations / Novelty49% / AI Score51
                                         
    25 Papers                            <- declared paper count
                                         
    LGFeb 16, 2023[Code]                 <- category glued to date; "Code" = has code
    Title
                                         
    A. Author, B. Author et al. · inst-a, inst-b
                                         
    Abstract ...

The owner is an author of every paper; where a truncated list ("et al.") does not show the
owner, the owner is added at an unknown position. A date without a year gets the latest such
date not after ``ctx.as_of`` and is marked inferred.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..errors import InputError
from ..ids import nfc, normalize_name
from ..model import PersonFacts, RawAuthor, RawInstitution, RawTopic, Record
from . import ReadContext, decode_text
from .arxiv_taxonomy import ARCHIVES, lookup

MONTHS = {m: i for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}
DATE_LINE = re.compile(
    r"^(?P<code>[A-Za-z][A-Za-z.\-]*?)(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?\s*(?P<code_flag>Code)?$")
# Something that wants to be a date line (category code glued to a word and a number).
LOOSE_DATE_LINE = re.compile(r"^[A-Z][A-Za-z.\-]*[A-Z][a-z]{2,}\s+\d+(,\s*\d+)?\s*(Code)?$")
PAPERS_LINE = re.compile(r"^(?P<n>[\d,]+)\s+Papers?$", re.I)
METRICS = (
    (re.compile(r"^h-index\s*(\d+)$", re.I), "h_index", int),
    (re.compile(r"^([\d,]+)\s*papers$", re.I), "paper_count", int),
    (re.compile(r"^([\d,]+)\s*citations$", re.I), "citations", int),
    (re.compile(r"^Novelty\s*(\d+(?:\.\d+)?)%$", re.I), "novelty_percent", float),
    (re.compile(r"^AI Score\s*(\d+(?:\.\d+)?)$", re.I), "ai_score", float),
)


def sniff(path: str, head: bytes) -> bool:
    text = head.decode("utf-8", "ignore")
    lines = [ln.strip() for ln in text.replace("\r", "\n").split("\n")[:40]]
    return any(PAPERS_LINE.match(ln) or ln.lower().startswith("h-index") for ln in lines) and any(
        DATE_LINE.match(ln) for ln in lines)


def _num(text: str, kind):
    v = kind(text.replace(",", ""))
    return int(v) if kind is float and v == int(v) else v


def _paragraphs(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Groups of consecutive non-blank lines with the 1-based line number of their first line."""
    out, cur, start = [], [], 0
    for i, ln in enumerate(lines, start=1):
        if ln:
            if not cur:
                start = i
            cur.append(ln)
        elif cur:
            out.append((start, cur))
            cur = []
    if cur:
        out.append((start, cur))
    return out


def parse_date(m: re.Match, as_of: dt.date) -> tuple[str, int, bool]:
    """ISO date, year, inferred flag. Raises ValueError for an impossible date."""
    mon, day = MONTHS[m["mon"]], int(m["day"])
    if m["year"]:
        d = dt.date(int(m["year"]), mon, day)
        return d.isoformat(), d.year, False
    year = as_of.year
    try:
        d = dt.date(year, mon, day)
    except ValueError:  # Feb 29 in a non-leap year: go back to the last leap year
        d = None
    if d is None or d > as_of:
        for y in range(year - 1, year - 9, -1):
            try:
                d = dt.date(y, mon, day)
                break
            except ValueError:
                continue
    if d is None:
        raise ValueError("impossible date")
    return d.isoformat(), d.year, True


def split_authors(line: str, source: str, lineno: int, ctx: ReadContext) -> tuple[list[str], bool, list[str]]:
    """Names (in order), whether the list is complete, and institutions of an author line."""
    names_part, _, inst_part = line.partition(" · ")
    if not _ and "·" in line:
        names_part, _, inst_part = line.partition("·")
    names_part = names_part.strip()
    complete = True
    m = re.search(r",?\s*\bet al\.?$", names_part)
    if m:
        complete = False
        names_part = names_part[: m.start()].strip()
    tokens = [t.strip() for t in names_part.split(",") if t.strip()]
    names: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if " " not in tok and i + 1 < len(tokens) and " " not in tokens[i + 1]:
            repaired = f"{tok} {tokens[i + 1]}"
            ctx.warn(source, lineno, f"repaired a name split by a stray comma: "
                     f"'{tok}, {tokens[i + 1]}' read as '{repaired}'")
            names.append(repaired)
            i += 2
            continue
        names.append(tok)
        i += 1
    insts = [t.strip() for t in inst_part.split(",") if t.strip()]
    return names, complete, insts


def read(path: str, ctx: ReadContext) -> Iterator[Record | PersonFacts]:
    with open(path, "rb") as fh:
        data = fh.read()
    text = decode_text(path, data)
    lines = [nfc(ln) for ln in text.split("\n")]
    if not any(lines):
        raise InputError(path, "file is empty", 1)
    paras = _paragraphs(lines)
    # ---- header: everything before the first paragraph that starts with a date line
    first_paper = next((i for i, (_, p) in enumerate(paras)
                        if DATE_LINE.match(p[0]) or LOOSE_DATE_LINE.match(p[0])), None)
    if first_paper is None or first_paper == 0:
        raise InputError(path, "not a researcher profile: expected the owner's name, the "
                         "header (h-index, papers, ...) and paper blocks that start with a "
                         "category+date line such as 'LGFeb 16, 2023'", paras[0][0] if paras else 1)
    header = [(start + j, ln) for start, p in paras[:first_paper] for j, ln in enumerate(p)]
    owner_line, owner = header[0]
    if DATE_LINE.match(owner) or PAPERS_LINE.match(owner):
        raise InputError(path, "not a researcher profile: the first line must be the owner's name", owner_line)
    attrs: list[tuple[str, object]] = []
    declared = None
    for ln_no, ln in header[1:]:
        pm = PAPERS_LINE.match(ln)
        if pm:
            declared = int(pm["n"].replace(",", ""))
            continue
        for rx, name, kind in METRICS:
            mm = rx.match(ln)
            if mm:
                attrs.append((name, _num(mm[1], kind)))
                break
        else:
            if re.fullmatch(r"[A-Za-z][A-Za-z.\-]*", ln) and not any(a[0] == "primary_category" for a in attrs):
                attrs.append(("primary_category", lookup(ln)[0]))
            else:
                ctx.warn(path, ln_no, f"unrecognised header line {ln!r} ignored")
    yield PersonFacts(path, owner_line, owner, tuple(attrs))
    owner_norm = normalize_name(owner)

    # ---- paper blocks: [date line, title...] [authors] [abstract]
    found = 0
    i = first_paper
    while i < len(paras):
        start, para = paras[i]
        m = DATE_LINE.match(para[0])
        if not m:
            why = ("malformed date line " + repr(para[0])) if LOOSE_DATE_LINE.match(para[0]) else (
                "expected a category+date line such as 'LGFeb 16, 2023', found " + repr(para[0][:60]))
            ctx.skip(path, start, f"{why}; paper block skipped")
            i += 1
            while i < len(paras) and not (DATE_LINE.match(paras[i][1][0]) or LOOSE_DATE_LINE.match(paras[i][1][0])):
                i += 1
            continue
        try:
            date, year, inferred = parse_date(m, ctx.as_of)
        except ValueError:
            ctx.skip(path, start, f"malformed date line {para[0]!r} (no such date); paper block skipped")
            i += 1
            while i < len(paras) and not (DATE_LINE.match(paras[i][1][0]) or LOOSE_DATE_LINE.match(paras[i][1][0])):
                i += 1
            continue
        title = " ".join(para[1:]).strip()
        rest = []
        j = i + 1
        while j < len(paras) and not DATE_LINE.match(paras[j][1][0]) and not LOOSE_DATE_LINE.match(paras[j][1][0]):
            rest.append(paras[j])
            j += 1
        i = j
        if not title:
            if rest:  # title separated from the date line by a blank line
                title = " ".join(rest[0][1])
                rest = rest[1:]
            else:
                ctx.skip(path, start, "paper block has no title; skipped (truncated profile?)")
                continue
        if not rest:
            ctx.skip(path, start, f"paper block {title[:50]!r} has no author line; skipped (truncated profile?)")
            continue
        a_line_no, a_para = rest[0]
        names, complete, insts = split_authors(" ".join(a_para), path, a_line_no, ctx)
        if not names:
            ctx.skip(path, a_line_no, "empty author line; paper block skipped")
            continue
        abstract = " ".join(" ".join(p) for _, p in rest[1:]) or None
        authors = [RawAuthor(n, k) for k, n in enumerate(names, start=1)]
        if not any(normalize_name(a.name) == owner_norm for a in authors):
            if complete:
                ctx.warn(path, a_line_no, f"the profile's owner {owner!r} is not on this complete "
                         "author list; added at an unknown position")
            authors.append(RawAuthor(owner, None))
        full, label, archive = lookup(m["code"])
        broader = ((archive, ARCHIVES.get(archive)),) if archive else ()
        found += 1
        yield Record(
            source=path, line=start, title=title, authors=tuple(authors),
            authors_complete=complete, date=date, year=year, date_inferred=inferred,
            abstract=abstract, kind="preprint", has_code=True if m["code_flag"] else None,
            topics=(RawTopic("arxiv", full, label, broader),),
            institutions=tuple(RawInstitution(n) for n in insts),
        )
    if found == 0:
        raise InputError(path, "no readable paper blocks in this profile", paras[first_paper][0])
    if declared is not None and declared != found:
        ctx.warn(path, None, f"the profile declares {declared} papers but {found} were read")
