"""Author identity: which name occurrences are one person.

Rules, in order:

1. **Identifiers.** Occurrences sharing an ORCID, OpenAlex author id, DBLP person (name with
   homonym number) or Scopus author id are one person; two different ids of the same kind
   are never merged automatically.
2. **Curated decisions** (``decisions.yaml`` in the workspace, see ``load_decisions``) and a
   profile owner (one person across the profile's papers) are applied as must-links and
   cannot-links.
3. **Names**, in blocks of normalised family name + first initial (near-linear): occurrences
   of the same uncommon full name are one person; names shared by many people (``Wei Zhang``,
   initials only, a name twice on one paper) are grouped only through shared coauthors,
   institutions or the same paper. Then compatible variants in a block (initials vs given
   names, middle names present or absent, hyphens, accents and transliteration such as
   ``Müller``/``Mueller``, ``Deng, Zhaoxia``/``Zhaoxia Deng``, reversed order, suffixes) are
   scored: a name score plus evidence from shared coauthors, shared topics, overlapping years
   and shared institutions. Pairs at or above ``THRESHOLD`` merge, best first; below it the
   people stay apart, and a score in the doubt band (``DOUBT`` .. ``THRESHOLD``) or a name
   that fits several people marks them ambiguous instead of merging silently.

Every merge of name variants and every doubt is recorded as an ``Issue`` (kinds ``merge`` and
``ambiguous``) with its score and evidence; ``explain`` says for one name why variants were or
were not merged.

>>> parse_name("Deng, Zhaoxia").key_name == parse_name("Zhaoxia Deng").key_name
True
>>> compare_names(parse_name("E. K. Ardestani"), parse_name("Ehsan K. Ardestani"))[0]
'initials'
>>> compare_names(parse_name("Adina S. Wagner"), parse_name("Alexander Q. Wagner"))
(None, 0.0, 'first names differ (adina / alexander)')
"""
from __future__ import annotations

import datetime as _dt
import functools
import heapq
import itertools
import json
import math
import os
import pickle
import re
import signal
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import _gc
from . import ids as K
from .errors import AmbiguousError, GraphkitError, InputError, NotFoundError
from .model import Issue
from .resolve import AuthorResolution, Occurrence

__all__ = [
    "THRESHOLD", "DOUBT", "Name", "parse_name", "compare_names", "resolve_authors", "explain",
    "Decisions", "Decision", "Ref", "load_decisions", "save_decisions", "parse_note",
    "identity_rows", "decision_triples",
]

THRESHOLD = 1.0  # merge at or above this score
DOUBT = 0.0  # compatible names scoring in [DOUBT, THRESHOLD): kept apart, flagged ambiguous
NEAR_MISS = 0.5  # in a large collection, only pairs kept apart at this score or more get a note
MARGIN = 0.5  # a name that fits two people within this margin is not merged with either
EXACT_LINK = 0.5  # coauthor weight that links occurrences of a shared (common) name
ALL_PAIRS = 60  # blocks with at most this many clusters compare all pairs
PARALLEL_MIN = 50_000  # name occurrences from which the name blocks are resolved in several processes
MAX_JOBS = 4  # processes by default at most (each holds a copy of what its blocks touch)

# ---------------------------------------------------------------- names
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md"})
PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das",
                       "du", "le", "la", "ten", "ter", "zu", "bin", "ibn", "al", "el", "st", "y", "e"})
# Family names carried by so many people that the same full name is often two people.
HOMONYM_FAMILIES = frozenset("""
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang
xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei
su lu ding ren shen yao cui zhong tan lei fan fu jin fang shi hou qin bai xia kong qiu mao qian
yan gu kim lee park choi jung jeong kang cho yoon jang lim oh seo shin kwon hwang ahn yoo hong
nguyen tran le pham hoang phan vu vo dang bui do ho ngo duong ly singh kumar sharma patel gupta
""".split())
# Frequent family names: initials alone say little about who is meant.
FREQUENT_FAMILIES = HOMONYM_FAMILIES | frozenset("""
smith johnson williams brown jones miller davis garcia rodriguez martinez hernandez lopez
gonzalez wilson anderson taylor thomas moore martin jackson white harris clark lewis robinson
walker young allen king wright scott green baker adams nelson hill muller mueller schmidt
schneider fischer weber meyer wagner becker schulz hoffmann koch richter klein wolf schroder
neumann schwarz zimmermann braun kruger hofmann hartmann lange schmitt werner krause meier
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada
sasaki yamaguchi matsumoto inoue kimura hayashi shimizu rossi russo ferrari esposito bianchi
romano silva santos oliveira souza pereira costa rodrigues almeida ferreira shah reddy rao das
khan ali ahmed hassan mohamed ivanov smirnov kuznetsov popov petrov dubois bernard durand
""".split())

_ALT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                      "å": "aa", "Å": "Aa", "ø": "oe", "Ø": "Oe"})
_NONWORD = re.compile(r"[\W_]+")
_HYPHEN = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014]")
_SKEL = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("aa", "a"))


_ASCII_DROP = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum()) + "_")


def _clean(text: str) -> str:
    if text.isascii():
        return text.lower().translate(_ASCII_DROP)
    return _NONWORD.sub("", K.fold(text))


def _skeleton(token: str) -> str:
    for a, b in _SKEL:
        token = token.replace(a, b)
    return token


_FIRST_KEYS: dict = {}


class Name:
    """A parsed person name in comparison form (folded; labels keep the original).

    ``prefix``: given-name tokens then the leading parts of a compound family name (particles
    such as *van der* left out); abbreviations end with a dot (``"e."``, ``"ch."``).
    ``last``: the last family token; ``block``: family skeleton + first initial, the blocking
    key; ``form``: the whole name for exact comparison; ``key_name``: given + family (with
    particles), the text an author key is minted from.
    """

    __slots__ = ("prefix", "prefix_alt", "last", "last_alt", "block", "form", "key_name",
                 "reordered", "first_full", "skel", "_rev")

    def __init__(self, prefix, prefix_alt, last, last_alt, key_name, reordered=False):
        self.prefix = prefix
        self.prefix_alt = prefix_alt
        self.last = last
        self.last_alt = last_alt
        self.key_name = key_name
        self.reordered = reordered
        self.first_full = bool(prefix) and not prefix[0].endswith(".")
        self.skel = _skeleton(last)
        self.block = self.skel + "|" + (prefix[0][0] if prefix else "")
        self.form = " ".join(prefix + (last,))
        self._rev = 0

    def __repr__(self) -> str:
        return f"Name({self.form!r})"

    def reversed(self) -> "Name | None":
        """The name read the other way round (``Deng Zhaoxia`` for ``Zhaoxia Deng``), for
        two-word names written without a comma."""
        if self._rev != 0:
            return self._rev
        rev = None
        if len(self.prefix) == 1 and self.first_full and not self.reordered:
            alt_p = (self.last_alt,) if self.last_alt else None
            rev = Name((self.last,), alt_p, self.prefix[0],
                       self.prefix_alt[0] if self.prefix_alt else None, self.key_name, True)
        self._rev = rev
        return rev

    def first_keys(self) -> tuple[str, ...]:
        """Keys under which names that may share this first name meet ("" for an initial)."""
        keys = _FIRST_KEYS.get(self.form)
        if keys is not None and not self.reordered:
            return keys
        if not self.first_full:
            keys = ("",)
        else:
            p = self.prefix
            ks = {_skeleton(p[0]), _skeleton(self.prefix_alt[0]) if self.prefix_alt else _skeleton(p[0])}
            if len(p) > 1 and not p[1].endswith("."):
                ks.add(_skeleton(p[0] + p[1]))
            keys = tuple(sorted(ks))
        if not self.reordered:
            if len(_FIRST_KEYS) > 1 << 18:
                _FIRST_KEYS.clear()
            _FIRST_KEYS[self.form] = keys
        return keys


_DOT_SPLIT = re.compile(r"(?<=\.)(?=\S)")
_TRANSLIT_CHARS = frozenset("äöüÄÖÜåÅøØ")
_HYPHEN_CHARS = frozenset("-\u2010\u2011\u2012\u2013\u2014")


def _tokens(text: str, *, comma_form: bool) -> tuple[list[str], list[str]]:
    """Folded tokens and their transliterated alternatives of a given-name text."""
    toks, alts = [], []
    for word in text.split():
        if comma_form and 2 <= len(word) <= 3 and word.isalpha() and word.isupper():
            for ch in word:  # "Smith, JA": initials written together
                toks.append(_clean(ch) + ".")
                alts.append(toks[-1])
            continue
        pieces = _DOT_SPLIT.split(word) if "." in word[:-1] else (word,)  # "E.K." -> "E." "K."
        for piece in pieces:
            parts = _HYPHEN.split(piece) if not _HYPHEN_CHARS.isdisjoint(piece) else (piece,)
            for part in parts:
                c = _clean(part)
                if not c:
                    continue
                abbr = part.endswith(".") or len(c) == 1
                alt = c if part.isascii() or _TRANSLIT_CHARS.isdisjoint(part) else _clean(part.translate(_ALT))
                if abbr:
                    toks.append(c + ".")
                    alts.append(alt + ".")
                else:
                    toks.append(c)
                    alts.append(alt)
    return toks, alts


def _fast_parse(name: str) -> Name | None:
    """``parse_name`` for the common case: ASCII "Given [M.] Family" without commas, hyphens,
    particles or suffixes (None: use the general parser)."""
    words = name.split()
    if len(words) < 2 or len(words) > 4:
        return None
    last = words[-1]
    if not last.isalpha():
        return None
    last = last.lower()
    if last in SUFFIXES or last in PARTICLES:
        return None
    toks = []
    for w in words[:-1]:
        if w.isalpha():
            t = w.lower()
            if t in PARTICLES or t in SUFFIXES:
                return None
            if len(t) == 1:
                t += "."
        elif len(w) == 2 and w[1] == "." and w[0].isalpha():
            t = w[0].lower() + "."
        else:
            return None
        toks.append(t)
    prefix = tuple(toks)
    return Name(prefix, None, last, None, " ".join([t.rstrip(".") for t in toks] + [last]))


@functools.lru_cache(maxsize=1 << 18)
def parse_name(name: str, given: str | None = None, family: str | None = None) -> Name | None:
    """Parse a person name (``"Given Family"``, ``"Family, Given"`` or explicit parts).

    Returns None for a name without letters.

    >>> n = parse_name("Hao-Jun Michael Shi")
    >>> n.prefix, n.last, n.block
    (('hao', 'jun', 'michael'), 'shi', 'shi|h')
    >>> parse_name("Ludwig van Beethoven").key_name
    'ludwig van beethoven'
    >>> parse_name("Smith, John, Jr.").form
    'john smith'
    >>> parse_name("Helko Van den Brom").prefix
    ('helko',)
    """
    if given is None and family is None and name.isascii() and "," not in name:
        fast = _fast_parse(name)
        if fast is not None:
            return fast
    return _parse_name(name, given, family)


