"""BibTeX (.bib), parsed with bibtexparser 2, streamed in batches of entries.

* values: ``@string`` macros (case-insensitive, with ``#`` concatenation), the standard
  month macros (``month = jan``), LaTeX accents, escapes and braces decoded
  (``{\\"u}`` -> ü, ``\\'{e}`` -> é, ``{\\o}`` -> ø, ``\\&`` -> &), math macros with
  arguments (``\\frac{1}{2}`` -> 1/2, ``\\overline{x}`` -> x);
* authors in order: "Last, First", "First Last", "von Last, Jr., First"; ``and others`` marks
  a truncated list; "Anonymous" and "[Anonymous]" are nobody (``placeholder_name``); DBLP homonym numbers ("Manish Singh 0001") identify the DBLP person and
  are dropped from the name; a special character outside braces (``Pe\\~na``, ``\\AA{}``)
  is one letter of its word, as in braces (``Pe{\\~n}a``); a list separated by commas
  instead of "and" (warned about) is one name per comma, read as family name and initials
  where every name is so written ("Rasthofer U., Wall W.A.");
* ``crossref``: a child inherits the fields it lacks from its parent (the parent's title
  becomes the child's ``booktitle``), but never the parent's identifiers; a parent (the
  entry another entry's ``crossref`` names, except a biblatex ``@set``'s) is no record of its
  own, as DBLP's ``@proceedings`` in its crossref export;
* identifiers: ``doi``, arXiv (``eprint`` with ``archivePrefix``/``eprinttype`` arXiv, CoRR
  volumes ``abs/...``, arxiv.org URLs), DBLP record keys (``DBLP:conf/...``), ``pmid``;
* all three DBLP export styles (condensed, standard, with crossref) read alike.

A malformed entry is skipped with its line; a file without any entry is an error.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterator

from ..errors import InputError
from ..ids import nfc
from ..model import RawAuthor, RawInstitution, RawTopic, Record
from . import ReadContext
from . import _text
from ._text import (arxiv_from, doi_from, fast_factory, iso_date,
                    latex_to_text, month_number, open_binary, placeholder_name)

BATCH_LINES = 4000  # parse this many lines at a time (cut at entry boundaries)

_MONTH_MACROS = {m: name for m, name in zip(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    ("January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"))}
KINDS = {
    "article": "article", "inproceedings": "inproceedings", "conference": "inproceedings",
    "proceedings": "proceedings", "mvproceedings": "proceedings", "book": "book",
    "mvbook": "book", "inbook": "incollection", "incollection": "incollection",
    "bookinbook": "incollection", "suppbook": "incollection", "inreference": "incollection",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
}
# fields a child never inherits through crossref: they identify the parent
_NOT_INHERITED = {"doi", "url", "ee", "eprint", "eprinttype", "archiveprefix", "biburl",
                  "bibsource", "timestamp", "isbn", "issn", "pmid", "crossref", "abstract",
                  "keywords", "pages", "note", "key", "title", "author"}
_RX_ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]")
# a crossref field's key: braced, quoted or bare (a @string's name, at worst: a key too many
# only keeps an entry's fields), or at the line's end with the value on the next line
_RX_CROSSREF = re.compile(r"\bcrossref\s*=\s*(?:[{\"]\s*)?([^}\",\s]+)|\bcrossref\s*=\s*[{\"]?\s*$", re.I)
_RX_XREF_VALUE = re.compile(r"\s*(?:[{\"]\s*)?([^}\",\s]+)")
_RX_HOMONYM = re.compile(r"^(.*\S)\s+(\d{4})$")
_RX_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
# a name's suffix after a comma ("King, Jr.", PubMed's "3rd"); not _text._JR, whose "V" is more
# often an initial after a family name of two words ("Van Damme, V")
_SUFFIX = re.compile(r"(?:[JS]r\.?|II|III|IV|\d(?:st|nd|rd|th)\.?)", re.I)
# a word of initials: "W.", "W.A.", "J.-P.", or two or three capitals without dots ("WA", "HK")
_INITIALS = re.compile(r"(?:[A-Z]\.-?)+|[A-Z]{1,3}")
_RX_COMMA_JR = re.compile(r",\s*(jr|sr|ii|iii|iv)\.?\s*,", re.I)
# "Family Initials" (one name of a comma-separated list): family words without dots, then
# initials with dots ("U.", "W.A.", "W. A.", "J-P.", "J.-P.")
_INITIAL = r"[A-Z\u00c0-\u00d6\u00d8-\u00de](?:\.|\.?-[A-Z\u00c0-\u00d6\u00d8-\u00de]\.)"
_RX_FAMILY_INITIALS = re.compile(r"([^\s.,]+(?: [^\s.,]+)*) (" + _INITIAL + r"(?: ?" + _INITIAL + r")*)")
# "Initials Family" ("A. Smith", "J.-P. van der Berg")
_RX_INITIALS_FAMILY = re.compile(_INITIAL + r"(?: ?" + _INITIAL + r")* [^\s.,]+(?: [^\s.,]+)*")
_RX_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RX_DBLP_REC = re.compile(r"dblp\.org/rec/(.+?)(?:\.bib)?$")
_RX_KEYWORD_SEP = re.compile(r"[;,]")
_Record, _Author, _Topic = (fast_factory(c) for c in (Record, RawAuthor, RawTopic))


def _template(cls, given: tuple[str, ...]) -> dict | None:
    """The defaults ``fast_factory``'s constructor starts a ``cls`` object's fields from, where
    an object can be made as that constructor makes it from values of the fields ``given``
    (``{**template, **values}`` as its ``__dict__``); None where it cannot."""
    import dataclasses
    template = _text.field_template(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    if template is None or not (names - template.keys() <= set(given) <= names):
        return None
    return template


_new, _set = object.__new__, object.__setattr__
_AUTHOR_T = _template(RawAuthor, ("name", "position", "given", "family", "ids"))
# RawAuthor's defaults are those _plain_authors writes out
_AUTHOR_PLAIN = _AUTHOR_T is not None and list(_AUTHOR_T.items()) == [
    ("given", None), ("family", None), ("ids", ()), ("affiliations", ())]
_TOPIC_T = _template(RawTopic, ("scheme", "code", "label"))
_RECORD_T = _template(Record, ("source", "line", "title", "authors", "authors_complete", "date", "year",
                               "ids", "abstract", "venue", "kind", "topics", "institutions"))


@functools.cache
def _bibtexparser_names():
    """bibtexparser's name functions, imported on first use."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
    return parse_single_name_into_parts, split_multiple_persons_names


