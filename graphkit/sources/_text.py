"""Helpers shared by the bibliographic readers: LaTeX decoding, names, dates, identifiers,
streaming file access with a progress bar.

>>> latex_to_text(r"Herv{\\'{e}} Fournier, S{\\o}ren, Sch{\\"{o}}ning \\& Co --- {STOC}")
'Hervé Fournier, Søren, Schöning & Co — STOC'
>>> latex_to_text(r"Ili\\' c, \\emph{k}-SAT in $O(n)$")
'Ilić, k-SAT in O(n)'
>>> person_name("Kalbe, G.")
('G. Kalbe', 'G.', 'Kalbe')
>>> person_name("Ford, Jr., Henry")
('Henry Ford Jr.', 'Henry', 'Ford')
>>> iso_date(2019, "Feb", 3)
'2019-02-03'
>>> doi_from("https://doi.org/10.1145/3611094")
'10.1145/3611094'
>>> arxiv_from("https://arxiv.org/abs/2408.03465v2")
'2408.03465'
"""
from __future__ import annotations

import gzip
import io
import os
import re
import unicodedata
import zlib
from functools import lru_cache
from typing import Iterator

from ..errors import InputError
from ..ids import nfc
from ..progress import progress

LARGE_INPUT = 8 << 20  # bytes; bigger inputs get a progress bar (on a terminal)
NOT_UTF8 = ("not UTF-8 text (binary or another encoding); convert it first, e.g. "
            "iconv -f latin1 -t utf-8 FILE > FILE.utf8")

# ---------------------------------------------------------------- LaTeX
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
            "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
            "t": "\u0361"}
_NAMED = {"o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ",
          "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ",
          "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ", "Dj": "Đ", "textendash": "–",
          "textemdash": "—", "ldots": "…", "dots": "…", "textquoteright": "’",
          "textquoteleft": "‘", "copyright": "©", "textregistered": "®", "texttrademark": "™",
          "euro": "€", "pounds": "£", "S": "§", "P": "¶", "textdegree": "°", "ss{}": "ß",
          "LaTeX": "LaTeX", "TeX": "TeX", "i{}": "ı"}
_STYLE = ("emph", "textit", "textbf", "textsc", "texttt", "textrm", "textsf", "textup", "textsl",
          "textnormal", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathcal", "mathbb",
          "mbox", "hbox", "text", "url", "uppercase", "MakeUppercase", "NoCaseChange",
          "ensuremath", "protect", "bf", "it", "em", "sc", "tt", "rm", "sf", "small", "relax",
          "noopsort", "textsuperscript", "textsubscript")
_RX_SYM_ACCENT = re.compile(r"\\([`'^\"~=.])\s*(?:\{\s*(\\?[^\W\d_])\s*\}|(\\?[^\W\d_]))")
_RX_LET_ACCENT = re.compile(r"\\([uvHckrdbt])(?:\s*\{\s*(\\?[^\W\d_])\s*\}|\s+(\\?[^\W\d_]))")
_RX_NAMED = re.compile(r"\\(" + "|".join(sorted((re.escape(k) for k in _NAMED), key=len, reverse=True))
                       + r")(?![A-Za-z])\s?(?:\{\})?")
_RX_STYLE = re.compile(r"\\(?:" + "|".join(_STYLE) + r")(?![A-Za-z])\s*")
_RX_ESCAPED = re.compile(r"\\([&%$_#{}, ;!\-/@])")
# escaped characters wait in private-use code points until braces and math are gone
_ESC_OUT = {"&": "\ue000", "%": "\ue001", "$": "\ue002", "_": "\ue003", "#": "\ue004",
            "{": "\ue005", "}": "\ue006", ",": " ", " ": " ", ";": " ", "!": "", "-": "",
            "/": "", "@": ""}
_ESC_BACK = str.maketrans({"\ue000": "&", "\ue001": "%", "\ue002": "$", "\ue003": "_",
                           "\ue004": "#", "\ue005": "{", "\ue006": "}"})