def _parse_name(name: str, given: str | None, family: str | None) -> Name | None:
    name = K.nfc(name or "")
    comma_form = False
    if family and K.nfc(family):
        fam_text, giv_text = K.nfc(family), K.nfc(given or "")
        comma_form = True
    elif "," in name:
        parts = [p.strip() for p in name.split(",") if p.strip()]
        parts = [p for p in parts if _clean(p) not in SUFFIXES] or parts
        if not parts:
            return None
        fam_text, giv_text = parts[0], " ".join(parts[1:])
        comma_form = True
    else:
        words = name.split()
        if len(words) > 1:
            words = [w for w in words if _clean(w) not in SUFFIXES] or words
        if not words:
            return None
        i = len(words) - 1
        while i > 1 and _clean(words[i - 1]) in PARTICLES and (
                words[i - 1].islower() or (i < len(words) - 1 and words[i].islower())):
            i -= 1  # "van der Berg"; a capital particle only before another ("Van den Brom")
        fam_text, giv_text = " ".join(words[i:]), " ".join(words[:i])
    if comma_form:
        # "Berg, Jan van der" (CSV and Scopus-like exports): trailing particles of the given
        # part belong to the family name, as in "Jan van der Berg"; a capital particle only
        # before another ("Berg, Jan Van der"; in "Berg, Jan Van", Van is a given name)
        gw = giv_text.split()
        j = len(gw)
        while j > 1 and _clean(gw[j - 1]) in PARTICLES and (
                gw[j - 1].islower() or (j < len(gw) and gw[j].islower())):
            j -= 1
        if j < len(gw):
            fam_text, giv_text = " ".join(gw[j:] + [fam_text]), " ".join(gw[:j])
    fam_words = [w for w in fam_text.split() if _clean(w) not in SUFFIXES] or fam_text.split()
    fam_all, fam_alt_all = _tokens(" ".join(fam_words).replace(".", " "), comma_form=False)
    fam_all = [t.rstrip(".") for t in fam_all]
    fam_alt_all = [t.rstrip(".") for t in fam_alt_all]
    g_toks, g_alts = _tokens(giv_text, comma_form=comma_form)
    if not fam_all:
        if not g_toks:
            return None
        fam_all, fam_alt_all = [g_toks.pop().rstrip(".")], [g_alts.pop().rstrip(".")]
    core = [(t, a) for t, a in zip(fam_all, fam_alt_all) if t not in PARTICLES] or \
        list(zip(fam_all, fam_alt_all))
    last, last_alt = core[-1]
    prefix = tuple(g_toks) + tuple(t for t, _ in core[:-1])
    prefix_alt = tuple(g_alts) + tuple(a for _, a in core[:-1])
    key_name = " ".join([t.rstrip(".") for t in g_toks] + fam_all)
    n = Name(prefix, prefix_alt if prefix_alt != prefix else None, last,
             last_alt if last_alt != last else None, key_name)
    return n


def _tok_match(a: str, b: str, a_alt: str, b_alt: str) -> str | None:
    """How two name tokens match: eq, alt (transliteration), abbr (abbreviation of the other),
    init (both abbreviated, compatible) or None."""
    if a == b:
        return "init" if a.endswith(".") else "eq"
    ad, bd = a.endswith("."), b.endswith(".")
    if ad or bd:
        pa, pb = (a[:-1] if ad else a), (b[:-1] if bd else b)
        if ad and bd:
            return "init" if (pa.startswith(pb) or pb.startswith(pa)) else None
        if ad:
            return "abbr" if pb.startswith(pa) else None
        return "abbr" if pa.startswith(pb) else None
    if a_alt == b or b_alt == a or (a_alt != a and a_alt == b_alt):
        return "alt"
    return None


RELATIONS = {
    # relation: (base score, common-name score, description)
    "exact": (1.2, 0.3, "same name"),
    "middle-initial": (0.8, 0.2, "middle name and its initial"),
    "middle": (0.5, -0.1, "middle name present/absent"),
    "initials-exact": (0.5, 0.0, "same initials"),
    "initials": (0.0, -0.6, "initials vs given names"),
    "initial-exact": (0.1, -0.3, "same single initial"),
}


def compare_names(a: Name, b: Name, common: float = 0.0) -> tuple[str | None, float, str]:
    """Whether two names (of one block) can be one person: ``(relation, name score, detail)``;
    relation is None when they cannot (e.g. different first names). ``common`` (0 to 1): how
    likely the name is shared by several people in the collection at hand."""
    common = float(common)
    fam = _tok_match(a.last, b.last, a.last_alt or a.last, b.last_alt or b.last)
    penalty, notes = 0.0, []
    if fam is None:
        if _skeleton(a.last) != _skeleton(b.last):
            return None, 0.0, f"family names differ ({a.last} / {b.last})"
        penalty += 0.3
        notes.append(f"family spelling {a.last}/{b.last}")
    elif fam == "alt":
        penalty += 0.1
        notes.append(f"transliteration {a.last}/{b.last}")
    p, q = list(a.prefix), list(b.prefix)
    pa, qa = list(a.prefix_alt or a.prefix), list(b.prefix_alt or b.prefix)
    if not p or not q:
        if not p and not q:
            return "exact", round(_base("exact", common) - penalty, 3), "same name"
        return None, 0.0, "one name has no given name"
    first = _tok_match(p[0], q[0], pa[0], qa[0])
    i = j = 1
    if first is None:  # hyphenated or joined given names: Hao-Jun / Haojun
        if len(p) > 1 and not p[0].endswith(".") and not p[1].endswith(".") and p[0] + p[1] == q[0]:
            first, i = "join", 2
        elif len(q) > 1 and not q[0].endswith(".") and not q[1].endswith(".") and q[0] + q[1] == p[0]:
            first, j = "join", 2
        else:
            return None, 0.0, f"first names differ ({p[0].rstrip('.')} / {q[0].rstrip('.')})"
    if first == "alt":
        penalty += 0.1
        notes.append("transliteration")
    elif first == "join":
        penalty += 0.1
        notes.append("joined/hyphenated given name")
    rest_p, rest_q = list(zip(p[i:], pa[i:])), list(zip(q[j:], qa[j:]))
    short, long_ = (rest_p, rest_q) if len(rest_p) <= len(rest_q) else (rest_q, rest_p)
    k = 0
    matched, extra_abbr_match = 0, 0
    for tok, alt in short:
        while k < len(long_):
            m = _tok_match(tok, long_[k][0], alt, long_[k][1])
            k += 1
            if m:
                matched += 1
                if m in ("abbr",):
                    extra_abbr_match += 1
                break
        else:
            return None, 0.0, f"middle names differ ({' '.join(t for t, _ in rest_p) or '-'} / " \
                              f"{' '.join(t for t, _ in rest_q) or '-'})"
    extra = len(long_) - len(short)
    if first in ("eq", "alt", "join"):
        rel = "exact" if extra == 0 and extra_abbr_match == 0 else (
            "middle-initial" if extra == 0 else "middle")
    elif first == "abbr":
        rel = "initials"
        if matched >= 1 and extra == 0:
            penalty -= 0.2
            notes.append("middle initials agree")
    else:  # both first names abbreviated
        rel = ("initials-exact" if len(p) > 1 else "initial-exact") if (extra == 0 and extra_abbr_match == 0
                                                                         and p == q) else "initials"
    if a.reordered or b.reordered:
        penalty += 0.4
        notes.append("name order reversed")
    detail = RELATIONS[rel][2] + (f" ({', '.join(notes)})" if notes else "")
    if common >= 0.05:
        detail += f"; common name ({common:.2f})"
    return rel, round(_base(rel, common) - penalty, 3), detail


def _base(rel: str, common: float) -> float:
    hi, lo, _ = RELATIONS[rel]
    return hi - (hi - lo) * common


# ---------------------------------------------------------------- decisions
@dataclass(frozen=True)
class Ref:
    """What a decision names: a person name, an author key, optionally limited to papers."""

    name: str | None = None
    key: str | None = None
    papers: tuple[str, ...] = ()

    def __str__(self) -> str:
        s = self.key or self.name or ""
        return s + (f" on {', '.join(self.papers)}" if self.papers else "")

    def to_yaml(self):
        if self.papers:
            return {"name": self.name, "papers": list(self.papers)} if self.name else \
                {"key": self.key, "papers": list(self.papers)}
        return self.key or self.name


@dataclass(frozen=True)
class Decision:
    kind: str  # "merge" or "split"
    refs: tuple[Ref, ...]
    label: str | None = None  # preferred display name (merge)
    note: str | None = None
    date: str | None = None
    line: int | None = None
    alias: bool = False  # written in the aliases section


@dataclass
class Decisions:
    """The curated identity decisions of a workspace (``decisions.yaml``)."""

    decisions: list[Decision] = field(default_factory=list)
    path: str | None = None

    @property
    def merges(self) -> list[Decision]:
        return [d for d in self.decisions if d.kind == "merge"]

    @property
    def splits(self) -> list[Decision]:
        return [d for d in self.decisions if d.kind == "split"]

    def __len__(self) -> int:
        return len(self.decisions)


DECISIONS_HEADER = """\
# Identity decisions for this graphkit workspace, replayed on every ingest.
# Edit by hand or with `graphkit merge A B` and `graphkit split NAME ...`.
#   merge:   each entry lists names (or author keys) of one person; label: preferred name
#   split:   names of different people; one name alone is kept apart from its variants;
#            with papers: that name on those papers is another person
#   aliases: "variant: canonical name" (a merge that also sets the label)
"""


def _ref_from(node, path, line) -> Ref:
    if isinstance(node, str) and node.strip():
        s = node.strip()
        return Ref(key=s) if s.startswith("author-") else Ref(name=s)
    if isinstance(node, dict):
        unknown = set(node) - {"name", "key", "papers"}
        if unknown:
            raise InputError(path, f"unknown field(s) {', '.join(sorted(map(str, unknown)))} in a "
                             "reference (use name, key, papers)", line)
        name, key, papers = node.get("name"), node.get("key"), node.get("papers") or []
        if isinstance(papers, str):
            papers = [papers]
        if not (isinstance(name, str) and name.strip()) and not (isinstance(key, str) and key.strip()):
            raise InputError(path, "a reference needs a name or a key", line)
        if not isinstance(papers, list) or not all(isinstance(p, str) and p for p in papers):
            raise InputError(path, "papers must be a list of paper keys", line)
        return Ref(name=name.strip() if isinstance(name, str) and name.strip() else None,
                   key=key.strip() if isinstance(key, str) and key.strip() else None,
                   papers=tuple(p.strip() for p in papers))
    raise InputError(path, f"expected a name, an author key or {{name, papers}}, found {node!r}", line)


def load_decisions(path) -> Decisions:
    """Read ``decisions.yaml``. Raises ``InputError`` naming the file and line for a
    malformed file.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "decisions.yaml")
    >>> _ = open(p, "w").write("merge:\\n- names: [Bita Rouhani, Bita Darvish Rouhani]\\n")
    >>> [str(r) for r in load_decisions(p).merges[0].refs]
    ['Bita Rouhani', 'Bita Darvish Rouhani']
    """
    import yaml
    path = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a decisions file") from None
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                         mark.line + 1 if mark else None) from None
    out = Decisions(path=path)
    if root is None:
        return out
    if not isinstance(root, yaml.MappingNode):
        raise InputError(path, "expected a mapping with merge:, split: and aliases:", root.start_mark.line + 1)
    loader = yaml.SafeLoader("")

    def value(node):
        return loader.construct_object(node, deep=True)

    for knode, vnode in root.value:
        section = knode.value
        line = knode.start_mark.line + 1
        if section == "version":
            if value(vnode) != 1:
                raise InputError(path, f"version {value(vnode)!r}: this graphkit reads version 1", line)
            continue
        if section not in ("merge", "split", "aliases"):
            raise InputError(path, f"unknown section {section!r} (use merge, split, aliases)", line)
        if section == "aliases":
            if isinstance(vnode, yaml.ScalarNode) and vnode.value in ("", "~", "null"):
                continue
            if not isinstance(vnode, yaml.MappingNode):
                raise InputError(path, "aliases: expected 'variant: canonical name' lines", line)
            for an, cn in vnode.value:
                ln = an.start_mark.line + 1
                a, c = value(an), value(cn)
                if not (isinstance(a, str) and a.strip() and isinstance(c, str) and c.strip()):
                    raise InputError(path, "an alias maps a name to a canonical name", ln)
                refs = (_ref_from(a, path, ln), _ref_from(c, path, ln))
                out.decisions.append(Decision("merge", refs, c.strip() if not c.startswith("author-") else None,
                                              line=ln, alias=True))
            continue
        if isinstance(vnode, yaml.ScalarNode) and vnode.value in ("", "~", "null"):
            continue
        if not isinstance(vnode, yaml.SequenceNode):
            raise InputError(path, f"{section}: expected a list of entries", line)
        for item in vnode.value:
            ln = item.start_mark.line + 1
            v = value(item)
            if isinstance(v, list):
                v = {"names": v}
            if not isinstance(v, dict):
                raise InputError(path, f"{section} entry: expected names: [...]", ln)
            unknown = set(v) - {"names", "papers", "label", "note", "date"}
            if unknown:
                raise InputError(path, f"{section} entry: unknown field(s) "
                                 f"{', '.join(sorted(map(str, unknown)))}", ln)
            names = v.get("names")
            if isinstance(names, str):
                names = [names]
            if not isinstance(names, list) or not names:
                raise InputError(path, f"{section} entry: names must be a non-empty list", ln)
            refs = [_ref_from(n, path, ln) for n in names]
            papers = v.get("papers")
            if papers:
                if isinstance(papers, str):
                    papers = [papers]
                if section != "split" or len(refs) != 1 or not isinstance(papers, list):
                    raise InputError(path, "papers: only in a split entry with one name", ln)
                refs = [Ref(refs[0].name, refs[0].key, tuple(str(p) for p in papers))]
            if section == "merge" and len(refs) < 2:
                raise InputError(path, "a merge entry needs at least two names", ln)
            label = v.get("label")
            date = v.get("date")
            out.decisions.append(Decision(section, tuple(refs),
                                          str(label) if label else None,
                                          str(v["note"]) if v.get("note") else None,
                                          date.isoformat() if hasattr(date, "isoformat") else (str(date) if date else None),
                                          ln))
    # a pair both merged and split cannot be honoured
    merged_pairs = {}
    for d in out.merges:
        for x in d.refs:
            for y in d.refs:
                if x != y:
                    merged_pairs[(x, y)] = d.line
    for d in out.splits:
        for x in d.refs:
            for y in d.refs:
                if x != y and (x, y) in merged_pairs:
                    raise InputError(path, f"{x} and {y} are both merged (line {merged_pairs[(x, y)]}) "
                                     f"and split (line {d.line}); remove one of the two", d.line)
        if len(d.refs) == 1 and not d.refs[0].papers:
            other = next(((y, ln) for (x, y), ln in merged_pairs.items() if x == d.refs[0]), None)
            if other:
                raise InputError(path, f"{d.refs[0]} is kept apart from its variants (line {d.line}) but "
                                 f"merged with {other[0]} (line {other[1]}); remove one of the two", d.line)
    return out