@functools.lru_cache(maxsize=1 << 16)  # (as _name_parts: names repeat)
def _person_parts(n: str) -> tuple[str | None, str | None, str]:
    """(given, family, display name) of one name as written: as BibTeX reads it
    (``_name_parts``), except "Martin Luther King, Jr.", which BibTeX would read as the family
    name "Martin Luther King" and the given name "Jr.": written so, the part after the comma is
    the suffix of a "First Last" name ("King, Jr., Martin Luther" is BibTeX's spelling of it)."""
    commas = n.count(",")
    if commas == 1:
        before, _, after = n.partition(",")
        if _SUFFIX.fullmatch(after.strip()) and len(before.split()) >= 2:
            first, family, _ = _person_parts(before.strip())
            return first, family, " ".join(x for x in (first, family, after.strip()) if x)
    elif commas == 2:
        # PubMed's "Kelleher, R. J., 3rd" (Last, First, Jr): BibTeX's order is Last, Jr, First
        last, first, jr = (x.strip() for x in n.split(","))
        if _SUFFIX.fullmatch(jr) and not _SUFFIX.fullmatch(first) and last and first:
            return _name_parts(f"{last}, {jr}, {first}")
    elif " " in n and (n[-1] == "." or n[-1].isupper()):
        # "Wall W.A." ("Rasthofer U." of a list separated by commas, "Lee HK"): BibTeX's First
        # Last would make the initials the family name, which initials never are; the family
        # name comes first here
        m = _RX_FAMILY_INITIALS.fullmatch(n)
        if m is not None:
            return _name_parts(f"{m.group(1)}, {m.group(2)}")
        words = n.split()
        if (all(_INITIALS.fullmatch(w) for w in words[1:]) and "{" not in n and "\\" not in n
                and not _INITIALS.fullmatch(words[0]) and any(c.islower() for c in words[0])):
            given = " ".join(words[1:])
            return given, words[0], f"{given} {words[0]}"
    return _name_parts(n)


@functools.lru_cache(maxsize=1 << 16)  # a bibliography repeats its names: parse each spelling once
def _name_parts(n: str) -> tuple[str | None, str | None, str]:
    """(given, family, display name) of one name as written."""
    if n.count(",") == 1 and n.isascii() and n.isprintable() and _names_ok() and not _RX_NOT_PLAIN.search(n):
        # "Family, Given" in plain ASCII: the sections as they are
        family, _, first = n.partition(",")
        family, first = family.strip(" "), first.strip(" ")
        if family and first:
            return first, family, first + " " + family
    if "{" not in n and "}" not in n and "\\" not in n and _names_ok():
        first_w, family_w, jr_w = _simple_name_words(n)
        first = _latex(" ".join(first_w)) or None if first_w else None
        family = _latex(" ".join(family_w)) or None if family_w else None
        jr = _latex(" ".join(jr_w)) if jr_w else ""
        if jr:
            return first, family, " ".join(x for x in (first, family, jr) if x)
        if first and family:
            return first, family, first + " " + family
        return first, family, first or family or ""
    if n.count(",") == 1 and _names_ok() and " ".join(n.split()) == n and _RX_FLAT_NAME.fullmatch(n):
        # "Family, Given" (the comma outside braces), words between single spaces and brace
        # groups without whitespace: bibtexparser's sections are the text around the comma,
        # their words those between the spaces
        family, _, first = n.partition(",")
        family, first = family.strip(" "), first.strip(" ")
        if family and first:
            first, family = latex_to_text(first) or None, latex_to_text(family) or None
            return first, family, " ".join(x for x in (first, family) if x)
    try:
        parts = _bibtexparser_names()[0](n, strict=False)
        first = latex_to_text(" ".join(parts.first)) or None
        family = latex_to_text(" ".join(parts.von + parts.last)) or None
        jr = latex_to_text(" ".join(parts.jr))
    except Exception:  # bibtexparser refuses some odd names: keep the text as written
        first, family, jr = None, latex_to_text(n) or None, ""
    return first, family, " ".join(x for x in (first, family, jr) if x)


# Text whose brace groups (nested up to two deep) hold no whitespace or commas and whose
# backslashes escape neither whitespace, a brace, a backslash nor a comma: bibtexparser's
# name functions find no " and " and no word or section end inside its groups, and count
# every brace. _RX_FLAT_NAME: also no "~" (a space between words) outside the groups.
_IN_GROUP = r"(?:[^{}\s\\,]|\\[^\s{}\\,])"
_GROUP = r"\{(?:" + _IN_GROUP + r"|\{" + _IN_GROUP + r"*+\})*+\}"
_RX_FLAT = re.compile(r"(?:[^{}\\]++|\\[^\s{}\\,]|" + _GROUP + r")*+")
_RX_FLAT_NAME = re.compile(r"(?:[^{}\\~]++|\\[^\s{}\\,~]|" + _GROUP + r")*+")
# a backslash where bibtexparser's name splitter may be inside a separating " and "
_RX_AND_ESC = re.compile(r"\s(?:[aA](?:[nN](?:[dD]\s*)?)?)?\\")
_RX_NAME_SEP = re.compile(r"[ ~\r\n\t]+")
_RX_NOT_PLAIN = re.compile(r"[{}\\~$]|--|  ")
_RX_NAME_SEP3 = re.compile(r"[ ~\r\n\t,]+")


def _word_case(w: str) -> int:
    """1 if the first letter of a word is upper case, 0 if it is not, -1 without letters."""
    for c in w:
        if c.isalpha():
            return 1 if c.isupper() else 0
    return -1


def _simple_name_words(n: str) -> tuple[list[str], list[str], list[str]]:
    """(first, von + last, jr) words of a name without braces and backslashes, as
    bibtexparser's ``parse_single_name_into_parts(n, strict=False)`` splits it: sections at
    the first two commas (later commas separate words), words at spaces, ties (``~``) and
    line breaks; the von part from the case of the words' first letters."""
    secs = n.split(",", 2)
    if "~" in n or "\t" in n or "\n" in n or "\r" in n:
        sections = [[w for w in _RX_NAME_SEP.split(x) if w] for x in secs[:2]]
        if len(secs) == 3:
            sections.append([w for w in _RX_NAME_SEP3.split(secs[2]) if w])
    else:
        sections = [[w for w in x.split(" ") if w] for x in secs[:2]]
        if len(secs) == 3:
            sections.append([w for w in secs[2].replace(",", " ").split(" ") if w])
    if not sections[-1]:  # a trailing comma
        sections.pop()
    if not any(sections):
        return [], [], []
    if len(sections) == 1:  # First von Last: von starts at the first lower-case word
        p0 = sections[0]
        if len(p0) <= 2:
            return p0[:-1], p0[-1:], []
        cases = [_word_case(w) for w in p0]
        i = cases.index(0) if 0 in cases else len(p0) - 1
        return p0[:i], p0[i:], []
    # von Last, First / von Last, Jr, First
    if len(sections) == 3:
        return sections[2], sections[0], sections[1]
    return sections[1], sections[0], []


@functools.cache
def _names_ok() -> bool:
    """Whether bibtexparser's name functions are those ``_simple_name_words`` and
    ``_split_names`` follow."""
    try:
        import bibtexparser
        return getattr(bibtexparser, "__version__", None) in _SPLITTER_VERSIONS
    except Exception:  # pragma: no cover - depends on the environment
        return False


_RX_AND = re.compile(r" [aA][nN][dD] ")