_RX_MACRO = re.compile(r"\\([A-Za-z]+)")
_macro_cache: dict[str, str] = {}


@lru_cache(maxsize=None)
def _latex2text():
    """One pylatexenc converter for all macros (building one takes longer than converting)."""
    from pylatexenc.latex2text import LatexNodes2Text
    return LatexNodes2Text(math_mode="text")


# macros whose arguments are the text: the name alone is dropped (pylatexenc's text for the
# bare name is a "%s" template, and it logs "failed its substitution" on stderr)
_DROP_MACROS = frozenset((
    "overline", "underline", "widetilde", "widehat", "wideparen", "overrightarrow", "overleftarrow",
    "overleftrightarrow", "underrightarrow", "underleftarrow", "underleftrightarrow", "overbrace",
    "underbrace", "overbracket", "underbracket", "overgroup", "undergroup", "overlinesegment",
    "underlinesegment", "overleftharpoon", "overrightharpoon", "boldsymbol", "bm", "pmb",
    "operatorname", "mathring", "footnote", "textcolor", "colorbox", "fcolorbox", "href"))
_MACRO_TEXT = {"sqrt": "\u221a"}  # √
# \frac{a}{b} (also \frac12, \dfrac, \nicefrac...): "a/b"; an argument of more than one
# letter or digit in parentheses. Arguments: a group (holding groups one deep) or one character.
_ARG = r"\s*(\{(?:[^{}]|\{[^{}]*\})*\}|[^\s{}\\])"
_RX_FRAC = re.compile(r"\\(?:[dtc]?frac|nicefrac|textfrac|sfrac)(?![A-Za-z])" + _ARG + _ARG)
# arguments that are not text: a colour, a link target (kept: the text argument after them)
_RX_NOT_TEXT_ARG = re.compile(r"\\(?:textcolor|colorbox|href)\s*(?:\[[^\]{}]*\])?\s*\{[^{}]*\}"
                              r"|\\fcolorbox\s*\{[^{}]*\}\s*\{[^{}]*\}|\\sqrt\s*\[[^\]{}]*\]")


def _frac_arg(a: str) -> str:
    if a[0] == "{":
        a = a[1:-1].strip()
        if "frac" in a:  # (a fraction in a fraction)
            a = _arg_macros(a)
    core = a.replace("{", "").replace("}", "")
    return a if len(core) <= 1 or core.isalnum() else "(" + a + ")"


def _arg_macros(s: str) -> str:
    """``s`` with fractions written out and the arguments that are not text (colours, link
    targets, the degree of a root) left out; the remaining macros as they are."""
    if "frac" in s:
        s = _RX_FRAC.sub(lambda m: _frac_arg(m.group(1)) + "/" + _frac_arg(m.group(2)), s)
    if "color" in s or "href" in s or "sqrt" in s:
        s = _RX_NOT_TEXT_ARG.sub(lambda m: "\\sqrt" if m.group(0).startswith("\\sqrt") else "", s)
    return s


def _macro_text(name: str) -> str:
    """Text of the macro ``\\name`` alone, via pylatexenc (its log silenced): "" for a macro
    whose text is its arguments, the name itself for one pylatexenc cannot render."""
    if name in _DROP_MACROS:
        return ""
    if name in _MACRO_TEXT:
        return _MACRO_TEXT[name]
    import logging
    log = logging.getLogger("pylatexenc")
    level = log.level
    log.setLevel(logging.CRITICAL + 1)  # (pylatexenc logs a warning on stderr for some macros)
    try:
        out = _latex2text().latex_to_text("\\" + name).strip()
    except Exception:
        out = ""
    finally:
        log.setLevel(level)
    if "%" in out:  # a template for arguments ("%s/%s"): the arguments stay as text
        return ""
    return out or name