def save_decisions(decisions: Decisions, path) -> None:
    """Write ``decisions.yaml`` (atomically)."""
    import os

    import yaml
    merges = [d for d in decisions.decisions if d.kind == "merge" and not d.alias]
    aliases = [d for d in decisions.decisions if d.alias]
    splits = [d for d in decisions.decisions if d.kind == "split"]

    def entry(d):
        if d.kind == "split" and len(d.refs) == 1 and d.refs[0].papers:
            e = {"names": [d.refs[0].key or d.refs[0].name], "papers": list(d.refs[0].papers)}
        else:
            e = {"names": [r.to_yaml() for r in d.refs]}
        for k in ("label", "note", "date"):
            if getattr(d, k):
                e[k] = getattr(d, k)
        return e

    data = {"version": 1}
    if merges:
        data["merge"] = [entry(d) for d in merges]
    if splits:
        data["split"] = [entry(d) for d in splits]
    if aliases:
        data["aliases"] = {str(d.refs[0]): str(d.refs[1]) for d in aliases}
    text = DECISIONS_HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    tmp = str(path) + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


# ---------------------------------------------------------------- the resolver
class _Cluster:
    """Aggregated evidence of one tentative person."""

    __slots__ = ("occs", "forms", "names", "co", "topics", "ymin", "ymax", "insts", "papers",
                 "records", "ids", "tags", "version", "common", "frequent")

    def __init__(self):
        self.occs: list[int] = []
        self.forms: dict[str, Name] = {}
        self.names: dict = {}
        self.co: set = set()
        self.topics: set = set()
        self.ymin = self.ymax = None
        self.insts: set = set()
        self.papers: set = set()
        self.records: set = set()
        self.ids: dict = {}
        self.tags: set = set()
        self.version = 0
        self.common = 0.0  # how likely its names are shared by several people (0 to 1)
        self.frequent = False  # a frequent family name: initials say little


def _by_weight(t: tuple) -> tuple:
    """Sort key of (weight, coauthor key) pairs: strongest first, then by key."""
    return -t[0], t[1]


def _strongest(weights: list, keys, n: int = 5) -> list:
    """The first ``n`` of ``sorted(zip(weights, keys), key=_by_weight)`` (``keys`` distinct, in
    the order of ``weights``), without sorting them all: the pairs above the ``n``-th weight,
    then the first keys at it.

    >>> _strongest([0.5, 1.0, 0.5, 0.2, 1.0, 0.5, 0.5], ["e", "b", "a", "z", "c", "d", "f"])
    [(1.0, 'b'), (1.0, 'c'), (0.5, 'a'), (0.5, 'd'), (0.5, 'e')]
    """
    if len(weights) <= n:
        return sorted(zip(weights, keys), key=_by_weight)
    cut = sorted(weights, reverse=True)[n - 1]
    top = sorted([t for t in zip(weights, keys) if t[0] > cut], key=_by_weight)
    top += [(cut, k) for k in sorted([k for w, k in zip(weights, keys) if w == cut])[:n - len(top)]]
    return top


def _fmt_names(names) -> str:
    return json.dumps(names, ensure_ascii=False)


def _inst_key(inst) -> str:
    for k, v in inst.ids:
        if k in ("ror", "openalex") and v:
            return f"{k}:{K.normalize_id(k, str(v))}"
    return K.normalize_name(inst.name)


