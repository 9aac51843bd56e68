"""Author identity: quality against gold sets from real data, and speed at scale.

Gold sets are built from real records whose people carry identifiers; the identifiers are
hidden from the resolver, which sees only names and context (coauthors, topics, year,
institutions), and its clustering of name occurrences is scored against them:

* ``openalex-herreio``: 410 OpenAlex works of TU9 institutions (2022 schema), gold = OpenAlex
  author id. OpenAlex had split many people into several ids in that snapshot (4 ids for each
  author of the 4 versions of *The DataLad Handbook*); ``--adjudicate`` writes the ids that a
  reading of the records shows to be one person to ``openalex-herreio.adjudicated.tsv`` with
  the reason, and the gold joins them. Papers with more than 100 authors are left out (one
  2,918-author ATLAS paper would make 62% of all occurrences, each trivially right).
* ``dblp``: a genuine dblp.xml excerpt, gold = DBLP person (name + homonym number such as
  ``Xiaogang Wang 0001``); the resolver sees the name without the number.
* ``*-variants``: the same records with names rewritten the way other sources write them
  (seeded: initials, middle name dropped, accents stripped, umlauts transliterated,
  "Family, Given" vs "Given Family"), gold unchanged: tests merging variants without
  merging different people.

Scores: B-cubed precision, recall and F1 (Bagga & Baldwin 1998, averaged over occurrences)
and pairwise precision, recall and F1 (over pairs of occurrences).

Usage::

    python3 bench/identity_eval.py build           # gold files from ../shared/data/fixtures
    python3 bench/identity_eval.py eval            # scores (table; --json for JSON)
    python3 bench/identity_eval.py speed --occurrences 1000000
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit import ids as K  # noqa: E402
from graphkit.model import RawAuthor, RawInstitution, RawTopic, Record  # noqa: E402

GOLD_DIR = ROOT / "tests" / "fixtures" / "identity"
SHARED = ROOT.parent / "shared" / "data" / "fixtures"
MAX_AUTHORS = 100


# ---------------------------------------------------------------- metrics
def bcubed(pred: list, gold: list) -> dict:
    """B-cubed and pairwise precision/recall/F1 of a clustering.

    ``pred[i]`` and ``gold[i]`` are the cluster labels of occurrence ``i``.

    >>> m = bcubed(["a", "a", "b"], ["x", "x", "x"])
    >>> round(m["bcubed_precision"], 3), round(m["bcubed_recall"], 3), m["pairwise_precision"], m["pairwise_recall"]
    (1.0, 0.556, 1.0, 0.3333)
    """
    assert len(pred) == len(gold)
    n = len(pred)
    joint = Counter(zip(pred, gold))
    psize, gsize = Counter(pred), Counter(gold)
    p = sum(c * c / psize[pl] for (pl, gl), c in joint.items()) / n if n else 1.0
    r = sum(c * c / gsize[gl] for (pl, gl), c in joint.items()) / n if n else 1.0
    pairs = lambda k: k * (k - 1) // 2  # noqa: E731
    tp = sum(pairs(c) for c in joint.values())
    pp, gp = sum(pairs(c) for c in psize.values()), sum(pairs(c) for c in gsize.values())
    pw_p = tp / pp if pp else 1.0
    pw_r = tp / gp if gp else 1.0
    f = lambda a, b: 2 * a * b / (a + b) if a + b else 0.0  # noqa: E731
    return {"occurrences": n, "people_gold": len(gsize), "people_found": len(psize),
            "bcubed_precision": p, "bcubed_recall": r, "bcubed_f1": f(p, r),
            "pairwise_precision": round(pw_p, 4), "pairwise_recall": round(pw_r, 4),
            "pairwise_f1": round(f(pw_p, pw_r), 4)}


# ---------------------------------------------------------------- gold sets
def _openalex_records(path: Path) -> list[dict]:
    works = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for w in works:
        ships = w.get("authorships") or []
        if not ships or len(ships) > MAX_AUTHORS:
            continue
        authors = []
        for a in ships:
            au = a.get("author") or {}
            if not au.get("display_name") or not au.get("id"):
                continue
            authors.append({"name": au["display_name"], "gold": au["id"].rsplit("/", 1)[-1],
                            "orcid": (au.get("orcid") or "").rsplit("/", 1)[-1] or None,
                            "affiliations": [{"name": i.get("display_name"), "ror": (i.get("ror") or "").rsplit("/", 1)[-1]
                                              or None} for i in (a.get("institutions") or []) if i.get("display_name")]})
        if not authors:
            continue
        ids = {"openalex": w["id"].rsplit("/", 1)[-1]}
        if w.get("doi"):
            ids["doi"] = K.normalize_id("doi", w["doi"])
        out.append({"record": ids["openalex"], "title": w.get("title") or w.get("display_name") or "",
                    "year": w.get("publication_year"), "ids": ids,
                    "topics": sorted({c["display_name"] for c in (w.get("concepts") or []) if c.get("display_name")}),
                    "authors": authors})
    return out


def _dblp_records(path: Path) -> list[dict]:
    import re

    from lxml import etree
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=True, recover=False)
    tree = etree.parse(str(path), parser)
    out = []
    for el in tree.getroot():
        if not isinstance(el.tag, str):
            continue
        authors = []
        for a in el.findall("author") + el.findall("editor"):
            name = " ".join((a.text or "").split())
            if not name:
                continue
            shown = re.sub(r"\s+\d{4}$", "", name)
            authors.append({"name": shown, "gold": name, "orcid": a.get("orcid"), "affiliations": []})
        if not authors:
            continue
        year = el.findtext("year")
        out.append({"record": el.get("key"), "title": " ".join("".join(el.find("title").itertext()).split())
                    if el.find("title") is not None else "", "year": int(year) if year and year.isdigit() else None,
                    "ids": {"dblp": el.get("key")}, "topics": [], "authors": authors})
    return out


# Pairs of display names of different OpenAlex ids that were read (titles, coauthors, years,
# fields of all their works in the set) and judged one person or two.
VARIANT_VERDICTS = [
    ("Joaquin Garcia\u2010alfaro", "Joaquin Garcia-Alfaro", True, "computer security, data privacy"),
    ("Avraham, Seifert", "Seifert Avraham", True, "two versions of one paper, name order reversed"),
    ("Blessing, André", "Blessing, Andre", True, "digital humanities, Stuttgart"),
    ("Breitenbücher, Uwe", "Uwe Breitenbücher", True, "architecture compliance with Leymann, Zdun"),
    ("Gabriella Crotti", "Crotti, G.", True, "instrument transformer accuracy, with Luiso, Mohns, Meyer"),
    ("Patrick Eugster", "Eugster, Patrick", True, "distributed systems"),
    ("Fischer, Frank", "Frank Fischer", False, "drama metadata (digital humanities) vs scientific reasoning (education)"),
    ("Patricia B.C. Forbes", "Patricia Forbes", True, "the book Optical Spectroscopy, with Roduner and Kress"),
    ("Geiger, Jonathan", "Geiger, Jonathan D.", True, "digital humanities glossary, with Kleymann"),
    ("S.F. Gregson", "Stuart Gregson", True, "antenna range measurements book, with Parini and Eibert"),
    ("Hyunyoung Kim", "H.G. Kim", False, "human-computer interaction vs light water reactor report"),
    ("Thomas Kohler", "T. Koehler", True, "MOVING platform and multimedia workshops (one project)"),
    ("Thomas Kohler", "Thomas Köhler", True, "MOVING platform and multimedia workshops (one project)"),
    ("T. Koehler", "Thomas Köhler", True, "MOVING platform and multimedia workshops (one project)"),
    ("Masaki Kurata", "M. Kurata", True, "light water reactor report, same coauthors"),
    ("Sergei O. Kuznetsov", "Sergei Kuznetsov", True, "FCA workshops with Napoli and Rudolph"),
    ("Lasch, Rainer", "Rainer Lasch", True, "production planning with Lohmer, Schneider"),
    ("Seungyon Lee", "S.-L. Lee", False, "wearables symposium vs intravascular imaging"),
    ("Leymann, Frank", "Frank Leymann", True, "service computing, Stuttgart"),
    ("Lohmer, Jacob", "Jacob Lohmer", True, "production planning with Lasch"),
    ("Mario Luiso", "Luiso, M.", True, "instrument transformer accuracy"),
    ("Maayan, Possti", "Possti Maayan", True, "two versions of one paper, name order reversed"),
    ("J. McCormick", "John McCormick", True, "antenna range measurements book"),
    ("Jan Meyer", "Meyer, J.", True, "instrument transformer accuracy"),
    ("V. Mezaris", "Vasileios Mezaris", True, "MOVING platform, multimedia preservation"),
    ("Marie Moatti", "M. Moatti", True, "light water reactor report"),
    ("Enrico Mohns", "Mohns, E.", True, "instrument transformer accuracy"),
    ("Kemal Pasamehmetoglu", "K. Pasamehmetoglu", True, "light water reactor report"),
    ("Daniël Janse van Rensburg", "Daniel Janse van Rensburg", True, "antenna range measurements book"),
    ("A. Scherp", "Ansgar Scherp", True, "MOVING platform, multimedia workshops"),
    ("Schmitt, Robert", "Robert Schmitt", True, "production engineering, RWTH (NFDI4Ing, ramp-up)"),
    ("Schneider, Germar", "Germar Schneider", True, "semiconductor lot release with Lasch"),
    ("Seifert, Jean-Pierre", "Jean-Pierre Seifert", True, "security, TU Berlin"),
    ("Seltmann, Melanie E.-H.", "Seltmann, Melanie", True, "citizen science, digital humanities"),
    ("Shay, Monat", "Monat Shay", True, "two versions of one paper, name order reversed"),
    ("Shannon Bragg-Sitton", "S.M. Bragg-Sitton", True, "light water reactor report"),
    ("Thomas Thüm", "Thomas Thum", True, "SPLC 2019 proceedings (two records)"),
    ("Roberto Tinarelli", "Tinarelli, R.", True, "instrument transformer accuracy"),
    ("Ullah, Junaid", "Junaid Ullah", True, "two versions of one paper, name order reversed"),
    ("Zdun, Uwe", "Uwe Zdun", True, "architecture compliance with Leymann"),
    ("Helko Van den Brom", "van den Brom, H.E.", True, "instrument transformer accuracy with Crotti, Mohns"),
]


def adjudicate_openalex(recs: list[dict]) -> list[tuple[str, str, str]]:
    """Pairs of OpenAlex ids that are one person, with the reason.

    OpenAlex (2022) gave many people several ids. Every pair of ids with the same display
    name was read (titles, coauthors, years of all their works here): none was two people,
    so they are joined (reason lists one work of each). Pairs of ids with different but
    compatible display names were read too; ``VARIANT_VERDICTS`` holds the verdicts (three
    pairs are two people and stay apart). A shared ORCID also joins.
    """
    ids_of: dict[str, set] = defaultdict(set)
    works_of: dict[str, list[dict]] = defaultdict(list)
    orcid_of: dict[str, str] = {}
    for r in recs:
        for a in r["authors"]:
            ids_of[a["name"]].add(a["gold"])
            works_of[a["gold"]].append(r)
            if a.get("orcid"):
                orcid_of[a["gold"]] = a["orcid"]
    out = []
    for name, ids in sorted(ids_of.items()):
        ids = sorted(ids)
        for i, x in enumerate(ids):
            for y in ids[i + 1:]:
                if orcid_of.get(x) and orcid_of.get(y) and orcid_of[x] != orcid_of[y]:
                    continue  # two ORCIDs: two people
                why = (f"same ORCID {orcid_of[x]}" if orcid_of.get(x) and orcid_of.get(x) == orcid_of.get(y)
                       else f"same name, read: {works_of[x][0]['title'][:50]!r} ({works_of[x][0]['year']}) / "
                            f"{works_of[y][0]['title'][:50]!r} ({works_of[y][0]['year']})")
                out.append((x, y, f"{name}: {why}"))
    nfc = {unicodedata.normalize("NFC", k): v for k, v in ids_of.items()}
    for a, b, same, why in VARIANT_VERDICTS:
        if not same:
            continue
        xs, ys = nfc.get(unicodedata.normalize("NFC", a)), nfc.get(unicodedata.normalize("NFC", b))
        assert xs and ys, (a, b)
        for x in sorted(xs):
            for y in sorted(ys):
                out.append((x, y, f"{a} / {b}: read: {why}"))
    return out


def build(shared: Path, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    oa = _openalex_records(shared / "openalex" / "herreio" / "institutions-id-tu9--type-selection--py-diophila.json")
    adj = adjudicate_openalex(oa)
    with open(out_dir / "openalex-herreio.adjudicated.tsv", "w", encoding="utf-8") as fh:
        fh.write("# OpenAlex author ids joined in the gold (one person), with the evidence\nid_a\tid_b\treason\n")
        for x, y, why in adj:
            fh.write(f"{x}\t{y}\t{why}\n")
    _write_jsonl(out_dir / "openalex-herreio.gold.jsonl", oa)
    db = _dblp_records(shared / "dblp" / "dblp.xml")
    _write_jsonl(out_dir / "dblp.gold.jsonl", db)
    print(f"openalex-herreio: {len(oa)} records, {sum(len(r['authors']) for r in oa)} occurrences, "
          f"{len(adj)} adjudicated id pairs")
    print(f"dblp: {len(db)} records, {sum(len(r['authors']) for r in db)} occurrences")


def _write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")


def load_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(ln) for ln in fh if ln.strip()]


def gold_labels(recs: list[dict], adjudicated: Path | None = None) -> list[str]:
    parent: dict[str, str] = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x
    if adjudicated and adjudicated.is_file():
        for ln in adjudicated.read_text(encoding="utf-8").splitlines():
            if ln.startswith("#") or ln.startswith("id_a") or not ln.strip():
                continue
            x, y, _ = ln.split("\t", 2)
            rx, ry = find(x), find(y)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)
    return [find(a["gold"]) for r in recs for a in r["authors"]]


# ---------------------------------------------------------------- name variants (seeded)
_ALT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def vary(name: str, rng: random.Random) -> str:
    """A way another source may write ``name`` ("Family, Given" or "Given Family")."""
    if "," in name:
        family, _, given = name.partition(",")
    else:
        parts = name.split()
        family, given = parts[-1], " ".join(parts[:-1])
    family, given = family.strip(), given.strip()
    g = given.split()
    roll = rng.random()
    if g and roll < 0.35:  # initials
        given = " ".join(("-".join(p[0] + "." for p in w.split("-") if p) if w[0].isalpha() else w) for w in g)
    elif len(g) > 1 and roll < 0.55:  # middle name dropped
        given = g[0]
    elif roll < 0.7:  # accents stripped or transliterated
        f = (lambda s: s.translate(_ALT)) if rng.random() < 0.5 else _strip_accents
        given, family = f(given), f(family)
    if not given:
        return family
    return f"{given} {family}" if rng.random() < 0.5 else f"{family}, {given}"


def to_records(recs: list[dict], *, variants: bool = False, seed: int = 0, source: str = "gold"):
    rng = random.Random(seed)
    out = []
    for i, r in enumerate(recs):
        authors = []
        for pos, a in enumerate(r["authors"], start=1):
            name = vary(a["name"], rng) if variants and rng.random() < 0.5 else a["name"]
            affs = tuple(RawInstitution(x["name"], (("ror", x["ror"]),) if x.get("ror") else ())
                         for x in a.get("affiliations", []))
            authors.append(RawAuthor(name, pos, affiliations=affs))  # identifiers hidden
        out.append(Record(source=source, line=i + 1, title=r["title"], authors=tuple(authors), year=r.get("year"),
                          ids=tuple(sorted(r.get("ids", {}).items())),
                          topics=tuple(RawTopic("gold", t) for t in r.get("topics", []))))
    return out


def evaluate(recs: list[dict], *, variants=False, adjudicated=None, resolver="identity", seed=0):
    from graphkit.resolve import build_occurrences, exact_name_resolver
    records = to_records(recs, variants=variants, seed=seed)
    occ = build_occurrences(records)
    notes: list = []
    t0 = time.perf_counter()
    if resolver == "identity":
        from graphkit.identity import resolve_authors
        res = resolve_authors(occ, notes)
        keys, amb = res.keys, res.ambiguous
    else:
        keys, amb = exact_name_resolver(occ, notes), set()
    dt = time.perf_counter() - t0
    gold = gold_labels(recs, adjudicated)
    m = bcubed(keys, gold)
    m.update({"seconds": round(dt, 3), "ambiguous_people": len(set(amb)),
              "merge_notes": sum(1 for n in notes if n.kind == "merge")})
    return m, keys, gold, occ


def errors(keys, gold, occ, limit=30):
    """Wrongly merged and wrongly split name pairs (for reading)."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for o, k, g in zip(occ, keys, gold):
        by_pred[k].add((g, o.author.name))
        by_gold[g].add((k, o.author.name))
    merged = [(k, sorted(v)) for k, v in by_pred.items() if len({g for g, _ in v}) > 1]
    split = [(g, sorted(v)) for g, v in by_gold.items() if len({k for k, _ in v}) > 1]
    return merged[:limit], split[:limit]