def _split_names(raw: str) -> list[str]:
    """``split_multiple_persons_names`` of a whitespace-collapsed author list."""
    if "{" not in raw and "}" not in raw and "\\" not in raw and _names_ok():
        return _RX_AND.split(raw)  # no braces or escapes: "and" between single spaces
    if _names_ok() and _RX_FLAT.fullmatch(raw) and not _RX_AND_ESC.search(raw):
        # brace groups without whitespace cannot hold an " and "; no escaped whitespace or
        # braces, and no escape where bibtexparser's splitter, which passes over escapes, may
        # be within an " and " (it would find one the text does not have, or leave the escape
        # out of the name after it)
        return _RX_AND.split(raw)
    return _bibtexparser_names()[1](raw)


# ---------------------------------------------------------------- LaTeX
_RX_PRIVATE = re.compile("[\ue000-\ue006]")
_ASCII_CONTROLS = bytes([*range(32), 127])


def _nfc(text: str) -> str:
    """``nfc(text)`` (the same text; faster for long values such as abstracts)."""
    if len(text) <= 64:
        return nfc(text)
    if text.isascii():
        # printable: no ASCII control character (the only whitespace is spaces)
        if "  " not in text and len(text.encode().translate(None, _ASCII_CONTROLS)) == len(text):
            return text.strip(" ")
        return " ".join(text.split())
    if "\ufeff" not in text:
        s = unicodedata.normalize("NFC", text)
        if "  " not in s and s.isprintable():  # the only whitespace is single spaces
            return s.strip(" ")
    return nfc(text)


def _private(s: str) -> bool:
    """Whether ``s`` holds an escaped character's private-use stand-in (``_RX_PRIVATE``)."""
    return ("\ue000" in s or "\ue001" in s or "\ue002" in s or "\ue003" in s or "\ue004" in s
            or "\ue005" in s or "\ue006" in s)


def _latex(text: str) -> str:
    """``latex_to_text(text)`` (the same text; faster for long values such as abstracts)."""
    if "\\" in text:
        return _latex_cached(text) if len(text) <= 160 else _latex_to_text(text)
    if "{" not in text and "~" not in text and "--" not in text and "$" not in text:
        return _nfc(text)
    s = text
    if "--" in s:
        s = s.replace("---", "—").replace("--", "–")
    s = s.replace("~", " ").replace("$", "").replace("{", "").replace("}", "")
    if not s.isascii() and _private(s):
        s = s.translate(_text._ESC_BACK)
    return _nfc(s)


def _latex_to_text(text: str) -> str:
    """``_text._latex_to_text`` of a text with a backslash."""
    if "\\(" in text or "\\)" in text:  # inline math \( ... \) (DBLP's titles), as $ ... $
        text = text.replace("\\(", "").replace("\\)", "")
    s = _text._RX_ESCAPED.sub(lambda m: _text._ESC_OUT[m.group(1)], text)
    s = _text._RX_SYM_ACCENT.sub(_text._accent, s)
    s = _text._RX_LET_ACCENT.sub(_text._accent, s)
    s = _text._RX_NAMED.sub(lambda m: _text._NAMED[m.group(1)], s)
    s = _text._RX_STYLE.sub("", s)
    s = s.replace("\\\\", " ")
    if "\\" in s:
        s = _text._RX_MACRO.sub(_text._macro, _text._arg_macros(s)).replace("\\", "")
    if "--" in s:
        s = s.replace("---", "—").replace("--", "–")
    s = s.replace("~", " ").replace("$", "").replace("{", "").replace("}", "")
    if not s.isascii() and _private(s):  # (translating is slow on long texts)
        s = s.translate(_text._ESC_BACK)
    return _nfc(s)


_latex_cached = functools.lru_cache(maxsize=1 << 14)(_latex_to_text)


def sniff(path: str, head: bytes) -> bool:
    text = head.decode("utf-8", "ignore")
    if path.lower().endswith((".bib", ".bibtex")) and re.search(r"(?m)^\s*@\s*[A-Za-z]+\s*[{(]", text):
        return True
    return bool(re.search(r"(?m)^\s*@\s*(?!comment\b)[A-Za-z]+\s*[{(]\s*[^\s,]*\s*,", text)
                or re.search(r"(?mi)^\s*@\s*string\s*[{(]", text))


# ---------------------------------------------------------------- values
def _split_concat(raw: str) -> list[str]:
    """Parts of ``a # "b" # {c}`` (``#`` outside braces and quotes)."""
    parts, depth, quote, cur = [], 0, False, []
    for ch in raw:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quote = not quote
        if ch == "#" and depth == 0 and not quote:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def evaluate(raw, strings: dict[str, str], undefined: list | None = None) -> str:
    """The text of a raw BibTeX value: enclosing braces/quotes removed, macros expanded."""
    raw = str(raw).strip()
    if not raw:
        return ""
    if "#" not in raw:
        parts = [raw]
    else:
        parts = _split_concat(raw)
    out = []
    for p in parts:
        p = p.strip()
        if len(p) >= 2 and ((p[0] == "{" and p[-1] == "}") or (p[0] == '"' and p[-1] == '"')):
            out.append(p[1:-1])
        elif p.isdigit():
            out.append(p)
        else:
            key = p.lower()
            if key in strings:
                out.append(strings[key])
            elif key in _MONTH_MACROS:
                out.append(_MONTH_MACROS[key])
            else:
                if undefined is not None and p:
                    undefined.append(p)
                out.append(p)
    return "".join(out)


# ---------------------------------------------------------------- names
# A LaTeX special character outside braces in a name: an accent command with its letter
# (\~n, \'{e}, \c c, \c{c}, \'\i) or a named one (\o, \AA{}, \ss); and the braces, to know
# the depth. Escaped braces are not counted (as ``_depth`` counts them), nor is ``\\``.
_BASE = r"(\\[ij](?![A-Za-z])|[^\W\d_])"
_RX_NAME_SPECIAL = re.compile(
    r"\\[{}\\]|([{}])"
    r"|\\([`'^\"~=.])\s*(?:\{\s*" + _BASE + r"\s*\}|" + _BASE + r")"
    r"|\\([uvHckrdbt])(?:\s*\{\s*" + _BASE + r"\s*\}|\s+" + _BASE + r")"
    r"|\\(" + "|".join(sorted((re.escape(k) for k in _text._NAMED if k.isalpha()), key=len, reverse=True))
    + r")(?![A-Za-z])\s?(?:\{\})?")
_RX_UNBRACED_ESC = re.compile(r"(?<!\{)\\")
# a mark after a name's word (corresponding author, student, equal contribution): not the name
_RX_NAME_MARK = re.compile(r"(?<=[^\W\d_}.])[*\u2020\u2021]+")  # (a backslash right after "{" is in braces)