class _Resolver:
    """One resolution run (see ``resolve_authors``)."""

    def __init__(self, occurrences: list[Occurrence], decisions: Decisions | None, persons, trace=None,
                 threshold: float = THRESHOLD, source_ids: dict | None = None, jobs: int = 1):
        self.occ = occurrences
        self.jobs = jobs
        self._linklog: list | None = None  # merges made in a block, recorded by ``_run_blocks``
        self.parallel_stats: dict | None = None
        self.source_ids = source_ids or {}
        self.decisions = decisions or Decisions()
        self.persons = list(persons or ())
        self.trace = trace  # None or {"blocks": set, "events": list}
        self.threshold = threshold
        self.parent = list(range(len(occurrences)))
        self.members: dict[int, list[int]] = {}  # root -> occurrences (absent: just the root)
        self.features: dict[int, _Cluster] = {}
        self._version = 0
        self.notes: list[Issue] = []
        self.ambiguous: set = set()
        self.events: list = []  # (root, kind, name a, name b, detail): merges of different names
        self.doubts: list = []  # (root a, root b, score, relation, evidence)
        self.contested: list = []  # (root a, root b, rival root, score, rival score)
        self._block_display: dict | None = None
        self._cmp: dict = {}
        self.labels: dict = {}

    # ---- union-find over occurrences
    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def _next_version(self) -> int:
        self._version += 1
        return self._version

    def _link(self, a: int, b: int) -> int:
        if self._linklog is not None:  # a block's merges, to be replayed (``_run_blocks``)
            self._linklog.append((a, b))
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        lo, hi = (ra, rb) if ra < rb else (rb, ra)
        self.parent[hi] = lo
        ma, mb = self.members.pop(ra, None) or [ra], self.members.pop(rb, None) or [rb]
        if len(ma) < len(mb):
            ma, mb = mb, ma
        ma.extend(mb)
        self.members[lo] = ma
        fa, fb = self.features.pop(ra, None), self.features.pop(rb, None)
        if fa is not None and fb is not None:
            if len(fa.occs) < len(fb.occs):
                fa, fb = fb, fa
            fa.occs.extend(fb.occs)
            fa.forms.update(fb.forms)
            for k, v in fb.names.items():
                fa.names[k] = fa.names.get(k, 0) + v
            fa.co |= fb.co
            fa.co -= {n.block for n in fa.forms.values()}
            fa.topics |= fb.topics
            if fb.ymin is not None:
                fa.ymin = fb.ymin if fa.ymin is None else min(fa.ymin, fb.ymin)
                fa.ymax = fb.ymax if fa.ymax is None else max(fa.ymax, fb.ymax)
            fa.insts |= fb.insts
            fa.papers |= fb.papers
            fa.records |= fb.records
            for k, v in fb.ids.items():
                fa.ids[k] = fa.ids.get(k, frozenset()) | v
            fa.tags |= fb.tags
            fa.common = max(fa.common, fb.common)
            fa.frequent = fa.frequent or fb.frequent
            fa.version = self._next_version()
            self.features[lo] = fa
        return lo

    def group_of(self, root: int) -> list[int]:
        return self.members.get(root) or [root]

    # ---- preparation
    def prepare(self) -> None:
        occ = self.occ
        cache: dict = {}
        self.name = names = [None] * len(occ)
        rec_keys: dict[int, set] = {}
        rec_topics: dict[int, tuple] = {}
        display: dict[str, str] = {}
        blocks: dict[str, list[int]] = defaultdict(list)
        alt_blocks: dict[str, list[int]] = defaultdict(list)
        distinct: dict[int, Name] = {}
        for o in occ:
            a = o.author
            # a name without explicit parts (most occurrences) is its own key: no tuple to build
            ck = a.name if a.given is None and a.family is None else (a.name, a.given, a.family)
            n = cache.get(ck, 0)
            if n == 0:
                n = cache[ck] = parse_name(a.name, a.given, a.family)
                if n is not None:
                    distinct[id(n)] = n
            i = o.index
            names[i] = n
            rec = o.record
            if rec not in rec_topics:
                rec_topics[rec] = o.topics
                rec_keys[rec] = set()
            if n is not None:
                b = n.block
                rec_keys[rec].add(b)
                if b not in display:
                    display[b] = a.name
                blocks[b].append(i)
                r = n.reversed()
                if r is not None and r.block != b:
                    alt_blocks[r.block].append(i)
        self.blocks, self.alt_blocks, self._block_display = blocks, alt_blocks, display
        # coauthor keys (blocks) per record and their document frequency
        self.n_records = max(1, len(rec_topics))
        self.rec_keys = rec_keys
        # (one Counter over the chained keys: same counts as an update per record, less overhead)
        self.df = Counter(itertools.chain.from_iterable(rec_keys.values()))
        topic_df = Counter(itertools.chain.from_iterable(set(t) for t in rec_topics.values() if t))
        # topics on more than half of the records: sharing only these says less (``score``)
        self.broad_topics = {t for t, n in topic_df.items() if n > 0.5 * self.n_records}
        # how many different people a block key may stand for: its distinct first names
        firsts: dict[str, set] = defaultdict(set)
        block_firsts: dict[str, set] = defaultdict(set)
        forms = set()
        for n in distinct.values():
            forms.add(n.form)
            if n.first_full:
                firsts[n.skel].add(n.prefix[0])
                block_firsts[n.block].add(n.prefix[0])
        self.corpus_common = {f for f, s in firsts.items() if len(s) >= 40}
        self.corpus_frequent = {f for f, s in firsts.items() if len(s) >= 15}
        self.block_spread = {b: len(s) for b, s in block_firsts.items() if len(s) > 2}
        # collection size: a common name is more often two people in a bigger collection
        self.scale = min(1.0, max(0.0, math.log10(max(len(forms), 1) / 300) / 2))
        # a large collection (some 10,000 names and more): people are paired only through
        # shared evidence or a shared first name, as a name alone cannot merge them there
        self.lean = self.scale >= 0.75
        self._co_w: dict[str, float] = {}
        self._rec_ev: dict[int, tuple] = {}
        self._group_keys: dict | None = None
        # split decisions: tag the occurrences each reference selects
        self.tags: dict[int, set] = defaultdict(set)
        self.single_splits: set = set()
        for di, d in enumerate(self.decisions.splits):
            for ri, ref in enumerate(d.refs):
                sel = self.select(ref)
                if not sel:
                    self.notes.append(Issue("warning", f"decision splits {ref} but it names no author",
                                            self.decisions.path, d.line))
                for i in sel:
                    self.tags[i].add((di, ri))
            if len(d.refs) == 1 and d.refs[0].papers:
                # a name on some papers is another person than the same name on the rest: the
                # rest is the other side (variants of the name may join either side)
                ref = d.refs[0]
                for i in set(self.select(Ref(ref.name, ref.key))) - set(sel):
                    self.tags[i].add((di, 1))
            elif len(d.refs) == 1:  # a name kept apart from its variants
                self.single_splits.add(di)

    def group_keys(self) -> dict:
        """Keys each paper group may get (for decisions that name papers)."""
        if self._group_keys is None:
            from .resolve import _ids
            gk: dict = defaultdict(set)
            seen = set()
            for o in self.occ:
                if o.record in seen:
                    continue
                seen.add(o.record)
                ids = _ids(o.record_ids)
                keys = gk[self._paper(o)]
                keys.add(K.paper_key(ids, o.title, o.year))
                keys.update(K.paper_key({k: ids[k]}, o.title, o.year) for k in K.PAPER_ID_ORDER if k in ids)
                keys.add(K.paper_key({}, o.title, o.year))
            self._group_keys = gk
        return self._group_keys

    @staticmethod
    def _paper(o: Occurrence):
        return o.paper if o.paper >= 0 else ("r", o.record)

    def common(self, n: Name) -> float:
        """How likely a name of this family is shared by several people here (0 to 1): a
        family borne by very many people counts more the larger the collection."""
        if n.last in HOMONYM_FAMILIES or _skeleton(n.last) in self.corpus_common:
            return self.scale
        return 0.0

    def common_family(self, n: Name) -> bool:
        return n.last in HOMONYM_FAMILIES or _skeleton(n.last) in self.corpus_common

    def frequent(self, n: Name) -> bool:
        return n.last in FREQUENT_FAMILIES or _skeleton(n.last) in self.corpus_frequent

    def select(self, ref: Ref) -> list[int]:
        """Occurrences a decision reference names."""
        target = parse_name(ref.name) if ref.name else None
        tform = target.form if target else None
        tnorm = K.normalize_name(ref.name) if ref.name else None
        papers = set(ref.papers)
        out = []
        for o in self.occ:
            n = self.name[o.index]
            if ref.name is not None and not ((n is not None and n.form == tform)
                                             or K.normalize_name(o.author.name) == tnorm):
                continue
            if ref.key is not None and not self._key_matches(o, n, ref.key):
                continue
            if papers and not (self.group_keys()[self._paper(o)] & papers):
                continue
            out.append(o.index)
        return out

    @staticmethod
    def _key_matches(o: Occurrence, n: Name | None, key: str) -> bool:
        for kind, value in o.author.ids:
            if kind in K.AUTHOR_ID_ORDER and value and K.author_key({kind: str(value)}, "") == key:
                return True
        return K.author_key_from_name(o.author.name) == key or (
            n is not None and K.author_key_from_name(n.key_name) == key)

    # ---- evidence
    def feat(self, root: int) -> _Cluster:
        c = self.features.get(root)
        if c is not None:
            return c
        c = _Cluster()
        occ, names, rec_keys, tags = self.occ, self.name, self.rec_keys, self.tags
        for i in self.group_of(root):
            o = occ[i]
            c.occs.append(i)
            n = names[i]
            if n is not None:
                c.forms[n.form] = n
            nm = o.author.name
            c.names[nm] = c.names.get(nm, 0) + 1
            c.records.add(o.record)
            c.papers.add(o.paper if o.paper >= 0 else ("r", o.record))
            c.co |= rec_keys.get(o.record, ())
            c.topics.update(o.topics)
            if o.year is not None:
                c.ymin = o.year if c.ymin is None else min(c.ymin, o.year)
                c.ymax = o.year if c.ymax is None else max(c.ymax, o.year)
            for inst in o.author.affiliations:
                ik = _inst_key(inst)
                if ik:
                    c.insts.add(ik)
            for kind, value in o.author.ids:
                if kind in K.AUTHOR_ID_ORDER and value:
                    c.ids[kind] = c.ids.get(kind, frozenset()) | {K.normalize_id(kind, str(value))}
            if i in tags:
                c.tags |= tags[i]
        c.co -= {n.block for n in c.forms.values()}
        c.common = max((self.common(f) for f in c.forms.values()), default=0.0)
        c.frequent = any(self.frequent(f) for f in c.forms.values())
        c.version = self._next_version()
        self.features[root] = c
        return c

    def co_weight(self, key: str) -> float:
        """Evidence that sharing coauthor ``key`` gives: rarer keys say more; a key on most
        records (a profile's owner) or shared by many first names (``Wang Y.``) says little."""
        w = self._co_w.get(key)
        if w is None:
            df = self.df.get(key, 1)
            n = self.n_records
            w = min(1.0, 0.25 * math.log2(max(n, 1000) / df))
            if n >= 5 and df > 0.5 * n:
                w *= 0.2
            spread = self.block_spread.get(key, 1)
            if spread > 2:
                w *= math.sqrt(2 / spread)
            if key.split("|", 1)[0] in HOMONYM_FAMILIES:
                w *= 0.6
            w = self._co_w[key] = round(max(w, 0.0), 3)
        return w

    def conflict(self, x: _Cluster, y: _Cluster) -> str | None:
        """Why two clusters cannot be one person (None when they can)."""
        for kind, vals in x.ids.items():
            other = y.ids.get(kind)
            if other and not (vals & other):
                return f"different {kind} ids ({', '.join(sorted(vals))} / {', '.join(sorted(other))})"
        if not x.records.isdisjoint(y.records):
            return "both names on the same paper"
        if x.tags or y.tags:
            for di, ri in x.tags:
                for dj, rj in y.tags:
                    if di == dj and ri != rj:
                        return f"split by decision (line {self.decisions.splits[di].line})"
            for di in self.single_splits:
                if ((di, 0) in x.tags) != ((di, 0) in y.tags):
                    return f"split by decision (line {self.decisions.splits[di].line})"
        return None

    def names_fit(self, x: _Cluster, y: _Cluster, common: bool):
        """``(relation, name score, detail)`` of the best-fitting names of two clusters, or
        ``(None, 0, why)`` when any two of their names clash."""
        best = None
        cache = self._cmp
        for fa in x.forms.values():
            for fb in y.forms.values():
                ck = (fa.form, fb.form, common)
                res = cache.get(ck)
                if res is None:
                    res = compare_names(fa, fb, common)
                    if res[0] is None:
                        ra, rb = fa.reversed(), fb.reversed()
                        alt = None
                        if ra is not None and ra.block == fb.block:
                            alt = compare_names(ra, fb, common)
                        elif rb is not None and rb.block == fa.block:
                            alt = compare_names(fa, rb, common)
                        if alt is not None and alt[0] is not None:
                            res = alt
                    if len(cache) > 1 << 20:
                        cache.clear()
                    cache[ck] = res
                if res[0] is None:
                    return None, 0.0, res[2]
                if best is None or res[1] > best[1]:
                    best = res
        if best is None:
            return None, 0.0, "no parsed name"
        return best

    def score(self, x: _Cluster, y: _Cluster):
        """``(score, detail, evidence)`` for two clusters; score None when they cannot merge."""
        why = self.conflict(x, y)
        if why:
            return None, why, []
        common = x.common if x.common >= y.common else y.common
        rel, s, detail = self.names_fit(x, y, common)
        if rel is None:
            return None, f"names do not fit: {detail}", []
        if rel in ("initials", "initial-exact") and not common and (x.frequent or y.frequent):
            s -= 0.3
            detail += "; frequent family name"
        ev = []
        shared = x.co & y.co
        if shared:
            # the weights in one pass over the memo (big clusters share hundreds of keys, and a
            # pair is scored again after every merge); the five strongest in (weight desc, key)
            # order without sorting them all. The rounded total does not depend on the order
            # of the sum: each weight is rounded to 3 decimals, so the sum stays far from a
            # rounding boundary.
            cw = self._co_w
            try:
                weights = [cw[k] for k in shared]
            except KeyError:
                weights = [self.co_weight(k) for k in shared]
            total = round(min(2.0, sum(weights)), 3)
            if total > 0:
                s += total
                ev.append(("shared coauthors", total, _strongest(weights, shared)))
        if not x.papers.isdisjoint(y.papers):
            s += 3.0
            ev.append(("same paper in two sources", 3.0, []))
        if not x.insts.isdisjoint(y.insts):
            s += 0.8
            ev.append(("shared institutions", 0.8, sorted(x.insts & y.insts)[:3]))
        tshared = x.topics & y.topics
        if tshared:
            spec = self.n_records < 5 or not tshared.issubset(self.broad_topics)
            w = 0.3 if spec else 0.15
            s += w
            ev.append(("shared topics", w, sorted(tshared)[:3]))
        if x.ymin is not None and y.ymin is not None:
            gap = max(0, max(x.ymin, y.ymin) - min(x.ymax, y.ymax))
            w = 0.2 if gap <= 2 else (0.0 if gap <= 15 else (-0.5 if gap <= 30 else -1.5))
            if w:
                s += w
                ev.append(("years overlap" if gap == 0 else f"years {gap} apart", w,
                           [_span(x.ymin, x.ymax), _span(y.ymin, y.ymax)]))
        return round(s, 3), detail, ev

    def describe(self, ev) -> str:
        parts = []
        for label, w, items in ev:
            if label == "shared coauthors":
                parts.append(f"{label} {w:+.2f}: " + ", ".join(f"{self.display_key(k)} {wt:.2f}"
                                                               for wt, k in items))
            elif items:
                parts.append(f"{label} {w:+.2f}: {', '.join(map(str, items))}")
            else:
                parts.append(f"{label} {w:+.2f}")
        return "; ".join(parts) if parts else "no shared evidence"

    def display_key(self, block: str) -> str:
        """A name as written for a coauthor key (the first seen)."""
        return self._block_display.get(block, block)

    # ---- the stages
    def run(self) -> None:
        self.prepare()
        self._identifiers()
        self._must_links()
        blocks, alt_blocks = self.blocks, self.alt_blocks
        identified = {self.find(i) for i in self.id_occ}
        work = []  # the blocks where variants are scored: a name's block and its reversed name's
        for bkey in sorted(blocks.keys() | alt_blocks.keys()):
            idx = blocks.get(bkey, [])
            if bkey in alt_blocks:
                idx = idx + alt_blocks[bkey]
            if len(idx) > 1:
                work.append((bkey, idx))
        if self.jobs > 1 and self.trace is None and len(work) > 1:
            self._blocks_parallel(work, identified)
        else:
            self._run_blocks(work, range(len(work)), identified)
        self.finish()

    def _blocks_parallel(self, work: list, identified: set) -> None:
        """The same names (``_same_names``), then the variants (``_variants``) of every block
        of ``work``, the blocks shared out between ``jobs`` processes (this one and forked
        children). Blocks that share a person (names of one person in several blocks, a
        reversed name) stay together in one process, where they run in the usual order: each
        block sees what it would see in one process. The merges made in the children are then
        replayed here and every note put back in block order, so the outcome is that of one
        process. A child that fails, or cannot be forked, has its blocks run here."""
        find = self.find
        up = list(range(len(work)))  # union-find over block numbers

        def top(k):
            while up[k] != k:
                up[k] = up[up[k]]
                k = up[k]
            return k
        first: dict[int, int] = {}
        for k, (_, idx) in enumerate(work):
            for i in idx:
                j = first.setdefault(find(i), k)
                if j != k:
                    a, b = top(j), top(k)
                    if a != b:
                        up[max(a, b)] = min(a, b)
        comps: dict[int, list[int]] = defaultdict(list)
        for k in range(len(work)):
            comps[top(k)].append(k)
        # the comparisons in a block grow faster than its size: weigh a block by n ** 1.5
        cost = {c: sum(len(work[k][1]) ** 1.5 for k in ks) for c, ks in comps.items()}
        bins: list[list[int]] = [[] for _ in range(min(self.jobs, len(comps)))]
        load = [0.0] * len(bins)
        for c in sorted(comps, key=lambda c: (-cost[c], c)):
            b = load.index(min(load))
            bins[b].extend(comps[c])
            load[b] += cost[c]
        for b in bins:
            b.sort()
        # what happened, for the tests: blocks per process, blocks in components of several,
        # merges replayed from the children, children whose blocks ran here
        stats = self.parallel_stats = {"blocks": [len(b) for b in bins],
                                       "shared_blocks": sum(len(ks) for ks in comps.values() if len(ks) > 1),
                                       "replayed": 0, "failed": 0}
        n_ev, n_db, n_ct = len(self.events), len(self.doubts), len(self.contested)
        children = []
        here = [bins[0]]  # blocks this process runs: its own, and those of a child not forked
        logs: dict[int, tuple] = {}
        try:
            for b in bins[1:]:
                r, w = os.pipe()
                try:
                    pid = os.fork()
                except OSError:  # no memory or process left for a child: run its blocks here
                    os.close(r)
                    os.close(w)
                    stats["failed"] += 1
                    here.append(b)
                    continue
                if pid == 0:  # the child: its blocks, then what they did, down the pipe
                    status = 1
                    try:
                        os.close(r)
                        signal.signal(signal.SIGINT, signal.SIG_DFL)
                        data = pickle.dumps(self._run_blocks(work, b, identified), protocol=pickle.HIGHEST_PROTOCOL)
                        with os.fdopen(w, "wb") as fh:
                            fh.write(data)
                        status = 0
                    finally:
                        os._exit(status)
                os.close(w)
                children.append((pid, r, b))
            for b in here:
                logs.update(self._run_blocks(work, b, identified))
            while children:
                pid, r, b = children[0]
                with os.fdopen(r, "rb", closefd=False) as fh:
                    data = fh.read()
                _, status = os.waitpid(pid, 0)
                os.close(r)
                children.pop(0)
                if status == 0 and data:
                    done = pickle.loads(data)
                    for stage in (0, 1):  # the child's merges, in the order it made them
                        for k in sorted(done):
                            for a, c in done[k][stage]:
                                self._link(a, c)
                            stats["replayed"] += len(done[k][stage])
                    logs.update(done)
                else:  # the child failed (killed, out of memory): its blocks run here
                    stats["failed"] += 1
                    logs.update(self._run_blocks(work, b, identified))
        finally:
            for pid, r, _b in children:  # interrupted: stop and reap the children left
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except OSError:
                    pass
                os.close(r)
        del self.events[n_ev:], self.doubts[n_db:], self.contested[n_ct:]
        for k in range(len(work)):
            _, _, ev, db, ct = logs[k]
            self.events.extend(ev)
            self.doubts.extend(db)
            self.contested.extend(ct)

    def _run_blocks(self, work: list, numbers, identified: set) -> dict:
        """The same names, then the variants, of the blocks ``numbers`` of ``work`` (in
        order): all of them in one process, a share in each of several. For each block, the
        merges of each stage and the notes it added: ``{number: (same-name links, variant links, events, doubts,
        contested)}``."""
        out = {}
        blocks = self.blocks
        same: dict[int, list] = {}
        ev, db, ct = self.events, self.doubts, self.contested
        try:
            for k in numbers:
                bkey = work[k][0]
                self._linklog = same[k] = []
                idx = blocks.get(bkey, ())
                if len(idx) > 1:
                    self._same_names(bkey, idx, identified)
            self._linklog = None
            self.features.clear()
            for k in numbers:
                e0, d0, c0 = len(ev), len(db), len(ct)
                self._linklog = links = []
                self._variants(*work[k])
                out[k] = (same[k], links, ev[e0:], db[d0:], ct[c0:])
        finally:
            self._linklog = None
        return out

    def _identifiers(self) -> None:
        occ, names = self.occ, self.name
        first: dict = {}
        self.id_occ = []
        self.any_ids = False  # whether any occurrence states identifiers (of any kind)
        root_ids: dict[int, dict] = {}
        for o in occ:
            if not o.author.ids:
                continue
            self.any_ids = True
            ids = {}
            for k, v in o.author.ids:
                if k in K.AUTHOR_ID_ORDER and v and k not in ids:
                    ids[k] = K.normalize_id(k, str(v))
            if ids:
                self.id_occ.append(o.index)
                root_ids[o.index] = {k: {v} for k, v in ids.items()}
        for i in self.id_occ:
            for kind, v in list(_first_ids(occ[i])):
                j = first.setdefault((kind, v), i)
                ri, rj = self.find(i), self.find(j)
                if ri == rj:
                    continue
                a, b = root_ids[ri], root_ids[rj]
                clash = [k for k in a if k in b and not (a[k] & b[k])]
                if kind == "orcid":  # (claimed by the person: outranks ids a source assigned, such as
                    clash = [k for k in clash if k == "orcid"]  # OpenAlex's, which often split one)
                ta = set().union(*(self.tags.get(m, set()) for m in self.group_of(ri)))
                tb = set().union(*(self.tags.get(m, set()) for m in self.group_of(rj)))
                tag_clash = any(di == dj and r1 != r2 for di, r1 in ta for dj, r2 in tb)
                if clash or tag_clash:
                    why = "a split decision" if tag_clash else f"different {clash[0]} ids"
                    self.notes.append(Issue("warning", f"{kind} {v} is shared by names kept apart by {why} "
                                            f"({occ[j].author.name!r}, {occ[i].author.name!r})",
                                            occ[i].source or None, occ[i].line))
                    continue
                r = self._link(ri, rj)
                root_ids[r] = {k: a.get(k, set()) | b.get(k, set()) for k in set(a) | set(b)}
                if names[i] is not None and names[j] is not None and names[i].form != names[j].form:
                    self.events.append((r, "id", occ[j].author.name, occ[i].author.name, f"same {kind} {v}"))

    def _must_links(self) -> None:
        occ, names = self.occ, self.name
        fname = Path(self.decisions.path or "decisions.yaml").name
        for d in self.decisions.merges:
            sel = [self.select(r) for r in d.refs]
            missing = [str(r) for r, s in zip(d.refs, sel) if not s]
            if missing:
                self.notes.append(Issue("warning", f"decision merges {' + '.join(map(str, d.refs))} but "
                                        f"{', '.join(missing)} names no author", self.decisions.path, d.line))
            allsel = [i for s in sel for i in s]
            for i in allsel[1:]:
                if self.find(i) != self.find(allsel[0]):
                    r = self._link(i, allsel[0])
                    self.events.append((r, "decision", occ[allsel[0]].author.name, occ[i].author.name,
                                        f"decision in {fname}:{d.line}"))
        self.person_occ: dict[int, int] = {}
        if not self.persons:
            return
        by_source: dict[str, list[int]] = defaultdict(list)
        for o in occ:
            by_source[o.source].append(o.index)
        for fi, f in enumerate(self.persons):
            pn = parse_name(f.name)
            norm = K.normalize_name(f.name)
            hits = [i for i in by_source.get(f.source, ()) if
                    (pn is not None and names[i] is not None and names[i].form == pn.form)
                    or K.normalize_name(occ[i].author.name) == norm]
            for i in hits[1:]:
                ra, rb = self.find(i), self.find(hits[0])
                if ra != rb and not self.conflict(self.feat(ra), self.feat(rb)):
                    self._link(ra, rb)
            if hits:
                self.person_occ[fi] = hits[0]
        self.features.clear()

    def _same_names(self, bkey: str, idx: list[int], identified: set) -> None:
        """Occurrences of one exact name: one person when the name is uncommon; otherwise
        grouped through shared coauthors, institutions or the same paper only."""
        occ, names = self.occ, self.name
        by_form: dict[tuple, list[int]] = defaultdict(list)
        id_forms: dict[str, set] = defaultdict(set)
        tags, find, none = self.tags, self.find, frozenset()
        for i in idx:
            if identified:
                root = find(i)
                if root in identified:
                    id_forms[names[i].form].add(root)
                    continue
            by_form[(names[i].form, frozenset(tags[i]) if i in tags else none)].append(i)
        traced = self.trace is not None and bkey in self.trace["blocks"]
        groups = [(k, g) for k, g in by_form.items() if len(g) > 1]
        if len(groups) > 1:
            groups.sort(key=lambda x: (x[0][0], sorted(x[0][1])))
        for (form, _t), group in groups:
            n = names[group[0]]
            dup = len({occ[i].record for i in group}) < len(group)
            many_ids = len(id_forms.get(form, ())) >= 2
            if n.first_full and not self.common_family(n) and not dup and not many_ids:
                for i in group[1:]:
                    self._link(i, group[0])
                if traced:
                    self.trace["events"].append({
                        "stage": "same name", "a": occ[group[0]].author.name, "b": "", "score": None,
                        "names": "same name", "evidence": "",
                        "decision": f"{len(group)} occurrences of an uncommon name: one person"})
                continue
            # risky name: link only through strong evidence, never two occurrences of a record
            recs: dict[int, set] = {}

            def records_of(root):
                s = recs.get(root)
                if s is None:
                    s = recs[root] = {occ[m].record for m in self.group_of(root)}
                return s

            seen: dict = {}
            co_w = self._co_w
            for i in group:
                o = occ[i]
                links = [("p", self._paper(o))]
                # (the weights of a record's evidence keys are in the memo: read directly)
                links += [x for x in self._record_evidence(o.record) if x[1] != n.block
                          and co_w[x[1]] >= EXACT_LINK]
                links += [("i", _inst_key(inst)) for inst in o.author.affiliations]
                for link in links:
                    j = seen.setdefault(link, i)
                    ri, rj = self.find(i), self.find(j)
                    if ri == rj:
                        continue
                    a, b = records_of(ri), records_of(rj)
                    if not a.isdisjoint(b):
                        continue
                    r = self._link(ri, rj)
                    recs.pop(ri, None)
                    recs.pop(rj, None)
                    if len(a) < len(b):
                        a, b = b, a
                    a |= b  # in place: both sets were this cache's own, now merged
                    recs[r] = a
            if traced:
                parts = len({self.find(i) for i in group})
                why = ("initials only" if not n.first_full else "a common name" if self.common_family(n) else
                       "a name twice on one paper" if dup else "the name of several identified people")
                self.trace["events"].append({
                    "stage": "same name", "a": occ[group[0]].author.name, "b": "", "score": None,
                    "names": "same name", "evidence": "",
                    "decision": f"{len(group)} occurrences of {why}: grouped by shared coauthors, "
                                f"institutions or papers into {parts} people"})

    def _record_evidence(self, record: int) -> tuple:
        """Coauthor keys of a record worth pairing people on (weight 0.3 or more)."""
        ev = self._rec_ev.get(record)
        if ev is None:
            co_weight = self.co_weight
            # (a list comprehension, not a generator: faster for these few keys)
            ev = self._rec_ev[record] = tuple([("c", k) for k in self.rec_keys.get(record, ())
                                               if co_weight(k) >= 0.3])
        return ev

    def _evidence_keys(self, root: int) -> set:
        """What a person could share with another: coauthor keys worth something, own
        institutions, paper groups (for pairing in big blocks)."""
        occ, names = self.occ, self.name
        members = self.group_of(root)
        out = set()
        for i in members:
            o = occ[i]
            out.add(("p", o.paper if o.paper >= 0 else ("r", o.record)))
            out.update(self._record_evidence(o.record))
            for inst in o.author.affiliations:
                out.add(("i", _inst_key(inst)))
        for i in members:
            if names[i] is not None:
                out.discard(("c", names[i].block))
        return out

    def _candidate_pairs(self, bkey: str, roots: list[int], forms_of: dict) -> list[tuple[int, int]]:
        """Pairs worth scoring in a block: names that may share a first name (an initial meets
        every name). In a big block or a large collection, people of the same name, and an
        initial and a name, are paired only when they share some evidence."""
        by_first: dict[str, list[int]] = defaultdict(list)
        for r in roots:
            keys = set()
            for f in forms_of[r]:
                if f.block != bkey:
                    f = f.reversed()
                    if f is None or f.block != bkey:
                        continue
                keys.update(f.first_keys())
            for k in keys:
                by_first[k].append(r)
        initials = by_first.pop("", [])
        groups = [sorted(set(g)) for g in by_first.values() if len(g) > 1]
        if not groups and not initials:
            return []
        pairs: set = set()
        if not (len(roots) > ALL_PAIRS or self.lean):
            for g in groups:
                for a in range(len(g)):
                    for b in range(a + 1, len(g)):
                        pairs.add((g[a], g[b]))
            for i in initials:  # an initial may stand for any of the first names
                for r in roots:
                    if r != i:
                        pairs.add((i, r) if i < r else (r, i))
            return sorted(pairs)
        ekeys: dict[int, set] = {}

        def keys_of(r):
            k = ekeys.get(r)
            if k is None:
                k = ekeys[r] = self._evidence_keys(r)
            return k

        occ = self.occ
        for g in groups:
            if len(g) > 2000:
                continue
            index: dict = defaultdict(list)
            for r in g:
                for k in keys_of(r):
                    index[k].append(r)
            for members in index.values():
                if 1 < len(members) <= 2000:
                    for a in range(len(members)):
                        for b in range(a + 1, len(members)):
                            x, y = members[a], members[b]
                            pairs.add((x, y) if x < y else (y, x))
            if len(g) <= ALL_PAIRS:  # variants of a first name; a name and an identified person
                fs = [{f.form for f in forms_of[r]} for r in g]
                ided = [any(occ[i].author.ids for i in self.group_of(r)) for r in g] if self.any_ids \
                    else [False] * len(g)
                for a in range(len(g)):
                    for b in range(a + 1, len(g)):
                        if fs[a] != fs[b] or ided[a] != ided[b]:
                            pairs.add((g[a], g[b]))
        if initials:
            index = defaultdict(list)
            for i in initials:
                for k in keys_of(i):
                    index[k].append(i)
            for r in roots:
                for k in keys_of(r):
                    for i in index.get(k, ()):
                        if i != r:
                            pairs.add((i, r) if i < r else (r, i))
        return sorted(pairs)

    def _variants(self, bkey: str, idx: list[int]) -> None:
        """Score the compatible people of one block and merge the best pairs first."""
        find = self.find
        roots = {find(i) for i in idx}
        if len(roots) < 2:
            return
        roots = sorted(roots)
        traced = self.trace is not None and bkey in self.trace["blocks"]
        names = self.name
        forms_of = {}
        for r in roots:
            members = self.members.get(r)
            forms_of[r] = [names[r]] if members is None else list({names[i].form: names[i] for i in members
                                                                   if names[i] is not None}.values())
        heap: list = []
        partners: dict[int, set] = defaultdict(set)
        scores: dict = {}

        def consider(x, y):
            if x > y:
                x, y = y, x
            fx, fy = self.feat(x), self.feat(y)
            s, detail, ev = self.score(fx, fy)
            scores[(x, y)] = (s, detail, ev)
            if traced:
                self._trace_pair(x, y, s, detail, ev, "compared" if s is None or s >= DOUBT else
                                 "kept apart: the evidence speaks against it")
            if s is None:
                return
            partners[x].add(y)
            partners[y].add(x)
            if s >= DOUBT:
                heapq.heappush(heap, (-s, x, y, fx.version, fy.version))

        for a, b in self._candidate_pairs(bkey, roots, forms_of):
            consider(a, b)
        while heap:
            neg, a, b, va, vb = heapq.heappop(heap)
            if self.find(a) != a or self.find(b) != b:
                continue
            fa, fb = self.feat(a), self.feat(b)
            if fa.version != va or fb.version != vb:
                continue  # stale: re-scored when the cluster changed
            s = -neg
            _, detail, ev = scores[(a, b)]
            if s < self.threshold:
                if fa.forms.keys() != fb.forms.keys():  # the same name: a homonym note says it
                    self.doubts.append((a, b, s, detail, ev))
                if traced:
                    self._trace_pair(a, b, s, detail, ev, "kept apart, ambiguous: score below threshold")
                continue
            rival = self._rival(a, b, s, partners, scores)
            if rival is not None:
                rz, sz = rival
                self.contested.append((a, b, rz, s, sz))
                if traced:
                    self._trace_pair(a, b, s, detail, ev, f"kept apart, ambiguous: also fits "
                                     f"{self._label(self.feat(rz))} (score {sz:.2f})")
                continue
            event = None
            if fa.forms.keys() != fb.forms.keys():
                event = (self._label(fa), self._label(fb), f"{detail}; score {s:.2f} >= {self.threshold:.2f}; "
                         f"{self.describe(ev)}")
            if traced:
                self._trace_pair(a, b, s, detail, ev, "merged")
            r = self._link(a, b)
            if event is not None:
                self.events.append((r, "score") + event)
            others = (partners.pop(a, set()) | partners.pop(b, set())) - {a, b}
            for p in sorted({self.find(p) for p in others} - {r}):
                partners[p].discard(a)
                partners[p].discard(b)
                consider(r, p)

    def _rival(self, a, b, s, partners, scores):
        """Another person one side fits nearly as well, who cannot be the other side."""
        floor, near = self.threshold - MARGIN, s - MARGIN
        find = self.find
        for x, y in ((a, b), (b, a)):
            for z in partners.get(x, ()):  # cheapest tests first: people can have many partners
                sz = scores.get((x, z) if x < z else (z, x))
                if sz is None:
                    continue
                sz = sz[0]
                if sz is None or sz < floor or sz <= near or z == a or z == b or find(z) != z:
                    continue
                fy, fz = self.feat(y), self.feat(z)
                if self.conflict(fy, fz) or self.names_fit(fy, fz, False)[0] is None:
                    return z, sz
        return None

    def _label(self, c: _Cluster) -> str:
        return best_label(c.names)

    def _trace_pair(self, a, b, s, detail, ev, decision) -> None:
        fa, fb = self.feat(a), self.feat(b)
        self.trace["events"].append({
            "stage": "variants", "a": " | ".join(sorted(fa.names)), "b": " | ".join(sorted(fb.names)),
            "score": s, "names": detail if s is not None else "",
            "decision": decision if s is not None else f"kept apart: {detail}",
            "evidence": self.describe(ev) if s is not None else ""})

    # ---- keys, flags and notes
    def finish(self) -> None:
        occ, names = self.occ, self.name
        find = self.find
        root_of = [find(i) for i in range(len(occ))]
        groups: dict[int, list[int]] = {}
        for i, r in enumerate(root_of):
            g = groups.get(r)
            if g is None:
                groups[r] = [i]
            else:
                g.append(i)
        labels = [(d.label, K.normalize_name(d.label)) for d in self.decisions.merges if d.label]
        cand: dict[str, list[int]] = defaultdict(list)
        key_cache: dict[str, str] = {}
        for root, mem in groups.items():
            if len(mem) == 1 and not labels and not occ[root].author.ids:  # the common case
                n = names[root]
                label = n.key_name if n is not None else occ[root].author.name
                key = key_cache.get(label)
                if key is None:
                    key = key_cache[label] = K.author_key_from_name(label)
                cand[key].append(root)
                continue
            ids: dict[str, set] = {}
            if self.id_occ:  # (no occurrence with an author id: nothing to collect)
                for i in mem:
                    if occ[i].author.ids:
                        for kind, value in occ[i].author.ids:
                            if kind in K.AUTHOR_ID_ORDER and value:
                                ids.setdefault(kind, set()).add(K.normalize_id(kind, str(value)))
            if ids:
                kind = next(k for k in K.AUTHOR_ID_ORDER if k in ids)
                key = K.author_key({kind: sorted(ids[kind])[0]}, "")
            else:
                label = None
                if labels:
                    norms = {K.normalize_name(occ[i].author.name) for i in mem}
                    label = next((lab for lab, nl in labels if nl in norms), None)
                if label is None:
                    if len(mem) == 1:
                        label = names[root].key_name if names[root] is not None else occ[root].author.name
                    else:
                        forms = {names[i] for i in mem if names[i] is not None}
                        if forms:
                            best = min(forms, key=lambda n: (not n.first_full, -len(n.prefix),
                                                             -len(n.key_name), n.key_name))
                            label = best.key_name
                        else:
                            label = occ[root].author.name
                key = key_cache.get(label)
                if key is None:
                    key = key_cache[label] = K.author_key_from_name(label)
            cand[key].append(root)
        keys_of_root: dict[int, str] = {}
        taken = set(cand)
        for key, roots in cand.items():
            if len(roots) > 1:
                roots.sort(key=lambda r: (-len(groups[r]), self._anchor(groups[r])))
                for r in roots[1:]:
                    k = keys_of_root[r] = K.suffixed(key, self._anchor(groups[r]), taken)
                    taken.add(k)
            keys_of_root[roots[0]] = key
        self.keys = [keys_of_root[r] for r in root_of]
        self.labels = {}
        for root, mem in groups.items():
            if len(mem) > 1:
                counts: dict = {}
                for i in mem:
                    nm = occ[i].author.name
                    counts[nm] = counts.get(nm, 0) + 1
                if len(counts) > 1:
                    label = self._decision_label_of(counts) or best_label(counts)
                    self.labels[keys_of_root[root]] = label
        self.person_keys = {fi: self.keys[i] for fi, i in self.person_occ.items()}
        # one name, several people
        by_form: dict[str, set] = defaultdict(set)
        first_key: dict[str, str] = {}
        keys = self.keys
        for n, key in zip(names, keys):
            if n is not None:
                k = first_key.setdefault(n.form, key)
                if k != key:
                    by_form[n.form].add(key)
        form_name: dict[str, Counter] = defaultdict(Counter)
        if by_form:
            for i, n in enumerate(names):
                if n is not None and n.form in by_form:
                    by_form[n.form].add(keys[i])
                    form_name[n.form][occ[i].author.name] += 1
        for form in sorted(by_form):
            people = by_form[form]
            if len(people) > 1:
                self.ambiguous |= people
                name = sorted(form_name[form].items(), key=lambda t: (-t[1], t[0]))[0][0]
                self.notes.append(Issue("ambiguous", f"{_fmt_names(name)} is the name of {len(people)} "
                                        f"people kept apart: {', '.join(sorted(people))}"))
        self.features.clear()
        seen = set()

        label_cache: dict[int, str] = {}

        def label_of(root):  # once per person: a big person can be in thousands of notes
            label = label_cache.get(root)
            if label is None:
                counts: dict = {}
                for i in groups[root]:
                    nm = occ[i].author.name
                    counts[nm] = counts.get(nm, 0) + 1
                label = label_cache[root] = best_label(counts)
            return label

        near = NEAR_MISS if self.lean else DOUBT
        for ra, rb, s, detail, ev in self.doubts:
            ka, kb = keys_of_root[self.find(ra)], keys_of_root[self.find(rb)]
            if ka == kb or (ka, kb) in seen:
                continue
            seen.add((ka, kb))
            self.ambiguous |= {ka, kb}
            if s < near:
                continue  # flagged; in a large collection only near misses get a note
            na, nb = label_of(self.find(ra)), label_of(self.find(rb))
            self.notes.append(Issue("ambiguous", f"{ka}: not merged with {kb}: {_fmt_names(na)} and "
                                    f"{_fmt_names(nb)} ({detail}; score {s:.2f} < {self.threshold:.2f}; "
                                    f"{self.describe(ev)})"))
        for ra, rb, rz, s, sz in self.contested:
            keys = [keys_of_root[self.find(r)] for r in (ra, rb, rz)]
            # (one note per name and pair of people it fits, whichever order they came in)
            if len(set(keys)) < 3 or (keys[0], frozenset(keys[1:])) in seen:
                continue
            seen.add((keys[0], frozenset(keys[1:])))
            self.ambiguous |= set(keys)
            self.notes.append(Issue("ambiguous", f"{keys[0]}: not merged with {keys[1]} (score {s:.2f}) "
                                    f"nor {keys[2]} (score {sz:.2f}): "
                                    f"{_fmt_names(label_of(self.find(ra)))} fits both"))
        for root, kind, a, b, detail in self.events:
            key = keys_of_root[self.find(root)]
            if (key, a, b) in seen or a == b:
                continue
            seen.add((key, a, b))
            self.notes.append(Issue("merge", f"{key}: merged {_fmt_names(a)} and {_fmt_names(b)} ({detail})"))

    def _decision_label_of(self, counts: dict) -> str | None:
        for d in self.decisions.merges:
            if d.label:
                nl = K.normalize_name(d.label)
                for nm in counts:
                    if K.normalize_name(nm) == nl:
                        return nm
        return None

    def _anchor(self, mem: list[int]) -> str:
        """What tells apart people who share a key: where the first of their names was read
        (the source file by its content's id when known, so that the keys do not depend on
        the path the file was given by)."""
        o = self.occ[min(mem)]
        return f"{self.source_ids.get(o.source, o.source)}:{o.line}:{o.author.name}"


