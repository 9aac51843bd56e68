"""Typed, immutable records.

Two layers:

* raw records (``RawAuthor``, ``RawInstitution``, ``RawTopic``, ``Record``, ``PersonFacts``)
  are what a source reader yields: strings as found (NFC), with ``source`` file and ``line``;
* the resolved ``Corpus`` (``Paper``, ``Author``, ``Authorship``, ``Institution``, ``Topic``,
  ``PaperTopic``) that ``graphkit.resolve.resolve`` builds, keyed by ``graphkit.ids``.

Identifier tuples hold ``(kind, value)`` pairs, e.g. ``(("doi", "10.1/x"),)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

Ids = tuple  # tuple[tuple[str, str], ...]
# papers with more listed authors are left out of coauthor projections by default
# (``graphkit.graph``); the workspace saves the coauthor graph made with this cap
DEFAULT_MAX_AUTHORS = 100


# ---------------------------------------------------------------- raw records
@dataclass(frozen=True)
class RawInstitution:
    name: str
    ids: Ids = ()
    country: str | None = None


@dataclass(frozen=True)
class RawAuthor:
    """One name occurrence on one record."""

    name: str
    position: int | None  # 1-based; None when unknown (e.g. owner missing from a truncated list)
    given: str | None = None
    family: str | None = None
    ids: Ids = ()
    affiliations: tuple[RawInstitution, ...] = ()


@dataclass(frozen=True)
class RawTopic:
    scheme: str  # "arxiv", "openalex-topic", "openalex-concept", "keyword", "phrase", ...
    code: str
    label: str | None = None
    broader: tuple[tuple[str, str | None], ...] = ()  # (code, label) of parents, nearest first
    score: float | None = None


@dataclass(frozen=True)
class Record:
    """One bibliographic record as a source states it."""

    source: str
    line: int
    title: str
    authors: tuple[RawAuthor, ...] = ()
    authors_complete: bool = True
    date: str | None = None  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    year: int | None = None
    date_inferred: bool = False
    ids: Ids = ()
    abstract: str | None = None
    venue: str | None = None
    kind: str = "article"  # preprint, article, inproceedings, book, incollection, thesis, proceedings, misc
    has_code: bool | None = None
    topics: tuple[RawTopic, ...] = ()
    institutions: tuple[RawInstitution, ...] = ()  # stated on the paper without an author link


@dataclass(frozen=True)
class PersonFacts:
    """Facts a source states about a person (a profile's owner and its metrics)."""

    source: str
    line: int
    name: str
    attributes: tuple[tuple[str, object], ...] = ()
    ids: Ids = ()


# ---------------------------------------------------------------- resolved corpus
@dataclass(frozen=True)
class Paper:
    key: str
    title: str
    year: int | None = None
    date: str | None = None
    date_inferred: bool = False
    abstract: str | None = None
    venue: str | None = None
    kind: str = "article"
    has_code: bool | None = None
    authors_complete: bool = True
    ids: Ids = ()
    sources: tuple[tuple[str, int], ...] = ()  # (file, line)


@dataclass(frozen=True)
class Author:
    key: str
    name: str
    given: str | None = None
    family: str | None = None
    ids: Ids = ()
    attributes: tuple[tuple[str, object], ...] = ()
    variants: tuple[str, ...] = ()  # other spellings seen (labels keep the original)
    ambiguous: bool = False  # name shared by people kept apart, or a merge in doubt
    key_from_name: bool = True  # True when no strong identifier backs the key


@dataclass(frozen=True)
class Authorship:
    paper: str
    author: str
    position: int | None
    name: str  # as written on this paper
    institutions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Institution:
    key: str
    name: str
    ids: Ids = ()
    country: str | None = None


@dataclass(frozen=True)
class Topic:
    key: str
    scheme: str
    code: str
    label: str
    broader: str | None = None  # key of the parent topic


@dataclass(frozen=True)
class PaperTopic:
    paper: str
    topic: str
    score: float | None = None


@dataclass(frozen=True)
class Issue:
    """A warning or data-quality note kept with the corpus."""

    kind: str  # "warning", "skipped", "merge", "ambiguous", ...
    message: str
    source: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}: " if self.source and self.line else (
            f"{self.source}: " if self.source else "")
        return where + self.message


@dataclass(frozen=True)
class Corpus:
    """The resolved corpus. Mappings are keyed by entity key; treat as read-only."""

    papers: dict = field(default_factory=dict)
    authors: dict = field(default_factory=dict)
    authorships: tuple[Authorship, ...] = ()
    institutions: dict = field(default_factory=dict)
    topics: dict = field(default_factory=dict)
    paper_topics: tuple[PaperTopic, ...] = ()
    paper_institutions: tuple[tuple[str, str], ...] = ()  # (paper, institution) without author link
    issues: tuple[Issue, ...] = ()

    # -- convenience lookups (computed on demand; cheap enough for CLI use)
    def authors_of(self, paper: str) -> list[Authorship]:
        """Authorships of a paper: known positions in order, then unknown positions."""
        rows = [a for a in self.authorships if a.paper == paper]
        return sorted(rows, key=lambda a: (a.position is None, a.position or 0, a.author))

    def papers_of(self, author: str) -> list[str]:
        return sorted({a.paper for a in self.authorships if a.author == author})

    def by_paper(self) -> dict[str, list[Authorship]]:
        """All authorships grouped by paper, each list ordered as ``authors_of``."""
        out: dict[str, list[Authorship]] = {}
        for a in self.authorships:
            out.setdefault(a.paper, []).append(a)
        for rows in out.values():
            rows.sort(key=lambda a: (a.position is None, a.position or 0, a.author))
        return out

    def topics_of(self) -> dict[str, list[PaperTopic]]:
        out: dict[str, list[PaperTopic]] = {}
        for pt in self.paper_topics:
            out.setdefault(pt.paper, []).append(pt)
        return out

    def filter_years(self, start: int | None = None, end: int | None = None) -> "Corpus":
        """The sub-corpus of papers whose year lies in [start, end] (papers without a year drop
        out when a bound is given)."""
        if start is None and end is None:
            return self
        keep = {k for k, p in self.papers.items() if p.year is not None
                and (start is None or p.year >= start) and (end is None or p.year <= end)}
        return self.subset(keep)

    def subset(self, paper_keys: Iterable[str]) -> "Corpus":
        keep = set(paper_keys)
        ships = tuple(a for a in self.authorships if a.paper in keep)
        authors = {a.author for a in ships}
        pts = tuple(pt for pt in self.paper_topics if pt.paper in keep)
        pis = tuple(pi for pi in self.paper_institutions if pi[0] in keep)
        insts = {i for a in ships for i in a.institutions} | {i for _, i in pis}
        return Corpus(
            papers={k: v for k, v in self.papers.items() if k in keep},
            authors={k: v for k, v in self.authors.items() if k in authors},
            authorships=ships,
            institutions={k: v for k, v in self.institutions.items() if k in insts},
            topics=self.topics,
            paper_topics=pts,
            paper_institutions=pis,
            issues=self.issues,
        )