def _macro(m: re.Match) -> str:
    """Text of a remaining macro (math symbols and the like, via pylatexenc); an unknown
    macro keeps its letters, which is closer to the intended name than nothing; a macro whose
    arguments are its text (``\\overline{x}``) is left out, its arguments kept."""
    name = m.group(1)
    out = _macro_cache.get(name)
    if out is None:
        out = _macro_text(name)
        if len(_macro_cache) < 4096:
            _macro_cache[name] = out
    return out


def _accent(m: re.Match) -> str:
    base = m.group(2) or m.group(3)
    if base in ("\\i", "\\j", "ı", "ȷ"):
        base = "i" if base in ("\\i", "ı") else "j"
    elif base.startswith("\\"):
        base = _NAMED.get(base[1:], base[1:])
    return unicodedata.normalize("NFC", base + _ACCENTS[m.group(1)])


def latex_to_text(text: str) -> str:
    """Decode the LaTeX of a BibTeX-style value to plain text (accents, escapes, braces,
    dashes, style commands, inline math delimiters); whitespace collapsed, NFC."""
    if "\\" not in text and "{" not in text and "~" not in text and "--" not in text and "$" not in text:
        return nfc(text)
    if len(text) <= 160:  # names, venues, keywords recur: decode each spelling once
        return _latex_cached(text)
    return _latex_to_text(text)


def _latex_to_text(text: str) -> str:
    s = text
    if "\\" in s:
        if "\\(" in s or "\\)" in s:  # inline math \( ... \) (DBLP's titles), as $ ... $
            s = s.replace("\\(", "").replace("\\)", "")
        s = _RX_ESCAPED.sub(lambda m: _ESC_OUT[m.group(1)], s)
        s = _RX_SYM_ACCENT.sub(_accent, s)
        s = _RX_LET_ACCENT.sub(_accent, s)
        s = _RX_NAMED.sub(lambda m: _NAMED[m.group(1)], s)
        s = _RX_STYLE.sub("", s)
        s = s.replace("\\\\", " ")
        if "\\" in s:
            s = _RX_MACRO.sub(_macro, _arg_macros(s)).replace("\\", "")
    if "--" in s:
        s = s.replace("---", "—").replace("--", "–")
    s = s.replace("~", " ").replace("$", "").replace("{", "").replace("}", "")
    return nfc(s.translate(_ESC_BACK))


_latex_cached = lru_cache(maxsize=1 << 14)(_latex_to_text)


# ---------------------------------------------------------------- names
_JR = re.compile(r"^(jr\.?|sr\.?|ii|iii|iv|v)$", re.I)


# initials only ("J.", "J. C.", "J.-P.", "Ch."; the last dot may be missing after a letter
# alone: "M. B", "J"); the "Family, Initials" reading asks for surnames of one word, after
# lower-case particles ("van Schijndel")
_RX_INITIALS = re.compile(r"(?:[^\W\d_][a-z]?\.[\s\-]*)+(?:[^\W\d_](?![a-z]))?|[^\W\d_]")
_RX_SURNAME = re.compile(r"(?:[a-z']+\s+)*[^\W\d_][\w'’\-]*")


def pair_initials(names: list[str]) -> list[str] | None:
    """"Smith", "J.", "Doe", "M. B" -> "J. Smith", "M. B. Doe" when every other part is
    initials (capitals) and the parts between are surnames (one word, with a capital, not
    initials); None when the list does not alternate so."""
    fams, inits = names[::2], names[1::2]
    for init in inits:
        if not (_RX_INITIALS.fullmatch(init) and init[:1].isupper()):
            return None
    for fam in fams:
        if (not _RX_SURNAME.fullmatch(fam) or _RX_INITIALS.fullmatch(fam)
                or not fam.split()[-1][:1].isupper()):
            return None
    return [f"{i} {f}" if i[-1:] == "." else f"{i}. {f}" for f, i in zip(fams, inits)]


def placeholder_name(item: str) -> bool:
    """An author item that names nobody: text in square brackets (Scopus' "[No author name
    available]", Web of Science's "[Anonymous]") or "Anonymous"."""
    return ((item[:1] == "[" and item[-1:] == "]")
            or (item[:1] in "aA" and item.lower().rstrip(".") in ("anonymous", "anon")))