_QUOTES = str.maketrans("\u2018\u2019\u201a\u201b\u02bc", "'''''")  # (typographic apostrophes: no accent)


def best_label(counts: dict) -> str:
    """The display name of a person from its spellings (``{name: occurrences}``): the most
    complete name (full given names, most parts), then the most frequent spelling of it,
    "Given Family" before "Family, Given", then the spelling with accents (a source that
    strips them loses information; "José Núñez" before "Jose Nunez" when each is written as often).

    >>> best_label({"Rouhani, B. D.": 1, "Bita Rouhani": 1, "B. Rouhani": 3})
    'Bita Rouhani'
    >>> best_label({"Jose Nunez": 2, "José Núñez": 2}), best_label({"Ann D\u2019Aoust": 1, "Ann D'Aoust": 1})
    ('José Núñez', "Ann D'Aoust")
    >>> best_label({"Jean Pierre Dupont": 1, "Jean-Pierre Dupont": 1, "J.-P. Dupont": 3})
    'Jean-Pierre Dupont'

    """
    def rank(nm):
        n = parse_name(nm)
        # (a hyphenated given name counts its parts: "Jean-Pierre" is as complete as "Jean Pierre")
        full = sum(1 + t.count("-") for t in n.prefix if not t.endswith(".")) if n is not None else 0
        parts = sum(1 + t.count("-") for t in n.prefix) if n is not None else 0
        return (-(n is not None and n.first_full), -full, -parts, -counts[nm],
                "," in nm, nm.translate(_QUOTES).isascii(), -nm.count("-"), -len(nm), nm)
    return min(counts, key=rank)