@functools.lru_cache(maxsize=1 << 12)
def _brace_specials(raw: str) -> str:
    r"""``raw`` with each special character outside braces put in braces, as BibTeX's "special
    character" ``{\~n}``. Outside braces, bibtexparser's name functions take the ``~`` of
    ``\~`` for a space between words, and drop the backslash of an escape after " and "; in
    braces the character is a letter of its word, whatever its spelling.

    >>> print(_brace_specials(r"Jos\'{e} N\'u\~nez and \AA{}ngstr\"om, Anders and Fran\c cois "
    ...                       r"Pe{\~n}a and \o ystein \\~n"))
    Jos{\'e} N{\'u}{\~n}ez and {\AA}ngstr{\"o}m, Anders and Fran{\c{c}}ois Pe{\~n}a and {\o}ystein \\~n
    """
    depth = 0
    out = []
    pos = 0
    after = -1  # the end of the last "\\" (a brace put after it would read as "\{")
    for m in _RX_NAME_SPECIAL.finditer(raw):
        brace = m.group(1)
        if brace is not None:
            depth += 1 if brace == "{" else -1
            continue
        if m.group(0)[1] in "{}\\":
            after = m.end()
            continue
        if depth > 0 or m.start() == after:
            continue
        base = m.start(4) if m.group(4) else m.start(7) if m.group(7) else -1
        if base > 0 and raw[base - 1] == " " and raw[base:base + 4] in ("and ", "AND ", "And "):
            continue  # "Pe\~ and X": names are split at " and " first, so the "a" is no letter here
        out.append(raw[pos:m.start()])
        pos = m.end()
        if m.group(2):  # \~n, \'{e}
            out.append("{\\" + m.group(2) + (m.group(3) or m.group(4)) + "}")
        elif m.group(5):  # \c c, \c{c}
            out.append("{\\" + m.group(5) + "{" + (m.group(6) or m.group(7)) + "}}")
        else:  # \o, \AA{}
            out.append("{\\" + m.group(8) + "}")
    if not out:
        return raw
    out.append(raw[pos:])
    return "".join(out)


def parse_authors(raw: str, path: str, line: int, ctx: ReadContext, key: str
                  ) -> tuple[list[RawAuthor], bool]:
    """Authors (in order) of a raw ``author`` value and whether the list is complete."""
    raw = " ".join(raw.split())
    if not raw:
        return [], True
    if "*" in raw or "\u2020" in raw or "\u2021" in raw:  # CVs mark people: "Joy*, Jeffrey B", "Poon†"
        raw = _RX_NAME_MARK.sub("", raw)
    if "\\" in raw and _RX_UNBRACED_ESC.search(raw):
        raw = _brace_specials(raw)
    names = _split_names(raw)
    if len(names) == 1 and "," in names[0] and _comma_list(names[0]):
        # "A. Smith, B. Jones, C. Brown": a comma-separated list instead of "and"
        # ("Rasthofer U., Wall W.A., Gravemeier V.": each a family name, then initials, which
        # _person_parts reads so)
        names = [n.strip() for n in names[0].split(",") if n.strip()]
        each = all(_RX_FAMILY_INITIALS.fullmatch(n) for n in names)
        ctx.warn(path, line, f"entry {key}: author list separated by commas instead of 'and'; "
                 "read as one name per comma" + (", each a family name and initials" if each else ""))
    elif raw.isascii() and raw.isprintable() and _names_ok() and not _RX_NOT_PLAIN.search(raw):
        # plain ASCII: where every name is "Family, Given", the names as they are (what
        # _name_parts gives each of them)
        authors = _plain_authors(names)
        if authors is not None:
            return authors, True
    authors: list[RawAuthor] = []
    complete = True
    for n in names:
        n = n.strip()
        if n.lower() in ("others", "{others}", "et al.", "et al"):
            complete = False
            continue
        if placeholder_name(n.strip("{}")):  # "Anonymous", "[Anonymous]": nobody
            continue
        number = None
        if n[-1:].isdigit():  # (the pattern's last character is a digit)
            m = _RX_HOMONYM.match(n)
            if m and "," not in n:  # DBLP: "Manish Singh 0001"
                n, number = m.group(1), m.group(2)
        first, family, display = _person_parts(n)
        if not display:
            continue
        # the DBLP person as DBLP writes it: name + homonym number
        ids = (("dblp", f"{display} {number}"),) if number else ()
        if _AUTHOR_T is not None:  # _Author(...), without its checks
            a = _new(RawAuthor)
            _set(a, "__dict__", {**_AUTHOR_T, "name": display, "position": len(authors) + 1,
                                 "given": first, "family": family, "ids": ids})
            authors.append(a)
        else:
            authors.append(_Author(name=display, position=len(authors) + 1, given=first, family=family,
                                   ids=ids))
    return authors, complete


def _comma_list(name: str) -> bool:
    """Whether one "name" with commas is a list of names separated by commas instead of "and":
    two commas or more (not a suffix's, "Smith, Jr., John"), or one comma between two names
    of the same shape that no "Family, Given" has on both sides: family names and initials
    ("Rasthofer U., Wall W.A.") or initials and family names ("A. Smith, B. Jones")."""
    if name.count(",") >= 2:
        return not _RX_COMMA_JR.search(name)
    before, _, after = name.partition(",")
    before, after = before.strip(), after.strip()
    return bool((_RX_FAMILY_INITIALS.fullmatch(before) and _RX_FAMILY_INITIALS.fullmatch(after))
                or (_RX_INITIALS_FAMILY.fullmatch(before) and _RX_INITIALS_FAMILY.fullmatch(after)))


def _plain_authors(names: list[str]) -> list[RawAuthor] | None:
    """The authors of ``names`` (plain ASCII, no ``_RX_NOT_PLAIN``) where every name is
    "Family, Given" with both parts; None otherwise."""
    if not _AUTHOR_PLAIN:
        return None
    authors = []
    for i, n in enumerate(names, 1):
        family, _, first = n.partition(",")
        family, first = family.strip(" "), first.strip(" ")
        if not family or not first or "," in first or (_SUFFIX.fullmatch(first) and " " in family):
            return None  # (the last: "Martin Luther King, Jr.", see _person_parts)
        a = _new(RawAuthor)  # the __dict__ of {**_AUTHOR_T, "name": ..., ..., "ids": ()}
        _set(a, "__dict__", {"given": first, "family": family, "ids": (), "affiliations": (),
                             "name": first + " " + family, "position": i})
        authors.append(a)
    return authors


# ---------------------------------------------------------------- file
def _line_lists(path: str, ctx: ReadContext, desc: str) -> Iterator[tuple[list[str], bool]]:
    """The lines of ``iter_text_lines`` in lists, a decoded chunk at a time: ``(lines, ended)``,
    the lines without their line ends; ``ended`` is False only for a last line that has no
    line end. Same decoding, errors and progress bar as ``iter_text_lines``."""
    for _, lines, ended in _text.text_batches(path, ctx, desc):
        yield lines, ended


def _depth(text: str) -> int:
    """Braces opened minus braces closed in ``text`` (``\\{`` and ``\\}`` not counted)."""
    return (text.count("{") - text.count("\\{")) - (text.count("}") - text.count("\\}"))