@lru_cache(maxsize=1 << 14)  # a pure function of the spelling; names recur in a bibliography
def person_name(raw: str) -> tuple[str, str | None, str | None]:
    """Display name ("Given Family"), given and family parts of a name written either as
    "Family, Given" (also "Family, Jr., Given" and "Family, Given, Jr.") or "Given Family";
    no name ("") for text without a letter ("[", "-")."""
    raw = nfc(raw).strip(" ,;")
    if not any(map(str.isalpha, raw)):
        return "", None, None
    if "," not in raw:
        parts = raw.split(" ")
        if len(parts) == 1:
            return raw, None, raw or None
        return raw, " ".join(parts[:-1]), parts[-1]
    family, _, given = raw.partition(",")
    if "," not in given:  # "Family, Given": the common case, without the general walk below
        family, given = family.strip(), given.strip()
        if family and given and not _JR.match(given):
            return f"{given} {family}", given, family
    bits = [b.strip() for b in raw.split(",")]
    bits = [b for b in bits if b]
    if not bits:
        return raw, None, None
    family = bits[0]
    rest = bits[1:]
    jr = [b for b in rest if _JR.match(b)]
    given = " ".join(b for b in rest if not _JR.match(b)) or None
    name = " ".join(x for x in (given, family, *jr) if x)
    return name, given, family


# ---------------------------------------------------------------- dates
MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
MONTHS.update({name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), 1)})
MONTHS["sept"] = 9


def month_number(value) -> int | None:
    """1..12 from "3", "03", "Mar", "march", "Mar." (None if not a month)."""
    if value is None:
        return None
    v = str(value).strip().rstrip(".").lower()
    if v.isdigit():
        n = int(v)
        return n if 1 <= n <= 12 else None
    return MONTHS.get(v) or (MONTHS.get(v[:3]) if v.isalpha() and len(v) >= 3 else None)


def iso_date(year, month=None, day=None) -> str | None:
    """ISO date at the precision given (YYYY, YYYY-MM or YYYY-MM-DD); None without a year."""
    try:
        y = int(year)
    except (TypeError, ValueError):
        return None
    m = month_number(month) if month is not None else None
    if m is None:
        return f"{y:04d}"
    try:
        d = int(day) if day not in (None, "") else None
    except ValueError:
        d = None
    if d is not None and 1 <= d <= 31:
        import datetime as _dt
        try:
            return _dt.date(y, m, d).isoformat()
        except ValueError:
            pass
    return f"{y:04d}-{m:02d}"


_RX_ISO = re.compile(r"^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?")


def parse_date(text) -> tuple[str | None, int | None]:
    """(ISO date, year) from "2019", "2019-03", "2019-03-07", "2019/03/07/", "2019//"."""
    if text is None:
        return None, None
    m = _RX_ISO.match(str(text))
    if not m:
        return None, None
    year = int(m.group(1))
    if not 1000 <= year <= 2999:
        return None, None
    return iso_date(year, m.group(2), m.group(3)), year


# ---------------------------------------------------------------- identifiers
_RX_DOI = re.compile(r"(10\.\d{4,9}/[^\s\"]+)", re.I)
# (not inside a longer number: no digit before it, nor a dot after a digit; "arXiv." may be)
_RX_ARXIV_NEW = re.compile(r"(?<!\d)(?<!\d\.)(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")
_RX_ARXIV_OLD = re.compile(r"([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")