def _first_ids(o: Occurrence):
    seen = set()
    for k, v in o.author.ids:
        if k in K.AUTHOR_ID_ORDER and v and k not in seen:
            seen.add(k)
            yield k, K.normalize_id(k, str(v))


def _span(a, b) -> str:
    return str(a) if a == b else f"{a}-{b}"


def default_jobs(n_occurrences: int) -> int:
    """Processes that resolve the name blocks of a collection of ``n_occurrences`` names:
    ``GRAPHKIT_JOBS`` when set, else one per usable core up to ``MAX_JOBS`` from
    ``PARALLEL_MIN`` occurrences on (smaller collections take longer to fork than to score),
    and one where processes cannot be forked. Who is who does not depend on it."""
    if not hasattr(os, "fork"):
        return 1
    env = os.environ.get("GRAPHKIT_JOBS", "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            raise GraphkitError(f"GRAPHKIT_JOBS must be a whole number, not {env!r}") from None
    if n_occurrences < PARALLEL_MIN:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(MAX_JOBS, cores))


def resolve_authors(occurrences: list[Occurrence], notes: list[Issue], *, decisions: Decisions | None = None,
                    persons=(), threshold: float = THRESHOLD, source_ids: dict | None = None,
                    jobs: int | None = None) -> AuthorResolution:
    """Author key of every occurrence (see the module docstring for the rules).

    Appends ``merge`` and ``ambiguous`` issues to ``notes``; returns an ``AuthorResolution``
    with the keys (indexed by ``Occurrence.index``), the ambiguous keys and the keys of
    ``persons`` (``PersonFacts``, e.g. a profile's owner). ``jobs``: processes that resolve
    the name blocks (``default_jobs`` when None); the outcome is the same for any number.
    """
    if jobs is None:
        jobs = default_jobs(len(occurrences))
    r = _Resolver(occurrences, decisions, persons, threshold=threshold, source_ids=source_ids,
                  jobs=jobs)
    with _gc.paused():
        r.run()
    notes.extend(r.notes)
    return AuthorResolution(r.keys, frozenset(r.ambiguous), r.person_keys, r.labels)


