"""arXiv metadata: JSON lines (or a JSON array) in the layout of the arXiv metadata snapshot.

One object per paper::

    {"id": "1608.08427", "authors": "Patrizio Angelini, Steven Chaplick, and Ignaz Rutter",
     "title": "...", "doi": null, "categories": "cs.CG cs.DS", "abstract": "...",
     "versions": [{"version": "v1", "created": "Mon, 29 Aug 2016 00:00:00 GMT"}],
     "update_date": "2016-08-31", "authors_parsed": [["Angelini", "Patrizio", ""], ...]}

* authors come from ``authors_parsed`` when present, else from the raw string: commas,
  "and" and LaTeX ``\\and``, LaTeX accents (``Ili\\'c``), affiliations in parentheses,
  collaborations ("the LAGO Collaboration" -> "LAGO Collaboration"; "The ATLAS Collaboration:
  G. Aad, ..." -> the collaboration, then G. Aad), "et al." (truncated list); a list of
  "Family, Initials" pairs ("Smith, J., Doe, J.") gives one author per pair ("J. Smith") when
  the parts alternate unambiguously: one-word surnames (lower-case particles allowed) and
  initials only; degrees and editors' marks ("Ph. D.", "eds.") are
  no authors; a suffix between commas joins the name before it ("Maria de la Cruz, Jr.");
* categories become arXiv-taxonomy topics (``cs.CL`` "Computation and Language", broader
  ``cs``); the first version's date is the paper's date;
* identifiers that were once stored as numbers (``704.0967``, ``1608.0842699999998``,
  ``1501.0742``) are repaired (``0704.0967``, ``1608.08427``, ``1501.07420``) with one warning
  per file.

>>> split_authors("Nati Linial, and Toniann Pitassi, Adi Shraibman")
(['Nati Linial', 'Toniann Pitassi', 'Adi Shraibman'], True, [(), (), ()])
>>> split_authors("Smith, J., Doe, J. C.")[0]
['J. Smith', 'J. C. Doe']
>>> repair_id("1608.0842699999998"), repair_id("704.0967"), repair_id("1501.0742")
('1608.08427', '0704.0967', '1501.07420')
"""
from __future__ import annotations

import re
from typing import Iterator

from ..errors import InputError
from ..model import RawAuthor, RawInstitution, RawTopic, Record
from . import ReadContext
from ._text import _RX_INITIALS, JsonItems, clean, doi_from, fast_factory, latex_to_text, pair_initials
from .arxiv_taxonomy import ARCHIVES, lookup

_MON = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
_RX_OK_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Za-z\-]{2,})?/\d{7})$")
_RX_NUM_ID = re.compile(r"^(\d{3,4})\.(\d+)$")


def sniff(path: str, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text[:1] in (b"{", b"["):
        return False
    return (b'"categories"' in head and b'"authors"' in head
            and (b'"versions"' in head or b'"update_date"' in head or b'"authors_parsed"' in head))


def repair_id(aid: str) -> str:
    """The canonical form of an arXiv id that may have been stored as a number."""
    m = _RX_NUM_ID.match(aid)
    if not m:
        return aid
    yymm, frac = m.group(1).zfill(4), m.group(2)
    width = 5 if yymm >= "1501" else 4
    if len(frac) < width:
        frac = frac.ljust(width, "0")
    elif len(frac) > width:
        frac = f"{float('0.' + frac):.{width}f}"[2:]
    return f"{yymm}.{frac}"


_Record = fast_factory(Record)
_Author = fast_factory(RawAuthor)


def _split_top(text: str) -> list[str]:
    """Split on commas, semicolons and the word "and" outside parentheses."""
    out, depth, cur = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0 and ch in ",;":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch if depth == 0 or ch != " " else "\x00")
    out.append("".join(cur))
    parts = [p for piece in out for p in _RX_AND.split(piece)]
    return [p.replace("\x00", " ") for p in parts]