SETS = {
    "openalex-herreio": ("openalex-herreio.gold.jsonl", "openalex-herreio.adjudicated.tsv"),
    "dblp": ("dblp.gold.jsonl", None),
}


def run_eval(gold_dir: Path, show_errors: bool = False) -> list[dict]:
    rows = []
    for name, (fname, adj) in SETS.items():
        path = gold_dir / fname
        if not path.is_file():
            continue
        recs = load_gold(path)
        adjp = gold_dir / adj if adj else None
        for variants in (False, True):
            for resolver in ("exact-names", "identity"):
                for gold_kind in (("as published", None), ("adjudicated", adjp)) if adjp else (("as published", None),):
                    m, keys, gold, occ = evaluate(recs, variants=variants, adjudicated=gold_kind[1],
                                                  resolver=resolver)
                    rows.append({"set": name + ("-variants" if variants else ""), "gold": gold_kind[0],
                                 "resolver": resolver, **m})
                    if show_errors and resolver == "identity" and gold_kind[0] != "as published" or (
                            show_errors and resolver == "identity" and not adjp):
                        merged, split = errors(keys, gold, occ)
                        print(f"== {name}{'-variants' if variants else ''}: wrongly merged", file=sys.stderr)
                        for k, v in merged:
                            print("  ", k, v, file=sys.stderr)
                        print(f"== {name}{'-variants' if variants else ''}: wrongly split", file=sys.stderr)
                        for k, v in split:
                            print("  ", k, v, file=sys.stderr)
    return rows