def doi_from(text) -> str | None:
    """The DOI in a DOI, ``doi:`` string or doi.org URL (None if there is none). Angle
    brackets belong to a DOI in pairs (the SICI DOIs of older journals:
    ``10.1002/(SICI)1097-4636(199706)35:4<463::AID-JBM6>3.0.CO;2-A``), an unpaired one ends it
    (``<https://doi.org/10.1/x>``); a URL's percent-escapes are decoded; a closing parenthesis,
    dot, comma or semicolon at the end is punctuation around the DOI unless it closes a pair.

    >>> doi_from("https://doi.org/10.1002/(SICI)1097-4636(199706)35:4%3C463::AID-JBM6%3E3.0.CO;2-A")
    '10.1002/(SICI)1097-4636(199706)35:4<463::AID-JBM6>3.0.CO;2-A'
    >>> doi_from("(see <doi:10.1016/0001-8708(87)90005-X>).")
    '10.1016/0001-8708(87)90005-X'
    >>> doi_from("https://doi.org/10.1145%2F3394486.3403001")
    '10.1145/3394486.3403001'
    """
    if not text:
        return None
    text = str(text)
    m = _RX_DOI.search(text)
    if not m and "%2f" in text.lower():  # a doi.org URL with its slash escaped (Altmetric)
        from urllib.parse import unquote
        text = unquote(text)
        m = _RX_DOI.search(text)
    if not m:
        return None
    doi = m.group(1)
    if "%" in doi and (text[m.start() - 1:m.start()] == "/" or "%3c" in doi.lower()):  # (in a URL)
        from urllib.parse import unquote
        doi = unquote(doi)
    if "<" in doi or ">" in doi:
        depth = 0
        for i, ch in enumerate(doi):
            if ch == "<":
                depth += 1
            elif ch == ">":
                if depth == 0:
                    doi = doi[:i]
                    break
                depth -= 1
        if depth:  # an angle bracket never closed: the DOI ends before it
            doi = doi[:doi.index("<")] if doi.count("<") > doi.count(">") else doi
    while doi and (doi[-1] in ".,;" or (doi[-1] == ")" and doi.count(")") > doi.count("("))):
        doi = doi[:-1]
    return doi or None


def arxiv_from(text) -> str | None:
    """The arXiv id in an arXiv URL, ``arXiv:`` string, CoRR volume (``abs/2408.03465``) or an
    arXiv DOI (``10.48550/arXiv.2408.03465``).

    >>> [arxiv_from(t) for t in ("10.48550/arXiv.2408.03465", "https://doi.org/10.48550/arxiv.2408.03465v2",
    ...                          "arXiv:1706.03762", "https://arxiv.org/abs/hep-th/9711200", "v1.2345.6789")]
    ['2408.03465', '2408.03465', '1706.03762', 'hep-th/9711200', None]
    """
    if not text:
        return None
    t = str(text)
    low = t.lower()
    if "arxiv" not in low and not low.startswith("abs/") and not _RX_ARXIV_NEW.fullmatch(t.strip()):
        return None
    m = _RX_ARXIV_NEW.search(t) or _RX_ARXIV_OLD.search(t)
    return m.group(1) if m else None