_RX_AND = re.compile(r"\s+and\s+|^and\s+|\s+and$", re.I)
_RX_ETAL = re.compile(r"\bet\s+al\b\.?", re.I)
_RX_PAREN = re.compile(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$")
_RX_LEGEND = re.compile(r"\((\d+)\)\s*([^()]+?)(?=\s*,?\s*\(\d+\)|$)")


def split_authors(raw: str) -> tuple[list[str], bool, list[tuple[str, ...]]]:
    """Names in order, whether the list is complete, and each name's affiliations."""
    if not ("\\" in raw or "{" in raw or " and " in raw or "(" in raw or ";" in raw or ":" in raw
            or "ollaboration" in raw or "et al" in raw or "\n" in raw or " And " in raw):
        names = [n.strip() for n in raw.split(",")]
        names = [n[4:] if n.startswith("and ") else n for n in names if n]
        if len(names) > 1 and not len(names) & 1 and _RX_INITIALS.fullmatch(names[1]):
            paired = pair_initials(names)
            if paired is not None:
                names = paired
        if any(len(n) <= 8 and _RX_AFTER_NAME.fullmatch(n) for n in names):
            names, _ = _after_names(names, [()] * len(names))
        return names, True, [()] * len(names)
    s = raw.replace("\n", " ").replace("\\and", ",")
    complete = True
    if _RX_ETAL.search(s):
        complete = False
        s = _RX_ETAL.sub(",", s)
    # numbered affiliations: "A (1), B (1, 2) ((1) MIT, (2) Harvard)"
    legend: dict[str, str] = {}
    m = re.search(r"\(\s*(\(\d+\).*)\)\s*$", s)
    if m:
        legend = {k: v.strip(" ,") for k, v in _RX_LEGEND.findall(m.group(1))}
        if legend:
            s = s[: m.start()]
    names: list[str] = []
    affs: list[tuple[str, ...]] = []
    for part in _split_colons(_split_top(s)):
        part = part.strip()
        aff: tuple[str, ...] = ()
        pm = _RX_PAREN.search(part)
        if pm:
            inner = pm.group(1).strip()
            part = part[: pm.start()].strip()
            if legend and re.fullmatch(r"[\d,\s]+|[\d\s]+(?:and\s+\d+)?", inner):
                aff = tuple(legend[n] for n in re.findall(r"\d+", inner) if n in legend)
            elif inner:
                aff = (latex_to_text(inner),)
        name = latex_to_text(part).strip(" :") if ("\\" in part or "{" in part) else part.strip(" :")
        if not name or not any(c.isalpha() for c in name):
            if aff and affs:  # "A, (MIT)": the affiliation belongs to the previous name
                affs[-1] = affs[-1] + aff
            continue
        if name.lower() in ("others", "et al"):
            complete = False
            continue
        if name.lower().startswith("the ") and name.lower().endswith("collaboration"):
            name = name[4:]
        names.append(name)
        affs.append(aff)
    if len(names) > 1 and not len(names) & 1 and _RX_INITIALS.fullmatch(names[1]):
        paired = pair_initials(names)
        if paired is not None:
            names = paired
            affs = [a + b for a, b in zip(affs[::2], affs[1::2])]
    if any(len(n) <= 8 and _RX_AFTER_NAME.fullmatch(n) for n in names):
        names, affs = _after_names(names, affs)
    return names, complete, affs


def _after_names(names: list[str], affs: list[tuple[str, ...]]):
    """The names without the parts that follow a name and name nobody: a degree or an editors'
    mark is dropped, a suffix ("Jr.", "III") joins the name before it ("Maria de la Cruz, Jr.,
    Bob Li": "Maria de la Cruz Jr.", "Bob Li")."""
    out_n: list[str] = []
    out_a: list[tuple[str, ...]] = []
    for n, a in zip(names, affs):
        if len(n) <= 8 and _RX_AFTER_NAME.fullmatch(n):
            if _RX_SUFFIX.fullmatch(n) and out_n:
                out_n[-1] = f"{out_n[-1]} {n}"
                out_a[-1] = out_a[-1] + a
            if not _RX_SUFFIX.fullmatch(n) or out_n:
                continue
        out_n.append(n)
        out_a.append(a)
    return out_n, out_a


def _split_colons(parts: list[str]) -> list[str]:
    """The parts with each one that holds a colon outside parentheses split there: "The ATLAS
    Collaboration: G. Aad" names a group, then its first member (a colon is never part of a
    name; one inside parentheses belongs to an affiliation; LaTeX's ``\\:`` is a space)."""
    if not any(":" in p for p in parts):
        return parts
    out = []
    for part in parts:
        depth = 0
        for i, ch in enumerate(part):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
            elif ch == ":" and depth == 0 and part[i - 1:i] != "\\":
                out.append(part[:i])
                part = part[i + 1:]
                break
        out.append(part)
    return out


# parts of an author list that name nobody: degrees after a name ("Jin Wang, Ph. D.", "M. D.",
# "Dr. Sc.", "P. E.") and editors' marks ("eds.")
_RX_NOT_A_NAME = re.compile(r"(?:Ph\.?\s?D|D\.?\s?Phil|Dr\.?\s?Sc|[MB]\.?\s?Sc|M\.?\s?[DS]|P\.?\s?E|"
                            r"F\.?\s?ASCE|MBA|[Ee]ds?|[Ee]ditors?)\.?")
# a suffix written as a part of its own: "Maria de la Cruz, Jr., Bob Li"
_RX_SUFFIX = re.compile(r"(?:[JS]r|I{2,3}|IV|2nd|3rd)\.?")
_RX_AFTER_NAME = re.compile(f"{_RX_NOT_A_NAME.pattern}|{_RX_SUFFIX.pattern}")


def read(path: str, ctx: ReadContext) -> Iterator[Record]:
    items = JsonItems(path, ctx, "arXiv")
    if items.first not in (b"{", b"["):
        raise InputError(path, "not arXiv metadata: expected JSON lines or a JSON array of "
                         "objects with id, authors, title and categories", 1)
    unit = items.unit
    dates: dict[str, str] = {}
    topics_cache: dict[str, tuple[RawTopic, ...]] = {}
    repaired = 0
    example = None
    skipped_before = ctx.skipped
    found = 0
    for where, d, err in items:
        if err:
            ctx.skip(path, where, err)
            continue
        if not isinstance(d, dict):
            ctx.skip(path, where, f"{unit} {where}: not a JSON object")
            continue
        aid = d.get("id")
        if aid is None or aid == "":
            ctx.skip(path, where, f"{unit} {where}: no arXiv id")
            continue
        aid = str(aid).strip()
        if not _RX_OK_ID.match(aid) or (aid[4:5] == "." and aid[:4] >= "1501" and len(aid) != 10):
            fixed = repair_id(aid)
            if fixed != aid:
                repaired += 1
                if example is None:
                    example = (aid, fixed)
                aid = fixed
            elif not _RX_OK_ID.match(aid):
                ctx.skip(path, where, f"{unit} {where}: {aid!r} is not an arXiv id")
                continue
        title = d.get("title")
        title = clean(title) if title.__class__ is str else ""
        if not title:
            ctx.skip(path, where, f"{unit} {where}: arXiv {aid} has no title")
            continue
        # ---- authors
        parsed = d.get("authors_parsed")
        authors: list[RawAuthor] = []
        complete = True
        if parsed and isinstance(parsed, list):
            for i, parts in enumerate(parsed, 1):
                if not isinstance(parts, list) or not parts:
                    continue
                family = latex_to_text(parts[0] or "")
                given = latex_to_text(parts[1]) if len(parts) > 1 and parts[1] else None
                suffix = latex_to_text(parts[2]) if len(parts) > 2 and parts[2] else ""
                name = " ".join(x for x in (given, family, suffix) if x)
                if name.lower() in ("others", "et al."):
                    complete = False
                    continue
                authors.append(_Author(name=name, position=len(authors) + 1, given=given,
                                       family=family or None))
        else:
            raw = d.get("authors")
            if isinstance(raw, str) and raw.strip():
                names, complete, affs = split_authors(raw)
                for i, (name, aff) in enumerate(zip(names, affs), 1):
                    if aff:
                        authors.append(_Author(name=name, position=i, affiliations=tuple(
                            RawInstitution(a) for a in aff)))
                    else:
                        authors.append(_Author(name=name, position=i))
        # ---- date: the first version's
        date = None
        versions = d.get("versions")
        if versions and isinstance(versions, list) and isinstance(versions[0], dict):
            created = versions[0].get("created")
            if created:
                date = dates.get(created)
                if date is None:
                    bits = created.split()
                    try:
                        date = f"{int(bits[3]):04d}-{_MON[bits[2][:3]]:02d}-{int(bits[1]):02d}"
                    except (IndexError, KeyError, ValueError):
                        date = ""
                    if len(dates) < 100_000:
                        dates[created] = date
        if not date:
            if aid[4:5] == "." and aid[:4].isdigit():  # new-style ids start with yymm
                yy, mm = int(aid[:2]), int(aid[2:4])
                date = f"{2000 + yy:04d}-{mm:02d}" if 1 <= mm <= 12 else None
            else:
                m = re.search(r"/(\d{2})(\d{2})\d{3}$", aid)
                if m and 1 <= int(m.group(2)) <= 12:
                    yy = int(m.group(1))
                    date = f"{(1900 if yy >= 91 else 2000) + yy:04d}-{m.group(2)}"
                else:
                    ud = d.get("update_date")
                    date = ud[:10] if isinstance(ud, str) and re.match(r"\d{4}-\d{2}-\d{2}", ud) else None
        # ---- topics
        cats = d.get("categories")
        topics: tuple[RawTopic, ...] = ()
        if isinstance(cats, str) and cats:
            topics = topics_cache.get(cats)
            if topics is None:
                out = []
                for code in cats.split():
                    full, label, archive = lookup(code)
                    broader = ((archive, ARCHIVES.get(archive)),) if archive else ()
                    out.append(RawTopic("arxiv", full, label, broader))
                topics = tuple(out)
                if len(topics_cache) < 100_000:
                    topics_cache[cats] = topics
        ids = [("arxiv", aid)]
        doi = d.get("doi")
        if doi:
            doi = doi_from(doi)
            if doi:
                ids.append(("doi", doi))
        abstract = d.get("abstract")
        venue = d.get("journal-ref")
        found += 1
        yield _Record(
            source=path, line=where, title=title, authors=tuple(authors),
            authors_complete=complete, date=date or None,
            year=int(date[:4]) if date else None, ids=tuple(ids),
            abstract=clean(abstract) or None if isinstance(abstract, str) else None,
            venue=clean(venue) or None if isinstance(venue, str) else None,
            kind="preprint", topics=topics,
        )
    if repaired:
        ctx.warn(path, None, f"{repaired} arXiv ids had been stored as numbers and were repaired "
                 f"(e.g. {example[0]!r} -> {example[1]!r})")
    if found == 0:
        skipped = ctx.skipped - skipped_before
        raise InputError(path, "no readable arXiv records in this file"
                         + (f" ({skipped} skipped: {ctx.issues[-1].message})" if skipped else ""), 1)
