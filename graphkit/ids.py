"""Identity keys and text normalisation: the one place keys are minted.

A key is a short ASCII string such as ``author-maxim-naumov`` or
``paper-arxiv-1906.00091``. The same key is the NetworkX node id and the last
segment of the entity's IRI (``BASE + key``).

>>> author_key_from_name("Máxim  NAUMOV")
'author-maxim-naumov'
>>> paper_key({"doi": "10.1145/3295500.3356156"}, "t", 2019)
'paper-doi-10.1145-3295500.3356156'
>>> fold("Ångström Müller")
'angstrom muller'
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

BASE = "https://w3id.org/graphkit/id/"

# Strong identifier kinds, strongest first.
PAPER_ID_ORDER = ("doi", "arxiv", "openalex", "dblp", "pmid", "scopus")
AUTHOR_ID_ORDER = ("orcid", "openalex", "dblp", "scopus")
INSTITUTION_ID_ORDER = ("ror", "openalex")

_WS = re.compile(r"\s+")
_SLUG = re.compile(r"[^a-z0-9.]+")
_FOLD_EXTRA = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                             "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                             "ı": "i", "þ": "th", "ð": "d"})


def nfc(text: str) -> str:
    r"""NFC-normalise, drop a BOM and the bidirectional embedding, override and isolate
    controls (U+202A-U+202E, U+2066-U+2069: "\u202eevil" shows as "live" on a page), and
    collapse whitespace.

    >>> nfc(" Ada\u00a0 Lovelace\n"), nfc("Ada Lovelace "), nfc("a\x1fb"), nfc("\u202eevil\u202c Name")
    ('Ada Lovelace', 'Ada Lovelace', 'a b', 'evil Name')
    """
    if text.isascii():  # same result without the Unicode work (most titles and names)
        if "  " not in text and text.isprintable():  # the only whitespace is single spaces
            return text.strip(" ")
        return " ".join(text.split())  # split() splits exactly where ``\s`` matches
    if not text.isprintable():  # (the dropped controls are format characters: not printable)
        text = _RX_DROPPED.sub("", text)
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


_RX_DROPPED = re.compile("[\ufeff\u202a-\u202e\u2066-\u2069]")


def fold(text: str) -> str:
    """Fold for comparison only: case, accents, whitespace. Labels keep the original."""
    if text.isascii():  # same result, without the Unicode work (most names and titles)
        # str.split() splits exactly where ``\s`` matches (5x faster than the regex)
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _WS.sub(" ", text.casefold()).strip()


def slug(text: str, limit: int = 80) -> str:
    """ASCII slug usable as an IRI segment; falls back to a hash for non-Latin text."""
    s = _SLUG.sub("-", fold(text)).strip("-.")
    if not s:
        s = "h" + digest(text, 10)
    if len(s) > limit:
        s = s[:limit].rstrip("-.") + "-" + digest(text, 6)
    return s


def digest(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def suffixed(key: str, anchor: str, taken) -> str:
    """``key`` with a suffix from ``anchor`` (what tells its holder apart) that is not in
    ``taken``: the same anchor twice (one file under two names, one name twice on a line)
    gets a second suffix, from ``anchor#1``, and so on.

    >>> first = suffixed("author-wei-zhang", "f:1:Wei Zhang", set())
    >>> first == "author-wei-zhang-" + digest("f:1:Wei Zhang", 6)
    True
    >>> suffixed("author-wei-zhang", "f:1:Wei Zhang", {first}) == "author-wei-zhang-" + digest("f:1:Wei Zhang#1", 6)
    True
    """
    out, extra = f"{key}-{digest(anchor, 6)}", 0
    while out in taken:
        extra += 1
        out = f"{key}-{digest(f'{anchor}#{extra}', 6)}"
    return out


# ASCII characters that are not ``\w`` (punctuation, "-", whitespace) -> a space: the ASCII
# fast paths below map them with str.translate and split/join instead of three regex passes
_ASCII_SPACES = str.maketrans({c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_")})
_NAME_PUNCT = re.compile(r"[^\w\s-]")
_TITLE_PUNCT = re.compile(r"[^\w]+")


@lru_cache(maxsize=1 << 20)  # names repeat across records; memoised for ingest speed
def normalize_name(name: str) -> str:
    """Comparison form of a person name: folded, punctuation to spaces."""
    if name.isascii():  # same result: every non-word character (whitespace, "-" included) splits
        return " ".join(name.lower().translate(_ASCII_SPACES).split())
    return _WS.sub(" ", _NAME_PUNCT.sub(" ", fold(name)).replace("-", " ")).strip()


def normalize_title(title: str) -> str:
    """Comparison form of a title: folded, only letters and digits."""
    if title.isascii():  # same result (most titles), 3x faster than the regex passes
        return " ".join(title.lower().translate(_ASCII_SPACES).split())
    return _WS.sub(" ", _TITLE_PUNCT.sub(" ", fold(title))).strip()


def title_match_key(title: str) -> str:
    """What two titles must share to be one paper's (with the year): the letters and digits
    of ``normalize_title``, without spaces or TeX's subscript marks, so that BibTeX's
    ``H$_2$O`` ("H_2O"), ``NC (^1)`` and OpenAlex's ``H<sub>2</sub>O``, ``NC^1`` compare equal.

    The word "and" does not count, as an ampersand does not (``Nodes \\& Edges``, ``Nodes and
    Edges`` and an export's ``Nodes Edges`` are one title).

    >>> title_match_key("Growth in H_2O, NC (^1)") == title_match_key("Growth in H2O, NC^1")
    True
    >>> title_match_key("Nodes & Edges") == title_match_key("Nodes and Edges") == title_match_key("Nodes Edges")
    True
    """
    t = normalize_title(title.replace("&amp;", " ") if "&amp;" in title else title)
    if "and" in t and " and " in f" {t} ":  # (the word, not "random")
        t = " ".join(w for w in t.split() if w != "and")
    return t.replace(" ", "").replace("_", "")


_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:)", re.I)
_ORCID_PREFIX = re.compile(r"^https?://orcid\.org/", re.I)
_OPENALEX_PREFIX = re.compile(r"^https?://openalex\.org/", re.I)
_ROR_PREFIX = re.compile(r"^https?://ror\.org/", re.I)
_ARXIV_PREFIX = re.compile(r"^(https?://arxiv\.org/abs/|arxiv:)", re.I)
_ARXIV_VERSION = re.compile(r"v\d+$")


def normalize_id(kind: str, value: str) -> str:
    """Canonical form of an external identifier (lower-case DOI without resolver prefix, ...)."""
    v = value.strip()
    if kind == "doi":
        v = _DOI_PREFIX.sub("", v).lower()
    elif kind == "orcid":
        v = _ORCID_PREFIX.sub("", v).upper()
    elif kind == "openalex":
        v = _OPENALEX_PREFIX.sub("", v).upper()
    elif kind == "ror":
        v = _ROR_PREFIX.sub("", v).lower()
    elif kind == "arxiv":
        v = _ARXIV_VERSION.sub("", _ARXIV_PREFIX.sub("", v))
    return v


def _strong(ids: dict, order) -> tuple[str, str] | None:
    for kind in order:
        if ids.get(kind):
            return kind, normalize_id(kind, ids[kind])
    return None


def paper_key(ids: dict, title: str, year: int | None) -> str:
    """Key of a paper: strongest identifier, else normalised title + year."""
    strong = _strong(ids, PAPER_ID_ORDER)
    if strong:
        return f"paper-{strong[0]}-{slug(strong[1])}"
    t = normalize_title(title)
    return f"paper-{year or 'nd'}-{slug(t, 60)}-{digest(t + '|' + str(year), 6)}"


@lru_cache(maxsize=1 << 20)
def author_key_from_name(name: str) -> str:
    return "author-" + slug(normalize_name(name))


def author_key(ids: dict, name: str) -> str:
    """Key of a person: strongest identifier, else the normalised name."""
    strong = _strong(ids, AUTHOR_ID_ORDER)
    if strong:
        return f"author-{strong[0]}-{slug(strong[1])}"
    return author_key_from_name(name)


def institution_key(ids: dict, name: str) -> str:
    strong = _strong(ids, INSTITUTION_ID_ORDER)
    if strong:
        return f"inst-{strong[0]}-{slug(strong[1])}"
    return "inst-" + slug(normalize_name(name))


# symbols that tell topics apart where a slug would drop them: C, C++ and C# are three topics
_CODE_SYMBOLS = str.maketrans({"+": " plus ", "#": " sharp "})


@lru_cache(maxsize=1 << 16)
def topic_key(scheme: str, code: str) -> str:
    """Key of a topic: its scheme and code as slugs, ``+`` and ``#`` spelled out.

    >>> [topic_key("keyword", c) for c in ("C", "C++", "C#", "c ++")]
    ['topic-keyword-c', 'topic-keyword-c-plus-plus', 'topic-keyword-c-sharp', 'topic-keyword-c-plus-plus']
    >>> topic_key("arxiv", "cs.DC")
    'topic-arxiv-cs.dc'
    """
    return f"topic-{slug(scheme)}-{slug(code.translate(_CODE_SYMBOLS))}"


def authorship_key(paper: str, author: str) -> str:
    return f"authorship-{digest(paper + '|' + author, 16)}"


def iri(key: str) -> str:
    return BASE + key


def key_of(iri_or_key: str) -> str:
    return iri_or_key[len(BASE):] if iri_or_key.startswith(BASE) else iri_or_key


SAME_AS = {
    "doi": "https://doi.org/{}",
    "orcid": "https://orcid.org/{}",
    "openalex": "https://openalex.org/{}",
    "dblp": "https://dblp.org/pid/{}",
    "ror": "https://ror.org/{}",
    "arxiv": "https://arxiv.org/abs/{}",
}


def same_as_iri(kind: str, value: str) -> str | None:
    """External IRI for an identifier (``schema:sameAs`` target), if the kind has one."""
    tpl = SAME_AS.get(kind)
    if not tpl:
        return None
    if kind == "dblp" and not re.match(r"^[\w-]+/[\w-]+$", value):
        return None  # a DBLP name with homonym number is not a pid
    value = normalize_id(kind, value)
    if kind == "doi" and not _RX_DOI_URL_SAFE.fullmatch(value):
        # in a URL a DOI's "#", "?", "%", "<", ">", '"' and spaces are percent-encoded (the DOI
        # Handbook), or doi.org would read a fragment, a query or another DOI
        from urllib.parse import quote
        value = quote(value, safe="/:;()[]-._~!$&'*+,=@")
    return tpl.format(value)


def paper_same_as_iri(kind: str, value: str) -> str | None:
    """External IRI for a paper's identifier: as ``same_as_iri``, and a DBLP record key
    (``journals/corr/abs-0802-1699``) is the record's page ``https://dblp.org/rec/...``, a
    PubMed id its page ``https://pubmed.ncbi.nlm.nih.gov/ID/``."""
    if kind == "dblp":
        return "https://dblp.org/rec/" + value if re.fullmatch(r"[\w\-]+(?:/[\w\-.]+)+", value) else None
    if kind == "pmid":
        return f"https://pubmed.ncbi.nlm.nih.gov/{value}/" if value.isdigit() else None
    return same_as_iri(kind, value)


_RX_DOI_URL_SAFE = re.compile(r"[\w/:;()\[\].~!$&'*+,=@-]*")