# ---------------------------------------------------------------- files
class FileProgress:
    """A byte-count progress bar for one input file (shown for large inputs on a tty)."""

    def __init__(self, path: str, ctx, desc: str):
        try:
            self.size = os.path.getsize(path)
        except OSError:
            self.size = 0
        self.pos = 0
        self.bar = None
        if self.size >= LARGE_INPUT:
            self.bar = progress(total=self.size // 1000, desc=desc, unit="kB",
                                enabled=True if getattr(ctx, "progress", False) else None)

    def to(self, pos: int) -> None:
        if self.bar is not None and pos // 1000 > self.pos // 1000:
            self.bar.update(pos // 1000 - self.pos // 1000)
            self.pos = pos

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def open_binary(path: str):
    """The raw file object (for position tracking) and a reader of its (decompressed) bytes."""
    try:
        raw = open(path, "rb")
    except OSError as exc:
        raise InputError(path, f"cannot open: {exc.strerror or exc}") from None
    if path.lower().endswith(".gz"):
        return raw, gzip.GzipFile(fileobj=raw, mode="rb")
    return raw, raw


def iter_byte_lines(path: str, ctx, desc: str) -> Iterator[bytes]:
    """The lines of a (gzipped) file as bytes, without line ends, read in big chunks."""
    bar = FileProgress(path, ctx, desc)
    gz = path.lower().endswith(".gz")
    try:
        with open(path, "rb") as raw:
            dec = zlib.decompressobj(31) if gz else None
            rest = b""
            first = True
            while True:
                chunk = raw.read(1 << 20)
                if not chunk:
                    break
                if dec is not None:
                    try:
                        chunk = dec.decompress(chunk)
                        while dec.eof and dec.unused_data:  # concatenated gzip members
                            more = dec.unused_data
                            dec = zlib.decompressobj(31)
                            chunk += dec.decompress(more)
                    except zlib.error as exc:
                        raise InputError(path, f"not a readable gzip file ({exc})") from None
                if first:
                    first = False
                    if chunk.startswith(b"\xef\xbb\xbf"):
                        chunk = chunk[3:]
                buf = rest + chunk
                # each line found with find (memchr): split steps through every byte
                # (OpenAlex works take ~10 kB a line)
                find = buf.find
                start = 0
                end = find(b"\n")
                while end >= 0:
                    yield buf[start:end]
                    start = end + 1
                    end = find(b"\n", start)
                rest = buf[start:]
                bar.to(raw.tell())
            if dec is not None:
                rest += dec.flush()
            if rest:
                yield rest
    finally:
        bar.close()


def open_text(path: str) -> io.TextIOWrapper:
    """A text stream of a (gzipped) UTF-8 file (BOM dropped, universal newlines)."""
    raw, stream = open_binary(path)
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline=None)


TEXT_CHUNK = 1 << 20  # characters decoded at a time by iter_text_lines


def iter_text_lines(path: str, ctx, desc: str, keepends: bool = False) -> Iterator[tuple[int, str]]:
    """(1-based line number, line) of a UTF-8 text file (BOM dropped, CR/CRLF/LF accepted);
    an ``InputError`` naming the line for bytes that are not UTF-8 (see ``iter_text_batches``)."""
    for n, lines in iter_text_batches(path, ctx, desc, keepends):
        for line in lines:
            yield n, line
            n += 1


def iter_text_batches(path: str, ctx, desc: str, keepends: bool = False) -> Iterator[tuple[int, list[str]]]:
    """The lines of ``iter_text_lines`` in batches: (number of the first line, lines)."""
    for n, lines, ended in text_batches(path, ctx, desc):
        yield n, [line + "\n" for line in lines] if keepends and ended else lines


def text_batches(path: str, ctx, desc: str) -> Iterator[tuple[int, list[str], bool]]:
    """(number of the first line, lines without their line ends, whether they ended in one) of
    a UTF-8 text file: ``ended`` is False only for a last line without a line end.

    The text is decoded in big chunks and split at line feeds (the lines ``readline``
    gives); when a chunk cannot be read, the rest of the file is read line by line, so that
    the lines before the fault are still yielded and the error names its line."""
    bar = FileProgress(path, ctx, desc)
    raw, stream = open_binary(path)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline=None)
    n = 0
    rest = ""
    try:
        while True:
            try:
                chunk = text.read(TEXT_CHUNK)
            except (UnicodeDecodeError, OSError, EOFError, zlib.error):
                text.close()
                for m, line in _iter_text_lines_slow(path, n, True):
                    if line.endswith("\n"):
                        yield m, [line[:-1]], True
                    else:
                        yield m, [line], False
                return
            if not chunk:
                break
            lines = (rest + chunk).split("\n") if rest else chunk.split("\n")
            rest = lines.pop()
            if lines:
                yield n + 1, lines, True
                n += len(lines)
            bar.to(raw.tell())
        if rest:
            yield n + 1, [rest], False
    finally:
        bar.close()
        text.close()