def _batches(path: str, ctx: ReadContext) -> Iterator[tuple[int, str]]:
    """(0-based line offset, text) batches of whole entries. A batch is cut at an entry start
    outside braces, or at any entry start once it is four batches long: an unbalanced brace
    (a malformed entry) would otherwise hold the rest of the file in one batch."""
    size = BATCH_LINES
    buf: list[str] = []
    nbuf = 0  # lines in buf
    start = 0
    done = 0  # lines before buf
    depth = 0
    match = _RX_ENTRY_START.match
    for lines, ended in _line_lists(path, ctx, "BibTeX"):
        i, n = 0, len(lines)
        while i < n:
            if nbuf < size:  # no cut before the batch has `size` lines: take them whole
                k = min(size - nbuf, n - i)
                seg = "\n".join(lines[i:i + k])
                if ended:
                    seg += "\n"
                buf.append(seg)
                if "{" in seg or "}" in seg:
                    depth += _depth(seg)
                nbuf += k
                i += k
                continue
            line = lines[i]
            if (depth <= 0 or nbuf >= 4 * size) and "@" in line and match(line):
                yield start, "".join(buf)
                done += nbuf
                buf, nbuf, start, depth = [], 0, done, 0
                continue
            buf.append(line + "\n" if ended else line)
            if "{" in line or "}" in line:
                depth += _depth(line)
            nbuf += 1
            i += 1
    if buf:
        yield start, "".join(buf)


def _crossref_targets_bytes(path: str) -> set[str] | None:
    """``_crossref_targets`` found in the file's bytes (faster: only the lines that hold
    "rossref" or "ROSSREF" are decoded; the rest is only checked to be UTF-8); None where the
    file cannot be read so (then ``_crossref_targets`` reads it, and reports any error)."""
    import codecs
    import zlib
    try:
        raw, stream = open_binary(path)
    except InputError:
        return None
    out: set[str] = set()

    pending = [False]  # a "crossref =" whose value is on a later line

    def scan(block: bytes) -> None:
        if b"rossref" in block or b"ROSSREF" in block or pending[0]:
            for line in block.splitlines():  # (at \n, \r and \r\n, as the text is read)
                if b"rossref" in line or b"ROSSREF" in line or pending[0]:
                    pending[0] = _crossref_line(line.decode("utf-8"), out, pending[0])
    try:
        dec = codecs.getincrementaldecoder("utf-8")()
        rest = b""  # an unfinished line
        first = True
        while True:
            chunk = stream.read(1 << 20)
            if not chunk:
                dec.decode(b"", True)
                scan(rest)
                return out
            if first:
                first = False
                if chunk.startswith(b"\xef\xbb\xbf"):  # (a byte-order mark is dropped)
                    chunk = chunk[3:]
            if dec.buffer or not chunk.isascii():  # (buffer: a character cut at the chunk's start)
                dec.decode(chunk)
            block = rest + chunk if rest else chunk
            cut = max(block.rfind(b"\n"), block.rfind(b"\r")) + 1
            scan(block[:cut])
            rest = block[cut:]
    except (UnicodeDecodeError, OSError, EOFError, zlib.error):
        return None
    finally:
        stream.close()
        raw.close()


def _crossref_line(line: str, out: set[str], pending: bool) -> bool:
    """Add the keys that crossref fields on ``line`` name to ``out``; ``pending``: the line
    before ended in "crossref =" (the value is the first thing here). Whether this line does."""
    if pending:
        m = _RX_XREF_VALUE.match(line)
        if m is None:
            return not line.strip()  # (a blank line between: still to come)
        out.add(m.group(1).lower())
    ends = False
    for m in _RX_CROSSREF.finditer(line):
        if m.group(1) is not None:
            out.add(m.group(1).lower())
        else:
            ends = True
    return ends


def _crossref_targets(path: str, ctx: ReadContext) -> set[str]:
    found = _crossref_targets_bytes(path)
    if found is not None:
        return found
    out: set[str] = set()
    pending = False
    for lines, _ in _line_lists(path, ctx, "BibTeX (crossref scan)"):
        if len(lines) > 1 and not pending:
            text = "\n".join(lines)
            if "rossref" not in text and "ROSSREF" not in text:
                continue
        for line in lines:
            if "rossref" in line or "ROSSREF" in line or pending:
                pending = _crossref_line(line, out, pending)
    return out


# The splitter. Blocks are found as bibtexparser 2's splitter finds them (the same blocks,
# keys, raw values and lines, for any input); a common, well-formed ``@type{key, ...}`` entry
# is taken apart with a few regular expressions, any other block (``@string``, ``@comment``,
# ``@preamble``, ``@type(...)``, an ``@`` inside the entry, a malformed entry) by bibtexparser's
# own splitter, started at that block.
#
# bibtexparser's splitter, in short: "marks" are ``{ } " , = newline`` not preceded by a
# backslash, and block starts ``@type`` followed by ``{`` or ``(``. Between blocks, everything
# up to the next block start is a comment. In an entry, the key runs to the first mark (a
# comma); a field name runs to ``=``; a value runs to the first ``,`` or ``}`` outside braces
# and double quotes. The line of a block counts the newline marks before it.
_SPLITTER_VERSIONS = ("2.1.0",)  # bibtexparser versions whose splitter this one follows
_RX_BLOCK_START = re.compile(r"@[\w]*( |\t)*(?=[{(])")
# {...} with its unescaped braces balanced (nesting up to 6 deep), without "@"
_BRACED = r"\{(?:[^{}@]++|(?<=\\)[{}])*+\}"
for _ in range(5):
    _BRACED = r"\{(?:[^{}@]++|(?<=\\)[{}]|" + _BRACED + r")*+\}"
# a value: plain text, {...} and "..." parts (without backslashes, braces or "@" in the
# plain text and the quoted parts), up to the "," or "}" that ends it
_RX_FIELD = re.compile(r'([^{}",=@\\]*+)=((?:[^{}",\\@]++|' + _BRACED + r'|"[^"\\@{}]*+")*+)([,}])')
_RX_ENTRY_KEY = re.compile(r'([^{}",=@\\]*+),')
_RX_ENTRY_END = re.compile(r'[^{}",=@\\]*+\}')
# the most common entries, taken apart faster: one-word names, {values} without braces or "@"
# inside and one-word bare values (numbers, macros)
_SIMPLE_FIELD = r'\s*+([^{}",=@\\\s]++)\s*+=\s*+(?:\{([^{}@]*+)(?<!\\)\}|([^{}",=@\\,\s]++))\s*+'
_RX_SIMPLE_ENTRY = re.compile(r'([^{}",=@\\]*+),(?:' + _SIMPLE_FIELD + r',)*+(?:' + _SIMPLE_FIELD
                              + r'|\s*+)\}')
_RX_SIMPLE_FIELD = re.compile(_SIMPLE_FIELD + "[,}]")  # (name, {content}, or bare value)
_RX_SIMPLE_FIELD_END = re.compile(_SIMPLE_FIELD + "([,}])")  # (name, {content}, bare value, "," or "}")
_RX_SPACE_END = re.compile(r"\s*+\}")


