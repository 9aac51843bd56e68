"""Source readers: one module per format behind a registry.

A reader is a function ``read(path, ctx) -> Iterator[Record | PersonFacts]`` that streams
records. It reports recoverable problems through ``ctx.warn`` and ``ctx.skip`` (a malformed
record is skipped with file:line and reason) and raises ``InputError`` for a file it cannot
read at all. Detection looks at the extension and the first bytes; ``--format`` overrides.
"""
from __future__ import annotations

import datetime as _dt
import importlib
import os
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..errors import InputError
from ..model import Issue


@dataclass
class ReadContext:
    """Options and collected problems for one ingest."""

    as_of: _dt.date = field(default_factory=_dt.date.today)
    strict: bool = False
    options: dict = field(default_factory=dict)  # reader-specific, e.g. {"map": {...}} for CSV
    issues: list = field(default_factory=list)
    skipped: int = 0
    progress: bool = False

    def warn(self, source, line, message: str) -> None:
        self.issues.append(Issue("warning", message, str(source), line))

    def skip(self, source, line, reason: str) -> None:
        """Skip a malformed record; with ``strict`` the whole ingest fails."""
        if self.strict:
            raise InputError(source, f"{reason} (--strict: nothing was ingested)", line)
        self.skipped += 1
        self.issues.append(Issue("skipped", reason, str(source), line))


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # module in graphkit.sources defining read(path, ctx) and sniff(path, head)
    extensions: tuple[str, ...]
    description: str

    def reader(self) -> Callable[..., Iterator]:
        return importlib.import_module(f"{__name__}.{self.module}").read

    def sniff(self, path: str, head: bytes) -> bool:
        mod = importlib.import_module(f"{__name__}.{self.module}")
        fn = getattr(mod, "sniff", None)
        return bool(fn and fn(path, head))


FORMATS: dict[str, Format] = {}
# A reader's revision goes up when it reads the same file differently (a fix). A file that an
# earlier revision read is read again by the next ingest that names it, instead of being
# reported unchanged (the workspace keeps records, not files: `rebuild` cannot re-read them).
# Revision 1 is left out of a source's id, so that files read by it keep theirs.
READER_REVISIONS = {"bibtex": 4, "csv": 4, "openalex": 4, "arxiv": 4, "ris": 4, "dblp": 3, "profile": 2}


def register(name: str, module: str, extensions=(), description: str = "") -> None:
    FORMATS[name] = Format(name, module, tuple(extensions), description)


register("profile", "profile", (".txt",), "researcher profile page as text")
# Further formats register themselves below as their modules land.
for _name, _mod, _ext, _desc in (
    ("bibtex", "bibtex", (".bib", ".bibtex"), "BibTeX (.bib)"),
    ("ris", "ris", (".ris",), "RIS (Zotero, Scopus, Ovid, WoS)"),
    ("openalex", "openalex", (".json", ".jsonl", ".json.gz", ".jsonl.gz"), "OpenAlex works JSON"),
    ("dblp", "dblp", (".xml", ".xml.gz"), "DBLP XML"),
    ("arxiv", "arxiv", (".jsonl", ".json", ".jsonl.gz", ".json.gz"), "arXiv metadata JSON lines"),
    ("csv", "csv_", (".csv", ".tsv"), "CSV with a column mapping; Scopus CSV"),
):
    if importlib.util.find_spec(f"{__name__}.{_mod}") is not None:
        register(_name, _mod, _ext, _desc)


def read_head(path: str, n: int = 65536) -> bytes:
    """First bytes of a file (decompressed for .gz)."""
    if path.endswith(".gz"):
        import gzip
        with gzip.open(path, "rb") as fh:
            try:
                return fh.read(n)
            except OSError as exc:
                raise InputError(path, f"not a readable gzip file ({exc})") from None
    with open(path, "rb") as fh:
        return fh.read(n)


def detect_format(path: str, override: str | None = None) -> Format:
    """The format for ``path``: ``override`` if given, else by content and extension."""
    if override:
        if override not in FORMATS:
            raise InputError(path, f"unknown format {override!r}; known: {', '.join(sorted(FORMATS))}")
        return FORMATS[override]
    if not os.path.exists(path):
        raise InputError(path, "no such file")
    if os.path.isdir(path):
        raise InputError(path, "is a directory; name the files to ingest")
    head = read_head(path)
    if not head.strip():
        raise InputError(path, "file is empty", 1)
    if b"\x00" in head[:4096]:
        raise InputError(path, "binary file, not a bibliographic text format", 1)
    lower = path.lower()
    by_ext = [f for f in FORMATS.values() if any(lower.endswith(e) for e in f.extensions)]
    for f in by_ext:  # extension candidates whose content matches
        if f.sniff(path, head):
            return f
    for f in FORMATS.values():  # any format whose content matches
        if f not in by_ext and f.sniff(path, head):
            return f
    raise InputError(path, "unrecognised format; pass --format "
                     f"({'|'.join(sorted(FORMATS))})")


def read_records(path: str, ctx: ReadContext, fmt: str | None = None) -> Iterator:
    """Stream records from one file."""
    f = detect_format(path, fmt)
    yield from f.reader()(path, ctx)


def decode_text(path: str, data: bytes) -> str:
    """UTF-8 (with or without BOM) text with LF line ends; a clear error otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, "not UTF-8 text (binary or another encoding)", line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