def _fault_line(path: str) -> int | None:
    """The line (as ``iter_text_lines`` counts them) of the first bytes that are not UTF-8.
    A text stream decodes ahead of the line it returns (8 KB at a time), so its error can come
    lines early; here each line is decoded alone (no UTF-8 sequence holds a line feed)."""
    raw, stream = open_binary(path)
    n = 0
    try:
        for b in stream:  # split at b"\n"; a lone CR also ends a line in universal newlines
            try:
                b.decode("utf-8")
            except UnicodeDecodeError as exc:
                head = b[:exc.start]
                return n + 1 + head.count(b"\r") - head.count(b"\r\n")
            n += 1 + b.count(b"\r") - b.count(b"\r\n")
    except (OSError, EOFError, zlib.error):
        return None
    finally:
        raw.close()
    return None


def _iter_text_lines_slow(path: str, skip: int, keepends: bool) -> Iterator[tuple[int, str]]:
    """``iter_text_lines`` line by line, from line ``skip + 1``: finds the line of a fault."""
    raw, stream = open_binary(path)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline=None)
    n = 0
    try:
        while True:
            try:
                line = text.readline()
            except UnicodeDecodeError:
                raise InputError(path, NOT_UTF8, _fault_line(path) or n + 1) from None
            except (OSError, EOFError, zlib.error) as exc:
                raise InputError(path, f"cannot read ({exc})", n + 1) from None
            if not line:
                break
            n += 1
            if n > skip:
                yield n, (line if keepends else line.rstrip("\n"))
    finally:
        text.close()


# ---------------------------------------------------------------- JSON
try:  # optional: about 2x faster JSON parsing for big inputs
    from orjson import loads as json_loads, JSONDecodeError as _OrjsonError
    _JSON_ERRORS: tuple = (ValueError, _OrjsonError)
except ImportError:  # pragma: no cover - depends on the environment
    from json import loads as json_loads
    _JSON_ERRORS = (ValueError,)

_RX_SKIP = re.compile(r"[\s,]*")
JSON_CHUNK = 1 << 20  # characters read at a time from a JSON array


def _is_json_object(line: bytes) -> bool:
    """Whether ``line`` is a whole JSON object by itself (a JSON-lines record; no line of a
    pretty-printed document is)."""
    line = line.strip()
    if not (line.startswith(b"{") and line.endswith(b"}")):
        return False
    try:
        return isinstance(json_loads(line), dict)
    except _JSON_ERRORS:
        return False