@functools.cache
def _splitter_ok() -> bool:
    """Whether the installed bibtexparser's splitter is the one ``_split`` follows."""
    try:
        import bibtexparser
        from bibtexparser import splitter
        return (getattr(bibtexparser, "__version__", None) in _SPLITTER_VERSIONS
                and splitter._BLOCK_START == _RX_BLOCK_START.pattern
                and all(hasattr(splitter.Splitter, a) for a in (
                    "_next_mark", "_open_block", "_close_block", "_handle_entry", "_handle_string",
                    "_handle_preamble", "_handle_explicit_comment")))
    except Exception:  # pragma: no cover - depends on the environment
        return False


class _Simple(tuple):
    """The fields of a simple entry: (names, {contents} or "", bare values or "", whether there
    is no "#" in the entry); names all different."""
    __slots__ = ()

    def __new__(cls, names, contents, bares, nohash):
        return tuple.__new__(cls, (names, contents, bares, nohash))


def _fast_entry(s: str, m: re.Match):
    """(entry type, key, [(name, raw value)...], duplicate names, index of the closing brace)
    of the ``{``-entry starting at block start ``m`` of ``s``, or None where the entry is not
    of the common, well-formed kind (then bibtexparser's splitter reads it)."""
    k = m.end() + 1
    mk = _RX_ENTRY_KEY.match(s, k)
    if mk is None:
        return None
    # a simple entry (_RX_SIMPLE_ENTRY): its fields one after the other from the key's comma,
    # the last ending in "}" or followed by "}" (after a trailing comma); no braces inside the
    # {values} and no "@" (a block start within the entry)
    a = p = mk.end()
    fields = []
    field = _RX_SIMPLE_FIELD_END.scanner(s, a).match
    while True:
        mf = field()
        if mf is None:
            me = _RX_SPACE_END.match(s, p)
            end = me.end() - 1 if me is not None else -1
            break
        name, content, bare, sep = mf.groups()
        fields.append((name, content, bare))
        p = mf.end()
        if sep == "}":
            end = p - 1
            break
    if end >= 0:
        etype, key = m.group(0)[1:].strip().lower(), mk.group(1).strip()
        if not fields:
            return etype, key, fields, (), end
        names, contents, bares = zip(*fields)
        if len(set(names)) == len(names):
            return etype, key, _Simple(names, contents, bares, s.find("#", a, end) < 0), (), end
        seen: set = set()
        dups = {n for n in names if n in seen or seen.add(n)}
        return etype, key, [(n, b or "{" + c + "}") for n, c, b in fields], dups, end
    p = mk.end()
    fields = []
    field = _RX_FIELD.match
    while True:
        mf = field(s, p)
        if mf is not None:
            fields.append((mf.group(1).strip(), mf.group(2).strip()))
            p = mf.end()
            if mf.group(3) == "}":
                end = p - 1
                break
            continue
        me = _RX_ENTRY_END.match(s, p)
        if me is None or s[p:me.end() - 1].strip():
            return None
        end = me.end() - 1
        break
    dups = ()
    if len(fields) > 1:
        names = [f[0] for f in fields]
        if len(set(names)) < len(names):
            seen: set = set()
            dups = {k for k in names if k in seen or seen.add(k)}
    return m.group(0)[1:].strip().lower(), mk.group(1).strip(), fields, dups, end


def _slow_block(spl, m: re.Match, line: int):
    """bibtexparser's splitter on the one block starting at ``m`` (its loop body): the block
    as a tuple (see ``_split``), where the splitter goes on, and its line count there."""
    from bibtexparser.exceptions import BlockAbortedException
    from bibtexparser.model import DuplicateFieldKeyBlock, Entry
    from bibtexparser.splitter import _MARK_PATTERN
    spl._markiter = _MARK_PATTERN.finditer(spl.bibstr, m.start())
    spl._unaccepted_mark = None
    spl._closing_delimiter = "}"
    spl._current_line = line
    mark = spl._next_mark(accept_eof=True)
    m_val = mark.group(0).lower()
    start_line = spl._current_line
    try:
        spl._open_block(mark)
        if m_val.startswith("@comment"):
            spl._handle_explicit_comment(mark)
            block = None
        elif m_val.startswith("@preamble"):
            spl._handle_preamble(mark)
            block = None
        elif m_val.startswith("@string"):
            b = spl._handle_string(mark)
            block = ("string", b.start_line, b.key, b.value)
        else:
            b = spl._handle_entry(mark, m_val)
            dups = ()
            if isinstance(b, DuplicateFieldKeyBlock):
                dups = b.duplicate_keys
                b = b.ignore_error_block
            assert isinstance(b, Entry)
            block = ("entry", b.start_line, b.entry_type, b.key,
                     [(f.key, f.value) for f in b.fields], dups)
    except BlockAbortedException:
        block = ("failed", start_line)
    spl._close_block()
    if spl._unaccepted_mark is not None:
        resume = spl._unaccepted_mark.start()
    else:
        resume = spl._current_char_index + 1
    return block, resume, spl._current_line


def _split(text: str) -> list[tuple]:
    """The blocks of a batch, as bibtexparser's splitter finds them: ``("entry", line, type,
    key, [(name, raw value)...], duplicate names)``, ``("string", line, key, raw value)``,
    ``("failed", line)`` (lines 0-based within the batch; comments and preambles left out)."""
    s = "\n" + text
    esc_nl = "\\\n" in s
    out: list[tuple] = []
    spl = None
    pos = 0
    line = -1
    find = _RX_BLOCK_START.search
    while True:
        m = find(s, pos)
        if m is None:
            break
        a = m.start()
        line += s.count("\n", pos, a)
        if esc_nl:
            line -= s.count("\\\n", max(pos - 1, 0), a)
        if s[m.end()] == "{" and not m.group(0).lower().startswith(("@comment", "@preamble", "@string")):
            e = _fast_entry(s, m)
            if e is not None:
                etype, key, fields, dups, end = e
                out.append(("entry", line, etype, key, fields, dups))
                pos = end + 1
                line += s.count("\n", a, pos)
                if esc_nl:
                    line -= s.count("\\\n", max(a - 1, 0), pos)
                continue
        if spl is None:
            from bibtexparser.splitter import Splitter
            spl = Splitter(text)
        block, pos, line = _slow_block(spl, m, line)
        if block is not None:
            out.append(block)
    return out