def explain(occurrences: list[Occurrence], name: str, *, decisions: Decisions | None = None,
            persons=(), threshold: float = THRESHOLD, source_ids: dict | None = None) -> dict:
    """Why the variants of ``name`` were or were not merged.

    Returns ``{"name", "people": [...], "steps": [...]}``: the people whose names are in the
    name's block (key, name, variants, papers, ambiguous) and every comparison made there
    (names, relation, score, decision, evidence). Raises ``NotFoundError`` when no occurrence
    is compatible with ``name``.
    """
    target = parse_name(name)
    if target is None:
        raise NotFoundError(f"{name!r} is not a person name")
    blocks = {target.block}
    rev = target.reversed()
    if rev is not None:
        blocks.add(rev.block)
    trace = {"blocks": blocks, "events": []}
    r = _Resolver(occurrences, decisions, persons, trace=trace, threshold=threshold,
                  source_ids=source_ids)
    r.run()
    in_block = [o for o in occurrences if r.name[o.index] is not None and r.name[o.index].block in blocks]
    related = set()
    for o in in_block:
        n = r.name[o.index]
        rel = compare_names(target, n)[0] or (compare_names(rev, n)[0] if rev is not None else None)
        if rel is not None:
            related.add(o.index)
    if not related:
        raise NotFoundError(f"no author named {name!r} (or a variant of it) in the workspace; "
                            "'graphkit identities' lists merges and ambiguous names")
    people: dict[str, dict] = {}
    for o in in_block:
        key = r.keys[o.index]
        p = people.setdefault(key, {"names": Counter(), "papers": set(), "years": set(),
                                    "related": False})
        p["names"][o.author.name] += 1
        p["papers"].add(r._paper(o))
        if o.year:
            p["years"].add(o.year)
        if o.index in related:
            p["related"] = True
    rows = []
    for key in sorted(people, key=lambda k: (not people[k]["related"], k)):
        p = people[key]
        yrs = sorted(p["years"])
        rows.append({"author": key,
                     "name": best_label(p["names"]),  # as the person is labelled elsewhere
                     "names": sorted(p["names"]), "papers": len(p["papers"]),
                     "years": _span(yrs[0], yrs[-1]) if yrs else "", "ambiguous": key in r.ambiguous,
                     "variant": p["related"]})
    events = trace["events"]
    last: dict = {}
    for e in events:
        last[(e["a"], e["b"])] = e
    steps = list(last.values())
    for row in rows:  # people of the block whose names cannot be NAME
        if row["variant"]:
            continue
        n = parse_name(row["name"])
        why = compare_names(target, n)[2] if n is not None else "no parsed name"
        steps.append({"stage": "names", "a": name, "b": " | ".join(row["names"]), "score": None, "names": "",
                      "decision": f"kept apart: names do not fit: {why}", "evidence": ""})
    return {"name": name, "block": sorted(blocks), "threshold": threshold, "doubt": DOUBT,
            "people": rows, "steps": steps}


# ---------------------------------------------------------------- reports
_NOTE_MERGE = re.compile(r'^(?P<key>\S+): merged (?P<a>"(?:[^"\\]|\\.)*") and (?P<b>"(?:[^"\\]|\\.)*") '
                         r'\((?P<detail>.*)\)$')
_NOTE_HOMONYM = re.compile(r'^(?P<a>"(?:[^"\\]|\\.)*") is the name of (?P<n>\d+) people kept apart: (?P<keys>.*)$')
_NOTE_DOUBT = re.compile(r'^(?P<key>\S+): not merged with (?P<other>\S+?)(?: \(score [^)]*\))?(?: nor (?P<third>\S+)'
                         r' \(score [^)]*\))?: (?P<rest>.*)$')
_SCORE = re.compile(r"score (-?\d+\.\d+)")


def parse_note(issue: Issue) -> dict | None:
    """A ``merge`` or ``ambiguous`` issue written by the resolver, as a row
    (status, author, name, other, score, detail); None for other issues."""
    msg = issue.message
    if issue.kind == "merge":
        m = _NOTE_MERGE.match(msg)
        if not m:
            return None
        sc = _SCORE.search(m["detail"])
        return {"status": "merged", "author": m["key"], "name": json.loads(m["a"]), "other": json.loads(m["b"]),
                "score": float(sc.group(1)) if sc else None, "detail": m["detail"]}
    if issue.kind == "ambiguous":
        m = _NOTE_HOMONYM.match(msg)
        if m:
            return {"status": "homonyms", "author": m["keys"], "name": json.loads(m["a"]), "other": "",
                    "score": None, "detail": f"{m['n']} people share this name"}
        m = _NOTE_DOUBT.match(msg)
        if m:
            names = re.findall(r'"(?:[^"\\]|\\.)*"', m["rest"])
            sc = _SCORE.search(m["rest"])
            other = m["other"] + (f", {m['third']}" if m["third"] else "")
            return {"status": "kept apart", "author": m["key"], "name": json.loads(names[0]) if names else "",
                    "other": f"{json.loads(names[1])} ({other})" if len(names) > 1 else other,
                    "score": float(sc.group(1)) if sc else None, "detail": m["rest"]}
    return None


def identity_rows(corpus, decisions: Decisions | None = None) -> list[dict]:
    """Rows for ``graphkit identities``: merges with score and evidence, ambiguous names,
    curated decisions."""
    rows = []
    for i in corpus.issues:
        r = parse_note(i)
        if r is not None:
            rows.append(r)
    order = {"decision": 0, "merged": 1, "kept apart": 2, "homonyms": 3}
    if decisions:
        for d in decisions.decisions:
            rows.append({"status": "decision", "author": "", "name": " + ".join(str(r) for r in d.refs),
                         "other": d.kind + (" (alias)" if d.alias else ""), "score": None,
                         "detail": f"{Path(decisions.path or 'decisions.yaml').name}:{d.line}"
                                   + (f"; {d.note}" if d.note else "")})
    rows.sort(key=lambda r: (order.get(r["status"], 9), r["author"], r["name"], str(r["other"])))
    return rows


# ---------------------------------------------------------------- RDF
def decision_triples(decisions: Decisions, corpus=None) -> list[str]:
    """N-Triples lines describing the decisions (``gk:IdentityDecision``, a ``prov:Activity``)
    with the names and papers they refer to, their file line and date, and the people they
    concern in ``corpus`` (as resolved when written)."""
    from .rdf.convert import lit
    from .rdf.vocab import GK, PROV, RDF, RDFS, XSD
    out = []
    by_name: dict[str, set] = defaultdict(set)
    if corpus is not None:
        for a in corpus.authors.values():
            for nm in (a.name,) + tuple(a.variants):
                by_name[K.normalize_name(nm)].add(a.key)
        for s in corpus.authorships:
            by_name[K.normalize_name(s.name)].add(s.author)
    for n, d in enumerate(decisions.decisions, start=1):
        ident = K.digest(json.dumps([d.kind, [str(r) for r in d.refs], d.line, d.date], ensure_ascii=False), 16)
        s = f"<{K.iri('decision-' + ident)}>"
        out.append(f"{s} <{RDF}type> <{GK}IdentityDecision> .")
        out.append(f"{s} <{RDF}type> <{PROV}Activity> .")
        out.append(f"{s} <{GK}decisionKind> {lit(d.kind)} .")
        out.append(f"{s} <{GK}decisionFile> {lit(Path(decisions.path or 'decisions.yaml').name)} .")
        if d.line:
            out.append(f"{s} <{GK}sourceLine> {lit(d.line)} .")
        if d.label:
            out.append(f"{s} <{GK}preferredName> {lit(d.label)} .")
        if d.note:
            out.append(f"{s} <{RDFS}comment> {lit(d.note)} .")
        if d.date:
            dt = d.date if "T" in d.date else d.date + "T00:00:00"
            out.append(f"{s} <{PROV}endedAtTime> {lit(dt, XSD + 'dateTime')} .")
        for r in d.refs:
            if r.name:
                out.append(f"{s} <{GK}nameReference> {lit(r.name)} .")
            if r.key:
                out.append(f"{s} <{GK}authorReference> <{K.iri(r.key)}> .")
            for p in r.papers:
                out.append(f"{s} <{GK}paperReference> <{K.iri(p)}> .")
            if corpus is not None:
                hits = set()
                if r.key and r.key in corpus.authors:
                    hits.add(r.key)
                if r.name:
                    hits |= by_name.get(K.normalize_name(r.name), set())
                if r.papers:
                    on = {s_.author for s_ in corpus.authorships if s_.paper in r.papers}
                    hits &= on
                for h in sorted(hits):
                    out.append(f"{s} <{GK}concerns> <{K.iri(h)}> .")
    return sorted(set(out))


