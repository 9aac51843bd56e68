"""Key phrases from titles and abstracts, as topics of their own concept scheme.

``add_phrase_topics(corpus)`` returns a new corpus in which every paper is about its ``top``
key phrases (``Topic`` in scheme ``"phrase"``, ``PaperTopic`` with a TF-IDF score). The RDF
writer turns them into ``skos:Concept`` nodes, ``dcterms:subject`` links and one
``gk:TopicAssignment`` node per link carrying ``gk:score``.

How phrases are found (no model, nothing downloaded):

* text is cut into chunks at punctuation, numbers and stop words (function words plus the
  boilerplate of abstracts: "we propose", "results show", "novel approach", ...; in a paper
  written in German, French, Spanish, Portuguese, Italian or Dutch, that language's function
  words too, see ``_foreign_breaks``); every run of
  1 to ``max_ngram`` consecutive words inside a chunk is a candidate phrase;
* plurals are folded (``embeddings`` -> ``embedding``, ``matrices`` -> ``matrix``); acronyms
  keep their case and lose a plural ``s`` (``LLMs`` -> ``LLM``, ``FP8`` stays ``FP8``);
  hyphens are spaces (``low-precision`` = ``low precision``) except after a prefix
  (``co-design`` = ``codesign``);
* near-duplicates share a merge key: agent and action nouns fold together
  (``recommender``/``recommendation``, ``quantizer``/``quantization``), British spelling
  folds to American, and a long form defined in the text ("large language models (LLMs)")
  joins its acronym. A merged topic is labelled by its most frequent form;
* candidates are counted per paper with numpy (each distinct token is classified once; the
  n-grams of a batch of papers are packed into integers and counted in one pass), and
  scikit-learn's ``TfidfTransformer`` weighs them (sublinear tf, smoothed idf), times
  ln(1 + papers with the phrase) so that a topic is a phrase a paper stresses *and* others
  share. Title words count twice. A phrase becomes a topic only if at least ``min_df``
  papers contain it; single generic words ("model", "system"), phrases ending in an
  adjective and fragments that nearly always occur inside one longer phrase are left out.
  Each paper keeps its ``top`` best-scoring phrases, skipping a phrase that lies inside one
  already kept (or contains it);
* a phrase's broader topic (``Topic.broader``, ``skos:broader`` in RDF) is the most
  widespread topic phrase inside it ("recommendation system" -> "recommendation");
* optionally (``themes=N``), a seeded NMF over the same TF-IDF matrix groups phrases into
  ``N`` themes (scheme ``"theme"``); each paper is about its dominant theme.

Large corpora: beyond ``full_text_limit`` papers (20,000) only titles are read
(``text="auto"``) and each paper keeps at most ``large_top`` (3) phrases, which keeps
extraction on 250k arXiv papers to seconds and bounds the RDF it adds; ``text="full"`` (or
``"lead"``: titles and first sentences) reads abstracts whatever the size.

>>> phrase_forms("Deep Learning Recommendation Models (DLRMs) use embeddings")
['deep', 'deep learning', 'learning', 'learning recommendation', 'recommendation', 'recommendation model', 'model', 'DLRM', 'embedding']
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import replace

from . import ids as K
from .model import Corpus, PaperTopic, Topic

SCHEME = "phrase"
UNIGRAM_WEIGHT = 1.0
THEME_SCHEME = "theme"

# ------------------------------------------------------------------ vocabulary
# Function words (scikit-learn's English list, minus content words it wrongly contains such
# as "system", "interest", "fire", "bill") plus the boilerplate of abstracts.
_NOT_STOP = {"system", "fire", "bill", "interest", "thick", "thin", "full", "empty", "bottom",
             "top", "front", "back", "side", "part", "detail", "name", "move", "call", "mill",
             "cry", "fill", "serious", "sincere", "amount"}
_ACADEMIC = """
paper article work study studies approach method methodology technique result finding propose
proposed proposes proposing present presents presented presenting show shows shown showed showing
demonstrate demonstrates demonstrated demonstrating introduce introduces introduced introducing
describe described describes discuss discussed discusses report reports reported
use used uses using usage utilize utilizes utilized utilizing leverage leverages leveraged
leveraging employ employs employed based new novel existing previous prior recent recently
significant significantly substantial substantially considerable considerably different various
variety several numerous multiple many provide provides provided providing allow allows allowed
allowing enable enables enabled enabling achieve achieves achieved achieving improve improves
improved improving improvement improvements reduce reduces reducing outperform outperforms
outperformed outperforming require requires required requiring make makes making include
includes included evaluate evaluates evaluated evaluating explore explores explored exploring
apply applies applying perform performs performed consider considers considered considering
obtain obtains obtained derive derives derived help helps helped increase increases increased
increasing compare compares compared comparing comparison given gives giving like likely
able ability effective effectively efficiently important importantly key main major
good better best way ways term terms lead leads led finds develop develops developed developing
offer offers offered resulting integrate integrates integrated including deliver delivers delivered choosing changing storing rely relies observe observes observed investigate investigates investigated analyze
analyzes analyzed analyse analysed address addresses addressed aim aims aimed focus focuses
focused need needs needed task tasks problem problems issue issues question questions case
cases example examples instance instances particular specific certain associated related
corresponding respective respectively overall total usually typically generally widely commonly
potentially often also furthermore additionally addition finally specifically particularly
especially mainly simply directly fully highly largely relatively actually previously
currently recently therefore thus hence whereas wherein whether whilst upon onto across
via etc al et ie eg i.e e.g fig experiment experiments
experimental empirical empirically theoretical theoretically extensive extensively state art
end order number numbers set sets kind kinds type types level levels range ranges form forms
respect regard regarding order due thereby able unable challenge challenges challenging
aspect aspects context contexts manner fashion rate lot lots best worst available possible
impossible known unknown wide broad remarkable promising interesting simple easy difficult
hard strong weak great greater greatest little high higher highest low lower lowest larger
largest small smaller smallest long longer short shorter make made one two three four five
six seven eight nine ten first second third fourth fifth single double triple whole
way within without along among amongst beyond despite toward towards still yet even much
most more less least far near nearly almost approximately roughly around about above below
etc various previously thereof therein herein whose whom which what when where while
proceedings proceeding conference conferences symposium colloquium chapter
""".split()  # (the last line: kinds of publication, which name no topic: "Proceedings of the
# 8th International Conference on ..." is a volume, its topic what follows; not "workshop",
# which is one in "workshop scheduling")
_ACADEMIC = set(_ACADEMIC) - {"low", "high", "large", "small", "long", "short", "single", "double",
                              "deep", "strong", "weak", "multiple", "state", "order", "end",
                              "rate", "range", "level", "form", "set", "type"}
_ACADEMIC |= {"state-of-the-art", "end-to-end", "real-world"}

_PREFIXES = {"self", "pre", "post", "non", "multi", "sub", "co", "semi", "inter", "intra", "anti", "re",
             "de", "un", "over", "under", "hyper", "meta", "micro", "macro", "mega", "ultra",
             "cross", "bi", "tri", "uni", "mono", "poly", "auto", "pseudo", "quasi", "mis"}

_IRREGULAR = {
    "matrices": "matrix", "indices": "index", "vertices": "vertex", "apices": "apex",
    "criteria": "criterion", "phenomena": "phenomenon", "automata": "automaton",
    "analyses": "analysis", "hypotheses": "hypothesis", "theses": "thesis", "syntheses": "synthesis",
    "diagnoses": "diagnosis", "bases": "base", "axes": "axis", "crises": "crisis",
    "children": "child", "men": "man", "women": "woman", "mice": "mouse", "feet": "foot",
    "teeth": "tooth", "geese": "goose", "radii": "radius", "nuclei": "nucleus", "stimuli": "stimulus",
    "foci": "focus", "loci": "locus", "fungi": "fungus", "alumni": "alumnus", "corpora": "corpus",
    "biases": "bias", "aliases": "alias", "buses": "bus", "viruses": "virus", "statuses": "status",
    "focuses": "focus", "campuses": "campus", "bonuses": "bonus", "censuses": "census",
    "corpuses": "corpus", "apparatuses": "apparatus", "consensuses": "consensus",
    "heroes": "hero", "echoes": "echo", "potatoes": "potato", "tomatoes": "tomato",
    "vetoes": "veto", "torpedoes": "torpedo", "leaves": "leaf", "halves": "half",
    "shelves": "shelf", "wolves": "wolf", "lives": "life", "knives": "knife", "wives": "wife",
    "movies": "movie", "cookies": "cookie", "pies": "pie", "ties": "tie", "lies": "lie",
    "dies": "die", "calories": "calorie", "zombies": "zombie", "rookies": "rookie",
    "selfies": "selfie", "brownies": "brownie", "prairies": "prairie", "goalies": "goalie",
    "caches": "cache", "niches": "niche", "cliches": "cliche", "headaches": "headache",
    "avalanches": "avalanche", "moustaches": "moustache",
    "quizzes": "quiz", "data": "data", "media": "media",
}
_NO_SINGULAR = {
    "news", "series", "species", "chaos", "cosmos", "ethos", "pathos", "logos", "kudos", "lens",
    "bias", "gas", "atlas", "alias", "canvas", "always", "perhaps", "thus", "whereas", "yes",
    "plus", "minus", "bus", "means", "odds", "christmas", "texas", "kansas", "arkansas", "paris",
    "athens", "wales", "mars", "sars", "aids", "headquarters", "whereabouts", "crossroads",
    "progress", "success", "access", "process", "loss", "less", "class", "mass", "glass", "gross",
    "mathematics", "physics", "economics", "ethics", "politics", "statistics", "dynamics",
    "graphics", "analytics", "robotics", "genomics", "proteomics", "electronics", "linguistics",
    "semantics", "kinetics", "optics", "logistics", "informatics", "bioinformatics", "photonics",
    "acoustics", "mechanics", "thermodynamics", "hydrodynamics", "aerodynamics", "econometrics",
    "metabolomics", "transcriptomics", "pharmacokinetics", "biomechanics", "electrodynamics",
    "cybernetics", "athletics", "gymnastics", "diagnostics", "forensics", "geophysics",
    "astrophysics", "biophysics", "humanities", "tennis", "trellis", "iris", "ms", "vs",
}
# Agent nouns that are not the doer of the matching action noun (kept apart when merging).
_PROTECT = {
    "transformer", "computer", "functor", "processor", "reactor", "director", "sector", "editor",
    "operator", "monitor", "container", "character", "chapter", "register", "parameter",
    "perimeter", "diameter", "semester", "cluster", "computer", "supercomputer", "minicomputer",
    "microprocessor", "coprocessor", "multiprocessor", "conductor", "semiconductor", "superconductor",
    "inductor", "vector", "tensor", "factor", "sensor", "actor", "author", "doctor", "motor",
    "mentor", "vendor", "mirror", "behavior", "behaviour", "neighbor", "neighbour", "interior",
    "exterior", "superior", "inferior", "ancestor", "successor", "predecessor", "investor",
    "spinor", "counter", "center", "centre", "laser", "master", "poster", "order", "power",
    "number", "member", "answer", "letter", "filter", "paper", "layer", "user", "water", "other",
    "whether", "together", "however", "mention", "nation", "station", "relation", "ration",
}

_ICS = ("physics", "matics", "dynamics", "nomics", "graphics", "lytics", "botics", "omics",
        "ronics", "istics", "antics", "netics", "ethics", "optics", "chanics", "metrics")


def _singular(w: str) -> str:
    """Singular of a lower-case English noun (rules + exceptions; unchanged when unsure).

    >>> [_singular(w) for w in ["embeddings", "systems", "strategies", "batches", "caches",
    ...                         "processes", "matrices", "analysis", "statistics", "data"]]
    ['embedding', 'system', 'strategy', 'batch', 'cache', 'process', 'matrix', 'analysis', 'statistics', 'data']
    """
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) < 4 or not w.endswith("s") or w in _NO_SINGULAR:
        return w
    if w.endswith(("ss", "us", "is", "'s")):
        return w
    if w.endswith("ics") and (w.endswith(_ICS) and not w.endswith("metrics")):
        return w
    if w.endswith("ies"):
        return w[:-3] + "y" if len(w) > 4 else w
    if w.endswith(("sses", "xes", "shes", "zzes")):
        return w[:-2]
    if w.endswith("ches"):
        if len(w) > 4 and (w[-5] in "tnrlu" or w.endswith(("oaches", "eaches"))):
            return w[:-2]
        return w[:-1]
    return w[:-1]


_SUFFIXES = ("cation", "ation", "ator", "ion", "er", "or")


def merge_key(word: str) -> str:
    """Merge key of a singular lower-case word: British spelling folded to American, agent
    and action nouns folded together (``recommender`` = ``recommendation``).

    >>> [merge_key(w) for w in ["recommender", "recommendation", "quantizer", "quantisation",
    ...                          "transformer", "transformation", "classifier", "classification"]]
    ['recommend', 'recommend', 'quantiz', 'quantiz', 'transformer', 'transform', 'classifi', 'classifi']
    """
    w = word
    if "is" in w:
        w = w.replace("isation", "ization").replace("iser", "izer")
    if "ell" in w:
        w = w.replace("elling", "eling").replace("elled", "eled")
    if len(w) < 7 or w in _PROTECT:
        return w
    for suf in _SUFFIXES:
        if w.endswith(suf):
            stem = w[: -len(suf)]
            if len(stem) >= 5:
                return stem
            break
    return w



# Words too generic to be a topic on their own (they still form phrases: "recommendation
# model", "neural network", "deep learning").
_GENERIC = set("""
model system method data network learning performance accuracy result scale time approach
framework algorithm application analysis design efficiency quality cost size value process
solution technique information structure parameter component factor problem task user field
area tool implementation evaluation experiment property behavior effect impact benefit
advantage case type form part rate research development work paper study use state step
stage phase mechanism strategy scheme procedure operation function feature object element
unit item instance set sample table figure section dataset order domain space point center upper unique importance series sequence version variant option choice setting condition
environment scenario situation practice theory concept idea principle aspect dimension
measure metric score degree extent volume ratio fraction percentage proportion amount
increase decrease change difference improvement reduction gain loss error limitation
requirement constraint need demand goal objective purpose target output input source
product service platform resource capacity capability ability support access basis
layer module block unit class group category collection library package code program
""".split())
# Adjectives: a phrase does not end with one and none is a topic alone.
_ADJ = set("""
deep neural large small low high efficient scalable fast novel general generic specific
different various multiple single local global dynamic static linear nonlinear optimal robust
accurate effective complex simple real random parallel distributed sparse dense adaptive
hierarchical statistical computational theoretical numerical practical modern standard
typical traditional conventional classical significant important recent current previous
existing possible available potential critical full partial average maximum minimum natural
artificial human social physical digital visual spatial temporal semantic automatic manual
online offline open public private industrial commercial clinical financial economic
mathematical logical formal empirical experimental internal external mobile wireless
molecular chemical biological genetic electrical electronic mechanical thermal optical
magnetic continuous discrete binary heterogeneous homogeneous unsupervised supervised
generative discriminative probabilistic stochastic deterministic differentiable
convolutional recurrent graphical relational hybrid compositional unified joint similar
same new old own main further better best worst higher lower larger smaller faster
wide broad narrow long short early late free fixed common rich key additional extensive
massive huge tiny multi whole certain strong weak good bad able useful powerful flexible
successful promising interesting reliable safe secure stable unstable specialized
""".split())
_ADJ_SUFFIX = ("al", "ive", "ous", "able", "ible", "ful", "less", "ary", "ic")
_NOT_ADJ = set("""
signal interval journal potential material terminal animal proposal approval removal retrieval
arrival survival rival festival manual individual tutorial portal capital hospital crystal
metal total protocol principal renewal trial denial dial medal pedal mammal criminal
official professional chemical objective alternative derivative initiative perspective
executive representative incentive directive archive detective narrative primitive native
collective motive relative additive cooperative drive hive olive table variable cable
vegetable syllable observable deliverable timetable library dictionary boundary summary
vocabulary secretary glossary anniversary itinerary diary salary commentary documentary
inventory logic music topic traffic metric graphic clinic arithmetic heuristic characteristic
epidemic republic mechanic rhetoric fabric magic panic critic basic electric topic mosaic
mimic polynomial tensorial binomial monomial integral differential radical rational
factorial spectral centroid
""".split())
_EVALUATIVE = set("""
efficient effective novel new fast faster scalable simple different various significant
important good better best accurate robust practical powerful flexible successful promising
interesting useful improved enhanced advanced modern recent existing proposed general
generic specific multiple several numerous unified comprehensive systematic extensive
massive huge large-scale""".split())
_LY_NOUNS = {"family", "anomaly", "assembly", "supply", "monopoly", "italy", "july", "butterfly",
             "ally", "rally", "homily", "lily", "reply", "poly"}


def _adjective(w: str) -> bool:
    if w in _ADJ:
        return True
    if w in _NOT_ADJ or len(w) < 5:
        return False
    return w.endswith(_ADJ_SUFFIX)


def _topical(form: str) -> bool:
    """Can ``form`` (a phrase, singular, lower case except acronyms) be a topic?

    >>> [_topical(f) for f in ["model", "recommendation model", "deep neural", "embedding",
    ...                        "efficient recommendation", "backward propagation", "learned"]]
    [False, True, False, True, False, True, False]
    """
    words = form.split(" ")
    last = words[-1]
    if _is_acronym(last):
        return True
    if _adjective(last) or (last.endswith("ly") and last not in _LY_NOUNS):
        return False
    if len(words) == 1:
        if last in _GENERIC or (last.endswith("ed") and len(last) > 4):
            return False
        return True
    return words[0] not in _EVALUATIVE

# ------------------------------------------------------------------ tokens
_TOKEN = re.compile(r"[^\W\d_][\w'’]*(?:[-‐‑][\w]+)*|\d[\w.,]*|[^\w\s]")
_MATH = re.compile(r"\$[^$]*\$|\\[A-Za-z]+|\{|\}")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")

# Function words of other languages in which titles and abstracts come (OpenAlex and DBLP hold
# many). A paper's text in which two or more distinct markers of one language occur (function
# words that are neither English words nor name particles: "für", "und", "dans", "della"; words
# in capitals do not count), more than the English function words in it, is taken to be in
# that language, and that language's function words (the markers and
# the ambiguous ones: "die", "de", "la", "car") become breaks in it, as English ones are
# everywhere: "Handbuch für die Praxis" gives "Handbuch" and "Praxis", not "die". One marker
# alone changes nothing, and "van der Waals", "Le Chatelier" or "et al." are no markers of one
# language: English papers keep them.
_MARKERS = {
    "de": "der das und für mit zur zum im dem des ein eine eines einem einen einer auf aus bei nach "
          "über unter ist sind wird werden wurde wurden oder auch sich nicht durch wie vom als bzw "
          "sowie ihre ihrer ihren seine seiner zwischen gegen ohne noch nur diese dieser dieses "
          "diesem diesen dabei indem aber dass daß jedoch sowohl welche welcher welches bereits "
          "insbesondere zudem wobei sodass hierbei sondern weil zwar keine keinen können kann haben",
    "fr": "des du dans sur avec une au aux est sont ces cette leur leurs qui que dont entre selon "
          "sous vers chez où très ainsi notamment afin lors elle ils nous vous été être",
    "es": "el los las para por una que se su sus como entre sobre mediante desde hasta es este esta "
          "estos estas más pero también muy sido fue tras cuando donde cual cuales porque así otros "
          "otras",
    "pt": "das em com para por uma ao aos pela pelo na nas nos que sua seu este esta isso essa esse "
          "mais mas também muito foi são sem entre sobre quando onde como pelas pelos às",
    "it": "il lo gli della delle dei degli nel nella nelle tra fra una sul sulla che questo questa "
          "questi queste sono stato essere più anche molto quando senza sulle sui agli alla alle "
          "allo nei negli dal dalla dai",
    "nl": "het een en voor bij naar uit zijn wordt worden tussen niet dat deze dit ook maar aan hun "
          "nog meer werd kunnen",
}
_AMBIGUOUS = {  # function words that are English words or name particles too
    "de": "die von den man es er sie wir um am an in zu ab bis ob so also hat war will alle allen "
          "aller sein seinen seinem deren dessen wenn damit dann doch hier dort sehr mehr viele "
          "vielen seit etwa dazu darauf daher somit kein",
    "fr": "le la les de et un ou son sa ses il on ce cet ne pas plus mais comme aussi avoir fait peut "
          "car alors donc puis pour par sans",
    "es": "la de del en un al lo son sin ha han con ser ya dicho dicha",
    "pt": "da de do dos no um se ser",
    "it": "la le un ma del di per con come dove",
    "nl": "de die van met door er ze zo wel kan als op te om hij zij wij tot",
}
# English function words: a text with as many of them as markers of a language is English
_ENGLISH = frozenset("the of and for with is are this that to we by from be which these our as at "
                     "its it has have was were can not or than into their such using between".split())
_MARKER_SETS = {lang: frozenset(ws.split()) for lang, ws in _MARKERS.items()}
_MARKER_ANY = frozenset().union(*_MARKER_SETS.values())
_BREAK_WORDS = {lang: _MARKER_SETS[lang] | frozenset(_AMBIGUOUS[lang].split()) for lang in _MARKERS}
_BREAK_RX: dict = {}


def _foreign_breaks(text: str):
    """A pattern matching the function words of the other language ``text`` is in, or None."""
    if len(_MARKER_ANY.intersection(text.lower().split())) < 2:  # most texts: at once
        return None
    words = {w.lower() for w in text.split() if not w.isupper()}
    found, english = _MARKER_ANY & words, len(_ENGLISH & words)
    langs = tuple(lang for lang, ws in _MARKER_SETS.items() if len(found & ws) >= max(2, english + 1))
    if not langs:
        return None
    rx = _BREAK_RX.get(langs)
    if rx is None:  # lower-case and capitalised forms ("Die"), not capitals ("DAS", "DER")
        words = set().union(*(_BREAK_WORDS[lang] for lang in langs))
        forms = sorted(words | {w.capitalize() for w in words}, key=lambda w: (-len(w), w))
        rx = _BREAK_RX[langs] = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)")
    return rx


_STOP: set[str] | None = None


def _stop_words() -> set[str]:
    global _STOP
    if _STOP is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
        _STOP = (set(ENGLISH_STOP_WORDS) - _NOT_STOP) | _ACADEMIC
    return _STOP


def _is_acronym(p: str) -> bool:
    """Two capitals or more (``DLRM``, ``PyTorch``, ``LLMs``), or a capital and a digit (``A100``)."""
    if p.islower():
        return False
    upper = sum(map(str.isupper, p))
    return upper >= 2 or (upper == 1 and p[0].isupper() and any(map(str.isdigit, p)))


_MISSING = object()


class _Tokens:
    """Token classification with a cache: a raw token -> a form (str), ``None`` (a break)
    or a tuple of forms and breaks (hyphenated compounds)."""

    def __init__(self):
        self.stop = _stop_words()
        self.cache: dict[str, object] = {}
        self.key: dict[str, str] = {}  # form of one word -> merge key

    def word(self, p: str):
        """Form of one hyphen-free part, or None (a break)."""
        if not p.islower() and _is_acronym(p):
            if p.lower() in self.stop:
                return None
            if len(p) > 2 and p.endswith("s") and (p[-2].isupper() or p[-2].isdigit()):
                p = p[:-1]
            if p not in self.key:
                self.key[p] = p.lower()
            return p
        w = p.lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        w = w.strip("'")
        if len(w) < 2 or w in self.stop or not w[0].isalpha():
            return None
        s = _singular(w)
        if s in self.stop:
            return None
        if s not in self.key:
            self.key[s] = merge_key(s)
        return s

    def classify(self, tok: str):
        if not tok[0].isalpha():
            return None
        if tok.lower() in self.stop:
            return None
        if "-" not in tok and "‐" not in tok and "‑" not in tok:
            return self.word(tok)
        parts = [p for p in re.split(r"[-‐‑]", tok) if p]
        out: list = []
        i = 0
        while i < len(parts):
            p = parts[i]
            if p.isdigit():
                out.append(None)
            elif p.lower() in _PREFIXES and i + 1 < len(parts) and parts[i + 1][:1].isalpha():
                nxt = self.word(parts[i + 1])
                if nxt is None or _is_acronym(nxt):
                    out.append(nxt)
                else:
                    form = p.lower() + "-" + nxt
                    if form not in self.key:
                        self.key[form] = merge_key(p.lower() + nxt)
                    out.append(form)
                i += 1
            else:
                out.append(self.word(p))
            i += 1
        return out[0] if len(out) == 1 else tuple(out)

    def chunks(self, text: str) -> list[list[str]]:
        """Runs of consecutive content words (forms) in ``text``."""
        if "$" in text or "\\" in text:
            text = _MATH.sub(" . ", text)
        if text.isupper():
            text = text.lower()
        cache = self.cache
        get = cache.get
        out, cur = [], []
        for t in _TOKEN.findall(text):
            f = get(t, _MISSING)
            if f is _MISSING:
                f = cache[t] = self.classify(t)
            if f is None:
                if cur:
                    out.append(cur)
                    cur = []
            elif f.__class__ is str:
                cur.append(f)
            else:
                for x in f:
                    if x is None:
                        if cur:
                            out.append(cur)
                            cur = []
                    else:
                        cur.append(x)
        if cur:
            out.append(cur)
        return out


def _ngrams(chunks, max_n: int) -> list[str]:
    out = []
    add = out.append
    for ch in chunks:
        n_ch = len(ch)
        if n_ch == 1:
            add(ch[0])
            continue
        for i in range(n_ch):
            add(ch[i])
            for n in range(2, min(max_n, n_ch - i) + 1):
                add(" ".join(ch[i:i + n]))
    return out


def phrase_forms(text: str, *, max_ngram: int = 2) -> list[str]:
    """Candidate phrases of ``text`` in order (singular forms; acronyms keep their case)."""
    tk = _Tokens()
    return list(dict.fromkeys(_ngrams(tk.chunks(text), max_ngram)))


# ------------------------------------------------------------------ acronym definitions
_PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*?)s?\)")
_WORDS_BEFORE = re.compile(r"(?:[^\W\d_][\w-]*\s+){1,8}$")


def _definitions(text: str, tk: _Tokens) -> list[tuple[str, str]]:
    """(acronym, long form) pairs defined as "long form (ACRONYM)" in ``text``.

    >>> _definitions("training large language models (LLMs) at scale", _Tokens())
    [('LLM', 'large language model')]
    """
    out = []
    for m in _PAREN_ACRONYM.finditer(text):
        acro = m.group(1)
        letters = [c.lower() for c in acro if c.isupper()]
        if len(letters) < 2:
            continue
        before = _WORDS_BEFORE.search(text, max(0, m.start() - 120), m.start())
        if not before:
            continue
        words = before.group(0).split()
        initials = [[p[0].lower() for p in re.split(r"[-‐‑]", w) if p[:1].isalpha()] for w in words]
        for k in range(min(len(letters), len(words)), 0, -1):  # words that spell it
            tail = initials[-k:]
            if [c for parts in tail for c in parts] == letters or \
                    [parts[0] for parts in tail if parts] == letters:
                chunks = tk.chunks(" ".join(words[-k:]))
                if len(chunks) == 1 and len(chunks[0]) >= 2:
                    acro_form = tk.word(acro)
                    if acro_form:
                        out.append((acro_form, " ".join(chunks[0])))
                break
    return out


# ------------------------------------------------------------------ extraction
def _lead(abstract: str, limit: int = 400) -> str:
    m = _SENTENCE_END.search(abstract, 40)
    end = m.end() if m else len(abstract)
    return abstract[: min(end, limit)]


_BITS = 21
_MASK = (1 << _BITS) - 1
_SEP = "\x01"  # between documents in a batch (a break, like punctuation)


class _Counts:
    """Vectorised n-gram counting: each distinct token is classified once and becomes an
    integer form id (-1 for a break); n-grams are packed into int64 codes and counted with
    numpy, one row per (document, n-gram)."""

    def __init__(self, tk: _Tokens, max_n: int):
        self.tk = tk
        self.max_n = max_n
        self.form_id: dict[str, int] = {}
        self.forms: list[str] = []
        self.kid: list[int] = []  # form id -> merge-key id
        self.key_id: dict[str, int] = {}
        self.keys: list[str] = []
        self.tok: dict[str, int] = {_SEP: -2}  # token -> form id, -1 break, -3-k compound k
        self.compounds: list[tuple] = []
        self.parts: dict[int, list] = {n: [] for n in range(1, max_n + 1)}

    def fid(self, form: str) -> int:
        i = self.form_id.get(form)
        if i is None:
            i = self.form_id[form] = len(self.forms)
            self.forms.append(form)
            k = self.tk.key.get(form, form)
            j = self.key_id.get(k)
            if j is None:
                j = self.key_id[k] = len(self.keys)
                self.keys.append(k)
            self.kid.append(j)
        return i

    def _classify(self, t: str) -> int:
        f = self.tk.classify(t)
        if f is None:
            return -1
        if f.__class__ is str:
            return self.fid(f)
        self.compounds.append(tuple(-1 if x is None else self.fid(x) for x in f))
        return -2 - len(self.compounds)

    def _ids(self, tokens: list[str]):
        import numpy as np
        tok = self.tok
        for t in sorted(set(tokens).difference(tok)):
            tok[t] = self._classify(t)
        ids = np.fromiter(map(tok.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        comp = ids <= -3
        if not comp.any():
            return ids
        k = -3 - ids[comp]
        clen = np.array([len(c) for c in self.compounds], dtype=np.int64)
        cflat = np.fromiter((x for c in self.compounds for x in c), dtype=np.int64)
        coff = np.cumsum(clen) - clen
        lens = np.ones(len(ids), dtype=np.int64)
        lens[comp] = clen[k]
        out = np.repeat(ids, lens)
        starts = (np.cumsum(lens) - lens)[comp]
        L = clen[k]
        within = np.arange(L.sum()) - np.repeat(np.cumsum(L) - L, L)
        out[np.repeat(starts, L) + within] = cflat[np.repeat(coff[k], L) + within]
        return out

    def add(self, texts: list[str], docs, weight: int) -> None:
        """Count the n-grams of ``texts`` (one per document index in ``docs``)."""
        import numpy as np
        ids = self._ids(_TOKEN.findall(_SEP.join(texts)))
        if len(self.forms) > _MASK:
            raise ValueError("vocabulary too large for phrase extraction")
        if not len(ids):
            return
        sep = ids == -2
        doc = np.asarray(docs, dtype=np.int64)[np.cumsum(sep) - sep]
        ids[sep] = -1
        ok = ids >= 0
        for n in range(1, self.max_n + 1):
            m = len(ids) - n + 1
            if m <= 0:
                break
            valid = ok[:m].copy()
            code = ids[:m].copy()
            for k in range(1, n):
                valid &= ok[k:k + m]
                code = (code << _BITS) | np.where(ok[k:k + m], ids[k:k + m], 0)
            d, c = doc[:m][valid], code[valid]
            if not len(c):
                continue
            order = np.lexsort((c, d))  # one row per (document, n-gram)
            d, c = d[order], c[order]
            start = np.ones(len(c), dtype=bool)
            start[1:] = (c[1:] != c[:-1]) | (d[1:] != d[:-1])
            idx = np.flatnonzero(start)
            cnt = np.diff(np.append(idx, len(c))) * weight
            self.parts[n].append((d[idx], c[idx], cnt))


def _decode(code: int, n: int) -> list[int]:
    return [(code >> (_BITS * (n - 1 - k))) & _MASK for k in range(n)]


def extract_phrases(corpus: Corpus, *, top: int = 5, min_df: int | None = None,
                    max_ngram: int = 3, max_features: int = 20000, text: str = "auto",
                    full_text_limit: int = 20000, large_top: int = 3, title_weight: int = 2,
                    themes: int = 0, seed: int = 0, batch: int = 20000,
                    progress: bool | None = None) -> dict:
    """Key phrases of every paper (see the module docstring).

    ``text``: ``"full"`` (title and abstract), ``"lead"`` (title and the abstract's first
    sentence), ``"title"``, or ``"auto"`` (full up to ``full_text_limit`` papers, titles
    beyond; there each paper keeps at most ``large_top`` phrases, which bounds the RDF that
    the assignments add). ``min_df`` (default: 2, or one paper in 20,000 on large corpora) is the number
    of papers a phrase needs to become a topic; ``max_features`` caps the vocabulary (most
    widespread phrases first).

    Returns ``{"topics": {key: Topic}, "paper_topics": [PaperTopic], "themes": {...},
    "theme_topics": [PaperTopic], "stats": {...}}``; ``add_phrase_topics`` puts them into a
    corpus.
    """
    import gc
    enabled = gc.isenabled()
    gc.disable()  # millions of small objects: the cyclic collector would rescan the corpus
    try:
        return _extract(corpus, top=top, min_df=min_df, max_ngram=max_ngram,
                        max_features=max_features, text=text, full_text_limit=full_text_limit,
                        large_top=large_top, title_weight=title_weight, themes=themes,
                        seed=seed, batch=batch,
                        progress=progress)
    finally:
        if enabled:
            gc.enable()


def _extract(corpus, *, top, min_df, max_ngram, max_features, text, full_text_limit,
             large_top, title_weight, themes, seed, batch, progress) -> dict:
    import time

    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfTransformer

    from .progress import progress as bar

    if text not in ("auto", "full", "lead", "title"):
        raise ValueError("text must be auto, full, lead or title")
    if not 1 <= max_ngram <= 3:
        raise ValueError("max_ngram must be 1, 2 or 3")
    clock = time.perf_counter()
    timings = {}

    def lap(name):
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    papers = sorted(k for k, p in corpus.papers.items() if (p.title or p.abstract))
    n_docs = len(papers)
    large = n_docs > full_text_limit
    mode = text if text != "auto" else ("title" if large else "full")
    if large and large_top:
        top = min(top, large_top)
    if min_df is None:
        min_df = max(2, math.ceil(n_docs / 20000))
    stats = {"papers": n_docs, "text": mode, "top": top, "min_df": min_df, "phrases": 0,
             "assignments": 0,
             "seconds": timings}
    empty = {"topics": {}, "paper_topics": [], "themes": {}, "theme_topics": [], "stats": stats}
    if n_docs == 0 or top <= 0:
        return empty
    tk = _Tokens()
    counts = _Counts(tk, max_ngram)
    defs: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    P = corpus.papers

    def prep(t: str) -> str:
        if "$" in t or "\\" in t or _SEP in t:
            t = _MATH.sub(" . ", t.replace(_SEP, " "))
        return t.lower() if t.isupper() else t

    tw = 1 if mode == "title" else title_weight
    with bar(total=n_docs, desc="key phrases", unit="papers", enabled=progress) as pbar:
        for lo in range(0, n_docs, batch):
            keys = papers[lo:lo + batch]
            docs = list(range(lo, lo + len(keys)))
            titles = [P[k].title or "" for k in keys]
            abstracts = None
            if mode != "title":
                abstracts = [P[k].abstract or "" for k in keys]
                if mode == "lead":
                    abstracts = [_lead(a) for a in abstracts]
            for i, t in enumerate(titles):  # papers in another language: its function words break
                rx = _foreign_breaks(t if abstracts is None else f"{t} {abstracts[i]}")
                if rx is not None:
                    titles[i] = rx.sub(" . ", t)
                    if abstracts is not None:
                        abstracts[i] = rx.sub(" . ", abstracts[i])
            counts.add([prep(t) for t in titles], docs, tw)
            if abstracts is not None:
                counts.add([prep(a) for a in abstracts], docs, 1)
                for a in abstracts:
                    if "(" in a:
                        for acro, long in _definitions(a, tk):
                            defs[acro][long] += 1
            pbar.update(len(keys))
    lap("count")

    # n-gram forms -> merge groups (per word merge keys; a long form defined with an
    # acronym joins the acronym)
    kid = np.asarray(counts.kid, dtype=np.int64)
    key_id = counts.key_id
    acro_long = {}
    for acro, longs in sorted(defs.items()):
        long = max(longs.items(), key=lambda kv: (kv[1], kv[0]))[0]
        ak = tk.key.get(acro, acro.lower())
        acro_long.setdefault(ak, (long, " ".join(tk.key.get(w, w) for w in long.split(" "))))
    level_forms, level_groups = {}, {}
    occ_doc, occ_group, occ_cnt = [], [], []
    offset = 0
    for n in range(1, max_ngram + 1):
        if not counts.parts[n]:
            continue
        d = np.concatenate([x[0] for x in counts.parts[n]])
        c = np.concatenate([x[1] for x in counts.parts[n]])
        w = np.concatenate([x[2] for x in counts.parts[n]])
        counts.parts[n] = []
        fu, finv = np.unique(c, return_inverse=True)
        fcount = np.bincount(finv, weights=w).astype(np.int64)
        gcode = np.zeros(len(fu), dtype=np.int64)
        for k in range(n):
            gcode = (gcode << _BITS) | kid[(fu >> (_BITS * (n - 1 - k))) & _MASK]
        gu, ginv = np.unique(gcode, return_inverse=True)
        level_forms[n] = (fu, fcount, ginv + offset)
        level_groups[n] = (gu, offset)
        occ_doc.append(d)
        occ_group.append(ginv[finv] + offset)
        occ_cnt.append(w)
        offset += len(gu)
    n_groups = offset
    if not n_groups:
        return empty
    remap = np.arange(n_groups)
    for ak, (long, lk) in acro_long.items():
        words = lk.split(" ")
        n = len(words)
        if ak not in key_id or n not in level_groups or 1 not in level_groups \
                or any(w not in key_id for w in words):
            continue
        code = 0
        for w in words:
            code = (code << _BITS) | key_id[w]
        gu, off = level_groups[n]
        g1 = level_groups[1][0]
        gl = int(np.searchsorted(gu, code))
        ga = int(np.searchsorted(g1, key_id[ak]))
        if gl < len(gu) and gu[gl] == code and ga < len(g1) and g1[ga] == key_id[ak]:
            remap[gl + off] = ga
    d = np.concatenate(occ_doc)
    g = remap[np.concatenate(occ_group)]
    w = np.concatenate(occ_cnt)
    del occ_doc, occ_group, occ_cnt
    cell, cinv = np.unique(d * n_groups + g, return_inverse=True)
    G = sparse.csr_matrix((np.bincount(cinv, weights=w), (cell // n_groups, cell % n_groups)),
                          shape=(n_docs, n_groups))
    del d, g, w, cell, cinv
    df = np.bincount(G.indices, minlength=n_groups)
    keep = np.flatnonzero(df >= min_df)
    lap("merge")

    def group_key(gi: int) -> str:
        for n in sorted(level_groups, reverse=True):
            gu, off = level_groups[n]
            if gi >= off:
                return " ".join(counts.keys[x] for x in _decode(int(gu[gi - off]), n))
        raise AssertionError(gi)

    # candidate forms of the kept groups, with their counts
    pos_of = np.full(n_groups, -1, dtype=np.int64)
    pos_of[keep] = np.arange(len(keep))
    cand_forms = []  # (position of group in keep, form, count)
    for n, (fu, fcount, fg) in level_forms.items():
        fpos = pos_of[remap[fg]]
        for j in np.flatnonzero(fpos >= 0).tolist():
            form = " ".join(counts.forms[x] for x in _decode(int(fu[j]), n))
            cand_forms.append((int(fpos[j]), form, int(fcount[j])))
    del level_forms
    forms_by_group: dict[int, list] = defaultdict(list)
    for i, form, cnt in cand_forms:
        forms_by_group[i].append((form, cnt))
    del cand_forms
    group_keys = {int(gi): group_key(int(gi)) for gi in keep}

    # labels: the most frequent form of each group; an acronym defined in the text shows
    # its long form ("large language model (LLM)")
    labels, codes, spans, ok = [], [], [], []
    for i, gi in enumerate(keep.tolist()):
        k = group_keys[gi]
        fl = forms_by_group[i]
        label = max(fl, key=lambda fc: (fc[1], -fc[0].count("-"), -len(fc[0]), fc[0]))[0]
        span = (f" {k} ",)
        if k in acro_long:
            long, lk = acro_long[k]
            span = (f" {k} ", f" {lk} ")
            acros = [fc for fc in fl if " " not in fc[0] and _is_acronym(fc[0])]
            if acros and len(acros) < len(fl):
                acro = max(acros, key=lambda fc: (fc[1], fc[0]))[0]
                label = f"{long} ({acro})"
        labels.append(label)
        codes.append(k)
        spans.append(span)
        ok.append(_is_acronym(label) or _topical(label))
    # a phrase that nearly always occurs inside one longer kept phrase is a fragment of it
    # ("learning model" in "deep learning model", "propagation" in "backward propagation")
    total = np.asarray(G.sum(axis=0)).ravel()[keep]
    where = {c: i for i, c in enumerate(codes)}
    for i, span in enumerate(spans):
        for n_span, c in enumerate(span):
            c = c.strip()
            if " " not in c:
                continue
            # an acronym's group also counts the acronym: compare its long form alone (a
            # long form longer than the n-grams counted is represented by its acronym)
            here = total[i] if n_span == 0 or c.count(" ") >= max_ngram else sum(
                cnt for f, cnt in forms_by_group[i] if " " in f)
            for sub in (c.rsplit(" ", 1)[0], c.split(" ", 1)[1]):
                j = where.get(sub)
                if j is not None and j != i and here >= 0.75 * total[j]:
                    ok[j] = False
    sel = [i for i in range(len(keep)) if ok[i]]
    if len(sel) > max_features:  # the most widespread first, ties by key
        sel = sorted(sorted(sel, key=lambda i: (-int(df[keep[i]]), codes[i]))[:max_features])
    stats.update(forms=len(counts.forms), groups=n_groups, vocabulary=len(sel))
    if not sel:
        return empty
    G = G[:, keep[sel]]
    labels = [labels[i] for i in sel]
    codes = [codes[i] for i in sel]
    spans = [spans[i] for i in sel]
    del total, where, forms_by_group, group_keys
    # merge keys that mint the same topic key (they differ only in case or punctuation)
    topic_keys = [K.topic_key(SCHEME, c) for c in codes]
    uniq = list(dict.fromkeys(topic_keys))
    if len(uniq) < len(topic_keys):
        upos = {t: u for u, t in enumerate(uniq)}
        first: dict[str, int] = {}
        for i, t in enumerate(topic_keys):
            first.setdefault(t, i)
        S = sparse.csr_matrix((np.ones(len(codes), dtype=np.int32),
                               (np.arange(len(codes)), [upos[t] for t in topic_keys])),
                              shape=(len(codes), len(uniq)))
        G = G @ S
        labels = [labels[first[t]] for t in uniq]
        codes = [codes[first[t]] for t in uniq]
        spans = [spans[first[t]] for t in uniq]
        topic_keys = uniq
    lap("vocabulary")

    # TF-IDF (sublinear tf, smoothed idf) times log(1 + document frequency): a topic is a
    # phrase a paper stresses *and* other papers share; a single word weighs UNIGRAM_WEIGHT
    G = G.tocsr()
    W = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm=None).fit_transform(G)
    df_sel = np.bincount(G.indices, minlength=G.shape[1])
    single = np.array([len(sp[-1].split()) == 1 for sp in spans])
    weight = np.log1p(df_sel) * np.where(single, UNIGRAM_WEIGHT, 1.0)
    W = (W @ sparse.diags(weight)).tocsr()
    norms = np.sqrt(np.asarray(W.multiply(W).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    W = (sparse.diags(1.0 / norms) @ W).tocsr()
    W.sort_indices()
    del G
    # per paper: best scores first (ties by column), skipping a phrase inside (or around)
    # one already chosen
    where = {c: i for i, c in enumerate(codes)}
    related: list[set] = [set() for _ in codes]
    subs: list[set] = [set() for _ in codes]
    for i, span in enumerate(spans):
        for sp in span:
            words = sp.split()
            for n in range(len(words) - 1, 0, -1):
                for a in range(len(words) - n + 1):
                    j = where.get(" ".join(words[a:a + n]))
                    if j is not None and j != i:
                        subs[i].add(j)
                        related[i].add(j)
                        related[j].add(i)
    nnz_row = np.diff(W.indptr)
    rows = np.repeat(np.arange(W.shape[0]), nnz_row)
    order = np.lexsort((W.indices, -np.round(W.data, 12), rows))
    rank = np.arange(len(order)) - np.repeat(W.indptr[:-1], nnz_row)
    cut = rank < 4 * top  # enough candidates per paper
    order, rank = order[cut], rank[cut]
    r, c, v = rows[order], W.indices[order], W.data[order]
    # papers whose candidates include two related phrases need the greedy pass; the
    # others simply keep their best ``top``
    pi = [i for i, js in enumerate(related) for _ in js]
    pj = [j for js in related for j in js]
    V = len(codes)
    R = sparse.csr_matrix((np.ones(len(pi)), (pi, pj)), shape=(V, V))
    B = sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(n_docs, V))
    conflict = np.asarray((B @ R).multiply(B).sum(axis=1)).ravel() > 0
    del R, B
    take = ~conflict[r] & (rank < top)
    loop = np.flatnonzero(conflict[r])
    cur, chosen = -1, set()
    for e, re_, ce in zip(loop.tolist(), r[loop].tolist(), c[loop].tolist()):
        if re_ != cur:
            cur, chosen = re_, set()
        elif len(chosen) >= top or not related[ce].isdisjoint(chosen):
            continue
        chosen.add(ce)
        take[e] = True
    r, c, v = r[take], c[take], np.round(v[take], 4)
    pts = [PaperTopic(papers[a], topic_keys[b], x)
           for a, b, x in zip(r.tolist(), c.tolist(), v.tolist())]
    used = set(np.unique(c).tolist())
    lap("select")

    # hierarchy: a phrase's broader topic is the most widespread topic phrase inside it
    # ("recommendation system" -> "recommendation", "large language model (LLM)" ->
    # "language model"); broader topics join the scheme even when no paper has them directly
    topics = {}
    todo = sorted(used)
    while todo:
        i = todo.pop()
        if topic_keys[i] in topics:
            continue
        cands = subs[i]
        up = min(cands, key=lambda j: (-int(df_sel[j]), -len(codes[j]), codes[j])) if cands else -1
        topics[topic_keys[i]] = Topic(topic_keys[i], SCHEME, codes[i], labels[i],
                                      broader=topic_keys[up] if up >= 0 else None)
        if up >= 0:
            todo.append(up)
    topics = dict(sorted(topics.items()))
    lap("hierarchy")
    stats.update(phrases=len(topics), assignments=len(pts))
    out = {"topics": topics, "paper_topics": pts, "themes": {}, "theme_topics": [], "stats": stats}
    if themes and themes > 0:
        out.update(_themes(W, papers, labels, themes, seed))
        lap("themes")
    stats["seconds"] = timings
    return out


def _themes(W, papers, labels, n: int, seed: int) -> dict:
    """Seeded NMF over the TF-IDF matrix: ``n`` themes, each labelled by its top phrases."""
    import numpy as np
    from sklearn.decomposition import NMF

    n = min(n, W.shape[1], W.shape[0])
    if n < 1:
        return {}
    model = NMF(n_components=n, init="nndsvda", random_state=seed, max_iter=300)
    Wd = model.fit_transform(W)
    H = model.components_
    themes, pts = {}, []
    keys = []
    for t in range(n):
        top_cols = np.lexsort((np.arange(H.shape[1]), -H[t]))[:3]
        label = " / ".join(labels[c] for c in top_cols if H[t, c] > 0) or f"theme {t + 1}"
        code = f"{t + 1:02d}"
        key = K.topic_key(THEME_SCHEME, code)
        keys.append(key)
        themes[key] = Topic(key, THEME_SCHEME, code, label)
    for row, paper in enumerate(papers):
        w = Wd[row]
        s = w.sum()
        if s <= 0:
            continue
        t = int(np.argmax(w))
        pts.append(PaperTopic(paper, keys[t], round(float(w[t] / s), 4)))
    return {"themes": themes, "theme_topics": pts}


def add_phrase_topics(corpus: Corpus, *, enabled: bool = True, top: int = 5, seed: int = 0,
                      **options) -> Corpus:
    """A new corpus whose papers are also about their ``top`` key phrases.

    Phrase topics (scheme ``"phrase"``, keys ``topic-phrase-...``) and, with ``themes=N``,
    NMF themes (scheme ``"theme"``) replace any the corpus had. ``enabled=False`` removes
    them. Other options go to ``extract_phrases`` (``min_df``, ``max_ngram``,
    ``max_features``, ``text``, ``full_text_limit``, ``large_top``, ``title_weight``,
    ``themes``).

    >>> from graphkit.model import Corpus, Paper
    >>> c = Corpus(papers={k: Paper(k, t) for k, t in [("a", "Recommender systems at scale"),
    ...     ("b", "Embeddings for recommendation systems"), ("c", "Sparse embeddings"),
    ...     ("d", "A recommendation system")]})
    >>> c2 = add_phrase_topics(c, top=2)
    >>> sorted(t.label for t in c2.topics.values())
    ['embedding', 'recommendation system']
    >>> sorted((pt.paper, c2.topics[pt.topic].label) for pt in c2.paper_topics)
    [('a', 'recommendation system'), ('b', 'embedding'), ('b', 'recommendation system'), ('c', 'embedding'), ('d', 'recommendation system')]
    """
    own = {SCHEME, THEME_SCHEME}
    stale = {k for k, t in corpus.topics.items() if t.scheme in own}
    if stale:
        corpus = replace(corpus, topics={k: t for k, t in corpus.topics.items() if k not in stale},
                         paper_topics=tuple(pt for pt in corpus.paper_topics if pt.topic not in stale))
    if not enabled:
        return corpus
    res = extract_phrases(corpus, top=top, seed=seed, **options)
    if not res["topics"] and not res["themes"]:
        return corpus
    topics = dict(corpus.topics)
    topics.update(res["topics"])
    topics.update(res["themes"])
    return replace(corpus, topics=topics,
                   paper_topics=corpus.paper_topics + tuple(res["paper_topics"])
                   + tuple(res["theme_topics"]))


__all__ = ["add_phrase_topics", "extract_phrases", "phrase_forms", "merge_key", "SCHEME",
           "THEME_SCHEME"]