def _blocks(path: str, ctx: ReadContext, strings: dict[str, str], warn: bool):
    """(line, entry type, key, fields, bare) of every entry; @string blocks update ``strings``.
    With ``bare`` None, ``fields`` are the raw values; otherwise ``fields`` are evaluated except
    the (name, raw value) pairs in ``bare``."""
    if not _splitter_ok():
        yield from _blocks_bibtexparser(path, ctx, strings, warn)
        return
    import logging
    # skipped blocks are reported with file:line by this reader, not by bibtexparser's log
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    for offset, text in _batches(path, ctx):
        try:
            blocks = _split(text)
        except Exception:  # bibtexparser's splitter failed on a block: as it fails on the batch
            blocks = _split_bibtexparser(text)
        entry_keys: set[str] = set()  # duplicate keys are found within a batch
        string_keys: set[str] = set()
        for b in blocks:
            kind = b[0]
            line = offset + (b[1] or 0) + 1
            if kind == "entry":
                _, _, etype, key, raw, dups = b
                if dups:
                    if warn:
                        ctx.warn(path, line, f"entry {key}: duplicate field {', '.join(sorted(dups))} "
                                 "(the first is used)")
                elif key in entry_keys:
                    if warn:
                        ctx.warn(path, line, f"entry {key}: duplicate entry key (kept: records are merged "
                                 "later by identifiers and titles)")
                else:
                    entry_keys.add(key)
                if type(raw) is _Simple:
                    names, contents, bares, nohash = raw
                    low = list(map(str.lower, names))
                    fields = dict(zip(low, contents))
                    if len(fields) == len(low) and nohash:
                        # {values} evaluated already (the text between the braces); bare ones later
                        yield line, etype.lower(), key, fields, (
                            [(k, v) for k, v in zip(low, bares) if v] if any(bares) else ())
                        continue
                    raw = [(n, b or "{" + c + "}") for n, c, b in zip(names, contents, bares)]
                fields = {}
                for k, v in raw:
                    k = k.lower()
                    if k not in fields:
                        fields[k] = v
                yield line, etype.lower(), key, fields, None
            elif kind == "string":
                _, _, key, value = b
                if key in string_keys:
                    if warn:
                        ctx.warn(path, line, f"entry {key}: duplicate entry key (kept: records are merged "
                                 "later by identifiers and titles)")
                    continue
                string_keys.add(key)
                strings[key.lower()] = evaluate(value, strings)
            elif warn:
                ctx.skip(path, line, "malformed BibTeX entry skipped: the entry is not closed or has a "
                         "syntax error")


def _split_bibtexparser(text: str) -> list[tuple]:
    """``_split`` by bibtexparser's ``parse_string`` (which raises where its splitter does)."""
    from bibtexparser import parse_string
    from bibtexparser.model import (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry,
                                    ParsingFailedBlock, String)
    out: list[tuple] = []
    for b in parse_string(text, parse_stack=[]).blocks:
        if isinstance(b, DuplicateBlockKeyBlock):
            b = b.ignore_error_block
        if isinstance(b, String):
            out.append(("string", b.start_line, b.key, b.value))
        elif isinstance(b, DuplicateFieldKeyBlock):
            e = b.ignore_error_block
            out.append(("entry", e.start_line, e.entry_type, e.key, [(f.key, f.value) for f in e.fields],
                        b.duplicate_keys))
        elif isinstance(b, Entry):
            out.append(("entry", b.start_line, b.entry_type, b.key, [(f.key, f.value) for f in b.fields], ()))
        elif isinstance(b, ParsingFailedBlock):
            out.append(("failed", b.start_line))
    return out


def _blocks_bibtexparser(path: str, ctx: ReadContext, strings: dict[str, str], warn: bool):
    """``_blocks`` by bibtexparser's ``parse_string`` (bibtexparser versions ``_split`` does not follow)."""
    import logging
    from bibtexparser import parse_string
    # skipped blocks are reported with file:line by this reader, not by bibtexparser's log
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    from bibtexparser.model import (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry,
                                    ParsingFailedBlock, String)
    for offset, text in _batches(path, ctx):
        lib = parse_string(text, parse_stack=[])
        for b in lib.blocks:
            line = offset + (b.start_line or 0) + 1
            if isinstance(b, String):
                strings[b.key.lower()] = evaluate(b.value, strings)
                continue
            if isinstance(b, (DuplicateFieldKeyBlock, DuplicateBlockKeyBlock)):
                entry = b.ignore_error_block
                if warn:
                    what = (f"duplicate field {', '.join(sorted(b.duplicate_keys))} (the first is used)"
                            if isinstance(b, DuplicateFieldKeyBlock)
                            else "duplicate entry key (kept: records are merged later by identifiers and titles)")
                    ctx.warn(path, line, f"entry {getattr(entry, 'key', '?')}: {what}")
                b = entry
            elif isinstance(b, ParsingFailedBlock):
                if warn:
                    reason = str(b.error).splitlines()[0] if str(b.error) else type(b.error).__name__
                    if "aborted" in type(b.error).__name__.lower() or not str(b.error):
                        reason = "the entry is not closed or has a syntax error"
                    ctx.skip(path, line, f"malformed BibTeX entry skipped: {reason}")
                continue
            if not isinstance(b, Entry):
                continue  # comments, preambles
            fields: dict[str, str] = {}
            for f in b.fields:
                k = f.key.lower()
                if k not in fields:
                    fields[k] = f.value
            yield line, b.entry_type.lower(), b.key, fields, None


def _crossref_parents(path: str, ctx: ReadContext) -> tuple[dict[str, tuple[str, dict[str, str]]], set[str]]:
    """The entries others crossref (usually proceedings and books): (key -> (entry type,
    evaluated fields), keys of the entries that are only parents). A parent is only a parent
    (its fields are inherited, it is no record of its own) when another entry's ``crossref``
    names it, that entry is no biblatex ``@set`` (whose crossref names its first member) and
    the parent is on no crossref cycle (``a`` -> ``b`` -> ``a``: no entry there is the parent,
    each is read as a child)."""
    targets = _crossref_targets(path, ctx)  # (the keys in "crossref = {...}" lines)
    parents: dict[str, tuple[str, dict[str, str]]] = {}
    if not targets:
        return parents, set()
    named: set[str] = set()  # the keys named by crossref fields of other entries
    strings: dict[str, str] = {}
    for _, etype, key, raw, bare in _blocks(path, ctx, strings, warn=False):
        low = key.lower()
        if low in targets:
            if bare is None:
                raw = {k: evaluate(v, strings) for k, v in raw.items()}
            else:
                for k, v in bare:
                    raw[k] = evaluate(v, strings)
            parents[low] = (etype, raw)
            xref = raw.get("crossref")
        elif "crossref" in raw:
            xref = raw["crossref"]
            if bare is None:
                xref = evaluate(xref, strings)
            else:
                for k, v in bare:
                    if k == "crossref":
                        xref = evaluate(v, strings)
        else:
            continue
        if xref and etype != "set":  # (biblatex: a @set crossrefs its first member, a paper)
            xref = xref.strip().lower()
            if xref != low:
                named.add(xref)
    only = set()
    for key in named:
        if key not in parents:
            continue
        seen = {key}  # (a parent that names itself is on no cycle)
        xref = parents[key][1].get("crossref", "").strip().lower()
        while xref and xref not in seen:
            seen.add(xref)
            parent = parents.get(xref)
            xref = parent[1].get("crossref", "").strip().lower() if parent is not None else ""
            if xref == key:
                break
        else:  # (the chain of parents ends, or loops elsewhere: not on a cycle)
            only.add(key)
    return parents, only