# ---------------------------------------------------------------- workspace helpers
def workspace_records(ws):
    """The stored raw records and person facts of a workspace (what ingest replays)."""
    import pickle
    if getattr(ws, "remote", False) or not hasattr(ws, "path"):
        raise GraphkitError("identity commands need a local workspace (not a SPARQL endpoint)")
    from .model import PersonFacts
    records, facts = [], []
    for s in ws.manifest.get("sources", []):
        p = Path(ws.path) / "sources" / f"{s['id']}.pickle"
        try:
            with open(p, "rb") as fh:
                items, _ = pickle.load(fh)
        except OSError as exc:
            raise GraphkitError(f"workspace {ws.path} is damaged: cannot read {p.name} ({exc})") from None
        for it in items:
            (facts if isinstance(it, PersonFacts) else records).append(it)
    return records, facts


def workspace_explain(ws, name: str) -> dict:
    """``explain`` for a workspace's stored records and decisions; ``name`` may be an author
    key (the person's name is explained)."""
    from .resolve import build_occurrences
    if name.startswith("author-"):
        name = _find_author(ws.corpus(), name)[0].name
    records, facts = workspace_records(ws)
    occ = build_occurrences(records)
    from .rdf.store import source_ids

    def run(n):
        return explain(occ, n, decisions=ws.decisions(), persons=facts,
                       source_ids=source_ids(ws.manifest.get("sources", [])))
    try:
        return run(name)
    except NotFoundError:
        # part of a name ("naumov"), as the analysis commands take it, when one person fits
        from .analysis.collaboration import find_author
        try:
            key = find_author(ws.corpus(), name)
        except GraphkitError:
            raise NotFoundError(f"no author named {name!r} (or a variant of it) in the workspace; "
                                "'graphkit identities' lists merges and ambiguous names") from None
        return run(ws.corpus().authors[key].name)


def decisions_path(ws) -> Path:
    return Path(ws.path) / "decisions.yaml"


def _find_author(corpus, ref: str):
    """Authors a CLI argument names: an author key, or a name (label or variant)."""
    if ref.startswith("author-"):
        a = corpus.authors.get(ref)
        if a is None:
            raise NotFoundError(f"no author with key {ref!r}; 'graphkit identities' or "
                                "'graphkit export' show author keys")
        return [a]
    target = parse_name(ref)
    norm = K.normalize_name(ref)
    hits = []
    for a in corpus.authors.values():
        for nm in (a.name,) + tuple(a.variants):
            pn = parse_name(nm)
            if K.normalize_name(nm) == norm or (pn is not None and target is not None and pn.form == target.form):
                hits.append(a)
                break
    if not hits:
        raise NotFoundError(f"no author named {ref!r} in the workspace "
                            "('graphkit identities --explain NAME' shows similar names)")
    return hits


def _ref_for(corpus, arg: str, *, one: bool = False) -> Ref:
    """The decision reference of a CLI argument; with ``one``, a name that several people
    bear is refused (``AmbiguousError``: a merge of it would join them all)."""
    authors = _find_author(corpus, arg)
    if not arg.startswith("author-"):
        if one and len({a.key for a in authors}) > 1:
            listed = ", ".join(f"{a.key} ({a.name}, {_years_of(corpus, a.key)})" for a in authors[:8])
            raise AmbiguousError(f"{arg!r} names {len(authors)} people: {listed}; give the author key "
                                 "of the one you mean", [a.key for a in authors])
        return Ref(name=arg)
    a = authors[0]
    if not a.key_from_name:
        return Ref(key=a.key)
    base = K.author_key_from_name(a.name)
    namesakes = any(b.key != a.key and b.key_from_name and K.author_key_from_name(b.name) == base
                    for b in corpus.authors.values())
    # a key in a decision selects every occurrence whose name gives it (``_Resolver.select``):
    # where another person was written so too (Jane Smith's "Smith, J." beside author-j-smith),
    # the key would take their occurrences along
    namesakes = namesakes or any(b.key != a.key and a.key in _name_keys(nm)
                                 for b in corpus.authors.values() for nm in (b.name,) + tuple(b.variants))
    if not namesakes and (base == a.key or any(K.author_key_from_name(v) == a.key for v in a.variants)):
        return Ref(key=a.key)
    # a person kept apart from a namesake (whose keys may change hands when people are split or
    # merged): name them by their papers
    return Ref(name=a.name, papers=tuple(corpus.papers_of(a.key)))


def _name_keys(name: str) -> set:
    """The author keys a decision's key matches for an occurrence written ``name``
    (as ``_Resolver._key_matches``)."""
    n = parse_name(name)
    return {K.author_key_from_name(name)} | ({K.author_key_from_name(n.key_name)} if n is not None else set())


def _years_of(corpus, key: str) -> str:
    papers = corpus.papers_of(key)
    years = sorted(corpus.papers[p].year for p in papers if corpus.papers[p].year)
    n = len(papers)
    span = (f"{years[0]}" if years[0] == years[-1] else f"{years[0]}-{years[-1]}") if years else "no year"
    return f"{n} paper{'s' if n != 1 else ''}, {span}"


def _today() -> str:
    return _dt.datetime.now().replace(microsecond=0).isoformat()


def _ref_matches(x: Ref, y: Ref) -> bool:
    """Whether two decision references name the same occurrences."""
    if tuple(sorted(x.papers)) != tuple(sorted(y.papers)):
        return False
    if x.key or y.key:
        return x.key == y.key and (x.name or "") == (y.name or "")
    px, py = parse_name(x.name or ""), parse_name(y.name or "")
    return (px is not None and py is not None and px.form == py.form) or \
        K.normalize_name(x.name or "") == K.normalize_name(y.name or "")


def _contradicted(d: Decision, kind: str, refs: list[Ref]) -> bool:
    """Whether an existing decision ``d`` contradicts a new one of ``kind`` over ``refs``."""
    if d.kind == kind:
        return False
    hits = [r for r in refs if any(_ref_matches(r, x) for x in d.refs)]
    if len(hits) >= 2:
        return True
    single = (d.refs if d.kind == "split" else refs)
    return len(single) == 1 and len(hits) == 1


def _apply_decision(ws, decision: Decision, refs: list[Ref]) -> list[Decision]:
    """Add ``decision`` to the workspace's decisions file (dropping those it contradicts),
    rebuild and rewrite the decisions graph. The file is written under the workspace's lock
    once the new generation is ready, just before it goes live: a merge or split that fails,
    is refused as busy or is killed leaves the file and the data as they were."""
    import os
    path = decisions_path(ws)
    dec = load_decisions(path) if path.exists() else Decisions(path=str(path))
    removed = [d for d in dec.decisions if _contradicted(d, decision.kind, refs)]
    dec.decisions = [d for d in dec.decisions if d not in removed] + [decision]
    # the new file is written beside the old one and read back (its decisions then know their
    # lines, as the notes and 'graphkit identities' name them), and takes its place with the
    # new generation
    pending = path.with_name(".decisions.yaml.new")
    try:
        save_decisions(dec, pending)
        dec = load_decisions(pending)
        dec.path = str(path)
        ws.rebuild(decisions=dec, before_switch=lambda: os.replace(pending, path))
    finally:
        pending.unlink(missing_ok=True)
    _write_graph(ws)
    return removed


def _local(ws) -> None:
    """Refuse a SPARQL endpoint: decisions are recorded in a workspace directory."""
    if getattr(ws, "remote", False) or not hasattr(ws, "path"):
        state = getattr(getattr(ws, "config", None), "state_dir", "GRAPHKIT_REMOTE_STATE")
        raise GraphkitError("merge and split record decisions in a workspace directory; for a SPARQL "
                            f"endpoint, write them in {Path(state) / 'decisions.yaml'} and run "
                            "'graphkit rebuild --kg URL'")


def record_merge(ws, a: str, b: str, *, note: str | None = None, label: str | None = None) -> dict:
    """Add a merge decision for ``a`` and ``b`` (names or author keys) to the workspace's
    decisions file, rebuild, and write the decisions graph. Returns the people concerned
    and the contradicting decisions removed."""
    _local(ws)
    if K.normalize_name(a) == K.normalize_name(b) and a.startswith("author-") == b.startswith("author-"):
        raise GraphkitError(f"{a!r} and {b!r} are one name once accents, case and spacing are set aside "
                            "(such spellings are always one name): name two different names or author keys")
    corpus = ws.corpus()
    refs = [_ref_for(corpus, a, one=True), _ref_for(corpus, b, one=True)]
    if _ref_matches(refs[0], refs[1]):
        raise GraphkitError(f"{a!r} and {b!r} name the same occurrences; nothing to merge")
    people = [_keys_for_ref(corpus, r) for r in refs]
    if len(people[0]) == 1 and people[0] == people[1]:  # (already one person: nothing to record)
        return {"people": sorted(people[0]), "removed": [], "shared_papers": [], "already": True}
    # papers that list both: one person twice on a paper is rarely right (said, not refused)
    papers = [{p for k in keys for p in corpus.papers_of(k)} for keys in people]
    shared = sorted(papers[0] & papers[1])
    removed = _apply_decision(ws, Decision("merge", tuple(refs), label, note, _today()), refs)
    c = ws.corpus()
    keys = {k for r in refs for k in _keys_for_ref(c, r)}
    return {"people": sorted(keys), "removed": [" / ".join(map(str, d.refs)) for d in removed],
            "shared_papers": [(k, corpus.papers[k].title) for k in shared]}


def record_split(ws, names: list[str], *, papers: list[str] = (), note: str | None = None) -> dict:
    """Add a split decision: ``names`` are different people (one name: kept apart from its
    variants, or with ``papers``: that name on those papers is another person)."""
    _local(ws)
    if not names:
        raise GraphkitError("name at least one person to split")
    corpus = ws.corpus()
    if len({K.normalize_name(n) for n in names}) < len(names):
        raise GraphkitError("the same name is given twice (spellings that differ only in accents, case or "
                            "spacing are one name)")
    refs = [_ref_for(corpus, n) for n in names]
    if papers:
        if len(refs) != 1:
            raise GraphkitError("--paper splits one name: give exactly one NAME with --paper")
        authors = _find_author(corpus, names[0])
        theirs = {p for a in authors for p in corpus.papers_of(a.key)}
        for p in papers:
            if p not in corpus.papers:
                raise NotFoundError(f"no paper with key {p!r}")
            if p not in theirs:
                raise GraphkitError(f"{names[0]!r} is not an author of {p}")
        if set(papers) >= theirs:
            raise GraphkitError(f"those are all the papers of {names[0]!r}: nothing is left for another "
                                "person; name fewer papers")
        refs = [Ref(refs[0].name, refs[0].key, tuple(papers))]
    elif len(refs) == 1:
        authors = _find_author(corpus, names[0])
        if not any(a.variants for a in authors) and len(authors) == 1:
            raise GraphkitError(f"{names[0]!r} is one person without name variants: nothing to split "
                                "(name the papers that belong to someone else with --paper)")
    before = {a.key: a for n in names for a in _find_author(corpus, n)}
    removed = _apply_decision(ws, Decision("split", tuple(refs), None, note, _today()), refs)
    c = ws.corpus()
    keys = {k for r in refs for k in _keys_for_ref(c, Ref(r.name, r.key))}
    for a in before.values():  # where the other names of those people went
        for nm in (a.name,) + tuple(a.variants):
            keys |= _keys_for_ref(c, Ref(name=nm))
    return {"people": sorted(keys), "removed": [" / ".join(map(str, d.refs)) for d in removed]}


def _keys_for_ref(corpus, ref: Ref) -> set:
    """The people a reference names (those with the name, on the reference's papers if it
    names papers)."""
    if ref.key and ref.key in corpus.authors:
        return {ref.key}
    out = set()
    norm = K.normalize_name(ref.name or "")
    target = parse_name(ref.name or "")
    for a in corpus.authors.values():
        for nm in (a.name,) + tuple(a.variants):
            pn = parse_name(nm)
            if K.normalize_name(nm) == norm or (pn and target and pn.form == target.form):
                out.add(a.key)
    if ref.papers:
        papers = set(ref.papers)
        out = {k for k in out if papers & set(corpus.papers_of(k))}
    return out


def _write_graph(ws) -> None:
    from .rdf.vocab import DECISIONS
    path = decisions_path(ws)
    dec = load_decisions(path) if path.exists() else Decisions(path=str(path))
    ws.replace_named_graph(DECISIONS, decision_triples(dec, ws.corpus()))