class JsonItems:
    """Top-level JSON values of a file, streamed: the lines of a JSON-lines file, the
    elements of a top-level array, or the one document of a plain JSON file.

    Iterating yields ``(where, value, error)``: ``where`` is the line number (JSON lines,
    document) or the 1-based element index (array, ``unit == "record"``); ``error`` is a
    message for a line that is not valid JSON (``value`` is then None). A broken array or
    document raises ``InputError``.
    """

    def __init__(self, path: str, ctx, desc: str):
        self.path, self.ctx, self.desc = path, ctx, desc
        raw, stream = open_binary(path)
        try:
            head = stream.read(1 << 16)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(path, f"cannot read ({exc})") from None
        finally:
            raw.close()
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        self.first = text[:1]
        self.unit = "record" if self.first == b"[" else "line"
        self.mode = "array" if self.first == b"[" else "lines"
        if self.first == b"{":  # JSON lines, unless it is one (possibly pretty-printed) document
            first_line, _, rest = text.partition(b"\n")
            try:
                json_loads(first_line)
                if not rest.strip():
                    self.mode = "document"
            except _JSON_ERRORS:  # a broken first record, or the first line of a document
                # JSON lines: (nearly) every other line is an object; a document wrapped by
                # hand can have a few lines that are (a nested object without its comma)
                lines = [ln for ln in rest.split(b"\n")[:-1] if ln.strip()]
                objects = sum(1 for ln in lines if _is_json_object(ln))
                if not objects or objects * 2 < len(lines):
                    self.mode = "document"

    def __iter__(self):
        if self.mode == "array":
            yield from self._array()
        elif self.mode == "document":
            yield from self._document()
        else:
            yield from self._lines()

    def _lines(self):
        n = 0
        for line in iter_byte_lines(self.path, self.ctx, self.desc):
            n += 1
            if not line.strip():
                continue
            try:
                yield n, json_loads(line), None
            except _JSON_ERRORS as exc:
                yield n, None, f"not valid JSON ({str(exc).splitlines()[0][:80]})"

    def _document(self):
        with open_text(self.path) as fh:
            try:
                data = fh.read()
            except UnicodeDecodeError:
                raise InputError(self.path, NOT_UTF8) from None
        import json
        try:
            value = json.loads(data)
        except json.JSONDecodeError as exc:
            end = len(data.rstrip())
            if exc.pos >= end:  # cut short: name the last line there is, not the one after it
                raise InputError(self.path, f"not valid JSON: it ends before the value does ({exc.msg})",
                                 data.count("\n", 0, end) + 1) from None
            raise InputError(self.path, f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
        yield 1, value, None

    def _array(self):
        import json
        dec = json.JSONDecoder()
        bar = FileProgress(self.path, self.ctx, self.desc)
        raw, stream = open_binary(self.path)
        text = io.TextIOWrapper(stream, encoding="utf-8-sig")
        chunk = JSON_CHUNK

        def more() -> str:
            try:
                return text.read(chunk)
            except UnicodeDecodeError:
                raise InputError(self.path, NOT_UTF8, line) from None

        line = 1
        try:
            buf = more()
            pos = buf.index("[") + 1
            line += buf.count("\n", 0, pos)
            eof = False
            idx = 0
            while True:
                m = _RX_SKIP.match(buf, pos)
                line += buf.count("\n", pos, m.end())
                pos = m.end()
                if pos >= len(buf):
                    if eof:
                        raise InputError(self.path, "the JSON array is not closed (truncated file?)", line)
                    add = more()
                    eof = not add
                    buf, pos = buf[pos:] + add, 0
                    continue
                if buf[pos] == "]":
                    break
                try:
                    value, end = dec.raw_decode(buf, pos)
                except json.JSONDecodeError as exc:
                    if not eof:
                        add = more()
                        eof = not add
                        buf, pos = buf[pos:] + add, 0
                        continue
                    raise InputError(self.path, f"element {idx + 1} of the JSON array is not valid "
                                     f"JSON: {exc.msg}", line + buf.count("\n", pos, exc.pos)) from None
                idx += 1
                yield idx, value, None
                line += buf.count("\n", pos, end)
                pos = end
                if pos > chunk:
                    buf, pos = buf[pos:], 0
                    bar.to(raw.tell())
        finally:
            bar.close()
            text.close()


# ---------------------------------------------------------------- fast records
clean = nfc  # the readers' name for ``ids.nfc`` (NFC, BOM dropped, whitespace collapsed)


def field_template(cls) -> dict | None:
    """The field defaults a dataclass object's ``__dict__`` can be built from (``{**template,
    **values}``); None where it cannot (a default factory, or a slotted class)."""
    import dataclasses
    template = {}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            template[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
            return None
    if not hasattr(object.__new__(cls), "__dict__"):
        return None
    return template


def fast_factory(cls):
    """A constructor for a frozen dataclass that skips the per-field ``object.__setattr__``
    of the generated ``__init__`` (several times faster; same value, equality, hash and
    pickling). Keyword arguments only, for trusted callers: names are not checked."""
    import dataclasses
    fields = dataclasses.fields(cls)
    template = field_template(cls)
    if template is None:  # a default factory or a slotted class: the real constructor
        return lambda **kw: cls(**kw)
    new = object.__new__
    setattr_ = object.__setattr__
    names = frozenset(f.name for f in fields)
    required = names - template.keys()

    def make(**kw):
        keys = kw.keys()
        if not (keys >= required and keys <= names):
            return cls(**kw)  # a missing or unknown field: the real constructor says which
        obj = new(cls)
        setattr_(obj, "__dict__", {**template, **kw})
        return obj
    return make