# ---------------------------------------------------------------- speed (synthetic)
FAMILIES = ("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Kim Lee Park "
            "Choi Nguyen Tran Singh Kumar Sharma Patel Smith Johnson Williams Brown Jones Miller Davis Garcia "
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Rossi Russo Ferrari "
            "Silva Santos Sato Suzuki Takahashi Tanaka Ivanov Petrov Dubois Martin Bernard").split()
GIVENS = ("Wei Jing Li Yang Hao Yu Lei Jun Min Xin Ying Jie Tao Bo Hui Lin Fang Xiaoming Yifan Zhiwei Minho "
          "Jisoo Anh Rahul Amit Priya James John Robert Michael David William Mary Jennifer Linda Sarah Anna "
          "Peter Thomas Andreas Jürgen Stefan Marco Giulia João Ana Hiroshi Yuki Ivan Olga Pierre Marie "
          "Élise Sophie Lukas").split()


def _syllable_name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice("bcdfghjklmnprstvwyz") + rng.choice("aeiou") + rng.choice(["", "n", "r", "l", "s"])
                   for _ in range(parts)).title()


def synthetic_records(n_occurrences: int, seed: int = 0, gold: list | None = None) -> list[Record]:
    """Records with about ``n_occurrences`` author names, made to stress resolution: a quarter
    as many people as occurrences; half the family and given names from short lists of very
    common ones (Zipf-weighted: Wang, Li, Kim, Smith, Müller, ...), half from a large made-up
    vocabulary; Pareto productivity; coauthors drawn from groups of 12; a fifth of the
    occurrences written as a variant (initial, middle initial dropped, "Family, Given")."""
    from itertools import accumulate
    rng = random.Random(seed)
    n_people = max(10, n_occurrences // 4)
    fam_cum = list(accumulate(1 / (i + 1) for i in range(len(FAMILIES))))
    giv_cum = list(accumulate(1 / (i + 1) ** 0.7 for i in range(len(GIVENS))))
    made_fam = [_syllable_name(rng, rng.randint(2, 3)) for _ in range(max(100, n_people // 3))]
    made_giv = [_syllable_name(rng, 2) for _ in range(max(100, n_people // 20))]
    people = []
    for _ in range(n_people):
        fam = rng.choices(FAMILIES, cum_weights=fam_cum)[0] if rng.random() < 0.5 else rng.choice(made_fam)
        given = rng.choices(GIVENS, cum_weights=giv_cum)[0] if rng.random() < 0.5 else rng.choice(made_giv)
        middle = rng.choice("ABCDEFGHJKLMNPRSTW") + "." if rng.random() < 0.3 else ""
        people.append((given, middle, fam))
    w_cum = list(accumulate(rng.paretovariate(1.5) for _ in people))
    records, total, line = [], 0, 0
    topics = [f"cs.{c}" for c in ("LG AI CV CL DC DS IR NE RO SE".split())]
    while total < n_occurrences:
        g0 = rng.choices(range(n_people), cum_weights=w_cum)[0] // 12 * 12
        group = range(g0, min(g0 + 12, n_people))
        size = min(len(group), max(1, int(rng.lognormvariate(1.1, 0.6))))
        team = rng.sample(group, size)
        if rng.random() < 0.2:
            team.append(rng.choices(range(n_people), cum_weights=w_cum)[0])
        team = list(dict.fromkeys(team))
        authors = []
        for pos, pi in enumerate(team, start=1):
            given, middle, fam = people[pi]
            r = rng.random()
            if r < 0.1:
                name = f"{given[0]}. {fam}"
            elif r < 0.15 and middle:
                name = f"{given} {fam}"
            elif r < 0.2:
                name = f"{fam}, {given}{' ' + middle if middle else ''}"
            else:
                name = f"{given}{' ' + middle if middle else ''} {fam}"
            authors.append(RawAuthor(name, pos))
            if gold is not None:
                gold.append(pi)
        line += 1
        records.append(Record(source="synthetic", line=line, title=f"Paper {line}", authors=tuple(authors),
                              year=1995 + (g0 // 12 + int(rng.random() * 8)) % 30,
                              topics=(RawTopic("arxiv", topics[(g0 // 12) % len(topics)]),)))
        total += len(authors)
    return records


ARXIV = ROOT.parent / "shared" / "data" / "bench" / "arxiv" / "arxiv-metadata-1989-2019.jsonl.gz"
_LATEX_ACCENTS = {"\\'": "\u0301", '\\"': "\u0308", "\\`": "\u0300", "\\^": "\u0302", "\\~": "\u0303"}


def _delatex(text: str) -> str:
    import re
    if "\\" not in text and "{" not in text:
        return text
    for k, mark in _LATEX_ACCENTS.items():
        text = re.sub(re.escape(k) + r"\{?([A-Za-z])\}?", lambda m: m.group(1) + mark, text)
    text = text.replace("{\\o}", "ø").replace("{\\ss}", "ß").replace("\\", "")
    return unicodedata.normalize("NFC", text.replace("{", "").replace("}", ""))


def arxiv_records(path: Path = ARXIV, limit: int | None = None) -> list[Record]:
    """Real arXiv metadata records (authors split from the raw string; no identifiers)."""
    import re
    split = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
    paren = re.compile(r"\s*\([^()]*\)")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, ln in enumerate(fh):
            if limit and i >= limit:
                break
            d = json.loads(ln)
            raw = paren.sub("", _delatex(" ".join(d.get("authors", "").split())))
            names = [n.strip() for n in split.split(raw) if n.strip() and n.strip().lower() not in ("et al", "et al.")]
            if not names:
                continue
            year = None
            vs = d.get("versions") or []
            if vs and vs[0].get("created"):
                year = int(vs[0]["created"].split()[3])
            cats = (d.get("categories") or "").split()
            out.append(Record(source="arxiv", line=i + 1, title=d.get("title", ""),
                              authors=tuple(RawAuthor(n, k) for k, n in enumerate(names, 1)), year=year,
                              ids=(("arxiv", d["id"]),), topics=tuple(RawTopic("arxiv", c) for c in cats)))
    return out


def speed(n: int, seed: int = 0, real: bool = False) -> dict:
    from graphkit.identity import resolve_authors
    from graphkit.resolve import build_occurrences, cluster_papers
    gold: list = []
    records = arxiv_records() if real else synthetic_records(n, seed, gold)
    clock = time.perf_counter
    cpu = time.process_time
    w0, c0 = clock(), cpu()
    groups = cluster_papers(records)
    occ = build_occurrences(records, groups)
    w1, c1 = clock(), cpu()
    notes: list = []
    res = resolve_authors(occ, notes)
    w2, c2 = clock(), cpu()
    return {"set": "arxiv-1989-2019 (real names)" if real else f"synthetic (seed {seed})",
            "occurrences": len(occ), "records": len(records), "people_found": len(set(res.keys)),
            "occurrences_wall_s": round(w1 - w0, 1), "occurrences_cpu_s": round(c1 - c0, 1),
            "resolve_authors_wall_s": round(w2 - w1, 1), "resolve_authors_cpu_s": round(c2 - c1, 1),
            "load_average": round(os.getloadavg()[0], 1), "cpus": os.cpu_count(),
            **({k: round(v, 4) if isinstance(v, float) else v for k, v in bcubed(res.keys, gold).items()
                if k.startswith(("bcubed", "pairwise"))} if gold else {}),
            "merge_notes": sum(1 for x in notes if x.kind == "merge"),
            "ambiguous_notes": sum(1 for x in notes if x.kind == "ambiguous"),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


# ---------------------------------------------------------------- CLI
def _table(rows: list[dict], cols: list[str]) -> str:
    def cell(v):
        return f"{v:.4f}" if isinstance(v, float) else str(v)
    w = {c: max(len(c), *(len(cell(r.get(c, ""))) for r in rows)) for c in cols}
    out = ["  ".join(c.ljust(w[c]) for c in cols)]
    out += ["  ".join(cell(r.get(c, "")).ljust(w[c]) for c in cols) for r in rows]
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build gold files from the shared real data")
    b.add_argument("--shared", type=Path, default=SHARED)
    b.add_argument("--out", type=Path, default=GOLD_DIR)
    e = sub.add_parser("eval", help="score the resolver against the gold files")
    e.add_argument("--gold-dir", type=Path, default=GOLD_DIR)
    e.add_argument("--json", action="store_true")
    e.add_argument("--errors", action="store_true", help="print wrongly merged/split names to stderr")
    s = sub.add_parser("speed", help="time resolution of a synthetic set")
    s.add_argument("--occurrences", type=int, default=1_000_000)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--arxiv", action="store_true", help="the real arXiv bench corpus instead (no gold)")
    args = ap.parse_args(argv)
    if args.cmd == "build":
        build(args.shared, args.out)
    elif args.cmd == "eval":
        rows = run_eval(args.gold_dir, args.errors)
        if args.json:
            print(json.dumps(rows, indent=1))
        else:
            print(_table(rows, ["set", "gold", "resolver", "occurrences", "people_gold", "people_found",
                                "bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_precision",
                                "pairwise_recall", "pairwise_f1", "ambiguous_people"]))
    else:
        print(json.dumps(speed(args.occurrences, args.seed, args.arxiv), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