def read(path: str, ctx: ReadContext) -> Iterator[Record]:
    parents, parents_only = _crossref_parents(path, ctx)
    strings = {}
    found = 0
    entries = 0
    for line, etype, key, raw, bare in _blocks(path, ctx, strings, warn=True):
        entries += 1
        undefined: list[str] = []
        if bare is None:
            fields = {}
            for k, v in raw.items():  # evaluate(), without the call for a plain {value}
                if len(v) >= 2 and v[0] == "{" and v[-1] == "}" and "#" not in v:
                    fields[k] = v[1:-1]
                else:
                    fields[k] = evaluate(v, strings, undefined)
        else:
            fields = raw
            for k, v in bare:  # evaluate() of a one-word bare value (no "#", no whitespace)
                if v.isdigit():
                    fields[k] = v
                    continue
                low = v.lower()
                if low in strings:
                    fields[k] = strings[low]
                elif low in _MONTH_MACROS:
                    fields[k] = _MONTH_MACROS[low]
                else:
                    undefined.append(v)
                    fields[k] = v
        if undefined and any(k in raw for k in ("title", "author", "year")):
            ctx.warn(path, line, f"entry {key}: undefined macro(s) {', '.join(sorted(set(undefined)))} "
                     "kept as written")
        if parents_only and key.lower() in parents_only:
            continue  # a parent others crossref: its fields are theirs, it is no record itself
        xref = fields.get("crossref")
        if xref:
            xref = xref.strip().lower()
            seen = set()
        while xref and xref not in seen:
            seen.add(xref)
            parent = parents.get(xref)
            if parent is None:
                ctx.warn(path, line, f"entry {key}: crossref {xref!r} not found in the file")
                break
            ptype, pfields = parent
            for k, v in pfields.items():
                if k not in fields and k not in _NOT_INHERITED:
                    fields[k] = v
            if "booktitle" not in fields and pfields.get("title"):
                fields["booktitle"] = pfields["title"]
            xref = pfields.get("crossref", "").strip().lower()
        rec = _record(path, line, etype, key, fields, ctx)
        if rec is not None:
            found += 1
            yield rec
    if entries == 0:
        raise InputError(path, "no BibTeX entries found (expected @article{key, ...} blocks)", 1)


_YEAR_DATES: dict[tuple, tuple] = {}


def _year_date(year: str, month: str | None, day: str | None) -> tuple[int | None, str | None]:
    """(year, date) of the ``year``, ``month`` and ``day`` fields; (None, None) where ``year``
    holds no year."""
    m = _RX_YEAR.search(year)
    if not m:
        return None, None
    y = int(m.group(1))
    return y, iso_date(y, month_number(_latex(month)) if month else None, day)


def _record(path: str, line: int, etype: str, key: str, f: dict[str, str], ctx: ReadContext) -> Record | None:
    title = _latex(f.get("title", ""))
    if not title:
        ctx.skip(path, line, f"entry {key} has no title; skipped")
        return None
    authors, complete = parse_authors(f.get("author", ""), path, line, ctx, key)
    # ---- date
    year = None
    date = None
    if f.get("date"):
        m = _RX_DATE.match(f["date"])
        if m:
            year = int(m.group(1))
            date = iso_date(year, m.group(2), m.group(3))
    if year is None and f.get("year"):
        when = (f["year"], f.get("month"), f.get("day"))
        year_date = _YEAR_DATES.get(when)
        if year_date is None:  # (years and months recur)
            year_date = _year_date(*when)
            if len(_YEAR_DATES) < 4096:
                _YEAR_DATES[when] = year_date
        year, date = year_date
        if year is None:
            ctx.warn(path, line, f"entry {key}: year {f['year']!r} is not a year; left empty")
    # ---- identifiers
    ids: list[tuple[str, str]] = []
    doi = doi_from(f.get("doi")) or (doi_from(f.get("url")) if "doi.org" in f.get("url", "") else None)
    if doi:
        ids.append(("doi", _latex(doi).replace(" ", "")))
    elif f.get("doi", "").strip():
        ctx.warn(path, line, f"entry {key}: doi {f['doi'].strip()[:60]!r} is not a DOI (10.NNNN/...); left out")
    arx = None
    prefix = (f.get("archiveprefix") or f.get("eprinttype") or "").strip().lower()
    if f.get("eprint") and (prefix == "arxiv" or (not prefix and arxiv_from(f["eprint"]))):
        arx = arxiv_from(f["eprint"]) or (f["eprint"].strip() if prefix == "arxiv" else None)
    if arx is None and _latex(f.get("journal", "")).lower() == "corr" and f.get("volume"):
        arx = arxiv_from(f["volume"])
    if arx is None:
        for fld in ("url", "doi"):
            if "arxiv" in f.get(fld, "").lower():
                arx = arxiv_from(f[fld])
                if arx:
                    break
    if arx:
        ids.append(("arxiv", arx))
    if key.startswith("DBLP:"):
        ids.append(("dblp", key[5:]))
    elif "dblp.org/rec/" in f.get("biburl", ""):
        m = _RX_DBLP_REC.search(f["biburl"].strip())
        if m:
            ids.append(("dblp", m.group(1)))
    if f.get("pmid", "").strip().isdigit():
        ids.append(("pmid", f["pmid"].strip()))
    # ---- kind and venue
    kind = KINDS.get(etype, "misc")
    journal = _latex(f.get("journal") or f.get("journaltitle") or "")
    if kind == "article" and (journal.lower() in ("corr", "arxiv", "arxiv preprint")
                              or journal.lower().startswith("arxiv")):
        kind = "preprint"
    venue = journal or _latex(f.get("booktitle") or f.get("series") or "") or None
    insts = tuple(RawInstitution(_latex(f[k])) for k in ("school", "institution")
                  if f.get(k) and _latex(f[k]))
    topics = []
    kw = f.get("keywords") or f.get("keyword")
    if kw:
        seen = set()
        for k in _RX_KEYWORD_SEP.split(_latex(kw)):
            k = k.strip()
            if k and k.lower() not in seen:
                seen.add(k.lower())
                if _TOPIC_T is not None:  # _Topic(...), without its checks
                    t = _new(RawTopic)
                    _set(t, "__dict__", {**_TOPIC_T, "scheme": "keyword", "code": k.lower(), "label": k})
                    topics.append(t)
                else:
                    topics.append(_Topic(scheme="keyword", code=k.lower(), label=k))
    abstract = _latex(f["abstract"]) if f.get("abstract") else None
    if _RECORD_T is not None:  # _Record(...), without its checks
        r = _new(Record)
        _set(r, "__dict__", {
            **_RECORD_T, "source": path, "line": line, "title": title, "authors": tuple(authors),
            "authors_complete": complete, "date": date, "year": year, "ids": tuple(ids),
            "abstract": abstract or None, "venue": venue, "kind": kind, "topics": tuple(topics),
            "institutions": insts})
        return r
    return _Record(
        source=path, line=line, title=title, authors=tuple(authors), authors_complete=complete,
        date=date, year=year, ids=tuple(ids), abstract=abstract or None, venue=venue, kind=kind,
        topics=tuple(topics), institutions=insts,
    )
